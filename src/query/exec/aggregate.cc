// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Hash aggregation: group keys are the rows' key values (as Values, hashed), accumulators are
// per group and per aggregate.
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "query/exec/exec_node.h"
#include "types/column_builder.h"

namespace greptime::query {
namespace {

using types::DataType;
using types::Value;

struct GroupKey {
  std::vector<Value> values;
  bool operator==(const GroupKey& other) const { return values == other.values; }
};
struct GroupKeyHash {
  size_t operator()(const GroupKey& key) const {
    size_t h = 0x9e3779b97f4a7c15ull;
    for (const Value& v : key.values) h = (h ^ v.Hash()) * 0x100000001b3ull;
    return h;
  }
};

struct Accumulator {
  int64_t count = 0;
  double float_sum = 0;
  int64_t int_sum = 0;
  Value extreme;  // min/max/first/last
  bool has_value = false;
  std::unordered_set<Value, decltype([](const Value& v) { return v.Hash(); })> distinct;
};

class HashAggregateNode final : public ExecNode {
 public:
  HashAggregateNode(ExecNodePtr child, std::vector<ExprPtr> groups, std::vector<AggregateSpec> aggs,
                    types::SchemaPtr schema, uint64_t memory_limit)
      : child_(std::move(child)), groups_(std::move(groups)), aggs_(std::move(aggs)),
        schema_(std::move(schema)), memory_limit_(memory_limit) {}

  const types::SchemaPtr& schema() const override { return schema_; }
  std::string Describe() const override {
    std::string out = "Aggregate: groupBy=[";
    for (size_t i = 0; i < groups_.size(); ++i) out += (i ? ", " : "") + groups_[i]->ToString();
    out += "], aggr=[";
    for (size_t i = 0; i < aggs_.size(); ++i) out += (i ? ", " : "") + aggs_[i].name;
    return out + "]";
  }

  Result<std::optional<types::RecordBatch>> Next() override {
    if (done_) return std::optional<types::RecordBatch>();
    done_ = true;
    while (true) {
      GT_ASSIGN_OR_RETURN(std::optional<types::RecordBatch> batch, child_->Next());
      if (!batch) break;
      GT_RETURN_IF_ERROR(Consume(*batch));
    }
    if (groups_.empty() && order_.empty()) {
      index_.emplace(GroupKey{}, 0);
      order_.push_back(GroupKey{});
      states_.emplace_back(aggs_.size());
    }
    return Emit();
  }

 private:
  Status Consume(const types::RecordBatch& batch) {
    std::vector<types::ColumnPtr> keys, inputs;
    for (const ExprPtr& g : groups_) {
      GT_ASSIGN_OR_RETURN(types::ColumnPtr c, g->Evaluate(batch));
      keys.push_back(std::move(c));
    }
    for (const AggregateSpec& a : aggs_) {
      types::ColumnPtr c;
      if (a.input) {
        GT_ASSIGN_OR_RETURN(c, a.input->Evaluate(batch));
      }
      inputs.push_back(std::move(c));
    }
    for (size_t row = 0; row < batch.num_rows(); ++row) {
      GroupKey key;
      for (const auto& k : keys) key.values.push_back(k->GetValue(row));
      auto it = index_.find(key);
      if (it == index_.end()) {
        memory_ += 64 + aggs_.size() * sizeof(Accumulator);
        for (const Value& v : key.values) memory_ += 32 + (v.type().is_string_like() && !v.is_null() ? v.AsBytes().size() : 0);
        if (memory_limit_ != 0 && memory_ > memory_limit_) {
          return Status::RuntimeResourcesExhausted(
              "aggregation needs more than the query memory limit of {} bytes ({} groups so far)",
              memory_limit_, order_.size());
        }
        it = index_.emplace(key, order_.size()).first;
        order_.push_back(key);
        states_.emplace_back(aggs_.size());
      }
      std::vector<Accumulator>& accs = states_[it->second];
      for (size_t a = 0; a < aggs_.size(); ++a) Update(aggs_[a], inputs[a].get(), row, accs[a]);
    }
    return Status::OK();
  }

  static void Update(const AggregateSpec& spec, const types::Column* input, size_t row,
                     Accumulator& acc) {
    if (spec.kind == AggregateKind::kCountStar) {
      ++acc.count;
      return;
    }
    if (input->IsNull(row)) return;
    Value v = input->GetValue(row);
    if (spec.distinct) {
      if (!acc.distinct.insert(v).second) return;
    }
    ++acc.count;
    switch (spec.kind) {
      case AggregateKind::kSum:
      case AggregateKind::kAvg:
        if (v.type().is_float() || v.type().is_decimal() || spec.kind == AggregateKind::kAvg) {
          acc.float_sum += v.ToFloat64().value_or(0);
        } else {
          acc.int_sum += v.ToInt64().value_or(0);
        }
        break;
      case AggregateKind::kMin:
        if (!acc.has_value || v.Compare(acc.extreme) < 0) acc.extreme = v;
        break;
      case AggregateKind::kMax:
        if (!acc.has_value || v.Compare(acc.extreme) > 0) acc.extreme = v;
        break;
      case AggregateKind::kFirst:
        if (!acc.has_value) acc.extreme = v;
        break;
      case AggregateKind::kLast:
        acc.extreme = v;
        break;
      default:
        break;
    }
    acc.has_value = true;
  }

