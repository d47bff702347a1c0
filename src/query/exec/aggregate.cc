// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Hash aggregation over GroupsAccumulators.
//
// Design: each input batch first gets dense group ids (first-seen order) from a GroupKeys
// table, then every accumulator updates all rows of the batch at once with those ids. Group
// keys have three tables: one Int64/Timestamp key (open addressing on the raw integer), one
// string key (open addressing on the bytes), and any other combination, whose row keys are
// encoded into a byte string per row (typed encoders, no Value for Int64/Timestamp/Float64/
// String/Int32/Boolean columns). NULL is a key value of its own. Consecutive rows with the same
// key (input sorted by series or time) skip the lookup. Memory of the tables and accumulators
// is checked against the limit after every batch.
#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "query/exec/exec_node.h"
#include "types/column_builder.h"
#include "types/column_ops.h"

namespace greptime::query {
namespace {

using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::Value;

constexpr uint32_t kNoId = UINT32_MAX;
// Group ids are uint32; keep clear of kNoId.
constexpr size_t kMaxGroups = size_t{UINT32_MAX} - 1;

inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

inline uint64_t HashBytes(std::string_view s) { return Mix64(std::hash<std::string_view>()(s)); }

// Open-addressing (linear probing) map from int64 keys to group ids; load factor <= 1/2.
class IntIdMap {
 public:
  IntIdMap() { Rehash(1024); }
  // The id of `key`; inserts `id` for it when absent (then returns `id`).
  uint32_t FindOrInsert(int64_t key, uint32_t id) {
    size_t pos = Mix64(static_cast<uint64_t>(key)) & mask_;
    while (true) {
      const uint32_t s = ids_[pos];
      if (s == kNoId) {
        keys_[pos] = key;
        ids_[pos] = id;
        if (++size_ * 2 > ids_.size()) Rehash(ids_.size() * 2);
        return id;
      }
      if (keys_[pos] == key) return s;
      pos = (pos + 1) & mask_;
    }
  }
  size_t MemoryBytes() const { return ids_.capacity() * (sizeof(uint32_t) + sizeof(int64_t)); }

 private:
  void Rehash(size_t capacity) {
    std::vector<int64_t> old_keys = std::move(keys_);
    std::vector<uint32_t> old_ids = std::move(ids_);
    keys_.assign(capacity, 0);
    ids_.assign(capacity, kNoId);
    mask_ = capacity - 1;
    for (size_t i = 0; i < old_ids.size(); ++i) {
      if (old_ids[i] == kNoId) continue;
      size_t pos = Mix64(static_cast<uint64_t>(old_keys[i])) & mask_;
      while (ids_[pos] != kNoId) pos = (pos + 1) & mask_;
      keys_[pos] = old_keys[i];
      ids_[pos] = old_ids[i];
    }
  }

  std::vector<int64_t> keys_;
  std::vector<uint32_t> ids_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

// Open-addressing map from byte strings (kept in one arena) to group ids.
class ByteIdMap {
 public:
  ByteIdMap() { slots_.assign(1024, kNoId); }
  uint32_t FindOrInsert(std::string_view key, uint32_t id) {
    const uint64_t h = HashBytes(key);
    size_t pos = h & (slots_.size() - 1);
    while (true) {
      const uint32_t e = slots_[pos];
      if (e == kNoId) {
        slots_[pos] = static_cast<uint32_t>(entries_.size());
        entries_.push_back({h, arena_.size(), static_cast<uint32_t>(key.size()), id});
        arena_.append(key);
        if (entries_.size() * 2 > slots_.size()) Rehash(slots_.size() * 2);
        return id;
      }
      const Entry& en = entries_[e];
      if (en.hash == h && en.len == key.size() &&
          std::memcmp(arena_.data() + en.offset, key.data(), key.size()) == 0) {
        return en.id;
      }
      pos = (pos + 1) & (slots_.size() - 1);
    }
  }
  size_t MemoryBytes() const {
    return slots_.capacity() * sizeof(uint32_t) + entries_.capacity() * sizeof(Entry) +
           arena_.capacity();
  }

