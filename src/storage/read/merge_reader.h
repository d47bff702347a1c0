// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// MergeReader: a k-way merge of sorted BatchReaders (memtables, SSTs) into one stream ordered by
// (primary key, ts asc, sequence desc). Duplicates are kept; DedupReader resolves them.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "storage/batch.h"

namespace greptime::storage {

// Rows per output batch the merge aims at when it has to assemble pieces (sources' batches
// that do not overlap others pass through whole, so an output batch may be larger).
inline constexpr size_t kDefaultMergeBatchRows = 1024;

// Design: a binary heap of sources keyed by their current row. The smallest source yields the
// run of its rows that sort before the next source's current row (found by binary search), as
// a zero-copy slice; consecutive runs of one primary key are concatenated up to batch_rows.
// Rows that compare equal on (pk, ts, sequence) come in source order. Every output batch
// holds one primary key. Not thread-safe.
class MergeReader final : public BatchReader {
 public:
  explicit MergeReader(std::vector<std::unique_ptr<BatchReader>> sources,
                       size_t batch_rows = kDefaultMergeBatchRows);

  // Errors of a source are returned as they are; the reader must not be used afterwards.
  Result<std::optional<Batch>> Next() override;

 private:
  struct Node {
    std::unique_ptr<BatchReader> reader;
    Batch batch;  // current batch, rows [pos, num_rows) not yet merged
    size_t pos = 0;
    size_t index = 0;  // source order, the last tie-breaker
  };

  Status Init();
  // Replaces node's exhausted batch with the source's next one; false at its end.
  Result<bool> Advance(Node& node);
  // The next run of rows of the smallest source.
  Result<Batch> NextPiece();
  Result<Batch> FlushPending();
  // Heap order: true when a's current row sorts after b's.
  static bool After(const Node* a, const Node* b);

  std::vector<std::unique_ptr<BatchReader>> init_sources_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::vector<Node*> heap_;  // std::push_heap with After: the smallest on front
  bool initialized_ = false;
  size_t batch_rows_;
  std::vector<Batch> pending_;  // runs of one primary key waiting to be concatenated
  size_t pending_rows_ = 0;
};

}  // namespace greptime::storage
