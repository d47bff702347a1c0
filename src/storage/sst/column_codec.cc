// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Column chunks: header, validity, per-type dispatch, statistics (format:
// docs/storage-format-sst.md §Column chunks).
#include "storage/sst/column_codec.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <type_traits>

#include "storage/sst/bit_packing.h"
#include "storage/sst/byte_io.h"
#include "storage/sst/codec_internal.h"
#include "storage/sst/int_encoding.h"

namespace greptime::storage::sst {

using internal::Corrupt;
using types::BooleanColumn;
using types::ColumnPtr;
using types::DataType;
using types::int128_t;
using types::IntervalMonthDayNano;
using types::PrimitiveColumn;
using types::StringColumn;
using types::TypeId;
using types::Validity;
using types::VectorColumn;

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kPlain:
      return "plain";
    case Encoding::kInteger:
      return "integer";
    case Encoding::kRle:
      return "rle";
    case Encoding::kBitmap:
      return "bitmap";
    case Encoding::kGorilla:
      return "gorilla";
    case Encoding::kByteStreamSplit:
      return "byte_stream_split";
    case Encoding::kDecimalFloat:
      return "decimal_float";
    case Encoding::kDictionary:
      return "dictionary";
    case Encoding::kPlainBytes:
      return "plain_bytes";
  }
  return "unknown";
}

namespace {

constexpr uint8_t kFlagValidity = 0x01;
constexpr size_t kHeaderSize = 6;  // encoding u8, flags u8, num_rows u32

// Validity of gathered rows, LSB first, 1 = valid.
struct ValidityBits {
  std::vector<uint8_t> bits;
  size_t rows = 0;
  size_t nulls = 0;

  void Append(bool valid) {
    if ((rows & 7) == 0) bits.push_back(0);
    if (valid) {
      bits.back() |= static_cast<uint8_t>(1u << (rows & 7));
    } else {
      ++nulls;
    }
    ++rows;
  }
};

// Calls on_value(column, row) for every valid row of `pieces` and records validity. A piece of
// type Null (NullColumn) contributes null rows.
size_t TotalRows(std::span<const ColumnPtr> pieces) {
  size_t rows = 0;
  for (const ColumnPtr& piece : pieces) rows += piece->size();
  return rows;
}

template <typename C, typename OnValue>
Status GatherPieces(const DataType& type, std::span<const ColumnPtr> pieces, ValidityBits* validity,
                    OnValue on_value) {
  validity->bits.reserve((TotalRows(pieces) + 7) / 8);
  for (const ColumnPtr& piece : pieces) {
    if (piece->type().is_null()) {
      for (size_t i = 0; i < piece->size(); ++i) validity->Append(false);
      continue;
    }
    if (piece->type() != type) {
      return Status::InvalidArguments("column of type {} in a chunk of type {}",
                                      piece->type().Name(), type.Name());
    }
    const C* column = piece->As<C>();
    if (column == nullptr) {
      return Status::InvalidArguments("column of type {} has an unexpected layout", type.Name());
    }
    for (size_t i = 0; i < column->size(); ++i) {
      bool valid = column->IsValid(i);
      validity->Append(valid);
      if (valid) on_value(*column, i);
    }
  }
  if (validity->rows > std::numeric_limits<uint32_t>::max()) {
    return Status::RuntimeResourcesExhausted("chunk of {} rows is too large", validity->rows);
  }
  return Status::OK();
}

EncodedChunk Assemble(Encoding encoding, const ValidityBits& validity, std::string_view payload,
                      ChunkStats stats) {
  EncodedChunk chunk;
  chunk.encoding = encoding;
  chunk.null_count = static_cast<uint32_t>(validity.nulls);
  chunk.stats = stats;
  chunk.raw.reserve(kHeaderSize + validity.bits.size() + payload.size());
  ByteWriter w(&chunk.raw);
  w.PutU8(static_cast<uint8_t>(encoding));
  w.PutU8(validity.nulls > 0 ? kFlagValidity : 0);
  w.PutU32(static_cast<uint32_t>(validity.rows));
  if (validity.nulls > 0) {
    w.PutBytes(std::string_view(reinterpret_cast<const char*>(validity.bits.data()),
                                validity.bits.size()));
  }
  w.PutBytes(payload);
  return chunk;
}

struct ChunkHeader {
  Encoding encoding = Encoding::kPlain;
  size_t num_rows = 0;
  std::shared_ptr<std::vector<uint8_t>> bitmap;  // nullptr: every row valid
  size_t valid_count = 0;

