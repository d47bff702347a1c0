// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/read/merge_reader.h"

#include <algorithm>

#include "storage/read/column_ops.h"

namespace greptime::storage {

MergeReader::MergeReader(std::vector<std::unique_ptr<BatchReader>> sources, size_t batch_rows)
    : init_sources_(std::move(sources)), batch_rows_(batch_rows == 0 ? 1 : batch_rows) {}

bool MergeReader::After(const Node* a, const Node* b) {
  int c = a->batch.primary_key.compare(b->batch.primary_key);
  if (c != 0) return c > 0;
  int64_t ta = a->batch.timestamps[a->pos];
  int64_t tb = b->batch.timestamps[b->pos];
  if (ta != tb) return ta > tb;
  uint64_t sa = a->batch.sequences[a->pos];
  uint64_t sb = b->batch.sequences[b->pos];
  if (sa != sb) return sa < sb;
  return a->index > b->index;
}

Status MergeReader::Init() {
  for (size_t i = 0; i < init_sources_.size(); ++i) {
    auto node = std::make_unique<Node>();
    node->reader = std::move(init_sources_[i]);
    node->index = i;
    GT_ASSIGN_OR_RETURN(bool has_rows, Advance(*node));
    if (!has_rows) continue;
    heap_.push_back(node.get());
    std::push_heap(heap_.begin(), heap_.end(), After);
    nodes_.push_back(std::move(node));
  }
  init_sources_.clear();
  return Status::OK();
}

Result<bool> MergeReader::Advance(Node& node) {
  while (true) {
    GT_ASSIGN_OR_RETURN(std::optional<Batch> batch, node.reader->Next());
    if (!batch.has_value()) return false;
    if (batch->empty()) continue;
    node.batch = std::move(*batch);
    node.pos = 0;
    return true;
  }
}

Result<Batch> MergeReader::NextPiece() {
  std::pop_heap(heap_.begin(), heap_.end(), After);
  Node* node = heap_.back();
  heap_.pop_back();
  const Batch& batch = node->batch;
  size_t rows = batch.num_rows();
  size_t end = rows;
  if (!heap_.empty()) {
    const Node* top = heap_.front();
    if (batch.primary_key == top->batch.primary_key) {
      // Rows of `node` that sort before top's current row: a prefix, since both are sorted.
      int64_t ts = top->batch.timestamps[top->pos];
      uint64_t seq = top->batch.sequences[top->pos];
      bool wins_ties = node->index < top->index;
      size_t lo = node->pos + 1;  // the current row sorts first: it came off the heap
      size_t hi = rows;
      while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int64_t t = batch.timestamps[mid];
        uint64_t s = batch.sequences[mid];
        bool before = t < ts || (t == ts && (s > seq || (s == seq && wins_ties)));
        if (before) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      end = lo;
    }
  }
  Batch piece = node->pos == 0 && end == rows ? std::move(node->batch)
                                              : batch.Slice(node->pos, end - node->pos);
  node->pos = end;
  bool has_rows = true;
  if (end == rows) {
    GT_ASSIGN_OR_RETURN(has_rows, Advance(*node));
  }
  if (has_rows) {
    heap_.push_back(node);
    std::push_heap(heap_.begin(), heap_.end(), After);
  }
  return piece;
}

Result<Batch> MergeReader::FlushPending() {
  Batch out;
  if (pending_.size() == 1) {
    out = std::move(pending_[0]);
  } else {
    GT_ASSIGN_OR_RETURN(out, ConcatBatches(pending_));
  }
  pending_.clear();
  pending_rows_ = 0;
  return out;
}

Result<std::optional<Batch>> MergeReader::Next() {
  if (!initialized_) {
    GT_RETURN_IF_ERROR(Init());
    initialized_ = true;
  }
  while (true) {
    if (pending_rows_ >= batch_rows_ || (heap_.empty() && !pending_.empty())) {
      GT_ASSIGN_OR_RETURN(Batch out, FlushPending());
      return std::optional<Batch>(std::move(out));
    }
    if (heap_.empty()) return std::optional<Batch>();
    GT_ASSIGN_OR_RETURN(Batch piece, NextPiece());
    // A new key, or a piece big enough to stand alone, ends the pending run.
    if (!pending_.empty() &&
        (pending_.front().primary_key != piece.primary_key || piece.num_rows() >= batch_rows_)) {
      GT_ASSIGN_OR_RETURN(Batch out, FlushPending());
      pending_rows_ = piece.num_rows();
      pending_.push_back(std::move(piece));
      return std::optional<Batch>(std::move(out));
    }
    pending_rows_ += piece.num_rows();
    pending_.push_back(std::move(piece));
  }
}

}  // namespace greptime::storage
