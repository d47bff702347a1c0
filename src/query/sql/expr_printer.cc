// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Canonical SQL text of expressions, queries and table references. Parentheses are derived from
// the parser's precedences, so printing and re-parsing gives the same tree.
#include <fmt/format.h>

#include <utility>

#include "query/sql/ast.h"
#include "query/sql/parser_impl.h"

namespace greptime::query::sql {
namespace {

using internal::BinaryOpPrecedence;
using internal::ExprPrecedence;

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

constexpr int kAtomic = 100;

std::string Print(const Expr& expr, int min_precedence);

std::string JoinExprs(const std::vector<ExprPtr>& items, std::string_view sep = ", ") {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += sep;
    out += Print(*items[i], 0);
  }
  return out;
}

std::string JoinIdents(const std::vector<Ident>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += items[i].ToString();
  }
  return out;
}

std::string OrderBy(const std::vector<OrderByItem>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += Print(*items[i].expr, 0);
    if (items[i].asc) out += *items[i].asc ? " ASC" : " DESC";
    if (items[i].nulls_first) out += *items[i].nulls_first ? " NULLS FIRST" : " NULLS LAST";
  }
  return out;
}

std::string Bound(const FrameBound& b) {
  switch (b.kind) {
    case FrameBoundKind::kUnboundedPreceding: return "UNBOUNDED PRECEDING";
    case FrameBoundKind::kUnboundedFollowing: return "UNBOUNDED FOLLOWING";
    case FrameBoundKind::kCurrentRow: return "CURRENT ROW";
    case FrameBoundKind::kPreceding: return Print(*b.offset, internal::kPrecCompare + 1) + " PRECEDING";
    case FrameBoundKind::kFollowing: return Print(*b.offset, internal::kPrecCompare + 1) + " FOLLOWING";
  }
  return "";
}

std::string Window(const WindowSpec& w) {
  if (w.name) return w.name->ToString();
  std::vector<std::string> parts;
  if (!w.partition_by.empty()) parts.push_back("PARTITION BY " + JoinExprs(w.partition_by));
  if (!w.order_by.empty()) parts.push_back("ORDER BY " + OrderBy(w.order_by));
  if (w.frame) {
    std::string units = w.frame->units == FrameUnits::kRows    ? "ROWS"
                        : w.frame->units == FrameUnits::kRange ? "RANGE"
                                                               : "GROUPS";
    if (w.frame->end) {
      parts.push_back(fmt::format("{} BETWEEN {} AND {}", units, Bound(w.frame->start),
                                  Bound(*w.frame->end)));
    } else {
      parts.push_back(units + " " + Bound(w.frame->start));
    }
  }
  return "(" + fmt::format("{}", fmt::join(parts, " ")) + ")";
}

std::string Function(const FunctionCall& f) {
  switch (f.syntax) {
    case FunctionSyntax::kNoParens: return AsciiUpper(f.name.ToString());
    case FunctionSyntax::kExtract:
      return fmt::format("EXTRACT({} FROM {})", f.args[0]->As<Literal>()->text,
                         Print(*f.args[1], 0));
    case FunctionSyntax::kPosition:
      return fmt::format("POSITION({} IN {})", Print(*f.args[1], internal::kPrecCompare + 1),
                         Print(*f.args[0], 0));
    case FunctionSyntax::kSubstring: {
      std::string out = fmt::format("SUBSTRING({} FROM {}", Print(*f.args[0], 0),
                                    Print(*f.args[1], 0));
      if (f.args.size() > 2) out += " FOR " + Print(*f.args[2], 0);
      return out + ")";
    }
    case FunctionSyntax::kTrim: {
      std::string_view name = f.name.back().value;
      std::string where = name == "ltrim" ? "LEADING" : name == "rtrim" ? "TRAILING" : "BOTH";
      std::string chars = f.args.size() > 1 ? Print(*f.args[1], 0) + " " : "";
      return fmt::format("TRIM({} {}FROM {})", where, chars, Print(*f.args[0], 0));
    }
    case FunctionSyntax::kCall: break;
  }
  std::string out = f.name.ToString() + "(";
  if (f.distinct) out += "DISTINCT ";
  out += JoinExprs(f.args);
  if (!f.order_by.empty()) out += " ORDER BY " + OrderBy(f.order_by);
  out += ")";
  if (!f.within_group.empty()) out += " WITHIN GROUP (ORDER BY " + OrderBy(f.within_group) + ")";
  if (f.filter) out += " FILTER (WHERE " + Print(*f.filter, 0) + ")";
  if (f.ignore_nulls) out += *f.ignore_nulls ? " IGNORE NULLS" : " RESPECT NULLS";
  if (f.over) out += " OVER " + Window(*f.over);
  return out;
}

