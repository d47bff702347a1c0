// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// SstReader: opening a file (tail, footer, schema checks) and planning reads (projection,
// row-group pruning by time and primary key).
#include "storage/sst/sst_reader.h"

#include <algorithm>
#include <mutex>

#include "storage/pk_codec.h"
#include "storage/sst/compression.h"
#include "storage/sst/sst_read_plan.h"

namespace greptime::storage {
namespace {

using sst::FileState;
using sst::Footer;

// Bytes fetched from the end of the file on open; footers of files with a few row groups fit.
constexpr uint64_t kTailPrefetch = 16 * 1024;

// Structural checks of a footer that passed its checksum: every block inside the data region,
// row counts adding up, key ranges inside the dictionary.
Status CheckFooter(const Footer& footer, uint64_t data_end) {
  auto inside = [&](const sst::BlockHandle& b) {
    return b.offset <= data_end && b.length <= data_end - b.offset;
  };
  if (!inside(footer.pk_dictionary)) return Status::StorageUnavailable("dictionary out of bounds");
  if ((footer.num_keys == 0) != (footer.num_rows == 0)) {
    return Status::StorageUnavailable("{} keys for {} rows", footer.num_keys, footer.num_rows);
  }
  uint64_t rows = 0;
  for (size_t g = 0; g < footer.row_groups.size(); ++g) {
    const sst::RowGroupMeta& group = footer.row_groups[g];
    if (group.num_rows == 0 || group.pk_first > group.pk_last || group.pk_last >= footer.num_keys ||
        group.time_min > group.time_max) {
      return Status::StorageUnavailable("bad row group {} entry", g);
    }
    for (const sst::ChunkMeta& chunk : group.chunks) {
      if (!inside(chunk.block)) return Status::StorageUnavailable("row group {} out of bounds", g);
    }
    rows += group.num_rows;
  }
  if (rows != footer.num_rows) {
    return Status::StorageUnavailable("row groups hold {} rows, footer says {}", rows,
                                      footer.num_rows);
  }
  return Status::OK();
}

// The NULL encodings of the tags `current` has after the file's primary key, or an error when
// the file's key is not a prefix of the current one.
Result<std::string> PrimaryKeySuffix(const RegionMetadata& file, const RegionMetadata& current) {
  const auto& file_pk = file.primary_key();
  const auto& current_pk = current.primary_key();
  if (file_pk.size() > current_pk.size() ||
      !std::equal(file_pk.begin(), file_pk.end(), current_pk.begin())) {
    return Status::StorageUnavailable("primary key columns changed incompatibly");
  }
  std::vector<types::DataType> extra_types;
  for (size_t i = file_pk.size(); i < current_pk.size(); ++i) {
    extra_types.push_back(current.ColumnById(current_pk[i])->column_schema.type);
  }
  std::string suffix;
  PrimaryKeyCodec codec(extra_types);
  GT_RETURN_IF_ERROR(codec.Encode(std::vector<types::Value>(extra_types.size()), &suffix));
  return suffix;
}

Status OpenChecks(FileState* state) {
  const Footer& footer = state->footer;
  GT_RETURN_IF_ERROR(CheckFooter(footer, state->data_end));
  auto metadata = RegionMetadata::FromJson(footer.metadata_json);
  if (!metadata.ok()) {
    return Status::StorageUnavailable("bad region metadata in footer: {}",
                                      metadata.status().message());
  }
  state->file_metadata = *metadata;
  if (footer.columns != sst::FileColumns(*state->file_metadata)) {
    return Status::StorageUnavailable("column directory does not match the file's metadata");
  }
  if (state->current_metadata == nullptr) state->current_metadata = state->file_metadata;
  const RegionMetadata& current = *state->current_metadata;
  if (current.time_index_id() != state->file_metadata->time_index_id() ||
      current.time_unit() != state->file_metadata->time_unit()) {
    return Status::StorageUnavailable("time index differs from the current schema");
  }
  GT_ASSIGN_OR_RETURN(state->pk_suffix, PrimaryKeySuffix(*state->file_metadata, current));
  state->time_type = state->file_metadata->time_index_column().column_schema.type;
  state->column_names = {"__primary_key",
                         state->file_metadata->time_index_column().column_schema.name, "__sequence",
                         "__op_type"};
  for (uint32_t id : state->file_metadata->field_ids()) {
    state->column_names.push_back(state->file_metadata->ColumnById(id)->column_schema.name);
  }
  SstInfo& info = state->info;
  info.num_rows = footer.num_rows;
  info.num_row_groups = static_cast<uint32_t>(footer.row_groups.size());
  info.time_min = footer.time_min;
  info.time_max = footer.time_max;
  info.max_sequence = footer.max_sequence;
  info.num_series = footer.num_keys;
  return Status::OK();
}

// Reads and verifies tail and footer.
Status ReadFooter(FileState* state) {
  ObjectStore& store = *state->store;
  GT_ASSIGN_OR_RETURN(std::optional<uint64_t> size, store.Stat(state->path));
  if (!size) return Status::StorageUnavailable("object not found");
  if (*size < sst::kTailSize) {
    return Status::StorageUnavailable("file of {} bytes is too short", *size);
  }
  state->info.file_size = *size;
  const uint64_t prefetch = std::min(*size, kTailPrefetch);
  GT_ASSIGN_OR_RETURN(std::string buffer, store.ReadRange(state->path, *size - prefetch, prefetch));
  GT_ASSIGN_OR_RETURN(sst::Tail tail,
                      sst::ParseTail(std::string_view(buffer).substr(prefetch - sst::kTailSize)));
  if (tail.footer_length > *size - sst::kTailSize) {
    return Status::StorageUnavailable("footer length {} exceeds the file", tail.footer_length);
  }
  state->data_end = *size - sst::kTailSize - tail.footer_length;
  std::string footer_bytes;
  if (tail.footer_length + sst::kTailSize <= prefetch) {
    footer_bytes =
        buffer.substr(prefetch - sst::kTailSize - tail.footer_length, tail.footer_length);
  } else {
    GT_ASSIGN_OR_RETURN(footer_bytes,
                        store.ReadRange(state->path, state->data_end, tail.footer_length));
  }
  if (sst::Checksum(footer_bytes, 0) != tail.footer_checksum) {
    return Status::StorageUnavailable("footer checksum mismatch");
  }
  GT_ASSIGN_OR_RETURN(state->footer, sst::ParseFooter(footer_bytes));
  return OpenChecks(state);
}

// The value every row of a field absent from the file takes: its constant default (cast to the
// column type) or NULL.
types::Value FillValue(const types::ColumnSchema& column) {
  if (!column.default_value.is_constant()) return types::Value();
  const types::Value& v = column.default_value.constant();
  if (v.is_null() || v.type() == column.type) return v;
  auto cast = v.CastTo(column.type);
  return cast.ok() ? *cast : types::Value();
}

class SstReaderImpl final : public SstReader {
 public:
  explicit SstReaderImpl(std::shared_ptr<const FileState> file) : file_(std::move(file)) {}

