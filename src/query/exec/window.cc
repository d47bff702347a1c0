// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Window functions. The operator buffers its input, sorts row indices by (partition keys,
// order keys) per spec and computes each row's value over its frame. Aggregates over frames
// that start at the partition start are accumulated incrementally; other frames are computed
// from scratch per row (O(rows x frame)).
#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "query/exec/exec_node.h"
#include "types/column_builder.h"
#include "types/column_ops.h"

namespace greptime::query {
namespace {

using types::ColumnPtr;
using types::DataType;
using types::Value;

const char* const kWindowNames[] = {"row_number", "rank", "dense_rank", "percent_rank",
                                    "cume_dist", "ntile", "lag", "lead", "first_value",
                                    "last_value", "nth_value"};

int CompareNullable(const Value& a, const Value& b, bool nulls_first) {
  if (a.is_null() || b.is_null()) {
    if (a.is_null() && b.is_null()) return 0;
    return a.is_null() ? (nulls_first ? -1 : 1) : (nulls_first ? 1 : -1);
  }
  return a.Compare(b);
}

class WindowNode final : public ExecNode {
 public:
  WindowNode(ExecNodePtr child, std::vector<WindowFunctionSpec> specs, types::SchemaPtr schema,
             uint64_t memory_limit)
      : child_(std::move(child)), specs_(std::move(specs)), schema_(std::move(schema)),
        memory_limit_(memory_limit) {}
  const types::SchemaPtr& schema() const override { return schema_; }
  std::string Describe() const override {
    std::string s = "Window: [";
    for (size_t i = 0; i < specs_.size(); ++i) s += (i ? ", " : "") + specs_[i].name;
    return s + "]";
  }

  Result<std::optional<types::RecordBatch>> Next() override {
    if (done_) return std::optional<types::RecordBatch>();
    done_ = true;
    GT_ASSIGN_OR_RETURN(types::RecordBatch input,
                        CollectConcatenated(*child_, memory_limit_, "the window function"));
    const size_t n = input.num_rows();
    std::vector<ColumnPtr> results;
    std::vector<uint32_t> first_order;
    for (size_t s = 0; s < specs_.size(); ++s) {
      std::vector<uint32_t> order;
      GT_ASSIGN_OR_RETURN(ColumnPtr col, Compute(specs_[s], input, order));
      if (s == 0) first_order = std::move(order);
      results.push_back(std::move(col));
    }
    if (n == 0) {
      return std::optional<types::RecordBatch>(types::RecordBatch::MakeEmpty(schema_));
    }
    std::vector<ColumnPtr> out;
    for (const auto& c : input.columns()) {
      GT_ASSIGN_OR_RETURN(ColumnPtr t, types::TakeColumn(*c, first_order));
      out.push_back(std::move(t));
    }
    for (const auto& c : results) {
      GT_ASSIGN_OR_RETURN(ColumnPtr t, types::TakeColumn(*c, first_order));
      out.push_back(std::move(t));
    }
    GT_ASSIGN_OR_RETURN(auto batch, types::RecordBatch::Make(schema_, std::move(out)));
    return std::optional<types::RecordBatch>(std::move(batch));
  }

