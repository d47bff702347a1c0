// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// RANGE ... ALIGN ... BY ... FILL (spec/sql.md §11). A row at time t feeds every window start
// s = origin + k * align with s <= t < s + range, per range item; a (group, start) pair becomes an
// accumulator group. With any FILL, each group is densified from its first to its last start
// and the fills are applied per item.
#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "query/exec/exec_node.h"
#include "types/column_builder.h"
#include "types/column_ops.h"

namespace greptime::query {
namespace {

using types::ColumnPtr;
using types::DataType;
using types::Value;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int64_t UnitsPerMs(TimeUnit u, bool& divide) {
  divide = false;
  switch (u) {
    case TimeUnit::kSecond: divide = true; return 1000;
    case TimeUnit::kMillisecond: return 1;
    case TimeUnit::kMicrosecond: return 1000;
    case TimeUnit::kNanosecond: return 1000000;
  }
  return 1;
}

class RangeAggregateNode final : public ExecNode {
 public:
  RangeAggregateNode(ExecNodePtr child, RangeAggregateSpec spec, types::SchemaPtr schema,
                     uint64_t memory_limit)
      : child_(std::move(child)), spec_(std::move(spec)), schema_(std::move(schema)),
        memory_limit_(memory_limit) {}
  const types::SchemaPtr& schema() const override { return schema_; }
  std::string Describe() const override {
    std::string s = fmt::format("RangeSelect: align={}ms, origin={}ms, items=[", spec_.align_ms,
                                spec_.align_origin_ms);
    for (size_t i = 0; i < spec_.items.size(); ++i) {
      s += (i ? ", " : "") + spec_.items[i].aggregate.name;
    }
    return s + "]";
  }

