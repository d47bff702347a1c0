// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The time-series memtable: encoded primary key -> Series, each the list of its rows in arrival
// order, as references into the write *chunks* that hold the values.
//
// Design. A write's rows are appended in bulk, one call per column, to the memtable's open
// *chunk* (time index, sequence, op type and field columns); each series then only appends
// 8-byte row references (chunk index, row). Per row the writer does one key encoding, one hash
// lookup and one small append, instead of growing one buffer per column per series, which made
// allocation and copying the largest cost of the write path. A chunk is sealed (its buffers
// become immutable columns) once it holds kSealRows rows. Readers gather a series' values from
// the chunks, run by run.
//
// One writer (the region worker), many readers. The chunk list and the open chunk are guarded
// by State::chunk_mu: the writer takes it exclusively once per write, readers share it while
// they copy one series out. The writer looks series up in a hash map without locking (it is the
// map's only mutator) and takes the map lock exclusively only to insert a new series. Each
// series has a mutex, held by the writer while it appends references and by a reader while it
// copies rows out; readers never hold locks across Next() calls. A reader's snapshot, taken by
// Iter(), is each series' published row count plus a sequence bound (the largest sequence of
// completed writes), so rows of a write still running are not seen even when they are already
// appended. Readers sort a series' rows by (ts asc, seq desc) only when the writer saw
// timestamps out of order.
#include <algorithm>
#include <atomic>
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

constexpr uint32_t kNoSlot = std::numeric_limits<uint32_t>::max();

size_t StringHeapBytes(const std::string& s) {
  static const size_t kInline = std::string().capacity();
  return s.capacity() > kInline ? s.capacity() + 1 : 0;
}

// Rows of one or more writes. Open: `buffers` grow (under State::chunk_mu). Sealed: `columns`
// hold the fields and nothing changes any more.
struct Chunk {
  std::vector<int64_t> ts;
  std::vector<uint64_t> seq;
  std::vector<OpType> ops;
  std::vector<std::unique_ptr<ColumnBuffer>> buffers;  // while open; metadata field order
  std::vector<types::ColumnPtr> columns;               // once sealed
  bool sealed = false;

  size_t rows() const { return ts.size(); }
  // While open (sealing keeps the same allocations).
  size_t AllocatedBytes() const {
    size_t bytes = sizeof(Chunk) + ts.capacity() * sizeof(int64_t) +
                   seq.capacity() * sizeof(uint64_t) + ops.capacity() * sizeof(OpType);
    for (const auto& b : buffers) bytes += b->AllocatedBytes();
    return bytes;
  }
};

// A chunk is sealed once it holds this many rows (a larger write fills one chunk alone).
constexpr size_t kSealRows = 16384;

// A row of a series: (chunk index << 32) | row in the chunk.
using RowRef = uint64_t;
inline uint32_t RefChunk(RowRef r) { return static_cast<uint32_t>(r >> 32); }
inline uint32_t RefRow(RowRef r) { return static_cast<uint32_t>(r); }

struct Series {
  explicit Series(std::string key) : pk(std::move(key)) {}

  // Caller holds mu or is the writer.
  size_t AllocatedBytes() const {
    return sizeof(Series) + StringHeapBytes(pk) + refs.capacity() * sizeof(RowRef);
  }

  const std::string pk;
  std::mutex mu;
  // Guarded by mu; rows in arrival order.
  std::vector<RowRef> refs;
  bool sorted = true;  // strictly increasing ts
  int64_t last_ts = std::numeric_limits<int64_t>::min();
  uint64_t max_seq = 0;
  // Rows a new iterator may see; stored after they are appended.
  std::atomic<size_t> published{0};
  // Writer-only.
  size_t accounted_bytes = 0;
  uint32_t write_slot = kNoSlot;
};

// Everything iterators share with the memtable; it outlives the memtable while they run.
struct State {
  explicit State(RegionMetadataPtr md) : metadata(std::move(md)) {
    for (uint32_t id : metadata->field_ids()) {
      field_types.push_back(metadata->ColumnById(id)->column_schema.type);
      field_columns.push_back(*metadata->IndexOfId(id));
    }
    ts_column = *metadata->IndexOfId(metadata->time_index_id());
  }

  // The series ordered by primary key; rebuilt when series were added since the last call.
  std::shared_ptr<const std::vector<Series*>> SortedSeries() {
    std::lock_guard<std::mutex> sorted_lock(sorted_mu);
    std::shared_lock<std::shared_mutex> map_lock(map_mu);
    if (sorted != nullptr && sorted->size() == series.size()) return sorted;
    auto view = std::make_shared<std::vector<Series*>>();
    view->reserve(series.size());
    for (const auto& entry : series) view->push_back(entry.second.get());
    map_lock.unlock();
    std::sort(view->begin(), view->end(),
              [](const Series* a, const Series* b) { return a->pk < b->pk; });
    sorted = std::move(view);
    return sorted;
  }

