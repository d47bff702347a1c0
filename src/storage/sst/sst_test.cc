// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// SstWriter + SstReader against a model (the rows written): round trips, projection and
// pruning (checked by the bytes fetched), schema evolution, corruption, size on typical data.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "common/testing.h"
#include "storage/pk_codec.h"
#include "storage/sst/sst_format.h"
#include "storage/sst/sst_reader.h"
#include "storage/sst/sst_writer.h"
#include "storage/sst/test_util.h"

namespace greptime::storage {
namespace {

using types::ColumnDefault;
using types::ColumnPtr;
using types::DataType;
using types::SemanticType;
using types::Value;

constexpr char kPath[] = "data/greptime/public/1024/1024_0000000000/a.sst";

// Counts what readers fetch from the wrapped store.
class CountingObjectStore final : public ObjectStore {
 public:
  explicit CountingObjectStore(ObjectStore* base) : base_(base) {}

  uint64_t bytes_read = 0;
  uint64_t requests = 0;
  void Reset() { bytes_read = requests = 0; }

  Result<std::string> Read(std::string_view path) override {
    auto r = base_->Read(path);
    if (r.ok()) Count(r->size());
    return r;
  }
  Result<std::string> ReadRange(std::string_view path, uint64_t offset, uint64_t length) override {
    auto r = base_->ReadRange(path, offset, length);
    if (r.ok()) Count(r->size());
    return r;
  }
  Result<std::optional<uint64_t>> Stat(std::string_view path) override { return base_->Stat(path); }
  Status Write(std::string_view path, std::string_view data) override {
    return base_->Write(path, data);
  }
  Status WriteIfAbsent(std::string_view path, std::string_view data) override {
    return base_->WriteIfAbsent(path, data);
  }
  Result<std::vector<ObjectMeta>> List(std::string_view prefix) override {
    return base_->List(prefix);
  }
  Status Delete(std::string_view path) override { return base_->Delete(path); }
  Status DeleteAll(std::string_view prefix) override { return base_->DeleteAll(prefix); }

