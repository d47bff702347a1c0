// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Hash join and nested-loop join: inner, outer, semi, anti and cross joins.
//
// Design: the right input is the build side, buffered whole (one concatenated batch) and, for
// the hash join, indexed by its key: a hash map from key to the first/last build row of a chain,
// and `next_` linking the rows of a chain in build order. Left batches stream through. For each
// left batch the operator enumerates candidate pairs in probe order, then build order (chain
// rows for the hash join, every build row for the nested loop), at most kChunkRows "events" per
// step; the residual / condition is evaluated on a combined batch of the candidates, and the
// surviving pairs plus the NULL-extended rows (an "end of left row" event) form the output. So
// output batches stay bounded even for a large cross join, and outer joins honour the residual.
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "query/exec/exec_node.h"
#include "types/column_buffer.h"

namespace greptime::query {
namespace internal {
// set_ops.cc: appends to keys[row] a byte encoding of row `row` of `column`, equal exactly when
// the values are equal (NULL has its own tag); flags NULL rows in *nulls when given.
void AppendRowKeys(const types::Column& column, std::vector<std::string>& keys,
                   std::vector<uint8_t>* nulls);
}  // namespace internal

namespace {

using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::RecordBatch;
using types::SchemaPtr;

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
constexpr size_t kChunkRows = 8192;
constexpr size_t kEntryOverhead = 48;  // hash node and bucket, roughly

std::string_view JoinKindName(JoinKind kind) {
  switch (kind) {
    case JoinKind::kInner:
      return "Inner";
    case JoinKind::kLeft:
      return "Left";
    case JoinKind::kRight:
      return "Right";
    case JoinKind::kFull:
      return "Full";
    case JoinKind::kLeftSemi:
      return "LeftSemi";
    case JoinKind::kLeftAnti:
      return "LeftAnti";
    case JoinKind::kCross:
      return "Cross";
  }
  return "Unknown";
}

bool IsSemiOrAnti(JoinKind kind) {
  return kind == JoinKind::kLeftSemi || kind == JoinKind::kLeftAnti;
}

// Integer-like keys (not UInt64) hash as int64 values.
bool IsSmallIntegerKey(const DataType& t) {
  return (t.is_integer() && t.id() != types::TypeId::kUInt64) || t.is_timestamp() || t.is_date();
}

// Rows `rows` of `src` as a column of `type`; kNone rows become NULL.
Result<ColumnPtr> Gather(const Column& src, const DataType& type, std::span<const uint32_t> rows) {
  std::unique_ptr<types::ColumnBuffer> buffer = types::ColumnBuffer::Make(type);
  buffer->Reserve(rows.size());
  size_t i = 0;
  while (i < rows.size()) {
    size_t j = i;
    if (rows[i] == kNone) {
      while (j < rows.size() && rows[j] == kNone) ++j;
      buffer->AppendNulls(j - i);
    } else {
      while (j < rows.size() && rows[j] != kNone) ++j;
      GT_RETURN_IF_ERROR(buffer->Append(src, rows.subspan(i, j - i)));
    }
    i = j;
  }
  return buffer->Finish();
}

// Appends the gathered columns of `batch` (typed by `schema` from column `first` on).
Status GatherInto(const RecordBatch& batch, const types::Schema& schema, size_t first,
                  std::span<const uint32_t> rows, std::vector<ColumnPtr>& out) {
  for (size_t c = 0; c < batch.num_columns(); ++c) {
    GT_ASSIGN_OR_RETURN(ColumnPtr col,
                        Gather(*batch.column(c), schema.column(first + c).type, rows));
    out.push_back(std::move(col));
  }
  return Status::OK();
}

// Calls f(row, value) for each valid row of an integer-like column; false for other layouts.
template <typename F>
bool ForEachSmallInt(const Column& column, F f) {
  auto visit = [&](auto* typed) {
    if (typed == nullptr) return false;
    auto values = typed->values();
    for (size_t r = 0; r < values.size(); ++r) {
      if (typed->IsValid(r)) f(r, static_cast<int64_t>(values[r]));
    }
    return true;
  };
  return visit(column.As<types::Int64Column>()) || visit(column.As<types::Int32Column>()) ||
         visit(column.As<types::Int16Column>()) || visit(column.As<types::Int8Column>()) ||
         visit(column.As<types::UInt32Column>()) || visit(column.As<types::UInt16Column>()) ||
         visit(column.As<types::UInt8Column>());
}

struct JoinOptions {
  JoinKind kind = JoinKind::kInner;
  std::vector<ExprPtr> left_keys;  // empty: nested loop
  std::vector<ExprPtr> right_keys;
  ExprPtr filter;  // residual / condition, may be null
  uint64_t memory_limit = 0;
};

class JoinNode final : public ExecNode {
 public:
  JoinNode(ExecNodePtr left, ExecNodePtr right, JoinOptions options)
      : left_(std::move(left)),
        right_(std::move(right)),
        opts_(std::move(options)),
        kind_name_(JoinKindName(opts_.kind)) {
    if (opts_.kind == JoinKind::kCross) opts_.kind = JoinKind::kInner;  // an unfiltered inner join
    hashed_ = !opts_.left_keys.empty();
    int_keys_ = opts_.left_keys.size() == 1 && IsSmallIntegerKey(opts_.left_keys[0]->type()) &&
                IsSmallIntegerKey(opts_.right_keys[0]->type());
    const JoinKind k = opts_.kind;
    left_nullable_ = k == JoinKind::kRight || k == JoinKind::kFull;
    right_nullable_ = k == JoinKind::kLeft || k == JoinKind::kFull;
    end_events_ = k == JoinKind::kLeft || k == JoinKind::kFull || k == JoinKind::kLeftAnti;
    track_build_ = k == JoinKind::kRight || k == JoinKind::kFull;
    std::vector<types::ColumnSchema> out, pair, build;
    for (const types::ColumnSchema& c : left_->schema()->columns()) {
      pair.push_back(c);
      pair.back().nullable = true;
      out.push_back(c);
      out.back().nullable = c.nullable || left_nullable_;
    }
    for (const types::ColumnSchema& c : right_->schema()->columns()) {
      pair.push_back(c);
      pair.back().nullable = true;
      build.push_back(pair.back());
      if (IsSemiOrAnti(k)) continue;
      out.push_back(c);
      out.back().nullable = c.nullable || right_nullable_;
    }
    schema_ = std::make_shared<const types::Schema>(std::move(out));
    pair_schema_ = std::make_shared<const types::Schema>(std::move(pair));
    build_schema_ = std::make_shared<const types::Schema>(std::move(build));
  }

