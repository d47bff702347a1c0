// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// UNION ALL, DISTINCT and INTERSECT / EXCEPT [ALL], plus the row-key encoding they share with
// the hash join (join.cc): rows become byte strings that are equal exactly when the values are.
#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "query/exec/exec_node.h"

namespace greptime::query {
namespace internal {

// Declared in join.cc as well (no shared header: the task owns these files only).
void AppendRowKeys(const types::Column& column, std::vector<std::string>& keys,
                   std::vector<uint8_t>* nulls);

namespace {

template <typename T>
void AppendRaw(std::string& out, char tag, T v) {
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));
  out.push_back(tag);
  out.append(buf, sizeof(T));
}

// Integers compare by value across widths: every value that fits int64 is tagged 'i'.
template <typename T>
void AppendInteger(std::string& out, T v) {
  if constexpr (std::is_unsigned_v<T> && sizeof(T) == 8) {
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      AppendRaw<uint64_t>(out, 'u', v);
      return;
    }
  }
  AppendRaw<int64_t>(out, 'i', static_cast<int64_t>(v));
}

void AppendFloat(std::string& out, double v) {
  if (std::isnan(v)) v = std::numeric_limits<double>::quiet_NaN();  // one NaN
  if (v == 0.0) v = 0.0;                                            // -0 == 0
  AppendRaw<double>(out, 'f', v);
}

template <typename T, typename F>
bool TryPrimitive(const types::Column& column, std::vector<std::string>& keys, F append) {
  const auto* c = column.As<types::PrimitiveColumn<T>>();
  if (c == nullptr) return false;
  std::span<const T> values = c->values();
  for (size_t r = 0; r < values.size(); ++r) {
    if (c->IsValid(r)) append(keys[r], values[r]);
  }
  return true;
}

}  // namespace

void AppendRowKeys(const types::Column& column, std::vector<std::string>& keys,
                   std::vector<uint8_t>* nulls) {
  const size_t n = column.size();
  // NULL rows: one tag byte that no value encoding starts with.
  if (column.null_count() > 0) {
    for (size_t r = 0; r < n; ++r) {
      if (column.IsNull(r)) {
        keys[r].push_back('\0');
        if (nulls != nullptr) (*nulls)[r] = 1;
      }
    }
    if (column.null_count() == n) return;
  }
  auto integer = [](std::string& out, auto v) { AppendInteger(out, v); };
  auto floating = [](std::string& out, auto v) { AppendFloat(out, static_cast<double>(v)); };
  if (TryPrimitive<int64_t>(column, keys, integer) ||
      TryPrimitive<int32_t>(column, keys, integer) ||
      TryPrimitive<int16_t>(column, keys, integer) || TryPrimitive<int8_t>(column, keys, integer) ||
      TryPrimitive<uint64_t>(column, keys, integer) ||
      TryPrimitive<uint32_t>(column, keys, integer) ||
      TryPrimitive<uint16_t>(column, keys, integer) ||
      TryPrimitive<uint8_t>(column, keys, integer) ||
      TryPrimitive<double>(column, keys, floating) || TryPrimitive<float>(column, keys, floating)) {
    return;
  }
  if (TryPrimitive<types::int128_t>(column, keys, [](std::string& out, types::int128_t v) {
        AppendRaw<types::int128_t>(out, 'd', v);
      })) {
    return;
  }
  if (const auto* s = column.As<types::StringColumn>()) {
    for (size_t r = 0; r < n; ++r) {
      if (s->IsNull(r)) continue;
      std::string_view v = s->at(r);
      AppendRaw<uint32_t>(keys[r], 's', static_cast<uint32_t>(v.size()));
      keys[r].append(v);
    }
    return;
  }
  if (const auto* b = column.As<types::BooleanColumn>()) {
    for (size_t r = 0; r < n; ++r) {
      if (b->IsNull(r)) continue;
      keys[r].push_back('b');
      keys[r].push_back(b->at(r) ? '\1' : '\0');
    }
    return;
  }
  // Rare types (intervals, vectors): the display text identifies the value within one type.
  for (size_t r = 0; r < n; ++r) {
    if (column.IsNull(r)) continue;
    std::string text = column.GetValue(r).ToString();
    AppendRaw<uint32_t>(keys[r], 'x', static_cast<uint32_t>(text.size()));
    keys[r].append(text);
  }
}

}  // namespace internal

