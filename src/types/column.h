// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Column: an immutable typed vector of values with a validity bitmap. Concrete layouts:
// PrimitiveColumn<T> (fixed width), BooleanColumn (bit-packed), StringColumn (offsets + bytes),
// VectorColumn (fixed-size float lists) and NullColumn.
//
// Design: after Arrow. Buffers are contiguous, immutable and shared (std::shared_ptr<const>), so
// a column is cheap to slice and to hand to several readers; kernels read raw spans
// (PrimitiveColumn::values(), StringColumn::offsets()/data()) instead of per-row Values.
// Columns are built with the builders of column_builder.h and shared as ColumnPtr.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "types/data_type.h"
#include "types/value.h"

namespace greptime::types {

class Column;
using ColumnPtr = std::shared_ptr<const Column>;

// Which rows hold a value. Bit (offset + i) of `bits`, LSB first, is 1 when row i is valid.
// Without a bitmap every row is valid, or every row is null (NullColumn).
class Validity {
 public:
  Validity() = default;  // no rows
  static Validity AllValid(size_t length) { return Validity(nullptr, 0, length, 0); }
  static Validity AllNull(size_t length) { return Validity(nullptr, 0, length, length); }
  // Counts nulls of bits [offset, offset + length). Precondition: bits cover that range.
  static Validity FromBitmap(std::shared_ptr<const std::vector<uint8_t>> bits, size_t offset,
                             size_t length);

  size_t length() const { return length_; }
  size_t null_count() const { return null_count_; }
  bool has_bitmap() const { return bits_ != nullptr; }
  bool IsValid(size_t i) const {
    if (bits_ == nullptr) return null_count_ == 0;
    size_t bit = offset_ + i;
    return ((*bits_)[bit >> 3] >> (bit & 7)) & 1;
  }
  // Raw bitmap (nullptr without one) and the bit index of row 0.
  const uint8_t* bitmap_data() const { return bits_ ? bits_->data() : nullptr; }
  size_t bitmap_offset() const { return offset_; }
  // Precondition: offset + length <= this->length().
  Validity Slice(size_t offset, size_t length) const;
  // Bytes of bitmap covering this range (0 without a bitmap).
  size_t MemoryBytes() const { return bits_ ? (length_ + 7) / 8 : 0; }

 private:
  Validity(std::shared_ptr<const std::vector<uint8_t>> bits, size_t offset, size_t length,
           size_t null_count)
      : bits_(std::move(bits)), offset_(offset), length_(length), null_count_(null_count) {}

  std::shared_ptr<const std::vector<uint8_t>> bits_;
  size_t offset_ = 0;
  size_t length_ = 0;
  size_t null_count_ = 0;
};

// The common interface. Immutable after construction, so safe to read from many threads.
class Column {
 public:
  virtual ~Column() = default;
  Column(const Column&) = delete;
  Column& operator=(const Column&) = delete;

  const DataType& type() const { return type_; }
  size_t size() const { return validity_.length(); }
  size_t null_count() const { return validity_.null_count(); }
  const Validity& validity() const { return validity_; }
  // Precondition for the row accessors: i < size().
  bool IsNull(size_t i) const { return !validity_.IsValid(i); }
  bool IsValid(size_t i) const { return validity_.IsValid(i); }

  // Row i as a Value (NULL for null rows).
  virtual Value GetValue(size_t i) const = 0;
  // Rows [offset, offset + length), sharing this column's buffers.
  // Precondition: offset + length <= size().
  virtual ColumnPtr Slice(size_t offset, size_t length) const = 0;
  // Bytes of the rows this column covers (values, offsets, bitmap); a slice reports its share,
  // not the whole shared buffers.
  virtual size_t MemoryBytes() const = 0;

  // Downcast helper: nullptr when this column is not a C.
  template <typename C>
  const C* As() const {
    return dynamic_cast<const C*>(this);
  }

 protected:
  Column(DataType type, Validity validity) : type_(type), validity_(std::move(validity)) {}

  DataType type_;
  Validity validity_;
};

// True when T is the physical value type of `type` (int64_t for Int64 and Timestamp, int32_t for
// Int32 and Date, int128_t for Decimal128, IntervalMonthDayNano for intervals, ...).
template <typename T>
bool IsPhysicalTypeOf(const DataType& type);

// Fixed-width values in one contiguous buffer. Null rows hold an unspecified value (zero when
// built by a builder), so kernels may compute over all rows and mask afterwards.
template <typename T>
class PrimitiveColumn final : public Column {
 public:
  using ValueType = T;

  // Precondition: IsPhysicalTypeOf<T>(type), offset + validity.length() <= values->size().
  PrimitiveColumn(DataType type, std::shared_ptr<const std::vector<T>> values, size_t offset,
                  Validity validity);
  // All rows valid.
  static std::shared_ptr<const PrimitiveColumn> Make(DataType type, std::vector<T> values);

  std::span<const T> values() const { return {values_->data() + offset_, size()}; }
  const T& at(size_t i) const { return (*values_)[offset_ + i]; }

  Value GetValue(size_t i) const override;
  ColumnPtr Slice(size_t offset, size_t length) const override;
  size_t MemoryBytes() const override { return size() * sizeof(T) + validity_.MemoryBytes(); }

