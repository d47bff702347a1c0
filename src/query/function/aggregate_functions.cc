// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Built-in aggregate functions. Each accumulator keeps one state per group in a vector indexed
// by group id; count/sum/avg/min/max read Int64/Float64 columns without building Values.
// DISTINCT wraps any accumulator and forwards only the first occurrence of each (group, args).
#include <algorithm>
#include <cmath>
#include <unordered_set>

#include <fmt/format.h>

#include "query/function/function.h"
#include "types/column_builder.h"

namespace greptime::query {
namespace {

using types::ColumnPtr;
using types::DataType;
using types::Value;

Status ArgCount(std::string_view name, std::span<const ArgInfo> args, size_t lo, size_t hi) {
  if (args.size() < lo || args.size() > hi) {
    return Status(StatusCode::kInvalidArguments,
                  fmt::format("Failed to coerce arguments to satisfy a call to '{}' function: "
                              "expected {} argument(s), got {}",
                              name, lo == hi ? std::to_string(lo) : fmt::format("{}-{}", lo, hi),
                              args.size()));
  }
  return Status::OK();
}

Status NeedNumeric(std::string_view name, const DataType& t) {
  if (t.is_numeric() || t.is_null() || t.is_boolean()) return Status::OK();
  return Status(StatusCode::kInvalidArguments,
                fmt::format("Failed to coerce arguments to satisfy a call to '{}' function: "
                            "argument of type {} is not numeric",
                            name, t.Name()));
}

inline bool ReadDouble(const types::Column& c, size_t i, double& out) {
  if (c.IsNull(i)) return false;
  if (const auto* f = c.As<types::Float64Column>()) {
    out = f->at(i);
    return true;
  }
  if (const auto* n = c.As<types::Int64Column>()) {
    out = static_cast<double>(n->at(i));
    return true;
  }
  auto v = c.GetValue(i).ToFloat64();
  if (!v) return false;
  out = *v;
  return true;
}

// NaN sorts above every number (as in DataFusion).
inline bool NanGreater(double x, double y) {
  if (std::isnan(x)) return !std::isnan(y);
  if (std::isnan(y)) return false;
  return x > y;
}

// ----- generic per-group state accumulator --------------------------------------------------

template <typename State, typename UpdateFn, typename FinishFn>
class StateAccumulator final : public GroupsAccumulator {
 public:
  StateAccumulator(DataType out, UpdateFn update, FinishFn finish, size_t state_bytes)
      : out_(out), update_(std::move(update)), finish_(std::move(finish)),
        state_bytes_(state_bytes) {}
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total_groups) override {
    if (states_.size() < total_groups) states_.resize(total_groups);
    return update_(states_, args, ids);
  }
  Result<ColumnPtr> Finish(size_t total_groups) override {
    if (states_.size() < total_groups) states_.resize(total_groups);
    auto b = types::MakeColumnBuilder(out_, total_groups);
    for (size_t g = 0; g < total_groups; ++g) {
      GT_ASSIGN_OR_RETURN(Value v, finish_(states_[g]));
      if (!v.is_null() && !(v.type() == out_)) {
        GT_ASSIGN_OR_RETURN(v, v.CastTo(out_));
      }
      GT_RETURN_IF_ERROR(b->Append(v));
    }
    return b->Finish();
  }
  size_t MemoryBytes() const override { return states_.size() * state_bytes_ + extra_; }

