// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "types/data_type.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "types/test_macros.h"

namespace greptime::types {
namespace {

TEST(DataTypeTest, ParsesEverySqlSpellingOfTheSpec) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"BOOLEAN", "Boolean"},
      {"BOOL", "Boolean"},
      {"TINYINT", "Int8"},
      {"SMALLINT", "Int16"},
      {"INT2", "Int16"},
      {"INT16", "Int16"},
      {"INT", "Int32"},
      {"INTEGER", "Int32"},
      {"INT4", "Int32"},
      {"INT32", "Int32"},
      {"BIGINT", "Int64"},
      {"INT8", "Int64"},
      {"INT64", "Int64"},
      {"TINYINT UNSIGNED", "UInt8"},
      {"UINT8", "UInt8"},
      {"SMALLINT UNSIGNED", "UInt16"},
      {"UINT16", "UInt16"},
      {"INT UNSIGNED", "UInt32"},
      {"INTEGER UNSIGNED", "UInt32"},
      {"UINT32", "UInt32"},
      {"BIGINT UNSIGNED", "UInt64"},
      {"UINT64", "UInt64"},
      {"FLOAT", "Float32"},
      {"FLOAT4", "Float32"},
      {"FLOAT32", "Float32"},
      {"DOUBLE", "Float64"},
      {"FLOAT8", "Float64"},
      {"FLOAT64", "Float64"},
      {"DECIMAL", "Decimal(38, 10)"},
      {"DECIMAL(10)", "Decimal(10, 0)"},
      {"DECIMAL(10,2)", "Decimal(10, 2)"},
      {"STRING", "String"},
      {"TEXT", "String"},
      {"TINYTEXT", "String"},
      {"MEDIUMTEXT", "String"},
      {"LONGTEXT", "String"},
      {"VARCHAR", "String"},
      {"VARCHAR(255)", "String"},
      {"CHAR", "String"},
      {"CHAR(10)", "String"},
      {"BINARY", "Binary"},
      {"VARBINARY", "Binary"},
      {"BLOB", "Binary"},
      {"BYTEA", "Binary"},
      {"DATE", "Date"},
      {"TIMESTAMP(0)", "TimestampSecond"},
      {"TIMESTAMP_S", "TimestampSecond"},
      {"TIMESTAMP_SEC", "TimestampSecond"},
      {"TIMESTAMPSECOND", "TimestampSecond"},
      {"TIMESTAMP", "TimestampMillisecond"},
      {"TIMESTAMP(3)", "TimestampMillisecond"},
      {"TIMESTAMP_MS", "TimestampMillisecond"},
      {"TIMESTAMPMILLISECOND", "TimestampMillisecond"},
      {"TIMESTAMP(6)", "TimestampMicrosecond"},
      {"TIMESTAMP_US", "TimestampMicrosecond"},
      {"TIMESTAMPMICROSECOND", "TimestampMicrosecond"},
      {"DATETIME", "TimestampMicrosecond"},
      {"TIMESTAMP(9)", "TimestampNanosecond"},
      {"TIMESTAMP_NS", "TimestampNanosecond"},
      {"TIMESTAMPNANOSECOND", "TimestampNanosecond"},
      {"INTERVAL", "IntervalMonthDayNano"},
      {"JSON", "Json"},
      {"VECTOR(3)", "Vector(3)"},
      {"INT(11)", "Int32"},
      {"BIGINT(20) UNSIGNED", "UInt64"},
  };
  for (const auto& [spelling, name] : cases) {
    auto parsed = DataType::ParseSql(spelling);
    ASSERT_TRUE(parsed.ok()) << spelling << ": " << parsed.status().ToString();
    EXPECT_EQ(parsed->Name(), name) << spelling;
  }
}

TEST(DataTypeTest, ParsingIgnoresCaseAndBlanks) {
  ASSERT_OK_AND_ASSIGN(DataType a, DataType::ParseSql("  bigint    unsigned "));
  EXPECT_EQ(a, DataType::UInt64());
  ASSERT_OK_AND_ASSIGN(DataType b, DataType::ParseSql("decimal ( 10 , 2 )"));
  EXPECT_EQ(b, DataType::Decimal128(10, 2));
  ASSERT_OK_AND_ASSIGN(DataType c, DataType::ParseSql("Timestamp(6)"));
  EXPECT_EQ(c, DataType::TimestampMicrosecond());
  ASSERT_OK_AND_ASSIGN(DataType d, DataType::ParseSql("int\tunsigned"));
  EXPECT_EQ(d, DataType::UInt32());
}