  bool IsValid(size_t i) const { return bitmap == nullptr || (((*bitmap)[i >> 3] >> (i & 7)) & 1); }
  Validity validity() const {
    return bitmap ? Validity::FromBitmap(bitmap, 0, num_rows) : Validity::AllValid(num_rows);
  }
};

Result<ChunkHeader> ParseHeader(ByteReader* in, size_t expected_rows) {
  uint8_t encoding;
  uint8_t flags;
  uint32_t num_rows;
  if (!in->GetU8(&encoding) || !in->GetU8(&flags) || !in->GetU32(&num_rows)) {
    return Corrupt("column", "truncated header");
  }
  if (num_rows != expected_rows) {
    return Corrupt("column", fmt::format("{} rows, expected {}", num_rows, expected_rows));
  }
  if ((flags & ~kFlagValidity) != 0) return Corrupt("column", "unknown flags");
  ChunkHeader header;
  header.encoding = static_cast<Encoding>(encoding);
  header.num_rows = num_rows;
  header.valid_count = num_rows;
  if (flags & kFlagValidity) {
    std::string_view bytes;
    if (!in->GetBytes((num_rows + 7) / 8, &bytes)) return Corrupt("column", "truncated validity");
    header.bitmap = std::make_shared<std::vector<uint8_t>>(bytes.begin(), bytes.end());
    header.valid_count = 0;
    for (size_t i = 0; i < num_rows; ++i) header.valid_count += header.IsValid(i);
  }
  return header;
}

// Spreads the dense non-null values over the rows; null rows get T{}.
template <typename T>
std::shared_ptr<const std::vector<T>> Scatter(std::vector<T> dense, const ChunkHeader& header) {
  if (header.bitmap == nullptr) return std::make_shared<const std::vector<T>>(std::move(dense));
  std::vector<T> rows(header.num_rows, T{});
  size_t next = 0;
  for (size_t i = 0; i < header.num_rows; ++i) {
    if (header.IsValid(i)) rows[i] = dense[next++];
  }
  return std::make_shared<const std::vector<T>>(std::move(rows));
}

template <typename T>
ColumnPtr MakePrimitive(const DataType& type, std::vector<T> dense, const ChunkHeader& header) {
  return std::make_shared<PrimitiveColumn<T>>(type, Scatter(std::move(dense), header), 0,
                                              header.validity());
}

// --- integers (ints, dates, timestamps) ----------------------------------------------------

template <typename T>
Result<EncodedChunk> EncodeIntegerColumn(const DataType& type, std::span<const ColumnPtr> pieces) {
  ValidityBits validity;
  std::vector<uint64_t> values;
  values.reserve(TotalRows(pieces));
  ChunkStats stats;
  stats.min_int = std::numeric_limits<int128_t>::max();
  stats.max_int = std::numeric_limits<int128_t>::min();
  GT_RETURN_IF_ERROR(GatherPieces<PrimitiveColumn<T>>(
      type, pieces, &validity, [&](const PrimitiveColumn<T>& c, size_t i) {
        T v = c.at(i);
        if constexpr (std::is_signed_v<T>) {
          values.push_back(ToOrdered(static_cast<int64_t>(v)));
        } else {
          values.push_back(static_cast<uint64_t>(v));
        }
        stats.min_int = std::min<int128_t>(stats.min_int, v);
        stats.max_int = std::max<int128_t>(stats.max_int, v);
      }));
  if (values.empty()) {
    stats = ChunkStats{};
  } else {
    stats.kind = std::is_signed_v<T> ? StatsKind::kInt64 : StatsKind::kUInt64;
  }
  std::string payload;
  EncodeIntegers(values, &payload);
  return Assemble(Encoding::kInteger, validity, payload, stats);
}

template <typename T>
Result<ColumnPtr> DecodeIntegerColumn(const DataType& type, const ChunkHeader& header,
                                      ByteReader* in) {
  if (header.encoding != Encoding::kInteger) return Corrupt("integer", "unexpected encoding");
  std::vector<uint64_t> raw(header.valid_count);
  if (!DecodeIntegers(in, raw)) return Corrupt("integer", "malformed integer stream");
  std::vector<T> dense(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if constexpr (std::is_signed_v<T>) {
      int64_t v = FromOrdered(raw[i]);
      if (v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max()) {
        return Corrupt("integer", "value out of range");
      }
      dense[i] = static_cast<T>(v);
    } else {
      if (raw[i] > std::numeric_limits<T>::max()) return Corrupt("integer", "value out of range");
      dense[i] = static_cast<T>(raw[i]);
    }
  }
  return MakePrimitive(type, std::move(dense), header);
}

// --- floats --------------------------------------------------------------------------------

template <typename T>
Result<EncodedChunk> EncodeFloatColumn(const DataType& type, std::span<const ColumnPtr> pieces,
                                       const ChunkEncodeOptions& options) {
  ValidityBits validity;
  std::vector<T> values;
  values.reserve(TotalRows(pieces));
  ChunkStats stats;
  stats.min_float = std::numeric_limits<double>::infinity();
  stats.max_float = -std::numeric_limits<double>::infinity();
  bool any = false;
  GT_RETURN_IF_ERROR(GatherPieces<PrimitiveColumn<T>>(
      type, pieces, &validity, [&](const PrimitiveColumn<T>& c, size_t i) {
        T v = c.at(i);
        values.push_back(v);
        if (std::isnan(v)) {
          stats.has_nan = true;
          return;
        }
        any = true;
        stats.min_float = std::min<double>(stats.min_float, v);
        stats.max_float = std::max<double>(stats.max_float, v);
      }));
  if (any) {
    stats.kind = StatsKind::kFloat64;
  } else {
    stats.min_float = stats.max_float = 0;
  }
  std::string payload;
  Encoding encoding = internal::EncodeFloatValues<T>(values, options, &payload);
  return Assemble(encoding, validity, payload, stats);
}

template <typename T>
Result<ColumnPtr> DecodeFloatColumn(const DataType& type, const ChunkHeader& header,
                                    ByteReader* in) {
  std::vector<T> dense(header.valid_count);
  if (!internal::DecodeFloatValues<T>(header.encoding, in, dense)) {
    return Corrupt("float", fmt::format("malformed {} values", EncodingName(header.encoding)));
  }
  return MakePrimitive(type, std::move(dense), header);
}

// --- booleans --------------------------------------------------------------------------------

Result<EncodedChunk> EncodeBooleanColumn(std::span<const ColumnPtr> pieces) {
  ValidityBits validity;
  std::vector<uint64_t> values;
  GT_RETURN_IF_ERROR(GatherPieces<BooleanColumn>(
      DataType::Boolean(), pieces, &validity,
      [&](const BooleanColumn& c, size_t i) { values.push_back(c.at(i) ? 1 : 0); }));
  ChunkStats stats;
  if (!values.empty()) {
    stats.kind = StatsKind::kUInt64;
    stats.min_int = *std::min_element(values.begin(), values.end());
    stats.max_int = *std::max_element(values.begin(), values.end());
  }
  std::string rle;
  EncodeRle(values, &rle);
  std::string bitmap;
  BitWriter bits(&bitmap);
  for (uint64_t v : values) bits.Write(v, 1);
  bits.Finish();
  if (rle.size() < bitmap.size()) return Assemble(Encoding::kRle, validity, rle, stats);
  return Assemble(Encoding::kBitmap, validity, bitmap, stats);
}

Result<ColumnPtr> DecodeBooleanColumn(const ChunkHeader& header, ByteReader* in) {
  std::vector<uint64_t> dense(header.valid_count);
  if (header.encoding == Encoding::kRle) {
    if (!DecodeRle(in, dense)) return Corrupt("boolean", "malformed runs");
    for (uint64_t v : dense) {
      if (v > 1) return Corrupt("boolean", "value is not 0 or 1");
    }
  } else if (header.encoding == Encoding::kBitmap) {
    std::string_view bytes;
    if (!in->GetBytes((dense.size() + 7) / 8, &bytes)) return Corrupt("boolean", "truncated");
    BitReader bits(bytes);
    for (uint64_t& v : dense) v = bits.Read(1);
  } else {
    return Corrupt("boolean", "unexpected encoding");
  }
  auto packed = std::make_shared<std::vector<uint8_t>>((header.num_rows + 7) / 8, 0);
  size_t next = 0;
  for (size_t i = 0; i < header.num_rows; ++i) {
    if (header.IsValid(i) && dense[next++]) {
      (*packed)[i >> 3] |= static_cast<uint8_t>(1u << (i & 7));
    }
  }
  return std::make_shared<BooleanColumn>(std::move(packed), 0, header.validity());
}

// --- plain fixed-width: decimals, intervals, vectors ----------------------------------------

Result<EncodedChunk> EncodeDecimalColumn(const DataType& type, std::span<const ColumnPtr> pieces) {
  ValidityBits validity;
  std::string payload;
  ByteWriter w(&payload);
  ChunkStats stats;
  stats.min_int = std::numeric_limits<int128_t>::max();
  stats.max_int = std::numeric_limits<int128_t>::min();
  GT_RETURN_IF_ERROR(GatherPieces<PrimitiveColumn<int128_t>>(
      type, pieces, &validity, [&](const PrimitiveColumn<int128_t>& c, size_t i) {
        int128_t v = c.at(i);
        w.PutU64(static_cast<uint64_t>(v));
        w.PutU64(static_cast<uint64_t>(static_cast<types::uint128_t>(v) >> 64));
        stats.min_int = std::min(stats.min_int, v);
        stats.max_int = std::max(stats.max_int, v);
      }));
  if (validity.nulls == validity.rows) {
    stats = ChunkStats{};
  } else {
    stats.kind = StatsKind::kInt128;
  }
  return Assemble(Encoding::kPlain, validity, payload, stats);
}

Result<ColumnPtr> DecodeDecimalColumn(const DataType& type, const ChunkHeader& header,
                                      ByteReader* in) {
  if (header.encoding != Encoding::kPlain) return Corrupt("decimal", "unexpected encoding");
  std::vector<int128_t> dense(header.valid_count);
  for (int128_t& v : dense) {
    uint64_t lo;
    uint64_t hi;
    if (!in->GetU64(&lo) || !in->GetU64(&hi)) return Corrupt("decimal", "truncated");
    v = static_cast<int128_t>((static_cast<types::uint128_t>(hi) << 64) | lo);
  }
  return MakePrimitive(type, std::move(dense), header);
}

Result<EncodedChunk> EncodeIntervalColumn(const DataType& type, std::span<const ColumnPtr> pieces) {
  ValidityBits validity;
  std::string payload;
  ByteWriter w(&payload);
  GT_RETURN_IF_ERROR(GatherPieces<PrimitiveColumn<IntervalMonthDayNano>>(
      type, pieces, &validity, [&](const PrimitiveColumn<IntervalMonthDayNano>& c, size_t i) {
        const IntervalMonthDayNano& v = c.at(i);
        w.PutU32(static_cast<uint32_t>(v.months));
        w.PutU32(static_cast<uint32_t>(v.days));
        w.PutI64(v.nanoseconds);
      }));
  return Assemble(Encoding::kPlain, validity, payload, ChunkStats{});
}

Result<ColumnPtr> DecodeIntervalColumn(const DataType& type, const ChunkHeader& header,
                                       ByteReader* in) {
  if (header.encoding != Encoding::kPlain) return Corrupt("interval", "unexpected encoding");
  std::vector<IntervalMonthDayNano> dense(header.valid_count);
  for (IntervalMonthDayNano& v : dense) {
    uint32_t months;
    uint32_t days;
    if (!in->GetU32(&months) || !in->GetU32(&days) || !in->GetI64(&v.nanoseconds)) {
      return Corrupt("interval", "truncated");
    }
    v.months = static_cast<int32_t>(months);
    v.days = static_cast<int32_t>(days);
  }
  return MakePrimitive(type, std::move(dense), header);
}

Result<EncodedChunk> EncodeVectorColumn(const DataType& type, std::span<const ColumnPtr> pieces) {
  ValidityBits validity;
  std::string payload;
  ByteWriter w(&payload);
  GT_RETURN_IF_ERROR(
      GatherPieces<VectorColumn>(type, pieces, &validity, [&](const VectorColumn& c, size_t i) {
        for (float f : c.at(i)) w.PutU32(std::bit_cast<uint32_t>(f));
      }));
  return Assemble(Encoding::kPlain, validity, payload, ChunkStats{});
}

Result<ColumnPtr> DecodeVectorColumn(const DataType& type, const ChunkHeader& header,
                                     ByteReader* in) {
  if (header.encoding != Encoding::kPlain) return Corrupt("vector", "unexpected encoding");
  const size_t dim = type.vector_dim();
  if (in->remaining() != header.valid_count * dim * 4) return Corrupt("vector", "bad size");
  auto values = std::make_shared<std::vector<float>>(header.num_rows * dim, 0.0f);
  for (size_t i = 0; i < header.num_rows; ++i) {
    if (!header.IsValid(i)) continue;
    for (size_t k = 0; k < dim; ++k) {
      uint32_t bits;
      if (!in->GetU32(&bits)) return Corrupt("vector", "truncated");
      (*values)[i * dim + k] = std::bit_cast<float>(bits);
    }
  }
  return std::make_shared<VectorColumn>(type, std::move(values), 0, header.validity());
}

// --- strings, binary, json ---------------------------------------------------------------------

Result<EncodedChunk> EncodeStringColumn(const DataType& type, std::span<const ColumnPtr> pieces) {
  ValidityBits validity;
  std::vector<std::string_view> values;
  values.reserve(TotalRows(pieces));
  uint64_t total = 0;
  GT_RETURN_IF_ERROR(
      GatherPieces<StringColumn>(type, pieces, &validity, [&](const StringColumn& c, size_t i) {
        values.push_back(c.at(i));
        total += values.back().size();
      }));
  if (total > std::numeric_limits<uint32_t>::max() / 2) {
    return Status::RuntimeResourcesExhausted("string chunk of {} bytes is too large", total);
  }
  std::string payload;
  Encoding encoding = internal::EncodeStringValues(values, &payload);
  return Assemble(encoding, validity, payload, ChunkStats{});
}

Result<ColumnPtr> DecodeStringColumn(const DataType& type, const ChunkHeader& header,
                                     ByteReader* in) {
  GT_ASSIGN_OR_RETURN(internal::DecodedStrings strings,
                      internal::DecodeStringValues(header.encoding, in, header.valid_count));
  auto offsets = std::make_shared<std::vector<uint32_t>>(header.num_rows + 1, 0);
  size_t next = 0;
  for (size_t i = 0; i < header.num_rows; ++i) {
    uint32_t len = header.IsValid(i) ? strings.lengths[next++] : 0;
    (*offsets)[i + 1] = (*offsets)[i] + len;
  }
  auto data = std::make_shared<const std::string>(std::move(strings.data));
  return std::make_shared<StringColumn>(type, std::move(offsets), std::move(data), 0,
                                        header.validity());
}

}  // namespace

