// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The append memtable of append-mode regions: one columnar buffer of rows in arrival order, with
// primary keys interned as ids (a dictionary of encoded keys).
//
// Design. Writes append whole RecordBatches under an exclusive lock (so a write is atomic for
// readers); Iter() copies the sort keys (row index, ts, sequence, op type) of the rows present
// that pass its filters under a shared lock, orders them by (primary key, ts asc, seq desc)
// without the lock, and the iterator later copies field values of one batch at a time under
// the shared lock. Rows are append-only, so the snapshot's row indices stay valid.
#include <algorithm>
#include <atomic>
#include <deque>
#include <limits>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "storage/memtable/memtable.h"
#include "storage/memtable/row_key_encoder.h"
#include "storage/read/column_buffer.h"
#include "types/column.h"
#include "types/record_batch.h"

namespace greptime::storage {
namespace {

size_t StringHeapBytes(const std::string& s) {
  static const size_t kInline = std::string().capacity();
  return s.capacity() > kInline ? s.capacity() + 1 : 0;
}

struct AppendState {
  explicit AppendState(RegionMetadataPtr md) : metadata(std::move(md)) {
    for (uint32_t id : metadata->field_ids()) {
      fields.push_back(ColumnBuffer::Make(metadata->ColumnById(id)->column_schema.type));
      field_columns.push_back(*metadata->IndexOfId(id));
    }
    ts_column = *metadata->IndexOfId(metadata->time_index_id());
  }

  const RegionMetadataPtr metadata;
  std::vector<size_t> field_columns;
  size_t ts_column = 0;

  std::shared_mutex mu;
  // Guarded by mu (the writer reads key_ids without it: it is their only mutator).
  std::vector<uint32_t> key_of_row;
  std::vector<int64_t> ts;
  std::vector<uint64_t> seq;
  std::vector<OpType> ops;
  std::vector<std::unique_ptr<ColumnBuffer>> fields;
  std::deque<std::string> keys;                            // key id -> encoded key
  std::unordered_map<std::string_view, uint32_t> key_ids;  // views keys
};

// A run of rows of one key, as positions in AppendIterator::order_.
struct KeyRun {
  uint32_t key;
  size_t begin;
  size_t end;
};

class AppendIterator final : public BatchReader {
 public:
  AppendIterator(std::shared_ptr<AppendState> state, std::vector<size_t> field_positions,
                 size_t batch_rows)
      : state_(std::move(state)),
        field_positions_(std::move(field_positions)),
        batch_rows_(batch_rows) {}

  // Copies the sort keys of the rows present now that pass `options`.
  void Snapshot(const MemtableReadOptions& options) {
    AppendState& st = *state_;
    size_t n = 0;
    {
      std::shared_lock<std::shared_mutex> lock(st.mu);
      n = st.ts.size();
      for (const std::string& key : st.keys) keys_.push_back(&key);
    }
    // Rank keys by their bytes, without the lock (pk_filter may be slow); filtered keys get no
    // rank. Rows below n only use keys interned before them, so keys_ covers them.
    std::vector<uint32_t> by_bytes(keys_.size());
    for (uint32_t k = 0; k < keys_.size(); ++k) by_bytes[k] = k;
    std::sort(by_bytes.begin(), by_bytes.end(),
              [this](uint32_t a, uint32_t b) { return *keys_[a] < *keys_[b]; });
    std::vector<uint32_t> rank(keys_.size(), kSkip);
    for (uint32_t k : by_bytes) {
      if (options.pk_filter && !options.pk_filter(*keys_[k])) continue;
      rank[k] = static_cast<uint32_t>(key_of_rank_.size());
      key_of_rank_.push_back(k);
    }
    std::shared_lock<std::shared_mutex> lock(st.mu);
    for (size_t i = 0; i < n; ++i) {
      uint32_t r = rank[st.key_of_row[i]];
      int64_t ts = st.ts[i];
      if (r == kSkip || (options.time_start && ts < *options.time_start) ||
          (options.time_end && ts >= *options.time_end)) {
        continue;
      }
      rows_.push_back(static_cast<uint32_t>(i));
      rank_.push_back(r);
      ts_.push_back(ts);
      seq_.push_back(st.seq[i]);
      ops_.push_back(st.ops[i]);
    }
  }

