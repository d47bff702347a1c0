// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Expression parsing: a precedence-climbing (Pratt) parser over the token stream, plus
// GreptimeDB's `<expr> RANGE <duration> [FILL <fill>]` postfix.
#include <charconv>
#include <cstdlib>
#include <utility>

#include "query/sql/parser.h"
#include "query/sql/parser_impl.h"

namespace greptime::query::sql::internal {
namespace {

bool IsWordIn(const Token& t, std::initializer_list<std::string_view> words) {
  if (!t.IsWord() || t.quote != 0) return false;
  for (std::string_view w : words) {
    if (EqualsIgnoreCase(t.text, w)) return true;
  }
  return false;
}

// Words that cannot start an expression (so `SELECT FROM t` reports the missing expression).
bool CannotStartExpression(const Token& t) {
  return IsWordIn(t, {"FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "UNION",
                      "INTERSECT", "EXCEPT", "SELECT", "JOIN", "ON", "USING", "WHEN", "THEN",
                      "ELSE", "END", "AND", "OR", "AS", "INTO", "WINDOW"});
}

bool IsValueToken(const Token& t) {
  return t.type == TokenType::kString || t.type == TokenType::kNumber ||
         t.type == TokenType::kHexString || (t.IsWord() && t.quote == '"') ||
         IsWordIn(t, {"NULL", "TRUE", "FALSE"});
}

std::optional<BinaryOp> SymbolOp(TokenType type) {
  switch (type) {
    case TokenType::kEq:
    case TokenType::kDoubleEq: return BinaryOp::kEq;
    case TokenType::kNotEq: return BinaryOp::kNotEq;
    case TokenType::kLt: return BinaryOp::kLt;
    case TokenType::kLtEq: return BinaryOp::kLtEq;
    case TokenType::kGt: return BinaryOp::kGt;
    case TokenType::kGtEq: return BinaryOp::kGtEq;
    case TokenType::kSpaceship: return BinaryOp::kSpaceship;
    case TokenType::kPlus: return BinaryOp::kPlus;
    case TokenType::kMinus: return BinaryOp::kMinus;
    case TokenType::kStar: return BinaryOp::kMultiply;
    case TokenType::kSlash: return BinaryOp::kDivide;
    case TokenType::kPercent: return BinaryOp::kModulo;
    case TokenType::kConcat: return BinaryOp::kConcat;
    case TokenType::kPipe: return BinaryOp::kBitOr;
    case TokenType::kAmpersand: return BinaryOp::kBitAnd;
    case TokenType::kCaret: return BinaryOp::kBitXor;
    case TokenType::kShiftLeft: return BinaryOp::kShiftLeft;
    case TokenType::kShiftRight: return BinaryOp::kShiftRight;
    case TokenType::kTilde: return BinaryOp::kRegexMatch;
    case TokenType::kTildeStar: return BinaryOp::kRegexIMatch;
    case TokenType::kExclTilde: return BinaryOp::kRegexNotMatch;
    case TokenType::kExclTildeStar: return BinaryOp::kRegexNotIMatch;
    case TokenType::kArrow: return BinaryOp::kArrow;
    case TokenType::kLongArrow: return BinaryOp::kLongArrow;
    case TokenType::kAtArrow: return BinaryOp::kAtArrow;
    case TokenType::kArrowAt: return BinaryOp::kArrowAt;
    default: return std::nullopt;
  }
}

Literal NumberLiteral(const std::string& text) {
  Literal lit;
  lit.text = text;
  bool is_float = text.find_first_of(".eE") != std::string::npos;
  // from_chars ignores the C locale; strtod only settles out-of-range values (inf or 0).
  auto [fptr, fec] = std::from_chars(text.data(), text.data() + text.size(), lit.float_value);
  (void)fptr;
  if (fec == std::errc::result_out_of_range) lit.float_value = std::strtod(text.c_str(), nullptr);
  if (is_float) {
    lit.kind = LiteralKind::kFloat;
    return lit;
  }
  lit.kind = LiteralKind::kInteger;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), lit.int_value);
  lit.int_overflow = ec != std::errc() || ptr != text.data() + text.size();
  return lit;
}

}  // namespace