 private:
  DataType out_;
  UpdateFn update_;
  FinishFn finish_;
  size_t state_bytes_;
  size_t extra_ = 0;
  std::vector<State> states_;
};

template <typename State, typename U, typename F>
std::unique_ptr<GroupsAccumulator> MakeState(DataType out, U u, F f, size_t bytes = sizeof(State)) {
  return std::make_unique<StateAccumulator<State, U, F>>(out, std::move(u), std::move(f), bytes);
}

// ----- DISTINCT wrapper ------------------------------------------------------------------------

class DistinctAccumulator final : public GroupsAccumulator {
 public:
  explicit DistinctAccumulator(std::unique_ptr<GroupsAccumulator> inner) : inner_(std::move(inner)) {}
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total_groups) override {
    std::vector<uint32_t> keep;
    std::string key;
    for (size_t i = 0; i < ids.size(); ++i) {
      key.assign(reinterpret_cast<const char*>(&ids[i]), sizeof(uint32_t));
      bool any_null = false;
      for (const auto& c : args) {
        if (c->IsNull(i)) {
          any_null = true;
          break;
        }
        std::string t = c->GetValue(i).ToString();
        uint32_t n = static_cast<uint32_t>(t.size());
        key.append(reinterpret_cast<const char*>(&n), sizeof(n));
        key.append(t);
      }
      if (any_null) continue;
      if (seen_.insert(key).second) {
        keep.push_back(static_cast<uint32_t>(i));
        bytes_ += key.size() + 40;
      }
    }
    std::vector<ColumnPtr> taken;
    std::vector<uint32_t> kept_ids;
    for (uint32_t r : keep) kept_ids.push_back(ids[r]);
    for (const auto& c : args) {
      auto b = types::MakeColumnBuilder(c->type(), keep.size());
      for (uint32_t r : keep) GT_RETURN_IF_ERROR(b->Append(c->GetValue(r)));
      taken.push_back(b->Finish());
    }
    return inner_->Update(taken, kept_ids, total_groups);
  }
  Result<ColumnPtr> Finish(size_t total_groups) override { return inner_->Finish(total_groups); }
  size_t MemoryBytes() const override { return inner_->MemoryBytes() + bytes_; }

 private:
  std::unique_ptr<GroupsAccumulator> inner_;
  std::unordered_set<std::string> seen_;
  size_t bytes_ = 0;
};

// ----- function objects --------------------------------------------------------------------------

using TypeRule = std::function<Result<DataType>(std::span<const ArgInfo>)>;
using AccFactory = std::function<Result<std::unique_ptr<GroupsAccumulator>>(
    std::span<const ArgInfo>, const AggregateOptions&)>;

class BuiltinAggregate final : public AggregateFunction {
 public:
  BuiltinAggregate(TypeRule type, AccFactory factory)
      : type_(std::move(type)), factory_(std::move(factory)) {}
  Result<DataType> ReturnType(std::span<const ArgInfo> args) const override { return type_(args); }
  Result<std::unique_ptr<GroupsAccumulator>> MakeAccumulator(
      std::span<const ArgInfo> args, const AggregateOptions& options) const override {
    GT_ASSIGN_OR_RETURN(auto acc, factory_(args, options));
    if (options.distinct) {
      return std::unique_ptr<GroupsAccumulator>(
          std::make_unique<DistinctAccumulator>(std::move(acc)));
    }
    return acc;
  }

 private:
  TypeRule type_;
  AccFactory factory_;
};

void Register(FunctionRegistry& r, const std::vector<std::string>& names, TypeRule type,
              AccFactory factory) {
  auto fn = std::make_shared<BuiltinAggregate>(std::move(type), std::move(factory));
  for (const auto& n : names) r.RegisterAggregate(n, fn);
}

DataType SumType(const DataType& t) {
  if (t.is_unsigned_integer()) return DataType::UInt64();
  if (t.is_signed_integer() || t.is_boolean()) return DataType::Int64();
  return DataType::Float64();
}

struct SumState {
  __int128 isum = 0;
  double fsum = 0;
  int64_t count = 0;
};

struct ExtremeState {
  Value v;
  double d = 0;
  bool has = false;
};

struct MomentState {
  int64_t n = 0;
  double mean = 0;
  double m2 = 0;
};

struct PairState {
  int64_t n = 0;
  double sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
};

struct ListState {
  std::vector<double> values;
};

struct OrderedState {
  Value value;
  std::vector<Value> key;
  bool has = false;
};

void RegisterCount(FunctionRegistry& r) {
  Register(
      r, {"count"},
      [](std::span<const ArgInfo>) -> Result<DataType> { return DataType::Int64(); },
      [](std::span<const ArgInfo>, const AggregateOptions&) -> Result<std::unique_ptr<GroupsAccumulator>> {
        return MakeState<int64_t>(
            DataType::Int64(),
            [](std::vector<int64_t>& s, std::span<const ColumnPtr> args,
               std::span<const uint32_t> ids) -> Status {
              if (args.empty()) {
                for (uint32_t g : ids) ++s[g];
                return Status::OK();
              }
              for (size_t i = 0; i < ids.size(); ++i) {
                bool valid = true;
                for (const auto& c : args) valid = valid && !c->IsNull(i);
                if (valid) ++s[ids[i]];
              }
              return Status::OK();
            },
            [](const int64_t& n) -> Result<Value> { return Value::Int64(n); });
      });
}

