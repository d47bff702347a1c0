// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Internal to the parser: the Parser class shared by parser.cc (expressions, operators, calls,
// aggregations) and parser_selector.cc (selectors, ranges, subqueries, offset and @).
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "promql/ast.h"
#include "promql/lexer.h"
#include "promql/type_check.h"

namespace greptime::promql {

// step, range, start, end, max_of, min_of: experimental duration-expression keywords.
inline bool IsPreprocessor(TokenType type) {
  return type >= TokenType::kStart && type <= TokenType::kMinOf;
}

// A number or duration literal with its optional signs, in seconds.
struct DurationValue {
  double seconds = 0;
  PositionRange pos;
};

// One parse of one query. Parsing stops at the first error (the one Prometheus reports).
class Parser {
 public:
  explicit Parser(std::string_view input) : input_(input), tokens_(Lex(input)) {}

  Result<ExprPtr> ParseQuery();
  Result<std::unique_ptr<VectorSelector>> ParseSelectorOnly();

 private:
  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(index_ + ahead, tokens_.size() - 1)];
  }
  const Token& Next() {
    const Token& token = tokens_[index_];
    if (index_ + 1 < tokens_.size()) ++index_;
    return token;
  }

  Status Error(int32_t pos, std::string_view message) const {
    return MakeParseError(input_, pos, message);
  }
  // "unexpected <token>[ in <context>][, expected <expected>]"; a lexer error reports itself.
  Status Unexpected(const Token& token, std::string_view context, std::string_view expected) const;
  // A token that cannot continue an expression: yacc's error recovery attributes it to the
  // innermost aggregation whose arguments are being parsed, if any.
  Status UnexpectedInExpr(const Token& token) const {
    return Unexpected(token, aggregate_depth_ > 0 ? "aggregation" : "", "");
  }

  Result<ExprPtr> ParseBinary(int min_prec);
  Result<ExprPtr> ParseUnary();
  Result<ExprPtr> ParsePrimary();
  Result<ExprPtr> ParsePostfix(ExprPtr expr);
  Status ParseBinaryModifiers(BinaryExpr* b);
  // fill(v) / fill_left(v) / fill_right(v) after the matching modifiers: experimental in
  // Prometheus and unsupported here. Consumes them and returns whether there were any.
  Result<bool> SkipFillModifiers();
  Result<std::vector<std::string>> ParseGroupingLabels(int32_t* end);
  Result<ExprPtr> ParseCall();
  Result<std::vector<ExprPtr>> ParseCallArgs(int32_t* end);
  Result<ExprPtr> ParseAggregate();
  Result<std::unique_ptr<VectorSelector>> ParseVectorSelector();
  Status ParseLabelMatchers(VectorSelector* vs);
  Result<LabelMatcher> ParseLabelMatcher();
  Result<ExprPtr> ParseRangeOrSubquery(ExprPtr expr);
  Result<DurationValue> ParseDurationValue(std::string_view context, std::string_view expected,
                                           bool in_brackets);
  Result<double> LiteralValue(const Token& token) const;
  Result<ExprPtr> ParseOffset(ExprPtr expr);
  Result<ExprPtr> ParseAt(ExprPtr expr);
  Result<std::string> UnquoteToken(const Token& token) const;
  // Fails once the nesting limits are exceeded.
  Status CheckDepth() const;

  std::string_view input_;
  std::vector<Token> tokens_;
  size_t index_ = 0;
  int aggregate_depth_ = 0;
  int recursion_ = 0;    // active ParseUnary frames
  int extra_depth_ = 0;  // operator chains and postfix modifiers of the active frames
};

}  // namespace greptime::promql
