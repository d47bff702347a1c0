// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Tests of the hash / nested-loop joins, UNION ALL, DISTINCT and INTERSECT / EXCEPT.
#include <gtest/gtest.h>

#include "common/testing.h"
#include "query/exec/exec_node.h"
#include "query/exec/expr.h"

namespace greptime::query {
namespace {

using types::DataType;
using types::Value;

types::SchemaPtr MakeSchema(std::vector<std::pair<std::string, DataType>> cols,
                            bool nullable = true) {
  std::vector<types::ColumnSchema> columns;
  for (auto& [name, type] : cols) {
    types::ColumnSchema c;
    c.name = name;
    c.type = type;
    c.nullable = nullable;
    columns.push_back(std::move(c));
  }
  return std::make_shared<const types::Schema>(std::move(columns));
}

Value I(int64_t v) { return Value::Int64(v); }
Value S(const char* v) { return Value::String(v); }
const Value N;

// One Values node; `split` > 0 cuts the rows into batches of that many rows.
ExecNodePtr Input(const types::SchemaPtr& schema, const std::vector<std::vector<Value>>& rows,
                  size_t split = 0) {
  std::vector<types::RecordBatch> batches;
  if (split == 0) split = std::max<size_t>(rows.size(), 1);
  for (size_t i = 0; i < rows.size(); i += split) {
    std::vector<std::vector<Value>> part(
        rows.begin() + static_cast<ptrdiff_t>(i),
        rows.begin() + static_cast<ptrdiff_t>(std::min(rows.size(), i + split)));
    auto batch = types::RecordBatch::FromRows(schema, part);
    EXPECT_TRUE(batch.ok()) << batch.status().ToString();
    batches.push_back(*batch);
  }
  return MakeValues(schema, std::move(batches));
}

// All output rows as "v1|v2|..." (NULL as "NULL").
std::vector<std::string> Rows(ExecNode& node) {
  std::vector<std::string> out;
  auto batches = CollectAll(node);
  EXPECT_TRUE(batches.ok()) << batches.status().ToString();
  if (!batches.ok()) return out;
  for (const types::RecordBatch& b : *batches) {
    EXPECT_EQ(b.schema(), node.schema());
    for (size_t r = 0; r < b.num_rows(); ++r) {
      std::string row;
      for (size_t c = 0; c < b.num_columns(); ++c) {
        if (c) row += "|";
        row += b.GetValue(r, c).ToString();
      }
      out.push_back(row);
    }
  }
  return out;
}

using Strings = std::vector<std::string>;

// Left (k, lv) and right (k, rv) with NULL keys and duplicates on both sides.
types::SchemaPtr LeftSchema() {
  return MakeSchema({{"k", DataType::Int64()}, {"lv", DataType::String()}}, false);
}
types::SchemaPtr RightSchema() {
  return MakeSchema({{"k", DataType::Int64()}, {"rv", DataType::String()}});
}
ExecNodePtr LeftInput() {
  auto schema = MakeSchema({{"k", DataType::Int64()}, {"lv", DataType::String()}});
  return Input(schema,
               {{I(1), S("a")}, {I(2), S("b")}, {N, S("c")}, {I(1), S("d")}, {I(3), S("e")}}, 2);
}
ExecNodePtr RightInput() {
  return Input(RightSchema(),
               {{I(1), S("x")}, {I(1), S("y")}, {N, S("z")}, {I(2), S("w")}, {I(4), S("v")}}, 3);
}
ExprPtr LeftKey() { return Column(0, DataType::Int64(), "l.k"); }
ExprPtr RightKey() { return Column(0, DataType::Int64(), "r.k"); }
ExprPtr Rv() { return Column(3, DataType::String(), "rv"); }

ExecNodePtr Hash(JoinKind kind, ExprPtr residual = nullptr) {
  auto node =
      MakeHashJoin(LeftInput(), RightInput(), kind, {LeftKey()}, {RightKey()}, std::move(residual));
  EXPECT_TRUE(node.ok()) << node.status().ToString();
  return std::move(node).value();
}

ExprPtr RvNotEq(const char* v) { return *Binary(BinaryOp::kNotEq, Rv(), Literal(S(v))); }

TEST(HashJoinTest, InnerSkipsNullKeysAndKeepsProbeThenBuildOrder) {
  auto node = Hash(JoinKind::kInner);
  EXPECT_EQ(Rows(*node), (Strings{"1|a|1|x", "1|a|1|y", "2|b|2|w", "1|d|1|x", "1|d|1|y"}));
  EXPECT_EQ(node->schema()->num_columns(), 4u);
  EXPECT_EQ(node->schema()->column(0).name, "k");
  EXPECT_EQ(node->schema()->column(2).name, "k");  // duplicate names are fine
  EXPECT_EQ(node->Describe(), "HashJoin: type=Inner, on=[l.k = r.k]");
}

TEST(HashJoinTest, LeftJoinNullExtendsUnmatchedRowsInPlace) {
  auto node = Hash(JoinKind::kLeft);
  EXPECT_EQ(Rows(*node), (Strings{"1|a|1|x", "1|a|1|y", "2|b|2|w", "NULL|c|NULL|NULL", "1|d|1|x",
                                  "1|d|1|y", "3|e|NULL|NULL"}));
  EXPECT_TRUE(node->schema()->column(2).nullable);
  EXPECT_TRUE(node->schema()->column(3).nullable);
}

TEST(HashJoinTest, RightJoinEmitsUnmatchedBuildRowsLast) {
  auto node = Hash(JoinKind::kRight);
  EXPECT_EQ(Rows(*node), (Strings{"1|a|1|x", "1|a|1|y", "2|b|2|w", "1|d|1|x", "1|d|1|y",
                                  "NULL|NULL|NULL|z", "NULL|NULL|4|v"}));
}

TEST(HashJoinTest, OuterJoinMakesNotNullColumnsNullable) {
  auto left = Input(LeftSchema(), {{I(1), S("a")}});
  auto right = Input(RightSchema(), {{I(2), S("x")}});
  ASSERT_OK_AND_ASSIGN(auto node, MakeHashJoin(std::move(left), std::move(right), JoinKind::kFull,
                                               {LeftKey()}, {RightKey()}, nullptr));
  EXPECT_TRUE(node->schema()->column(0).nullable);
  EXPECT_TRUE(node->schema()->column(1).nullable);
  EXPECT_EQ(Rows(*node), (Strings{"1|a|NULL|NULL", "NULL|NULL|2|x"}));
}

TEST(HashJoinTest, FullJoin) {
  auto node = Hash(JoinKind::kFull);
  EXPECT_EQ(Rows(*node),
            (Strings{"1|a|1|x", "1|a|1|y", "2|b|2|w", "NULL|c|NULL|NULL", "1|d|1|x", "1|d|1|y",
                     "3|e|NULL|NULL", "NULL|NULL|NULL|z", "NULL|NULL|4|v"}));
}

TEST(HashJoinTest, SemiAndAnti) {
  auto semi = Hash(JoinKind::kLeftSemi);
  EXPECT_EQ(semi->schema()->num_columns(), 2u);
  EXPECT_EQ(Rows(*semi), (Strings{"1|a", "2|b", "1|d"}));
  auto anti = Hash(JoinKind::kLeftAnti);
  EXPECT_EQ(Rows(*anti), (Strings{"NULL|c", "3|e"}));
}

TEST(HashJoinTest, ResidualDecidesOuterMatches) {
  auto left = Hash(JoinKind::kLeft, RvNotEq("x"));
  EXPECT_EQ(Rows(*left),
            (Strings{"1|a|1|y", "2|b|2|w", "NULL|c|NULL|NULL", "1|d|1|y", "3|e|NULL|NULL"}));
  EXPECT_EQ(left->Describe(), "HashJoin: type=Left, on=[l.k = r.k], filter=rv != Utf8(\"x\")")
      << "(format of the residual comes from expr.cc)";
  // A residual no candidate passes: every left row is NULL-extended.
  ExprPtr never = *Binary(BinaryOp::kEq, Rv(), Literal(S("q")));
  auto none = Hash(JoinKind::kLeft, never);
  EXPECT_EQ(Rows(*none), (Strings{"1|a|NULL|NULL", "2|b|NULL|NULL", "NULL|c|NULL|NULL",
                                  "1|d|NULL|NULL", "3|e|NULL|NULL"}));
  auto full = Hash(JoinKind::kFull, RvNotEq("y"));
  EXPECT_EQ(Rows(*full),
            (Strings{"1|a|1|x", "2|b|2|w", "NULL|c|NULL|NULL", "1|d|1|x", "3|e|NULL|NULL",
                     "NULL|NULL|1|y", "NULL|NULL|NULL|z", "NULL|NULL|4|v"}));
  auto right = Hash(JoinKind::kRight, RvNotEq("w"));
  EXPECT_EQ(Rows(*right), (Strings{"1|a|1|x", "1|a|1|y", "1|d|1|x", "1|d|1|y", "NULL|NULL|NULL|z",
                                   "NULL|NULL|2|w", "NULL|NULL|4|v"}));
  auto semi = Hash(JoinKind::kLeftSemi, RvNotEq("x"));
  EXPECT_EQ(Rows(*semi), (Strings{"1|a", "2|b", "1|d"}));
  auto anti = Hash(JoinKind::kLeftAnti, RvNotEq("w"));
  EXPECT_EQ(Rows(*anti), (Strings{"2|b", "NULL|c", "3|e"}));
}

TEST(HashJoinTest, EmptySides) {
  auto empty_right = [] { return MakeValues(RightSchema(), {}); };
  auto empty_left = [] { return MakeValues(LeftSchema(), {}); };
  ASSERT_OK_AND_ASSIGN(auto inner, MakeHashJoin(LeftInput(), empty_right(), JoinKind::kInner,
                                                {LeftKey()}, {RightKey()}, nullptr));
  EXPECT_TRUE(Rows(*inner).empty());
  ASSERT_OK_AND_ASSIGN(auto left, MakeHashJoin(LeftInput(), empty_right(), JoinKind::kLeft,
                                               {LeftKey()}, {RightKey()}, nullptr));
  EXPECT_EQ(Rows(*left).size(), 5u);
  ASSERT_OK_AND_ASSIGN(auto anti, MakeHashJoin(LeftInput(), empty_right(), JoinKind::kLeftAnti,
                                               {LeftKey()}, {RightKey()}, nullptr));
  EXPECT_EQ(Rows(*anti).size(), 5u);
  ASSERT_OK_AND_ASSIGN(auto right, MakeHashJoin(empty_left(), RightInput(), JoinKind::kRight,
                                                {LeftKey()}, {RightKey()}, nullptr));
  EXPECT_EQ(Rows(*right), (Strings{"NULL|NULL|1|x", "NULL|NULL|1|y", "NULL|NULL|NULL|z",
                                   "NULL|NULL|2|w", "NULL|NULL|4|v"}));
  ASSERT_OK_AND_ASSIGN(auto both, MakeHashJoin(empty_left(), empty_right(), JoinKind::kFull,
                                               {LeftKey()}, {RightKey()}, nullptr));
  EXPECT_TRUE(Rows(*both).empty());
}

TEST(HashJoinTest, MultiColumnStringAndIntegerKeys) {
  auto schema = MakeSchema({{"host", DataType::String()}, {"n", DataType::Int32()}});
  auto left = Input(schema, {{S("a"), Value::Int32(1)},
                             {S("a"), Value::Int32(2)},
                             {S("b"), Value::Int32(1)},
                             {N, Value::Int32(1)}});
  auto rschema = MakeSchema({{"host", DataType::String()}, {"n", DataType::Int64()}});
  auto right = Input(rschema, {{S("a"), I(2)}, {S("b"), I(1)}, {S("a"), I(2)}, {N, I(1)}});
  ASSERT_OK_AND_ASSIGN(
      auto node,
      MakeHashJoin(std::move(left), std::move(right), JoinKind::kInner,
                   {Column(0, DataType::String(), "l.host"), Column(1, DataType::Int32(), "l.n")},
                   {Column(0, DataType::String(), "r.host"), Column(1, DataType::Int64(), "r.n")},
                   nullptr));
  EXPECT_EQ(Rows(*node), (Strings{"a|2|a|2", "a|2|a|2", "b|1|b|1"}));
}

TEST(HashJoinTest, MixedIntegerWidthsAndFloatKeys) {
  // Int32 probe against Int64 build uses the integer fast path.
  auto l = Input(MakeSchema({{"a", DataType::Int32()}}), {{Value::Int32(7)}, {Value::Int32(-1)}});
  auto r = Input(MakeSchema({{"b", DataType::Int64()}}), {{I(-1)}, {I(7)}, {I(8)}});
  ASSERT_OK_AND_ASSIGN(auto node, MakeHashJoin(std::move(l), std::move(r), JoinKind::kInner,
                                               {Column(0, DataType::Int32(), "a")},
                                               {Column(0, DataType::Int64(), "b")}, nullptr));
  EXPECT_EQ(Rows(*node), (Strings{"7|7", "-1|-1"}));
  // Float vs integer keys compare as Float64; -0.0 equals 0.0.
  auto fl = Input(MakeSchema({{"f", DataType::Float64()}}),
                  {{Value::Float64(1.0)}, {Value::Float64(1.5)}, {Value::Float64(-0.0)}});
  auto ir = Input(MakeSchema({{"i", DataType::Int64()}}), {{I(1)}, {I(0)}});
  ASSERT_OK_AND_ASSIGN(auto mixed, MakeHashJoin(std::move(fl), std::move(ir), JoinKind::kLeftSemi,
                                                {Column(0, DataType::Float64(), "f")},
                                                {Column(0, DataType::Int64(), "i")}, nullptr));
  Strings rows = Rows(*mixed);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], "1.0");
}

