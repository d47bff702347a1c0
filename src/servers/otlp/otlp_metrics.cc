// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/otlp/otlp_metrics.h"

#include "servers/protobuf_wire.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <map>

#include <fmt/format.h>

namespace greptime::servers::otlp {
namespace {

using types::DataType;
using types::Value;

constexpr std::string_view kWhat = "Failed to decode OTLP metrics request";

Status Invalid(std::string_view what) {
  return Status(StatusCode::kInvalidArguments,
                fmt::format("Failed to decode OTLP metrics request: {}", what));
}


double AsDouble(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, 8);
  return d;
}

// Shortest decimal text without a trailing ".0": 2.0 -> "2", 0.5 -> "0.5", inf -> "inf".
std::string FloatText(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (std::isnan(v)) return "NaN";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  std::string s(buf, r.ptr);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

using Attrs = std::vector<std::pair<std::string, std::string>>;

// KeyValue{key=1, value=2 AnyValue{string=1,bool=2,int=3,double=4,array=5,kvlist=6,bytes=7}};
// only string, int and double values are kept.
Status DecodeAttribute(std::string_view b, Attrs& out) {
  ProtoReader r(b, kWhat);
  std::string key;
  std::optional<std::string> value;
  GT_RETURN_IF_ERROR(r.ForEach([&](uint32_t f, uint32_t w) -> Status {
    if (f == 1 && w == 2) {
      GT_ASSIGN_OR_RETURN(auto k, r.Bytes());
      key = std::string(k);
      return Status::OK();
    }
    if (f == 2 && w == 2) {
      GT_ASSIGN_OR_RETURN(auto any, r.Bytes());
      ProtoReader a(any, kWhat);
      return a.ForEach([&](uint32_t af, uint32_t aw) -> Status {
        if (af == 1 && aw == 2) {
          GT_ASSIGN_OR_RETURN(auto s, a.Bytes());
          value = std::string(s);
          return Status::OK();
        }
        if (af == 3 && aw == 0) {
          GT_ASSIGN_OR_RETURN(uint64_t v, a.Varint());
          value = std::to_string(static_cast<int64_t>(v));
          return Status::OK();
        }
        if (af == 4 && aw == 1) {
          GT_ASSIGN_OR_RETURN(uint64_t v, a.Fixed64());
          value = FloatText(AsDouble(v));
          return Status::OK();
        }
        return a.Skip(aw);
      });
    }
    return r.Skip(w);
  }));
  if (value) out.emplace_back(std::move(key), std::move(*value));
  return Status::OK();
}

struct Point {
  Attrs attrs;
  uint64_t time_ns = 0;
  double value = 0;                 // number points
  bool has_sum = false;
  double sum = 0;
  uint64_t count = 0;
  std::vector<uint64_t> bucket_counts;
  std::vector<double> bounds;
  std::vector<std::pair<double, double>> quantiles;
};

Result<Point> DecodePoint(std::string_view b, char kind) {
  Point p;
  ProtoReader r(b, kWhat);
  const uint32_t attr_field = kind == 'h' ? 9 : 7;
  GT_RETURN_IF_ERROR(r.ForEach([&](uint32_t f, uint32_t w) -> Status {
    if (f == attr_field && w == 2) {
      GT_ASSIGN_OR_RETURN(auto a, r.Bytes());
      return DecodeAttribute(a, p.attrs);
    }
    if (f == 3 && w == 1) {
      GT_ASSIGN_OR_RETURN(p.time_ns, r.Fixed64());
      return Status::OK();
    }
    if (kind == 'g' || kind == 's') {
      if (f == 4 && w == 1) {
        GT_ASSIGN_OR_RETURN(uint64_t v, r.Fixed64());
        p.value = AsDouble(v);
        return Status::OK();
      }
      if (f == 6 && w == 1) {
        GT_ASSIGN_OR_RETURN(uint64_t v, r.Fixed64());
        p.value = static_cast<double>(static_cast<int64_t>(v));
        return Status::OK();
      }
    } else {
      if (f == 4 && w == 1) {
        GT_ASSIGN_OR_RETURN(p.count, r.Fixed64());
        return Status::OK();
      }
      if (f == 5 && w == 1) {
        GT_ASSIGN_OR_RETURN(uint64_t v, r.Fixed64());
        p.sum = AsDouble(v);
        p.has_sum = true;
        return Status::OK();
      }
      if (kind == 'h' && (f == 6 || f == 7)) {
        auto push = [&](uint64_t v) {
          if (f == 6) p.bucket_counts.push_back(v);
          else p.bounds.push_back(AsDouble(v));
        };
        if (w == 1) {
          GT_ASSIGN_OR_RETURN(uint64_t v, r.Fixed64());
          push(v);
          return Status::OK();
        }
        if (w == 2) {
          GT_ASSIGN_OR_RETURN(auto packed, r.Bytes());
          if (packed.size() % 8 != 0) return Invalid("packed fixed64 field of bad length");
          for (size_t i = 0; i < packed.size(); i += 8) {
            uint64_t v;
            std::memcpy(&v, packed.data() + i, 8);
            push(v);
          }
          return Status::OK();
        }
      }
      if (kind == 'u' && f == 6 && w == 2) {
        GT_ASSIGN_OR_RETURN(auto qb, r.Bytes());
        ProtoReader q(qb, kWhat);
        double quantile = 0, value = 0;
        GT_RETURN_IF_ERROR(q.ForEach([&](uint32_t qf, uint32_t qw) -> Status {
          if ((qf == 1 || qf == 2) && qw == 1) {
            GT_ASSIGN_OR_RETURN(uint64_t v, q.Fixed64());
            (qf == 1 ? quantile : value) = AsDouble(v);
            return Status::OK();
          }
          return q.Skip(qw);
        }));
        p.quantiles.emplace_back(quantile, value);
        return Status::OK();
      }
    }
    return r.Skip(w);
  }));
  return p;
}

std::vector<std::string> SplitName(std::string_view name) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      cur.push_back(c);
    } else if (!cur.empty()) {
      parts.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) parts.push_back(cur);
  return parts;
}

