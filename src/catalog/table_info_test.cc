// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "catalog/table_info.h"

#include <cmath>
#include <limits>

#include "catalog/table_route.h"
#include "catalog/test_util.h"
#include "common/testing.h"

namespace greptime::catalog {
namespace {

using types::ColumnDefault;
using types::DataType;
using types::Value;

storage::ColumnMetadata Field(std::string name, DataType type, uint32_t id,
                              ColumnDefault default_value = {}) {
  storage::ColumnMetadata column;
  column.column_schema.name = std::move(name);
  column.column_schema.type = type;
  column.column_schema.default_value = std::move(default_value);
  column.column_id = id;
  return column;
}

TEST(TableInfoTest, JsonRoundTripKeepsEverything) {
  TableInfo info = MakeStoredTableInfo("cpu", 1030);
  info.schema = "mydb";
  info.engine = "metric";
  info.comment = "a table";
  ASSERT_OK_AND_ASSIGN(info.options, TableOptions::Parse({{"ttl", "7d"}, {"append_mode", "true"}}));
  info.partition = PartitionRule{{"host"}, {"host < 'm'", "host >= 'm'"}};
  info.region_numbers = {0, 1};
  info.column_indexes["host"].inverted = true;
  info.column_indexes["usage"].skipping = OptionMap{{"granularity", "10240"}, {"type", "BLOOM"}};
  info.column_indexes["host"].fulltext = OptionMap{{"analyzer", "English"}};
  info.version = 7;
  ASSERT_OK(info.Validate());

  std::string json = info.ToJson();
  ASSERT_OK_AND_ASSIGN(TableInfo decoded, TableInfo::FromJson(json));
  EXPECT_EQ(decoded, info);
  EXPECT_EQ(decoded.ToJson(), json);  // deterministic bytes: compare-and-put relies on them
}

TEST(TableInfoTest, JsonRoundTripKeepsConstantDefaultsOfEveryType) {
  TableInfo info = MakeStoredTableInfo("defaults");
  std::vector<std::pair<DataType, Value>> defaults = {
      {DataType::Boolean(), Value::Boolean(true)},
      {DataType::Int8(), Value::Int8(-8)},
      {DataType::Int64(), Value::Int64(std::numeric_limits<int64_t>::min())},
      {DataType::UInt64(), Value::UInt64(std::numeric_limits<uint64_t>::max())},
      {DataType::Float32(), Value::Float32(0.1f)},
      {DataType::Float64(), Value::Float64(0.047318541668048164)},
      {DataType::Float64(), Value::Float64(std::numeric_limits<double>::infinity())},
      {DataType::Decimal128(10, 2), Value::Decimal128(-12345, 10, 2)},
      {DataType::String(), Value::String("shop \"quoted\"")},
      {DataType::Binary(), Value::Binary(std::string("\x00\xff\x10", 3))},
      {DataType::Json(), Value::Json("{\"a\":1}")},
      {DataType::Date(), Value::Date(19000)},
      {DataType::TimestampNanosecond(),
       Value::Timestamp(1700000000123456789, TimeUnit::kNanosecond)},
      {DataType::IntervalMonthDayNano(), Value::Interval({14, 3, -5})},
      {DataType::Vector(3), Value::Vector({1.5f, -2.0f, 3.25f})},
      {DataType::Int32(), Value::Null()},
  };
  uint32_t id = info.next_column_id;
  for (size_t i = 0; i < defaults.size(); ++i) {
    info.columns.push_back(Field("c" + std::to_string(i), defaults[i].first, id++,
                                 ColumnDefault::Constant(defaults[i].second)));
  }
  info.next_column_id = id;
  ASSERT_OK_AND_ASSIGN(TableInfo decoded, TableInfo::FromJson(info.ToJson()));
  ASSERT_EQ(decoded.columns.size(), info.columns.size());
  for (size_t i = 0; i < info.columns.size(); ++i) {
    const auto& want = info.columns[i].column_schema.default_value;
    const auto& got = decoded.columns[i].column_schema.default_value;
    EXPECT_EQ(got, want) << info.columns[i].column_schema.name;
    if (want.is_constant()) {
      EXPECT_EQ(got.constant().type(), want.constant().type())
          << info.columns[i].column_schema.name;
    }
  }
  EXPECT_EQ(decoded, info);
}

TEST(TableInfoTest, FromJsonRejectsCorruptInput) {
  ASSERT_STATUS_CODE(TableInfo::FromJson("not json"), StatusCode::kUnexpected);
  ASSERT_STATUS_CODE(TableInfo::FromJson("{}"), StatusCode::kUnexpected);
  std::string json = MakeStoredTableInfo("cpu").ToJson();
  std::string bad_type = json;
  bad_type.replace(bad_type.find("\"Float64\""), 9, "\"Float99\"");
  ASSERT_STATUS_CODE(TableInfo::FromJson(bad_type), StatusCode::kUnexpected);
}

TEST(TableInfoTest, ValidateChecksNamesKeysIdsAndRegions) {
  TableInfo ok = MakeStoredTableInfo("cpu");
  ASSERT_OK(ok.Validate());

  TableInfo bad_name = ok;
  bad_name.name = "N.~";
  EXPECT_EQ(bad_name.Validate().ToString(), "1004(InvalidArguments), Invalid table name: N.~");

  TableInfo pk_field = ok;
  pk_field.primary_key = {"host", "usage"};
  EXPECT_FALSE(pk_field.Validate().ok());

  TableInfo missing_tag = ok;
  missing_tag.primary_key = {};
  EXPECT_FALSE(missing_tag.Validate().ok());

  TableInfo wrong_ts = ok;
  wrong_ts.time_index = "usage";
  EXPECT_FALSE(wrong_ts.Validate().ok());

  TableInfo no_ts = ok;
  no_ts.columns.erase(no_ts.columns.begin() + 1);
  EXPECT_EQ(no_ts.Validate().code(), StatusCode::kInvalidSyntax);

  TableInfo dup_id = ok;
  dup_id.columns[2].column_id = 0;
  EXPECT_FALSE(dup_id.Validate().ok());

  TableInfo id_too_big = ok;
  id_too_big.columns[2].column_id = 3;
  EXPECT_FALSE(id_too_big.Validate().ok());

  TableInfo regions = ok;
  regions.partition = PartitionRule{{"host"}, {"host < 'a'", "host >= 'a'"}};
  EXPECT_FALSE(regions.Validate().ok());
  regions.region_numbers = {0, 1};
  EXPECT_OK(regions.Validate());
  regions.partition->columns = {"nope"};
  EXPECT_FALSE(regions.Validate().ok());

  TableInfo engine = ok;
  engine.engine = "innodb";
  EXPECT_FALSE(engine.Validate().ok());

  TableInfo index = ok;
  index.column_indexes["nope"].inverted = true;
  EXPECT_FALSE(index.Validate().ok());
}

TEST(RegionDirTest, FollowsDataHomeLayout) {
  EXPECT_EQ(RegionDir("greptime", "public", 1024, 0), "data/greptime/public/1024/1024_0000000000/");
  EXPECT_EQ(RegionDir("greptime", "mydb", 1100, 12), "data/greptime/mydb/1100/1100_0000000012/");
}

TEST(ToRegionMetadataTest, CarriesColumnIdsKeysAndOptions) {
  TableInfo info = MakeStoredTableInfo("cpu", 1024);
  // Column order differs from id order after an ALTER; ids must follow the columns.
  std::swap(info.columns[0].column_id, info.columns[2].column_id);
  ASSERT_OK_AND_ASSIGN(info.options, TableOptions::Parse({{"ttl", "1h"},
                                                          {"append_mode", "true"},
                                                          {"compaction.twcs.time_window", "2h"}}));
  ASSERT_OK_AND_ASSIGN(storage::RegionMetadataPtr region, ToRegionMetadata(info, 0));
  EXPECT_EQ(region->region_id().value(), 4398046511104u);
  EXPECT_EQ(region->columns(), info.columns);
  EXPECT_EQ(region->primary_key(), std::vector<uint32_t>{2});
  EXPECT_EQ(region->time_index_id(), 1u);
  EXPECT_EQ(region->options().ttl, std::chrono::nanoseconds(std::chrono::hours(1)));
  EXPECT_TRUE(region->options().append_mode);
  EXPECT_EQ(region->options().compaction_time_window,
            std::chrono::nanoseconds(std::chrono::hours(2)));
  ASSERT_STATUS_CODE(ToRegionMetadata(info, 1), StatusCode::kInvalidArguments);
}

TEST(ToRegionMetadataTest, FallsBackToDatabaseTtlAndCompactionWindow) {
  TableInfo info = MakeStoredTableInfo("cpu");
  ASSERT_OK_AND_ASSIGN(
      DatabaseOptions db,
      DatabaseOptions::Parse({{"ttl", "1d"}, {"compaction.twcs.time_window", "3h"}}));
  ASSERT_OK_AND_ASSIGN(auto inherited, ToRegionMetadata(info, 0, &db));
  EXPECT_EQ(inherited->options().ttl, std::chrono::nanoseconds(std::chrono::hours(24)));
  EXPECT_EQ(inherited->options().compaction_time_window,
            std::chrono::nanoseconds(std::chrono::hours(3)));

  ASSERT_OK_AND_ASSIGN(info.options,
                       TableOptions::Parse({{"ttl", "forever"}, {"compaction.override", "true"}}));
  ASSERT_OK_AND_ASSIGN(auto own, ToRegionMetadata(info, 0, &db));
  EXPECT_FALSE(own->options().ttl.has_value());
  EXPECT_FALSE(own->options().compaction_time_window.has_value());

  ASSERT_OK_AND_ASSIGN(info.options,
                       TableOptions::Parse({{"ttl", "instant"}, {"merge_mode", "last_non_null"}}));
  ASSERT_OK_AND_ASSIGN(auto instant, ToRegionMetadata(info, 0, &db));
  EXPECT_FALSE(instant->options().ttl.has_value());
  EXPECT_EQ(instant->options().merge_mode, storage::MergeMode::kLastNonNull);
}

TEST(TableRouteTest, LocalRouteListsEveryRegionOnDatanodeZero) {
  TableInfo info = MakeStoredTableInfo("cpu", 1024);
  info.partition = PartitionRule{{"host"}, {"host < 'm'", "host >= 'm'"}};
  info.region_numbers = {0, 1};
  TableRoute route = LocalTableRoute(info);
  ASSERT_EQ(route.regions.size(), 2u);
  EXPECT_EQ(route.regions[1].region_number, 1u);
  EXPECT_EQ(route.regions[1].leader_datanode, 0u);
  EXPECT_EQ(route.regions[1].partition_expr, "host >= 'm'");
  ASSERT_OK_AND_ASSIGN(TableRoute decoded, TableRoute::FromJson(route.ToJson()));
  EXPECT_EQ(decoded, route);
  EXPECT_NE(route.ToJson().find("\"region_id\":4398046511105"), std::string::npos);

  DatanodeTable dn = DatanodeTableOf(info, route, 0);
  EXPECT_EQ(dn.region_numbers, (std::vector<uint32_t>{0, 1}));
  ASSERT_OK_AND_ASSIGN(DatanodeTable dn_decoded, DatanodeTable::FromJson(dn.ToJson()));
  EXPECT_EQ(dn_decoded, dn);
  EXPECT_TRUE(DatanodeTableOf(info, route, 7).region_numbers.empty());
}

}  // namespace
}  // namespace greptime::catalog
