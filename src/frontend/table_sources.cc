// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "frontend/table_sources.h"

#include <algorithm>
#include <future>

#include "query/exec/expr.h"
#include "query/plan/planner.h"
#include "query/sql/parser.h"
#include "types/column_builder.h"

namespace greptime::frontend {
namespace {

// The regions a scan must read: with a single-column partition rule and a filter that pins that
// column to a few values (`host = 'a'`, `host IN (...)`), only the partitions those values go
// to (each value to the first partition whose expression it satisfies, as writes route rows).
// Every region when the rule or the filters do not allow pruning.
std::vector<uint32_t> RegionsToScan(const catalog::TableInfo& info,
                                    const types::SchemaPtr& schema,
                                    const query::ScanHints& hints) {
  const std::vector<uint32_t>& all = info.region_numbers;
  if (!info.partition || info.partition->columns.size() != 1 || all.size() <= 1 ||
      info.partition->exprs.size() != all.size()) {
    return all;
  }
  const std::string& column = info.partition->columns[0];
  const query::TagFilterHint* filter = nullptr;
  for (const auto& f : hints.tag_filters) {
    if (f.column == column) filter = &f;
  }
  const types::ColumnSchema* cs = schema->FindColumn(column);
  if (filter == nullptr || cs == nullptr || filter->values.empty()) return all;
  auto values_schema = std::make_shared<types::Schema>(std::vector<types::ColumnSchema>{*cs});
  std::vector<std::vector<types::Value>> rows;
  for (const types::Value& v : filter->values) rows.push_back({v});
  auto values = types::RecordBatch::FromRows(values_schema, rows);
  if (!values.ok()) return all;
  std::vector<bool> assigned(rows.size(), false);
  std::vector<uint32_t> out;
  query::PlannerOptions opts;
  for (size_t i = 0; i < all.size(); ++i) {
    auto expr = query::sql::ParseExpression(info.partition->exprs[i]);
    if (!expr.ok()) return all;
    auto bound = query::BindExpression(**expr, *values_schema, opts);
    if (!bound.ok()) return all;
    auto selected = query::EvaluateSelection(**bound, *values);
    if (!selected.ok()) return all;
    bool any = false;
    for (uint32_t r : *selected) {
      if (!assigned[r]) {
        assigned[r] = true;
        any = true;
      }
    }
    if (any) out.push_back(all[i]);
  }
  return out;
}

class RegionTableSource final : public query::TableSource {
 public:
  RegionTableSource(catalog::TableInfoPtr info, datanode::RegionHandler& regions,
                    uint64_t memory_limit)
      : info_(std::move(info)), regions_(regions), schema_(TableSchemaOf(*info_)),
        memory_limit_(memory_limit) {}

  const types::SchemaPtr& schema() const override { return schema_; }