std::string UnitWord(std::string_view u) {
  static const std::map<std::string_view, std::string_view> kUnits = {
      {"s", "seconds"},     {"ms", "milliseconds"}, {"us", "microseconds"}, {"ns", "nanoseconds"},
      {"min", "minutes"},   {"h", "hours"},         {"d", "days"},          {"By", "bytes"},
      {"KiBy", "kibibytes"}, {"MiBy", "mebibytes"}, {"GiBy", "gibibytes"},  {"TiBy", "tebibytes"},
      {"KBy", "kilobytes"}, {"MBy", "megabytes"},   {"GBy", "gigabytes"},   {"TBy", "terabytes"},
      {"m", "meters"},      {"V", "volts"},         {"A", "amperes"},       {"J", "joules"},
      {"W", "watts"},       {"g", "grams"},         {"Cel", "celsius"},     {"Hz", "hertz"},
      {"%", "percent"},     {"1", ""}};
  auto it = kUnits.find(u);
  if (it != kUnits.end()) return std::string(it->second);
  std::string out(u);
  for (char& c : out) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return out;
}

std::string PerWord(std::string_view u) {
  static const std::map<std::string_view, std::string_view> kPer = {
      {"s", "second"}, {"m", "minute"}, {"h", "hour"}, {"d", "day"},
      {"w", "week"},   {"mo", "month"}, {"y", "year"}};
  auto it = kPer.find(u);
  if (it != kPer.end()) return std::string(it->second);
  return UnitWord(u);
}

}  // namespace

