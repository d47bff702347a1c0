// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Math functions with DataFusion's result types: float math gives Float64 (Float32 stays
// Float32), abs keeps the input type, ceil/floor/abs keep decimals, round(decimal, d) rounds
// to scale d; mod keeps the common integer type. Also the bitwise operators the binder calls.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include <fmt/format.h>

#include "common/strings.h"
#include "query/function/function_util.h"
#include "types/column_builder.h"

namespace greptime::query {
namespace {

using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::int128_t;
using types::TypeId;
using types::Value;

using TypeFn = LambdaScalarFunction::TypeFn;
using InvokeFn = LambdaScalarFunction::InvokeFn;

void Register(FunctionRegistry& r, std::initializer_list<const char*> names, TypeFn type,
              InvokeFn invoke, bool deterministic = true) {
  auto fn = std::make_shared<LambdaScalarFunction>(std::move(type), std::move(invoke),
                                                   deterministic);
  for (const char* n : names) r.RegisterScalar(n, fn);
}

Status NumericArgs(std::string_view name, std::span<const ArgInfo> args) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (!IsNumericOrNull(args[i].type)) {
      return BadArgument(name, fmt::format("argument {} has type {}, expected a numeric type",
                                           i + 1, args[i].type.Name()));
    }
  }
  return Status::OK();
}

Status IntegerArgs(std::string_view name, std::span<const ArgInfo> args, size_t from = 0) {
  for (size_t i = from; i < args.size(); ++i) {
    if (!args[i].type.is_integer() && !args[i].type.is_null()) {
      return BadArgument(name, fmt::format("argument {} has type {}, expected an integer",
                                           i + 1, args[i].type.Name()));
    }
  }
  return Status::OK();
}

// Float32 in -> Float32 out, every other numeric -> Float64 (DataFusion's float signatures).
DataType FloatOut(std::span<const ArgInfo> args) {
  for (const auto& a : args) {
    if (a.type.id() != TypeId::kFloat32) return DataType::Float64();
  }
  return args.empty() ? DataType::Float64() : DataType::Float32();
}

DataType FloatOutOfColumns(std::span<const ColumnPtr> args) {
  for (const auto& a : args) {
    if (a->type().id() != TypeId::kFloat32) return DataType::Float64();
  }
  return args.empty() ? DataType::Float64() : DataType::Float32();
}

// A Float64/Float32 column of `values`; row i is NULL when any argument is NULL.
ColumnPtr FloatColumn(const DataType& out, const std::vector<double>& values,
                      std::span<const ColumnPtr> args) {
  const size_t rows = values.size();
  if (out.id() == TypeId::kFloat32) {
    types::PrimitiveColumnBuilder<float> b(out);
    b.Reserve(rows);
    for (size_t i = 0; i < rows; ++i) {
      if (AllValid(args, i)) b.Append(static_cast<float>(values[i]));
      else b.AppendNull();
    }
    return b.Finish();
  }
  types::PrimitiveColumnBuilder<double> b(DataType::Float64());
  b.Reserve(rows);
  for (size_t i = 0; i < rows; ++i) {
    if (AllValid(args, i)) b.Append(values[i]);
    else b.AppendNull();
  }
  return b.Finish();
}

template <typename F>
Result<ColumnPtr> MapFloat1(std::string_view name, std::span<const ColumnPtr> args, F f) {
  GT_ASSIGN_OR_RETURN(std::vector<double> a, ToFloat64Values(name, *args[0]));
  for (double& x : a) x = f(x);
  return FloatColumn(FloatOutOfColumns(args), a, args);
}

template <typename F>
Result<ColumnPtr> MapFloat2(std::string_view name, std::span<const ColumnPtr> args, F f) {
  GT_ASSIGN_OR_RETURN(std::vector<double> a, ToFloat64Values(name, *args[0]));
  GT_ASSIGN_OR_RETURN(std::vector<double> b, ToFloat64Values(name, *args[1]));
  for (size_t i = 0; i < a.size(); ++i) a[i] = f(a[i], b[i]);
  return FloatColumn(FloatOutOfColumns(args), a, args);
}

// --- integers -----------------------------------------------------------------------------

