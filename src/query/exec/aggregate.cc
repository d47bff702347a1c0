// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Hash aggregation over GroupsAccumulators. Rows get dense group ids from a hash table keyed by
// the group values: a single Int64/Timestamp key or a single string key uses a typed table; any
// other combination encodes the row's keys into bytes. Accumulators then update all rows of a
// batch at once.
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

// Appends a self-delimiting encoding of row `i` of `c` to `out` (NULL distinct from values).
void EncodeKey(const types::Column& c, size_t i, std::string& out) {
  if (c.IsNull(i)) {
    out.push_back('\0');
    return;
  }
  out.push_back('\1');
  if (const auto* s = c.As<types::StringColumn>()) {
    std::string_view v = s->at(i);
    uint32_t n = static_cast<uint32_t>(v.size());
    out.append(reinterpret_cast<const char*>(&n), sizeof(n));
    out.append(v);
    return;
  }
  if (const auto* n = c.As<types::Int64Column>()) {
    int64_t v = n->at(i);
    out.append(reinterpret_cast<const char*>(&v), sizeof(v));
    return;
  }
  if (const auto* f = c.As<types::Float64Column>()) {
    double v = f->at(i);
    if (v == 0) v = 0;  // -0 == 0
    out.append(reinterpret_cast<const char*>(&v), sizeof(v));
    return;
  }
  std::string text = c.GetValue(i).ToString();
  uint32_t len = static_cast<uint32_t>(text.size());
  out.append(reinterpret_cast<const char*>(&len), sizeof(len));
  out.append(text);
}

class HashAggregateNode final : public ExecNode {
 public:
  HashAggregateNode(ExecNodePtr child, std::vector<ExprPtr> groups, std::vector<AggregateSpec> aggs,
                    types::SchemaPtr schema, uint64_t memory_limit,
                    std::vector<std::unique_ptr<GroupsAccumulator>> accs)
      : child_(std::move(child)), groups_(std::move(groups)), aggs_(std::move(aggs)),
        schema_(std::move(schema)), memory_limit_(memory_limit), accs_(std::move(accs)) {
    key_builders_.resize(groups_.size());
  }

  const types::SchemaPtr& schema() const override { return schema_; }
  std::string Describe() const override {
    std::string out = "HashAggregate: groups=[";
    for (size_t i = 0; i < groups_.size(); ++i) out += (i ? ", " : "") + groups_[i]->ToString();
    out += "], aggs=[";
    for (size_t i = 0; i < aggs_.size(); ++i) out += (i ? ", " : "") + aggs_[i].name;
    return out + "]";
  }

  Result<std::optional<types::RecordBatch>> Next() override {
    if (done_) return std::optional<types::RecordBatch>();
    done_ = true;
    for (size_t g = 0; g < groups_.size(); ++g) {
      key_builders_[g] = types::MakeColumnBuilder(groups_[g]->type());
    }
    while (true) {
      GT_ASSIGN_OR_RETURN(std::optional<types::RecordBatch> batch, child_->Next());
      if (!batch) break;
      if (batch->num_rows() == 0) continue;
      GT_RETURN_IF_ERROR(Consume(*batch));
    }
    if (groups_.empty() && num_groups_ == 0) num_groups_ = 1;  // one row for empty input
    std::vector<ColumnPtr> columns;
    for (auto& b : key_builders_) columns.push_back(b->Finish());
    for (size_t a = 0; a < accs_.size(); ++a) {
      GT_ASSIGN_OR_RETURN(ColumnPtr c, accs_[a]->Finish(num_groups_));
      if (!(c->type() == aggs_[a].output_type) && !c->type().is_null()) {
        auto b = types::MakeColumnBuilder(aggs_[a].output_type, c->size());
        for (size_t i = 0; i < c->size(); ++i) {
          if (c->IsNull(i)) {
            b->AppendNull();
            continue;
          }
          GT_ASSIGN_OR_RETURN(Value v, c->GetValue(i).CastTo(aggs_[a].output_type));
          GT_RETURN_IF_ERROR(b->Append(v));
        }
        c = b->Finish();
      } else if (c->type().is_null() && !aggs_[a].output_type.is_null()) {
        c = types::MakeConstantColumn(aggs_[a].output_type, Value(), c->size());
      }
      columns.push_back(std::move(c));
    }
    GT_ASSIGN_OR_RETURN(auto out, types::RecordBatch::Make(schema_, std::move(columns)));
    return std::optional<types::RecordBatch>(std::move(out));
  }

 private:
  Status Consume(const types::RecordBatch& batch) {
    const size_t n = batch.num_rows();
    std::vector<uint32_t> ids(n, 0);
    if (!groups_.empty()) {
      std::vector<ColumnPtr> keys;
      for (const auto& g : groups_) {
        GT_ASSIGN_OR_RETURN(ColumnPtr c, g->Evaluate(batch));
        keys.push_back(std::move(c));
      }
      GT_RETURN_IF_ERROR(AssignIds(keys, ids));
    } else if (num_groups_ == 0) {
      num_groups_ = 1;
    }
    for (size_t a = 0; a < aggs_.size(); ++a) {
      const AggregateSpec& spec = aggs_[a];
      std::vector<ColumnPtr> args;
      for (const auto& e : spec.args) {
        GT_ASSIGN_OR_RETURN(ColumnPtr c, e->Evaluate(batch));
        args.push_back(std::move(c));
      }
      if (spec.filter) {
        GT_ASSIGN_OR_RETURN(auto sel, EvaluateSelection(*spec.filter, batch));
        std::vector<uint32_t> fids;
        fids.reserve(sel.size());
        for (uint32_t r : sel) fids.push_back(ids[r]);
        for (auto& c : args) {
          GT_ASSIGN_OR_RETURN(c, types::TakeColumn(*c, sel));
        }
        GT_RETURN_IF_ERROR(accs_[a]->Update(args, fids, num_groups_));
      } else {
        GT_RETURN_IF_ERROR(accs_[a]->Update(args, ids, num_groups_));
      }
    }
    return CheckMemory();
  }