std::string TranslateMetricName(std::string_view name, std::string_view unit, char kind,
                                bool monotonic, TranslationStrategy strategy) {
  if (strategy == TranslationStrategy::kNoTranslation) return std::string(name);
  const bool suffixes = strategy != TranslationStrategy::kUnderscoreEscapingWithoutSuffixes;
  std::vector<std::string> parts;
  if (strategy == TranslationStrategy::kNoUtf8EscapingWithSuffixes) {
    parts.push_back(std::string(name));
  } else {
    parts = SplitName(name);
  }
  auto has = [&](const std::string& p) {
    for (const auto& x : parts) {
      if (x == p) return true;
    }
    return false;
  };
  if (suffixes) {
    std::string u(unit);
    if (!u.empty() && u.find('{') == std::string::npos) {
      std::string main = u, per;
      size_t slash = u.find('/');
      if (slash != std::string::npos) {
        main = u.substr(0, slash);
        per = u.substr(slash + 1);
      }
      std::string w = UnitWord(main);
      if (!w.empty() && !has(w)) parts.push_back(w);
      if (!per.empty()) {
        std::string pw = PerWord(per);
        if (!has("per")) parts.push_back("per");
        if (!pw.empty()) parts.push_back(pw);
      }
    }
    if (kind == 's' && monotonic) {
      std::vector<std::string> kept;
      for (auto& p : parts) {
        if (p != "total") kept.push_back(p);
      }
      parts = kept;
      parts.push_back("total");
    }
    if (kind == 'g' && unit == "1") {
      std::vector<std::string> kept;
      for (auto& p : parts) {
        if (p != "ratio") kept.push_back(p);
      }
      parts = kept;
      parts.push_back("ratio");
    }
  }
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "_" : "") + parts[i];
  if (!out.empty() && std::isdigit(static_cast<unsigned char>(out[0]))) out = "_" + out;
  return out;
}

std::string TranslateLabelName(std::string_view name, TranslationStrategy strategy) {
  if (strategy == TranslationStrategy::kNoUtf8EscapingWithSuffixes ||
      strategy == TranslationStrategy::kNoTranslation) {
    return std::string(name);
  }
  std::string out(name);
  for (char& c : out) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  if (!out.empty() && std::isdigit(static_cast<unsigned char>(out[0]))) return "key_" + out;
  if (out.size() >= 1 && out[0] == '_' && (out.size() < 2 || out[1] != '_')) return "key" + out;
  return out;
}