  const SchemaPtr& schema() const override { return schema_; }

  Result<std::optional<RecordBatch>> Next() override {
    // Errors are sticky: the inputs are partly consumed by then.
    if (!error_.ok()) return error_;
    Result<std::optional<RecordBatch>> out = NextImpl();
    if (!out.ok()) error_ = out.status();
    return out;
  }

  std::string Describe() const override {
    std::string out =
        fmt::format("{}: type={}", hashed_ ? "HashJoin" : "NestedLoopJoin", kind_name_);
    if (hashed_) {
      out += ", on=[";
      for (size_t i = 0; i < opts_.left_keys.size(); ++i) {
        if (i) out += ", ";
        out += opts_.left_keys[i]->ToString() + " = " + opts_.right_keys[i]->ToString();
      }
      out += "]";
    }
    if (opts_.filter) out += ", filter=" + opts_.filter->ToString();
    return out;
  }

 private:
  Result<std::optional<RecordBatch>> NextImpl() {
    if (!built_) {
      GT_RETURN_IF_ERROR(Build());
      built_ = true;
    }
    while (true) {
      if (!probe_) {
        if (probe_done_) return EmitUnmatchedBuild();
        GT_ASSIGN_OR_RETURN(std::optional<RecordBatch> batch, left_->Next());
        if (!batch) {
          probe_done_ = true;
          left_.reset();
          continue;
        }
        if (batch->num_rows() == 0) continue;
        if (batch->num_rows() >= kNone) {
          return Status::RuntimeResourcesExhausted("join: a batch of {} rows is too large",
                                                   batch->num_rows());
        }
        GT_RETURN_IF_ERROR(StartProbe(std::move(*batch)));
      }
      GT_ASSIGN_OR_RETURN(std::optional<RecordBatch> out, ProbeStep());
      if (out) return out;
    }
  }