void RegisterSumAvg(FunctionRegistry& r) {
  Register(
      r, {"sum"},
      [](std::span<const ArgInfo> args) -> Result<DataType> {
        GT_RETURN_IF_ERROR(ArgCount("sum", args, 1, 1));
        GT_RETURN_IF_ERROR(NeedNumeric("sum", args[0].type));
        return SumType(args[0].type);
      },
      [](std::span<const ArgInfo> args, const AggregateOptions&) -> Result<std::unique_ptr<GroupsAccumulator>> {
        const DataType out = SumType(args[0].type);
        const bool integral = !out.is_float();
        return MakeState<SumState>(
            out,
            [integral](std::vector<SumState>& s, std::span<const ColumnPtr> a,
                       std::span<const uint32_t> ids) -> Status {
              const types::Column& c = *a[0];
              if (const auto* f = c.As<types::Float64Column>(); f != nullptr && !integral) {
                auto v = f->values();
                for (size_t i = 0; i < ids.size(); ++i) {
                  if (c.IsNull(i)) continue;
                  s[ids[i]].fsum += v[i];
                  ++s[ids[i]].count;
                }
                return Status::OK();
              }
              if (const auto* n = c.As<types::Int64Column>(); n != nullptr && integral) {
                auto v = n->values();
                for (size_t i = 0; i < ids.size(); ++i) {
                  if (c.IsNull(i)) continue;
                  s[ids[i]].isum += v[i];
                  ++s[ids[i]].count;
                }
                return Status::OK();
              }
              for (size_t i = 0; i < ids.size(); ++i) {
                if (c.IsNull(i)) continue;
                Value v = c.GetValue(i);
                if (integral) {
                  if (v.type().is_unsigned_integer()) {
                    auto u = v.CastTo(DataType::UInt64());
                    if (u.ok()) s[ids[i]].isum += static_cast<__int128>(u->AsUInt64());
                  } else {
                    s[ids[i]].isum += v.ToInt64().value_or(0);
                  }
                } else {
                  s[ids[i]].fsum += v.ToFloat64().value_or(0);
                }
                ++s[ids[i]].count;
              }
              return Status::OK();
            },
            [out](const SumState& st) -> Result<Value> {
              if (st.count == 0) return Value();
              if (out.is_float()) return Value::Float64(st.fsum);
              if (out.is_unsigned_integer()) {
                if (st.isum < 0 || st.isum > static_cast<__int128>(UINT64_MAX)) {
                  return Status(StatusCode::kEngineExecuteQuery,
                                "Arithmetic overflow in sum: the result does not fit UInt64");
                }
                return Value::UInt64(static_cast<uint64_t>(st.isum));
              }
              if (st.isum > INT64_MAX || st.isum < INT64_MIN) {
                return Status(StatusCode::kEngineExecuteQuery,
                              "Arithmetic overflow in sum: the result does not fit Int64");
              }
              return Value::Int64(static_cast<int64_t>(st.isum));
            });
      });
  Register(
      r, {"avg", "mean"},
      [](std::span<const ArgInfo> args) -> Result<DataType> {
        GT_RETURN_IF_ERROR(ArgCount("avg", args, 1, 1));
        GT_RETURN_IF_ERROR(NeedNumeric("avg", args[0].type));
        return DataType::Float64();
      },
      [](std::span<const ArgInfo>, const AggregateOptions&) -> Result<std::unique_ptr<GroupsAccumulator>> {
        return MakeState<SumState>(
            DataType::Float64(),
            [](std::vector<SumState>& s, std::span<const ColumnPtr> a,
               std::span<const uint32_t> ids) -> Status {
              const types::Column& c = *a[0];
              double d;
              for (size_t i = 0; i < ids.size(); ++i) {
                if (!ReadDouble(c, i, d)) continue;
                s[ids[i]].fsum += d;
                ++s[ids[i]].count;
              }
              return Status::OK();
            },
            [](const SumState& st) -> Result<Value> {
              if (st.count == 0) return Value();
              return Value::Float64(st.fsum / static_cast<double>(st.count));
            });
      });
}

