// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The mutation payload codec: varints for counts, raw little-endian buffers for column values
// (memcpy in and out), every read bounds-checked.
#include "storage/wal/mutation_codec.h"

#include <bit>
#include <cstring>
#include <memory>
#include <type_traits>
#include <utility>

#include "types/column.h"
#include "types/data_type.h"
#include "types/schema.h"

namespace greptime::storage {

// Column buffers are copied as they sit in memory; the format is little-endian.
static_assert(std::endian::native == std::endian::little, "the WAL codec assumes little-endian");
static_assert(sizeof(types::IntervalMonthDayNano) == 16, "interval must be packed in 16 bytes");
static_assert(sizeof(types::int128_t) == 16);

namespace {

using types::Column;
using types::ColumnPtr;
using types::ColumnSchema;
using types::DataType;
using types::Schema;
using types::SchemaPtr;
using types::TypeId;
using types::Validity;

constexpr uint8_t kFormatVersion = 1;
// Schema tags of a batch.
constexpr uint8_t kNoSchema = 0;      // a default-constructed RecordBatch
constexpr uint8_t kInlineSchema = 1;  // the schema follows
constexpr uint8_t kSameSchema = 2;    // the previous mutation's schema
// Column layout flags.
constexpr uint8_t kNullColumn = 1;    // a NullColumn: nothing follows
constexpr uint8_t kHasBitmap = 2;     // a validity bitmap of ceil(rows / 8) bytes follows
constexpr uint8_t kAllNull = 4;       // every row null without a bitmap
constexpr uint8_t kKnownColumnFlags = kNullColumn | kHasBitmap | kAllNull;
constexpr uint8_t kNullable = 1;
// Rows of one batch; string offsets are 32-bit, and it bounds NULL-only batches.
constexpr uint64_t kMaxRows = UINT32_MAX;

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

void PutU8(std::string& out, uint8_t v) { out.push_back(static_cast<char>(v)); }

void PutVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void PutRaw(std::string& out, const void* data, size_t n) {
  if (n > 0) out.append(static_cast<const char*>(data), n);
}

// Appends bits [offset, offset + n) of `src` re-based to bit 0, unused high bits zero.
void PutBits(std::string& out, const uint8_t* src, size_t offset, size_t n) {
  size_t bytes = (n + 7) / 8;
  size_t start = out.size();
  if (offset % 8 == 0) {
    out.append(reinterpret_cast<const char*>(src + offset / 8), bytes);
  } else {
    out.resize(start + bytes);
    char* dst = out.data() + start;
    size_t shift = offset % 8;
    const uint8_t* s = src + offset / 8;
    for (size_t i = 0; i < bytes; ++i) {
      // The byte after s[i] exists only while it holds bits of the range.
      unsigned hi = (i * 8 + (8 - shift) < n) ? s[i + 1] : 0;
      dst[i] = static_cast<char>((s[i] >> shift) | (hi << (8 - shift)));
    }
  }
  if (n % 8 != 0) out[start + bytes - 1] &= static_cast<char>((1u << (n % 8)) - 1);
}

void PutDataType(std::string& out, const DataType& type) {
  PutU8(out, static_cast<uint8_t>(type.id()));
  switch (type.id()) {
    case TypeId::kDecimal128:
      PutU8(out, static_cast<uint8_t>(type.precision()));
      PutU8(out, static_cast<uint8_t>(type.scale()));
      break;
    case TypeId::kTimestamp:
      PutU8(out, static_cast<uint8_t>(type.time_unit()));
      break;
    case TypeId::kVector:
      PutVarint(out, type.vector_dim());
      break;
    default:
      break;
  }
}

void PutSchema(std::string& out, const Schema& schema) {
  PutVarint(out, schema.num_columns());
  for (const ColumnSchema& c : schema.columns()) {
    PutVarint(out, c.name.size());
    PutRaw(out, c.name.data(), c.name.size());
    PutDataType(out, c.type);
    PutU8(out, c.nullable ? kNullable : 0);
    PutU8(out, static_cast<uint8_t>(c.semantic_type));
  }
  PutVarint(out, schema.primary_key_indices().size());
  for (size_t index : schema.primary_key_indices()) PutVarint(out, index);
}

template <typename T>
void PutPrimitive(std::string& out, const Column& column) {
  auto values = column.As<types::PrimitiveColumn<T>>()->values();
  PutRaw(out, values.data(), values.size_bytes());
}

void PutStrings(std::string& out, const types::StringColumn& column) {
  std::span<const uint32_t> offsets = column.offsets();
  uint32_t base = offsets.front();
  if (base == 0) {
    PutRaw(out, offsets.data(), offsets.size_bytes());
  } else {
    size_t start = out.size();
    out.resize(start + offsets.size_bytes());
    char* dst = out.data() + start;
    for (size_t i = 0; i < offsets.size(); ++i) {
      uint32_t o = offsets[i] - base;
      std::memcpy(dst + i * sizeof(uint32_t), &o, sizeof(o));
    }
  }
  PutRaw(out, column.data().data() + base, offsets.back() - base);
}

void PutValues(std::string& out, const Column& column) {
  switch (column.type().id()) {
    case TypeId::kNull:
      break;
    case TypeId::kBoolean: {
      const auto* c = column.As<types::BooleanColumn>();
      PutBits(out, c->bits_data(), c->bits_offset(), c->size());
      break;
    }
    case TypeId::kInt8:
      return PutPrimitive<int8_t>(out, column);
    case TypeId::kInt16:
      return PutPrimitive<int16_t>(out, column);
    case TypeId::kInt32:
    case TypeId::kDate:
      return PutPrimitive<int32_t>(out, column);
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return PutPrimitive<int64_t>(out, column);
    case TypeId::kUInt8:
      return PutPrimitive<uint8_t>(out, column);
    case TypeId::kUInt16:
      return PutPrimitive<uint16_t>(out, column);
    case TypeId::kUInt32:
      return PutPrimitive<uint32_t>(out, column);
    case TypeId::kUInt64:
      return PutPrimitive<uint64_t>(out, column);
    case TypeId::kFloat32:
      return PutPrimitive<float>(out, column);
    case TypeId::kFloat64:
      return PutPrimitive<double>(out, column);
    case TypeId::kDecimal128:
      return PutPrimitive<types::int128_t>(out, column);
    case TypeId::kIntervalMonthDayNano:
      return PutPrimitive<types::IntervalMonthDayNano>(out, column);
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kJson:
      return PutStrings(out, *column.As<types::StringColumn>());
    case TypeId::kVector: {
      auto values = column.As<types::VectorColumn>()->values();
      PutRaw(out, values.data(), values.size_bytes());
      break;
    }
  }
}

void PutColumn(std::string& out, const Column& column) {
  const Validity& validity = column.validity();
  size_t rows = column.size();
  if (column.type().is_null()) {
    PutU8(out, kNullColumn);
    return;
  }
  if (validity.has_bitmap()) {
    PutU8(out, kHasBitmap);
    PutBits(out, validity.bitmap_data(), validity.bitmap_offset(), rows);
  } else {
    PutU8(out, rows > 0 && validity.null_count() == rows ? kAllNull : 0);
  }
  PutValues(out, column);
}

bool SameSchema(const SchemaPtr& a, const SchemaPtr& b) {
  return a != nullptr && b != nullptr && (a == b || *a == *b);
}

void PutBatch(std::string& out, const types::RecordBatch& batch, const SchemaPtr& previous) {
  if (batch.schema() == nullptr) {
    PutU8(out, kNoSchema);
    return;
  }
  if (SameSchema(batch.schema(), previous)) {
    PutU8(out, kSameSchema);
  } else {
    PutU8(out, kInlineSchema);
    PutSchema(out, *batch.schema());
  }
  PutVarint(out, batch.num_rows());
  for (const ColumnPtr& column : batch.columns()) PutColumn(out, *column);
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  // The schema of the last batch that had one, for kSameSchema.
  SchemaPtr previous_schema;

  size_t pos() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }

  Status Corrupt(std::string_view what) const {
    return Status::StorageUnavailable("corrupt mutation payload: {} at byte {}", what, pos_);
  }

  Result<uint8_t> U8(std::string_view what) {
    if (remaining() < 1) return Corrupt(fmt::format("truncated {}", what));
    return static_cast<uint8_t>(data_[pos_++]);
  }

  Result<uint64_t> Varint(std::string_view what) {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (remaining() < 1) return Corrupt(fmt::format("truncated {}", what));
      auto byte = static_cast<uint8_t>(data_[pos_++]);
      if (shift == 63 && byte > 1) break;
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return v;
    }
    return Corrupt(fmt::format("overlong varint in {}", what));
  }

  // `n` bytes, borrowed from the input.
  Result<std::string_view> Bytes(uint64_t n, std::string_view what) {
    if (n > remaining()) {
      return Corrupt(fmt::format("{} needs {} bytes but {} remain", what, n, remaining()));
    }
    std::string_view out = data_.substr(pos_, n);
    pos_ += n;
    return out;
  }

  // `count` elements of `width` bytes, with the multiplication checked.
  Result<std::string_view> Array(uint64_t count, size_t width, std::string_view what) {
    if (width != 0 && count > remaining() / width) {
      return Corrupt(fmt::format("{} of {} x {} bytes exceeds the {} remaining bytes", what,
                                 count, width, remaining()));
    }
    return Bytes(count * width, what);
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

Result<DataType> ReadDataType(Reader& r) {
  GT_ASSIGN_OR_RETURN(uint8_t id, r.U8("type id"));
  if (id > static_cast<uint8_t>(TypeId::kVector)) return r.Corrupt(fmt::format("type id {}", id));
  switch (static_cast<TypeId>(id)) {
    case TypeId::kNull: return DataType::Null();
    case TypeId::kBoolean: return DataType::Boolean();
    case TypeId::kInt8: return DataType::Int8();
    case TypeId::kInt16: return DataType::Int16();
    case TypeId::kInt32: return DataType::Int32();
    case TypeId::kInt64: return DataType::Int64();
    case TypeId::kUInt8: return DataType::UInt8();
    case TypeId::kUInt16: return DataType::UInt16();
    case TypeId::kUInt32: return DataType::UInt32();
    case TypeId::kUInt64: return DataType::UInt64();
    case TypeId::kFloat32: return DataType::Float32();
    case TypeId::kFloat64: return DataType::Float64();
    case TypeId::kString: return DataType::String();
    case TypeId::kBinary: return DataType::Binary();
    case TypeId::kDate: return DataType::Date();
    case TypeId::kIntervalMonthDayNano: return DataType::IntervalMonthDayNano();
    case TypeId::kJson: return DataType::Json();
    case TypeId::kDecimal128: {
      GT_ASSIGN_OR_RETURN(uint8_t precision, r.U8("decimal precision"));
      GT_ASSIGN_OR_RETURN(uint8_t scale, r.U8("decimal scale"));
      auto type = DataType::MakeDecimal128(precision, scale);
      if (!type.ok()) return r.Corrupt(type.status().message());
      return *type;
    }
    case TypeId::kTimestamp: {
      GT_ASSIGN_OR_RETURN(uint8_t unit, r.U8("time unit"));
      if (unit > static_cast<uint8_t>(TimeUnit::kNanosecond)) {
        return r.Corrupt(fmt::format("time unit {}", unit));
      }
      return DataType::Timestamp(static_cast<TimeUnit>(unit));
    }
    case TypeId::kVector: {
      GT_ASSIGN_OR_RETURN(uint64_t dim, r.Varint("vector dimension"));
      if (dim == 0 || dim > DataType::kMaxVectorDim) {
        return r.Corrupt(fmt::format("vector dimension {}", dim));
      }
      return DataType::Vector(static_cast<uint32_t>(dim));
    }
  }
  return r.Corrupt(fmt::format("type id {}", id));
}

Result<SchemaPtr> ReadSchema(Reader& r) {
  GT_ASSIGN_OR_RETURN(uint64_t num_columns, r.Varint("column count"));
  // Each column takes at least 4 bytes; this bounds the reservation by the input.
  if (num_columns > r.remaining() / 4) return r.Corrupt("column count");
  std::vector<ColumnSchema> columns(num_columns);
  for (ColumnSchema& c : columns) {
    GT_ASSIGN_OR_RETURN(uint64_t name_len, r.Varint("column name length"));
    GT_ASSIGN_OR_RETURN(std::string_view name, r.Bytes(name_len, "column name"));
    c.name = std::string(name);
    GT_ASSIGN_OR_RETURN(c.type, ReadDataType(r));
    GT_ASSIGN_OR_RETURN(uint8_t flags, r.U8("column flags"));
    if ((flags & ~kNullable) != 0) return r.Corrupt(fmt::format("column flags {}", flags));
    c.nullable = (flags & kNullable) != 0;
    GT_ASSIGN_OR_RETURN(uint8_t semantic, r.U8("semantic type"));
    if (semantic > static_cast<uint8_t>(types::SemanticType::kTimestamp)) {
      return r.Corrupt(fmt::format("semantic type {}", semantic));
    }
    c.semantic_type = static_cast<types::SemanticType>(semantic);
  }
  GT_ASSIGN_OR_RETURN(uint64_t num_pk, r.Varint("primary key length"));
  if (num_pk > num_columns) return r.Corrupt("primary key length");
  std::vector<size_t> pk;
  for (uint64_t i = 0; i < num_pk; ++i) {
    GT_ASSIGN_OR_RETURN(uint64_t index, r.Varint("primary key index"));
    if (index >= num_columns) return r.Corrupt(fmt::format("primary key index {}", index));
    pk.push_back(static_cast<size_t>(index));
  }
  Schema schema(columns);
  if (schema.primary_key_indices() != pk) {
    std::vector<std::string> names;
    for (size_t index : pk) names.push_back(columns[index].name);
    auto ordered = Schema::WithPrimaryKey(std::move(columns), names);
    if (!ordered.ok() || ordered->primary_key_indices() != pk) {
      return r.Corrupt("primary key does not match the tag columns");
    }
    schema = std::move(*ordered);
  }
  return std::make_shared<const Schema>(std::move(schema));
}

template <typename T>
std::shared_ptr<const std::vector<T>> CopyArray(std::string_view bytes) {
  auto values = std::make_shared<std::vector<T>>(bytes.size() / sizeof(T));
  if (!bytes.empty()) std::memcpy(values->data(), bytes.data(), bytes.size());
  return values;
}

template <typename T>
Result<ColumnPtr> ReadPrimitive(Reader& r, const DataType& type, uint64_t rows,
                                Validity validity) {
  GT_ASSIGN_OR_RETURN(std::string_view bytes, r.Array(rows, sizeof(T), "column values"));
  return ColumnPtr(std::make_shared<const types::PrimitiveColumn<T>>(
      type, CopyArray<T>(bytes), 0, std::move(validity)));
}

Result<ColumnPtr> ReadStrings(Reader& r, const DataType& type, uint64_t rows,
                              Validity validity) {
  GT_ASSIGN_OR_RETURN(std::string_view raw, r.Array(rows + 1, sizeof(uint32_t), "offsets"));
  auto offsets = CopyArray<uint32_t>(raw);
  if ((*offsets)[0] != 0) return r.Corrupt("first string offset is not 0");
  for (size_t i = 1; i < offsets->size(); ++i) {
    if ((*offsets)[i] < (*offsets)[i - 1]) {
      return r.Corrupt(fmt::format("string offset {} decreases", i));
    }
  }
  GT_ASSIGN_OR_RETURN(std::string_view data, r.Bytes(offsets->back(), "string data"));
  return ColumnPtr(std::make_shared<const types::StringColumn>(
      type, std::move(offsets), std::make_shared<const std::string>(data), 0,
      std::move(validity)));
}

Result<ColumnPtr> ReadValues(Reader& r, const DataType& type, uint64_t rows, Validity validity) {
  switch (type.id()) {
    case TypeId::kNull:
      return r.Corrupt("a NULL-typed column without the NULL layout");
    case TypeId::kBoolean: {
      GT_ASSIGN_OR_RETURN(std::string_view bits, r.Bytes((rows + 7) / 8, "boolean values"));
      return ColumnPtr(std::make_shared<const types::BooleanColumn>(
          CopyArray<uint8_t>(bits), 0, std::move(validity)));
    }
    case TypeId::kInt8: return ReadPrimitive<int8_t>(r, type, rows, std::move(validity));
    case TypeId::kInt16: return ReadPrimitive<int16_t>(r, type, rows, std::move(validity));
    case TypeId::kInt32:
    case TypeId::kDate: return ReadPrimitive<int32_t>(r, type, rows, std::move(validity));
    case TypeId::kInt64:
    case TypeId::kTimestamp: return ReadPrimitive<int64_t>(r, type, rows, std::move(validity));
    case TypeId::kUInt8: return ReadPrimitive<uint8_t>(r, type, rows, std::move(validity));
    case TypeId::kUInt16: return ReadPrimitive<uint16_t>(r, type, rows, std::move(validity));
    case TypeId::kUInt32: return ReadPrimitive<uint32_t>(r, type, rows, std::move(validity));
    case TypeId::kUInt64: return ReadPrimitive<uint64_t>(r, type, rows, std::move(validity));
    case TypeId::kFloat32: return ReadPrimitive<float>(r, type, rows, std::move(validity));
    case TypeId::kFloat64: return ReadPrimitive<double>(r, type, rows, std::move(validity));
    case TypeId::kDecimal128:
      return ReadPrimitive<types::int128_t>(r, type, rows, std::move(validity));
    case TypeId::kIntervalMonthDayNano:
      return ReadPrimitive<types::IntervalMonthDayNano>(r, type, rows, std::move(validity));
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kJson: return ReadStrings(r, type, rows, std::move(validity));
    case TypeId::kVector: {
      size_t width = sizeof(float) * type.vector_dim();
      GT_ASSIGN_OR_RETURN(std::string_view bytes, r.Array(rows, width, "vector values"));
      return ColumnPtr(std::make_shared<const types::VectorColumn>(
          type, CopyArray<float>(bytes), 0, std::move(validity)));
    }
  }
  return r.Corrupt("type");
}

Result<ColumnPtr> ReadColumn(Reader& r, const ColumnSchema& schema, uint64_t rows) {
  GT_ASSIGN_OR_RETURN(uint8_t flags, r.U8("column layout"));
  if ((flags & ~kKnownColumnFlags) != 0 || ((flags & kHasBitmap) && (flags & kAllNull))) {
    return r.Corrupt(fmt::format("column layout {}", flags));
  }
  if (flags & kNullColumn) {
    if (flags != kNullColumn) return r.Corrupt(fmt::format("column layout {}", flags));
    // RecordBatch::Make rejects it for a NOT NULL column.
    return ColumnPtr(std::make_shared<const types::NullColumn>(rows));
  }
  Validity validity = Validity::AllValid(rows);
  if (flags & kAllNull) {
    validity = Validity::AllNull(rows);
  } else if (flags & kHasBitmap) {
    GT_ASSIGN_OR_RETURN(std::string_view bits, r.Bytes((rows + 7) / 8, "validity bitmap"));
    validity = Validity::FromBitmap(CopyArray<uint8_t>(bits), 0, rows);
  }
  return ReadValues(r, schema.type, rows, std::move(validity));
}

Result<types::RecordBatch> ReadBatch(Reader& r) {
  GT_ASSIGN_OR_RETURN(uint8_t tag, r.U8("schema tag"));
  SchemaPtr schema;
  switch (tag) {
    case kNoSchema:
      return types::RecordBatch();
    case kInlineSchema: {
      GT_ASSIGN_OR_RETURN(schema, ReadSchema(r));
      break;
    }
    case kSameSchema:
      if (r.previous_schema == nullptr) {
        return r.Corrupt("schema reference without a previous schema");
      }
      schema = r.previous_schema;
      break;
    default:
      return r.Corrupt(fmt::format("schema tag {}", tag));
  }
  r.previous_schema = schema;
  GT_ASSIGN_OR_RETURN(uint64_t rows, r.Varint("row count"));
  if (rows > kMaxRows || (schema->num_columns() == 0 && rows != 0)) {
    return r.Corrupt(fmt::format("row count {}", rows));
  }
  std::vector<ColumnPtr> columns;
  columns.reserve(schema->num_columns());
  for (const ColumnSchema& c : schema->columns()) {
    GT_ASSIGN_OR_RETURN(ColumnPtr column, ReadColumn(r, c, rows));
    columns.push_back(std::move(column));
  }
  auto batch = types::RecordBatch::Make(schema, std::move(columns));
  if (!batch.ok()) return r.Corrupt(batch.status().message());
  return std::move(*batch);
}

}  // namespace

std::string EncodeMutations(std::span<const Mutation> mutations) {
  size_t estimate = 16;
  for (const Mutation& m : mutations) estimate += 32 + m.rows.MemoryBytes();
  std::string out;
  out.reserve(estimate);
  PutU8(out, kFormatVersion);
  PutVarint(out, mutations.size());
  SchemaPtr previous;
  for (const Mutation& m : mutations) {
    PutU8(out, static_cast<uint8_t>(m.op_type));
    PutVarint(out, m.sequence);
    PutBatch(out, m.rows, previous);
    if (m.rows.schema() != nullptr) previous = m.rows.schema();
  }
  return out;
}

Result<std::vector<Mutation>> DecodeMutations(std::string_view bytes) {
  Reader r(bytes);
  GT_ASSIGN_OR_RETURN(uint8_t version, r.U8("format version"));
  if (version != kFormatVersion) {
    return Status::StorageUnavailable("corrupt mutation payload: unknown format version {}",
                                      version);
  }
  GT_ASSIGN_OR_RETURN(uint64_t count, r.Varint("mutation count"));
  // A mutation takes at least 3 bytes.
  if (count > r.remaining() / 3) return r.Corrupt(fmt::format("mutation count {}", count));
  std::vector<Mutation> mutations;
  mutations.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    Mutation m;
    GT_ASSIGN_OR_RETURN(uint8_t op, r.U8("op type"));
    if (op > static_cast<uint8_t>(OpType::kPut)) return r.Corrupt(fmt::format("op type {}", op));
    m.op_type = static_cast<OpType>(op);
    GT_ASSIGN_OR_RETURN(m.sequence, r.Varint("sequence"));
    GT_ASSIGN_OR_RETURN(m.rows, ReadBatch(r));
    mutations.push_back(std::move(m));
  }
  if (r.remaining() != 0) {
    return r.Corrupt(fmt::format("{} trailing bytes", r.remaining()));
  }
  return mutations;
}

}  // namespace greptime::storage