template <typename T>
bool CopyInts(const Column& c, std::vector<int128_t>& out) {
  const auto* p = c.As<types::PrimitiveColumn<T>>();
  if (p == nullptr) return false;
  auto v = p->values();
  for (size_t i = 0; i < v.size(); ++i) out[i] = static_cast<int128_t>(v[i]);
  return true;
}

// Integer (or Null) column values widened to 128 bits; NULL rows read as 0.
std::vector<int128_t> IntValues(const Column& c) {
  std::vector<int128_t> out(c.size(), 0);
  bool done = false;
  switch (c.type().id()) {
    case TypeId::kInt64: done = CopyInts<int64_t>(c, out); break;
    case TypeId::kInt32: done = CopyInts<int32_t>(c, out); break;
    case TypeId::kInt16: done = CopyInts<int16_t>(c, out); break;
    case TypeId::kInt8: done = CopyInts<int8_t>(c, out); break;
    case TypeId::kUInt64: done = CopyInts<uint64_t>(c, out); break;
    case TypeId::kUInt32: done = CopyInts<uint32_t>(c, out); break;
    case TypeId::kUInt16: done = CopyInts<uint16_t>(c, out); break;
    case TypeId::kUInt8: done = CopyInts<uint8_t>(c, out); break;
    default: break;
  }
  if (done) return out;
  for (size_t i = 0; i < c.size(); ++i) {
    if (c.IsNull(i)) continue;
    Value v = c.GetValue(i);
    if (v.type().id() == TypeId::kUInt64) out[i] = v.AsUInt64();
    else out[i] = v.ToInt64().value_or(0);
  }
  return out;
}

bool IntFits(const DataType& t, int128_t v) {
  switch (t.id()) {
    case TypeId::kInt8: return v >= INT8_MIN && v <= INT8_MAX;
    case TypeId::kInt16: return v >= INT16_MIN && v <= INT16_MAX;
    case TypeId::kInt32: return v >= INT32_MIN && v <= INT32_MAX;
    case TypeId::kInt64: return v >= INT64_MIN && v <= INT64_MAX;
    case TypeId::kUInt8: return v >= 0 && v <= UINT8_MAX;
    case TypeId::kUInt16: return v >= 0 && v <= UINT16_MAX;
    case TypeId::kUInt32: return v >= 0 && v <= static_cast<int128_t>(UINT32_MAX);
    case TypeId::kUInt64: return v >= 0 && v <= static_cast<int128_t>(UINT64_MAX);
    default: return false;
  }
}

template <typename T>
ColumnPtr BuildInts(const DataType& t, const std::vector<int128_t>& v,
                    const std::vector<bool>& valid) {
  types::PrimitiveColumnBuilder<T> b(t);
  b.Reserve(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (valid[i]) b.Append(static_cast<T>(v[i]));
    else b.AppendNull();
  }
  return b.Finish();
}

// Precondition: every valid value fits `t` (IntFits); non-integer `t` builds Int64.
ColumnPtr IntColumn(const DataType& t, const std::vector<int128_t>& v,
                    const std::vector<bool>& valid) {
  switch (t.id()) {
    case TypeId::kInt8: return BuildInts<int8_t>(t, v, valid);
    case TypeId::kInt16: return BuildInts<int16_t>(t, v, valid);
    case TypeId::kInt32: return BuildInts<int32_t>(t, v, valid);
    case TypeId::kUInt8: return BuildInts<uint8_t>(t, v, valid);
    case TypeId::kUInt16: return BuildInts<uint16_t>(t, v, valid);
    case TypeId::kUInt32: return BuildInts<uint32_t>(t, v, valid);
    case TypeId::kUInt64: return BuildInts<uint64_t>(t, v, valid);
    default: return BuildInts<int64_t>(DataType::Int64(), v, valid);
  }
}

std::string Int128Text(int128_t v) {
  if (v == 0) return "0";
  const bool neg = v < 0;
  unsigned __int128 u = neg ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  std::string s;
  while (u > 0) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  }
  return neg ? "-" + s : s;
}

std::vector<bool> RowValidity(std::span<const ColumnPtr> args, size_t rows) {
  std::vector<bool> valid(rows);
  for (size_t i = 0; i < rows; ++i) valid[i] = AllValid(args, i);
  return valid;
}

