// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// SstWriter: row-group buffering, chunk encoding and compression, footer assembly.
#include "storage/sst/sst_writer.h"

#include <zstd.h>

#include <algorithm>
#include <limits>

#include "storage/sst/column_codec.h"
#include "storage/sst/compression.h"
#include "storage/sst/sst_format.h"

namespace greptime::storage {
namespace {

using sst::BlockHandle;
using sst::ChunkMeta;
using sst::EncodedChunk;
using sst::RowGroupMeta;

sst::Footer EmptyFooter() {
  sst::Footer footer;
  footer.time_min = std::numeric_limits<int64_t>::max();
  footer.time_max = std::numeric_limits<int64_t>::min();
  return footer;
}

class SstWriterImpl final : public SstWriter {
 public:
  SstWriterImpl(RegionMetadataPtr metadata, ObjectStore* store, std::string path,
                SstWriterOptions options)
      : metadata_(std::move(metadata)),
        store_(store),
        path_(std::move(path)),
        options_(options),
        field_pieces_(metadata_->field_ids().size()) {
    for (uint32_t id : metadata_->field_ids()) {
      field_types_.push_back(metadata_->ColumnById(id)->column_schema.type);
    }
  }

  Status Write(const Batch& batch) override {
    if (finished_) return Status::IllegalState("sst {}: write after finish", path_);
    if (!error_.ok()) return error_;
    GT_RETURN_IF_ERROR(Validate(batch).WithContext("sst {}", path_));
    if (batch.empty()) return Status::OK();
    if (keys_.empty() || batch.primary_key != keys_.back()) {
      keys_.push_back(batch.primary_key);
    }
    const size_t n = batch.num_rows();
    size_t offset = 0;
    while (offset < n) {
      size_t take = std::min<size_t>(n - offset, options_.row_group_rows - timestamps_.size());
      AppendRows(batch, offset, take);
      offset += take;
      if (timestamps_.size() == options_.row_group_rows) {
        Status s = FlushRowGroup();
        if (!s.ok()) {
          error_ = std::move(s).WithContext("sst {}", path_);
          return error_;
        }
      }
    }
    last_ts_ = batch.timestamps.back();
    last_seq_ = batch.sequences.back();
    return Status::OK();
  }

  Result<SstInfo> Finish() override {
    if (finished_) return Status::IllegalState("sst {}: finished twice", path_);
    if (!error_.ok()) {
      return Status::IllegalState("sst {}: writer failed: {}", path_, error_.message());
    }
    finished_ = true;
    Status s = FinishFile();
    if (!s.ok()) return std::move(s).WithContext("sst {}", path_);
    SstInfo info;
    info.file_size = file_size_;
    info.num_rows = footer_.num_rows;
    info.num_row_groups = static_cast<uint32_t>(footer_.row_groups.size());
    info.time_min = footer_.time_min;
    info.time_max = footer_.time_max;
    info.max_sequence = footer_.max_sequence;
    info.num_series = footer_.num_keys;
    blocks_.clear();
    return info;
  }

 private:
  Status Validate(const Batch& batch) const {
    const size_t n = batch.num_rows();
    if (batch.sequences.size() != n || batch.op_types.size() != n) {
      return Status::InvalidArguments("batch has {} timestamps, {} sequences, {} op types", n,
                                      batch.sequences.size(), batch.op_types.size());
    }
    if (batch.fields.size() != field_types_.size()) {
      return Status::InvalidArguments("batch has {} fields, the region {}", batch.fields.size(),
                                      field_types_.size());
    }
    for (size_t j = 0; j < field_types_.size(); ++j) {
      const types::ColumnPtr& f = batch.fields[j];
      if (f == nullptr || f->size() != n) {
        return Status::InvalidArguments("field {} has {} rows, expected {}", j, f ? f->size() : 0,
                                        n);
      }
      if (f->type() != field_types_[j] && !f->type().is_null()) {
        return Status::InvalidArguments("field {} is {}, expected {}", j, f->type().Name(),
                                        field_types_[j].Name());
      }
    }
    if (n == 0) return Status::OK();
    for (OpType op : batch.op_types) {
      if (op != OpType::kPut && op != OpType::kDelete) {
        return Status::InvalidArguments("bad op type {}", static_cast<int>(op));
      }
    }
    if (!keys_.empty()) {
      int c = std::string_view(batch.primary_key).compare(keys_.back());
      if (c < 0) return Status::InvalidArguments("primary keys out of order");
      if (c == 0 && OutOfOrder(last_ts_, last_seq_, batch.timestamps[0], batch.sequences[0])) {
        return Status::InvalidArguments("rows out of order at timestamp {}", batch.timestamps[0]);
      }
    }
    if (keys_.size() == std::numeric_limits<uint32_t>::max()) {
      return Status::InvalidArguments("too many series in one file");
    }
    for (size_t i = 1; i < n; ++i) {
      if (OutOfOrder(batch.timestamps[i - 1], batch.sequences[i - 1], batch.timestamps[i],
                     batch.sequences[i])) {
        return Status::InvalidArguments("rows out of order at timestamp {}", batch.timestamps[i]);
      }
    }
    return Status::OK();
  }

