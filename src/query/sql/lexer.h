// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Lexer for GreptimeDB's SQL dialect (spec/sql.md §0.1): words (keywords and identifiers, quoted
// with "..." or `...`), single-quoted strings without backslash escapes, numbers, operators and
// comments. Every token carries its byte range and its (line, column) in the source.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace greptime::query::sql {

// 1-based line and column (columns count characters, not bytes). {0, 0} = unknown (EOF).
struct Position {
  int line = 0;
  int column = 0;

  bool known() const { return line > 0; }
  bool operator==(const Position&) const = default;
};

// " at Line: 3, Column: 7", or "" for an unknown position (sqlparser's Location display).
std::string PositionSuffix(Position pos);

enum class TokenType : uint8_t {
  kEof,
  kWord,          // keyword or identifier; quote != 0 when "quoted" or `quoted`
  kNumber,        // 42, 4.2, .5, 1e9 (text as written)
  kString,        // 'text' (text = content, '' unescaped); also N'...'
  kHexString,     // X'0aff' / 0x0aff (text = hex digits)
  kComma,
  kSemicolon,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kLBrace,
  kRBrace,
  kPeriod,
  kColon,
  kDoubleColon,   // ::
  kEq,            // =
  kDoubleEq,      // ==
  kNotEq,         // <> or != (text tells which)
  kLt,
  kLtEq,
  kGt,
  kGtEq,
  kSpaceship,     // <=>
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kConcat,        // ||
  kPipe,          // |
  kAmpersand,     // &
  kCaret,         // ^
  kTilde,         // ~
  kTildeStar,     // ~*
  kExclTilde,     // !~
  kExclTildeStar, // !~*
  kExclamation,   // !
  kShiftLeft,     // <<
  kShiftRight,    // >>
  kArrow,         // ->
  kLongArrow,     // ->>
  kFatArrow,      // =>
  kAtArrow,       // @>
  kArrowAt,       // <@
  kQuestion,      // ?
  kPlaceholder,   // $1, $name
  kChar,          // any other character (the parser reports it)
};

struct Token {
  TokenType type = TokenType::kEof;
  // Words: the identifier as written (without quotes, doubled quotes unescaped). Strings: the
  // content. Numbers: the digits as written. Operators: their spelling.
  std::string text;
  // Words only: 0 for a bare word, '"' or '`' for a quoted one.
  char quote = 0;
  Position pos;
  // Byte range [begin, end) of the token in the source, quotes included.
  size_t begin = 0;
  size_t end = 0;

  bool IsWord() const { return type == TokenType::kWord; }
  // True for an unquoted word equal to `upper_keyword` ignoring ASCII case.
  bool IsKeyword(std::string_view upper_keyword) const;
  // The token as sqlparser displays it in "found: ..." (quoted words with their quotes,
  // strings in single quotes, "EOF" at the end).
  std::string Display() const;
};

// Splits `sql` into tokens; the last token is always kEof (with an unknown position).
// Comments and whitespace are dropped. Errors (kInvalidSyntax) for unterminated strings,
// quoted identifiers and block comments, e.g.
// "Invalid SQL syntax: sql parser error: Unterminated string literal at Line: 1, Column: 8".
Result<std::vector<Token>> Tokenize(std::string_view sql);

// Upper-cases ASCII letters; other bytes unchanged.
std::string AsciiUpper(std::string_view s);
// Lower-cases ASCII letters; other bytes unchanged.
std::string AsciiLower(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace greptime::query::sql
