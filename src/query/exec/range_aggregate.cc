// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// RANGE ... ALIGN ... BY ... FILL (spec/sql.md §11), GreptimeDB's RangeSelect.
//
// Design: rows get a dense series id from their BY values; a row at time t (in ms) feeds, per
// range item, every window start s = origin + k * align with s <= t < s + range. Each
// (series, window start) pair is a "slot", a dense group id shared by all items, so every item
// runs one GroupsAccumulator over all slots. A slot created by one item only finishes with the
// other items' empty value (NULL; count gives 0), as a fresh accumulator would.
// At the end the slots are sorted by (BY values, start). When any item has a FILL, each series
// is densified from its first to its last start (step align) with the empty values, then each
// item's fill is applied to its NULLs within the series: PREV copies the previous value, LINEAR
// interpolates (Float64; leading/trailing gaps extrapolate from the two nearest points), a
// constant replaces them.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

#include <fmt/format.h>

#include "common/strings.h"
#include "query/exec/exec_node.h"
#include "types/column_builder.h"
#include "types/column_ops.h"

namespace greptime::query {
namespace {

using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::Value;

// (row, slot) pairs handed to an accumulator per Update call: bounds the transient buffers
// when range / align puts a row into many windows.
constexpr size_t kPairsPerUpdate = 64 * 1024;
// Windows (slots) and output rows above which the query cannot reasonably succeed; fails with
// kRuntimeResourcesExhausted even without a memory limit (group ids are 32-bit anyway).
constexpr size_t kMaxSlots = size_t{1} << 26;
constexpr size_t kMaxOutputRows = size_t{1} << 26;

Status MemoryExceeded(uint64_t limit) {
  return Status::RuntimeResourcesExhausted(
      "Query memory limit exceeded: the range query needs more than {} bytes "
      "(query.memory_pool_size)",
      limit);
}

Status TooManyWindows() {
  return Status::RuntimeResourcesExhausted(
      "range query: more than {} windows (narrow the time span, shorten RANGE or widen ALIGN)",
      kMaxSlots);
}

Status PlanError(std::string message) {
  return Status(StatusCode::kPlanQuery, "Error during planning: " + std::move(message));
}

// Raw time index values <-> milliseconds, as Arrow casts timestamps (division truncates).
struct MsConverter {
  TimeUnit unit;

  Result<int64_t> ToMs(int64_t v) const {
    switch (unit) {
      case TimeUnit::kSecond: {
        int64_t out;
        if (__builtin_mul_overflow(v, int64_t{1000}, &out)) {
          return Status(StatusCode::kEngineExecuteQuery,
                        fmt::format("range query: timestamp {}s is out of range in ms", v));
        }
        return out;
      }
      case TimeUnit::kMillisecond: return v;
      case TimeUnit::kMicrosecond: return v / 1000;
      case TimeUnit::kNanosecond: return v / 1000000;
    }
    return v;
  }
  Result<int64_t> FromMs(int64_t ms) const {
    int64_t factor = 1;
    switch (unit) {
      case TimeUnit::kSecond: return ms / 1000;
      case TimeUnit::kMillisecond: return ms;
      case TimeUnit::kMicrosecond: factor = 1000; break;
      case TimeUnit::kNanosecond: factor = 1000000; break;
    }
    int64_t out;
    if (__builtin_mul_overflow(ms, factor, &out)) {
      return Status(StatusCode::kEngineExecuteQuery,
                    fmt::format("range query: window start {}ms does not fit the time index unit",
                                ms));
    }
    return out;
  }
};

// a / b rounded toward negative infinity, b > 0; 64-bit division when a fits (the usual case).
__int128 FloorDiv128(__int128 a, int64_t b) {
  if (a >= std::numeric_limits<int64_t>::min() && a <= std::numeric_limits<int64_t>::max()) {
    return FloorDiv(static_cast<int64_t>(a), b);
  }
  __int128 q = a / b;
  if (a % b != 0 && a < 0) --q;
  return q;
}

// ---------------------------------------------------------------------------------------------
// Series ids from BY values.
// ---------------------------------------------------------------------------------------------

// How one key column's rows are encoded into a byte key (resolved once per batch).
struct KeyReader {
  const Column* column = nullptr;
  const types::Int64Column* i64 = nullptr;  // Int64 and Timestamp
  const types::Int32Column* i32 = nullptr;  // Int32 and Date
  const types::Float64Column* f64 = nullptr;
  const types::StringColumn* str = nullptr;

  explicit KeyReader(const Column& c) : column(&c) {
    i64 = c.As<types::Int64Column>();
    i32 = c.As<types::Int32Column>();
    f64 = c.As<types::Float64Column>();
    str = c.As<types::StringColumn>();
  }