  // (ts asc, sequence desc) order.
  static bool OutOfOrder(int64_t prev_ts, uint64_t prev_seq, int64_t ts, uint64_t seq) {
    return ts < prev_ts || (ts == prev_ts && seq > prev_seq);
  }

  void AppendRows(const Batch& batch, size_t offset, size_t count) {
    const uint64_t key_index = keys_.size() - 1;
    for (size_t i = offset; i < offset + count; ++i) {
      pk_indices_.push_back(key_index);
      timestamps_.push_back(batch.timestamps[i]);
      sequences_.push_back(batch.sequences[i]);
      op_types_.push_back(static_cast<uint64_t>(batch.op_types[i]));
    }
    const bool whole = offset == 0 && count == batch.num_rows();
    for (size_t j = 0; j < field_pieces_.size(); ++j) {
      field_pieces_[j].push_back(whole ? batch.fields[j] : batch.fields[j]->Slice(offset, count));
    }
  }

  // Compresses `raw` (unless that does not shrink it), appends it to the image and returns its
  // handle.
  Result<BlockHandle> AppendBlock(std::string raw) {
    if (raw.size() > std::numeric_limits<uint32_t>::max()) {
      return Status::RuntimeResourcesExhausted("block of {} bytes exceeds 4 GiB", raw.size());
    }
    BlockHandle handle;
    handle.offset = file_size_;
    handle.raw_length = static_cast<uint32_t>(raw.size());
    if (options_.compression != Compression::kNone) {
      GT_ASSIGN_OR_RETURN(std::string stored,
                          sst::Compress(options_.compression, options_.zstd_level, raw));
      if (stored.size() < raw.size()) {
        handle.compression = options_.compression;
        handle.length = static_cast<uint32_t>(stored.size());
        handle.checksum = sst::Checksum(stored, handle.offset);
        AppendBytes(std::move(stored));
        return handle;
      }
    }
    handle.compression = Compression::kNone;
    handle.length = handle.raw_length;
    handle.checksum = sst::Checksum(raw, handle.offset);
    AppendBytes(std::move(raw));
    return handle;
  }

  void AppendBytes(std::string bytes) {
    file_size_ += bytes.size();
    blocks_.push_back(std::move(bytes));
  }

  Status AppendChunk(EncodedChunk chunk, RowGroupMeta* group) {
    GT_ASSIGN_OR_RETURN(BlockHandle handle, AppendBlock(std::move(chunk.raw)));
    group->chunks.push_back(ChunkMeta{handle, chunk.encoding, chunk.null_count, chunk.stats});
    return Status::OK();
  }