 private:
  // Computes one spec; `order` receives the sorted row order used.
  Result<ColumnPtr> Compute(const WindowFunctionSpec& spec, const types::RecordBatch& input,
                            std::vector<uint32_t>& order) {
    const size_t n = input.num_rows();
    std::vector<ColumnPtr> part, keys, args;
    for (const auto& e : spec.partition_by) {
      GT_ASSIGN_OR_RETURN(ColumnPtr c, e->Evaluate(input));
      part.push_back(c);
    }
    for (const auto& k : spec.order_by) {
      GT_ASSIGN_OR_RETURN(ColumnPtr c, k.expr->Evaluate(input));
      keys.push_back(c);
    }
    for (const auto& a : spec.args) {
      GT_ASSIGN_OR_RETURN(ColumnPtr c, a->Evaluate(input));
      args.push_back(c);
    }
    order.resize(n);
    std::iota(order.begin(), order.end(), 0);
    auto cmp_part = [&](uint32_t a, uint32_t b) {
      for (const auto& c : part) {
        int r = CompareNullable(c->GetValue(a), c->GetValue(b), false);
        if (r != 0) return r;
      }
      return 0;
    };
    auto cmp_keys = [&](uint32_t a, uint32_t b) {
      for (size_t k = 0; k < keys.size(); ++k) {
        int r = CompareNullable(keys[k]->GetValue(a), keys[k]->GetValue(b),
                                spec.order_by[k].nulls_first);
        if (!spec.order_by[k].ascending) r = -r;
        if (r != 0) return r;
      }
      return 0;
    };
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      int r = cmp_part(a, b);
      if (r != 0) return r < 0;
      return cmp_keys(a, b) < 0;
    });
    std::vector<Value> out(n);
    size_t start = 0;
    while (start < n) {
      size_t end = start + 1;
      while (end < n && cmp_part(order[start], order[end]) == 0) ++end;
      GT_RETURN_IF_ERROR(ComputePartition(spec, order, start, end, keys, args, cmp_keys, out));
      start = end;
    }
    auto b = types::MakeColumnBuilder(spec.output_type, n);
    for (size_t i = 0; i < n; ++i) {
      Value v = out[i];
      if (!v.is_null() && !(v.type() == spec.output_type)) {
        GT_ASSIGN_OR_RETURN(v, v.CastTo(spec.output_type));
      }
      GT_RETURN_IF_ERROR(b->Append(v));
    }
    return b->Finish();
  }

