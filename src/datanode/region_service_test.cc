// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The region service end to end on loopback: every request kind through the gRPC client gives
// what the in-process RegionServer gives; errors keep their codes; large scans arrive in many
// chunks; a stopped datanode is a clear error and a restarted one serves again.
#include "datanode/region_service.h"

#include <unistd.h>

#include <filesystem>
#include <random>
#include <thread>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "common/testing.h"
#include "datanode/region_client.h"
#include "datanode/region_codec.h"
#include "region.grpc.pb.h"
#include "storage/object_store/object_store.h"

namespace greptime::datanode {
namespace {

using types::DataType;
using types::SemanticType;
using types::Value;

class RegionServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("region_service_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    auto store = storage::NewFsObjectStore((root_ / "store").string());
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    storage::MitoEngineOptions options;
    options.wal_dir = (root_ / "wal").string();
    options.num_workers = 1;
    ASSERT_OK_AND_ASSIGN(auto engine, storage::NewMitoEngine(options, store_.get()));
    server_.RegisterEngine(std::move(engine));
    StartService("127.0.0.1:0");
    client_ = NewRemoteRegionHandler({service_->bound_address(), std::chrono::seconds(10)});
  }
  void TearDown() override {
    client_.reset();
    service_.reset();
    server_.Stop();
    std::filesystem::remove_all(root_);
  }
  void StartService(const std::string& addr) {
    RegionServiceOptions options;
    options.addr = addr;
    options.scan_chunk_bytes = 64 << 10;
    ASSERT_OK_AND_ASSIGN(service_, RegionGrpcServer::Start(options, server_));
  }