  Result<query::ExecNodePtr> Scan(const query::ScanHints& hints) override {
    std::vector<types::ColumnSchema> cols;
    std::vector<std::string> names;
    if (hints.projection.empty()) {
      for (const auto& c : schema_->columns()) {
        cols.push_back(c);
        names.push_back(c.name);
      }
    } else {
      for (size_t i : hints.projection) {
        cols.push_back(schema_->column(i));
        names.push_back(schema_->column(i).name);
      }
    }
    auto out_schema = std::make_shared<types::Schema>(cols);
    auto scan_region = [&](uint32_t region_number) -> Result<std::vector<types::RecordBatch>> {
      storage::ScanRequest req;
      req.region_id = storage::RegionId(info_->id, region_number);
      req.projection = names;
      req.time_start = hints.time_start;
      req.time_end = hints.time_end;
      for (const auto& f : hints.tag_filters) req.tag_predicates.push_back({f.column, f.values});
      req.limit = hints.limit;
      GT_ASSIGN_OR_RETURN(datanode::RegionResponse resp, regions_.Handle(req));
      std::vector<types::RecordBatch> out;
      if (!resp.scan) return out;
      for (auto& b : resp.scan->batches) {
        if (b.num_rows() == 0) continue;
        GT_ASSIGN_OR_RETURN(auto rb, types::RecordBatch::Make(out_schema, b.columns()));
        out.push_back(std::move(rb));
      }
      return out;
    };
    std::vector<types::RecordBatch> batches;
    const std::vector<uint32_t> rns = RegionsToScan(*info_, schema_, hints);
    if (rns.size() <= 1) {
      for (uint32_t rn : rns) {
        GT_ASSIGN_OR_RETURN(auto part, scan_region(rn));
        for (auto& b : part) batches.push_back(std::move(b));
      }
    } else {
      std::vector<std::future<Result<std::vector<types::RecordBatch>>>> futures;
      for (uint32_t rn : rns) {
        futures.push_back(std::async(std::launch::async, scan_region, rn));
      }
      Status first_error;
      for (auto& f : futures) {
        auto part = f.get();
        if (!part.ok()) {
          if (first_error.ok()) first_error = part.status();
          continue;
        }
        for (auto& b : *part) batches.push_back(std::move(b));
      }
      GT_RETURN_IF_ERROR(first_error);
    }
    if (memory_limit_ != 0) {
      size_t bytes = 0;
      for (const auto& b : batches) {
        for (const auto& c : b.columns()) bytes += c->MemoryBytes();
      }
      if (bytes > memory_limit_) {
        return Status::RuntimeResourcesExhausted(
            "Query memory limit exceeded: scanning table {} needs more than {} bytes "
            "(query.memory_pool_size); narrow the time range or the columns",
            info_->name, memory_limit_);
      }
    }
    return query::MakeValues(out_schema, std::move(batches));
  }

 private:
  catalog::TableInfoPtr info_;
  datanode::RegionHandler& regions_;
  types::SchemaPtr schema_;
  uint64_t memory_limit_;
};

class NumbersTableSource final : public query::TableSource {
 public:
  NumbersTableSource() {
    schema_ = std::make_shared<types::Schema>(std::vector<types::ColumnSchema>{
        {"number", types::DataType::UInt32(), false, types::SemanticType::kTag, {}, ""}});
  }
  const types::SchemaPtr& schema() const override { return schema_; }
  Result<query::ExecNodePtr> Scan(const query::ScanHints& hints) override {
    // As GreptimeDB: 100 rows, or as many as a pushed-down LIMIT asks for (capped).
    constexpr uint64_t kDefaultRows = 100, kMaxRows = 10'000'000;
    const uint64_t n = std::min<uint64_t>(hints.limit.value_or(kDefaultRows), kMaxRows);
    std::vector<uint32_t> values(n);
    for (uint32_t i = 0; i < n; ++i) values[i] = i;
    auto col = types::UInt32Column::Make(types::DataType::UInt32(), std::move(values));
    GT_ASSIGN_OR_RETURN(auto batch, types::RecordBatch::Make(schema_, {col}));
    return query::MakeValues(schema_, {batch});
  }

 private:
  types::SchemaPtr schema_;
};

}  // namespace

types::SchemaPtr TableSchemaOf(const catalog::TableInfo& info) {
  std::vector<types::ColumnSchema> cols;
  for (const auto& c : info.columns) cols.push_back(c.column_schema);
  return std::make_shared<types::Schema>(std::move(cols));
}

std::shared_ptr<query::TableSource> MakeRegionTableSource(catalog::TableInfoPtr info,
                                                          datanode::RegionHandler& regions,
                                                          uint64_t memory_limit) {
  return std::make_shared<RegionTableSource>(std::move(info), regions, memory_limit);
}

std::shared_ptr<query::TableSource> MakeNumbersTableSource() {
  return std::make_shared<NumbersTableSource>();
}

}  // namespace greptime::frontend