 private:
  struct Entry {
    uint64_t hash;
    size_t offset;
    uint32_t len;
    uint32_t id;
  };
  void Rehash(size_t capacity) {
    slots_.assign(capacity, kNoId);
    for (size_t e = 0; e < entries_.size(); ++e) {
      size_t pos = entries_[e].hash & (capacity - 1);
      while (slots_[pos] != kNoId) pos = (pos + 1) & (capacity - 1);
      slots_[pos] = static_cast<uint32_t>(e);
    }
  }

  std::vector<uint32_t> slots_;  // entry index or kNoId
  std::vector<Entry> entries_;
  std::string arena_;
};

// Assigns dense group ids (first-seen order) to rows and remembers each group's key values.
class GroupKeys {
 public:
  virtual ~GroupKeys() = default;
  // Ids of the rows of `keys` (one column per group expression, all of `ids.size()` rows).
  virtual Status Assign(std::span<const ColumnPtr> keys, std::span<uint32_t> ids) = 0;
  virtual size_t size() const = 0;
  // The key columns, one row per group in id order.
  virtual Result<std::vector<ColumnPtr>> Finish() = 0;
  virtual size_t MemoryBytes() const = 0;
};

Status TooManyGroups() {
  return Status::RuntimeResourcesExhausted("the aggregation has more than {} groups", kMaxGroups);
}

// One Int64 or Timestamp key.
class IntGroupKeys final : public GroupKeys {
 public:
  explicit IntGroupKeys(DataType type) : type_(type) {}
  Status Assign(std::span<const ColumnPtr> keys, std::span<uint32_t> ids) override {
    const Column& c = *keys[0];
    const int64_t* v = nullptr;
    std::vector<int64_t> converted;
    if (const auto* p = c.As<types::Int64Column>()) {
      v = p->values().data();
    } else {  // e.g. a NullColumn: convert
      converted.assign(ids.size(), 0);
      for (size_t i = 0; i < ids.size(); ++i) {
        if (!c.IsNull(i)) converted[i] = c.GetValue(i).ToInt64().value_or(0);
      }
      v = converted.data();
    }
    if (values_.size() + ids.size() > kMaxGroups) return TooManyGroups();
    const bool dense = c.null_count() == 0;
    int64_t last_key = 0;
    uint32_t last_id = kNoId;
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!dense && c.IsNull(i)) {
        if (null_id_ == kNoId) {
          null_id_ = static_cast<uint32_t>(values_.size());
          values_.push_back(0);
          nulls_.push_back(1);
        }
        ids[i] = null_id_;
        continue;
      }
      const int64_t k = v[i];
      if (k != last_key || last_id == kNoId) {
        const uint32_t next = static_cast<uint32_t>(values_.size());
        last_id = map_.FindOrInsert(k, next);
        last_key = k;
        if (last_id == next) {
          values_.push_back(k);
          nulls_.push_back(0);
        }
      }
      ids[i] = last_id;
    }
    return Status::OK();
  }
  size_t size() const override { return values_.size(); }
  Result<std::vector<ColumnPtr>> Finish() override {
    types::PrimitiveColumnBuilder<int64_t> b(type_);
    b.Reserve(values_.size());
    for (size_t g = 0; g < values_.size(); ++g) {
      if (nulls_[g]) b.AppendNull();
      else b.Append(values_[g]);
    }
    return std::vector<ColumnPtr>{b.Finish()};
  }
  size_t MemoryBytes() const override {
    return map_.MemoryBytes() + values_.capacity() * sizeof(int64_t) + nulls_.capacity();
  }