TEST(HashJoinTest, IncompatibleKeyTypesArePlanErrors) {
  auto l = Input(MakeSchema({{"a", DataType::String()}}), {});
  auto r = Input(MakeSchema({{"b", DataType::Int64()}}), {});
  ASSERT_STATUS_CODE(MakeHashJoin(std::move(l), std::move(r), JoinKind::kInner,
                                  {Column(0, DataType::String(), "a")},
                                  {Column(0, DataType::Int64(), "b")}, nullptr),
                     StatusCode::kPlanQuery);
}

TEST(HashJoinTest, LongChainsStreamInBoundedBatches) {
  auto schema = MakeSchema({{"k", DataType::Int64()}});
  std::vector<std::vector<Value>> right_rows(10000, {I(1)});
  auto right = Input(schema, right_rows, 3000);
  auto left = Input(schema, {{I(1)}, {I(2)}, {I(1)}});
  ASSERT_OK_AND_ASSIGN(auto node, MakeHashJoin(std::move(left), std::move(right), JoinKind::kLeft,
                                               {Column(0, DataType::Int64(), "a")},
                                               {Column(0, DataType::Int64(), "b")}, nullptr));
  ASSERT_OK_AND_ASSIGN(auto batches, CollectAll(*node));
  size_t total = 0;
  for (const auto& b : batches) {
    EXPECT_LE(b.num_rows(), 8192u);
    total += b.num_rows();
  }
  EXPECT_EQ(total, 20001u);
  // The unmatched row 2 sits between the two chains.
  EXPECT_EQ(batches[1].GetValue(10000 - 8192, 0).ToString(), "2");
  EXPECT_TRUE(batches[1].GetValue(10000 - 8192, 1).is_null());
}