std::string LiteralText(const Literal& lit) {
  switch (lit.kind) {
    case LiteralKind::kNull: return "NULL";
    case LiteralKind::kBoolean: return lit.bool_value ? "TRUE" : "FALSE";
    case LiteralKind::kInteger:
    case LiteralKind::kFloat: return lit.text;
    case LiteralKind::kString: return QuoteString(lit.text);
    case LiteralKind::kHexString: return "X'" + lit.text + "'";
    case LiteralKind::kDefault: return "DEFAULT";
  }
  return "";
}

// A duration of RANGE / ALIGN: '5s' or (expr).
std::string Duration(const Expr& e) {
  if (const auto* lit = e.As<Literal>(); lit != nullptr && lit->kind == LiteralKind::kString) {
    return QuoteString(lit->text);
  }
  return "(" + Print(e, 0) + ")";
}

std::string PrintUnary(const UnaryExpr& e) {
  switch (e.op) {
    case UnaryOp::kNot: return "NOT " + Print(*e.operand, internal::kPrecNot);
    case UnaryOp::kMinus:
    case UnaryOp::kPlus: {
      std::string operand = Print(*e.operand, internal::kPrecUnary);
      std::string sign = e.op == UnaryOp::kMinus ? "-" : "+";
      // "- -1", not "--1" (a comment).
      if (!operand.empty() && (operand[0] == '-' || operand[0] == '+')) sign += ' ';
      return sign + operand;
    }
    case UnaryOp::kBitNot: return "~" + Print(*e.operand, internal::kPrecUnary);
  }
  return "";
}

std::string PrintCast(const CastExpr& e) {
  switch (e.syntax) {
    case CastSyntax::kCast: return fmt::format("CAST({} AS {})", Print(*e.operand, 0), e.type.text);
    case CastSyntax::kTryCast:
      return fmt::format("TRY_CAST({} AS {})", Print(*e.operand, 0), e.type.text);
    case CastSyntax::kDoubleColon:
      return Print(*e.operand, internal::kPrecCast) + "::" + e.type.text;
    case CastSyntax::kTypedString: return e.type.text + " " + Print(*e.operand, 0);
  }
  return "";
}

std::string PrintLike(const LikeExpr& e) {
  using internal::kPrecCompare;
  std::string_view op = e.op == LikeOp::kLike        ? "LIKE"
                        : e.op == LikeOp::kILike     ? "ILIKE"
                        : e.op == LikeOp::kSimilarTo ? "SIMILAR TO"
                                                     : "REGEXP";
  std::string out = fmt::format("{}{} {} {}", Print(*e.operand, kPrecCompare),
                                e.negated ? " NOT" : "", op, Print(*e.pattern, kPrecCompare + 1));
  if (e.escape) out += " ESCAPE " + Print(*e.escape, kPrecCompare + 1);
  return out;
}