  const SstInfo& info() const override { return file_->info; }
  const RegionMetadataPtr& file_metadata() const override { return file_->file_metadata; }

  Result<std::unique_ptr<BatchReader>> Read(const SstReadOptions& options) override {
    sst::ReadPlan plan;
    plan.time_start = options.time_start;
    plan.time_end = options.time_end;
    GT_ASSIGN_OR_RETURN(plan.fields, PlanFields(options.field_ids));
    for (size_t g = 0; g < file_->footer.row_groups.size(); ++g) {
      const sst::RowGroupMeta& group = file_->footer.row_groups[g];
      if (options.time_start && group.time_max < *options.time_start) continue;
      if (options.time_end && group.time_min >= *options.time_end) continue;
      plan.row_groups.push_back(g);
    }
    if (!plan.row_groups.empty()) {
      GT_ASSIGN_OR_RETURN(plan.keys, Keys());
      if (options.pk_filter) PruneByKey(options.pk_filter, &plan);
    }
    return sst::NewSstBatchReader(file_, std::move(plan));
  }

 private:
  Result<std::vector<sst::FieldPlan>> PlanFields(const std::vector<uint32_t>& field_ids) const {
    const RegionMetadata& current = *file_->current_metadata;
    const RegionMetadata& written = *file_->file_metadata;
    std::vector<sst::FieldPlan> fields;
    for (uint32_t id : field_ids) {
      const ColumnMetadata* column = current.ColumnById(id);
      if (column == nullptr || column->column_schema.semantic_type != types::SemanticType::kField) {
        return Status::InvalidArguments("sst {}: column id {} is not a field of the region",
                                        file_->path, id);
      }
      sst::FieldPlan field;
      field.type = column->column_schema.type;
      const auto& file_fields = written.field_ids();
      auto it = std::find(file_fields.begin(), file_fields.end(), id);
      if (it == file_fields.end()) {
        field.fill = FillValue(column->column_schema);
      } else {
        field.file_column = sst::kFirstFieldColumn + static_cast<size_t>(it - file_fields.begin());
        field.file_type = written.ColumnById(id)->column_schema.type;
      }
      fields.push_back(std::move(field));
    }
    return fields;
  }