  storage::RegionMetadataPtr Metadata(RegionId id) {
    std::vector<storage::ColumnMetadata> columns = {
        {{"host", DataType::String(), true, SemanticType::kTag, {}, ""}, 0},
        {{"ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp, {}, ""}, 1},
        {{"v", DataType::Float64(), true, SemanticType::kField, {}, ""}, 2},
    };
    return *storage::RegionMetadata::Make(id, columns, {0});
  }

  types::RecordBatch Rows(const storage::RegionMetadataPtr& md,
                          const std::vector<std::tuple<std::string, int64_t, std::optional<double>>>& rows) {
    std::vector<std::vector<Value>> values;
    for (const auto& [host, ts, v] : rows) {
      values.push_back({Value::String(host), Value::Timestamp(ts, TimeUnit::kMillisecond),
                        v ? Value::Float64(*v) : Value::Null()});
    }
    return *types::RecordBatch::FromRows(md->schema(), values);
  }

  std::vector<std::string> Scan(RegionHandler& h, storage::ScanRequest scan) {
    auto result = h.Handle(scan);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    std::vector<std::string> out;
    if (!result.ok()) return out;
    for (const auto& b : result->scan->batches) {
      for (size_t r = 0; r < b.num_rows(); ++r) {
        std::string row;
        for (size_t c = 0; c < b.num_columns(); ++c) {
          row += (c ? "|" : "") + b.GetValue(r, c).ToString();
        }
        out.push_back(row);
      }
    }
    return out;
  }

  // The scan result (an empty one, with a null schema, after a failure).
  static storage::ScanResult ResultOf(RegionHandler& h, const storage::ScanRequest& scan) {
    auto result = h.Handle(scan);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    if (!result.ok() || !result->scan) return {};
    return std::move(*result->scan);
  }
  static size_t RowsOf(const storage::ScanResult& result) {
    size_t n = 0;
    for (const auto& b : result.batches) n += b.num_rows();
    return n;
  }

  std::filesystem::path root_;
  std::unique_ptr<storage::ObjectStore> store_;
  RegionServer server_;
  std::unique_ptr<RegionGrpcServer> service_;
  std::unique_ptr<RegionHandler> client_;
};

TEST_F(RegionServiceTest, EveryRequestKindOverTheWire) {
  const RegionId id(1024, 3);
  auto md = Metadata(id);
  const std::string dir = "data/greptime/public/1024/1024_0000000003/";
  ASSERT_OK(client_->Handle(RegionCreate{"mito", {md, dir, {{"k", "v"}}}}).status());
  ASSERT_STATUS_CODE(client_->Handle(RegionCreate{"mito", {md, dir}}),
                     StatusCode::kRegionAlreadyExists);
  ASSERT_OK_AND_ASSIGN(RegionResponse written,
                       client_->Handle(storage::WriteRequest{
                           id, storage::OpType::kPut,
                           Rows(md, {{"a", 1, 1.5}, {"b", 2, std::nullopt}, {"a", 3, 3.5}})}));
  EXPECT_EQ(written.affected_rows, 3u);
  storage::ScanRequest all;
  all.region_id = id;
  EXPECT_EQ(Scan(*client_, all), Scan(server_, all));
  EXPECT_EQ(Scan(*client_, all),
            (std::vector<std::string>{"a|1970-01-01T00:00:00.001|1.5", "a|1970-01-01T00:00:00.003|3.5",
                                      "b|1970-01-01T00:00:00.002|NULL"}));

  // Projection, time range, tag predicate and limit travel.
  storage::ScanRequest narrow;
  narrow.region_id = id;
  narrow.projection = {"v", "host"};
  narrow.time_start = 2;
  narrow.time_end = 10;
  narrow.tag_predicates.push_back({"host", {Value::String("a")}});
  EXPECT_EQ(Scan(*client_, narrow), (std::vector<std::string>{"3.5|a"}));
  narrow.tag_predicates[0].values = {Value::String("zzz")};
  storage::ScanResult empty = ResultOf(*client_, narrow);
  ASSERT_NE(empty.schema, nullptr);  // the schema arrives with no rows
  EXPECT_EQ(empty.schema->column(0).name, "v");
  EXPECT_TRUE(empty.batches.empty());
  storage::ScanRequest limited = all;
  limited.limit = 1;
  EXPECT_EQ(Scan(*client_, limited).size(), 1u);

  // Delete, alter (add column with a default, options), flush, compact, statistics, metadata.
  ASSERT_OK(client_->Handle(storage::WriteRequest{id, storage::OpType::kDelete,
                                                  Rows(md, {{"b", 2, std::nullopt}})})
                .status());
  storage::AlterRequest alter;
  alter.region_id = id;
  types::ColumnSchema extra{"n", DataType::Int64(), true, SemanticType::kField,
                            types::ColumnDefault::Constant(Value::Int64(7)), "a comment"};
  alter.changes.push_back(storage::AlterRequest::AddColumn{extra});
  storage::RegionOptions options;
  options.ttl = std::chrono::hours(24 * 365 * 100);
  alter.changes.push_back(storage::AlterRequest::SetOptions{options});
  ASSERT_OK(client_->Handle(alter).status());
  ASSERT_OK(client_->Handle(storage::FlushRequest{id}).status());
  ASSERT_OK(client_->Handle(storage::CompactRequest{id}).status());
  EXPECT_EQ(Scan(*client_, all), (std::vector<std::string>{"a|1970-01-01T00:00:00.001|1.5|7",
                                                           "a|1970-01-01T00:00:00.003|3.5|7"}));
  ASSERT_OK_AND_ASSIGN(auto remote_md, client_->Metadata(id));
  ASSERT_OK_AND_ASSIGN(auto local_md, server_.Metadata(id));
  EXPECT_EQ(*remote_md, *local_md);
  EXPECT_EQ(remote_md->ColumnByName("n")->column_schema.comment, "a comment");
  ASSERT_OK_AND_ASSIGN(auto stats, client_->Statistics(id));
  EXPECT_EQ(stats.region_id, id);
  EXPECT_GE(stats.num_files, 1u);
  EXPECT_EQ(client_->OpenRegions(), std::vector<RegionId>{id});

  // Close / open / truncate / drop, and errors with their codes.
  ASSERT_OK(client_->Handle(storage::CloseRequest{id}).status());
  ASSERT_STATUS_CODE(client_->Handle(all), StatusCode::kRegionNotFound);
  ASSERT_STATUS_CODE(client_->Statistics(id), StatusCode::kRegionNotFound);
  ASSERT_OK(client_->Handle(RegionOpen{"mito", {id, dir}}).status());
  EXPECT_EQ(Scan(*client_, all).size(), 2u);
  ASSERT_OK(client_->Handle(storage::TruncateRequest{id}).status());
  EXPECT_TRUE(Scan(*client_, all).empty());
  ASSERT_OK(client_->Handle(storage::DropRequest{id}).status());
  EXPECT_TRUE(client_->OpenRegions().empty());
}

TEST_F(RegionServiceTest, WriteManyAndLargeScansInChunks) {
  const RegionId a(1030, 0), b(1031, 0);
  ASSERT_OK(client_->Handle(RegionCreate{"mito", {Metadata(a), "data/a/"}}).status());
  ASSERT_OK(client_->Handle(RegionCreate{"mito", {Metadata(b), "data/b/"}}).status());
  std::vector<std::tuple<std::string, int64_t, std::optional<double>>> rows;
  for (int i = 0; i < 50000; ++i) rows.emplace_back("host_" + std::to_string(i % 100), i, i * 0.5);
  RegionWriteMany many;
  many.writes.push_back({a, storage::OpType::kPut, Rows(Metadata(a), rows)});
  many.writes.push_back({b, storage::OpType::kPut, Rows(Metadata(b), {{"x", 1, 1.0}})});
  ASSERT_OK_AND_ASSIGN(RegionResponse written, client_->Handle(many));
  EXPECT_EQ(written.affected_rows, 50001u);
  storage::ScanRequest scan;
  scan.region_id = a;
  EXPECT_EQ(RowsOf(ResultOf(*client_, scan)), 50000u);
  EXPECT_EQ(RowsOf(ResultOf(server_, scan)), 50000u);
  EXPECT_EQ(Scan(*client_, scan), Scan(server_, scan));
  // Many tag values (a selector over many metric tables) travel as one predicate.
  storage::ScanRequest some = scan;
  for (int i = 0; i < 50; ++i) some.tag_predicates.resize(1, {"host", {}});
  for (int i = 0; i < 50; ++i) some.tag_predicates[0].values.push_back(Value::String("host_" + std::to_string(i)));
  EXPECT_EQ(Scan(*client_, some).size(), 25000u);
}

TEST_F(RegionServiceTest, StoppedDatanodeIsAClearErrorAndARestartedOneServesAgain) {
  const RegionId id(1040, 0);
  ASSERT_OK(client_->Handle(RegionCreate{"mito", {Metadata(id), "data/r/"}}).status());
  const std::string addr = service_->bound_address();
  service_->Shutdown();
  service_.reset();
  storage::ScanRequest scan;
  scan.region_id = id;
  auto down = client_->Handle(scan);
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().code(), StatusCode::kRegionNotReady);
  EXPECT_NE(down.status().message().find(id.ToString()), std::string::npos) << down.status().message();
  EXPECT_NE(down.status().message().find(addr), std::string::npos) << down.status().message();
  StartService(addr);
  // The channel reconnects on its own (backoff at most 1 s).
  Status st;
  for (int i = 0; i < 50; ++i) {
    st = client_->Handle(scan).status();
    if (st.ok()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_OK(st);
}

TEST_F(RegionServiceTest, MalformedRequestsAreRejectedAndTheServerStaysUp) {
  pb::RegionRequest empty;
  EXPECT_EQ(DecodeRegionRequest(empty).status().code(), StatusCode::kInvalidArguments);
  pb::RegionRequest garbage;
  garbage.mutable_write()->set_region_id(RegionId(1, 0).value());
  garbage.mutable_write()->set_rows(std::string("\x01\x05\xff\xff\xff\xff\xff\x01", 8));
  EXPECT_EQ(DecodeRegionRequest(garbage).status().code(), StatusCode::kInvalidArguments);
  pb::RegionRequest bad_metadata;
  bad_metadata.mutable_create()->set_metadata_json("{\"columns\": 7}");
  EXPECT_EQ(DecodeRegionRequest(bad_metadata).status().code(), StatusCode::kInvalidArguments);
  pb::ScanRegion bad_predicate;
  auto* p = bad_predicate.add_tag_predicates();
  p->set_column("host");
  p->set_type_name("NoSuchType");
  p->add_strings("x");
  EXPECT_FALSE(DecodeScanRequest(bad_predicate).ok());
  // Random bytes as the rows of a write, sent to the real server with a raw stub.
  auto stub = pb::RegionService::NewStub(
      grpc::CreateChannel(service_->bound_address(), grpc::InsecureChannelCredentials()));
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    std::string bytes(rng() % 64, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    pb::RegionRequest fuzz;
    fuzz.mutable_write()->set_region_id(RegionId(1, 0).value());
    fuzz.mutable_write()->set_rows(bytes);
    grpc::ClientContext context;
    pb::RegionResponse reply;
    ASSERT_TRUE(stub->Handle(&context, fuzz, &reply).ok());
    EXPECT_NE(reply.error().code(), 0);
  }
  EXPECT_TRUE(client_->OpenRegions().empty());  // still serving
}

}  // namespace
}  // namespace greptime::datanode
