// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The PromQL syntax tree, after Prometheus's promql/parser AST: literals, selectors, subqueries,
// calls, aggregations, unary/binary operators and parentheses, plus label matchers (regexes
// compiled with RE2) and the canonical printer (Expr::String, as Prometheus's Expr.String()).
//
// Nodes are plain structs owned through ExprPtr; `kind` tells which struct an Expr is (use
// Is<T>() / As<T>()). Durations are nanoseconds (Prometheus's time.Duration); @ timestamps are
// milliseconds. Positions are byte offsets into the parsed query.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "promql/functions.h"

namespace re2 {
class RE2;
}

namespace greptime::promql {

// ---------------------------------------------------------------------------------------------
// Label matchers
// ---------------------------------------------------------------------------------------------

enum class MatchOp : uint8_t { kEqual, kNotEqual, kRegexMatch, kRegexNoMatch };

// "=", "!=", "=~", "!~".
std::string_view MatchOpString(MatchOp op);

// One `name op "value"` condition on a label. Immutable and cheap to copy (the compiled regex
// is shared); safe to use from several threads.
class LabelMatcher {
 public:
  // Regex values are compiled with RE2, fully anchored as `^(?:value)$`. A bad regex fails with
  // kInvalidArguments "error parsing regexp: <RE2's reason>".
  static Result<LabelMatcher> Make(MatchOp op, std::string name, std::string value);

  MatchOp op() const { return op_; }
  const std::string& name() const { return name_; }
  const std::string& value() const { return value_; }

  // Whether a label with this value (the empty string for an absent label) passes.
  bool Matches(std::string_view label_value) const;

  // `name="value"` with Go quoting; names that are not [a-zA-Z_][a-zA-Z0-9_]* are quoted too.
  std::string String() const;

  // Same op, name and value.
  bool operator==(const LabelMatcher& other) const;

 private:
  LabelMatcher(MatchOp op, std::string name, std::string value)
      : op_(op), name_(std::move(name)), value_(std::move(value)) {}

  MatchOp op_;
  std::string name_;
  std::string value_;
  std::shared_ptr<const re2::RE2> regex_;  // for kRegexMatch / kRegexNoMatch
};

inline constexpr std::string_view kMetricNameLabel = "__name__";

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

enum class ExprKind : uint8_t {
  kNumberLiteral,
  kStringLiteral,
  kVectorSelector,
  kMatrixSelector,
  kSubquery,
  kCall,
  kAggregate,
  kBinary,
  kUnary,
  kParen,
};

// [start, end) byte offsets in the query text.
struct PositionRange {
  int32_t start = 0;
  int32_t end = 0;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  virtual ~Expr() = default;

  // The value type the expression evaluates to (Prometheus's Expr.Type()).
  ValueType Type() const;
  // Prometheus's canonical text: `sum by (job) (rate(x{a="b"}[5m]))`. Matchers print sorted;
  // parsing the result gives an expression Equals() to this one.
  std::string String() const;
  // Structural equality ignoring positions; matcher order inside a selector does not matter.
  bool Equals(const Expr& other) const;
  ExprPtr Clone() const;

  template <typename T>
  bool Is() const {
    return kind == T::kKind;
  }
  template <typename T>
  const T& As() const {
    GT_CHECK(kind == T::kKind);
    return static_cast<const T&>(*this);
  }
  template <typename T>
  T& As() {
    GT_CHECK(kind == T::kKind);
    return static_cast<T&>(*this);
  }

  const ExprKind kind;
  PositionRange pos;

 protected:
  explicit Expr(ExprKind k) : kind(k) {}
};

struct NumberLiteral final : Expr {
  static constexpr ExprKind kKind = ExprKind::kNumberLiteral;
  explicit NumberLiteral(double v = 0, bool duration = false)
      : Expr(kKind), value(v), is_duration(duration) {}

  double value;
  bool is_duration;  // written as a duration ("5m" = 300); prints back as one
};

struct StringLiteral final : Expr {
  static constexpr ExprKind kKind = ExprKind::kStringLiteral;
  explicit StringLiteral(std::string v = "") : Expr(kKind), value(std::move(v)) {}

  std::string value;
};

// The @ modifier of a selector or subquery.
struct AtModifier {
  enum class Kind : uint8_t { kNone, kTimestamp, kStart, kEnd };
  Kind kind = Kind::kNone;
  int64_t timestamp_ms = 0;  // for kTimestamp