  Result<std::optional<types::RecordBatch>> Emit() {
    std::vector<std::unique_ptr<types::ColumnBuilder>> builders;
    for (const types::ColumnSchema& c : schema_->columns()) {
      builders.push_back(types::MakeColumnBuilder(c.type, order_.size()));
    }
    for (size_t g = 0; g < order_.size(); ++g) {
      for (size_t k = 0; k < groups_.size(); ++k) {
        GT_RETURN_IF_ERROR(builders[k]->Append(order_[g].values[k]));
      }
      for (size_t a = 0; a < aggs_.size(); ++a) {
        const Accumulator& acc = states_[g][a];
        types::ColumnBuilder& out = *builders[groups_.size() + a];
        const DataType& type = out.type();
        switch (aggs_[a].kind) {
          case AggregateKind::kCountStar:
          case AggregateKind::kCount:
            GT_RETURN_IF_ERROR(out.Append(Value::Int64(acc.count)));
            break;
          case AggregateKind::kSum:
            if (acc.count == 0) out.AppendNull();
            else if (type.is_float()) GT_RETURN_IF_ERROR(out.Append(Value::Float64(acc.float_sum)));
            else if (type.is_unsigned_integer()) {
              GT_RETURN_IF_ERROR(out.Append(Value::UInt64(static_cast<uint64_t>(acc.int_sum))));
            } else {
              GT_RETURN_IF_ERROR(out.Append(Value::Int64(acc.int_sum)));
            }
            break;
          case AggregateKind::kAvg:
            if (acc.count == 0) out.AppendNull();
            else GT_RETURN_IF_ERROR(out.Append(Value::Float64(acc.float_sum / static_cast<double>(acc.count))));
            break;
          default:
            if (!acc.has_value) out.AppendNull();
            else GT_RETURN_IF_ERROR(out.Append(acc.extreme));
        }
      }
    }
    std::vector<types::ColumnPtr> columns;
    for (auto& b : builders) columns.push_back(b->Finish());
    GT_ASSIGN_OR_RETURN(types::RecordBatch out, types::RecordBatch::Make(schema_, std::move(columns)));
    return std::optional<types::RecordBatch>(std::move(out));
  }

  ExecNodePtr child_;
  std::vector<ExprPtr> groups_;
  std::vector<AggregateSpec> aggs_;
  types::SchemaPtr schema_;
  uint64_t memory_limit_;
  uint64_t memory_ = 0;
  bool done_ = false;
  std::unordered_map<GroupKey, size_t, GroupKeyHash> index_;
  std::vector<GroupKey> order_;
  std::vector<std::vector<Accumulator>> states_;
};

}  // namespace

Result<DataType> AggregateOutputType(AggregateKind kind, const DataType& input) {
  switch (kind) {
    case AggregateKind::kCountStar:
    case AggregateKind::kCount:
      return DataType::Int64();
    case AggregateKind::kSum:
      if (input.is_float() || input.is_decimal()) return DataType::Float64();
      if (input.is_unsigned_integer()) return DataType::UInt64();
      if (input.is_integer() || input.is_boolean()) return DataType::Int64();
      return Status(StatusCode::kPlanQuery, fmt::format("sum does not support {}", input.Name()));
    case AggregateKind::kAvg:
      if (input.is_numeric()) return DataType::Float64();
      return Status(StatusCode::kPlanQuery, fmt::format("avg does not support {}", input.Name()));
    default:
      return input;
  }
}

Result<ExecNodePtr> MakeHashAggregate(ExecNodePtr child, std::vector<ExprPtr> group_exprs,
                                      std::vector<std::string> group_names,
                                      std::vector<AggregateSpec> aggregates,
                                      uint64_t memory_limit) {
  std::vector<types::ColumnSchema> columns;
  for (size_t i = 0; i < group_exprs.size(); ++i) {
    types::ColumnSchema c;
    c.name = group_names[i];
    c.type = group_exprs[i]->type();
    columns.push_back(std::move(c));
  }
  for (const AggregateSpec& a : aggregates) {
    if (a.kind != AggregateKind::kCountStar && a.input == nullptr) {
      return Status(StatusCode::kPlanQuery, fmt::format("aggregate {} needs an argument", a.name));
    }
    types::ColumnSchema c;
    c.name = a.name;
    GT_ASSIGN_OR_RETURN(c.type, AggregateOutputType(a.kind, a.input ? a.input->type()
                                                                    : DataType::Int64()));
    columns.push_back(std::move(c));
  }
  auto schema = std::make_shared<const types::Schema>(std::move(columns));
  return ExecNodePtr(std::make_unique<HashAggregateNode>(std::move(child), std::move(group_exprs),
                                                         std::move(aggregates), std::move(schema),
                                                         memory_limit));
}

}  // namespace greptime::query
