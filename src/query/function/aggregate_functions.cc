// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Built-in aggregate functions (count, sum, avg, min/max, first/last_value, statistics,
// percentiles, approx_distinct, bit/bool aggregates, string_agg, array_agg).
//
// Every accumulator keeps its per-group state in vectors indexed by group id. Numeric inputs are
// read through NumReader, which hands out a raw typed buffer per batch (borrowing Int64/Float64
// buffers, converting narrower types once per batch), so the per-row loops never build Values.
// DISTINCT wraps any accumulator and forwards only the first occurrence of each (group, value).
// Result types and semantics follow DataFusion as GreptimeDB exposes it (sum of Int64 wraps on
// overflow, avg of integers is Float64, median of integers truncates, ...). Finish never
// consumes the state (running window aggregates call it repeatedly).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <unordered_set>

#include <fmt/format.h>

#include "query/function/function.h"
#include "types/column_builder.h"
#include "types/column_ops.h"

namespace greptime::query {
namespace {

using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::int128_t;
using types::TypeId;
using types::Value;

// ---------------------------------------------------------------------------------------------
// Errors (DataFusion's planning messages, as GreptimeDB prints them)
// ---------------------------------------------------------------------------------------------

std::string ArrowName(const DataType& t) {
  switch (t.id()) {
    case TypeId::kNull: return "Null";
    case TypeId::kString: return "Utf8";
    case TypeId::kBinary:
    case TypeId::kJson:
    case TypeId::kVector: return "Binary";
    case TypeId::kDate: return "Date32";
    case TypeId::kIntervalMonthDayNano: return "Interval(MonthDayNano)";
    case TypeId::kDecimal128: return fmt::format("Decimal128({}, {})", t.precision(), t.scale());
    case TypeId::kTimestamp: {
      static const char* kUnits[] = {"s", "ms", "µs", "ns"};
      return fmt::format("Timestamp({})", kUnits[static_cast<int>(t.time_unit())]);
    }
    default: return t.Name();
  }
}

std::string ArgTypes(std::span<const ArgInfo> args) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + ArrowName(args[i].type);
  return out;
}

Status PlanError(std::string_view message) {
  return Status(StatusCode::kPlanQuery,
                fmt::format("Failed to plan SQL: Error during planning: {}", message));
}

std::string NoMatch(std::string_view name, std::span<const ArgInfo> args) {
  return fmt::format(
      "No function matches the given name and argument types '{}({})'. You might need to add "
      "explicit type casts.",
      name, ArgTypes(args));
}

Status CheckArity(std::string_view name, std::span<const ArgInfo> args, size_t lo, size_t hi,
                  std::string_view candidate = "") {
  if (args.size() >= lo && args.size() <= hi) return Status::OK();
  std::string expected = lo == hi ? std::to_string(lo) : fmt::format("{} to {}", lo, hi);
  std::string msg = fmt::format("The function '{}' expected {} arguments but received {} {}", name,
                                expected, args.size(), NoMatch(name, args));
  if (!candidate.empty()) msg += fmt::format("\n\tCandidate functions:\n\t{}", candidate);
  return PlanError(msg);
}

Status BadType(std::string_view name, std::span<const ArgInfo> args, std::string_view detail) {
  return PlanError(fmt::format("Function '{}' {} {}", name, detail, NoMatch(name, args)));
}

// sum/avg list every signature they tried, exactly as DataFusion does.
Status SignatureError(std::string_view name, std::span<const ArgInfo> args) {
  struct Sig {
    std::string_view cls;
    std::string_view candidate;
  };
  static const Sig kSum[] = {
      {"TypeSignatureClass::Decimal", "sum(Coercion(TypeSignatureClass::Decimal))"},
      {"TypeSignatureClass::Native(LogicalType(Native(UInt64), UInt64))",
       "sum(Coercion(TypeSignatureClass::Native(LogicalType(Native(UInt64), UInt64)), "
       "implicit_coercion=ImplicitCoercion([Native(LogicalType(Native(UInt8), UInt8)), "
       "Native(LogicalType(Native(UInt16), UInt16)), Native(LogicalType(Native(UInt32), "
       "UInt32))], default_type=UInt64))"},
      {"TypeSignatureClass::Native(LogicalType(Native(Int64), Int64))",
       "sum(Coercion(TypeSignatureClass::Native(LogicalType(Native(Int64), Int64)), "
       "implicit_coercion=ImplicitCoercion([Native(LogicalType(Native(Int8), Int8)), "
       "Native(LogicalType(Native(Int16), Int16)), Native(LogicalType(Native(Int32), Int32))], "
       "default_type=Int64))"},
      {"TypeSignatureClass::Native(LogicalType(Native(Float64), Float64))",
       "sum(Coercion(TypeSignatureClass::Native(LogicalType(Native(Float64), Float64)), "
       "implicit_coercion=ImplicitCoercion([Float], default_type=Float64))"},
      {"TypeSignatureClass::Duration", "sum(Coercion(TypeSignatureClass::Duration))"},
  };
  static const Sig kAvg[] = {
      {"TypeSignatureClass::Decimal", "avg(Coercion(TypeSignatureClass::Decimal))"},
      {"TypeSignatureClass::Duration", "avg(Coercion(TypeSignatureClass::Duration))"},
      {"TypeSignatureClass::Native(LogicalType(Native(Float64), Float64))",
       "avg(Coercion(TypeSignatureClass::Native(LogicalType(Native(Float64), Float64)), "
       "implicit_coercion=ImplicitCoercion([Integer, Float], default_type=Float64))"},
  };
  std::span<const Sig> sigs =
      name == "sum" ? std::span<const Sig>(kSum) : std::span<const Sig>(kAvg);
  std::string errors, candidates;
  for (size_t i = 0; i < sigs.size(); ++i) {
    if (i) errors += ",";
    if (args.size() != 1) {
      errors += fmt::format(
          "Error during planning: Function '{}' expects 1 arguments but received {}", name,
          args.size());
    } else {
      std::string t = ArrowName(args[0].type);
      errors += fmt::format(
          "Error during planning: Function '{}' requires {}, but received {} (DataType: {}).",
          name, sigs[i].cls, t, t);
    }
    candidates += fmt::format("\n\t{}", sigs[i].candidate);
  }
  return PlanError(fmt::format(
      "Execution error: Function '{}' failed to match any signature, errors: {} {}\n\tCandidate "
      "functions:{}",
      name, errors, NoMatch(name, args), candidates));
}

bool IsNumericOrNull(const DataType& t) { return t.is_numeric() || t.is_null(); }

Status NeedNumeric(std::string_view name, std::span<const ArgInfo> args, size_t i) {
  if (IsNumericOrNull(args[i].type)) return Status::OK();
  return BadType(name, args,
                 fmt::format("does not support arguments of type {}", ArrowName(args[i].type)));
}

// ---------------------------------------------------------------------------------------------
// Column readers and per-group value storage
// ---------------------------------------------------------------------------------------------

inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// A numeric column as a buffer of `Out` for one batch: borrows the column's buffer when it
// already holds `Out`, converts once per batch otherwise. Decimals read as floating point are
// divided by 10^scale; read as integers they stay unscaled. Reused across batches.
template <typename Out>
class NumReader {
 public:
  Status Load(const Column& c) {
    n_ = c.size();
    validity_ = c.null_count() == 0 ? nullptr : &c.validity();
    switch (c.type().id()) {
      case TypeId::kInt8: return From<int8_t>(c);
      case TypeId::kInt16: return From<int16_t>(c);
      case TypeId::kInt32:
      case TypeId::kDate: return From<int32_t>(c);
      case TypeId::kInt64:
      case TypeId::kTimestamp: return From<int64_t>(c);
      case TypeId::kUInt8: return From<uint8_t>(c);
      case TypeId::kUInt16: return From<uint16_t>(c);
      case TypeId::kUInt32: return From<uint32_t>(c);
      case TypeId::kUInt64: return From<uint64_t>(c);
      case TypeId::kFloat32: return From<float>(c);
      case TypeId::kFloat64: return From<double>(c);
      case TypeId::kDecimal128: return FromDecimal(c);
      case TypeId::kBoolean: {
        owned_.assign(n_, Out{});
        if (const auto* b = c.As<types::BooleanColumn>()) {
          for (size_t i = 0; i < n_; ++i) owned_[i] = static_cast<Out>(b->at(i) ? 1 : 0);
        }
        data_ = owned_.data();
        return Status::OK();
      }
      case TypeId::kNull:
        owned_.assign(n_, Out{});
        data_ = owned_.data();
        validity_ = &c.validity();
        return Status::OK();
      default:
        return Status(StatusCode::kEngineExecuteQuery,
                      fmt::format("Execution error: aggregate argument of type {} is not numeric",
                                  c.type().Name()));
    }
  }
  bool all_valid() const { return validity_ == nullptr; }
  bool valid(size_t i) const { return validity_ == nullptr || validity_->IsValid(i); }
  Out operator[](size_t i) const { return data_[i]; }