void RegisterMinMax(FunctionRegistry& r) {
  for (bool is_max : {false, true}) {
    Register(
        r, {is_max ? "max" : "min"},
        [is_max](std::span<const ArgInfo> args) -> Result<DataType> {
          GT_RETURN_IF_ERROR(ArgCount(is_max ? "max" : "min", args, 1, 1));
          return args[0].type;
        },
        [is_max](std::span<const ArgInfo> args, const AggregateOptions&) -> Result<std::unique_ptr<GroupsAccumulator>> {
          const DataType t = args[0].type;
          const bool as_double = t.is_float();
          return MakeState<ExtremeState>(
              t,
              [is_max, as_double](std::vector<ExtremeState>& s, std::span<const ColumnPtr> a,
                                  std::span<const uint32_t> ids) -> Status {
                const types::Column& c = *a[0];
                if (const auto* f = c.As<types::Float64Column>(); f != nullptr && as_double) {
                  auto v = f->values();
                  for (size_t i = 0; i < ids.size(); ++i) {
                    if (c.IsNull(i)) continue;
                    ExtremeState& st = s[ids[i]];
                    double x = v[i];
                    if (!st.has) {
                      st.d = x;
                      st.has = true;
                    } else if (is_max ? NanGreater(x, st.d) : NanGreater(st.d, x)) {
                      st.d = x;
                    }
                  }
                  return Status::OK();
                }
                for (size_t i = 0; i < ids.size(); ++i) {
                  if (c.IsNull(i)) continue;
                  ExtremeState& st = s[ids[i]];
                  Value v = c.GetValue(i);
                  if (!st.has) {
                    st.v = std::move(v);
                    st.has = true;
                  } else {
                    int cmp = v.Compare(st.v);
                    if (is_max ? cmp > 0 : cmp < 0) st.v = std::move(v);
                  }
                }
                return Status::OK();
              },
              [as_double, t](const ExtremeState& st) -> Result<Value> {
                if (!st.has) return Value();
                if (as_double && st.v.is_null()) {
                  if (t == DataType::Float64()) return Value::Float64(st.d);
                  return Value::Float64(st.d).CastTo(t);
                }
                return st.v;
              },
              sizeof(ExtremeState));
        });
  }
}

void RegisterFirstLast(FunctionRegistry& r) {
  for (bool last : {false, true}) {
    Register(
        r, {last ? "last_value" : "first_value"},
        [last](std::span<const ArgInfo> args) -> Result<DataType> {
          GT_RETURN_IF_ERROR(ArgCount(last ? "last_value" : "first_value", args, 1, 1));
          return args[0].type;
        },
        [last](std::span<const ArgInfo> args, const AggregateOptions& opts)
            -> Result<std::unique_ptr<GroupsAccumulator>> {
          std::vector<bool> asc = opts.order_ascending;
          return MakeState<OrderedState>(
              args[0].type,
              [last, asc](std::vector<OrderedState>& s, std::span<const ColumnPtr> a,
                          std::span<const uint32_t> ids) -> Status {
                for (size_t i = 0; i < ids.size(); ++i) {
                  OrderedState& st = s[ids[i]];
                  if (asc.empty()) {
                    if (!last && st.has) continue;
                    st.value = a[0]->GetValue(i);
                    st.has = true;
                    continue;
                  }
                  std::vector<Value> key;
                  for (size_t k = 0; k < asc.size(); ++k) key.push_back(a[1 + k]->GetValue(i));
                  bool better = !st.has;
                  if (!better) {
                    for (size_t k = 0; k < asc.size(); ++k) {
                      int cmp;
                      if (key[k].is_null() || st.key[k].is_null()) {
                        cmp = key[k].is_null() == st.key[k].is_null() ? 0 : (key[k].is_null() ? 1 : -1);
                      } else {
                        cmp = key[k].Compare(st.key[k]);
                      }
                      if (!asc[k]) cmp = -cmp;
                      if (cmp == 0) continue;
                      better = last ? cmp > 0 : cmp < 0;
                      break;
                    }
                  }
                  if (better) {
                    st.value = a[0]->GetValue(i);
                    st.key = std::move(key);
                    st.has = true;
                  }
                }
                return Status::OK();
              },
              [](const OrderedState& st) -> Result<Value> { return st.value; },
              sizeof(OrderedState) + 16);
        });
  }
}