 private:
  DataType type_;
  IntIdMap map_;
  std::vector<int64_t> values_;  // per group
  std::vector<uint8_t> nulls_;   // per group
  uint32_t null_id_ = kNoId;
};

// Reads one key column of a batch into the row encoding: NULL is byte 0; a value is byte 1
// then its typed bytes (fixed width, or a 4-byte length and the bytes).
class KeyEncoder {
 public:
  void Bind(const Column& c) {
    col_ = &c;
    i64_ = c.As<types::Int64Column>();
    f64_ = c.As<types::Float64Column>();
    i32_ = c.As<types::Int32Column>();
    str_ = c.As<types::StringColumn>();
    bool_ = c.As<types::BooleanColumn>();
    dense_ = c.null_count() == 0;
  }
  void Encode(size_t i, std::string& out) const {
    if (!dense_ && col_->IsNull(i)) {
      out.push_back('\0');
      return;
    }
    out.push_back('\1');
    if (i64_) {
      Append(out, i64_->at(i));
    } else if (str_) {
      std::string_view v = str_->at(i);
      Append(out, static_cast<uint32_t>(v.size()));
      out.append(v);
    } else if (f64_) {
      double d = f64_->at(i);
      if (d == 0) d = 0;  // -0.0 groups with 0.0
      if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
      Append(out, d);
    } else if (i32_) {
      Append(out, i32_->at(i));
    } else if (bool_) {
      out.push_back(bool_->at(i) ? '\1' : '\0');
    } else {
      // Rare key types: the text is unique within one type (equal values print alike).
      std::string text = col_->GetValue(i).ToString();
      Append(out, static_cast<uint32_t>(text.size()));
      out.append(text);
    }
  }

 private:
  template <typename T>
  static void Append(std::string& out, T v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof(v));
  }

  const Column* col_ = nullptr;
  const types::Int64Column* i64_ = nullptr;
  const types::Float64Column* f64_ = nullptr;
  const types::Int32Column* i32_ = nullptr;
  const types::StringColumn* str_ = nullptr;
  const types::BooleanColumn* bool_ = nullptr;
  bool dense_ = true;
};

// One string key (raw bytes, NULL apart), or any combination of keys (encoded rows).
class ByteGroupKeys final : public GroupKeys {
 public:
  explicit ByteGroupKeys(const std::vector<DataType>& types) {
    single_string_ = types.size() == 1 && types[0].is_string_like();
    for (const auto& t : types) builders_.push_back(types::MakeColumnBuilder(t));
    encoders_.resize(types.size());
  }
  Status Assign(std::span<const ColumnPtr> keys, std::span<uint32_t> ids) override {
    if (count_ + ids.size() > kMaxGroups) return TooManyGroups();
    if (single_string_) {
      if (const auto* s = keys[0]->As<types::StringColumn>()) return AssignStrings(*s, ids);
      // Another column class (e.g. all NULL): its texts, so the keys stay raw strings.
      types::StringColumnBuilder b(keys[0]->type());
      for (size_t i = 0; i < ids.size(); ++i) {
        if (keys[0]->IsNull(i)) {
          b.AppendNull();
        } else {
          GT_RETURN_IF_ERROR(b.Append(keys[0]->GetValue(i).ToString()));
        }
      }
      ColumnPtr strings = b.Finish();
      return AssignStrings(*strings->As<types::StringColumn>(), ids);
    }
    for (size_t k = 0; k < keys.size(); ++k) encoders_[k].Bind(*keys[k]);
    std::string key, last;
    uint32_t last_id = kNoId;
    for (size_t i = 0; i < ids.size(); ++i) {
      key.clear();
      for (const auto& e : encoders_) e.Encode(i, key);
      if (last_id == kNoId || key != last) {
        const uint32_t next = static_cast<uint32_t>(count_);
        last_id = map_.FindOrInsert(key, next);
        if (last_id == next) GT_RETURN_IF_ERROR(AddGroup(keys, i));
        last.swap(key);
      }
      ids[i] = last_id;
    }
    return Status::OK();
  }
  size_t size() const override { return count_; }
  Result<std::vector<ColumnPtr>> Finish() override {
    std::vector<ColumnPtr> out;
    for (auto& b : builders_) out.push_back(b->Finish());
    return out;
  }
  size_t MemoryBytes() const override { return map_.MemoryBytes() + key_bytes_; }