  const RegionMetadataPtr metadata;
  std::vector<types::DataType> field_types;
  std::vector<size_t> field_columns;  // column index of each field in a write's RecordBatch
  size_t ts_column = 0;

  std::shared_mutex map_mu;
  // Keys view Series::pk. Inserted by the writer under map_mu; read by iterators under map_mu.
  std::unordered_map<std::string_view, std::unique_ptr<Series>> series;
  std::mutex sorted_mu;
  std::shared_ptr<const std::vector<Series*>> sorted;  // guarded by sorted_mu
  // Guards `chunks` (the vector) and the open chunk's contents.
  mutable std::shared_mutex chunk_mu;
  std::vector<std::unique_ptr<Chunk>> chunks;  // the last one may be open
};

struct SeriesSnapshot {
  Series* series;
  size_t rows;
};

struct ReadSpec {
  std::vector<size_t> field_positions;  // into Series::fields, in output order
  std::optional<int64_t> time_start;
  std::optional<int64_t> time_end;
  uint64_t visible_sequence = 0;
  size_t batch_rows = kDefaultMemtableBatchRows;
};

class TimeSeriesIterator final : public BatchReader {
 public:
  TimeSeriesIterator(std::shared_ptr<State> state, std::vector<SeriesSnapshot> series,
                     ReadSpec spec)
      : state_(std::move(state)), series_(std::move(series)), spec_(std::move(spec)) {}

  Result<std::optional<Batch>> Next() override {
    while (ready_pos_ >= ready_.size()) {
      ready_.clear();
      ready_pos_ = 0;
      if (next_series_ >= series_.size()) return std::optional<Batch>();
      ReadSeries(series_[next_series_++]);
    }
    return std::optional<Batch>(std::move(ready_[ready_pos_++]));
  }

 private:
  bool InRange(int64_t ts) const {
    return (!spec_.time_start || ts >= *spec_.time_start) &&
           (!spec_.time_end || ts < *spec_.time_end);
  }

  // Callers hold state_->chunk_mu (shared).
  int64_t TsOf(RowRef r) const { return state_->chunks[RefChunk(r)]->ts[RefRow(r)]; }
  uint64_t SeqOf(RowRef r) const { return state_->chunks[RefChunk(r)]->seq[RefRow(r)]; }

  // Copies the snapshot rows of one series into ready_, in batches of at most batch_rows.
  void ReadSeries(const SeriesSnapshot& snapshot) {
    Series& s = *snapshot.series;
    std::shared_lock<std::shared_mutex> chunks_lock(state_->chunk_mu);
    std::lock_guard<std::mutex> lock(s.mu);
    size_t n = snapshot.rows;
    refs_.clear();
    if (s.sorted && s.max_seq <= spec_.visible_sequence) {
      auto begin = s.refs.begin();
      auto end = s.refs.begin() + static_cast<std::ptrdiff_t>(n);
      auto by_ts = [this](RowRef r, int64_t t) { return TsOf(r) < t; };
      auto lo = spec_.time_start ? std::lower_bound(begin, end, *spec_.time_start, by_ts) : begin;
      auto hi = spec_.time_end ? std::lower_bound(lo, end, *spec_.time_end, by_ts) : end;
      refs_.assign(lo, hi);
    } else {
      for (size_t i = 0; i < n; ++i) {
        RowRef r = s.refs[i];
        if (SeqOf(r) <= spec_.visible_sequence && InRange(TsOf(r))) refs_.push_back(r);
      }
      if (!s.sorted) {
        std::stable_sort(refs_.begin(), refs_.end(), [this](RowRef a, RowRef b) {
          int64_t ta = TsOf(a), tb = TsOf(b);
          return ta != tb ? ta < tb : SeqOf(a) > SeqOf(b);
        });
      }
    }
    for (size_t at = 0; at < refs_.size(); at += spec_.batch_rows) {
      size_t len = std::min(spec_.batch_rows, refs_.size() - at);
      Emit(s, std::span<const RowRef>(refs_.data() + at, len));
    }
  }