 private:
  template <typename T>
  Status From(const Column& c) {
    const auto* p = c.As<types::PrimitiveColumn<T>>();
    if (p == nullptr) return FromValues(c);
    if constexpr (std::is_same_v<T, Out>) {
      data_ = p->values().data();
    } else {
      auto v = p->values();
      owned_.resize(v.size());
      for (size_t i = 0; i < v.size(); ++i) owned_[i] = static_cast<Out>(v[i]);
      data_ = owned_.data();
    }
    return Status::OK();
  }
  Status FromDecimal(const Column& c) {
    const auto* p = c.As<types::DecimalColumn>();
    if (p == nullptr) return FromValues(c);
    auto v = p->values();
    owned_.resize(v.size());
    if constexpr (std::is_floating_point_v<Out>) {
      const double scale = std::pow(10.0, c.type().scale());
      for (size_t i = 0; i < v.size(); ++i) {
        owned_[i] = static_cast<Out>(static_cast<double>(v[i]) / scale);
      }
    } else {
      for (size_t i = 0; i < v.size(); ++i) owned_[i] = static_cast<Out>(v[i]);
    }
    data_ = owned_.data();
    return Status::OK();
  }
  // Rare: a column whose class does not match its type.
  Status FromValues(const Column& c) {
    owned_.assign(n_, Out{});
    for (size_t i = 0; i < n_; ++i) {
      if (c.IsNull(i)) continue;
      Value v = c.GetValue(i);
      if constexpr (std::is_floating_point_v<Out>) {
        owned_[i] = static_cast<Out>(v.ToFloat64().value_or(0));
      } else if (v.type().is_decimal()) {
        owned_[i] = static_cast<Out>(v.AsDecimal128());
      } else if (v.type().id() == TypeId::kUInt64) {
        owned_[i] = static_cast<Out>(v.AsUInt64());
      } else {
        owned_[i] = static_cast<Out>(v.ToInt64().value_or(0));
      }
    }
    data_ = owned_.data();
    return Status::OK();
  }

  const Out* data_ = nullptr;
  std::vector<Out> owned_;
  const types::Validity* validity_ = nullptr;
  size_t n_ = 0;
};

// Total order of floats as Arrow's min/max kernels: NaN above everything.
template <typename T>
inline bool Greater(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a)) return !std::isnan(b);
    if (std::isnan(b)) return false;
  }
  return a > b;
}

// One value per group of any type (NULL allowed), copied from a bound column. first/last_value
// keep their values and ordering keys here, generic min/max too. Int64/Timestamp, Float64 and
// strings are stored raw; other types as Values.
class ValueSlots {
 public:
  // A Null `type` adopts the type of the first non-NULL column bound (ordering keys, whose
  // types the accumulator factory does not see).
  explicit ValueSlots(DataType type) { Retype(type); }

  void Resize(size_t n) {
    if (state_.size() >= n) return;
    state_.resize(n, 0);
    ResizeValues(n);
  }
  // The column the following Set/Compare calls read (valid until the next Bind).
  void Bind(const Column& c) {
    if (type_.is_null() && !c.type().is_null() && !any_value_) {
      Retype(c.type());
      ResizeValues(state_.size());
    }
    col_ = &c;
    ci64_ = c.As<types::Int64Column>();
    cf64_ = c.As<types::Float64Column>();
    cstr_ = c.As<types::StringColumn>();
  }
  bool is_set(uint32_t g) const { return state_[g] != 0; }
  void Set(uint32_t g, size_t row) {
    if (col_->IsNull(row)) {
      state_[g] = 1;
      return;
    }
    state_[g] = 2;
    any_value_ = true;
    switch (kind_) {
      case kI64: i64_[g] = ci64_ ? ci64_->at(row) : col_->GetValue(row).ToInt64().value_or(0); break;
      case kF64: f64_[g] = cf64_ ? cf64_->at(row) : col_->GetValue(row).ToFloat64().value_or(0); break;
      case kStr: {
        bytes_ -= str_[g].capacity();
        if (cstr_) str_[g].assign(cstr_->at(row));
        else str_[g] = col_->GetValue(row).ToString();
        bytes_ += str_[g].capacity();
        break;
      }
      case kGeneric: gen_[g] = col_->GetValue(row); break;
    }
  }
  // Row `row` of the bound column against the value of group g (which is set): <0, 0, >0.
  // NULL sorts above every value.
  int Compare(uint32_t g, size_t row) const {
    const bool rn = col_->IsNull(row), gn = state_[g] == 1;
    if (rn || gn) return rn == gn ? 0 : (rn ? 1 : -1);
    switch (kind_) {
      case kI64: {
        int64_t v = ci64_ ? ci64_->at(row) : col_->GetValue(row).ToInt64().value_or(0);
        return v < i64_[g] ? -1 : (v > i64_[g] ? 1 : 0);
      }
      case kF64: {
        double v = cf64_ ? cf64_->at(row) : col_->GetValue(row).ToFloat64().value_or(0);
        return Greater(v, f64_[g]) ? 1 : (Greater(f64_[g], v) ? -1 : 0);
      }
      case kStr: {
        int c = cstr_ ? cstr_->at(row).compare(str_[g])
                      : col_->GetValue(row).ToString().compare(str_[g]);
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
      }
      case kGeneric: return col_->GetValue(row).Compare(gen_[g]);
    }
    return 0;
  }
  Result<ColumnPtr> Finish(size_t n) {
    Resize(n);
    switch (kind_) {
      case kI64: return FinishPrimitive(i64_, n);
      case kF64: return FinishPrimitive(f64_, n);
      case kStr: {
        types::StringColumnBuilder b(type_);
        b.Reserve(n);
        for (size_t g = 0; g < n; ++g) {
          if (state_[g] == 2) {
            GT_RETURN_IF_ERROR(b.Append(std::string_view(str_[g])));
          } else {
            b.AppendNull();
          }
        }
        return b.Finish();
      }
      case kGeneric: {
        auto b = types::MakeColumnBuilder(type_, n);
        for (size_t g = 0; g < n; ++g) {
          Value v = state_[g] == 2 ? gen_[g] : Value();
          if (!v.is_null() && !(v.type() == type_)) {
            GT_ASSIGN_OR_RETURN(v, v.CastTo(type_));
          }
          GT_RETURN_IF_ERROR(b->Append(v));
        }
        return b->Finish();
      }
    }
    return Status::Internal("unreachable");
  }
  size_t MemoryBytes() const {
    return state_.capacity() + i64_.capacity() * 8 + f64_.capacity() * 8 +
           str_.capacity() * sizeof(std::string) + bytes_ + gen_.capacity() * (sizeof(Value) + 16);
  }

 private:
  enum Kind { kI64, kF64, kStr, kGeneric };

  void Retype(DataType type) {
    type_ = type;
    kind_ = kGeneric;
    if (type.id() == TypeId::kInt64 || type.is_timestamp()) {
      kind_ = kI64;
    } else if (type.id() == TypeId::kFloat64) {
      kind_ = kF64;
    } else if (type.is_string_like()) {
      kind_ = kStr;
    }
  }
  void ResizeValues(size_t n) {
    switch (kind_) {
      case kI64: i64_.resize(n); break;
      case kF64: f64_.resize(n); break;
      case kStr: str_.resize(n); break;
      case kGeneric: gen_.resize(n); break;
    }
  }
  template <typename T>
  ColumnPtr FinishPrimitive(const std::vector<T>& values, size_t n) const {
    types::PrimitiveColumnBuilder<T> b(type_);
    b.Reserve(n);
    for (size_t g = 0; g < n; ++g) {
      if (state_[g] == 2) b.Append(values[g]);
      else b.AppendNull();
    }
    return b.Finish();
  }

  DataType type_;
  Kind kind_ = kGeneric;
  bool any_value_ = false;
  std::vector<uint8_t> state_;  // 0 unset, 1 NULL, 2 value
  std::vector<int64_t> i64_;
  std::vector<double> f64_;
  std::vector<std::string> str_;
  std::vector<Value> gen_;
  size_t bytes_ = 0;  // heap bytes of str_
  const Column* col_ = nullptr;
  const types::Int64Column* ci64_ = nullptr;
  const types::Float64Column* cf64_ = nullptr;
  const types::StringColumn* cstr_ = nullptr;
};

