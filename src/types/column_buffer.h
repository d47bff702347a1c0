// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// ColumnBuffer: a growable, append-only column of one DataType for the engine's own buffers
// (memtable series, take and concat of Batches). Rows are copied in from immutable Columns and
// copied out (Take/Copy) or moved out (Finish) as immutable Columns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "common/status.h"
#include "types/column.h"

namespace greptime::types {

// Which rows of a source: a list of row indices, or the range [offset, offset + length).
struct RowSelection {
  const uint32_t* indices = nullptr;  // nullptr: a range
  size_t offset = 0;
  size_t length = 0;

  static RowSelection Range(size_t offset, size_t length) { return {nullptr, offset, length}; }
  static RowSelection Of(std::span<const uint32_t> rows) { return {rows.data(), 0, rows.size()}; }
  size_t at(size_t k) const { return indices != nullptr ? indices[k] : offset + k; }
  bool is_range() const { return indices == nullptr; }
};

// Validity bits of a buffer; no bitmap is kept until the first null.
class ValidityBuffer {
 public:
  size_t size() const { return size_; }
  size_t null_count() const { return null_count_; }
  bool IsValid(size_t i) const { return bits_.empty() || ((bits_[i >> 3] >> (i & 7)) & 1); }
  void AppendValid(size_t n);
  void AppendNull(size_t n);
  // Appends the validity of rows `sel` of `v`.
  void AppendFrom(const types::Validity& v, const RowSelection& sel);
  // Validity of rows `sel`, copied.
  types::Validity Take(const RowSelection& sel) const;
  types::Validity Finish();
  void Truncate(size_t rows);
  void Reserve(size_t rows);
  size_t AllocatedBytes() const { return bits_.capacity(); }

 private:
  void Materialize();
  void PushBit(bool valid);

  std::vector<uint8_t> bits_;  // LSB first; empty while every row is valid
  size_t size_ = 0;
  size_t null_count_ = 0;
};

// Not thread-safe: the owner synchronizes writers with readers.
class ColumnBuffer {
 public:
  virtual ~ColumnBuffer() = default;
  ColumnBuffer(const ColumnBuffer&) = delete;
  ColumnBuffer& operator=(const ColumnBuffer&) = delete;

  // A buffer for any DataType (DataType::Null() gives a buffer of nulls).
  static std::unique_ptr<ColumnBuffer> Make(const types::DataType& type);

  const types::DataType& type() const { return type_; }
  size_t size() const { return validity_.size(); }
  size_t null_count() const { return validity_.null_count(); }

  // Appends rows `sel` of `src`, which is of type() or a NullColumn (appends nulls).
  // Errors: kInvalidArguments on another type; kRuntimeResourcesExhausted when string bytes
  // would pass 4 GiB (32-bit offsets). The buffer is unchanged on error.
  Status Append(const types::Column& src, const RowSelection& sel);
  Status Append(const types::Column& src, std::span<const uint32_t> rows) {
    return Append(src, RowSelection::Of(rows));
  }
  Status AppendRange(const types::Column& src, size_t offset, size_t length) {
    return Append(src, RowSelection::Range(offset, length));
  }
  void AppendNulls(size_t n);

  // Copies rows `sel` (each < size()) into a new immutable column.
  types::ColumnPtr Take(const RowSelection& sel) const;
  types::ColumnPtr Take(std::span<const uint32_t> rows) const {
    return Take(RowSelection::Of(rows));
  }
  types::ColumnPtr Copy(size_t offset, size_t length) const {
    return Take(RowSelection::Range(offset, length));
  }
  // All rows as a column without copying; the buffer is empty afterwards.
  types::ColumnPtr Finish();

  // Drops the rows from `rows` on (rows <= size()); for rolling back a failed write.
  void Truncate(size_t rows);
  virtual void Reserve(size_t rows) = 0;
  // Bytes this buffer holds: the object plus its vectors' capacities.
  size_t AllocatedBytes() const { return ObjectBytes() + DataBytes() + validity_.AllocatedBytes(); }

 protected:
  explicit ColumnBuffer(types::DataType type) : type_(type) {}

  // Precondition: src.type() == type(), every selected row < src.size().
  virtual Status AppendValues(const types::Column& src, const RowSelection& sel) = 0;
  virtual void AppendNullValues(size_t n) = 0;
  virtual types::ColumnPtr TakeValues(const RowSelection& sel, types::Validity validity) const = 0;
  virtual types::ColumnPtr FinishValues(types::Validity validity) = 0;
  virtual void TruncateValues(size_t rows) = 0;
  virtual size_t DataBytes() const = 0;
  virtual size_t ObjectBytes() const = 0;

  types::DataType type_;
  ValidityBuffer validity_;
};

}  // namespace greptime::types
