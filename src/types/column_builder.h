// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Builders that append rows and Finish() into immutable columns: a generic ColumnBuilder
// (Append(Value) with type checks, for any DataType) and typed builders with raw fast paths.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "types/column.h"
#include "types/data_type.h"
#include "types/value.h"

namespace greptime::types {

// Collects validity bits; the bitmap is only materialised once a null is appended.
class ValidityBuilder {
 public:
  void Append(bool valid);
  void Reserve(size_t n);
  size_t size() const { return length_; }
  // Returns the validity of the appended rows and resets to empty.
  Validity Finish();

 private:
  std::vector<uint8_t> bits_;  // empty while every row is valid
  size_t length_ = 0;
  size_t null_count_ = 0;
};

// Appends rows of one DataType. Not thread-safe; one builder per writer.
class ColumnBuilder {
 public:
  virtual ~ColumnBuilder() = default;

  const DataType& type() const { return type_; }
  size_t size() const { return validity_.size(); }

  // Appends `value`; a NULL appends a null row. kInvalidArguments when value.type() differs
  // from type() (cast first: Value::CastTo); the builder is unchanged then.
  Status Append(const Value& value);
  Status AppendValues(std::span<const Value> values);
  void AppendNull();
  virtual void Reserve(size_t rows) = 0;
  // Returns the built column and resets the builder to empty (reusable).
  ColumnPtr Finish();

 protected:
  explicit ColumnBuilder(DataType type) : type_(type) {}

  // Precondition: value.type() == type(), not NULL.
  virtual void AppendValidValue(const Value& value) = 0;
  // Appends the placeholder value of a null row.
  virtual void AppendNullSlot() = 0;
  virtual ColumnPtr FinishColumn(Validity validity) = 0;

  DataType type_;
  ValidityBuilder validity_;
};

// A builder for any type: PrimitiveColumnBuilder, BooleanColumnBuilder, StringColumnBuilder,
// VectorColumnBuilder or a builder of NullColumn for DataType::Null().
std::unique_ptr<ColumnBuilder> MakeColumnBuilder(const DataType& type, size_t capacity = 0);

// Builds a column from values (all of `type` or NULL). Errors as ColumnBuilder::Append.
Result<ColumnPtr> MakeColumn(const DataType& type, std::span<const Value> values);
// `length` copies of `value` (NULL gives nulls of `type`). Precondition: value is NULL or of
// `type`.
ColumnPtr MakeConstantColumn(const DataType& type, const Value& value, size_t length);

template <typename T>
class PrimitiveColumnBuilder final : public ColumnBuilder {
 public:
  // Precondition: IsPhysicalTypeOf<T>(type).
  explicit PrimitiveColumnBuilder(DataType type);

  using ColumnBuilder::Append;
  void Append(T v) {
    values_.push_back(v);
    validity_.Append(true);
  }
  void Reserve(size_t rows) override {
    values_.reserve(rows);
    validity_.Reserve(rows);
  }

 protected:
  void AppendValidValue(const Value& value) override;
  void AppendNullSlot() override { values_.push_back(T{}); }
  ColumnPtr FinishColumn(Validity validity) override;

 private:
  std::vector<T> values_;
};

extern template class PrimitiveColumnBuilder<int8_t>;
extern template class PrimitiveColumnBuilder<int16_t>;
extern template class PrimitiveColumnBuilder<int32_t>;
extern template class PrimitiveColumnBuilder<int64_t>;
extern template class PrimitiveColumnBuilder<uint8_t>;
extern template class PrimitiveColumnBuilder<uint16_t>;
extern template class PrimitiveColumnBuilder<uint32_t>;
extern template class PrimitiveColumnBuilder<uint64_t>;
extern template class PrimitiveColumnBuilder<float>;
extern template class PrimitiveColumnBuilder<double>;
extern template class PrimitiveColumnBuilder<int128_t>;
extern template class PrimitiveColumnBuilder<IntervalMonthDayNano>;

class BooleanColumnBuilder final : public ColumnBuilder {
 public:
  BooleanColumnBuilder() : ColumnBuilder(DataType::Boolean()) {}

  using ColumnBuilder::Append;
  void Append(bool v) {
    PushBit(v);
    validity_.Append(true);
  }
  void Reserve(size_t rows) override;

 protected:
  void AppendValidValue(const Value& value) override { PushBit(value.AsBoolean()); }
  void AppendNullSlot() override { PushBit(false); }
  ColumnPtr FinishColumn(Validity validity) override;

 private:
  void PushBit(bool v);

  std::vector<uint8_t> bits_;
  size_t length_ = 0;
};

// String, Binary and Json columns.
class StringColumnBuilder final : public ColumnBuilder {
 public:
  // Precondition: type.is_string_like().
  explicit StringColumnBuilder(DataType type = DataType::String());

  using ColumnBuilder::Append;
  // Fails (kRuntimeResourcesExhausted) once the column would pass 4 GiB of bytes, the limit of
  // 32-bit offsets.
  Status Append(std::string_view bytes);
  void Reserve(size_t rows) override;
  // Bytes appended so far.
  size_t data_size() const { return data_.size(); }

 protected:
  void AppendValidValue(const Value& value) override;
  void AppendNullSlot() override { offsets_.push_back(static_cast<uint32_t>(data_.size())); }
  ColumnPtr FinishColumn(Validity validity) override;

 private:
  std::vector<uint32_t> offsets_{0};
  std::string data_;
};
using BinaryColumnBuilder = StringColumnBuilder;

class VectorColumnBuilder final : public ColumnBuilder {
 public:
  // Precondition: type.is_vector().
  explicit VectorColumnBuilder(DataType type) : ColumnBuilder(type) {}

  using ColumnBuilder::Append;
  // kInvalidArguments when v.size() != dim.
  Status Append(std::span<const float> v);
  void Reserve(size_t rows) override;

 protected:
  void AppendValidValue(const Value& value) override;
  void AppendNullSlot() override { values_.resize(values_.size() + type_.vector_dim(), 0.0f); }
  ColumnPtr FinishColumn(Validity validity) override;

 private:
  std::vector<float> values_;
};

}  // namespace greptime::types
