// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Syntax tree of expressions and queries produced by the SQL parser (statements: statement.h).
//
// Design: nodes are plain structs (value types, move-only) grouped in std::variant; children are
// owned through std::unique_ptr. A binder walks them with std::visit or `expr.As<BinaryExpr>()`.
// Identifiers are already case-folded (unquoted -> lower case). Nothing here is resolved against
// a catalog: names, types and functions are kept as written (types as canonical SQL text that
// types::DataType::ParseSql understands).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "query/sql/lexer.h"

namespace greptime::query::sql {

struct Expr;
struct Query;
struct QueryBody;
struct TableRef;
using ExprPtr = std::unique_ptr<Expr>;
using QueryPtr = std::unique_ptr<Query>;
using TableRefPtr = std::unique_ptr<TableRef>;

// ---------------------------------------------------------------------------------------------
// Names and types
// ---------------------------------------------------------------------------------------------

// One identifier. `value` is lower-cased when the identifier was written unquoted; quoted ones
// ("Abc", `Abc`) keep their case and remember their quote character.
struct Ident {
  std::string value;
  char quote = 0;

  Ident() = default;
  explicit Ident(std::string v, char q = 0) : value(std::move(v)), quote(q) {}
  bool operator==(const Ident&) const = default;
  // `abc`, or `"Abc"` for quoted identifiers (always printed with double quotes).
  std::string ToString() const;
};

// A dotted name: [catalog.][schema.]table, schema.table.column, a.b for options.
struct ObjectName {
  std::vector<Ident> parts;

  bool operator==(const ObjectName&) const = default;
  // The last part (table name of catalog.schema.table). Precondition: not empty.
  const Ident& back() const { return parts.back(); }
  // Parts printed with Ident::ToString, joined by '.'.
  std::string ToString() const;
  // Parts' values joined by '.', no quotes.
  std::string ToPlainString() const;
};

// A data type as written, normalised: upper-case words, single blanks, no blanks inside the
// parameter list: "BIGINT UNSIGNED", "TIMESTAMP(3)", "DECIMAL(10,2)", "DOUBLE", "VECTOR(3)".
// Every spelling of spec/sql.md §1 is accepted by types::DataType::ParseSql(text); a few
// standard synonyms are mapped on the way (DOUBLE PRECISION -> DOUBLE, CHARACTER [VARYING] ->
// CHAR / VARCHAR, NUMERIC -> DECIMAL, REAL -> FLOAT). Unknown names are kept for the binder.
struct TypeName {
  std::string text;
  bool operator==(const TypeName&) const = default;
};

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

// kDefault is the DEFAULT keyword used as a value in INSERT ... VALUES (spec/sql.md §8).
enum class LiteralKind : uint8_t { kNull, kBoolean, kInteger, kFloat, kString, kHexString, kDefault };

struct Literal {
  LiteralKind kind = LiteralKind::kNull;
  // kInteger / kFloat: the number as written ("42", "4.20", "1e9"); kString: the content;
  // kHexString: the hex digits of X'..' / 0x..; kBoolean: "true"/"false"; kNull: "NULL";
  // kDefault: "DEFAULT".
  std::string text;
  bool bool_value = false;
  // kInteger: the value; int_overflow when the digits do not fit an int64 (the binder may
  // still take them as UInt64 or Decimal).
  int64_t int_value = 0;
  bool int_overflow = false;
  // kFloat (and kInteger as a convenience): the value as a double.
  double float_value = 0;
  // A string written in double quotes inside INSERT ... VALUES (spec/sql.md §0.1).
  bool double_quoted = false;
};

// A column, possibly qualified: col, t.col, schema.t.col.
struct ColumnRef {
  std::vector<Ident> parts;
};

// `*` or `t.*` (select lists and function arguments such as count(*)).
struct Wildcard {
  std::vector<Ident> qualifier;
  std::vector<Ident> except;  // SELECT * EXCEPT (a, b)
};

enum class UnaryOp : uint8_t { kNot, kMinus, kPlus, kBitNot };

struct UnaryExpr {
  UnaryOp op = UnaryOp::kNot;
  ExprPtr operand;
};

enum class BinaryOp : uint8_t {
  kOr, kAnd, kXor,
  kEq, kNotEq, kLt, kLtEq, kGt, kGtEq, kSpaceship,
  kPlus, kMinus, kMultiply, kDivide, kModulo, kIntegerDivide,
  kConcat, kBitAnd, kBitOr, kBitXor, kShiftLeft, kShiftRight,
  kRegexMatch, kRegexIMatch, kRegexNotMatch, kRegexNotIMatch,
  kArrow, kLongArrow, kAtArrow, kArrowAt,
};

struct BinaryExpr {
  BinaryOp op = BinaryOp::kEq;
  ExprPtr left;
  ExprPtr right;
};

struct OrderByItem {
  ExprPtr expr;
  std::optional<bool> asc;          // nullopt: not written (ASC)
  std::optional<bool> nulls_first;  // nullopt: not written
};

enum class FrameUnits : uint8_t { kRows, kRange, kGroups };
enum class FrameBoundKind : uint8_t {
  kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing
};

struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::kCurrentRow;
  ExprPtr offset;  // kPreceding / kFollowing only
};

