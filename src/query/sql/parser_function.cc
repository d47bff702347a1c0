// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Function calls (DISTINCT, ORDER BY inside, WITHIN GROUP, FILTER, OVER windows) and the
// keyword-shaped forms: CASE, CAST, EXISTS, INTERVAL, EXTRACT, POSITION, SUBSTRING, TRIM.
#include <utility>

#include "query/sql/parser_impl.h"

namespace greptime::query::sql::internal {
namespace {

ExprPtr StringLiteral(std::string text, Position pos) {
  Literal lit;
  lit.kind = LiteralKind::kString;
  lit.text = std::move(text);
  return MakeExpr(std::move(lit), pos);
}

FunctionCall NamedCall(std::string_view name, FunctionSyntax syntax) {
  FunctionCall call;
  call.name.parts.push_back(Ident(std::string(name)));
  call.syntax = syntax;
  return call;
}

}  // namespace

Result<ExprPtr> Parser::ParseFunctionCall(ObjectName name, Position pos) {
  FunctionCall call;
  call.name = std::move(name);
  GT_RETURN_IF_ERROR(Expect(TokenType::kLParen, "("));
  GT_RETURN_IF_ERROR(ParseFunctionArgs(call));
  GT_RETURN_IF_ERROR(ParseFunctionSuffix(call));
  return MakeExpr(std::move(call), pos);
}

Status Parser::ParseFunctionArgs(FunctionCall& call) {
  if (Consume(TokenType::kRParen)) return Status::OK();
  if (ConsumeKeyword("DISTINCT")) {
    call.distinct = true;
  } else if (PeekKeyword("ALL") && !PeekIs(TokenType::kRParen, 1) &&
             !PeekIs(TokenType::kComma, 1)) {
    Next();
  }
  while (true) {
    if (PeekIs(TokenType::kStar)) {
      call.args.push_back(MakeExpr(Wildcard{}, Next().pos));
    } else if (PeekQueryStart()) {  // x = ANY (SELECT ...): a subquery argument
      const Position pos = Peek().pos;
      GT_ASSIGN_OR_RETURN(QueryPtr query, ParseQuery());
      call.args.push_back(MakeExpr(SubqueryExpr{std::move(query)}, pos));
    } else {
      GT_ASSIGN_OR_RETURN(ExprPtr arg, ParseExpr());
      call.args.push_back(std::move(arg));
    }
    if (!Consume(TokenType::kComma)) break;
  }
  if (ConsumeKeywords({"ORDER", "BY"})) {
    GT_ASSIGN_OR_RETURN(call.order_by, ParseOrderByList());
  }
  return Expect(TokenType::kRParen, ")");
}

Status Parser::ParseFunctionSuffix(FunctionCall& call) {
  if (ConsumeKeywords({"WITHIN", "GROUP"})) {
    GT_RETURN_IF_ERROR(Expect(TokenType::kLParen, "("));
    GT_RETURN_IF_ERROR(ExpectKeyword("ORDER"));
    GT_RETURN_IF_ERROR(ExpectKeyword("BY"));
    GT_ASSIGN_OR_RETURN(call.within_group, ParseOrderByList());
    GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
  }
  if (PeekKeyword("FILTER") && PeekIs(TokenType::kLParen, 1)) {
    Next();
    Next();
    GT_RETURN_IF_ERROR(ExpectKeyword("WHERE"));
    GT_ASSIGN_OR_RETURN(call.filter, ParseExpr());
    GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
  }
  if (ConsumeKeywords({"IGNORE", "NULLS"})) {
    call.ignore_nulls = true;
  } else if (ConsumeKeywords({"RESPECT", "NULLS"})) {
    call.ignore_nulls = false;
  }
  if (ConsumeKeyword("OVER")) {
    GT_ASSIGN_OR_RETURN(call.over, ParseWindowSpec());
  }
  return Status::OK();
}

Result<std::unique_ptr<WindowSpec>> Parser::ParseWindowSpec() {
  auto spec = std::make_unique<WindowSpec>();
  if (PeekIs(TokenType::kWord)) {
    GT_ASSIGN_OR_RETURN(Ident name, ParseIdent());
    spec->name = std::move(name);
    return spec;
  }
  GT_RETURN_IF_ERROR(Expect(TokenType::kLParen, "("));
  const bool saved = no_range_;
  no_range_ = true;
  Status st = [&]() -> Status {
    if (ConsumeKeywords({"PARTITION", "BY"})) {
      while (true) {
        GT_ASSIGN_OR_RETURN(ExprPtr e, ParseExpr());
        spec->partition_by.push_back(std::move(e));
        if (!Consume(TokenType::kComma)) break;
      }
    }
    if (ConsumeKeywords({"ORDER", "BY"})) {
      GT_ASSIGN_OR_RETURN(spec->order_by, ParseOrderByList());
    }
    if (PeekKeyword("ROWS") || PeekKeyword("RANGE") || PeekKeyword("GROUPS")) {
      GT_ASSIGN_OR_RETURN(WindowFrame frame, ParseWindowFrame());
      spec->frame = std::move(frame);
    }
    return Expect(TokenType::kRParen, ")");
  }();
  no_range_ = saved;
  GT_RETURN_IF_ERROR(st);
  return spec;
}

Result<WindowFrame> Parser::ParseWindowFrame() {
  WindowFrame frame;
  const Token& units = Next();
  frame.units = units.IsKeyword("ROWS")    ? FrameUnits::kRows
                : units.IsKeyword("RANGE") ? FrameUnits::kRange
                                           : FrameUnits::kGroups;
  if (ConsumeKeyword("BETWEEN")) {
    GT_ASSIGN_OR_RETURN(frame.start, ParseFrameBound());
    GT_RETURN_IF_ERROR(ExpectKeyword("AND"));
    GT_ASSIGN_OR_RETURN(FrameBound end, ParseFrameBound());
    frame.end = std::move(end);
  } else {
    GT_ASSIGN_OR_RETURN(frame.start, ParseFrameBound());
  }
  return frame;
}

Result<FrameBound> Parser::ParseFrameBound() {
  FrameBound bound;
  if (ConsumeKeywords({"CURRENT", "ROW"})) {
    bound.kind = FrameBoundKind::kCurrentRow;
    return bound;
  }
  if (ConsumeKeyword("UNBOUNDED")) {
    if (ConsumeKeyword("PRECEDING")) {
      bound.kind = FrameBoundKind::kUnboundedPreceding;
      return bound;
    }
    if (ConsumeKeyword("FOLLOWING")) {
      bound.kind = FrameBoundKind::kUnboundedFollowing;
      return bound;
    }
    return Expected("PRECEDING or FOLLOWING");
  }
  GT_ASSIGN_OR_RETURN(bound.offset, ParseSubexpr(kPrecCompare));
  if (ConsumeKeyword("PRECEDING")) {
    bound.kind = FrameBoundKind::kPreceding;
  } else if (ConsumeKeyword("FOLLOWING")) {
    bound.kind = FrameBoundKind::kFollowing;
  } else {
    return Expected("PRECEDING or FOLLOWING");
  }
  return bound;
}

Result<ExprPtr> Parser::ParseCase(Position pos) {
  Next();  // CASE
  CaseExpr c;
  if (!PeekKeyword("WHEN")) {
    GT_ASSIGN_OR_RETURN(c.operand, ParseExpr());
  }
  while (ConsumeKeyword("WHEN")) {
    WhenClause when;
    GT_ASSIGN_OR_RETURN(when.condition, ParseExpr());
    GT_RETURN_IF_ERROR(ExpectKeyword("THEN"));
    GT_ASSIGN_OR_RETURN(when.result, ParseExpr());
    c.whens.push_back(std::move(when));
  }
  if (c.whens.empty()) return Expected("WHEN");
  if (ConsumeKeyword("ELSE")) {
    GT_ASSIGN_OR_RETURN(c.else_result, ParseExpr());
  }
  GT_RETURN_IF_ERROR(ExpectKeyword("END"));
  return MakeExpr(std::move(c), pos);
}

Result<ExprPtr> Parser::ParseCast(CastSyntax syntax, Position pos) {
  Next();  // CAST / TRY_CAST
  GT_RETURN_IF_ERROR(Expect(TokenType::kLParen, "("));
  GT_ASSIGN_OR_RETURN(ExprPtr operand, ParseExpr());
  GT_RETURN_IF_ERROR(ExpectKeyword("AS"));
  GT_ASSIGN_OR_RETURN(TypeName type, ParseTypeName());
  GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
  return MakeExpr(CastExpr{std::move(operand), std::move(type), syntax}, pos);
}

Result<ExprPtr> Parser::ParseExists(bool negated, Position pos) {
  Next();  // EXISTS
  GT_RETURN_IF_ERROR(Expect(TokenType::kLParen, "("));
  GT_ASSIGN_OR_RETURN(QueryPtr query, ParseQuery());
  GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
  return MakeExpr(ExistsExpr{std::move(query), negated}, pos);
}

Result<ExprPtr> Parser::ParseInterval(Position pos) {
  Next();  // INTERVAL
  IntervalExpr interval;
  GT_ASSIGN_OR_RETURN(interval.value, ParsePrefix());
  if (IsIntervalUnit(Peek())) {
    interval.leading_field = AsciiUpper(Next().text);
    if (PeekKeyword("TO") && IsIntervalUnit(Peek(1))) {
      Next();
      interval.last_field = AsciiUpper(Next().text);
    }
  }
  return MakeExpr(std::move(interval), pos);
}

Result<ExprPtr> Parser::ParseExtract(Position pos) {
  Next();  // EXTRACT
  GT_RETURN_IF_ERROR(Expect(TokenType::kLParen, "("));
  const Token& field = Peek();
  if (field.type != TokenType::kWord && field.type != TokenType::kString) {
    return Expected("date/time field");
  }
  std::string name = field.type == TokenType::kWord && field.quote == 0 ? AsciiUpper(field.text)
                                                                         : field.text;
  Position field_pos = Next().pos;
  if (!ConsumeKeyword("FROM")) {
    if (!Consume(TokenType::kComma)) return Expected("FROM");
  }
  FunctionCall call = NamedCall("date_part", FunctionSyntax::kExtract);
  call.args.push_back(StringLiteral(std::move(name), field_pos));
  GT_ASSIGN_OR_RETURN(ExprPtr source, ParseExpr());
  call.args.push_back(std::move(source));
  GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
  return MakeExpr(std::move(call), pos);
}

Result<ExprPtr> Parser::ParsePosition(Position pos) {
  const size_t start = mark();
  Next();  // POSITION
  Next();  // (
  GT_ASSIGN_OR_RETURN(ExprPtr needle, ParseSubexpr(kPrecCompare));
  if (!ConsumeKeyword("IN")) {
    reset(start);
    GT_ASSIGN_OR_RETURN(Ident name, ParseIdent());
    return ParseFunctionCall(ObjectName{{std::move(name)}}, pos);
  }
  GT_ASSIGN_OR_RETURN(ExprPtr haystack, ParseExpr());
  GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
  FunctionCall call = NamedCall("strpos", FunctionSyntax::kPosition);
  call.args.push_back(std::move(haystack));
  call.args.push_back(std::move(needle));
  return MakeExpr(std::move(call), pos);
}

Result<ExprPtr> Parser::ParseSubstring(Position pos) {
  const size_t start = mark();
  Next();  // SUBSTRING
  Next();  // (
  GT_ASSIGN_OR_RETURN(ExprPtr source, ParseExpr());
  if (!PeekKeyword("FROM") && !PeekKeyword("FOR")) {
    reset(start);
    GT_ASSIGN_OR_RETURN(Ident name, ParseIdent());
    return ParseFunctionCall(ObjectName{{std::move(name)}}, pos);
  }
  FunctionCall call = NamedCall("substr", FunctionSyntax::kSubstring);
  call.args.push_back(std::move(source));
  if (ConsumeKeyword("FROM")) {
    GT_ASSIGN_OR_RETURN(ExprPtr from, ParseExpr());
    call.args.push_back(std::move(from));
  } else {
    Literal one;
    one.kind = LiteralKind::kInteger;
    one.text = "1";
    one.int_value = 1;
    one.float_value = 1;
    call.args.push_back(MakeExpr(std::move(one), Peek().pos));
  }
  if (ConsumeKeyword("FOR")) {
    GT_ASSIGN_OR_RETURN(ExprPtr len, ParseExpr());
    call.args.push_back(std::move(len));
  }
  GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
  return MakeExpr(std::move(call), pos);
}

Result<ExprPtr> Parser::ParseTrim(Position pos) {
  const size_t start = mark();
  Next();  // TRIM
  Next();  // (
  std::string name = "btrim";
  bool where = false;
  if (ConsumeKeyword("BOTH")) {
    where = true;
  } else if (ConsumeKeyword("LEADING")) {
    name = "ltrim";
    where = true;
  } else if (ConsumeKeyword("TRAILING")) {
    name = "rtrim";
    where = true;
  }
  ExprPtr chars;
  if (!PeekKeyword("FROM")) {
    GT_ASSIGN_OR_RETURN(chars, ParseExpr());
  }
  if (!ConsumeKeyword("FROM")) {
    if (where) return Expected("FROM");
    reset(start);  // plain trim(x) / trim(x, chars)
    GT_ASSIGN_OR_RETURN(Ident fn, ParseIdent());
    return ParseFunctionCall(ObjectName{{std::move(fn)}}, pos);
  }
  GT_ASSIGN_OR_RETURN(ExprPtr source, ParseExpr());
  GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
  FunctionCall call = NamedCall(name, FunctionSyntax::kTrim);
  call.args.push_back(std::move(source));
  if (chars) call.args.push_back(std::move(chars));
  return MakeExpr(std::move(call), pos);
}

}  // namespace greptime::query::sql::internal
