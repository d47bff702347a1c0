// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Parser core: public entry points, token cursor, error messages, names, types, options and
// statement dispatch.
#include "query/sql/parser.h"

#include <algorithm>
#include <array>
#include <utility>

#include "query/sql/parser_impl.h"

namespace greptime::query::sql {
namespace internal {
namespace {

constexpr int kMaxDepth = 256;
constexpr std::string_view kSyntaxPrefix = "Invalid SQL syntax: ";

bool InList(const Token& token, std::initializer_list<std::string_view> words) {
  if (!token.IsWord() || token.quote != 0) return false;
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return EqualsIgnoreCase(token.text, w); });
}

bool IsIntegerTypeWord(std::string_view upper) {
  static constexpr std::array<std::string_view, 6> kWords = {"TINYINT", "SMALLINT", "MEDIUMINT",
                                                             "INT",     "INTEGER",  "BIGINT"};
  return std::find(kWords.begin(), kWords.end(), upper) != kWords.end();
}

}  // namespace

bool IsReservedForColumnAlias(const Token& token) {
  return InList(token, {"WITH",  "EXPLAIN", "ANALYZE",  "SELECT",     "WHERE",     "GROUP",
                        "SORT",  "HAVING",  "ORDER",    "TOP",        "LATERAL",   "VIEW",
                        "LIMIT", "OFFSET",  "FETCH",    "UNION",      "EXCEPT",    "INTERSECT",
                        "MINUS", "CLUSTER", "DISTRIBUTE", "RETURNING", "FROM",     "INTO",
                        "END",   "RANGE",   "FILL",     "ALIGN",      "WINDOW",    "QUALIFY"});
}

bool IsReservedForTableAlias(const Token& token) {
  return InList(token, {"WITH",     "EXPLAIN",   "ANALYZE",  "SELECT",    "WHERE",   "GROUP",
                        "SORT",     "HAVING",    "ORDER",    "PIVOT",     "UNPIVOT", "TOP",
                        "LATERAL",  "VIEW",      "LIMIT",    "OFFSET",    "FETCH",   "UNION",
                        "EXCEPT",   "INTERSECT", "MINUS",    "ON",        "JOIN",    "INNER",
                        "CROSS",    "FULL",      "LEFT",     "RIGHT",     "NATURAL", "USING",
                        "CLUSTER",  "DISTRIBUTE", "GLOBAL",  "ANTI",      "SEMI",    "RETURNING",
                        "OUTER",    "SET",       "QUALIFY",  "WINDOW",    "END",     "FOR",
                        "PARTITION", "PREWHERE", "SETTINGS", "FORMAT",    "START",   "CONNECT",
                        "SAMPLE",   "TABLESAMPLE", "FROM",   "ALIGN",     "FILL"});
}

Parser::Parser(std::string_view sql, std::vector<Token> tokens)
    : sql_(sql), tokens_(std::move(tokens)) {}

Status Parser::Enter() {
  if (++depth_ > kMaxDepth) return SyntaxError("recursion limit exceeded");
  return Status::OK();
}

// ---------------------------------------------------------------------------------------------
// Cursor
// ---------------------------------------------------------------------------------------------

const Token& Parser::Peek(size_t ahead) const {
  size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
  return tokens_[i];
}

const Token& Parser::Next() {
  const Token& t = tokens_[std::min(pos_, tokens_.size() - 1)];
  if (pos_ < tokens_.size() - 1) ++pos_;
  return t;
}

bool Parser::PeekKeyword(std::string_view keyword, size_t ahead) const {
  return Peek(ahead).IsKeyword(keyword);
}

bool Parser::PeekIs(TokenType type, size_t ahead) const { return Peek(ahead).type == type; }

bool Parser::ConsumeKeyword(std::string_view keyword) {
  if (!PeekKeyword(keyword)) return false;
  Next();
  return true;
}

bool Parser::ConsumeKeywords(std::initializer_list<std::string_view> keywords) {
  size_t i = 0;
  for (std::string_view k : keywords) {
    if (!PeekKeyword(k, i)) return false;
    ++i;
  }
  for (size_t j = 0; j < i; ++j) Next();
  return true;
}

bool Parser::Consume(TokenType type) {
  if (!PeekIs(type)) return false;
  Next();
  return true;
}

Status Parser::ExpectKeyword(std::string_view keyword) {
  if (ConsumeKeyword(keyword)) return Status::OK();
  return Expected(keyword);
}