// --- decimals -----------------------------------------------------------------------------

int128_t Pow10(int n) {
  int128_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// floor(v / f) for f > 0.
int128_t FloorDiv128(int128_t v, int128_t f) {
  int128_t q = v / f;
  if ((v % f != 0) && (v < 0)) --q;
  return q;
}

// Rounds the unscaled `v` to a multiple of 10^digits, half away from zero; 0 when the
// multiple exceeds 38 digits.
int128_t RoundUnscaled(int128_t v, int digits) {
  if (digits <= 0) return v;
  if (digits > 38) return 0;
  const int128_t f = Pow10(digits);
  int128_t q = v / f;
  const int128_t rem = v % f;
  if (rem * 2 >= f) ++q;
  if (rem * 2 <= -f) --q;
  return q * f;
}

// ceil/floor of a decimal column keep its type (overflow when the result needs more digits).
Result<ColumnPtr> DecimalCeilFloor(std::string_view name, const ColumnPtr& col, bool ceil) {
  const DataType t = col->type();
  const int128_t f = Pow10(t.scale());
  const int128_t limit = Pow10(t.precision());
  auto b = types::MakeColumnBuilder(t, col->size());
  for (size_t i = 0; i < col->size(); ++i) {
    if (col->IsNull(i)) {
      b->AppendNull();
      continue;
    }
    const int128_t v = col->GetValue(i).AsDecimal128();
    int128_t q = FloorDiv128(v, f);
    if (ceil && q * f != v) ++q;
    const int128_t out = q * f;
    if (out >= limit || out <= -limit) {
      return Status(StatusCode::kEngineExecuteQuery,
                    fmt::format("Compute error: Decimal overflow while applying {}", name));
    }
    GT_RETURN_IF_ERROR(b->Append(Value::Decimal128(out, t.precision(), t.scale())));
  }
  return b->Finish();
}

// The type of round(decimal(p, s), d): scale d clamped to [0, s] (s when d is unknown).
DataType DecimalRoundType(const DataType& t, std::optional<int64_t> digits) {
  int scale = t.scale();
  if (digits.has_value()) scale = static_cast<int>(std::clamp<int64_t>(*digits, 0, t.scale()));
  int precision = std::min(DataType::kMaxDecimalPrecision, t.precision() - t.scale() + scale + 1);
  precision = std::max(precision, std::max(scale, 1));
  return DataType::Decimal128(precision, scale);
}

// The value every row of `c` holds, when all rows hold the same non-NULL integer (how a
// constant argument arrives).
std::optional<int64_t> UniformInt(const Column& c) {
  if (c.size() == 0 || c.IsNull(0)) return std::nullopt;
  const std::optional<int64_t> first = c.GetValue(0).ToInt64();
  if (!first) return std::nullopt;
  for (size_t i = 1; i < c.size(); ++i) {
    if (c.IsNull(i) || c.GetValue(i).ToInt64() != first) return std::nullopt;
  }
  return first;
}

Result<ColumnPtr> DecimalRound(std::span<const ColumnPtr> args, size_t rows) {
  const DataType t = args[0]->type();
  std::optional<int64_t> digits = 0;
  if (args.size() > 1) digits = UniformInt(*args[1]);
  const DataType out = DecimalRoundType(t, digits);
  auto b = types::MakeColumnBuilder(out, rows);
  for (size_t i = 0; i < rows; ++i) {
    if (!AllValid(args, i)) {
      b->AppendNull();
      continue;
    }
    const int64_t d = args.size() > 1 ? args[1]->GetValue(i).ToInt64().value_or(0) : 0;
    const int128_t v = args[0]->GetValue(i).AsDecimal128();
    // Digits to drop from the unscaled value, then rescale to the output scale.
    const int64_t drop = static_cast<int64_t>(t.scale()) - std::clamp<int64_t>(d, -1000, 1000);
    const int128_t rounded =
        drop > 0 ? RoundUnscaled(v, static_cast<int>(std::min<int64_t>(drop, 39))) : v;
    const int shift = t.scale() - out.scale();
    const int128_t scaled = shift > 0 ? rounded / Pow10(shift) : rounded * Pow10(-shift);
    if (scaled >= Pow10(out.precision()) || scaled <= -Pow10(out.precision())) {
      return Status(StatusCode::kEngineExecuteQuery,
                    "Compute error: Decimal overflow while applying round");
    }
    GT_RETURN_IF_ERROR(b->Append(Value::Decimal128(scaled, out.precision(), out.scale())));
  }
  return b->Finish();
}

double RoundDigits(double x, int64_t digits, bool round) {
  if (!std::isfinite(x)) return x;
  if (digits == 0) return round ? std::round(x) : std::trunc(x);
  if (digits > 300) return x;
  if (digits < -308) return 0.0 * x;
  const double p = std::pow(10.0, static_cast<double>(digits));
  const double y = (round ? std::round(x * p) : std::trunc(x * p)) / p;
  return std::isfinite(y) ? y : x;
}

// round / trunc: (x) or (x, digits).
void RegisterRoundLike(FunctionRegistry& r, const char* name, bool is_round) {
  const std::string n = name;
  Register(
      r, {name},
      [n, is_round](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity(n, a, 1, 2));
        GT_RETURN_IF_ERROR(NumericArgs(n, a.subspan(0, 1)));
        GT_RETURN_IF_ERROR(IntegerArgs(n, a, 1));
        if (is_round && a[0].type.is_decimal()) {
          std::optional<int64_t> d = 0;
          if (a.size() > 1) {
            const Value* c = NonNullConstant(a[1]);
            d = c != nullptr ? c->ToInt64() : std::nullopt;
          }
          return DecimalRoundType(a[0].type, d);
        }
        return a[0].type.id() == TypeId::kFloat32 ? DataType::Float32() : DataType::Float64();
      },
      [n, is_round](std::span<const ColumnPtr> args, size_t rows,
                    const FunctionContext&) -> Result<ColumnPtr> {
        if (is_round && args[0]->type().is_decimal()) return DecimalRound(args, rows);
        GT_ASSIGN_OR_RETURN(std::vector<double> x, ToFloat64Values(n, *args[0]));
        std::vector<int128_t> d = args.size() > 1 ? IntValues(*args[1]) : std::vector<int128_t>();
        for (size_t i = 0; i < rows; ++i) {
          const int64_t digits =
              d.empty() ? 0 : static_cast<int64_t>(std::clamp<int128_t>(d[i], -10000, 10000));
          x[i] = RoundDigits(x[i], digits, is_round);
        }
        const DataType out = args[0]->type().id() == TypeId::kFloat32 ? DataType::Float32()
                                                                      : DataType::Float64();
        return FloatColumn(out, x, args);
      });
}

