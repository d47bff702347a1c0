// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// PromQL function calls: range-vector functions (rate, *_over_time, ...), instant-vector math,
// label manipulation, sorting, dates, histogram_quantile over classic buckets, absent.
#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <unordered_map>

#include "promql/eval_internal.h"

namespace greptime::promql::internal {

namespace {

using Samples = std::vector<Sample>;

struct RangeArgs {
  int64_t range_start_ms;  // exclusive
  int64_t range_end_ms;
  int64_t range_ms;
  int64_t eval_ms;
  std::vector<double> scalars;  // the non-matrix arguments
};

std::optional<double> ExtrapolatedRate(const Samples& s, const RangeArgs& a, bool counter,
                                       bool rate) {
  if (s.size() < 2) return std::nullopt;
  double result = s.back().v - s.front().v;
  if (counter) {
    for (size_t i = 1; i < s.size(); ++i) {
      if (s[i].v < s[i - 1].v) result += s[i - 1].v;
    }
  }
  double to_start = static_cast<double>(s.front().t_ms - a.range_start_ms) / 1000;
  double to_end = static_cast<double>(a.range_end_ms - s.back().t_ms) / 1000;
  double sampled = static_cast<double>(s.back().t_ms - s.front().t_ms) / 1000;
  double avg = sampled / static_cast<double>(s.size() - 1);
  double threshold = avg * 1.1;
  if (to_start >= threshold) to_start = avg / 2;
  if (counter && result > 0 && s.front().v >= 0) {
    double to_zero = sampled * (s.front().v / result);
    if (to_zero < to_start) to_start = to_zero;
  }
  if (to_end >= threshold) to_end = avg / 2;
  double factor = sampled != 0 ? (sampled + to_start + to_end) / sampled : 1.0;
  if (rate) factor /= static_cast<double>(a.range_ms) / 1000;
  return result * factor;
}

std::optional<double> InstantValue(const Samples& s, bool rate) {
  if (s.size() < 2) return std::nullopt;
  const Sample& last = s.back();
  const Sample& prev = s[s.size() - 2];
  double result = (rate && last.v < prev.v) ? last.v : last.v - prev.v;
  int64_t interval = last.t_ms - prev.t_ms;
  if (interval == 0) return std::nullopt;
  if (rate) result /= static_cast<double>(interval) / 1000;
  return result;
}

std::pair<double, double> LinearRegression(const Samples& s, int64_t intercept_ms) {
  double n = 0, sum_x = 0, c_x = 0, sum_y = 0, c_y = 0, sum_xy = 0, c_xy = 0, sum_x2 = 0,
         c_x2 = 0;
  double init_y = s[0].v;
  bool const_y = true;
  for (size_t i = 0; i < s.size(); ++i) {
    if (const_y && i > 0 && s[i].v != init_y) const_y = false;
    n += 1;
    double x = static_cast<double>(s[i].t_ms - intercept_ms) / 1e3;
    KahanAdd(x, sum_x, c_x);
    KahanAdd(s[i].v, sum_y, c_y);
    KahanAdd(x * s[i].v, sum_xy, c_xy);
    KahanAdd(x * x, sum_x2, c_x2);
  }
  if (const_y) {
    if (std::isinf(init_y)) return {NAN, NAN};
    return {0, init_y};
  }
  sum_x += c_x;
  sum_y += c_y;
  sum_xy += c_xy;
  sum_x2 += c_x2;
  double cov_xy = sum_xy - sum_x * sum_y / n;
  double var_x = sum_x2 - sum_x * sum_x / n;
  double slope = cov_xy / var_x;
  double intercept = sum_y / n - slope * sum_x / n;
  return {slope, intercept};
}

double AvgOverTime(const Samples& s) {
  double sum = 0, mean = 0, count = 0, c = 0;
  bool incremental = false;
  for (const auto& p : s) {
    count++;
    if (!incremental) {
      double ns = sum, nc = c;
      KahanAdd(p.v, ns, nc);
      if (count == 1 || !std::isinf(ns)) {
        sum = ns;
        c = nc;
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    if (std::isinf(mean)) {
      if (std::isinf(p.v) && (mean > 0) == (p.v > 0)) continue;
      if (!std::isinf(p.v) && !std::isnan(p.v)) continue;
    }
    double corrected = mean + c;
    KahanAdd(p.v / count - corrected / count, mean, c);
  }
  if (incremental) return mean + c;
  return (sum + c) / count;
}

double Variance(const Samples& s) {
  double count = 0, mean = 0, c_mean = 0, aux = 0, c_aux = 0;
  for (const auto& p : s) {
    count++;
    double delta = p.v - (mean + c_mean);
    KahanAdd(delta / count, mean, c_mean);
    KahanAdd(delta * (p.v - (mean + c_mean)), aux, c_aux);
  }
  return (aux + c_aux) / count;
}

double TrendValue(int i, double tf, double s0, double s1, double b) {
  if (i == 0) return b;
  return tf * (s1 - s0) + (1 - tf) * b;
}

using RangeFn = std::function<std::optional<double>(const Samples&, const RangeArgs&)>;

const std::unordered_map<std::string_view, RangeFn>& RangeFunctions() {
  static const std::unordered_map<std::string_view, RangeFn> table{
      {"rate", [](const Samples& s, const RangeArgs& a) { return ExtrapolatedRate(s, a, true, true); }},
      {"increase",
       [](const Samples& s, const RangeArgs& a) { return ExtrapolatedRate(s, a, true, false); }},
      {"delta",
       [](const Samples& s, const RangeArgs& a) { return ExtrapolatedRate(s, a, false, false); }},
      {"irate", [](const Samples& s, const RangeArgs&) { return InstantValue(s, true); }},
      {"idelta", [](const Samples& s, const RangeArgs&) { return InstantValue(s, false); }},
      {"avg_over_time",
       [](const Samples& s, const RangeArgs&) -> std::optional<double> { return AvgOverTime(s); }},
      {"sum_over_time",
       [](const Samples& s, const RangeArgs&) -> std::optional<double> {
         double sum = 0, c = 0;
         for (const auto& p : s) KahanAdd(p.v, sum, c);
         return sum + c;
       }},
      {"count_over_time",
       [](const Samples& s, const RangeArgs&) -> std::optional<double> {
         return static_cast<double>(s.size());
       }},
      {"min_over_time",
       [](const Samples& s, const RangeArgs&) -> std::optional<double> {
         double m = s[0].v;
         for (const auto& p : s) {
           if (p.v < m || std::isnan(m)) m = p.v;
         }
         return m;
       }},
      {"max_over_time",
       [](const Samples& s, const RangeArgs&) -> std::optional<double> {
         double m = s[0].v;
         for (const auto& p : s) {
           if (p.v > m || std::isnan(m)) m = p.v;
         }
         return m;
       }},
      {"last_over_time",
       [](const Samples& s, const RangeArgs&) -> std::optional<double> { return s.back().v; }},
      {"first_over_time",
       [](const Samples& s, const RangeArgs&) -> std::optional<double> { return s.front().v; }},
      {"ts_of_last_over_time",
       [](const Samples& s, const RangeArgs&) -> std::optional<double> {
         return static_cast<double>(s.back().t_ms) / 1000;
       }},
      {"ts_of_first_over_time",
       [](const Samples& s, const RangeArgs&) -> std::optional<double> {
         return static_cast<double>(s.front().t_ms) / 1000;
       }},
      {"present_over_time",
       [](const Samples&, const RangeArgs&) -> std::optional<double> { return 1.0; }},
      {"stddev_over_time",
       [](const Samples& s, const RangeArgs&) -> std::optional<double> {
         return std::sqrt(Variance(s));
       }},
      {"stdvar_over_time",
       [](const Samples& s, const RangeArgs&) -> std::optional<double> { return Variance(s); }},
      {"mad_over_time",
       [](const Samples& s, const RangeArgs&) -> std::optional<double> {
         std::vector<double> v;
         for (const auto& p : s) {
           if (std::isnan(p.v)) return NAN;
           v.push_back(p.v);
         }
         double median = Quantile(0.5, v);
         for (auto& x : v) x = std::fabs(x - median);
         return Quantile(0.5, v);
       }},
      {"changes",
       [](const Samples& s, const RangeArgs&) -> std::optional<double> {
         double n = 0;
         for (size_t i = 1; i < s.size(); ++i) {
           if (s[i].v != s[i - 1].v && !(std::isnan(s[i].v) && std::isnan(s[i - 1].v))) n++;
         }
         return n;
       }},
      {"resets",
       [](const Samples& s, const RangeArgs&) -> std::optional<double> {
         double n = 0;
         for (size_t i = 1; i < s.size(); ++i) {
           if (s[i].v < s[i - 1].v) n++;
         }
         return n;
       }},
      {"deriv",
       [](const Samples& s, const RangeArgs&) -> std::optional<double> {
         if (s.size() < 2) return std::nullopt;
         return LinearRegression(s, s[0].t_ms).first;
       }},
      {"predict_linear",
       [](const Samples& s, const RangeArgs& a) -> std::optional<double> {
         if (s.size() < 2) return std::nullopt;
         auto [slope, intercept] = LinearRegression(s, a.eval_ms);
         return intercept + slope * a.scalars[0];
       }},
      {"quantile_over_time",
       [](const Samples& s, const RangeArgs& a) -> std::optional<double> {
         std::vector<double> v;
         for (const auto& p : s) v.push_back(p.v);
         return Quantile(a.scalars[0], v);
       }},
      {"double_exponential_smoothing",
       [](const Samples& s, const RangeArgs& a) -> std::optional<double> {
         if (s.size() < 2) return std::nullopt;
         double sf = a.scalars[0], tf = a.scalars[1];
         double s0 = 0, s1 = s[0].v, b = s[1].v - s[0].v;
         for (size_t i = 1; i < s.size(); ++i) {
           double x = sf * s[i].v;
           b = TrendValue(static_cast<int>(i) - 1, tf, s0, s1, b);
           double y = (1 - sf) * (s1 + b);
           s0 = s1;
           s1 = x + y;
         }
         return s1;
       }},
  };
  return table;
}

// Natural order: runs of digits compare as numbers ("cpu2" < "cpu10").
bool NaturalLess(std::string_view a, std::string_view b) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    bool da = digit(a[i]), db = digit(b[j]);
    size_t ei = i, ej = j;
    while (ei < a.size() && digit(a[ei]) == da) ++ei;
    while (ej < b.size() && digit(b[ej]) == db) ++ej;
    std::string_view ca = a.substr(i, ei - i), cb = b.substr(j, ej - j);
    if (da && db) {
      std::string_view ta = ca.substr(std::min(ca.find_first_not_of('0'), ca.size()));
      std::string_view tb = cb.substr(std::min(cb.find_first_not_of('0'), cb.size()));
      if (ta.size() != tb.size()) return ta.size() < tb.size();
      if (ta != tb) return ta < tb;
    } else if (ca != cb) {
      return ca < cb;
    }
    i = ei;
    j = ej;
  }
  return a.size() - i < b.size() - j;
}

double GoMin(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return NAN;
  return std::min(a, b);
}
double GoMax(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return NAN;
  return std::max(a, b);
}

const std::unordered_map<std::string_view, double (*)(double)>& MathFunctions() {
  static const std::unordered_map<std::string_view, double (*)(double)> table{
      {"abs", [](double v) { return std::fabs(v); }},
      {"ceil", [](double v) { return std::ceil(v); }},
      {"floor", [](double v) { return std::floor(v); }},
      {"exp", [](double v) { return std::exp(v); }},
      {"sqrt", [](double v) { return std::sqrt(v); }},
      {"ln", [](double v) { return std::log(v); }},
      {"log2", [](double v) { return std::log2(v); }},
      {"log10", [](double v) { return std::log10(v); }},
      {"sin", [](double v) { return std::sin(v); }},
      {"cos", [](double v) { return std::cos(v); }},
      {"tan", [](double v) { return std::tan(v); }},
      {"asin", [](double v) { return std::asin(v); }},
      {"acos", [](double v) { return std::acos(v); }},
      {"atan", [](double v) { return std::atan(v); }},
      {"sinh", [](double v) { return std::sinh(v); }},
      {"cosh", [](double v) { return std::cosh(v); }},
      {"tanh", [](double v) { return std::tanh(v); }},
      {"asinh", [](double v) { return std::asinh(v); }},
      {"acosh", [](double v) { return std::acosh(v); }},
      {"atanh", [](double v) { return std::atanh(v); }},
      {"rad", [](double v) { return v * M_PI / 180; }},
      {"deg", [](double v) { return v * 180 / M_PI; }},
      {"sgn",
       [](double v) {
         if (v < 0) return -1.0;
         if (v > 0) return 1.0;
         return v;
       }},
  };
  return table;
}

// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
struct CivilTime {
  int64_t year;
  int month;
  int day;
  int hour;
  int minute;
  int weekday;  // 0 = Sunday
  int yday;     // 1-based
};

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

CivilTime ToCivil(double seconds) {
  int64_t secs = static_cast<int64_t>(seconds);
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  CivilTime c{};
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem % 3600 / 60);
  c.weekday = static_cast<int>(((days % 7) + 7 + 4) % 7);
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = c.month <= 2 ? y + 1 : y;
  static const int kCum[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  c.yday = kCum[c.month - 1] + c.day + (c.month > 2 && IsLeap(c.year) ? 1 : 0);
  return c;
}

double DateField(std::string_view name, double v) {
  CivilTime c = ToCivil(v);
  if (name == "day_of_month") return c.day;
  if (name == "day_of_week") return c.weekday;
  if (name == "day_of_year") return c.yday;
  if (name == "hour") return c.hour;
  if (name == "minute") return c.minute;
  if (name == "month") return c.month;
  if (name == "year") return static_cast<double>(c.year);
  // days_in_month
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[c.month - 1] + (c.month == 2 && IsLeap(c.year) ? 1 : 0);
}

bool IsDateFunction(std::string_view n) {
  return n == "day_of_month" || n == "day_of_week" || n == "day_of_year" ||
         n == "days_in_month" || n == "hour" || n == "minute" || n == "month" || n == "year";
}

Labels AbsentLabels(const Expr& arg) {
  const Expr* e = &arg;
  const VectorSelector* vs = nullptr;
  if (e->Is<VectorSelector>()) vs = &e->As<VectorSelector>();
  if (e->Is<MatrixSelector>()) vs = e->As<MatrixSelector>().selector.get();
  Labels out;
  if (vs == nullptr) return out;
  std::vector<std::string> has;
  for (const auto& m : vs->matchers) {
    if (m.name() == kMetricNameLabel) continue;
    if (m.op() == MatchOp::kEqual &&
        std::find(has.begin(), has.end(), m.name()) == has.end()) {
      SetLabel(out, m.name(), m.value());
      has.push_back(m.name());
    } else {
      DropLabel(out, m.name());
    }
  }
  return out;
}

bool ValidLabelName(std::string_view name) {
  // Prometheus 3 accepts any non-empty, valid UTF-8 label name.
  if (name.empty()) return false;
  size_t i = 0;
  while (i < name.size()) {
    auto c = static_cast<unsigned char>(name[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (len == 0 || i + len > name.size()) return false;
    for (int k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(name[i + k]) & 0xc0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

// Go's regexp.Expand for label_replace's replacement template.
std::string ExpandTemplate(std::string_view tmpl, const re2::RE2& re,
                           const std::vector<re2::StringPiece>& groups) {
  std::string out;
  const auto& named = re.NamedCapturingGroups();
  auto group_text = [&](std::string_view name) -> std::string {
    int idx = -1;
    if (!name.empty() && std::all_of(name.begin(), name.end(), ::isdigit)) {
      idx = name.size() > 9 ? -1 : std::stoi(std::string(name));
    } else {
      auto it = named.find(std::string(name));
      if (it != named.end()) idx = it->second;
    }
    if (idx < 0 || idx >= static_cast<int>(groups.size()) || groups[idx].data() == nullptr) {
      return "";
    }
    return std::string(groups[idx].data(), groups[idx].size());
  };
  size_t i = 0;
  while (i < tmpl.size()) {
    char ch = tmpl[i];
    if (ch != '$' || i + 1 >= tmpl.size()) {
      out += ch;
      ++i;
      continue;
    }
    if (tmpl[i + 1] == '$') {
      out += '$';
      i += 2;
      continue;
    }
    auto is_name = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    if (tmpl[i + 1] == '{') {
      size_t close = tmpl.find('}', i + 2);
      if (close == std::string_view::npos || close == i + 2 ||
          !std::all_of(tmpl.begin() + i + 2, tmpl.begin() + close, is_name)) {
        out += ch;
        ++i;
        continue;
      }
      out += group_text(tmpl.substr(i + 2, close - i - 2));
      i = close + 1;
      continue;
    }
    size_t j = i + 1;
    while (j < tmpl.size() && is_name(tmpl[j])) ++j;
    if (j == i + 1) {
      out += ch;
      ++i;
      continue;
    }
    out += group_text(tmpl.substr(i + 1, j - i - 1));
    i = j;
  }
  return out;
}

// Classic-histogram bucket math (Prometheus's BucketQuantile / BucketFraction).
struct Bucket {
  double upper;
  double count;
};

bool AlmostEqual(double a, double b, double eps) {
  if (a == b) return true;
  if (std::isnan(a) && std::isnan(b)) return true;
  double abs_sum = std::fabs(a) + std::fabs(b);
  double diff = std::fabs(a - b);
  constexpr double kMinNormal = 2.2250738585072014e-308;
  if (a == 0 || b == 0 || abs_sum < kMinNormal) return diff < eps * kMinNormal;
  return diff / std::min(abs_sum, 1.7976931348623157e308) < eps;
}

std::vector<Bucket> Coalesce(std::vector<Bucket> b) {
  std::sort(b.begin(), b.end(), [](const Bucket& x, const Bucket& y) { return x.upper < y.upper; });
  std::vector<Bucket> out;
  for (const auto& x : b) {
    if (!out.empty() && out.back().upper == x.upper) {
      out.back().count += x.count;
    } else {
      out.push_back(x);
    }
  }
  return out;
}

double BucketQuantile(double q, std::vector<Bucket> buckets) {
  if (std::isnan(q)) return NAN;
  if (q < 0) return -INFINITY;
  if (q > 1) return INFINITY;
  buckets = Coalesce(std::move(buckets));
  if (!std::isinf(buckets.back().upper) || buckets.back().upper < 0) return NAN;
  double prev = buckets[0].count;
  for (size_t i = 1; i < buckets.size(); ++i) {
    double cur = buckets[i].count;
    if (cur == prev) continue;
    if (AlmostEqual(prev, cur, 1e-12)) {
      buckets[i].count = prev;
      continue;
    }
    if (cur < prev) {
      buckets[i].count = prev;
      continue;
    }
    prev = cur;
  }
  if (buckets.size() < 2) return NAN;
  double observations = buckets.back().count;
  if (observations == 0) return NAN;
  double rank = q * observations;
  size_t b = 0;
  while (b < buckets.size() - 1 && !(buckets[b].count >= rank)) ++b;
  if (b == buckets.size() - 1) return buckets[buckets.size() - 2].upper;
  if (b == 0 && buckets[0].upper <= 0) return buckets[0].upper;
  double start = 0, end = buckets[b].upper, count = buckets[b].count;
  if (b > 0) {
    start = buckets[b - 1].upper;
    count -= buckets[b - 1].count;
    rank -= buckets[b - 1].count;
  }
  return start + (end - start) * (rank / count);
}

double BucketFraction(double lower, double upper, std::vector<Bucket> buckets) {
  buckets = Coalesce(std::move(buckets));
  if (!std::isinf(buckets.back().upper) || buckets.back().upper < 0) return NAN;
  double count = buckets.back().count;
  if (count == 0 || std::isnan(lower) || std::isnan(upper)) return NAN;
  if (lower >= upper) return 0;
  double rank = 0, lower_rank = 0, upper_rank = 0;
  bool lower_set = false, upper_set = false;
  double lower_bound = buckets[0].upper <= 0 ? -INFINITY : 0.0;
  for (size_t i = 0; i < buckets.size(); ++i) {
    if (i > 0) lower_bound = buckets[i - 1].upper;
    double upper_bound = buckets[i].upper;
    auto interpolate = [&](double v) {
      if (lower_bound == -INFINITY) return buckets[i].count;
      return rank + (buckets[i].count - rank) * (v - lower_bound) / (upper_bound - lower_bound);
    };
    if (!lower_set && lower_bound >= lower) {
      lower_rank = rank;
      lower_set = true;
    }
    if (!upper_set && lower_bound >= upper) {
      upper_rank = rank;
      upper_set = true;
    }
    if (lower_set && upper_set) break;
    if (!lower_set && lower_bound < lower && upper_bound > lower) {
      lower_rank = interpolate(lower);
      lower_set = true;
    }
    if (!upper_set && lower_bound < upper && upper_bound > upper) {
      upper_rank = interpolate(upper);
      upper_set = true;
    }
    if (lower_set && upper_set) break;
    rank = buckets[i].count;
  }
  if (!lower_set || lower_rank > count) lower_rank = count;
  if (!upper_set || upper_rank > count) upper_rank = count;
  return (upper_rank - lower_rank) / count;
}

// Groups classic-histogram bucket series by their labels without `le` and __name__.
Vector HistogramOverBuckets(const Vector& in, const std::function<double(std::vector<Bucket>)>& fn) {
  std::vector<std::pair<Labels, std::vector<Bucket>>> groups;
  std::unordered_map<std::string, size_t> index;
  for (const auto& s : in) {
    std::string_view le = GetLabel(s.labels, "le");
    if (le.empty()) continue;
    std::string le_str(le);
    char* end = nullptr;
    double upper = std::strtod(le_str.c_str(), &end);
    if (end == le_str.c_str() || *end != '\0') continue;
    Labels l = s.labels;
    DropLabel(l, "le");
    // Grouped with the name (Prometheus's signature); the name is dropped afterwards, so
    // histograms that differ only by name collide.
    auto [it, inserted] = index.try_emplace(LabelsKey(l), groups.size());
    if (inserted) groups.push_back({std::move(l), {}});
    groups[it->second].second.push_back({upper, s.v});
  }
  Vector out;
  for (auto& [labels, buckets] : groups) {
    DropMetricName(labels);
    out.push_back({labels, 0, fn(std::move(buckets))});
  }
  return out;
}

}  // namespace

Result<Value> Evaluator::EvalCall(const Call& call, int64_t t_ms) {
  std::string_view name = call.func->name;
  if (name == "holt_winters") name = "double_exponential_smoothing";
  Value out;
  out.type = ValueType::kVector;

  // Range-vector functions.
  auto rf = RangeFunctions().find(name);
  if (rf != RangeFunctions().end() || name == "absent_over_time") {
    RangeArgs ra;
    ra.eval_ms = t_ms;
    Value matrix;
    for (const auto& arg : call.args) {
      GT_ASSIGN_OR_RETURN(Value v, Eval(*arg, t_ms));
      if (v.type == ValueType::kMatrix) {
        matrix = std::move(v);
      } else {
        ra.scalars.push_back(v.scalar);
      }
    }
    if (name == "absent_over_time") {
      if (matrix.matrix.empty()) out.vector.push_back({AbsentLabels(*call.args[0]), t_ms, 1});
      return out;
    }
    if (name == "double_exponential_smoothing") {
      if (ra.scalars[0] <= 0 || ra.scalars[0] >= 1) {
        return Status::InvalidArguments(
            "invalid smoothing factor. Expected: 0 < sf < 1, got: {}", ra.scalars[0]);
      }
      if (ra.scalars[1] <= 0 || ra.scalars[1] >= 1) {
        return Status::InvalidArguments("invalid trend factor. Expected: 0 < tf < 1, got: {}",
                                        ra.scalars[1]);
      }
    }
    ra.range_end_ms = matrix.range_end_ms;
    ra.range_ms = matrix.range_ms;
    ra.range_start_ms = matrix.range_end_ms - matrix.range_ms;
    bool keep_name = name == "last_over_time" || name == "first_over_time";
    for (auto& s : matrix.matrix) {
      if (s.samples.empty()) continue;
      std::optional<double> v = rf->second(s.samples, ra);
      if (!v) continue;
      if (!keep_name) DropMetricName(s.labels);
      out.vector.push_back({std::move(s.labels), t_ms, *v});
    }
    GT_RETURN_IF_ERROR(CheckDuplicateLabelsets(out.vector));
    return out;
  }

  if (name == "time") {
    out.type = ValueType::kScalar;
    out.scalar = static_cast<double>(t_ms) / 1000;
    return out;
  }
  if (name == "pi") {
    out.type = ValueType::kScalar;
    out.scalar = M_PI;
    return out;
  }
  if (IsDateFunction(name) && call.args.empty()) {
    out.vector.push_back({{}, t_ms, DateField(name, static_cast<double>(t_ms) / 1000)});
    return out;
  }

  // Every other function: evaluate the arguments.
  std::vector<Value> args;
  for (const auto& arg : call.args) {
    GT_ASSIGN_OR_RETURN(Value v, Eval(*arg, t_ms));
    args.push_back(std::move(v));
  }

  if (name == "vector") {
    out.vector.push_back({{}, t_ms, args[0].scalar});
    return out;
  }
  if (name == "scalar") {
    out.type = ValueType::kScalar;
    out.scalar = args[0].vector.size() == 1 ? args[0].vector[0].v : NAN;
    return out;
  }
  if (name == "absent") {
    if (args[0].vector.empty()) out.vector.push_back({AbsentLabels(*call.args[0]), t_ms, 1});
    return out;
  }
  Vector& vec = args[0].vector;
  if (name == "sort" || name == "sort_desc") {
    bool desc = name == "sort_desc";
    std::stable_sort(vec.begin(), vec.end(), [&](const InstantSample& a, const InstantSample& b) {
      // NaN sorts last in both directions.
      if (std::isnan(a.v)) return false;
      if (std::isnan(b.v)) return true;
      return desc ? a.v > b.v : a.v < b.v;
    });
    out.vector = std::move(vec);
    return out;
  }
  if (name == "sort_by_label" || name == "sort_by_label_desc") {
    bool desc = name == "sort_by_label_desc";
    std::vector<std::string> names;
    for (size_t i = 1; i < args.size(); ++i) names.push_back(args[i].string);
    std::stable_sort(vec.begin(), vec.end(), [&](const InstantSample& a, const InstantSample& b) {
      for (const auto& n : names) {
        std::string_view x = GetLabel(a.labels, n), y = GetLabel(b.labels, n);
        if (x != y) return desc ? NaturalLess(y, x) : NaturalLess(x, y);
      }
      return desc ? a.labels > b.labels : a.labels < b.labels;
    });
    out.vector = std::move(vec);
    return out;
  }
  if (name == "label_replace") {
    const std::string& dst = args[1].string;
    const std::string& repl = args[2].string;
    const std::string& src = args[3].string;
    re2::RE2 re("^(?s:" + args[4].string + ")$", re2::RE2::Quiet);
    if (!re.ok()) {
      return Status::InvalidArguments("invalid regular expression in label_replace(): {}",
                                      args[4].string);
    }
    if (!ValidLabelName(dst)) {
      return Status::InvalidArguments("invalid destination label name in label_replace(): {}",
                                      dst);
    }
    std::vector<re2::StringPiece> groups(re.NumberOfCapturingGroups() + 1);
    for (auto& s : vec) {
      std::string value(GetLabel(s.labels, src));
      if (re.Match(value, 0, value.size(), re2::RE2::UNANCHORED, groups.data(),
                   static_cast<int>(groups.size()))) {
        std::string res = ExpandTemplate(repl, re, groups);
        SetLabel(s.labels, dst, res);
      }
    }
    GT_RETURN_IF_ERROR(CheckDuplicateLabelsets(vec));
    out.vector = std::move(vec);
    return out;
  }
  if (name == "label_join") {
    const std::string& dst = args[1].string;
    const std::string& sep = args[2].string;
    if (!ValidLabelName(dst)) {
      return Status::InvalidArguments("invalid destination label name in label_join(): {}", dst);
    }
    for (auto& s : vec) {
      std::string joined;
      for (size_t i = 3; i < args.size(); ++i) {
        if (i > 3) joined += sep;
        joined += GetLabel(s.labels, args[i].string);
      }
      SetLabel(s.labels, dst, joined);
    }
    GT_RETURN_IF_ERROR(CheckDuplicateLabelsets(vec));
    out.vector = std::move(vec);
    return out;
  }
  if (name == "histogram_quantile") {
    double q = args[0].scalar;
    out.vector = HistogramOverBuckets(
        args[1].vector, [q](std::vector<Bucket> b) { return BucketQuantile(q, std::move(b)); });
    GT_RETURN_IF_ERROR(CheckDuplicateLabelsets(out.vector));
    return out;
  }
  if (name == "histogram_fraction") {
    double lo = args[0].scalar, hi = args[1].scalar;
    out.vector = HistogramOverBuckets(args[2].vector, [lo, hi](std::vector<Bucket> b) {
      return BucketFraction(lo, hi, std::move(b));
    });
    GT_RETURN_IF_ERROR(CheckDuplicateLabelsets(out.vector));
    return out;
  }
  if (name == "histogram_count" || name == "histogram_sum" || name == "histogram_avg" ||
      name == "histogram_stddev" || name == "histogram_stdvar") {
    return out;  // float samples are ignored; native histograms are not supported
  }

  // Element-wise functions; all drop the metric name.
  std::function<std::optional<double>(const InstantSample&)> fn;
  if (auto mf = MathFunctions().find(name); mf != MathFunctions().end()) {
    auto f = mf->second;
    fn = [f](const InstantSample& s) { return f(s.v); };
  } else if (name == "timestamp") {
    const Expr* a = call.args[0].get();
    while (a->Is<ParenExpr>()) a = a->As<ParenExpr>().expr.get();
    bool raw = a->Is<VectorSelector>();
    fn = [raw, t_ms](const InstantSample& s) {
      return static_cast<double>(raw ? s.t_ms : t_ms) / 1000;
    };
  } else if (IsDateFunction(name)) {
    fn = [name](const InstantSample& s) { return DateField(name, s.v); };
  } else if (name == "clamp") {
    double lo = args[1].scalar, hi = args[2].scalar;
    if (hi < lo) return out;
    fn = [lo, hi](const InstantSample& s) { return GoMax(lo, GoMin(hi, s.v)); };
  } else if (name == "clamp_max") {
    double hi = args[1].scalar;
    fn = [hi](const InstantSample& s) { return GoMin(s.v, hi); };
  } else if (name == "clamp_min") {
    double lo = args[1].scalar;
    fn = [lo](const InstantSample& s) { return GoMax(s.v, lo); };
  } else if (name == "round") {
    double to_nearest = args.size() > 1 ? args[1].scalar : 1.0;
    double inv = 1.0 / to_nearest;
    fn = [inv](const InstantSample& s) { return std::floor(s.v * inv + 0.5) / inv; };
  } else {
    return Status::Unsupported("function \"{}\" is not supported", name);
  }
  for (auto& s : vec) {
    std::optional<double> v = fn(s);
    if (!v) continue;
    DropMetricName(s.labels);
    out.vector.push_back({std::move(s.labels), t_ms, *v});
  }
  GT_RETURN_IF_ERROR(CheckDuplicateLabelsets(out.vector));
  return out;
}

}  // namespace greptime::promql::internal
