// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Values, filter, project, limit and sort operators.
#include "query/exec/exec_node.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "types/column_ops.h"

namespace greptime::query {
namespace {

using types::RecordBatch;
using types::SchemaPtr;

class ValuesNode final : public ExecNode {
 public:
  ValuesNode(SchemaPtr schema, std::vector<RecordBatch> batches)
      : schema_(std::move(schema)), batches_(std::move(batches)) {}
  const SchemaPtr& schema() const override { return schema_; }
  Result<std::optional<RecordBatch>> Next() override {
    if (next_ >= batches_.size()) return std::optional<RecordBatch>();
    return std::optional<RecordBatch>(std::move(batches_[next_++]));
  }
  std::string Describe() const override { return fmt::format("Values: {} batches", batches_.size()); }

 private:
  SchemaPtr schema_;
  std::vector<RecordBatch> batches_;
  size_t next_ = 0;
};

class FilterNode final : public ExecNode {
 public:
  FilterNode(ExecNodePtr child, ExprPtr predicate)
      : child_(std::move(child)), predicate_(std::move(predicate)) {}
  const SchemaPtr& schema() const override { return child_->schema(); }
  Result<std::optional<RecordBatch>> Next() override {
    while (true) {
      GT_ASSIGN_OR_RETURN(std::optional<RecordBatch> batch, child_->Next());
      if (!batch) return batch;
      GT_ASSIGN_OR_RETURN(std::vector<uint32_t> selected, EvaluateSelection(*predicate_, *batch));
      if (selected.empty()) continue;
      if (selected.size() == batch->num_rows()) return batch;  // all rows, in order
      GT_ASSIGN_OR_RETURN(RecordBatch out, TakeRows(*batch, selected));
      return std::optional<RecordBatch>(std::move(out));
    }
  }
  std::string Describe() const override { return "Filter: " + predicate_->ToString(); }

 private:
  ExecNodePtr child_;
  ExprPtr predicate_;
};

class ProjectNode final : public ExecNode {
 public:
  ProjectNode(ExecNodePtr child, std::vector<ExprPtr> exprs, std::vector<std::string> names)
      : child_(std::move(child)), exprs_(std::move(exprs)) {
    std::vector<types::ColumnSchema> columns;
    for (size_t i = 0; i < exprs_.size(); ++i) {
      types::ColumnSchema c;
      c.name = names[i];
      c.type = exprs_[i]->type();
      columns.push_back(std::move(c));
    }
    schema_ = std::make_shared<const types::Schema>(std::move(columns));
  }
  const SchemaPtr& schema() const override { return schema_; }
  Result<std::optional<RecordBatch>> Next() override {
    GT_ASSIGN_OR_RETURN(std::optional<RecordBatch> batch, child_->Next());
    if (!batch) return batch;
    std::vector<types::ColumnPtr> columns;
    for (const ExprPtr& e : exprs_) {
      GT_ASSIGN_OR_RETURN(types::ColumnPtr c, e->Evaluate(*batch));
      columns.push_back(std::move(c));
    }
    GT_ASSIGN_OR_RETURN(RecordBatch out, RecordBatch::Make(schema_, std::move(columns)));
    return std::optional<RecordBatch>(std::move(out));
  }
  std::string Describe() const override {
    std::string out = "Projection: ";
    for (size_t i = 0; i < exprs_.size(); ++i) {
      if (i) out += ", ";
      out += exprs_[i]->ToString();
    }
    return out;
  }

 private:
  ExecNodePtr child_;
  std::vector<ExprPtr> exprs_;
  SchemaPtr schema_;
};

class LimitNode final : public ExecNode {
 public:
  LimitNode(ExecNodePtr child, uint64_t offset, std::optional<uint64_t> limit)
      : child_(std::move(child)), skip_(offset), remaining_(limit), offset_(offset) {}
  const SchemaPtr& schema() const override { return child_->schema(); }
  Result<std::optional<RecordBatch>> Next() override {
    while (!remaining_ || *remaining_ > 0) {
      GT_ASSIGN_OR_RETURN(std::optional<RecordBatch> batch, child_->Next());
      if (!batch) return batch;
      size_t start = 0;
      if (skip_ > 0) {
        start = static_cast<size_t>(std::min<uint64_t>(skip_, batch->num_rows()));
        skip_ -= start;
      }
      size_t length = batch->num_rows() - start;
      if (remaining_) {
        length = static_cast<size_t>(std::min<uint64_t>(length, *remaining_));
        *remaining_ -= length;
      }
      if (length == 0) continue;
      return std::optional<RecordBatch>(batch->Slice(start, length));
    }
    return std::optional<RecordBatch>();
  }
  std::string Describe() const override {
    return fmt::format("Limit: skip={}, fetch={}", offset_,
                       remaining_ ? std::to_string(*remaining_) : "None");
  }