 private:
  Status AssignStrings(const types::StringColumn& c, std::span<uint32_t> ids) {
    const bool dense = c.null_count() == 0;
    std::string_view last;
    uint32_t last_id = kNoId;
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!dense && c.IsNull(i)) {
        if (null_id_ == kNoId) {
          null_id_ = static_cast<uint32_t>(count_++);
          builders_[0]->AppendNull();
        }
        ids[i] = null_id_;
        continue;
      }
      std::string_view k = c.at(i);
      if (last_id == kNoId || k != last) {
        const uint32_t next = static_cast<uint32_t>(count_);
        last_id = map_.FindOrInsert(k, next);
        if (last_id == next) {
          ++count_;
          auto* b = static_cast<types::StringColumnBuilder*>(builders_[0].get());
          GT_RETURN_IF_ERROR(b->Append(k));
          key_bytes_ += k.size() + sizeof(uint32_t);
        }
        last = k;
      }
      ids[i] = last_id;
    }
    return Status::OK();
  }
  Status AddGroup(std::span<const ColumnPtr> keys, size_t row) {
    ++count_;
    for (size_t k = 0; k < keys.size(); ++k) {
      const Column& c = *keys[k];
      if (c.IsNull(row)) {
        builders_[k]->AppendNull();
        continue;
      }
      Value v = c.GetValue(row);
      if (!(v.type() == builders_[k]->type())) {
        GT_ASSIGN_OR_RETURN(v, v.CastTo(builders_[k]->type()));
      }
      GT_RETURN_IF_ERROR(builders_[k]->Append(v));
      key_bytes_ += 16;
    }
    return Status::OK();
  }

  bool single_string_ = false;
  ByteIdMap map_;
  std::vector<KeyEncoder> encoders_;
  std::vector<std::unique_ptr<types::ColumnBuilder>> builders_;
  size_t count_ = 0;
  size_t key_bytes_ = 0;
  uint32_t null_id_ = kNoId;
};

std::unique_ptr<GroupKeys> MakeGroupKeys(const std::vector<DataType>& types) {
  if (types.size() == 1 && (types[0].id() == types::TypeId::kInt64 || types[0].is_timestamp())) {
    return std::make_unique<IntGroupKeys>(types[0]);
  }
  return std::make_unique<ByteGroupKeys>(types);
}

class HashAggregateNode final : public ExecNode {
 public:
  HashAggregateNode(ExecNodePtr child, std::vector<ExprPtr> groups, std::vector<AggregateSpec> aggs,
                    types::SchemaPtr schema, uint64_t memory_limit,
                    std::vector<std::unique_ptr<GroupsAccumulator>> accs)
      : child_(std::move(child)), groups_(std::move(groups)), aggs_(std::move(aggs)),
        schema_(std::move(schema)), memory_limit_(memory_limit), accs_(std::move(accs)) {
    if (!groups_.empty()) {
      std::vector<DataType> types;
      for (const auto& g : groups_) types.push_back(g->type());
      keys_ = MakeGroupKeys(types);
    }
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
    while (true) {
      GT_ASSIGN_OR_RETURN(std::optional<types::RecordBatch> batch, child_->Next());
      if (!batch) break;
      if (batch->num_rows() == 0) continue;
      GT_RETURN_IF_ERROR(Consume(*batch));
    }
    const size_t num_groups = NumGroups();
    std::vector<ColumnPtr> columns;
    if (keys_) {
      GT_ASSIGN_OR_RETURN(columns, keys_->Finish());
    }
    for (size_t a = 0; a < accs_.size(); ++a) {
      GT_ASSIGN_OR_RETURN(ColumnPtr c, accs_[a]->Finish(num_groups));
      GT_ASSIGN_OR_RETURN(c, ConformType(std::move(c), aggs_[a].output_type));
      columns.push_back(std::move(c));
    }
    GT_ASSIGN_OR_RETURN(auto out, types::RecordBatch::Make(schema_, std::move(columns)));
    return std::optional<types::RecordBatch>(std::move(out));
  }

 private:
  // Without group expressions there is always exactly one group.
  size_t NumGroups() const { return keys_ ? keys_->size() : 1; }

