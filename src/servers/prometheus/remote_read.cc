// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/prometheus/remote_read.h"

#include "servers/protobuf_wire.h"

#include <cstring>
#include <map>

#include <fmt/format.h>

namespace greptime::servers::prometheus {
namespace {

constexpr std::string_view kWhat = "Invalid prometheus remote request, msg";

Status Invalid(std::string_view msg) {
  return Status(StatusCode::kInvalidArguments,
                fmt::format("Invalid prometheus remote request, msg: {}", msg));
}


std::string SqlString(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "''";
    else out += c;
  }
  return out + "'";
}
std::string SqlIdent(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else out += c;
  }
  return out + "\"";
}

}  // namespace

Result<ReadRequest> DecodeReadRequest(std::string_view bytes) {
  ReadRequest req;
  ProtoReader r(bytes, kWhat);
  while (!r.done()) {
    GT_ASSIGN_OR_RETURN(uint64_t key, r.Varint());
    uint32_t field = static_cast<uint32_t>(key >> 3), wire = key & 7;
    if (field == 1 && wire == 2) {
      GT_ASSIGN_OR_RETURN(auto qb, r.Bytes());
      ProtoReader q(qb, kWhat);
      ReadQuery query;
      while (!q.done()) {
        GT_ASSIGN_OR_RETURN(uint64_t k, q.Varint());
        uint32_t f = static_cast<uint32_t>(k >> 3), w = k & 7;
        if ((f == 1 || f == 2) && w == 0) {
          GT_ASSIGN_OR_RETURN(uint64_t v, q.Varint());
          (f == 1 ? query.start_ms : query.end_ms) = static_cast<int64_t>(v);
        } else if (f == 3 && w == 2) {
          GT_ASSIGN_OR_RETURN(auto mb, q.Bytes());
          ProtoReader m(mb, kWhat);
          LabelMatcher matcher;
          while (!m.done()) {
            GT_ASSIGN_OR_RETURN(uint64_t mk, m.Varint());
            uint32_t mf = static_cast<uint32_t>(mk >> 3), mw = mk & 7;
            if (mf == 1 && mw == 0) {
              GT_ASSIGN_OR_RETURN(uint64_t t, m.Varint());
              if (t > 3) return Invalid(fmt::format("unknown matcher type {}", t));
              matcher.type = static_cast<LabelMatcher::Type>(t);
            } else if ((mf == 2 || mf == 3) && mw == 2) {
              GT_ASSIGN_OR_RETURN(auto s, m.Bytes());
              (mf == 2 ? matcher.name : matcher.value) = std::string(s);
            } else {
              GT_RETURN_IF_ERROR(m.Skip(mw));
            }
          }
          query.matchers.push_back(std::move(matcher));
        } else {
          GT_RETURN_IF_ERROR(q.Skip(w));
        }
      }
      req.queries.push_back(std::move(query));
    } else if (field == 2 && wire == 0) {
      GT_ASSIGN_OR_RETURN(uint64_t v, r.Varint());
      req.accepted_response_types.push_back(static_cast<int>(v));
    } else if (field == 2 && wire == 2) {
      GT_ASSIGN_OR_RETURN(auto packed, r.Bytes());
      ProtoReader p(packed, kWhat);
      while (!p.done()) {
        GT_ASSIGN_OR_RETURN(uint64_t v, p.Varint());
        req.accepted_response_types.push_back(static_cast<int>(v));
      }
    } else {
      GT_RETURN_IF_ERROR(r.Skip(wire));
    }
  }
  return req;
}

Result<std::string> QueryToWhere(const ReadQuery& query, std::string_view ts_column,
                                 std::string* table_out, std::string* database) {
  std::string table;
  int name_matchers = 0;
  std::vector<std::string> conds;
  for (const auto& m : query.matchers) {
    if (m.name == "__name__") {
      if (m.type == LabelMatcher::Type::kEq && !m.value.empty()) {
        table = m.value;
        ++name_matchers;
      }
      continue;
    }
    if (m.name == "x_greptime_database" || m.name == "__database__" || m.name == "__schema__") {
      if (m.type == LabelMatcher::Type::kEq && database != nullptr) *database = m.value;
      continue;
    }
    const std::string col = SqlIdent(m.name);
    switch (m.type) {
      case LabelMatcher::Type::kEq:
        conds.push_back(m.value.empty() ? fmt::format("({0} IS NULL OR {0} = '')", col)
                                        : fmt::format("{} = {}", col, SqlString(m.value)));
        break;
      case LabelMatcher::Type::kNeq:
        conds.push_back(m.value.empty()
                            ? fmt::format("({0} IS NOT NULL AND {0} != '')", col)
                            : fmt::format("({0} IS NULL OR {0} != {1})", col, SqlString(m.value)));
        break;
      case LabelMatcher::Type::kRe:
        conds.push_back(fmt::format("coalesce({}, '') ~ {}", col,
                                    SqlString("^(?:" + m.value + ")$")));
        break;
      case LabelMatcher::Type::kNre:
        conds.push_back(fmt::format("coalesce({}, '') !~ {}", col,
                                    SqlString("^(?:" + m.value + ")$")));
        break;
    }
  }
  if (name_matchers == 0) return Invalid("missing '__name__' label in timeseries");
  if (name_matchers > 1) {
    return Invalid("expected exactly one non-empty equality matcher for '__name__'");
  }
  if (table_out != nullptr) *table_out = table;
  std::string where = fmt::format("{0} >= {1} AND {0} <= {2}", SqlIdent(ts_column), query.start_ms,
                                  query.end_ms);
  for (const auto& c : conds) where += " AND " + c;
  return where;
}