  // Appends a self-delimiting encoding of row i (NULL distinct from every value).
  void Encode(size_t i, std::string& out) const {
    if (column->IsNull(i)) {
      out.push_back('\0');
      return;
    }
    out.push_back('\1');
    if (i64 != nullptr) return AppendRaw(i64->at(i), out);
    if (i32 != nullptr) return AppendRaw(i32->at(i), out);
    if (f64 != nullptr) {
      double v = f64->at(i);
      if (v == 0) v = 0;                                          // -0 groups with 0
      if (std::isnan(v)) v = std::numeric_limits<double>::quiet_NaN();  // one NaN
      return AppendRaw(v, out);
    }
    if (str != nullptr) return AppendBytes(str->at(i), out);
    AppendBytes(column->GetValue(i).ToString(), out);
  }

  template <typename T>
  static void AppendRaw(T v, std::string& out) {
    out.append(reinterpret_cast<const char*>(&v), sizeof(v));
  }
  static void AppendBytes(std::string_view v, std::string& out) {
    AppendRaw(static_cast<uint32_t>(v.size()), out);
    out.append(v);
  }
};

class SeriesTable {
 public:
  explicit SeriesTable(const std::vector<ExprPtr>& by) {
    for (const auto& e : by) builders_.push_back(types::MakeColumnBuilder(e->type()));
  }

  size_t size() const { return count_; }
  size_t MemoryBytes() const { return key_bytes_ + count_ * (48 + 16 * builders_.size()); }

  // Series id of every row of `keys` (each n rows).
  Status Assign(const std::vector<ColumnPtr>& keys, size_t n, std::vector<uint32_t>& ids) {
    ids.assign(n, 0);
    if (keys.empty()) {
      if (n > 0) count_ = std::max<size_t>(count_, 1);
      return Status::OK();
    }
    if (keys.size() == 1 && keys[0]->null_count() == 0) {
      if (const auto* ints = keys[0]->As<types::Int64Column>()) {
        auto v = ints->values();
        for (size_t i = 0; i < n; ++i) {
          if (i > 0 && v[i] == v[i - 1]) {
            ids[i] = ids[i - 1];
            continue;
          }
          auto [it, inserted] = int_ids_.try_emplace(v[i], static_cast<uint32_t>(count_));
          if (inserted) GT_RETURN_IF_ERROR(AddSeries(keys, i, 16));
          ids[i] = it->second;
        }
        return Status::OK();
      }
    }
    std::vector<KeyReader> readers;
    for (const auto& k : keys) readers.emplace_back(*k);
    std::string key, prev;
    for (size_t i = 0; i < n; ++i) {
      key.clear();
      for (const auto& r : readers) r.Encode(i, key);
      if (i > 0 && key == prev) {
        ids[i] = ids[i - 1];
        continue;
      }
      auto it = bytes_ids_.find(key);
      if (it == bytes_ids_.end()) {
        it = bytes_ids_.emplace(key, static_cast<uint32_t>(count_)).first;
        GT_RETURN_IF_ERROR(AddSeries(keys, i, key.size() + 48));
      }
      ids[i] = it->second;
      prev.swap(key);
    }
    return Status::OK();
  }

  // The BY values of each series, in series id order. Call once.
  std::vector<ColumnPtr> FinishKeys() {
    std::vector<ColumnPtr> out;
    for (auto& b : builders_) out.push_back(b->Finish());
    return out;
  }

 private:
  Status AddSeries(const std::vector<ColumnPtr>& keys, size_t row, size_t bytes) {
    if (count_ >= std::numeric_limits<uint32_t>::max()) {
      return Status::RuntimeResourcesExhausted("range query: too many series");
    }
    ++count_;
    key_bytes_ += bytes;
    for (size_t k = 0; k < keys.size(); ++k) {
      GT_RETURN_IF_ERROR(builders_[k]->Append(keys[k]->GetValue(row)));
    }
    return Status::OK();
  }

  std::vector<std::unique_ptr<types::ColumnBuilder>> builders_;
  std::unordered_map<int64_t, uint32_t> int_ids_;
  std::unordered_map<std::string, uint32_t> bytes_ids_;
  size_t count_ = 0;
  size_t key_bytes_ = 0;
};

// (series, window start in ms) -> dense slot id. Series are usually dense in time, so each
// series keeps a vector indexed by (start - base) / align; a series whose windows are too
// sparse for that (a few points far apart) moves to a hash map.
struct SlotKey {
  uint32_t series;
  int64_t start;
  bool operator==(const SlotKey&) const = default;
};
struct SlotKeyHash {
  size_t operator()(const SlotKey& k) const {
    uint64_t h = static_cast<uint64_t>(k.start) * 0x9E3779B97F4A7C15ULL;
    h ^= (static_cast<uint64_t>(k.series) + 0x7F4A7C15ULL) * 0xC2B2AE3D27D4EB4FULL;
    return static_cast<size_t>(h ^ (h >> 29));
  }
};

class SlotTable {
 public:
  explicit SlotTable(int64_t align) : align_(align) {}