  // Field `position` of `refs`, appended run by run (rows of one chunk in a row).
  // Caller holds state_->chunk_mu (shared).
  types::ColumnPtr Gather(size_t position, std::span<const RowRef> refs) {
    auto buffer = ColumnBuffer::Make(state_->field_types[position]);
    buffer->Reserve(refs.size());
    size_t k = 0;
    while (k < refs.size()) {
      uint32_t chunk_id = RefChunk(refs[k]);
      rows_.clear();
      for (; k < refs.size() && RefChunk(refs[k]) == chunk_id; ++k) rows_.push_back(RefRow(refs[k]));
      const Chunk& chunk = *state_->chunks[chunk_id];
      // Neither append can fail: the source has the buffer's type (or is all-null), and one
      // batch holds at most batch_rows rows of strings no longer than the chunk's.
      if (chunk.sealed) {
        (void)buffer->Append(*chunk.columns[position], std::span<const uint32_t>(rows_));
      } else {
        types::ColumnPtr run = chunk.buffers[position]->Take(std::span<const uint32_t>(rows_));
        (void)buffer->AppendRange(*run, 0, run->size());
      }
    }
    return buffer->Finish();
  }

  // Caller holds the series' mutex.
  void Emit(const Series& s, std::span<const RowRef> refs) {
    Batch batch;
    batch.primary_key = s.pk;
    batch.timestamps.resize(refs.size());
    batch.sequences.resize(refs.size());
    batch.op_types.resize(refs.size());
    for (size_t k = 0; k < refs.size(); ++k) {
      const Chunk& chunk = *state_->chunks[RefChunk(refs[k])];
      uint32_t row = RefRow(refs[k]);
      batch.timestamps[k] = chunk.ts[row];
      batch.sequences[k] = chunk.seq[row];
      batch.op_types[k] = chunk.ops[row];
    }
    batch.fields.reserve(spec_.field_positions.size());
    for (size_t p : spec_.field_positions) batch.fields.push_back(Gather(p, refs));
    ready_.push_back(std::move(batch));
  }

  std::shared_ptr<State> state_;  // keeps the series alive
  std::vector<SeriesSnapshot> series_;
  ReadSpec spec_;
  size_t next_series_ = 0;
  std::vector<Batch> ready_;
  size_t ready_pos_ = 0;
  std::vector<RowRef> refs_;     // scratch
  std::vector<uint32_t> rows_;   // scratch
};

class TimeSeriesMemtable final : public MemtableWithStats {
 public:
  explicit TimeSeriesMemtable(RegionMetadataPtr metadata)
      : state_(std::make_shared<State>(std::move(metadata))), encoder_(*state_->metadata) {
    memory_bytes_.store(MemoryBytes());
  }

  Status Write(OpType op, uint64_t first_sequence, const types::RecordBatch& rows) override;
  Result<std::unique_ptr<BatchReader>> Iter(const MemtableReadOptions& options) const override;

  const RegionMetadataPtr& metadata() const override { return state_->metadata; }

 private:
  // Writer-only lookups need no lock: the writer is the map's only mutator.
  Series* FindOrCreate(std::string_view key);
  // Appends the write to the open chunk (opening or sealing chunks as needed); returns the
  // chunk index and the row of the write's first row in it. On error nothing is appended.
  Result<std::pair<uint32_t, uint32_t>> AppendToChunk(OpType op, uint64_t first_sequence,
                                                      std::span<const int64_t> ts,
                                                      const types::RecordBatch& rows);
  void AppendRows(Series& s, std::span<const uint32_t> rows, uint32_t chunk_id,
                  uint32_t row_base, uint64_t first_sequence, std::span<const int64_t> ts);
  size_t MapBytes() const {
    constexpr size_t kNodeBytes =
        sizeof(void*) + sizeof(size_t) + sizeof(std::pair<const std::string_view, void*>);
    return state_->series.size() * kNodeBytes + state_->series.bucket_count() * sizeof(void*);
  }
  size_t MemoryBytes() const {
    return series_bytes_ + sealed_bytes_ + open_bytes_ + MapBytes() + sizeof(State) +
           state_->chunks.capacity() * sizeof(std::unique_ptr<Chunk>);
  }

  std::shared_ptr<State> state_;
  RowKeyEncoder encoder_;  // writer-only
  size_t series_bytes_ = 0;  // writer-only: sum of Series::accounted_bytes
  size_t sealed_bytes_ = 0;  // writer-only: bytes of the sealed chunks
  size_t open_bytes_ = 0;    // writer-only: bytes of the open chunk
  // Writer scratch, reused across writes.
  std::vector<Series*> touched_;
  std::vector<uint32_t> row_slot_;
  std::vector<uint32_t> slot_begin_;
  std::vector<uint32_t> slot_next_;
  std::vector<uint32_t> order_;
  std::string key_;
};

