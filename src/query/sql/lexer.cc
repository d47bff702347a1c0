// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "query/sql/lexer.h"

#include <fmt/format.h>

namespace greptime::query::sql {
namespace {

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool IsNonAscii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

// GreptimeDB dialect: identifiers start with a letter, '_', '#', '@' and continue with letters,
// digits, '_', '@', '$', '#'. Non-ASCII bytes count as letters (Unicode alphabetic, roughly).
bool IsIdentStart(char c) { return IsAsciiAlpha(c) || c == '_' || c == '#' || c == '@' || IsNonAscii(c); }
bool IsIdentPart(char c) {
  return IsIdentStart(c) || IsDigit(c) || c == '$';
}

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  Result<std::vector<Token>> Run() {
    std::vector<Token> tokens;
    while (true) {
      GT_RETURN_IF_ERROR(SkipBlanksAndComments());
      if (at_ >= sql_.size()) break;
      GT_ASSIGN_OR_RETURN(Token token, Next());
      tokens.push_back(std::move(token));
    }
    Token eof;
    eof.type = TokenType::kEof;
    eof.begin = eof.end = sql_.size();
    tokens.push_back(std::move(eof));
    return tokens;
  }

 private:
  char Peek(size_t ahead = 0) const {
    return at_ + ahead < sql_.size() ? sql_[at_ + ahead] : '\0';
  }

  void Advance() {
    char c = sql_[at_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column_;
    }
  }
  void Advance(size_t n) {
    for (size_t i = 0; i < n && at_ < sql_.size(); ++i) Advance();
  }

  Status Error(std::string_view message, Position pos) const {
    return Status::InvalidSyntax("Invalid SQL syntax: sql parser error: {}{}", message,
                                 PositionSuffix(pos));
  }

  Status SkipBlanksAndComments() {
    while (at_ < sql_.size()) {
      char c = Peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        Advance();
      } else if (c == '-' && Peek(1) == '-') {
        while (at_ < sql_.size() && Peek() != '\n') Advance();
      } else if (c == '/' && Peek(1) == '*') {
        Position start{line_, column_};
        Advance(2);
        int depth = 1;
        while (depth > 0) {
          if (at_ >= sql_.size()) {
            return Error("Unexpected EOF while in a multi-line comment", start);
          }
          if (Peek() == '/' && Peek(1) == '*') {
            ++depth;
            Advance(2);
          } else if (Peek() == '*' && Peek(1) == '/') {
            --depth;
            Advance(2);
          } else {
            Advance();
          }
        }
      } else {
        break;
      }
    }
    return Status::OK();
  }

  Token Make(TokenType type, std::string text, Position pos, size_t begin) const {
    Token t;
    t.type = type;
    t.text = std::move(text);
    t.pos = pos;
    t.begin = begin;
    t.end = at_;
    return t;
  }

  // Consumes `n` bytes as an operator token.
  Token Op(TokenType type, size_t n) {
    Position pos{line_, column_};
    size_t begin = at_;
    Advance(n);
    return Make(type, std::string(sql_.substr(begin, n)), pos, begin);
  }

  // Reads a quoted body after the opening quote; a doubled quote stands for one.
  Result<std::string> QuotedBody(char quote, Position start, bool identifier) {
    std::string out;
    while (true) {
      if (at_ >= sql_.size()) {
        if (identifier) {
          return Error(fmt::format("Expected close delimiter '{}' before EOF.", quote), start);
        }
        return Error("Unterminated string literal", start);
      }
      char c = Peek();
      if (c == quote) {
        if (Peek(1) == quote) {
          out.push_back(quote);
          Advance(2);
          continue;
        }
        Advance();
        return out;
      }
      out.push_back(c);
      Advance();
    }
  }