  Status CheckMemory(std::string_view what) const {
    if (opts_.memory_limit != 0 && memory_ > opts_.memory_limit) {
      return Status::RuntimeResourcesExhausted(
          "Query memory limit exceeded: {} {} needs {} bytes, more than the limit of {} bytes",
          hashed_ ? "hash join" : "nested loop join", what, memory_, opts_.memory_limit);
    }
    return Status::OK();
  }

  // Buffers the right input into one batch and indexes its keys.
  Status Build() {
    std::vector<RecordBatch> batches;
    size_t rows = 0;
    while (true) {
      GT_ASSIGN_OR_RETURN(std::optional<RecordBatch> batch, right_->Next());
      if (!batch) break;
      if (batch->num_rows() == 0) continue;
      memory_ += batch->MemoryBytes();
      rows += batch->num_rows();
      GT_RETURN_IF_ERROR(CheckMemory("build side"));
      batches.push_back(std::move(*batch));
    }
    right_.reset();
    if (rows >= kNone) {
      return Status::RuntimeResourcesExhausted("join: build side of {} rows is too large", rows);
    }
    const types::Schema& bs = *build_schema_;
    std::vector<ColumnPtr> columns;
    for (size_t c = 0; c < bs.num_columns(); ++c) {
      std::unique_ptr<types::ColumnBuffer> buffer = types::ColumnBuffer::Make(bs.column(c).type);
      buffer->Reserve(rows);
      for (const RecordBatch& b : batches) {
        if (b.num_columns() != bs.num_columns()) {
          return Status::InvalidArguments("join: build batch has {} columns, expected {}",
                                          b.num_columns(), bs.num_columns());
        }
        GT_RETURN_IF_ERROR(buffer->AppendRange(*b.column(c), 0, b.num_rows()));
      }
      columns.push_back(buffer->Finish());
    }
    batches.clear();
    GT_ASSIGN_OR_RETURN(build_, RecordBatch::Make(build_schema_, std::move(columns)));
    build_rows_ = build_.num_rows();
    if (track_build_) build_matched_.assign(build_rows_, 0);
    if (hashed_) GT_RETURN_IF_ERROR(BuildTable());
    return Status::OK();
  }

  Status BuildTable() {
    std::vector<ColumnPtr> keys;
    for (const ExprPtr& e : opts_.right_keys) {
      GT_ASSIGN_OR_RETURN(ColumnPtr c, e->Evaluate(build_));
      keys.push_back(std::move(c));
    }
    next_.assign(build_rows_, kNone);
    memory_ += next_.size() * sizeof(uint32_t);
    auto link = [this](Chain& chain, uint32_t row) {
      if (chain.head == kNone) {
        chain.head = row;
      } else {
        next_[chain.tail] = row;
      }
      chain.tail = row;
    };
    if (int_keys_) {
      if (keys[0]->null_count() < keys[0]->size()) {
        const bool ok = ForEachSmallInt(
            *keys[0], [&](size_t r, int64_t v) { link(int_table_[v], static_cast<uint32_t>(r)); });
        if (!ok) {
          return Status::Unexpected("hash join: key column of type {} has an unexpected layout",
                                    keys[0]->type().Name());
        }
      }
      memory_ += int_table_.size() * (sizeof(int64_t) + sizeof(Chain) + kEntryOverhead);
      return CheckMemory("hash table");
    }
    std::vector<std::string> encoded(build_rows_);
    std::vector<uint8_t> nulls(build_rows_, 0);
    for (const ColumnPtr& c : keys) internal::AppendRowKeys(*c, encoded, &nulls);
    for (size_t r = 0; r < build_rows_; ++r) {
      if (nulls[r]) continue;  // NULL never equals
      const size_t bytes = encoded[r].size() + sizeof(Chain) + kEntryOverhead;
      auto [it, inserted] = str_table_.try_emplace(std::move(encoded[r]));
      if (inserted) memory_ += bytes;
      link(it->second, static_cast<uint32_t>(r));
      if ((r & 4095) == 0) GT_RETURN_IF_ERROR(CheckMemory("hash table"));
    }
    return CheckMemory("hash table");
  }