std::string PrintIs(const IsExpr& e) {
  std::string out = Print(*e.operand, internal::kPrecIs) + (e.negated ? " IS NOT " : " IS ");
  switch (e.test) {
    case IsTest::kNull: return out + "NULL";
    case IsTest::kTrue: return out + "TRUE";
    case IsTest::kFalse: return out + "FALSE";
    case IsTest::kUnknown: return out + "UNKNOWN";
    case IsTest::kDistinctFrom:
      return out + "DISTINCT FROM " + Print(*e.other, internal::kPrecIs + 1);
  }
  return out;
}

std::string Raw(const Expr& expr) {
  using internal::kPrecCast;
  using internal::kPrecCompare;
  return std::visit(
      Overloaded{
          [](const Literal& e) { return LiteralText(e); },
          [](const ColumnRef& e) {
            std::string out;
            for (size_t i = 0; i < e.parts.size(); ++i) {
              if (i > 0) out += '.';
              out += e.parts[i].ToString();
            }
            return out;
          },
          [](const Wildcard& e) {
            std::string out;
            for (const Ident& q : e.qualifier) out += q.ToString() + ".";
            out += "*";
            if (!e.except.empty()) out += " EXCEPT (" + JoinIdents(e.except) + ")";
            return out;
          },
          [](const Placeholder& e) { return e.text; },
          [](const UnaryExpr& e) { return PrintUnary(e); },
          [](const BinaryExpr& e) {
            int p = BinaryOpPrecedence(e.op);
            return fmt::format("{} {} {}", Print(*e.left, p), ToString(e.op), Print(*e.right, p + 1));
          },
          [](const FunctionCall& e) { return Function(e); },
          [](const CaseExpr& e) {
            std::string out = "CASE";
            if (e.operand) out += " " + Print(*e.operand, 0);
            for (const WhenClause& w : e.whens) {
              out += " WHEN " + Print(*w.condition, 0) + " THEN " + Print(*w.result, 0);
            }
            if (e.else_result) out += " ELSE " + Print(*e.else_result, 0);
            return out + " END";
          },
          [](const CastExpr& e) { return PrintCast(e); },
          [](const InListExpr& e) {
            return fmt::format("{}{} IN ({})", Print(*e.operand, kPrecCompare),
                               e.negated ? " NOT" : "", JoinExprs(e.list));
          },
          [](const InSubqueryExpr& e) {
            return fmt::format("{}{} IN ({})", Print(*e.operand, kPrecCompare),
                               e.negated ? " NOT" : "", ToString(*e.query));
          },
          [](const ExistsExpr& e) {
            return fmt::format("{}EXISTS ({})", e.negated ? "NOT " : "", ToString(*e.query));
          },
          [](const SubqueryExpr& e) { return "(" + ToString(*e.query) + ")"; },
          [](const BetweenExpr& e) {
            return fmt::format("{}{} BETWEEN {} AND {}", Print(*e.operand, kPrecCompare),
                               e.negated ? " NOT" : "", Print(*e.low, kPrecCompare + 1),
                               Print(*e.high, kPrecCompare + 1));
          },
          [](const LikeExpr& e) { return PrintLike(e); },
          [](const IsExpr& e) { return PrintIs(e); },
          [](const IntervalExpr& e) {
            std::string out = "INTERVAL " + Print(*e.value, internal::kPrecUnary);
            if (!e.leading_field.empty()) out += " " + e.leading_field;
            if (!e.last_field.empty()) out += " TO " + e.last_field;
            return out;
          },
          [](const RangeExpr& e) {
            std::string out = Print(*e.operand, kPrecCast) + " RANGE " + Duration(*e.range);
            if (e.fill) out += " FILL " + *e.fill;
            return out;
          },
          [](const TupleExpr& e) { return "(" + JoinExprs(e.items) + ")"; },
          [](const ArrayExpr& e) {
            return std::string(e.array_keyword ? "ARRAY[" : "[") + JoinExprs(e.items) + "]";
          },
          [](const SubscriptExpr& e) {
            std::string out = Print(*e.operand, internal::kPrecPostfix) + "[";
            if (e.index) out += Print(*e.index, 0);
            if (e.slice) out += ":";
            if (e.upper) out += Print(*e.upper, 0);
            return out + "]";
          },
          [](const AtTimeZoneExpr& e) {
            return Print(*e.operand, internal::kPrecAtTimeZone) + " AT TIME ZONE " +
                   Print(*e.zone, internal::kPrecAtTimeZone + 1);
          },
      },
      expr.node);
}

