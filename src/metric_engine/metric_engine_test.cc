// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Tests of the metric engine through its RegionEngine interface, over a real mito engine.
#include "metric_engine/metric_engine.h"

#include <algorithm>
#include <thread>

#include <gmock/gmock.h>

#include "metric_engine/metadata_region.h"
#include "metric_engine/row_mapping.h"
#include "metric_engine/test_util.h"

namespace greptime::metric_engine {
namespace {

using namespace test_util;  // NOLINT: test helpers
using ::testing::HasSubstr;

const RegionId kCpu(2000, 0);
const RegionId kMem(2001, 0);

std::string Ts(int64_t ms) { return Value::Timestamp(ms, TimeUnit::kMillisecond).ToString(); }

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

class MetricEngineTest : public MetricEngineFixture {
 protected:
  void SetUp() override {
    MetricEngineFixture::SetUp();
    ASSERT_OK(CreatePhysical());
  }
  // Rows of the metadata region, read through mito.
  size_t MetadataRows() {
    storage::ScanRequest scan;
    scan.region_id = MetadataRegionId(kPhysical);
    auto result = mito_->Scan(scan);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? Dump(*result).size() : 0;
  }
  Status ScanStatus(RegionId id) {
    storage::ScanRequest scan;
    scan.region_id = id;
    return metric_->Scan(scan).status();
  }
  storage::RegionMetadataPtr DataMetadata() {
    auto md = mito_->GetMetadata(kPhysical);
    EXPECT_TRUE(md.ok()) << md.status().ToString();
    return md.ok() ? *md : nullptr;
  }
};

TEST(MetadataRegionIdTest, SetsBit24OfTheRegionNumber) {
  EXPECT_EQ(MetadataRegionId(RegionId(1024, 3)), RegionId(1024, (1u << 24) | 3));
}

TEST_F(MetricEngineTest, PhysicalRegionIsADataAndAMetadataRegion) {
  EXPECT_EQ(metric_->name(), "metric");
  auto mito_regions = mito_->OpenRegions();
  std::sort(mito_regions.begin(), mito_regions.end());
  EXPECT_EQ(mito_regions, (std::vector<RegionId>{kPhysical, MetadataRegionId(kPhysical)}));
  EXPECT_EQ(metric_->OpenRegions(), std::vector<RegionId>{kPhysical});
  ASSERT_OK_AND_ASSIGN(auto md, metric_->GetMetadata(kPhysical));
  EXPECT_EQ(md->schema()->column_names(),
            (std::vector<std::string>{"ts", "val", "__table_id", "__tsid"}));
  const types::ColumnSchema& table_id = md->ColumnByName(kTableIdColumn)->column_schema;
  EXPECT_EQ(table_id.type, DataType::UInt32());
  EXPECT_FALSE(table_id.nullable);
  EXPECT_TRUE(table_id.is_tag());
  EXPECT_EQ(md->ColumnByName(kTsidColumn)->column_schema.type, DataType::UInt64());
  EXPECT_EQ(md->primary_key(), (std::vector<uint32_t>{2, 3}));
  ASSERT_STATUS_CODE(CreatePhysical(), StatusCode::kRegionAlreadyExists);
}

TEST_F(MetricEngineTest, PhysicalRegionRejectsReservedNamesAndMissingOptions) {
  std::vector<ColumnMetadata> columns = {{TsColumn(), 0}, {TagColumn("__tsid"), 1}};
  auto md = *storage::RegionMetadata::Make(RegionId(1025, 0), columns, {1});
  ASSERT_STATUS_CODE(metric_->Create({md, "x/", {{kPhysicalTableOption, ""}}}),
                     StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(metric_->Create({PhysicalMetadata(), "x/"}), StatusCode::kInvalidArguments);
  EXPECT_EQ(mito_->OpenRegions().size(), 2u);
}

TEST_F(MetricEngineTest, LogicalTablesShareTheDataRegionButNotRows) {
  ASSERT_OK(CreateLogical(LogicalMetadata(kCpu.table_id(), {"host"})));
  ASSERT_OK(CreateLogical(LogicalMetadata(kMem.table_id(), {"dc", "host"})));
  ASSERT_OK_AND_ASSIGN(uint64_t n, Put(kCpu, {"host"}, {{{{"host", "a"}}, 1, 1.5},
                                                        {{{"host", "b"}}, 2, 2.5}}));
  EXPECT_EQ(n, 2u);
  ASSERT_OK(Put(kMem, {"dc", "host"}, {{{{"dc", "x"}, {"host", "a"}}, 1, 10.0}}).status());
  EXPECT_EQ(Sorted(ScanAll(kCpu)), (std::vector<std::string>{Ts(1) + "|1.5|a", Ts(2) + "|2.5|b"}));
  EXPECT_EQ(ScanAll(kMem), (std::vector<std::string>{Ts(1) + "|10.0|x|a"}));

  storage::ScanRequest scan;
  scan.region_id = kCpu;
  ASSERT_OK_AND_ASSIGN(auto result, metric_->Scan(scan));
  EXPECT_EQ(*result.schema, *LogicalMetadata(kCpu.table_id(), {"host"})->schema());
  // The physical region shows every row with the internal columns.
  EXPECT_EQ(ScanAll(kPhysical).size(), 3u);
  ASSERT_OK_AND_ASSIGN(auto md, metric_->GetMetadata(kMem));
  EXPECT_EQ(*md, *LogicalMetadata(kMem.table_id(), {"dc", "host"}));
  EXPECT_EQ(DataMetadata()->schema()->column_names(),
            (std::vector<std::string>{"ts", "val", "__table_id", "__tsid", "host", "dc"}));
}

TEST_F(MetricEngineTest, TsidIsTheHashOfTheNonNullTags) {
  ASSERT_OK(CreateLogical(LogicalMetadata(kMem.table_id(), {"dc", "host"})));
  ASSERT_OK(Put(kMem, {"dc", "host"}, {{{{"dc", "x"}, {"host", "a"}}, 1, 1.0},
                                       {{{"host", "b"}}, 2, 2.0}})
                .status());
  storage::ScanRequest scan;
  scan.region_id = kPhysical;
  scan.projection = {"host", "__table_id", "__tsid"};
  auto rows = Sorted(ScanAll(kPhysical, scan));
  const uint64_t both = ComputeTsid({{"dc", "x"}, {"host", "a"}});
  const uint64_t host_only = ComputeTsid({{"host", "b"}});
  EXPECT_EQ(rows, Sorted({"a|2001|" + std::to_string(both), "b|2001|" + std::to_string(host_only)}));
}

TEST_F(MetricEngineTest, ThousandLogicalRegionsCreateNoMitoRegion) {
  for (uint32_t i = 0; i < 1000; ++i) {
    ASSERT_OK(CreateLogical(LogicalMetadata(3000 + i, {"host", "t" + std::to_string(i % 10)})));
  }
  EXPECT_EQ(mito_->OpenRegions().size(), 2u);
  EXPECT_EQ(metric_->OpenRegions().size(), 1001u);
  EXPECT_EQ(MetadataRows(), 1000u);
  // Each tag was added to the data region once.
  EXPECT_EQ(DataMetadata()->columns().size(), 4u + 1u + 10u);
  ASSERT_OK(Put(RegionId(3999, 0), {"host", "t9"}, {{{{"host", "h"}, {"t9", "v"}}, 5, 1.0}}).status());
  EXPECT_EQ(ScanAll(RegionId(3999, 0)), (std::vector<std::string>{Ts(5) + "|1.0|h|v"}));
  EXPECT_TRUE(ScanAll(RegionId(3998, 0)).empty());
}

TEST_F(MetricEngineTest, LogicalCreateErrorsLeaveNothingBehind) {
  const auto data_before = DataMetadata();
  auto create = [&](storage::RegionMetadataPtr md) { return CreateLogical(md); };
  auto with_columns = [](std::vector<ColumnMetadata> columns, std::vector<uint32_t> pk) {
    return *storage::RegionMetadata::Make(kCpu, std::move(columns), std::move(pk));
  };
  // Physical region not open.
  Status st = metric_->Create({LogicalMetadata(2000, {"host"}), "x/", OnPhysical(RegionId(9, 9))});
  ASSERT_EQ(st.code(), StatusCode::kRegionNotFound) << st.ToString();
  EXPECT_THAT(st.message(), HasSubstr(RegionId(9, 9).ToString()));
  ASSERT_STATUS_CODE(metric_->Create({LogicalMetadata(2000, {"host"}), "x/",
                                      {{kOnPhysicalRegionOption, "12ab"}}}),
                     StatusCode::kInvalidArguments);
  // Time index of another name or type.
  types::ColumnSchema other_ts = TsColumn();
  other_ts.name = "time";
  ASSERT_STATUS_CODE(create(with_columns({{other_ts, 0}, {TagColumn("host"), 1}}, {1})),
                     StatusCode::kInvalidArguments);
  types::ColumnSchema second_ts = TsColumn();
  second_ts.type = DataType::TimestampSecond();
  ASSERT_STATUS_CODE(create(with_columns({{second_ts, 0}, {TagColumn("host"), 1}}, {1})),
                     StatusCode::kInvalidArguments);
  // A field the data region lacks, or has with another type.
  types::ColumnSchema extra{"extra", DataType::Float64(), true, SemanticType::kField, {}, ""};
  ASSERT_STATUS_CODE(create(with_columns({{TsColumn(), 0}, {extra, 1}, {TagColumn("new_tag"), 2}}, {2})),
                     StatusCode::kInvalidArguments);
  types::ColumnSchema int_val{"val", DataType::Int64(), true, SemanticType::kField, {}, ""};
  ASSERT_STATUS_CODE(create(with_columns({{TsColumn(), 0}, {int_val, 1}, {TagColumn("new_tag"), 2}}, {2})),
                     StatusCode::kInvalidArguments);
  // A non-String tag.
  types::ColumnSchema int_tag{"n", DataType::Int64(), true, SemanticType::kTag, {}, ""};
  ASSERT_STATUS_CODE(create(with_columns({{TsColumn(), 0}, {int_tag, 1}}, {1})),
                     StatusCode::kInvalidArguments);
  // A tag named like a field of the data region: a conflict naming both types.
  st = create(with_columns({{TsColumn(), 0}, {TagColumn("new_tag"), 1}, {TagColumn("val"), 2}},
                           {1, 2}));
  ASSERT_EQ(st.code(), StatusCode::kInvalidArguments) << st.ToString();
  EXPECT_THAT(st.message(), HasSubstr("'val'"));
  EXPECT_THAT(st.message(), HasSubstr("Float64 FIELD"));
  EXPECT_THAT(st.message(), HasSubstr("String TAG"));
  // Reserved names.
  ASSERT_STATUS_CODE(create(with_columns({{TsColumn(), 0}, {TagColumn("__tsid"), 1}}, {1})),
                     StatusCode::kInvalidArguments);

  EXPECT_EQ(*DataMetadata(), *data_before);  // no tag was added ("new_tag" above)
  EXPECT_EQ(MetadataRows(), 0u);
  EXPECT_EQ(metric_->OpenRegions(), std::vector<RegionId>{kPhysical});

  ASSERT_OK(CreateLogical(LogicalMetadata(kCpu.table_id(), {"host"})));
  ASSERT_STATUS_CODE(CreateLogical(LogicalMetadata(kCpu.table_id(), {"host"})),
                     StatusCode::kRegionAlreadyExists);
  // Another region of the same table on the same physical region would share its rows.
  auto same_table = LogicalMetadata(kCpu.table_id(), {"host"});
  same_table = *storage::RegionMetadata::Make(RegionId(kCpu.table_id(), 1), same_table->columns(),
                                               same_table->primary_key());
  ASSERT_STATUS_CODE(CreateLogical(same_table), StatusCode::kInvalidArguments);
  EXPECT_EQ(MetadataRows(), 1u);
}

TEST_F(MetricEngineTest, WriteManyMergesLogicalWritesIntoOneDataWrite) {
  ASSERT_OK(CreateLogical(LogicalMetadata(kCpu.table_id(), {"host"})));
  ASSERT_OK(CreateLogical(LogicalMetadata(kMem.table_id(), {"host", "dc"})));
  std::vector<storage::WriteRequest> writes;
  writes.push_back({kCpu, storage::OpType::kPut, MakeRows({"host"}, {{{{"host", "a"}}, 1, 1.0}})});
  writes.push_back({kMem, storage::OpType::kPut,
                    MakeRows({"host", "dc"}, {{{{"host", "b"}, {"dc", "x"}}, 2, 2.0},
                                              {{{"host", "c"}, {"dc", "y"}}, 3, 3.0}})});
  ASSERT_OK_AND_ASSIGN(uint64_t n, metric_->WriteMany(writes));
  EXPECT_EQ(n, 3u);
  ASSERT_OK_AND_ASSIGN(auto stats, mito_->GetStatistics(kPhysical));
  EXPECT_EQ(stats.num_rows, 3u);
  EXPECT_EQ(ScanAll(kCpu).size(), 1u);
  EXPECT_EQ(ScanAll(kMem).size(), 2u);
  // A failing write in the set writes nothing.
  writes.push_back({RegionId(7, 7), storage::OpType::kPut,
                    MakeRows({"host"}, {{{{"host", "z"}}, 9, 9.0}})});
  ASSERT_STATUS_CODE(metric_->WriteMany(writes), StatusCode::kRegionNotFound);
  EXPECT_EQ(ScanAll(kMem).size(), 2u);
}

TEST_F(MetricEngineTest, WriteErrors) {
  ASSERT_OK(CreateLogical(LogicalMetadata(kCpu.table_id(), {"host"})));
  ASSERT_STATUS_CODE(Put(kCpu, {"host", "nope"}, {{{{"host", "a"}}, 1, 1.0}}),
                     StatusCode::kInvalidArguments);
  Status st = Put(kPhysical, {}, {{{}, 1, 1.0}}).status();
  ASSERT_EQ(st.code(), StatusCode::kUnsupported);
  EXPECT_EQ(st.message(), "Write request to physical region is forbidden");
  ASSERT_STATUS_CODE(Put(RegionId(7, 7), {}, {{{}, 1, 1.0}}), StatusCode::kRegionNotFound);
  EXPECT_TRUE(ScanAll(kPhysical).empty());
}

TEST_F(MetricEngineTest, DeletesAndOverwrites) {
  ASSERT_OK(CreateLogical(LogicalMetadata(kCpu.table_id(), {"host"})));
  ASSERT_OK(CreateLogical(LogicalMetadata(kMem.table_id(), {"host"})));
  ASSERT_OK(Put(kCpu, {"host"}, {{{{"host", "a"}}, 1, 1.0}, {{{"host", "a"}}, 2, 2.0}, {{}, 3, 3.0}})
                .status());
  ASSERT_OK(Put(kMem, {"host"}, {{{{"host", "a"}}, 1, 9.0}}).status());
  ASSERT_OK(Put(kCpu, {"host"}, {{{{"host", "a"}}, 2, 5.0}}).status());
  ASSERT_OK(Delete(kCpu, {"host"}, {{{{"host", "a"}}, 1, {}}, {{}, 3, {}}}).status());
  EXPECT_EQ(ScanAll(kCpu), (std::vector<std::string>{Ts(2) + "|5.0|a"}));
  EXPECT_EQ(ScanAll(kMem), (std::vector<std::string>{Ts(1) + "|9.0|a"}));
}

TEST_F(MetricEngineTest, ScanProjectionPredicatesRangeAndLimit) {
  ASSERT_OK(CreateLogical(LogicalMetadata(kCpu.table_id(), {"host"})));
  ASSERT_OK(CreateLogical(LogicalMetadata(kMem.table_id(), {"host"})));
  ASSERT_OK(Put(kCpu, {"host"}, {{{{"host", "a"}}, 1, 1.0}, {{{"host", "a"}}, 2, 2.0},
                                 {{{"host", "b"}}, 3, 3.0}})
                .status());
  ASSERT_OK(Put(kMem, {"host"}, {{{{"host", "a"}}, 2, 9.0}}).status());
  ASSERT_OK(metric_->Flush({kCpu}));
  storage::ScanRequest req;
  req.projection = {"val", "host"};
  req.time_start = 2;
  req.time_end = 4;
  EXPECT_EQ(Sorted(ScanAll(kCpu, req)), (std::vector<std::string>{"2.0|a", "3.0|b"}));
  storage::ScanRequest by_tag;
  by_tag.projection = {"ts"};
  by_tag.tag_predicates.push_back(
      {"host", {Value::String("a")}});
  EXPECT_EQ(ScanAll(kCpu, by_tag), (std::vector<std::string>{Ts(1), Ts(2)}));
  storage::ScanRequest limited;
  limited.limit = 1;
  EXPECT_EQ(ScanAll(kCpu, limited).size(), 1u);

  storage::ScanRequest internal;
  internal.region_id = kCpu;
  internal.projection = {"__tsid"};
  ASSERT_STATUS_CODE(metric_->Scan(internal), StatusCode::kTableColumnNotFound);
  storage::ScanRequest bad_predicate;
  bad_predicate.region_id = kCpu;
  bad_predicate.tag_predicates.push_back({"__table_id", {Value::UInt32(1024)}});
  ASSERT_STATUS_CODE(metric_->Scan(bad_predicate), StatusCode::kInvalidArguments);
}

TEST_F(MetricEngineTest, TtlHidesExpiredRows) {
  storage::RegionOptions options;
  options.ttl = std::chrono::hours(1);
  ASSERT_OK(CreateLogical(LogicalMetadata(kCpu.table_id(), {"host"}, options)));
  ASSERT_OK(CreateLogical(LogicalMetadata(kMem.table_id(), {"host"})));
  const int64_t now_ms = Clock::System().Now().value / 1000000;
  const int64_t old_ms = now_ms - 2 * 3600 * 1000;
  for (RegionId id : {kCpu, kMem}) {
    ASSERT_OK(Put(id, {"host"}, {{{{"host", "a"}}, now_ms, 1.0}, {{{"host", "a"}}, old_ms, 2.0}})
                  .status());
  }
  EXPECT_EQ(ScanAll(kCpu), (std::vector<std::string>{Ts(now_ms) + "|1.0|a"}));
  EXPECT_EQ(ScanAll(kMem).size(), 2u);
  // SetOptions changes (and persists) the TTL.
  storage::AlterRequest alter;
  alter.region_id = kMem;
  alter.changes.push_back(storage::AlterRequest::SetOptions{options});
  ASSERT_OK(metric_->Alter(alter));
  EXPECT_EQ(ScanAll(kMem), (std::vector<std::string>{Ts(now_ms) + "|1.0|a"}));
  Restart();
  ASSERT_OK(OpenPhysical());
  ASSERT_OK(OpenLogical(kMem));
  EXPECT_EQ(ScanAll(kMem), (std::vector<std::string>{Ts(now_ms) + "|1.0|a"}));
}

TEST_F(MetricEngineTest, AlterLogicalAddsTags) {
  ASSERT_OK(CreateLogical(LogicalMetadata(kCpu.table_id(), {"host"})));
  ASSERT_OK(CreateLogical(LogicalMetadata(kMem.table_id(), {"host", "zone"})));
  ASSERT_OK(Put(kCpu, {"host"}, {{{{"host", "a"}}, 1, 1.0}}).status());
  storage::AlterRequest alter;
  alter.region_id = kCpu;
  alter.changes.push_back(storage::AlterRequest::AddColumn{TagColumn("dc")});
  alter.changes.push_back(storage::AlterRequest::AddColumn{TagColumn("zone")});  // in data region
  ASSERT_OK(metric_->Alter(alter));
  ASSERT_OK_AND_ASSIGN(auto md, metric_->GetMetadata(kCpu));
  EXPECT_EQ(md->schema()->column_names(),
            (std::vector<std::string>{"ts", "val", "host", "dc", "zone"}));
  EXPECT_EQ(md->primary_key(), (std::vector<uint32_t>{2, 3, 4}));
  EXPECT_EQ(DataMetadata()->schema()->column_names(),
            (std::vector<std::string>{"ts", "val", "__table_id", "__tsid", "host", "zone", "dc"}));
  ASSERT_OK(Put(kCpu, {"dc", "host"}, {{{{"host", "a"}, {"dc", "x"}}, 2, 2.0}}).status());
  EXPECT_EQ(Sorted(ScanAll(kCpu)),
            (std::vector<std::string>{Ts(1) + "|1.0|a||", Ts(2) + "|2.0|a|x|"}));
  ASSERT_OK_AND_ASSIGN(auto mem_md, metric_->GetMetadata(kMem));
  EXPECT_EQ(mem_md->schema()->column_names(), (std::vector<std::string>{"ts", "val", "host", "zone"}));

  auto alter_with = [&](storage::AlterRequest::AddColumn add) {
    storage::AlterRequest r;
    r.region_id = kCpu;
    r.changes.push_back(add);
    return metric_->Alter(r);
  };
  ASSERT_STATUS_CODE(alter_with({ValColumn()}), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(alter_with({TagColumn("dc")}), StatusCode::kTableColumnExists);
  // A tag named like a field of the data region that the logical region lacks: a conflict.
  std::vector<ColumnMetadata> no_val_columns = {{TsColumn(), 0}, {TagColumn("host"), 1}};
  ASSERT_OK(CreateLogical(*storage::RegionMetadata::Make(RegionId(2002, 0), no_val_columns, {1})));
  storage::AlterRequest conflict;
  conflict.region_id = RegionId(2002, 0);
  conflict.changes.push_back(storage::AlterRequest::AddColumn{TagColumn("val")});
  Status st = metric_->Alter(conflict);
  ASSERT_EQ(st.code(), StatusCode::kInvalidArguments) << st.ToString();
  EXPECT_THAT(st.message(), HasSubstr("Float64 FIELD"));
  ASSERT_STATUS_CODE(alter_with({TagColumn("__tsid")}), StatusCode::kInvalidArguments);
  types::ColumnSchema not_null = TagColumn("nn");
  not_null.nullable = false;
  ASSERT_STATUS_CODE(alter_with({not_null}), StatusCode::kInvalidArguments);
  storage::AlterRequest drop;
  drop.region_id = kCpu;
  drop.changes.push_back(storage::AlterRequest::DropColumn{"dc"});
  ASSERT_STATUS_CODE(metric_->Alter(drop), StatusCode::kUnsupported);

  Restart();
  ASSERT_OK(OpenPhysical());
  ASSERT_OK(OpenLogical(kCpu));
  ASSERT_OK_AND_ASSIGN(auto reopened, metric_->GetMetadata(kCpu));
  EXPECT_EQ(*reopened, *md);
  EXPECT_EQ(Sorted(ScanAll(kCpu)),
            (std::vector<std::string>{Ts(1) + "|1.0|a||", Ts(2) + "|2.0|a|x|"}));
}

TEST_F(MetricEngineTest, AlterPhysicalAddsTagsAndSetsOptionsOnly) {
  storage::AlterRequest alter;
  alter.region_id = kPhysical;
  alter.changes.push_back(storage::AlterRequest::AddColumn{TagColumn("host")});
  ASSERT_OK(metric_->Alter(alter));
  EXPECT_NE(DataMetadata()->ColumnByName("host"), nullptr);
  storage::AlterRequest field;
  field.region_id = kPhysical;
  field.changes.push_back(storage::AlterRequest::AddColumn{
      {"f", DataType::Float64(), true, SemanticType::kField, {}, ""}});
  Status st = metric_->Alter(field);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(DataMetadata()->ColumnByName("f"), nullptr);
  // Options (ALTER TABLE phy SET ttl = ...) reach the data region.
  storage::RegionOptions options;
  options.ttl = std::chrono::hours(24);
  storage::AlterRequest set_ttl;
  set_ttl.region_id = kPhysical;
  set_ttl.changes.push_back(storage::AlterRequest::SetOptions{options});
  ASSERT_OK(metric_->Alter(set_ttl));
  EXPECT_EQ(DataMetadata()->options().ttl, std::chrono::nanoseconds(std::chrono::hours(24)));
}

TEST_F(MetricEngineTest, DropPhysicalOnlyWhenUnused) {
  ASSERT_OK(CreateLogical(LogicalMetadata(kCpu.table_id(), {"host"})));
  ASSERT_OK(CreateLogical(LogicalMetadata(kMem.table_id(), {"host"})));
  ASSERT_OK(Put(kCpu, {"host"}, {{{{"host", "a"}}, 1, 1.0}}).status());
  Status st = metric_->Drop({kPhysical});
  ASSERT_EQ(st.code(), StatusCode::kInvalidArguments);
  EXPECT_THAT(st.message(), HasSubstr("still used by 2 logical tables"));
  ASSERT_OK(metric_->Drop({kCpu}));
  ASSERT_STATUS_CODE(ScanStatus(kCpu), StatusCode::kRegionNotFound);
  // A closed logical region still counts, and can be dropped while closed.
  ASSERT_OK(metric_->Close({kMem}));
  st = metric_->Drop({kPhysical});
  EXPECT_THAT(st.message(), HasSubstr("still used by 1 logical tables"));
  ASSERT_OK(metric_->Drop({kMem}));
  EXPECT_EQ(MetadataRows(), 0u);
  ASSERT_STATUS_CODE(metric_->Drop({kMem}), StatusCode::kRegionNotFound);
  ASSERT_OK(metric_->Drop({kPhysical}));
  EXPECT_TRUE(mito_->OpenRegions().empty());
  EXPECT_TRUE(metric_->OpenRegions().empty());
  // Dropped for good: a fresh engine cannot open it.
  Restart();
  EXPECT_FALSE(OpenPhysical().ok());
}

TEST_F(MetricEngineTest, CloseAndReopen) {
  ASSERT_OK(CreateLogical(LogicalMetadata(kCpu.table_id(), {"host"})));
  ASSERT_OK(Put(kCpu, {"host"}, {{{{"host", "a"}}, 1, 1.0}}).status());
  ASSERT_OK(metric_->Close({kCpu}));
  ASSERT_STATUS_CODE(ScanStatus(kCpu), StatusCode::kRegionNotFound);
  ASSERT_STATUS_CODE(metric_->Close({kCpu}), StatusCode::kRegionNotFound);
  ASSERT_OK(OpenLogical(kCpu));
  ASSERT_OK(OpenLogical(kCpu));  // already open
  EXPECT_EQ(ScanAll(kCpu), (std::vector<std::string>{Ts(1) + "|1.0|a"}));
  ASSERT_STATUS_CODE(OpenLogical(kMem), StatusCode::kRegionNotFound);  // never created

  ASSERT_OK(metric_->Close({kPhysical}));
  EXPECT_TRUE(metric_->OpenRegions().empty());
  EXPECT_TRUE(mito_->OpenRegions().empty());
  ASSERT_STATUS_CODE(OpenLogical(kCpu), StatusCode::kRegionNotFound);  // physical closed
  ASSERT_OK(OpenPhysical());
  ASSERT_OK(OpenLogical(kCpu));
  EXPECT_EQ(ScanAll(kCpu), (std::vector<std::string>{Ts(1) + "|1.0|a"}));
}

TEST_F(MetricEngineTest, RestartRestoresDataAndMetadata) {
  storage::RegionOptions ttl;
  ttl.ttl = std::chrono::hours(24 * 365 * 100);
  auto cpu = LogicalMetadata(kCpu.table_id(), {"host"}, ttl);
  auto mem = LogicalMetadata(kMem.table_id(), {"dc", "host"});
  ASSERT_OK(CreateLogical(cpu));
  ASSERT_OK(CreateLogical(mem));
  const int64_t now_ms = Clock::System().Now().value / 1000000;
  ASSERT_OK(Put(kCpu, {"host"}, {{{{"host", "a"}}, now_ms, 1.0}}).status());
  ASSERT_OK(metric_->Flush({kPhysical}));
  ASSERT_OK(Put(kMem, {"dc", "host"}, {{{{"dc", "x"}}, 2, 2.0}}).status());  // WAL only
  const auto cpu_rows = ScanAll(kCpu);
  const auto mem_rows = ScanAll(kMem);
  const auto data_md = DataMetadata();

  Restart();
  EXPECT_TRUE(metric_->OpenRegions().empty());
  ASSERT_STATUS_CODE(OpenLogical(kCpu), StatusCode::kRegionNotFound);  // physical first
  ASSERT_OK(OpenPhysical());
  ASSERT_OK(OpenPhysical());  // already open
  ASSERT_OK(OpenLogical(kCpu));
  ASSERT_OK(OpenLogical(kMem));
  EXPECT_EQ(ScanAll(kCpu), cpu_rows);
  EXPECT_EQ(ScanAll(kMem), mem_rows);
  ASSERT_OK_AND_ASSIGN(auto cpu_md, metric_->GetMetadata(kCpu));
  EXPECT_EQ(*cpu_md, *cpu);
  ASSERT_OK_AND_ASSIGN(auto mem_md, metric_->GetMetadata(kMem));
  EXPECT_EQ(*mem_md, *mem);
  EXPECT_EQ(*DataMetadata(), *data_md);
  EXPECT_EQ(mito_->OpenRegions().size(), 2u);
  ASSERT_STATUS_CODE(OpenLogical(RegionId(2002, 0)), StatusCode::kRegionNotFound);
}

TEST_F(MetricEngineTest, TruncateLogicalOrPhysical) {
  ASSERT_OK(CreateLogical(LogicalMetadata(kCpu.table_id(), {"host"})));
  ASSERT_OK(CreateLogical(LogicalMetadata(kMem.table_id(), {"host"})));
  ASSERT_OK(Put(kCpu, {"host"}, {{{{"host", "a"}}, 1, 1.0}, {{}, 2, 2.0}}).status());
  ASSERT_OK(metric_->Flush({kCpu}));
  ASSERT_OK(Put(kCpu, {"host"}, {{{{"host", "b"}}, 3, 3.0}}).status());
  ASSERT_OK(Put(kMem, {"host"}, {{{{"host", "a"}}, 1, 9.0}}).status());
  ASSERT_OK(metric_->Truncate({kCpu}));
  EXPECT_TRUE(ScanAll(kCpu).empty());
  EXPECT_EQ(ScanAll(kMem), (std::vector<std::string>{Ts(1) + "|9.0|a"}));
  ASSERT_OK(Put(kCpu, {"host"}, {{{{"host", "c"}}, 4, 4.0}}).status());
  EXPECT_EQ(ScanAll(kCpu), (std::vector<std::string>{Ts(4) + "|4.0|c"}));
  ASSERT_OK(metric_->Truncate({kPhysical}));
  EXPECT_TRUE(ScanAll(kCpu).empty());
  EXPECT_TRUE(ScanAll(kMem).empty());
  ASSERT_OK_AND_ASSIGN(auto md, metric_->GetMetadata(kCpu));  // tables survive
  EXPECT_EQ(MetadataRows(), 2u);
}

TEST_F(MetricEngineTest, FlushCompactAndStatistics) {
  ASSERT_OK(CreateLogical(LogicalMetadata(kCpu.table_id(), {"host"})));
  ASSERT_OK(Put(kCpu, {"host"}, {{{{"host", "a"}}, 1, 1.0}}).status());
  ASSERT_OK(metric_->Flush({kCpu}));
  ASSERT_OK(Put(kCpu, {"host"}, {{{{"host", "a"}}, 2, 2.0}}).status());
  ASSERT_OK(metric_->Flush({kPhysical}));
  ASSERT_OK(metric_->Compact({kCpu}));
  ASSERT_OK(metric_->Compact({kPhysical}));
  ASSERT_OK_AND_ASSIGN(auto stats, metric_->GetStatistics(kCpu));
  EXPECT_EQ(stats.region_id, kCpu);
  EXPECT_EQ(stats.num_rows, 2u);
  ASSERT_OK_AND_ASSIGN(auto physical_stats, metric_->GetStatistics(kPhysical));
  EXPECT_EQ(physical_stats.region_id, kPhysical);
  EXPECT_GE(physical_stats.num_files, 1u);
  ASSERT_OK_AND_ASSIGN(auto metadata_stats, mito_->GetStatistics(MetadataRegionId(kPhysical)));
  EXPECT_GE(metadata_stats.num_files, 1u);  // flushed with the physical region
  ASSERT_STATUS_CODE(metric_->GetStatistics(RegionId(5, 5)), StatusCode::kRegionNotFound);
  ASSERT_STATUS_CODE(metric_->Flush({RegionId(5, 5)}), StatusCode::kRegionNotFound);
}

TEST_F(MetricEngineTest, ConcurrentCreatesAddingTheSameTagsAndWrites) {
  std::vector<std::thread> threads;
  std::vector<Status> errors(4);
  for (uint32_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (uint32_t i = 0; i < 20; ++i) {
        const uint32_t table_id = 6000 + t * 100 + i;
        const std::string tag = "c" + std::to_string(i % 5);
        Status st = CreateLogical(LogicalMetadata(table_id, {tag}));
        if (st.ok()) {
          st = Put(RegionId(table_id, 0), {tag}, {{{{tag, std::to_string(table_id)}}, 1, 1.0}})
                   .status();
        }
        if (!st.ok()) {
          errors[t] = st;
          return;
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (const Status& st : errors) ASSERT_OK(st);
  for (uint32_t t = 0; t < 4; ++t) {
    for (uint32_t i = 0; i < 20; ++i) {
      const uint32_t table_id = 6000 + t * 100 + i;
      EXPECT_EQ(ScanAll(RegionId(table_id, 0)),
                (std::vector<std::string>{Ts(1) + "|1.0|" + std::to_string(table_id)}));
    }
  }
  EXPECT_EQ(DataMetadata()->columns().size(), 4u + 5u);
}

TEST_F(MetricEngineTest, StopForgetsRegionsButLeavesMitoRunning) {
  ASSERT_OK(CreateLogical(LogicalMetadata(kCpu.table_id(), {"host"})));
  auto open = metric_->OpenRegions();
  std::sort(open.begin(), open.end());
  EXPECT_EQ(open, (std::vector<RegionId>{kPhysical, kCpu}));
  metric_->Stop();
  EXPECT_TRUE(metric_->OpenRegions().empty());
  EXPECT_EQ(mito_->OpenRegions().size(), 2u);
  ASSERT_STATUS_CODE(ScanStatus(kCpu), StatusCode::kRegionNotFound);
}

}  // namespace
}  // namespace greptime::metric_engine