  Result<std::optional<types::RecordBatch>> Next() override {
    if (done_) return std::optional<types::RecordBatch>();
    done_ = true;
    GT_ASSIGN_OR_RETURN(types::RecordBatch all,
                        CollectConcatenated(*child_, memory_limit_, "the range query"));
    size_t bytes = 0;
    for (const auto& c : all.columns()) bytes += c->MemoryBytes();
    std::vector<types::RecordBatch> batches;
    if (all.num_rows() > 0) batches.push_back(std::move(all));
    const DataType ts_type = child_->schema()->column(spec_.time_index).type;
    bool divide = false;
    const int64_t factor = UnitsPerMs(ts_type.time_unit(), divide);
    auto to_ms = [&](int64_t v) { return divide ? v * factor : FloorDiv(v, factor); };
    auto from_ms = [&](int64_t ms) { return divide ? FloorDiv(ms, factor) : ms * factor; };

    // Groups by BY keys.
    std::unordered_map<std::string, uint32_t> group_ids;
    std::vector<std::vector<Value>> group_keys;
    // (group, k) -> output row.
    std::map<std::pair<uint32_t, int64_t>, uint32_t> slots;
    const size_t nitems = spec_.items.size();
    std::vector<std::unique_ptr<GroupsAccumulator>> accs(nitems);
    for (size_t it = 0; it < nitems; ++it) {
      const auto& a = spec_.items[it].aggregate;
      std::vector<ArgInfo> infos;
      const size_t nargs = a.args.size() - a.options.order_ascending.size();
      for (size_t i = 0; i < nargs; ++i) {
        infos.push_back({a.args[i]->type(), i < a.constants.size() && !a.constants[i].is_null()
                                                ? &a.constants[i]
                                                : nullptr});
      }
      GT_ASSIGN_OR_RETURN(accs[it], a.function->MakeAccumulator(infos, a.options));
    }
    for (const auto& batch : batches) {
      const size_t n = batch.num_rows();
      std::vector<ColumnPtr> keys;
      for (const auto& e : spec_.by) {
        GT_ASSIGN_OR_RETURN(ColumnPtr c, e->Evaluate(batch));
        keys.push_back(c);
      }
      ColumnPtr ts = batch.column(spec_.time_index);
      std::vector<uint32_t> row_group(n);
      std::string key;
      for (size_t r = 0; r < n; ++r) {
        key.clear();
        std::vector<Value> vals;
        for (const auto& c : keys) {
          Value v = c->GetValue(r);
          key += v.is_null() ? std::string("\0N", 2) : v.ToString();
          key.push_back('\x1f');
          vals.push_back(std::move(v));
        }
        auto [gi, inserted] = group_ids.try_emplace(key, static_cast<uint32_t>(group_keys.size()));
        if (inserted) group_keys.push_back(std::move(vals));
        row_group[r] = gi->second;
      }
      for (size_t it = 0; it < nitems; ++it) {
        const RangeItem& item = spec_.items[it];
        std::vector<uint32_t> take, ids;
        for (size_t r = 0; r < n; ++r) {
          if (ts->IsNull(r)) continue;
          const int64_t t = to_ms(ts->GetValue(r).AsTimestamp().value);
          const int64_t o = spec_.align_origin_ms;
          const int64_t kmax = FloorDiv(t - o, spec_.align_ms);
          const int64_t kmin = FloorDiv(t - item.range_ms - o, spec_.align_ms) + 1;
          for (int64_t k = kmin; k <= kmax; ++k) {
            auto [si, ins] = slots.try_emplace({row_group[r], k}, static_cast<uint32_t>(slots.size()));
            take.push_back(static_cast<uint32_t>(r));
            ids.push_back(si->second);
          }
        }
        std::vector<ColumnPtr> args;
        for (const auto& e : item.aggregate.args) {
          GT_ASSIGN_OR_RETURN(ColumnPtr c, e->Evaluate(batch));
          GT_ASSIGN_OR_RETURN(c, types::TakeColumn(*c, take));
          args.push_back(std::move(c));
        }
        GT_RETURN_IF_ERROR(accs[it]->Update(args, ids, slots.size()));
        bytes += ids.size() * 8;
      }
      GT_RETURN_IF_ERROR(CheckMemory(bytes + slots.size() * 64));
    }
    const size_t nslots = slots.size();
    std::vector<ColumnPtr> values(nitems);
    for (size_t it = 0; it < nitems; ++it) {
      GT_ASSIGN_OR_RETURN(values[it], accs[it]->Finish(nslots));
    }
    // Output order: groups by key values, then window start.
    std::vector<uint32_t> gorder(group_keys.size());
    for (uint32_t i = 0; i < gorder.size(); ++i) gorder[i] = i;
    std::sort(gorder.begin(), gorder.end(), [&](uint32_t a, uint32_t b) {
      for (size_t k = 0; k < spec_.by.size(); ++k) {
        const Value& x = group_keys[a][k];
        const Value& y = group_keys[b][k];
        if (x.is_null() || y.is_null()) {
          if (x.is_null() != y.is_null()) return y.is_null();
          continue;
        }
        int c = x.Compare(y);
        if (c != 0) return c < 0;
      }
      return a < b;
    });
    bool any_fill = false;
    for (const auto& item : spec_.items) any_fill |= item.fill.kind != FillKind::kNone;
    // Rows: (group, k, slot or -1).
    struct OutRow {
      uint32_t group;
      int64_t k;
      int64_t slot;
    };
    std::vector<OutRow> rows;
    std::vector<std::vector<std::pair<int64_t, uint32_t>>> per_group(group_keys.size());
    for (const auto& [gk, slot] : slots) per_group[gk.first].push_back({gk.second, slot});
    for (uint32_t g : gorder) {
      auto& list = per_group[g];
      if (list.empty()) continue;
      std::sort(list.begin(), list.end());
      if (!any_fill) {
        for (const auto& [k, s] : list) rows.push_back({g, k, s});
        continue;
      }
      const int64_t kmin = list.front().first, kmax = list.back().first;
      if (kmax - kmin > 10'000'000) {
        return Status::RuntimeResourcesExhausted(
            "Range query FILL would produce more than 10000000 rows for one series");
      }
      size_t j = 0;
      for (int64_t k = kmin; k <= kmax; ++k) {
        if (j < list.size() && list[j].first == k) {
          rows.push_back({g, k, list[j].second});
          ++j;
        } else {
          rows.push_back({g, k, -1});
        }
      }
      GT_RETURN_IF_ERROR(CheckMemory(bytes + rows.size() * 32));
    }
    // Columns.
    auto ts_builder = types::MakeColumnBuilder(ts_type, rows.size());
    std::vector<std::unique_ptr<types::ColumnBuilder>> key_builders;
    for (const auto& e : spec_.by) key_builders.push_back(types::MakeColumnBuilder(e->type(), rows.size()));
    for (const auto& r : rows) {
      const int64_t ms = spec_.align_origin_ms + r.k * spec_.align_ms;
      GT_RETURN_IF_ERROR(ts_builder->Append(Value::Timestamp(from_ms(ms), ts_type.time_unit())));
      for (size_t k = 0; k < key_builders.size(); ++k) {
        GT_RETURN_IF_ERROR(key_builders[k]->Append(group_keys[r.group][k]));
      }
    }
    std::vector<ColumnPtr> out;
    out.push_back(ts_builder->Finish());
    for (auto& b : key_builders) out.push_back(b->Finish());
    for (size_t it = 0; it < nitems; ++it) {
      const RangeItem& item = spec_.items[it];
      const DataType out_type = schema_->column(1 + spec_.by.size() + it).type;
      const bool is_count = item.aggregate.output_type == DataType::Int64() &&
                            item.aggregate.name.rfind("count(", 0) == 0;
      std::vector<Value> vals(rows.size());
      for (size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].slot >= 0) vals[i] = values[it]->GetValue(static_cast<size_t>(rows[i].slot));
        else if (is_count) vals[i] = Value::Int64(0);
      }
      GT_RETURN_IF_ERROR(ApplyFill(item.fill, rows.size(), [&](size_t i) { return rows[i].group; },
                                   [&](size_t i) { return rows[i].k; }, vals, out_type));
      auto b = types::MakeColumnBuilder(out_type, rows.size());
      for (auto& v : vals) {
        if (!v.is_null() && !(v.type() == out_type)) {
          GT_ASSIGN_OR_RETURN(v, v.CastTo(out_type));
        }
        GT_RETURN_IF_ERROR(b->Append(v));
      }
      out.push_back(b->Finish());
    }
    GT_ASSIGN_OR_RETURN(auto batch, types::RecordBatch::Make(schema_, std::move(out)));
    return std::optional<types::RecordBatch>(std::move(batch));
  }

