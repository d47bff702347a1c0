// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// A state machine with Prometheus's lexing states: statements, inside braces, and the start of a
// bracketed range. Its counters (parenthesis depth, open brace/bracket, colon seen) do not depend
// on the parser, so the whole input is tokenized up front.
#include "promql/lexer.h"

#include <optional>
#include <unordered_map>

#include "common/strings.h"
#include "promql/literals.h"

namespace greptime::promql {

namespace {

constexpr int32_t kEofRune = -1;
constexpr int32_t kRuneError = 0xFFFD;
constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kHexDigits = "0123456789abcdefABCDEF";

bool IsSpace(int32_t r) { return r == ' ' || r == '\t' || r == '\n' || r == '\r'; }
bool IsAlpha(int32_t r) { return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'); }
bool IsDigit(int32_t r) { return r >= '0' && r <= '9'; }
bool IsAlnum(int32_t r) { return IsAlpha(r) || IsDigit(r); }
bool InSet(std::string_view set, int32_t r) {
  return r >= 0 && r < 0x80 && set.find(static_cast<char>(r)) != std::string_view::npos;
}

int DigitValue(int32_t r) {
  if (r >= '0' && r <= '9') return r - '0';
  if (r >= 'a' && r <= 'f') return r - 'a' + 10;
  if (r >= 'A' && r <= 'F') return r - 'A' + 10;
  return 16;
}

const std::unordered_map<std::string_view, TokenType>& KeywordTable() {
  static const auto* table = new std::unordered_map<std::string_view, TokenType>{
      {"and", TokenType::kLand},
      {"or", TokenType::kLor},
      {"unless", TokenType::kLunless},
      {"atan2", TokenType::kAtan2},
      {"sum", TokenType::kSum},
      {"avg", TokenType::kAvg},
      {"count", TokenType::kCount},
      {"min", TokenType::kMin},
      {"max", TokenType::kMax},
      {"group", TokenType::kGroup},
      {"stddev", TokenType::kStddev},
      {"stdvar", TokenType::kStdvar},
      {"topk", TokenType::kTopk},
      {"bottomk", TokenType::kBottomk},
      {"count_values", TokenType::kCountValues},
      {"quantile", TokenType::kQuantile},
      {"limitk", TokenType::kLimitk},
      {"limit_ratio", TokenType::kLimitRatio},
      {"offset", TokenType::kOffset},
      {"smoothed", TokenType::kSmoothed},
      {"anchored", TokenType::kAnchored},
      {"by", TokenType::kBy},
      {"without", TokenType::kWithout},
      {"on", TokenType::kOn},
      {"ignoring", TokenType::kIgnoring},
      {"group_left", TokenType::kGroupLeft},
      {"group_right", TokenType::kGroupRight},
      {"fill", TokenType::kFill},
      {"fill_left", TokenType::kFillLeft},
      {"fill_right", TokenType::kFillRight},
      {"bool", TokenType::kBool},
      {"start", TokenType::kStart},
      {"end", TokenType::kEnd},
      {"step", TokenType::kStep},
      {"range", TokenType::kRange},
      {"max_of", TokenType::kMaxOf},
      {"min_of", TokenType::kMinOf},
      {"inf", TokenType::kNumber},
      {"nan", TokenType::kNumber},
  };
  return *table;
}

class Lexer {
 public:
  explicit Lexer(std::string_view input) : input_(input) {}

  Token Next() {
    for (;;) {
      std::optional<Token> token;
      switch (state_) {
        case State::kDone:
          return Token{TokenType::kEof, static_cast<int32_t>(input_.size()), ""};
        case State::kStatements:
          token = brace_open_ ? LexInsideBraces() : LexStatements();
          break;
        case State::kDurationExpr:
          token = LexDurationExpr();
          break;
      }
      if (token) return std::move(*token);
    }
  }

 private:
  enum class State { kStatements, kDurationExpr, kDone };

  int32_t NextRune() {
    if (pos_ >= input_.size()) {
      width_ = 0;
      return kEofRune;
    }
    int width;
    int32_t r = DecodeRune(input_.substr(pos_), &width);
    width_ = static_cast<size_t>(width);
    pos_ += width_;
    return r;
  }
  void Backup() { pos_ -= width_; }
  int32_t PeekRune() {
    int32_t r = NextRune();
    Backup();
    return r;
  }
  bool Accept(std::string_view valid) {
    if (InSet(valid, NextRune())) return true;
    Backup();
    return false;
  }
  bool Is(std::string_view valid) { return InSet(valid, PeekRune()); }
  void AcceptRun(std::string_view valid) {
    while (InSet(valid, NextRune())) {
    }
    Backup();
  }
  void Ignore() { start_ = pos_; }

  Token Emit(TokenType type) {
    Token token{type, static_cast<int32_t>(start_),
                std::string(input_.substr(start_, pos_ - start_))};
    start_ = pos_;
    return token;
  }
  Token Error(std::string message) {
    state_ = State::kDone;
    return Token{TokenType::kError, static_cast<int32_t>(start_), std::move(message)};
  }

  bool AtComment() const { return input_.substr(pos_).starts_with("#"); }
  Token LexComment() {
    pos_ += 1;
    int32_t r = NextRune();
    while (r != '\r' && r != '\n' && r != kEofRune) r = NextRune();
    Backup();
    return Emit(TokenType::kComment);
  }

  void SkipSpaces() {
    while (IsSpace(PeekRune())) NextRune();
    Ignore();
  }

  std::optional<Token> LexStatements();
  std::optional<Token> LexInsideBraces();
  std::optional<Token> LexDurationExpr();
  Token LexString(int32_t quote);
  Token LexRawString();
  std::optional<Token> LexEscape(int32_t quote);
  Token LexNumberOrDuration();
  Token LexKeywordOrIdentifier();
  bool ScanNumber();
  bool AcceptRemainingDuration();
  std::optional<Token> ScanDurationKeyword();
  bool FollowedByLeftParen() const;

  std::string_view input_;
  State state_ = State::kStatements;
  size_t pos_ = 0;
  size_t start_ = 0;
  size_t width_ = 0;
  int paren_depth_ = 0;
  bool brace_open_ = false;
  bool bracket_open_ = false;
  bool got_colon_ = false;
  bool got_duration_ = false;
};

std::optional<Token> Lexer::LexStatements() {
  if (AtComment()) return LexComment();
  int32_t r = NextRune();
  if (r == kEofRune) {
    if (paren_depth_ != 0) return Error("unclosed left parenthesis");
    if (bracket_open_) return Error("unclosed left bracket");
    state_ = State::kDone;
    return Emit(TokenType::kEof);
  }
  if (IsSpace(r)) {
    SkipSpaces();
    return std::nullopt;
  }
  switch (r) {
    case ',':
      return Emit(TokenType::kComma);
    case '*':
      return Emit(TokenType::kMul);
    case '/':
      return Emit(TokenType::kDiv);
    case '%':
      return Emit(TokenType::kMod);
    case '+':
      return Emit(TokenType::kAdd);
    case '-':
      return Emit(TokenType::kSub);
    case '^':
      return Emit(TokenType::kPow);
    case '@':
      return Emit(TokenType::kAt);
    case '=': {
      int32_t t = PeekRune();
      if (t == '=') {
        NextRune();
        return Emit(TokenType::kEqlc);
      }
      if (t == '~') return Error("unexpected character after '=': " + QuoteRune(t));
      return Emit(TokenType::kEql);
    }
    case '!': {
      int32_t t = NextRune();
      if (t != '=') return Error("unexpected character after '!': " + QuoteRune(t));
      return Emit(TokenType::kNeq);
    }
    case '<':
    case '>': {
      bool less = r == '<';
      int32_t t = PeekRune();
      if (t == '=') {
        NextRune();
        return Emit(less ? TokenType::kLte : TokenType::kGte);
      }
      if (t == '/') {
        NextRune();
        return Emit(less ? TokenType::kTrimUpper : TokenType::kTrimLower);
      }
      return Emit(less ? TokenType::kLss : TokenType::kGtr);
    }
    case '"':
    case '\'':
      return LexString(r);
    case '`':
      return LexRawString();
    case '(':
      ++paren_depth_;
      return Emit(TokenType::kLeftParen);
    case ')': {
      Token token = Emit(TokenType::kRightParen);
      if (--paren_depth_ < 0) return Error("unexpected right parenthesis " + QuoteRune(r));
      return token;
    }
    case '{':
      brace_open_ = true;
      return Emit(TokenType::kLeftBrace);
    case '[': {
      if (bracket_open_) return Error("unexpected left bracket " + QuoteRune(r));
      got_colon_ = false;
      Token token = Emit(TokenType::kLeftBracket);
      SkipSpaces();
      bracket_open_ = true;
      state_ = State::kDurationExpr;
      return token;
    }
    case ']':
      if (!bracket_open_) return Error("unexpected right bracket " + QuoteRune(r));
      bracket_open_ = false;
      return Emit(TokenType::kRightBracket);
    default:
      break;
  }
  if (IsDigit(r) || (r == '.' && IsDigit(PeekRune()))) {
    pos_ -= 1;  // both '.' and a digit are one byte
    return LexNumberOrDuration();
  }
  if (IsAlpha(r) || r == ':') {
    if (!bracket_open_) {
      Backup();
      return LexKeywordOrIdentifier();
    }
    if (r == ':') {
      if (got_colon_) return Error("unexpected colon " + QuoteRune(r));
      got_colon_ = true;
      return Emit(TokenType::kColon);
    }
    if (std::optional<Token> keyword = ScanDurationKeyword()) return keyword;
    return Error("unexpected character: " + QuoteRune(r) + ", expected " + QuoteRune(':'));
  }
  return Error("unexpected character: " + QuoteRune(r));
}

std::optional<Token> Lexer::LexInsideBraces() {
  if (AtComment()) return LexComment();
  int32_t r = NextRune();
  if (r == kEofRune) return Error("unexpected end of input inside braces");
  if (IsSpace(r)) {
    SkipSpaces();
    return std::nullopt;
  }
  if (IsAlpha(r)) {
    while (IsAlnum(NextRune())) {
    }
    Backup();
    return Emit(TokenType::kIdentifier);
  }
  switch (r) {
    case ',':
      return Emit(TokenType::kComma);
    case '"':
    case '\'':
      return LexString(r);
    case '`':
      return LexRawString();
    case '=':
      if (NextRune() == '~') return Emit(TokenType::kEqlRegex);
      Backup();
      return Emit(TokenType::kEql);
    case '!': {
      int32_t next = NextRune();
      if (next == '~') return Emit(TokenType::kNeqRegex);
      if (next == '=') return Emit(TokenType::kNeq);
      return Error("unexpected character after '!' inside braces: " + QuoteRune(next));
    }
    case '{':
      return Error("unexpected left brace " + QuoteRune(r));
    case '}':
      brace_open_ = false;
      return Emit(TokenType::kRightBrace);
    default:
      return Error("unexpected character inside braces: " + QuoteRune(r));
  }
}

std::optional<Token> Lexer::LexDurationExpr() {
  int32_t r = NextRune();
  if (r == kEofRune) return Error("unexpected end of input in duration expression");
  if (IsSpace(r)) {
    SkipSpaces();
    return std::nullopt;
  }
  switch (r) {
    case ']':
      bracket_open_ = false;
      got_colon_ = false;
      state_ = State::kStatements;
      return Emit(TokenType::kRightBracket);
    case ':': {
      Token token = Emit(TokenType::kColon);
      if (!got_duration_) return Error("unexpected colon before duration in duration expression");
      if (got_colon_) return Error("unexpected repeated colon in duration expression");
      got_colon_ = true;
      return token;
    }
    case '(':
      ++paren_depth_;
      return Emit(TokenType::kLeftParen);
    case ')': {
      Token token = Emit(TokenType::kRightParen);
      if (--paren_depth_ < 0) return Error("unexpected right parenthesis " + QuoteRune(r));
      return token;
    }
    case '+':
      return Emit(TokenType::kAdd);
    case '-':
      return Emit(TokenType::kSub);
    case '*':
      return Emit(TokenType::kMul);
    case '/':
      return Emit(TokenType::kDiv);
    case '%':
      return Emit(TokenType::kMod);
    case '^':
      return Emit(TokenType::kPow);
    case ',':
      return Emit(TokenType::kComma);
    default:
      break;
  }
  int32_t lower = (r >= 'A' && r <= 'Z') ? r - 'A' + 'a' : r;
  if (lower == 's' || lower == 'r' || lower == 'm') {
    if (std::optional<Token> keyword = ScanDurationKeyword()) return keyword;
    return Error("unexpected character in duration expression: " + QuoteRune(r));
  }
  if (IsDigit(r) || (r == '.' && IsDigit(PeekRune()))) {
    pos_ -= 1;
    got_duration_ = true;
    state_ = State::kStatements;
    return LexNumberOrDuration();
  }
  return Error("unexpected character in duration expression: " + QuoteRune(r));
}

std::optional<Token> Lexer::LexEscape(int32_t quote) {
  int32_t ch = NextRune();
  int n;
  int32_t base;
  int32_t max;
  switch (ch) {
    case 'a':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
    case 'v':
    case '\\':
      return std::nullopt;
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
      n = 3, base = 8, max = 255;
      break;
    case 'x':
      ch = NextRune();
      n = 2, base = 16, max = 255;
      break;
    case 'u':
      ch = NextRune();
      n = 4, base = 16, max = 0x10FFFF;
      break;
    case 'U':
      ch = NextRune();
      n = 8, base = 16, max = 0x10FFFF;
      break;
    case kEofRune:
      return Error("escape sequence not terminated");
    default:
      if (ch == quote) return std::nullopt;
      return Error("unknown escape sequence " + FormatRuneU(ch));
  }
  int64_t x = 0;
  while (n > 0) {
    int d = DigitValue(ch);
    if (d >= base) {
      if (ch == kEofRune) return Error("escape sequence not terminated");
      return Error("illegal character " + FormatRuneU(ch) + " in escape sequence");
    }
    x = x * base + d;
    if (--n > 0) ch = NextRune();
  }
  if (x > max || (x >= 0xD800 && x < 0xE000)) {
    return Error("escape sequence is an invalid Unicode code point");
  }
  return std::nullopt;
}

Token Lexer::LexString(int32_t quote) {
  for (;;) {
    int32_t r = NextRune();
    if (r == '\\') {
      if (std::optional<Token> error = LexEscape(quote)) return std::move(*error);
      continue;
    }
    if (r == kRuneError) return Error("invalid UTF-8 rune");
    if (r == kEofRune || r == '\n') return Error("unterminated quoted string");
    if (r == quote) break;
  }
  return Emit(TokenType::kString);
}

Token Lexer::LexRawString() {
  for (;;) {
    int32_t r = NextRune();
    if (r == kRuneError) return Error("invalid UTF-8 rune");
    if (r == kEofRune) return Error("unterminated raw string");
    if (r == '`') break;
  }
  return Emit(TokenType::kString);
}

Token Lexer::LexNumberOrDuration() {
  if (ScanNumber()) return Emit(TokenType::kNumber);
  if (AcceptRemainingDuration()) {
    Backup();
    return Emit(TokenType::kDuration);
  }
  return Error("bad number or duration syntax: " + Quote(input_.substr(start_, pos_ - start_)));
}

// Prometheus's acceptRemainingDuration: after the leading number, a unit and optionally more
// <digits><unit> pairs; the character that follows must not be alphanumeric (it is consumed).
bool Lexer::AcceptRemainingDuration() {
  if (!Accept("smhdwy")) return false;
  Accept("s");  // "ms"; bad pairs such as "hs" are rejected by ParseDuration
  while (Accept(kDigits)) {
    while (Accept(kDigits)) {
    }
    if (!Accept("smhdw")) return false;
    Accept("s");
  }
  return !IsAlnum(NextRune());
}

// Prometheus's scanNumber: decimal, hexadecimal or float syntax with '_' separators. The token
// is not necessarily a valid number; ParseNumber decides.
bool Lexer::ScanNumber() {
  size_t initial = pos_;
  std::string_view digits = kDigits;
  if (Accept("0") && Accept("xX")) {
    Accept("_");
    digits = kHexDigits;
  }
  bool hex = digits.size() > 10;
  std::string scan_set(digits);
  scan_set += "._eE";
  Accept(".");
  Accept(digits);
  bool dot_consumed = false;
  bool exponent_consumed = false;
  while (Is(scan_set)) {
    if (Is(".") && dot_consumed) {
      Accept(".");
      return false;
    }
    if (Is("eE") && exponent_consumed) {
      Accept("eE");
      return false;
    }
    if (Accept(".")) {
      dot_consumed = true;
      if (Accept("_.")) return false;
      if (hex) return false;  // no fractional hexadecimal literals
      continue;
    }
    if (Accept("eE")) {
      exponent_consumed = true;
      Accept("+-");
      if (Accept("._eE") || PeekRune() == kEofRune) return false;
      continue;
    }
    if (Accept("_")) {
      if (Accept("._eE") || PeekRune() == kEofRune) return false;
      continue;
    }
    AcceptRun(digits);
  }
  if (pos_ == initial) return false;
  return !IsAlnum(PeekRune());
}

std::optional<Token> Lexer::ScanDurationKeyword() {
  while (IsAlpha(NextRune())) {
  }
  Backup();
  std::string word = AsciiLower(input_.substr(start_, pos_ - start_));
  if (word == "step") return Emit(TokenType::kStep);
  if (word == "range") return Emit(TokenType::kRange);
  if (word == "max_of") return Emit(TokenType::kMaxOf);
  if (word == "min_of") return Emit(TokenType::kMinOf);
  return std::nullopt;
}

Token Lexer::LexKeywordOrIdentifier() {
  for (;;) {
    int32_t r = NextRune();
    if (IsAlnum(r) || r == ':') continue;
    Backup();
    break;
  }
  std::string_view word = input_.substr(start_, pos_ - start_);
  auto it = KeywordTable().find(AsciiLower(word));
  if (it != KeywordTable().end()) {
    TokenType type = it->second;
    // fill/fill_left/fill_right are keywords only before '(' so that they stay usable as
    // metric names.
    bool fill =
        type == TokenType::kFill || type == TokenType::kFillLeft || type == TokenType::kFillRight;
    if (fill && !FollowedByLeftParen()) return Emit(TokenType::kIdentifier);
    return Emit(type);
  }
  if (word.find(':') != std::string_view::npos) return Emit(TokenType::kMetricIdentifier);
  return Emit(TokenType::kIdentifier);
}

bool Lexer::FollowedByLeftParen() const {
  for (size_t p = pos_; p < input_.size(); ++p) {
    if (!IsSpace(static_cast<unsigned char>(input_[p]))) return input_[p] == '(';
  }
  return false;
}

}  // namespace

bool IsOperatorToken(TokenType type) {
  return type >= TokenType::kAdd && type <= TokenType::kLunless;
}
bool IsAggregatorToken(TokenType type) {
  return type >= TokenType::kAvg && type <= TokenType::kLimitRatio;
}
bool IsKeywordToken(TokenType type) {
  return type >= TokenType::kBool && type <= TokenType::kWithout;
}

std::string DescribeToken(const Token& token) {
  auto quoted = [&] {
    if (token.text.size() > 10) return QuoteTruncated(token.text, 10) + "...";
    return Quote(token.text);
  };
  switch (token.type) {
    case TokenType::kEof:
      return "end of input";
    case TokenType::kError:
      return token.text;
    case TokenType::kComment:
      return "comment " + quoted();
    case TokenType::kIdentifier:
      return "identifier " + Quote(token.text);
    case TokenType::kMetricIdentifier:
      return "metric identifier " + Quote(token.text);
    case TokenType::kString:
      return "string " + quoted();
    case TokenType::kNumber:
      return "number " + quoted();
    case TokenType::kDuration:
      return "duration " + quoted();
    default:
      break;
  }
  if (IsKeywordToken(token.type)) return "<" + token.text + ">";
  if (IsOperatorToken(token.type)) return "<op:" + token.text + ">";
  if (IsAggregatorToken(token.type)) return "<aggr:" + token.text + ">";
  return quoted();
}

std::vector<Token> Lex(std::string_view input) {
  Lexer lexer(input);
  std::vector<Token> tokens;
  for (;;) {
    Token token = lexer.Next();
    if (token.type == TokenType::kComment) continue;
    bool last = token.type == TokenType::kEof || token.type == TokenType::kError;
    tokens.push_back(std::move(token));
    if (last) return tokens;
  }
}

}  // namespace greptime::promql