TEST(HashJoinTest, MemoryLimitFailsWithResourcesExhausted) {
  auto schema = MakeSchema({{"k", DataType::Int64()}});
  std::vector<std::vector<Value>> rows;
  for (int i = 0; i < 5000; ++i) rows.push_back({I(i)});
  ASSERT_OK_AND_ASSIGN(auto node,
                       MakeHashJoin(Input(schema, {{I(1)}}), Input(schema, rows), JoinKind::kInner,
                                    {Column(0, DataType::Int64(), "a")},
                                    {Column(0, DataType::Int64(), "b")}, nullptr, 10000));
  auto result = CollectAll(*node);
  ASSERT_STATUS_CODE(result, StatusCode::kRuntimeResourcesExhausted);
  EXPECT_NE(result.status().message().find("Query memory limit exceeded"), std::string::npos);
  ASSERT_STATUS_CODE(node->Next(), StatusCode::kRuntimeResourcesExhausted);  // sticky
  ASSERT_OK_AND_ASSIGN(auto ok,
                       MakeHashJoin(Input(schema, {{I(1)}}), Input(schema, rows), JoinKind::kInner,
                                    {Column(0, DataType::Int64(), "a")},
                                    {Column(0, DataType::Int64(), "b")}, nullptr, 10 << 20));
  EXPECT_EQ(Rows(*ok), (Strings{"1|1"}));
  ASSERT_OK_AND_ASSIGN(auto nlj, MakeNestedLoopJoin(Input(schema, {{I(1)}}), Input(schema, rows),
                                                    JoinKind::kCross, nullptr, 1000));
  ASSERT_STATUS_CODE(CollectAll(*nlj), StatusCode::kRuntimeResourcesExhausted);
}

