// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// A recursive-descent parser with precedence climbing over the pre-lexed tokens.
//
// Prometheus uses a yacc grammar with error productions; the parser below reproduces its
// precedence (or < and/unless < comparisons < +- < * / % atan2 < ^ (right-associative), unary
// +- binding like *, and the postfix modifiers [..], offset and @ binding tightest) and the
// context of its "unexpected ..." messages: errors inside the argument list of an aggregation
// report "in aggregation", errors in label lists "in grouping opts", and so on. Parsing stops
// at the first error, which is the one Prometheus reports.
#include "promql/parser.h"

#include <cmath>
#include <limits>

#include "common/strings.h"
#include "promql/literals.h"
#include "promql/parser_impl.h"

namespace greptime::promql {

namespace {

constexpr int kPrecOr = 1;
constexpr int kPrecAnd = 2;
constexpr int kPrecComparison = 3;
constexpr int kPrecAdd = 4;
constexpr int kPrecMul = 5;
constexpr int kPrecPow = 6;

// Nesting limits: the parser, the printer and the type checker recurse over the tree, so hostile
// input must not be able to exhaust the stack. kMaxRecursion bounds parentheses, calls and unary
// operators nested in each other; kMaxTreeDepth bounds the tree's depth, which operator chains
// such as `a or b or c ...` also grow.
constexpr int kMaxRecursion = 500;
constexpr int kMaxTreeDepth = 3000;

std::optional<BinaryOp> BinaryOpFor(TokenType type) {
  switch (type) {
    case TokenType::kAdd:
      return BinaryOp::kAdd;
    case TokenType::kSub:
      return BinaryOp::kSub;
    case TokenType::kMul:
      return BinaryOp::kMul;
    case TokenType::kDiv:
      return BinaryOp::kDiv;
    case TokenType::kMod:
      return BinaryOp::kMod;
    case TokenType::kPow:
      return BinaryOp::kPow;
    case TokenType::kAtan2:
      return BinaryOp::kAtan2;
    case TokenType::kEqlc:
      return BinaryOp::kEql;
    case TokenType::kNeq:
      return BinaryOp::kNeq;
    case TokenType::kGtr:
      return BinaryOp::kGtr;
    case TokenType::kLss:
      return BinaryOp::kLss;
    case TokenType::kGte:
      return BinaryOp::kGte;
    case TokenType::kLte:
      return BinaryOp::kLte;
    case TokenType::kLand:
      return BinaryOp::kAnd;
    case TokenType::kLor:
      return BinaryOp::kOr;
    case TokenType::kLunless:
      return BinaryOp::kUnless;
    default:
      return std::nullopt;
  }
}

int Precedence(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr:
      return kPrecOr;
    case BinaryOp::kAnd:
    case BinaryOp::kUnless:
      return kPrecAnd;
    case BinaryOp::kAdd:
    case BinaryOp::kSub:
      return kPrecAdd;
    case BinaryOp::kMul:
    case BinaryOp::kDiv:
    case BinaryOp::kMod:
    case BinaryOp::kAtan2:
      return kPrecMul;
    case BinaryOp::kPow:
      return kPrecPow;
    default:
      return kPrecComparison;
  }
}

std::optional<AggregateOp> AggregateOpFor(TokenType type) {
  switch (type) {
    case TokenType::kSum:
      return AggregateOp::kSum;
    case TokenType::kAvg:
      return AggregateOp::kAvg;
    case TokenType::kCount:
      return AggregateOp::kCount;
    case TokenType::kMin:
      return AggregateOp::kMin;
    case TokenType::kMax:
      return AggregateOp::kMax;
    case TokenType::kGroup:
      return AggregateOp::kGroup;
    case TokenType::kStddev:
      return AggregateOp::kStddev;
    case TokenType::kStdvar:
      return AggregateOp::kStdvar;
    case TokenType::kTopk:
      return AggregateOp::kTopk;
    case TokenType::kBottomk:
      return AggregateOp::kBottomk;
    case TokenType::kCountValues:
      return AggregateOp::kCountValues;
    case TokenType::kQuantile:
      return AggregateOp::kQuantile;
    case TokenType::kLimitk:
      return AggregateOp::kLimitk;
    case TokenType::kLimitRatio:
      return AggregateOp::kLimitRatio;
    default:
      return std::nullopt;
  }
}

// Prometheus's metric_identifier: tokens that may name a metric at the start of a selector.
bool IsMetricIdentifier(TokenType type) {
  switch (type) {
    case TokenType::kIdentifier:
    case TokenType::kMetricIdentifier:
    case TokenType::kBy:
    case TokenType::kWithout:
    case TokenType::kLand:
    case TokenType::kLor:
    case TokenType::kLunless:
    case TokenType::kOffset:
    case TokenType::kAnchored:
    case TokenType::kSmoothed:
    case TokenType::kFill:
    case TokenType::kFillLeft:
    case TokenType::kFillRight:
      return true;
    default:
      return IsAggregatorToken(type) || IsPreprocessor(type);
  }
}

// Prometheus's maybe_label: keywords that are also accepted as label names in grouping lists.
bool IsMaybeLabel(TokenType type) {
  if (type == TokenType::kWithout) return false;
  return type == TokenType::kIdentifier || type == TokenType::kMetricIdentifier ||
         type == TokenType::kAtan2 || type == TokenType::kLand || type == TokenType::kLor ||
         type == TokenType::kLunless || IsAggregatorToken(type) || IsKeywordToken(type) ||
         IsPreprocessor(type);
}

// Counts the depth a parse frame takes and gives it back when the frame returns.
class DepthGuard {
 public:
  explicit DepthGuard(int* counter) : counter_(counter) {}
  ~DepthGuard() { *counter_ -= taken_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
  void Take() {
    ++*counter_;
    ++taken_;
  }

 private:
  int* counter_;
  int taken_ = 0;
};

}  // namespace

Status Parser::CheckDepth() const {
  if (recursion_ > kMaxRecursion || recursion_ + extra_depth_ > kMaxTreeDepth) {
    return Error(Peek().pos, "query is too deeply nested");
  }
  return Status::OK();
}

Status Parser::Unexpected(const Token& token, std::string_view context,
                          std::string_view expected) const {
  if (token.type == TokenType::kError) return Error(token.pos, token.text);
  std::string message = "unexpected " + DescribeToken(token);
  if (!context.empty()) message += fmt::format(" in {}", context);
  if (!expected.empty()) message += fmt::format(", expected {}", expected);
  return Error(token.pos, message);
}

Result<ExprPtr> Parser::ParseQuery() {
  if (Peek().type == TokenType::kEof) return Error(0, "no expression found in input");
  GT_ASSIGN_OR_RETURN(ExprPtr expr, ParseBinary(0));
  if (Peek().type != TokenType::kEof) return UnexpectedInExpr(Peek());
  GT_RETURN_IF_ERROR(TypeCheck(*expr, input_));
  return expr;
}

Result<std::unique_ptr<VectorSelector>> Parser::ParseSelectorOnly() {
  const Token& first = Peek();
  if (first.type != TokenType::kLeftBrace && !IsMetricIdentifier(first.type)) {
    return Unexpected(first, "", "");
  }
  GT_ASSIGN_OR_RETURN(auto vs, ParseVectorSelector());
  if (Peek().type != TokenType::kEof) return Unexpected(Peek(), "", "");
  return vs;
}

Result<ExprPtr> Parser::ParseBinary(int min_prec) {
  GT_ASSIGN_OR_RETURN(ExprPtr lhs, ParseUnary());
  DepthGuard guard(&extra_depth_);
  for (;;) {
    std::optional<BinaryOp> op = BinaryOpFor(Peek().type);
    if (!op || Precedence(*op) < min_prec) return lhs;
    guard.Take();
    GT_RETURN_IF_ERROR(CheckDepth());
    Next();
    auto b = std::make_unique<BinaryExpr>();
    b->op = *op;
    b->matching.emplace();
    GT_RETURN_IF_ERROR(ParseBinaryModifiers(b.get()));
    GT_ASSIGN_OR_RETURN(bool fill, SkipFillModifiers());
    int next_min = *op == BinaryOp::kPow ? kPrecPow : Precedence(*op) + 1;
    GT_ASSIGN_OR_RETURN(b->rhs, ParseBinary(next_min));
    b->pos = {lhs->pos.start, b->rhs->pos.end};
    b->lhs = std::move(lhs);
    if (fill) return Error(b->pos.start, "binop fill modifiers are experimental and not enabled");
    lhs = std::move(b);
  }
}

Result<bool> Parser::SkipFillModifiers() {
  auto is_fill = [this] {
    TokenType type = Peek().type;
    return type == TokenType::kFill || type == TokenType::kFillLeft ||
           type == TokenType::kFillRight;
  };
  if (!is_fill()) return false;
  while (is_fill()) {
    Next();
    if (Peek().type != TokenType::kLeftParen) return UnexpectedInExpr(Peek());
    Next();
    if (Peek().type == TokenType::kAdd || Peek().type == TokenType::kSub) Next();
    if (Peek().type != TokenType::kNumber && Peek().type != TokenType::kDuration) {
      return UnexpectedInExpr(Peek());
    }
    Next();
    if (Peek().type != TokenType::kRightParen) return UnexpectedInExpr(Peek());
    Next();
  }
  return true;
}

// [bool] [on|ignoring (labels) [group_left|group_right [(labels)]]]
Status Parser::ParseBinaryModifiers(BinaryExpr* b) {
  VectorMatching& vm = *b->matching;
  if (Peek().type == TokenType::kBool) {
    Next();
    b->return_bool = true;
  }
  if (Peek().type != TokenType::kOn && Peek().type != TokenType::kIgnoring) return Status::OK();
  vm.on = Next().type == TokenType::kOn;
  int32_t end;
  GT_ASSIGN_OR_RETURN(vm.matching_labels, ParseGroupingLabels(&end));
  TokenType group = Peek().type;
  if (group != TokenType::kGroupLeft && group != TokenType::kGroupRight) return Status::OK();
  Next();
  vm.card = group == TokenType::kGroupLeft ? VectorMatchCardinality::kManyToOne
                                           : VectorMatchCardinality::kOneToMany;
  if (Peek().type == TokenType::kLeftParen) {
    GT_ASSIGN_OR_RETURN(vm.include, ParseGroupingLabels(&end));
  }
  return Status::OK();
}

// `(label, ...)`; `end` receives the end of the closing parenthesis.
Result<std::vector<std::string>> Parser::ParseGroupingLabels(int32_t* end) {
  if (Peek().type != TokenType::kLeftParen) {
    return Unexpected(Peek(), "grouping opts", "\"(\"");
  }
  Next();
  std::vector<std::string> labels;
  if (Peek().type == TokenType::kRightParen) {
    *end = Next().end();
    return labels;
  }
  for (;;) {
    const Token& token = Peek();
    std::string label;
    if (IsMaybeLabel(token.type)) {
      label = token.text;
    } else if (token.type == TokenType::kString) {
      GT_ASSIGN_OR_RETURN(label, UnquoteToken(token));
    } else {
      return Unexpected(token, "grouping opts", "label");
    }
    if (label.empty() || !IsValidUtf8(label)) {
      return Error(token.pos, "invalid label name for grouping: " + Quote(label));
    }
    Next();
    labels.push_back(std::move(label));
    const Token& sep = Peek();
    if (sep.type == TokenType::kComma) {
      Next();
      if (Peek().type == TokenType::kRightParen) {
        *end = Next().end();
        return labels;
      }
      continue;
    }
    if (sep.type == TokenType::kRightParen) {
      *end = Next().end();
      return labels;
    }
    return Unexpected(sep, "grouping opts", "\",\" or \")\"");
  }
}

Result<ExprPtr> Parser::ParseUnary() {
  DepthGuard guard(&recursion_);
  guard.Take();
  GT_RETURN_IF_ERROR(CheckDepth());
  const Token& token = Peek();
  if (token.type != TokenType::kAdd && token.type != TokenType::kSub) {
    GT_ASSIGN_OR_RETURN(ExprPtr primary, ParsePrimary());
    return ParsePostfix(std::move(primary));
  }
  Next();
  bool minus = token.type == TokenType::kSub;
  int32_t start = token.pos;
  // Unary operators bind like '*': only '^' (and the postfix modifiers) bind tighter.
  GT_ASSIGN_OR_RETURN(ExprPtr operand, ParseBinary(kPrecPow));
  if (operand->Is<NumberLiteral>()) {
    auto& number = operand->As<NumberLiteral>();
    if (minus) number.value = -number.value;
    number.pos.start = start;
    return operand;
  }
  auto unary = std::make_unique<UnaryExpr>();
  unary->op = minus ? UnaryOp::kMinus : UnaryOp::kPlus;
  unary->pos = {start, operand->pos.end};
  unary->expr = std::move(operand);
  return unary;
}

Result<ExprPtr> Parser::ParsePrimary() {
  const Token& token = Peek();
  switch (token.type) {
    case TokenType::kNumber:
    case TokenType::kDuration: {
      GT_ASSIGN_OR_RETURN(double value, LiteralValue(token));
      auto number = std::make_unique<NumberLiteral>(value, token.type == TokenType::kDuration);
      number->pos = {token.pos, token.end()};
      Next();
      return number;
    }
    case TokenType::kString: {
      GT_ASSIGN_OR_RETURN(std::string value, UnquoteToken(token));
      auto str = std::make_unique<StringLiteral>(std::move(value));
      str->pos = {token.pos, token.end()};
      Next();
      return str;
    }
    case TokenType::kLeftParen: {
      Next();
      GT_ASSIGN_OR_RETURN(ExprPtr inner, ParseBinary(0));
      if (Peek().type != TokenType::kRightParen) return UnexpectedInExpr(Peek());
      auto paren = std::make_unique<ParenExpr>();
      paren->pos = {token.pos, Next().end()};
      paren->expr = std::move(inner);
      return paren;
    }
    case TokenType::kLeftBrace: {
      GT_ASSIGN_OR_RETURN(auto vs, ParseVectorSelector());
      return vs;
    }
    default:
      break;
  }
  TokenType after = Peek(1).type;
  if (IsAggregatorToken(token.type) &&
      (after == TokenType::kLeftParen || after == TokenType::kBy || after == TokenType::kWithout)) {
    return ParseAggregate();
  }
  bool callable = token.type == TokenType::kIdentifier || IsPreprocessor(token.type);
  if (callable && after == TokenType::kLeftParen) return ParseCall();
  if (IsMetricIdentifier(token.type)) {
    GT_ASSIGN_OR_RETURN(auto vs, ParseVectorSelector());
    return vs;
  }
  return UnexpectedInExpr(token);
}

Result<ExprPtr> Parser::ParsePostfix(ExprPtr expr) {
  DepthGuard guard(&extra_depth_);
  for (;;) {
    switch (Peek().type) {
      case TokenType::kLeftBracket: {
        guard.Take();  // a subquery nests its expression one level deeper
        GT_RETURN_IF_ERROR(CheckDepth());
        GT_ASSIGN_OR_RETURN(expr, ParseRangeOrSubquery(std::move(expr)));
        break;
      }
      case TokenType::kOffset: {
        GT_ASSIGN_OR_RETURN(expr, ParseOffset(std::move(expr)));
        break;
      }
      case TokenType::kAt: {
        GT_ASSIGN_OR_RETURN(expr, ParseAt(std::move(expr)));
        break;
      }
      case TokenType::kAnchored:
      case TokenType::kSmoothed:
        return Error(expr->pos.start, fmt::format("{} modifier is experimental and not enabled",
                                                  AsciiLower(Peek().text)));
      default:
        return expr;
    }
  }
}

Result<ExprPtr> Parser::ParseCall() {
  const Token& name = Next();
  Next();  // '('
  int32_t end;
  GT_ASSIGN_OR_RETURN(std::vector<ExprPtr> args, ParseCallArgs(&end));
  const Function* func = LookupFunction(name.text);
  if (func == nullptr) {
    return Error(name.pos, fmt::format("unknown function with name {}", Quote(name.text)));
  }
  if (func->experimental) {
    return Error(name.pos, fmt::format("function {} is not enabled", Quote(name.text)));
  }
  auto call = std::make_unique<Call>();
  call->func = func;
  call->args = std::move(args);
  call->pos = {name.pos, end};
  return call;
}

// Arguments after '(' up to and including ')'.
Result<std::vector<ExprPtr>> Parser::ParseCallArgs(int32_t* end) {
  std::vector<ExprPtr> args;
  if (Peek().type == TokenType::kRightParen) {
    *end = Next().end();
    return args;
  }
  for (;;) {
    GT_ASSIGN_OR_RETURN(ExprPtr arg, ParseBinary(0));
    args.push_back(std::move(arg));
    const Token& token = Peek();
    if (token.type == TokenType::kComma) {
      Next();
      if (Peek().type == TokenType::kRightParen) {
        return Error(token.pos, "trailing commas not allowed in function call args");
      }
      continue;
    }
    if (token.type == TokenType::kRightParen) {
      *end = Next().end();
      return args;
    }
    return UnexpectedInExpr(token);
  }
}

Result<ExprPtr> Parser::ParseAggregate() {
  const Token& op_token = Next();
  auto agg = std::make_unique<AggregateExpr>();
  agg->op = *AggregateOpFor(op_token.type);
  int32_t end = op_token.end();
  auto parse_modifier = [&]() -> Status {
    agg->without = Next().type == TokenType::kWithout;
    GT_ASSIGN_OR_RETURN(agg->grouping, ParseGroupingLabels(&end));
    return Status::OK();
  };
  bool modifier_first = Peek().type == TokenType::kBy || Peek().type == TokenType::kWithout;
  if (modifier_first) GT_RETURN_IF_ERROR(parse_modifier());
  if (Peek().type != TokenType::kLeftParen) return Unexpected(Peek(), "aggregation", "");
  Next();
  ++aggregate_depth_;
  Result<std::vector<ExprPtr>> args = ParseCallArgs(&end);
  --aggregate_depth_;
  GT_RETURN_IF_ERROR(args.status());
  if (!modifier_first && (Peek().type == TokenType::kBy || Peek().type == TokenType::kWithout)) {
    GT_RETURN_IF_ERROR(parse_modifier());
  }
  agg->pos = {op_token.pos, end};
  if (args->empty()) return Error(agg->pos.start, "no arguments for aggregate expression provided");
  size_t want = AggregateOpHasParam(agg->op) ? 2 : 1;
  if (args->size() != want) {
    return Error(agg->pos.start,
                 fmt::format("wrong number of arguments for aggregate expression provided, "
                             "expected {}, got {}",
                             want, args->size()));
  }
  if (want == 2) agg->param = std::move((*args)[0]);
  agg->expr = std::move(args->back());
  return agg;
}

Result<ExprPtr> ParseExpr(std::string_view query) { return Parser(query).ParseQuery(); }

Result<std::unique_ptr<VectorSelector>> ParseMetricSelector(std::string_view selector) {
  return Parser(selector).ParseSelectorOnly();
}

}  // namespace greptime::promql
