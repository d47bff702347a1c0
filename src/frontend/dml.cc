// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// INSERT (VALUES and SELECT) and DELETE. Rows are validated and converted to the table's
// column types here, defaults are filled from the catalog, and the batch is split by the
// partition rule before each region's share is written. A statement's rows either pass every
// check or none is written.
#include "frontend/frontend_impl.h"
#include "common/strings.h"
#include "query/plan/planner.h"
#include "query/sql/parser.h"
#include "types/column_builder.h"

namespace greptime::frontend {

using query::QueryOutput;
namespace sql = query::sql;
using types::DataType;
using types::Value;

namespace {

Result<Value> DefaultOf(const types::ColumnSchema& c, const std::string& table) {
  if (c.default_value.is_constant()) return c.default_value.constant();
  if (c.default_value.is_function()) {
    const std::string& fn = c.default_value.function();
    if (fn == "now()" || fn == "current_timestamp()" || fn == "current_timestamp" ||
        fn == "localtimestamp()" || fn == "localtimestamp") {
      Timestamp now = Clock::System().Now();
      Value v = Value::Timestamp(now.value, now.unit);
      return v.CastTo(c.type);
    }
    return Status(StatusCode::kUnsupported,
                  fmt::format("Unsupported default function {} of column {}", fn, c.name));
  }
  if (c.nullable && !c.is_time_index()) return Value();
  return Status::InvalidArguments("Column {} in table {} has no default value and is not nullable",
                                  c.name, table);
}

Result<Value> ConvertValue(const Value& v, const types::ColumnSchema& c, const TimeZone& zone,
                           const std::string& table) {
  if (v.is_null()) {
    if (!c.nullable || c.is_time_index()) {
      return Status::InvalidArguments("Column {} in table {} is not nullable but got NULL",
                                      c.name, table);
    }
    return Value();
  }
  if (v.type() == c.type) return v;
  auto cast = v.CastTo(c.type, zone);
  if (!cast.ok()) {
    return Status::InvalidArguments("Failed to insert value into column {}: {}", c.name,
                                    cast.status().message());
  }
  return *cast;
}

}  // namespace

Result<uint64_t> Frontend::Impl::WriteRows(const catalog::TableInfo& info,
                                           const types::RecordBatch& rows, storage::OpType op,
                                           const QueryContext& ctx,
                                           std::vector<storage::WriteRequest>* defer) {
  if (rows.num_rows() == 0) return uint64_t{0};
  GT_RETURN_IF_ERROR(CheckWritable(info));
  std::vector<std::pair<uint32_t, types::RecordBatch>> parts;
  if (!info.partition || info.partition->exprs.empty() || info.region_numbers.size() <= 1) {
    parts.emplace_back(info.region_numbers.empty() ? 0 : info.region_numbers[0], rows);
  } else {
    query::PlannerOptions opts = PlannerOptionsFor(ctx);
    std::vector<bool> assigned(rows.num_rows(), false);
    for (size_t i = 0; i < info.partition->exprs.size() && i < info.region_numbers.size(); ++i) {
      GT_ASSIGN_OR_RETURN(auto expr, sql::ParseExpression(info.partition->exprs[i]));
      GT_ASSIGN_OR_RETURN(auto bound, query::BindExpression(*expr, *rows.schema(), opts));
      GT_ASSIGN_OR_RETURN(auto selected, query::EvaluateSelection(*bound, rows));
      std::vector<uint32_t> take;
      for (uint32_t r : selected) {
        if (!assigned[r]) {
          assigned[r] = true;
          take.push_back(r);
        }
      }
      if (take.empty()) continue;
      GT_ASSIGN_OR_RETURN(auto part, query::TakeRows(rows, take));
      parts.emplace_back(info.region_numbers[i], std::move(part));
    }
    for (size_t r = 0; r < assigned.size(); ++r) {
      if (!assigned[r]) {
        return Status::InvalidArguments(
            "Row {} of the write to table {} matches no partition of the table", r, info.name);
      }
    }
  }
  uint64_t total = 0;
  for (auto& [rn, batch] : parts) {
    storage::WriteRequest req;
    req.region_id = storage::RegionId(info.id, rn);
    req.op_type = op;
    req.rows = std::move(batch);
    if (defer != nullptr) {
      total += req.rows.num_rows();
      defer->push_back(std::move(req));
      continue;
    }
    GT_ASSIGN_OR_RETURN(auto resp, regions_.Handle(req));
    total += resp.affected_rows;
  }
  return total;
}

Result<QueryOutput> Frontend::Impl::RunInsert(const sql::InsertStatement& s, QueryContext& ctx) {
  TableName name = Resolve(s.table, ctx);
  if (AsciiLower(name.schema) == "information_schema") {
    return Status(StatusCode::kUnsupported, "information_schema is read-only");
  }
  GT_ASSIGN_OR_RETURN(auto info, catalog_.GetTable(name.catalog, name.schema, name.table));
  GT_RETURN_IF_ERROR(CheckWritable(*info));
  // Target columns.
  std::vector<size_t> targets;
  if (s.columns.empty()) {
    for (size_t i = 0; i < info->columns.size(); ++i) targets.push_back(i);
  } else {
    for (const auto& c : s.columns) {
      bool found = false;
      for (size_t i = 0; i < info->columns.size(); ++i) {
        if (info->columns[i].column_schema.name == c.value) {
          if (std::find(targets.begin(), targets.end(), i) != targets.end()) {
            return Status::InvalidArguments("Column {} is specified more than once", c.value);
          }
          targets.push_back(i);
          found = true;
          break;
        }
      }
      if (!found) {
        return Status(StatusCode::kTableColumnNotFound,
                      fmt::format("Column {} not found in table {}", c.value, name.table));
      }
    }
  }
  const size_t ncols = info->columns.size();
  std::vector<std::unique_ptr<types::ColumnBuilder>> builders;
  for (const auto& c : info->columns) {
    builders.push_back(types::MakeColumnBuilder(c.column_schema.type));
  }
  size_t nrows = 0;
  // Converts one row given for `targets` to the table's types, fills the other columns with
  // their defaults and appends it.
  auto append_row = [&](const std::vector<Value>& given) -> Status {
    std::vector<Value> full(ncols);
    std::vector<bool> set(ncols, false);
    for (size_t k = 0; k < targets.size(); ++k) {
      const auto& cs = info->columns[targets[k]].column_schema;
      GT_ASSIGN_OR_RETURN(full[targets[k]], ConvertValue(given[k], cs, ctx.time_zone, name.table));
      set[targets[k]] = true;
    }
    for (size_t i = 0; i < ncols; ++i) {
      if (set[i]) continue;
      const auto& cs = info->columns[i].column_schema;
      GT_ASSIGN_OR_RETURN(Value d, DefaultOf(cs, name.table));
      GT_ASSIGN_OR_RETURN(full[i], ConvertValue(d, cs, ctx.time_zone, name.table));
    }
    for (size_t i = 0; i < ncols; ++i) GT_RETURN_IF_ERROR(builders[i]->Append(full[i]));
    ++nrows;
    return Status::OK();
  };
  const auto* values = std::get_if<sql::Values>(&s.source->body->node);
  if (values != nullptr && !s.source->with && s.source->order_by.empty() && !s.source->limit) {
    query::PlannerOptions opts = PlannerOptionsFor(ctx);
    for (const auto& row : values->rows) {
      if (row.size() != targets.size()) {
        return Status::InvalidArguments(
            "Invalid SQL, error: column count mismatch, columns: {}, values: {}", targets.size(),
            row.size());
      }
      std::vector<Value> given(row.size());
      for (size_t k = 0; k < row.size(); ++k) {
        const auto* lit = row[k]->As<sql::Literal>();
        if (lit != nullptr && lit->kind == sql::LiteralKind::kDefault) {
          GT_ASSIGN_OR_RETURN(given[k], DefaultOf(info->columns[targets[k]].column_schema, name.table));
        } else {
          GT_ASSIGN_OR_RETURN(given[k], query::EvaluateConstant(*row[k], opts));
          const auto& cs = info->columns[targets[k]].column_schema;
          if (lit != nullptr && (lit->kind == sql::LiteralKind::kInteger ||
                                 lit->kind == sql::LiteralKind::kFloat) &&
              cs.type.is_string_like()) {
            // As GreptimeDB: a number literal is not a string value.
            return Status(StatusCode::kInvalidSyntax,
                          fmt::format("Failed to parse value: Fail to parse number {}, invalid "
                                      "column type: {}",
                                      lit->text, cs.type.Name()));
          }
        }
      }
      GT_RETURN_IF_ERROR(append_row(given));
    }
  } else {
    GT_ASSIGN_OR_RETURN(QueryOutput out, RunQuery(*s.source, ctx));
    if (out.schema->num_columns() != targets.size()) {
      return Status::InvalidArguments(
          "Columns and values number mismatch, columns: {}, values: {}", targets.size(),
          out.schema->num_columns());
    }
    for (const auto& b : out.batches) {
      for (size_t r = 0; r < b.num_rows(); ++r) {
        std::vector<Value> given(targets.size());
        for (size_t k = 0; k < targets.size(); ++k) given[k] = b.column(k)->GetValue(r);
        GT_RETURN_IF_ERROR(append_row(given));
      }
    }
  }
  if (nrows == 0) return QueryOutput::AffectedRows(0);
  std::vector<types::ColumnSchema> cols;
  std::vector<types::ColumnPtr> data;
  for (size_t i = 0; i < ncols; ++i) {
    cols.push_back(info->columns[i].column_schema);
    data.push_back(builders[i]->Finish());
  }
  GT_ASSIGN_OR_RETURN(auto batch, types::RecordBatch::Make(
                                      std::make_shared<types::Schema>(std::move(cols)), data));
  GT_ASSIGN_OR_RETURN(uint64_t n, WriteRows(*info, batch, storage::OpType::kPut, ctx));
  return QueryOutput::AffectedRows(n);
}

Result<QueryOutput> Frontend::Impl::RunDelete(const sql::DeleteStatement& s, QueryContext& ctx) {
  TableName name = Resolve(s.table, ctx);
  GT_ASSIGN_OR_RETURN(auto info, catalog_.GetTable(name.catalog, name.schema, name.table));
  // SELECT <keys> FROM t WHERE ... then delete those keys.
  std::string keys;
  for (const auto& c : info->columns) {
    const auto& cs = c.column_schema;
    if (!cs.is_tag() && !cs.is_time_index()) continue;
    if (!keys.empty()) keys += ", ";
    keys += sql::Ident(cs.name, '"').ToString();
  }
  std::string text = fmt::format("SELECT {} FROM {}.{}.{}", keys,
                                 sql::Ident(name.catalog, '"').ToString(),
                                 sql::Ident(name.schema, '"').ToString(),
                                 sql::Ident(name.table, '"').ToString());
  if (s.where) text += " WHERE " + sql::ToString(*s.where);
  GT_ASSIGN_OR_RETURN(auto st, sql::ParseOne(text));
  const auto* q = st.As<sql::QueryStatement>();
  if (q == nullptr) return Status::Internal("DELETE rewrite is not a query");
  GT_ASSIGN_OR_RETURN(QueryOutput out, RunQuery(*q->query, ctx));
  uint64_t total = 0;
  std::vector<types::ColumnSchema> cols;
  for (const auto& c : info->columns) {
    if (c.column_schema.is_tag() || c.column_schema.is_time_index()) cols.push_back(c.column_schema);
  }
  auto schema = std::make_shared<types::Schema>(cols);
  for (const auto& b : out.batches) {
    GT_ASSIGN_OR_RETURN(auto batch, types::RecordBatch::Make(schema, b.columns()));
    GT_ASSIGN_OR_RETURN(uint64_t n, WriteRows(*info, batch, storage::OpType::kDelete, ctx));
    total += n;
  }
  return QueryOutput::AffectedRows(total);
}

}  // namespace greptime::frontend