struct WindowFrame {
  FrameUnits units = FrameUnits::kRows;
  FrameBound start;
  std::optional<FrameBound> end;  // set for BETWEEN start AND end
};

struct WindowSpec {
  std::optional<Ident> name;  // OVER w (a named window; other fields empty)
  std::vector<ExprPtr> partition_by;
  std::vector<OrderByItem> order_by;
  std::optional<WindowFrame> frame;
};

// How a call was written; the printer reproduces it. The name and arguments are already in
// canonical function form (see each value).
enum class FunctionSyntax : uint8_t {
  kCall,       // f(a, b)
  kNoParens,   // CURRENT_TIMESTAMP, CURRENT_DATE, ... (args empty)
  kExtract,    // EXTRACT(YEAR FROM x): name "date_part", args ['YEAR', x]
  kPosition,   // POSITION(a IN b): name "strpos", args [b, a]
  kSubstring,  // SUBSTRING(s FROM a [FOR b]): name "substr", args [s, a(, b)]
  kTrim,       // TRIM([BOTH|LEADING|TRAILING] [c] FROM s): name "btrim"/"ltrim"/"rtrim",
               // args [s(, c)]
};

struct FunctionCall {
  ObjectName name;            // as written (case-folded): count, my_schema.f
  std::vector<ExprPtr> args;  // `*` is a Wildcard argument
  bool distinct = false;
  std::vector<OrderByItem> order_by;      // f(x ORDER BY y)
  std::vector<OrderByItem> within_group;  // WITHIN GROUP (ORDER BY y)
  ExprPtr filter;                         // FILTER (WHERE cond)
  std::unique_ptr<WindowSpec> over;       // OVER (...)
  std::optional<bool> ignore_nulls;       // IGNORE NULLS / RESPECT NULLS
  FunctionSyntax syntax = FunctionSyntax::kCall;
};

struct WhenClause {
  ExprPtr condition;
  ExprPtr result;
};

struct CaseExpr {
  ExprPtr operand;  // CASE x WHEN ... (simple form); null for the searched form
  std::vector<WhenClause> whens;
  ExprPtr else_result;
};

enum class CastSyntax : uint8_t {
  kCast,         // CAST(x AS t)
  kTryCast,      // TRY_CAST(x AS t)
  kDoubleColon,  // x::t
  kTypedString,  // DATE '2024-01-01', TIMESTAMP '...' (operand is the string literal)
};

struct CastExpr {
  ExprPtr operand;
  TypeName type;
  CastSyntax syntax = CastSyntax::kCast;
};

struct InListExpr {
  ExprPtr operand;
  std::vector<ExprPtr> list;
  bool negated = false;
};

struct InSubqueryExpr {
  ExprPtr operand;
  QueryPtr query;
  bool negated = false;
};

struct ExistsExpr {
  QueryPtr query;
  bool negated = false;
};

struct SubqueryExpr {
  QueryPtr query;
};

struct BetweenExpr {
  ExprPtr operand;
  ExprPtr low;
  ExprPtr high;
  bool negated = false;
};

enum class LikeOp : uint8_t { kLike, kILike, kSimilarTo, kRegexp };

struct LikeExpr {
  LikeOp op = LikeOp::kLike;
  ExprPtr operand;
  ExprPtr pattern;
  ExprPtr escape;  // optional ESCAPE 'c'
  bool negated = false;
};