TEST(NestedLoopJoinTest, CrossJoinOfThreeByFour) {
  auto l = Input(MakeSchema({{"a", DataType::Int64()}}), {{I(1)}, {I(2)}, {I(3)}}, 2);
  auto r =
      Input(MakeSchema({{"b", DataType::String()}}), {{S("w")}, {S("x")}, {S("y")}, {S("z")}}, 3);
  ASSERT_OK_AND_ASSIGN(auto node,
                       MakeNestedLoopJoin(std::move(l), std::move(r), JoinKind::kCross, nullptr));
  EXPECT_EQ(Rows(*node), (Strings{"1|w", "1|x", "1|y", "1|z", "2|w", "2|x", "2|y", "2|z", "3|w",
                                  "3|x", "3|y", "3|z"}));
  EXPECT_EQ(node->Describe(), "NestedLoopJoin: type=Cross");
}

TEST(NestedLoopJoinTest, BigCrossJoinStreamsInChunks) {
  auto schema = MakeSchema({{"a", DataType::Int64()}});
  std::vector<std::vector<Value>> left_rows, right_rows;
  for (int i = 0; i < 100; ++i) left_rows.push_back({I(i)});
  for (int i = 0; i < 300; ++i) right_rows.push_back({I(i)});
  ASSERT_OK_AND_ASSIGN(auto node,
                       MakeNestedLoopJoin(Input(schema, left_rows), Input(schema, right_rows),
                                          JoinKind::kCross, nullptr));
  size_t total = 0, batches = 0;
  while (true) {
    ASSERT_OK_AND_ASSIGN(auto batch, node->Next());
    if (!batch) break;
    EXPECT_LE(batch->num_rows(), 8192u);
    total += batch->num_rows();
    ++batches;
  }
  EXPECT_EQ(total, 30000u);
  EXPECT_EQ(batches, 4u);
}