Series* TimeSeriesMemtable::FindOrCreate(std::string_view key) {
  auto it = state_->series.find(key);
  if (it != state_->series.end()) return it->second.get();
  auto series = std::make_unique<Series>(std::string(key));
  Series* raw = series.get();
  std::unique_lock<std::shared_mutex> lock(state_->map_mu);
  state_->series.emplace(std::string_view(raw->pk), std::move(series));
  return raw;
}

void TimeSeriesMemtable::AppendRows(Series& s, std::span<const uint32_t> rows, uint32_t chunk_id,
                                    uint32_t row_base, uint64_t first_sequence,
                                    std::span<const int64_t> ts) {
  std::lock_guard<std::mutex> lock(s.mu);
  const RowRef base = (static_cast<RowRef>(chunk_id) << 32) | row_base;
  for (uint32_t r : rows) {
    int64_t t = ts[r];
    if (t <= s.last_ts) s.sorted = false;
    s.last_ts = t;
    s.refs.push_back(base + r);
  }
  // Rows of one slot are in row order, so the last has the largest sequence.
  s.max_seq = std::max(s.max_seq, first_sequence + rows.back());
  s.published.store(s.refs.size(), std::memory_order_release);
  size_t bytes = s.AllocatedBytes();
  series_bytes_ += bytes - s.accounted_bytes;
  s.accounted_bytes = bytes;
}

Result<std::pair<uint32_t, uint32_t>> TimeSeriesMemtable::AppendToChunk(
    OpType op, uint64_t first_sequence, std::span<const int64_t> ts,
    const types::RecordBatch& rows) {
  const size_t n = rows.num_rows();
  std::unique_lock<std::shared_mutex> lock(state_->chunk_mu);
  std::vector<std::unique_ptr<Chunk>>& chunks = state_->chunks;
  Chunk* open = chunks.empty() || chunks.back()->sealed ? nullptr : chunks.back().get();
  if (open != nullptr && open->rows() + n > kSealRows && open->rows() != 0) {
    // Seal: the buffers become immutable columns (their vectors move, nothing is copied, the
    // capacity stays allocated and counted).
    sealed_bytes_ += open->AllocatedBytes();
    for (auto& buffer : open->buffers) open->columns.push_back(buffer->Finish());
    open->buffers.clear();
    open->sealed = true;
    open_bytes_ = 0;
    open = nullptr;
  }
  if (open == nullptr) {
    if (chunks.size() > std::numeric_limits<uint32_t>::max() - 1) {
      return Status::RuntimeResourcesExhausted("memtable of region {} is full; flush it",
                                               state_->metadata->region_id().ToString());
    }
    auto chunk = std::make_unique<Chunk>();
    for (const types::DataType& type : state_->field_types) {
      chunk->buffers.push_back(ColumnBuffer::Make(type));
    }
    chunks.push_back(std::move(chunk));
    open = chunks.back().get();
  }
  const size_t old_rows = open->rows();
  if (old_rows + n > std::numeric_limits<uint32_t>::max()) {
    return Status::RuntimeResourcesExhausted("write of {} rows is too large for one memtable", n);
  }
  for (size_t f = 0; f < open->buffers.size(); ++f) {
    Status status = open->buffers[f]->AppendRange(*rows.column(state_->field_columns[f]), 0, n);
    if (!status.ok()) {
      for (size_t g = 0; g < f; ++g) open->buffers[g]->Truncate(old_rows);
      return status.WithContext("memtable of region {}",
                                state_->metadata->region_id().ToString());
    }
  }
  open->ts.insert(open->ts.end(), ts.begin(), ts.end());
  open->seq.reserve(old_rows + n);
  for (size_t i = 0; i < n; ++i) open->seq.push_back(first_sequence + i);
  open->ops.resize(old_rows + n, op);
  open_bytes_ = open->AllocatedBytes();
  return std::make_pair(static_cast<uint32_t>(chunks.size() - 1),
                        static_cast<uint32_t>(old_rows));
}