// A column of `type` with the values get(g) for g < n (cast to `type` when they differ).
template <typename Get>
Result<ColumnPtr> BuildColumn(const DataType& type, size_t n, Get get) {
  auto b = types::MakeColumnBuilder(type, n);
  for (size_t g = 0; g < n; ++g) {
    GT_ASSIGN_OR_RETURN(Value v, get(g));
    if (!v.is_null() && !(v.type() == type)) {
      GT_ASSIGN_OR_RETURN(v, v.CastTo(type));
    }
    GT_RETURN_IF_ERROR(b->Append(v));
  }
  return b->Finish();
}

template <typename T>
void Grow(std::vector<T>& v, size_t n, T fill = T{}) {
  if (v.size() < n) v.resize(n, fill);
}

// ---------------------------------------------------------------------------------------------
// count, sum, avg
// ---------------------------------------------------------------------------------------------

// count(*) (no args) counts rows; count(x, ...) rows where every argument is non-NULL.
class CountAccumulator final : public GroupsAccumulator {
 public:
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total_groups) override {
    Grow(counts_, total_groups);
    bool all_valid = true;
    for (const auto& c : args) all_valid = all_valid && c->null_count() == 0;
    if (all_valid) {
      for (uint32_t g : ids) ++counts_[g];
      return Status::OK();
    }
    for (size_t i = 0; i < ids.size(); ++i) {
      bool valid = true;
      for (const auto& c : args) valid = valid && c->IsValid(i);
      counts_[ids[i]] += valid ? 1 : 0;
    }
    return Status::OK();
  }
  Result<ColumnPtr> Finish(size_t total_groups) override {
    Grow(counts_, total_groups);
    types::PrimitiveColumnBuilder<int64_t> b(DataType::Int64());
    b.Reserve(total_groups);
    for (size_t g = 0; g < total_groups; ++g) b.Append(counts_[g]);
    return b.Finish();
  }
  size_t MemoryBytes() const override { return counts_.capacity() * sizeof(int64_t); }

 private:
  std::vector<int64_t> counts_;
};

// sum over the physical accumulator type Acc: int64 and uint64 wrap on overflow as DataFusion
// does; double; int128 for decimals, where passing the result precision is an error.
template <typename Acc>
class SumAccumulator final : public GroupsAccumulator {
 public:
  explicit SumAccumulator(DataType out) : out_(out) {}
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total_groups) override {
    Grow(sums_, total_groups);
    Grow(seen_, total_groups);
    GT_RETURN_IF_ERROR(reader_.Load(*args[0]));
    if (reader_.all_valid()) {
      for (size_t i = 0; i < ids.size(); ++i) Add(ids[i], reader_[i]);
    } else {
      for (size_t i = 0; i < ids.size(); ++i) {
        if (reader_.valid(i)) Add(ids[i], reader_[i]);
      }
    }
    return Status::OK();
  }
  Result<ColumnPtr> Finish(size_t total_groups) override {
    Grow(sums_, total_groups);
    Grow(seen_, total_groups);
    types::PrimitiveColumnBuilder<Acc> b(out_);
    b.Reserve(total_groups);
    for (size_t g = 0; g < total_groups; ++g) {
      if (!seen_[g]) {
        b.AppendNull();
        continue;
      }
      if constexpr (std::is_same_v<Acc, int128_t>) {
        if ((seen_[g] & 2) != 0 || !types::DecimalFitsPrecision(sums_[g], out_.precision())) {
          return Status(StatusCode::kEngineExecuteQuery,
                        fmt::format("Arithmetic overflow: sum does not fit {}", out_.Name()));
        }
      }
      b.Append(sums_[g]);
    }
    return b.Finish();
  }
  size_t MemoryBytes() const override { return sums_.capacity() * sizeof(Acc) + seen_.capacity(); }

 private:
  void Add(uint32_t g, Acc v) {
    if constexpr (std::is_same_v<Acc, int64_t>) {
      sums_[g] = static_cast<int64_t>(static_cast<uint64_t>(sums_[g]) + static_cast<uint64_t>(v));
    } else if constexpr (std::is_same_v<Acc, int128_t>) {
      if (__builtin_add_overflow(sums_[g], v, &sums_[g])) seen_[g] = 2;
    } else {
      sums_[g] += v;
    }
    seen_[g] |= 1;
  }

  DataType out_;
  std::vector<Acc> sums_;
  std::vector<uint8_t> seen_;  // 0 no value, 1 values, 2|1 int128 overflow
  NumReader<Acc> reader_;
};

// avg: Float64 over a double sum; decimals keep an exact int128 sum and divide at the end into
// Decimal(p+4, s+4), truncating, as DataFusion.
template <typename Acc>
class AvgAccumulator final : public GroupsAccumulator {
 public:
  AvgAccumulator(DataType in, DataType out) : in_(in), out_(out) {}
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total_groups) override {
    Grow(sums_, total_groups);
    Grow(counts_, total_groups);
    GT_RETURN_IF_ERROR(reader_.Load(*args[0]));
    if (reader_.all_valid()) {
      for (size_t i = 0; i < ids.size(); ++i) Add(ids[i], reader_[i]);
    } else {
      for (size_t i = 0; i < ids.size(); ++i) {
        if (reader_.valid(i)) Add(ids[i], reader_[i]);
      }
    }
    return Status::OK();
  }
  Result<ColumnPtr> Finish(size_t total_groups) override {
    Grow(sums_, total_groups);
    Grow(counts_, total_groups);
    types::PrimitiveColumnBuilder<Acc> b(out_);
    b.Reserve(total_groups);
    for (size_t g = 0; g < total_groups; ++g) {
      if (counts_[g] == 0) {
        b.AppendNull();
        continue;
      }
      if constexpr (std::is_same_v<Acc, double>) {
        b.Append(sums_[g] / static_cast<double>(counts_[g]));
      } else {
        int128_t scaled;
        if (overflow_ ||
            __builtin_mul_overflow(sums_[g], types::Pow10I128(out_.scale() - in_.scale()),
                                   &scaled)) {
          return Status(StatusCode::kEngineExecuteQuery, "Arithmetic overflow in avg");
        }
        b.Append(scaled / counts_[g]);
      }
    }
    return b.Finish();
  }
  size_t MemoryBytes() const override {
    return sums_.capacity() * sizeof(Acc) + counts_.capacity() * sizeof(int64_t);
  }

 private:
  void Add(uint32_t g, Acc v) {
    if constexpr (std::is_same_v<Acc, int128_t>) {
      if (__builtin_add_overflow(sums_[g], v, &sums_[g])) overflow_ = true;
    } else {
      sums_[g] += v;
    }
    ++counts_[g];
  }

  DataType in_, out_;
  std::vector<Acc> sums_;
  std::vector<int64_t> counts_;
  NumReader<Acc> reader_;
  bool overflow_ = false;  // decimal sums only
};

// ---------------------------------------------------------------------------------------------
// min / max
// ---------------------------------------------------------------------------------------------

// Over a primitive physical type (integers, floats, dates, timestamps, decimals).
template <typename T, bool kMax>
class PrimitiveMinMax final : public GroupsAccumulator {
 public:
  explicit PrimitiveMinMax(DataType type) : type_(type) {}
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total_groups) override {
    Grow(best_, total_groups);
    Grow(has_, total_groups);
    const Column& c = *args[0];
    const auto* p = c.As<types::PrimitiveColumn<T>>();
    if (p == nullptr) {
      if (c.null_count() == c.size()) return Status::OK();
      return Status::Internal("{}: unexpected column of type {}", kMax ? "max" : "min",
                              c.type().Name());
    }
    auto v = p->values();
    const bool dense = c.null_count() == 0;
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!dense && c.IsNull(i)) continue;
      const uint32_t g = ids[i];
      if (!has_[g] || (kMax ? Greater(v[i], best_[g]) : Greater(best_[g], v[i]))) {
        best_[g] = v[i];
        has_[g] = 1;
      }
    }
    return Status::OK();
  }
  Result<ColumnPtr> Finish(size_t total_groups) override {
    Grow(best_, total_groups);
    Grow(has_, total_groups);
    types::PrimitiveColumnBuilder<T> b(type_);
    b.Reserve(total_groups);
    for (size_t g = 0; g < total_groups; ++g) {
      if (has_[g]) b.Append(best_[g]);
      else b.AppendNull();
    }
    return b.Finish();
  }
  size_t MemoryBytes() const override { return best_.capacity() * sizeof(T) + has_.capacity(); }

 private:
  DataType type_;
  std::vector<T> best_;
  std::vector<uint8_t> has_;
};