void RegisterMoments(FunctionRegistry& r) {
  struct Def {
    std::vector<std::string> names;
    bool sample;
    bool stddev;
  };
  for (const Def& d : {Def{{"stddev", "stddev_samp", "std"}, true, true},
                       Def{{"stddev_pop"}, false, true},
                       Def{{"variance", "var", "var_samp", "var_sample"}, true, false},
                       Def{{"var_pop", "var_population"}, false, false}}) {
    std::string fname = *d.names.begin();
    Register(
        r, d.names,
        [fname](std::span<const ArgInfo> args) -> Result<DataType> {
          GT_RETURN_IF_ERROR(ArgCount(fname, args, 1, 1));
          GT_RETURN_IF_ERROR(NeedNumeric(fname, args[0].type));
          return DataType::Float64();
        },
        [d](std::span<const ArgInfo>, const AggregateOptions&) -> Result<std::unique_ptr<GroupsAccumulator>> {
          const bool sample = d.sample, stddev = d.stddev;
          return MakeState<MomentState>(
              DataType::Float64(),
              [](std::vector<MomentState>& s, std::span<const ColumnPtr> a,
                 std::span<const uint32_t> ids) -> Status {
                double x;
                for (size_t i = 0; i < ids.size(); ++i) {
                  if (!ReadDouble(*a[0], i, x)) continue;
                  MomentState& st = s[ids[i]];
                  ++st.n;
                  double delta = x - st.mean;
                  st.mean += delta / static_cast<double>(st.n);
                  st.m2 += delta * (x - st.mean);
                }
                return Status::OK();
              },
              [sample, stddev](const MomentState& st) -> Result<Value> {
                int64_t denom = sample ? st.n - 1 : st.n;
                if (denom <= 0) return Value();
                double var = st.m2 / static_cast<double>(denom);
                return Value::Float64(stddev ? std::sqrt(var) : var);
              });
        });
  }
  struct PairDef {
    std::vector<std::string> names;
    int kind;  // 0 covar_samp, 1 covar_pop, 2 corr
  };
  for (const PairDef& d : {PairDef{{"covar", "covar_samp"}, 0}, PairDef{{"covar_pop"}, 1},
                           PairDef{{"corr"}, 2}}) {
    std::string fname = *d.names.begin();
    int kind = d.kind;
    Register(
        r, d.names,
        [fname](std::span<const ArgInfo> args) -> Result<DataType> {
          GT_RETURN_IF_ERROR(ArgCount(fname, args, 2, 2));
          GT_RETURN_IF_ERROR(NeedNumeric(fname, args[0].type));
          GT_RETURN_IF_ERROR(NeedNumeric(fname, args[1].type));
          return DataType::Float64();
        },
        [kind](std::span<const ArgInfo>, const AggregateOptions&) -> Result<std::unique_ptr<GroupsAccumulator>> {
          return MakeState<PairState>(
              DataType::Float64(),
              [](std::vector<PairState>& s, std::span<const ColumnPtr> a,
                 std::span<const uint32_t> ids) -> Status {
                double x, y;
                for (size_t i = 0; i < ids.size(); ++i) {
                  if (!ReadDouble(*a[0], i, x) || !ReadDouble(*a[1], i, y)) continue;
                  PairState& st = s[ids[i]];
                  ++st.n;
                  st.sx += x;
                  st.sy += y;
                  st.sxy += x * y;
                  st.sxx += x * x;
                  st.syy += y * y;
                }
                return Status::OK();
              },
              [kind](const PairState& st) -> Result<Value> {
                const double n = static_cast<double>(st.n);
                if (kind == 2) {
                  if (st.n < 2) return Value();
                  double cov = st.sxy - st.sx * st.sy / n;
                  double vx = st.sxx - st.sx * st.sx / n;
                  double vy = st.syy - st.sy * st.sy / n;
                  if (vx <= 0 || vy <= 0) return Value();
                  return Value::Float64(cov / std::sqrt(vx * vy));
                }
                int64_t denom = kind == 0 ? st.n - 1 : st.n;
                if (denom <= 0) return Value();
                return Value::Float64((st.sxy - st.sx * st.sy / n) / static_cast<double>(denom));
              });
        });
  }
}

