// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// ColumnBuffer implementations, one per physical layout of types/column.h.
#include "types/column_buffer.h"

#include <algorithm>
#include <limits>
#include <string>

namespace greptime::types {

using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::TypeId;
using types::Validity;

// ---------------------------------------------------------------------------------------------
// ValidityBuffer
// ---------------------------------------------------------------------------------------------

void ValidityBuffer::Materialize() {
  // Rows so far are valid; bits past size_ in the last byte are rewritten by PushBit.
  bits_.assign((size_ + 7) / 8, 0xFF);
}

void ValidityBuffer::PushBit(bool valid) {
  if ((size_ & 7) == 0) bits_.push_back(0);
  uint8_t mask = static_cast<uint8_t>(1u << (size_ & 7));
  if (valid) {
    bits_[size_ >> 3] |= mask;
  } else {
    bits_[size_ >> 3] &= static_cast<uint8_t>(~mask);
  }
  ++size_;
}

void ValidityBuffer::AppendValid(size_t n) {
  if (bits_.empty()) {
    size_ += n;
    return;
  }
  for (size_t i = 0; i < n; ++i) PushBit(true);
}

void ValidityBuffer::AppendNull(size_t n) {
  if (n == 0) return;
  if (bits_.empty()) Materialize();
  for (size_t i = 0; i < n; ++i) PushBit(false);
  null_count_ += n;
}

void ValidityBuffer::AppendFrom(const Validity& v, const RowSelection& sel) {
  if (v.null_count() == 0) {
    AppendValid(sel.length);
  } else if (!v.has_bitmap()) {
    AppendNull(sel.length);
  } else {
    for (size_t k = 0; k < sel.length; ++k) {
      if (v.IsValid(sel.at(k))) {
        AppendValid(1);
      } else {
        AppendNull(1);
      }
    }
  }
}

Validity ValidityBuffer::Take(const RowSelection& sel) const {
  size_t n = sel.length;
  if (bits_.empty()) return Validity::AllValid(n);
  auto out = std::make_shared<std::vector<uint8_t>>((n + 7) / 8, 0);
  size_t nulls = 0;
  for (size_t k = 0; k < n; ++k) {
    if (IsValid(sel.at(k))) {
      (*out)[k >> 3] |= static_cast<uint8_t>(1u << (k & 7));
    } else {
      ++nulls;
    }
  }
  if (nulls == 0) return Validity::AllValid(n);
  return Validity::FromBitmap(std::move(out), 0, n);
}

Validity ValidityBuffer::Finish() {
  Validity v = bits_.empty()
                   ? Validity::AllValid(size_)
                   : Validity::FromBitmap(
                         std::make_shared<const std::vector<uint8_t>>(std::move(bits_)), 0, size_);
  bits_ = {};
  size_ = 0;
  null_count_ = 0;
  return v;
}

void ValidityBuffer::Truncate(size_t rows) {
  GT_CHECK(rows <= size_);
  size_ = rows;
  if (bits_.empty()) return;
  bits_.resize((rows + 7) / 8);
  null_count_ = 0;
  for (size_t i = 0; i < rows; ++i) null_count_ += IsValid(i) ? 0 : 1;
}

void ValidityBuffer::Reserve(size_t rows) {
  if (!bits_.empty()) bits_.reserve((rows + 7) / 8);
}

// ---------------------------------------------------------------------------------------------
// Layouts
// ---------------------------------------------------------------------------------------------

namespace {

// The layout class of a column follows from its type (each Column constructor checks it), and
// callers compare types first, so a static downcast is safe; debug builds verify it.
template <typename C>
const C& Downcast(const Column& column) {
#ifndef NDEBUG
  GT_CHECK(dynamic_cast<const C*>(&column) != nullptr);
#endif
  return static_cast<const C&>(column);
}

Status WrongColumnClass(const DataType& type) {
  return Status::Internal("column of type {} has an unexpected layout", type.Name());
}

// Grows like push_back (amortized doubling) before appending n elements one by one.
template <typename V>
void ReserveMore(V& v, size_t n) {
  if (v.size() + n > v.capacity()) v.reserve(std::max(v.size() + n, 2 * v.capacity()));
}

template <typename T>
class PrimitiveBuffer final : public ColumnBuffer {
 public:
  explicit PrimitiveBuffer(DataType type) : ColumnBuffer(type) {}
  void Reserve(size_t rows) override {
    values_.reserve(rows);
    validity_.Reserve(rows);
  }