 private:
  std::shared_ptr<const std::vector<T>> values_;
  size_t offset_;
};

extern template class PrimitiveColumn<int8_t>;
extern template class PrimitiveColumn<int16_t>;
extern template class PrimitiveColumn<int32_t>;
extern template class PrimitiveColumn<int64_t>;
extern template class PrimitiveColumn<uint8_t>;
extern template class PrimitiveColumn<uint16_t>;
extern template class PrimitiveColumn<uint32_t>;
extern template class PrimitiveColumn<uint64_t>;
extern template class PrimitiveColumn<float>;
extern template class PrimitiveColumn<double>;
extern template class PrimitiveColumn<int128_t>;
extern template class PrimitiveColumn<IntervalMonthDayNano>;

using Int8Column = PrimitiveColumn<int8_t>;
using Int16Column = PrimitiveColumn<int16_t>;
using Int32Column = PrimitiveColumn<int32_t>;
using Int64Column = PrimitiveColumn<int64_t>;
using UInt8Column = PrimitiveColumn<uint8_t>;
using UInt16Column = PrimitiveColumn<uint16_t>;
using UInt32Column = PrimitiveColumn<uint32_t>;
using UInt64Column = PrimitiveColumn<uint64_t>;
using Float32Column = PrimitiveColumn<float>;
using Float64Column = PrimitiveColumn<double>;
using DecimalColumn = PrimitiveColumn<int128_t>;   // unscaled, p/s in type()
using DateColumn = PrimitiveColumn<int32_t>;       // days since epoch
using TimestampColumn = PrimitiveColumn<int64_t>;  // raw values, unit in type()
using IntervalColumn = PrimitiveColumn<IntervalMonthDayNano>;

// Booleans packed 8 per byte, LSB first (bit offset + i).
class BooleanColumn final : public Column {
 public:
  // Precondition: bits cover [offset, offset + validity.length()).
  BooleanColumn(std::shared_ptr<const std::vector<uint8_t>> bits, size_t offset, Validity validity);

  bool at(size_t i) const {
    size_t bit = offset_ + i;
    return ((*bits_)[bit >> 3] >> (bit & 7)) & 1;
  }
  const uint8_t* bits_data() const { return bits_->data(); }
  size_t bits_offset() const { return offset_; }

  Value GetValue(size_t i) const override;
  ColumnPtr Slice(size_t offset, size_t length) const override;
  size_t MemoryBytes() const override { return (size() + 7) / 8 + validity_.MemoryBytes(); }

 private:
  std::shared_ptr<const std::vector<uint8_t>> bits_;
  size_t offset_;
};

// Variable-width bytes of String, Binary or Json columns: row i is
// data()[offsets()[i], offsets()[i + 1]). Offsets are absolute positions in the shared data
// buffer (a slice keeps them), 32-bit as in Arrow's Utf8 layout.
class StringColumn final : public Column {
 public:
  // Precondition: type.is_string_like(); offsets has offset + length + 1 entries,
  // non-decreasing, the last <= data->size().
  StringColumn(DataType type, std::shared_ptr<const std::vector<uint32_t>> offsets,
               std::shared_ptr<const std::string> data, size_t offset, Validity validity);

  std::string_view at(size_t i) const {
    const uint32_t* o = offsets_->data() + offset_ + i;
    return std::string_view(data_->data() + o[0], o[1] - o[0]);
  }
  // size() + 1 entries.
  std::span<const uint32_t> offsets() const { return {offsets_->data() + offset_, size() + 1}; }
  // The whole shared data buffer (index it with offsets()).
  std::string_view data() const { return *data_; }

  Value GetValue(size_t i) const override;
  ColumnPtr Slice(size_t offset, size_t length) const override;
  size_t MemoryBytes() const override;

 private:
  std::shared_ptr<const std::vector<uint32_t>> offsets_;
  std::shared_ptr<const std::string> data_;
  size_t offset_;
};
using BinaryColumn = StringColumn;

// Vector(dim) rows: dim floats per row, row-major in one buffer.
class VectorColumn final : public Column {
 public:
  // Precondition: type.is_vector(), values cover (offset + length) * dim floats.
  VectorColumn(DataType type, std::shared_ptr<const std::vector<float>> values, size_t offset,
               Validity validity);

  uint32_t dim() const { return type_.vector_dim(); }
  std::span<const float> at(size_t i) const {
    return {values_->data() + (offset_ + i) * dim(), dim()};
  }
  // size() * dim() floats.
  std::span<const float> values() const {
    return {values_->data() + offset_ * dim(), size() * dim()};
  }

  Value GetValue(size_t i) const override;
  ColumnPtr Slice(size_t offset, size_t length) const override;
  size_t MemoryBytes() const override {
    return size() * dim() * sizeof(float) + validity_.MemoryBytes();
  }

 private:
  std::shared_ptr<const std::vector<float>> values_;
  size_t offset_;
};

// `length` NULLs of type Null (the type of an untyped NULL literal).
class NullColumn final : public Column {
 public:
  explicit NullColumn(size_t length) : Column(DataType::Null(), Validity::AllNull(length)) {}

  Value GetValue(size_t) const override { return Value(); }
  ColumnPtr Slice(size_t offset, size_t length) const override;
  size_t MemoryBytes() const override { return 0; }
};

// Same type and the same values row by row (NULLs equal; Value equality for floats).
bool ColumnsEqual(const Column& a, const Column& b);

}  // namespace greptime::types
