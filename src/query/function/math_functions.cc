// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Math functions (DataFusion result types: float math gives Float64, abs keeps the type).
#include <cmath>
#include <numeric>
#include <random>

#include "query/function/function_util.h"

namespace greptime::query {
namespace {

using types::DataType;
using types::Value;

std::function<Result<DataType>(std::span<const ArgInfo>)> FloatUnary(std::string name) {
  return [name](std::span<const ArgInfo> a) -> Result<DataType> {
    GT_RETURN_IF_ERROR(CheckArity(name, a, 1, 1));
    if (!IsNumericOrNull(a[0].type)) return BadArgument(name, "argument must be numeric");
    return DataType::Float64();
  };
}

void Unary(FunctionRegistry& r, std::initializer_list<std::string> names, double (*fn)(double)) {
  RegisterRowFunction(r, names, FloatUnary(*names.begin()),
                      [fn](std::span<const Value> v) -> Result<Value> {
                        return Value::Float64(fn(v[0].ToFloat64().value_or(0)));
                      });
}

}  // namespace

void RegisterMathFunctions(FunctionRegistry& r) {
  Unary(r, {"sqrt"}, [](double x) { return std::sqrt(x); });
  Unary(r, {"cbrt"}, [](double x) { return std::cbrt(x); });
  Unary(r, {"exp"}, [](double x) { return std::exp(x); });
  Unary(r, {"ln"}, [](double x) { return std::log(x); });
  Unary(r, {"log2"}, [](double x) { return std::log2(x); });
  Unary(r, {"log10"}, [](double x) { return std::log10(x); });
  Unary(r, {"sin"}, [](double x) { return std::sin(x); });
  Unary(r, {"cos"}, [](double x) { return std::cos(x); });
  Unary(r, {"tan"}, [](double x) { return std::tan(x); });
  Unary(r, {"asin"}, [](double x) { return std::asin(x); });
  Unary(r, {"acos"}, [](double x) { return std::acos(x); });
  Unary(r, {"atan"}, [](double x) { return std::atan(x); });
  Unary(r, {"sinh"}, [](double x) { return std::sinh(x); });
  Unary(r, {"cosh"}, [](double x) { return std::cosh(x); });
  Unary(r, {"tanh"}, [](double x) { return std::tanh(x); });
  Unary(r, {"degrees"}, [](double x) { return x * 180.0 / M_PI; });
  Unary(r, {"radians"}, [](double x) { return x * M_PI / 180.0; });
  Unary(r, {"ceil"}, [](double x) { return std::ceil(x); });
  Unary(r, {"floor"}, [](double x) { return std::floor(x); });
  Unary(r, {"trunc"}, [](double x) { return std::trunc(x); });
  Unary(r, {"signum", "sign"}, [](double x) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0); });
  RegisterRowFunction(
      r, {"abs"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("abs", a, 1, 1));
        if (!IsNumericOrNull(a[0].type)) return BadArgument("abs", "argument must be numeric");
        return a[0].type.is_null() ? DataType::Float64() : a[0].type;
      },
      [](std::span<const Value> v) -> Result<Value> {
        const Value& x = v[0];
        if (x.type().is_float()) return Value::Float64(std::fabs(*x.ToFloat64()));
        if (x.type().is_unsigned_integer()) return x;
        if (x.type().is_integer()) {
          int64_t i = *x.ToInt64();
          if (i == INT64_MIN) return Status::InvalidArguments("abs overflow");
          return Value::Int64(i < 0 ? -i : i);
        }
        return Value::Float64(std::fabs(x.ToFloat64().value_or(0)));
      });
  RegisterRowFunction(
      r, {"round"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("round", a, 1, 2));
        if (!IsNumericOrNull(a[0].type)) return BadArgument("round", "argument must be numeric");
        return DataType::Float64();
      },
      [](std::span<const Value> v) -> Result<Value> {
        double x = v[0].ToFloat64().value_or(0);
        int64_t d = v.size() > 1 ? v[1].ToInt64().value_or(0) : 0;
        double p = std::pow(10.0, static_cast<double>(d));
        return Value::Float64(std::round(x * p) / p);
      });
  RegisterRowFunction(
      r, {"log"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("log", a, 1, 2));
        return DataType::Float64();
      },
      [](std::span<const Value> v) -> Result<Value> {
        if (v.size() == 1) return Value::Float64(std::log10(v[0].ToFloat64().value_or(0)));
        return Value::Float64(std::log(v[1].ToFloat64().value_or(0)) /
                              std::log(v[0].ToFloat64().value_or(0)));
      });
  RegisterRowFunction(
      r, {"power", "pow"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("power", a, 2, 2));
        if (a[0].type.is_integer() && a[1].type.is_integer()) return DataType::Int64();
        return DataType::Float64();
      },
      [](std::span<const Value> v) -> Result<Value> {
        if (v[0].type().is_integer() && v[1].type().is_integer()) {
          return Value::Int64(static_cast<int64_t>(
              std::pow(static_cast<double>(*v[0].ToInt64()), static_cast<double>(*v[1].ToInt64()))));
        }
        return Value::Float64(std::pow(v[0].ToFloat64().value_or(0), v[1].ToFloat64().value_or(0)));
      });
  RegisterRowFunction(
      r, {"atan2"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("atan2", a, 2, 2));
        return DataType::Float64();
      },
      [](std::span<const Value> v) -> Result<Value> {
        return Value::Float64(std::atan2(v[0].ToFloat64().value_or(0), v[1].ToFloat64().value_or(0)));
      });
  RegisterRowFunction(
      r, {"pi"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("pi", a, 0, 0));
        return DataType::Float64();
      },
      [](std::span<const Value>) -> Result<Value> { return Value::Float64(M_PI); });
  RegisterRowFunction(
      r, {"random"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("random", a, 0, 0));
        return DataType::Float64();
      },
      [](std::span<const Value>) -> Result<Value> {
        thread_local std::mt19937_64 gen(std::random_device{}());
        return Value::Float64(std::uniform_real_distribution<double>(0, 1)(gen));
      },
      true, false);
  RegisterRowFunction(
      r, {"mod"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("mod", a, 2, 2));
        if (a[0].type.is_integer() && a[1].type.is_integer()) return DataType::Int64();
        return DataType::Float64();
      },
      [](std::span<const Value> v) -> Result<Value> {
        if (v[0].type().is_integer() && v[1].type().is_integer()) {
          int64_t b = *v[1].ToInt64();
          if (b == 0) return Status(StatusCode::kEngineExecuteQuery, "Divide by zero error");
          return Value::Int64(*v[0].ToInt64() % b);
        }
        return Value::Float64(std::fmod(v[0].ToFloat64().value_or(0), v[1].ToFloat64().value_or(0)));
      });
  for (bool is_gcd : {true, false}) {
    RegisterRowFunction(
        r, {is_gcd ? "gcd" : "lcm"},
        [is_gcd](std::span<const ArgInfo> a) -> Result<DataType> {
          GT_RETURN_IF_ERROR(CheckArity(is_gcd ? "gcd" : "lcm", a, 2, 2));
          return DataType::Int64();
        },
        [is_gcd](std::span<const Value> v) -> Result<Value> {
          int64_t x = v[0].ToInt64().value_or(0), y = v[1].ToInt64().value_or(0);
          return Value::Int64(is_gcd ? std::gcd(x, y) : std::lcm(x, y));
        });
  }
  // Bitwise operators (&, |, ^ as XOR, <<, >>) on integers; the binder calls these.
  struct BitOp {
    const char* name;
    int kind;
  };
  for (BitOp op : {BitOp{"__bit_and", 0}, BitOp{"__bit_or", 1}, BitOp{"__bit_xor", 2},
                   BitOp{"__shift_left", 3}, BitOp{"__shift_right", 4}}) {
    const int kind = op.kind;
    const std::string name = op.name;
    RegisterRowFunction(
        r, {name},
        [name](std::span<const ArgInfo> a) -> Result<DataType> {
          GT_RETURN_IF_ERROR(CheckArity(name, a, 2, 2));
          for (const auto& x : a) {
            if (!x.type.is_integer() && !x.type.is_null()) {
              return BadArgument(name, "bitwise operators need integer operands");
            }
          }
          return DataType::Int64();
        },
        [kind](std::span<const Value> v) -> Result<Value> {
          int64_t x = v[0].ToInt64().value_or(0), y = v[1].ToInt64().value_or(0);
          switch (kind) {
            case 0: return Value::Int64(x & y);
            case 1: return Value::Int64(x | y);
            case 2: return Value::Int64(x ^ y);
            case 3: return Value::Int64(y < 0 || y >= 64 ? 0 : static_cast<int64_t>(static_cast<uint64_t>(x) << y));
            default: return Value::Int64(y < 0 || y >= 64 ? (x < 0 ? -1 : 0) : x >> y);
          }
        });
  }
  RegisterRowFunction(
      r, {"isnan"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("isnan", a, 1, 1));
        return DataType::Boolean();
      },
      [](std::span<const Value> v) -> Result<Value> {
        return Value::Boolean(std::isnan(v[0].ToFloat64().value_or(0)));
      });
  RegisterRowFunction(
      r, {"iszero"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("iszero", a, 1, 1));
        return DataType::Boolean();
      },
      [](std::span<const Value> v) -> Result<Value> {
        return Value::Boolean(v[0].ToFloat64().value_or(1) == 0);
      });
  RegisterRowFunction(
      r, {"clamp"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("clamp", a, 3, 3));
        return a[0].type.is_integer() ? DataType::Int64() : DataType::Float64();
      },
      [](std::span<const Value> v) -> Result<Value> {
        double x = v[0].ToFloat64().value_or(0), lo = v[1].ToFloat64().value_or(0),
               hi = v[2].ToFloat64().value_or(0);
        if (lo > hi) return Status::InvalidArguments("clamp: min must not be greater than max");
        double c = std::min(std::max(x, lo), hi);
        if (v[0].type().is_integer()) return Value::Int64(static_cast<int64_t>(c));
        return Value::Float64(c);
      });
}

}  // namespace greptime::query