TEST(NestedLoopJoinTest, InequalityConditionWithOuterSemiAnti) {
  auto schema = MakeSchema({{"a", DataType::Int64()}});
  auto rschema = MakeSchema({{"b", DataType::Int64()}});
  auto make = [&](JoinKind kind) {
    ExprPtr cond = *Binary(BinaryOp::kLt, Column(0, DataType::Int64(), "a"),
                           Column(1, DataType::Int64(), "b"));
    auto node = MakeNestedLoopJoin(Input(schema, {{I(1)}, {I(5)}, {N}, {I(2)}}),
                                   Input(rschema, {{I(3)}, {I(2)}, {N}}), kind, cond);
    EXPECT_TRUE(node.ok());
    return std::move(node).value();
  };
  EXPECT_EQ(Rows(*make(JoinKind::kInner)), (Strings{"1|3", "1|2", "2|3"}));
  EXPECT_EQ(Rows(*make(JoinKind::kLeft)), (Strings{"1|3", "1|2", "5|NULL", "NULL|NULL", "2|3"}));
  EXPECT_EQ(Rows(*make(JoinKind::kRight)), (Strings{"1|3", "1|2", "2|3", "NULL|NULL"}));
  EXPECT_EQ(Rows(*make(JoinKind::kFull)),
            (Strings{"1|3", "1|2", "5|NULL", "NULL|NULL", "2|3", "NULL|NULL"}));
  EXPECT_EQ(Rows(*make(JoinKind::kLeftSemi)), (Strings{"1", "2"}));
  EXPECT_EQ(Rows(*make(JoinKind::kLeftAnti)), (Strings{"5", "NULL"}));
  EXPECT_EQ(make(JoinKind::kLeft)->Describe(), "NestedLoopJoin: type=Left, filter=a < b");
}