std::string Print(const Expr& expr, int min_precedence) {
  std::string text = Raw(expr);
  if (ExprPrecedence(expr) < min_precedence) return "(" + text + ")";
  return text;
}

std::string SetOpText(const SetOperation& s) {
  std::string out = s.op == SetOpKind::kUnion       ? "UNION"
                    : s.op == SetOpKind::kIntersect ? "INTERSECT"
                                                    : "EXCEPT";
  if (s.quantifier == SetQuantifier::kAll) out += " ALL";
  if (s.quantifier == SetQuantifier::kDistinct) out += " DISTINCT";
  return out;
}

int SetOpPrecedence(SetOpKind op) { return op == SetOpKind::kIntersect ? 20 : 10; }

std::string PrintSelect(const Select& s) {
  std::string out = "SELECT ";
  if (s.distinct) {
    out += "DISTINCT ";
    if (!s.distinct_on.empty()) out += "ON (" + JoinExprs(s.distinct_on) + ") ";
  }
  for (size_t i = 0; i < s.items.size(); ++i) {
    if (i > 0) out += ", ";
    out += Print(*s.items[i].expr, 0);
    if (s.items[i].alias) out += " AS " + s.items[i].alias->ToString();
  }
  if (!s.from.empty()) {
    out += " FROM ";
    for (size_t i = 0; i < s.from.size(); ++i) {
      if (i > 0) out += ", ";
      out += ToString(*s.from[i]);
    }
  }
  if (s.where) out += " WHERE " + Print(*s.where, 0);
  if (!s.group_by.empty()) out += " GROUP BY " + JoinExprs(s.group_by);
  if (s.align) {
    out += " ALIGN " + Duration(*s.align->duration);
    if (s.align->to) out += " TO " + Duration(*s.align->to);
    if (s.align->has_by) out += " BY (" + JoinExprs(s.align->by) + ")";
  }
  if (s.fill) out += " FILL " + *s.fill;
  if (s.having) out += " HAVING " + Print(*s.having, 0);
  for (size_t i = 0; i < s.windows.size(); ++i) {
    out += i == 0 ? " WINDOW " : ", ";
    out += s.windows[i].name.ToString() + " AS " + Window(*s.windows[i].spec);
  }
  return out;
}

std::string PrintBody(const QueryBody& body, int min_precedence) {
  return std::visit(
      Overloaded{
          [](const Select& s) { return PrintSelect(s); },
          [&](const SetOperation& s) {
            int p = SetOpPrecedence(s.op);
            std::string out = PrintBody(*s.left, p) + " " + SetOpText(s) + " " +
                              PrintBody(*s.right, p + 1);
            return p < min_precedence ? "(" + out + ")" : out;
          },
          [](const QueryPtr& q) { return "(" + ToString(*q) + ")"; },
          [](const Values& v) {
            std::string out = "VALUES ";
            for (size_t i = 0; i < v.rows.size(); ++i) {
              if (i > 0) out += ", ";
              out += "(" + JoinExprs(v.rows[i]) + ")";
            }
            return out;
          },
      },
      body.node);
}

std::string Alias(const std::optional<TableAlias>& alias) {
  if (!alias) return "";
  std::string out = " AS " + alias->name.ToString();
  if (!alias->columns.empty()) out += "(" + JoinIdents(alias->columns) + ")";
  return out;
}