  // Orders the snapshot into runs of one key each: by key rank (counting sort), then by
  // (ts asc, seq desc) within a key.
  void Plan() {
    std::vector<size_t> begin(key_of_rank_.size() + 1, 0);
    for (uint32_t r : rank_) ++begin[r + 1];
    for (size_t r = 0; r < key_of_rank_.size(); ++r) begin[r + 1] += begin[r];
    order_.resize(rank_.size());
    std::vector<size_t> next(begin.begin(), begin.end() - 1);
    for (size_t p = 0; p < rank_.size(); ++p) order_[next[rank_[p]]++] = static_cast<uint32_t>(p);
    auto less = [this](uint32_t a, uint32_t b) {
      return ts_[a] != ts_[b] ? ts_[a] < ts_[b] : seq_[a] > seq_[b];
    };
    for (size_t r = 0; r < key_of_rank_.size(); ++r) {
      auto first = order_.begin() + static_cast<std::ptrdiff_t>(begin[r]);
      auto last = order_.begin() + static_cast<std::ptrdiff_t>(begin[r + 1]);
      if (first == last) continue;
      if (!std::is_sorted(first, last, less)) std::stable_sort(first, last, less);
      runs_.push_back({key_of_rank_[r], begin[r], begin[r + 1]});
    }
  }

  Result<std::optional<Batch>> Next() override {
    if (run_ >= runs_.size()) return std::optional<Batch>();
    KeyRun& run = runs_[run_];
    size_t len = std::min(batch_rows_, run.end - run.begin);
    Batch batch;
    batch.primary_key = *keys_[run.key];
    batch.timestamps.reserve(len);
    batch.sequences.reserve(len);
    batch.op_types.reserve(len);
    take_.clear();
    for (size_t k = run.begin; k < run.begin + len; ++k) {
      uint32_t p = order_[k];
      batch.timestamps.push_back(ts_[p]);
      batch.sequences.push_back(seq_[p]);
      batch.op_types.push_back(ops_[p]);
      take_.push_back(rows_[p]);
    }
    {
      std::shared_lock<std::shared_mutex> lock(state_->mu);
      for (size_t f : field_positions_) batch.fields.push_back(state_->fields[f]->Take(take_));
    }
    run.begin += len;
    if (run.begin == run.end) ++run_;
    return std::optional<Batch>(std::move(batch));
  }

 private:
  static constexpr uint32_t kSkip = std::numeric_limits<uint32_t>::max();

  std::shared_ptr<AppendState> state_;
  std::vector<size_t> field_positions_;
  size_t batch_rows_;
  // Snapshot: the selected rows, by position.
  std::vector<const std::string*> keys_;  // key id -> key; stable, deque elements never move
  std::vector<uint32_t> key_of_rank_;     // rank -> key id, for keys passing pk_filter
  std::vector<uint32_t> rows_;            // row index in the memtable
  std::vector<uint32_t> rank_;
  std::vector<int64_t> ts_;
  std::vector<uint64_t> seq_;
  std::vector<OpType> ops_;
  // Plan: positions in output order, cut into runs of one key.
  std::vector<uint32_t> order_;
  std::vector<KeyRun> runs_;
  size_t run_ = 0;
  std::vector<uint32_t> take_;  // scratch
};

class AppendMemtable final : public MemtableWithStats {
 public:
  explicit AppendMemtable(RegionMetadataPtr metadata)
      : state_(std::make_shared<AppendState>(std::move(metadata))), encoder_(*state_->metadata) {
    memory_bytes_.store(ComputeBytes());
  }

  Status Write(OpType op, uint64_t first_sequence, const types::RecordBatch& rows) override;
  Result<std::unique_ptr<BatchReader>> Iter(const MemtableReadOptions& options) const override;

  const RegionMetadataPtr& metadata() const override { return state_->metadata; }

 private:
  // Writer-only; caller may hold state_->mu or not (the writer is the only mutator).
  size_t ComputeBytes() const {
    const AppendState& st = *state_;
    constexpr size_t kNodeBytes =
        sizeof(void*) + sizeof(size_t) + sizeof(std::pair<const std::string_view, uint32_t>);
    size_t bytes = st.key_of_row.capacity() * sizeof(uint32_t) +
                   st.ts.capacity() * sizeof(int64_t) + st.seq.capacity() * sizeof(uint64_t) +
                   st.ops.capacity() * sizeof(OpType) + key_bytes_ +
                   st.keys.size() * sizeof(std::string) + st.key_ids.size() * kNodeBytes +
                   st.key_ids.bucket_count() * sizeof(void*);
    for (const auto& f : st.fields) bytes += f->AllocatedBytes();
    return bytes;
  }
  uint32_t KeyId(std::string_view key);