Result<EncodedChunk> EncodeColumnChunk(const DataType& type, std::span<const ColumnPtr> pieces,
                                       const ChunkEncodeOptions& options) {
  switch (type.id()) {
    case TypeId::kNull: {
      ValidityBits validity;
      GT_RETURN_IF_ERROR(GatherPieces<types::NullColumn>(type, pieces, &validity,
                                                         [](const types::NullColumn&, size_t) {}));
      return Assemble(Encoding::kPlain, validity, {}, ChunkStats{});
    }
    case TypeId::kBoolean:
      return EncodeBooleanColumn(pieces);
    case TypeId::kInt8:
      return EncodeIntegerColumn<int8_t>(type, pieces);
    case TypeId::kInt16:
      return EncodeIntegerColumn<int16_t>(type, pieces);
    case TypeId::kInt32:
    case TypeId::kDate:
      return EncodeIntegerColumn<int32_t>(type, pieces);
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return EncodeIntegerColumn<int64_t>(type, pieces);
    case TypeId::kUInt8:
      return EncodeIntegerColumn<uint8_t>(type, pieces);
    case TypeId::kUInt16:
      return EncodeIntegerColumn<uint16_t>(type, pieces);
    case TypeId::kUInt32:
      return EncodeIntegerColumn<uint32_t>(type, pieces);
    case TypeId::kUInt64:
      return EncodeIntegerColumn<uint64_t>(type, pieces);
    case TypeId::kFloat32:
      return EncodeFloatColumn<float>(type, pieces, options);
    case TypeId::kFloat64:
      return EncodeFloatColumn<double>(type, pieces, options);
    case TypeId::kDecimal128:
      return EncodeDecimalColumn(type, pieces);
    case TypeId::kIntervalMonthDayNano:
      return EncodeIntervalColumn(type, pieces);
    case TypeId::kVector:
      return EncodeVectorColumn(type, pieces);
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kJson:
      return EncodeStringColumn(type, pieces);
  }
  return Status::Unsupported("sst: cannot store columns of type {}", type.Name());
}