// Unary float functions: Float32 stays Float32, everything else gives Float64.
void RegisterUnaryFloat(FunctionRegistry& r, std::initializer_list<const char*> names,
                        double (*f)(double)) {
  const std::string n = *names.begin();
  Register(
      r, names,
      [n](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity(n, a, 1, 1));
        GT_RETURN_IF_ERROR(NumericArgs(n, a));
        return FloatOut(a);
      },
      [n, f](std::span<const ColumnPtr> args, size_t, const FunctionContext&) {
        return MapFloat1(n, args, f);
      });
}

// ceil / floor: decimals keep their type, other numerics follow RegisterUnaryFloat.
void RegisterCeilFloor(FunctionRegistry& r, const char* name, bool ceil) {
  const std::string n = name;
  Register(
      r, {name},
      [n](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity(n, a, 1, 1));
        GT_RETURN_IF_ERROR(NumericArgs(n, a));
        if (a[0].type.is_decimal()) return a[0].type;
        return FloatOut(a);
      },
      [n, ceil](std::span<const ColumnPtr> args, size_t,
                const FunctionContext&) -> Result<ColumnPtr> {
        if (args[0]->type().is_decimal()) return DecimalCeilFloor(n, args[0], ceil);
        double (*f)(double) = ceil ? +[](double x) { return std::ceil(x); }
                                   : +[](double x) { return std::floor(x); };
        return MapFloat1(n, args, f);
      });
}

