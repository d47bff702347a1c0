// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Parsing of selectors and their modifiers: label matchers, range selectors, subqueries,
// durations, offset and @.
#include <cmath>
#include <limits>
#include <optional>

#include "common/strings.h"
#include "promql/literals.h"
#include "promql/parser_impl.h"

namespace greptime::promql {

namespace {

// Largest |seconds| that fits a time.Duration.
constexpr double kMaxDurationSeconds = 9223372036.854775808;

std::optional<MatchOp> MatchOpFor(TokenType type) {
  switch (type) {
    case TokenType::kEql:
      return MatchOp::kEqual;
    case TokenType::kNeq:
      return MatchOp::kNotEqual;
    case TokenType::kEqlRegex:
      return MatchOp::kRegexMatch;
    case TokenType::kNeqRegex:
      return MatchOp::kRegexNoMatch;
    default:
      return std::nullopt;
  }
}

bool IsDurationArithmetic(TokenType type) {
  switch (type) {
    case TokenType::kAdd:
    case TokenType::kSub:
    case TokenType::kMul:
    case TokenType::kDiv:
    case TokenType::kMod:
    case TokenType::kPow:
      return true;
    default:
      return false;
  }
}

std::chrono::nanoseconds RoundToDuration(double seconds) {
  return std::chrono::nanoseconds(static_cast<int64_t>(std::llround(seconds * 1e9)));
}

}  // namespace

Result<std::unique_ptr<VectorSelector>> Parser::ParseVectorSelector() {
  auto vs = std::make_unique<VectorSelector>();
  const Token& first = Peek();
  vs->pos = {first.pos, first.end()};
  if (first.type != TokenType::kLeftBrace) {
    vs->name = first.text;
    Next();
  }
  if (Peek().type == TokenType::kLeftBrace) GT_RETURN_IF_ERROR(ParseLabelMatchers(vs.get()));
  if (!vs->name.empty()) {
    GT_ASSIGN_OR_RETURN(
        LabelMatcher name_matcher,
        LabelMatcher::Make(MatchOp::kEqual, std::string(kMetricNameLabel), vs->name));
    vs->matchers.push_back(std::move(name_matcher));
  }
  return vs;
}

// `{matcher, ...}` (or GreptimeDB's `{matcher, ... or matcher, ...}`); extends vs->pos.
Status Parser::ParseLabelMatchers(VectorSelector* vs) {
  Next();  // '{'
  std::vector<std::vector<LabelMatcher>> groups(1);
  while (Peek().type != TokenType::kRightBrace) {
    GT_ASSIGN_OR_RETURN(LabelMatcher matcher, ParseLabelMatcher());
    groups.back().push_back(std::move(matcher));
    const Token& sep = Peek();
    if (sep.type == TokenType::kComma) {
      Next();
    } else if (sep.type == TokenType::kIdentifier && AsciiLower(sep.text) == "or") {
      Next();
      groups.emplace_back();
      if (Peek().type == TokenType::kRightBrace) {
        return Unexpected(Peek(), "label matching", "identifier");
      }
    } else if (sep.type != TokenType::kRightBrace) {
      return Unexpected(sep, "label matching", "\",\" or \"}\"");
    }
  }
  vs->pos.end = Next().end();
  if (groups.size() == 1) {
    vs->matchers = std::move(groups[0]);
  } else {
    vs->or_matchers = std::move(groups);
  }
  return Status::OK();
}

Result<LabelMatcher> Parser::ParseLabelMatcher() {
  const Token& label = Peek();
  if (label.type != TokenType::kIdentifier && label.type != TokenType::kString) {
    return Unexpected(label, "label matching", "identifier or \"}\"");
  }
  std::string name = label.text;
  if (label.type == TokenType::kString) {
    GT_ASSIGN_OR_RETURN(name, UnquoteToken(label));
  }
  Next();
  std::optional<MatchOp> op = MatchOpFor(Peek().type);
  if (!op) {
    if (label.type == TokenType::kString) {
      // A lone quoted name selects the metric: {"my.metric"}.
      Result<LabelMatcher> m =
          LabelMatcher::Make(MatchOp::kEqual, std::string(kMetricNameLabel), std::move(name));
      if (!m.ok()) return Error(label.pos, m.status().message());
      return m;
    }
    return Unexpected(Peek(), "label matching", "label matching operator");
  }
  Next();
  const Token& value = Peek();
  if (value.type != TokenType::kString) return Unexpected(value, "label matching", "string");
  GT_ASSIGN_OR_RETURN(std::string unquoted, UnquoteToken(value));
  Next();
  Result<LabelMatcher> m = LabelMatcher::Make(*op, std::move(name), std::move(unquoted));
  if (!m.ok()) return Error(label.pos, m.status().message());
  return m;
}

Result<std::string> Parser::UnquoteToken(const Token& token) const {
  Result<std::string> value = Unquote(token.text);
  if (!value.ok()) {
    return Error(token.pos, fmt::format("error unquoting string {}: {}", Quote(token.text),
                                        value.status().message()));
  }
  return value;
}

Result<double> Parser::LiteralValue(const Token& token) const {
  if (token.type == TokenType::kDuration) {
    Result<std::chrono::nanoseconds> d = ParseDuration(token.text);
    if (!d.ok()) return Error(token.pos, d.status().message());
    return static_cast<double>(d->count()) / 1e9;
  }
  Result<double> n = ParseNumber(token.text);
  if (!n.ok()) return Error(token.pos, "error parsing number: " + n.status().message());
  return n;
}

// [+-]* (number | duration), as in ranges, subquery steps and offsets. Duration arithmetic and
// step()/range()/min_of()/max_of() are experimental in Prometheus and rejected.
Result<DurationValue> Parser::ParseDurationValue(std::string_view context,
                                                 std::string_view expected, bool in_brackets) {
  DurationValue out;
  out.pos.start = Peek().pos;
  bool negate = false;
  while (Peek().type == TokenType::kAdd || Peek().type == TokenType::kSub) {
    negate ^= Next().type == TokenType::kSub;
  }
  const Token& token = Peek();
  if (token.type == TokenType::kLeftParen || IsPreprocessor(token.type)) {
    return Error(token.pos, "experimental duration expression is not enabled");
  }
  if (token.type != TokenType::kNumber && token.type != TokenType::kDuration) {
    return Unexpected(token, context, expected);
  }
  GT_ASSIGN_OR_RETURN(double value, LiteralValue(token));
  Next();
  out.seconds = negate ? -value : value;
  out.pos.end = token.end();
  if (in_brackets && IsDurationArithmetic(Peek().type)) {
    return Error(out.pos.start, "experimental duration expression is not enabled");
  }
  if (std::isnan(out.seconds) || std::fabs(out.seconds) > kMaxDurationSeconds) {
    return Error(out.pos.start, "duration out of range");
  }
  return out;
}

Result<ExprPtr> Parser::ParseRangeOrSubquery(ExprPtr expr) {
  const Token& open = Next();  // '['
  GT_ASSIGN_OR_RETURN(DurationValue range,
                      ParseDurationValue("subquery or range selector",
                                         "number, duration, step(), or range()", true));
  if (range.seconds <= 0) return Error(range.pos.start, "duration must be greater than 0");
  const Token& token = Peek();
  if (token.type == TokenType::kRightBracket) {
    int32_t end = Next().end();
    std::string_view problem;
    if (!expr->Is<VectorSelector>()) {
      problem = "ranges only allowed for vector selectors";
    } else if (expr->As<VectorSelector>().offset.count() != 0) {
      problem = "no offset modifiers allowed before range";
    } else if (expr->As<VectorSelector>().at.kind != AtModifier::Kind::kNone) {
      problem = "no @ modifiers allowed before range";
    }
    if (!problem.empty()) return Error(open.pos, problem);
    auto ms = std::make_unique<MatrixSelector>();
    ms->pos = {expr->pos.start, end};
    ms->range = RoundToDuration(range.seconds);
    ms->selector.reset(static_cast<VectorSelector*>(expr.release()));
    return ms;
  }
  if (token.type != TokenType::kColon) {
    return Unexpected(token, "subquery or range", "\":\" or \"]\"");
  }
  Next();
  auto sq = std::make_unique<SubqueryExpr>();
  sq->range = RoundToDuration(range.seconds);
  if (Peek().type != TokenType::kRightBracket) {
    GT_ASSIGN_OR_RETURN(DurationValue step,
                        ParseDurationValue("subquery selector",
                                           "number, duration, step(), range(), or \"]\"", true));
    if (step.seconds <= 0) return Error(step.pos.start, "duration must be greater than 0");
    sq->step = RoundToDuration(step.seconds);
    if (Peek().type != TokenType::kRightBracket) {
      return Unexpected(Peek(), "subquery selector", "\"]\"");
    }
  }
  sq->pos = {expr->pos.start, Next().end()};
  sq->expr = std::move(expr);
  return sq;
}

Result<ExprPtr> Parser::ParseOffset(ExprPtr expr) {
  Next();  // offset
  GT_ASSIGN_OR_RETURN(DurationValue value,
                      ParseDurationValue("offset", "number, duration, step(), or range()", false));
  std::chrono::nanoseconds* target = nullptr;
  if (expr->Is<VectorSelector>()) {
    target = &expr->As<VectorSelector>().offset;
  } else if (expr->Is<MatrixSelector>()) {
    target = &expr->As<MatrixSelector>().selector->offset;
  } else if (expr->Is<SubqueryExpr>()) {
    target = &expr->As<SubqueryExpr>().offset;
  } else {
    return Error(expr->pos.start,
                 "offset modifier must be preceded by an instant vector selector or range vector "
                 "selector or a subquery");
  }
  if (target->count() != 0) return Error(expr->pos.start, "offset may not be set multiple times");
  *target = RoundToDuration(value.seconds);
  expr->pos.end = value.pos.end;
  return expr;
}

Result<ExprPtr> Parser::ParseAt(ExprPtr expr) {
  Next();  // @
  AtModifier at;
  int32_t end;
  const Token& token = Peek();
  if (token.type == TokenType::kStart || token.type == TokenType::kEnd) {
    Next();
    if (Peek().type != TokenType::kLeftParen) return Unexpected(Peek(), "@", "timestamp");
    Next();
    if (Peek().type != TokenType::kRightParen) return Unexpected(Peek(), "@", "timestamp");
    end = Next().end();
    at.kind = token.type == TokenType::kStart ? AtModifier::Kind::kStart : AtModifier::Kind::kEnd;
  } else {
    bool negate = false;
    if (token.type == TokenType::kAdd || token.type == TokenType::kSub) {
      negate = Next().type == TokenType::kSub;
    }
    const Token& number = Peek();
    if (number.type != TokenType::kNumber && number.type != TokenType::kDuration) {
      return Unexpected(number, "@", "timestamp");
    }
    GT_ASSIGN_OR_RETURN(double seconds, LiteralValue(number));
    Next();
    end = number.end();
    if (negate) seconds = -seconds;
    constexpr double kLimit = 9223372036854775808.0;  // float64(math.MaxInt64)
    if (std::isnan(seconds) || seconds >= kLimit || seconds <= -kLimit) {
      std::string shown = std::isnan(seconds)   ? "NaN"
                          : std::isinf(seconds) ? (seconds > 0 ? "+Inf" : "-Inf")
                                                : fmt::format("{:.6f}", seconds);
      return Error(expr->pos.start, "timestamp out of bounds for @ modifier: " + shown);
    }
    double ms = std::round(seconds * 1000);
    constexpr double kMaxMs = 9.2e18;
    at.kind = AtModifier::Kind::kTimestamp;
    at.timestamp_ms = ms >= kMaxMs    ? std::numeric_limits<int64_t>::max()
                      : ms <= -kMaxMs ? std::numeric_limits<int64_t>::min()
                                      : static_cast<int64_t>(ms);
  }
  AtModifier* target = nullptr;
  if (expr->Is<VectorSelector>()) {
    target = &expr->As<VectorSelector>().at;
  } else if (expr->Is<MatrixSelector>()) {
    target = &expr->As<MatrixSelector>().selector->at;
  } else if (expr->Is<SubqueryExpr>()) {
    target = &expr->As<SubqueryExpr>().at;
  } else {
    return Error(expr->pos.start,
                 "@ modifier must be preceded by an instant vector selector or range vector "
                 "selector or a subquery");
  }
  if (target->kind != AtModifier::Kind::kNone) {
    return Error(expr->pos.start, "@ <timestamp> may not be set multiple times");
  }
  *target = at;
  expr->pos.end = end;
  return expr;
}

}  // namespace greptime::promql