 protected:
  Status AppendValues(const Column& src, const RowSelection& sel) override {
    std::span<const T> v = Downcast<types::PrimitiveColumn<T>>(src).values();
    if (sel.is_range()) {
      values_.insert(values_.end(), v.begin() + sel.offset, v.begin() + sel.offset + sel.length);
    } else {
      ReserveMore(values_, sel.length);
      for (size_t k = 0; k < sel.length; ++k) values_.push_back(v[sel.indices[k]]);
    }
    return Status::OK();
  }
  void AppendNullValues(size_t n) override { values_.resize(values_.size() + n, T{}); }
  ColumnPtr TakeValues(const RowSelection& sel, Validity validity) const override {
    std::vector<T> out;
    if (sel.is_range()) {
      out.assign(values_.begin() + sel.offset, values_.begin() + sel.offset + sel.length);
    } else {
      out.resize(sel.length);
      for (size_t k = 0; k < sel.length; ++k) out[k] = values_[sel.indices[k]];
    }
    return Make(std::move(out), std::move(validity));
  }
  ColumnPtr FinishValues(Validity validity) override {
    std::vector<T> out = std::move(values_);
    values_ = {};
    return Make(std::move(out), std::move(validity));
  }
  void TruncateValues(size_t rows) override { values_.resize(rows); }
  size_t DataBytes() const override { return values_.capacity() * sizeof(T); }
  size_t ObjectBytes() const override { return sizeof(*this); }

 private:
  ColumnPtr Make(std::vector<T> values, Validity validity) const {
    return std::make_shared<const types::PrimitiveColumn<T>>(
        type_, std::make_shared<const std::vector<T>>(std::move(values)), 0, std::move(validity));
  }

  std::vector<T> values_;
};

// One byte per row while buffered; bit-packed when copied out.
class BooleanBuffer final : public ColumnBuffer {
 public:
  BooleanBuffer() : ColumnBuffer(DataType::Boolean()) {}
  void Reserve(size_t rows) override {
    values_.reserve(rows);
    validity_.Reserve(rows);
  }

 protected:
  Status AppendValues(const Column& src, const RowSelection& sel) override {
    const auto& col = Downcast<types::BooleanColumn>(src);
    ReserveMore(values_, sel.length);
    for (size_t k = 0; k < sel.length; ++k) values_.push_back(col.at(sel.at(k)) ? 1 : 0);
    return Status::OK();
  }
  void AppendNullValues(size_t n) override { values_.resize(values_.size() + n, 0); }
  ColumnPtr TakeValues(const RowSelection& sel, Validity validity) const override {
    auto bits = std::make_shared<std::vector<uint8_t>>((sel.length + 7) / 8, 0);
    for (size_t k = 0; k < sel.length; ++k) {
      if (values_[sel.at(k)] != 0) (*bits)[k >> 3] |= static_cast<uint8_t>(1u << (k & 7));
    }
    return std::make_shared<const types::BooleanColumn>(std::move(bits), 0, std::move(validity));
  }
  ColumnPtr FinishValues(Validity validity) override {
    ColumnPtr out = TakeValues(RowSelection::Range(0, values_.size()), std::move(validity));
    values_ = {};
    return out;
  }
  void TruncateValues(size_t rows) override { values_.resize(rows); }
  size_t DataBytes() const override { return values_.capacity(); }
  size_t ObjectBytes() const override { return sizeof(*this); }

 private:
  std::vector<uint8_t> values_;
};

// String, Binary and Json.
class StringBuffer final : public ColumnBuffer {
 public:
  explicit StringBuffer(DataType type) : ColumnBuffer(type) {}
  void Reserve(size_t rows) override {
    offsets_.reserve(rows + 1);
    validity_.Reserve(rows);
  }