  size_t size() const { return keys_.size(); }
  // Slot id -> (series, start).
  const std::vector<SlotKey>& keys() const { return keys_; }
  size_t MemoryBytes() const {
    return keys_.size() * sizeof(SlotKey) + dense_bytes_ + sparse_.size() * 48 +
           series_.size() * sizeof(Series);
  }

  // The slot of (series, start), created when new. `start` lies on the align grid.
  Result<uint32_t> Id(uint32_t series, int64_t start) {
    if (series >= series_.size()) series_.resize(series + 1);
    Series& s = series_[series];
    if (!s.sparse) {
      if (s.ids.empty()) {
        s.base = start;
        s.ids.push_back(kNoSlot);
      }
      __int128 off = (static_cast<__int128>(start) - s.base) / align_;
      const __int128 len = static_cast<__int128>(s.ids.size());
      if (off < 0 || off >= len) {
        GT_RETURN_IF_ERROR(Grow(s, off));
        off = (static_cast<__int128>(start) - s.base) / align_;
      }
      if (!s.sparse) {
        uint32_t& id = s.ids[static_cast<size_t>(off)];
        if (id == kNoSlot) {
          GT_ASSIGN_OR_RETURN(id, New(series, start));
          ++s.count;
        }
        return id;
      }
    }
    auto it = sparse_.find(SlotKey{series, start});
    if (it != sparse_.end()) return it->second;
    GT_ASSIGN_OR_RETURN(uint32_t id, New(series, start));
    sparse_.emplace(SlotKey{series, start}, id);
    return id;
  }

 private:
  static constexpr uint32_t kNoSlot = std::numeric_limits<uint32_t>::max();
  struct Series {
    __int128 base = 0;           // start of ids[0]
    std::vector<uint32_t> ids;   // kNoSlot where no window yet
    size_t count = 0;            // windows of this series
    bool sparse = false;
  };

  Result<uint32_t> New(uint32_t series, int64_t start) {
    if (keys_.size() >= kMaxSlots) return TooManyWindows();
    keys_.push_back({series, start});
    return static_cast<uint32_t>(keys_.size() - 1);
  }

  // Widens s.ids to cover offset `off` (with slack for further growth that way), or moves the
  // series to the hash map when the vector would be mostly empty.
  Status Grow(Series& s, __int128 off) {
    const __int128 len = static_cast<__int128>(s.ids.size());
    const __int128 lo = std::min<__int128>(0, off), hi = std::max<__int128>(len - 1, off);
    const __int128 span = hi - lo + 1;
    if (span > static_cast<__int128>(4 * s.count + 1024)) {
      for (size_t i = 0; i < s.ids.size(); ++i) {
        if (s.ids[i] == kNoSlot) continue;
        sparse_.emplace(keys_[s.ids[i]], s.ids[i]);
      }
      dense_bytes_ -= s.ids.capacity() * sizeof(uint32_t);
      std::vector<uint32_t>().swap(s.ids);
      s.sparse = true;
      return Status::OK();
    }
    dense_bytes_ -= s.ids.capacity() * sizeof(uint32_t);
    if (off >= len) {
      s.ids.resize(static_cast<size_t>(off) + 1, kNoSlot);
    } else {
      // Prepend with slack so that data arriving in descending time stays linear.
      const size_t front = static_cast<size_t>(-off + std::min<__int128>(len, 1 << 20));
      std::vector<uint32_t> ids(front + s.ids.size(), kNoSlot);
      std::copy(s.ids.begin(), s.ids.end(), ids.begin() + static_cast<std::ptrdiff_t>(front));
      s.ids.swap(ids);
      s.base -= static_cast<__int128>(front) * align_;
    }
    dense_bytes_ += s.ids.capacity() * sizeof(uint32_t);
    return Status::OK();
  }