bool IsIntervalUnit(const Token& t) {
  return IsWordIn(t, {"YEAR",   "YEARS",   "MONTH",       "MONTHS",       "WEEK",
                      "WEEKS",  "DAY",     "DAYS",        "HOUR",         "HOURS",
                      "MINUTE", "MINUTES", "SECOND",      "SECONDS",      "MILLISECOND",
                      "MILLISECONDS", "MICROSECOND", "MICROSECONDS", "NANOSECOND",
                      "NANOSECONDS",  "DECADE",  "DECADES", "CENTURY", "CENTURIES",
                      "MILLENNIUM",   "MILLENNIA", "QUARTER", "QUARTERS"});
}

Result<ExprPtr> Parser::ParseExpr() { return ParseSubexpr(kPrecLowest); }

Result<ExprPtr> Parser::ParseSubexpr(int precedence) {
  DepthGuard guard(*this);
  GT_RETURN_IF_ERROR(guard.status());
  GT_ASSIGN_OR_RETURN(ExprPtr expr, ParsePrefix());
  while (true) {
    GT_ASSIGN_OR_RETURN(expr, MaybeParseRange(std::move(expr)));
    int next = NextPrecedence();
    if (precedence >= next) break;
    GT_ASSIGN_OR_RETURN(expr, ParseInfix(std::move(expr), next));
  }
  return expr;
}

int Parser::NextPrecedence() const {
  const Token& t = Peek();
  if (t.IsWord()) {
    if (t.quote != 0) return 0;
    if (t.IsKeyword("OR")) return kPrecOr;
    if (t.IsKeyword("AND")) return kPrecAnd;
    if (t.IsKeyword("XOR")) return kPrecXor;
    if (t.IsKeyword("IS")) return kPrecIs;
    if (IsWordIn(t, {"IN", "LIKE", "ILIKE", "BETWEEN", "SIMILAR", "REGEXP", "RLIKE"})) {
      return kPrecCompare;
    }
    if (t.IsKeyword("NOT") &&
        IsWordIn(Peek(1), {"IN", "LIKE", "ILIKE", "BETWEEN", "SIMILAR", "REGEXP", "RLIKE"})) {
      return kPrecCompare;
    }
    if (t.IsKeyword("AT") && PeekKeyword("TIME", 1) && PeekKeyword("ZONE", 2)) {
      return kPrecAtTimeZone;
    }
    if (t.IsKeyword("DIV")) return kPrecMulDiv;
    return 0;
  }
  switch (t.type) {
    case TokenType::kEq:
    case TokenType::kDoubleEq:
    case TokenType::kNotEq:
    case TokenType::kLt:
    case TokenType::kLtEq:
    case TokenType::kGt:
    case TokenType::kGtEq:
    case TokenType::kSpaceship:
    case TokenType::kTilde:
    case TokenType::kTildeStar:
    case TokenType::kExclTilde:
    case TokenType::kExclTildeStar:
    case TokenType::kAtArrow:
    case TokenType::kArrowAt: return kPrecCompare;
    case TokenType::kConcat: return kPrecConcat;
    case TokenType::kPipe: return kPrecBitOr;
    case TokenType::kCaret: return kPrecBitXor;
    case TokenType::kAmpersand: return kPrecBitAnd;
    case TokenType::kShiftLeft:
    case TokenType::kShiftRight: return kPrecShift;
    case TokenType::kPlus:
    case TokenType::kMinus: return kPrecPlusMinus;
    case TokenType::kStar:
    case TokenType::kSlash:
    case TokenType::kPercent: return kPrecMulDiv;
    case TokenType::kDoubleColon: return kPrecCast;
    case TokenType::kLBracket:
    case TokenType::kArrow:
    case TokenType::kLongArrow: return kPrecPostfix;
    default: return 0;
  }
}

