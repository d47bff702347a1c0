// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// DDL procedures of the metasrv against a real datanode (a RegionServer behind its region
// service on loopback): creates and drops reach the datanode, a failure rolls back the metadata,
// and procedures left in the store by a crashed leader are finished by ResumeAll.
#include "metasrv/ddl.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/testing.h"
#include "datanode/region_service.h"
#include "storage/object_store/object_store.h"

namespace greptime::metasrv {
namespace {

using types::DataType;
using types::SemanticType;

class DdlProceduresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("metasrv_ddl_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    auto store = storage::NewFsObjectStore((root_ / "store").string());
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    storage::MitoEngineOptions options;
    options.wal_dir = (root_ / "wal").string();
    options.num_workers = 1;
    ASSERT_OK_AND_ASSIGN(auto engine, storage::NewMitoEngine(options, store_.get()));
    regions_.RegisterEngine(std::move(engine));
    datanode::RegionServiceOptions service;
    service.addr = "127.0.0.1:0";
    ASSERT_OK_AND_ASSIGN(service_, datanode::RegionGrpcServer::Start(service, regions_));
    kv_ = meta::NewMemoryKvBackend();
    nodes_ = {{7, service_->bound_address(), true}};
    ASSERT_OK_AND_ASSIGN(ddl_, DdlProcedures::Create(*kv_, [this]() { return nodes_; }));
  }
  void TearDown() override {
    ddl_.reset();
    service_.reset();
    regions_.Stop();
    std::filesystem::remove_all(root_);
  }

