// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The PromQL lexer (internal to the parser): Prometheus's token set and lexing states, so that
// token boundaries and lexical error messages match Prometheus.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace greptime::promql {

enum class TokenType : uint8_t {
  kEof,
  kError,  // text holds the message; always the last token
  kComment,
  kIdentifier,
  kMetricIdentifier,  // an identifier containing ':'
  kNumber,
  kDuration,
  kString,  // text keeps the quotes and escapes
  kLeftParen,
  kRightParen,
  kLeftBrace,
  kRightBrace,
  kLeftBracket,
  kRightBracket,
  kComma,
  kEql,  // '=' (label matching)
  kColon,
  // Operators.
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kPow,
  kEqlc,  // ==
  kNeq,
  kLte,
  kLss,
  kGte,
  kGtr,
  kTrimUpper,  // </ (experimental in Prometheus, never accepted here)
  kTrimLower,  // >/
  kEqlRegex,
  kNeqRegex,
  kAt,
  kAtan2,
  kLand,
  kLor,
  kLunless,
  // Aggregators.
  kAvg,
  kBottomk,
  kCount,
  kCountValues,
  kGroup,
  kMax,
  kMin,
  kQuantile,
  kStddev,
  kStdvar,
  kSum,
  kTopk,
  kLimitk,
  kLimitRatio,
  // Keywords.
  kBool,
  kBy,
  kGroupLeft,
  kGroupRight,
  kFill,
  kFillLeft,
  kFillRight,
  kIgnoring,
  kOffset,
  kSmoothed,
  kAnchored,
  kOn,
  kWithout,
  // Duration-expression and @ preprocessors.
  kStart,
  kEnd,
  kStep,
  kRange,
  kMaxOf,
  kMinOf,
};

struct Token {
  TokenType type = TokenType::kEof;
  int32_t pos = 0;   // byte offset of the first character
  std::string text;  // the source text; the message for kError

  int32_t end() const { return pos + static_cast<int32_t>(text.size()); }
};

bool IsOperatorToken(TokenType type);
bool IsAggregatorToken(TokenType type);
bool IsKeywordToken(TokenType type);

// How Prometheus names a token in "unexpected ..." messages: `end of input`, `<op:*>`,
// `<aggr:sum>`, `<by>`, `"("`, `identifier "foo"`, `number "5"`, `string "\"a\""`.
std::string DescribeToken(const Token& token);

// Tokenizes `input` up to and including the first kEof or kError token; comments are dropped.
std::vector<Token> Lex(std::string_view input);

}  // namespace greptime::promql