enum class IsTest : uint8_t { kNull, kTrue, kFalse, kUnknown, kDistinctFrom };

struct IsExpr {
  IsTest test = IsTest::kNull;
  ExprPtr operand;
  ExprPtr other;  // kDistinctFrom only
  bool negated = false;
};

// INTERVAL '1 hour', INTERVAL '1' HOUR, INTERVAL 1 HOUR, INTERVAL '1-2' YEAR TO MONTH.
struct IntervalExpr {
  ExprPtr value;
  std::string leading_field;  // upper case, "" when absent
  std::string last_field;     // upper case, "" when absent
};

// GreptimeDB range aggregate: `<expr> RANGE <duration> [FILL <fill>]` (spec/sql.md §11).
// `range` is the string literal ('5m') or the parenthesised expression ((INTERVAL '1' day)).
// `fill` is the single token after FILL as written (NULL, PREV, LINEAR, 6, 3.0).
struct RangeExpr {
  ExprPtr operand;
  ExprPtr range;
  std::optional<std::string> fill;
};

struct TupleExpr {
  std::vector<ExprPtr> items;
};

struct ArrayExpr {
  std::vector<ExprPtr> items;
  bool array_keyword = false;  // ARRAY[...] rather than [...]
};

// a[i] or a[lo:hi].
struct SubscriptExpr {
  ExprPtr operand;
  ExprPtr index;  // or the lower bound of a slice (may be null for a[:hi])
  ExprPtr upper;  // slice only
  bool slice = false;
};

struct AtTimeZoneExpr {
  ExprPtr operand;
  ExprPtr zone;
};

// `?` or `$1` (prepared statements).
struct Placeholder {
  std::string text;
};

struct Expr {
  using Node = std::variant<Literal, ColumnRef, Wildcard, UnaryExpr, BinaryExpr, FunctionCall,
                            CaseExpr, CastExpr, InListExpr, InSubqueryExpr, ExistsExpr,
                            SubqueryExpr, BetweenExpr, LikeExpr, IsExpr, IntervalExpr, RangeExpr,
                            TupleExpr, ArrayExpr, SubscriptExpr, AtTimeZoneExpr, Placeholder>;
  Node node;
  Position pos;  // where the expression starts

  template <typename T>
  bool Is() const { return std::holds_alternative<T>(node); }
  // Null when the node is not a T.
  template <typename T>
  const T* As() const { return std::get_if<T>(&node); }
  template <typename T>
  T* As() { return std::get_if<T>(&node); }
};

template <typename T>
ExprPtr MakeExpr(T node, Position pos = {}) {
  auto e = std::make_unique<Expr>();
  e->node = std::move(node);
  e->pos = pos;
  return e;
}

// ---------------------------------------------------------------------------------------------
// TQL (needed here because a CTE body may be TQL)
// ---------------------------------------------------------------------------------------------

enum class TqlKind : uint8_t { kEval, kExplain, kAnalyze };

// TQL EVAL|EXPLAIN|ANALYZE [VERBOSE] [FORMAT f] [(start, end, step [, lookback])] <promql> [AS a]
// Parameters are kept as expressions (numbers, strings or constant expressions such as
// now() - interval '5m'); without a parameter list they are null (GreptimeDB defaults: 0, 0,
// '5m'). `query` is the PromQL text exactly as written (trimmed).
struct Tql {
  TqlKind kind = TqlKind::kEval;
  bool verbose = false;
  std::string format;  // FORMAT JSON|TEXT|GRAPHVIZ (upper case) or ""
  ExprPtr start;
  ExprPtr end;
  ExprPtr step;
  ExprPtr lookback;
  std::string query;
  std::optional<Ident> alias;
};

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

struct TableAlias {
  Ident name;
  std::vector<Ident> columns;  // t(a, b)
};

struct BaseTable {
  ObjectName name;
  std::optional<TableAlias> alias;
};

struct DerivedTable {
  QueryPtr query;
  std::optional<TableAlias> alias;
  bool lateral = false;
};

// FROM f(args) [alias], e.g. unnest(...), generate_series(...).
struct TableFunction {
  ExprPtr call;  // a FunctionCall expression
  std::optional<TableAlias> alias;
};

enum class JoinType : uint8_t {
  kInner, kLeft, kRight, kFull, kCross, kLeftSemi, kRightSemi, kLeftAnti, kRightAnti
};