 private:
  template <typename G, typename K>
  Status ApplyFill(const FillSpec& fill, size_t n, G group_of, K k_of, std::vector<Value>& vals,
                   const DataType& out_type) {
    if (fill.kind == FillKind::kNone || fill.kind == FillKind::kNull) return Status::OK();
    if (fill.kind == FillKind::kConstant) {
      Value c = fill.constant;
      if (!c.is_null() && !(c.type() == out_type)) {
        auto cast = c.CastTo(out_type);
        if (!cast.ok() || (out_type.is_integer() && c.type().is_float())) {
          return Status::InvalidArguments(
              "{} is not a valid fill option, fail to convert to a const value. {{ data_type: {} }}",
              c.ToString(), out_type.Name());
        }
        c = *cast;
      }
      for (auto& v : vals) {
        if (v.is_null()) v = c;
      }
      return Status::OK();
    }
    size_t start = 0;
    while (start < n) {
      size_t end = start + 1;
      while (end < n && group_of(end) == group_of(start)) ++end;
      if (fill.kind == FillKind::kPrev) {
        for (size_t i = start + 1; i < end; ++i) {
          if (vals[i].is_null()) vals[i] = vals[i - 1];
        }
      } else if (fill.kind == FillKind::kLinear) {
        std::vector<size_t> known;
        for (size_t i = start; i < end; ++i) {
          if (!vals[i].is_null()) known.push_back(i);
        }
        if (known.size() >= 2) {
          auto y = [&](size_t i) { return vals[i].ToFloat64().value_or(0); };
          auto x = [&](size_t i) {
            return static_cast<double>(spec_.align_origin_ms + k_of(i) * spec_.align_ms);
          };
          std::vector<Value> filled(vals.begin() + static_cast<std::ptrdiff_t>(start),
                                    vals.begin() + static_cast<std::ptrdiff_t>(end));
          size_t kidx = 0;
          for (size_t i = start; i < end; ++i) {
            while (kidx + 1 < known.size() && known[kidx + 1] <= i) ++kidx;
            if (!vals[i].is_null()) {
              filled[i - start] = Value::Float64(y(i));
              continue;
            }
            size_t a, b;
            if (i < known.front()) {
              a = known[0];
              b = known[1];
            } else if (i > known.back()) {
              a = known[known.size() - 2];
              b = known.back();
            } else {
              a = known[kidx];
              b = known[kidx + 1];
            }
            double slope = (y(b) - y(a)) / (x(b) - x(a));
            filled[i - start] = Value::Float64(y(a) + slope * (x(i) - x(a)));
          }
          for (size_t i = start; i < end; ++i) vals[i] = filled[i - start];
        }
      }
      start = end;
    }
    return Status::OK();
  }