  template <typename Cmp>
  Status ComputePartition(const WindowFunctionSpec& spec, const std::vector<uint32_t>& order,
                          size_t begin, size_t end, const std::vector<ColumnPtr>& keys,
                          const std::vector<ColumnPtr>& args, Cmp cmp_keys,
                          std::vector<Value>& out) {
    const size_t m = end - begin;
    // Peer groups.
    std::vector<size_t> peer_start(m), peer_end(m), peer_index(m);
    {
      size_t g = 0, i = 0;
      while (i < m) {
        size_t j = i + 1;
        while (j < m && cmp_keys(order[begin + i], order[begin + j]) == 0) ++j;
        for (size_t k = i; k < j; ++k) {
          peer_start[k] = i;
          peer_end[k] = j;
          peer_index[k] = g;
        }
        ++g;
        i = j;
      }
    }
    const std::string& f = spec.function;
    auto row = [&](size_t i) { return order[begin + i]; };
    if (f == "row_number") {
      for (size_t i = 0; i < m; ++i) out[row(i)] = Value::UInt64(i + 1);
      return Status::OK();
    }
    if (f == "rank" || f == "dense_rank" || f == "percent_rank" || f == "cume_dist") {
      for (size_t i = 0; i < m; ++i) {
        if (f == "rank") out[row(i)] = Value::UInt64(peer_start[i] + 1);
        else if (f == "dense_rank") out[row(i)] = Value::UInt64(peer_index[i] + 1);
        else if (f == "percent_rank")
          out[row(i)] = Value::Float64(m <= 1 ? 0.0 : static_cast<double>(peer_start[i]) / static_cast<double>(m - 1));
        else out[row(i)] = Value::Float64(static_cast<double>(peer_end[i]) / static_cast<double>(m));
      }
      return Status::OK();
    }
    if (f == "ntile") {
      int64_t buckets = spec.constants.empty() ? 1 : spec.constants[0].ToInt64().value_or(1);
      if (buckets <= 0) return Status::InvalidArguments("ntile needs a positive bucket count");
      for (size_t i = 0; i < m; ++i) {
        out[row(i)] = Value::UInt64(static_cast<uint64_t>(i * static_cast<size_t>(buckets) / m + 1));
      }
      return Status::OK();
    }
    if (f == "lag" || f == "lead") {
      int64_t off = spec.constants.size() > 1 && !spec.constants[1].is_null()
                        ? spec.constants[1].ToInt64().value_or(1)
                        : 1;
      if (f == "lag") off = -off;
      for (size_t i = 0; i < m; ++i) {
        int64_t j = static_cast<int64_t>(i) + off;
        if (j >= 0 && j < static_cast<int64_t>(m)) {
          out[row(i)] = args[0]->GetValue(row(static_cast<size_t>(j)));
        } else if (args.size() > 2) {
          out[row(i)] = args[2]->GetValue(row(i));
        } else {
          out[row(i)] = Value();
        }
      }
      return Status::OK();
    }
    // Frame-based functions.
    auto frame_of = [&](size_t i, size_t& fs, size_t& fe) -> Status {
      auto bound = [&](const FrameBound& b, bool is_start) -> Result<int64_t> {
        const int64_t ii = static_cast<int64_t>(i);
        switch (b.kind) {
          case FrameBoundKind::kUnboundedPreceding: return 0;
          case FrameBoundKind::kUnboundedFollowing: return static_cast<int64_t>(m);
          default: break;
        }
        if (spec.frame.units == FrameUnits::kRows) {
          int64_t off = b.kind == FrameBoundKind::kCurrentRow ? 0 : b.offset.ToInt64().value_or(0);
          if (b.kind == FrameBoundKind::kPreceding) off = -off;
          return is_start ? ii + off : ii + off + 1;
        }
        if (spec.frame.units == FrameUnits::kGroups || b.kind == FrameBoundKind::kCurrentRow ||
            keys.empty()) {
          int64_t off = b.kind == FrameBoundKind::kCurrentRow ? 0 : b.offset.ToInt64().value_or(0);
          if (b.kind == FrameBoundKind::kPreceding) off = -off;
          if (spec.frame.units == FrameUnits::kRange) off = 0;
          int64_t target = static_cast<int64_t>(peer_index[i]) + off;
          if (is_start) {
            for (size_t k = 0; k < m; ++k) {
              if (static_cast<int64_t>(peer_index[k]) >= target) return static_cast<int64_t>(k);
            }
            return static_cast<int64_t>(m);
          }
          for (size_t k = m; k-- > 0;) {
            if (static_cast<int64_t>(peer_index[k]) <= target) return static_cast<int64_t>(k + 1);
          }
          return 0;
        }
        // RANGE with an offset: numeric distance on the (single) order key.
        Value cur = keys[0]->GetValue(row(i));
        if (cur.is_null()) return is_start ? static_cast<int64_t>(peer_start[i]) : static_cast<int64_t>(peer_end[i]);
        double c = 0;
        double off = 0;
        if (cur.type().is_timestamp()) {
          c = static_cast<double>(cur.AsTimestamp().value);
          if (b.offset.type().is_interval()) {
            const auto& iv = b.offset.AsInterval();
            double ns = static_cast<double>(iv.days) * 86400e9 + static_cast<double>(iv.nanoseconds);
            double per = cur.AsTimestamp().unit == TimeUnit::kSecond        ? 1e9
                         : cur.AsTimestamp().unit == TimeUnit::kMillisecond ? 1e6
                         : cur.AsTimestamp().unit == TimeUnit::kMicrosecond ? 1e3
                                                                            : 1;
            off = ns / per;
          } else {
            off = b.offset.ToFloat64().value_or(0);
          }
        } else {
          c = cur.ToFloat64().value_or(0);
          off = b.offset.ToFloat64().value_or(0);
        }
        const bool asc = spec.order_by[0].ascending;
        double target = (b.kind == FrameBoundKind::kPreceding) == asc ? c - off : c + off;
        auto key_at = [&](size_t k) -> std::optional<double> {
          Value v = keys[0]->GetValue(row(k));
          if (v.is_null()) return std::nullopt;
          if (v.type().is_timestamp()) return static_cast<double>(v.AsTimestamp().value);
          return v.ToFloat64();
        };
        if (is_start) {
          for (size_t k = 0; k < m; ++k) {
            auto kv = key_at(k);
            if (!kv) continue;
            if (asc ? *kv >= target : *kv <= target) return static_cast<int64_t>(k);
          }
          return static_cast<int64_t>(m);
        }
        for (size_t k = m; k-- > 0;) {
          auto kv = key_at(k);
          if (!kv) continue;
          if (asc ? *kv <= target : *kv >= target) return static_cast<int64_t>(k + 1);
        }
        return 0;
      };
      GT_ASSIGN_OR_RETURN(int64_t s, bound(spec.frame.start, true));
      GT_ASSIGN_OR_RETURN(int64_t e, bound(spec.frame.end, false));
      s = std::clamp<int64_t>(s, 0, static_cast<int64_t>(m));
      e = std::clamp<int64_t>(e, 0, static_cast<int64_t>(m));
      fs = static_cast<size_t>(s);
      fe = static_cast<size_t>(std::max(s, e));
      return Status::OK();
    };
    if (f == "first_value" || f == "last_value" || f == "nth_value") {
      for (size_t i = 0; i < m; ++i) {
        size_t fs, fe;
        GT_RETURN_IF_ERROR(frame_of(i, fs, fe));
        if (fs >= fe) {
          out[row(i)] = Value();
          continue;
        }
        size_t pick = f == "first_value" ? fs : fe - 1;
        if (f == "nth_value") {
          int64_t k = spec.constants.size() > 1 ? spec.constants[1].ToInt64().value_or(1) : 1;
          if (k < 1 || fs + static_cast<size_t>(k) - 1 >= fe) {
            out[row(i)] = Value();
            continue;
          }
          pick = fs + static_cast<size_t>(k) - 1;
        }
        out[row(i)] = args[0]->GetValue(row(pick));
      }
      return Status::OK();
    }
    if (spec.aggregate == nullptr) {
      return Status(StatusCode::kPlanQuery, fmt::format("Unknown window function {}", f));
    }
    std::vector<ArgInfo> infos;
    for (size_t a = 0; a < spec.args.size(); ++a) {
      infos.push_back({spec.args[a]->type(),
                       a < spec.constants.size() && !spec.constants[a].is_null() ? &spec.constants[a] : nullptr});
    }
    AggregateOptions opts;
    // Partition rows as columns in sorted order.
    std::vector<uint32_t> idx(order.begin() + static_cast<std::ptrdiff_t>(begin),
                              order.begin() + static_cast<std::ptrdiff_t>(end));
    std::vector<ColumnPtr> pargs;
    for (const auto& a : args) {
      GT_ASSIGN_OR_RETURN(ColumnPtr t, types::TakeColumn(*a, idx));
      pargs.push_back(std::move(t));
    }
    auto slice_args = [&](size_t fs, size_t fe) {
      std::vector<ColumnPtr> s;
      for (const auto& c : pargs) s.push_back(c->Slice(fs, fe - fs));
      return s;
    };
    for (size_t i = 0; i < m; ++i) {
      size_t fs, fe;
      GT_RETURN_IF_ERROR(frame_of(i, fs, fe));
      GT_ASSIGN_OR_RETURN(auto acc, spec.aggregate->MakeAccumulator(infos, opts));
      std::vector<uint32_t> gids(fe - fs, 0);
      if (fe > fs) {
        GT_RETURN_IF_ERROR(acc->Update(slice_args(fs, fe), gids, 1));
      }
      GT_ASSIGN_OR_RETURN(ColumnPtr r, acc->Finish(1));
      out[row(i)] = r->GetValue(0);
    }
    return Status::OK();
  }