  // Evaluates the probe keys of a new left batch into chain heads.
  Status StartProbe(RecordBatch batch) {
    probe_ = std::move(batch);
    const size_t n = probe_->num_rows();
    probe_matched_.assign(n, 0);
    row_ = 0;
    row_started_ = false;
    if (!hashed_) return Status::OK();
    heads_.assign(n, kNone);
    if (build_rows_ == 0) return Status::OK();
    std::vector<ColumnPtr> keys;
    for (const ExprPtr& e : opts_.left_keys) {
      GT_ASSIGN_OR_RETURN(ColumnPtr c, e->Evaluate(*probe_));
      keys.push_back(std::move(c));
    }
    if (int_keys_) {
      if (keys[0]->null_count() == n) return Status::OK();
      const bool ok = ForEachSmallInt(*keys[0], [&](size_t r, int64_t v) {
        auto it = int_table_.find(v);
        if (it != int_table_.end()) heads_[r] = it->second.head;
      });
      if (!ok) {
        return Status::Unexpected("hash join: key column of type {} has an unexpected layout",
                                  keys[0]->type().Name());
      }
      return Status::OK();
    }
    std::vector<std::string> encoded(n);
    std::vector<uint8_t> nulls(n, 0);
    for (const ColumnPtr& c : keys) internal::AppendRowKeys(*c, encoded, &nulls);
    for (size_t r = 0; r < n; ++r) {
      if (nulls[r]) continue;
      auto it = str_table_.find(encoded[r]);
      if (it != str_table_.end()) heads_[r] = it->second.head;
    }
    return Status::OK();
  }

  // Enumerates the next chunk of events of the current probe batch, filters the candidates and
  // assembles their output rows (nullopt when the chunk produced none).
  Result<std::optional<RecordBatch>> ProbeStep() {
    const JoinKind kind = opts_.kind;
    // Semi/anti joins without a residual decide on the first candidate.
    const bool first_only = IsSemiOrAnti(kind) && !opts_.filter;
    const size_t n = probe_->num_rows();
    ev_left_.clear();
    ev_right_.clear();
    while (row_ < n && ev_left_.size() < kChunkRows) {
      if (!row_started_) {
        pos_ = hashed_ ? heads_[row_] : (build_rows_ > 0 ? 0 : kNone);
        row_started_ = true;
      }
      while (pos_ != kNone && ev_left_.size() < kChunkRows) {
        ev_left_.push_back(static_cast<uint32_t>(row_));
        ev_right_.push_back(pos_);
        if (first_only) {
          pos_ = kNone;
        } else if (hashed_) {
          pos_ = next_[pos_];
        } else {
          pos_ = pos_ + 1 < build_rows_ ? pos_ + 1 : kNone;
        }
      }
      if (pos_ != kNone) break;  // chunk full inside this row's candidates
      if (end_events_) {
        if (ev_left_.size() >= kChunkRows) break;
        ev_left_.push_back(static_cast<uint32_t>(row_));
        ev_right_.push_back(kNone);
      }
      ++row_;
      row_started_ = false;
    }
    const bool batch_done = row_ >= n;
    GT_ASSIGN_OR_RETURN(std::vector<uint8_t> pass, FilterCandidates());
    out_left_.clear();
    out_right_.clear();
    for (size_t e = 0; e < ev_left_.size(); ++e) {
      const uint32_t l = ev_left_[e], r = ev_right_[e];
      if (r == kNone) {  // end of left row l
        if (!probe_matched_[l]) {
          out_left_.push_back(l);
          out_right_.push_back(kNone);
        }
        continue;
      }
      if (!pass[e]) continue;
      const bool first = !probe_matched_[l];
      probe_matched_[l] = 1;
      if (kind == JoinKind::kLeftAnti) continue;
      if (kind == JoinKind::kLeftSemi) {
        if (first) out_left_.push_back(l);
        continue;
      }
      if (track_build_) build_matched_[r] = 1;
      out_left_.push_back(l);
      out_right_.push_back(r);
    }
    std::optional<RecordBatch> result;
    if (!out_left_.empty()) {
      std::vector<ColumnPtr> columns;
      GT_RETURN_IF_ERROR(GatherInto(*probe_, *schema_, 0, out_left_, columns));
      if (!IsSemiOrAnti(kind)) {
        GT_RETURN_IF_ERROR(
            GatherInto(build_, *schema_, probe_->num_columns(), out_right_, columns));
      }
      GT_ASSIGN_OR_RETURN(RecordBatch out, RecordBatch::Make(schema_, std::move(columns)));
      result = std::move(out);
    }
    if (batch_done) probe_.reset();
    return result;
  }

