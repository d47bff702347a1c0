// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/read/dedup_reader.h"

#include "storage/read/column_ops.h"

namespace greptime::storage {
namespace {

// Rows `rows` (ascending) of `batch`: the batch itself, a slice, or a copy.
Result<std::optional<Batch>> Select(Batch batch, const std::vector<uint32_t>& rows) {
  if (rows.empty()) return std::optional<Batch>();
  if (rows.size() == batch.num_rows()) return std::optional<Batch>(std::move(batch));
  if (rows.back() - rows.front() + 1 == rows.size()) {
    return std::optional<Batch>(batch.Slice(rows.front(), rows.size()));
  }
  GT_ASSIGN_OR_RETURN(Batch out, TakeBatch(batch, rows));
  return std::optional<Batch>(std::move(out));
}

}  // namespace

DedupReader::DedupReader(std::unique_ptr<BatchReader> source, MergeMode mode, bool filter_deleted)
    : source_(std::move(source)), mode_(mode), filter_deleted_(filter_deleted) {}

void DedupReader::RememberLastKey(const Batch& batch) {
  has_last_ = true;
  if (last_pk_ != batch.primary_key) last_pk_ = batch.primary_key;
  last_ts_ = batch.timestamps.back();
}

Result<std::optional<Batch>> DedupReader::DedupLastRow(Batch batch) {
  size_t n = batch.num_rows();
  bool continues = has_last_ && batch.primary_key == last_pk_;
  winners_.clear();
  for (size_t i = 0; i < n; ++i) {
    int64_t ts = batch.timestamps[i];
    bool older = i == 0 ? continues && ts == last_ts_ : ts == batch.timestamps[i - 1];
    if (older) continue;
    if (filter_deleted_ && batch.op_types[i] == OpType::kDelete) continue;
    winners_.push_back(static_cast<uint32_t>(i));
  }
  RememberLastKey(batch);
  return Select(std::move(batch), winners_);
}

Status DedupReader::DedupLastNonNull(Batch batch, bool final) {
  size_t n = batch.num_rows();
  size_t num_fields = batch.fields.size();
  winners_.clear();
  field_rows_.resize(num_fields);
  for (auto& rows : field_rows_) rows.clear();
  bool merged = false;  // some field comes from a row other than its group's winner
  auto emit = [&](size_t row) {
    winners_.push_back(static_cast<uint32_t>(row));
    for (auto& rows : field_rows_) rows.push_back(static_cast<uint32_t>(row));
  };

  size_t i = 0;
  if (has_last_ && batch.primary_key == last_pk_) {
    // Older rows of a resolved group: skipped, but for the delete compaction must keep.
    for (; i < n && batch.timestamps[i] == last_ts_; ++i) {
      if (last_wants_delete_ && batch.op_types[i] == OpType::kDelete) {
        emit(i);
        last_wants_delete_ = false;
      }
    }
  }
  size_t last_begin = n;
  bool last_open = false;
  bool last_wants_delete = false;
  while (i < n) {
    size_t begin = i;
    size_t end = i + 1;
    while (end < n && batch.timestamps[end] == batch.timestamps[begin]) ++end;
    bool open = false;
    bool wants_delete = false;
    if (batch.op_types[begin] == OpType::kDelete) {
      if (!filter_deleted_) emit(begin);
    } else {
      size_t del = begin + 1;
      while (del < end && batch.op_types[del] != OpType::kDelete) ++del;
      winners_.push_back(static_cast<uint32_t>(begin));
      bool all_filled = true;
      for (size_t f = 0; f < num_fields; ++f) {
        const types::Column& column = *batch.fields[f];
        size_t pick = begin;
        for (size_t r = begin; r < del && column.IsNull(r); ++r) pick = r + 1;
        if (pick == del) {
          pick = begin;  // null in every live row
          all_filled = false;
        }
        merged = merged || pick != begin;
        field_rows_[f].push_back(static_cast<uint32_t>(pick));
      }
      if (del < end && !filter_deleted_) emit(del);
      open = end == n && !final && del == end && !all_filled;
      wants_delete = del == end && !filter_deleted_;
    }
    if (end == n) {
      last_begin = begin;
      last_open = open;
      last_wants_delete = wants_delete;
    }
    i = end;
  }

  if (last_open) {
    // The group's only output row is the last one; resolve it with the next batch.
    winners_.pop_back();
    for (auto& rows : field_rows_) rows.pop_back();
    tail_ = batch.Slice(last_begin, n - last_begin);
    has_last_ = false;
  } else if (last_begin < n) {
    RememberLastKey(batch);
    last_wants_delete_ = last_wants_delete;
  }
  if (winners_.empty()) return Status::OK();
  if (!merged) {
    GT_ASSIGN_OR_RETURN(std::optional<Batch> out, Select(std::move(batch), winners_));
    ready_.push_back(std::move(*out));
    return Status::OK();
  }
  Batch out;
  out.primary_key = batch.primary_key;
  for (uint32_t r : winners_) {
    out.timestamps.push_back(batch.timestamps[r]);
    out.sequences.push_back(batch.sequences[r]);
    out.op_types.push_back(batch.op_types[r]);
  }
  for (size_t f = 0; f < num_fields; ++f) {
    GT_ASSIGN_OR_RETURN(types::ColumnPtr column, TakeColumn(*batch.fields[f], field_rows_[f]));
    out.fields.push_back(std::move(column));
  }
  ready_.push_back(std::move(out));
  return Status::OK();
}

Result<std::optional<Batch>> DedupReader::Next() {
  while (true) {
    if (ready_pos_ < ready_.size()) return std::optional<Batch>(std::move(ready_[ready_pos_++]));
    ready_.clear();
    ready_pos_ = 0;
    GT_ASSIGN_OR_RETURN(std::optional<Batch> input, source_->Next());
    if (!input.has_value()) {
      if (!tail_.has_value()) return std::optional<Batch>();
      Batch tail = std::move(*tail_);
      tail_.reset();
      GT_RETURN_IF_ERROR(DedupLastNonNull(std::move(tail), /*final=*/true));
      continue;
    }
    if (input->empty()) continue;
    if (mode_ == MergeMode::kLastRow) {
      GT_ASSIGN_OR_RETURN(std::optional<Batch> out, DedupLastRow(std::move(*input)));
      if (out.has_value()) return out;
      continue;
    }
    if (tail_.has_value()) {
      Batch tail = std::move(*tail_);
      tail_.reset();
      if (tail.primary_key == input->primary_key && tail.timestamps[0] == input->timestamps[0]) {
        // The group goes on in this batch: resolve it together with it.
        Batch parts[] = {std::move(tail), std::move(*input)};
        GT_ASSIGN_OR_RETURN(Batch combined, ConcatBatches(parts));
        GT_RETURN_IF_ERROR(DedupLastNonNull(std::move(combined), /*final=*/false));
        continue;
      }
      GT_RETURN_IF_ERROR(DedupLastNonNull(std::move(tail), /*final=*/true));
    }
    GT_RETURN_IF_ERROR(DedupLastNonNull(std::move(*input), /*final=*/false));
  }
}

}  // namespace greptime::storage
