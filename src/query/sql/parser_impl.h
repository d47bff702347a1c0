// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Internal: the recursive-descent parser behind parser.h. Its members are implemented by
// concern in parser.cc (cursor, names, dispatch), parser_expr.cc, parser_function.cc,
// parser_query.cc, parser_ddl.cc and parser_misc.cc.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "query/sql/ast.h"
#include "query/sql/lexer.h"
#include "query/sql/statement.h"

namespace greptime::query::sql::internal {

// Binding powers of infix operators (higher binds tighter), after sqlparser with `||` and the
// bitwise operators above comparisons as in PostgreSQL.
enum Precedence : int {
  kPrecLowest = 0,
  kPrecOr = 5,
  kPrecXor = 7,
  kPrecAnd = 10,
  kPrecNot = 15,
  kPrecIs = 17,
  kPrecCompare = 20,  // = <> < <= > >= LIKE IN BETWEEN REGEXP ~
  kPrecConcat = 22,
  kPrecBitOr = 23,
  kPrecBitXor = 24,
  kPrecBitAnd = 25,
  kPrecShift = 26,
  kPrecPlusMinus = 30,
  kPrecMulDiv = 40,
  kPrecUnary = 45,
  kPrecAtTimeZone = 47,
  kPrecCast = 50,     // ::
  kPrecPostfix = 55,  // a[i], ->, ->>
};

// Precedence an expression node prints at (for the printer's parenthesisation).
int ExprPrecedence(const Expr& expr);
int BinaryOpPrecedence(BinaryOp op);

// Keywords that cannot be a bare column alias (`SELECT a <kw>`) or table alias.
bool IsReservedForColumnAlias(const Token& token);
bool IsReservedForTableAlias(const Token& token);

// One parser per script: it owns the script's tokens and walks them with a cursor. Members
// return Status/Result (never throw); a failed alternative may be retried after reset(mark()).
class Parser {
 public:
  Parser(std::string_view sql, std::vector<Token> tokens);

  Result<std::vector<Statement>> ParseStatements();
  Result<ExprPtr> ParseStandaloneExpr();

  // ---- cursor (parser.cc) ----
  const Token& Peek(size_t ahead = 0) const;
  const Token& Next();
  bool PeekKeyword(std::string_view keyword, size_t ahead = 0) const;
  bool PeekIs(TokenType type, size_t ahead = 0) const;
  bool ConsumeKeyword(std::string_view keyword);
  // Consumes all keywords in order, or nothing.
  bool ConsumeKeywords(std::initializer_list<std::string_view> keywords);
  bool Consume(TokenType type);
  Status ExpectKeyword(std::string_view keyword);
  Status Expect(TokenType type, std::string_view display);

  // ---- errors (parser.cc) ----
  // "Invalid SQL syntax: sql parser error: Expected: <what>, found: <token> at Line..".
  Status Expected(std::string_view what) const;
  Status ExpectedAt(std::string_view what, const Token& found) const;
  Status SyntaxError(std::string_view message) const;
  Status Unsupported(const Token& token) const;
  // GreptimeDB's "Unexpected token while parsing SQL statement, expected: '<x>', found: <tok>"
  // wrapping a sqlparser error.
  Status Unexpected(std::string_view expected, const Status& cause) const;

  // ---- names, types, options (parser.cc) ----
  Ident MakeIdent(const Token& token) const;
  Result<Ident> ParseIdent();
  Result<ObjectName> ParseObjectName();
  Result<std::vector<Ident>> ParseParenIdentList();
  Result<TypeName> ParseTypeName();
  Result<std::string> ParseStringLiteral(std::string_view what);
  Result<OptionList> ParseOptionList();  // ( k = v, ... )
  Result<SqlOption> ParseOption();
  Result<std::string> ParseOptionKey();
  Result<OptionValue> ParseOptionValue();
  Result<bool> ParseIfNotExists();
  bool ParseIfExists();

  // ---- statements (parser.cc, parser_ddl.cc, parser_misc.cc) ----
  Result<Statement> ParseStatement();
  Result<Statement::Node> ParseStatementNode();
  Result<Statement::Node> ParseCreate();
  Result<Statement::Node> ParseCreateDatabase();
  Result<Statement::Node> ParseCreateTable(bool external);
  Status ParseTableElements(CreateTableStatement& create, std::vector<Ident>& time_indexes);
  Result<ColumnDef> ParseColumnDef();
  Status ParseColumnOptions(ColumnDef& column);
  Result<ColumnIndex> ParseColumnIndex(ColumnIndexKind kind);
  Result<PartitionClause> ParsePartitions();
  Result<Statement::Node> ParseCreateView(bool or_replace);
  Result<Statement::Node> ParseCreateFlow(bool or_replace);
  Result<Statement::Node> ParseAlter();
  Result<Statement::Node> ParseAlterTable();
  Result<Statement::Node> ParseAlterModifyColumn();
  Result<Statement::Node> ParseAlterDatabase();
  Result<SetTableOptionsOp> ParseSetOptions();
  Result<std::vector<std::string>> ParseUnsetKeys();
  Result<Statement::Node> ParseDrop();
  Result<Statement::Node> ParseTruncate();
  Result<Statement::Node> ParseComment();
  Result<Statement::Node> ParseInsert();
  Result<Statement::Node> ParseDelete();
  Result<Statement::Node> ParseShow();
  Status ParseShowFilter(ShowStatement& show);
  Result<Statement::Node> ParseShowCreate();
  Status ParseShowFromDatabase(ShowStatement& show);
  Status ParseShowFromTable(ShowStatement& show);
  Result<bool> ParseShowSession(ShowStatement& show);
  Result<Statement::Node> ParseDescribe();
  Result<Statement::Node> ParseUse();
  Result<Statement::Node> ParseSet();
  Result<Statement::Node> ParseExplain();
  Result<Statement::Node> ParseAdmin();
  Result<Tql> ParseTql(bool in_parentheses);
  Status ParseTqlParams(Tql& tql);
  // The raw PromQL text (and `AS alias`) up to ';' / end, or the unmatched ')' of a CTE.
  Status ParseTqlQuery(Tql& tql, bool in_parentheses);
  Result<Statement::Node> ParseCopy();
  Result<Statement::Node> ParseKill();