Result<ExprPtr> Parser::ParseInfix(ExprPtr left, int precedence) {
  const Position pos = left->pos;
  const Token& op = Peek();
  if (auto symbol = SymbolOp(op.type)) {
    Next();
    GT_ASSIGN_OR_RETURN(ExprPtr right, ParseSubexpr(precedence));
    return MakeExpr(BinaryExpr{*symbol, std::move(left), std::move(right)}, pos);
  }
  if (op.type == TokenType::kDoubleColon) {
    Next();
    GT_ASSIGN_OR_RETURN(TypeName type, ParseTypeName());
    return MakeExpr(CastExpr{std::move(left), std::move(type), CastSyntax::kDoubleColon}, pos);
  }
  if (op.type == TokenType::kLBracket) {
    Next();
    SubscriptExpr sub;
    sub.operand = std::move(left);
    if (!PeekIs(TokenType::kColon)) {
      GT_ASSIGN_OR_RETURN(sub.index, ParseExpr());
    }
    if (Consume(TokenType::kColon)) {
      sub.slice = true;
      if (!PeekIs(TokenType::kRBracket)) {
        GT_ASSIGN_OR_RETURN(sub.upper, ParseExpr());
      }
    }
    GT_RETURN_IF_ERROR(Expect(TokenType::kRBracket, "]"));
    return MakeExpr(std::move(sub), pos);
  }
  if (op.IsKeyword("AND") || op.IsKeyword("OR") || op.IsKeyword("XOR") || op.IsKeyword("DIV")) {
    BinaryOp bop = op.IsKeyword("AND")  ? BinaryOp::kAnd
                   : op.IsKeyword("OR") ? BinaryOp::kOr
                   : op.IsKeyword("XOR") ? BinaryOp::kXor
                                         : BinaryOp::kIntegerDivide;
    Next();
    GT_ASSIGN_OR_RETURN(ExprPtr right, ParseSubexpr(precedence));
    return MakeExpr(BinaryExpr{bop, std::move(left), std::move(right)}, pos);
  }
  if (op.IsKeyword("IS")) {
    Next();
    IsExpr is;
    is.operand = std::move(left);
    is.negated = ConsumeKeyword("NOT");
    if (ConsumeKeyword("NULL")) {
      is.test = IsTest::kNull;
    } else if (ConsumeKeyword("TRUE")) {
      is.test = IsTest::kTrue;
    } else if (ConsumeKeyword("FALSE")) {
      is.test = IsTest::kFalse;
    } else if (ConsumeKeyword("UNKNOWN")) {
      is.test = IsTest::kUnknown;
    } else if (ConsumeKeywords({"DISTINCT", "FROM"})) {
      is.test = IsTest::kDistinctFrom;
      GT_ASSIGN_OR_RETURN(is.other, ParseSubexpr(kPrecIs));
    } else {
      return Expected("[NOT] NULL | TRUE | FALSE | DISTINCT | [form] NORMALIZED FROM after IS");
    }
    return MakeExpr(std::move(is), pos);
  }
  if (op.IsKeyword("NOT")) {
    Next();
    return ParseInOrBetweenOrLike(std::move(left), /*negated=*/true);
  }
  if (op.IsKeyword("AT")) {
    Next();
    Next();
    Next();
    GT_ASSIGN_OR_RETURN(ExprPtr zone, ParseSubexpr(kPrecAtTimeZone));
    return MakeExpr(AtTimeZoneExpr{std::move(left), std::move(zone)}, pos);
  }
  if (NextPrecedence() == kPrecCompare && op.IsWord()) {
    return ParseInOrBetweenOrLike(std::move(left), /*negated=*/false);
  }
  return Expected("an operator");
}