Status TimeSeriesMemtable::Write(OpType op, uint64_t first_sequence,
                                 const types::RecordBatch& rows) {
  const RegionMetadata& metadata = *state_->metadata;
  if (frozen()) {
    return Status::IllegalState("write to a frozen memtable of region {}",
                                metadata.region_id().ToString());
  }
  GT_RETURN_IF_ERROR(ValidateMemtableRows(metadata, rows));
  size_t n = rows.num_rows();
  if (n == 0) return Status::OK();
  const auto* ts_column = rows.column(state_->ts_column)->As<types::TimestampColumn>();
  if (ts_column == nullptr) return Status::Internal("time index column has an unexpected layout");
  std::span<const int64_t> ts = ts_column->values();

  // 1. Each row's series, as a slot in touched_ (write_slot is reset on every exit).
  struct SlotReset {
    std::vector<Series*>& touched;
    ~SlotReset() {
      for (Series* s : touched) s->write_slot = kNoSlot;
      touched.clear();
    }
  } reset{touched_};
  encoder_.Reset(rows);
  row_slot_.resize(n);
  Series* current = nullptr;
  for (size_t i = 0; i < n; ++i) {
    if (current == nullptr || !encoder_.SameAsPrevious(i)) {
      GT_RETURN_IF_ERROR(encoder_.EncodeInto(i, &key_));
      current = FindOrCreate(key_);
      if (current->write_slot == kNoSlot) {
        current->write_slot = static_cast<uint32_t>(touched_.size());
        touched_.push_back(current);
      }
    }
    row_slot_[i] = current->write_slot;
  }

  // 2. Rows grouped by slot, in row order within a slot (counting sort).
  slot_begin_.assign(touched_.size() + 1, 0);
  for (size_t i = 0; i < n; ++i) ++slot_begin_[row_slot_[i] + 1];
  for (size_t s = 0; s < touched_.size(); ++s) slot_begin_[s + 1] += slot_begin_[s];
  order_.resize(n);
  slot_next_.assign(slot_begin_.begin(), slot_begin_.end() - 1);
  for (size_t i = 0; i < n; ++i) order_[slot_next_[row_slot_[i]]++] = static_cast<uint32_t>(i);

  // 3. The values, in bulk (readers reach them only through series rows published after), then
  // the row references per series.
  GT_ASSIGN_OR_RETURN(auto position, AppendToChunk(op, first_sequence, ts, rows));
  for (size_t s = 0; s < touched_.size(); ++s) {
    std::span<const uint32_t> slot_rows(order_.data() + slot_begin_[s],
                                        slot_begin_[s + 1] - slot_begin_[s]);
    AppendRows(*touched_[s], slot_rows, position.first, position.second, first_sequence, ts);
  }

  // 4. Statistics; max_sequence_ last: it publishes the write to new iterators.
  auto [min_it, max_it] = std::minmax_element(ts.begin(), ts.end());
  if (*min_it < min_ts_.load(std::memory_order_relaxed)) min_ts_.store(*min_it);
  if (*max_it > max_ts_.load(std::memory_order_relaxed)) max_ts_.store(*max_it);
  memory_bytes_.store(MemoryBytes(), std::memory_order_relaxed);
  num_rows_.fetch_add(n, std::memory_order_release);
  uint64_t last = first_sequence + n - 1;
  if (last > max_sequence_.load(std::memory_order_relaxed)) {
    max_sequence_.store(last, std::memory_order_release);
  }
  return Status::OK();
}

Result<std::unique_ptr<BatchReader>> TimeSeriesMemtable::Iter(
    const MemtableReadOptions& options) const {
  const RegionMetadata& metadata = *state_->metadata;
  ReadSpec spec;
  const std::vector<uint32_t>& field_ids = metadata.field_ids();
  for (uint32_t id : options.field_ids) {
    auto it = std::find(field_ids.begin(), field_ids.end(), id);
    if (it == field_ids.end()) {
      return Status::InvalidArguments("column id {} is not a field of region {}", id,
                                      metadata.region_id().ToString());
    }
    spec.field_positions.push_back(static_cast<size_t>(it - field_ids.begin()));
  }
  spec.time_start = options.time_start;
  spec.time_end = options.time_end;
  spec.batch_rows = options.batch_rows == 0 ? kDefaultMemtableBatchRows : options.batch_rows;
  // The bound first: rows counted below but written after it are filtered by sequence.
  spec.visible_sequence = max_sequence_.load(std::memory_order_acquire);

  std::vector<SeriesSnapshot> snapshot;
  if (num_rows() != 0) {
    std::shared_ptr<const std::vector<Series*>> sorted = state_->SortedSeries();
    snapshot.reserve(sorted->size());
    for (Series* s : *sorted) {
      size_t published = s->published.load(std::memory_order_acquire);
      if (published == 0) continue;
      if (options.pk_filter && !options.pk_filter(s->pk)) continue;
      snapshot.push_back({s, published});
    }
  }
  return std::unique_ptr<BatchReader>(
      std::make_unique<TimeSeriesIterator>(state_, std::move(snapshot), std::move(spec)));
}

}  // namespace

std::unique_ptr<Memtable> NewTimeSeriesMemtable(RegionMetadataPtr metadata) {
  return std::make_unique<TimeSeriesMemtable>(std::move(metadata));
}

}  // namespace greptime::storage
