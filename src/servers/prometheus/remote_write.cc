// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/prometheus/remote_write.h"

#include "servers/protobuf_wire.h"

#include <snappy.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include <fmt/format.h>

namespace greptime::servers::prometheus {
namespace {

using types::DataType;
using types::Value;

constexpr std::string_view kWhat = "Failed to decode prometheus remote request";

Status DecodeError(std::string_view what) {
  return Status(StatusCode::kInvalidArguments,
                fmt::format("Failed to decode prometheus remote request: {}", what));
}


Result<std::pair<std::string, std::string>> DecodeLabel(std::string_view b) {
  ProtoReader r(b, kWhat);
  std::pair<std::string, std::string> out;
  while (!r.done()) {
    GT_ASSIGN_OR_RETURN(uint64_t key, r.Varint());
    uint32_t field = static_cast<uint32_t>(key >> 3), wire = key & 7;
    if ((field == 1 || field == 2) && wire == 2) {
      GT_ASSIGN_OR_RETURN(auto v, r.Bytes());
      (field == 1 ? out.first : out.second) = std::string(v);
    } else {
      GT_RETURN_IF_ERROR(r.Skip(wire));
    }
  }
  return out;
}

Result<Sample> DecodeSample(std::string_view b) {
  ProtoReader r(b, kWhat);
  Sample s;
  while (!r.done()) {
    GT_ASSIGN_OR_RETURN(uint64_t key, r.Varint());
    uint32_t field = static_cast<uint32_t>(key >> 3), wire = key & 7;
    if (field == 1 && wire == 1) {
      GT_ASSIGN_OR_RETURN(s.value, r.Double());
    } else if (field == 2 && wire == 0) {
      GT_ASSIGN_OR_RETURN(uint64_t v, r.Varint());
      s.timestamp_ms = static_cast<int64_t>(v);
    } else {
      GT_RETURN_IF_ERROR(r.Skip(wire));
    }
  }
  return s;
}

bool ValidLabelName(std::string_view n) {
  if (n.empty()) return false;
  for (size_t i = 0; i < n.size(); ++i) {
    char c = n[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Result<std::vector<TimeSeries>> DecodeWriteRequest(std::string_view bytes) {
  std::vector<TimeSeries> out;
  ProtoReader r(bytes, kWhat);
  while (!r.done()) {
    GT_ASSIGN_OR_RETURN(uint64_t key, r.Varint());
    uint32_t field = static_cast<uint32_t>(key >> 3), wire = key & 7;
    if (field != 1 || wire != 2) {
      GT_RETURN_IF_ERROR(r.Skip(wire));
      continue;
    }
    GT_ASSIGN_OR_RETURN(auto ts_bytes, r.Bytes());
    ProtoReader t(ts_bytes, kWhat);
    TimeSeries ts;
    while (!t.done()) {
      GT_ASSIGN_OR_RETURN(uint64_t k, t.Varint());
      uint32_t f = static_cast<uint32_t>(k >> 3), w = k & 7;
      if (f == 1 && w == 2) {
        GT_ASSIGN_OR_RETURN(auto b, t.Bytes());
        GT_ASSIGN_OR_RETURN(auto label, DecodeLabel(b));
        ts.labels.push_back(std::move(label));
      } else if (f == 2 && w == 2) {
        GT_ASSIGN_OR_RETURN(auto b, t.Bytes());
        GT_ASSIGN_OR_RETURN(auto sample, DecodeSample(b));
        ts.samples.push_back(sample);
      } else if (f == 4 && w == 2) {
        ts.has_histograms = true;
        GT_RETURN_IF_ERROR(t.Skip(w));
      } else {
        GT_RETURN_IF_ERROR(t.Skip(w));
      }
    }
    out.push_back(std::move(ts));
  }
  return out;
}

Result<std::string> DecompressBody(std::string_view body, std::string_view encoding, size_t limit) {
  auto snappy_try = [&]() -> Result<std::string> {
    size_t n = 0;
    if (!snappy::GetUncompressedLength(body.data(), body.size(), &n)) {
      return DecodeError("invalid snappy body");
    }
    if (limit != 0 && n > limit) return DecodeError("decompressed body exceeds the body limit");
    std::string out;
    if (!snappy::Uncompress(body.data(), body.size(), &out)) return DecodeError("invalid snappy body");
    return out;
  };
  auto zstd_try = [&]() -> Result<std::string> {
    unsigned long long n = ZSTD_getFrameContentSize(body.data(), body.size());
    if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN) {
      return DecodeError("invalid zstd body");
    }
    if (limit != 0 && n > limit) return DecodeError("decompressed body exceeds the body limit");
    std::string out(static_cast<size_t>(n), '\0');
    size_t got = ZSTD_decompress(out.data(), out.size(), body.data(), body.size());
    if (ZSTD_isError(got)) return DecodeError("invalid zstd body");
    out.resize(got);
    return out;
  };
  if (encoding == "zstd") {
    auto r = zstd_try();
    if (r.ok()) return r;
    return snappy_try();
  }
  auto r = snappy_try();
  if (r.ok()) return r;
  auto z = zstd_try();
  if (z.ok()) return z;
  return r.status();
}

Result<std::vector<std::pair<std::string, std::vector<frontend::RowInsertRequest>>>>
SeriesToInserts(const std::vector<TimeSeries>& series, std::string_view physical_table) {
  struct Table {
    std::set<std::string> tags;
    std::vector<const TimeSeries*> series;
    std::string physical_table;
  };
  std::map<std::string, std::map<std::string, Table>> dbs;  // db -> table -> series
  std::vector<std::string> db_order;
  for (const auto& ts : series) {
    if (ts.has_histograms) {
      return DecodeError(
          "remote write v1 native histogram ingestion is unsupported; use remote write v2");
    }
    std::string name, db, physical;
    for (const auto& [k, v] : ts.labels) {
      if (!ValidLabelName(k)) return DecodeError(fmt::format("Invalid label name: `{}`", k));
      if (k == "__name__") name = v;
      if ((k == "x_greptime_physical_table" || k == "__physical_table__") && physical.empty()) {
        physical = v;
      }
      if (k == "x_greptime_database" || k == "__database__") {
        if (db.empty()) db = v;
      }
      if (k == "__schema__") db = v;
    }
    if (name.empty()) return DecodeError("a series has no __name__ label");
    auto& t = dbs[db][name];
    if (!physical_table.empty() && t.physical_table.empty()) {
      t.physical_table = physical.empty() ? std::string(physical_table) : physical;
    }
    for (const auto& [k, v] : ts.labels) {
      if (k == "__name__" || k == "x_greptime_database" || k == "__database__" ||
          k == "__schema__" || k == "x_greptime_physical_table" || k == "__physical_table__") {
        continue;
      }
      t.tags.insert(k);
    }
    t.series.push_back(&ts);
  }
  std::vector<std::pair<std::string, std::vector<frontend::RowInsertRequest>>> out;
  for (auto& [db, tables] : dbs) {
    std::vector<frontend::RowInsertRequest> inserts;
    for (auto& [name, t] : tables) {
      frontend::RowInsertRequest req;
      req.table = name;
      req.physical_table = t.physical_table;
      req.columns.push_back({"greptime_timestamp", DataType::TimestampMillisecond(),
                             types::SemanticType::kTimestamp});
      req.columns.push_back({"greptime_value", DataType::Float64(), types::SemanticType::kField});
      std::map<std::string, size_t> index;
      for (const auto& tag : t.tags) {
        index[tag] = req.columns.size();
        req.columns.push_back({tag, DataType::String(), types::SemanticType::kTag});
      }
      for (const TimeSeries* ts : t.series) {
        std::vector<Value> base(req.columns.size());
        for (const auto& [k, v] : ts->labels) {
          auto it = index.find(k);
          if (it != index.end()) base[it->second] = Value::String(v);
        }
        for (const auto& s : ts->samples) {
          std::vector<Value> row = base;
          row[0] = Value::Timestamp(s.timestamp_ms, TimeUnit::kMillisecond);
          row[1] = Value::Float64(s.value);
          req.rows.push_back(std::move(row));
        }
      }
      inserts.push_back(std::move(req));
    }
    out.emplace_back(db, std::move(inserts));
  }
  return out;
}

}  // namespace greptime::servers::prometheus