  // ---- queries (parser_query.cc) ----
  bool PeekQueryStart(size_t ahead = 0) const;
  Result<QueryPtr> ParseQuery();
  Result<With> ParseWith();
  Result<std::unique_ptr<QueryBody>> ParseSetExpr(int min_precedence);
  Result<std::unique_ptr<QueryBody>> ParseQueryTerm();
  Result<Select> ParseSelect();
  Result<SelectItem> ParseSelectItem();
  Result<std::optional<Ident>> ParseColumnAlias();
  Status ParseAlignAndFill(Select& select);
  Status ValidateRangeSelect(const Select& select) const;
  Result<TableRefPtr> ParseTableRef();
  Result<TableRefPtr> ParseTableFactor();
  Result<std::optional<TableAlias>> ParseTableAlias();
  Result<std::vector<OrderByItem>> ParseOrderByList();
  Result<OrderByItem> ParseOrderByItem();
  Result<Values> ParseValues();

  // ---- expressions (parser_expr.cc) ----
  Result<ExprPtr> ParseExpr();
  Result<ExprPtr> ParseSubexpr(int precedence);
  Result<ExprPtr> ParsePrefix();
  Result<ExprPtr> ParseInfix(ExprPtr left, int precedence);
  int NextPrecedence() const;
  Result<ExprPtr> MaybeParseRange(ExprPtr expr);
  // The duration after RANGE / ALIGN: a checked duration string, or `(expr)`.
  Result<ExprPtr> ParseRangeDuration();
  Result<ExprPtr> ParseWordPrefix();
  // Keyword-led expressions (NULL, CASE, CAST, NOT, INTERVAL, DATE '..', ...) at an unquoted
  // word; null when the word is an ordinary identifier.
  Result<ExprPtr> ParseKeywordExpr();
  Result<ExprPtr> ParseParenthesized();
  Result<ExprPtr> ParseLiteral();
  Result<std::vector<ExprPtr>> ParseExprList(TokenType close, std::string_view close_display);
  Result<ExprPtr> ParseInOrBetweenOrLike(ExprPtr left, bool negated);

  // ---- special forms and calls (parser_function.cc) ----
  Result<ExprPtr> ParseFunctionCall(ObjectName name, Position pos);
  Status ParseFunctionArgs(FunctionCall& call);
  Status ParseFunctionSuffix(FunctionCall& call);
  Result<std::unique_ptr<WindowSpec>> ParseWindowSpec();
  Result<WindowFrame> ParseWindowFrame();
  Result<FrameBound> ParseFrameBound();
  Result<ExprPtr> ParseCase(Position pos);
  Result<ExprPtr> ParseCast(CastSyntax syntax, Position pos);
  Result<ExprPtr> ParseExists(bool negated, Position pos);
  Result<ExprPtr> ParseInterval(Position pos);
  Result<ExprPtr> ParseExtract(Position pos);
  Result<ExprPtr> ParsePosition(Position pos);
  Result<ExprPtr> ParseSubstring(Position pos);
  Result<ExprPtr> ParseTrim(Position pos);

  std::string_view sql() const { return sql_; }
  size_t mark() const { return pos_; }
  void reset(size_t mark) { pos_ = mark; }
  // Recursion guard against hostile nesting: an error once the depth passes a few hundred.
  Status Enter();
  void Leave() { --depth_; }


 private:
  // Modes, saved and restored by the code that sets them.
  bool values_mode_ = false;  // "..." is a string literal (INSERT ... VALUES)
  bool no_range_ = false;     // RANGE is a window-frame keyword here, not a range aggregate

  std::string_view sql_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
};

// RAII form of Parser::Enter/Leave.
class DepthGuard {
 public:
  explicit DepthGuard(Parser& parser) : parser_(parser), status_(parser.Enter()) {}
  ~DepthGuard() { parser_.Leave(); }
  const Status& status() const { return status_; }

 private:
  Parser& parser_;
  Status status_;
};

// The word tokens of a time unit usable after INTERVAL '..' (YEAR, MONTHS, ...).
bool IsIntervalUnit(const Token& token);
// True when the expression contains a function call outside of function arguments (the
// operand rule of RANGE).
bool ContainsFunction(const Expr& expr);
bool ContainsRange(const Expr& expr);
// True when `expr` or a sub-expression is a window function call (f(..) OVER ..).
bool ContainsWindowFunction(const Expr& expr);

}  // namespace greptime::query::sql::internal