TEST(DataTypeTest, RejectsTimestampPrecisionsOtherThan0369) {
  for (const char* text :
       {"TIMESTAMP(1)", "TIMESTAMP(2)", "TIMESTAMP(4)", "TIMESTAMP(10)", "TIMESTAMP(-3)"}) {
    auto parsed = DataType::ParseSql(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().code(), StatusCode::kUnsupported);
    EXPECT_EQ(parsed.status().message(), std::string("Unsupported SQL type: ") + text);
  }
}

TEST(DataTypeTest, EnforcesDecimalBounds) {
  ASSERT_OK_AND_ASSIGN(DataType max, DataType::ParseSql("DECIMAL(38,38)"));
  EXPECT_EQ(max.precision(), 38);
  EXPECT_EQ(max.scale(), 38);
  ASSERT_OK_AND_ASSIGN(DataType one, DataType::ParseSql("DECIMAL(1)"));
  EXPECT_EQ(one, DataType::Decimal128(1, 0));
  for (const char* text : {"DECIMAL(0)", "DECIMAL(39)", "DECIMAL(5,6)", "DECIMAL(39,2)"}) {
    auto parsed = DataType::ParseSql(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArguments) << text;
  }
  EXPECT_FALSE(DataType::MakeDecimal128(10, -1).ok());
}

TEST(DataTypeTest, RejectsUnknownOrMalformedSpellings) {
  for (const char* text :
       {"", "FOO", "INT(", "DECIMAL(1,2,3)", "VECTOR", "VECTOR(0)", "VECTOR(x)", "UNSIGNED",
        "TIMESTAMP(3", "STRING)", "DOUBLE(3) UNSIGNED", "INT UNSIGNED(3)"}) {
    EXPECT_FALSE(DataType::ParseSql(text).ok()) << text;
  }
}

TEST(DataTypeTest, PrintsDescSqlAndMysqlNames) {
  struct Case {
    DataType type;
    const char* name;
    const char* sql;
    const char* mysql;
  };
  const Case cases[] = {
      {DataType::Boolean(), "Boolean", "BOOLEAN", "boolean"},
      {DataType::Int8(), "Int8", "TINYINT", "tinyint"},
      {DataType::Int16(), "Int16", "SMALLINT", "smallint"},
      {DataType::Int32(), "Int32", "INT", "int"},
      {DataType::Int64(), "Int64", "BIGINT", "bigint"},
      {DataType::UInt8(), "UInt8", "TINYINT UNSIGNED", "tinyint unsigned"},
      {DataType::UInt16(), "UInt16", "SMALLINT UNSIGNED", "smallint unsigned"},
      {DataType::UInt32(), "UInt32", "INT UNSIGNED", "int unsigned"},
      {DataType::UInt64(), "UInt64", "BIGINT UNSIGNED", "bigint unsigned"},
      {DataType::Float32(), "Float32", "FLOAT", "float"},
      {DataType::Float64(), "Float64", "DOUBLE", "double"},
      {DataType::Decimal128(38, 10), "Decimal(38, 10)", "DECIMAL(38,10)", "decimal(38,10)"},
      {DataType::String(), "String", "STRING", "string"},
      {DataType::Binary(), "Binary", "VARBINARY", "varbinary"},
      {DataType::Date(), "Date", "DATE", "date"},
      {DataType::TimestampSecond(), "TimestampSecond", "TIMESTAMP(0)", "timestamp(0)"},
      {DataType::TimestampMillisecond(), "TimestampMillisecond", "TIMESTAMP(3)", "timestamp(3)"},
      {DataType::TimestampMicrosecond(), "TimestampMicrosecond", "TIMESTAMP(6)", "timestamp(6)"},
      {DataType::TimestampNanosecond(), "TimestampNanosecond", "TIMESTAMP(9)", "timestamp(9)"},
      {DataType::IntervalMonthDayNano(), "IntervalMonthDayNano", "INTERVAL", "interval"},
      {DataType::Json(), "Json", "JSON", "json"},
      {DataType::Vector(3), "Vector(3)", "VECTOR(3)", "vector(3)"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.type.Name(), c.name);
    EXPECT_EQ(c.type.SqlName(), c.sql);
    EXPECT_EQ(c.type.MysqlName(), c.mysql);
    // Every SQL name parses back to the same type, and every DESC name too.
    ASSERT_OK_AND_ASSIGN(DataType from_sql, DataType::ParseSql(c.type.SqlName()));
    EXPECT_EQ(from_sql, c.type) << c.sql;
    ASSERT_OK_AND_ASSIGN(DataType from_name, DataType::ParseName(c.type.Name()));
    EXPECT_EQ(from_name, c.type) << c.name;
  }
  EXPECT_EQ(DataType::Null().Name(), "Null");
  EXPECT_FALSE(DataType::ParseName("int64").ok());
  EXPECT_FALSE(DataType::ParseName("Decimal(39, 0)").ok());
}