// Strings, booleans, intervals and anything else Value can compare.
template <bool kMax>
class GenericMinMax final : public GroupsAccumulator {
 public:
  explicit GenericMinMax(DataType type) : slots_(type) {}
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total_groups) override {
    slots_.Resize(total_groups);
    const Column& c = *args[0];
    slots_.Bind(c);
    for (size_t i = 0; i < ids.size(); ++i) {
      if (c.IsNull(i)) continue;
      const uint32_t g = ids[i];
      if (!slots_.is_set(g) || (kMax ? slots_.Compare(g, i) > 0 : slots_.Compare(g, i) < 0)) {
        slots_.Set(g, i);
      }
    }
    return Status::OK();
  }
  Result<ColumnPtr> Finish(size_t total_groups) override { return slots_.Finish(total_groups); }
  size_t MemoryBytes() const override { return slots_.MemoryBytes(); }

 private:
  ValueSlots slots_;
};

template <bool kMax>
std::unique_ptr<GroupsAccumulator> MakeMinMax(const DataType& t) {
  switch (t.id()) {
    case TypeId::kInt8: return std::make_unique<PrimitiveMinMax<int8_t, kMax>>(t);
    case TypeId::kInt16: return std::make_unique<PrimitiveMinMax<int16_t, kMax>>(t);
    case TypeId::kInt32:
    case TypeId::kDate: return std::make_unique<PrimitiveMinMax<int32_t, kMax>>(t);
    case TypeId::kInt64:
    case TypeId::kTimestamp: return std::make_unique<PrimitiveMinMax<int64_t, kMax>>(t);
    case TypeId::kUInt8: return std::make_unique<PrimitiveMinMax<uint8_t, kMax>>(t);
    case TypeId::kUInt16: return std::make_unique<PrimitiveMinMax<uint16_t, kMax>>(t);
    case TypeId::kUInt32: return std::make_unique<PrimitiveMinMax<uint32_t, kMax>>(t);
    case TypeId::kUInt64: return std::make_unique<PrimitiveMinMax<uint64_t, kMax>>(t);
    case TypeId::kFloat32: return std::make_unique<PrimitiveMinMax<float, kMax>>(t);
    case TypeId::kFloat64: return std::make_unique<PrimitiveMinMax<double, kMax>>(t);
    case TypeId::kDecimal128: return std::make_unique<PrimitiveMinMax<int128_t, kMax>>(t);
    default: return std::make_unique<GenericMinMax<kMax>>(t);
  }
}

// ---------------------------------------------------------------------------------------------
// first_value / last_value
// ---------------------------------------------------------------------------------------------

// Without ordering: the first (last) row of the group in input order, NULLs included. With
// ordering keys (trailing args): the row with the smallest (largest) key; NULL keys sort last
// ascending and first descending; ties keep the earlier row for first_value and the later one
// for last_value.
class FirstLastAccumulator final : public GroupsAccumulator {
 public:
  FirstLastAccumulator(DataType type, bool last, std::vector<bool> ascending)
      : value_(type), last_(last), ascending_(std::move(ascending)) {
    for (size_t k = 0; k < ascending_.size(); ++k) keys_.emplace_back(DataType::Null());
  }
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total_groups) override {
    if (args.size() != 1 + keys_.size()) {
      return Status::Internal("first/last_value: expected {} columns, got {}", 1 + keys_.size(),
                              args.size());
    }
    value_.Resize(total_groups);
    value_.Bind(*args[0]);
    for (size_t k = 0; k < keys_.size(); ++k) {
      keys_[k].Resize(total_groups);
      keys_[k].Bind(*args[1 + k]);
    }
    if (keys_.empty() && !last_) {
      for (size_t i = 0; i < ids.size(); ++i) {
        if (!value_.is_set(ids[i])) value_.Set(ids[i], i);
      }
      return Status::OK();
    }
    for (size_t i = 0; i < ids.size(); ++i) {
      const uint32_t g = ids[i];
      if (value_.is_set(g) && !Better(g, i)) continue;
      value_.Set(g, i);
      for (auto& k : keys_) k.Set(g, i);
    }
    return Status::OK();
  }
  Result<ColumnPtr> Finish(size_t total_groups) override { return value_.Finish(total_groups); }
  size_t MemoryBytes() const override {
    size_t bytes = value_.MemoryBytes();
    for (const auto& k : keys_) bytes += k.MemoryBytes();
    return bytes;
  }

 private:
  bool Better(uint32_t g, size_t row) const {
    for (size_t k = 0; k < keys_.size(); ++k) {
      int c = keys_[k].Compare(g, row);
      if (!ascending_[k]) c = -c;
      if (c != 0) return last_ ? c > 0 : c < 0;
    }
    return last_;  // ties (and no ordering): last_value takes the later row
  }

  ValueSlots value_;
  bool last_;
  std::vector<bool> ascending_;
  std::vector<ValueSlots> keys_;
};

// ---------------------------------------------------------------------------------------------
// Statistics: variance / stddev (Welford), covariance, correlation
// ---------------------------------------------------------------------------------------------

class MomentAccumulator final : public GroupsAccumulator {
 public:
  MomentAccumulator(bool sample, bool stddev) : sample_(sample), stddev_(stddev) {}
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total_groups) override {
    Grow(s_, total_groups);
    GT_RETURN_IF_ERROR(x_.Load(*args[0]));
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!x_.valid(i)) continue;
      State& s = s_[ids[i]];
      const double x = x_[i];
      const double delta = x - s.mean;
      s.mean += delta / static_cast<double>(++s.n);
      s.m2 += delta * (x - s.mean);
    }
    return Status::OK();
  }
  Result<ColumnPtr> Finish(size_t total_groups) override {
    Grow(s_, total_groups);
    types::PrimitiveColumnBuilder<double> b(DataType::Float64());
    b.Reserve(total_groups);
    for (size_t g = 0; g < total_groups; ++g) {
      const int64_t denom = sample_ ? s_[g].n - 1 : s_[g].n;
      if (denom <= 0) {
        b.AppendNull();
        continue;
      }
      const double var = s_[g].m2 / static_cast<double>(denom);
      b.Append(stddev_ ? std::sqrt(var) : var);
    }
    return b.Finish();
  }
  size_t MemoryBytes() const override { return s_.capacity() * sizeof(State); }

 private:
  struct State {
    int64_t n = 0;
    double mean = 0, m2 = 0;
  };
  bool sample_, stddev_;
  std::vector<State> s_;
  NumReader<double> x_;
};

enum class PairKind { kCovarSamp, kCovarPop, kCorr };

// covar_samp / covar_pop / corr over rows where both arguments are non-NULL, with Welford
// co-moments as DataFusion; corr divides the covariance by each stddev in turn. DataFusion's
// grouped corr sums raw moments instead: with several groups its rounding is reproduced.
class PairAccumulator final : public GroupsAccumulator {
 public:
  explicit PairAccumulator(PairKind kind) : kind_(kind) {}
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total_groups) override {
    Grow(s_, total_groups);
    GT_RETURN_IF_ERROR(x_.Load(*args[0]));
    GT_RETURN_IF_ERROR(y_.Load(*args[1]));
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!x_.valid(i) || !y_.valid(i)) continue;
      State& s = s_[ids[i]];
      const double x = x_[i], y = y_[i];
      const double n = static_cast<double>(++s.n);
      const double dx = x - s.mx;
      s.mx += dx / n;
      const double dy = y - s.my;
      s.my += dy / n;
      s.c += dx * (y - s.my);
      s.m2x += dx * (x - s.mx);
      s.m2y += dy * (y - s.my);
      s.sx += x;
      s.sy += y;
      s.sxy += x * y;
      s.sxx += x * x;
      s.syy += y * y;
    }
    return Status::OK();
  }
  Result<ColumnPtr> Finish(size_t total_groups) override {
    Grow(s_, total_groups);
    types::PrimitiveColumnBuilder<double> b(DataType::Float64());
    b.Reserve(total_groups);
    for (size_t g = 0; g < total_groups; ++g) {
      std::optional<double> v = Evaluate(s_[g], total_groups > 1);
      if (v) b.Append(*v);
      else b.AppendNull();
    }
    return b.Finish();
  }
  size_t MemoryBytes() const override { return s_.capacity() * sizeof(State); }

 private:
  struct State {
    int64_t n = 0;
    double mx = 0, my = 0, c = 0, m2x = 0, m2y = 0;
    double sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
  };
  std::optional<double> Evaluate(const State& s, bool grouped) const {
    const double n = static_cast<double>(s.n);
    switch (kind_) {
      case PairKind::kCovarSamp:
        if (s.n < 2) return std::nullopt;
        return s.c / (n - 1);
      case PairKind::kCovarPop:
        if (s.n < 1) return std::nullopt;
        return s.c / n;
      case PairKind::kCorr: {
        if (s.n < 2) return std::nullopt;
        if (grouped) {
          const double mx = s.sx / n, my = s.sy / n;
          const double vx = s.sxx / n - mx * mx, vy = s.syy / n - my * my;
          if (!(vx > 0) || !(vy > 0)) return std::nullopt;
          return (s.sxy / n - mx * my) / (std::sqrt(vx) * std::sqrt(vy));
        }
        const double sdx = std::sqrt(s.m2x / n), sdy = std::sqrt(s.m2y / n);
        if (sdx == 0 || sdy == 0) return std::nullopt;
        return s.c / n / sdx / sdy;
      }
    }
    return std::nullopt;
  }

  PairKind kind_;
  std::vector<State> s_;
  NumReader<double> x_, y_;
};