double Percentile(std::vector<double>& v, double p) {
  std::sort(v.begin(), v.end());
  if (v.size() == 1) return v[0];
  double rank = p * static_cast<double>(v.size() - 1);
  size_t lo = static_cast<size_t>(std::floor(rank));
  size_t hi = std::min(lo + 1, v.size() - 1);
  double frac = rank - static_cast<double>(lo);
  return v[lo] + (v[hi] - v[lo]) * frac;
}

void RegisterPercentiles(FunctionRegistry& r) {
  auto factory = [](bool median) {
    return [median](std::span<const ArgInfo> args, const AggregateOptions&)
               -> Result<std::unique_ptr<GroupsAccumulator>> {
      double p = 0.5;
      if (!median) {
        if (args.size() < 2 || args[1].constant == nullptr) {
          return Status(StatusCode::kInvalidArguments,
                        "approx_percentile_cont needs a constant percentile");
        }
        auto pv = args[1].constant->ToFloat64();
        if (!pv || *pv < 0 || *pv > 1) {
          return Status(StatusCode::kInvalidArguments,
                        "Percentile value must be between 0.0 and 1.0 inclusive");
        }
        p = *pv;
      }
      const DataType out = median ? args[0].type : args[0].type;
      return MakeState<ListState>(
          out.is_numeric() ? out : DataType::Float64(),
          [](std::vector<ListState>& s, std::span<const ColumnPtr> a,
             std::span<const uint32_t> ids) -> Status {
            double x;
            for (size_t i = 0; i < ids.size(); ++i) {
              if (ReadDouble(*a[0], i, x)) s[ids[i]].values.push_back(x);
            }
            return Status::OK();
          },
          [p, out](const ListState& st) -> Result<Value> {
            if (st.values.empty()) return Value();
            std::vector<double> v = st.values;
            double r = Percentile(v, p);
            if (out.is_integer()) {
              return Value::Int64(static_cast<int64_t>(r)).CastTo(out);
            }
            return Value::Float64(r);
          },
          sizeof(ListState) + 64);
    };
  };
  Register(
      r, {"median", "approx_median"},
      [](std::span<const ArgInfo> args) -> Result<DataType> {
        GT_RETURN_IF_ERROR(ArgCount("median", args, 1, 1));
        GT_RETURN_IF_ERROR(NeedNumeric("median", args[0].type));
        return args[0].type.is_numeric() ? args[0].type : DataType::Float64();
      },
      factory(true));
  Register(
      r, {"approx_percentile_cont", "percentile_cont"},
      [](std::span<const ArgInfo> args) -> Result<DataType> {
        GT_RETURN_IF_ERROR(ArgCount("approx_percentile_cont", args, 2, 3));
        GT_RETURN_IF_ERROR(NeedNumeric("approx_percentile_cont", args[0].type));
        return args[0].type.is_numeric() ? args[0].type : DataType::Float64();
      },
      factory(false));
}

