// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// String functions: UTF-8 semantics, NULL handling, LIKE, regular expressions and errors,
// checked against the sqlness corpus (common/function/string/*.result).
#include <gtest/gtest.h>

#include "common/testing.h"
#include "query/function/function.h"
#include "query/function/function_test_util.h"
#include "query/function/function_util.h"
#include "types/column_builder.h"

namespace greptime::query {
namespace {

using types::ColumnPtr;
using types::DataType;
using types::Value;

using namespace testing_util;  // NOLINT: the fixture and value shorthands

class StringFunctionsTest : public FunctionFixture {
 protected:
  StringFunctionsTest() { RegisterStringFunctions(registry_); }
};

TEST_F(StringFunctionsTest, LengthsCountCharacters) {
  EXPECT_EQ(Text("length", {S("hello")}), "5");
  EXPECT_EQ(Text("length", {S("")}), "0");
  EXPECT_EQ(Text("length", {N()}), "NULL");
  EXPECT_EQ(Text("char_length", {S("🚀🌟")}), "2");
  EXPECT_EQ(Text("character_length", {S("café")}), "4");
  EXPECT_EQ(Text("octet_length", {S("世界")}), "6");
  EXPECT_EQ(Text("bit_length", {S("世界")}), "48");
  EXPECT_EQ(*TypeOf("length", {DataType::String()}), DataType::Int32());
}

TEST_F(StringFunctionsTest, CaseMappingIsUnicodeAware) {
  EXPECT_EQ(Text("upper", {S("MiXeD cAsE")}), "MIXED CASE");
  EXPECT_EQ(Text("lower", {S("HELLO123!@#")}), "hello123!@#");
  EXPECT_EQ(Text("upper", {S("café")}), "CAFÉ");
  EXPECT_EQ(Text("lower", {S("CAFÉ")}), "café");
  EXPECT_EQ(Text("upper", {S("äöüß")}), "ÄÖÜSS");
  EXPECT_EQ(Text("upper", {S("αβγ")}), "ΑΒΓ");
  EXPECT_EQ(Text("lower", {S("ΑΒΓ")}), "αβγ");
  EXPECT_EQ(Text("lower", {S("Здравствуй")}), "здравствуй");
  EXPECT_EQ(Text("lower", {S("ΟΔΟΣ")}), "οδος");
  EXPECT_EQ(Text("upper", {S("hello 世界")}), "HELLO 世界");
  EXPECT_EQ(Text("initcap", {S("mIxEd CaSe TeSt")}), "Mixed Case Test");
  EXPECT_EQ(Text("initcap", {S("hello-world_test")}), "Hello-World_Test");
  EXPECT_EQ(Text("initcap", {S("CAFÉ À PARIS")}), "Café À Paris");
  EXPECT_EQ(Text("upper", {N()}), "NULL");
}

TEST_F(StringFunctionsTest, Substring) {
  EXPECT_EQ(Text("substr", {S("hello"), I(2), I(3)}), "ell");
  EXPECT_EQ(Text("substring", {S("hello"), I(-1), I(3)}), "h");
  EXPECT_EQ(Text("substr", {S("hello"), I(0), I(3)}), "he");
  EXPECT_EQ(Text("substr", {S("🦆ab"), I(1), I(0)}), "");
  EXPECT_EQ(Text("substr", {S("Hello 世界"), I(7), I(2)}), "世界");
  EXPECT_EQ(Text("substr", {S("hello"), I(3)}), "llo");
  EXPECT_EQ(Text("substr", {S("hello"), I(INT64_MAX), I(INT64_MAX)}), "");
  EXPECT_EQ(Text("substr", {S("hello"), I(INT64_MIN), I(INT64_MAX)}), "");
  EXPECT_EQ(Text("substr", {S("hello"), N(), I(2)}), "NULL");
  ASSERT_STATUS_CODE(Eval("substr", {S("hello"), I(1), I(-1)}), StatusCode::kEngineExecuteQuery);
  ASSERT_STATUS_CODE(TypeOf("substr", {DataType::String()}), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(TypeOf("substr", {DataType::String(), DataType::String()}),
                     StatusCode::kInvalidArguments);
}

TEST_F(StringFunctionsTest, LeftRightPad) {
  EXPECT_EQ(Text("left", {S("hello world"), I(5)}), "hello");
  EXPECT_EQ(Text("right", {S("hello world"), I(5)}), "world");
  EXPECT_EQ(Text("left", {S("hello"), I(10)}), "hello");
  EXPECT_EQ(Text("right", {S("中文测试"), I(2)}), "测试");
  EXPECT_EQ(Text("left", {S("hello"), I(-2)}), "hel");
  EXPECT_EQ(Text("right", {S("hello"), I(-2)}), "llo");
  EXPECT_EQ(Text("right", {S("hello"), N()}), "NULL");
  EXPECT_EQ(Text("lpad", {S("hi"), I(5)}), "   hi");
  EXPECT_EQ(Text("lpad", {S("hi"), I(5), S("xy")}), "xyxhi");
  EXPECT_EQ(Text("rpad", {S("hi"), I(5), S("世")}), "hi世世世");
  EXPECT_EQ(Text("rpad", {S("hello"), I(2)}), "he");
  EXPECT_EQ(Text("lpad", {S("hi"), I(-1)}), "");
  ASSERT_STATUS_CODE(Eval("lpad", {S("hi"), I(INT64_MAX)}), StatusCode::kEngineExecuteQuery);
}

TEST_F(StringFunctionsTest, Trim) {
  EXPECT_EQ(Text("trim", {S("  x  ")}), "x");
  EXPECT_EQ(Text("btrim", {S("xxaxx"), S("x")}), "a");
  EXPECT_EQ(Text("ltrim", {S("  x  ")}), "x  ");
  EXPECT_EQ(Text("rtrim", {S("  x  ")}), "  x");
  EXPECT_EQ(Text("trim", {S("世a世"), S("世")}), "a");
  EXPECT_EQ(Text("trim", {S("   ")}), "");
}

TEST_F(StringFunctionsTest, ReplaceRepeatReverse) {
  EXPECT_EQ(Text("replace", {S("hello hello hello"), S("hello"), S("hi")}), "hi hi hi");
  EXPECT_EQ(Text("replace", {S("hello world"), S(""), S("xyz")}),
            "xyzhxyzexyzlxyzlxyzoxyz xyzwxyzoxyzrxyzlxyzdxyz");
  EXPECT_EQ(Text("replace", {S("aaa"), S("aa"), S("b")}), "ba");
  EXPECT_EQ(Text("replace", {S("x"), N(), S("y")}), "NULL");
  EXPECT_EQ(Text("repeat", {S("ab"), I(3)}), "ababab");
  EXPECT_EQ(Text("repeat", {S("hello"), I(-1)}), "");
  EXPECT_EQ(Text("repeat", {S("hello"), N()}), "NULL");
  ASSERT_STATUS_CODE(Eval("repeat", {S("ab"), I(INT64_MAX)}), StatusCode::kEngineExecuteQuery);
  EXPECT_EQ(Text("reverse", {S("café")}), "éfac");
  EXPECT_EQ(Text("reverse", {S("🚀🌟")}), "🌟🚀");
  EXPECT_EQ(Text("reverse", {S("")}), "");
}

TEST_F(StringFunctionsTest, PositionsAndAffixes) {
  EXPECT_EQ(Text("strpos", {S("hello world"), S("world")}), "7");
  EXPECT_EQ(Text("strpos", {S("hello world"), S("")}), "1");
  EXPECT_EQ(Text("strpos", {S(""), S("world")}), "0");
  EXPECT_EQ(Text("instr", {S("hello世界"), S("界")}), "7");
  EXPECT_EQ(Text("position", {S("café shop"), S("é")}), "4");
  EXPECT_EQ(Text("strpos", {N(), S("x")}), "NULL");
  EXPECT_EQ(Text("starts_with", {S("hello"), S("he")}), "true");
  EXPECT_EQ(Text("ends_with", {S("hello"), S("he")}), "false");
  EXPECT_EQ(Text("split_part", {S("a,b,c"), S(","), I(2)}), "b");
  EXPECT_EQ(Text("split_part", {S("a,b,c"), S(","), I(-1)}), "c");
  EXPECT_EQ(Text("split_part", {S("a,b,c"), S(","), I(9)}), "");
  ASSERT_STATUS_CODE(Eval("split_part", {S("a,b"), S(","), I(0)}), StatusCode::kEngineExecuteQuery);
  EXPECT_EQ(Text("string_to_array", {S("a b c"), S(" ")}), "[a, b, c]");
  EXPECT_EQ(Text("string_to_array", {S("a b"), N()}), "[a,  , b]");
  EXPECT_EQ(Text("string_to_array", {S(""), S(",")}), "[]");
  EXPECT_EQ(Text("string_to_array", {N(), S(",")}), "NULL");
}

TEST_F(StringFunctionsTest, ConcatSkipsNullsButTheOperatorDoesNot) {
  EXPECT_EQ(Text("concat", {S("a"), N(), S("b")}), "ab");
  EXPECT_EQ(Text("concat", {S("x"), I(1), F(2.5)}), "x12.5");
  EXPECT_EQ(Text("concat_ws", {S(","), S("a"), N(), S("b")}), "a,b");
  EXPECT_EQ(Text("concat_ws", {N(), S("a")}), "NULL");
  EXPECT_EQ(Text("__concat_op", {S("a"), S("b")}), "ab");
  EXPECT_EQ(Text("__concat_op", {S("a"), N()}), "NULL");
  EXPECT_EQ(Text("__concat_op", {S("n="), I(3)}), "n=3");
  ASSERT_STATUS_CODE(TypeOf("concat", {}), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(TypeOf("concat_ws", {DataType::String()}), StatusCode::kInvalidArguments);
}

TEST_F(StringFunctionsTest, CharactersHexMd5Uuid) {
  EXPECT_EQ(Text("ascii", {S("a")}), "97");
  EXPECT_EQ(Text("ascii", {S("世")}), "19990");
  EXPECT_EQ(Text("ascii", {S("")}), "0");
  EXPECT_EQ(Text("chr", {I(65)}), "A");
  EXPECT_EQ(Text("chr", {I(19990)}), "世");
  ASSERT_STATUS_CODE(Eval("chr", {I(0)}), StatusCode::kEngineExecuteQuery);
  ASSERT_STATUS_CODE(Eval("chr", {I(0x110000)}), StatusCode::kEngineExecuteQuery);
  EXPECT_EQ(Text("to_hex", {I(255)}), "ff");
  EXPECT_EQ(Text("to_hex", {I(-1)}), "ffffffffffffffff");
  EXPECT_EQ(Text("to_hex", {Value::Int32(-1)}), "ffffffff");
  EXPECT_EQ(Text("md5", {S("")}), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Text("md5", {S("The quick brown fox jumps over the lazy dog")}),
            "9e107d9d372bb6826bd81d3542a419d6");
  EXPECT_FALSE(registry_.FindScalar("uuid")->deterministic());
  ASSERT_OK_AND_ASSIGN(ColumnPtr ids, Call("uuid", {}, 2));
  std::string a = ids->GetValue(0).AsBytes(), b = ids->GetValue(1).AsBytes();
  EXPECT_EQ(a.size(), 36u);
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(a, b);
}

TEST_F(StringFunctionsTest, Like) {
  EXPECT_EQ(Text("like", {S("hello"), S("h%o")}), "true");
  EXPECT_EQ(Text("like", {S("hello"), S("h_llo")}), "true");
  EXPECT_EQ(Text("like", {S("hello"), S("H%")}), "false");
  EXPECT_EQ(Text("ilike", {S("Hello"), S("h_LLO")}), "true");
  EXPECT_EQ(Text("ilike", {S("CAFÉ"), S("café")}), "true");
  EXPECT_EQ(Text("like", {S("世界"), S("_界")}), "true");
  EXPECT_EQ(Text("like", {S("a%b"), S("a\\%b")}), "true");
  EXPECT_EQ(Text("like", {S("axb"), S("a\\%b")}), "false");
  EXPECT_EQ(Text("like", {S("a_b"), S("a\\_b")}), "true");
  EXPECT_EQ(Text("like", {S(""), S("%")}), "true");
  EXPECT_EQ(Text("like", {S("abc"), S("")}), "false");
  EXPECT_EQ(Text("like", {S("aaaaaaaaaaaaaaaaaaaaaaaaaaaaab"), S("%a%a%a%a%a%a%c")}), "false");
  EXPECT_EQ(Text("like", {S("mississippi"), S("%iss%ppi")}), "true");
  EXPECT_EQ(Text("like", {N(), S("%")}), "NULL");
  EXPECT_EQ(Text("like", {S("a.c"), S("a.c")}), "true");
  EXPECT_EQ(Text("like", {S("abc"), S("a.c")}), "false");
  ColumnPtr s = Col(DataType::String(), {S("apple"), N(), S("banana"), S("grape")});
  ColumnPtr p = types::MakeConstantColumn(DataType::String(), S("%ap%"), 4);
  ASSERT_OK_AND_ASSIGN(ColumnPtr out, Call("like", {s, p}, 4));
  EXPECT_EQ(out->GetValue(0), B(true));
  EXPECT_TRUE(out->IsNull(1));
  EXPECT_EQ(out->GetValue(2), B(false));
  EXPECT_EQ(out->GetValue(3), B(true));
}

TEST_F(StringFunctionsTest, RegularExpressions) {
  EXPECT_EQ(Text("regexp_like", {S("hello123world"), S("\\d+")}), "true");
  EXPECT_EQ(Text("regexp_like", {S("no numbers here"), S("\\d+")}), "false");
  EXPECT_EQ(Text("regexp_like", {S("ABC"), S("b"), S("i")}), "true");
  EXPECT_EQ(Text("regexp_replace", {S("hello123world"), S("\\d+"), S("XXX")}), "helloXXXworld");
  EXPECT_EQ(Text("regexp_replace", {S("  extra   spaces  "), S("\\s+"), S(" ")}),
            " extra   spaces  ");
  EXPECT_EQ(Text("regexp_replace", {S("a1b22"), S("[0-9]+"), S("N"), S("g")}), "aNbN");
  EXPECT_EQ(Text("regexp_replace", {S("ABab"), S("a"), S("x"), S("gi")}), "xBxb");
  EXPECT_EQ(Text("regexp_replace", {S("john smith"), S("(\\w+) (\\w+)"), S("$2, \\1")}),
            "smith, john");
  EXPECT_EQ(Text("regexp_match", {S("foobarbequebaz"), S("(bar)(beque)")}), "[bar, beque]");
  EXPECT_EQ(Text("regexp_match", {S("abc"), S("b+")}), "[b]");
  EXPECT_EQ(Text("regexp_match", {S("abc"), S("x")}), "NULL");
  EXPECT_EQ(Text("regexp_count", {S("abcabc"), S("b")}), "2");
  EXPECT_EQ(Text("regexp_count", {S("abcabc"), S("b"), I(3)}), "1");
  EXPECT_EQ(Text("regexp_count", {S("abc"), S("")}), "4");
  EXPECT_EQ(Text("regexp_extract", {S("version 1.2.3"), S("\\d+\\.\\d+\\.\\d+")}), "1.2.3");
  EXPECT_EQ(Text("regexp_extract", {S("no match"), S("\\d+")}), "NULL");
  EXPECT_EQ(Text("__regex_match", {S("hello123"), S("\\d+"), B(false)}), "true");
  EXPECT_EQ(Text("__regex_match", {S("HELLO"), S("hel"), B(true)}), "true");
  EXPECT_EQ(Text("__regex_match", {S("HELLO"), S("hel"), B(false)}), "false");
  ASSERT_STATUS_CODE(Eval("__regex_match", {S("a"), S("("), B(false)}),
                     StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(Eval("regexp_like", {S("a"), S("a"), S("g")}),
                     StatusCode::kEngineExecuteQuery);
  ASSERT_STATUS_CODE(Eval("regexp_like", {S("a"), S("a"), S("z")}),
                     StatusCode::kEngineExecuteQuery);
  // Per-row patterns.
  ColumnPtr s = Col(DataType::String(), {S("abc"), S("abc"), S("xyz")});
  ColumnPtr p = Col(DataType::String(), {S("^a"), S("^b"), N()});
  ASSERT_OK_AND_ASSIGN(ColumnPtr out, Call("regexp_like", {s, p}, 3));
  EXPECT_EQ(out->GetValue(0), B(true));
  EXPECT_EQ(out->GetValue(1), B(false));
  EXPECT_TRUE(out->IsNull(2));
}

TEST_F(StringFunctionsTest, MysqlCompatibility) {
  EXPECT_EQ(Text("locate", {S("o"), S("hello world"), I(6)}), "8");
  EXPECT_EQ(Text("locate", {S("世"), S("hello世界")}), "6");
  EXPECT_EQ(Text("locate", {N(), S("hello")}), "NULL");
  EXPECT_EQ(Text("elt", {I(2), S("a"), S("b"), S("c")}), "b");
  EXPECT_EQ(Text("elt", {I(4), S("a"), S("b"), S("c")}), "NULL");
  EXPECT_EQ(Text("elt", {N(), S("a")}), "NULL");
  EXPECT_EQ(Text("field", {S("b"), S("a"), S("b"), S("c")}), "2");
  EXPECT_EQ(Text("field", {S("A"), S("a"), S("b")}), "0");
  EXPECT_EQ(Text("field", {N(), S("a")}), "0");
  EXPECT_EQ(Text("insert", {S("Quadratic"), I(3), I(4), S("What")}), "QuWhattic");
  EXPECT_EQ(Text("insert", {S("Quadratic"), I(3), I(100), S("What")}), "QuWhat");
  EXPECT_EQ(Text("insert", {S("hello世界"), I(6), I(1), S("の")}), "helloの界");
  EXPECT_EQ(Text("space", {I(3)}), "   ");
  EXPECT_EQ(Text("space", {I(-1)}), "");
  EXPECT_EQ(Text("format", {F(1234567.891), I(2)}), "1,234,567.89");
  EXPECT_EQ(Text("format", {F(-1234567.891), I(2)}), "-1,234,567.89");
  EXPECT_EQ(Text("format", {I(123), I(2)}), "123.00");
  EXPECT_EQ(Text("format", {F(0.5), I(2)}), "0.50");
}

TEST_F(StringFunctionsTest, BadArgumentsNameTheFunction) {
  auto st = TypeOf("lower", {DataType::String(), DataType::String()});
  ASSERT_STATUS_CODE(st, StatusCode::kInvalidArguments);
  EXPECT_NE(st.status().message().find("'lower'"), std::string::npos);
  auto st2 = TypeOf("repeat", {DataType::String(), DataType::String()});
  ASSERT_STATUS_CODE(st2, StatusCode::kInvalidArguments);
  EXPECT_NE(st2.status().message().find("'repeat'"), std::string::npos);
  ASSERT_STATUS_CODE(TypeOf("upper", {DataType::Vector(3)}), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(TypeOf("uuid", {DataType::Int64()}), StatusCode::kInvalidArguments);
}

TEST_F(StringFunctionsTest, InvalidUtf8DoesNotCrash) {
  const std::string bad = "a\xff\xc3";
  EXPECT_EQ(Text("length", {S(bad)}), "3");
  EXPECT_EQ(Eval("upper", {S(bad)})->AsBytes(), "A\xff\xc3");
  EXPECT_EQ(Eval("reverse", {S(bad)})->AsBytes(), "\xc3\xff" "a");
  EXPECT_EQ(Text("substr", {S(bad), I(2), I(1)}), "\xff");
}

TEST(Utf8HelpersTest, LikePatternAndMd5) {
  EXPECT_TRUE(LikePattern::Compile("%b_d%").Matches("abcde"));
  EXPECT_FALSE(LikePattern::Compile("%b_d").Matches("abcde"));
  EXPECT_TRUE(LikePattern::Compile("a!%", '!').Matches("a%"));
  EXPECT_EQ(Md5("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(Utf8Length("héllo"), 5u);
  EXPECT_EQ(TrimChars("xxhixx", "x", true, false), "hixx");
}

}  // namespace
}  // namespace greptime::query