TEST(NestedLoopJoinTest, EmptySidesAndBadCondition) {
  auto schema = MakeSchema({{"a", DataType::Int64()}});
  ASSERT_OK_AND_ASSIGN(auto left,
                       MakeNestedLoopJoin(Input(schema, {{I(1)}}), MakeValues(schema, {}),
                                          JoinKind::kLeft, nullptr));
  EXPECT_EQ(Rows(*left), (Strings{"1|NULL"}));
  ASSERT_OK_AND_ASSIGN(auto cross,
                       MakeNestedLoopJoin(MakeValues(schema, {}), Input(schema, {{I(1)}}),
                                          JoinKind::kCross, nullptr));
  EXPECT_TRUE(Rows(*cross).empty());
  ASSERT_STATUS_CODE(MakeNestedLoopJoin(Input(schema, {}), Input(schema, {}), JoinKind::kInner,
                                        Column(0, DataType::Int64(), "a")),
                     StatusCode::kPlanQuery);
}

TEST(UnionAllTest, ConcatenatesChildrenUnderTheGivenSchema) {
  auto a = MakeSchema({{"x", DataType::Int64()}});
  auto b = MakeSchema({{"y", DataType::Int64()}});
  std::vector<ExecNodePtr> children;
  children.push_back(Input(a, {{I(1)}, {I(2)}}));
  children.push_back(MakeValues(b, {}));
  children.push_back(Input(b, {{N}, {I(1)}}, 1));
  auto node = MakeUnionAll(std::move(children), a);
  EXPECT_EQ(Rows(*node), (Strings{"1", "2", "NULL", "1"}));
  EXPECT_EQ(node->Describe(), "UnionAll: 3 inputs");
  auto empty = MakeUnionAll({}, a);
  EXPECT_TRUE(Rows(*empty).empty());
}

TEST(DistinctTest, DropsDuplicatesKeepingFirstOccurrences) {
  auto schema = MakeSchema({{"a", DataType::Int64()}, {"s", DataType::String()}});
  auto input = Input(schema,
                     {{I(1), S("x")},
                      {N, S("y")},
                      {I(1), S("x")},
                      {N, S("y")},
                      {I(1), N},
                      {I(2), S("x")},
                      {I(1), N},
                      {N, N},
                      {N, N}},
                     2);
  ASSERT_OK_AND_ASSIGN(auto node, MakeDistinct(std::move(input)));
  EXPECT_EQ(Rows(*node), (Strings{"1|x", "NULL|y", "1|NULL", "2|x", "NULL|NULL"}));
  EXPECT_EQ(node->Describe(), "Distinct");
}

TEST(DistinctTest, FloatsBooleansAndMemoryLimit) {
  auto schema = MakeSchema({{"f", DataType::Float64()}, {"b", DataType::Boolean()}});
  auto input = Input(schema, {{Value::Float64(0.0), Value::Boolean(true)},
                              {Value::Float64(-0.0), Value::Boolean(true)},
                              {Value::Float64(0.0), Value::Boolean(false)}});
  ASSERT_OK_AND_ASSIGN(auto node, MakeDistinct(std::move(input)));
  EXPECT_EQ(Rows(*node).size(), 2u);
  std::vector<std::vector<Value>> rows;
  for (int i = 0; i < 1000; ++i) rows.push_back({Value::Float64(i), N});
  ASSERT_OK_AND_ASSIGN(auto limited, MakeDistinct(Input(schema, rows), 1000));
  ASSERT_STATUS_CODE(CollectAll(*limited), StatusCode::kRuntimeResourcesExhausted);
}