Result<ExprPtr> Parser::ParseInOrBetweenOrLike(ExprPtr left, bool negated) {
  const Position pos = left->pos;
  if (ConsumeKeyword("IN")) {
    GT_RETURN_IF_ERROR(Expect(TokenType::kLParen, "("));
    if (PeekQueryStart()) {
      GT_ASSIGN_OR_RETURN(QueryPtr query, ParseQuery());
      GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
      return MakeExpr(InSubqueryExpr{std::move(left), std::move(query), negated}, pos);
    }
    GT_ASSIGN_OR_RETURN(std::vector<ExprPtr> list, ParseExprList(TokenType::kRParen, ")"));
    return MakeExpr(InListExpr{std::move(left), std::move(list), negated}, pos);
  }
  if (ConsumeKeyword("BETWEEN")) {
    GT_ASSIGN_OR_RETURN(ExprPtr low, ParseSubexpr(kPrecCompare));
    GT_RETURN_IF_ERROR(ExpectKeyword("AND"));
    GT_ASSIGN_OR_RETURN(ExprPtr high, ParseSubexpr(kPrecCompare));
    return MakeExpr(BetweenExpr{std::move(left), std::move(low), std::move(high), negated}, pos);
  }
  LikeExpr like;
  if (ConsumeKeyword("LIKE")) {
    like.op = LikeOp::kLike;
  } else if (ConsumeKeyword("ILIKE")) {
    like.op = LikeOp::kILike;
  } else if (ConsumeKeywords({"SIMILAR", "TO"})) {
    like.op = LikeOp::kSimilarTo;
  } else if (ConsumeKeyword("REGEXP") || ConsumeKeyword("RLIKE")) {
    like.op = LikeOp::kRegexp;
  } else {
    return Expected("IN or BETWEEN after NOT");
  }
  like.operand = std::move(left);
  like.negated = negated;
  GT_ASSIGN_OR_RETURN(like.pattern, ParseSubexpr(kPrecCompare));
  if (ConsumeKeyword("ESCAPE")) {
    GT_ASSIGN_OR_RETURN(like.escape, ParseSubexpr(kPrecCompare));
  }
  return MakeExpr(std::move(like), pos);
}

Result<std::vector<ExprPtr>> Parser::ParseExprList(TokenType close, std::string_view display) {
  std::vector<ExprPtr> items;
  if (Consume(close)) return items;
  while (true) {
    GT_ASSIGN_OR_RETURN(ExprPtr item, ParseExpr());
    items.push_back(std::move(item));
    if (Consume(TokenType::kComma)) {
      if (Consume(close)) break;  // trailing comma
      continue;
    }
    GT_RETURN_IF_ERROR(Expect(close, display));
    break;
  }
  return items;
}

Result<ExprPtr> Parser::MaybeParseRange(ExprPtr expr) {
  if (no_range_) return expr;
  if (PeekKeyword("FILL")) {
    return SyntaxError("Detect FILL keyword in SELECT Expr, but no RANGE given or RANGE after FILL");
  }
  if (!PeekKeyword("RANGE")) return expr;
  const Token& arg = Peek(1);
  if (arg.type != TokenType::kLParen && !IsValueToken(arg)) {
    return expr;  // RANGE of a window frame, or an identifier
  }
  Next();  // RANGE
  RangeExpr range;
  GT_ASSIGN_OR_RETURN(range.range, ParseRangeDuration());
  if (ConsumeKeyword("FILL")) {
    if (PeekIs(TokenType::kEof)) return Expected("fill value");
    range.fill = Next().Display();
  }
  if (!ContainsFunction(*expr)) {
    return SyntaxError(
        fmt::format("Can't use the RANGE keyword in Expr {} without function", ToString(*expr)));
  }
  const Position pos = expr->pos;
  range.operand = std::move(expr);
  return MakeExpr(std::move(range), pos);
}

Result<ExprPtr> Parser::ParseRangeDuration() {
  if (Consume(TokenType::kLParen)) {
    GT_ASSIGN_OR_RETURN(ExprPtr e, ParseExpr());
    GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
    return e;
  }
  if (!IsValueToken(Peek())) return Expected("a value");
  const Token& value = Next();
  bool is_string = value.type == TokenType::kString || value.quote == '"';
  if (!is_string) {
    return SyntaxError(fmt::format("not a valid duration string: {}", value.Display()));
  }
  if (value.text.empty()) return SyntaxError("empty duration string");
  if (value.text == "0") return SyntaxError("duration must be greater than 0");
  if (!IsRangeDuration(value.text)) {
    return SyntaxError(fmt::format("not a valid duration string: {}", value.text));
  }
  Literal lit;
  lit.kind = LiteralKind::kString;
  lit.text = value.text;
  return MakeExpr(std::move(lit), value.pos);
}