 private:
  void Count(uint64_t n) {
    bytes_read += n;
    ++requests;
  }
  ObjectStore* base_;
};

ColumnMetadata Col(uint32_t id, std::string name, DataType type, SemanticType semantic,
                   ColumnDefault default_value = {}) {
  ColumnMetadata c;
  c.column_id = id;
  c.column_schema.name = std::move(name);
  c.column_schema.type = type;
  c.column_schema.semantic_type = semantic;
  c.column_schema.nullable = semantic != SemanticType::kTimestamp;
  c.column_schema.default_value = std::move(default_value);
  return c;
}

// Tags host (string) and dc (int32), time index ts (ms), then `fields` with ids 10, 11, ...
RegionMetadataPtr MakeMetadata(const std::vector<DataType>& fields) {
  std::vector<ColumnMetadata> columns = {
      Col(0, "host", DataType::String(), SemanticType::kTag),
      Col(1, "dc", DataType::Int32(), SemanticType::kTag),
      Col(2, "ts", DataType::TimestampMillisecond(), SemanticType::kTimestamp)};
  for (size_t i = 0; i < fields.size(); ++i) {
    columns.push_back(Col(static_cast<uint32_t>(10 + i), "f" + std::to_string(i), fields[i],
                          SemanticType::kField));
  }
  auto metadata = RegionMetadata::Make(RegionId(1024, 0), columns, {0, 1});
  EXPECT_TRUE(metadata.ok()) << metadata.status().ToString();
  return *metadata;
}

// Every field type a region may hold (intervals may not).
std::vector<DataType> AllFieldTypes() {
  std::vector<DataType> types;
  for (const DataType& t : sst::testing::AllTypes()) {
    if (!t.is_interval() && !t.is_null()) types.push_back(t);
  }
  return types;
}

struct Row {
  std::string pk;
  int64_t ts = 0;
  uint64_t seq = 0;
  OpType op = OpType::kPut;
  std::vector<Value> fields;
};

std::string DiffRows(const std::vector<Row>& expected, const std::vector<Row>& actual) {
  if (expected.size() != actual.size()) {
    return fmt::format("{} rows, expected {}", actual.size(), expected.size());
  }
  for (size_t i = 0; i < expected.size(); ++i) {
    const Row& e = expected[i];
    const Row& a = actual[i];
    if (e.pk != a.pk || e.ts != a.ts || e.seq != a.seq || e.op != a.op ||
        e.fields.size() != a.fields.size()) {
      return fmt::format("row {}: key/ts/seq/op differ (ts {} vs {})", i, a.ts, e.ts);
    }
    for (size_t j = 0; j < e.fields.size(); ++j) {
      if (!sst::testing::ValuesBitEqual(e.fields[j], a.fields[j])) {
        return fmt::format("row {} field {}: {} != {}", i, j, a.fields[j].ToString(),
                           e.fields[j].ToString());
      }
    }
  }
  return "";
}

struct Dataset {
  RegionMetadataPtr metadata;
  std::vector<Row> rows;       // in file order
  std::vector<Batch> batches;  // the same rows as the writer receives them
};

// Builds a batch of rows [begin, end) (one series).
Batch MakeBatch(const RegionMetadata& metadata, const std::vector<Row>& rows, size_t begin,
                size_t end) {
  Batch batch;
  batch.primary_key = rows[begin].pk;
  std::vector<std::unique_ptr<types::ColumnBuilder>> builders;
  for (uint32_t id : metadata.field_ids()) {
    builders.push_back(types::MakeColumnBuilder(metadata.ColumnById(id)->column_schema.type));
  }
  for (size_t i = begin; i < end; ++i) {
    batch.timestamps.push_back(rows[i].ts);
    batch.sequences.push_back(rows[i].seq);
    batch.op_types.push_back(rows[i].op);
    for (size_t j = 0; j < builders.size(); ++j) EXPECT_OK(builders[j]->Append(rows[i].fields[j]));
  }
  for (auto& b : builders) batch.fields.push_back(b->Finish());
  return batch;
}

// `num_series` series of 0..max_rows rows each, with duplicate timestamps (sequence desc),
// deletes and about null_percent% null fields.
Dataset Generate(RegionMetadataPtr metadata, size_t num_series, uint32_t max_rows, uint32_t seed,
                 uint32_t null_percent = 15) {
  sst::testing::RandomValues random(seed);
  PrimaryKeyCodec codec({DataType::String(), DataType::Int32()});
  std::vector<std::string> keys;
  for (size_t s = 0; s < num_series; ++s) {
    std::string key;
    Value host = random.Pick(20) == 0 ? Value::Null() : Value::String(fmt::format("host-{:04}", s));
    EXPECT_OK(codec.Encode({host, Value::Int32(static_cast<int32_t>(random.Int()))}, &key));
    keys.push_back(key);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  Dataset data;
  data.metadata = metadata;
  std::vector<DataType> field_types;
  for (uint32_t id : metadata->field_ids())
    field_types.push_back(metadata->ColumnById(id)->column_schema.type);
  for (const std::string& key : keys) {
    size_t n = random.Pick(max_rows + 1);
    int64_t ts = static_cast<int64_t>(random.Pick(10000));
    uint64_t seq = 0;
    size_t series_begin = data.rows.size();
    for (size_t i = 0; i < n; ++i) {
      Row row;
      row.pk = key;
      bool duplicate = i > 0 && random.Pick(8) == 0 && seq > 10;
      if (duplicate) {
        seq -= 1 + random.Pick(5);
      } else {
        if (i > 0) ts += 1 + random.Pick(1000);
        seq = 1'000'000 + random.Pick(1'000'000);
      }
      row.ts = ts;
      row.seq = seq;
      row.op = random.Pick(10) == 0 ? OpType::kDelete : OpType::kPut;
      for (const DataType& t : field_types) {
        row.fields.push_back(random.Pick(100) < null_percent ? Value::Null() : random.Make(t));
      }
      data.rows.push_back(std::move(row));
    }
    // Hand the series to the writer in up to three batches.
    size_t begin = series_begin;
    while (begin < data.rows.size()) {
      size_t end = std::min(data.rows.size(), begin + 1 + random.Pick(static_cast<uint32_t>(n)));
      data.batches.push_back(MakeBatch(*metadata, data.rows, begin, end));
      begin = end;
    }
  }
  return data;
}

Result<SstInfo> WriteFile(ObjectStore* store, const Dataset& data, SstWriterOptions options = {},
                          const std::string& path = kPath) {
  GT_ASSIGN_OR_RETURN(auto writer, SstWriter::Create(data.metadata, store, path, options));
  for (const Batch& b : data.batches) GT_RETURN_IF_ERROR(writer->Write(b));
  return writer->Finish();
}

// Reads everything `options` selects, checking batch invariants along the way.
Result<std::vector<Row>> ReadRows(ObjectStore* store, RegionMetadataPtr current,
                                  const SstReadOptions& options, const std::string& path = kPath) {
  GT_ASSIGN_OR_RETURN(auto reader, SstReader::Open(store, path, std::move(current)));
  GT_ASSIGN_OR_RETURN(auto batches, reader->Read(options));
  std::vector<Row> rows;
  while (true) {
    GT_ASSIGN_OR_RETURN(std::optional<Batch> batch, batches->Next());
    if (!batch) break;
    EXPECT_FALSE(batch->empty());
    EXPECT_EQ(batch->fields.size(), options.field_ids.size());
    for (size_t i = 0; i < batch->num_rows(); ++i) {
      Row row{
          batch->primary_key, batch->timestamps[i], batch->sequences[i], batch->op_types[i], {}};
      for (const ColumnPtr& f : batch->fields) {
        EXPECT_EQ(f->size(), batch->num_rows());
        row.fields.push_back(f->GetValue(i));
      }
      if (!rows.empty()) {
        const Row& prev = rows.back();
        EXPECT_TRUE(
            prev.pk < row.pk ||
            (prev.pk == row.pk && (prev.ts < row.ts || (prev.ts == row.ts && prev.seq >= row.seq))))
            << "rows out of order";
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

// The model: rows of `data` projected to `field_positions` (indexes into Row::fields).
std::vector<Row> Project(const std::vector<Row>& rows, const std::vector<size_t>& field_positions) {
  std::vector<Row> out;
  for (const Row& r : rows) {
    Row p{r.pk, r.ts, r.seq, r.op, {}};
    for (size_t pos : field_positions) p.fields.push_back(r.fields[pos]);
    out.push_back(std::move(p));
  }
  return out;
}

sst::Footer FooterOf(ObjectStore* store, const std::string& path = kPath) {
  auto bytes = store->Read(path);
  EXPECT_TRUE(bytes.ok());
  auto tail = sst::ParseTail(std::string_view(*bytes).substr(bytes->size() - sst::kTailSize));
  EXPECT_TRUE(tail.ok());
  auto footer = sst::ParseFooter(std::string_view(*bytes).substr(
      bytes->size() - sst::kTailSize - tail->footer_length, tail->footer_length));
  EXPECT_TRUE(footer.ok());
  return *footer;
}

// Bytes a read of `columns` of `row_groups` must fetch (chunks plus the key dictionary).
uint64_t ExpectedBytes(const sst::Footer& footer, const std::vector<size_t>& row_groups,
                       const std::vector<size_t>& columns) {
  if (row_groups.empty()) return 0;
  uint64_t bytes = footer.pk_dictionary.length;
  for (size_t g : row_groups) {
    for (size_t c : columns) bytes += footer.row_groups[g].chunks[c].block.length;
  }
  return bytes;
}

class SstRoundTripTest : public ::testing::TestWithParam<Compression> {};

TEST_P(SstRoundTripTest, RandomSeriesWithAllTypesAndNullsReadBackExactly) {
  auto store = NewMemObjectStore();
  Dataset data = Generate(MakeMetadata(AllFieldTypes()), 150, 120, 1);
  SstWriterOptions options;
  options.row_group_rows = 700;
  options.compression = GetParam();
  ASSERT_OK_AND_ASSIGN(SstInfo info, WriteFile(store.get(), data, options));

  EXPECT_EQ(info.num_rows, data.rows.size());
  EXPECT_EQ(info.num_row_groups, (data.rows.size() + 699) / 700);
  int64_t tmin = std::numeric_limits<int64_t>::max();
  int64_t tmax = std::numeric_limits<int64_t>::min();
  uint64_t max_seq = 0;
  std::set<std::string> keys;
  for (const Row& r : data.rows) {
    tmin = std::min(tmin, r.ts);
    tmax = std::max(tmax, r.ts);
    max_seq = std::max(max_seq, r.seq);
    keys.insert(r.pk);
  }
  EXPECT_EQ(info.time_min, tmin);
  EXPECT_EQ(info.time_max, tmax);
  EXPECT_EQ(info.max_sequence, max_seq);
  EXPECT_EQ(info.num_series, keys.size());
  ASSERT_OK_AND_ASSIGN(auto size, store->Stat(kPath));
  EXPECT_EQ(info.file_size, *size);

  SstReadOptions read;
  read.field_ids = data.metadata->field_ids();
  ASSERT_OK_AND_ASSIGN(std::vector<Row> rows, ReadRows(store.get(), data.metadata, read));
  EXPECT_EQ(DiffRows(data.rows, rows), "");

  ASSERT_OK_AND_ASSIGN(auto reader, SstReader::Open(store.get(), kPath, nullptr));
  EXPECT_EQ(*reader->file_metadata(), *data.metadata);
  EXPECT_EQ(reader->info().num_rows, info.num_rows);
  EXPECT_EQ(reader->info().file_size, info.file_size);
}

INSTANTIATE_TEST_SUITE_P(Compressions, SstRoundTripTest,
                         ::testing::Values(Compression::kNone, Compression::kZstd,
                                           Compression::kLz4));

TEST(SstReaderTest, ProjectionFetchesOnlyRequestedChunks) {
  auto mem = NewMemObjectStore();
  CountingObjectStore store(mem.get());
  Dataset data = Generate(MakeMetadata(AllFieldTypes()), 100, 200, 2);
  ASSERT_OK(WriteFile(&store, data, {.row_group_rows = 1000}).status());
  sst::Footer footer = FooterOf(&store);
  std::vector<size_t> all_groups(footer.row_groups.size());
  for (size_t g = 0; g < all_groups.size(); ++g) all_groups[g] = g;

  const auto& ids = data.metadata->field_ids();
  SstReadOptions read;
  read.field_ids = {ids[7], ids[2]};  // out of file order on purpose
  ASSERT_OK_AND_ASSIGN(auto reader, SstReader::Open(&store, kPath, data.metadata));
  store.Reset();
  ASSERT_OK_AND_ASSIGN(auto batches, reader->Read(read));
  std::vector<Row> rows;
  while (true) {
    ASSERT_OK_AND_ASSIGN(auto batch, batches->Next());
    if (!batch) break;
    for (size_t i = 0; i < batch->num_rows(); ++i) {
      rows.push_back({batch->primary_key,
                      batch->timestamps[i],
                      batch->sequences[i],
                      batch->op_types[i],
                      {batch->fields[0]->GetValue(i), batch->fields[1]->GetValue(i)}});
    }
  }
  EXPECT_EQ(DiffRows(Project(data.rows, {7, 2}), rows), "");
  const uint64_t projected = store.bytes_read;
  EXPECT_EQ(projected, ExpectedBytes(footer, all_groups,
                                     {sst::kPkColumn, sst::kTimeColumn, sst::kSequenceColumn,
                                      sst::kOpTypeColumn, sst::kFirstFieldColumn + 7,
                                      sst::kFirstFieldColumn + 2}));

  store.Reset();
  read.field_ids = ids;
  ASSERT_OK(ReadRows(&store, data.metadata, read).status());
  EXPECT_LT(projected * 2, store.bytes_read);
}

TEST(SstReaderTest, TimeRangePrunesRowGroupsAndClipsRows) {
  auto mem = NewMemObjectStore();
  CountingObjectStore store(mem.get());
  // One series per 10 s window so that row groups cover disjoint time ranges.
  RegionMetadataPtr metadata = MakeMetadata({DataType::Float64(), DataType::String()});
  Dataset data;
  data.metadata = metadata;
  PrimaryKeyCodec codec({DataType::String(), DataType::Int32()});
  for (int s = 0; s < 20; ++s) {
    std::string key;
    ASSERT_OK(codec.Encode({Value::String(fmt::format("h{:02}", s)), Value::Int32(0)}, &key));
    size_t begin = data.rows.size();
    for (int i = 0; i < 50; ++i) {
      data.rows.push_back({key,
                           s * 10'000 + i * 100,
                           7,
                           OpType::kPut,
                           {Value::Float64(i * 0.5), Value::String("v" + std::to_string(i % 4))}});
    }
    data.batches.push_back(MakeBatch(*metadata, data.rows, begin, data.rows.size()));
  }
  ASSERT_OK(WriteFile(&store, data, {.row_group_rows = 100}).status());
  sst::Footer footer = FooterOf(&store);
  ASSERT_EQ(footer.row_groups.size(), 10u);

  SstReadOptions read;
  read.field_ids = metadata->field_ids();
  read.time_start = 41'234;  // inside series 4 (row group 2)
  read.time_end = 61'000;    // inside series 6 (row group 3)
  store.Reset();
  ASSERT_OK_AND_ASSIGN(auto rows, ReadRows(&store, metadata, read));
  std::vector<Row> expected;
  for (const Row& r : data.rows) {
    if (r.ts >= *read.time_start && r.ts < *read.time_end) expected.push_back(r);
  }
  EXPECT_EQ(DiffRows(expected, rows), "");
  std::vector<size_t> columns = {0, 1, 2, 3, 4, 5};
  // Open reads the tail (16 KiB or the file); the rest is row groups 2 and 3 and the dictionary.
  uint64_t open_bytes = std::min<uint64_t>(16 * 1024, *(*store.Stat(kPath)));
  EXPECT_EQ(store.bytes_read - open_bytes, ExpectedBytes(footer, {2, 3}, columns));

  // A range outside the file fetches nothing beyond the footer.
  read.time_start = 1'000'000;
  read.time_end = std::nullopt;
  store.Reset();
  ASSERT_OK_AND_ASSIGN(rows, ReadRows(&store, metadata, read));
  EXPECT_TRUE(rows.empty());
  EXPECT_EQ(store.bytes_read, open_bytes);
}

TEST(SstReaderTest, PrimaryKeyFilterSkipsSeriesAndRowGroups) {
  auto mem = NewMemObjectStore();
  CountingObjectStore store(mem.get());
  Dataset data = Generate(MakeMetadata({DataType::Int64()}), 60, 100, 3, 0);
  ASSERT_OK(WriteFile(&store, data, {.row_group_rows = 200}).status());
  PrimaryKeyCodec codec({DataType::String(), DataType::Int32()});
  auto wanted = [&](std::string_view key) {
    auto values = codec.Decode(key);
    EXPECT_TRUE(values.ok());
    return !(*values)[0].is_null() && (*values)[0].AsBytes() == "host-0042";
  };
  SstReadOptions read;
  read.field_ids = data.metadata->field_ids();
  read.pk_filter = wanted;
  store.Reset();
  ASSERT_OK_AND_ASSIGN(auto rows, ReadRows(&store, data.metadata, read));
  const uint64_t filtered_bytes = store.bytes_read;
  std::vector<Row> expected;
  for (const Row& r : data.rows) {
    if (wanted(r.pk)) expected.push_back(r);
  }
  EXPECT_EQ(DiffRows(expected, rows), "");
  read.pk_filter = nullptr;
  store.Reset();
  ASSERT_OK(ReadRows(&store, data.metadata, read).status());
  // Both reads fetched the same tail on open; compare what came after.
  const uint64_t open_bytes = std::min<uint64_t>(16 * 1024, *(*store.Stat(kPath)));
  EXPECT_LT((filtered_bytes - open_bytes) * 4, store.bytes_read - open_bytes);
}

TEST(SstReaderTest, FieldsAddedByAlterReadAsDefaultOrNull) {
  auto store = NewMemObjectStore();
  RegionMetadataPtr v1 = MakeMetadata({DataType::Float64(), DataType::Int32()});
  Dataset data = Generate(v1, 10, 30, 4);
  ASSERT_OK(WriteFile(store.get(), data).status());

  std::vector<ColumnMetadata> columns = v1->columns();
  columns.push_back(Col(20, "added_default", DataType::Int64(), SemanticType::kField,
                        ColumnDefault::Constant(Value::Int64(42))));
  columns.push_back(Col(21, "added_null", DataType::String(), SemanticType::kField));
  ASSERT_OK_AND_ASSIGN(RegionMetadataPtr v2, v1->WithColumns(columns, v1->primary_key()));
  SstReadOptions read;
  read.field_ids = {21, 10, 20};
  ASSERT_OK_AND_ASSIGN(auto rows, ReadRows(store.get(), v2, read));
  std::vector<Row> expected = Project(data.rows, {0});
  for (Row& r : expected) r.fields = {Value::Null(), r.fields[0], Value::Int64(42)};
  EXPECT_EQ(DiffRows(expected, rows), "");

  // Batches carry columns of the current types.
  ASSERT_OK_AND_ASSIGN(auto reader, SstReader::Open(store.get(), kPath, v2));
  ASSERT_OK_AND_ASSIGN(auto batches, reader->Read(read));
  ASSERT_OK_AND_ASSIGN(auto batch, batches->Next());
  ASSERT_TRUE(batch.has_value());
  EXPECT_EQ(batch->fields[0]->type(), DataType::String());
  EXPECT_EQ(batch->fields[2]->type(), DataType::Int64());

  // Tags, the time index and unknown ids are not fields.
  for (uint32_t bad : {0u, 2u, 99u}) {
    read.field_ids = {bad};
    ASSERT_STATUS_CODE(reader->Read(read), StatusCode::kInvalidArguments);
  }
}

TEST(SstReaderTest, FieldWithChangedTypeIsCastAndDroppedFieldIsNotRequested) {
  auto store = NewMemObjectStore();
  RegionMetadataPtr v1 = MakeMetadata({DataType::Int32(), DataType::Float64()});
  Dataset data = Generate(v1, 10, 30, 5);
  ASSERT_OK(WriteFile(store.get(), data).status());
  std::vector<ColumnMetadata> columns = v1->columns();
  columns[3].column_schema.type = DataType::Int64();  // f0: Int32 -> Int64
  columns.pop_back();                                 // drop f1
  ASSERT_OK_AND_ASSIGN(RegionMetadataPtr v2, v1->WithColumns(columns, v1->primary_key()));
  SstReadOptions read;
  read.field_ids = {10};
  ASSERT_OK_AND_ASSIGN(auto rows, ReadRows(store.get(), v2, read));
  std::vector<Row> expected = Project(data.rows, {0});
  for (Row& r : expected) {
    if (!r.fields[0].is_null()) r.fields[0] = Value::Int64(r.fields[0].AsInt32());
  }
  EXPECT_EQ(DiffRows(expected, rows), "");
  read.field_ids = {11};
  ASSERT_OK_AND_ASSIGN(auto reader, SstReader::Open(store.get(), kPath, v2));
  ASSERT_STATUS_CODE(reader->Read(read), StatusCode::kInvalidArguments);
}

TEST(SstReaderTest, TagAddedLaterReadsAsNullInKeys) {
  auto store = NewMemObjectStore();
  RegionMetadataPtr v1 = MakeMetadata({DataType::Float64()});
  Dataset data = Generate(v1, 10, 20, 6);
  ASSERT_OK(WriteFile(store.get(), data).status());
  std::vector<ColumnMetadata> columns = v1->columns();
  columns.push_back(Col(30, "zone", DataType::String(), SemanticType::kTag));
  ASSERT_OK_AND_ASSIGN(RegionMetadataPtr v2, v1->WithColumns(columns, {0, 1, 30}));
  SstReadOptions read;
  read.field_ids = {10};
  ASSERT_OK_AND_ASSIGN(auto rows, ReadRows(store.get(), v2, read));
  ASSERT_EQ(rows.size(), data.rows.size());
  PrimaryKeyCodec old_codec({DataType::String(), DataType::Int32()});
  PrimaryKeyCodec new_codec({DataType::String(), DataType::Int32(), DataType::String()});
  for (size_t i = 0; i < rows.size(); ++i) {
    ASSERT_OK_AND_ASSIGN(auto before, old_codec.Decode(data.rows[i].pk));
    ASSERT_OK_AND_ASSIGN(auto after, new_codec.Decode(rows[i].pk));
    ASSERT_EQ(after.size(), 3u);
    EXPECT_TRUE(after[0] == before[0] && after[1] == before[1] && after[2].is_null());
  }
  // A reordered primary key is not compatible.
  ASSERT_OK_AND_ASSIGN(RegionMetadataPtr swapped, v1->WithColumns(v1->columns(), {1, 0}));
  ASSERT_STATUS_CODE(SstReader::Open(store.get(), kPath, swapped), StatusCode::kStorageUnavailable);
}

TEST(SstWriterTest, RejectsOutOfOrderAndMalformedBatchesAndStaysUsable) {
  auto store = NewMemObjectStore();
  Dataset data = Generate(MakeMetadata({DataType::Float64()}), 5, 10, 7, 0);
  ASSERT_OK_AND_ASSIGN(auto writer, SstWriter::Create(data.metadata, store.get(), kPath, {}));
  Batch first;
  first.primary_key = "k2";
  first.timestamps = {10, 20, 20};
  first.sequences = {5, 9, 8};
  first.op_types = {OpType::kPut, OpType::kPut, OpType::kDelete};
  first.fields = {types::PrimitiveColumn<double>::Make(DataType::Float64(), {1, 2, 3})};
  ASSERT_OK(writer->Write(first));

  auto variant = [&](auto change) {
    Batch b = first.Slice(2, 1);
    change(b);
    return writer->Write(b);
  };
  ASSERT_STATUS_CODE(variant([](Batch& b) { b.primary_key = "k1"; }),
                     StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(variant([](Batch& b) { b.timestamps = {19}; }), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(variant([](Batch& b) { b.sequences = {9}; }), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(variant([](Batch& b) { b.sequences = {}; }), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(variant([](Batch& b) { b.fields.clear(); }), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(variant([](Batch& b) {
                       b.fields = {types::PrimitiveColumn<int64_t>::Make(DataType::Int64(), {1})};
                     }),
                     StatusCode::kInvalidArguments);
  Status s = variant([](Batch& b) { b.primary_key = "k1"; });
  EXPECT_NE(s.message().find(kPath), std::string::npos) << s.ToString();

  // Equal (key, ts) with a lower sequence, a null field column and a new key are fine.
  ASSERT_OK(variant([](Batch& b) { b.sequences = {7}; }));
  ASSERT_OK(variant([](Batch& b) {
    b.fields = {std::make_shared<types::NullColumn>(1)};
    b.sequences = {6};
  }));
  ASSERT_OK(variant([](Batch& b) {
    b.primary_key = "k3";
    b.timestamps = {-5};
  }));
  ASSERT_OK_AND_ASSIGN(SstInfo info, writer->Finish());
  EXPECT_EQ(info.num_rows, 6u);
  EXPECT_EQ(info.num_series, 2u);
  EXPECT_EQ(info.time_min, -5);
  ASSERT_STATUS_CODE(writer->Finish(), StatusCode::kIllegalState);
  ASSERT_STATUS_CODE(writer->Write(first), StatusCode::kIllegalState);

  ASSERT_STATUS_CODE(SstWriter::Create(data.metadata, store.get(), kPath, {.row_group_rows = 0}),
                     StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(SstWriter::Create(data.metadata, store.get(), kPath, {.zstd_level = 99}),
                     StatusCode::kInvalidArguments);
}

TEST(SstReaderTest, EmptyFileHasNoRowsAndAnEmptyTimeRange) {
  auto store = NewMemObjectStore();
  Dataset data;
  data.metadata = MakeMetadata({DataType::Float64()});
  ASSERT_OK_AND_ASSIGN(SstInfo info, WriteFile(store.get(), data));
  EXPECT_EQ(info.num_rows, 0u);
  EXPECT_EQ(info.num_row_groups, 0u);
  EXPECT_GT(info.time_min, info.time_max);
  SstReadOptions read;
  read.field_ids = data.metadata->field_ids();
  ASSERT_OK_AND_ASSIGN(auto rows, ReadRows(store.get(), data.metadata, read));
  EXPECT_TRUE(rows.empty());
}

TEST(SstReaderTest, BatchReaderOutlivesTheSstReader) {
  auto store = NewMemObjectStore();
  Dataset data = Generate(MakeMetadata({DataType::Float64()}), 5, 50, 8);
  ASSERT_OK(WriteFile(store.get(), data).status());
  std::unique_ptr<BatchReader> batches;
  {
    ASSERT_OK_AND_ASSIGN(auto reader, SstReader::Open(store.get(), kPath, data.metadata));
    SstReadOptions read;
    read.field_ids = {10};
    ASSERT_OK_AND_ASSIGN(batches, reader->Read(read));
  }
  size_t rows = 0;
  while (true) {
    ASSERT_OK_AND_ASSIGN(auto batch, batches->Next());
    if (!batch) break;
    rows += batch->num_rows();
  }
  EXPECT_EQ(rows, data.rows.size());
}

// --- corruption ------------------------------------------------------------------------------

// OK with the rows when the whole file reads, else the first error.
Result<std::vector<Row>> ReadAll(ObjectStore* store, const RegionMetadataPtr& metadata) {
  SstReadOptions read;
  read.field_ids = metadata->field_ids();
  return ReadRows(store, metadata, read);
}

void ExpectEveryFlipFails(ObjectStore* store, const RegionMetadataPtr& metadata,
                          const std::vector<size_t>& offsets) {
  ASSERT_OK_AND_ASSIGN(std::string original, store->Read(kPath));
  for (size_t offset : offsets) {
    for (uint8_t mask : {0x01, 0x80, 0xFF}) {
      std::string corrupt = original;
      corrupt[offset] = static_cast<char>(corrupt[offset] ^ mask);
      ASSERT_OK(store->Write(kPath, corrupt));
      auto rows = ReadAll(store, metadata);
      ASSERT_FALSE(rows.ok()) << "flip 0x" << std::hex << int{mask} << " at " << std::dec << offset
                              << " of " << original.size() << " went unnoticed";
      ASSERT_EQ(rows.status().code(), StatusCode::kStorageUnavailable) << rows.status().ToString();
      ASSERT_NE(rows.status().message().find(kPath), std::string::npos) << rows.status().ToString();
    }
  }
  ASSERT_OK(store->Write(kPath, original));
}

TEST(SstCorruptionTest, FlippedByteAtEveryOffsetOfASmallFileFails) {
  auto store = NewMemObjectStore();
  Dataset data = Generate(MakeMetadata({DataType::Float64(), DataType::String()}), 3, 8, 9);
  ASSERT_OK(WriteFile(store.get(), data, {.row_group_rows = 8}).status());
  ASSERT_OK_AND_ASSIGN(auto size, store->Stat(kPath));
  std::vector<size_t> offsets(*size);
  for (size_t i = 0; i < offsets.size(); ++i) offsets[i] = i;
  ExpectEveryFlipFails(store.get(), data.metadata, offsets);
}

TEST(SstCorruptionTest, FlippedBytesAtRandomOffsetsOfLargerFilesFail) {
  for (Compression c : {Compression::kZstd, Compression::kLz4, Compression::kNone}) {
    auto store = NewMemObjectStore();
    Dataset data = Generate(MakeMetadata(AllFieldTypes()), 40, 100, 10);
    ASSERT_OK(WriteFile(store.get(), data, {.row_group_rows = 500, .compression = c}).status());
    ASSERT_OK_AND_ASSIGN(auto size, store->Stat(kPath));
    std::mt19937 rng(static_cast<uint32_t>(c));
    std::vector<size_t> offsets;
    for (int i = 0; i < 150; ++i) offsets.push_back(rng() % *size);
    for (size_t i = 1; i <= 40; ++i) offsets.push_back(*size - i);  // the whole tail and footer end
    ExpectEveryFlipFails(store.get(), data.metadata, offsets);
  }
}

TEST(SstCorruptionTest, TruncatedFilesFail) {
  auto store = NewMemObjectStore();
  Dataset data = Generate(MakeMetadata({DataType::Int64()}), 5, 30, 11);
  ASSERT_OK(WriteFile(store.get(), data).status());
  ASSERT_OK_AND_ASSIGN(std::string original, store->Read(kPath));
  for (size_t n = 0; n < original.size(); n += 3) {
    ASSERT_OK(store->Write(kPath, original.substr(0, n)));
    ASSERT_STATUS_CODE(ReadAll(store.get(), data.metadata), StatusCode::kStorageUnavailable);
  }
  ASSERT_STATUS_CODE(SstReader::Open(store.get(), "missing.sst", nullptr),
                     StatusCode::kStorageUnavailable);
}

TEST(SstCorruptionTest, ChecksumErrorNamesFileRowGroupAndColumn) {
  auto store = NewMemObjectStore();
  Dataset data = Generate(MakeMetadata({DataType::Float64(), DataType::Float64()}), 20, 100, 12, 0);
  ASSERT_OK(WriteFile(store.get(), data, {.row_group_rows = 300}).status());
  sst::Footer footer = FooterOf(store.get());
  ASSERT_GE(footer.row_groups.size(), 2u);
  const sst::BlockHandle& block = footer.row_groups[1].chunks[sst::kFirstFieldColumn + 1].block;
  ASSERT_OK_AND_ASSIGN(std::string bytes, store->Read(kPath));
  bytes[block.offset + block.length / 2] ^= 0x10;
  ASSERT_OK(store->Write(kPath, bytes));
  auto rows = ReadAll(store.get(), data.metadata);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), StatusCode::kStorageUnavailable);
  EXPECT_EQ(rows.status().message(),
            fmt::format("sst {}: checksum mismatch in row group 1 column 'f1'", kPath));
  // Reading around the broken chunk still works.
  SstReadOptions read;
  read.field_ids = {10};
  EXPECT_OK(ReadRows(store.get(), data.metadata, read).status());
}

// --- size on typical data ------------------------------------------------------------------

// 1000 series x 10 float fields, one row per 10 s for an hour: a random walk per series and
// field, rounded to two decimals or kept at full precision.
double BytesPerValue(bool rounded, SstInfo* info_out) {
  std::vector<DataType> fields(10, DataType::Float64());
  RegionMetadataPtr metadata = MakeMetadata(fields);
  auto store = NewMemObjectStore();
  auto writer = SstWriter::Create(metadata, store.get(), kPath, {});
  EXPECT_TRUE(writer.ok());
  PrimaryKeyCodec codec({DataType::String(), DataType::Int32()});
  std::mt19937 rng(13);
  std::normal_distribution<double> step(0, 0.5);
  const int kSeries = 1000;
  const int kRows = 360;
  uint64_t seq = 0;
  for (int s = 0; s < kSeries; ++s) {
    Batch batch;
    EXPECT_OK(codec.Encode({Value::String(fmt::format("host-{:04}", s)), Value::Int32(s % 7)},
                           &batch.primary_key));
    std::vector<std::vector<double>> values(10);
    for (int f = 0; f < 10; ++f) {
      double v = 50 + 10 * f + s % 13;
      for (int i = 0; i < kRows; ++i) {
        v += step(rng);
        values[f].push_back(rounded ? std::round(v * 100) / 100 : v);
      }
    }
    for (int i = 0; i < kRows; ++i) {
      batch.timestamps.push_back(1'700'000'000'000 + i * 10'000);
      batch.sequences.push_back(seq + static_cast<uint64_t>(i) * kSeries + s);
      batch.op_types.push_back(OpType::kPut);
    }
    for (int f = 0; f < 10; ++f) {
      batch.fields.push_back(types::PrimitiveColumn<double>::Make(DataType::Float64(), values[f]));
    }
    EXPECT_OK((*writer)->Write(batch));
  }
  auto info = (*writer)->Finish();
  EXPECT_TRUE(info.ok());
  *info_out = *info;
  sst::Footer footer = FooterOf(store.get());
  uint64_t field_bytes = 0;
  uint64_t key_bytes = 0;
  std::map<sst::Encoding, int> encodings;
  for (const auto& g : footer.row_groups) {
    for (size_t c = 0; c < g.chunks.size(); ++c) {
      if (c >= sst::kFirstFieldColumn) {
        field_bytes += g.chunks[c].block.length;
        ++encodings[g.chunks[c].encoding];
      } else {
        key_bytes += g.chunks[c].block.length;
      }
    }
  }
  const double values_count = static_cast<double>(info->num_rows) * 10;
  std::string chosen;
  for (auto [e, n] : encodings) chosen += fmt::format(" {}x{}", sst::EncodingName(e), n);
  std::printf(
      "[ SIZE     ] %s: file %llu bytes = %.3f bytes/value; float chunks %.3f bytes/value"
      " (%s); pk+ts+seq+op %.3f bytes/row\n",
      rounded ? "rounded to 0.01" : "full precision",
      static_cast<unsigned long long>(info->file_size), info->file_size / values_count,
      field_bytes / values_count, chosen.c_str(), key_bytes / static_cast<double>(info->num_rows));
  return info->file_size / values_count;
}

TEST(SstSizeTest, TypicalMetricsCompressWell) {
  SstInfo info;
  double rounded = BytesPerValue(true, &info);
  EXPECT_EQ(info.num_rows, 360'000u);
  EXPECT_EQ(info.num_series, 1000u);
  double full = BytesPerValue(false, &info);
  EXPECT_LT(rounded, 2.0);
  EXPECT_LT(full, 8.0);
  EXPECT_LT(rounded, full);
}

}  // namespace
}  // namespace greptime::storage