void RegisterMisc(FunctionRegistry& r) {
  Register(
      r, {"approx_distinct"},
      [](std::span<const ArgInfo> args) -> Result<DataType> {
        GT_RETURN_IF_ERROR(ArgCount("approx_distinct", args, 1, 1));
        return DataType::UInt64();
      },
      [](std::span<const ArgInfo>, const AggregateOptions&) -> Result<std::unique_ptr<GroupsAccumulator>> {
        using Set = std::unordered_set<size_t>;
        return MakeState<Set>(
            DataType::UInt64(),
            [](std::vector<Set>& s, std::span<const ColumnPtr> a,
               std::span<const uint32_t> ids) -> Status {
              for (size_t i = 0; i < ids.size(); ++i) {
                if (a[0]->IsNull(i)) continue;
                s[ids[i]].insert(a[0]->GetValue(i).Hash());
              }
              return Status::OK();
            },
            [](const Set& st) -> Result<Value> { return Value::UInt64(st.size()); },
            sizeof(Set) + 64);
      });
  for (bool is_and : {true, false}) {
    Register(
        r, {is_and ? "bool_and" : "bool_or"},
        [is_and](std::span<const ArgInfo> args) -> Result<DataType> {
          GT_RETURN_IF_ERROR(ArgCount(is_and ? "bool_and" : "bool_or", args, 1, 1));
          return DataType::Boolean();
        },
        [is_and](std::span<const ArgInfo>, const AggregateOptions&) -> Result<std::unique_ptr<GroupsAccumulator>> {
          return MakeState<int8_t>(
              DataType::Boolean(),
              [is_and](std::vector<int8_t>& s, std::span<const ColumnPtr> a,
                       std::span<const uint32_t> ids) -> Status {
                for (size_t i = 0; i < ids.size(); ++i) {
                  if (a[0]->IsNull(i)) continue;
                  bool v = a[0]->GetValue(i).AsBoolean();
                  int8_t& st = s[ids[i]];
                  if (st == 0) st = v ? 2 : 1;
                  else if (is_and && !v) st = 1;
                  else if (!is_and && v) st = 2;
                }
                return Status::OK();
              },
              [](const int8_t& st) -> Result<Value> {
                if (st == 0) return Value();
                return Value::Boolean(st == 2);
              });
        });
  }
  for (int kind : {0, 1, 2}) {
    const char* name = kind == 0 ? "bit_and" : (kind == 1 ? "bit_or" : "bit_xor");
    Register(
        r, {name},
        [name](std::span<const ArgInfo> args) -> Result<DataType> {
          GT_RETURN_IF_ERROR(ArgCount(name, args, 1, 1));
          if (!args[0].type.is_integer() && !args[0].type.is_null()) {
            return Status(StatusCode::kInvalidArguments,
                          fmt::format("{} needs an integer argument", name));
          }
          return args[0].type.is_null() ? DataType::Int64() : args[0].type;
        },
        [kind](std::span<const ArgInfo> args, const AggregateOptions&) -> Result<std::unique_ptr<GroupsAccumulator>> {
          struct S {
            int64_t v = 0;
            bool has = false;
          };
          DataType t = args[0].type.is_null() ? DataType::Int64() : args[0].type;
          return MakeState<S>(
              t,
              [kind](std::vector<S>& s, std::span<const ColumnPtr> a,
                     std::span<const uint32_t> ids) -> Status {
                for (size_t i = 0; i < ids.size(); ++i) {
                  if (a[0]->IsNull(i)) continue;
                  int64_t v = a[0]->GetValue(i).ToInt64().value_or(0);
                  S& st = s[ids[i]];
                  if (!st.has) {
                    st.v = v;
                    st.has = true;
                  } else if (kind == 0) {
                    st.v &= v;
                  } else if (kind == 1) {
                    st.v |= v;
                  } else {
                    st.v ^= v;
                  }
                }
                return Status::OK();
              },
              [](const S& st) -> Result<Value> {
                if (!st.has) return Value();
                return Value::Int64(st.v);
              });
        });
  }
  Register(
      r, {"string_agg"},
      [](std::span<const ArgInfo> args) -> Result<DataType> {
        GT_RETURN_IF_ERROR(ArgCount("string_agg", args, 2, 2));
        return DataType::String();
      },
      [](std::span<const ArgInfo> args, const AggregateOptions&) -> Result<std::unique_ptr<GroupsAccumulator>> {
        std::string sep = args[1].constant != nullptr && !args[1].constant->is_null()
                              ? args[1].constant->ToString()
                              : ",";
        struct S {
          std::string text;
          bool has = false;
        };
        return MakeState<S>(
            DataType::String(),
            [sep](std::vector<S>& s, std::span<const ColumnPtr> a,
                  std::span<const uint32_t> ids) -> Status {
              for (size_t i = 0; i < ids.size(); ++i) {
                if (a[0]->IsNull(i)) continue;
                S& st = s[ids[i]];
                if (st.has) st.text += sep;
                st.text += a[0]->GetValue(i).ToString();
                st.has = true;
              }
              return Status::OK();
            },
            [](const S& st) -> Result<Value> {
              if (!st.has) return Value();
              return Value::String(st.text);
            },
            sizeof(S) + 32);
      });
}

}  // namespace

void RegisterAggregateFunctions(FunctionRegistry& registry) {
  RegisterCount(registry);
  RegisterSumAvg(registry);
  RegisterMinMax(registry);
  RegisterFirstLast(registry);
  RegisterMoments(registry);
  RegisterPercentiles(registry);
  RegisterMisc(registry);
}

}  // namespace greptime::query