Result<ExprPtr> Parser::ParseLiteral() {
  const Token& t = Next();
  Literal lit;
  switch (t.type) {
    case TokenType::kNumber: return MakeExpr(NumberLiteral(t.text), t.pos);
    case TokenType::kString:
      lit.kind = LiteralKind::kString;
      lit.text = t.text;
      return MakeExpr(std::move(lit), t.pos);
    case TokenType::kHexString:
      lit.kind = LiteralKind::kHexString;
      lit.text = t.text;
      return MakeExpr(std::move(lit), t.pos);
    default: return ExpectedAt("a literal", t);
  }
}

Result<ExprPtr> Parser::ParsePrefix() {
  const Token& t = Peek();
  const Position pos = t.pos;
  switch (t.type) {
    case TokenType::kNumber:
    case TokenType::kString:
    case TokenType::kHexString: return ParseLiteral();
    case TokenType::kMinus:
    case TokenType::kPlus:
    case TokenType::kTilde:
    case TokenType::kExclamation: {
      UnaryOp op = t.type == TokenType::kMinus  ? UnaryOp::kMinus
                   : t.type == TokenType::kPlus ? UnaryOp::kPlus
                   : t.type == TokenType::kTilde ? UnaryOp::kBitNot
                                                 : UnaryOp::kNot;
      Next();
      GT_ASSIGN_OR_RETURN(ExprPtr operand,
                          ParseSubexpr(op == UnaryOp::kNot ? kPrecNot : kPrecUnary));
      return MakeExpr(UnaryExpr{op, std::move(operand)}, pos);
    }
    case TokenType::kLParen: return ParseParenthesized();
    case TokenType::kLBracket: {
      Next();
      GT_ASSIGN_OR_RETURN(std::vector<ExprPtr> items,
                          ParseExprList(TokenType::kRBracket, "]"));
      return MakeExpr(ArrayExpr{std::move(items), false}, pos);
    }
    case TokenType::kQuestion:
    case TokenType::kPlaceholder: return MakeExpr(Placeholder{Next().text}, pos);
    case TokenType::kWord: return ParseWordPrefix();
    default: return Expected("an expression");
  }
}

Result<ExprPtr> Parser::ParseParenthesized() {
  const Position pos = Next().pos;  // (
  if (PeekQueryStart()) {
    GT_ASSIGN_OR_RETURN(QueryPtr query, ParseQuery());
    GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
    return MakeExpr(SubqueryExpr{std::move(query)}, pos);
  }
  GT_ASSIGN_OR_RETURN(ExprPtr first, ParseExpr());
  if (Consume(TokenType::kComma)) {
    TupleExpr tuple;
    tuple.items.push_back(std::move(first));
    GT_ASSIGN_OR_RETURN(std::vector<ExprPtr> rest, ParseExprList(TokenType::kRParen, ")"));
    for (ExprPtr& e : rest) tuple.items.push_back(std::move(e));
    return MakeExpr(std::move(tuple), pos);
  }
  GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
  return first;
}