Result<ColumnPtr> DecodeColumnChunk(const DataType& type, std::string_view raw, size_t num_rows) {
  ByteReader in(raw);
  GT_ASSIGN_OR_RETURN(ChunkHeader header, ParseHeader(&in, num_rows));
  Result<ColumnPtr> column =
      Status::Unsupported("sst: cannot read columns of type {}", type.Name());
  switch (type.id()) {
    case TypeId::kNull:
      if (header.valid_count != 0) return Corrupt("null", "valid rows in a null column");
      column = ColumnPtr(std::make_shared<types::NullColumn>(num_rows));
      break;
    case TypeId::kBoolean:
      column = DecodeBooleanColumn(header, &in);
      break;
    case TypeId::kInt8:
      column = DecodeIntegerColumn<int8_t>(type, header, &in);
      break;
    case TypeId::kInt16:
      column = DecodeIntegerColumn<int16_t>(type, header, &in);
      break;
    case TypeId::kInt32:
    case TypeId::kDate:
      column = DecodeIntegerColumn<int32_t>(type, header, &in);
      break;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      column = DecodeIntegerColumn<int64_t>(type, header, &in);
      break;
    case TypeId::kUInt8:
      column = DecodeIntegerColumn<uint8_t>(type, header, &in);
      break;
    case TypeId::kUInt16:
      column = DecodeIntegerColumn<uint16_t>(type, header, &in);
      break;
    case TypeId::kUInt32:
      column = DecodeIntegerColumn<uint32_t>(type, header, &in);
      break;
    case TypeId::kUInt64:
      column = DecodeIntegerColumn<uint64_t>(type, header, &in);
      break;
    case TypeId::kFloat32:
      column = DecodeFloatColumn<float>(type, header, &in);
      break;
    case TypeId::kFloat64:
      column = DecodeFloatColumn<double>(type, header, &in);
      break;
    case TypeId::kDecimal128:
      column = DecodeDecimalColumn(type, header, &in);
      break;
    case TypeId::kIntervalMonthDayNano:
      column = DecodeIntervalColumn(type, header, &in);
      break;
    case TypeId::kVector:
      column = DecodeVectorColumn(type, header, &in);
      break;
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kJson:
      column = DecodeStringColumn(type, header, &in);
      break;
  }
  if (column.ok() && !in.AtEnd()) return Corrupt(type.Name(), "trailing bytes");
  return column;
}