  Status CheckMemory(size_t bytes) const {
    if (memory_limit_ != 0 && bytes > memory_limit_) {
      return Status::RuntimeResourcesExhausted(
          "Query memory limit exceeded: the range query needs more than {} bytes "
          "(query.memory_pool_size)",
          memory_limit_);
    }
    return Status::OK();
  }

  ExecNodePtr child_;
  RangeAggregateSpec spec_;
  types::SchemaPtr schema_;
  uint64_t memory_limit_;
  bool done_ = false;
};

}  // namespace

Result<ExecNodePtr> MakeRangeAggregate(ExecNodePtr child, RangeAggregateSpec spec,
                                       uint64_t memory_limit) {
  if (spec.align_ms <= 0) {
    return Status(StatusCode::kPlanQuery, "Error during planning: duration must be greater than 0");
  }
  const auto& in = *child->schema();
  if (spec.time_index >= in.num_columns() || !in.column(spec.time_index).type.is_timestamp()) {
    return Status(StatusCode::kPlanQuery, "range query needs a timestamp time index");
  }
  std::vector<types::ColumnSchema> cols;
  cols.push_back({spec.time_name, in.column(spec.time_index).type, false,
                  types::SemanticType::kTimestamp, {}, ""});
  for (size_t i = 0; i < spec.by.size(); ++i) {
    cols.push_back({spec.by_names[i], spec.by[i]->type(), true, types::SemanticType::kField, {}, ""});
  }
  for (const auto& item : spec.items) {
    if (item.range_ms <= 0) {
      return Status(StatusCode::kPlanQuery, "Error during planning: duration must be greater than 0");
    }
    DataType t = item.aggregate.output_type;
    if (item.fill.kind == FillKind::kLinear && (t.is_integer() || t.is_decimal())) {
      t = DataType::Float64();
    }
    cols.push_back({item.aggregate.name, t, true, types::SemanticType::kField, {}, ""});
  }
  auto schema = std::make_shared<types::Schema>(std::move(cols));
  return ExecNodePtr(std::make_unique<RangeAggregateNode>(std::move(child), std::move(spec),
                                                          std::move(schema), memory_limit));
}

}  // namespace greptime::query