std::string JoinTypeText(const Join& j) {
  std::string out = j.natural ? "NATURAL " : "";
  switch (j.type) {
    case JoinType::kInner: return out + "JOIN";
    case JoinType::kLeft: return out + "LEFT JOIN";
    case JoinType::kRight: return out + "RIGHT JOIN";
    case JoinType::kFull: return out + "FULL JOIN";
    case JoinType::kCross: return out + "CROSS JOIN";
    case JoinType::kLeftSemi: return out + "LEFT SEMI JOIN";
    case JoinType::kRightSemi: return out + "RIGHT SEMI JOIN";
    case JoinType::kLeftAnti: return out + "LEFT ANTI JOIN";
    case JoinType::kRightAnti: return out + "RIGHT ANTI JOIN";
  }
  return out;
}

}  // namespace

namespace internal {

int BinaryOpPrecedence(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return kPrecOr;
    case BinaryOp::kXor: return kPrecXor;
    case BinaryOp::kAnd: return kPrecAnd;
    case BinaryOp::kEq:
    case BinaryOp::kNotEq:
    case BinaryOp::kLt:
    case BinaryOp::kLtEq:
    case BinaryOp::kGt:
    case BinaryOp::kGtEq:
    case BinaryOp::kSpaceship:
    case BinaryOp::kRegexMatch:
    case BinaryOp::kRegexIMatch:
    case BinaryOp::kRegexNotMatch:
    case BinaryOp::kRegexNotIMatch:
    case BinaryOp::kAtArrow:
    case BinaryOp::kArrowAt: return kPrecCompare;
    case BinaryOp::kConcat: return kPrecConcat;
    case BinaryOp::kBitOr: return kPrecBitOr;
    case BinaryOp::kBitXor: return kPrecBitXor;
    case BinaryOp::kBitAnd: return kPrecBitAnd;
    case BinaryOp::kShiftLeft:
    case BinaryOp::kShiftRight: return kPrecShift;
    case BinaryOp::kPlus:
    case BinaryOp::kMinus: return kPrecPlusMinus;
    case BinaryOp::kMultiply:
    case BinaryOp::kDivide:
    case BinaryOp::kModulo:
    case BinaryOp::kIntegerDivide: return kPrecMulDiv;
    case BinaryOp::kArrow:
    case BinaryOp::kLongArrow: return kPrecPostfix;
  }
  return kPrecLowest;
}

int ExprPrecedence(const Expr& expr) {
  return std::visit(
      Overloaded{
          [](const UnaryExpr& e) -> int { return e.op == UnaryOp::kNot ? kPrecNot : kPrecUnary; },
          [](const BinaryExpr& e) -> int { return BinaryOpPrecedence(e.op); },
          [](const CastExpr& e) -> int {
            return e.syntax == CastSyntax::kDoubleColon ? kPrecCast : kAtomic;
          },
          [](const InListExpr&) -> int { return kPrecCompare; },
          [](const InSubqueryExpr&) -> int { return kPrecCompare; },
          [](const BetweenExpr&) -> int { return kPrecCompare; },
          [](const LikeExpr&) -> int { return kPrecCompare; },
          [](const IsExpr&) -> int { return kPrecIs; },
          [](const AtTimeZoneExpr&) -> int { return kPrecAtTimeZone; },
          [](const SubscriptExpr&) -> int { return kPrecPostfix; },
          [](const RangeExpr&) -> int { return kPrecPostfix + 1; },
          // INTERVAL <value> <unit> ends with an optional word: keep it apart from what follows.
          [](const IntervalExpr&) -> int { return kPrecPostfix + 1; },
          [](const auto&) -> int { return kAtomic; },
      },
      expr.node);
}

}  // namespace internal