  static catalog::TableInfo Table(const std::string& name, int partitions = 2) {
    catalog::TableInfo info;
    info.name = name;
    info.columns = {
        {{"host", DataType::String(), true, SemanticType::kTag, {}, ""}, 0},
        {{"ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp, {}, ""}, 0},
        {{"v", DataType::Float64(), true, SemanticType::kField, {}, ""}, 0},
    };
    info.primary_key = {"host"};
    info.time_index = "ts";
    if (partitions == 2) info.partition = catalog::PartitionRule{{"host"}, {"host < 'm'", "host >= 'm'"}};
    for (int i = 0; i < partitions; ++i) info.region_numbers.push_back(static_cast<uint32_t>(i));
    return info;
  }

  size_t Procedures() {
    auto r = kv_->Range(meta::RangeRequest::Prefix("__procedure/"));
    return r.ok() ? r->kvs.size() : 999;
  }

  std::filesystem::path root_;
  std::unique_ptr<storage::ObjectStore> store_;
  datanode::RegionServer regions_;
  std::unique_ptr<datanode::RegionGrpcServer> service_;
  std::unique_ptr<meta::KvBackend> kv_;
  std::vector<AliveDatanode> nodes_;
  std::unique_ptr<DdlProcedures> ddl_;
};

TEST_F(DdlProceduresTest, CreateAndDropReachTheDatanode) {
  ASSERT_OK_AND_ASSIGN(auto created, ddl_->CreateTable(Table("cpu"), false, {}));
  EXPECT_TRUE(created.created);
  const uint32_t id = created.table->id;
  EXPECT_GE(id, 1024u);
  EXPECT_EQ(regions_.OpenRegions(),
            (std::vector<storage::RegionId>{storage::RegionId(id, 0), storage::RegionId(id, 1)}));
  EXPECT_EQ(Procedures(), 0u);  // finished procedures leave nothing behind
  // if_not_exists answers the existing table; without it, the catalog's error.
  ASSERT_OK_AND_ASSIGN(auto again, ddl_->CreateTable(Table("cpu"), true, {}));
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.table->id, id);
  ASSERT_STATUS_CODE(ddl_->CreateTable(Table("cpu"), false, {}), StatusCode::kTableAlreadyExists);

  // TRUNCATE reaches every region.
  ASSERT_OK_AND_ASSIGN(auto md0, regions_.Metadata(storage::RegionId(id, 0)));
  auto rows = types::RecordBatch::FromRows(
      md0->schema(), {{types::Value::String("a"), types::Value::Timestamp(1, TimeUnit::kMillisecond),
                       types::Value::Float64(1.0)}});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_OK(regions_.Handle(storage::WriteRequest{storage::RegionId(id, 0), storage::OpType::kPut,
                                                  *rows}).status());
  ASSERT_OK(ddl_->TruncateTable("greptime", "public", "cpu"));
  ASSERT_OK_AND_ASSIGN(auto stats, regions_.Statistics(storage::RegionId(id, 0)));
  EXPECT_EQ(stats.num_rows, 0u);
  ASSERT_STATUS_CODE(ddl_->TruncateTable("greptime", "public", "nope"), StatusCode::kTableNotFound);

  ASSERT_OK_AND_ASSIGN(auto dropped, ddl_->DropTable("greptime", "public", "cpu", false));
  ASSERT_NE(dropped, nullptr);
  EXPECT_TRUE(regions_.OpenRegions().empty());
  ASSERT_OK_AND_ASSIGN(auto missing, ddl_->DropTable("greptime", "public", "cpu", true));
  EXPECT_EQ(missing, nullptr);
  ASSERT_STATUS_CODE(ddl_->DropTable("greptime", "public", "cpu", false),
                     StatusCode::kTableNotFound);
  EXPECT_EQ(Procedures(), 0u);
}

TEST_F(DdlProceduresTest, AFailedCreateLeavesNothing) {
  nodes_ = {{7, service_->bound_address(), true}, {8, "127.0.0.1:1", true}};  // 8 is dead
  auto failed = ddl_->CreateTable(Table("cpu"), false, {});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kRegionNotReady);
  EXPECT_TRUE(regions_.OpenRegions().empty());  // the region made on 7 was dropped again
  auto catalog = catalog::NewKvCatalogManager(*kv_);
  ASSERT_TRUE(catalog.ok());
  ASSERT_STATUS_CODE((*catalog)->GetTable("greptime", "public", "cpu"), StatusCode::kTableNotFound);
  EXPECT_EQ(Procedures(), 0u);
  nodes_ = {{7, service_->bound_address(), true}};
  ASSERT_OK(ddl_->CreateTable(Table("cpu"), false, {}).status());  // the name is free again
}

TEST_F(DdlProceduresTest, ResumeFinishesWhatACrashedLeaderLeft) {
  // A leader that died after writing the metadata (regions placed on datanode 7) but before
  // creating the regions.
  catalog::CatalogOptions options;
  options.region_placement = [](const catalog::TableInfo& info) -> Result<std::vector<uint64_t>> {
    return std::vector<uint64_t>(info.region_numbers.size(), 7);
  };
  auto catalog = catalog::NewKvCatalogManager(*kv_, options);
  ASSERT_TRUE(catalog.ok());
  ASSERT_OK_AND_ASSIGN(auto stored, (*catalog)->CreateTable(Table("half"), false));
  const std::string record =
      "{\"kind\":\"create_table\",\"state\":\"regions\",\"if_not_exists\":false,"
      "\"region_options\":{},\"info\":" +
      std::string(nlohmann::json(stored.table->ToJson()).dump()) + "}";
  ASSERT_OK(kv_->Put("__procedure/crashed-create", record));
  // And one that died while dropping a table (its regions still exist).
  ASSERT_OK_AND_ASSIGN(auto doomed, ddl_->CreateTable(Table("doomed", 1), false, {}));
  const std::string drop_record =
      "{\"kind\":\"drop_table\",\"state\":\"drop_regions\",\"if_not_exists\":false,"
      "\"region_options\":{},\"info\":" +
      std::string(nlohmann::json(doomed.table->ToJson()).dump()) + "}";
  ASSERT_OK(kv_->Put("__procedure/crashed-drop", drop_record));
  ASSERT_OK(kv_->Put("__procedure/garbage", "{not json"));

  ASSERT_OK_AND_ASSIGN(size_t resumed, ddl_->ResumeAll());
  EXPECT_EQ(resumed, 3u);
  EXPECT_EQ(Procedures(), 0u);
  EXPECT_EQ(regions_.OpenRegions(), (std::vector<storage::RegionId>{
                                        storage::RegionId(stored.table->id, 0),
                                        storage::RegionId(stored.table->id, 1)}));
  ASSERT_STATUS_CODE((*catalog)->GetTable("greptime", "public", "doomed"),
                     StatusCode::kTableNotFound);
}

TEST_F(DdlProceduresTest, AlterChangesRegionsThenMetadataAndResumes) {
  ASSERT_OK_AND_ASSIGN(auto created, ddl_->CreateTable(Table("cpu"), false, {}));
  const catalog::TableInfo& current = *created.table;
  catalog::TableInfo updated = current;
  storage::ColumnMetadata extra{{"extra", DataType::Int64(), true, SemanticType::kField, {}, ""},
                                updated.next_column_id++};
  updated.columns.push_back(extra);
  std::vector<storage::AlterRequest> changes;
  for (uint32_t rn : updated.region_numbers) {
    changes.push_back({storage::RegionId(current.id, rn),
                       {storage::AlterRequest::AddColumn{extra.column_schema}}});
  }
  ASSERT_OK_AND_ASSIGN(auto stored, ddl_->AlterTable(current, updated, changes));
  EXPECT_EQ(stored->version, current.version + 1);
  EXPECT_NE(stored->FindColumn("extra"), nullptr);
  for (uint32_t rn : updated.region_numbers) {
    ASSERT_OK_AND_ASSIGN(auto md, regions_.Metadata(storage::RegionId(current.id, rn)));
    EXPECT_NE(md->ColumnByName("extra"), nullptr);
  }
  // A different change from a stale `current` is refused (the table changed meanwhile).
  catalog::TableInfo other = current;
  other.columns.push_back({{"other", DataType::Int64(), true, SemanticType::kField, {}, ""},
                           other.next_column_id++});
  ASSERT_STATUS_CODE(ddl_->AlterTable(current, other, {}), StatusCode::kRequestOutdated);

  // A leader that crashed after changing region 0 of a second alter: the resumed procedure
  // skips what was done and stores the metadata.
  catalog::TableInfo second = *stored;
  storage::ColumnMetadata more{{"more", DataType::Float64(), true, SemanticType::kField, {}, ""},
                               second.next_column_id++};
  second.columns.push_back(more);
  std::vector<storage::AlterRequest> more_changes;
  for (uint32_t rn : second.region_numbers) {
    more_changes.push_back({storage::RegionId(current.id, rn),
                            {storage::AlterRequest::AddColumn{more.column_schema}}});
  }
  ASSERT_OK(regions_.Handle(more_changes[0]).status());
  nlohmann::json changes_json = nlohmann::json::array();
  for (const auto& c : more_changes) {
    changes_json.push_back(
        {{"region_id", c.region_id.value()},
         {"changes", {{{"add_column", storage::ColumnSchemaToJson(more.column_schema)}}}}});
  }
  nlohmann::json record{{"kind", "alter_table"},  {"state", "alter_regions"},
                        {"info", second.ToJson()}, {"current", stored->ToJson()},
                        {"if_not_exists", false},  {"region_options", nlohmann::json::object()},
                        {"region_changes", changes_json}};
  ASSERT_OK(kv_->Put("__procedure/crashed-alter", record.dump()));
  ASSERT_OK_AND_ASSIGN(size_t resumed, ddl_->ResumeAll());
  EXPECT_EQ(resumed, 1u);
  EXPECT_EQ(Procedures(), 0u);
  auto catalog = catalog::NewKvCatalogManager(*kv_);
  ASSERT_TRUE(catalog.ok());
  ASSERT_OK_AND_ASSIGN(auto now, (*catalog)->GetTable("greptime", "public", "cpu"));
  EXPECT_NE(now->FindColumn("more"), nullptr);
  ASSERT_OK_AND_ASSIGN(auto md1, regions_.Metadata(storage::RegionId(current.id, 1)));
  EXPECT_NE(md1->ColumnByName("more"), nullptr);
}

TEST(SelectorTest, LoadBasedFillsTheEmptiestDatanodesFirst) {
  ASSERT_STATUS_CODE(ParseSelector("fastest"), StatusCode::kInvalidArguments);
  ASSERT_OK_AND_ASSIGN(Selector s, ParseSelector("LoadBased"));
  EXPECT_EQ(s, Selector::kLoadBased);
  auto kv = meta::NewMemoryKvBackend();
  std::vector<AliveDatanode> nodes = {{1, "127.0.0.1:1", true, 5}, {2, "127.0.0.1:2", true, 1},
                                      {3, "127.0.0.1:3", false, 0}, {4, "127.0.0.1:4", true, 2}};
  ASSERT_OK_AND_ASSIGN(auto ddl, DdlProcedures::Create(*kv, [&]() { return nodes; }, s));
  // The regions land where the placement says (the create then fails: nobody listens there).
  catalog::TableInfo info;
  info.name = "t";
  info.columns = {{{"ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp, {}, ""}, 0}};
  info.time_index = "ts";
  info.region_numbers = {0, 1, 2, 3};
  info.partition = catalog::PartitionRule{{"ts"}, {"ts < 1", "ts >= 1 AND ts < 2", "ts >= 2 AND ts < 3", "ts >= 3"}};
  auto failed = ddl->CreateTable(info, false, {});
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("127.0.0.1:2"), std::string::npos)
      << failed.status().message();  // the least loaded alive datanode got region 0
}

}  // namespace
}  // namespace greptime::metasrv
