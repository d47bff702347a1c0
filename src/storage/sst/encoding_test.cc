// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Round trips of every SST encoding layer: bit streams, PFOR, integer streams, RLE, float
// streams, column chunks of every type, compression, footer and dictionary.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <random>

#include "common/testing.h"
#include "storage/sst/bit_packing.h"
#include "storage/sst/column_codec.h"
#include "storage/sst/compression.h"
#include "storage/sst/float_encoding.h"
#include "storage/sst/int_encoding.h"
#include "storage/sst/sst_format.h"
#include "storage/sst/test_util.h"

namespace greptime::storage::sst {
namespace {

using types::ColumnPtr;
using types::DataType;

constexpr uint64_t kU64Max = std::numeric_limits<uint64_t>::max();

// Value sets every integer codec must survive.
std::vector<std::vector<uint64_t>> IntegerCases() {
  std::mt19937_64 rng(42);
  std::vector<std::vector<uint64_t>> cases = {
      {},
      {0},
      {kU64Max},
      {0, kU64Max, 0, kU64Max, 1, kU64Max - 1},
      {ToOrdered(std::numeric_limits<int64_t>::min()),
       ToOrdered(std::numeric_limits<int64_t>::max()), ToOrdered(0), ToOrdered(-1)},
      std::vector<uint64_t>(1000, 7),
  };
  for (size_t n : {size_t{127}, size_t{128}, size_t{129}, size_t{1000}}) {
    std::vector<uint64_t> ramp(n);
    std::vector<uint64_t> noisy(n);
    std::vector<uint64_t> random(n);
    for (size_t i = 0; i < n; ++i) {
      ramp[i] = ToOrdered(1'700'000'000'000 + static_cast<int64_t>(i) * 10'000);
      noisy[i] = 1000 + rng() % 16 + (i % 50 == 0 ? (rng() >> 3) : 0);  // rare outliers
      random[i] = rng();
    }
    cases.push_back(ramp);
    cases.push_back(noisy);
    cases.push_back(random);
  }
  return cases;
}

std::vector<uint64_t> DecodeAll(const std::string& bytes, size_t n,
                                bool (*decode)(ByteReader*, std::span<uint64_t>)) {
  ByteReader in(bytes);
  std::vector<uint64_t> out(n);
  EXPECT_TRUE(decode(&in, out));
  EXPECT_TRUE(in.AtEnd());
  return out;
}

TEST(BitStreamTest, RoundTripsEveryWidth) {
  std::mt19937_64 rng(1);
  std::vector<std::pair<uint64_t, int>> written;
  std::string bytes;
  BitWriter w(&bytes);
  for (int i = 0; i < 2000; ++i) {
    int bits = static_cast<int>(rng() % 65);
    uint64_t v = bits == 64 ? rng() : rng() & ((uint64_t{1} << bits) - 1);
    w.Write(v, bits);
    written.emplace_back(v, bits);
  }
  w.Finish();
  EXPECT_EQ(bytes.size(), (w.bit_count() + 7) / 8);
  BitReader r(bytes);
  for (auto [v, bits] : written) ASSERT_EQ(r.Read(bits), v);
  EXPECT_FALSE(r.overrun());
  r.Read(9);  // past the end (at most 7 bits of padding remain)
  EXPECT_TRUE(r.overrun());
}

TEST(PforTest, RoundTripsEdgeCases) {
  for (const auto& values : IntegerCases()) {
    std::string bytes;
    EncodePfor(values, &bytes);
    EXPECT_EQ(bytes.size(), PforSize(values));
    EXPECT_EQ(DecodeAll(bytes, values.size(), DecodePfor), values);
  }
}

TEST(PforTest, ConstantBlocksTakeThreeBytesAndOutliersBecomeExceptions) {
  std::vector<uint64_t> constant(128, 5);
  std::string bytes;
  EncodePfor(constant, &bytes);
  EXPECT_EQ(bytes.size(), 3u);  // min, width 0, no exceptions
  std::vector<uint64_t> outlier(128, 3);
  outlier[77] = uint64_t{1} << 40;
  bytes.clear();
  EncodePfor(outlier, &bytes);
  EXPECT_LT(bytes.size(), 16u);  // not 128 x 41 bits
  EXPECT_EQ(DecodeAll(bytes, outlier.size(), DecodePfor), outlier);
}

TEST(PforTest, TruncatedInputFails) {
  std::vector<uint64_t> values = IntegerCases().back();
  std::string bytes;
  EncodePfor(values, &bytes);
  for (size_t n = 0; n < bytes.size(); n += 7) {
    ByteReader in(std::string_view(bytes).substr(0, n));
    std::vector<uint64_t> out(values.size());
    EXPECT_FALSE(DecodePfor(&in, out)) << n;
  }
}

TEST(IntegerStreamTest, EverySubEncodingRoundTrips) {
  for (const auto& values : IntegerCases()) {
    size_t smallest = std::numeric_limits<size_t>::max();
    for (IntEncoding e :
         {IntEncoding::kFrameOfReference, IntEncoding::kDelta, IntEncoding::kDeltaOfDelta}) {
      std::string bytes;
      EncodeIntegersAs(e, values, &bytes);
      smallest = std::min(smallest, bytes.size());
      EXPECT_EQ(DecodeAll(bytes, values.size(), DecodeIntegers), values)
          << "encoding " << static_cast<int>(e) << " n=" << values.size();
    }
    std::string best;
    EncodeIntegers(values, &best);
    EXPECT_EQ(best.size(), smallest);
    EXPECT_EQ(DecodeAll(best, values.size(), DecodeIntegers), values);
  }
}

TEST(IntegerStreamTest, RegularTimestampsCostAlmostNothing) {
  std::vector<uint64_t> ts(100000);
  for (size_t i = 0; i < ts.size(); ++i)
    ts[i] = ToOrdered(1'700'000'000'000 + 10'000 * static_cast<int64_t>(i));
  std::string bytes;
  EncodeIntegers(ts, &bytes);
  EXPECT_EQ(static_cast<IntEncoding>(bytes[0]), IntEncoding::kDeltaOfDelta);
  EXPECT_LT(bytes.size(), ts.size() / 32);  // < 0.25 bit per value
}

TEST(IntegerStreamTest, UnknownSubEncodingFails) {
  std::string bytes = "\x07";
  ByteReader in(bytes);
  std::vector<uint64_t> out(1);
  EXPECT_FALSE(DecodeIntegers(&in, out));
}

TEST(RleTest, RoundTripsAndRejectsBadRuns) {
  for (const auto& values : IntegerCases()) {
    std::string bytes;
    EncodeRle(values, &bytes);
    EXPECT_EQ(DecodeAll(bytes, values.size(), DecodeRle), values);
  }
  std::string bytes;
  EncodeRle(std::vector<uint64_t>(10, 1), &bytes);
  std::vector<uint64_t> too_few(9);
  ByteReader in(bytes);
  EXPECT_FALSE(DecodeRle(&in, too_few));  // run longer than the output
  std::string zero_run = std::string("\x00\x01", 2);
  ByteReader zero_in(zero_run);
  std::vector<uint64_t> out(1);
  EXPECT_FALSE(DecodeRle(&zero_in, out));
}

// --- floats ----------------------------------------------------------------------------------

template <typename T>
std::vector<std::vector<T>> FloatCases() {
  using L = std::numeric_limits<T>;
  std::mt19937 rng(7);
  std::vector<std::vector<T>> cases = {
      {},
      {T(1.5)},
      {L::quiet_NaN()},
      {T(0.0), T(-0.0), L::infinity(), -L::infinity(), L::quiet_NaN(), -L::quiet_NaN(),
       L::signaling_NaN(), L::denorm_min(), -L::denorm_min(), L::max(), L::lowest(), L::min(),
       L::epsilon(), T(0.1), T(-0.0)},
      std::vector<T>(300, T(-0.0)),
  };
  std::vector<T> walk;
  std::vector<T> rounded;
  std::vector<T> mostly_rounded;
  T v = 50;
  for (int i = 0; i < 1000; ++i) {
    v += std::normal_distribution<T>(0, 1)(rng);
    walk.push_back(v);
    rounded.push_back(static_cast<T>(std::round(static_cast<double>(v) * 100) / 100));
    mostly_rounded.push_back(i % 97 == 0 ? v : rounded.back());
  }
  mostly_rounded[500] = L::quiet_NaN();
  mostly_rounded[501] = T(-0.0);
  cases.push_back(walk);
  cases.push_back(rounded);
  cases.push_back(mostly_rounded);
  return cases;
}

template <typename T>
void ExpectBitEqual(const std::vector<T>& expected, const std::vector<T>& actual) {
  using U = std::conditional_t<sizeof(T) == 8, uint64_t, uint32_t>;
  ASSERT_EQ(expected.size(), actual.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(std::bit_cast<U>(expected[i]), std::bit_cast<U>(actual[i])) << "index " << i;
  }
}

template <typename T>
void CheckFloatCodecs() {
  for (const auto& values : FloatCases<T>()) {
    SCOPED_TRACE(values.size());
    std::string gorilla;
    EncodeGorilla<T>(values, &gorilla);
    std::string bss;
    EncodeByteStreamSplit<T>(values, &bss);
    EXPECT_EQ(bss.size(), values.size() * sizeof(T));
    for (auto [bytes, decode] :
         {std::pair{gorilla, &DecodeGorilla<T>}, std::pair{bss, &DecodeByteStreamSplit<T>}}) {
      ByteReader in(bytes);
      std::vector<T> out(values.size());
      ASSERT_TRUE(decode(&in, out));
      EXPECT_TRUE(in.AtEnd());
      ExpectBitEqual(values, out);
    }
    std::string decimal;
    if (EncodeDecimalFloat<T>(values, &decimal)) {
      ByteReader in(decimal);
      std::vector<T> out(values.size());
      ASSERT_TRUE(DecodeDecimalFloat<T>(&in, out));
      EXPECT_TRUE(in.AtEnd());
      ExpectBitEqual(values, out);
    }
  }
}

TEST(FloatStreamTest, Float64CodecsAreBitExact) { CheckFloatCodecs<double>(); }
TEST(FloatStreamTest, Float32CodecsAreBitExact) { CheckFloatCodecs<float>(); }

TEST(FloatStreamTest, DecimalEncodingAppliesToRoundedValuesOnly) {
  auto cases = FloatCases<double>();
  const auto& walk = cases[5];
  const auto& rounded = cases[6];
  const auto& mostly_rounded = cases[7];
  std::string bytes;
  EXPECT_FALSE(EncodeDecimalFloat<double>(walk, &bytes));
  EXPECT_TRUE(bytes.empty());
  ASSERT_TRUE(EncodeDecimalFloat<double>(rounded, &bytes));
  EXPECT_EQ(bytes[0], 2);  // exponent: two decimals
  EXPECT_LT(bytes.size(), rounded.size() * 2);
  bytes.clear();
  EXPECT_TRUE(EncodeDecimalFloat<double>(mostly_rounded, &bytes));  // with exceptions
}

TEST(FloatStreamTest, CorruptGorillaFails) {
  auto values = FloatCases<double>()[5];
  std::string bytes;
  EncodeGorilla<double>(values, &bytes);
  for (size_t n = 0; n < bytes.size(); n += 13) {
    ByteReader in(std::string_view(bytes).substr(0, n));
    std::vector<double> out(values.size());
    EXPECT_FALSE(DecodeGorilla<double>(&in, out)) << n;
  }
  ByteReader in(bytes);
  std::vector<double> too_many(values.size() + 50);
  EXPECT_FALSE(DecodeGorilla<double>(&in, too_many));
}

Footer SampleFooter();

// --- column chunks ---------------------------------------------------------------------------

ColumnPtr RoundTripChunk(const DataType& type, std::span<const ColumnPtr> pieces,
                         Compression compression, EncodedChunk* encoded) {
  size_t rows = 0;
  for (const ColumnPtr& p : pieces) rows += p->size();
  auto chunk = EncodeColumnChunk(type, pieces, {compression, 3});
  EXPECT_TRUE(chunk.ok()) << chunk.status().ToString();
  if (!chunk.ok()) return nullptr;
  *encoded = *chunk;
  auto column = DecodeColumnChunk(type, chunk->raw, rows);
  EXPECT_TRUE(column.ok()) << column.status().ToString();
  return column.ok() ? *column : nullptr;
}

TEST(ColumnChunkTest, EveryTypeRoundTripsWithAndWithoutNulls) {
  testing::RandomValues random(3);
  for (const DataType& type : testing::AllTypes()) {
    for (uint32_t null_percent : {0u, 10u, 100u}) {
      for (size_t rows : {size_t{0}, size_t{1}, size_t{300}}) {
        SCOPED_TRACE(type.Name() + " nulls " + std::to_string(null_percent) + "% rows " +
                     std::to_string(rows));
        ColumnPtr column = random.Column(type, rows, null_percent);
        // Three pieces, the middle one a slice at an odd offset.
        ColumnPtr middle = random.Column(type, rows + 9, null_percent)->Slice(3, rows);
        std::vector<ColumnPtr> pieces = {column, middle, column->Slice(rows / 2, rows - rows / 2)};
        auto builder = types::MakeColumnBuilder(type);
        for (const ColumnPtr& p : pieces) {
          for (size_t i = 0; i < p->size(); ++i) ASSERT_OK(builder->Append(p->GetValue(i)));
        }
        ColumnPtr expected = builder->Finish();
        EncodedChunk encoded;
        ColumnPtr decoded = RoundTripChunk(type, pieces, Compression::kZstd, &encoded);
        ASSERT_NE(decoded, nullptr);
        EXPECT_EQ(testing::DiffColumns(*expected, *decoded), "");
        EXPECT_EQ(encoded.null_count, expected->null_count());
      }
    }
  }
}

TEST(ColumnChunkTest, NullColumnPiecesMeanNullRows) {
  ColumnPtr values = types::PrimitiveColumn<int64_t>::Make(DataType::Int64(), {1, 2, 3});
  std::vector<ColumnPtr> pieces = {values, std::make_shared<types::NullColumn>(2), values};
  EncodedChunk encoded;
  ColumnPtr decoded = RoundTripChunk(DataType::Int64(), pieces, Compression::kNone, &encoded);
  ASSERT_NE(decoded, nullptr);
  ASSERT_EQ(decoded->size(), 8u);
  EXPECT_EQ(decoded->null_count(), 2u);
  EXPECT_TRUE(decoded->IsNull(3));
  EXPECT_EQ(decoded->GetValue(5), types::Value::Int64(1));
}

TEST(ColumnChunkTest, StatsCoverNonNullValues) {
  auto builder = types::MakeColumnBuilder(DataType::Float64());
  for (double v : {3.0, -2.5, std::nan(""), 8.25})
    ASSERT_OK(builder->Append(types::Value::Float64(v)));
  builder->AppendNull();
  std::vector<ColumnPtr> pieces = {builder->Finish()};
  EncodedChunk encoded;
  ASSERT_NE(RoundTripChunk(DataType::Float64(), pieces, Compression::kZstd, &encoded), nullptr);
  EXPECT_EQ(encoded.stats.kind, StatsKind::kFloat64);
  EXPECT_EQ(encoded.stats.min_float, -2.5);
  EXPECT_EQ(encoded.stats.max_float, 8.25);
  EXPECT_TRUE(encoded.stats.has_nan);
  EXPECT_EQ(encoded.null_count, 1u);

  std::vector<ColumnPtr> ints = {
      types::PrimitiveColumn<int32_t>::Make(DataType::Int32(), {5, -7, 2})};
  ASSERT_NE(RoundTripChunk(DataType::Int32(), ints, Compression::kZstd, &encoded), nullptr);
  EXPECT_EQ(encoded.stats.kind, StatsKind::kInt64);
  EXPECT_TRUE(encoded.stats.min_int == -7 && encoded.stats.max_int == 5);

  std::vector<ColumnPtr> nulls = {std::make_shared<types::NullColumn>(4)};
  ASSERT_NE(RoundTripChunk(DataType::UInt64(), nulls, Compression::kZstd, &encoded), nullptr);
  EXPECT_EQ(encoded.stats.kind, StatsKind::kNone);
}

TEST(ColumnChunkTest, PicksEncodingsByData) {
  testing::RandomValues random(9);
  auto strings = types::MakeColumnBuilder(DataType::String());
  for (int i = 0; i < 1000; ++i)
    ASSERT_OK(strings->Append(types::Value::String(i % 3 ? "idle" : "busy")));
  std::vector<ColumnPtr> low_cardinality = {strings->Finish()};
  EncodedChunk encoded;
  ASSERT_NE(RoundTripChunk(DataType::String(), low_cardinality, Compression::kNone, &encoded),
            nullptr);
  EXPECT_EQ(encoded.encoding, Encoding::kDictionary);

  for (int i = 0; i < 1000; ++i) ASSERT_OK(strings->Append(types::Value::String(random.Bytes(30))));
  std::vector<ColumnPtr> distinct = {strings->Finish()};
  ASSERT_NE(RoundTripChunk(DataType::String(), distinct, Compression::kNone, &encoded), nullptr);
  EXPECT_EQ(encoded.encoding, Encoding::kPlainBytes);

  auto floats = types::MakeColumnBuilder(DataType::Float64());
  for (int i = 0; i < 1000; ++i)
    ASSERT_OK(floats->Append(types::Value::Float64(20 + (i % 37) * 0.25)));
  std::vector<ColumnPtr> quarter_steps = {floats->Finish()};
  ASSERT_NE(RoundTripChunk(DataType::Float64(), quarter_steps, Compression::kNone, &encoded),
            nullptr);
  EXPECT_EQ(encoded.encoding, Encoding::kDecimalFloat);

  auto bools = types::MakeColumnBuilder(DataType::Boolean());
  for (int i = 0; i < 1000; ++i) ASSERT_OK(bools->Append(types::Value::Boolean(i < 900)));
  std::vector<ColumnPtr> runs = {bools->Finish()};
  ASSERT_NE(RoundTripChunk(DataType::Boolean(), runs, Compression::kNone, &encoded), nullptr);
  EXPECT_EQ(encoded.encoding, Encoding::kRle);
}

// Chunks of 32768 values or more pick their float encoding on a sample from the middle; when
// the whole chunk does not fit the sample's choice, every encoding is evaluated on it.
TEST(ColumnChunkTest, LargeFloatChunksFallBackWhenTheSampleMisleads) {
  std::mt19937 rng(8);
  std::normal_distribution<double> step(0, 1);
  std::vector<double> values(40000);
  double v = 0;
  for (double& x : values) x = std::round((v += step(rng)) * 100) / 100;
  for (bool misleading : {false, true}) {
    if (misleading) {
      for (size_t i = 0; i < 10000; ++i) values[i] += 1e-9 * static_cast<double>(i + 1);
      for (size_t i = 30000; i < 40000; ++i) values[i] += 1e-9;
    }
    std::vector<ColumnPtr> pieces = {
        types::PrimitiveColumn<double>::Make(DataType::Float64(), values)};
    EncodedChunk encoded;
    ColumnPtr decoded = RoundTripChunk(DataType::Float64(), pieces, Compression::kZstd, &encoded);
    ASSERT_NE(decoded, nullptr);
    EXPECT_EQ(testing::DiffColumns(*pieces[0], *decoded), "");
    EXPECT_EQ(encoded.encoding == Encoding::kDecimalFloat, !misleading);
  }
}

TEST(ColumnChunkTest, RejectsMismatchedPiecesAndCorruptChunks) {
  std::vector<ColumnPtr> pieces = {types::PrimitiveColumn<int32_t>::Make(DataType::Int32(), {1})};
  ASSERT_STATUS_CODE(EncodeColumnChunk(DataType::Int64(), pieces, {}),
                     StatusCode::kInvalidArguments);

  testing::RandomValues random(5);
  for (const DataType& type : testing::AllTypes()) {
    std::vector<ColumnPtr> column = {random.Column(type, 50, 20)};
    ASSERT_OK_AND_ASSIGN(EncodedChunk chunk, EncodeColumnChunk(type, column, {}));
    ASSERT_STATUS_CODE(DecodeColumnChunk(type, chunk.raw, 51), StatusCode::kStorageUnavailable);
    // Truncations never crash; they fail (decoders check lengths and consume exactly).
    for (size_t n = 0; n < chunk.raw.size(); ++n) {
      SCOPED_TRACE(type.Name() + " truncated to " + std::to_string(n));
      ASSERT_STATUS_CODE(DecodeColumnChunk(type, chunk.raw.substr(0, n), 50),
                         StatusCode::kStorageUnavailable);
    }
    ASSERT_STATUS_CODE(DecodeColumnChunk(type, chunk.raw + "x", 50),
                       StatusCode::kStorageUnavailable);
  }
}

// Checksums keep corrupt chunks away from the decoders; still, no input may crash them (this
// test is most useful under -fsanitize=address,undefined).
TEST(ColumnChunkTest, DecodersSurviveMutatedChunks) {
  testing::RandomValues random(6);
  std::mt19937 rng(6);
  for (const DataType& type : testing::AllTypes()) {
    std::vector<ColumnPtr> column = {random.Column(type, 300, 10)};
    ASSERT_OK_AND_ASSIGN(EncodedChunk chunk, EncodeColumnChunk(type, column, {}));
    for (int i = 0; i < 300; ++i) {
      std::string mutated = chunk.raw;
      for (int k = 0; k < 1 + i % 3; ++k)
        mutated[rng() % mutated.size()] = static_cast<char>(rng());
      auto decoded = DecodeColumnChunk(type, mutated, 300);
      if (decoded.ok()) {
        EXPECT_EQ((*decoded)->size(), 300u);
      } else {
        EXPECT_EQ(decoded.status().code(), StatusCode::kStorageUnavailable);
      }
    }
  }
  std::string footer = SerializeFooter(SampleFooter());
  for (int i = 0; i < 2000; ++i) {
    std::string mutated = footer;
    mutated[rng() % mutated.size()] = static_cast<char>(rng());
    (void)ParseFooter(mutated);
  }
}

TEST(ColumnChunkTest, InternalColumnsRoundTrip) {
  std::vector<int64_t> ts = {std::numeric_limits<int64_t>::min(), -5, 0, 7,
                             std::numeric_limits<int64_t>::max()};
  EncodedChunk chunk = EncodeInt64Chunk(ts);
  ASSERT_OK_AND_ASSIGN(auto decoded_ts, DecodeInt64Chunk(chunk.raw, ts.size()));
  EXPECT_EQ(decoded_ts, ts);
  EXPECT_TRUE(chunk.stats.min_int == ts.front() && chunk.stats.max_int == ts.back());
  std::vector<uint64_t> ops = {1, 1, 1, 0, 1};
  for (Encoding e : {Encoding::kRle, Encoding::kInteger}) {
    chunk = EncodeUInt64Chunk(ops, e);
    ASSERT_OK_AND_ASSIGN(auto decoded, DecodeUInt64Chunk(chunk.raw, ops.size()));
    EXPECT_EQ(decoded, ops);
  }
  EXPECT_TRUE(DecodeUInt64Chunk(EncodeUInt64Chunk({}, Encoding::kRle).raw, 0).ok());
}

// --- compression, footer, dictionary ---------------------------------------------------------

TEST(CompressionTest, EveryKindRoundTrips) {
  testing::RandomValues random(11);
  std::string text;
  for (int i = 0; i < 5000; ++i) text += random.Bytes(8);
  for (Compression c : {Compression::kNone, Compression::kZstd, Compression::kLz4}) {
    for (const std::string& raw : {std::string(), std::string("x"), text}) {
      ASSERT_OK_AND_ASSIGN(std::string stored, Compress(c, 3, raw));
      ASSERT_OK_AND_ASSIGN(std::string back, Decompress(c, stored, raw.size()));
      EXPECT_EQ(back, raw) << CompressionName(c);
      if (!raw.empty()) {
        ASSERT_STATUS_CODE(Decompress(c, stored, raw.size() + 1), StatusCode::kStorageUnavailable);
      }
    }
    if (c != Compression::kNone) {
      ASSERT_STATUS_CODE(Decompress(c, "garbage!", 100), StatusCode::kStorageUnavailable);
    }
  }
  EXPECT_NE(Checksum("abc", 0), Checksum("abc", 1));
}

Footer SampleFooter() {
  Footer f;
  f.metadata_json = "{\"x\":1}";
  f.num_rows = 30;
  f.time_min = -5;
  f.time_max = 99;
  f.max_sequence = 1234;
  f.columns = {{ColumnRole::kPrimaryKey, types::TypeId::kUInt32, 0},
               {ColumnRole::kTimeIndex, types::TypeId::kTimestamp, 3},
               {ColumnRole::kSequence, types::TypeId::kUInt64, 0},
               {ColumnRole::kOpType, types::TypeId::kUInt8, 0},
               {ColumnRole::kField, types::TypeId::kDecimal128, 9}};
  f.pk_dictionary = {1000, 20, 40, Compression::kZstd, 0xABCDEF};
  f.num_keys = 2;
  for (int g = 0; g < 2; ++g) {
    RowGroupMeta group{15, -5 + g, 99 - g, 1234u - g, 0, 1, {}};
    for (int c = 0; c < 5; ++c) {
      ChunkMeta chunk;
      chunk.block = {static_cast<uint64_t>(c * 100), 50, 70, Compression::kLz4, 77u + c};
      chunk.encoding = Encoding::kInteger;
      chunk.null_count = static_cast<uint32_t>(c);
      chunk.stats.kind = static_cast<StatsKind>(c);
      chunk.stats.has_nan = c == 3;
      if (c == 3) {
        chunk.stats.min_float = -1.5;
        chunk.stats.max_float = 2.5;
      } else if (c != 0) {
        chunk.stats.min_int = c == 4 ? -(static_cast<__int128>(1) << 100) : 3;
        chunk.stats.max_int = c == 4 ? (static_cast<__int128>(1) << 100) : 9;
      }
      group.chunks.push_back(chunk);
    }
    f.row_groups.push_back(group);
  }
  return f;
}

TEST(FooterTest, RoundTripsAndRejectsTruncation) {
  Footer footer = SampleFooter();
  std::string bytes = SerializeFooter(footer);
  ASSERT_OK_AND_ASSIGN(Footer parsed, ParseFooter(bytes));
  EXPECT_EQ(parsed, footer);
  for (size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    ASSERT_STATUS_CODE(ParseFooter(bytes.substr(0, n)), StatusCode::kStorageUnavailable);
  }
  ASSERT_STATUS_CODE(ParseFooter(bytes + "x"), StatusCode::kStorageUnavailable);
}

TEST(FooterTest, TailChecksMagicAndVersion) {
  std::string tail = SerializeTail({123, 456});
  ASSERT_EQ(tail.size(), kTailSize);
  ASSERT_OK_AND_ASSIGN(Tail parsed, ParseTail(tail));
  EXPECT_EQ(parsed.footer_length, 123u);
  EXPECT_EQ(parsed.footer_checksum, 456u);
  std::string bad_magic = tail;
  bad_magic.back() ^= 1;
  ASSERT_STATUS_CODE(ParseTail(bad_magic), StatusCode::kStorageUnavailable);
  std::string bad_version = tail;
  bad_version[4] = 2;
  ASSERT_STATUS_CODE(ParseTail(bad_version), StatusCode::kStorageUnavailable);
}

TEST(PkDictionaryTest, RoundTripsWithSharedPrefixes) {
  std::vector<std::string> keys = {"",
                                   std::string("\x01host-a", 7),
                                   std::string("\x01host-a\0", 8),
                                   "\x01host-b",
                                   "\x01host-b2",
                                   "\x02"};
  std::string bytes = EncodePkDictionary(keys);
  ASSERT_OK_AND_ASSIGN(auto decoded, DecodePkDictionary(bytes, static_cast<uint32_t>(keys.size())));
  EXPECT_EQ(decoded, keys);
  ASSERT_STATUS_CODE(DecodePkDictionary(bytes, 5), StatusCode::kStorageUnavailable);
  std::vector<std::string> unsorted = {"b", "a"};
  ASSERT_STATUS_CODE(DecodePkDictionary(EncodePkDictionary(unsorted), 2),
                     StatusCode::kStorageUnavailable);
}

}  // namespace
}  // namespace greptime::storage::sst