  int64_t align_;
  std::vector<SlotKey> keys_;
  std::vector<Series> series_;
  std::unordered_map<SlotKey, uint32_t, SlotKeyHash> sparse_;
  size_t dense_bytes_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Fills
// ---------------------------------------------------------------------------------------------

// Rows of `column` as doubles with validity (numeric types).
void ToDoubles(const Column& column, std::vector<double>& values, std::vector<uint8_t>& valid) {
  const size_t n = column.size();
  values.assign(n, 0);
  valid.assign(n, 0);
  const auto* f64 = column.As<types::Float64Column>();
  const auto* i64 = column.As<types::Int64Column>();
  for (size_t i = 0; i < n; ++i) {
    if (column.IsNull(i)) continue;
    if (f64 != nullptr) {
      values[i] = f64->at(i);
    } else if (i64 != nullptr) {
      values[i] = static_cast<double>(i64->at(i));
    } else {
      std::optional<double> d = column.GetValue(i).ToFloat64();
      if (!d) continue;
      values[i] = *d;
    }
    valid[i] = 1;
  }
}

// y0 + (y1 - y0) / (x1 - x0) * (x - x0) over rows [from, to), through points i1 and i2 (the
// operation order of GreptimeDB, so results match bit for bit).
void Interpolate(const std::vector<int64_t>& ts, std::vector<double>& y, size_t i1, size_t i2,
                 size_t from, size_t to) {
  const double x0 = static_cast<double>(ts[i1]), x1 = static_cast<double>(ts[i2]);
  const double y0 = y[i1], y1 = y[i2];
  if (x1 == x0) return;  // cannot happen: starts within a series are distinct
  for (size_t i = from; i < to; ++i) {
    y[i] = y0 + (y1 - y0) / (x1 - x0) * (static_cast<double>(ts[i]) - x0);
  }
}

// LINEAR over one series: rows [b, e) of y/valid. Needs two known points; interior gaps first,
// then the leading gap from the first two points, the trailing one from the last two.
void LinearSeries(const std::vector<int64_t>& ts, std::vector<double>& y,
                  std::vector<uint8_t>& valid, size_t b, size_t e) {
  size_t known = 0;
  for (size_t i = b; i < e; ++i) known += valid[i];
  if (known < 2) return;
  std::optional<size_t> head_end, tail_start;
  size_t i = b;
  while (i < e) {
    while (i < e && valid[i]) ++i;
    if (i == e) break;
    const size_t start = i;
    while (i < e && !valid[i]) ++i;
    const size_t end = i;
    if (start == b) {
      head_end = end;
    } else if (end == e) {
      tail_start = start;
    } else {
      Interpolate(ts, y, start - 1, end, start, end);
    }
  }
  if (head_end) Interpolate(ts, y, *head_end, *head_end + 1, b, *head_end);
  if (tail_start) Interpolate(ts, y, *tail_start - 2, *tail_start - 1, *tail_start, e);
  for (size_t k = b; k < e; ++k) valid[k] = 1;
}

Result<ColumnPtr> FillLinear(const Column& column, const DataType& out_type,
                             const std::vector<int64_t>& ts, const std::vector<size_t>& bounds) {
  std::vector<double> y;
  std::vector<uint8_t> valid;
  ToDoubles(column, y, valid);
  for (size_t s = 0; s + 1 < bounds.size(); ++s) {
    LinearSeries(ts, y, valid, bounds[s], bounds[s + 1]);
  }
  const size_t n = y.size();
  if (out_type == DataType::Float32()) {
    types::PrimitiveColumnBuilder<float> b(out_type);
    b.Reserve(n);
    for (size_t i = 0; i < n; ++i) {
      if (valid[i]) b.Append(static_cast<float>(y[i]));
      else b.AppendNull();
    }
    return b.Finish();
  }
  types::PrimitiveColumnBuilder<double> b(DataType::Float64());
  b.Reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (valid[i]) b.Append(y[i]);
    else b.AppendNull();
  }
  return b.Finish();
}

Result<ColumnPtr> FillPrev(const ColumnPtr& column, const std::vector<size_t>& bounds) {
  if (column->null_count() == 0) return column;
  std::vector<uint32_t> src(column->size());
  for (size_t s = 0; s + 1 < bounds.size(); ++s) {
    for (size_t i = bounds[s]; i < bounds[s + 1]; ++i) {
      const bool take_prev = column->IsNull(i) && i > bounds[s];
      src[i] = take_prev ? src[i - 1] : static_cast<uint32_t>(i);
    }
  }
  return types::TakeColumn(*column, src);
}

Result<ColumnPtr> FillConstant(const ColumnPtr& column, const Value& constant) {
  if (column->null_count() == 0 || constant.is_null()) return column;
  const size_t n = column->size();
  std::vector<ColumnPtr> parts{column, types::MakeConstantColumn(constant.type(), constant, 1)};
  GT_ASSIGN_OR_RETURN(ColumnPtr ext, types::ConcatColumns(parts));
  std::vector<uint32_t> src(n);
  for (size_t i = 0; i < n; ++i) {
    src[i] = column->IsNull(i) ? static_cast<uint32_t>(n) : static_cast<uint32_t>(i);
  }
  return types::TakeColumn(*ext, src);
}

// Casts every value of `column` to `type` (accumulators may produce a wider type).
Result<ColumnPtr> CastColumn(ColumnPtr column, const DataType& type) {
  if (column->type() == type) return column;
  if (column->type().is_null()) return types::MakeConstantColumn(type, Value(), column->size());
  auto b = types::MakeColumnBuilder(type, column->size());
  for (size_t i = 0; i < column->size(); ++i) {
    if (column->IsNull(i)) {
      b->AppendNull();
      continue;
    }
    GT_ASSIGN_OR_RETURN(Value v, column->GetValue(i).CastTo(type));
    GT_RETURN_IF_ERROR(b->Append(v));
  }
  return b->Finish();
}

// The FILL constant in the item's type, parsed from its text as GreptimeDB does (FILL 3.0 on
// BIGINT fails).
Result<Value> FillConstantValue(const Value& constant, const DataType& type) {
  if (constant.is_null() || constant.type() == type) return constant;
  std::string text = constant.type().is_string() ? constant.AsBytes() : constant.ToString();
  Result<Value> cast = Value::String(text).CastTo(type);
  if (!cast.ok()) {
    return PlanError(fmt::format(
        "{} is not a valid fill option, fail to convert to a const value. {{ Arrow error: {} }}",
        AsciiUpper(text), cast.status().message()));
  }
  return cast;
}

// ---------------------------------------------------------------------------------------------
// The operator
// ---------------------------------------------------------------------------------------------

struct ItemState {
  std::unique_ptr<GroupsAccumulator> acc;
  Value padding;         // the aggregate over no rows (aggregate's output type)
  DataType output_type;  // the column's type (Float64 for LINEAR over integers/decimals)
  Value fill_constant;   // kConstant, already in `output_type`
};

class RangeAggregateNode final : public ExecNode {
 public:
  RangeAggregateNode(ExecNodePtr child, RangeAggregateSpec spec, types::SchemaPtr schema,
                     std::vector<ItemState> items, uint64_t memory_limit)
      : child_(std::move(child)), spec_(std::move(spec)), schema_(std::move(schema)),
        items_(std::move(items)), memory_limit_(memory_limit), series_(spec_.by),
        ms_{child_->schema()->column(spec_.time_index).type.time_unit()},
        slots_(spec_.align_ms) {}