class SetOperationTest : public ::testing::Test {
 protected:
  ExecNodePtr Run(SetOpKind kind, bool all) {
    auto schema = MakeSchema({{"a", DataType::Int64()}});
    auto left = Input(schema, {{I(1)}, {I(1)}, {I(1)}, {I(2)}, {N}, {N}, {I(3)}, {I(2)}}, 3);
    auto right = Input(schema, {{I(1)}, {N}, {I(1)}, {I(3)}, {I(4)}}, 2);
    auto node = MakeSetOperation(std::move(left), std::move(right), kind, all);
    EXPECT_TRUE(node.ok());
    return std::move(node).value();
  }
};

TEST_F(SetOperationTest, Intersect) {
  EXPECT_EQ(Rows(*Run(SetOpKind::kIntersect, false)), (Strings{"1", "NULL", "3"}));
  EXPECT_EQ(Rows(*Run(SetOpKind::kIntersect, true)), (Strings{"1", "1", "NULL", "3"}));
}

TEST_F(SetOperationTest, Except) {
  EXPECT_EQ(Rows(*Run(SetOpKind::kExcept, false)), (Strings{"2"}));
  EXPECT_EQ(Rows(*Run(SetOpKind::kExcept, true)), (Strings{"1", "2", "NULL", "2"}));
  EXPECT_EQ(Run(SetOpKind::kExcept, true)->Describe(), "SetOperation: Except All");
}

TEST_F(SetOperationTest, MultiColumnRowsAndEmptyInputs) {
  auto schema = MakeSchema({{"a", DataType::Int64()}, {"s", DataType::String()}});
  auto left = Input(schema, {{I(1), S("x")}, {I(1), S("y")}, {N, S("x")}});
  auto right = Input(schema, {{I(1), S("y")}, {N, S("x")}});
  ASSERT_OK_AND_ASSIGN(
      auto except, MakeSetOperation(std::move(left), std::move(right), SetOpKind::kExcept, false));
  EXPECT_EQ(Rows(*except), (Strings{"1|x"}));
  ASSERT_OK_AND_ASSIGN(auto empty,
                       MakeSetOperation(Input(schema, {{I(1), S("x")}}), MakeValues(schema, {}),
                                        SetOpKind::kIntersect, true));
  EXPECT_TRUE(Rows(*empty).empty());
  ASSERT_STATUS_CODE(
      MakeSetOperation(Input(schema, {}), Input(MakeSchema({{"a", DataType::Int64()}}), {}),
                       SetOpKind::kExcept, false),
      StatusCode::kPlanQuery);
}

TEST_F(SetOperationTest, NullTypedColumnsAreEqual) {
  auto schema = MakeSchema({{"NULL", DataType::Null()}});
  ASSERT_OK_AND_ASSIGN(auto intersect, MakeSetOperation(Input(schema, {{N}}), Input(schema, {{N}}),
                                                        SetOpKind::kIntersect, false));
  EXPECT_EQ(Rows(*intersect), (Strings{"NULL"}));
  ASSERT_OK_AND_ASSIGN(auto except, MakeSetOperation(Input(schema, {{N}}), Input(schema, {{N}}),
                                                     SetOpKind::kExcept, false));
  EXPECT_TRUE(Rows(*except).empty());
  // NULL-typed join keys never match.
  ASSERT_OK_AND_ASSIGN(auto join, MakeHashJoin(Input(schema, {{N}}), Input(schema, {{N}}),
                                               JoinKind::kLeft, {Column(0, DataType::Null(), "a")},
                                               {Column(0, DataType::Null(), "b")}, nullptr));
  EXPECT_EQ(Rows(*join), (Strings{"NULL|NULL"}));
}

TEST_F(SetOperationTest, MemoryLimit) {
  auto schema = MakeSchema({{"a", DataType::Int64()}});
  std::vector<std::vector<Value>> rows;
  for (int i = 0; i < 1000; ++i) rows.push_back({I(i)});
  ASSERT_OK_AND_ASSIGN(auto node, MakeSetOperation(Input(schema, {{I(1)}}), Input(schema, rows),
                                                   SetOpKind::kIntersect, false, 4096));
  ASSERT_STATUS_CODE(CollectAll(*node), StatusCode::kRuntimeResourcesExhausted);
}

}  // namespace
}  // namespace greptime::query