EncodedChunk EncodeInt64Chunk(std::span<const int64_t> values) {
  ValidityBits validity;
  std::vector<uint64_t> ordered(values.size());
  ChunkStats stats;
  for (size_t i = 0; i < values.size(); ++i) {
    validity.Append(true);
    ordered[i] = ToOrdered(values[i]);
  }
  if (!values.empty()) {
    stats.kind = StatsKind::kInt64;
    stats.min_int = *std::min_element(values.begin(), values.end());
    stats.max_int = *std::max_element(values.begin(), values.end());
  }
  std::string payload;
  EncodeIntegers(ordered, &payload);
  return Assemble(Encoding::kInteger, validity, payload, stats);
}

EncodedChunk EncodeUInt64Chunk(std::span<const uint64_t> values, Encoding encoding) {
  ValidityBits validity;
  for (size_t i = 0; i < values.size(); ++i) validity.Append(true);
  ChunkStats stats;
  if (!values.empty()) {
    stats.kind = StatsKind::kUInt64;
    stats.min_int = *std::min_element(values.begin(), values.end());
    stats.max_int = *std::max_element(values.begin(), values.end());
  }
  std::string payload;
  if (encoding == Encoding::kRle) {
    EncodeRle(values, &payload);
  } else {
    GT_CHECK(encoding == Encoding::kInteger);
    EncodeIntegers(values, &payload);
  }
  return Assemble(encoding, validity, payload, stats);
}

Result<std::vector<uint64_t>> DecodeUInt64Chunk(std::string_view raw, size_t num_rows) {
  ByteReader in(raw);
  GT_ASSIGN_OR_RETURN(ChunkHeader header, ParseHeader(&in, num_rows));
  if (header.bitmap != nullptr) return Corrupt("internal", "unexpected nulls");
  std::vector<uint64_t> values(num_rows);
  bool ok = header.encoding == Encoding::kRle       ? DecodeRle(&in, values)
            : header.encoding == Encoding::kInteger ? DecodeIntegers(&in, values)
                                                    : false;
  if (!ok) return Corrupt("internal", "malformed values");
  if (!in.AtEnd()) return Corrupt("internal", "trailing bytes");
  return values;
}

Result<std::vector<int64_t>> DecodeInt64Chunk(std::string_view raw, size_t num_rows) {
  GT_ASSIGN_OR_RETURN(std::vector<uint64_t> ordered, DecodeUInt64Chunk(raw, num_rows));
  std::vector<int64_t> values(ordered.size());
  for (size_t i = 0; i < ordered.size(); ++i) values[i] = FromOrdered(ordered[i]);
  return values;
}

}  // namespace greptime::storage::sst