  // The dictionary, fetched on first use.
  Result<std::shared_ptr<const std::vector<std::string>>> Keys() {
    std::lock_guard<std::mutex> lock(mu_);
    if (keys_ != nullptr) return keys_;
    const sst::BlockHandle& handle = file_->footer.pk_dictionary;
    auto stored = file_->store->ReadRange(file_->path, handle.offset, handle.length);
    if (!stored.ok()) return std::move(stored).status().WithContext("sst {}", file_->path);
    GT_ASSIGN_OR_RETURN(std::string raw,
                        sst::LoadBlock(*file_, handle, *stored, "primary key dictionary"));
    auto keys = sst::DecodePkDictionary(raw, file_->footer.num_keys);
    if (!keys.ok()) return std::move(keys).status().WithContext("sst {}", file_->path);
    if (!file_->pk_suffix.empty()) {
      for (std::string& key : *keys) key += file_->pk_suffix;
    }
    keys_ = std::make_shared<const std::vector<std::string>>(std::move(*keys));
    return keys_;
  }

  void PruneByKey(const std::function<bool(std::string_view)>& filter, sst::ReadPlan* plan) const {
    const std::vector<std::string>& keys = *plan->keys;
    plan->key_mask.resize(keys.size());
    std::vector<uint32_t> passing_before(keys.size() + 1, 0);  // prefix sums of the mask
    for (size_t i = 0; i < keys.size(); ++i) {
      plan->key_mask[i] = filter(keys[i]);
      passing_before[i + 1] = passing_before[i] + (plan->key_mask[i] ? 1 : 0);
    }
    std::erase_if(plan->row_groups, [&](size_t g) {
      const sst::RowGroupMeta& group = file_->footer.row_groups[g];
      return passing_before[group.pk_last + 1] == passing_before[group.pk_first];
    });
  }

  const std::shared_ptr<const FileState> file_;
  std::mutex mu_;
  std::shared_ptr<const std::vector<std::string>> keys_;  // guarded by mu_
};

}  // namespace

namespace sst {

Result<std::string> LoadBlock(const FileState& file, const BlockHandle& handle,
                              std::string_view stored, std::string_view where) {
  if (stored.size() != handle.length || Checksum(stored, handle.offset) != handle.checksum) {
    return Status::StorageUnavailable("sst {}: checksum mismatch in {}", file.path, where);
  }
  auto raw = Decompress(handle.compression, stored, handle.raw_length);
  if (!raw.ok()) return std::move(raw).status().WithContext("sst {}: {}", file.path, where);
  return raw;
}

}  // namespace sst

Result<std::unique_ptr<SstReader>> SstReader::Open(ObjectStore* store, std::string path,
                                                   RegionMetadataPtr current_metadata) {
  auto state = std::make_shared<FileState>();
  state->store = store;
  state->path = std::move(path);
  state->current_metadata = std::move(current_metadata);
  Status s = ReadFooter(state.get());
  if (!s.ok()) {
    // Every failure to open is a storage failure of this file.
    return Status(StatusCode::kStorageUnavailable,
                  fmt::format("sst {}: {}", state->path, s.message()));
  }
  return std::unique_ptr<SstReader>(std::make_unique<SstReaderImpl>(std::move(state)));
}

}  // namespace greptime::storage