std::string ToString(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return "OR";
    case BinaryOp::kAnd: return "AND";
    case BinaryOp::kXor: return "XOR";
    case BinaryOp::kEq: return "=";
    case BinaryOp::kNotEq: return "<>";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLtEq: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGtEq: return ">=";
    case BinaryOp::kSpaceship: return "<=>";
    case BinaryOp::kPlus: return "+";
    case BinaryOp::kMinus: return "-";
    case BinaryOp::kMultiply: return "*";
    case BinaryOp::kDivide: return "/";
    case BinaryOp::kModulo: return "%";
    case BinaryOp::kIntegerDivide: return "DIV";
    case BinaryOp::kConcat: return "||";
    case BinaryOp::kBitAnd: return "&";
    case BinaryOp::kBitOr: return "|";
    case BinaryOp::kBitXor: return "^";
    case BinaryOp::kShiftLeft: return "<<";
    case BinaryOp::kShiftRight: return ">>";
    case BinaryOp::kRegexMatch: return "~";
    case BinaryOp::kRegexIMatch: return "~*";
    case BinaryOp::kRegexNotMatch: return "!~";
    case BinaryOp::kRegexNotIMatch: return "!~*";
    case BinaryOp::kArrow: return "->";
    case BinaryOp::kLongArrow: return "->>";
    case BinaryOp::kAtArrow: return "@>";
    case BinaryOp::kArrowAt: return "<@";
  }
  return "?";
}

std::string ToString(const Expr& expr) { return Print(expr, 0); }

std::string ToString(const Query& query) {
  std::string out;
  if (query.with) {
    out += "WITH ";
    if (query.with->recursive) out += "RECURSIVE ";
    for (size_t i = 0; i < query.with->ctes.size(); ++i) {
      const Cte& cte = query.with->ctes[i];
      if (i > 0) out += ", ";
      out += cte.name.ToString();
      if (!cte.columns.empty()) out += " (" + JoinIdents(cte.columns) + ")";
      out += " AS (";
      out += cte.tql ? ToString(*cte.tql) : ToString(*cte.query);
      out += ")";
    }
    out += " ";
  }
  out += PrintBody(*query.body, 0);
  if (!query.order_by.empty()) out += " ORDER BY " + OrderBy(query.order_by);
  if (query.limit) out += " LIMIT " + Print(*query.limit, 0);
  if (query.offset) out += " OFFSET " + Print(*query.offset, 0);
  return out;
}

std::string ToString(const TableRef& table) {
  return std::visit(
      Overloaded{
          [](const BaseTable& t) { return t.name.ToString() + Alias(t.alias); },
          [](const DerivedTable& t) {
            return std::string(t.lateral ? "LATERAL " : "") + "(" + ToString(*t.query) + ")" +
                   Alias(t.alias);
          },
          [](const TableFunction& t) { return Print(*t.call, 0) + Alias(t.alias); },
          [](const Join& j) {
            std::string right = ToString(*j.right);
            if (std::holds_alternative<Join>(j.right->node)) right = "(" + right + ")";
            std::string out = ToString(*j.left) + " " + JoinTypeText(j) + " " + right;
            if (j.on) out += " ON " + Print(*j.on, 0);
            if (!j.using_columns.empty()) out += " USING (" + JoinIdents(j.using_columns) + ")";
            return out;
          },
      },
      table.node);
}

std::string ToString(const Tql& tql) {
  std::string out = "TQL ";
  out += tql.kind == TqlKind::kEval ? "EVAL" : tql.kind == TqlKind::kExplain ? "EXPLAIN" : "ANALYZE";
  if (tql.verbose) out += " VERBOSE";
  if (!tql.format.empty()) out += " FORMAT " + tql.format;
  if (tql.start) {
    out += " (" + Print(*tql.start, 0) + ", " + Print(*tql.end, 0) + ", " + Print(*tql.step, 0);
    if (tql.lookback) out += ", " + Print(*tql.lookback, 0);
    out += ")";
  }
  out += " " + tql.query;
  if (tql.alias) out += " AS " + tql.alias->ToString();
  return out;
}

}  // namespace greptime::query::sql