  const types::SchemaPtr& schema() const override { return schema_; }

  std::string Describe() const override {
    std::string exprs, by;
    for (size_t i = 0; i < spec_.items.size(); ++i) {
      exprs += (i ? ", " : "") + spec_.items[i].aggregate.name;
    }
    for (size_t i = 0; i < spec_.by.size(); ++i) by += (i ? ", " : "") + spec_.by[i]->ToString();
    return fmt::format(
        "RangeSelect: range_exprs=[{}], align={}ms, align_to={}ms, align_by=[{}], time_index={}",
        exprs, spec_.align_ms, spec_.align_origin_ms, by, spec_.time_name);
  }

  Result<std::optional<types::RecordBatch>> Next() override {
    if (done_) return std::optional<types::RecordBatch>();
    done_ = true;
    while (true) {
      GT_ASSIGN_OR_RETURN(std::optional<types::RecordBatch> batch, child_->Next());
      if (!batch) break;
      if (batch->num_rows() > 0) GT_RETURN_IF_ERROR(Consume(*batch));
    }
    if (slots_.size() == 0) return std::optional<types::RecordBatch>();
    GT_ASSIGN_OR_RETURN(types::RecordBatch out, Produce());
    return std::optional<types::RecordBatch>(std::move(out));
  }

 private:
  Status Consume(const types::RecordBatch& batch) {
    const size_t n = batch.num_rows();
    std::vector<ColumnPtr> keys;
    for (const auto& e : spec_.by) {
      GT_ASSIGN_OR_RETURN(ColumnPtr c, e->Evaluate(batch));
      keys.push_back(std::move(c));
    }
    GT_RETURN_IF_ERROR(series_.Assign(keys, n, series_ids_));
    // Time index in ms; NULL times (not produced by tables) belong to no window.
    const Column& ts = *batch.column(spec_.time_index);
    const auto* ts_col = ts.As<types::TimestampColumn>();
    ts_ms_.assign(n, 0);
    ts_valid_.assign(n, 0);
    for (size_t i = 0; i < n; ++i) {
      if (ts.IsNull(i)) continue;
      const int64_t raw = ts_col != nullptr ? ts_col->at(i) : ts.GetValue(i).AsTimestamp().value;
      GT_ASSIGN_OR_RETURN(ts_ms_[i], ms_.ToMs(raw));
      ts_valid_[i] = 1;
    }
    for (size_t it = 0; it < items_.size(); ++it) GT_RETURN_IF_ERROR(ConsumeItem(batch, it));
    return CheckMemory(0);
  }

