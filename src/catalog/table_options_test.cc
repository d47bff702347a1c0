// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "catalog/table_options.h"

#include "catalog/names.h"
#include "common/testing.h"

namespace greptime::catalog {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::nanoseconds;

TEST(TimeToLiveTest, ParsesForeverInstantAndDurations) {
  for (const char* text : {"forever", "FOREVER", "", "0s", "0"}) {
    ASSERT_OK_AND_ASSIGN(TimeToLive ttl, TimeToLive::Parse(text));
    EXPECT_TRUE(ttl.is_forever()) << text;
    EXPECT_EQ(ttl.ToString(), "forever");
    EXPECT_FALSE(ttl.ToStorageTtl().has_value());
  }
  ASSERT_OK_AND_ASSIGN(TimeToLive instant, TimeToLive::Parse("instant"));
  EXPECT_TRUE(instant.is_instant());
  EXPECT_EQ(instant.ToString(), "instant");
  EXPECT_FALSE(instant.ToStorageTtl().has_value());
  ASSERT_OK_AND_ASSIGN(TimeToLive day, TimeToLive::Parse("1 day"));
  EXPECT_EQ(day.ToString(), "1day");
  EXPECT_EQ(day.ToStorageTtl(), nanoseconds(hours(24)));
  ASSERT_OK_AND_ASSIGN(TimeToLive mixed, TimeToLive::Parse("1h30m"));
  EXPECT_EQ(mixed.duration(), nanoseconds(minutes(90)));
  ASSERT_STATUS_CODE(TimeToLive::Parse("1.5h"), StatusCode::kInvalidArguments);
}

TEST(TableOptionsTest, ParsesTypedViewAndKeepsRawMap) {
  OptionMap raw = {{"ttl", "7d"},
                   {"append_mode", "TRUE"},
                   {"merge_mode", "last_non_null"},
                   {"compaction.type", "twcs"},
                   {"compaction.twcs.time_window", "1d"},
                   {"compaction.twcs.trigger_file_num", "8"},
                   {"compaction.twcs.max_output_file_size", "1GB"},
                   {"write_buffer_size", "1KiB"},
                   {"skip_wal", "true"},
                   {"storage", "S3"}};
  ASSERT_OK_AND_ASSIGN(TableOptions options, TableOptions::Parse(raw));
  EXPECT_EQ(options.raw, raw);
  ASSERT_TRUE(options.ttl.has_value());
  EXPECT_EQ(options.ttl->ToString(), "7days");
  EXPECT_TRUE(options.append_mode);
  EXPECT_EQ(options.merge_mode, storage::MergeMode::kLastNonNull);
  EXPECT_EQ(options.compaction.type, "twcs");
  EXPECT_EQ(options.compaction.time_window, nanoseconds(hours(24)));
  EXPECT_EQ(options.compaction.trigger_file_num, 8u);
  EXPECT_EQ(options.compaction.max_output_file_size, uint64_t{1} << 30);
  EXPECT_EQ(options.write_buffer_size, 1024u);
  EXPECT_TRUE(options.skip_wal);
}

TEST(TableOptionsTest, DefaultsWhenEmpty) {
  ASSERT_OK_AND_ASSIGN(TableOptions options, TableOptions::Parse({}));
  EXPECT_FALSE(options.ttl.has_value());
  EXPECT_FALSE(options.append_mode);
  EXPECT_EQ(options.merge_mode, storage::MergeMode::kLastRow);
  EXPECT_TRUE(options.compaction.empty());
  ASSERT_OK_AND_ASSIGN(TableOptions empty_merge, TableOptions::Parse({{"merge_mode", ""}}));
  EXPECT_EQ(empty_merge.merge_mode, storage::MergeMode::kLastRow);
}

TEST(TableOptionsTest, RejectsUnknownKeysAndBadValuesWithGreptimeTexts) {
  auto unknown = TableOptions::Parse({{"foo", "bar"}});
  ASSERT_STATUS_CODE(unknown, StatusCode::kInvalidArguments);
  EXPECT_EQ(unknown.status().message(), "Unrecognized table option key: foo");

  auto bad_ttl = TableOptions::Parse({{"ttl", "abc"}});
  ASSERT_STATUS_CODE(bad_ttl, StatusCode::kInvalidArguments);
  EXPECT_EQ(bad_ttl.status().message(), "Invalid options: Failed to parse value abc into key ttl");

  auto rows = TableOptions::Parse({{"max_row_group_row_count", "0"}});
  EXPECT_EQ(rows.status().message(),
            "Invalid region options, max_row_group_row_count must be in (0, 10485760], got 0");
  auto index = TableOptions::Parse({{"index.type", "hihi"}});
  EXPECT_EQ(index.status().message(), "Failed to parse region options: Invalid index type: hihi");

  for (auto [key, value] :
       std::vector<std::pair<std::string, std::string>>{{"append_mode", "yes"},
                                                        {"merge_mode", "first_row"},
                                                        {"compaction.type", "lcs"},
                                                        {"auto_flush_interval", "0s"},
                                                        {"write_buffer_size", "lots"},
                                                        {"memtable.type", "btree"},
                                                        {"sst_format", "parquet"}}) {
    ASSERT_STATUS_CODE(TableOptions::Parse({{key, value}}), StatusCode::kInvalidArguments);
  }
}

TEST(TableOptionsTest, AcceptsMetricEngineAndTuningKeys) {
  ASSERT_OK(TableOptions::Parse({{"physical_metric_table", ""},
                                 {"index.type", "skipping"},
                                 {"index.granularity", "8192"},
                                 {"index.false_positive_rate", "0.01"},
                                 {"max_row_group_row_count", "10485760"},
                                 {"comment", "x"}})
                .status());
  ASSERT_OK(TableOptions::Parse({{"on_physical_table", "phy"}}).status());
}

TEST(TableOptionsTest, WithChangesSetsUnsetsAndRevalidates) {
  ASSERT_OK_AND_ASSIGN(TableOptions options, TableOptions::Parse({{"ttl", "1h"}}));
  ASSERT_OK_AND_ASSIGN(TableOptions changed,
                       options.WithChanges({{"append_mode", "true"}}, {"ttl"}));
  EXPECT_FALSE(changed.ttl.has_value());
  EXPECT_TRUE(changed.append_mode);
  EXPECT_EQ(changed.raw, (OptionMap{{"append_mode", "true"}}));
  ASSERT_STATUS_CODE(options.WithChanges({{"ttl", "never"}}, {}), StatusCode::kInvalidArguments);
}

TEST(DatabaseOptionsTest, ParsesTtlAndCompaction) {
  ASSERT_OK_AND_ASSIGN(DatabaseOptions options,
                       DatabaseOptions::Parse({{"ttl", "1 second"},
                                               {"compaction.type", "twcs"},
                                               {"compaction.twcs.time_window", "1h"},
                                               {"memtable.type", "bulk"}}));
  ASSERT_TRUE(options.ttl.has_value());
  EXPECT_EQ(options.ttl->ToString(), "1s");
  EXPECT_EQ(options.compaction.time_window, nanoseconds(hours(1)));
}

TEST(DatabaseOptionsTest, RejectsInstantTtlWithGreptimeTexts) {
  auto created = DatabaseOptions::Parse({{"ttl", "instant"}});
  ASSERT_STATUS_CODE(created, StatusCode::kUnexpected);
  EXPECT_EQ(created.status().message(), "Failed to parse value instant into key ttl");

  ASSERT_OK_AND_ASSIGN(DatabaseOptions options, DatabaseOptions::Parse({{"ttl", "1s"}}));
  auto altered = options.WithChanges({{"ttl", "instant"}}, {});
  ASSERT_STATUS_CODE(altered, StatusCode::kInvalidArguments);
  EXPECT_EQ(altered.status().message(), "Invalid set database option, key: ttl, value: instant");

  ASSERT_OK_AND_ASSIGN(DatabaseOptions forever, options.WithChanges({{"ttl", "forever"}}, {}));
  EXPECT_TRUE(forever.ttl->is_forever());
  ASSERT_OK_AND_ASSIGN(DatabaseOptions unset, options.WithChanges({}, {"ttl"}));
  EXPECT_FALSE(unset.ttl.has_value());

  auto unknown = DatabaseOptions::Parse({{"storage", "S3"}});
  ASSERT_STATUS_CODE(unknown, StatusCode::kInvalidArguments);
  EXPECT_EQ(unknown.status().message(), "Invalid database option, key: storage");
}

TEST(NamesTest, FollowsGreptimeNamePattern) {
  for (const char* ok : {"a", "_x", ":a", "-a", "my_db-1", "a.b@c#d", "A:B"}) {
    EXPECT_TRUE(IsValidName(ok)) << ok;
  }
  for (const char* bad : {"", "1abc", ".a", "N.~", "a b", "a/b", "Hi👋", "@a", "#a"}) {
    EXPECT_FALSE(IsValidName(bad)) << bad;
  }
  Status table = ValidateTableName("N.~");
  EXPECT_EQ(table.ToString(), "1004(InvalidArguments), Invalid table name: N.~");
  Status database = ValidateDatabaseName("㊙️database");
  EXPECT_EQ(database.ToString(),
            "1002(Unexpected), Unexpected, violated: Invalid database name: ㊙️database");
}

TEST(NamesTest, ErrorTextsMatchGreptime) {
  EXPECT_EQ(TableNotFoundError("greptime", "public", "t").ToString(),
            "4001(TableNotFound), Table not found: greptime.public.t");
  EXPECT_EQ(TableAlreadyExistsError("greptime", "public", "test2").ToString(),
            "4000(TableAlreadyExists), Table already exists: `greptime.public.test2`");
  EXPECT_EQ(DatabaseNotFoundError("greptime", "notfound").ToString(),
            "4004(DatabaseNotFound), Database not found: notfound");
  EXPECT_EQ(DatabaseAlreadyExistsError("mydb").ToString(),
            "1004(InvalidArguments), Schema mydb already exists");
  EXPECT_EQ(SchemaReadOnlyError("information_schema").ToString(),
            "1001(Unsupported), Schema `information_schema` is read-only");
}

}  // namespace
}  // namespace greptime::catalog