// ---------------------------------------------------------------------------------------------
// median (exact) and percentiles
// ---------------------------------------------------------------------------------------------

// Exact median in the input's physical type: the mean of the two middle values for an even
// count, truncated for integers (DataFusion).
template <typename T>
class MedianAccumulator final : public GroupsAccumulator {
 public:
  explicit MedianAccumulator(DataType out) : out_(out) {}
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total_groups) override {
    Grow(values_, total_groups);
    GT_RETURN_IF_ERROR(x_.Load(*args[0]));
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!x_.valid(i)) continue;
      values_[ids[i]].push_back(x_[i]);
      ++count_;
    }
    return Status::OK();
  }
  Result<ColumnPtr> Finish(size_t total_groups) override {
    Grow(values_, total_groups);
    auto less = [](T a, T b) { return Greater(b, a); };
    return BuildColumn(out_, total_groups, [&](size_t g) -> Result<Value> {
      std::vector<T>& v = values_[g];
      if (v.empty()) return Value();
      const size_t mid = v.size() / 2;
      std::nth_element(v.begin(), v.begin() + mid, v.end(), less);
      const T hi = v[mid];
      T med = hi;
      if (v.size() % 2 == 0) {
        const T lo = *std::max_element(v.begin(), v.begin() + mid, less);
        if constexpr (std::is_floating_point_v<T>) {
          med = (lo + hi) / 2;
        } else {
          med = static_cast<T>((static_cast<int128_t>(lo) + static_cast<int128_t>(hi)) / 2);
        }
      }
      return ToValue(med);
    });
  }
  size_t MemoryBytes() const override {
    return values_.capacity() * sizeof(std::vector<T>) + count_ * sizeof(T);
  }

 private:
  Value ToValue(T v) const {
    if constexpr (std::is_same_v<T, double>) {
      return Value::Float64(v);
    } else if constexpr (std::is_same_v<T, uint64_t>) {
      return Value::UInt64(v);
    } else if constexpr (std::is_same_v<T, int128_t>) {
      return Value::Decimal128(v, out_.precision(), out_.scale());
    } else {
      return Value::Int64(v);
    }
  }

  DataType out_;
  std::vector<std::vector<T>> values_;
  NumReader<T> x_;
  size_t count_ = 0;
};

using Centroids = std::vector<std::pair<double, double>>;  // (value, weight), sorted by value

// The estimate of DataFusion's t-digest while it still holds every value (with its weight) as
// a centroid: interpolates inside the centroid holding the rank, clamped to its neighbours.
double DigestQuantile(const Centroids& c, double total, double q) {
  if (q <= 0) return c.front().first;
  if (q >= 1) return c.back().first;
  const double rank = q * total;
  size_t pos;
  double t;
  if (q > 0.5) {
    pos = 0;
    t = total;
    for (size_t k = c.size(); k-- > 0;) {
      t -= c[k].second;
      if (rank >= t) {
        pos = k;
        break;
      }
    }
  } else {
    pos = c.size() - 1;
    t = 0;
    for (size_t k = 0; k < c.size(); ++k) {
      if (rank < t + c[k].second) {
        pos = k;
        break;
      }
      t += c[k].second;
    }
  }
  double delta = 0, lo = c.front().first, hi = c.back().first;
  if (c.size() > 1) {
    if (pos == 0) {
      delta = c[1].first - c[0].first;
      hi = c[1].first;
    } else if (pos == c.size() - 1) {
      delta = c[pos].first - c[pos - 1].first;
      lo = c[pos - 1].first;
    } else {
      delta = (c[pos + 1].first - c[pos - 1].first) / 2;
      lo = c[pos - 1].first;
      hi = c[pos + 1].first;
    }
  }
  const double v = c[pos].first + ((rank - t) / c[pos].second - 0.5) * delta;
  return std::clamp(v, lo, hi);
}

// Exact percentile, linear interpolation between the closest ranks (percentile_cont).
double LinearQuantile(const Centroids& c, double q) {
  const double rank = q * static_cast<double>(c.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(rank));
  const size_t hi = std::min(lo + 1, c.size() - 1);
  return c[lo].first + (c[hi].first - c[lo].first) * (rank - static_cast<double>(lo));
}

enum class QuantileMethod { kDigest, kLinear };

// approx_percentile_cont(x, p), approx_percentile_cont_with_weight(x, w, p), approx_median,
// percentile_cont. Values are kept per group; integer results truncate toward zero
// (saturating), as Rust's `as`.
class PercentileAccumulator final : public GroupsAccumulator {
 public:
  PercentileAccumulator(DataType out, double q, bool weighted, QuantileMethod method)
      : out_(out), q_(q), weighted_(weighted), method_(method) {}
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total_groups) override {
    Grow(values_, total_groups);
    GT_RETURN_IF_ERROR(x_.Load(*args[0]));
    if (weighted_) GT_RETURN_IF_ERROR(w_.Load(*args[1]));
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!x_.valid(i) || std::isnan(x_[i])) continue;
      double w = 1;
      if (weighted_) {
        if (!w_.valid(i) || !(w_[i] > 0)) continue;
        w = w_[i];
      }
      values_[ids[i]].emplace_back(x_[i], w);
      ++count_;
    }
    return Status::OK();
  }
  Result<ColumnPtr> Finish(size_t total_groups) override {
    Grow(values_, total_groups);
    return BuildColumn(out_, total_groups, [&](size_t g) -> Result<Value> {
      Centroids& c = values_[g];
      if (c.empty()) return Value();
      std::stable_sort(c.begin(), c.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      double total = 0;
      for (const auto& e : c) total += e.second;
      const double r = method_ == QuantileMethod::kDigest ? DigestQuantile(c, total, q_)
                                                          : LinearQuantile(c, q_);
      if (out_.is_unsigned_integer()) {
        const double m = 18446744073709551615.0;
        return Value::UInt64(r <= 0 ? 0 : (r >= m ? UINT64_MAX : static_cast<uint64_t>(r)));
      }
      if (out_.is_integer()) {
        const double m = 9223372036854775807.0;
        return Value::Int64(r <= -m ? INT64_MIN : (r >= m ? INT64_MAX : static_cast<int64_t>(r)));
      }
      return Value::Float64(r);
    });
  }
  size_t MemoryBytes() const override {
    return values_.capacity() * sizeof(Centroids) + count_ * sizeof(Centroids::value_type);
  }

 private:
  DataType out_;
  double q_;
  bool weighted_;
  QuantileMethod method_;
  std::vector<Centroids> values_;
  NumReader<double> x_, w_;
  size_t count_ = 0;
};

// ---------------------------------------------------------------------------------------------
// approx_distinct, bit_*, bool_*
// ---------------------------------------------------------------------------------------------

// 64-bit hash of a non-NULL row. -0.0 and 0.0 agree, as do all NaNs.
class RowHasher {
 public:
  void Bind(const Column& c) {
    col_ = &c;
    i64_ = c.As<types::Int64Column>();
    f64_ = c.As<types::Float64Column>();
    str_ = c.As<types::StringColumn>();
  }
  uint64_t Hash(size_t i) const {
    if (i64_) return Mix64(static_cast<uint64_t>(i64_->at(i)));
    if (f64_) {
      double d = f64_->at(i);
      if (d == 0) d = 0;
      if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof(bits));
      return Mix64(bits);
    }
    if (str_) return Mix64(std::hash<std::string_view>()(str_->at(i)));
    return Mix64(col_->GetValue(i).Hash());
  }

 private:
  const Column* col_ = nullptr;
  const types::Int64Column* i64_ = nullptr;
  const types::Float64Column* f64_ = nullptr;
  const types::StringColumn* str_ = nullptr;
};