  bool operator==(const AtModifier& other) const = default;
};

struct VectorSelector final : Expr {
  static constexpr ExprKind kKind = ExprKind::kVectorSelector;
  VectorSelector() : Expr(kKind) {}

  // The metric name written before the braces ("" for `{__name__="x"}`).
  std::string name;
  // All matchers, ANDed. When `name` is set the last one is `__name__="<name>"`.
  std::vector<LabelMatcher> matchers;
  // GreptimeDB's `{a="1" or b="2"}` extension: when non-empty, a series must also pass every
  // matcher of at least one group (`matchers` then holds only the name matcher, if any).
  std::vector<std::vector<LabelMatcher>> or_matchers;
  std::chrono::nanoseconds offset{0};
  AtModifier at;
};

struct MatrixSelector final : Expr {
  static constexpr ExprKind kKind = ExprKind::kMatrixSelector;
  MatrixSelector() : Expr(kKind) {}

  // Carries the offset and @ modifier of the range selector.
  std::unique_ptr<VectorSelector> selector;
  std::chrono::nanoseconds range{0};
};

struct SubqueryExpr final : Expr {
  static constexpr ExprKind kKind = ExprKind::kSubquery;
  SubqueryExpr() : Expr(kKind) {}

  ExprPtr expr;
  std::chrono::nanoseconds range{0};
  std::chrono::nanoseconds step{0};  // 0 when omitted: the evaluation uses its default step
  std::chrono::nanoseconds offset{0};
  AtModifier at;
};

struct Call final : Expr {
  static constexpr ExprKind kKind = ExprKind::kCall;
  Call() : Expr(kKind) {}

  const Function* func = nullptr;  // from the static function table
  std::vector<ExprPtr> args;
};

enum class AggregateOp : uint8_t {
  kSum,
  kAvg,
  kCount,
  kMin,
  kMax,
  kGroup,
  kStddev,
  kStdvar,
  kTopk,
  kBottomk,
  kCountValues,
  kQuantile,
  kLimitk,
  kLimitRatio,
};

// "sum", "count_values", ...
std::string_view AggregateOpName(AggregateOp op);
// topk, bottomk, count_values, quantile, limitk and limit_ratio take a parameter first.
bool AggregateOpHasParam(AggregateOp op);

struct AggregateExpr final : Expr {
  static constexpr ExprKind kKind = ExprKind::kAggregate;
  AggregateExpr() : Expr(kKind) {}

  AggregateOp op = AggregateOp::kSum;
  ExprPtr expr;
  ExprPtr param;  // set iff AggregateOpHasParam(op)
  std::vector<std::string> grouping;
  bool without = false;  // grouping lists the labels to drop
};

enum class BinaryOp : uint8_t {
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kPow,
  kAtan2,
  kEql,
  kNeq,
  kGtr,
  kLss,
  kGte,
  kLte,
  kAnd,
  kOr,
  kUnless,
};

// "+", "==", "atan2", "and", ...
std::string_view BinaryOpName(BinaryOp op);
bool IsComparisonOp(BinaryOp op);
bool IsSetOp(BinaryOp op);

enum class VectorMatchCardinality : uint8_t { kOneToOne, kManyToOne, kOneToMany, kManyToMany };

struct VectorMatching {
  VectorMatchCardinality card = VectorMatchCardinality::kOneToOne;
  std::vector<std::string> matching_labels;  // the on(...) or ignoring(...) list
  bool on = false;
  std::vector<std::string> include;  // group_left(...) / group_right(...) labels

  bool operator==(const VectorMatching& other) const = default;
};

struct BinaryExpr final : Expr {
  static constexpr ExprKind kKind = ExprKind::kBinary;
  BinaryExpr() : Expr(kKind) {}

  BinaryOp op = BinaryOp::kAdd;
  ExprPtr lhs;
  ExprPtr rhs;
  bool return_bool = false;
  // Present iff both sides are instant vectors (set operators: kManyToMany).
  std::optional<VectorMatching> matching;
};

enum class UnaryOp : uint8_t { kPlus, kMinus };

struct UnaryExpr final : Expr {
  static constexpr ExprKind kKind = ExprKind::kUnary;
  UnaryExpr() : Expr(kKind) {}

  UnaryOp op = UnaryOp::kMinus;
  ExprPtr expr;
};

struct ParenExpr final : Expr {
  static constexpr ExprKind kKind = ExprKind::kParen;
  ParenExpr() : Expr(kKind) {}

  ExprPtr expr;
};

}  // namespace greptime::promql
