// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Column builders.
#include "types/column_builder.h"

#include <limits>

namespace greptime::types {
namespace {

// Builds NullColumn for DataType::Null(); only NULLs can be appended.
class NullColumnBuilder final : public ColumnBuilder {
 public:
  NullColumnBuilder() : ColumnBuilder(DataType::Null()) {}
  void Reserve(size_t rows) override { validity_.Reserve(rows); }

 protected:
  void AppendValidValue(const Value&) override { GT_CHECK(false); }
  void AppendNullSlot() override {}
  ColumnPtr FinishColumn(Validity validity) override {
    return std::make_shared<const NullColumn>(validity.length());
  }
};

}  // namespace

void ValidityBuilder::Append(bool valid) {
  if (!valid && bits_.empty()) {
    // First null: materialise the bits of every earlier (valid) row.
    bits_.assign((length_ + 8) / 8, 0);
    for (size_t i = 0; i < length_; ++i) bits_[i >> 3] |= static_cast<uint8_t>(1u << (i & 7));
  }
  if (!bits_.empty()) {
    if ((length_ >> 3) >= bits_.size()) bits_.push_back(0);
    if (valid) bits_[length_ >> 3] |= static_cast<uint8_t>(1u << (length_ & 7));
  }
  if (!valid) ++null_count_;
  ++length_;
}

void ValidityBuilder::Reserve(size_t n) {
  if (!bits_.empty()) bits_.reserve((n + 7) / 8);
}

Validity ValidityBuilder::Finish() {
  Validity v = Validity::AllValid(length_);
  if (!bits_.empty()) {
    bits_.resize((length_ + 7) / 8);
    auto shared = std::make_shared<const std::vector<uint8_t>>(std::move(bits_));
    v = Validity::FromBitmap(std::move(shared), 0, length_);
  }
  bits_.clear();
  length_ = 0;
  null_count_ = 0;
  return v;
}

Status ColumnBuilder::Append(const Value& value) {
  if (value.is_null()) {
    AppendNull();
    return Status::OK();
  }
  if (value.type() != type_) {
    return Status::InvalidArguments("cannot append a {} value to a {} column", value.type().Name(),
                                    type_.Name());
  }
  AppendValidValue(value);
  validity_.Append(true);
  return Status::OK();
}

Status ColumnBuilder::AppendValues(std::span<const Value> values) {
  Reserve(size() + values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    GT_RETURN_IF_ERROR(Append(values[i]).WithContext("row {}", i));
  }
  return Status::OK();
}

void ColumnBuilder::AppendNull() {
  AppendNullSlot();
  validity_.Append(false);
}

ColumnPtr ColumnBuilder::Finish() { return FinishColumn(validity_.Finish()); }

template <typename T>
PrimitiveColumnBuilder<T>::PrimitiveColumnBuilder(DataType type) : ColumnBuilder(type) {
  GT_CHECK(IsPhysicalTypeOf<T>(type));
}

template <typename T>
void PrimitiveColumnBuilder<T>::AppendValidValue(const Value& value) {
  if constexpr (std::is_same_v<T, int8_t>) {
    values_.push_back(value.AsInt8());
  } else if constexpr (std::is_same_v<T, int16_t>) {
    values_.push_back(value.AsInt16());
  } else if constexpr (std::is_same_v<T, int32_t>) {
    values_.push_back(type_.is_date() ? value.AsDate() : value.AsInt32());
  } else if constexpr (std::is_same_v<T, int64_t>) {
    values_.push_back(type_.is_timestamp() ? value.AsTimestamp().value : value.AsInt64());
  } else if constexpr (std::is_same_v<T, uint8_t>) {
    values_.push_back(value.AsUInt8());
  } else if constexpr (std::is_same_v<T, uint16_t>) {
    values_.push_back(value.AsUInt16());
  } else if constexpr (std::is_same_v<T, uint32_t>) {
    values_.push_back(value.AsUInt32());
  } else if constexpr (std::is_same_v<T, uint64_t>) {
    values_.push_back(value.AsUInt64());
  } else if constexpr (std::is_same_v<T, float>) {
    values_.push_back(value.AsFloat32());
  } else if constexpr (std::is_same_v<T, double>) {
    values_.push_back(value.AsFloat64());
  } else if constexpr (std::is_same_v<T, int128_t>) {
    values_.push_back(value.AsDecimal128());
  } else {
    values_.push_back(value.AsInterval());
  }
}

template <typename T>
ColumnPtr PrimitiveColumnBuilder<T>::FinishColumn(Validity validity) {
  auto values = std::make_shared<const std::vector<T>>(std::move(values_));
  values_.clear();
  return std::make_shared<const PrimitiveColumn<T>>(type_, std::move(values), 0,
                                                    std::move(validity));
}

template class PrimitiveColumnBuilder<int8_t>;
template class PrimitiveColumnBuilder<int16_t>;
template class PrimitiveColumnBuilder<int32_t>;
template class PrimitiveColumnBuilder<int64_t>;
template class PrimitiveColumnBuilder<uint8_t>;
template class PrimitiveColumnBuilder<uint16_t>;
template class PrimitiveColumnBuilder<uint32_t>;
template class PrimitiveColumnBuilder<uint64_t>;
template class PrimitiveColumnBuilder<float>;
template class PrimitiveColumnBuilder<double>;
template class PrimitiveColumnBuilder<int128_t>;
template class PrimitiveColumnBuilder<IntervalMonthDayNano>;

void BooleanColumnBuilder::Reserve(size_t rows) {
  bits_.reserve((rows + 7) / 8);
  validity_.Reserve(rows);
}

void BooleanColumnBuilder::PushBit(bool v) {
  if ((length_ >> 3) >= bits_.size()) bits_.push_back(0);
  if (v) bits_[length_ >> 3] |= static_cast<uint8_t>(1u << (length_ & 7));
  ++length_;
}

ColumnPtr BooleanColumnBuilder::FinishColumn(Validity validity) {
  auto bits = std::make_shared<const std::vector<uint8_t>>(std::move(bits_));
  bits_.clear();
  length_ = 0;
  return std::make_shared<const BooleanColumn>(std::move(bits), 0, std::move(validity));
}

StringColumnBuilder::StringColumnBuilder(DataType type) : ColumnBuilder(type) {
  GT_CHECK(type.is_string_like());
}

Status StringColumnBuilder::Append(std::string_view bytes) {
  if (data_.size() + bytes.size() > std::numeric_limits<uint32_t>::max()) {
    return Status::RuntimeResourcesExhausted("{} column exceeds 4 GiB of bytes with {} rows",
                                             type_.Name(), size());
  }
  data_.append(bytes);
  offsets_.push_back(static_cast<uint32_t>(data_.size()));
  validity_.Append(true);
  return Status::OK();
}

void StringColumnBuilder::Reserve(size_t rows) {
  offsets_.reserve(rows + 1);
  validity_.Reserve(rows);
}

void StringColumnBuilder::AppendValidValue(const Value& value) {
  const std::string& bytes = value.AsBytes();
  // Generic appends keep the 32-bit offset invariant by aborting: a 4 GiB column in one batch is
  // a bug of the caller, which should use the checked Append(string_view).
  GT_CHECK(data_.size() + bytes.size() <= std::numeric_limits<uint32_t>::max());
  data_.append(bytes);
  offsets_.push_back(static_cast<uint32_t>(data_.size()));
}

ColumnPtr StringColumnBuilder::FinishColumn(Validity validity) {
  auto offsets = std::make_shared<const std::vector<uint32_t>>(std::move(offsets_));
  auto data = std::make_shared<const std::string>(std::move(data_));
  offsets_.assign(1, 0);
  data_.clear();
  return std::make_shared<const StringColumn>(type_, std::move(offsets), std::move(data), 0,
                                              std::move(validity));
}

Status VectorColumnBuilder::Append(std::span<const float> v) {
  if (v.size() != type_.vector_dim()) {
    return Status::InvalidArguments("cannot append a vector of {} elements to a {} column",
                                    v.size(), type_.Name());
  }
  values_.insert(values_.end(), v.begin(), v.end());
  validity_.Append(true);
  return Status::OK();
}

void VectorColumnBuilder::Reserve(size_t rows) {
  values_.reserve(rows * type_.vector_dim());
  validity_.Reserve(rows);
}

void VectorColumnBuilder::AppendValidValue(const Value& value) {
  const std::vector<float>& v = value.AsVector();
  values_.insert(values_.end(), v.begin(), v.end());
}

ColumnPtr VectorColumnBuilder::FinishColumn(Validity validity) {
  auto values = std::make_shared<const std::vector<float>>(std::move(values_));
  values_.clear();
  return std::make_shared<const VectorColumn>(type_, std::move(values), 0, std::move(validity));
}

std::unique_ptr<ColumnBuilder> MakeColumnBuilder(const DataType& type, size_t capacity) {
  std::unique_ptr<ColumnBuilder> b;
  switch (type.id()) {
    case TypeId::kNull:
      b = std::make_unique<NullColumnBuilder>();
      break;
    case TypeId::kBoolean:
      b = std::make_unique<BooleanColumnBuilder>();
      break;
    case TypeId::kInt8:
      b = std::make_unique<PrimitiveColumnBuilder<int8_t>>(type);
      break;
    case TypeId::kInt16:
      b = std::make_unique<PrimitiveColumnBuilder<int16_t>>(type);
      break;
    case TypeId::kInt32:
    case TypeId::kDate:
      b = std::make_unique<PrimitiveColumnBuilder<int32_t>>(type);
      break;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      b = std::make_unique<PrimitiveColumnBuilder<int64_t>>(type);
      break;
    case TypeId::kUInt8:
      b = std::make_unique<PrimitiveColumnBuilder<uint8_t>>(type);
      break;
    case TypeId::kUInt16:
      b = std::make_unique<PrimitiveColumnBuilder<uint16_t>>(type);
      break;
    case TypeId::kUInt32:
      b = std::make_unique<PrimitiveColumnBuilder<uint32_t>>(type);
      break;
    case TypeId::kUInt64:
      b = std::make_unique<PrimitiveColumnBuilder<uint64_t>>(type);
      break;
    case TypeId::kFloat32:
      b = std::make_unique<PrimitiveColumnBuilder<float>>(type);
      break;
    case TypeId::kFloat64:
      b = std::make_unique<PrimitiveColumnBuilder<double>>(type);
      break;
    case TypeId::kDecimal128:
      b = std::make_unique<PrimitiveColumnBuilder<int128_t>>(type);
      break;
    case TypeId::kIntervalMonthDayNano:
      b = std::make_unique<PrimitiveColumnBuilder<IntervalMonthDayNano>>(type);
      break;
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kJson:
      b = std::make_unique<StringColumnBuilder>(type);
      break;
    case TypeId::kVector:
      b = std::make_unique<VectorColumnBuilder>(type);
      break;
  }
  GT_CHECK(b != nullptr);
  if (capacity > 0) b->Reserve(capacity);
  return b;
}

Result<ColumnPtr> MakeColumn(const DataType& type, std::span<const Value> values) {
  auto builder = MakeColumnBuilder(type, values.size());
  GT_RETURN_IF_ERROR(builder->AppendValues(values));
  return builder->Finish();
}

ColumnPtr MakeConstantColumn(const DataType& type, const Value& value, size_t length) {
  GT_CHECK(value.is_null() || value.type() == type);
  auto builder = MakeColumnBuilder(type, length);
  for (size_t i = 0; i < length; ++i) {
    if (value.is_null()) {
      builder->AppendNull();
    } else {
      GT_CHECK(builder->Append(value).ok());
    }
  }
  return builder->Finish();
}

}  // namespace greptime::types