// Counts distinct 64-bit value hashes per group (one hash set for all groups): exact up to
// hash collisions, where DataFusion uses HyperLogLog.
class ApproxDistinctAccumulator final : public GroupsAccumulator {
 public:
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total_groups) override {
    Grow(counts_, total_groups);
    const Column& c = *args[0];
    hasher_.Bind(c);
    for (size_t i = 0; i < ids.size(); ++i) {
      if (c.IsNull(i)) continue;
      const uint64_t key = Mix64(hasher_.Hash(i) + 0x9E3779B97F4A7C15ULL * (ids[i] + 1ULL));
      if (seen_.insert(key).second) ++counts_[ids[i]];
    }
    return Status::OK();
  }
  Result<ColumnPtr> Finish(size_t total_groups) override {
    Grow(counts_, total_groups);
    types::PrimitiveColumnBuilder<uint64_t> b(DataType::UInt64());
    b.Reserve(total_groups);
    for (size_t g = 0; g < total_groups; ++g) b.Append(counts_[g]);
    return b.Finish();
  }
  size_t MemoryBytes() const override {
    return counts_.capacity() * 8 + seen_.size() * 32 + seen_.bucket_count() * 8;
  }

 private:
  std::vector<uint64_t> counts_;
  std::unordered_set<uint64_t> seen_;
  RowHasher hasher_;
};

enum class BitOp { kAnd, kOr, kXor };

class BitAccumulator final : public GroupsAccumulator {
 public:
  BitAccumulator(DataType out, BitOp op) : out_(out), op_(op) {}
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total_groups) override {
    Grow(acc_, total_groups);
    Grow(has_, total_groups);
    GT_RETURN_IF_ERROR(x_.Load(*args[0]));
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!x_.valid(i)) continue;
      const uint32_t g = ids[i];
      const uint64_t v = x_[i];
      if (!has_[g]) {
        acc_[g] = v;
        has_[g] = 1;
      } else if (op_ == BitOp::kAnd) {
        acc_[g] &= v;
      } else if (op_ == BitOp::kOr) {
        acc_[g] |= v;
      } else {
        acc_[g] ^= v;
      }
    }
    return Status::OK();
  }
  Result<ColumnPtr> Finish(size_t total_groups) override {
    Grow(acc_, total_groups);
    Grow(has_, total_groups);
    return BuildColumn(out_, total_groups, [&](size_t g) -> Result<Value> {
      if (!has_[g]) return Value();
      // Inputs are sign-extended, so the result stays in range of the input type.
      if (out_.is_unsigned_integer()) return Value::UInt64(acc_[g]);
      return Value::Int64(static_cast<int64_t>(acc_[g]));
    });
  }
  size_t MemoryBytes() const override { return acc_.capacity() * 8 + has_.capacity(); }

 private:
  DataType out_;
  BitOp op_;
  std::vector<uint64_t> acc_;
  std::vector<uint8_t> has_;
  NumReader<uint64_t> x_;
};

class BoolAccumulator final : public GroupsAccumulator {
 public:
  explicit BoolAccumulator(bool is_and) : is_and_(is_and) {}
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total_groups) override {
    Grow(state_, total_groups);
    const Column& c = *args[0];
    const auto* b = c.As<types::BooleanColumn>();
    if (b == nullptr) return Status::OK();  // NULL-typed argument: every row NULL
    for (size_t i = 0; i < ids.size(); ++i) {
      if (c.IsNull(i)) continue;
      uint8_t& s = state_[ids[i]];  // 0 no value, 1 false, 2 true
      const bool v = b->at(i);
      if (s == 0) s = v ? 2 : 1;
      else if (is_and_ && !v) s = 1;
      else if (!is_and_ && v) s = 2;
    }
    return Status::OK();
  }
  Result<ColumnPtr> Finish(size_t total_groups) override {
    Grow(state_, total_groups);
    types::BooleanColumnBuilder b;
    b.Reserve(total_groups);
    for (size_t g = 0; g < total_groups; ++g) {
      if (state_[g] == 0) b.AppendNull();
      else b.Append(state_[g] == 2);
    }
    return b.Finish();
  }
  size_t MemoryBytes() const override { return state_.capacity(); }

 private:
  bool is_and_;
  std::vector<uint8_t> state_;
};

// ---------------------------------------------------------------------------------------------
// string_agg / array_agg
// ---------------------------------------------------------------------------------------------

// Collects (ordering keys, value text) per group and renders them at the end: string_agg joins
// the non-NULL values with the separator; array_agg renders the list as GreptimeDB prints a
// list, "[a, b, ]" (NULL elements empty), since there is no list type here.
class CollectAccumulator final : public GroupsAccumulator {
 public:
  CollectAccumulator(bool array, std::string separator, std::vector<bool> ascending)
      : array_(array), sep_(std::move(separator)), ascending_(std::move(ascending)) {}
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total_groups) override {
    Grow(groups_, total_groups);
    if (args.size() < 1 + ascending_.size()) {
      return Status::Internal("string_agg/array_agg: too few argument columns");
    }
    const size_t first_key = args.size() - ascending_.size();
    const Column& c = *args[0];
    const auto* s = c.As<types::StringColumn>();
    for (size_t i = 0; i < ids.size(); ++i) {
      const bool null = c.IsNull(i);
      if (!array_ && null) continue;
      Entry e;
      if (!null) e.text = s ? std::string(s->at(i)) : c.GetValue(i).ToString();
      for (size_t k = first_key; k < args.size(); ++k) e.keys.push_back(args[k]->GetValue(i));
      bytes_ += sizeof(Entry) + e.text.capacity() + e.keys.size() * (sizeof(Value) + 16);
      groups_[ids[i]].push_back(std::move(e));
    }
    return Status::OK();
  }
  Result<ColumnPtr> Finish(size_t total_groups) override {
    Grow(groups_, total_groups);
    types::StringColumnBuilder b;
    b.Reserve(total_groups);
    for (size_t g = 0; g < total_groups; ++g) {
      auto& entries = groups_[g];
      if (entries.empty()) {
        b.AppendNull();
        continue;
      }
      if (!ascending_.empty()) {
        std::stable_sort(entries.begin(), entries.end(),
                         [&](const Entry& x, const Entry& y) { return KeyLess(x, y); });
      }
      std::string out = array_ ? "[" : "";
      for (size_t i = 0; i < entries.size(); ++i) {
        if (i) out += array_ ? ", " : sep_;
        out += entries[i].text;
      }
      if (array_) out += "]";
      GT_RETURN_IF_ERROR(b.Append(std::string_view(out)));
    }
    return b.Finish();
  }
  size_t MemoryBytes() const override {
    return groups_.capacity() * sizeof(std::vector<Entry>) + bytes_;
  }

 private:
  struct Entry {
    std::vector<Value> keys;
    std::string text;
  };
  bool KeyLess(const Entry& x, const Entry& y) const {
    for (size_t k = 0; k < ascending_.size(); ++k) {
      const Value& a = x.keys[k];
      const Value& b = y.keys[k];
      // NULLs last ascending, first descending: NULL is the largest key.
      int cmp = a.is_null() || b.is_null()
                    ? (a.is_null() == b.is_null() ? 0 : (a.is_null() ? 1 : -1))
                    : a.Compare(b);
      if (!ascending_[k]) cmp = -cmp;
      if (cmp != 0) return cmp < 0;
    }
    return false;
  }

  bool array_;
  std::string sep_;
  std::vector<bool> ascending_;
  std::vector<std::vector<Entry>> groups_;
  size_t bytes_ = 0;
};

// ---------------------------------------------------------------------------------------------
// DISTINCT
// ---------------------------------------------------------------------------------------------