struct Join {
  JoinType type = JoinType::kInner;
  TableRefPtr left;
  TableRefPtr right;
  ExprPtr on;
  std::vector<Ident> using_columns;
  bool natural = false;
};

struct TableRef {
  std::variant<BaseTable, DerivedTable, TableFunction, Join> node;
  Position pos;
};

struct SelectItem {
  ExprPtr expr;  // a Wildcard for * and t.*
  std::optional<Ident> alias;
};

// ALIGN <duration> [TO <origin>] [BY (exprs)] of a range query. `duration` is the string
// literal or the parenthesised expression; `to` is null when absent, else a string literal
// (NOW, CALENDAR, a timestamp string; quotes trimmed) or the parenthesised expression.
// `has_by` distinguishes `BY ()` (has_by, empty list) from no BY clause.
struct AlignClause {
  ExprPtr duration;
  ExprPtr to;
  bool has_by = false;
  std::vector<ExprPtr> by;
};

struct NamedWindow {
  Ident name;
  std::unique_ptr<WindowSpec> spec;
};

struct Select {
  bool distinct = false;
  std::vector<ExprPtr> distinct_on;
  std::vector<SelectItem> items;
  std::vector<TableRefPtr> from;  // comma-separated entries (implicit cross joins)
  ExprPtr where;
  std::vector<ExprPtr> group_by;  // expressions; integer literals are ordinals
  ExprPtr having;
  std::optional<AlignClause> align;
  std::optional<std::string> fill;  // query-level FILL next to ALIGN
  std::vector<NamedWindow> windows;  // WINDOW w AS (...), ...
};

enum class SetOpKind : uint8_t { kUnion, kIntersect, kExcept };
enum class SetQuantifier : uint8_t { kNone, kAll, kDistinct };

struct SetOperation {
  SetOpKind op = SetOpKind::kUnion;
  SetQuantifier quantifier = SetQuantifier::kNone;
  std::unique_ptr<QueryBody> left;
  std::unique_ptr<QueryBody> right;
};

// VALUES (..), (..) — also the source of INSERT ... VALUES.
struct Values {
  std::vector<std::vector<ExprPtr>> rows;
};

struct QueryBody {
  // A parenthesised query keeps its own ORDER BY / LIMIT in the nested Query.
  std::variant<Select, SetOperation, QueryPtr, Values> node;
};

struct Cte {
  Ident name;
  std::vector<Ident> columns;
  QueryPtr query;            // SQL body, or
  std::unique_ptr<Tql> tql;  // a TQL EVAL body
};

struct With {
  bool recursive = false;
  std::vector<Cte> ctes;
};

struct Query {
  std::optional<With> with;
  std::unique_ptr<QueryBody> body;
  std::vector<OrderByItem> order_by;
  ExprPtr limit;   // LIMIT n, LIMIT m, n (n); null when absent
  ExprPtr offset;  // OFFSET m, LIMIT m, n (m); null when absent
};

// ---------------------------------------------------------------------------------------------
// Printing (canonical SQL) and deep copies
// ---------------------------------------------------------------------------------------------

// Canonical SQL of an expression: keywords upper case, function names as written, minimal
// parentheses from operator precedence, e.g. `count(*)`, `avg(t.cpu_util)`, `a + b * 2`,
// `CAST(x AS BIGINT)`, `min(val) RANGE '5s' FILL PREV`. Parsing the output gives the same tree.
std::string ToString(const Expr& expr);
std::string ToString(const Query& query);
std::string ToString(const TableRef& table);
std::string ToString(const Tql& tql);
std::string ToString(BinaryOp op);
// 'text' with single quotes doubled.
std::string QuoteString(std::string_view text);

// Calls `fn` on each direct child expression of `expr` (operands, arguments, window and ORDER
// BY expressions, CASE branches, RANGE operand and duration). Subqueries are not entered.
void ForEachChild(const Expr& expr, const std::function<void(const Expr&)>& fn);

ExprPtr Clone(const Expr& expr);
QueryPtr Clone(const Query& query);
TableRefPtr Clone(const TableRef& table);
std::unique_ptr<Tql> Clone(const Tql& tql);
OrderByItem Clone(const OrderByItem& item);

}  // namespace greptime::query::sql