namespace {

using types::RecordBatch;
using types::SchemaPtr;

constexpr size_t kEntryOverhead = 64;  // hash node, bucket and string header, roughly

// Keys of every row of `batch` (NULLs equal each other).
std::vector<std::string> EncodeRows(const RecordBatch& batch) {
  std::vector<std::string> keys(batch.num_rows());
  for (const types::ColumnPtr& c : batch.columns()) internal::AppendRowKeys(*c, keys, nullptr);
  return keys;
}

Status MemoryExceeded(std::string_view what, uint64_t used, uint64_t limit) {
  return Status::RuntimeResourcesExhausted(
      "Query memory limit exceeded: {} needs {} bytes, more than the limit of {} bytes", what, used,
      limit);
}

// Returns the rows `selected` of `batch` (the batch itself when all are selected).
Result<std::optional<RecordBatch>> Select(RecordBatch batch,
                                          const std::vector<uint32_t>& selected) {
  if (selected.size() == batch.num_rows()) return std::optional<RecordBatch>(std::move(batch));
  GT_ASSIGN_OR_RETURN(RecordBatch out, TakeRows(batch, selected));
  return std::optional<RecordBatch>(std::move(out));
}

class UnionAllNode final : public ExecNode {
 public:
  UnionAllNode(std::vector<ExecNodePtr> children, SchemaPtr schema)
      : children_(std::move(children)), schema_(std::move(schema)) {}
  const SchemaPtr& schema() const override { return schema_; }
  Result<std::optional<RecordBatch>> Next() override {
    while (current_ < children_.size()) {
      GT_ASSIGN_OR_RETURN(std::optional<RecordBatch> batch, children_[current_]->Next());
      if (!batch) {
        children_[current_].reset();  // release its resources early
        ++current_;
        continue;
      }
      if (batch->num_rows() == 0) continue;
      Result<RecordBatch> out = RecordBatch::Make(schema_, batch->columns());
      if (!out.ok()) {
        return Status(out.status().code(),
                      fmt::format("UNION ALL input {}: {}", current_, out.status().message()));
      }
      return std::optional<RecordBatch>(std::move(out).value());
    }
    return std::optional<RecordBatch>();
  }
  std::string Describe() const override {
    return fmt::format("UnionAll: {} inputs", children_.size());
  }

 private:
  std::vector<ExecNodePtr> children_;
  SchemaPtr schema_;
  size_t current_ = 0;
};

class DistinctNode final : public ExecNode {
 public:
  DistinctNode(ExecNodePtr child, uint64_t memory_limit)
      : child_(std::move(child)), memory_limit_(memory_limit) {}
  const SchemaPtr& schema() const override { return child_->schema(); }
  Result<std::optional<RecordBatch>> Next() override {
    while (true) {
      GT_ASSIGN_OR_RETURN(std::optional<RecordBatch> batch, child_->Next());
      if (!batch) return batch;
      std::vector<std::string> keys = EncodeRows(*batch);
      std::vector<uint32_t> selected;
      for (size_t r = 0; r < keys.size(); ++r) {
        const size_t bytes = keys[r].size() + kEntryOverhead;
        if (!seen_.insert(std::move(keys[r])).second) continue;
        memory_ += bytes;
        selected.push_back(static_cast<uint32_t>(r));
      }
      if (memory_limit_ != 0 && memory_ > memory_limit_) {
        return MemoryExceeded("DISTINCT", memory_, memory_limit_);
      }
      if (selected.empty()) continue;
      return Select(std::move(*batch), selected);
    }
  }
  std::string Describe() const override { return "Distinct"; }

 private:
  ExecNodePtr child_;
  uint64_t memory_limit_;
  std::unordered_set<std::string> seen_;
  uint64_t memory_ = 0;
};

// The right input is counted into a hash map first; left rows then stream through it.
// Map values: rows of the right input not yet consumed. Distinct semantics zero an entry once
// the key has been decided, so later duplicates of a left row are dropped.
class SetOperationNode final : public ExecNode {
 public:
  SetOperationNode(ExecNodePtr left, ExecNodePtr right, SetOpKind kind, bool all,
                   uint64_t memory_limit)
      : left_(std::move(left)),
        right_(std::move(right)),
        kind_(kind),
        all_(all),
        memory_limit_(memory_limit) {}
  const SchemaPtr& schema() const override { return left_->schema(); }