  // Per event: 1 when the candidate pair passes the filter (end events: unused).
  Result<std::vector<uint8_t>> FilterCandidates() {
    std::vector<uint8_t> pass(ev_left_.size(), opts_.filter ? 0 : 1);
    if (!opts_.filter) return pass;
    std::vector<uint32_t> cand_left, cand_right, cand_event;
    for (size_t e = 0; e < ev_left_.size(); ++e) {
      if (ev_right_[e] == kNone) continue;
      cand_left.push_back(ev_left_[e]);
      cand_right.push_back(ev_right_[e]);
      cand_event.push_back(static_cast<uint32_t>(e));
    }
    if (cand_event.empty()) return pass;
    std::vector<ColumnPtr> columns;
    GT_RETURN_IF_ERROR(GatherInto(*probe_, *pair_schema_, 0, cand_left, columns));
    GT_RETURN_IF_ERROR(
        GatherInto(build_, *pair_schema_, probe_->num_columns(), cand_right, columns));
    GT_ASSIGN_OR_RETURN(RecordBatch pairs, RecordBatch::Make(pair_schema_, std::move(columns)));
    GT_ASSIGN_OR_RETURN(std::vector<uint32_t> selected, EvaluateSelection(*opts_.filter, pairs));
    for (uint32_t s : selected) pass[cand_event[s]] = 1;
    return pass;
  }

  // Right/full joins: build rows that matched nothing, with NULL left columns, in chunks.
  Result<std::optional<RecordBatch>> EmitUnmatchedBuild() {
    if (!track_build_) return std::optional<RecordBatch>();
    out_right_.clear();
    while (unmatched_pos_ < build_rows_ && out_right_.size() < kChunkRows) {
      if (!build_matched_[unmatched_pos_])
        out_right_.push_back(static_cast<uint32_t>(unmatched_pos_));
      ++unmatched_pos_;
    }
    if (out_right_.empty()) return std::optional<RecordBatch>();
    std::vector<ColumnPtr> columns;
    const size_t left_cols = schema_->num_columns() - build_.num_columns();
    for (size_t c = 0; c < left_cols; ++c) {
      std::unique_ptr<types::ColumnBuffer> buffer =
          types::ColumnBuffer::Make(schema_->column(c).type);
      buffer->AppendNulls(out_right_.size());
      columns.push_back(buffer->Finish());
    }
    GT_RETURN_IF_ERROR(GatherInto(build_, *schema_, left_cols, out_right_, columns));
    GT_ASSIGN_OR_RETURN(RecordBatch out, RecordBatch::Make(schema_, std::move(columns)));
    return std::optional<RecordBatch>(std::move(out));
  }

  struct Chain {
    uint32_t head = kNone;
    uint32_t tail = kNone;
  };

  ExecNodePtr left_;
  ExecNodePtr right_;
  JoinOptions opts_;
  std::string kind_name_;  // as requested (kCross runs as kInner)
  bool hashed_ = false;
  bool int_keys_ = false;  // one integer-like key on both sides: int64 hash table
  bool left_nullable_ = false;
  bool right_nullable_ = false;
  bool end_events_ = false;   // left rows without a match produce output (left/full/anti)
  bool track_build_ = false;  // unmatched build rows produce output (right/full)
  SchemaPtr schema_;
  SchemaPtr pair_schema_;   // left then right columns, all nullable: the filter's input
  SchemaPtr build_schema_;  // right columns, all nullable

  Status error_;  // sticky

  // Build side.
  bool built_ = false;
  uint64_t memory_ = 0;
  RecordBatch build_;
  size_t build_rows_ = 0;
  std::vector<uint32_t> next_;
  std::unordered_map<int64_t, Chain> int_table_;
  std::unordered_map<std::string, Chain> str_table_;
  std::vector<uint8_t> build_matched_;
  size_t unmatched_pos_ = 0;