Status Parser::Expect(TokenType type, std::string_view display) {
  if (Consume(type)) return Status::OK();
  return Expected(display);
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

Status Parser::Expected(std::string_view what) const { return ExpectedAt(what, Peek()); }

Status Parser::ExpectedAt(std::string_view what, const Token& found) const {
  return SyntaxError(
      fmt::format("Expected: {}, found: {}{}", what, found.Display(), PositionSuffix(found.pos)));
}

Status Parser::SyntaxError(std::string_view message) const {
  return Status::InvalidSyntax("{}sql parser error: {}", kSyntaxPrefix, message);
}

Status Parser::Unsupported(const Token& token) const {
  return Status::Unsupported("SQL statement is not supported, keyword: {}", token.Display());
}

Status Parser::Unexpected(std::string_view expected, const Status& cause) const {
  std::string_view inner = cause.message();
  if (inner.substr(0, kSyntaxPrefix.size()) == kSyntaxPrefix) inner.remove_prefix(kSyntaxPrefix.size());
  return Status::InvalidSyntax(
      "Unexpected token while parsing SQL statement, expected: '{}', found: {}: {}", expected,
      Peek().Display(), inner);
}

// ---------------------------------------------------------------------------------------------
// Names, types, options
// ---------------------------------------------------------------------------------------------

Ident Parser::MakeIdent(const Token& token) const {
  if (token.quote != 0) return Ident(token.text, token.quote);
  return Ident(AsciiLower(token.text));
}

Result<Ident> Parser::ParseIdent() {
  // sqlparser also takes a single-quoted string as an identifier ('N.~' as a table name).
  if (PeekIs(TokenType::kString)) return Ident(Next().text, '\'');
  if (!Peek().IsWord()) return Expected("identifier");
  return MakeIdent(Next());
}

Result<ObjectName> Parser::ParseObjectName() {
  ObjectName name;
  GT_ASSIGN_OR_RETURN(Ident first, ParseIdent());
  name.parts.push_back(std::move(first));
  while (PeekIs(TokenType::kPeriod) &&
         (PeekIs(TokenType::kWord, 1) || PeekIs(TokenType::kString, 1))) {
    Next();
    GT_ASSIGN_OR_RETURN(Ident part, ParseIdent());
    name.parts.push_back(std::move(part));
  }
  return name;
}

Result<std::vector<Ident>> Parser::ParseParenIdentList() {
  GT_RETURN_IF_ERROR(Expect(TokenType::kLParen, "("));
  std::vector<Ident> out;
  if (Consume(TokenType::kRParen)) return out;
  while (true) {
    GT_ASSIGN_OR_RETURN(Ident id, ParseIdent());
    out.push_back(std::move(id));
    if (Consume(TokenType::kComma)) {
      if (Consume(TokenType::kRParen)) break;  // trailing comma
      continue;
    }
    GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
    break;
  }
  return out;
}

Result<TypeName> Parser::ParseTypeName() {
  if (!Peek().IsWord()) return Expected("a data type name");
  const Token& first = Next();
  std::string text = first.quote != 0 ? first.text : AsciiUpper(first.text);
  auto add_word = [&](std::string_view w) {
    text += ' ';
    text += w;
  };
  // Standard spellings outside spec/sql.md §1 map to their GreptimeDB equivalents.
  if (text == "DOUBLE") ConsumeKeyword("PRECISION");
  if (text == "CHARACTER") text = "CHAR";
  if (text == "CHAR" && ConsumeKeyword("VARYING")) text = "VARCHAR";
  if (text == "NUMERIC") text = "DECIMAL";
  if (text == "REAL") text = "FLOAT";
  bool integer = IsIntegerTypeWord(text);
  if (integer && ConsumeKeyword("UNSIGNED")) add_word("UNSIGNED");
  if (integer && ConsumeKeyword("SIGNED")) add_word("SIGNED");
  if (Consume(TokenType::kLParen)) {
    text += '(';
    bool first_param = true;
    while (!Consume(TokenType::kRParen)) {
      if (!first_param) GT_RETURN_IF_ERROR(Expect(TokenType::kComma, ","));
      first_param = false;
      const Token& p = Peek();
      if (p.type != TokenType::kNumber && p.type != TokenType::kWord) {
        return Expected("literal int");
      }
      if (text.back() != '(') text += ',';
      text += p.type == TokenType::kWord ? AsciiUpper(p.text) : p.text;
      Next();
    }
    text += ')';
    if (integer && ConsumeKeyword("UNSIGNED")) add_word("UNSIGNED");
  }
  if ((text.rfind("TIMESTAMP", 0) == 0 || text.rfind("TIME", 0) == 0) &&
      (PeekKeyword("WITH") || PeekKeyword("WITHOUT")) && PeekKeyword("TIME", 1) &&
      PeekKeyword("ZONE", 2)) {
    add_word(AsciiUpper(Next().text) + " TIME ZONE");
    Next();
    Next();
  }
  while (PeekIs(TokenType::kLBracket) && PeekIs(TokenType::kRBracket, 1)) {
    Next();
    Next();
    text += "[]";
  }
  return TypeName{std::move(text)};
}

Result<std::string> Parser::ParseStringLiteral(std::string_view what) {
  if (!PeekIs(TokenType::kString)) return Expected(what);
  return Next().text;
}

Result<bool> Parser::ParseIfNotExists() {
  if (!PeekKeyword("IF")) return false;
  if (PeekKeyword("NOT", 1)) {
    Next();
    Next();
    if (ConsumeKeyword("EXISTS")) return true;
    return Unexpected("EXISTS", Expected("EXISTS"));
  }
  if (PeekKeyword("EXISTS", 1)) {
    return Status::Unsupported("SQL statement is not supported, keyword: EXISTS");
  }
  return false;
}

bool Parser::ParseIfExists() { return ConsumeKeywords({"IF", "EXISTS"}); }

Result<std::string> Parser::ParseOptionKey() {
  const Token& t = Peek();
  if (t.type == TokenType::kString) return Next().text;
  if (!t.IsWord()) return Expected("option key");
  GT_ASSIGN_OR_RETURN(ObjectName name, ParseObjectName());
  return name.ToPlainString();
}

Result<OptionValue> Parser::ParseOptionValue() {
  const Token& t = Peek();
  OptionValue v;
  switch (t.type) {
    case TokenType::kString:
      v.kind = OptionValueKind::kString;
      v.text = Next().text;
      return v;
    case TokenType::kNumber:
      v.kind = OptionValueKind::kNumber;
      v.text = Next().text;
      return v;
    case TokenType::kMinus:
      if (PeekIs(TokenType::kNumber, 1)) {
        Next();
        v.kind = OptionValueKind::kNumber;
        v.text = "-" + Next().text;
        return v;
      }
      break;
    case TokenType::kWord:
      if (t.quote == '"') {
        v.kind = OptionValueKind::kString;
        v.text = Next().text;
        return v;
      }
      if (t.IsKeyword("TRUE") || t.IsKeyword("FALSE")) {
        v.kind = OptionValueKind::kBoolean;
        v.text = AsciiLower(Next().text);
        return v;
      }
      if (t.IsKeyword("NULL")) {
        Next();
        v.kind = OptionValueKind::kNull;
        v.text = "NULL";
        return v;
      }
      v.kind = OptionValueKind::kWord;
      v.text = Next().text;
      return v;
    default:
      break;
  }
  return Expected("string, number, boolean or NULL option value");
}

Result<SqlOption> Parser::ParseOption() {
  SqlOption option;
  GT_ASSIGN_OR_RETURN(option.key, ParseOptionKey());
  // `=` may be left out (PostgreSQL's COPY ... (FORMAT csv)).
  if (!Consume(TokenType::kEq) && !PeekIs(TokenType::kWord) && !PeekIs(TokenType::kString) &&
      !PeekIs(TokenType::kNumber)) {
    return Expected("=");
  }
  GT_ASSIGN_OR_RETURN(option.value, ParseOptionValue());
  return option;
}

Result<OptionList> Parser::ParseOptionList() {
  GT_RETURN_IF_ERROR(Expect(TokenType::kLParen, "("));
  OptionList options;
  while (!Consume(TokenType::kRParen)) {
    GT_ASSIGN_OR_RETURN(SqlOption option, ParseOption());
    options.push_back(std::move(option));
    if (!Consume(TokenType::kComma)) {
      GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
      break;
    }
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

Result<std::vector<Statement>> Parser::ParseStatements() {
  std::vector<Statement> statements;
  bool expecting_delimiter = false;
  while (true) {
    while (Consume(TokenType::kSemicolon)) expecting_delimiter = false;
    if (PeekIs(TokenType::kEof)) break;
    // GreptimeDB reports a token left after a statement as an unsupported statement keyword.
    if (expecting_delimiter) return Unsupported(Peek());
    GT_ASSIGN_OR_RETURN(Statement statement, ParseStatement());
    statements.push_back(std::move(statement));
    expecting_delimiter = true;
  }
  return statements;
}

Result<Statement> Parser::ParseStatement() {
  const size_t start = pos_;
  Statement statement;
  statement.pos = Peek().pos;
  GT_ASSIGN_OR_RETURN(statement.node, ParseStatementNode());
  if (pos_ > start) {
    size_t begin = tokens_[start].begin;
    size_t end = tokens_[pos_ - 1].end;
    statement.text = std::string(sql_.substr(begin, end - begin));
  }
  return statement;
}

Result<Statement::Node> Parser::ParseStatementNode() {
  const Token& t = Peek();
  if (t.type == TokenType::kLParen) {
    GT_ASSIGN_OR_RETURN(QueryPtr query, ParseQuery());
    return Statement::Node(QueryStatement{std::move(query)});
  }
  if (!t.IsWord() || t.quote != 0) return Unsupported(t);
  const std::string kw = AsciiUpper(t.text);
  if (kw == "SELECT" || kw == "VALUES" || kw == "WITH") {
    GT_ASSIGN_OR_RETURN(QueryPtr query, ParseQuery());
    return Statement::Node(QueryStatement{std::move(query)});
  }
  if (kw == "CREATE") return ParseCreate();
  if (kw == "INSERT" || kw == "REPLACE") return ParseInsert();
  if (kw == "DELETE") return ParseDelete();
  if (kw == "ALTER") return ParseAlter();
  if (kw == "DROP") return ParseDrop();
  if (kw == "TRUNCATE") return ParseTruncate();
  if (kw == "SHOW") return ParseShow();
  if (kw == "DESC" || kw == "DESCRIBE") return ParseDescribe();
  if (kw == "USE") return ParseUse();
  if (kw == "SET") return ParseSet();
  if (kw == "EXPLAIN") return ParseExplain();
  if (kw == "ADMIN") return ParseAdmin();
  if (kw == "COPY") return ParseCopy();
  if (kw == "COMMENT") return ParseComment();
  if (kw == "KILL") return ParseKill();
  if (kw == "TQL") {
    GT_ASSIGN_OR_RETURN(Tql tql, ParseTql(/*in_parentheses=*/false));
    return Statement::Node(TqlStatement{std::move(tql)});
  }
  return Unsupported(t);
}

Result<ExprPtr> Parser::ParseStandaloneExpr() {
  GT_ASSIGN_OR_RETURN(ExprPtr expr, ParseExpr());
  Consume(TokenType::kSemicolon);
  if (!PeekIs(TokenType::kEof)) return Expected("end of expression");
  return expr;
}

}  // namespace internal

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

Result<std::vector<Statement>> ParseSql(std::string_view sql) {
  GT_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(sql));
  internal::Parser parser(sql, std::move(tokens));
  return parser.ParseStatements();
}

Result<Statement> ParseOne(std::string_view sql) {
  GT_ASSIGN_OR_RETURN(std::vector<Statement> statements, ParseSql(sql));
  if (statements.size() != 1) {
    return Status::InvalidSyntax("Invalid SQL syntax: expected exactly one statement, found {}",
                                 statements.size());
  }
  return std::move(statements.front());
}

Result<ExprPtr> ParseExpression(std::string_view sql) {
  GT_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(sql));
  internal::Parser parser(sql, std::move(tokens));
  return parser.ParseStandaloneExpr();
}

bool IsRangeDuration(std::string_view text) {
  // <n>y <n>w <n>d <n>h <n>m <n>s <n>ms, each optional, in this order, at least one.
  static constexpr std::array<std::string_view, 7> kUnits = {"y", "w", "d", "h", "m", "s", "ms"};
  size_t at = 0;
  size_t next_unit = 0;
  bool any = false;
  while (at < text.size()) {
    size_t digits = at;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    if (digits == at) return false;
    size_t unit_end = digits;
    while (unit_end < text.size() && !(text[unit_end] >= '0' && text[unit_end] <= '9')) {
      ++unit_end;
    }
    std::string_view unit = text.substr(digits, unit_end - digits);
    size_t u = next_unit;
    while (u < kUnits.size() && kUnits[u] != unit) ++u;
    if (u == kUnits.size()) return false;
    next_unit = u + 1;
    any = true;
    at = unit_end;
  }
  return any;
}

}  // namespace greptime::query::sql