void RegisterAbs(FunctionRegistry& r) {
  Register(
      r, {"abs"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("abs", a, 1, 1));
        GT_RETURN_IF_ERROR(NumericArgs("abs", a));
        return a[0].type.is_null() ? DataType::Float64() : a[0].type;
      },
      [](std::span<const ColumnPtr> args, size_t rows, const FunctionContext&) -> Result<ColumnPtr> {
        const DataType t = args[0]->type();
        if (t.is_float() || t.is_null()) {
          return MapFloat1("abs", args, [](double x) { return std::fabs(x); });
        }
        if (t.is_decimal()) {
          auto b = types::MakeColumnBuilder(t, rows);
          for (size_t i = 0; i < rows; ++i) {
            if (args[0]->IsNull(i)) {
              b->AppendNull();
              continue;
            }
            const int128_t v = args[0]->GetValue(i).AsDecimal128();
            GT_RETURN_IF_ERROR(
                b->Append(Value::Decimal128(v < 0 ? -v : v, t.precision(), t.scale())));
          }
          return b->Finish();
        }
        std::vector<int128_t> v = IntValues(*args[0]);
        std::vector<bool> valid = RowValidity(args, rows);
        for (size_t i = 0; i < rows; ++i) {
          if (!valid[i]) continue;
          const int128_t a = v[i] < 0 ? -v[i] : v[i];
          if (!IntFits(t, a)) {
            return Status(StatusCode::kEngineExecuteQuery,
                          fmt::format("Arrow error: Compute error: {} overflow on abs({})",
                                      t.Name(), Int128Text(v[i])));
          }
          v[i] = a;
        }
        return IntColumn(t, v, valid);
      });
}

void RegisterMod(FunctionRegistry& r) {
  auto type = [](std::span<const ArgInfo> a) -> Result<DataType> {
    GT_RETURN_IF_ERROR(CheckArity("mod", a, 2, 2));
    GT_RETURN_IF_ERROR(NumericArgs("mod", a));
    GT_ASSIGN_OR_RETURN(DataType t, CommonNumericType(a[0].type, a[1].type));
    if (t.is_null()) return DataType::Int64();
    if (t.is_decimal()) return DataType::Float64();
    return t;
  };
  Register(r, {"mod"}, type,
           [type](std::span<const ColumnPtr> args, size_t rows,
                  const FunctionContext&) -> Result<ColumnPtr> {
             ArgInfo infos[2] = {{args[0]->type(), nullptr}, {args[1]->type(), nullptr}};
             GT_ASSIGN_OR_RETURN(DataType out, type(infos));
             if (out.is_float()) {
               return MapFloat2("mod", args, [](double x, double y) { return std::fmod(x, y); });
             }
             std::vector<int128_t> x = IntValues(*args[0]);
             const std::vector<int128_t> y = IntValues(*args[1]);
             std::vector<bool> valid = RowValidity(args, rows);
             for (size_t i = 0; i < rows; ++i) {
               if (!valid[i]) continue;
               if (y[i] == 0) return Status(StatusCode::kEngineExecuteQuery, "Divide by zero error");
               x[i] = x[i] % y[i];
             }
             return IntColumn(out, x, valid);
           });
}

int128_t Gcd128(int128_t a, int128_t b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b != 0) {
    const int128_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

void RegisterGcdLcm(FunctionRegistry& r, bool is_gcd) {
  const std::string n = is_gcd ? "gcd" : "lcm";
  Register(
      r, {is_gcd ? "gcd" : "lcm"},
      [n](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity(n, a, 2, 2));
        GT_RETURN_IF_ERROR(IntegerArgs(n, a));
        return DataType::Int64();
      },
      [n, is_gcd](std::span<const ColumnPtr> args, size_t rows,
                  const FunctionContext&) -> Result<ColumnPtr> {
        std::vector<int128_t> x = IntValues(*args[0]);
        const std::vector<int128_t> y = IntValues(*args[1]);
        std::vector<bool> valid = RowValidity(args, rows);
        for (size_t i = 0; i < rows; ++i) {
          if (!valid[i]) continue;
          const int128_t g = Gcd128(x[i], y[i]);
          int128_t v;
          if (is_gcd) {
            v = g;
          } else if (x[i] == 0 || y[i] == 0) {
            v = 0;
          } else {
            const int128_t ax = x[i] < 0 ? -x[i] : x[i], ay = y[i] < 0 ? -y[i] : y[i];
            v = ax / g;
            // Inputs fit 64 bits, so v * ay fits 128 bits.
            v *= ay;
          }
          if (v > INT64_MAX) {
            return Status(StatusCode::kEngineExecuteQuery,
                          fmt::format("Arrow error: Compute error: Signed integer overflow in "
                                      "{}({}, {})",
                                      AsciiUpper(n), Int128Text(x[i]), Int128Text(y[i])));
          }
          x[i] = v;
        }
        return IntColumn(DataType::Int64(), x, valid);
      });
}