Result<ExprPtr> Parser::ParseKeywordExpr() {
  const Token& t = Peek();
  const Position pos = t.pos;
  const std::string kw = AsciiUpper(t.text);
  const bool call = PeekIs(TokenType::kLParen, 1);
  if (kw == "NULL" || kw == "TRUE" || kw == "FALSE" || (kw == "DEFAULT" && values_mode_)) {
    Next();
    Literal lit;
    lit.kind = kw == "NULL"      ? LiteralKind::kNull
               : kw == "DEFAULT" ? LiteralKind::kDefault
                                 : LiteralKind::kBoolean;
    lit.bool_value = kw == "TRUE";
    lit.text = lit.kind == LiteralKind::kBoolean ? AsciiLower(kw) : kw;
    return MakeExpr(std::move(lit), pos);
  }
  if (kw == "CASE") return ParseCase(pos);
  if (call && kw == "CAST") return ParseCast(CastSyntax::kCast, pos);
  if (call && (kw == "TRY_CAST" || kw == "SAFE_CAST")) return ParseCast(CastSyntax::kTryCast, pos);
  if (call && kw == "EXISTS") return ParseExists(false, pos);
  if (kw == "NOT") {
    Next();
    if (PeekKeyword("EXISTS") && PeekIs(TokenType::kLParen, 1)) return ParseExists(true, pos);
    GT_ASSIGN_OR_RETURN(ExprPtr operand, ParseSubexpr(kPrecNot));
    return MakeExpr(UnaryExpr{UnaryOp::kNot, std::move(operand)}, pos);
  }
  if (kw == "INTERVAL" && !call) return ParseInterval(pos);
  if (call && kw == "EXTRACT") return ParseExtract(pos);
  if (call && kw == "POSITION") return ParsePosition(pos);
  if (call && (kw == "SUBSTRING" || kw == "SUBSTR")) return ParseSubstring(pos);
  if (call && kw == "TRIM") return ParseTrim(pos);
  if (kw == "ARRAY" && PeekIs(TokenType::kLBracket, 1)) {
    Next();
    Next();
    GT_ASSIGN_OR_RETURN(std::vector<ExprPtr> items, ParseExprList(TokenType::kRBracket, "]"));
    return MakeExpr(ArrayExpr{std::move(items), true}, pos);
  }
  if ((kw == "DATE" || kw == "TIME" || kw == "TIMESTAMP" || kw == "DATETIME" ||
       kw == "TIMESTAMPTZ") &&
      PeekIs(TokenType::kString, 1)) {
    Next();
    GT_ASSIGN_OR_RETURN(ExprPtr value, ParseLiteral());
    return MakeExpr(CastExpr{std::move(value), TypeName{kw}, CastSyntax::kTypedString}, pos);
  }
  if (!call && (kw == "CURRENT_TIMESTAMP" || kw == "CURRENT_DATE" || kw == "CURRENT_TIME" ||
                kw == "LOCALTIME" || kw == "LOCALTIMESTAMP")) {
    Next();
    FunctionCall fn;
    fn.name.parts.push_back(Ident(AsciiLower(kw)));
    fn.syntax = FunctionSyntax::kNoParens;
    return MakeExpr(std::move(fn), pos);
  }
  if (CannotStartExpression(t)) return Expected("an expression");
  return ExprPtr();
}

Result<ExprPtr> Parser::ParseWordPrefix() {
  const Token& t = Peek();
  const Position pos = t.pos;
  if (t.quote == '"' && values_mode_) {
    Literal lit;
    lit.kind = LiteralKind::kString;
    lit.text = Next().text;
    lit.double_quoted = true;
    return MakeExpr(std::move(lit), pos);
  }
  if (t.quote == 0) {
    GT_ASSIGN_OR_RETURN(ExprPtr keyword_expr, ParseKeywordExpr());
    if (keyword_expr) return keyword_expr;
  }
  // Identifier chain: a, t.a, s.t.a, t.*, f(...), s.f(...).
  std::vector<Ident> parts;
  parts.push_back(MakeIdent(Next()));
  while (PeekIs(TokenType::kPeriod)) {
    if (PeekIs(TokenType::kWord, 1)) {
      Next();
      parts.push_back(MakeIdent(Next()));
    } else if (PeekIs(TokenType::kStar, 1)) {
      Next();
      Next();
      return MakeExpr(Wildcard{std::move(parts), {}}, pos);
    } else {
      Next();
      return Expected("identifier");
    }
  }
  if (PeekIs(TokenType::kLParen)) {
    ObjectName name;
    name.parts = std::move(parts);
    return ParseFunctionCall(std::move(name), pos);
  }
  return MakeExpr(ColumnRef{std::move(parts)}, pos);
}

}  // namespace greptime::query::sql::internal