 protected:
  Status AppendValues(const Column& src, const RowSelection& sel) override {
    const auto& col = Downcast<types::StringColumn>(src);
    size_t bytes = 0;
    for (size_t k = 0; k < sel.length; ++k) bytes += col.at(sel.at(k)).size();
    GT_RETURN_IF_ERROR(CheckCapacity(bytes));
    data_.reserve(GrownCapacity(data_.size() + bytes));
    ReserveMore(offsets_, sel.length);
    for (size_t k = 0; k < sel.length; ++k) {
      data_.append(col.at(sel.at(k)));
      offsets_.push_back(static_cast<uint32_t>(data_.size()));
    }
    return Status::OK();
  }
  void AppendNullValues(size_t n) override {
    offsets_.resize(offsets_.size() + n, static_cast<uint32_t>(data_.size()));
  }
  ColumnPtr TakeValues(const RowSelection& sel, Validity validity) const override {
    auto offsets = std::make_shared<std::vector<uint32_t>>();
    auto data = std::make_shared<std::string>();
    offsets->reserve(sel.length + 1);
    offsets->push_back(0);
    size_t bytes = 0;
    for (size_t k = 0; k < sel.length; ++k) bytes += RowSize(sel.at(k));
    data->reserve(bytes);
    for (size_t k = 0; k < sel.length; ++k) {
      size_t r = sel.at(k);
      data->append(data_, offsets_[r], offsets_[r + 1] - offsets_[r]);
      offsets->push_back(static_cast<uint32_t>(data->size()));
    }
    return std::make_shared<const types::StringColumn>(type_, std::move(offsets), std::move(data),
                                                       0, std::move(validity));
  }
  ColumnPtr FinishValues(Validity validity) override {
    auto offsets = std::make_shared<const std::vector<uint32_t>>(std::move(offsets_));
    auto data = std::make_shared<const std::string>(std::move(data_));
    offsets_ = {0};
    data_ = {};
    return std::make_shared<const types::StringColumn>(type_, std::move(offsets), std::move(data),
                                                       0, std::move(validity));
  }
  void TruncateValues(size_t rows) override {
    data_.resize(offsets_[rows]);
    offsets_.resize(rows + 1);
  }
  size_t DataBytes() const override {
    return offsets_.capacity() * sizeof(uint32_t) + data_.capacity();
  }
  size_t ObjectBytes() const override { return sizeof(*this); }

 private:
  size_t RowSize(size_t r) const { return offsets_[r + 1] - offsets_[r]; }
  Status CheckCapacity(size_t more) const {
    if (data_.size() + more > std::numeric_limits<uint32_t>::max()) {
      return Status::RuntimeResourcesExhausted("{} column buffer would pass 4 GiB of bytes",
                                               type_.Name());
    }
    return Status::OK();
  }
  // std::string::reserve allocates exactly what is asked; keep appends amortized O(1).
  size_t GrownCapacity(size_t needed) const {
    return needed <= data_.capacity() ? data_.capacity() : std::max(needed, data_.capacity() * 2);
  }

  std::vector<uint32_t> offsets_{0};
  std::string data_;
};

class VectorBuffer final : public ColumnBuffer {
 public:
  explicit VectorBuffer(DataType type) : ColumnBuffer(type), dim_(type.vector_dim()) {}
  void Reserve(size_t rows) override {
    values_.reserve(rows * dim_);
    validity_.Reserve(rows);
  }

 protected:
  Status AppendValues(const Column& src, const RowSelection& sel) override {
    const auto& col = Downcast<types::VectorColumn>(src);
    ReserveMore(values_, sel.length * dim_);
    for (size_t k = 0; k < sel.length; ++k) {
      std::span<const float> v = col.at(sel.at(k));
      values_.insert(values_.end(), v.begin(), v.end());
    }
    return Status::OK();
  }
  void AppendNullValues(size_t n) override { values_.resize(values_.size() + n * dim_, 0.0f); }
  ColumnPtr TakeValues(const RowSelection& sel, Validity validity) const override {
    auto out = std::make_shared<std::vector<float>>();
    out->reserve(sel.length * dim_);
    for (size_t k = 0; k < sel.length; ++k) {
      auto begin = values_.begin() + static_cast<std::ptrdiff_t>(sel.at(k) * dim_);
      out->insert(out->end(), begin, begin + dim_);
    }
    return std::make_shared<const types::VectorColumn>(type_, std::move(out), 0,
                                                       std::move(validity));
  }
  ColumnPtr FinishValues(Validity validity) override {
    auto out = std::make_shared<const std::vector<float>>(std::move(values_));
    values_ = {};
    return std::make_shared<const types::VectorColumn>(type_, std::move(out), 0,
                                                       std::move(validity));
  }
  void TruncateValues(size_t rows) override { values_.resize(rows * dim_); }
  size_t DataBytes() const override { return values_.capacity() * sizeof(float); }
  size_t ObjectBytes() const override { return sizeof(*this); }

