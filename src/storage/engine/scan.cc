// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Scan: read a Version snapshot without locks. Memtables and the SSTs that overlap the time
// range are merged by (pk, ts), deduplicated, cut to the time range and TTL, and converted to
// RecordBatches of the projected columns.
#include <algorithm>
#include <unordered_set>

#include "storage/engine/engine_impl.h"
#include "storage/engine/readers.h"
#include "storage/pk_codec.h"
#include "storage/read/batch_to_record_batch.h"
#include "storage/sst/sst_reader.h"

namespace greptime::storage {
namespace {

// Stops after `limit` rows.
class LimitReader final : public BatchReader {
 public:
  LimitReader(std::unique_ptr<BatchReader> input, uint64_t limit)
      : input_(std::move(input)), remaining_(limit) {}
  Result<std::optional<Batch>> Next() override {
    if (remaining_ == 0) return std::optional<Batch>();
    GT_ASSIGN_OR_RETURN(std::optional<Batch> batch, input_->Next());
    if (!batch) return batch;
    if (batch->num_rows() > remaining_) *batch = batch->Slice(0, remaining_);
    remaining_ -= batch->num_rows();
    return batch;
  }

 private:
  std::unique_ptr<BatchReader> input_;
  uint64_t remaining_;
};

}  // namespace

Result<ScanResult> MitoEngineImpl::Scan(const ScanRequest& request) {
  Result<ScanResult> result = ScanImpl(request);
  if (!result.ok() && result.status().code() != StatusCode::kRegionNotFound) {
    return std::move(result).status().WithContext("scan region {}", request.region_id.ToString());
  }
  return result;
}

Result<ScanResult> MitoEngineImpl::ScanImpl(const ScanRequest& request) {
  auto region = Lookup(request.region_id);
  if (!region) {
    return Status(StatusCode::kRegionNotFound,
                  fmt::format("Region {} not found", request.region_id.ToString()));
  }
  VersionPtr version = region->version_control.Current();
  const RegionMetadata& metadata = *version->metadata;

  // Output columns.
  std::vector<uint32_t> projection;
  if (request.projection.empty()) {
    for (const ColumnMetadata& c : metadata.columns()) projection.push_back(c.column_id);
  } else {
    for (const std::string& name : request.projection) {
      const ColumnMetadata* c = metadata.ColumnByName(name);
      if (c == nullptr) {
        return Status(StatusCode::kTableColumnNotFound,
                      fmt::format("Column {} not found in region {}", name,
                                  request.region_id.ToString()));
      }
      projection.push_back(c->column_id);
    }
  }
  GT_ASSIGN_OR_RETURN(BatchToRecordBatch converter,
                      BatchToRecordBatch::Make(version->metadata, projection));
  const std::vector<uint32_t>& field_ids = converter.field_ids();

  // Time range, narrowed by TTL.
  std::optional<int64_t> start = request.time_start;
  std::optional<int64_t> end = request.time_end;
  if (auto cutoff = TtlCutoff(metadata)) start = start ? std::max(*start, *cutoff) : *cutoff;

  // Tag predicates become a primary-key filter.
  std::function<bool(std::string_view)> pk_filter;
  if (!request.tag_predicates.empty()) {
    std::vector<types::DataType> key_types;
    std::vector<std::pair<size_t, const TagPredicate*>> checks;
    for (size_t i = 0; i < metadata.primary_key().size(); ++i) {
      const ColumnMetadata* c = metadata.ColumnById(metadata.primary_key()[i]);
      key_types.push_back(c->column_schema.type);
      for (const TagPredicate& p : request.tag_predicates) {
        if (p.column == c->column_schema.name) checks.emplace_back(i, &p);
      }
    }
    if (checks.size() != request.tag_predicates.size()) {
      return Status::InvalidArguments("tag predicate on a column that is not a tag of region {}",
                                      request.region_id.ToString());
    }
    // Long value lists (a PromQL selector over thousands of metric tables) become hash sets.
    struct Check {
      size_t index;
      const TagPredicate* predicate;
      std::shared_ptr<std::unordered_set<types::Value, types::ValueHash>> set;
    };
    std::vector<Check> prepared;
    for (const auto& [index, predicate] : checks) {
      Check check{index, predicate, nullptr};
      if (predicate->values.size() > 8) {
        check.set = std::make_shared<std::unordered_set<types::Value, types::ValueHash>>();
        for (const types::Value& v : predicate->values) {
          if (!v.is_null()) check.set->insert(v);
        }
      }
      prepared.push_back(std::move(check));
    }
    auto codec = std::make_shared<PrimaryKeyCodec>(std::move(key_types));
    pk_filter = [codec, prepared](std::string_view pk) {
      auto values = codec->Decode(pk);
      if (!values.ok()) return true;  // let the read report the corruption
      for (const Check& check : prepared) {
        const types::Value& v = (*values)[check.index];
        const bool ok = check.set ? !v.is_null() && check.set->count(v) != 0
                                  : check.predicate->Matches(v);
        if (!ok) return false;
      }
      return true;
    };
  }

  std::vector<std::unique_ptr<BatchReader>> sources;
  MemtableReadOptions memtable_options;
  memtable_options.field_ids = field_ids;
  memtable_options.time_start = start;
  memtable_options.time_end = end;
  memtable_options.pk_filter = pk_filter;
  auto add_memtable = [&](const MemtableRef& ref) -> Status {
    if (ref.memtable->empty()) return Status::OK();
    GT_ASSIGN_OR_RETURN(auto reader, ref.memtable->Iter(memtable_options));
    sources.push_back(std::move(reader));
    return Status::OK();
  };
  GT_RETURN_IF_ERROR(add_memtable(version->mutable_memtable));
  for (const MemtableRef& ref : version->immutables) GT_RETURN_IF_ERROR(add_memtable(ref));
  SstReadOptions sst_options;
  sst_options.field_ids = field_ids;
  sst_options.time_start = start;
  sst_options.time_end = end;
  sst_options.pk_filter = pk_filter;
  for (const auto& [file_id, file] : version->files) {
    const FileMeta& meta = file->meta();
    if (start && meta.time_max < *start) continue;
    if (end && meta.time_min >= *end) continue;
    GT_ASSIGN_OR_RETURN(auto sst, file->Reader(version->metadata));
    GT_ASSIGN_OR_RETURN(auto reader, sst->Read(sst_options));
    sources.push_back(std::move(reader));
  }

  std::unique_ptr<BatchReader> reader =
      BuildDedupedReader(std::move(sources), metadata, /*filter_deleted=*/true);
  reader = NewTimeFilterReader(std::move(reader), start, end);

  ScanResult result;
  result.schema = converter.schema();
  if (request.limit) reader = std::make_unique<LimitReader>(std::move(reader), *request.limit);
  while (true) {
    GT_ASSIGN_OR_RETURN(std::optional<types::RecordBatch> out, converter.ReadNext(*reader, 8192));
    if (!out) break;
    result.batches.push_back(std::move(*out));
  }
  return result;
}

}  // namespace greptime::storage