  Result<std::optional<RecordBatch>> Next() override {
    if (!built_) {
      // A failed build is sticky: the right input is partly consumed.
      if (!build_error_.ok()) return build_error_;
      build_error_ = Build();
      GT_RETURN_IF_ERROR(build_error_);
      built_ = true;
    }
    while (true) {
      GT_ASSIGN_OR_RETURN(std::optional<RecordBatch> batch, left_->Next());
      if (!batch) return batch;
      std::vector<std::string> keys = EncodeRows(*batch);
      std::vector<uint32_t> selected;
      for (size_t r = 0; r < keys.size(); ++r) {
        if (Keep(std::move(keys[r]))) selected.push_back(static_cast<uint32_t>(r));
      }
      if (memory_limit_ != 0 && memory_ > memory_limit_) {
        return MemoryExceeded(Name(), memory_, memory_limit_);
      }
      if (selected.empty()) continue;
      return Select(std::move(*batch), selected);
    }
  }

  std::string Describe() const override { return "SetOperation: " + Name(); }

 private:
  std::string Name() const {
    return std::string(kind_ == SetOpKind::kIntersect ? "Intersect" : "Except") +
           (all_ ? " All" : "");
  }

  Status Build() {
    while (true) {
      GT_ASSIGN_OR_RETURN(std::optional<RecordBatch> batch, right_->Next());
      if (!batch) break;
      if (batch->num_columns() != schema()->num_columns()) {
        return Status::InvalidArguments("{}: the right input has {} columns, the left {}", Name(),
                                        batch->num_columns(), schema()->num_columns());
      }
      std::vector<std::string> keys = EncodeRows(*batch);
      for (std::string& key : keys) {
        const size_t bytes = key.size() + kEntryOverhead;
        auto [it, inserted] = counts_.try_emplace(std::move(key), 0);
        ++it->second;
        if (inserted) memory_ += bytes;
      }
      if (memory_limit_ != 0 && memory_ > memory_limit_) {
        return MemoryExceeded(Name(), memory_, memory_limit_);
      }
    }
    right_.reset();
    return Status::OK();
  }

  // Whether a left row with `key` is part of the output.
  bool Keep(std::string key) {
    auto it = counts_.find(key);
    if (kind_ == SetOpKind::kIntersect) {
      if (it == counts_.end() || it->second == 0) return false;
      it->second = all_ ? it->second - 1 : 0;
      return true;
    }
    // EXCEPT
    if (it != counts_.end()) {
      if (!all_) return false;           // on the right, or a distinct key already emitted
      if (it->second == 0) return true;  // every right copy consumed
      --it->second;
      return false;
    }
    if (!all_) {
      memory_ += key.size() + kEntryOverhead;
      counts_.emplace(std::move(key), 0);  // emit each distinct key once
    }
    return true;
  }

  ExecNodePtr left_;
  ExecNodePtr right_;
  SetOpKind kind_;
  bool all_;
  uint64_t memory_limit_;
  bool built_ = false;
  Status build_error_;
  std::unordered_map<std::string, uint64_t> counts_;
  uint64_t memory_ = 0;
};

}  // namespace

ExecNodePtr MakeUnionAll(std::vector<ExecNodePtr> children, SchemaPtr schema) {
  return std::make_unique<UnionAllNode>(std::move(children), std::move(schema));
}

Result<ExecNodePtr> MakeDistinct(ExecNodePtr child, uint64_t memory_limit) {
  if (child == nullptr) return Status::InvalidArguments("DISTINCT: missing input");
  return ExecNodePtr(std::make_unique<DistinctNode>(std::move(child), memory_limit));
}

Result<ExecNodePtr> MakeSetOperation(ExecNodePtr left, ExecNodePtr right, SetOpKind kind, bool all,
                                     uint64_t memory_limit) {
  if (left == nullptr || right == nullptr) {
    return Status::InvalidArguments("set operation: missing input");
  }
  if (left->schema()->num_columns() != right->schema()->num_columns()) {
    return Status(StatusCode::kPlanQuery,
                  fmt::format("{} needs inputs with the same number of columns, got {} and {}",
                              kind == SetOpKind::kIntersect ? "INTERSECT" : "EXCEPT",
                              left->schema()->num_columns(), right->schema()->num_columns()));
  }
  return ExecNodePtr(std::make_unique<SetOperationNode>(std::move(left), std::move(right), kind,
                                                        all, memory_limit));
}

}  // namespace greptime::query
