// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "frontend/promql_storage.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "datanode/region_server.h"
#include "types/column.h"

namespace greptime::frontend {
namespace {

using promql::LabelMatcher;
using promql::MatchOp;

bool IsSpecial(const std::string& name) {
  return name == promql::kMetricNameLabel || name == "__field__" || name == "__database__" ||
         name == "__schema__";
}

bool IsInternalColumn(const std::string& name) { return name == "__table_id" || name == "__tsid"; }

// Milliseconds to the time index unit: [start, end] inclusive in ms → [lo, hi) in the unit.
std::pair<int64_t, int64_t> ToUnitRange(int64_t start_ms, int64_t end_ms, TimeUnit unit) {
  const int64_t factor = TimeUnitFactor(unit);
  auto clamp_mul = [](int64_t v, int64_t m) {
    if (v > std::numeric_limits<int64_t>::max() / m) return std::numeric_limits<int64_t>::max();
    if (v < std::numeric_limits<int64_t>::min() / m) return std::numeric_limits<int64_t>::min();
    return v * m;
  };
  if (factor >= 1000) {
    const int64_t m = factor / 1000;
    int64_t hi = clamp_mul(end_ms, m);
    hi = hi == std::numeric_limits<int64_t>::max() ? hi : hi + m;  // all of end_ms's unit ticks
    return {clamp_mul(start_ms, m), hi};
  }
  // Seconds: a second t covers [t*1000, t*1000+999] ms; keep those with t*1000 in range.
  return {FloorDiv(start_ms + 999, 1000), FloorDiv(end_ms, 1000) + 1};
}

int64_t ToMillis(int64_t value, TimeUnit unit) {
  const int64_t factor = TimeUnitFactor(unit);
  if (factor >= 1000) return FloorDiv(value, factor / 1000);
  if (value > std::numeric_limits<int64_t>::max() / 1000) return std::numeric_limits<int64_t>::max();
  if (value < std::numeric_limits<int64_t>::min() / 1000) return std::numeric_limits<int64_t>::min();
  return value * 1000;
}

// The field a selector reads: the first numeric field the __field__ matchers allow.
const storage::ColumnMetadata* ValueColumn(const catalog::TableInfo& table,
                                           const std::vector<LabelMatcher>& matchers) {
  for (const auto& c : table.columns) {
    const types::ColumnSchema& cs = c.column_schema;
    if (cs.semantic_type != types::SemanticType::kField || !cs.type.is_numeric()) continue;
    bool allowed = true;
    for (const auto& m : matchers) {
      if (m.name() == "__field__" && !m.Matches(cs.name)) allowed = false;
    }
    if (allowed) return &c;
  }
  return nullptr;
}

double AsDouble(const types::Column& column, size_t row) {
  if (const auto* f = column.As<types::Float64Column>()) return f->at(row);
  if (const auto* i = column.As<types::Int64Column>()) return static_cast<double>(i->at(row));
  auto cast = column.GetValue(row).CastTo(types::DataType::Float64());
  return cast.ok() && !cast->is_null() ? cast->AsFloat64()
                                       : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

Result<std::vector<catalog::TableInfoPtr>> PromStorage::Tables(
    const std::vector<LabelMatcher>& matchers) {
  std::string database = ctx_.database;
  const LabelMatcher* name = nullptr;
  for (const auto& m : matchers) {
    if (m.name() == "__database__" || m.name() == "__schema__") {
      if (m.op() != MatchOp::kEqual) {
        return Status::InvalidArguments("Matcher operator {} is not supported for {}",
                                        promql::MatchOpString(m.op()), m.name());
      }
      database = m.value();
    }
    if (m.name() == promql::kMetricNameLabel) name = &m;
  }
  catalog::CatalogManager& catalog = catalog_;
  std::vector<catalog::TableInfoPtr> tables;
  if (name != nullptr && name->op() == MatchOp::kEqual) {
    auto table = catalog.GetTable(ctx_.catalog, database, name->value());
    if (table.ok()) {
      tables.push_back(*table);
    } else if (table.status().code() != StatusCode::kTableNotFound &&
               table.status().code() != StatusCode::kDatabaseNotFound) {
      return table.status();
    }
    return tables;
  }
  auto all = catalog.ListTables(ctx_.catalog, database);
  if (!all.ok()) {
    if (all.status().code() == StatusCode::kDatabaseNotFound) return tables;
    return all.status();
  }
  for (const auto& t : *all) {
    // A physical metric table holds the rows of its logical tables: listing it would report
    // every series twice.
    if (t->engine == "metric" && t->options.raw.count("physical_metric_table") != 0) continue;
    if (name == nullptr || name->Matches(t->name)) tables.push_back(t);
  }
  return tables;
}

Result<std::vector<promql::Series>> PromStorage::Select(const std::vector<LabelMatcher>& matchers,
                                                        int64_t start_ms, int64_t end_ms) {
  std::vector<promql::Series> out;
  GT_ASSIGN_OR_RETURN(auto tables, Tables(matchers));
  // Several logical metric tables of one physical table (a selector without a metric name) are
  // read with one scan of the physical table instead of one scan per table.
  std::map<std::pair<std::string, std::string>, std::vector<catalog::TableInfoPtr>> by_physical;
  std::vector<catalog::TableInfoPtr> single;
  for (const auto& t : tables) {
    auto on = t->options.raw.find("on_physical_table");
    if (tables.size() > 1 && t->engine == "metric" && on != t->options.raw.end()) {
      by_physical[{t->schema, on->second}].push_back(t);
    } else {
      single.push_back(t);
    }
  }
  for (auto& [physical_name, logical] : by_physical) {
    auto physical = catalog_.GetTable(ctx_.catalog, physical_name.first, physical_name.second);
    if (logical.size() == 1 || !physical.ok()) {
      single.insert(single.end(), logical.begin(), logical.end());
      continue;
    }
    std::unordered_map<uint32_t, std::string> names;
    for (const auto& t : logical) names[t->id] = t->name;
    GT_RETURN_IF_ERROR(ScanInto(**physical, &names, matchers, start_ms, end_ms, &out));
  }
  for (const auto& table : single) {
    GT_RETURN_IF_ERROR(ScanInto(*table, nullptr, matchers, start_ms, end_ms, &out));
  }
  return out;
}

Status PromStorage::ScanInto(const catalog::TableInfo& info,
                             const std::unordered_map<uint32_t, std::string>* logical_names,
                             const std::vector<LabelMatcher>& matchers, int64_t start_ms,
                             int64_t end_ms, std::vector<promql::Series>* series_out) {
  std::vector<promql::Series>& out = *series_out;
  const catalog::TableInfo* table = &info;
  {
    if (table->time_index.empty() || table->region_numbers.empty()) return Status::OK();
    const storage::ColumnMetadata* ts = table->FindColumn(table->time_index);
    const storage::ColumnMetadata* value = ValueColumn(*table, matchers);
    if (ts == nullptr || value == nullptr) return Status::OK();

    // Tags are the String primary-key columns (the metric engine's internal ones excluded).
    std::vector<std::string> tags;
    for (const auto& c : table->columns) {
      const types::ColumnSchema& cs = c.column_schema;
      if (cs.is_tag() && !IsInternalColumn(cs.name)) tags.push_back(cs.name);
    }
    // Matchers on labels the table lacks see "": they decide for the whole table.
    bool possible = true;
    std::vector<const LabelMatcher*> label_matchers;
    storage::ScanRequest request;
    for (const auto& m : matchers) {
      if (IsSpecial(m.name())) continue;
      if (std::find(tags.begin(), tags.end(), m.name()) == tags.end()) {
        possible = possible && m.Matches("");
        continue;
      }
      label_matchers.push_back(&m);
      if (m.op() == MatchOp::kEqual && !m.value().empty()) {
        request.tag_predicates.push_back({m.name(), {types::Value::String(m.value())}});
      }
    }
    if (!possible) return Status::OK();
    request.projection = tags;
    request.projection.push_back(ts->column_schema.name);
    request.projection.push_back(value->column_schema.name);
    if (logical_names != nullptr) {
      // The physical table: rows of the selected logical tables only, told apart by __table_id.
      request.projection.push_back("__table_id");
      storage::TagPredicate by_table{"__table_id", {}};
      for (const auto& entry : *logical_names) {
        by_table.values.push_back(types::Value::UInt32(entry.first));
      }
      request.tag_predicates.push_back(std::move(by_table));
    }
    auto [lo, hi] = ToUnitRange(start_ms, end_ms, ts->column_schema.type.time_unit());
    request.time_start = lo;
    request.time_end = hi;

    std::unordered_map<std::string, size_t> index;  // tag values → position in `out`
    const size_t first = out.size();
    std::string key;
    for (uint32_t rn : table->region_numbers) {
      request.region_id = storage::RegionId(table->id, rn);
      auto response = regions_.Handle(request);
      if (!response.ok()) {
        if (response.status().code() == StatusCode::kTableColumnNotFound) break;
        return response.status();
      }
      if (!response->scan) continue;
      for (const types::RecordBatch& batch : response->scan->batches) {
        const size_t n = batch.num_rows();
        const auto& ts_col = *batch.column(tags.size());
        const auto& v_col = *batch.column(tags.size() + 1);
        const auto* ts_values = ts_col.As<types::TimestampColumn>();
        if (ts_values == nullptr) return Status::Internal("time index of {} has an odd layout", table->name);
        const types::Column* table_ids =
            logical_names != nullptr ? batch.column(tags.size() + 2).get() : nullptr;
        for (size_t r = 0; r < n; ++r) {
          if (v_col.IsNull(r)) continue;
          key.clear();
          const std::string* metric = &table->name;
          if (table_ids != nullptr) {
            auto id = table_ids->GetValue(r);
            auto name = id.is_null() ? logical_names->end() : logical_names->find(id.AsUInt32());
            if (name == logical_names->end()) continue;
            metric = &name->second;
            key.append(*metric);
            key.push_back('\xfe');
          }
          for (size_t t = 0; t < tags.size(); ++t) {
            const types::Column& c = *batch.column(t);
            if (c.IsNull(r)) {
              key.push_back('\0');
            } else {
              const auto* s = c.As<types::StringColumn>();
              std::string_view text = s != nullptr ? s->at(r) : std::string_view();
              key.push_back('\1');
              key.append(text);
            }
            key.push_back('\xff');
          }
          auto [it, inserted] = index.try_emplace(key, out.size());
          if (inserted) {
            promql::Series series;
            series.labels.emplace_back(std::string(promql::kMetricNameLabel), *metric);
            for (size_t t = 0; t < tags.size(); ++t) {
              const types::Column& c = *batch.column(t);
              const auto* s = c.As<types::StringColumn>();
              if (c.IsNull(r) || s == nullptr || s->at(r).empty()) continue;
              series.labels.emplace_back(tags[t], std::string(s->at(r)));
            }
            std::sort(series.labels.begin(), series.labels.end());
            out.push_back(std::move(series));
          }
          out[it->second].samples.push_back(
              {ToMillis(ts_values->at(r), ts_col.type().time_unit()), AsDouble(v_col, r)});
        }
      }
    }
    // Matchers other than pushed-down equalities, on the finished label sets.
    auto keep = [&](const promql::Series& series) {
      for (const LabelMatcher* m : label_matchers) {
        std::string_view v;
        for (const auto& [name, value] : series.labels) {
          if (name == m->name()) v = value;
        }
        if (!m->Matches(v)) return false;
      }
      return true;
    };
    auto begin = out.begin() + static_cast<std::ptrdiff_t>(first);
    out.erase(std::remove_if(begin, out.end(), [&](const promql::Series& s) { return !keep(s); }),
              out.end());
    for (auto it = out.begin() + static_cast<std::ptrdiff_t>(first); it != out.end(); ++it) {
      auto& samples = it->samples;
      if (!std::is_sorted(samples.begin(), samples.end(),
                          [](const auto& a, const auto& b) { return a.t_ms < b.t_ms; })) {
        std::stable_sort(samples.begin(), samples.end(),
                         [](const auto& a, const auto& b) { return a.t_ms < b.t_ms; });
      }
    }
  }
  return Status::OK();
}

Result<std::vector<promql::Labels>> PromStorage::SeriesLabels(
    const std::vector<LabelMatcher>& matchers, int64_t start_ms, int64_t end_ms) {
  GT_ASSIGN_OR_RETURN(auto series, Select(matchers, start_ms, end_ms));
  std::vector<promql::Labels> out;
  for (auto& s : series) {
    if (!s.samples.empty()) out.push_back(std::move(s.labels));
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::vector<std::string>> PromStorage::LabelNames(
    const std::vector<std::vector<LabelMatcher>>* selectors) {
  std::set<std::string> names = {std::string(promql::kMetricNameLabel)};
  std::vector<catalog::TableInfoPtr> tables;
  if (selectors == nullptr) {
    GT_ASSIGN_OR_RETURN(tables, Tables({}));
  } else {
    for (const auto& matchers : *selectors) {
      GT_ASSIGN_OR_RETURN(auto some, Tables(matchers));
      tables.insert(tables.end(), some.begin(), some.end());
    }
  }
  for (const auto& t : tables) {
    for (const auto& c : t->columns) {
      if (c.column_schema.is_tag() && !IsInternalColumn(c.column_schema.name)) {
        names.insert(c.column_schema.name);
      }
    }
  }
  return std::vector<std::string>(names.begin(), names.end());
}

Result<std::vector<std::string>> PromStorage::MetricNames() {
  GT_ASSIGN_OR_RETURN(auto tables, Tables({}));
  std::vector<std::string> out;
  for (const auto& t : tables) {
    if (t->engine == "metric" && t->options.raw.count("on_physical_table") != 0) {
      out.push_back(t->name);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace greptime::frontend