// Forwards to `inner` only the first row of each distinct (group, key values), the key columns
// being the non-constant value arguments (never the ordering columns). Rows with a NULL key are
// dropped, except for array_agg, which keeps one NULL per group.
class DistinctAccumulator final : public GroupsAccumulator {
 public:
  DistinctAccumulator(std::unique_ptr<GroupsAccumulator> inner, std::vector<size_t> key_args,
                      bool keep_nulls)
      : inner_(std::move(inner)), key_args_(std::move(key_args)), keep_nulls_(keep_nulls) {}
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total_groups) override {
    keep_.clear();
    kept_ids_.clear();
    std::string key;
    for (size_t i = 0; i < ids.size(); ++i) {
      key.assign(reinterpret_cast<const char*>(&ids[i]), sizeof(uint32_t));
      bool any_null = false;
      for (size_t k : key_args_) {
        if (k >= args.size()) continue;
        const Column& c = *args[k];
        if (c.IsNull(i)) {
          any_null = true;
          key.push_back('\0');
          continue;
        }
        key.push_back('\1');
        EncodeValue(c, i, key);
      }
      if (any_null && !keep_nulls_) continue;
      if (seen_.insert(key).second) {
        keep_.push_back(static_cast<uint32_t>(i));
        kept_ids_.push_back(ids[i]);
        bytes_ += key.capacity() + 48;
      }
    }
    if (keep_.size() == ids.size()) return inner_->Update(args, ids, total_groups);
    std::vector<ColumnPtr> taken;
    taken.reserve(args.size());
    for (const auto& c : args) {
      GT_ASSIGN_OR_RETURN(ColumnPtr t, types::TakeColumn(*c, keep_));
      taken.push_back(std::move(t));
    }
    return inner_->Update(taken, kept_ids_, total_groups);
  }
  Result<ColumnPtr> Finish(size_t total_groups) override { return inner_->Finish(total_groups); }
  size_t MemoryBytes() const override { return inner_->MemoryBytes() + bytes_; }

 private:
  static void EncodeValue(const Column& c, size_t i, std::string& out) {
    if (const auto* n = c.As<types::Int64Column>()) {
      int64_t v = n->at(i);
      out.append(reinterpret_cast<const char*>(&v), sizeof(v));
    } else if (const auto* s = c.As<types::StringColumn>()) {
      std::string_view v = s->at(i);
      uint32_t len = static_cast<uint32_t>(v.size());
      out.append(reinterpret_cast<const char*>(&len), sizeof(len));
      out.append(v);
    } else if (c.type().is_float()) {
      double d = c.GetValue(i).ToFloat64().value_or(0);
      if (d == 0) d = 0;  // -0.0 equals 0.0
      if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
      out.append(reinterpret_cast<const char*>(&d), sizeof(d));
    } else {
      std::string text = c.GetValue(i).ToString();
      uint32_t len = static_cast<uint32_t>(text.size());
      out.append(reinterpret_cast<const char*>(&len), sizeof(len));
      out.append(text);
    }
  }

  std::unique_ptr<GroupsAccumulator> inner_;
  std::vector<size_t> key_args_;
  bool keep_nulls_;
  std::unordered_set<std::string> seen_;
  std::vector<uint32_t> keep_, kept_ids_;
  size_t bytes_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------------

using AccPtr = std::unique_ptr<GroupsAccumulator>;
using TypeRule = std::function<Result<DataType>(std::span<const ArgInfo>)>;
using AccFactory =
    std::function<Result<AccPtr>(std::span<const ArgInfo>, const AggregateOptions&)>;

class BuiltinAggregate final : public AggregateFunction {
 public:
  BuiltinAggregate(TypeRule type, AccFactory factory, bool distinct_keeps_nulls)
      : type_(std::move(type)), factory_(std::move(factory)),
        distinct_keeps_nulls_(distinct_keeps_nulls) {}
  Result<DataType> ReturnType(std::span<const ArgInfo> args) const override { return type_(args); }
  Result<AccPtr> MakeAccumulator(std::span<const ArgInfo> args,
                                 const AggregateOptions& options) const override {
    GT_RETURN_IF_ERROR(type_(args).status());
    GT_ASSIGN_OR_RETURN(AccPtr acc, factory_(args, options));
    if (!options.distinct || args.empty()) return acc;
    std::vector<size_t> keys;
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i].constant == nullptr && !args[i].type.is_null()) keys.push_back(i);
    }
    if (keys.empty()) keys.push_back(0);
    return AccPtr(std::make_unique<DistinctAccumulator>(std::move(acc), std::move(keys),
                                                        distinct_keeps_nulls_));
  }

 private:
  TypeRule type_;
  AccFactory factory_;
  bool distinct_keeps_nulls_;
};

void Register(FunctionRegistry& r, std::initializer_list<const char*> names, TypeRule type,
              AccFactory factory, bool distinct_keeps_nulls = false) {
  auto fn = std::make_shared<BuiltinAggregate>(std::move(type), std::move(factory),
                                               distinct_keeps_nulls);
  for (const char* n : names) r.RegisterAggregate(n, fn);
}

template <typename T, typename... A>
Result<AccPtr> Make(A&&... a) {
  return AccPtr(std::make_unique<T>(std::forward<A>(a)...));
}

Result<DataType> SumType(std::span<const ArgInfo> args) {
  if (args.size() != 1 || !IsNumericOrNull(args[0].type)) return SignatureError("sum", args);
  const DataType& t = args[0].type;
  if (t.is_unsigned_integer()) return DataType::UInt64();
  if (t.is_float()) return DataType::Float64();
  if (t.is_decimal()) return DataType::Decimal128(std::min(38, t.precision() + 10), t.scale());
  return DataType::Int64();
}

Result<DataType> AvgType(std::span<const ArgInfo> args) {
  if (args.size() != 1 || !IsNumericOrNull(args[0].type)) return SignatureError("avg", args);
  const DataType& t = args[0].type;
  if (t.is_decimal()) {
    return DataType::Decimal128(std::min(38, t.precision() + 4), std::min(38, t.scale() + 4));
  }
  return DataType::Float64();
}

void RegisterBasics(FunctionRegistry& r) {
  Register(
      r, {"count"}, [](std::span<const ArgInfo>) -> Result<DataType> { return DataType::Int64(); },
      [](std::span<const ArgInfo>, const AggregateOptions&) { return Make<CountAccumulator>(); });
  Register(r, {"sum"}, SumType,
           [](std::span<const ArgInfo> args, const AggregateOptions&) -> Result<AccPtr> {
             GT_ASSIGN_OR_RETURN(DataType out, SumType(args));
             if (out.is_decimal()) return Make<SumAccumulator<int128_t>>(out);
             if (out.is_float()) return Make<SumAccumulator<double>>(out);
             if (out.is_unsigned_integer()) return Make<SumAccumulator<uint64_t>>(out);
             return Make<SumAccumulator<int64_t>>(out);
           });
  Register(r, {"avg", "mean"}, AvgType,
           [](std::span<const ArgInfo> args, const AggregateOptions&) -> Result<AccPtr> {
             GT_ASSIGN_OR_RETURN(DataType out, AvgType(args));
             if (args[0].type.is_null()) {
               return Status(StatusCode::kEngineExecuteQuery,
                             "Execution error: AvgAccumulator for (Null --> Float64)");
             }
             if (out.is_decimal()) return Make<AvgAccumulator<int128_t>>(args[0].type, out);
             return Make<AvgAccumulator<double>>(args[0].type, out);
           });
  for (bool is_max : {false, true}) {
    const char* name = is_max ? "max" : "min";
    Register(
        r, {name},
        [name](std::span<const ArgInfo> args) -> Result<DataType> {
          GT_RETURN_IF_ERROR(CheckArity(name, args, 1, 1));
          if (args[0].type.is_vector()) {
            return BadType(name, args, "does not support arguments of type Vector");
          }
          return args[0].type;
        },
        [is_max](std::span<const ArgInfo> args, const AggregateOptions&) -> Result<AccPtr> {
          return is_max ? MakeMinMax<true>(args[0].type) : MakeMinMax<false>(args[0].type);
        });
  }
  for (bool last : {false, true}) {
    const char* name = last ? "last_value" : "first_value";
    Register(
        r, {name},
        [name](std::span<const ArgInfo> args) -> Result<DataType> {
          GT_RETURN_IF_ERROR(CheckArity(name, args, 1, 1, fmt::format("{}(Any)", name)));
          return args[0].type;
        },
        [last](std::span<const ArgInfo> args, const AggregateOptions& options) {
          return Make<FirstLastAccumulator>(args[0].type, last, options.order_ascending);
        });
  }
}

TypeRule NumericToFloat64(const char* name, size_t arity) {
  return [name, arity](std::span<const ArgInfo> args) -> Result<DataType> {
    GT_RETURN_IF_ERROR(CheckArity(name, args, arity, arity));
    for (size_t i = 0; i < args.size(); ++i) GT_RETURN_IF_ERROR(NeedNumeric(name, args, i));
    return DataType::Float64();
  };
}