  Result<Token> Next() {
    Position pos{line_, column_};
    size_t begin = at_;
    char c = Peek();
    // Prefixed strings: N'..' (national), X'..' (hex).
    if ((c == 'N' || c == 'n' || c == 'X' || c == 'x') && Peek(1) == '\'') {
      Advance(2);
      GT_ASSIGN_OR_RETURN(std::string body, QuotedBody('\'', pos, false));
      bool hex = c == 'X' || c == 'x';
      return Make(hex ? TokenType::kHexString : TokenType::kString, std::move(body), pos, begin);
    }
    if (c == '@' && Peek(1) == '>') return Op(TokenType::kAtArrow, 2);
    if (IsIdentStart(c)) {
      while (at_ < sql_.size() && IsIdentPart(Peek())) Advance();
      return Make(TokenType::kWord, std::string(sql_.substr(begin, at_ - begin)), pos, begin);
    }
    if (c == '0' && (Peek(1) == 'x' || Peek(1) == 'X') && IsHexDigit(Peek(2))) {
      Advance(2);
      while (IsHexDigit(Peek())) Advance();
      return Make(TokenType::kHexString, std::string(sql_.substr(begin + 2, at_ - begin - 2)),
                  pos, begin);
    }
    if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) return Number(pos, begin);
    switch (c) {
      case '\'': {
        Advance();
        GT_ASSIGN_OR_RETURN(std::string body, QuotedBody('\'', pos, false));
        return Make(TokenType::kString, std::move(body), pos, begin);
      }
      case '"':
      case '`': {
        Advance();
        GT_ASSIGN_OR_RETURN(std::string body, QuotedBody(c, pos, true));
        Token t = Make(TokenType::kWord, std::move(body), pos, begin);
        t.quote = c;
        return t;
      }
      case ',': return Op(TokenType::kComma, 1);
      case ';': return Op(TokenType::kSemicolon, 1);
      case '(': return Op(TokenType::kLParen, 1);
      case ')': return Op(TokenType::kRParen, 1);
      case '[': return Op(TokenType::kLBracket, 1);
      case ']': return Op(TokenType::kRBracket, 1);
      case '{': return Op(TokenType::kLBrace, 1);
      case '}': return Op(TokenType::kRBrace, 1);
      case '.': return Op(TokenType::kPeriod, 1);
      case ':': return Peek(1) == ':' ? Op(TokenType::kDoubleColon, 2) : Op(TokenType::kColon, 1);
      case '=':
        if (Peek(1) == '=') return Op(TokenType::kDoubleEq, 2);
        if (Peek(1) == '>') return Op(TokenType::kFatArrow, 2);
        return Op(TokenType::kEq, 1);
      case '<':
        if (Peek(1) == '=' && Peek(2) == '>') return Op(TokenType::kSpaceship, 3);
        if (Peek(1) == '=') return Op(TokenType::kLtEq, 2);
        if (Peek(1) == '>') return Op(TokenType::kNotEq, 2);
        if (Peek(1) == '<') return Op(TokenType::kShiftLeft, 2);
        if (Peek(1) == '@') return Op(TokenType::kArrowAt, 2);
        return Op(TokenType::kLt, 1);
      case '>':
        if (Peek(1) == '=') return Op(TokenType::kGtEq, 2);
        if (Peek(1) == '>') return Op(TokenType::kShiftRight, 2);
        return Op(TokenType::kGt, 1);
      case '!':
        if (Peek(1) == '=') return Op(TokenType::kNotEq, 2);
        if (Peek(1) == '~' && Peek(2) == '*') return Op(TokenType::kExclTildeStar, 3);
        if (Peek(1) == '~') return Op(TokenType::kExclTilde, 2);
        return Op(TokenType::kExclamation, 1);
      case '~': return Peek(1) == '*' ? Op(TokenType::kTildeStar, 2) : Op(TokenType::kTilde, 1);
      case '+': return Op(TokenType::kPlus, 1);
      case '-':
        if (Peek(1) == '>' && Peek(2) == '>') return Op(TokenType::kLongArrow, 3);
        if (Peek(1) == '>') return Op(TokenType::kArrow, 2);
        return Op(TokenType::kMinus, 1);
      case '*': return Op(TokenType::kStar, 1);
      case '/': return Op(TokenType::kSlash, 1);
      case '%': return Op(TokenType::kPercent, 1);
      case '|': return Peek(1) == '|' ? Op(TokenType::kConcat, 2) : Op(TokenType::kPipe, 1);
      case '&': return Op(TokenType::kAmpersand, 1);
      case '^': return Op(TokenType::kCaret, 1);
      case '?': return Op(TokenType::kQuestion, 1);
      case '$':
        if (IsDigit(Peek(1)) || IsIdentStart(Peek(1))) {
          Advance();
          while (at_ < sql_.size() && IsIdentPart(Peek())) Advance();
          return Make(TokenType::kPlaceholder, std::string(sql_.substr(begin, at_ - begin)), pos,
                      begin);
        }
        return Op(TokenType::kChar, 1);
      default: {
        // One (possibly multi-byte) character the grammar has no use for.
        size_t n = 1;
        while (at_ + n < sql_.size() &&
               (static_cast<unsigned char>(sql_[at_ + n]) & 0xC0) == 0x80) {
          ++n;
        }
        return Op(TokenType::kChar, n);
      }
    }
  }

  Result<Token> Number(Position pos, size_t begin) {
    while (IsDigit(Peek())) Advance();
    if (Peek() == '.') {
      Advance();
      while (IsDigit(Peek())) Advance();
    }
    if ((Peek() == 'e' || Peek() == 'E') &&
        (IsDigit(Peek(1)) || ((Peek(1) == '+' || Peek(1) == '-') && IsDigit(Peek(2))))) {
      Advance(2);
      while (IsDigit(Peek())) Advance();
    }
    return Make(TokenType::kNumber, std::string(sql_.substr(begin, at_ - begin)), pos, begin);
  }

  std::string_view sql_;
  size_t at_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

std::string PositionSuffix(Position pos) {
  if (!pos.known()) return "";
  return fmt::format(" at Line: {}, Column: {}", pos.line, pos.column);
}

bool Token::IsKeyword(std::string_view upper_keyword) const {
  return type == TokenType::kWord && quote == 0 && EqualsIgnoreCase(text, upper_keyword);
}

std::string Token::Display() const {
  switch (type) {
    case TokenType::kEof: return "EOF";
    case TokenType::kWord:
      if (quote != 0) return fmt::format("{}{}{}", quote, text, quote);
      return text;
    case TokenType::kString: return fmt::format("'{}'", text);
    case TokenType::kHexString: return fmt::format("X'{}'", text);
    default: return text;
  }
}

Result<std::vector<Token>> Tokenize(std::string_view sql) { return Lexer(sql).Run(); }

std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

}  // namespace greptime::query::sql