  std::shared_ptr<AppendState> state_;
  RowKeyEncoder encoder_;  // writer-only
  size_t key_bytes_ = 0;            // writer-only: heap bytes of the interned keys
  std::vector<uint32_t> row_keys_;  // writer scratch
  std::string key_;                 // writer scratch
};

uint32_t AppendMemtable::KeyId(std::string_view key) {
  AppendState& st = *state_;
  auto it = st.key_ids.find(key);
  if (it != st.key_ids.end()) return it->second;
  std::unique_lock<std::shared_mutex> lock(st.mu);
  uint32_t id = static_cast<uint32_t>(st.keys.size());
  st.keys.emplace_back(key);
  st.key_ids.emplace(std::string_view(st.keys.back()), id);
  key_bytes_ += StringHeapBytes(st.keys.back());
  return id;
}

Status AppendMemtable::Write(OpType op, uint64_t first_sequence, const types::RecordBatch& rows) {
  AppendState& st = *state_;
  if (frozen()) {
    return Status::IllegalState("write to a frozen memtable of region {}",
                                st.metadata->region_id().ToString());
  }
  GT_RETURN_IF_ERROR(ValidateMemtableRows(*st.metadata, rows));
  size_t n = rows.num_rows();
  if (n == 0) return Status::OK();
  const auto* ts_column = rows.column(st.ts_column)->As<types::TimestampColumn>();
  if (ts_column == nullptr) return Status::Internal("time index column has an unexpected layout");
  std::span<const int64_t> ts = ts_column->values();

  encoder_.Reset(rows);
  row_keys_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && encoder_.SameAsPrevious(i)) {
      row_keys_[i] = row_keys_[i - 1];
      continue;
    }
    GT_RETURN_IF_ERROR(encoder_.EncodeInto(i, &key_));
    row_keys_[i] = KeyId(key_);
  }

  {
    std::unique_lock<std::shared_mutex> lock(st.mu);
    size_t old_rows = st.ts.size();
    for (size_t f = 0; f < st.fields.size(); ++f) {
      Status status = st.fields[f]->AppendRange(*rows.column(st.field_columns[f]), 0, n);
      if (!status.ok()) {
        for (size_t g = 0; g < f; ++g) st.fields[g]->Truncate(old_rows);
        return status.WithContext("append memtable of region {}",
                                  st.metadata->region_id().ToString());
      }
    }
    st.key_of_row.insert(st.key_of_row.end(), row_keys_.begin(), row_keys_.end());
    st.ts.insert(st.ts.end(), ts.begin(), ts.end());
    for (size_t i = 0; i < n; ++i) st.seq.push_back(first_sequence + i);
    st.ops.resize(st.ops.size() + n, op);
  }

  auto [min_it, max_it] = std::minmax_element(ts.begin(), ts.end());
  if (*min_it < min_ts_.load(std::memory_order_relaxed)) min_ts_.store(*min_it);
  if (*max_it > max_ts_.load(std::memory_order_relaxed)) max_ts_.store(*max_it);
  memory_bytes_.store(ComputeBytes(), std::memory_order_relaxed);
  num_rows_.fetch_add(n, std::memory_order_release);
  uint64_t last = first_sequence + n - 1;
  if (last > max_sequence_.load(std::memory_order_relaxed)) {
    max_sequence_.store(last, std::memory_order_release);
  }
  return Status::OK();
}

Result<std::unique_ptr<BatchReader>> AppendMemtable::Iter(
    const MemtableReadOptions& options) const {
  const RegionMetadata& metadata = *state_->metadata;
  std::vector<size_t> positions;
  const std::vector<uint32_t>& field_ids = metadata.field_ids();
  for (uint32_t id : options.field_ids) {
    auto it = std::find(field_ids.begin(), field_ids.end(), id);
    if (it == field_ids.end()) {
      return Status::InvalidArguments("column id {} is not a field of region {}", id,
                                      metadata.region_id().ToString());
    }
    positions.push_back(static_cast<size_t>(it - field_ids.begin()));
  }
  size_t batch_rows = options.batch_rows == 0 ? kDefaultMemtableBatchRows : options.batch_rows;
  auto iter = std::make_unique<AppendIterator>(state_, std::move(positions), batch_rows);
  iter->Snapshot(options);
  iter->Plan();
  return std::unique_ptr<BatchReader>(std::move(iter));
}

}  // namespace

std::unique_ptr<Memtable> NewAppendMemtable(RegionMetadataPtr metadata) {
  return std::make_unique<AppendMemtable>(std::move(metadata));
}

}  // namespace greptime::storage