  Status ConsumeItem(const types::RecordBatch& batch, size_t it) {
    const RangeItem& item = spec_.items[it];
    const size_t n = batch.num_rows();
    std::vector<ColumnPtr> args;
    for (const auto& e : item.aggregate.args) {
      GT_ASSIGN_OR_RETURN(ColumnPtr c, e->Evaluate(batch));
      args.push_back(std::move(c));
    }
    // FILTER (WHERE ...): rows failing it still open their windows but feed no value.
    std::vector<uint8_t> feed(n, 1);
    if (item.aggregate.filter) {
      GT_ASSIGN_OR_RETURN(auto sel, EvaluateSelection(*item.aggregate.filter, batch));
      std::fill(feed.begin(), feed.end(), 0);
      for (uint32_t r : sel) feed[r] = 1;
    }
    std::vector<uint32_t> rows, ids;
    auto flush = [&]() -> Status {
      if (rows.empty()) return Status::OK();
      std::vector<ColumnPtr> taken;
      for (const auto& c : args) {
        GT_ASSIGN_OR_RETURN(ColumnPtr t, types::TakeColumn(*c, rows));
        taken.push_back(std::move(t));
      }
      GT_RETURN_IF_ERROR(items_[it].acc->Update(taken, ids, slots_.size()));
      rows.clear();
      ids.clear();
      return CheckMemory(0);
    };
    const __int128 origin = spec_.align_origin_ms;
    const int64_t align = spec_.align_ms;
    for (size_t r = 0; r < n; ++r) {
      if (!ts_valid_[r]) continue;
      const __int128 d = static_cast<__int128>(ts_ms_[r]) - origin;
      const __int128 kmax = FloorDiv128(d, align);
      const __int128 kmin = FloorDiv128(d - item.range_ms, align) + 1;
      if (kmax - kmin + 1 > static_cast<__int128>(kMaxSlots - slots_.size())) {
        return TooManyWindows();
      }
      for (__int128 k = kmin; k <= kmax; ++k) {
        const __int128 start = origin + k * align;
        if (start < std::numeric_limits<int64_t>::min() ||
            start > std::numeric_limits<int64_t>::max()) {
          continue;
        }
        GT_ASSIGN_OR_RETURN(uint32_t slot, SlotId(series_ids_[r], static_cast<int64_t>(start)));
        if (!feed[r]) continue;
        rows.push_back(static_cast<uint32_t>(r));
        ids.push_back(slot);
        if (rows.size() >= kPairsPerUpdate) GT_RETURN_IF_ERROR(flush());
      }
    }
    return flush();
  }

  Result<uint32_t> SlotId(uint32_t series, int64_t start) {
    if (has_last_ && last_series_ == series && last_start_ == start) return last_slot_;
    const size_t before = slots_.size();
    GT_ASSIGN_OR_RETURN(last_slot_, slots_.Id(series, start));
    if (slots_.size() != before && (slots_.size() & 0xFFFF) == 0) {
      GT_RETURN_IF_ERROR(CheckMemory(0));
    }
    has_last_ = true;
    last_series_ = series;
    last_start_ = start;
    return last_slot_;
  }

  Status CheckMemory(size_t extra) const {
    if (memory_limit_ == 0) return Status::OK();
    size_t bytes = extra + series_.MemoryBytes() + slots_.MemoryBytes();
    for (const auto& item : items_) bytes += item.acc->MemoryBytes();
    return bytes > memory_limit_ ? MemoryExceeded(memory_limit_) : Status::OK();
  }

  // Series ids in output order: by BY values (NULLs last), ties by first appearance.
  std::vector<uint32_t> SeriesOrder(const std::vector<ColumnPtr>& key_columns) const {
    std::vector<uint32_t> order(series_.size());
    std::iota(order.begin(), order.end(), 0u);
    if (key_columns.empty()) return order;
    std::vector<std::vector<Value>> vals(series_.size());
    for (size_t s = 0; s < vals.size(); ++s) {
      for (const auto& c : key_columns) vals[s].push_back(c->GetValue(s));
    }
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      for (size_t k = 0; k < key_columns.size(); ++k) {
        const Value& x = vals[a][k];
        const Value& y = vals[b][k];
        if (x.is_null() || y.is_null()) {
          if (x.is_null() != y.is_null()) return y.is_null();
          continue;
        }
        const int c = x.Compare(y);
        if (c != 0) return c < 0;
      }
      return false;
    });
    return order;
  }