 private:
  ExecNodePtr child_;
  uint64_t skip_;
  std::optional<uint64_t> remaining_;
  uint64_t offset_;
};

class SortNode final : public ExecNode {
 public:
  SortNode(ExecNodePtr child, std::vector<SortKey> keys, std::optional<uint64_t> limit,
           uint64_t memory_limit)
      : child_(std::move(child)), keys_(std::move(keys)), limit_(limit),
        memory_limit_(memory_limit) {}
  const SchemaPtr& schema() const override { return child_->schema(); }
  Result<std::optional<RecordBatch>> Next() override {
    if (done_) return std::optional<RecordBatch>();
    done_ = true;
    // Concatenate the input, evaluate the keys once, sort row indices.
    GT_ASSIGN_OR_RETURN(RecordBatch all, CollectConcatenated(*child_, memory_limit_, "the sort"));
    if (all.num_rows() == 0) return std::optional<RecordBatch>();
    std::vector<types::ColumnPtr> key_columns;
    for (const SortKey& k : keys_) {
      GT_ASSIGN_OR_RETURN(types::ColumnPtr c, k.expr->Evaluate(all));
      key_columns.push_back(std::move(c));
    }
    std::vector<uint32_t> order(all.num_rows());
    std::iota(order.begin(), order.end(), 0u);
    auto less = [&](uint32_t a, uint32_t b) {
      for (size_t k = 0; k < keys_.size(); ++k) {
        const types::Column& col = *key_columns[k];
        const bool an = col.IsNull(a), bn = col.IsNull(b);
        if (an || bn) {
          if (an && bn) continue;
          return an == keys_[k].nulls_first;
        }
        int c = col.GetValue(a).Compare(col.GetValue(b));
        if (c != 0) return keys_[k].ascending ? c < 0 : c > 0;
      }
      return false;
    };
    if (limit_ && *limit_ < order.size()) {
      std::partial_sort(order.begin(), order.begin() + static_cast<ptrdiff_t>(*limit_), order.end(),
                        [&](uint32_t a, uint32_t b) { return less(a, b) || (!less(b, a) && a < b); });
      order.resize(static_cast<size_t>(*limit_));
    } else {
      std::stable_sort(order.begin(), order.end(), less);
    }
    GT_ASSIGN_OR_RETURN(RecordBatch out, TakeRows(all, order));
    return std::optional<RecordBatch>(std::move(out));
  }
  std::string Describe() const override {
    std::string out = limit_ ? fmt::format("Sort (top {}): ", *limit_) : "Sort: ";
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (i) out += ", ";
      out += keys_[i].expr->ToString() + (keys_[i].ascending ? " ASC" : " DESC");
    }
    return out;
  }

 private:
  ExecNodePtr child_;
  std::vector<SortKey> keys_;
  std::optional<uint64_t> limit_;
  uint64_t memory_limit_;
  bool done_ = false;
};

}  // namespace

Result<std::vector<RecordBatch>> CollectAll(ExecNode& node) {
  std::vector<RecordBatch> out;
  while (true) {
    GT_ASSIGN_OR_RETURN(std::optional<RecordBatch> batch, node.Next());
    if (!batch) return out;
    if (batch->num_rows() > 0) out.push_back(std::move(*batch));
  }
}

ExecNodePtr MakeValues(SchemaPtr schema, std::vector<RecordBatch> batches) {
  return std::make_unique<ValuesNode>(std::move(schema), std::move(batches));
}
ExecNodePtr MakeFilter(ExecNodePtr child, ExprPtr predicate) {
  return std::make_unique<FilterNode>(std::move(child), std::move(predicate));
}
ExecNodePtr MakeProject(ExecNodePtr child, std::vector<ExprPtr> exprs,
                        std::vector<std::string> names) {
  return std::make_unique<ProjectNode>(std::move(child), std::move(exprs), std::move(names));
}
ExecNodePtr MakeLimit(ExecNodePtr child, uint64_t offset, std::optional<uint64_t> limit) {
  return std::make_unique<LimitNode>(std::move(child), offset, limit);
}
ExecNodePtr MakeSort(ExecNodePtr child, std::vector<SortKey> keys, std::optional<uint64_t> limit,
                     uint64_t memory_limit) {
  return std::make_unique<SortNode>(std::move(child), std::move(keys), limit, memory_limit);
}

Result<types::RecordBatch> CollectConcatenated(ExecNode& node, uint64_t memory_limit,
                                               std::string_view what) {
  std::vector<types::RecordBatch> batches;
  size_t bytes = 0;
  while (true) {
    GT_ASSIGN_OR_RETURN(auto b, node.Next());
    if (!b) break;
    for (const auto& c : b->columns()) bytes += c->MemoryBytes();
    if (memory_limit != 0 && bytes > memory_limit) {
      return Status::RuntimeResourcesExhausted(
          "Query memory limit exceeded: {} needs more than {} bytes (query.memory_pool_size)",
          what, memory_limit);
    }
    if (b->num_rows() > 0) batches.push_back(std::move(*b));
  }
  const auto& schema = node.schema();
  if (batches.empty()) return types::RecordBatch::MakeEmpty(schema);
  if (batches.size() == 1) return std::move(batches[0]);
  std::vector<types::ColumnPtr> cols;
  for (size_t c = 0; c < schema->num_columns(); ++c) {
    std::vector<types::ColumnPtr> parts;
    for (const auto& b : batches) parts.push_back(b.column(c));
    GT_ASSIGN_OR_RETURN(types::ColumnPtr all, types::ConcatColumns(parts));
    cols.push_back(std::move(all));
  }
  return types::RecordBatch::Make(schema, std::move(cols));
}

}  // namespace greptime::query
