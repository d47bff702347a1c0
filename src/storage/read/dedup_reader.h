// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// DedupReader: resolves rows sharing (primary key, ts) in a merged stream (MergeReader output)
// of a non-append region, by sequence, under the region's merge mode.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/batch.h"
#include "storage/region_metadata.h"

namespace greptime::storage {

// Semantics, for the rows of one (pk, ts) taken newest first (sequence desc):
//  - kLastRow: the newest row wins whole.
//  - kLastNonNull: the newest row gives sequence and op type; each field takes the newest
//    non-null value among the rows newer than the newest older delete (a delete hides every
//    row before it).
//  - A winning delete removes the key when filter_deleted; otherwise the delete row is kept
//    (compaction of non-bottom levels must keep deletes: filter_deleted = false). With
//    kLastNonNull and filter_deleted = false, a delete shadowed by newer puts is kept too, after
//    the merged row, so that rows of older files stay hidden when the output is merged again.
// Duplicates may span batches and sources. Output keeps the input order and per-series batches;
// unchanged batches pass through without copying. Not thread-safe.
class DedupReader final : public BatchReader {
 public:
  DedupReader(std::unique_ptr<BatchReader> source, MergeMode mode, bool filter_deleted);

  Result<std::optional<Batch>> Next() override;

 private:
  Result<std::optional<Batch>> DedupLastRow(Batch batch);
  // Appends the kLastNonNull output of `batch` to ready_. Unless `final`, the last (pk, ts)
  // group is held back in tail_ when a following batch could still fill its null fields.
  Status DedupLastNonNull(Batch batch, bool final);
  void RememberLastKey(const Batch& batch);

  std::unique_ptr<BatchReader> source_;
  MergeMode mode_;
  bool filter_deleted_;
  // The key of the last group resolved: later rows with it are older duplicates to skip.
  bool has_last_ = false;
  std::string last_pk_;
  int64_t last_ts_ = 0;
  // kLastNonNull without filter_deleted: the last group was a put with no delete yet, so the
  // first delete among its older rows must still be emitted.
  bool last_wants_delete_ = false;
  std::optional<Batch> tail_;  // kLastNonNull: unresolved rows of the newest group
  std::vector<Batch> ready_;
  size_t ready_pos_ = 0;
  // Scratch.
  std::vector<uint32_t> winners_;
  std::vector<std::vector<uint32_t>> field_rows_;
};

}  // namespace greptime::storage