void RegisterStatistics(FunctionRegistry& r) {
  struct Moment {
    std::initializer_list<const char*> names;
    bool sample, stddev;
  };
  for (const Moment& m : {Moment{{"stddev", "stddev_samp", "std"}, true, true},
                          Moment{{"stddev_pop"}, false, true},
                          Moment{{"variance", "var", "var_samp", "var_sample"}, true, false},
                          Moment{{"var_pop", "var_population"}, false, false}}) {
    const bool sample = m.sample, stddev = m.stddev;
    Register(r, m.names, NumericToFloat64(*m.names.begin(), 1),
             [sample, stddev](std::span<const ArgInfo>, const AggregateOptions&) {
               return Make<MomentAccumulator>(sample, stddev);
             });
  }
  struct Pair {
    std::initializer_list<const char*> names;
    PairKind kind;
  };
  for (const Pair& p : {Pair{{"covar_samp", "covar"}, PairKind::kCovarSamp},
                        Pair{{"covar_pop"}, PairKind::kCovarPop},
                        Pair{{"corr"}, PairKind::kCorr}}) {
    const PairKind kind = p.kind;
    Register(r, p.names, NumericToFloat64(*p.names.begin(), 2),
             [kind](std::span<const ArgInfo>, const AggregateOptions&) {
               return Make<PairAccumulator>(kind);
             });
  }
}

// The constant percentile argument `i` of `name`, in [0, 1].
Result<double> PercentileArg(std::string_view name, std::span<const ArgInfo> args, size_t i) {
  std::string upper(name);
  for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  const Value* v = args[i].constant;
  std::optional<double> p = v ? v->ToFloat64() : std::nullopt;
  if (!p || !args[i].type.is_numeric()) {
    return PlanError(fmt::format("Percentile value for '{}' must be a literal", upper));
  }
  if (!(*p >= 0 && *p <= 1)) {
    return PlanError(fmt::format(
        "Percentile value must be between 0.0 and 1.0 inclusive, {} is invalid", *p));
  }
  return *p;
}

// Percentiles keep integer and float input types; decimals (and NULL) give Float64.
DataType PercentileType(const DataType& t) {
  return t.is_integer() || t.is_float() ? t : DataType::Float64();
}

Result<AccPtr> MakeMedian(const DataType& t) {
  if (t.is_decimal()) return Make<MedianAccumulator<int128_t>>(t);
  if (t.is_unsigned_integer()) return Make<MedianAccumulator<uint64_t>>(t);
  if (t.is_integer()) return Make<MedianAccumulator<int64_t>>(t);
  return Make<MedianAccumulator<double>>(t);
}

void RegisterPercentiles(FunctionRegistry& r) {
  Register(
      r, {"median"},
      [](std::span<const ArgInfo> args) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("median", args, 1, 1));
        GT_RETURN_IF_ERROR(NeedNumeric("median", args, 0));
        return args[0].type;
      },
      [](std::span<const ArgInfo> args, const AggregateOptions&) { return MakeMedian(args[0].type); });
  Register(
      r, {"approx_median"},
      [](std::span<const ArgInfo> args) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("approx_median", args, 1, 1));
        GT_RETURN_IF_ERROR(NeedNumeric("approx_median", args, 0));
        return PercentileType(args[0].type);
      },
      [](std::span<const ArgInfo> args, const AggregateOptions&) {
        return Make<PercentileAccumulator>(PercentileType(args[0].type), 0.5, false,
                                           QuantileMethod::kDigest);
      });
  // approx_percentile_cont(x, p [, max_size]); percentile_cont(x, p) is exact.
  for (bool exact : {false, true}) {
    const char* name = exact ? "percentile_cont" : "approx_percentile_cont";
    auto type = [name, exact](std::span<const ArgInfo> args) -> Result<DataType> {
      GT_RETURN_IF_ERROR(CheckArity(name, args, 2, exact ? 2 : 3));
      GT_RETURN_IF_ERROR(NeedNumeric(name, args, 0));
      GT_RETURN_IF_ERROR(PercentileArg(name, args, 1).status());
      if (exact && !args[0].type.is_float()) return DataType::Float64();
      return PercentileType(args[0].type);
    };
    Register(r, {name}, type,
             [name, type, exact](std::span<const ArgInfo> args,
                                 const AggregateOptions&) -> Result<AccPtr> {
               GT_ASSIGN_OR_RETURN(DataType out, type(args));
               GT_ASSIGN_OR_RETURN(double p, PercentileArg(name, args, 1));
               return Make<PercentileAccumulator>(
                   out, p, false, exact ? QuantileMethod::kLinear : QuantileMethod::kDigest);
             });
  }
  // approx_percentile_cont_with_weight(x, weight, p)
  Register(
      r, {"approx_percentile_cont_with_weight"},
      [](std::span<const ArgInfo> args) -> Result<DataType> {
        constexpr const char* kName = "approx_percentile_cont_with_weight";
        GT_RETURN_IF_ERROR(CheckArity(kName, args, 3, 3));
        GT_RETURN_IF_ERROR(NeedNumeric(kName, args, 0));
        GT_RETURN_IF_ERROR(NeedNumeric(kName, args, 1));
        GT_RETURN_IF_ERROR(PercentileArg(kName, args, 2).status());
        return PercentileType(args[0].type);
      },
      [](std::span<const ArgInfo> args, const AggregateOptions&) -> Result<AccPtr> {
        GT_ASSIGN_OR_RETURN(double p,
                            PercentileArg("approx_percentile_cont_with_weight", args, 2));
        return Make<PercentileAccumulator>(PercentileType(args[0].type), p, true,
                                           QuantileMethod::kDigest);
      });
}

void RegisterMisc(FunctionRegistry& r) {
  Register(
      r, {"approx_distinct"},
      [](std::span<const ArgInfo> args) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("approx_distinct", args, 1, 1));
        return DataType::UInt64();
      },
      [](std::span<const ArgInfo>, const AggregateOptions&) {
        return Make<ApproxDistinctAccumulator>();
      });
  for (BitOp op : {BitOp::kAnd, BitOp::kOr, BitOp::kXor}) {
    const char* name = op == BitOp::kAnd ? "bit_and" : (op == BitOp::kOr ? "bit_or" : "bit_xor");
    auto type = [name](std::span<const ArgInfo> args) -> Result<DataType> {
      GT_RETURN_IF_ERROR(CheckArity(name, args, 1, 1));
      const DataType& t = args[0].type;
      if (t.is_null()) return DataType::Int64();
      if (!t.is_integer()) {
        return BadType(name, args, fmt::format("does not support arguments of type {}", ArrowName(t)));
      }
      return t;
    };
    Register(r, {name}, type,
             [type, op](std::span<const ArgInfo> args, const AggregateOptions&) -> Result<AccPtr> {
               GT_ASSIGN_OR_RETURN(DataType out, type(args));
               return Make<BitAccumulator>(out, op);
             });
  }
  for (bool is_and : {true, false}) {
    const char* name = is_and ? "bool_and" : "bool_or";
    Register(
        r, {name},
        [name](std::span<const ArgInfo> args) -> Result<DataType> {
          GT_RETURN_IF_ERROR(CheckArity(name, args, 1, 1));
          if (!args[0].type.is_boolean() && !args[0].type.is_null()) {
            return BadType(name, args, fmt::format("does not support arguments of type {}",
                                                   ArrowName(args[0].type)));
          }
          return DataType::Boolean();
        },
        [is_and](std::span<const ArgInfo>, const AggregateOptions&) {
          return Make<BoolAccumulator>(is_and);
        });
  }
  auto string_agg_type = [](std::span<const ArgInfo> args) -> Result<DataType> {
    GT_RETURN_IF_ERROR(CheckArity("string_agg", args, 2, 2));
    if (args[1].constant == nullptr && !args[1].type.is_null()) {
      return PlanError("The second argument of the string_agg function must be a string literal");
    }
    return DataType::String();
  };
  Register(r, {"string_agg"}, string_agg_type,
           [](std::span<const ArgInfo> args, const AggregateOptions& options) {
             const Value* sep = args[1].constant;
             return Make<CollectAccumulator>(
                 false, sep != nullptr && !sep->is_null() ? sep->ToString() : std::string(),
                 options.order_ascending);
           });
  Register(
      r, {"array_agg"},
      [](std::span<const ArgInfo> args) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("array_agg", args, 1, 1));
        return DataType::String();
      },
      [](std::span<const ArgInfo>, const AggregateOptions& options) {
        return Make<CollectAccumulator>(true, std::string(), options.order_ascending);
      },
      /*distinct_keeps_nulls=*/true);
}

}  // namespace

void RegisterAggregateFunctions(FunctionRegistry& registry) {
  RegisterBasics(registry);
  RegisterStatistics(registry);
  RegisterPercentiles(registry);
  RegisterMisc(registry);
}

}  // namespace greptime::query
