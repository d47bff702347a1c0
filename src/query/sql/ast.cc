// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Names, child traversal and deep copies of the syntax tree.
#include "query/sql/ast.h"

#include <fmt/format.h>

#include <utility>

namespace greptime::query::sql {
namespace {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

ExprPtr CloneOrNull(const ExprPtr& e) { return e ? Clone(*e) : nullptr; }

std::vector<ExprPtr> CloneAll(const std::vector<ExprPtr>& in) {
  std::vector<ExprPtr> out;
  out.reserve(in.size());
  for (const ExprPtr& e : in) out.push_back(Clone(*e));
  return out;
}

std::vector<OrderByItem> CloneAll(const std::vector<OrderByItem>& in) {
  std::vector<OrderByItem> out;
  out.reserve(in.size());
  for (const OrderByItem& item : in) out.push_back(Clone(item));
  return out;
}

FrameBound Clone(const FrameBound& b) { return FrameBound{b.kind, CloneOrNull(b.offset)}; }

std::unique_ptr<WindowSpec> Clone(const WindowSpec& w) {
  auto out = std::make_unique<WindowSpec>();
  out->name = w.name;
  out->partition_by = CloneAll(w.partition_by);
  out->order_by = CloneAll(w.order_by);
  if (w.frame) {
    WindowFrame frame;
    frame.units = w.frame->units;
    frame.start = Clone(w.frame->start);
    if (w.frame->end) frame.end = Clone(*w.frame->end);
    out->frame = std::move(frame);
  }
  return out;
}

std::unique_ptr<QueryBody> CloneBody(const QueryBody& body) {
  auto out = std::make_unique<QueryBody>();
  std::visit(Overloaded{
                 [&](const Select& s) {
                   Select c;
                   c.distinct = s.distinct;
                   c.distinct_on = CloneAll(s.distinct_on);
                   for (const SelectItem& item : s.items) {
                     c.items.push_back(SelectItem{Clone(*item.expr), item.alias});
                   }
                   for (const TableRefPtr& t : s.from) c.from.push_back(Clone(*t));
                   c.where = CloneOrNull(s.where);
                   c.group_by = CloneAll(s.group_by);
                   c.having = CloneOrNull(s.having);
                   if (s.align) {
                     AlignClause a;
                     a.duration = CloneOrNull(s.align->duration);
                     a.to = CloneOrNull(s.align->to);
                     a.has_by = s.align->has_by;
                     a.by = CloneAll(s.align->by);
                     c.align = std::move(a);
                   }
                   c.fill = s.fill;
                   for (const NamedWindow& w : s.windows) {
                     c.windows.push_back(NamedWindow{w.name, Clone(*w.spec)});
                   }
                   out->node = std::move(c);
                 },
                 [&](const SetOperation& s) {
                   SetOperation c;
                   c.op = s.op;
                   c.quantifier = s.quantifier;
                   c.left = CloneBody(*s.left);
                   c.right = CloneBody(*s.right);
                   out->node = std::move(c);
                 },
                 [&](const QueryPtr& q) { out->node = Clone(*q); },
                 [&](const Values& v) {
                   Values c;
                   for (const auto& row : v.rows) c.rows.push_back(CloneAll(row));
                   out->node = std::move(c);
                 },
             },
             body.node);
  return out;
}

}  // namespace

std::string Ident::ToString() const {
  if (quote == 0) return value;
  const char q = quote;
  std::string out(1, q);
  for (char c : value) {
    if (c == q) out.push_back(q);
    out.push_back(c);
  }
  out.push_back(q);
  return out;
}

std::string ObjectName::ToString() const {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += '.';
    out += parts[i].ToString();
  }
  return out;
}

std::string ObjectName::ToPlainString() const {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += '.';
    out += parts[i].value;
  }
  return out;
}