  // Output rows: (series, start, slot or `nslots` for a filled-in window), sorted by the BY
  // values and start; series boundaries in `bounds_`.
  Status LayOutRows(const std::vector<ColumnPtr>& key_columns) {
    const std::vector<SlotKey>& keys = slots_.keys();
    const uint32_t nslots = static_cast<uint32_t>(keys.size());
    // Slots bucketed by series (counting sort), then by start within each series.
    std::vector<size_t> first(series_.size() + 1, 0);
    for (const SlotKey& k : keys) ++first[k.series + 1];
    for (size_t s = 0; s < series_.size(); ++s) first[s + 1] += first[s];
    std::vector<uint32_t> by_series(nslots);
    {
      std::vector<size_t> next(first.begin(), first.end() - 1);
      for (uint32_t id = 0; id < nslots; ++id) by_series[next[keys[id].series]++] = id;
    }
    auto start_less = [&](uint32_t a, uint32_t b) { return keys[a].start < keys[b].start; };
    bool any_fill = false;
    for (const auto& item : spec_.items) any_fill |= item.fill.kind != FillKind::kNone;
    const std::vector<uint32_t> order = SeriesOrder(key_columns);
    const size_t row_bytes = 16 + 16 * items_.size() + 8 * spec_.by.size();
    size_t total = 0;
    for (uint32_t series : order) {
      auto b = by_series.begin() + static_cast<std::ptrdiff_t>(first[series]);
      auto e = by_series.begin() + static_cast<std::ptrdiff_t>(first[series + 1]);
      if (b == e) continue;
      if (!std::is_sorted(b, e, start_less)) std::sort(b, e, start_less);
      if (any_fill) {
        const __int128 span = static_cast<__int128>(keys[*(e - 1)].start) - keys[*b].start;
        total += static_cast<size_t>(
            std::min<__int128>(span / spec_.align_ms + 1, kMaxOutputRows + 1));
      } else {
        total += static_cast<size_t>(e - b);
      }
      if (total > kMaxOutputRows) {
        return Status::RuntimeResourcesExhausted(
            "range query: FILL would produce more than {} rows", kMaxOutputRows);
      }
    }
    GT_RETURN_IF_ERROR(CheckMemory(total * row_bytes));
    out_start_.clear();
    out_series_.clear();
    out_src_.clear();
    bounds_.clear();
    out_start_.reserve(total);
    out_series_.reserve(total);
    out_src_.reserve(total);
    for (uint32_t series : order) {
      const size_t b = first[series], e = first[series + 1];
      if (b == e) continue;
      bounds_.push_back(out_start_.size());
      if (!any_fill) {
        for (size_t j = b; j < e; ++j) {
          out_start_.push_back(keys[by_series[j]].start);
          out_series_.push_back(series);
          out_src_.push_back(by_series[j]);
        }
        continue;
      }
      const int64_t last = keys[by_series[e - 1]].start;
      size_t j = b;
      for (int64_t s = keys[by_series[b]].start;; s += spec_.align_ms) {
        const bool present = j < e && keys[by_series[j]].start == s;
        out_start_.push_back(s);
        out_series_.push_back(series);
        out_src_.push_back(present ? by_series[j] : nslots);
        if (present) ++j;
        if (s >= last) break;
      }
    }
    bounds_.push_back(out_start_.size());
    return Status::OK();
  }

  Result<types::RecordBatch> Produce() {
    std::vector<ColumnPtr> key_columns = series_.FinishKeys();
    GT_RETURN_IF_ERROR(LayOutRows(key_columns));
    const size_t nrows = out_start_.size();
    std::vector<ColumnPtr> out;
    // Time index: window starts in the input's unit.
    {
      std::vector<int64_t> raw(nrows);
      for (size_t i = 0; i < nrows; ++i) {
        GT_ASSIGN_OR_RETURN(raw[i], ms_.FromMs(out_start_[i]));
      }
      out.push_back(types::TimestampColumn::Make(schema_->column(0).type, std::move(raw)));
    }
    for (const auto& k : key_columns) {
      GT_ASSIGN_OR_RETURN(ColumnPtr c, types::TakeColumn(*k, out_series_));
      out.push_back(std::move(c));
    }
    for (size_t it = 0; it < items_.size(); ++it) {
      GT_ASSIGN_OR_RETURN(ColumnPtr c, ItemColumn(it));
      out.push_back(std::move(c));
    }
    return types::RecordBatch::Make(schema_, std::move(out));
  }

  Result<ColumnPtr> ItemColumn(size_t it) {
    ItemState& item = items_[it];
    const RangeItem& spec = spec_.items[it];
    const size_t nslots = slots_.size();
    GT_ASSIGN_OR_RETURN(ColumnPtr values, item.acc->Finish(nslots));
    if (values->size() != nslots) {
      return Status::Internal("aggregate {} returned {} values for {} windows",
                              spec.aggregate.name, values->size(), nslots);
    }
    // LINEAR over integers/decimals casts the series to Float64 first (GreptimeDB's need_cast).
    const DataType& value_type = spec.fill.kind == FillKind::kLinear ? spec.aggregate.output_type
                                                                       : item.output_type;
    GT_ASSIGN_OR_RETURN(values, CastColumn(std::move(values), value_type));
    Value padding = item.padding;
    if (!padding.is_null()) {
      GT_ASSIGN_OR_RETURN(padding, padding.CastTo(value_type));
    }
    std::vector<ColumnPtr> parts{values, types::MakeConstantColumn(value_type, padding, 1)};
    GT_ASSIGN_OR_RETURN(ColumnPtr ext, types::ConcatColumns(parts));
    GT_ASSIGN_OR_RETURN(ColumnPtr col, types::TakeColumn(*ext, out_src_));
    switch (spec.fill.kind) {
      case FillKind::kNone:
      case FillKind::kNull:
        return col;
      case FillKind::kPrev:
        return FillPrev(col, bounds_);
      case FillKind::kConstant:
        return FillConstant(col, item.fill_constant);
      case FillKind::kLinear:
        return FillLinear(*col, item.output_type, out_start_, bounds_);
    }
    return col;
  }