Result<std::vector<frontend::RowInsertRequest>> MetricsToInserts(std::string_view body,
                                                                 const OtlpOptions& options) {
  static const std::set<std::string> kDefaultResourceAttrs = {
      "service.instance.id", "service.name", "service.namespace", "service.version",
      "cloud.availability_zone", "cloud.region", "container.name", "deployment.environment",
      "deployment.environment.name", "k8s.cluster.name", "k8s.container.name",
      "k8s.cronjob.name", "k8s.daemonset.name", "k8s.deployment.name", "k8s.job.name",
      "k8s.namespace.name", "k8s.pod.name", "k8s.replicaset.name", "k8s.statefulset.name"};
  struct Table {
    frontend::RowInsertRequest req;
    std::map<std::string, size_t> index;
  };
  std::map<std::string, Table> tables;
  std::vector<std::string> order;
  auto add_row = [&](const std::string& table, const Attrs& tags, uint64_t time_ns,
                     double value) {
    auto it = tables.find(table);
    if (it == tables.end()) {
      it = tables.emplace(table, Table{}).first;
      it->second.req.table = table;
      order.push_back(table);
    }
    Table& t = it->second;
    std::vector<std::pair<size_t, std::string>> cells;
    for (const auto& [k, v] : tags) {
      auto ci = t.index.find(k);
      if (ci == t.index.end()) {
        ci = t.index.emplace(k, t.req.columns.size()).first;
        t.req.columns.push_back({k, DataType::String(), types::SemanticType::kTag});
      }
      cells.emplace_back(ci->second, v);
    }
    if (t.index.count("greptime_timestamp") == 0) {
      t.index["greptime_timestamp"] = t.req.columns.size();
      t.req.columns.push_back({"greptime_timestamp", DataType::TimestampMillisecond(),
                               types::SemanticType::kTimestamp});
      t.index["greptime_value"] = t.req.columns.size();
      t.req.columns.push_back({"greptime_value", DataType::Float64(), types::SemanticType::kField});
    }
    std::vector<Value> row(t.req.columns.size());
    for (auto& [i, v] : cells) row[i] = Value::String(v);
    row[t.index["greptime_timestamp"]] =
        Value::Timestamp(static_cast<int64_t>(time_ns / 1000000), TimeUnit::kMillisecond);
    row[t.index["greptime_value"]] = Value::Float64(value);
    t.req.rows.push_back(std::move(row));
  };

  ProtoReader req(body, kWhat);
  GT_RETURN_IF_ERROR(req.ForEach([&](uint32_t f, uint32_t w) -> Status {
    if (!(f == 1 && w == 2)) return req.Skip(w);
    GT_ASSIGN_OR_RETURN(auto rm_bytes, req.Bytes());
    ProtoReader rm(rm_bytes, kWhat);
    Attrs resource;
    std::vector<std::string_view> scopes;
    GT_RETURN_IF_ERROR(rm.ForEach([&](uint32_t rf, uint32_t rw) -> Status {
      if (rf == 1 && rw == 2) {
        GT_ASSIGN_OR_RETURN(auto res, rm.Bytes());
        ProtoReader rr(res, kWhat);
        return rr.ForEach([&](uint32_t af, uint32_t aw) -> Status {
          if (af == 1 && aw == 2) {
            GT_ASSIGN_OR_RETURN(auto kv, rr.Bytes());
            return DecodeAttribute(kv, resource);
          }
          return rr.Skip(aw);
        });
      }
      if (rf == 2 && rw == 2) {
        GT_ASSIGN_OR_RETURN(auto s, rm.Bytes());
        scopes.push_back(s);
        return Status::OK();
      }
      return rm.Skip(rw);
    }));
    // Resource attributes kept as tags, plus job / instance.
    Attrs base;
    std::string job, instance;
    for (const auto& [k, v] : resource) {
      if (k == "service.name") job = v;
      if (k == "service.instance.id") instance = v;
      bool keep = options.promote_all_resource_attrs
                      ? options.ignore_resource_attrs.count(k) == 0
                      : (kDefaultResourceAttrs.count(k) > 0 || options.promote_resource_attrs.count(k) > 0);
      if (keep) base.emplace_back(TranslateLabelName(k, options.strategy), v);
    }
    if (!job.empty()) base.emplace_back("job", job);
    if (!instance.empty()) base.emplace_back("instance", instance);
    for (std::string_view sm_bytes : scopes) {
      ProtoReader sm(sm_bytes, kWhat);
      Attrs scope_tags = base;
      std::vector<std::string_view> metrics;
      GT_RETURN_IF_ERROR(sm.ForEach([&](uint32_t sf, uint32_t sw) -> Status {
        if (sf == 1 && sw == 2) {
          GT_ASSIGN_OR_RETURN(auto scope, sm.Bytes());
          if (!options.promote_scope_attrs) return Status::OK();
          ProtoReader sc(scope, kWhat);
          return sc.ForEach([&](uint32_t cf, uint32_t cw) -> Status {
            if ((cf == 1 || cf == 2) && cw == 2) {
              GT_ASSIGN_OR_RETURN(auto s, sc.Bytes());
              scope_tags.emplace_back(cf == 1 ? "otel_scope_name" : "otel_scope_version",
                                      std::string(s));
              return Status::OK();
            }
            if (cf == 3 && cw == 2) {
              GT_ASSIGN_OR_RETURN(auto kv, sc.Bytes());
              Attrs a;
              GT_RETURN_IF_ERROR(DecodeAttribute(kv, a));
              for (auto& [k, v] : a) {
                scope_tags.emplace_back("otel_scope_" + TranslateLabelName(k, options.strategy), v);
              }
              return Status::OK();
            }
            return sc.Skip(cw);
          });
        }
        if (sf == 2 && sw == 2) {
          GT_ASSIGN_OR_RETURN(auto m, sm.Bytes());
          metrics.push_back(m);
          return Status::OK();
        }
        return sm.Skip(sw);
      }));
      for (std::string_view m_bytes : metrics) {
        ProtoReader m(m_bytes, kWhat);
        std::string name, unit;
        char kind = 0;
        bool monotonic = false;
        std::vector<Point> points;
        GT_RETURN_IF_ERROR(m.ForEach([&](uint32_t mf, uint32_t mw) -> Status {
          if ((mf == 1 || mf == 3) && mw == 2) {
            GT_ASSIGN_OR_RETURN(auto s, m.Bytes());
            (mf == 1 ? name : unit) = std::string(s);
            return Status::OK();
          }
          char k = mf == 5 ? 'g' : mf == 7 ? 's' : mf == 9 ? 'h' : mf == 11 ? 'u' : 0;
          if (k == 0 || mw != 2) return m.Skip(mw);
          kind = k;
          GT_ASSIGN_OR_RETURN(auto data, m.Bytes());
          ProtoReader d(data, kWhat);
          return d.ForEach([&](uint32_t df, uint32_t dw) -> Status {
            if (df == 1 && dw == 2) {
              GT_ASSIGN_OR_RETURN(auto pb, d.Bytes());
              GT_ASSIGN_OR_RETURN(Point p, DecodePoint(pb, k));
              points.push_back(std::move(p));
              return Status::OK();
            }
            if (k == 's' && df == 3 && dw == 0) {
              GT_ASSIGN_OR_RETURN(uint64_t v, d.Varint());
              monotonic = v != 0;
              return Status::OK();
            }
            return d.Skip(dw);
          });
        }));
        if (kind == 0 || name.empty()) continue;  // exponential histograms etc. are ignored
        const std::string table = TranslateMetricName(name, unit, kind, monotonic, options.strategy);
        for (const Point& p : points) {
          Attrs tags = scope_tags;
          for (const auto& [k, v] : p.attrs) {
            std::string key = TranslateLabelName(k, options.strategy);
            bool replaced = false;
            for (auto& [tk, tv] : tags) {
              if (tk == key) {
                tv = v;
                replaced = true;
              }
            }
            if (!replaced) tags.emplace_back(key, v);
          }
          if (kind == 'g' || kind == 's') {
            add_row(table, tags, p.time_ns, p.value);
          } else if (kind == 'h') {
            uint64_t cumulative = 0;
            for (size_t i = 0; i < p.bucket_counts.size(); ++i) {
              cumulative += p.bucket_counts[i];
              Attrs bt = tags;
              bt.emplace_back("le", i < p.bounds.size() ? FloatText(p.bounds[i]) : "inf");
              add_row(table + "_bucket", bt, p.time_ns, static_cast<double>(cumulative));
            }
            if (p.has_sum) add_row(table + "_sum", tags, p.time_ns, p.sum);
            add_row(table + "_count", tags, p.time_ns, static_cast<double>(p.count));
          } else {
            for (const auto& [q, v] : p.quantiles) {
              Attrs qt = tags;
              qt.emplace_back("quantile", FloatText(q));
              add_row(table, qt, p.time_ns, v);
            }
            add_row(table + "_count", tags, p.time_ns, static_cast<double>(p.count));
            add_row(table + "_sum", tags, p.time_ns, p.sum);
          }
        }
      }
    }
    return Status::OK();
  }));
  std::vector<frontend::RowInsertRequest> out;
  for (const auto& name : order) {
    auto& t = tables[name];
    for (auto& row : t.req.rows) row.resize(t.req.columns.size());
    out.push_back(std::move(t.req));
  }
  return out;
}

}  // namespace greptime::servers::otlp