  Status AssignIds(const std::vector<ColumnPtr>& keys, std::vector<uint32_t>& ids) {
    const size_t n = ids.size();
    if (keys.size() == 1) {
      const types::Column& c = *keys[0];
      if (const auto* ints = c.As<types::Int64Column>(); ints != nullptr && c.null_count() == 0) {
        auto v = ints->values();
        for (size_t i = 0; i < n; ++i) {
          auto [it, inserted] = int_ids_.try_emplace(v[i], static_cast<uint32_t>(num_groups_));
          if (inserted) {
            ++num_groups_;
            GT_RETURN_IF_ERROR(key_builders_[0]->Append(c.GetValue(i)));
          }
          ids[i] = it->second;
        }
        return Status::OK();
      }
      if (const auto* s = c.As<types::StringColumn>(); s != nullptr && c.null_count() == 0) {
        for (size_t i = 0; i < n; ++i) {
          std::string_view k = s->at(i);
          auto it = str_ids_.find(k);
          if (it == str_ids_.end()) {
            it = str_ids_.emplace(std::string(k), static_cast<uint32_t>(num_groups_)).first;
            ++num_groups_;
            GT_RETURN_IF_ERROR(key_builders_[0]->Append(c.GetValue(i)));
            key_bytes_ += k.size() + 48;
          }
          ids[i] = it->second;
        }
        return Status::OK();
      }
    }
    std::string key;
    for (size_t i = 0; i < n; ++i) {
      key.clear();
      for (const auto& c : keys) EncodeKey(*c, i, key);
      auto it = bytes_ids_.find(key);
      if (it == bytes_ids_.end()) {
        it = bytes_ids_.emplace(key, static_cast<uint32_t>(num_groups_)).first;
        ++num_groups_;
        key_bytes_ += key.size() + 48;
        for (size_t g = 0; g < keys.size(); ++g) {
          GT_RETURN_IF_ERROR(key_builders_[g]->Append(keys[g]->GetValue(i)));
        }
      }
      ids[i] = it->second;
    }
    return Status::OK();
  }

  Status CheckMemory() const {
    if (memory_limit_ == 0) return Status::OK();
    size_t bytes = key_bytes_ + int_ids_.size() * 32 + num_groups_ * 16 * groups_.size();
    for (const auto& a : accs_) bytes += a->MemoryBytes();
    if (bytes > memory_limit_) {
      return Status::RuntimeResourcesExhausted(
          "Query memory limit exceeded: the aggregation needs more than {} bytes "
          "(query.memory_pool_size)",
          memory_limit_);
    }
    return Status::OK();
  }

  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };

  ExecNodePtr child_;
  std::vector<ExprPtr> groups_;
  std::vector<AggregateSpec> aggs_;
  types::SchemaPtr schema_;
  uint64_t memory_limit_;
  std::vector<std::unique_ptr<GroupsAccumulator>> accs_;
  std::vector<std::unique_ptr<types::ColumnBuilder>> key_builders_;
  std::unordered_map<int64_t, uint32_t> int_ids_;
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> str_ids_;
  std::unordered_map<std::string, uint32_t> bytes_ids_;
  size_t num_groups_ = 0;
  size_t key_bytes_ = 0;
  bool done_ = false;
};

}  // namespace

Result<ExecNodePtr> MakeHashAggregate(ExecNodePtr child, std::vector<ExprPtr> group_exprs,
                                      std::vector<std::string> group_names,
                                      std::vector<AggregateSpec> aggregates,
                                      uint64_t memory_limit) {
  std::vector<types::ColumnSchema> cols;
  for (size_t i = 0; i < group_exprs.size(); ++i) {
    cols.push_back({group_names[i], group_exprs[i]->type(), true, types::SemanticType::kField,
                    {}, ""});
  }
  std::vector<std::unique_ptr<GroupsAccumulator>> accs;
  for (const auto& a : aggregates) {
    if (a.function == nullptr) return Status::Internal("aggregate {} has no function", a.name);
    std::vector<ArgInfo> infos;
    const size_t nargs = a.args.size() - a.options.order_ascending.size();
    for (size_t i = 0; i < nargs; ++i) {
      infos.push_back({a.args[i]->type(),
                       i < a.constants.size() && !a.constants[i].is_null() ? &a.constants[i]
                                                                            : nullptr});
    }
    GT_ASSIGN_OR_RETURN(auto acc, a.function->MakeAccumulator(infos, a.options));
    accs.push_back(std::move(acc));
    cols.push_back({a.name, a.output_type, true, types::SemanticType::kField, {}, ""});
  }
  auto schema = std::make_shared<types::Schema>(std::move(cols));
  return ExecNodePtr(std::make_unique<HashAggregateNode>(std::move(child), std::move(group_exprs),
                                                         std::move(aggregates), std::move(schema),
                                                         memory_limit, std::move(accs)));
}

}  // namespace greptime::query
