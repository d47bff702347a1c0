// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The window operator (MakeWindow): buffers its input, sorts row positions by (partition keys,
// order keys) once per distinct window ordering, then computes every spec over partitions, peer
// groups and frames. Aggregates run on GroupsAccumulators: frames that all start at the
// partition start accumulate incrementally (one Finish per distinct frame end); other frames
// become groups of one shared accumulator, each fed its frame's rows (O(rows x frame)).
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

#include <fmt/format.h>

#include "query/exec/exec_node.h"
#include "types/column_builder.h"
#include "types/column_ops.h"

namespace greptime::query {
namespace {

using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::int128_t;
using types::Value;

constexpr int128_t kNanosPerDay = static_cast<int128_t>(86400) * 1000000000;
// Rows fed to an accumulator per Update call in the batched mode.
constexpr size_t kUpdateChunk = 64 * 1024;
// Marks an aggregate result index that points into the incrementally computed values.
constexpr uint32_t kRunningFlag = 1u << 31;

enum class WindowFn {
  kRowNumber, kRank, kDenseRank, kPercentRank, kCumeDist, kNtile,
  kLag, kLead, kFirstValue, kLastValue, kNthValue, kAggregate,
};

struct NamedWindowFn {
  std::string_view name;
  WindowFn fn;
};
constexpr NamedWindowFn kWindowFunctions[] = {
    {"row_number", WindowFn::kRowNumber},     {"rank", WindowFn::kRank},
    {"dense_rank", WindowFn::kDenseRank},     {"percent_rank", WindowFn::kPercentRank},
    {"cume_dist", WindowFn::kCumeDist},       {"ntile", WindowFn::kNtile},
    {"lag", WindowFn::kLag},                  {"lead", WindowFn::kLead},
    {"first_value", WindowFn::kFirstValue},   {"last_value", WindowFn::kLastValue},
    {"nth_value", WindowFn::kNthValue},
};

std::optional<WindowFn> FindWindowFn(std::string_view name) {
  for (const auto& f : kWindowFunctions) {
    if (f.name == name) return f.fn;
  }
  return std::nullopt;
}

Status PlanError(const std::string& message) {
  return Status(StatusCode::kPlanQuery, "Error during planning: " + message);
}
Status ExecError(const std::string& message) {
  return Status(StatusCode::kEngineExecuteQuery, "Execution error: " + message);
}

bool IsOffsetBound(FrameBoundKind k) {
  return k == FrameBoundKind::kPreceding || k == FrameBoundKind::kFollowing;
}
int BoundRank(FrameBoundKind k) { return static_cast<int>(k); }  // declaration order

std::string BoundText(const FrameBound& b) {
  switch (b.kind) {
    case FrameBoundKind::kUnboundedPreceding: return "UNBOUNDED PRECEDING";
    case FrameBoundKind::kPreceding: return b.offset.ToString() + " PRECEDING";
    case FrameBoundKind::kCurrentRow: return "CURRENT ROW";
    case FrameBoundKind::kFollowing: return b.offset.ToString() + " FOLLOWING";
    case FrameBoundKind::kUnboundedFollowing: return "UNBOUNDED FOLLOWING";
  }
  return "";
}

// ----- calendar arithmetic for RANGE interval offsets on temporal keys ------------------------

int64_t FloorDiv64(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = FloorDiv64(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, int64_t& m, int64_t& d) {
  z += 719468;
  const int64_t era = FloorDiv64(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = yoe + era * 400 + (m <= 2 ? 1 : 0);
}

// `ns` (nanoseconds since the epoch) moved by `months` calendar months, the day clamped to the
// target month's length (Jan 31 + 1 month = Feb 28/29).
int128_t AddMonths(int128_t ns, int64_t months) {
  if (months == 0) return ns;
  int128_t days = ns / kNanosPerDay;
  int128_t rem = ns % kNanosPerDay;
  if (rem < 0) {
    rem += kNanosPerDay;
    --days;
  }
  int64_t y, m, d;
  CivilFromDays(static_cast<int64_t>(days), y, m, d);
  const int64_t total = y * 12 + (m - 1) + months;
  y = FloorDiv64(total, 12);
  m = total - y * 12 + 1;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const int64_t month_days = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  d = std::min(d, month_days);
  return static_cast<int128_t>(DaysFromCivil(y, m, d)) * kNanosPerDay + rem;
}

// ----- the plan of one spec, validated by MakeWindow -------------------------------------------

// A frame bound with its offset converted for the frame's units and key type.
struct Bound {
  FrameBoundKind kind = FrameBoundKind::kCurrentRow;
  uint64_t count = 0;      // ROWS / GROUPS offset
  long double number = 0;  // RANGE offset on a numeric key
  int128_t nanos = 0;      // RANGE offset on a temporal key: the fixed part
  int64_t months = 0;      // RANGE offset on a temporal key: calendar months
};

struct SpecPlan {
  WindowFn fn = WindowFn::kRowNumber;
  int64_t n = 0;  // ntile buckets, lag/lead offset (positive looks back), nth_value index
  FrameUnits units = FrameUnits::kRows;
  Bound start, end;
  bool temporal_key = false;  // RANGE offsets: the key is a timestamp or date
};

bool IsTemporal(const DataType& t) { return t.is_timestamp() || t.is_date(); }

// Nanoseconds per unit of a temporal key.
int128_t NanosPerUnit(const DataType& t) {
  if (t.is_date()) return kNanosPerDay;
  return 1000000000 / TimeUnitFactor(t.time_unit());
}

// A non-negative number as long double; nullopt for other values.
std::optional<long double> NonNegativeNumber(const Value& v) {
  if (v.is_null() || !v.type().is_numeric()) return std::nullopt;
  long double x;
  if (v.type().id() == types::TypeId::kUInt64) {
    x = static_cast<long double>(v.AsUInt64());
  } else if (v.type().is_integer()) {
    auto i = v.ToInt64();
    if (!i) return std::nullopt;
    x = static_cast<long double>(*i);
  } else {
    auto f = v.ToFloat64();
    if (!f || std::isnan(*f)) return std::nullopt;
    x = *f;
  }
  if (x < 0) return std::nullopt;
  return x;
}

Result<Bound> PlanBound(const FrameBound& b, FrameUnits units, const DataType& key_type) {
  Bound out;
  out.kind = b.kind;
  if (!IsOffsetBound(b.kind)) return out;
  const std::string text = b.offset.ToString();
  if (units != FrameUnits::kRange) {
    auto x = NonNegativeNumber(b.offset);
    if (!x || *x != std::floor(*x)) {
      return PlanError(fmt::format(
          "Invalid window frame: frame offsets for ROWS / GROUPS must be non negative integers, "
          "got {}", text));
    }
    constexpr long double kMax = 18446744073709551615.0L;
    out.count = *x >= kMax ? std::numeric_limits<uint64_t>::max() : static_cast<uint64_t>(*x);
    return out;
  }
  if (b.offset.type().is_interval()) {
    const auto& iv = b.offset.AsInterval();
    if (!IsTemporal(key_type)) {
      return PlanError(fmt::format(
          "Invalid window frame: an interval offset ({}) needs a timestamp or date ORDER BY key, "
          "got {}", text, key_type.Name()));
    }
    if (iv.months < 0 || iv.days < 0 || iv.nanoseconds < 0) {
      return PlanError(fmt::format("Invalid window frame: negative frame offset {}", text));
    }
    out.months = iv.months;
    out.nanos = static_cast<int128_t>(iv.days) * kNanosPerDay + iv.nanoseconds;
    return out;
  }
  auto x = NonNegativeNumber(b.offset);
  if (!x) {
    return PlanError(fmt::format(
        "Invalid window frame: RANGE offsets must be non negative numbers or intervals, got {}",
        b.offset.is_null() ? std::string("NULL") : text));
  }
  if (IsTemporal(key_type)) {
    long double ns = std::round(*x * static_cast<long double>(NanosPerUnit(key_type)));
    out.nanos = ns > 1e36L ? static_cast<int128_t>(1) << 120 : static_cast<int128_t>(ns);
  } else if (key_type.is_numeric() || key_type.is_null()) {
    out.number = *x;
  } else {
    return PlanError(fmt::format(
        "Invalid window frame: RANGE offsets need a numeric or temporal ORDER BY key, got {}",
        key_type.Name()));
  }
  return out;
}

// The constant integer argument `index` of `spec`, if any.
std::optional<int64_t> ConstantInt(const WindowFunctionSpec& spec, size_t index) {
  if (index >= spec.constants.size()) return std::nullopt;
  const Value& v = spec.constants[index];
  if (v.is_null() || !(v.type().is_integer() || v.type().is_float())) return std::nullopt;
  if (v.type().is_float()) {
    double f = v.ToFloat64().value_or(0.5);
    if (f != std::floor(f) || std::fabs(f) > 9e18) return std::nullopt;
    return static_cast<int64_t>(f);
  }
  return v.ToInt64();
}

// True when argument `index` is an untyped NULL (a NULL literal).
bool ArgIsNullLiteral(const WindowFunctionSpec& spec, size_t index) {
  return index < spec.args.size() && spec.args[index] != nullptr &&
         spec.args[index]->type().is_null();
}

Result<SpecPlan> PlanSpec(const WindowFunctionSpec& spec) {
  SpecPlan plan;
  if (spec.aggregate != nullptr) {
    plan.fn = WindowFn::kAggregate;
  } else if (auto fn = FindWindowFn(spec.function)) {
    plan.fn = *fn;
  } else {
    return PlanError(fmt::format("Invalid window function '{}'", spec.function));
  }
  for (const auto& e : spec.args) {
    if (e == nullptr) return PlanError(fmt::format("{}: missing argument", spec.function));
  }
  const size_t argc = spec.args.size();
  auto arity = [&](size_t lo, size_t hi) -> Status {
    if (argc < lo || argc > hi) {
      return PlanError(fmt::format("The function '{}' expected {} arguments but received {}",
                                   spec.function, lo == hi ? std::to_string(lo)
                                                           : fmt::format("{} to {}", lo, hi),
                                   argc));
    }
    return Status::OK();
  };
  switch (plan.fn) {
    case WindowFn::kRowNumber: case WindowFn::kRank: case WindowFn::kDenseRank:
    case WindowFn::kPercentRank: case WindowFn::kCumeDist:
      GT_RETURN_IF_ERROR(arity(0, 0));
      break;
    case WindowFn::kNtile: {
      GT_RETURN_IF_ERROR(arity(1, 1));
      if (ArgIsNullLiteral(spec, 0)) {
        return ExecError("NTILE requires a positive integer, but finds NULL");
      }
      auto n = ConstantInt(spec, 0);
      if (!n || *n <= 0) return ExecError("NTILE requires a positive integer");
      plan.n = *n;
      break;
    }
    case WindowFn::kLag: case WindowFn::kLead: {
      GT_RETURN_IF_ERROR(arity(1, 3));
      int64_t off = 1;
      if (argc > 1) {
        auto o = ConstantInt(spec, 1);
        if (!o) {
          return ExecError(fmt::format("{} expects a constant integer offset as its second "
                                       "argument", spec.function));
        }
        off = *o;
      }
      if (off == std::numeric_limits<int64_t>::min()) off += 1;  // negation below stays in range
      plan.n = plan.fn == WindowFn::kLag ? off : -off;
      break;
    }
    case WindowFn::kFirstValue: case WindowFn::kLastValue:
      GT_RETURN_IF_ERROR(arity(1, 1));
      break;
    case WindowFn::kNthValue: {
      GT_RETURN_IF_ERROR(arity(2, 2));
      auto n = ConstantInt(spec, 1);
      if (!n) return ExecError("nth_value expects a constant integer as its second argument");
      if (*n == 0) return ExecError("NTH_VALUE expects n to be non-zero");
      plan.n = *n;
      break;
    }
    case WindowFn::kAggregate:
      break;
  }
  // The frame.
  const WindowFrame& f = spec.frame;
  plan.units = f.units;
  if (f.start.kind == FrameBoundKind::kUnboundedFollowing) {
    return PlanError("Invalid window frame: start bound cannot be UNBOUNDED FOLLOWING");
  }
  if (f.end.kind == FrameBoundKind::kUnboundedPreceding) {
    return PlanError("Invalid window frame: end bound cannot be UNBOUNDED PRECEDING");
  }
  if (BoundRank(f.start.kind) > BoundRank(f.end.kind)) {
    return PlanError(fmt::format(
        "Invalid window frame: start bound ({}) cannot be larger than end bound ({})",
        BoundText(f.start), BoundText(f.end)));
  }
  DataType key_type;
  if (f.units == FrameUnits::kRange && (IsOffsetBound(f.start.kind) || IsOffsetBound(f.end.kind))) {
    if (spec.order_by.size() != 1) {
      return PlanError(fmt::format(
          "With window frame of type RANGE, the order by expression must be of length 1, got {}",
          spec.order_by.size()));
    }
    if (spec.order_by[0].expr == nullptr) return PlanError("missing ORDER BY expression");
    key_type = spec.order_by[0].expr->type();
    plan.temporal_key = IsTemporal(key_type);
  }
  GT_ASSIGN_OR_RETURN(plan.start, PlanBound(f.start, f.units, key_type));
  GT_ASSIGN_OR_RETURN(plan.end, PlanBound(f.end, f.units, key_type));
  return plan;
}

// ----- sorting --------------------------------------------------------------------------------

int CompareDoubles(double x, double y) {
  const bool xn = std::isnan(x), yn = std::isnan(y);
  if (xn || yn) return xn == yn ? 0 : (xn ? 1 : -1);  // NaN above everything, as Value
  return x < y ? -1 : (x > y ? 1 : 0);
}

template <typename T>
int CompareScalars(T x, T y) {
  return x < y ? -1 : (x > y ? 1 : 0);
}

// One sort key over the buffered input with raw fast paths (integers, floats, strings); other
// types compare Values.
class SortColumn {
 public:
  SortColumn(ColumnPtr column, bool ascending, bool nulls_first)
      : column_(std::move(column)), ascending_(ascending), nulls_first_(nulls_first),
        has_nulls_(column_->null_count() > 0) {
    const Column& c = *column_;
    if (auto* p = c.As<types::PrimitiveColumn<int64_t>>()) {
      kind_ = Kind::kInt;
      ints_ = p->values();
    } else if (auto* p = c.As<types::UInt64Column>()) {
      kind_ = Kind::kUInt;
      uints_ = p->values();
    } else if (auto* p = c.As<types::Float64Column>()) {
      kind_ = Kind::kFloat;
      floats_ = p->values();
    } else if (auto* p = c.As<types::StringColumn>()) {
      kind_ = Kind::kString;
      strings_ = p;
    } else if (CopyInts<int32_t>() || CopyInts<int16_t>() || CopyInts<int8_t>() ||
               CopyInts<uint32_t>() || CopyInts<uint16_t>() || CopyInts<uint8_t>()) {
      kind_ = Kind::kInt;
      ints_ = owned_ints_;
    } else if (auto* p = c.As<types::Float32Column>()) {
      owned_floats_.assign(p->values().begin(), p->values().end());
      kind_ = Kind::kFloat;
      floats_ = owned_floats_;
    } else if (auto* p = c.As<types::BooleanColumn>()) {
      owned_ints_.resize(c.size());
      for (size_t i = 0; i < c.size(); ++i) owned_ints_[i] = p->at(i) ? 1 : 0;
      kind_ = Kind::kInt;
      ints_ = owned_ints_;
    }
  }
  SortColumn(SortColumn&&) = default;  // the owned vectors keep their buffers (spans stay valid)
  SortColumn(const SortColumn&) = delete;
  SortColumn& operator=(const SortColumn&) = delete;

  // <0, 0, >0 in sort order (direction and NULL placement applied). NULLs equal each other.
  int Compare(uint32_t a, uint32_t b) const {
    if (has_nulls_) {
      const bool an = column_->IsNull(a), bn = column_->IsNull(b);
      if (an || bn) {
        if (an && bn) return 0;
        return an == nulls_first_ ? -1 : 1;
      }
    }
    const int c = CompareValid(a, b);
    return ascending_ ? c : -c;
  }

 private:
  enum class Kind { kInt, kUInt, kFloat, kString, kGeneric };

  template <typename T>
  bool CopyInts() {
    auto* p = column_->As<types::PrimitiveColumn<T>>();
    if (p == nullptr) return false;
    owned_ints_.assign(p->values().begin(), p->values().end());
    return true;
  }

  int CompareValid(uint32_t a, uint32_t b) const {
    switch (kind_) {
      case Kind::kInt: return CompareScalars(ints_[a], ints_[b]);
      case Kind::kUInt: return CompareScalars(uints_[a], uints_[b]);
      case Kind::kFloat: return CompareDoubles(floats_[a], floats_[b]);
      case Kind::kString: {
        const int c = strings_->at(a).compare(strings_->at(b));
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
      }
      case Kind::kGeneric: break;
    }
    return column_->GetValue(a).Compare(column_->GetValue(b));
  }

  ColumnPtr column_;
  bool ascending_;
  bool nulls_first_;
  bool has_nulls_;
  Kind kind_ = Kind::kGeneric;
  std::span<const int64_t> ints_;
  std::span<const uint64_t> uints_;
  std::span<const double> floats_;
  const types::StringColumn* strings_ = nullptr;
  std::vector<int64_t> owned_ints_;
  std::vector<double> owned_floats_;
};

// Rows sorted by (partition keys ASC NULLS FIRST, order keys) with partition and peer-group
// boundaries, shared by the specs that have the same partitioning and ordering.
struct Ordering {
  std::vector<ColumnPtr> partition_columns;
  std::vector<ColumnPtr> order_columns;
  std::vector<std::pair<bool, bool>> directions;  // (ascending, nulls_first) per order key
  std::vector<uint32_t> order;             // position -> input row
  std::vector<uint32_t> partition_bounds;  // partition starts (positions), then n
  std::vector<uint32_t> peer_bounds;       // peer group starts, then n
  std::vector<uint32_t> peer_of;           // position -> peer group index

  size_t MemoryBytes() const {
    return (order.size() + partition_bounds.size() + peer_bounds.size() + peer_of.size()) *
           sizeof(uint32_t);
  }
  bool Matches(const std::vector<ColumnPtr>& parts, const std::vector<ColumnPtr>& keys,
               const std::vector<std::pair<bool, bool>>& dirs) const {
    return parts == partition_columns && keys == order_columns && dirs == directions;
  }
};

std::unique_ptr<Ordering> BuildOrdering(std::vector<ColumnPtr> parts, std::vector<ColumnPtr> keys,
                                        std::vector<std::pair<bool, bool>> dirs, size_t n) {
  auto o = std::make_unique<Ordering>();
  std::vector<SortColumn> pk, ok;
  for (const auto& c : parts) pk.emplace_back(c, true, true);
  for (size_t i = 0; i < keys.size(); ++i) ok.emplace_back(keys[i], dirs[i].first, dirs[i].second);
  o->order.resize(n);
  std::iota(o->order.begin(), o->order.end(), 0u);
  auto cmp_parts = [&](uint32_t a, uint32_t b) {
    for (const auto& k : pk) {
      if (int c = k.Compare(a, b)) return c;
    }
    return 0;
  };
  auto cmp_keys = [&](uint32_t a, uint32_t b) {
    for (const auto& k : ok) {
      if (int c = k.Compare(a, b)) return c;
    }
    return 0;
  };
  if (!pk.empty() || !ok.empty()) {
    std::stable_sort(o->order.begin(), o->order.end(), [&](uint32_t a, uint32_t b) {
      int c = cmp_parts(a, b);
      if (c == 0) c = cmp_keys(a, b);
      return c < 0;
    });
  }
  o->peer_of.resize(n);
  for (size_t p = 0; p < n; ++p) {
    const bool new_partition = p == 0 || cmp_parts(o->order[p - 1], o->order[p]) != 0;
    if (new_partition) o->partition_bounds.push_back(static_cast<uint32_t>(p));
    if (new_partition || cmp_keys(o->order[p - 1], o->order[p]) != 0) {
      o->peer_bounds.push_back(static_cast<uint32_t>(p));
    }
    o->peer_of[p] = static_cast<uint32_t>(o->peer_bounds.size() - 1);
  }
  o->partition_bounds.push_back(static_cast<uint32_t>(n));
  o->peer_bounds.push_back(static_cast<uint32_t>(n));
  o->partition_columns = std::move(parts);
  o->order_columns = std::move(keys);
  o->directions = std::move(dirs);
  return o;
}

// ----- frames ---------------------------------------------------------------------------------

// Per position: the frame [start, end) as positions (end >= start).
struct Frames {
  std::vector<uint32_t> start, end;
};

// First position q in [lo, hi) where pred(q) holds (pred false then true over the range).
template <typename Pred>
size_t FirstTrue(size_t lo, size_t hi, Pred pred) {
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (pred(mid)) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

// The values of the single RANGE key per input row: long double for numerics, nanoseconds for
// timestamps and dates.
struct RangeKeys {
  std::vector<long double> numbers;
  std::vector<int128_t> nanos;
};

RangeKeys MakeRangeKeys(const Column& c, bool temporal) {
  RangeKeys k;
  const size_t n = c.size();
  if (temporal) {
    k.nanos.resize(n);
    const int128_t unit = NanosPerUnit(c.type());
    if (auto* p = c.As<types::PrimitiveColumn<int64_t>>()) {
      for (size_t i = 0; i < n; ++i) k.nanos[i] = static_cast<int128_t>(p->at(i)) * unit;
    } else if (auto* d = c.As<types::PrimitiveColumn<int32_t>>()) {
      for (size_t i = 0; i < n; ++i) k.nanos[i] = static_cast<int128_t>(d->at(i)) * unit;
    }
    return k;
  }
  k.numbers.resize(n);
  if (auto* p = c.As<types::Int64Column>()) {
    for (size_t i = 0; i < n; ++i) k.numbers[i] = static_cast<long double>(p->at(i));
  } else if (auto* u = c.As<types::UInt64Column>()) {
    for (size_t i = 0; i < n; ++i) k.numbers[i] = static_cast<long double>(u->at(i));
  } else if (auto* f = c.As<types::Float64Column>()) {
    for (size_t i = 0; i < n; ++i) k.numbers[i] = f->at(i);
  } else {
    for (size_t i = 0; i < n; ++i) {
      if (c.IsValid(i)) k.numbers[i] = c.GetValue(i).ToFloat64().value_or(0);
    }
  }
  return k;
}

// The frame bound of position p for a RANGE offset, searching the non-NULL key positions
// [nb, ne) of its partition. `is_start`: frame start (inclusive) else frame end (exclusive).
template <typename T>
size_t RangeOffsetPosition(const std::vector<T>& key, const std::vector<uint32_t>& order,
                           size_t nb, size_t ne, T target, bool ascending, bool is_start) {
  auto at = [&](size_t q) { return key[order[q]]; };
  if (ascending) {
    return is_start ? FirstTrue(nb, ne, [&](size_t q) { return at(q) >= target; })
                    : FirstTrue(nb, ne, [&](size_t q) { return at(q) > target; });
  }
  return is_start ? FirstTrue(nb, ne, [&](size_t q) { return at(q) <= target; })
                  : FirstTrue(nb, ne, [&](size_t q) { return at(q) < target; });
}

Frames ComputeFrames(const SpecPlan& plan, const Ordering& ord) {
  const size_t n = ord.order.size();
  Frames f;
  f.start.resize(n);
  f.end.resize(n);
  const bool range_offsets = plan.units == FrameUnits::kRange &&
                             (IsOffsetBound(plan.start.kind) || IsOffsetBound(plan.end.kind)) &&
                             !ord.order_columns.empty();
  RangeKeys keys;
  const Column* key_col = nullptr;
  bool ascending = true, nulls_first = false;
  if (range_offsets) {
    key_col = ord.order_columns[0].get();
    keys = MakeRangeKeys(*key_col, plan.temporal_key);
    ascending = ord.directions[0].first;
    nulls_first = ord.directions[0].second;
  }
  for (size_t k = 0; k + 1 < ord.partition_bounds.size(); ++k) {
    const size_t pb = ord.partition_bounds[k], pe = ord.partition_bounds[k + 1];
    // Non-NULL key positions of the partition (NULLs sort together at one end).
    size_t nb = pb, ne = pe;
    if (range_offsets && key_col->null_count() > 0) {
      size_t nulls = 0;
      for (size_t p = pb; p < pe; ++p) nulls += key_col->IsNull(ord.order[p]) ? 1 : 0;
      if (nulls_first) {
        nb = pb + nulls;
      } else {
        ne = pe - nulls;
      }
    }
    const size_t first_group = ord.peer_of[pb], last_group = ord.peer_of[pe - 1];
    auto position = [&](const Bound& b, bool is_start, size_t p) -> size_t {
      const size_t g = ord.peer_of[p];
      switch (b.kind) {
        case FrameBoundKind::kUnboundedPreceding: return pb;
        case FrameBoundKind::kUnboundedFollowing: return pe;
        case FrameBoundKind::kCurrentRow:
          if (plan.units == FrameUnits::kRows) return is_start ? p : p + 1;
          return is_start ? ord.peer_bounds[g] : ord.peer_bounds[g + 1];
        default: break;
      }
      const bool preceding = b.kind == FrameBoundKind::kPreceding;
      if (plan.units == FrameUnits::kRows) {
        const int128_t base = static_cast<int128_t>(p) + (is_start ? 0 : 1);
        const int128_t q = preceding ? base - b.count : base + b.count;
        return static_cast<size_t>(std::clamp<int128_t>(q, pb, pe));
      }
      if (plan.units == FrameUnits::kGroups) {
        const int128_t tg = preceding ? static_cast<int128_t>(g) - b.count
                                      : static_cast<int128_t>(g) + b.count;
        if (tg < static_cast<int128_t>(first_group)) return pb;
        if (tg > static_cast<int128_t>(last_group)) return pe;
        const size_t t = static_cast<size_t>(tg);
        return is_start ? ord.peer_bounds[t] : ord.peer_bounds[t + 1];
      }
      // RANGE with an offset: NULL keys frame their NULL peers.
      const uint32_t row = ord.order[p];
      if (key_col == nullptr || key_col->IsNull(row)) {
        return is_start ? ord.peer_bounds[g] : ord.peer_bounds[g + 1];
      }
      const bool subtract = preceding == ascending;
      if (plan.temporal_key) {
        const int128_t cur = keys.nanos[row];
        const int128_t t = subtract ? AddMonths(cur, -b.months) - b.nanos
                                    : AddMonths(cur, b.months) + b.nanos;
        return RangeOffsetPosition(keys.nanos, ord.order, nb, ne, t, ascending, is_start);
      }
      const long double cur = keys.numbers[row];
      const long double t = subtract ? cur - b.number : cur + b.number;
      return RangeOffsetPosition(keys.numbers, ord.order, nb, ne, t, ascending, is_start);
    };
    for (size_t p = pb; p < pe; ++p) {
      const size_t s = position(plan.start, true, p);
      const size_t e = position(plan.end, false, p);
      f.start[p] = static_cast<uint32_t>(s);
      f.end[p] = static_cast<uint32_t>(std::max(s, e));
    }
  }
  return f;
}

// ----- helpers ----------------------------------------------------------------------------------

class MemoryBudget {
 public:
  explicit MemoryBudget(uint64_t limit) : limit_(limit) {}
  void Charge(size_t bytes) { used_ += bytes; }
  size_t used() const { return used_; }
  // Drops the charges made since used() was `mark` (transient state freed).
  void ReleaseTo(size_t mark) { used_ = std::min(used_, mark); }
  // Fails when the charged bytes plus `transient` pass the limit.
  Status Check(size_t transient = 0) const {
    if (limit_ != 0 && used_ + transient > limit_) {
      return Status::RuntimeResourcesExhausted(
          "Query memory limit exceeded: the window function needs more than {} bytes "
          "(query.memory_pool_size)",
          limit_);
    }
    return Status::OK();
  }

 private:
  uint64_t limit_;
  size_t used_ = 0;
};

// `column` as `type` (per-row casts; a no-op when the type already matches).
Result<ColumnPtr> EnsureType(ColumnPtr column, const DataType& type) {
  if (column->type() == type) return column;
  auto b = types::MakeColumnBuilder(type, column->size());
  for (size_t i = 0; i < column->size(); ++i) {
    Value v = column->GetValue(i);
    if (!v.is_null()) {
      GT_ASSIGN_OR_RETURN(v, v.CastTo(type));
    }
    GT_RETURN_IF_ERROR(b->Append(v));
  }
  return b->Finish();
}

// Row src[i] of `values` followed by `extra` (when set) for each i; src[i] < 0 gives NULL.
Result<ColumnPtr> Gather(const ColumnPtr& values, const ColumnPtr& extra,
                         const std::vector<int64_t>& src) {
  std::vector<ColumnPtr> parts{values};
  if (extra) parts.push_back(extra);
  size_t total = values->size() + (extra ? extra->size() : 0);
  const bool need_null = std::any_of(src.begin(), src.end(), [](int64_t s) { return s < 0; });
  if (need_null) parts.push_back(std::make_shared<types::NullColumn>(1));
  ColumnPtr all = values;
  if (parts.size() > 1) {
    GT_ASSIGN_OR_RETURN(all, types::ConcatColumns(parts));
  }
  std::vector<uint32_t> rows(src.size());
  for (size_t i = 0; i < src.size(); ++i) {
    rows[i] = src[i] < 0 ? static_cast<uint32_t>(total) : static_cast<uint32_t>(src[i]);
  }
  return types::TakeColumn(*all, rows);
}

std::string DescribeSpec(const WindowFunctionSpec& s) {
  std::string out = s.function + "(";
  if (s.aggregate != nullptr && s.args.empty()) out += "*";
  for (size_t i = 0; i < s.args.size(); ++i) {
    if (i) out += ", ";
    out += s.args[i] ? s.args[i]->ToString() : "?";
  }
  out += ")";
  if (!s.partition_by.empty()) {
    out += " PARTITION BY [";
    for (size_t i = 0; i < s.partition_by.size(); ++i) {
      if (i) out += ", ";
      out += s.partition_by[i] ? s.partition_by[i]->ToString() : "?";
    }
    out += "]";
  }
  if (!s.order_by.empty()) {
    out += " ORDER BY [";
    for (size_t i = 0; i < s.order_by.size(); ++i) {
      const SortKey& k = s.order_by[i];
      if (i) out += ", ";
      out += k.expr ? k.expr->ToString() : "?";
      if (!k.ascending) out += " DESC";
      if (k.nulls_first == k.ascending) out += k.nulls_first ? " NULLS FIRST" : " NULLS LAST";
    }
    out += "]";
  }
  const WindowFrame& f = s.frame;
  const bool running_default = f.units == FrameUnits::kRange &&
                               f.start.kind == FrameBoundKind::kUnboundedPreceding &&
                               f.end.kind == FrameBoundKind::kCurrentRow;
  const bool whole_default = s.order_by.empty() &&
                             f.start.kind == FrameBoundKind::kUnboundedPreceding &&
                             f.end.kind == FrameBoundKind::kUnboundedFollowing;
  if (!running_default && !whole_default) {
    const char* units = f.units == FrameUnits::kRows    ? "ROWS"
                        : f.units == FrameUnits::kRange ? "RANGE"
                                                        : "GROUPS";
    out += fmt::format(" {} BETWEEN {} AND {}", units, BoundText(f.start), BoundText(f.end));
  }
  return out;
}

// ----- the operator -----------------------------------------------------------------------------

class WindowNode final : public ExecNode {
 public:
  WindowNode(ExecNodePtr child, std::vector<WindowFunctionSpec> specs, std::vector<SpecPlan> plans,
             types::SchemaPtr schema, uint64_t memory_limit)
      : child_(std::move(child)), specs_(std::move(specs)), plans_(std::move(plans)),
        schema_(std::move(schema)), memory_limit_(memory_limit) {}

  const types::SchemaPtr& schema() const override { return schema_; }

  std::string Describe() const override {
    std::string out = "Window: [";
    for (size_t i = 0; i < specs_.size(); ++i) {
      if (i) out += ", ";
      out += DescribeSpec(specs_[i]);
    }
    return out + "]";
  }

  Result<std::optional<types::RecordBatch>> Next() override {
    if (done_) return std::optional<types::RecordBatch>();
    done_ = true;
    GT_ASSIGN_OR_RETURN(types::RecordBatch input,
                        CollectConcatenated(*child_, memory_limit_, "the window function"));
    const size_t n = input.num_rows();
    if (n == 0) return std::optional<types::RecordBatch>();
    if (n >= kRunningFlag) {
      return Status::RuntimeResourcesExhausted(
          "the window function supports at most {} rows per query, got {}", kRunningFlag - 1, n);
    }
    MemoryBudget budget(memory_limit_);
    budget.Charge(input.MemoryBytes());
    std::vector<std::unique_ptr<Ordering>> orderings;
    std::vector<ColumnPtr> results;
    const Ordering* first = nullptr;
    for (size_t s = 0; s < specs_.size(); ++s) {
      GT_ASSIGN_OR_RETURN(const Ordering* ord, OrderingFor(specs_[s], input, orderings, budget));
      if (s == 0) first = ord;
      const size_t mark = budget.used();
      GT_ASSIGN_OR_RETURN(ColumnPtr col, ComputeSpec(specs_[s], plans_[s], input, *ord, budget));
      GT_ASSIGN_OR_RETURN(col, EnsureType(std::move(col), specs_[s].output_type));
      budget.ReleaseTo(mark);  // frames, sorted arguments and accumulators are gone
      budget.Charge(col->MemoryBytes());
      GT_RETURN_IF_ERROR(budget.Check());
      results.push_back(std::move(col));
    }
    // Output rows in the first spec's order (input order without specs).
    std::vector<ColumnPtr> out;
    const bool identity =
        first == nullptr || std::is_sorted(first->order.begin(), first->order.end());
    if (!identity) {
      budget.Charge(input.MemoryBytes());  // the reordered copy
      GT_RETURN_IF_ERROR(budget.Check());
    }
    for (const std::vector<ColumnPtr>* cols : {&input.columns(), &std::as_const(results)}) {
      for (const auto& c : *cols) {
        if (identity) {
          out.push_back(c);
        } else {
          GT_ASSIGN_OR_RETURN(ColumnPtr t, types::TakeColumn(*c, first->order));
          out.push_back(std::move(t));
        }
      }
    }
    GT_ASSIGN_OR_RETURN(auto batch, types::RecordBatch::Make(schema_, std::move(out)));
    return std::optional<types::RecordBatch>(std::move(batch));
  }

 private:
  // The ordering of `spec`, reusing one already built for the same keys.
  Result<const Ordering*> OrderingFor(const WindowFunctionSpec& spec,
                                      const types::RecordBatch& input,
                                      std::vector<std::unique_ptr<Ordering>>& orderings,
                                      MemoryBudget& budget) {
    std::vector<ColumnPtr> parts, keys;
    std::vector<std::pair<bool, bool>> dirs;
    for (const auto& e : spec.partition_by) {
      GT_ASSIGN_OR_RETURN(ColumnPtr c, e->Evaluate(input));
      parts.push_back(std::move(c));
    }
    for (const auto& k : spec.order_by) {
      GT_ASSIGN_OR_RETURN(ColumnPtr c, k.expr->Evaluate(input));
      keys.push_back(std::move(c));
      dirs.emplace_back(k.ascending, k.nulls_first);
    }
    for (const auto& o : orderings) {
      if (o->Matches(parts, keys, dirs)) return o.get();
    }
    // Evaluated keys are kept alive by the ordering; charge computed ones.
    for (const std::vector<ColumnPtr>* cols : {&parts, &keys}) {
      for (const auto& c : *cols) {
        const bool from_input = std::find(input.columns().begin(), input.columns().end(), c) !=
                                input.columns().end();
        if (!from_input) budget.Charge(c->MemoryBytes());
      }
    }
    orderings.push_back(BuildOrdering(std::move(parts), std::move(keys), std::move(dirs),
                                      input.num_rows()));
    budget.Charge(orderings.back()->MemoryBytes());
    GT_RETURN_IF_ERROR(budget.Check());
    return orderings.back().get();
  }

  Result<ColumnPtr> ComputeSpec(const WindowFunctionSpec& spec, const SpecPlan& plan,
                                const types::RecordBatch& input, const Ordering& ord,
                                MemoryBudget& budget) {
    std::vector<ColumnPtr> args;
    for (const auto& e : spec.args) {
      GT_ASSIGN_OR_RETURN(ColumnPtr c, e->Evaluate(input));
      args.push_back(std::move(c));
    }
    switch (plan.fn) {
      case WindowFn::kRowNumber: case WindowFn::kRank: case WindowFn::kDenseRank:
      case WindowFn::kNtile:
        return RankColumn(plan, ord);
      case WindowFn::kPercentRank: case WindowFn::kCumeDist:
        return DistributionColumn(plan, ord);
      case WindowFn::kLag: case WindowFn::kLead:
        return ShiftColumn(plan, ord, args);
      case WindowFn::kFirstValue: case WindowFn::kLastValue: case WindowFn::kNthValue: {
        const Frames frames = ComputeFrames(plan, ord);
        return FrameValueColumn(plan, ord, frames, args[0]);
      }
      case WindowFn::kAggregate: {
        const Frames frames = ComputeFrames(plan, ord);
        budget.Charge(frames.start.size() * 2 * sizeof(uint32_t));
        return AggregateColumn(spec, plan, ord, frames, args, budget);
      }
    }
    return Status::Internal("unhandled window function {}", spec.function);
  }

  // row_number, rank, dense_rank, ntile: UInt64 per input row.
  static ColumnPtr RankColumn(const SpecPlan& plan, const Ordering& ord) {
    std::vector<uint64_t> out(ord.order.size());
    for (size_t k = 0; k + 1 < ord.partition_bounds.size(); ++k) {
      const size_t pb = ord.partition_bounds[k], pe = ord.partition_bounds[k + 1];
      const uint64_t m = pe - pb;
      const uint64_t buckets =
          std::min<uint64_t>(static_cast<uint64_t>(std::max<int64_t>(plan.n, 1)), m);
      for (size_t p = pb; p < pe; ++p) {
        uint64_t v = 0;
        switch (plan.fn) {
          case WindowFn::kRowNumber: v = p - pb + 1; break;
          case WindowFn::kRank: v = ord.peer_bounds[ord.peer_of[p]] - pb + 1; break;
          case WindowFn::kDenseRank: v = ord.peer_of[p] - ord.peer_of[pb] + 1; break;
          default: v = static_cast<uint64_t>(
                           static_cast<types::uint128_t>(p - pb) * buckets / m) + 1;
        }
        out[ord.order[p]] = v;
      }
    }
    return types::UInt64Column::Make(DataType::UInt64(), std::move(out));
  }

  // percent_rank, cume_dist: Float64 per input row.
  static ColumnPtr DistributionColumn(const SpecPlan& plan, const Ordering& ord) {
    std::vector<double> out(ord.order.size());
    for (size_t k = 0; k + 1 < ord.partition_bounds.size(); ++k) {
      const size_t pb = ord.partition_bounds[k], pe = ord.partition_bounds[k + 1];
      const double m = static_cast<double>(pe - pb);
      for (size_t p = pb; p < pe; ++p) {
        const uint32_t g = ord.peer_of[p];
        double v;
        if (plan.fn == WindowFn::kPercentRank) {
          v = pe - pb <= 1 ? 0.0 : static_cast<double>(ord.peer_bounds[g] - pb) / (m - 1);
        } else {
          v = static_cast<double>(ord.peer_bounds[g + 1] - pb) / m;
        }
        out[ord.order[p]] = v;
      }
    }
    return types::Float64Column::Make(DataType::Float64(), std::move(out));
  }

  // lag / lead: the argument `plan.n` rows back (negative: ahead) within the partition, else
  // the default (third argument, cast to the argument's type) or NULL.
  static Result<ColumnPtr> ShiftColumn(const SpecPlan& plan, const Ordering& ord,
                                       const std::vector<ColumnPtr>& args) {
    const size_t n = ord.order.size();
    ColumnPtr defaults;
    if (args.size() > 2 && !args[0]->type().is_null()) {
      GT_ASSIGN_OR_RETURN(defaults, EnsureType(args[2], args[0]->type()));
    }
    std::vector<int64_t> src(n, -1);
    for (size_t k = 0; k + 1 < ord.partition_bounds.size(); ++k) {
      const int128_t pb = ord.partition_bounds[k], pe = ord.partition_bounds[k + 1];
      for (int128_t p = pb; p < pe; ++p) {
        const int128_t q = p - plan.n;
        const uint32_t row = ord.order[static_cast<size_t>(p)];
        if (q >= pb && q < pe) {
          src[row] = ord.order[static_cast<size_t>(q)];
        } else if (defaults) {
          src[row] = static_cast<int64_t>(n + row);
        }
      }
    }
    return Gather(args[0], defaults, src);
  }

  // first_value / last_value / nth_value over each row's frame.
  static Result<ColumnPtr> FrameValueColumn(const SpecPlan& plan, const Ordering& ord,
                                            const Frames& frames, const ColumnPtr& values) {
    const size_t n = ord.order.size();
    std::vector<int64_t> src(n, -1);
    for (size_t p = 0; p < n; ++p) {
      const int128_t fs = frames.start[p], fe = frames.end[p];
      if (fs >= fe) continue;
      int128_t pick;
      switch (plan.fn) {
        case WindowFn::kFirstValue: pick = fs; break;
        case WindowFn::kLastValue: pick = fe - 1; break;
        default: pick = plan.n > 0 ? fs + plan.n - 1 : fe + plan.n; break;
      }
      if (pick < fs || pick >= fe) continue;
      src[ord.order[p]] = ord.order[static_cast<size_t>(pick)];
    }
    return Gather(values, nullptr, src);
  }

  // An aggregate over each row's frame.
  Result<ColumnPtr> AggregateColumn(const WindowFunctionSpec& spec, const SpecPlan& plan,
                                    const Ordering& ord, const Frames& frames,
                                    const std::vector<ColumnPtr>& args, MemoryBudget& budget);

  ExecNodePtr child_;
  std::vector<WindowFunctionSpec> specs_;
  std::vector<SpecPlan> plans_;
  types::SchemaPtr schema_;
  uint64_t memory_limit_;
  bool done_ = false;
};

Result<ColumnPtr> WindowNode::AggregateColumn(const WindowFunctionSpec& spec,
                                              const SpecPlan& plan, const Ordering& ord,
                                              const Frames& frames,
                                              const std::vector<ColumnPtr>& args,
                                              MemoryBudget& budget) {
  const size_t n = ord.order.size();
  std::vector<ArgInfo> infos;
  for (size_t a = 0; a < args.size(); ++a) {
    const bool constant = a < spec.constants.size() && !spec.constants[a].is_null();
    infos.push_back({spec.args[a]->type(), constant ? &spec.constants[a] : nullptr});
  }
  const AggregateOptions options;
  // Arguments in position order: a frame is a contiguous slice.
  std::vector<ColumnPtr> sorted;
  size_t sorted_bytes = 0;
  for (const auto& c : args) {
    GT_ASSIGN_OR_RETURN(ColumnPtr t, types::TakeColumn(*c, ord.order));
    sorted_bytes += t->MemoryBytes();
    sorted.push_back(std::move(t));
  }
  budget.Charge(sorted_bytes + n * sizeof(uint32_t));
  GT_RETURN_IF_ERROR(budget.Check());

  // Shared accumulator: one group per distinct frame of the batched partitions.
  GT_ASSIGN_OR_RETURN(auto shared, spec.aggregate->MakeAccumulator(infos, options));
  uint32_t groups = 0;
  std::vector<uint32_t> pending_pos, pending_gid;
  auto flush = [&]() -> Status {
    if (pending_pos.empty()) return Status::OK();
    std::vector<ColumnPtr> taken;
    for (const auto& c : sorted) {
      GT_ASSIGN_OR_RETURN(ColumnPtr t, types::TakeColumn(*c, pending_pos));
      taken.push_back(std::move(t));
    }
    GT_RETURN_IF_ERROR(shared->Update(taken, pending_gid, groups));
    pending_pos.clear();
    pending_gid.clear();
    return budget.Check(shared->MemoryBytes() + kUpdateChunk * 2 * sizeof(uint32_t));
  };

  // Incrementally computed values of the running partitions.
  auto running = types::MakeColumnBuilder(spec.output_type);
  uint32_t running_count = 0;
  std::vector<uint32_t> zeros;
  std::vector<ColumnPtr> slice;

  std::vector<uint32_t> idx(n);  // per input row: shared group, or kRunningFlag | running index
  for (size_t k = 0; k + 1 < ord.partition_bounds.size(); ++k) {
    const size_t pb = ord.partition_bounds[k], pe = ord.partition_bounds[k + 1];
    // Cost of feeding every distinct frame on its own, and whether the frames only grow.
    uint64_t batched_cost = 0;
    bool grows = plan.start.kind == FrameBoundKind::kUnboundedPreceding;
    for (size_t p = pb; p < pe; ++p) {
      const bool fresh = p == pb || frames.start[p] != frames.start[p - 1] ||
                         frames.end[p] != frames.end[p - 1];
      if (fresh) batched_cost += frames.end[p] - frames.start[p];
      if (p > pb && frames.end[p] < frames.end[p - 1]) grows = false;
    }
    if (grows && batched_cost > 2 * (pe - pb) + 64) {
      // Running: one accumulator fed the partition in order, finished at each new frame end.
      // Relies on GroupsAccumulator::Finish leaving the state intact.
      GT_ASSIGN_OR_RETURN(auto acc, spec.aggregate->MakeAccumulator(infos, options));
      size_t fed = pb;
      for (size_t p = pb; p < pe; ++p) {
        const size_t e = frames.end[p];
        if (p == pb || e != frames.end[p - 1]) {
          if (e > fed) {
            slice.clear();
            for (const auto& c : sorted) slice.push_back(c->Slice(fed, e - fed));
            if (zeros.size() < e - fed) zeros.resize(e - fed, 0);
            GT_RETURN_IF_ERROR(
                acc->Update(slice, std::span<const uint32_t>(zeros.data(), e - fed), 1));
            fed = e;
            GT_RETURN_IF_ERROR(budget.Check(acc->MemoryBytes() + shared->MemoryBytes()));
          }
          GT_ASSIGN_OR_RETURN(ColumnPtr r, acc->Finish(1));
          Value v = r->size() > 0 ? r->GetValue(0) : Value();
          if (!v.is_null() && v.type() != spec.output_type) {
            GT_ASSIGN_OR_RETURN(v, v.CastTo(spec.output_type));
          }
          GT_RETURN_IF_ERROR(running->Append(v));
          ++running_count;
        }
        idx[ord.order[p]] = kRunningFlag | (running_count - 1);
      }
      continue;
    }
    for (size_t p = pb; p < pe; ++p) {
      const bool fresh = p == pb || frames.start[p] != frames.start[p - 1] ||
                         frames.end[p] != frames.end[p - 1];
      if (fresh) {
        const uint32_t gid = groups++;
        for (uint32_t q = frames.start[p]; q < frames.end[p]; ++q) {
          pending_pos.push_back(q);
          pending_gid.push_back(gid);
          if (pending_pos.size() >= kUpdateChunk) GT_RETURN_IF_ERROR(flush());
        }
      }
      idx[ord.order[p]] = groups - 1;
    }
  }
  GT_RETURN_IF_ERROR(flush());
  ColumnPtr values;
  GT_ASSIGN_OR_RETURN(values, shared->Finish(groups));
  GT_ASSIGN_OR_RETURN(values, EnsureType(std::move(values), spec.output_type));
  if (running_count > 0) {
    ColumnPtr run = running->Finish();
    if (groups > 0) {
      std::vector<ColumnPtr> parts{values, run};
      GT_ASSIGN_OR_RETURN(values, types::ConcatColumns(parts));
    } else {
      values = run;
    }
    for (auto& i : idx) {
      if (i & kRunningFlag) i = groups + (i & ~kRunningFlag);
    }
  }
  return types::TakeColumn(*values, idx);
}

}  // namespace

bool IsWindowFunctionName(std::string_view name) { return FindWindowFn(name).has_value(); }

Result<DataType> WindowFunctionReturnType(std::string_view name, std::span<const ArgInfo> args) {
  auto fn = FindWindowFn(name);
  if (!fn) return PlanError(fmt::format("Invalid window function '{}'", name));
  auto arity = [&](size_t lo, size_t hi) -> Status {
    if (args.size() < lo || args.size() > hi) {
      return PlanError(fmt::format("The function '{}' expected {} arguments but received {}",
                                   name, lo == hi ? std::to_string(lo)
                                                  : fmt::format("{} to {}", lo, hi),
                                   args.size()));
    }
    return Status::OK();
  };
  auto integer_arg = [&](size_t i) -> Status {
    const DataType& t = args[i].type;
    if (!t.is_integer() && !t.is_null()) {
      return PlanError(fmt::format("The function '{}' expects an integer argument {}, got {}",
                                   name, i + 1, t.Name()));
    }
    return Status::OK();
  };
  switch (*fn) {
    case WindowFn::kRowNumber: case WindowFn::kRank: case WindowFn::kDenseRank:
      GT_RETURN_IF_ERROR(arity(0, 0));
      return DataType::UInt64();
    case WindowFn::kPercentRank: case WindowFn::kCumeDist:
      GT_RETURN_IF_ERROR(arity(0, 0));
      return DataType::Float64();
    case WindowFn::kNtile:
      GT_RETURN_IF_ERROR(arity(1, 1));
      GT_RETURN_IF_ERROR(integer_arg(0));
      return DataType::UInt64();
    case WindowFn::kLag: case WindowFn::kLead:
      GT_RETURN_IF_ERROR(arity(1, 3));
      if (args.size() > 1) GT_RETURN_IF_ERROR(integer_arg(1));
      return args[0].type;
    case WindowFn::kFirstValue: case WindowFn::kLastValue:
      GT_RETURN_IF_ERROR(arity(1, 1));
      return args[0].type;
    case WindowFn::kNthValue:
      GT_RETURN_IF_ERROR(arity(2, 2));
      GT_RETURN_IF_ERROR(integer_arg(1));
      return args[0].type;
    case WindowFn::kAggregate: break;
  }
  return PlanError(fmt::format("Invalid window function '{}'", name));
}

Result<ExecNodePtr> MakeWindow(ExecNodePtr child, std::vector<WindowFunctionSpec> specs,
                               uint64_t memory_limit) {
  if (child == nullptr) return Status::InvalidArguments("MakeWindow: no input");
  std::vector<SpecPlan> plans;
  for (const auto& s : specs) {
    for (const auto& e : s.partition_by) {
      if (e == nullptr) {
        return PlanError(fmt::format("{}: missing PARTITION BY expression", s.name));
      }
    }
    for (const auto& k : s.order_by) {
      if (k.expr == nullptr) {
        return PlanError(fmt::format("{}: missing ORDER BY expression", s.name));
      }
    }
    GT_ASSIGN_OR_RETURN(SpecPlan plan, PlanSpec(s));
    plans.push_back(plan);
  }
  std::vector<types::ColumnSchema> cols = child->schema()->columns();
  for (const auto& s : specs) {
    types::ColumnSchema c;
    c.name = s.name;
    c.type = s.output_type;
    c.nullable = true;
    cols.push_back(std::move(c));
  }
  auto schema = std::make_shared<const types::Schema>(std::move(cols));
  return ExecNodePtr(std::make_unique<WindowNode>(std::move(child), std::move(specs),
                                                  std::move(plans), std::move(schema),
                                                  memory_limit));
}

}  // namespace greptime::query