  Status Consume(const types::RecordBatch& batch) {
    const size_t n = batch.num_rows();
    ids_.resize(n);
    if (keys_) {
      key_columns_.clear();
      for (const auto& g : groups_) {
        GT_ASSIGN_OR_RETURN(ColumnPtr c, g->Evaluate(batch));
        key_columns_.push_back(std::move(c));
      }
      GT_RETURN_IF_ERROR(keys_->Assign(key_columns_, ids_));
    } else {
      std::fill(ids_.begin(), ids_.end(), 0);
    }
    const size_t num_groups = NumGroups();
    for (size_t a = 0; a < aggs_.size(); ++a) {
      const AggregateSpec& spec = aggs_[a];
      args_.clear();
      for (const auto& e : spec.args) {
        GT_ASSIGN_OR_RETURN(ColumnPtr c, e->Evaluate(batch));
        args_.push_back(std::move(c));
      }
      if (!spec.filter) {
        GT_RETURN_IF_ERROR(accs_[a]->Update(args_, ids_, num_groups));
        continue;
      }
      GT_ASSIGN_OR_RETURN(std::vector<uint32_t> sel, EvaluateSelection(*spec.filter, batch));
      if (sel.empty()) continue;
      filtered_ids_.resize(sel.size());
      for (size_t i = 0; i < sel.size(); ++i) filtered_ids_[i] = ids_[sel[i]];
      for (auto& c : args_) {
        GT_ASSIGN_OR_RETURN(c, types::TakeColumn(*c, sel));
      }
      GT_RETURN_IF_ERROR(accs_[a]->Update(args_, filtered_ids_, num_groups));
    }
    return CheckMemory();
  }

  Status CheckMemory() const {
    if (memory_limit_ == 0) return Status::OK();
    size_t bytes = keys_ ? keys_->MemoryBytes() : 0;
    for (const auto& a : accs_) bytes += a->MemoryBytes();
    if (bytes > memory_limit_) {
      return Status::RuntimeResourcesExhausted(
          "Query memory limit exceeded: the aggregation needs more than {} bytes "
          "(query.memory_pool_size)",
          memory_limit_);
    }
    return Status::OK();
  }

  // An accumulator's column in the planned output type (casts when a function's natural
  // result differs, e.g. an all-NULL column of type Null).
  static Result<ColumnPtr> ConformType(ColumnPtr c, const DataType& type) {
    if (c->type() == type) return c;
    if (c->type().is_null() || c->null_count() == c->size()) {
      return types::MakeConstantColumn(type, Value(), c->size());
    }
    auto b = types::MakeColumnBuilder(type, c->size());
    for (size_t i = 0; i < c->size(); ++i) {
      if (c->IsNull(i)) {
        b->AppendNull();
        continue;
      }
      GT_ASSIGN_OR_RETURN(Value v, c->GetValue(i).CastTo(type));
      GT_RETURN_IF_ERROR(b->Append(v));
    }
    return b->Finish();
  }

  ExecNodePtr child_;
  std::vector<ExprPtr> groups_;
  std::vector<AggregateSpec> aggs_;
  types::SchemaPtr schema_;
  uint64_t memory_limit_;
  std::vector<std::unique_ptr<GroupsAccumulator>> accs_;
  std::unique_ptr<GroupKeys> keys_;  // null without group expressions
  // Per-batch scratch, reused.
  std::vector<uint32_t> ids_, filtered_ids_;
  std::vector<ColumnPtr> key_columns_, args_;
  bool done_ = false;
};

}  // namespace

Result<ExecNodePtr> MakeHashAggregate(ExecNodePtr child, std::vector<ExprPtr> group_exprs,
                                      std::vector<std::string> group_names,
                                      std::vector<AggregateSpec> aggregates,
                                      uint64_t memory_limit) {
  if (child == nullptr) return Status::Internal("hash aggregate without input");
  if (group_names.size() != group_exprs.size()) {
    return Status::Internal("hash aggregate: {} group expressions but {} names",
                            group_exprs.size(), group_names.size());
  }
  std::vector<types::ColumnSchema> cols;
  for (size_t i = 0; i < group_exprs.size(); ++i) {
    cols.push_back({group_names[i], group_exprs[i]->type(), true, types::SemanticType::kField,
                    {}, ""});
  }
  std::vector<std::unique_ptr<GroupsAccumulator>> accs;
  for (const auto& a : aggregates) {
    if (a.function == nullptr) return Status::Internal("aggregate {} has no function", a.name);
    if (a.options.order_ascending.size() > a.args.size()) {
      return Status::Internal("aggregate {}: more ordering keys than arguments", a.name);
    }
    std::vector<ArgInfo> infos;
    const size_t nargs = a.args.size() - a.options.order_ascending.size();
    for (size_t i = 0; i < nargs; ++i) {
      const bool constant = i < a.constants.size() && !a.constants[i].is_null();
      infos.push_back({a.args[i]->type(), constant ? &a.constants[i] : nullptr});
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