void RegisterFactorial(FunctionRegistry& r) {
  Register(
      r, {"factorial"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("factorial", a, 1, 1));
        GT_RETURN_IF_ERROR(IntegerArgs("factorial", a));
        return DataType::Int64();
      },
      [](std::span<const ColumnPtr> args, size_t rows, const FunctionContext&) -> Result<ColumnPtr> {
        std::vector<int128_t> x = IntValues(*args[0]);
        std::vector<bool> valid = RowValidity(args, rows);
        for (size_t i = 0; i < rows; ++i) {
          if (!valid[i]) continue;
          if (x[i] > 20) {
            return Status(StatusCode::kEngineExecuteQuery,
                          fmt::format("Arrow error: Compute error: Overflow happened on "
                                      "FACTORIAL({})",
                                      Int128Text(x[i])));
          }
          int128_t f = 1;
          for (int128_t k = 2; k <= x[i]; ++k) f *= k;
          x[i] = f;
        }
        return IntColumn(DataType::Int64(), x, valid);
      });
}

// clamp(x, lo, hi), clamp_min(x, lo), clamp_max(x, hi) (GreptimeDB): the common numeric type
// of the arguments; lo > hi is an execution error.
void RegisterClamp(FunctionRegistry& r, const char* name, int kind /*0 both, 1 min, 2 max*/) {
  const std::string n = name;
  const size_t arity = kind == 0 ? 3 : 2;
  auto type = [n, arity](std::span<const ArgInfo> a) -> Result<DataType> {
    GT_RETURN_IF_ERROR(CheckArity(n, a, arity, arity));
    GT_RETURN_IF_ERROR(NumericArgs(n, a));
    DataType t = DataType::Null();
    for (const auto& x : a) {
      GT_ASSIGN_OR_RETURN(t, CommonNumericType(t, x.type));
    }
    return t.is_null() ? DataType::Int64() : t;
  };
  Register(r, {name}, type,
           [kind, type](std::span<const ColumnPtr> args, size_t rows,
                        const FunctionContext&) -> Result<ColumnPtr> {
             std::vector<ArgInfo> infos;
             for (const auto& c : args) infos.push_back({c->type(), nullptr});
             GT_ASSIGN_OR_RETURN(DataType out, type(infos));
             std::vector<ColumnPtr> cols;
             for (const auto& c : args) {
               GT_ASSIGN_OR_RETURN(ColumnPtr cc, CastColumn(c, out));
               cols.push_back(std::move(cc));
             }
             auto b = types::MakeColumnBuilder(out, rows);
             for (size_t i = 0; i < rows; ++i) {
               if (!AllValid(cols, i)) {
                 b->AppendNull();
                 continue;
               }
               Value x = cols[0]->GetValue(i);
               if (kind == 0) {
                 Value lo = cols[1]->GetValue(i), hi = cols[2]->GetValue(i);
                 if (lo.Compare(hi) > 0) {
                   return Status(StatusCode::kEngineExecuteQuery,
                                 fmt::format("Execution error: min '{}' > max '{}'",
                                             lo.ToDisplayString(), hi.ToDisplayString()));
                 }
                 if (x.Compare(lo) < 0) x = lo;
                 if (x.Compare(hi) > 0) x = hi;
               } else {
                 Value bound = cols[1]->GetValue(i);
                 if (kind == 1 ? x.Compare(bound) < 0 : x.Compare(bound) > 0) x = bound;
               }
               GT_RETURN_IF_ERROR(b->Append(x));
             }
             return b->Finish();
           });
}