TEST(DataTypeTest, ReportsFixedWidths) {
  EXPECT_EQ(DataType::Boolean().FixedWidth(), 1u);
  EXPECT_EQ(DataType::Int16().FixedWidth(), 2u);
  EXPECT_EQ(DataType::UInt32().FixedWidth(), 4u);
  EXPECT_EQ(DataType::Float32().FixedWidth(), 4u);
  EXPECT_EQ(DataType::Date().FixedWidth(), 4u);
  EXPECT_EQ(DataType::Float64().FixedWidth(), 8u);
  EXPECT_EQ(DataType::TimestampNanosecond().FixedWidth(), 8u);
  EXPECT_EQ(DataType::Decimal128(10, 2).FixedWidth(), 16u);
  EXPECT_EQ(DataType::IntervalMonthDayNano().FixedWidth(), 16u);
  EXPECT_EQ(DataType::Vector(5).FixedWidth(), 20u);
  EXPECT_EQ(DataType::String().FixedWidth(), 0u);
  EXPECT_FALSE(DataType::Json().is_fixed_width());
}

TEST(DataTypeTest, ClassifiesTypes) {
  EXPECT_TRUE(DataType::Int8().is_integer());
  EXPECT_TRUE(DataType::Int8().is_signed());
  EXPECT_FALSE(DataType::UInt64().is_signed());
  EXPECT_TRUE(DataType::UInt64().is_numeric());
  EXPECT_TRUE(DataType::Float32().is_float());
  EXPECT_TRUE(DataType::Float32().is_signed());
  EXPECT_FALSE(DataType::Float32().is_integer());
  EXPECT_TRUE(DataType::Decimal128(5, 2).is_numeric());
  EXPECT_FALSE(DataType::Decimal128(5, 2).is_integer());
  EXPECT_FALSE(DataType::Boolean().is_numeric());
  EXPECT_TRUE(DataType::TimestampSecond().is_timestamp());
  EXPECT_FALSE(DataType::Date().is_timestamp());
  EXPECT_FALSE(DataType::TimestampSecond().is_numeric());
  EXPECT_TRUE(DataType::String().is_string_like());
  EXPECT_TRUE(DataType::Binary().is_string_like());
  EXPECT_TRUE(DataType::Json().is_string_like());
  EXPECT_FALSE(DataType::Vector(2).is_string_like());
}

TEST(DataTypeTest, ComparesParameters) {
  EXPECT_NE(DataType::TimestampSecond(), DataType::TimestampMillisecond());
  EXPECT_NE(DataType::Decimal128(10, 2), DataType::Decimal128(10, 3));
  EXPECT_NE(DataType::Vector(2), DataType::Vector(3));
  EXPECT_EQ(DataType::Decimal128(10, 2), DataType::Decimal128(10, 2));
  EXPECT_EQ(DataType::Decimal128(10, 2).Hash(), DataType::Decimal128(10, 2).Hash());
  EXPECT_EQ(DataType(), DataType::Null());
}

}  // namespace
}  // namespace greptime::types