std::string QuoteString(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

void ForEachChild(const Expr& expr, const std::function<void(const Expr&)>& fn) {
  auto visit = [&](const ExprPtr& e) {
    if (e) fn(*e);
  };
  auto visit_all = [&](const std::vector<ExprPtr>& list) {
    for (const ExprPtr& e : list) visit(e);
  };
  auto visit_order = [&](const std::vector<OrderByItem>& list) {
    for (const OrderByItem& item : list) visit(item.expr);
  };
  std::visit(Overloaded{
                 [](const Literal&) {},
                 [](const ColumnRef&) {},
                 [](const Wildcard&) {},
                 [](const Placeholder&) {},
                 [&](const UnaryExpr& e) { visit(e.operand); },
                 [&](const BinaryExpr& e) {
                   visit(e.left);
                   visit(e.right);
                 },
                 [&](const FunctionCall& e) {
                   visit_all(e.args);
                   visit_order(e.order_by);
                   visit_order(e.within_group);
                   visit(e.filter);
                   if (e.over) {
                     visit_all(e.over->partition_by);
                     visit_order(e.over->order_by);
                     if (e.over->frame) {
                       visit(e.over->frame->start.offset);
                       if (e.over->frame->end) visit(e.over->frame->end->offset);
                     }
                   }
                 },
                 [&](const CaseExpr& e) {
                   visit(e.operand);
                   for (const WhenClause& w : e.whens) {
                     visit(w.condition);
                     visit(w.result);
                   }
                   visit(e.else_result);
                 },
                 [&](const CastExpr& e) { visit(e.operand); },
                 [&](const InListExpr& e) {
                   visit(e.operand);
                   visit_all(e.list);
                 },
                 [&](const InSubqueryExpr& e) { visit(e.operand); },
                 [](const ExistsExpr&) {},
                 [](const SubqueryExpr&) {},
                 [&](const BetweenExpr& e) {
                   visit(e.operand);
                   visit(e.low);
                   visit(e.high);
                 },
                 [&](const LikeExpr& e) {
                   visit(e.operand);
                   visit(e.pattern);
                   visit(e.escape);
                 },
                 [&](const IsExpr& e) {
                   visit(e.operand);
                   visit(e.other);
                 },
                 [&](const IntervalExpr& e) { visit(e.value); },
                 [&](const RangeExpr& e) {
                   visit(e.operand);
                   visit(e.range);
                 },
                 [&](const TupleExpr& e) { visit_all(e.items); },
                 [&](const ArrayExpr& e) { visit_all(e.items); },
                 [&](const SubscriptExpr& e) {
                   visit(e.operand);
                   visit(e.index);
                   visit(e.upper);
                 },
                 [&](const AtTimeZoneExpr& e) {
                   visit(e.operand);
                   visit(e.zone);
                 },
             },
             expr.node);
}

OrderByItem Clone(const OrderByItem& item) {
  return OrderByItem{CloneOrNull(item.expr), item.asc, item.nulls_first};
}

ExprPtr Clone(const Expr& expr) {
  Expr::Node node = std::visit(
      Overloaded{
          [](const Literal& e) -> Expr::Node { return e; },
          [](const ColumnRef& e) -> Expr::Node { return e; },
          [](const Wildcard& e) -> Expr::Node { return e; },
          [](const Placeholder& e) -> Expr::Node { return e; },
          [](const UnaryExpr& e) -> Expr::Node { return UnaryExpr{e.op, Clone(*e.operand)}; },
          [](const BinaryExpr& e) -> Expr::Node {
            return BinaryExpr{e.op, Clone(*e.left), Clone(*e.right)};
          },
          [](const FunctionCall& e) -> Expr::Node {
            FunctionCall c;
            c.name = e.name;
            c.args = CloneAll(e.args);
            c.distinct = e.distinct;
            c.order_by = CloneAll(e.order_by);
            c.within_group = CloneAll(e.within_group);
            c.filter = CloneOrNull(e.filter);
            if (e.over) c.over = Clone(*e.over);
            c.ignore_nulls = e.ignore_nulls;
            c.syntax = e.syntax;
            return c;
          },
          [](const CaseExpr& e) -> Expr::Node {
            CaseExpr c;
            c.operand = CloneOrNull(e.operand);
            for (const WhenClause& w : e.whens) {
              c.whens.push_back(WhenClause{Clone(*w.condition), Clone(*w.result)});
            }
            c.else_result = CloneOrNull(e.else_result);
            return c;
          },
          [](const CastExpr& e) -> Expr::Node {
            return CastExpr{Clone(*e.operand), e.type, e.syntax};
          },
          [](const InListExpr& e) -> Expr::Node {
            return InListExpr{Clone(*e.operand), CloneAll(e.list), e.negated};
          },
          [](const InSubqueryExpr& e) -> Expr::Node {
            return InSubqueryExpr{Clone(*e.operand), Clone(*e.query), e.negated};
          },
          [](const ExistsExpr& e) -> Expr::Node { return ExistsExpr{Clone(*e.query), e.negated}; },
          [](const SubqueryExpr& e) -> Expr::Node { return SubqueryExpr{Clone(*e.query)}; },
          [](const BetweenExpr& e) -> Expr::Node {
            return BetweenExpr{Clone(*e.operand), Clone(*e.low), Clone(*e.high), e.negated};
          },
          [](const LikeExpr& e) -> Expr::Node {
            return LikeExpr{e.op, Clone(*e.operand), Clone(*e.pattern), CloneOrNull(e.escape),
                            e.negated};
          },
          [](const IsExpr& e) -> Expr::Node {
            return IsExpr{e.test, Clone(*e.operand), CloneOrNull(e.other), e.negated};
          },
          [](const IntervalExpr& e) -> Expr::Node {
            return IntervalExpr{Clone(*e.value), e.leading_field, e.last_field};
          },
          [](const RangeExpr& e) -> Expr::Node {
            return RangeExpr{Clone(*e.operand), Clone(*e.range), e.fill};
          },
          [](const TupleExpr& e) -> Expr::Node { return TupleExpr{CloneAll(e.items)}; },
          [](const ArrayExpr& e) -> Expr::Node {
            return ArrayExpr{CloneAll(e.items), e.array_keyword};
          },
          [](const SubscriptExpr& e) -> Expr::Node {
            return SubscriptExpr{Clone(*e.operand), CloneOrNull(e.index), CloneOrNull(e.upper),
                                 e.slice};
          },
          [](const AtTimeZoneExpr& e) -> Expr::Node {
            return AtTimeZoneExpr{Clone(*e.operand), Clone(*e.zone)};
          },
      },
      expr.node);
  auto out = std::make_unique<Expr>();
  out->node = std::move(node);
  out->pos = expr.pos;
  return out;
}

std::unique_ptr<Tql> Clone(const Tql& tql) {
  auto out = std::make_unique<Tql>();
  out->kind = tql.kind;
  out->verbose = tql.verbose;
  out->format = tql.format;
  out->start = CloneOrNull(tql.start);
  out->end = CloneOrNull(tql.end);
  out->step = CloneOrNull(tql.step);
  out->lookback = CloneOrNull(tql.lookback);
  out->query = tql.query;
  out->alias = tql.alias;
  return out;
}

QueryPtr Clone(const Query& query) {
  auto out = std::make_unique<Query>();
  if (query.with) {
    With with;
    with.recursive = query.with->recursive;
    for (const Cte& cte : query.with->ctes) {
      Cte c;
      c.name = cte.name;
      c.columns = cte.columns;
      if (cte.query) c.query = Clone(*cte.query);
      if (cte.tql) c.tql = Clone(*cte.tql);
      with.ctes.push_back(std::move(c));
    }
    out->with = std::move(with);
  }
  out->body = CloneBody(*query.body);
  out->order_by = CloneAll(query.order_by);
  out->limit = CloneOrNull(query.limit);
  out->offset = CloneOrNull(query.offset);
  return out;
}

TableRefPtr Clone(const TableRef& table) {
  auto out = std::make_unique<TableRef>();
  out->pos = table.pos;
  std::visit(Overloaded{
                 [&](const BaseTable& t) { out->node = BaseTable{t.name, t.alias}; },
                 [&](const DerivedTable& t) {
                   out->node = DerivedTable{Clone(*t.query), t.alias, t.lateral};
                 },
                 [&](const TableFunction& t) {
                   out->node = TableFunction{Clone(*t.call), t.alias};
                 },
                 [&](const Join& j) {
                   Join c;
                   c.type = j.type;
                   c.left = Clone(*j.left);
                   c.right = Clone(*j.right);
                   c.on = CloneOrNull(j.on);
                   c.using_columns = j.using_columns;
                   c.natural = j.natural;
                   out->node = std::move(c);
                 },
             },
             table.node);
  return out;
}

}  // namespace greptime::query::sql