void RegisterBinaryFloat(FunctionRegistry& r, std::initializer_list<const char*> names,
                         double (*f)(double, double)) {
  const std::string n = *names.begin();
  Register(
      r, names,
      [n](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity(n, a, 2, 2));
        GT_RETURN_IF_ERROR(NumericArgs(n, a));
        return FloatOut(a);
      },
      [n, f](std::span<const ColumnPtr> args, size_t, const FunctionContext&) {
        return MapFloat2(n, args, f);
      });
}

void RegisterPredicate(FunctionRegistry& r, const char* name, bool (*f)(double)) {
  const std::string n = name;
  Register(
      r, {name},
      [n](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity(n, a, 1, 1));
        GT_RETURN_IF_ERROR(NumericArgs(n, a));
        return DataType::Boolean();
      },
      [n, f](std::span<const ColumnPtr> args, size_t rows,
             const FunctionContext&) -> Result<ColumnPtr> {
        GT_ASSIGN_OR_RETURN(std::vector<double> x, ToFloat64Values(n, *args[0]));
        types::BooleanColumnBuilder b;
        b.Reserve(rows);
        for (size_t i = 0; i < rows; ++i) {
          if (args[0]->IsNull(i)) b.AppendNull();
          else b.Append(f(x[i]));
        }
        return b.Finish();
      });
}

void RegisterNullary(FunctionRegistry& r, const char* name, double (*f)(), bool deterministic) {
  const std::string n = name;
  Register(
      r, {name},
      [n](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity(n, a, 0, 0));
        return DataType::Float64();
      },
      [f](std::span<const ColumnPtr>, size_t rows, const FunctionContext&) -> Result<ColumnPtr> {
        types::PrimitiveColumnBuilder<double> b(DataType::Float64());
        b.Reserve(rows);
        for (size_t i = 0; i < rows; ++i) b.Append(f());
        return b.Finish();
      },
      deterministic);
}

double Random01() {
  thread_local std::mt19937_64 gen(std::random_device{}());
  return std::uniform_real_distribution<double>(0, 1)(gen);
}

// Bitwise operators (&, |, ^ as XOR, <<, >>) on integers; the binder calls these.
void RegisterBitOps(FunctionRegistry& r) {
  struct BitOp {
    const char* name;
    int kind;
  };
  for (BitOp op : {BitOp{"__bit_and", 0}, BitOp{"__bit_or", 1}, BitOp{"__bit_xor", 2},
                   BitOp{"__shift_left", 3}, BitOp{"__shift_right", 4}}) {
    const int kind = op.kind;
    const std::string name = op.name;
    Register(
        r, {op.name},
        [name](std::span<const ArgInfo> a) -> Result<DataType> {
          GT_RETURN_IF_ERROR(CheckArity(name, a, 2, 2));
          GT_RETURN_IF_ERROR(IntegerArgs(name, a));
          return DataType::Int64();
        },
        [kind](std::span<const ColumnPtr> args, size_t rows,
               const FunctionContext&) -> Result<ColumnPtr> {
          std::vector<int128_t> x = IntValues(*args[0]);
          const std::vector<int128_t> y = IntValues(*args[1]);
          std::vector<bool> valid = RowValidity(args, rows);
          for (size_t i = 0; i < rows; ++i) {
            const auto a = static_cast<int64_t>(x[i]);
            const int128_t b = y[i];
            switch (kind) {
              case 0: x[i] = a & static_cast<int64_t>(b); break;
              case 1: x[i] = a | static_cast<int64_t>(b); break;
              case 2: x[i] = a ^ static_cast<int64_t>(b); break;
              case 3:
                x[i] = b < 0 || b >= 64
                           ? 0
                           : static_cast<int64_t>(static_cast<uint64_t>(a) << static_cast<int>(b));
                break;
              default:
                x[i] = b < 0 || b >= 64 ? (a < 0 ? -1 : 0) : a >> static_cast<int>(b);
                break;
            }
          }
          return IntColumn(DataType::Int64(), x, valid);
        });
  }
}

}  // namespace