 private:
  size_t dim_;
  std::vector<float> values_;
};

class NullBuffer final : public ColumnBuffer {
 public:
  NullBuffer() : ColumnBuffer(DataType::Null()) {}
  void Reserve(size_t) override {}

 protected:
  Status AppendValues(const Column& src, const RowSelection&) override {
    return WrongColumnClass(src.type());
  }
  void AppendNullValues(size_t) override {}
  ColumnPtr TakeValues(const RowSelection& sel, Validity) const override {
    return std::make_shared<const types::NullColumn>(sel.length);
  }
  ColumnPtr FinishValues(Validity validity) override {
    return std::make_shared<const types::NullColumn>(validity.length());
  }
  void TruncateValues(size_t) override {}
  size_t DataBytes() const override { return 0; }
  size_t ObjectBytes() const override { return sizeof(*this); }
};

}  // namespace

std::unique_ptr<ColumnBuffer> ColumnBuffer::Make(const DataType& type) {
  switch (type.id()) {
    case TypeId::kNull:
      return std::make_unique<NullBuffer>();
    case TypeId::kBoolean:
      return std::make_unique<BooleanBuffer>();
    case TypeId::kInt8:
      return std::make_unique<PrimitiveBuffer<int8_t>>(type);
    case TypeId::kInt16:
      return std::make_unique<PrimitiveBuffer<int16_t>>(type);
    case TypeId::kInt32:
    case TypeId::kDate:
      return std::make_unique<PrimitiveBuffer<int32_t>>(type);
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return std::make_unique<PrimitiveBuffer<int64_t>>(type);
    case TypeId::kUInt8:
      return std::make_unique<PrimitiveBuffer<uint8_t>>(type);
    case TypeId::kUInt16:
      return std::make_unique<PrimitiveBuffer<uint16_t>>(type);
    case TypeId::kUInt32:
      return std::make_unique<PrimitiveBuffer<uint32_t>>(type);
    case TypeId::kUInt64:
      return std::make_unique<PrimitiveBuffer<uint64_t>>(type);
    case TypeId::kFloat32:
      return std::make_unique<PrimitiveBuffer<float>>(type);
    case TypeId::kFloat64:
      return std::make_unique<PrimitiveBuffer<double>>(type);
    case TypeId::kDecimal128:
      return std::make_unique<PrimitiveBuffer<types::int128_t>>(type);
    case TypeId::kIntervalMonthDayNano:
      return std::make_unique<PrimitiveBuffer<types::IntervalMonthDayNano>>(type);
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kJson:
      return std::make_unique<StringBuffer>(type);
    case TypeId::kVector:
      return std::make_unique<VectorBuffer>(type);
  }
  GT_CHECK(false);
  return nullptr;
}

Status ColumnBuffer::Append(const Column& src, const RowSelection& sel) {
  if (sel.length == 0) return Status::OK();
  GT_CHECK(!sel.is_range() || sel.offset + sel.length <= src.size());
  if (src.type().is_null()) {
    AppendNulls(sel.length);
    return Status::OK();
  }
  if (src.type() != type_) {
    return Status::InvalidArguments("cannot append a {} column to a {} column", src.type().Name(),
                                    type_.Name());
  }
  GT_RETURN_IF_ERROR(AppendValues(src, sel));
  validity_.AppendFrom(src.validity(), sel);
  return Status::OK();
}

void ColumnBuffer::AppendNulls(size_t n) {
  AppendNullValues(n);
  validity_.AppendNull(n);
}

ColumnPtr ColumnBuffer::Take(const RowSelection& sel) const {
  GT_CHECK(!sel.is_range() || sel.offset + sel.length <= size());
  return TakeValues(sel, validity_.Take(sel));
}

void ColumnBuffer::Truncate(size_t rows) {
  TruncateValues(rows);
  validity_.Truncate(rows);
}

ColumnPtr ColumnBuffer::Finish() { return FinishValues(validity_.Finish()); }

}  // namespace greptime::types
