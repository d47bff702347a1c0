// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The BatchReader of an SST read: fetches the chunks a plan needs, row group by row group,
// decodes them and cuts the rows into per-series Batches.
#include <algorithm>
#include <deque>

#include "storage/sst/column_codec.h"
#include "storage/sst/sst_read_plan.h"
#include "types/column_builder.h"

namespace greptime::storage::sst {
namespace {

using types::ColumnPtr;

// Casts a column read from a file to the current type of its field; values that do not cast
// become NULL.
ColumnPtr CastColumn(const types::Column& column, const types::DataType& to) {
  auto builder = types::MakeColumnBuilder(to, column.size());
  for (size_t i = 0; i < column.size(); ++i) {
    if (column.IsNull(i)) {
      builder->AppendNull();
      continue;
    }
    auto cast = column.GetValue(i).CastTo(to);
    if (!cast.ok() || cast->is_null() || !builder->Append(*cast).ok()) builder->AppendNull();
  }
  return builder->Finish();
}

// The decoded columns of one row group.
struct RowGroupData {
  std::vector<uint64_t> pk_indices;
  std::vector<int64_t> timestamps;
  std::vector<uint64_t> sequences;
  std::vector<uint64_t> op_types;
  std::vector<ColumnPtr> fields;  // per planned field, num_rows rows
};

class SstBatchReader final : public BatchReader {
 public:
  SstBatchReader(std::shared_ptr<const FileState> file, ReadPlan plan)
      : file_(std::move(file)), plan_(std::move(plan)) {}

  Result<std::optional<Batch>> Next() override {
    if (!error_.ok()) return error_;
    while (pending_.empty()) {
      if (next_group_ == plan_.row_groups.size()) return std::optional<Batch>();
      Status s = LoadRowGroup(plan_.row_groups[next_group_++]);
      if (!s.ok()) {
        error_ = s;
        return s;
      }
    }
    Batch batch = std::move(pending_.front());
    pending_.pop_front();
    return std::optional<Batch>(std::move(batch));
  }

 private:
  std::string Where(size_t group, size_t column) const {
    return fmt::format("row group {} column '{}'", group, file_->column_names[column]);
  }

  // Fetches the stored bytes of `columns` of row group `group`, merging adjacent chunks into
  // one ranged read. Returns stored bytes per entry of `columns`.
  Result<std::vector<std::string>> Fetch(size_t group, const std::vector<size_t>& columns) const {
    const RowGroupMeta& meta = file_->footer.row_groups[group];
    std::vector<size_t> order(columns.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto block = [&](size_t i) -> const BlockHandle& { return meta.chunks[columns[i]].block; };
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return block(a).offset < block(b).offset; });
    std::vector<std::string> stored(columns.size());
    size_t i = 0;
    while (i < order.size()) {
      uint64_t start = block(order[i]).offset;
      uint64_t end = start + block(order[i]).length;
      size_t j = i + 1;
      while (j < order.size() && block(order[j]).offset == end) {
        end += block(order[j]).length;
        ++j;
      }
      auto bytes = file_->store->ReadRange(file_->path, start, end - start);
      if (!bytes.ok()) {
        return std::move(bytes).status().WithContext("sst {}: row group {}", file_->path, group);
      }
      for (size_t k = i; k < j; ++k) {
        const BlockHandle& h = block(order[k]);
        stored[order[k]] = bytes->substr(h.offset - start, h.length);
      }
      i = j;
    }
    return stored;
  }

  Status Corrupt(size_t group, size_t column, std::string_view why) const {
    return Status::StorageUnavailable("sst {}: {}: {}", file_->path, Where(group, column), why);
  }

  Status Decode(size_t group, const std::vector<size_t>& columns,
                const std::vector<std::string>& stored, RowGroupData* data) const {
    const RowGroupMeta& meta = file_->footer.row_groups[group];
    const size_t rows = meta.num_rows;
    std::vector<ColumnPtr> file_columns(file_->footer.columns.size());
    for (size_t i = 0; i < columns.size(); ++i) {
      const size_t c = columns[i];
      GT_ASSIGN_OR_RETURN(std::string raw,
                          LoadBlock(*file_, meta.chunks[c].block, stored[i], Where(group, c)));
      if (raw.empty() ||
          static_cast<uint8_t>(raw[0]) != static_cast<uint8_t>(meta.chunks[c].encoding)) {
        return Corrupt(group, c, "encoding differs from the footer");
      }
      Status s;
      if (c == kPkColumn || c == kSequenceColumn || c == kOpTypeColumn) {
        auto values = DecodeUInt64Chunk(raw, rows);
        s = values.status();
        if (values.ok()) {
          (c == kPkColumn         ? data->pk_indices
           : c == kSequenceColumn ? data->sequences
                                  : data->op_types) = std::move(*values);
        }
      } else if (c == kTimeColumn) {
        auto values = DecodeInt64Chunk(raw, rows);
        s = values.status();
        if (values.ok()) data->timestamps = std::move(*values);
      } else {
        const types::DataType& type =
            file_->file_metadata->ColumnById(file_->footer.columns[c].column_id)
                ->column_schema.type;
        auto column = DecodeColumnChunk(type, raw, rows);
        s = column.status();
        if (column.ok()) file_columns[c] = std::move(*column);
      }
      if (!s.ok()) return std::move(s).WithContext("sst {}: {}", file_->path, Where(group, c));
    }
    GT_RETURN_IF_ERROR(CheckRows(group, meta, *data));
    for (const FieldPlan& field : plan_.fields) {
      if (!field.file_column) {
        data->fields.push_back(types::MakeConstantColumn(field.type, field.fill, rows));
      } else if (field.file_type != field.type) {
        data->fields.push_back(CastColumn(*file_columns[*field.file_column], field.type));
      } else {
        data->fields.push_back(file_columns[*field.file_column]);
      }
    }
    return Status::OK();
  }