  ExecNodePtr child_;
  RangeAggregateSpec spec_;
  types::SchemaPtr schema_;
  std::vector<ItemState> items_;
  uint64_t memory_limit_;
  SeriesTable series_;
  MsConverter ms_;
  bool done_ = false;

  // Per batch.
  std::vector<uint32_t> series_ids_;
  std::vector<int64_t> ts_ms_;
  std::vector<uint8_t> ts_valid_;

  SlotTable slots_;
  bool has_last_ = false;
  uint32_t last_series_ = 0;
  int64_t last_start_ = 0;
  uint32_t last_slot_ = 0;

  // Output layout.
  std::vector<int64_t> out_start_;    // window start (ms) per output row
  std::vector<uint32_t> out_series_;  // series id per output row
  std::vector<uint32_t> out_src_;     // slot per output row; nslots = filled-in window
  std::vector<size_t> bounds_;        // first output row of each series, then nrows
};

Result<std::unique_ptr<GroupsAccumulator>> MakeItemAccumulator(const AggregateSpec& a) {
  std::vector<ArgInfo> infos;
  const size_t nargs = a.args.size() - a.options.order_ascending.size();
  for (size_t i = 0; i < nargs; ++i) {
    const bool constant = i < a.constants.size() && !a.constants[i].is_null();
    infos.push_back({a.args[i]->type(), constant ? &a.constants[i] : nullptr});
  }
  return a.function->MakeAccumulator(infos, a.options);
}

}  // namespace

Result<ExecNodePtr> MakeRangeAggregate(ExecNodePtr child, RangeAggregateSpec spec,
                                       uint64_t memory_limit) {
  if (child == nullptr) return Status::Internal("range query without input");
  if (spec.align_ms <= 0) return PlanError("duration must be greater than 0");
  const types::Schema& in = *child->schema();
  if (spec.time_index >= in.num_columns() || !in.column(spec.time_index).type.is_timestamp()) {
    return Status(StatusCode::kPlanQuery, "range query needs a timestamp time index column");
  }
  if (spec.by_names.size() != spec.by.size()) {
    return Status::Internal("range query: {} BY names for {} BY expressions", spec.by_names.size(),
                            spec.by.size());
  }
  std::vector<types::ColumnSchema> cols;
  cols.push_back({spec.time_name, in.column(spec.time_index).type, false,
                  types::SemanticType::kTimestamp, {}, ""});
  for (size_t i = 0; i < spec.by.size(); ++i) {
    cols.push_back(
        {spec.by_names[i], spec.by[i]->type(), true, types::SemanticType::kField, {}, ""});
  }
  std::vector<ItemState> items;
  for (const RangeItem& item : spec.items) {
    const AggregateSpec& a = item.aggregate;
    if (a.function == nullptr) return Status::Internal("range item {} has no function", a.name);
    if (a.options.order_ascending.size() > a.args.size()) {
      return Status::Internal("range item {}: more orderings than arguments", a.name);
    }
    if (item.range_ms <= 0) return PlanError("duration must be greater than 0");
    ItemState state;
    state.output_type = a.output_type;
    if (item.fill.kind == FillKind::kLinear) {
      if (!a.output_type.is_numeric()) {
        return PlanError(fmt::format("Use FILL LINEAR on Non-numeric DataType {}",
                                     a.output_type.Name()));
      }
      if (a.output_type.is_integer() || a.output_type.is_decimal()) {
        state.output_type = DataType::Float64();
      }
    }
    if (item.fill.kind == FillKind::kConstant) {
      GT_ASSIGN_OR_RETURN(state.fill_constant,
                          FillConstantValue(item.fill.constant, state.output_type));
    }
    GT_ASSIGN_OR_RETURN(state.acc, MakeItemAccumulator(a));
    // The empty value: a fresh accumulator over no rows (NULL; count gives 0).
    GT_ASSIGN_OR_RETURN(auto empty_acc, MakeItemAccumulator(a));
    GT_ASSIGN_OR_RETURN(ColumnPtr empty, empty_acc->Finish(1));
    if (empty->size() == 1 && !empty->IsNull(0)) {
      GT_ASSIGN_OR_RETURN(state.padding, empty->GetValue(0).CastTo(a.output_type));
    }
    cols.push_back({a.name, state.output_type, true, types::SemanticType::kField, {}, ""});
    items.push_back(std::move(state));
  }
  auto schema = std::make_shared<const types::Schema>(std::move(cols));
  return ExecNodePtr(std::make_unique<RangeAggregateNode>(
      std::move(child), std::move(spec), std::move(schema), std::move(items), memory_limit));
}

}  // namespace greptime::query
