// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Query planning: FROM (tables, joins, derived tables, CTEs), WHERE with scan pushdown,
// GROUP BY / aggregates, RANGE/ALIGN, window functions, projection, DISTINCT, set operations,
// ORDER BY, LIMIT.
#include "query/plan/planner.h"
#include "common/strings.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>

#include "query/plan/planner_impl.h"
#include "types/column_builder.h"

namespace greptime::query {
namespace plan_internal {
namespace {

using types::DataType;
using types::Value;


types::SchemaPtr MakeSchema(const std::vector<std::string>& names,
                            const std::vector<DataType>& types) {
  std::vector<types::ColumnSchema> cols;
  for (size_t i = 0; i < names.size(); ++i) cols.push_back({names[i], types[i], true, types::SemanticType::kField, {}, ""});
  return std::make_shared<types::Schema>(std::move(cols));
}

// One row, one hidden NULL column: the input of SELECT without FROM.
Result<std::pair<ExecNodePtr, Scope>> DummyInput() {
  auto schema = MakeSchema({"__dummy"}, {DataType::Null()});
  GT_ASSIGN_OR_RETURN(auto batch,
                      types::RecordBatch::Make(schema, {std::make_shared<types::NullColumn>(1)}));
  Scope scope;
  scope.columns.push_back({"", "__dummy", DataType::Null(), types::SemanticType::kField, false, true});
  return std::make_pair(MakeValues(schema, {batch}), std::move(scope));
}

// Walks every expression of a query (including subqueries) and calls `fn`.
void WalkQueryExprs(const sql::Query& q, const std::function<void(const sql::Expr&)>& fn);

void WalkExpr(const sql::Expr& e, const std::function<void(const sql::Expr&)>& fn) {
  fn(e);
  if (const auto* s = e.As<sql::SubqueryExpr>()) WalkQueryExprs(*s->query, fn);
  if (const auto* s = e.As<sql::InSubqueryExpr>()) WalkQueryExprs(*s->query, fn);
  if (const auto* s = e.As<sql::ExistsExpr>()) WalkQueryExprs(*s->query, fn);
  sql::ForEachChild(e, [&](const sql::Expr& c) { WalkExpr(c, fn); });
}

void WalkTableRef(const sql::TableRef& t, const std::function<void(const sql::Expr&)>& fn) {
  if (const auto* d = std::get_if<sql::DerivedTable>(&t.node)) WalkQueryExprs(*d->query, fn);
  if (const auto* j = std::get_if<sql::Join>(&t.node)) {
    WalkTableRef(*j->left, fn);
    WalkTableRef(*j->right, fn);
    if (j->on) WalkExpr(*j->on, fn);
  }
}

void WalkBody(const sql::QueryBody& body, const std::function<void(const sql::Expr&)>& fn) {
  if (const auto* s = std::get_if<sql::Select>(&body.node)) {
    for (const auto& i : s->items) WalkExpr(*i.expr, fn);
    for (const auto& t : s->from) WalkTableRef(*t, fn);
    if (s->where) WalkExpr(*s->where, fn);
    for (const auto& g : s->group_by) WalkExpr(*g, fn);
    if (s->having) WalkExpr(*s->having, fn);
    if (s->align) {
      for (const auto& b : s->align->by) WalkExpr(*b, fn);
    }
  } else if (const auto* so = std::get_if<sql::SetOperation>(&body.node)) {
    WalkBody(*so->left, fn);
    WalkBody(*so->right, fn);
  } else if (const auto* q = std::get_if<sql::QueryPtr>(&body.node)) {
    WalkQueryExprs(**q, fn);
  }
}

void WalkQueryExprs(const sql::Query& q, const std::function<void(const sql::Expr&)>& fn) {
  if (q.with) {
    for (const auto& c : q.with->ctes) {
      if (c.query) WalkQueryExprs(*c.query, fn);
    }
  }
  WalkBody(*q.body, fn);
  for (const auto& o : q.order_by) WalkExpr(*o.expr, fn);
}

bool IsAggregateCall(const sql::Expr& e, const FunctionRegistry& reg) {
  const auto* f = e.As<sql::FunctionCall>();
  if (f == nullptr || f->over) return false;
  return reg.FindAggregate(AsciiLower(f->name.ToPlainString())) != nullptr;
}

// Aggregate calls in `e` (not inside subqueries, not inside RANGE expressions when `skip_range`).
void CollectAggregates(const sql::Expr& e, const FunctionRegistry& reg,
                       std::vector<const sql::Expr*>& out, bool skip_range) {
  if (skip_range && e.Is<sql::RangeExpr>()) return;
  if (IsAggregateCall(e, reg)) {
    for (const auto* x : out) {
      if (Key(*x) == Key(e)) return;
    }
    out.push_back(&e);
    return;
  }
  if (const auto* f = e.As<sql::FunctionCall>(); f != nullptr && f->over) {
    // Aggregates inside a window's arguments/partition are computed before the window.
    for (const auto& a : f->args) CollectAggregates(*a, reg, out, skip_range);
    for (const auto& p : f->over->partition_by) CollectAggregates(*p, reg, out, skip_range);
    for (const auto& o : f->over->order_by) CollectAggregates(*o.expr, reg, out, skip_range);
    return;
  }
  sql::ForEachChild(e, [&](const sql::Expr& c) { CollectAggregates(c, reg, out, skip_range); });
}

void CollectWindows(const sql::Expr& e, std::vector<const sql::Expr*>& out) {
  if (const auto* f = e.As<sql::FunctionCall>(); f != nullptr && f->over) {
    for (const auto* x : out) {
      if (Key(*x) == Key(e)) return;
    }
    out.push_back(&e);
    return;
  }
  sql::ForEachChild(e, [&](const sql::Expr& c) { CollectWindows(c, out); });
}

void CollectRanges(const sql::Expr& e, std::vector<const sql::Expr*>& out) {
  if (e.Is<sql::RangeExpr>()) {
    for (const auto* x : out) {
      if (Key(*x) == Key(e)) return;
    }
    out.push_back(&e);
    return;
  }
  sql::ForEachChild(e, [&](const sql::Expr& c) { CollectRanges(c, out); });
}

// The constant value of each argument (NULL when not constant) into `constants`, and the
// ArgInfos a function's ReturnType takes (pointing into `constants`).
std::vector<ArgInfo> ArgInfos(const std::vector<ExprPtr>& args, std::vector<Value>& constants) {
  constants.clear();
  for (const auto& x : args) {
    const Value* v = LiteralValueOf(*x);
    constants.push_back(v ? *v : Value());
  }
  std::vector<ArgInfo> infos;
  for (size_t i = 0; i < args.size(); ++i) {
    infos.push_back({args[i]->type(), LiteralValueOf(*args[i]) ? &constants[i] : nullptr});
  }
  return infos;
}

struct Planned {
  ExecNodePtr node;
  Scope scope;
};

class QueryPlanner {
 public:
  explicit QueryPlanner(PlanState& state) : state_(state), binder_(state) {}

  Result<Planned> PlanQuery(const sql::Query& q);

 private:
  Result<Planned> PlanBody(const sql::QueryBody& body, const sql::Query* outer);
  Result<Planned> PlanSelect(const sql::Select& s, const sql::Query* outer);
  Result<Planned> PlanFrom(const sql::Select& s);
  Result<Planned> PlanTableRef(const sql::TableRef& t, const sql::Expr* where);
  Result<Planned> PlanBaseTable(const sql::BaseTable& t, const sql::Expr* where,
                                bool push_limit_ok);
  Result<Planned> PlanJoin(const sql::Join& j);
  Result<Planned> PlanValues(const sql::Values& v);
  Result<Planned> PlanSetOp(const sql::SetOperation& op);
  Result<Planned> PlanAggregate(const sql::Select& s, Planned in,
                                const std::vector<const sql::Expr*>& aggs,
                                const std::vector<sql::ExprPtr>& group_exprs);
  Result<Planned> PlanRange(const sql::Select& s, Planned in,
                            const std::vector<const sql::Expr*>& ranges);
  Result<Planned> PlanWindows(Planned in, const std::vector<const sql::Expr*>& windows,
                              const sql::Select& s);
  Result<AggregateSpec> BindAggregate(const sql::Expr& e, const Scope& scope);
  Result<Planned> ApplyOrderLimit(Planned p, const sql::Query& q);
  Result<std::optional<uint64_t>> EvalCount(const sql::Expr* e);
  void ExtractScanHints(const sql::Expr* where, const types::Schema& schema,
                        const std::string& qualifier, ScanHints& hints);

