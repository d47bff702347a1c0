// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Queries: WITH, set operations, SELECT (with GreptimeDB's ALIGN / FILL range clause and its
// parse-time checks), FROM with joins and derived tables, ORDER BY, LIMIT / OFFSET, VALUES.
#include <utility>

#include "query/sql/parser_impl.h"

namespace greptime::query::sql::internal {
namespace {

bool AnyItem(const Select& select, bool (*pred)(const Expr&)) {
  for (const SelectItem& item : select.items) {
    if (pred(*item.expr)) return true;
  }
  return false;
}

// Calls `fn` on every RangeExpr of the tree (not inside subqueries).
template <typename F>
void ForEachRange(const Expr& expr, const F& fn) {
  if (const auto* range = expr.As<RangeExpr>()) fn(*range);
  ForEachChild(expr, [&](const Expr& child) { ForEachRange(child, fn); });
}

}  // namespace

bool ContainsFunction(const Expr& expr) {
  if (expr.Is<FunctionCall>()) return true;
  if (const auto* u = expr.As<UnaryExpr>()) return ContainsFunction(*u->operand);
  if (const auto* b = expr.As<BinaryExpr>()) {
    return ContainsFunction(*b->left) || ContainsFunction(*b->right);
  }
  if (const auto* c = expr.As<CastExpr>()) return ContainsFunction(*c->operand);
  return false;
}

bool ContainsRange(const Expr& expr) {
  if (expr.Is<RangeExpr>()) return true;
  bool found = false;
  ForEachChild(expr, [&](const Expr& child) { found = found || ContainsRange(child); });
  return found;
}

bool ContainsWindowFunction(const Expr& expr) {
  if (const auto* f = expr.As<FunctionCall>(); f != nullptr && f->over != nullptr) return true;
  bool found = false;
  ForEachChild(expr, [&](const Expr& child) { found = found || ContainsWindowFunction(child); });
  return found;
}

bool Parser::PeekQueryStart(size_t ahead) const {
  const Token& t = Peek(ahead);
  if (t.IsKeyword("SELECT") || t.IsKeyword("WITH")) return true;
  return t.IsKeyword("VALUES") && PeekIs(TokenType::kLParen, ahead + 1);
}

Result<QueryPtr> Parser::ParseQuery() {
  DepthGuard guard(*this);
  GT_RETURN_IF_ERROR(guard.status());
  auto query = std::make_unique<Query>();
  if (ConsumeKeyword("WITH")) {
    GT_ASSIGN_OR_RETURN(With with, ParseWith());
    query->with = std::move(with);
  }
  GT_ASSIGN_OR_RETURN(query->body, ParseSetExpr(0));
  if (ConsumeKeywords({"ORDER", "BY"})) {
    GT_ASSIGN_OR_RETURN(query->order_by, ParseOrderByList());
  }
  for (int i = 0; i < 2; ++i) {
    if (!query->limit && ConsumeKeyword("LIMIT")) {
      if (ConsumeKeyword("ALL")) continue;
      GT_ASSIGN_OR_RETURN(ExprPtr first, ParseExpr());
      if (Consume(TokenType::kComma)) {  // MySQL: LIMIT offset, count
        query->offset = std::move(first);
        GT_ASSIGN_OR_RETURN(query->limit, ParseExpr());
      } else {
        query->limit = std::move(first);
      }
    } else if (!query->offset && ConsumeKeyword("OFFSET")) {
      GT_ASSIGN_OR_RETURN(query->offset, ParseExpr());
      if (!ConsumeKeyword("ROWS")) ConsumeKeyword("ROW");
    }
  }
  return query;
}

Result<With> Parser::ParseWith() {
  With with;
  with.recursive = ConsumeKeyword("RECURSIVE");
  while (true) {
    Cte cte;
    GT_ASSIGN_OR_RETURN(cte.name, ParseIdent());
    if (PeekIs(TokenType::kLParen)) {
      GT_ASSIGN_OR_RETURN(cte.columns, ParseParenIdentList());
    }
    GT_RETURN_IF_ERROR(ExpectKeyword("AS"));
    GT_RETURN_IF_ERROR(Expect(TokenType::kLParen, "("));
    if (PeekKeyword("TQL")) {
      GT_ASSIGN_OR_RETURN(Tql tql, ParseTql(/*in_parentheses=*/true));
      cte.tql = std::make_unique<Tql>(std::move(tql));
    } else {
      GT_ASSIGN_OR_RETURN(cte.query, ParseQuery());
    }
    GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
    with.ctes.push_back(std::move(cte));
    if (!Consume(TokenType::kComma)) break;
  }
  return with;
}

Result<std::unique_ptr<QueryBody>> Parser::ParseSetExpr(int min_precedence) {
  GT_ASSIGN_OR_RETURN(std::unique_ptr<QueryBody> left, ParseQueryTerm());
  while (true) {
    const Token& t = Peek();
    SetOpKind op;
    int precedence;
    if (t.IsKeyword("UNION")) {
      op = SetOpKind::kUnion;
      precedence = 10;
    } else if (t.IsKeyword("EXCEPT") || t.IsKeyword("MINUS")) {
      op = SetOpKind::kExcept;
      precedence = 10;
    } else if (t.IsKeyword("INTERSECT")) {
      op = SetOpKind::kIntersect;
      precedence = 20;
    } else {
      break;
    }
    if (precedence <= min_precedence) break;
    Next();
    SetOperation set;
    set.op = op;
    if (ConsumeKeyword("ALL")) {
      set.quantifier = SetQuantifier::kAll;
    } else if (ConsumeKeyword("DISTINCT")) {
      set.quantifier = SetQuantifier::kDistinct;
    }
    set.left = std::move(left);
    GT_ASSIGN_OR_RETURN(set.right, ParseSetExpr(precedence));
    left = std::make_unique<QueryBody>();
    left->node = std::move(set);
  }
  return left;
}

Result<std::unique_ptr<QueryBody>> Parser::ParseQueryTerm() {
  auto body = std::make_unique<QueryBody>();
  if (PeekKeyword("SELECT")) {
    GT_ASSIGN_OR_RETURN(Select select, ParseSelect());
    body->node = std::move(select);
  } else if (PeekKeyword("VALUES")) {
    GT_ASSIGN_OR_RETURN(Values values, ParseValues());
    body->node = std::move(values);
  } else if (Consume(TokenType::kLParen)) {
    GT_ASSIGN_OR_RETURN(QueryPtr inner, ParseQuery());
    GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
    body->node = std::move(inner);
  } else {
    return Expected("SELECT, VALUES, or a subquery in the query body");
  }
  return body;
}

Result<Select> Parser::ParseSelect() {
  Next();  // SELECT
  Select select;
  if (ConsumeKeyword("DISTINCT")) {
    select.distinct = true;
    if (ConsumeKeyword("ON")) {
      GT_RETURN_IF_ERROR(Expect(TokenType::kLParen, "("));
      GT_ASSIGN_OR_RETURN(select.distinct_on, ParseExprList(TokenType::kRParen, ")"));
    }
  } else {
    ConsumeKeyword("ALL");
  }
  while (true) {
    GT_ASSIGN_OR_RETURN(SelectItem item, ParseSelectItem());
    select.items.push_back(std::move(item));
    if (!Consume(TokenType::kComma)) break;
    // Trailing comma before FROM / end (GreptimeDB enables sqlparser's trailing commas).
    const Token& t = Peek();
    if (IsReservedForColumnAlias(t) || t.type == TokenType::kRParen ||
        t.type == TokenType::kSemicolon || t.type == TokenType::kEof) {
      break;
    }
  }
  if (ConsumeKeyword("FROM")) {
    while (true) {
      GT_ASSIGN_OR_RETURN(TableRefPtr table, ParseTableRef());
      select.from.push_back(std::move(table));
      if (!Consume(TokenType::kComma)) break;
    }
  }
  if (ConsumeKeyword("WHERE")) {
    GT_ASSIGN_OR_RETURN(select.where, ParseExpr());
  }
  if (ConsumeKeywords({"GROUP", "BY"})) {
    while (true) {
      GT_ASSIGN_OR_RETURN(ExprPtr e, ParseExpr());
      select.group_by.push_back(std::move(e));
      if (!Consume(TokenType::kComma)) break;
    }
  }
  GT_RETURN_IF_ERROR(ParseAlignAndFill(select));
  if (ConsumeKeyword("HAVING")) {
    GT_ASSIGN_OR_RETURN(select.having, ParseExpr());
  }
  if (ConsumeKeyword("WINDOW")) {
    while (true) {
      NamedWindow window;
      GT_ASSIGN_OR_RETURN(window.name, ParseIdent());
      GT_RETURN_IF_ERROR(ExpectKeyword("AS"));
      if (!PeekIs(TokenType::kLParen)) return Expected("(");
      GT_ASSIGN_OR_RETURN(window.spec, ParseWindowSpec());
      select.windows.push_back(std::move(window));
      if (!Consume(TokenType::kComma)) break;
    }
  }
  GT_RETURN_IF_ERROR(ValidateRangeSelect(select));
  return select;
}

Result<SelectItem> Parser::ParseSelectItem() {
  SelectItem item;
  if (PeekIs(TokenType::kStar)) {
    item.expr = MakeExpr(Wildcard{}, Next().pos);
  } else {
    GT_ASSIGN_OR_RETURN(item.expr, ParseExpr());
  }
  if (auto* wildcard = item.expr->As<Wildcard>()) {
    if (ConsumeKeyword("EXCEPT") || ConsumeKeyword("EXCLUDE")) {
      if (PeekIs(TokenType::kLParen)) {
        GT_ASSIGN_OR_RETURN(wildcard->except, ParseParenIdentList());
      } else {
        GT_ASSIGN_OR_RETURN(Ident column, ParseIdent());
        wildcard->except.push_back(std::move(column));
      }
    }
    return item;
  }
  GT_ASSIGN_OR_RETURN(item.alias, ParseColumnAlias());
  return item;
}

Result<std::optional<Ident>> Parser::ParseColumnAlias() {
  if (ConsumeKeyword("AS")) {
    if (PeekIs(TokenType::kString)) return std::optional<Ident>(Ident(Next().text, '\''));
    GT_ASSIGN_OR_RETURN(Ident alias, ParseIdent());
    return std::optional<Ident>(std::move(alias));
  }
  const Token& t = Peek();
  if (t.IsWord() && (t.quote != 0 || !IsReservedForColumnAlias(t))) {
    return std::optional<Ident>(MakeIdent(Next()));
  }
  return std::optional<Ident>();
}

Status Parser::ParseAlignAndFill(Select& select) {
  for (int i = 0; i < 2; ++i) {
    if (ConsumeKeyword("ALIGN")) {
      if (select.align) return SyntaxError("Duplicate ALIGN keyword detected in SELECT clause.");
      AlignClause align;
      GT_ASSIGN_OR_RETURN(align.duration, ParseRangeDuration());
      if (ConsumeKeyword("TO")) {
        if (Consume(TokenType::kLParen)) {
          GT_ASSIGN_OR_RETURN(align.to, ParseExpr());
          GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
        } else {
          if (PeekIs(TokenType::kEof)) return Expected("an ALIGN TO origin");
          const Token& t = Next();
          Literal lit;
          lit.kind = LiteralKind::kString;
          lit.text = t.type == TokenType::kString ? t.text : t.Display();
          if (t.quote == '"') lit.text = t.text;
          align.to = MakeExpr(std::move(lit), t.pos);
        }
      }
      if (ConsumeKeyword("BY")) {
        align.has_by = true;
        GT_RETURN_IF_ERROR(Expect(TokenType::kLParen, "("));
        GT_ASSIGN_OR_RETURN(align.by, ParseExprList(TokenType::kRParen, ")"));
      }
      select.align = std::move(align);
    }
    if (ConsumeKeyword("FILL")) {
      if (select.fill) return SyntaxError("Duplicate FILL keyword detected in SELECT clause.");
      if (PeekIs(TokenType::kEof)) return Expected("fill value");
      select.fill = Next().Display();
    }
  }
  return Status::OK();
}

Status Parser::ValidateRangeSelect(const Select& select) const {
  const bool has_range = AnyItem(select, [](const Expr& e) { return ContainsRange(e); });
  if (!select.align) {
    if (select.fill || has_range) {
      return SyntaxError("ALIGN argument cannot be omitted in the range select query");
    }
    return Status::OK();
  }
  if (AnyItem(select, [](const Expr& e) { return e.Is<Wildcard>(); })) {
    return SyntaxError("Wildcard `*` is not allowed in range select query");
  }
  if (!has_range) {
    return SyntaxError("Illegal Range select, no RANGE keyword found in any SelectItem");
  }
  // The range planner's own syntax checks (GreptimeDB reports them with code 2000 too).
  Status status;
  for (const SelectItem& item : select.items) {
    ForEachRange(*item.expr, [&](const RangeExpr& range) {
      if (!status.ok()) return;
      if (ContainsRange(*range.operand)) {
        status = Status::InvalidSyntax("Range Query: Nest Range Query is not allowed");
      } else if (ContainsWindowFunction(*range.operand)) {
        status = Status::InvalidSyntax("Range Query: Window functions is not allowed in Range Query");
      }
    });
    GT_RETURN_IF_ERROR(status);
  }
  if (!select.align->has_by && select.from.size() == 1 &&
      std::holds_alternative<DerivedTable>(select.from[0]->node)) {
    return Status::InvalidSyntax(
        "Range Query: Cannot infer default BY columns from derived range query input");
  }
  return Status::OK();
}

Result<TableRefPtr> Parser::ParseTableRef() {
  GT_ASSIGN_OR_RETURN(TableRefPtr left, ParseTableFactor());
  while (true) {
    const Position pos = Peek().pos;
    Join join;
    join.natural = ConsumeKeyword("NATURAL");
    if (ConsumeKeywords({"CROSS", "JOIN"})) {
      join.type = JoinType::kCross;
    } else if (ConsumeKeyword("JOIN") || ConsumeKeywords({"INNER", "JOIN"})) {
      join.type = JoinType::kInner;
    } else if (ConsumeKeyword("LEFT")) {
      join.type = ConsumeKeyword("SEMI")   ? JoinType::kLeftSemi
                  : ConsumeKeyword("ANTI") ? JoinType::kLeftAnti
                                           : JoinType::kLeft;
      ConsumeKeyword("OUTER");
      GT_RETURN_IF_ERROR(ExpectKeyword("JOIN"));
    } else if (ConsumeKeyword("RIGHT")) {
      join.type = ConsumeKeyword("SEMI")   ? JoinType::kRightSemi
                  : ConsumeKeyword("ANTI") ? JoinType::kRightAnti
                                           : JoinType::kRight;
      ConsumeKeyword("OUTER");
      GT_RETURN_IF_ERROR(ExpectKeyword("JOIN"));
    } else if (ConsumeKeyword("FULL")) {
      join.type = JoinType::kFull;
      ConsumeKeyword("OUTER");
      GT_RETURN_IF_ERROR(ExpectKeyword("JOIN"));
    } else if (join.natural) {
      return Expected("a join type after NATURAL");
    } else {
      break;
    }
    GT_ASSIGN_OR_RETURN(join.right, ParseTableFactor());
    if (join.type != JoinType::kCross && !join.natural) {
      if (ConsumeKeyword("ON")) {
        GT_ASSIGN_OR_RETURN(join.on, ParseExpr());
      } else if (ConsumeKeyword("USING")) {
        GT_ASSIGN_OR_RETURN(join.using_columns, ParseParenIdentList());
      }
    }
    join.left = std::move(left);
    left = std::make_unique<TableRef>();
    left->node = std::move(join);
    left->pos = pos;
  }
  return left;
}

Result<TableRefPtr> Parser::ParseTableFactor() {
  DepthGuard guard(*this);
  GT_RETURN_IF_ERROR(guard.status());
  auto table = std::make_unique<TableRef>();
  table->pos = Peek().pos;
  const bool lateral = ConsumeKeyword("LATERAL");
  if (PeekIs(TokenType::kLParen)) {
    const size_t start = mark();
    Next();
    const bool query_start = lateral || PeekQueryStart();
    if (query_start || PeekIs(TokenType::kLParen)) {
      // `((SELECT ..) UNION ..)` is a derived table, `((a JOIN b))` is not: try the query first.
      auto derived = ParseQuery();
      if (derived.ok() && Consume(TokenType::kRParen)) {
        DerivedTable d;
        d.query = std::move(derived).value();
        d.lateral = lateral;
        GT_ASSIGN_OR_RETURN(d.alias, ParseTableAlias());
        table->node = std::move(d);
        return table;
      }
      if (query_start) {
        if (!derived.ok()) return derived.status();
        return Expected(")");
      }
      reset(start);
      Next();
    }
    // A parenthesised join: FROM (a JOIN b ON ...).
    GT_ASSIGN_OR_RETURN(TableRefPtr inner, ParseTableRef());
    GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
    return inner;
  }
  GT_ASSIGN_OR_RETURN(ObjectName name, ParseObjectName());
  if (PeekIs(TokenType::kLParen)) {
    TableFunction fn;
    GT_ASSIGN_OR_RETURN(fn.call, ParseFunctionCall(std::move(name), table->pos));
    GT_ASSIGN_OR_RETURN(fn.alias, ParseTableAlias());
    table->node = std::move(fn);
    return table;
  }
  BaseTable base;
  base.name = std::move(name);
  GT_ASSIGN_OR_RETURN(base.alias, ParseTableAlias());
  table->node = std::move(base);
  return table;
}

Result<std::optional<TableAlias>> Parser::ParseTableAlias() {
  const bool as = ConsumeKeyword("AS");
  const Token& t = Peek();
  if (!t.IsWord() || (!as && t.quote == 0 && IsReservedForTableAlias(t))) {
    if (as) return Expected("identifier");
    return std::optional<TableAlias>();
  }
  TableAlias alias;
  alias.name = MakeIdent(Next());
  if (PeekIs(TokenType::kLParen) && PeekIs(TokenType::kWord, 1)) {
    GT_ASSIGN_OR_RETURN(alias.columns, ParseParenIdentList());
  }
  return std::optional<TableAlias>(std::move(alias));
}

Result<std::vector<OrderByItem>> Parser::ParseOrderByList() {
  std::vector<OrderByItem> items;
  while (true) {
    GT_ASSIGN_OR_RETURN(OrderByItem item, ParseOrderByItem());
    items.push_back(std::move(item));
    if (!Consume(TokenType::kComma)) break;
  }
  return items;
}

Result<OrderByItem> Parser::ParseOrderByItem() {
  OrderByItem item;
  GT_ASSIGN_OR_RETURN(item.expr, ParseExpr());
  if (ConsumeKeyword("ASC")) {
    item.asc = true;
  } else if (ConsumeKeyword("DESC")) {
    item.asc = false;
  }
  if (ConsumeKeywords({"NULLS", "FIRST"})) {
    item.nulls_first = true;
  } else if (ConsumeKeywords({"NULLS", "LAST"})) {
    item.nulls_first = false;
  }
  return item;
}

Result<Values> Parser::ParseValues() {
  Next();  // VALUES
  Values values;
  while (true) {
    ConsumeKeyword("ROW");
    GT_RETURN_IF_ERROR(Expect(TokenType::kLParen, "("));
    GT_ASSIGN_OR_RETURN(std::vector<ExprPtr> row, ParseExprList(TokenType::kRParen, ")"));
    values.rows.push_back(std::move(row));
    if (!Consume(TokenType::kComma)) break;
  }
  return values;
}

}  // namespace greptime::query::sql::internal