  Status FlushRowGroup() {
    if (timestamps_.empty()) return Status::OK();
    RowGroupMeta group;
    group.num_rows = static_cast<uint32_t>(timestamps_.size());
    auto [tmin, tmax] = std::minmax_element(timestamps_.begin(), timestamps_.end());
    group.time_min = *tmin;
    group.time_max = *tmax;
    group.max_sequence = *std::max_element(sequences_.begin(), sequences_.end());
    group.pk_first = static_cast<uint32_t>(pk_indices_.front());
    group.pk_last = static_cast<uint32_t>(pk_indices_.back());
    GT_RETURN_IF_ERROR(
        AppendChunk(sst::EncodeUInt64Chunk(pk_indices_, sst::Encoding::kRle), &group));
    GT_RETURN_IF_ERROR(AppendChunk(sst::EncodeInt64Chunk(timestamps_), &group));
    GT_RETURN_IF_ERROR(
        AppendChunk(sst::EncodeUInt64Chunk(sequences_, sst::Encoding::kInteger), &group));
    GT_RETURN_IF_ERROR(AppendChunk(sst::EncodeUInt64Chunk(op_types_, sst::Encoding::kRle), &group));
    sst::ChunkEncodeOptions encode_options{options_.compression, options_.zstd_level};
    for (size_t j = 0; j < field_pieces_.size(); ++j) {
      auto chunk = sst::EncodeColumnChunk(field_types_[j], field_pieces_[j], encode_options);
      if (!chunk.ok()) {
        return std::move(chunk).status().WithContext(
            "encode column '{}'",
            metadata_->ColumnById(metadata_->field_ids()[j])->column_schema.name);
      }
      GT_RETURN_IF_ERROR(AppendChunk(std::move(*chunk), &group));
      field_pieces_[j].clear();
    }
    footer_.num_rows += group.num_rows;
    footer_.time_min = std::min(footer_.time_min, group.time_min);
    footer_.time_max = std::max(footer_.time_max, group.time_max);
    footer_.max_sequence = std::max(footer_.max_sequence, group.max_sequence);
    footer_.row_groups.push_back(std::move(group));
    pk_indices_.clear();
    timestamps_.clear();
    sequences_.clear();
    op_types_.clear();
    return Status::OK();
  }

  Status FinishFile() {
    GT_RETURN_IF_ERROR(FlushRowGroup());
    footer_.metadata_json = metadata_->ToJson();
    footer_.columns = sst::FileColumns(*metadata_);
    footer_.num_keys = static_cast<uint32_t>(keys_.size());
    GT_ASSIGN_OR_RETURN(footer_.pk_dictionary, AppendBlock(sst::EncodePkDictionary(keys_)));
    std::string footer = sst::SerializeFooter(footer_);
    if (footer.size() > std::numeric_limits<uint32_t>::max()) {
      return Status::RuntimeResourcesExhausted("footer of {} bytes is too large", footer.size());
    }
    sst::Tail tail{static_cast<uint32_t>(footer.size()), sst::Checksum(footer, 0)};
    AppendBytes(std::move(footer));
    AppendBytes(sst::SerializeTail(tail));
    // One copy into a contiguous image (blocks are kept apart until now so that the image is
    // not reallocated as it grows).
    std::string image;
    image.reserve(file_size_);
    for (const std::string& block : blocks_) image.append(block);
    blocks_.clear();
    return store_->Write(path_, image);
  }

  const RegionMetadataPtr metadata_;
  ObjectStore* const store_;
  const std::string path_;
  const SstWriterOptions options_;
  std::vector<types::DataType> field_types_;

  std::vector<std::string> blocks_;  // the file so far, block by block
  uint64_t file_size_ = 0;
  sst::Footer footer_ = EmptyFooter();
  std::vector<std::string> keys_;  // distinct primary keys so far, ascending

  // The row group being buffered.
  std::vector<uint64_t> pk_indices_;
  std::vector<int64_t> timestamps_;
  std::vector<uint64_t> sequences_;
  std::vector<uint64_t> op_types_;
  std::vector<std::vector<types::ColumnPtr>> field_pieces_;  // per field, slices of batches

  int64_t last_ts_ = 0;  // the last row written (valid once keys_ is not empty)
  uint64_t last_seq_ = 0;
  Status error_;
  bool finished_ = false;
};

}  // namespace

Result<std::unique_ptr<SstWriter>> SstWriter::Create(RegionMetadataPtr metadata, ObjectStore* store,
                                                     std::string path, SstWriterOptions options) {
  if (metadata == nullptr || store == nullptr) {
    return Status::InvalidArguments("sst {}: metadata and store are required", path);
  }
  if (options.row_group_rows == 0) {
    return Status::InvalidArguments("sst {}: row_group_rows must be positive", path);
  }
  if (options.compression != Compression::kNone && options.compression != Compression::kZstd &&
      options.compression != Compression::kLz4) {
    return Status::InvalidArguments("sst {}: unknown compression", path);
  }
  if (options.compression == Compression::kZstd &&
      (options.zstd_level < ZSTD_minCLevel() || options.zstd_level > ZSTD_maxCLevel())) {
    return Status::InvalidArguments("sst {}: zstd level {} out of range", path, options.zstd_level);
  }
  return std::unique_ptr<SstWriter>(
      std::make_unique<SstWriterImpl>(std::move(metadata), store, std::move(path), options));
}

}  // namespace greptime::storage
