// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Column layouts: validity bitmaps, row access, slicing.
#include "types/column.h"

#include <bit>

namespace greptime::types {
namespace {

size_t CountValidBits(const std::vector<uint8_t>& bits, size_t offset, size_t length) {
  size_t valid = 0;
  size_t i = 0;
  // Leading bits up to a byte boundary, whole bytes, then the tail.
  while (i < length && ((offset + i) & 7) != 0) {
    size_t bit = offset + i;
    valid += (bits[bit >> 3] >> (bit & 7)) & 1;
    ++i;
  }
  while (i + 8 <= length) {
    valid += static_cast<size_t>(std::popcount(bits[(offset + i) >> 3]));
    i += 8;
  }
  while (i < length) {
    size_t bit = offset + i;
    valid += (bits[bit >> 3] >> (bit & 7)) & 1;
    ++i;
  }
  return valid;
}

}  // namespace

Validity Validity::FromBitmap(std::shared_ptr<const std::vector<uint8_t>> bits, size_t offset,
                              size_t length) {
  GT_CHECK(bits != nullptr && (offset + length + 7) / 8 <= bits->size());
  size_t nulls = length - CountValidBits(*bits, offset, length);
  return Validity(std::move(bits), offset, length, nulls);
}

Validity Validity::Slice(size_t offset, size_t length) const {
  GT_CHECK(offset + length <= length_);
  if (bits_ == nullptr) return Validity(nullptr, 0, length, null_count_ == 0 ? 0 : length);
  return FromBitmap(bits_, offset_ + offset, length);
}

template <typename T>
bool IsPhysicalTypeOf(const DataType& type) {
  switch (type.id()) {
    case TypeId::kInt8:
      return std::is_same_v<T, int8_t>;
    case TypeId::kInt16:
      return std::is_same_v<T, int16_t>;
    case TypeId::kInt32:
    case TypeId::kDate:
      return std::is_same_v<T, int32_t>;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return std::is_same_v<T, int64_t>;
    case TypeId::kUInt8:
      return std::is_same_v<T, uint8_t>;
    case TypeId::kUInt16:
      return std::is_same_v<T, uint16_t>;
    case TypeId::kUInt32:
      return std::is_same_v<T, uint32_t>;
    case TypeId::kUInt64:
      return std::is_same_v<T, uint64_t>;
    case TypeId::kFloat32:
      return std::is_same_v<T, float>;
    case TypeId::kFloat64:
      return std::is_same_v<T, double>;
    case TypeId::kDecimal128:
      return std::is_same_v<T, int128_t>;
    case TypeId::kIntervalMonthDayNano:
      return std::is_same_v<T, IntervalMonthDayNano>;
    default:
      return false;
  }
}

template <typename T>
PrimitiveColumn<T>::PrimitiveColumn(DataType type, std::shared_ptr<const std::vector<T>> values,
                                    size_t offset, Validity validity)
    : Column(type, std::move(validity)), values_(std::move(values)), offset_(offset) {
  GT_CHECK(IsPhysicalTypeOf<T>(type_));
  GT_CHECK(values_ != nullptr && offset_ + size() <= values_->size());
}

template <typename T>
std::shared_ptr<const PrimitiveColumn<T>> PrimitiveColumn<T>::Make(DataType type,
                                                                   std::vector<T> values) {
  size_t n = values.size();
  return std::make_shared<const PrimitiveColumn<T>>(
      type, std::make_shared<const std::vector<T>>(std::move(values)), 0, Validity::AllValid(n));
}

template <typename T>
Value PrimitiveColumn<T>::GetValue(size_t i) const {
  if (IsNull(i)) return Value();
  const T& v = at(i);
  if constexpr (std::is_same_v<T, int8_t>) {
    return Value::Int8(v);
  } else if constexpr (std::is_same_v<T, int16_t>) {
    return Value::Int16(v);
  } else if constexpr (std::is_same_v<T, int32_t>) {
    return type_.is_date() ? Value::Date(v) : Value::Int32(v);
  } else if constexpr (std::is_same_v<T, int64_t>) {
    return type_.is_timestamp() ? Value::Timestamp(v, type_.time_unit()) : Value::Int64(v);
  } else if constexpr (std::is_same_v<T, uint8_t>) {
    return Value::UInt8(v);
  } else if constexpr (std::is_same_v<T, uint16_t>) {
    return Value::UInt16(v);
  } else if constexpr (std::is_same_v<T, uint32_t>) {
    return Value::UInt32(v);
  } else if constexpr (std::is_same_v<T, uint64_t>) {
    return Value::UInt64(v);
  } else if constexpr (std::is_same_v<T, float>) {
    return Value::Float32(v);
  } else if constexpr (std::is_same_v<T, double>) {
    return Value::Float64(v);
  } else if constexpr (std::is_same_v<T, int128_t>) {
    return Value::Decimal128(v, type_.precision(), type_.scale());
  } else {
    return Value::Interval(v);
  }
}

template <typename T>
ColumnPtr PrimitiveColumn<T>::Slice(size_t offset, size_t length) const {
  return std::make_shared<const PrimitiveColumn<T>>(type_, values_, offset_ + offset,
                                                    validity_.Slice(offset, length));
}

template class PrimitiveColumn<int8_t>;
template class PrimitiveColumn<int16_t>;
template class PrimitiveColumn<int32_t>;
template class PrimitiveColumn<int64_t>;
template class PrimitiveColumn<uint8_t>;
template class PrimitiveColumn<uint16_t>;
template class PrimitiveColumn<uint32_t>;
template class PrimitiveColumn<uint64_t>;
template class PrimitiveColumn<float>;
template class PrimitiveColumn<double>;
template class PrimitiveColumn<int128_t>;
template class PrimitiveColumn<IntervalMonthDayNano>;

template bool IsPhysicalTypeOf<int8_t>(const DataType&);
template bool IsPhysicalTypeOf<int16_t>(const DataType&);
template bool IsPhysicalTypeOf<int32_t>(const DataType&);
template bool IsPhysicalTypeOf<int64_t>(const DataType&);
template bool IsPhysicalTypeOf<uint8_t>(const DataType&);
template bool IsPhysicalTypeOf<uint16_t>(const DataType&);
template bool IsPhysicalTypeOf<uint32_t>(const DataType&);
template bool IsPhysicalTypeOf<uint64_t>(const DataType&);
template bool IsPhysicalTypeOf<float>(const DataType&);
template bool IsPhysicalTypeOf<double>(const DataType&);
template bool IsPhysicalTypeOf<int128_t>(const DataType&);
template bool IsPhysicalTypeOf<IntervalMonthDayNano>(const DataType&);

BooleanColumn::BooleanColumn(std::shared_ptr<const std::vector<uint8_t>> bits, size_t offset,
                             Validity validity)
    : Column(DataType::Boolean(), std::move(validity)), bits_(std::move(bits)), offset_(offset) {
  GT_CHECK(bits_ != nullptr && (offset_ + size() + 7) / 8 <= bits_->size());
}

Value BooleanColumn::GetValue(size_t i) const {
  if (IsNull(i)) return Value();
  return Value::Boolean(at(i));
}

ColumnPtr BooleanColumn::Slice(size_t offset, size_t length) const {
  return std::make_shared<const BooleanColumn>(bits_, offset_ + offset,
                                               validity_.Slice(offset, length));
}

StringColumn::StringColumn(DataType type, std::shared_ptr<const std::vector<uint32_t>> offsets,
                           std::shared_ptr<const std::string> data, size_t offset,
                           Validity validity)
    : Column(type, std::move(validity)),
      offsets_(std::move(offsets)),
      data_(std::move(data)),
      offset_(offset) {
  GT_CHECK(type_.is_string_like());
  GT_CHECK(offsets_ != nullptr && data_ != nullptr);
  GT_CHECK(offset_ + size() + 1 <= offsets_->size());
  GT_CHECK((*offsets_)[offset_ + size()] <= data_->size());
}

Value StringColumn::GetValue(size_t i) const {
  if (IsNull(i)) return Value();
  std::string bytes(at(i));
  switch (type_.id()) {
    case TypeId::kBinary:
      return Value::Binary(std::move(bytes));
    case TypeId::kJson:
      return Value::Json(std::move(bytes));
    default:
      return Value::String(std::move(bytes));
  }
}

ColumnPtr StringColumn::Slice(size_t offset, size_t length) const {
  return std::make_shared<const StringColumn>(type_, offsets_, data_, offset_ + offset,
                                              validity_.Slice(offset, length));
}

size_t StringColumn::MemoryBytes() const {
  std::span<const uint32_t> o = offsets();
  return o.size() * sizeof(uint32_t) + (o.back() - o.front()) + validity_.MemoryBytes();
}

VectorColumn::VectorColumn(DataType type, std::shared_ptr<const std::vector<float>> values,
                           size_t offset, Validity validity)
    : Column(type, std::move(validity)), values_(std::move(values)), offset_(offset) {
  GT_CHECK(type_.is_vector() && values_ != nullptr);
  GT_CHECK((offset_ + size()) * dim() <= values_->size());
}

Value VectorColumn::GetValue(size_t i) const {
  if (IsNull(i)) return Value();
  std::span<const float> v = at(i);
  return Value::Vector(std::vector<float>(v.begin(), v.end()));
}

ColumnPtr VectorColumn::Slice(size_t offset, size_t length) const {
  return std::make_shared<const VectorColumn>(type_, values_, offset_ + offset,
                                              validity_.Slice(offset, length));
}

ColumnPtr NullColumn::Slice(size_t offset, size_t length) const {
  GT_CHECK(offset + length <= size());
  return std::make_shared<const NullColumn>(length);
}

bool ColumnsEqual(const Column& a, const Column& b) {
  if (a.type() != b.type() || a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a.GetValue(i) != b.GetValue(i)) return false;
  }
  return true;
}

}  // namespace greptime::types