void RegisterMathFunctions(FunctionRegistry& r) {
  RegisterAbs(r);
  RegisterCeilFloor(r, "ceil", true);
  RegisterCeilFloor(r, "floor", false);
  RegisterRoundLike(r, "round", true);
  RegisterRoundLike(r, "trunc", false);
  RegisterUnaryFloat(r, {"sqrt"}, [](double x) { return std::sqrt(x); });
  RegisterUnaryFloat(r, {"cbrt"}, [](double x) { return std::cbrt(x); });
  RegisterUnaryFloat(r, {"exp"}, [](double x) { return std::exp(x); });
  RegisterUnaryFloat(r, {"ln"}, [](double x) { return std::log(x); });
  RegisterUnaryFloat(r, {"log2"}, [](double x) { return std::log2(x); });
  RegisterUnaryFloat(r, {"log10"}, [](double x) { return std::log10(x); });
  RegisterUnaryFloat(r, {"sin"}, [](double x) { return std::sin(x); });
  RegisterUnaryFloat(r, {"cos"}, [](double x) { return std::cos(x); });
  RegisterUnaryFloat(r, {"tan"}, [](double x) { return std::tan(x); });
  RegisterUnaryFloat(r, {"cot"}, [](double x) { return 1.0 / std::tan(x); });
  RegisterUnaryFloat(r, {"asin"}, [](double x) { return std::asin(x); });
  RegisterUnaryFloat(r, {"acos"}, [](double x) { return std::acos(x); });
  RegisterUnaryFloat(r, {"atan"}, [](double x) { return std::atan(x); });
  RegisterUnaryFloat(r, {"sinh"}, [](double x) { return std::sinh(x); });
  RegisterUnaryFloat(r, {"cosh"}, [](double x) { return std::cosh(x); });
  RegisterUnaryFloat(r, {"tanh"}, [](double x) { return std::tanh(x); });
  RegisterUnaryFloat(r, {"asinh"}, [](double x) { return std::asinh(x); });
  RegisterUnaryFloat(r, {"acosh"}, [](double x) { return std::acosh(x); });
  RegisterUnaryFloat(r, {"atanh"}, [](double x) { return std::atanh(x); });
  RegisterUnaryFloat(r, {"degrees"}, [](double x) { return x * 180.0 / M_PI; });
  RegisterUnaryFloat(r, {"radians"}, [](double x) { return x * M_PI / 180.0; });
  RegisterUnaryFloat(r, {"signum", "sign"}, [](double x) {
    if (std::isnan(x)) return x;
    return x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0);
  });
  // log(x) is log10(x); log(base, x).
  Register(
      r, {"log"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("log", a, 1, 2));
        GT_RETURN_IF_ERROR(NumericArgs("log", a));
        return FloatOut(a);
      },
      [](std::span<const ColumnPtr> args, size_t, const FunctionContext&) -> Result<ColumnPtr> {
        if (args.size() == 1) {
          return MapFloat1("log", args, [](double x) { return std::log10(x); });
        }
        return MapFloat2("log", args,
                         [](double base, double x) { return std::log(x) / std::log(base); });
      });
  // GreptimeDB gives Float64 even for pow(Int64, Int64): pow(2, 5) = 32.0.
  RegisterBinaryFloat(r, {"power", "pow"}, [](double x, double y) { return std::pow(x, y); });
  RegisterBinaryFloat(r, {"atan2"}, [](double y, double x) { return std::atan2(y, x); });
  RegisterBinaryFloat(r, {"nanvl"}, [](double x, double y) { return std::isnan(x) ? y : x; });
  RegisterNullary(r, "pi", [] { return M_PI; }, true);
  RegisterNullary(r, "random", &Random01, false);
  RegisterMod(r);
  RegisterGcdLcm(r, true);
  RegisterGcdLcm(r, false);
  RegisterFactorial(r);
  RegisterPredicate(r, "isnan", [](double x) { return std::isnan(x); });
  RegisterPredicate(r, "iszero", [](double x) { return x == 0.0; });
  RegisterClamp(r, "clamp", 0);
  RegisterClamp(r, "clamp_min", 1);
  RegisterClamp(r, "clamp_max", 2);
  RegisterBitOps(r);
}

}  // namespace greptime::query