  PlanState& state_;
  Binder binder_;
  std::optional<uint64_t> pushed_limit_;  // LIMIT+OFFSET a simple scan may stop at
};

Result<std::optional<uint64_t>> QueryPlanner::EvalCount(const sql::Expr* e) {
  if (e == nullptr) return std::optional<uint64_t>();
  if (e->Is<sql::SubqueryExpr>()) {
    return Status(StatusCode::kPlanQuery,
                  "Failed to plan SQL: LIMIT/OFFSET must be a constant, not a subquery");
  }
  Scope empty;
  GT_ASSIGN_OR_RETURN(ExprPtr x, binder_.Bind(*e, empty));
  GT_ASSIGN_OR_RETURN(x, FoldConstant(x));
  const Value* v = LiteralValueOf(*x);
  if (v == nullptr || v->is_null()) return std::optional<uint64_t>();
  if (!v->type().is_integer()) {
    return Status(StatusCode::kPlanQuery,
                  fmt::format("Failed to plan SQL: LIMIT/OFFSET must be an integer, got {}",
                              v->type().Name()));
  }
  auto n = v->ToInt64();
  if (!n.has_value() || *n < 0) {
    return Status(StatusCode::kPlanQuery, "Failed to plan SQL: LIMIT/OFFSET must be a non-negative integer");
  }
  return std::optional<uint64_t>(static_cast<uint64_t>(*n));
}

Result<Planned> QueryPlanner::PlanQuery(const sql::Query& q) {
  if (state_.depth >= 64) {
    return Status(StatusCode::kPlanQuery, "Failed to plan SQL: the query is nested too deeply");
  }
  ++state_.depth;
  struct DepthGuard {
    int& d;
    ~DepthGuard() { --d; }
  } guard{state_.depth};
  bool pushed_ctes = false;
  if (q.with && q.with->recursive) {
    return Status(StatusCode::kUnsupported, "Failed to plan SQL: WITH RECURSIVE is not supported");
  }
  if (q.with) {
    std::map<std::string, const sql::Cte*> m;
    for (const auto& c : q.with->ctes) {
      if (m.count(c.name.value) > 0) {
        return Status(StatusCode::kPlanQuery,
                      fmt::format("Failed to plan SQL: WITH query name \"{}\" specified more than once",
                                  c.name.value));
      }
      if (c.tql) {
        return Status::Unsupported("Failed to plan SQL: TQL in a CTE is not supported yet");
      }
      m[c.name.value] = &c;
    }
    state_.ctes.push_back(std::move(m));
    pushed_ctes = true;
  }
  auto result = [&]() -> Result<Planned> {
    if (const auto* s = std::get_if<sql::Select>(&q.body->node)) {
      return PlanSelect(*s, &q);
    }
    GT_ASSIGN_OR_RETURN(Planned p, PlanBody(*q.body, nullptr));
    return ApplyOrderLimit(std::move(p), q);
  }();
  if (pushed_ctes) state_.ctes.pop_back();
  return result;
}

Result<Planned> QueryPlanner::PlanBody(const sql::QueryBody& body, const sql::Query* outer) {
  if (const auto* s = std::get_if<sql::Select>(&body.node)) return PlanSelect(*s, outer);
  if (const auto* so = std::get_if<sql::SetOperation>(&body.node)) return PlanSetOp(*so);
  if (const auto* v = std::get_if<sql::Values>(&body.node)) return PlanValues(*v);
  if (const auto* q = std::get_if<sql::QueryPtr>(&body.node)) {
    QueryPlanner sub(state_);
    return sub.PlanQuery(**q);
  }
  return Status::Unsupported("Failed to plan SQL: unsupported query body");
}

Result<Planned> QueryPlanner::ApplyOrderLimit(Planned p, const sql::Query& q) {
  GT_ASSIGN_OR_RETURN(auto limit, EvalCount(q.limit.get()));
  GT_ASSIGN_OR_RETURN(auto offset, EvalCount(q.offset.get()));
  if (!q.order_by.empty()) {
    std::vector<SortKey> keys;
    for (const auto& o : q.order_by) {
      ExprPtr e;
      if (const auto* lit = o.expr->As<sql::Literal>();
          lit != nullptr && lit->kind == sql::LiteralKind::kInteger) {
        int64_t n = lit->int_value;
        if (n < 1 || n > static_cast<int64_t>(p.scope.columns.size())) {
          return Status(StatusCode::kPlanQuery, "Failed to plan SQL: ORDER BY position out of range");
        }
        const auto& c = p.scope.columns[n - 1];
        e = Column(n - 1, c.type, c.name);
      } else {
        GT_ASSIGN_OR_RETURN(e, binder_.Bind(*o.expr, p.scope));
      }
      bool asc = o.asc.value_or(true);
      keys.push_back({e, asc, o.nulls_first.value_or(!asc)});
    }
    std::optional<uint64_t> topn;
    if (limit) topn = *limit + offset.value_or(0);
    p.node = MakeSort(std::move(p.node), std::move(keys), topn, state_.options.memory_limit);
  }
  if (limit || offset) p.node = MakeLimit(std::move(p.node), offset.value_or(0), limit);
  return p;
}

Result<Planned> QueryPlanner::PlanValues(const sql::Values& v) {
  if (v.rows.empty()) return Status(StatusCode::kPlanQuery, "Failed to plan SQL: empty VALUES");
  const size_t ncols = v.rows[0].size();
  GT_ASSIGN_OR_RETURN(auto dummy, DummyInput());
  std::vector<std::vector<ExprPtr>> rows;
  std::vector<DataType> types(ncols, DataType::Null());
  for (const auto& row : v.rows) {
    if (row.size() != ncols) {
      return Status(StatusCode::kPlanQuery,
                    "Failed to plan SQL: Inconsistent data length across values list");
    }
    std::vector<ExprPtr> bound;
    for (size_t i = 0; i < ncols; ++i) {
      GT_ASSIGN_OR_RETURN(ExprPtr e, binder_.Bind(*row[i], dummy.second));
      GT_ASSIGN_OR_RETURN(types[i], CommonType(types[i], e->type()));
      bound.push_back(e);
    }
    rows.push_back(std::move(bound));
  }
  std::vector<std::string> names;
  for (size_t i = 0; i < ncols; ++i) names.push_back(fmt::format("column{}", i + 1));
  auto schema = MakeSchema(names, types);
  std::vector<std::unique_ptr<types::ColumnBuilder>> builders;
  for (const auto& t : types) builders.push_back(types::MakeColumnBuilder(t, rows.size()));
  auto one = DummyInput();
  GT_ASSIGN_OR_RETURN(auto input_batches, CollectAll(*one->first));
  for (const auto& row : rows) {
    for (size_t i = 0; i < ncols; ++i) {
      GT_ASSIGN_OR_RETURN(auto col, row[i]->Evaluate(input_batches[0]));
      Value val = col->GetValue(0);
      if (!val.is_null() && !(val.type() == types[i])) {
        GT_ASSIGN_OR_RETURN(val, val.CastTo(types[i]));
      }
      GT_RETURN_IF_ERROR(builders[i]->Append(val));
    }
  }
  std::vector<types::ColumnPtr> cols;
  for (auto& b : builders) cols.push_back(b->Finish());
  GT_ASSIGN_OR_RETURN(auto batch, types::RecordBatch::Make(schema, std::move(cols)));
  Planned p;
  p.node = MakeValues(schema, {batch});
  for (size_t i = 0; i < ncols; ++i) p.scope.columns.push_back({"", names[i], types[i]});
  return p;
}

Result<Planned> QueryPlanner::PlanSetOp(const sql::SetOperation& op) {
  QueryPlanner lp(state_), rp(state_);
  GT_ASSIGN_OR_RETURN(Planned l, lp.PlanBody(*op.left, nullptr));
  GT_ASSIGN_OR_RETURN(Planned r, rp.PlanBody(*op.right, nullptr));
  const auto& ls = l.node->schema();
  const auto& rs = r.node->schema();
  if (ls->num_columns() != rs->num_columns()) {
    return Status(StatusCode::kPlanQuery,
                  fmt::format("Failed to plan SQL: {} queries have different number of columns",
                              op.op == sql::SetOpKind::kUnion ? "UNION" : "Set operation"));
  }
  std::vector<DataType> types;
  std::vector<std::string> names;
  bool lcast = false, rcast = false;
  for (size_t i = 0; i < ls->num_columns(); ++i) {
    GT_ASSIGN_OR_RETURN(DataType t, CommonType(ls->column(i).type, rs->column(i).type));
    lcast |= !(t == ls->column(i).type);
    rcast |= !(t == rs->column(i).type);
    types.push_back(t);
    names.push_back(ls->column(i).name);
  }
  auto cast_side = [&](Planned& p) -> Status {
    std::vector<ExprPtr> exprs;
    for (size_t i = 0; i < types.size(); ++i) {
      const auto& c = p.node->schema()->column(i);
      GT_ASSIGN_OR_RETURN(ExprPtr e, CastTo(Column(i, c.type, c.name), types[i]));
      exprs.push_back(e);
    }
    p.node = MakeProject(std::move(p.node), std::move(exprs), names);
    return Status::OK();
  };
  if (lcast) GT_RETURN_IF_ERROR(cast_side(l));
  if (rcast) GT_RETURN_IF_ERROR(cast_side(r));
  auto schema = MakeSchema(names, types);
  Planned out;
  for (size_t i = 0; i < names.size(); ++i) {
    out.scope.columns.push_back({"", names[i], types[i]});
  }
  const uint64_t mem = state_.options.memory_limit;
  if (op.op == sql::SetOpKind::kUnion) {
    std::vector<ExecNodePtr> children;
    children.push_back(std::move(l.node));
    children.push_back(std::move(r.node));
    out.node = MakeUnionAll(std::move(children), schema);
    if (op.quantifier != sql::SetQuantifier::kAll) {
      GT_ASSIGN_OR_RETURN(out.node, MakeDistinct(std::move(out.node), mem));
    }
    return out;
  }
  GT_ASSIGN_OR_RETURN(out.node,
                      MakeSetOperation(std::move(l.node), std::move(r.node),
                                       op.op == sql::SetOpKind::kIntersect ? SetOpKind::kIntersect
                                                                           : SetOpKind::kExcept,
                                       op.quantifier == sql::SetQuantifier::kAll, mem));
  return out;
}

void QueryPlanner::ExtractScanHints(const sql::Expr* where, const types::Schema& schema,
                                    const std::string& qualifier, ScanHints& hints) {
  if (where == nullptr) return;
  std::vector<const sql::Expr*> conjuncts;
  SplitConjuncts(*where, conjuncts);
  const types::ColumnSchema* ts = nullptr;
  for (const auto& c : schema.columns()) {
    if (c.is_time_index()) ts = &c;
  }
  auto column_of = [&](const sql::Expr& e) -> const types::ColumnSchema* {
    const auto* ref = e.As<sql::ColumnRef>();
    if (ref == nullptr) return nullptr;
    if (ref->parts.size() >= 2 && ref->parts[ref->parts.size() - 2].value != qualifier) {
      return nullptr;
    }
    for (const auto& c : schema.columns()) {
      if (c.name == ref->parts.back().value) return &c;
    }
    return nullptr;
  };
  auto constant = [&](const sql::Expr& e, const DataType& type) -> std::optional<Value> {
    Scope empty;
    auto bound = binder_.Bind(e, empty);
    if (!bound.ok()) return std::nullopt;
    auto folded = FoldConstant(*bound);
    if (!folded.ok()) return std::nullopt;
    const Value* v = LiteralValueOf(**folded);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (v->type() == type) return *v;
    Result<Value> cast = state_.options.function_context
                             ? v->CastTo(type, state_.options.function_context->time_zone)
                             : v->CastTo(type);
    if (!cast.ok()) return std::nullopt;
    return *cast;
  };
  auto narrow_start = [&](int64_t v) {
    if (!hints.time_start || v > *hints.time_start) hints.time_start = v;
  };
  auto narrow_end = [&](int64_t v) {
    if (!hints.time_end || v < *hints.time_end) hints.time_end = v;
  };
  for (const sql::Expr* c : conjuncts) {
    if (const auto* b = c->As<sql::BinaryExpr>()) {
      const sql::Expr* colside = b->left.get();
      const sql::Expr* valside = b->right.get();
      sql::BinaryOp op = b->op;
      const types::ColumnSchema* col = column_of(*colside);
      if (col == nullptr) {
        std::swap(colside, valside);
        col = column_of(*colside);
        switch (op) {
          case sql::BinaryOp::kLt: op = sql::BinaryOp::kGt; break;
          case sql::BinaryOp::kLtEq: op = sql::BinaryOp::kGtEq; break;
          case sql::BinaryOp::kGt: op = sql::BinaryOp::kLt; break;
          case sql::BinaryOp::kGtEq: op = sql::BinaryOp::kLtEq; break;
          default: break;
        }
      }
      if (col == nullptr) continue;
      if (col == ts) {
        auto v = constant(*valside, ts->type);
        if (!v) continue;
        int64_t x = v->AsTimestamp().value;
        switch (op) {
          case sql::BinaryOp::kGt: if (x < INT64_MAX) narrow_start(x + 1); break;
          case sql::BinaryOp::kGtEq: narrow_start(x); break;
          case sql::BinaryOp::kLt: narrow_end(x); break;
          case sql::BinaryOp::kLtEq: if (x < INT64_MAX) narrow_end(x + 1); break;
          case sql::BinaryOp::kEq:
            narrow_start(x);
            if (x < INT64_MAX) narrow_end(x + 1);
            break;
          default: break;
        }
      } else if (col->is_tag() && op == sql::BinaryOp::kEq && col->type.is_string()) {
        auto v = constant(*valside, col->type);
        if (!v) continue;
        hints.tag_filters.push_back({col->name, {*v}});
      }
    } else if (const auto* bt = c->As<sql::BetweenExpr>(); bt != nullptr && !bt->negated) {
      const types::ColumnSchema* col = column_of(*bt->operand);
      if (col == nullptr || col != ts) continue;
      auto lo = constant(*bt->low, ts->type);
      auto hi = constant(*bt->high, ts->type);
      if (lo) narrow_start(lo->AsTimestamp().value);
      if (hi && hi->AsTimestamp().value < INT64_MAX) narrow_end(hi->AsTimestamp().value + 1);
    } else if (const auto* in = c->As<sql::InListExpr>(); in != nullptr && !in->negated) {
      const types::ColumnSchema* col = column_of(*in->operand);
      if (col == nullptr || !col->is_tag() || !col->type.is_string()) continue;
      std::vector<Value> values;
      bool ok = true;
      for (const auto& item : in->list) {
        auto v = constant(*item, col->type);
        if (!v) {
          ok = false;
          break;
        }
        values.push_back(*v);
      }
      if (!ok) continue;
      hints.tag_filters.push_back({col->name, std::move(values)});
    }
  }
}

Result<Planned> QueryPlanner::PlanBaseTable(const sql::BaseTable& t, const sql::Expr* where,
                                            bool push_limit_ok) {
  const auto& parts = t.name.parts;
  std::string alias = t.alias ? t.alias->name.value : parts.back().value;
  // CTE reference.
  if (parts.size() == 1) {
    for (auto it = state_.ctes.rbegin(); it != state_.ctes.rend(); ++it) {
      auto found = it->find(parts[0].value);
      if (found == it->end()) continue;
      const sql::Cte* cte = found->second;
      if (state_.in_progress.count(cte) > 0) continue;  // not visible inside its own body
      QueryPlanner sub(state_);
      state_.in_progress.insert(cte);
      auto planned = sub.PlanQuery(*cte->query);
      state_.in_progress.erase(cte);
      GT_ASSIGN_OR_RETURN(Planned p, std::move(planned));
      for (auto& c : p.scope.columns) c.qualifier = alias;
      if (!cte->columns.empty()) {
        if (cte->columns.size() != p.scope.columns.size()) {
          return Status(StatusCode::kPlanQuery,
                        "Failed to plan SQL: CTE column count does not match its query");
        }
        for (size_t i = 0; i < cte->columns.size(); ++i) {
          p.scope.columns[i].name = cte->columns[i].value;
        }
      }
      if (t.alias && !t.alias->columns.empty()) {
        for (size_t i = 0; i < t.alias->columns.size() && i < p.scope.columns.size(); ++i) {
          p.scope.columns[i].name = t.alias->columns[i].value;
        }
      }
      p.scope.computed.clear();
      p.scope.input.reset();
      p.scope.input_to_output.clear();
      return p;
    }
  }
  std::string catalog = state_.options.catalog;
  std::string schema = state_.options.database;
  std::string table = parts.back().value;
  if (parts.size() == 2) {
    schema = parts[0].value;
  } else if (parts.size() >= 3) {
    catalog = parts[parts.size() - 3].value;
    schema = parts[parts.size() - 2].value;
  }
  GT_ASSIGN_OR_RETURN(auto source, state_.provider.GetTable(catalog, schema, table));
  const auto& tschema = *source->schema();
  ScanHints hints;
  if (!state_.wildcard) {
    for (size_t i = 0; i < tschema.num_columns(); ++i) {
      const auto& c = tschema.column(i);
      if (state_.referenced.count(c.name) > 0 || c.is_time_index() ||
          (state_.all_tags && c.is_tag())) {
        hints.projection.push_back(i);
      }
    }
    if (hints.projection.empty()) hints.projection.push_back(0);
  }
  ExtractScanHints(where, tschema, alias, hints);
  if (push_limit_ok && pushed_limit_) hints.limit = pushed_limit_;
  GT_ASSIGN_OR_RETURN(ExecNodePtr node, source->Scan(hints));
  Planned p;
  p.node = std::move(node);
  if (hints.projection.empty()) {
    for (size_t i = 0; i < tschema.num_columns(); ++i) hints.projection.push_back(i);
  }
  for (size_t i : hints.projection) {
    const auto& c = tschema.column(i);
    p.scope.columns.push_back({alias, c.name, c.type, c.semantic_type, true, false});
  }
  if (t.alias && !t.alias->columns.empty()) {
    for (size_t i = 0; i < t.alias->columns.size() && i < p.scope.columns.size(); ++i) {
      p.scope.columns[i].name = t.alias->columns[i].value;
    }
  }
  return p;
}

Result<Planned> QueryPlanner::PlanJoin(const sql::Join& j) {
  GT_ASSIGN_OR_RETURN(Planned l, PlanTableRef(*j.left, nullptr));
  GT_ASSIGN_OR_RETURN(Planned r, PlanTableRef(*j.right, nullptr));
  JoinKind kind = JoinKind::kInner;
  bool swap = false;
  switch (j.type) {
    case sql::JoinType::kInner: kind = JoinKind::kInner; break;
    case sql::JoinType::kLeft: kind = JoinKind::kLeft; break;
    case sql::JoinType::kRight: kind = JoinKind::kRight; break;
    case sql::JoinType::kFull: kind = JoinKind::kFull; break;
    case sql::JoinType::kCross: kind = JoinKind::kCross; break;
    case sql::JoinType::kLeftSemi: kind = JoinKind::kLeftSemi; break;
    case sql::JoinType::kLeftAnti: kind = JoinKind::kLeftAnti; break;
    case sql::JoinType::kRightSemi: kind = JoinKind::kLeftSemi; swap = true; break;
    case sql::JoinType::kRightAnti: kind = JoinKind::kLeftAnti; swap = true; break;
  }
  if (swap) std::swap(l, r);
  Scope combined;
  for (const auto& c : l.scope.columns) combined.columns.push_back(c);
  for (const auto& c : r.scope.columns) combined.columns.push_back(c);
  const size_t nl = l.scope.columns.size();
  std::vector<ExprPtr> lkeys, rkeys;
  ExprPtr residual;
  std::vector<size_t> hide_right;
  auto add_key = [&](ExprPtr a, ExprPtr b) -> Status {
    if (!(a->type() == b->type())) {
      GT_ASSIGN_OR_RETURN(DataType t, CommonType(a->type(), b->type()));
      GT_ASSIGN_OR_RETURN(a, CastTo(a, t));
      GT_ASSIGN_OR_RETURN(b, CastTo(b, t));
    }
    lkeys.push_back(a);
    rkeys.push_back(b);
    return Status::OK();
  };
  std::vector<std::string> using_cols;
  for (const auto& u : j.using_columns) using_cols.push_back(u.value);
  if (j.natural) {
    for (const auto& lc : l.scope.columns) {
      for (const auto& rc : r.scope.columns) {
        if (lc.name == rc.name && !lc.hidden) using_cols.push_back(lc.name);
      }
    }
  }
  for (const auto& name : using_cols) {
    std::vector<sql::Ident> parts{sql::Ident(name)};
    GT_ASSIGN_OR_RETURN(size_t li, binder_.ResolveIn(parts, l.scope));
    GT_ASSIGN_OR_RETURN(size_t ri, binder_.ResolveIn(parts, r.scope));
    GT_RETURN_IF_ERROR(add_key(Column(li, l.scope.columns[li].type, name),
                               Column(ri, r.scope.columns[ri].type, name)));
    hide_right.push_back(nl + ri);
  }
  if (j.on) {
    std::vector<const sql::Expr*> conj;
    SplitConjuncts(*j.on, conj);
    for (const sql::Expr* c : conj) {
      const auto* b = c->As<sql::BinaryExpr>();
      if (b != nullptr && b->op == sql::BinaryOp::kEq) {
        auto a1 = binder_.Bind(*b->left, l.scope);
        auto b1 = binder_.Bind(*b->right, r.scope);
        if (a1.ok() && b1.ok() && !IsConstLike(*a1) && !IsConstLike(*b1)) {
          GT_RETURN_IF_ERROR(add_key(*a1, *b1));
          continue;
        }
        auto a2 = binder_.Bind(*b->right, l.scope);
        auto b2 = binder_.Bind(*b->left, r.scope);
        if (a2.ok() && b2.ok() && !IsConstLike(*a2) && !IsConstLike(*b2)) {
          GT_RETURN_IF_ERROR(add_key(*a2, *b2));
          continue;
        }
      }
      GT_ASSIGN_OR_RETURN(ExprPtr e, binder_.Bind(*c, combined));
      if (residual) {
        GT_ASSIGN_OR_RETURN(residual, Binary(BinaryOp::kAnd, residual, e));
      } else {
        residual = e;
      }
    }
  }
  const uint64_t mem = state_.options.memory_limit;
  Planned out;
  if (!lkeys.empty()) {
    GT_ASSIGN_OR_RETURN(out.node, MakeHashJoin(std::move(l.node), std::move(r.node), kind,
                                               std::move(lkeys), std::move(rkeys), residual, mem));
  } else {
    if (kind == JoinKind::kCross) kind = JoinKind::kInner;
    GT_ASSIGN_OR_RETURN(out.node, MakeNestedLoopJoin(std::move(l.node), std::move(r.node), kind,
                                                     residual, mem));
  }
  if (kind == JoinKind::kLeftSemi || kind == JoinKind::kLeftAnti) {
    combined.columns.resize(nl);
  }
  for (size_t i : hide_right) {
    if (i < combined.columns.size()) combined.columns[i].hidden = true;
  }
  out.scope = std::move(combined);
  return out;
}

Result<Planned> QueryPlanner::PlanTableRef(const sql::TableRef& t, const sql::Expr* where) {
  if (const auto* b = std::get_if<sql::BaseTable>(&t.node)) {
    return PlanBaseTable(*b, where, where == nullptr);
  }
  if (const auto* d = std::get_if<sql::DerivedTable>(&t.node)) {
    QueryPlanner sub(state_);
    GT_ASSIGN_OR_RETURN(Planned p, sub.PlanQuery(*d->query));
    std::string alias = d->alias ? d->alias->name.value : "";
    Scope s;
    for (size_t i = 0; i < p.scope.columns.size(); ++i) {
      ScopeColumn c = p.scope.columns[i];
      c.qualifier = alias;
      if (d->alias && i < d->alias->columns.size()) c.name = d->alias->columns[i].value;
      s.columns.push_back(c);
    }
    p.scope = std::move(s);
    return p;
  }
  if (const auto* j = std::get_if<sql::Join>(&t.node)) return PlanJoin(*j);
  return Status::Unsupported("Failed to plan SQL: table functions are not supported");
}

Result<Planned> QueryPlanner::PlanFrom(const sql::Select& s) {
  if (s.from.empty()) {
    GT_ASSIGN_OR_RETURN(auto d, DummyInput());
    return Planned{std::move(d.first), std::move(d.second)};
  }
  const sql::Expr* where = s.where.get();
  if (s.from.size() == 1) return PlanTableRef(*s.from[0], where);
  // Comma joins: cross joins, with WHERE equalities between the two sides as hash keys.
  GT_ASSIGN_OR_RETURN(Planned acc, PlanTableRef(*s.from[0], nullptr));
  std::vector<const sql::Expr*> conj;
  if (where) SplitConjuncts(*where, conj);
  for (size_t i = 1; i < s.from.size(); ++i) {
    GT_ASSIGN_OR_RETURN(Planned r, PlanTableRef(*s.from[i], nullptr));
    std::vector<ExprPtr> lkeys, rkeys;
    for (const sql::Expr* c : conj) {
      const auto* b = c->As<sql::BinaryExpr>();
      if (b == nullptr || b->op != sql::BinaryOp::kEq) continue;
      auto try_pair = [&](const sql::Expr& x, const sql::Expr& y) -> bool {
        auto a = binder_.Bind(x, acc.scope);
        auto bb = binder_.Bind(y, r.scope);
        if (!a.ok() || !bb.ok() || IsConstLike(*a) || IsConstLike(*bb)) return false;
        auto t = CommonType((*a)->type(), (*bb)->type());
        if (!t.ok()) return false;
        auto ca = CastTo(*a, *t);
        auto cb = CastTo(*bb, *t);
        if (!ca.ok() || !cb.ok()) return false;
        lkeys.push_back(*ca);
        rkeys.push_back(*cb);
        return true;
      };
      if (!try_pair(*b->left, *b->right)) try_pair(*b->right, *b->left);
    }
    Scope combined = acc.scope;
    for (const auto& c : r.scope.columns) combined.columns.push_back(c);
    const uint64_t mem = state_.options.memory_limit;
    if (!lkeys.empty()) {
      GT_ASSIGN_OR_RETURN(acc.node, MakeHashJoin(std::move(acc.node), std::move(r.node),
                                                 JoinKind::kInner, std::move(lkeys),
                                                 std::move(rkeys), nullptr, mem));
    } else {
      GT_ASSIGN_OR_RETURN(acc.node, MakeNestedLoopJoin(std::move(acc.node), std::move(r.node),
                                                       JoinKind::kInner, nullptr, mem));
    }
    acc.scope = std::move(combined);
  }
  return acc;
}

Result<AggregateSpec> QueryPlanner::BindAggregate(const sql::Expr& e, const Scope& scope) {
  const auto& call = *e.As<sql::FunctionCall>();
  std::string name = AsciiLower(call.name.ToPlainString());
  AggregateSpec spec;
  spec.function = state_.registry.FindAggregate(name);
  spec.name = Key(e);
  spec.options.distinct = call.distinct;
  std::vector<ArgInfo> infos;
  const bool percentile_within_group =
      !call.within_group.empty() &&
      (name == "approx_percentile_cont" || name == "percentile_cont" ||
       name == "approx_percentile_cont_with_weight");
  if (percentile_within_group) {
    // approx_percentile_cont(p) WITHIN GROUP (ORDER BY x): the value is the ordering column.
    GT_ASSIGN_OR_RETURN(ExprPtr x, binder_.Bind(*call.within_group[0].expr, scope));
    spec.args.push_back(x);
  }
  for (const auto& a : call.args) {
    if (a->Is<sql::Wildcard>()) continue;  // count(*)
    GT_ASSIGN_OR_RETURN(ExprPtr x, binder_.Bind(*a, scope));
    spec.args.push_back(x);
  }
  if (percentile_within_group && !call.within_group[0].asc.value_or(true) && spec.args.size() >= 2) {
    // Descending order: the p-th percentile is the (1-p)-th of the ascending order.
    if (const Value* p = LiteralValueOf(*spec.args[1]); p != nullptr && p->ToFloat64()) {
      spec.args[1] = Literal(Value::Float64(1.0 - *p->ToFloat64()));
    }
  }
  if (name == "count" && spec.args.size() == 1 && !call.distinct) {
    // count(1), count(constant): count rows.
    if (const Value* v = LiteralValueOf(*spec.args[0]); v != nullptr && !v->is_null()) {
      spec.args.clear();
    }
  }
  infos = ArgInfos(spec.args, spec.constants);
  auto type = spec.function->ReturnType(infos);
  if (!type.ok()) return type.status();
  spec.output_type = *type;
  static const std::vector<sql::OrderByItem> kNone;
  const auto& ordering =
      percentile_within_group ? kNone : (!call.within_group.empty() ? call.within_group : call.order_by);
  for (const auto& o : ordering) {
    GT_ASSIGN_OR_RETURN(ExprPtr x, binder_.Bind(*o.expr, scope));
    spec.args.push_back(x);
    spec.constants.push_back(Value());
    spec.options.order_ascending.push_back(o.asc.value_or(true));
  }
  if (call.filter) {
    GT_ASSIGN_OR_RETURN(spec.filter, binder_.Bind(*call.filter, scope));
  }
  return spec;
}

Result<Planned> QueryPlanner::PlanAggregate(const sql::Select& s, Planned in,
                                            const std::vector<const sql::Expr*>& aggs,
                                            const std::vector<sql::ExprPtr>& group_exprs) {
  std::vector<ExprPtr> groups;
  std::vector<std::string> names;
  auto out_scope = std::make_shared<Scope>();
  Scope post;
  auto input = std::make_shared<const Scope>(in.scope);
  for (const auto& g : group_exprs) {
    GT_ASSIGN_OR_RETURN(ExprPtr e, binder_.Bind(*g, in.scope));
    const size_t out_idx = groups.size();
    ScopeColumn col{"", OutputName(*g), e->type()};
    if (const auto* ref = g->As<sql::ColumnRef>()) {
      GT_ASSIGN_OR_RETURN(size_t idx, binder_.ResolveColumn(ref->parts, in.scope));
      col = in.scope.columns[idx];
      col.hidden = false;
      post.input_to_output[idx] = out_idx;
    }
    post.computed[Key(*g)] = out_idx;
    post.columns.push_back(col);
    groups.push_back(e);
    names.push_back(col.name);
  }
  std::vector<AggregateSpec> specs;
  for (const sql::Expr* a : aggs) {
    GT_ASSIGN_OR_RETURN(AggregateSpec spec, BindAggregate(*a, in.scope));
    post.computed[Key(*a)] = groups.size() + specs.size();
    post.columns.push_back({"", spec.name, spec.output_type});
    specs.push_back(std::move(spec));
  }
  (void)s;
  GT_ASSIGN_OR_RETURN(ExecNodePtr node,
                      MakeHashAggregate(std::move(in.node), std::move(groups), std::move(names),
                                        std::move(specs), state_.options.memory_limit));
  post.input = input;
  return Planned{std::move(node), std::move(post)};
}

Result<int64_t> DurationMs(Binder& binder, const sql::Expr& e) {
  Scope empty;
  GT_ASSIGN_OR_RETURN(ExprPtr x, binder.Bind(e, empty));
  GT_ASSIGN_OR_RETURN(x, FoldConstant(x));
  const Value* v = LiteralValueOf(*x);
  if (v == nullptr || v->is_null()) {
    return Status(StatusCode::kPlanQuery, "Failed to plan SQL: a duration must be a constant");
  }
  if (v->type().is_interval()) {
    const auto& i = v->AsInterval();
    if (i.months != 0) {
      return Status(StatusCode::kPlanQuery,
                    "Failed to plan SQL: Range/align with month intervals is not supported");
    }
    return static_cast<int64_t>(i.days) * 86400000 + i.nanoseconds / 1000000;
  }
  if (v->type().is_string()) {
    auto d = ParseDuration(v->AsBytes());
    if (!d.ok()) {
      auto iv = ParseIntervalText(v->AsBytes());
      if (!iv.ok() || iv->months != 0) {
        return Status(StatusCode::kPlanQuery,
                      fmt::format("Failed to plan SQL: invalid duration '{}'", v->AsBytes()));
      }
      return static_cast<int64_t>(iv->days) * 86400000 + iv->nanoseconds / 1000000;
    }
    return static_cast<int64_t>(d->count() / 1000000);
  }
  if (auto n = v->ToInt64()) return *n * 1000;
  return Status(StatusCode::kPlanQuery, "Failed to plan SQL: invalid duration");
}

Result<FillSpec> ParseFill(const std::string& text) {
  FillSpec f;
  std::string u = AsciiLower(text);
  if (u == "null") f.kind = FillKind::kNull;
  else if (u == "prev") f.kind = FillKind::kPrev;
  else if (u == "linear") f.kind = FillKind::kLinear;
  else {
    f.kind = FillKind::kConstant;
    std::string t = text;
    if (t.size() >= 2 && t.front() == '\'' && t.back() == '\'') t = t.substr(1, t.size() - 2);
    char* end = nullptr;
    double d = std::strtod(t.c_str(), &end);
    if (end != nullptr && *end == 0 && !t.empty()) {
      if (t.find_first_of(".eE") == std::string::npos) {
        f.constant = Value::Int64(static_cast<int64_t>(d));
      } else {
        f.constant = Value::Float64(d);
      }
    } else {
      f.constant = Value::String(t);
    }
  }
  return f;
}

Result<Planned> QueryPlanner::PlanRange(const sql::Select& s, Planned in,
                                        const std::vector<const sql::Expr*>& ranges) {
  if (!s.align) {
    return Status(StatusCode::kPlanQuery,
                  "Failed to plan SQL: RANGE expression needs an ALIGN clause");
  }
  RangeAggregateSpec spec;
  std::optional<size_t> ts;
  for (size_t i = 0; i < in.scope.columns.size(); ++i) {
    const auto& c = in.scope.columns[i];
    if (c.from_table && c.semantic == types::SemanticType::kTimestamp) ts = i;
  }
  if (!ts) {
    return Status(StatusCode::kPlanQuery,
                  "Failed to plan SQL: a range query needs a table with a time index");
  }
  spec.time_index = *ts;
  spec.time_name = in.scope.columns[*ts].name;
  GT_ASSIGN_OR_RETURN(spec.align_ms, DurationMs(binder_, *s.align->duration));
  if (state_.options.function_context) {
    // Default origin: the epoch shifted by the session's UTC offset.
    spec.align_origin_ms =
        static_cast<int64_t>(state_.options.function_context->time_zone.OffsetAt(0)) * 1000;
  }
  if (spec.align_ms <= 0) {
    return Status(StatusCode::kPlanQuery, "Failed to plan SQL: ALIGN must be positive");
  }
  if (s.align->to) {
    Scope empty;
    GT_ASSIGN_OR_RETURN(ExprPtr x, binder_.Bind(*s.align->to, empty));
    GT_ASSIGN_OR_RETURN(x, FoldConstant(x));
    const Value* v = LiteralValueOf(*x);
    if (v != nullptr && v->type().is_string()) {
      std::string t = AsciiLower(v->AsBytes());
      if (t == "calendar") {
        spec.align_origin_ms = 0;
      } else if (t == "now") {
        int64_t now_ms = state_.options.function_context
                             ? state_.options.function_context->now_ns / 1000000
                             : 0;
        spec.align_origin_ms = now_ms;
      } else {
        auto cast = state_.options.function_context
                        ? v->CastTo(DataType::TimestampMillisecond(),
                                    state_.options.function_context->time_zone)
                        : v->CastTo(DataType::TimestampMillisecond());
        if (!cast.ok()) {
          return Status(StatusCode::kPlanQuery,
                        fmt::format("Failed to plan SQL: Illegal `align to` argument `{}`",
                                    v->AsBytes()));
        }
        spec.align_origin_ms = cast->AsTimestamp().value;
      }
    } else if (v != nullptr && v->type().is_timestamp()) {
      auto cast = v->CastTo(DataType::TimestampMillisecond());
      if (cast.ok()) spec.align_origin_ms = cast->AsTimestamp().value;
    } else if (v != nullptr) {
      if (auto n = v->ToInt64()) spec.align_origin_ms = *n;
    }
  }
  auto input = std::make_shared<const Scope>(in.scope);
  Scope post;
  post.columns.push_back(in.scope.columns[*ts]);
  post.input_to_output[*ts] = 0;
  if (s.align->has_by) {
    for (const auto& b : s.align->by) {
      GT_ASSIGN_OR_RETURN(ExprPtr e, binder_.Bind(*b, in.scope));
      const size_t idx = post.columns.size();
      ScopeColumn col{"", OutputName(*b), e->type()};
      if (const auto* ref = b->As<sql::ColumnRef>()) {
        GT_ASSIGN_OR_RETURN(size_t i, binder_.ResolveColumn(ref->parts, in.scope));
        col = in.scope.columns[i];
        post.input_to_output[i] = idx;
      }
      post.computed[Key(*b)] = idx;
      post.columns.push_back(col);
      spec.by.push_back(e);
      spec.by_names.push_back(col.name);
    }
  } else {
    for (size_t i = 0; i < in.scope.columns.size(); ++i) {
      const auto& c = in.scope.columns[i];
      if (!c.from_table || c.semantic != types::SemanticType::kTag) continue;
      post.input_to_output[i] = post.columns.size();
      post.columns.push_back(c);
      spec.by.push_back(Column(i, c.type, c.name));
      spec.by_names.push_back(c.name);
    }
  }
  for (const sql::Expr* r : ranges) {
    const auto& re = *r->As<sql::RangeExpr>();
    if (!IsAggregateCall(*re.operand, state_.registry)) {
      return Status(StatusCode::kPlanQuery,
                    fmt::format("Failed to plan SQL: Can't use the RANGE keyword in "
                                "non-aggregate expression: {}",
                                sql::ToString(*re.operand)));
    }
    RangeItem item;
    GT_ASSIGN_OR_RETURN(item.aggregate, BindAggregate(*re.operand, in.scope));
    item.aggregate.name = Key(*r);
    GT_ASSIGN_OR_RETURN(item.range_ms, DurationMs(binder_, *re.range));
    if (item.range_ms <= 0) {
      return Status(StatusCode::kPlanQuery, "Failed to plan SQL: RANGE must be positive");
    }
    std::optional<std::string> fill = re.fill ? re.fill : s.fill;
    if (fill) {
      GT_ASSIGN_OR_RETURN(item.fill, ParseFill(*fill));
    }
    // first_value / last_value follow the time index unless ordered explicitly.
    {
      std::string fname = AsciiLower(re.operand->As<sql::FunctionCall>()->name.ToPlainString());
      if ((fname == "first_value" || fname == "last_value") &&
          item.aggregate.options.order_ascending.empty()) {
        const auto& tc = in.scope.columns[*ts];
        item.aggregate.args.push_back(Column(*ts, tc.type, tc.name));
        item.aggregate.constants.push_back(Value());
        item.aggregate.options.order_ascending.push_back(true);
      }
    }
    DataType item_type = item.aggregate.output_type;
    if (item.fill.kind == FillKind::kLinear && (item_type.is_integer() || item_type.is_decimal())) {
      item_type = DataType::Float64();
    }
    post.computed[Key(*r)] = post.columns.size();
    post.columns.push_back({"", Key(*r), item_type});
    spec.items.push_back(std::move(item));
  }
  GT_ASSIGN_OR_RETURN(ExecNodePtr node, MakeRangeAggregate(std::move(in.node), std::move(spec),
                                                           state_.options.memory_limit));
  post.input = input;
  return Planned{std::move(node), std::move(post)};
}

Result<WindowFrame> BindFrame(Binder& binder, const sql::WindowSpec& w) {
  WindowFrame f;
  if (!w.frame) {
    if (w.order_by.empty()) {
      f.units = FrameUnits::kRows;
      f.start.kind = FrameBoundKind::kUnboundedPreceding;
      f.end.kind = FrameBoundKind::kUnboundedFollowing;
    }
    return f;
  }
  switch (w.frame->units) {
    case sql::FrameUnits::kRows: f.units = FrameUnits::kRows; break;
    case sql::FrameUnits::kRange: f.units = FrameUnits::kRange; break;
    case sql::FrameUnits::kGroups: f.units = FrameUnits::kGroups; break;
  }
  auto bound = [&](const sql::FrameBound& b) -> Result<FrameBound> {
    FrameBound out;
    out.kind = static_cast<FrameBoundKind>(static_cast<int>(b.kind));
    if (b.offset) {
      Scope empty;
      GT_ASSIGN_OR_RETURN(ExprPtr x, binder.Bind(*b.offset, empty));
      GT_ASSIGN_OR_RETURN(x, FoldConstant(x));
      const Value* v = LiteralValueOf(*x);
      if (v == nullptr) {
        return Status(StatusCode::kPlanQuery, "Failed to plan SQL: frame offsets must be constant");
      }
      if (v->type().is_string()) {
        auto iv = ParseIntervalText(v->AsBytes());
        if (iv.ok()) out.offset = Value::Interval(*iv);
        else out.offset = *v;
      } else {
        out.offset = *v;
      }
    }
    return out;
  };
  GT_ASSIGN_OR_RETURN(f.start, bound(w.frame->start));
  if (w.frame->end) {
    GT_ASSIGN_OR_RETURN(f.end, bound(*w.frame->end));
  } else {
    f.end.kind = FrameBoundKind::kCurrentRow;
  }
  return f;
}

Result<Planned> QueryPlanner::PlanWindows(Planned in, const std::vector<const sql::Expr*>& windows,
                                          const sql::Select& s) {
  std::vector<WindowFunctionSpec> specs;
  Scope post = in.scope;
  for (const sql::Expr* w : windows) {
    const auto& call = *w->As<sql::FunctionCall>();
    const sql::WindowSpec* ws = call.over.get();
    if (ws->name) {
      const sql::WindowSpec* named = nullptr;
      for (const auto& nw : s.windows) {
        if (nw.name.value == ws->name->value) named = nw.spec.get();
      }
      if (named == nullptr) {
        return Status(StatusCode::kPlanQuery,
                      fmt::format("Failed to plan SQL: window {} is not defined", ws->name->value));
      }
      ws = named;
    }
    WindowFunctionSpec spec;
    spec.function = AsciiLower(call.name.ToPlainString());
    spec.name = Key(*w);
    std::vector<ArgInfo> infos;
    for (const auto& a : call.args) {
      if (a->Is<sql::Wildcard>()) continue;
      GT_ASSIGN_OR_RETURN(ExprPtr x, binder_.Bind(*a, in.scope));
      spec.args.push_back(x);
    }
    infos = ArgInfos(spec.args, spec.constants);
    if (IsWindowFunctionName(spec.function)) {
      GT_ASSIGN_OR_RETURN(spec.output_type, WindowFunctionReturnType(spec.function, infos));
    } else if (const AggregateFunction* agg = state_.registry.FindAggregate(spec.function)) {
      spec.aggregate = agg;
      GT_ASSIGN_OR_RETURN(spec.output_type, agg->ReturnType(infos));
    } else {
      return Status(StatusCode::kPlanQuery,
                    fmt::format("Failed to plan SQL: Invalid window function '{}'", spec.function));
    }
    for (const auto& p : ws->partition_by) {
      GT_ASSIGN_OR_RETURN(ExprPtr x, binder_.Bind(*p, in.scope));
      spec.partition_by.push_back(x);
    }
    for (const auto& o : ws->order_by) {
      GT_ASSIGN_OR_RETURN(ExprPtr x, binder_.Bind(*o.expr, in.scope));
      bool asc = o.asc.value_or(true);
      spec.order_by.push_back({x, asc, o.nulls_first.value_or(!asc)});
    }
    GT_ASSIGN_OR_RETURN(spec.frame, BindFrame(binder_, *ws));
    post.computed[Key(*w)] = post.columns.size();
    post.columns.push_back({"", spec.name, spec.output_type});
    specs.push_back(std::move(spec));
  }
  GT_ASSIGN_OR_RETURN(ExecNodePtr node,
                      MakeWindow(std::move(in.node), std::move(specs), state_.options.memory_limit));
  return Planned{std::move(node), std::move(post)};
}

Result<Planned> QueryPlanner::PlanSelect(const sql::Select& s, const sql::Query* outer) {
  const FunctionRegistry& reg = state_.registry;
  // Limit pushdown for plain scans.
  std::optional<uint64_t> limit, offset;
  if (outer != nullptr) {
    GT_ASSIGN_OR_RETURN(limit, EvalCount(outer->limit.get()));
    GT_ASSIGN_OR_RETURN(offset, EvalCount(outer->offset.get()));
  }
  std::vector<const sql::Expr*> aggs, windows, ranges;
  for (const auto& item : s.items) {
    CollectRanges(*item.expr, ranges);
    CollectAggregates(*item.expr, reg, aggs, true);
    CollectWindows(*item.expr, windows);
  }
  if (s.having) CollectAggregates(*s.having, reg, aggs, true);
  if (outer != nullptr) {
    for (const auto& o : outer->order_by) {
      CollectRanges(*o.expr, ranges);
      CollectAggregates(*o.expr, reg, aggs, true);
      CollectWindows(*o.expr, windows);
    }
  }
  const bool simple = !s.where && s.group_by.empty() && aggs.empty() && windows.empty() &&
                      ranges.empty() && !s.distinct && !s.having &&
                      (outer == nullptr || outer->order_by.empty()) && s.from.size() == 1;
  if (simple && limit) pushed_limit_ = *limit + offset.value_or(0);

  GT_ASSIGN_OR_RETURN(Planned p, PlanFrom(s));
  pushed_limit_.reset();
  if (s.where) {
    GT_ASSIGN_OR_RETURN(ExprPtr pred, binder_.Bind(*s.where, p.scope));
    if (!pred->type().is_boolean() && !pred->type().is_null()) {
      return Status(StatusCode::kPlanQuery,
                    fmt::format("Failed to plan SQL: WHERE needs a boolean, got {}",
                                pred->type().Name()));
    }
    p.node = MakeFilter(std::move(p.node), pred);
  }

  // Group keys: ordinals and select aliases refer to select items.
  std::vector<sql::ExprPtr> group_exprs;
  for (const auto& g : s.group_by) {
    if (const auto* lit = g->As<sql::Literal>(); lit != nullptr && lit->kind == sql::LiteralKind::kInteger) {
      int64_t n = lit->int_value;
      if (n < 1 || n > static_cast<int64_t>(s.items.size())) {
        return Status(StatusCode::kPlanQuery, "Failed to plan SQL: GROUP BY position out of range");
      }
      group_exprs.push_back(sql::Clone(*s.items[n - 1].expr));
      continue;
    }
    if (const auto* ref = g->As<sql::ColumnRef>(); ref != nullptr && ref->parts.size() == 1) {
      bool is_input = binder_.ResolveIn(ref->parts, p.scope).ok();
      if (!is_input) {
        bool found = false;
        for (const auto& item : s.items) {
          if (item.alias && item.alias->value == ref->parts[0].value) {
            group_exprs.push_back(sql::Clone(*item.expr));
            found = true;
            break;
          }
        }
        if (found) continue;
      }
    }
    group_exprs.push_back(sql::Clone(*g));
  }

  if (!ranges.empty()) {
    GT_ASSIGN_OR_RETURN(p, PlanRange(s, std::move(p), ranges));
  } else if (!aggs.empty() || !group_exprs.empty()) {
    GT_ASSIGN_OR_RETURN(p, PlanAggregate(s, std::move(p), aggs, group_exprs));
  } else if (s.align) {
    return Status(StatusCode::kPlanQuery,
                  "Failed to plan SQL: ALIGN needs at least one RANGE expression");
  }
  if (s.having) {
    GT_ASSIGN_OR_RETURN(ExprPtr pred, binder_.Bind(*s.having, p.scope));
    p.node = MakeFilter(std::move(p.node), pred);
  }
  if (!windows.empty()) {
    GT_ASSIGN_OR_RETURN(p, PlanWindows(std::move(p), windows, s));
  }

  // Projection.
  std::vector<ExprPtr> exprs;
  std::vector<std::string> names;
  Scope out_scope;
  for (const auto& item : s.items) {
    if (const auto* w = item.expr->As<sql::Wildcard>()) {
      std::string qual = w->qualifier.empty() ? "" : w->qualifier.back().value;
      bool any = false;
      const Scope& src = p.scope.input ? *p.scope.input : p.scope;
      for (size_t i = 0; i < src.columns.size(); ++i) {
        const auto& c = src.columns[i];
        if (c.hidden) continue;
        if (!qual.empty() && c.qualifier != qual) continue;
        bool excluded = false;
        for (const auto& ex : w->except) excluded |= ex.value == c.name;
        if (excluded) continue;
        std::vector<sql::Ident> parts;
        if (!c.qualifier.empty()) parts.push_back(sql::Ident(c.qualifier));
        parts.push_back(sql::Ident(c.name));
        size_t idx = i;
        if (p.scope.input) {
          auto it = p.scope.input_to_output.find(i);
          if (it == p.scope.input_to_output.end()) {
            return Status(StatusCode::kPlanQuery,
                          fmt::format("Failed to plan SQL: column \"{}\" must appear in the GROUP "
                                      "BY clause or be used in an aggregate function",
                                      c.name));
          }
          idx = it->second;
        }
        const auto& oc = p.scope.columns[idx];
        exprs.push_back(Column(idx, oc.type, oc.name));
        names.push_back(oc.name);
        out_scope.columns.push_back({oc.qualifier, oc.name, oc.type, oc.semantic, oc.from_table});
        any = true;
      }
      if (!any && !qual.empty()) {
        return Status(StatusCode::kPlanQuery,
                      fmt::format("Failed to plan SQL: Invalid qualifier {}", qual));
      }
      continue;
    }
    GT_ASSIGN_OR_RETURN(ExprPtr e, binder_.Bind(*item.expr, p.scope));
    std::string name = item.alias ? item.alias->value : OutputName(*item.expr);
    ScopeColumn col{"", name, e->type()};
    if (!item.alias) {
      if (const auto* ref = item.expr->As<sql::ColumnRef>()) {
        auto idx = binder_.ResolveColumn(ref->parts, p.scope);
        if (idx.ok()) {
          col = p.scope.columns[*idx];
          col.hidden = false;
        }
      }
    }
    exprs.push_back(e);
    names.push_back(name);
    out_scope.columns.push_back(col);
  }
  const size_t visible = exprs.size();

  // ORDER BY: output ordinals, output names, else expressions over the pre-projection scope
  // (added as hidden columns).
  std::vector<SortKey> keys;
  if (outer != nullptr) {
    for (const auto& o : outer->order_by) {
      std::optional<size_t> idx;
      if (const auto* lit = o.expr->As<sql::Literal>();
          lit != nullptr && lit->kind == sql::LiteralKind::kInteger) {
        int64_t n = lit->int_value;
        if (n < 1 || n > static_cast<int64_t>(visible)) {
          return Status(StatusCode::kPlanQuery,
                        "Failed to plan SQL: ORDER BY position out of range");
        }
        idx = static_cast<size_t>(n - 1);
      } else if (const auto* ref = o.expr->As<sql::ColumnRef>();
                 ref != nullptr && ref->parts.size() == 1) {
        for (size_t i = 0; i < visible; ++i) {
          if (s.items[0].expr && names[i] == ref->parts[0].value) {
            // Prefer an alias / output name; input columns of the same name are equal anyway.
            idx = i;
            break;
          }
        }
      }
      if (!idx) {
        // Same expression as a select item?
        for (size_t i = 0, k = 0; i < s.items.size(); ++i) {
          if (s.items[i].expr->Is<sql::Wildcard>()) break;
          if (Key(*s.items[i].expr) == Key(*o.expr)) {
            idx = k;
            break;
          }
          ++k;
        }
      }
      if (!idx) {
        if (s.distinct) {
          return Status(StatusCode::kPlanQuery,
                        "Failed to plan SQL: For SELECT DISTINCT, ORDER BY expressions must "
                        "appear in select list");
        }
        GT_ASSIGN_OR_RETURN(ExprPtr e, binder_.Bind(*o.expr, p.scope));
        idx = exprs.size();
        exprs.push_back(e);
        names.push_back(fmt::format("__order_{}", idx.value()));
      }
      bool asc = o.asc.value_or(true);
      keys.push_back({Column(*idx, exprs[*idx]->type(), names[*idx]), asc,
                      o.nulls_first.value_or(!asc)});
    }
  }
  p.node = MakeProject(std::move(p.node), exprs, names);
  if (s.distinct) {
    GT_ASSIGN_OR_RETURN(p.node, MakeDistinct(std::move(p.node), state_.options.memory_limit));
  }
  if (!keys.empty()) {
    std::optional<uint64_t> topn;
    if (limit) topn = *limit + offset.value_or(0);
    p.node = MakeSort(std::move(p.node), std::move(keys), topn, state_.options.memory_limit);
  }
  if (limit || offset) p.node = MakeLimit(std::move(p.node), offset.value_or(0), limit);
  if (exprs.size() > visible) {
    std::vector<ExprPtr> vis;
    std::vector<std::string> vnames;
    for (size_t i = 0; i < visible; ++i) {
      vis.push_back(Column(i, exprs[i]->type(), names[i]));
      vnames.push_back(names[i]);
    }
    p.node = MakeProject(std::move(p.node), std::move(vis), std::move(vnames));
  }
  p.scope = std::move(out_scope);
  return p;
}

}  // namespace

bool IsConstLike(const ExprPtr& e) { return LiteralValueOf(*e) != nullptr; }

Result<std::vector<types::RecordBatch>> Execute(ExecNode& node) { return CollectAll(node); }

Result<ExecNodePtr> PlanQueryNode(const sql::Query& query, PlanState& state, Scope* out_scope) {
  QueryPlanner planner(state);
  GT_ASSIGN_OR_RETURN(Planned p, planner.PlanQuery(query));
  if (out_scope != nullptr) *out_scope = p.scope;
  return std::move(p.node);
}

void CollectReferences(const sql::Query& q, PlanState& state) {
  WalkQueryExprs(q, [&](const sql::Expr& e) {
    if (const auto* c = e.As<sql::ColumnRef>()) {
      for (const auto& part : c->parts) state.referenced.insert(part.value);
    } else if (e.Is<sql::Wildcard>()) {
      state.wildcard = true;
    } else if (e.Is<sql::RangeExpr>()) {
      state.all_tags = true;
    }
  });
}

}  // namespace plan_internal

using plan_internal::PlanState;

Result<ExecNodePtr> PlanQuery(const sql::Query& query, SchemaProvider& provider,
                              const PlannerOptions& options) {
  const FunctionRegistry& reg =
      options.registry != nullptr ? *options.registry : FunctionRegistry::Default();
  PlanState state{provider, options, reg, {}, {}, false, 0, {}, false};
  plan_internal::CollectReferences(query, state);
  return plan_internal::PlanQueryNode(query, state, nullptr);
}

namespace {

// Binds one expression against `scope` with no tables visible (subqueries fail to find any).
Result<ExprPtr> BindStandalone(const sql::Expr& expr, const plan_internal::Scope& scope,
                               const PlannerOptions& options) {
  struct NoTables : SchemaProvider {
    Result<std::shared_ptr<TableSource>> GetTable(std::string_view, std::string_view,
                                                  std::string_view table) override {
      return Status(StatusCode::kTableNotFound, fmt::format("Table not found: {}", table));
    }
  } none;
  const FunctionRegistry& reg =
      options.registry != nullptr ? *options.registry : FunctionRegistry::Default();
  PlanState state{none, options, reg, {}, {}, false, 0, {}, false};
  plan_internal::Binder binder(state);
  return binder.Bind(expr, scope);
}

}  // namespace

Result<types::Value> EvaluateConstant(const sql::Expr& expr, const PlannerOptions& options) {
  GT_ASSIGN_OR_RETURN(ExprPtr e, BindStandalone(expr, plan_internal::Scope(), options));
  GT_ASSIGN_OR_RETURN(e, FoldConstant(e));
  const types::Value* v = LiteralValueOf(*e);
  if (v == nullptr) return Status(StatusCode::kPlanQuery, "expression is not constant");
  return *v;
}

Result<ExprPtr> BindExpression(const sql::Expr& expr, const types::Schema& schema,
                               const PlannerOptions& options) {
  plan_internal::Scope scope;
  for (const auto& c : schema.columns()) {
    scope.columns.push_back({"", c.name, c.type, c.semantic_type, true, false});
  }
  return BindStandalone(expr, scope, options);
}

}  // namespace greptime::query