  // Probe side.
  bool probe_done_ = false;
  std::optional<RecordBatch> probe_;
  std::vector<uint32_t> heads_;
  std::vector<uint8_t> probe_matched_;
  size_t row_ = 0;
  bool row_started_ = false;
  uint32_t pos_ = kNone;
  std::vector<uint32_t> ev_left_, ev_right_, out_left_, out_right_;
};

}  // namespace

namespace {

Status CheckInputs(const ExecNodePtr& left, const ExecNodePtr& right, const ExprPtr& filter,
                   std::string_view op) {
  if (left == nullptr || right == nullptr) {
    return Status::InvalidArguments("{}: missing input", op);
  }
  if (filter != nullptr && !filter->type().is_boolean() && !filter->type().is_null()) {
    return Status(StatusCode::kPlanQuery,
                  fmt::format("{}: join condition {} must be boolean, not {}", op,
                              filter->ToString(), filter->type().Name()));
  }
  return Status::OK();
}

// Brings a key pair to one comparable type. The binder normally casts both sides already;
// integers of different widths need nothing (keys compare by value), other numeric mixes
// compare as Float64.
Status UnifyKeys(ExprPtr& left, ExprPtr& right) {
  const DataType lt = left->type(), rt = right->type();
  if (lt == rt || lt.is_null() || rt.is_null()) return Status::OK();
  if (lt.is_integer() && rt.is_integer()) return Status::OK();
  if (lt.is_numeric() && rt.is_numeric()) {
    GT_ASSIGN_OR_RETURN(left, Cast(left, DataType::Float64()));
    GT_ASSIGN_OR_RETURN(right, Cast(right, DataType::Float64()));
    return Status::OK();
  }
  if (lt.is_string_like() && rt.is_string_like()) return Status::OK();
  if (lt.is_timestamp() && rt.is_timestamp()) {  // compare in the finer unit
    const DataType target = lt.time_unit() > rt.time_unit() ? lt : rt;
    GT_ASSIGN_OR_RETURN(left, Cast(left, target));
    GT_ASSIGN_OR_RETURN(right, Cast(right, target));
    return Status::OK();
  }
  return Status(StatusCode::kPlanQuery,
                fmt::format("hash join keys {} ({}) and {} ({}) have incompatible types",
                            left->ToString(), lt.Name(), right->ToString(), rt.Name()));
}

}  // namespace

Result<ExecNodePtr> MakeHashJoin(ExecNodePtr left, ExecNodePtr right, JoinKind kind,
                                 std::vector<ExprPtr> left_keys, std::vector<ExprPtr> right_keys,
                                 ExprPtr residual, uint64_t memory_limit) {
  GT_RETURN_IF_ERROR(CheckInputs(left, right, residual, "hash join"));
  if (left_keys.size() != right_keys.size()) {
    return Status(StatusCode::kPlanQuery,
                  fmt::format("hash join needs as many left keys as right keys, got {} and {}",
                              left_keys.size(), right_keys.size()));
  }
  for (size_t i = 0; i < left_keys.size(); ++i) {
    if (left_keys[i] == nullptr || right_keys[i] == nullptr) {
      return Status::InvalidArguments("hash join: key #{} is missing", i);
    }
    GT_RETURN_IF_ERROR(UnifyKeys(left_keys[i], right_keys[i]));
  }
  JoinOptions options;
  options.kind = kind;
  options.left_keys = std::move(left_keys);
  options.right_keys = std::move(right_keys);
  options.filter = std::move(residual);
  options.memory_limit = memory_limit;
  return ExecNodePtr(
      std::make_unique<JoinNode>(std::move(left), std::move(right), std::move(options)));
}

Result<ExecNodePtr> MakeNestedLoopJoin(ExecNodePtr left, ExecNodePtr right, JoinKind kind,
                                       ExprPtr condition, uint64_t memory_limit) {
  GT_RETURN_IF_ERROR(CheckInputs(left, right, condition, "nested loop join"));
  JoinOptions options;
  options.kind = kind;
  options.filter = std::move(condition);
  options.memory_limit = memory_limit;
  return ExecNodePtr(
      std::make_unique<JoinNode>(std::move(left), std::move(right), std::move(options)));
}

}  // namespace greptime::query