  ExecNodePtr child_;
  std::vector<WindowFunctionSpec> specs_;
  types::SchemaPtr schema_;
  uint64_t memory_limit_;
  bool done_ = false;
};

}  // namespace

bool IsWindowFunctionName(std::string_view name) {
  for (const char* n : kWindowNames) {
    if (name == n) return true;
  }
  return false;
}

Result<DataType> WindowFunctionReturnType(std::string_view name, std::span<const ArgInfo> args) {
  if (name == "row_number" || name == "rank" || name == "dense_rank") return DataType::UInt64();
  if (name == "ntile") {
    if (args.size() != 1) return Status(StatusCode::kPlanQuery, "ntile needs one argument");
    return DataType::UInt64();
  }
  if (name == "percent_rank" || name == "cume_dist") return DataType::Float64();
  if (name == "lag" || name == "lead" || name == "first_value" || name == "last_value" ||
      name == "nth_value") {
    if (args.empty()) {
      return Status(StatusCode::kPlanQuery, fmt::format("{} needs an argument", name));
    }
    return args[0].type;
  }
  return Status(StatusCode::kPlanQuery, fmt::format("Unknown window function {}", name));
}

Result<ExecNodePtr> MakeWindow(ExecNodePtr child, std::vector<WindowFunctionSpec> specs,
                               uint64_t memory_limit) {
  std::vector<types::ColumnSchema> cols = child->schema()->columns();
  for (const auto& s : specs) {
    cols.push_back({s.name, s.output_type, true, types::SemanticType::kField, {}, ""});
  }
  auto schema = std::make_shared<types::Schema>(std::move(cols));
  return ExecNodePtr(std::make_unique<WindowNode>(std::move(child), std::move(specs),
                                                  std::move(schema), memory_limit));
}

}  // namespace greptime::query