Result<std::string> ExecuteRead(const ReadRequest& request, frontend::Frontend& frontend,
                                const frontend::QueryContext& base) {
  if (!request.accepted_response_types.empty()) {
    bool samples = false;
    for (int t : request.accepted_response_types) samples |= t == 0;
    if (!samples) return Invalid("only the SAMPLES response type is supported");
  }
  std::string response;
  for (const auto& query : request.queries) {
    std::string db, table;
    GT_RETURN_IF_ERROR(QueryToWhere(query, "", &table, &db).status());
    frontend::QueryContext ctx = base;
    if (!db.empty()) ctx.database = db;
    GT_ASSIGN_OR_RETURN(auto tinfo, frontend.catalog().GetTable(ctx.catalog, ctx.database, table));
    // The time index and the single Float64 field decide the sample columns.
    std::string ts_col = tinfo->time_index, value_col;
    std::vector<std::string> tags;
    for (const auto& c : tinfo->columns) {
      const auto& cs = c.column_schema;
      if (cs.is_tag()) tags.push_back(cs.name);
      else if (!cs.is_time_index() && cs.type == types::DataType::Float64()) {
        if (!value_col.empty()) return Invalid(fmt::format("table {} has more than one Float64 field", table));
        value_col = cs.name;
      }
    }
    if (value_col.empty()) return Invalid(fmt::format("table {} has no Float64 field", table));
    // Rewrite the projection with the table's own names.
    std::string cols;
    for (const auto& t : tags) cols += SqlIdent(t) + ", ";
    cols += SqlIdent(ts_col) + ", " + SqlIdent(value_col);
    GT_ASSIGN_OR_RETURN(std::string where, QueryToWhere(query, ts_col, nullptr, nullptr));
    std::string order;
    for (const auto& t : tags) order += SqlIdent(t) + ", ";
    order += SqlIdent(ts_col);
    std::string full =
        fmt::format("SELECT {} FROM {} WHERE {} ORDER BY {}", cols, SqlIdent(table), where, order);
    GT_ASSIGN_OR_RETURN(auto outputs, frontend.ExecuteSql(full, ctx));
    // Group rows into series.
    std::map<std::vector<std::pair<std::string, std::string>>, std::string> series;  // labels -> samples bytes
    for (const auto& b : outputs[0].batches) {
      for (size_t r = 0; r < b.num_rows(); ++r) {
        std::vector<std::pair<std::string, std::string>> labels;
        labels.emplace_back("__name__", table);
        for (size_t i = 0; i < tags.size(); ++i) {
          if (!b.column(i)->IsNull(r)) labels.emplace_back(tags[i], b.column(i)->GetValue(r).AsBytes());
        }
        auto ts = b.column(tags.size())->GetValue(r).CastTo(types::DataType::TimestampMillisecond());
        if (!ts.ok()) return ts.status();
        double v = b.column(tags.size() + 1)->IsNull(r)
                       ? 0
                       : b.column(tags.size() + 1)->GetValue(r).AsFloat64();
        std::string sample;
        PutDouble(sample, 1, v);
        PutVarint(sample, 2 << 3 | 0);
        PutVarint(sample, static_cast<uint64_t>(ts->AsTimestamp().value));
        PutBytes(series[labels], 2, sample);
      }
    }
    std::vector<std::pair<const std::vector<std::pair<std::string, std::string>>*, const std::string*>> ordered;
    for (const auto& [labels, samples] : series) ordered.emplace_back(&labels, &samples);
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
      if (a.first->size() != b.first->size()) return a.first->size() < b.first->size();
      return *a.first < *b.first;
    });
    std::string result;
    for (const auto& [labels, samples] : ordered) {
      std::string ts;
      for (const auto& [k, v] : *labels) {
        std::string label;
        PutBytes(label, 1, k);
        PutBytes(label, 2, v);
        PutBytes(ts, 1, label);
      }
      ts += *samples;
      PutBytes(result, 1, ts);
    }
    PutBytes(response, 1, result);
  }
  return response;
}

}  // namespace greptime::servers::prometheus