  // The invariants the batch cutting relies on: keys ascending inside the dictionary and the
  // row group's key range, timestamps ascending within a series, known op types.
  Status CheckRows(size_t group, const RowGroupMeta& meta, const RowGroupData& data) const {
    for (size_t i = 0; i < data.pk_indices.size(); ++i) {
      uint64_t key = data.pk_indices[i];
      if (key < meta.pk_first || key > meta.pk_last || (i > 0 && key < data.pk_indices[i - 1])) {
        return Corrupt(group, kPkColumn, "key index out of order");
      }
      if (i > 0 && key == data.pk_indices[i - 1] && data.timestamps[i] < data.timestamps[i - 1]) {
        return Corrupt(group, kTimeColumn, "timestamps out of order");
      }
      if (data.op_types[i] > 1) return Corrupt(group, kOpTypeColumn, "unknown op type");
    }
    if (data.pk_indices.front() != meta.pk_first || data.pk_indices.back() != meta.pk_last) {
      return Corrupt(group, kPkColumn, "key range differs from the footer");
    }
    return Status::OK();
  }

  Status LoadRowGroup(size_t group) {
    std::vector<size_t> columns = {kPkColumn, kTimeColumn, kSequenceColumn, kOpTypeColumn};
    for (const FieldPlan& field : plan_.fields) {
      if (field.file_column &&
          std::find(columns.begin(), columns.end(), *field.file_column) == columns.end()) {
        columns.push_back(*field.file_column);
      }
    }
    GT_ASSIGN_OR_RETURN(std::vector<std::string> stored, Fetch(group, columns));
    RowGroupData data;
    GT_RETURN_IF_ERROR(Decode(group, columns, stored, &data));
    CutBatches(data);
    return Status::OK();
  }

  // One Batch per run of equal keys, clipped to the time range (a contiguous sub-range since
  // timestamps ascend within a series).
  void CutBatches(const RowGroupData& data) {
    const size_t rows = data.pk_indices.size();
    const std::vector<std::string>& keys = *plan_.keys;
    size_t start = 0;
    while (start < rows) {
      size_t end = start + 1;
      const uint64_t key = data.pk_indices[start];
      while (end < rows && data.pk_indices[end] == key) ++end;
      if (plan_.key_mask.empty() || plan_.key_mask[key]) {
        auto first = data.timestamps.begin() + static_cast<std::ptrdiff_t>(start);
        auto last = data.timestamps.begin() + static_cast<std::ptrdiff_t>(end);
        if (plan_.time_start) first = std::lower_bound(first, last, *plan_.time_start);
        if (plan_.time_end) last = std::lower_bound(first, last, *plan_.time_end);
        if (first < last) {
          size_t lo = static_cast<size_t>(first - data.timestamps.begin());
          size_t hi = static_cast<size_t>(last - data.timestamps.begin());
          pending_.push_back(MakeBatch(data, keys[key], lo, hi));
        }
      }
      start = end;
    }
  }

  static Batch MakeBatch(const RowGroupData& data, const std::string& key, size_t lo, size_t hi) {
    Batch batch;
    batch.primary_key = key;
    auto b = static_cast<std::ptrdiff_t>(lo);
    auto e = static_cast<std::ptrdiff_t>(hi);
    batch.timestamps.assign(data.timestamps.begin() + b, data.timestamps.begin() + e);
    batch.sequences.assign(data.sequences.begin() + b, data.sequences.begin() + e);
    batch.op_types.reserve(hi - lo);
    for (size_t i = lo; i < hi; ++i)
      batch.op_types.push_back(static_cast<OpType>(data.op_types[i]));
    batch.fields.reserve(data.fields.size());
    for (const ColumnPtr& f : data.fields) {
      batch.fields.push_back(lo == 0 && hi == f->size() ? f : f->Slice(lo, hi - lo));
    }
    return batch;
  }

  const std::shared_ptr<const FileState> file_;
  const ReadPlan plan_;
  size_t next_group_ = 0;
  std::deque<Batch> pending_;
  Status error_;
};

}  // namespace

std::unique_ptr<BatchReader> NewSstBatchReader(std::shared_ptr<const FileState> file,
                                               ReadPlan plan) {
  return std::make_unique<SstBatchReader>(std::move(file), std::move(plan));
}

}  // namespace greptime::storage::sst
