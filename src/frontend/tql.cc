// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// TQL EVAL (start, end, step [, lookback]) <promql> [AS alias] (spec/promql.md §4): a PromQL
// range query whose series become SQL rows. Shapes of §4.3: a bare selector keeps the table's
// columns (value, time index, tags in declaration order); an aggregation gives its grouping
// tags, the time index and `<agg>(<table>.<field>)`; other vector expressions give the time
// index, a value column and the tags; scalar expressions give `time` and `value`.
#include <algorithm>
#include <cmath>
#include <set>

#include "common/strings.h"
#include "frontend/frontend_impl.h"
#include "frontend/promql_storage.h"
#include "promql/literals.h"
#include "promql/parser.h"
#include "types/column_builder.h"

namespace greptime::frontend {
namespace {

namespace sql = query::sql;
using types::DataType;
using types::Value;

Result<int64_t> TimeParamMs(const sql::Expr& expr, const query::PlannerOptions& options,
                            const QueryContext& ctx) {
  GT_ASSIGN_OR_RETURN(Value v, query::EvaluateConstant(expr, options));
  if (v.is_null()) return Status::InvalidArguments("TQL time parameter is NULL");
  if (v.type().is_timestamp()) {
    GT_ASSIGN_OR_RETURN(Value ms, v.CastTo(DataType::TimestampMillisecond()));
    return ms.AsTimestamp().value;
  }
  if (v.type().is_string()) {
    std::string text(v.AsBytes());
    char* end = nullptr;
    double seconds = std::strtod(text.c_str(), &end);
    if (!text.empty() && end == text.c_str() + text.size()) {
      return static_cast<int64_t>(std::llround(seconds * 1000));
    }
    GT_ASSIGN_OR_RETURN(Timestamp ts, ParseTimestamp(text, ctx.time_zone, TimeUnit::kMillisecond));
    return ts.value;
  }
  GT_ASSIGN_OR_RETURN(Value f, v.CastTo(DataType::Float64()));
  return static_cast<int64_t>(std::llround(f.AsFloat64() * 1000));
}

Result<int64_t> DurationParamMs(const sql::Expr& expr, const query::PlannerOptions& options) {
  GT_ASSIGN_OR_RETURN(Value v, query::EvaluateConstant(expr, options));
  if (v.is_null()) return Status::InvalidArguments("TQL step is NULL");
  if (v.type().is_string()) {
    std::string text(v.AsBytes());
    char* end = nullptr;
    double seconds = std::strtod(text.c_str(), &end);
    if (!text.empty() && end == text.c_str() + text.size()) {
      return static_cast<int64_t>(std::llround(seconds * 1000));
    }
    GT_ASSIGN_OR_RETURN(auto d, promql::ParseDuration(text));
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  }
  GT_ASSIGN_OR_RETURN(Value f, v.CastTo(DataType::Float64()));
  return static_cast<int64_t>(std::llround(f.AsFloat64() * 1000));
}

const promql::Expr* Unwrap(const promql::Expr* e) {
  while (e->Is<promql::ParenExpr>()) e = e->As<promql::ParenExpr>().expr.get();
  return e;
}

// The metric names an expression reads, and its selectors' matchers (for checks).
void CollectSelectors(const promql::Expr& e, std::vector<const promql::VectorSelector*>* out) {
  switch (e.kind) {
    case promql::ExprKind::kVectorSelector:
      out->push_back(&e.As<promql::VectorSelector>());
      return;
    case promql::ExprKind::kMatrixSelector:
      out->push_back(e.As<promql::MatrixSelector>().selector.get());
      return;
    case promql::ExprKind::kSubquery:
      return CollectSelectors(*e.As<promql::SubqueryExpr>().expr, out);
    case promql::ExprKind::kCall:
      for (const auto& a : e.As<promql::Call>().args) CollectSelectors(*a, out);
      return;
    case promql::ExprKind::kAggregate:
      CollectSelectors(*e.As<promql::AggregateExpr>().expr, out);
      if (e.As<promql::AggregateExpr>().param) {
        CollectSelectors(*e.As<promql::AggregateExpr>().param, out);
      }
      return;
    case promql::ExprKind::kBinary:
      CollectSelectors(*e.As<promql::BinaryExpr>().lhs, out);
      CollectSelectors(*e.As<promql::BinaryExpr>().rhs, out);
      return;
    case promql::ExprKind::kUnary:
      return CollectSelectors(*e.As<promql::UnaryExpr>().expr, out);
    case promql::ExprKind::kParen:
      return CollectSelectors(*e.As<promql::ParenExpr>().expr, out);
    default:
      return;
  }
}

struct OutColumn {
  types::ColumnSchema schema;
  enum class Source { kValue, kTime, kLabel } source;
  std::string label;
};

}  // namespace

Result<query::QueryOutput> Frontend::Impl::RunTql(const sql::TqlStatement& s, QueryContext& ctx) {
  const sql::Tql& tql = s.tql;
  if (tql.kind == sql::TqlKind::kAnalyze) {
    return Status::Unsupported("TQL ANALYZE is not supported yet");
  }
  const bool explain = tql.kind == sql::TqlKind::kExplain;
  if (!explain && (!tql.start || !tql.end || !tql.step)) {
    return Status::InvalidArguments(
        "Expected 3 or 4 expressions in TQL parameters (start, end, step, [lookback])");
  }
  query::PlannerOptions options = PlannerOptionsFor(ctx);
  // EXPLAIN without parameters uses (0, 0, '5m').
  int64_t start_ms = 0, end_ms = 0, step_ms = 300000;
  if (tql.start) {
    GT_ASSIGN_OR_RETURN(start_ms, TimeParamMs(*tql.start, options, ctx));
  }
  if (tql.end) {
    GT_ASSIGN_OR_RETURN(end_ms, TimeParamMs(*tql.end, options, ctx));
  }
  if (tql.step) {
    GT_ASSIGN_OR_RETURN(step_ms, DurationParamMs(*tql.step, options));
  }
  if (step_ms <= 0) return Status::InvalidArguments("TQL step must be positive");
  promql::EngineOptions engine;
  if (tql.lookback) {
    GT_ASSIGN_OR_RETURN(int64_t lookback_ms, DurationParamMs(*tql.lookback, options));
    engine.lookback_delta = std::chrono::milliseconds(lookback_ms);
  }
  auto parsed = promql::ParseExpr(tql.query);
  if (!parsed.ok()) return Status(StatusCode::kInvalidSyntax, parsed.status().message());
  const promql::Expr& expr = **parsed;
  std::vector<const promql::VectorSelector*> selectors;
  CollectSelectors(expr, &selectors);
  for (const auto* sel : selectors) {
    for (const auto& m : sel->matchers) {
      if (m.name() == promql::kMetricNameLabel && m.op() != promql::MatchOp::kEqual) {
        return Status::InvalidArguments("Matcher operator {} is not supported for __name__",
                                        promql::MatchOpString(m.op()));
      }
    }
  }
  if (explain) {
    // The plan as text (informational; spec/promql.md §4.5): the evaluation and what each
    // selector reads.
    std::string logical = fmt::format(
        "PromEval: range=[{}..{}], interval=[{}], lookback=[{}]\n  {}", start_ms, end_ms, step_ms,
        engine.lookback_delta.count(), expr.String());
    std::string physical = fmt::format(
        "PromEvaluator: steps={}, lookback=[{}]", (end_ms - start_ms) / step_ms + 1,
        engine.lookback_delta.count());
    for (const auto* sel : selectors) {
      physical += "\n  SeriesScan: " + sel->String() + " (time range and tag equalities pushed "
                  "into the region scans)";
    }
    auto text_column = [](std::vector<std::string> values) {
      std::vector<Value> v;
      for (auto& s : values) v.push_back(Value::String(std::move(s)));
      return *types::MakeColumn(DataType::String(), v);
    };
    auto schema = std::make_shared<types::Schema>(std::vector<types::ColumnSchema>{
        {"plan_type", DataType::String(), false, types::SemanticType::kField, {}, ""},
        {"plan", DataType::String(), false, types::SemanticType::kField, {}, ""}});
    GT_ASSIGN_OR_RETURN(auto batch,
                        types::RecordBatch::Make(
                            schema, {text_column({"logical_plan", "physical_plan"}),
                                     text_column({std::move(logical), std::move(physical)})}));
    return query::QueryOutput::Records(schema, {std::move(batch)});
  }
  PromStorage storage(catalog_, regions_, ctx);
  GT_ASSIGN_OR_RETURN(promql::QueryResult result,
                      promql::EvalRange(expr, start_ms, end_ms, step_ms, storage, engine));

  // The one table the expression reads, when there is one.
  std::set<std::string> metrics;
  for (const auto* sel : selectors) {
    for (const auto& m : sel->matchers) {
      if (m.name() == promql::kMetricNameLabel) metrics.insert(m.value());
    }
  }
  catalog::TableInfoPtr table;
  if (metrics.size() == 1) {
    auto t = catalog_.GetTable(ctx.catalog, ctx.database, *metrics.begin());
    if (t.ok()) table = *t;
  }
  const storage::ColumnMetadata* field = nullptr;
  if (table != nullptr) {
    for (const auto& c : table->columns) {
      if (c.column_schema.semantic_type == types::SemanticType::kField &&
          c.column_schema.type.is_numeric()) {
        bool allowed = true;
        for (const auto* sel : selectors) {
          for (const auto& m : sel->matchers) {
            if (m.name() == "__field__" && !m.Matches(c.column_schema.name)) allowed = false;
          }
        }
        if (allowed) {
          field = &c;
          break;
        }
      }
    }
  }
  auto col = [](std::string name, DataType type) {
    return types::ColumnSchema{std::move(name), type, true, types::SemanticType::kField, {}, ""};
  };
  std::vector<OutColumn> out;
  const promql::Expr* top = Unwrap(&expr);
  const bool scalar = expr.Type() == promql::ValueType::kScalar ||
                      expr.Type() == promql::ValueType::kString;
  if (scalar || table == nullptr || field == nullptr) {
    out.push_back({col("time", DataType::TimestampMillisecond()), OutColumn::Source::kTime, ""});
    out.push_back({col(tql.alias ? tql.alias->value : "value", DataType::Float64()),
                   OutColumn::Source::kValue, ""});
    if (!scalar && table == nullptr && metrics.empty()) {
      // A vector expression over no table (vector(1)): its labels follow.
      std::set<std::string> labels;
      for (const auto& series : result.matrix) {
        for (const auto& [k, v] : series.labels) labels.insert(k);
      }
      for (const auto& l : labels) {
        out.push_back({col(l, DataType::String()), OutColumn::Source::kLabel, l});
      }
    }
    if (!scalar && table == nullptr && !metrics.empty()) result.matrix.clear();
  } else if (top->Is<promql::VectorSelector>() && !tql.alias) {
    for (const auto& c : table->columns) {
      const types::ColumnSchema& cs = c.column_schema;
      if (cs.name == table->time_index) {
        out.push_back({col(cs.name, DataType::TimestampMillisecond()), OutColumn::Source::kTime, ""});
      } else if (&c == field) {
        out.push_back({col(cs.name, DataType::Float64()), OutColumn::Source::kValue, ""});
      } else if (cs.is_tag() && cs.name != "__table_id" && cs.name != "__tsid") {
        out.push_back({col(cs.name, DataType::String()), OutColumn::Source::kLabel, cs.name});
      }
    }
  } else {
    std::vector<std::string> tags;
    for (const auto& c : table->columns) {
      const types::ColumnSchema& cs = c.column_schema;
      if (cs.is_tag() && cs.name != "__table_id" && cs.name != "__tsid") tags.push_back(cs.name);
    }
    std::string value_name;
    bool count = false;
    if (top->Is<promql::AggregateExpr>()) {
      const auto& agg = top->As<promql::AggregateExpr>();
      std::vector<std::string> kept;
      for (const auto& t : tags) {
        bool listed =
            std::find(agg.grouping.begin(), agg.grouping.end(), t) != agg.grouping.end();
        if (listed != agg.without) kept.push_back(t);
      }
      tags = kept;
      count = agg.op == promql::AggregateOp::kCount || agg.op == promql::AggregateOp::kCountValues;
      value_name = fmt::format("{}({}.{})", promql::AggregateOpName(agg.op), table->name,
                               field->column_schema.name);
      if (tql.alias) value_name = tql.alias->value;
      if (tql.alias) {
        out.push_back({col(value_name, count ? DataType::Int64() : DataType::Float64()),
                       OutColumn::Source::kValue, ""});
      }
      for (const auto& t : tags) {
        out.push_back({col(t, DataType::String()), OutColumn::Source::kLabel, t});
      }
      out.push_back(
          {col(table->time_index, DataType::TimestampMillisecond()), OutColumn::Source::kTime, ""});
      if (!tql.alias) {
        out.push_back({col(value_name, count ? DataType::Int64() : DataType::Float64()),
                       OutColumn::Source::kValue, ""});
      }
    } else {
      value_name = tql.alias ? tql.alias->value : "value";
      if (tql.alias) {
        out.push_back({col(value_name, DataType::Float64()), OutColumn::Source::kValue, ""});
        for (const auto& t : tags) {
          out.push_back({col(t, DataType::String()), OutColumn::Source::kLabel, t});
        }
        out.push_back({col(table->time_index, DataType::TimestampMillisecond()),
                       OutColumn::Source::kTime, ""});
      } else {
        out.push_back({col(table->time_index, DataType::TimestampMillisecond()),
                       OutColumn::Source::kTime, ""});
        out.push_back({col(value_name, DataType::Float64()), OutColumn::Source::kValue, ""});
        for (const auto& t : tags) {
          out.push_back({col(t, DataType::String()), OutColumn::Source::kLabel, t});
        }
      }
    }
  }

  std::vector<types::ColumnSchema> schemas;
  std::vector<std::unique_ptr<types::ColumnBuilder>> builders;
  size_t rows = 0;
  for (const auto& s : result.matrix) rows += s.samples.size();
  for (const auto& c : out) {
    schemas.push_back(c.schema);
    builders.push_back(types::MakeColumnBuilder(c.schema.type, rows));
  }
  for (const auto& series : result.matrix) {
    for (const auto& sample : series.samples) {
      for (size_t i = 0; i < out.size(); ++i) {
        const OutColumn& c = out[i];
        Value v;
        switch (c.source) {
          case OutColumn::Source::kTime:
            v = Value::Timestamp(sample.t_ms, TimeUnit::kMillisecond);
            break;
          case OutColumn::Source::kValue:
            v = c.schema.type.is_integer() && std::isfinite(sample.v)
                    ? Value::Int64(static_cast<int64_t>(sample.v))
                    : Value::Float64(sample.v);
            break;
          case OutColumn::Source::kLabel:
            for (const auto& [k, val] : series.labels) {
              if (k == c.label) v = Value::String(val);
            }
            break;
        }
        GT_RETURN_IF_ERROR(builders[i]->Append(v));
      }
    }
  }
  std::vector<types::ColumnPtr> columns;
  for (auto& b : builders) columns.push_back(b->Finish());
  auto schema = std::make_shared<types::Schema>(std::move(schemas));
  GT_ASSIGN_OR_RETURN(auto batch, types::RecordBatch::Make(schema, std::move(columns)));
  return query::QueryOutput::Records(schema, {std::move(batch)});
}

}  // namespace greptime::frontend
