// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Packet codecs: integers and strings, handshake, column definitions, text and binary rows,
// parameter decoding and substitution, error mapping.
#include <cstring>

#include <gtest/gtest.h>

#include "common/testing.h"
#include "servers/mysql/mysql_packet.h"
#include "servers/mysql/mysql_params.h"
#include "servers/mysql/mysql_resultset.h"
#include "types/column_builder.h"

namespace greptime::servers::mysql {
namespace {

std::string Hex(std::string_view s) {
  std::string out;
  for (unsigned char c : s) out += fmt::format("{:02x}", c);
  return out;
}

TEST(PacketCodecTest, LenencIntRoundTripsAtEveryWidth) {
  const std::vector<std::pair<uint64_t, size_t>> cases = {
      {0, 1},         {250, 1},        {251, 3},          {65535, 3},
      {65536, 4},     {0xFFFFFF, 4},   {0x1000000, 9},    {UINT64_MAX, 9}};
  for (const auto& [v, size] : cases) {
    PacketWriter w;
    w.LenencInt(v);
    EXPECT_EQ(w.size(), size) << v;
    PacketReader r(w.data());
    EXPECT_EQ(r.LenencInt(), v);
    EXPECT_TRUE(r.at_end());
  }
}

TEST(PacketCodecTest, ReadersRejectTruncatedInput) {
  EXPECT_FALSE(PacketReader("").Int1());
  EXPECT_FALSE(PacketReader("\x01").Int2());
  EXPECT_FALSE(PacketReader(std::string_view("\xfc\x01", 2)).LenencInt());
  EXPECT_FALSE(PacketReader(std::string_view("\xfb", 1)).LenencInt());  // NULL marker
  EXPECT_FALSE(PacketReader(std::string_view("\x05" "abc", 4)).LenencString());
  PacketReader r(std::string_view("\x03" "abcXY", 6));
  EXPECT_EQ(r.LenencString(), "abc");
  EXPECT_EQ(r.NulString(), "XY");  // no NUL: the rest
  EXPECT_TRUE(r.at_end());
  PacketReader big(std::string_view("\xfe\xff\xff\xff\xff\xff\xff\xff\x7f", 9));
  EXPECT_FALSE(big.LenencString());  // claims far more than present
}

TEST(PacketCodecTest, OkErrAndEofPackets) {
  EXPECT_EQ(Hex(EncodeOk(3, 0, 0x0008, 1)), "0003000800" "0100");
  EXPECT_EQ(Hex(EncodeOk(0, 0, 0, 0, true)), "fe000000000000");
  EXPECT_EQ(EncodeErr(1146, "42S02", "(TableNotFound): no"),
            std::string("\xff\x7a\x04#42S02(TableNotFound): no"));
  EXPECT_EQ(Hex(EncodeEof(0, 2)), "fe00000200");
}

TEST(PacketCodecTest, HandshakeV10Layout) {
  HandshakeV10 hs;
  hs.server_version = "8.4.2";
  hs.connection_id = 7;
  hs.salt = "abcdefghijklmnopqrst";
  hs.capabilities = 0x01A2F20C;
  std::string p = EncodeHandshakeV10(hs);
  PacketReader r(p);
  EXPECT_EQ(r.Int1(), 10);
  EXPECT_EQ(r.NulString(), "8.4.2");
  EXPECT_EQ(r.Int4(), 7u);
  EXPECT_EQ(r.Bytes(8), "abcdefgh");
  EXPECT_EQ(r.Int1(), 0);
  EXPECT_EQ(r.Int2(), 0xF20C);
  EXPECT_EQ(r.Int1(), 0x21);
  EXPECT_EQ(r.Int2(), 0);
  EXPECT_EQ(r.Int2(), 0x01A2);
  EXPECT_EQ(r.Int1(), 21);
  EXPECT_TRUE(r.Bytes(10));
  EXPECT_EQ(r.NulString(), "ijklmnopqrst");
  EXPECT_EQ(r.NulString(), "mysql_native_password");
  EXPECT_TRUE(r.at_end());
}

TEST(PacketCodecTest, SaltAvoidsNulAndDollar) {
  for (int i = 0; i < 50; ++i) {
    std::string salt = GenerateSalt();
    ASSERT_EQ(salt.size(), 20u);
    for (char c : salt) {
      EXPECT_NE(c, '\0');
      EXPECT_NE(c, '$');
      EXPECT_LT(static_cast<unsigned char>(c), 128);
    }
  }
}

std::string HandshakeResponse(uint32_t caps, std::string_view user, std::string_view auth,
                              std::string_view db, std::string_view plugin) {
  PacketWriter w;
  w.Int4(caps).Int4(1 << 24).Int1(0x21).Zeros(23).NulString(user);
  w.LenencString(auth);
  if (caps & kClientConnectWithDb) w.NulString(db);
  if (caps & kClientPluginAuth) w.NulString(plugin);
  return w.Take();
}

TEST(PacketCodecTest, DecodesHandshakeResponse41) {
  const uint32_t caps = kClientProtocol41 | kClientPluginAuthLenencClientData |
                        kClientConnectWithDb | kClientPluginAuth | kClientSecureConnection;
  ASSERT_OK_AND_ASSIGN(auto r, DecodeHandshakeResponse(HandshakeResponse(
                                   caps, "alice", std::string(20, 'x'), "db1",
                                   "caching_sha2_password")));
  EXPECT_EQ(r.user, "alice");
  EXPECT_EQ(r.auth_response, std::string(20, 'x'));
  EXPECT_EQ(r.database, "db1");
  EXPECT_EQ(r.auth_plugin, "caching_sha2_password");
  EXPECT_FALSE(r.ssl_request);

  // Protocol 4.1 is required; truncated responses are errors, never crashes.
  EXPECT_FALSE(DecodeHandshakeResponse(HandshakeResponse(0, "a", "", "", "")).ok());
  std::string full = HandshakeResponse(caps, "alice", "secret", "db", "p");
  for (size_t n = 0; n < 33; ++n) EXPECT_FALSE(DecodeHandshakeResponse(full.substr(0, n)).ok());
  for (size_t n = 33; n <= full.size(); ++n) (void)DecodeHandshakeResponse(full.substr(0, n));
  // The 32-byte SSLRequest.
  PacketWriter ssl;
  ssl.Int4(kClientProtocol41 | kClientSsl).Int4(0).Int1(0x21).Zeros(23);
  ASSERT_OK_AND_ASSIGN(auto s, DecodeHandshakeResponse(ssl.data()));
  EXPECT_TRUE(s.ssl_request);
}

TEST(ResultSetTest, ColumnTypeMapping) {
  auto def = [](types::DataType t) {
    return ColumnDefinitionFor(types::ColumnSchema{"c", t, true, types::SemanticType::kField,
                                                   {}, ""});
  };
  ASSERT_OK_AND_ASSIGN(auto u32, def(types::DataType::UInt32()));
  EXPECT_EQ(u32.type, ColumnType::kLong);
  EXPECT_EQ(u32.flags, kFlagUnsigned);
  ASSERT_OK_AND_ASSIGN(auto i64, def(types::DataType::Int64()));
  EXPECT_EQ(i64.type, ColumnType::kLongLong);
  EXPECT_EQ(i64.flags, 0);
  EXPECT_EQ(def(types::DataType::Boolean())->type, ColumnType::kTiny);
  EXPECT_EQ(def(types::DataType::Float32())->type, ColumnType::kFloat);
  EXPECT_EQ(def(types::DataType::Float64())->type, ColumnType::kDouble);
  EXPECT_EQ(def(types::DataType::String())->type, ColumnType::kVarchar);  // 15, as GreptimeDB
  EXPECT_EQ(def(types::DataType::Binary())->type, ColumnType::kVarchar);
  EXPECT_EQ(def(types::DataType::TimestampNanosecond())->type, ColumnType::kTimestamp);
  EXPECT_EQ(def(types::DataType::Date())->type, ColumnType::kDate);
  EXPECT_EQ(def(types::DataType::Decimal128(10, 2))->type, ColumnType::kDecimal);
  EXPECT_EQ(def(types::DataType::Json())->type, ColumnType::kJson);
  EXPECT_EQ(def(types::DataType::Vector(3))->type, ColumnType::kBlob);
  EXPECT_EQ(def(types::DataType::Null())->type, ColumnType::kNull);
}

TEST(ResultSetTest, ColumnDefinition41Layout) {
  ColumnDefinition c;
  c.name = "ts";
  c.type = ColumnType::kTimestamp;
  const std::string encoded = EncodeColumnDefinition(c);
  PacketReader r(encoded);
  EXPECT_EQ(r.LenencString(), "def");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(r.LenencString(), "");
  EXPECT_EQ(r.LenencString(), "ts");
  EXPECT_EQ(r.LenencString(), "");
  EXPECT_EQ(r.LenencInt(), 0x0Cu);
  EXPECT_EQ(r.Int2(), 63);
  EXPECT_EQ(r.Int4(), 1024u);
  EXPECT_EQ(r.Int1(), 7);
  EXPECT_EQ(r.Int2(), 0);
  EXPECT_EQ(r.Int1(), 0);
  EXPECT_EQ(r.Int2(), 0);
  EXPECT_TRUE(r.at_end());
}

types::RecordBatch OneRow(std::vector<std::pair<types::DataType, types::Value>> cells) {
  std::vector<types::ColumnSchema> cols;
  std::vector<types::Value> row;
  for (size_t i = 0; i < cells.size(); ++i) {
    cols.push_back({"c" + std::to_string(i), cells[i].first, true, types::SemanticType::kField,
                    {}, ""});
    row.push_back(cells[i].second);
  }
  auto schema = std::make_shared<const types::Schema>(cols);
  return types::RecordBatch::FromRows(schema, {row}).value();
}

TEST(ResultSetTest, TextValues) {
  auto zone = TimeZone::Parse("+08:00").value();
  auto batch = OneRow({
      {types::DataType::Boolean(), types::Value::Boolean(true)},
      {types::DataType::Float64(), types::Value::Float64(1.0)},
      {types::DataType::Float64(), types::Value::Float64(2.5)},
      {types::DataType::TimestampMillisecond(),
       types::Value::Timestamp(1704067200123, TimeUnit::kMillisecond)},
      {types::DataType::TimestampSecond(), types::Value::Timestamp(0, TimeUnit::kSecond)},
      {types::DataType::Int64(), types::Value()},
      {types::DataType::Decimal128(10, 2), types::Value::Decimal128(1234, 10, 2)},
      {types::DataType::Date(), types::Value::Date(19723)},
      {types::DataType::String(), types::Value::String("héllo")},
  });
  std::vector<std::optional<std::string>> want = {
      "1", "1", "2.5", "2024-01-01 08:00:00.123", "1970-01-01 08:00:00", std::nullopt, "12.34",
      "2024-01-01", "héllo"};
  for (size_t c = 0; c < want.size(); ++c) {
    ASSERT_OK_AND_ASSIGN(auto text, TextValue(*batch.column(c), 0, zone));
    EXPECT_EQ(text, want[c]) << c;
  }
  PacketWriter w;
  ASSERT_OK(AppendTextRow(w, batch, 0, zone));
  PacketReader r(w.data());
  EXPECT_EQ(r.LenencString(), "1");
  // Years MySQL cannot show are an error, not garbage.
  auto far = OneRow({{types::DataType::TimestampSecond(),
                      types::Value::Timestamp(-70000000000, TimeUnit::kSecond)}});
  EXPECT_FALSE(TextValue(*far.column(0), 0, TimeZone::Utc()).ok());
}

TEST(ResultSetTest, BinaryRowEncoding) {
  auto batch = OneRow({
      {types::DataType::Int64(), types::Value::Int64(-2)},
      {types::DataType::String(), types::Value()},
      {types::DataType::Float64(), types::Value::Float64(1.5)},
      {types::DataType::TimestampMicrosecond(),
       types::Value::Timestamp(1704067200123456, TimeUnit::kMicrosecond)},
      {types::DataType::String(), types::Value::String("ab")},
      {types::DataType::UInt8(), types::Value::UInt8(200)},
      {types::DataType::Date(), types::Value::Date(0)},
  });
  PacketWriter w;
  ASSERT_OK(AppendBinaryRow(w, batch, 0, TimeZone::Utc()));
  PacketReader r(w.data());
  EXPECT_EQ(r.Int1(), 0);
  // 7 columns + offset 2 -> 2 bytes of bitmap; column 1 is NULL -> bit 3.
  EXPECT_EQ(r.Int1(), 0x08);
  EXPECT_EQ(r.Int1(), 0x00);
  EXPECT_EQ(r.Int8(), static_cast<uint64_t>(-2));
  uint64_t bits = *r.Int8();
  double d;
  std::memcpy(&d, &bits, 8);
  EXPECT_EQ(d, 1.5);
  EXPECT_EQ(r.Int1(), 11);
  EXPECT_EQ(r.Int2(), 2024);
  EXPECT_EQ(r.Int1(), 1);
  EXPECT_EQ(r.Int1(), 1);
  EXPECT_EQ(r.Int1(), 0);
  EXPECT_EQ(r.Int1(), 0);
  EXPECT_EQ(r.Int1(), 0);
  EXPECT_EQ(r.Int4(), 123456u);
  EXPECT_EQ(r.LenencString(), "ab");
  EXPECT_EQ(r.Int1(), 200);
  EXPECT_EQ(r.Int1(), 4);
  EXPECT_EQ(r.Int2(), 1970);
  EXPECT_EQ(r.Int1(), 1);
  EXPECT_EQ(r.Int1(), 1);
  EXPECT_TRUE(r.at_end());
}

TEST(ResultSetTest, OutputsBecomeResultSets) {
  std::vector<std::string> packets;
  ResultSetOptions o;
  ASSERT_OK(AppendOutput(packets, query::QueryOutput::AffectedRows(3), o, TimeZone::Utc()));
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(packets[0][0], '\0');
  packets.clear();
  auto batch = OneRow({{types::DataType::Int32(), types::Value::Int32(5)}});
  auto out = query::QueryOutput::Records(batch.schema(), {batch, batch});
  ASSERT_OK(AppendOutput(packets, out, o, TimeZone::Utc()));
  // count, 1 definition, 2 rows, OK-0xFE.
  ASSERT_EQ(packets.size(), 5u);
  EXPECT_EQ(packets[0], "\x01");
  EXPECT_EQ(packets[2], "\x01" "5");
  EXPECT_EQ(static_cast<uint8_t>(packets[4][0]), 0xFE);
  packets.clear();
  o.deprecate_eof = false;
  ASSERT_OK(AppendOutput(packets, out, o, TimeZone::Utc()));
  ASSERT_EQ(packets.size(), 6u);  // EOF after the definitions, EOF at the end
  EXPECT_EQ(packets[2], EncodeEof(0, 0));
}

TEST(ResultSetTest, ErrorMapping) {
  EXPECT_EQ(MysqlErrorFor(StatusCode::kTableNotFound).code, 1146);
  EXPECT_EQ(MysqlErrorFor(StatusCode::kTableNotFound).sqlstate, "42S02");
  EXPECT_EQ(MysqlErrorFor(StatusCode::kInvalidSyntax).code, 1149);
  EXPECT_EQ(MysqlErrorFor(StatusCode::kPlanQuery).code, 1815);
  EXPECT_EQ(MysqlErrorFor(StatusCode::kDatabaseNotFound).code, 1102);
  EXPECT_EQ(MysqlErrorFor(StatusCode::kPermissionDenied).code, 1045);
  EXPECT_EQ(MysqlErrorFor(StatusCode::kInvalidArguments).code, 1210);
  std::string err = EncodeStatusErr(Status(StatusCode::kTableNotFound, "Table not found: t"));
  EXPECT_EQ(err.substr(9), "(TableNotFound): Table not found: t");
}

TEST(ResultSetTest, IntervalsAndDates) {
  EXPECT_EQ(FormatIntervalIso({0, 1, 2 * 3600 * 1'000'000'000LL}), "P1DT2H");
  EXPECT_EQ(FormatIntervalIso({14, 0, 0}), "P1Y2M");
  EXPECT_EQ(FormatIntervalIso({0, 0, 1'500'000'000}), "PT1.5S");
  EXPECT_EQ(FormatIntervalIso({0, 0, 0}), "PT0S");
  auto d = CivilFromDays(19723);
  EXPECT_EQ(d.year, 2024);
  EXPECT_EQ(d.month, 1u);
  EXPECT_EQ(d.day, 1u);
  d = CivilFromDays(-1);
  EXPECT_EQ(d.year, 1969);
  EXPECT_EQ(d.month, 12u);
  EXPECT_EQ(d.day, 31u);
}

TEST(ParamsTest, FindsPlaceholdersOutsideStringsAndComments) {
  const std::string sql = "SELECT '?', \"a?\", ? -- ?\n + ? /* ? */ FROM t WHERE x = ?";
  ASSERT_OK_AND_ASSIGN(auto pos, FindPlaceholders(sql));
  ASSERT_EQ(pos.size(), 3u);
  EXPECT_EQ(SubstituteParams(sql, pos, {"1", "'x'", "(-2)"}),
            "SELECT '?', \"a?\",  1  -- ?\n +  'x'  /* ? */ FROM t WHERE x =  (-2) ");
  EXPECT_FALSE(FindPlaceholders("SELECT 'open").ok());
}

TEST(ParamsTest, QuotesStringsSafely) {
  EXPECT_EQ(QuoteSqlString("it's"), "'it''s'");
  EXPECT_EQ(QuoteSqlString("a\\'; DROP TABLE t; --"), "'a\\''; DROP TABLE t; --'");
}

// The parameter part of COM_STMT_EXECUTE for `types` and pre-encoded values.
std::string ParamBlock(const std::vector<ParamType>& types, uint8_t null_bits,
                       const std::string& values) {
  PacketWriter w;
  w.Int1(null_bits).Int1(1);
  for (const auto& t : types) w.Int1(t.type).Int1(t.is_unsigned ? 0x80 : 0);
  w.Bytes(values);
  return w.Take();
}

TEST(ParamsTest, DecodesEveryParameterType) {
  std::vector<ParamType> types = {
      {1, false}, {8, true}, {8, false}, {5, false}, {253, false}, {12, false}, {6, false},
      {246, false}};
  PacketWriter v;
  v.Int1(0xFF);                                   // TINY -1
  v.Int8(UINT64_MAX);                             // LONGLONG UNSIGNED
  v.Int8(static_cast<uint64_t>(-42));             // LONGLONG -42
  double d = 2.5;
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  v.Int8(bits);                                   // DOUBLE
  v.LenencString("O'Brien");                      // VAR_STRING
  v.Int1(11).Int2(2024).Int1(2).Int1(29).Int1(13).Int1(14).Int1(15).Int4(123);  // DATETIME
  v.LenencString("-12.50");                       // NEWDECIMAL
  // Parameter 6 (MYSQL_TYPE_NULL) is flagged NULL in the bitmap.
  std::string block = ParamBlock(types, 0x40, v.data());
  PacketReader r(block);
  std::vector<ParamType> bound;
  ASSERT_OK_AND_ASSIGN(auto lits, DecodeParamLiterals(r, types.size(), bound, {}));
  EXPECT_EQ(lits, (std::vector<std::string>{"(-1)", "18446744073709551615", "(-42)", "2.5",
                                            "'O''Brien'", "'2024-02-29 13:14:15.000123'", "NULL",
                                            "(-12.50)"}));
  EXPECT_EQ(bound.size(), types.size());
}

TEST(ParamsTest, ReusesTypesAndLongData) {
  std::vector<ParamType> bound = {{3, false}, {253, false}};
  PacketWriter w;
  w.Int1(0).Int1(0);  // no NULLs, types not re-sent
  w.Int4(7);
  PacketReader r(w.data());
  std::vector<std::optional<std::string>> long_data = {std::nullopt, std::string("big")};
  ASSERT_OK_AND_ASSIGN(auto lits, DecodeParamLiterals(r, 2, bound, long_data));
  EXPECT_EQ(lits, (std::vector<std::string>{"7", "'big'"}));
  // Never bound: an error.
  std::vector<ParamType> none;
  PacketReader r2(w.data());
  EXPECT_FALSE(DecodeParamLiterals(r2, 2, none, {}).ok());
}

TEST(ParamsTest, RejectsMalformedParameters) {
  std::vector<ParamType> types = {{8, false}};
  std::string full = ParamBlock(types, 0, std::string(8, '\x01'));
  for (size_t n = 0; n < full.size(); ++n) {
    PacketReader r(std::string_view(full).substr(0, n));
    std::vector<ParamType> bound;
    EXPECT_FALSE(DecodeParamLiterals(r, 1, bound, {}).ok()) << n;
  }
  std::vector<ParamType> bad = {{0x99, false}};
  const std::string bad_block = ParamBlock(bad, 0, "x");
  PacketReader r(bad_block);
  std::vector<ParamType> bound;
  EXPECT_FALSE(DecodeParamLiterals(r, 1, bound, {}).ok());
  std::vector<ParamType> dec = {{246, false}};
  const std::string dec_block = ParamBlock(dec, 0, PacketWriter().LenencString("1; DROP").Take());
  PacketReader r3(dec_block);
  EXPECT_FALSE(DecodeParamLiterals(r3, 1, bound, {}).ok());
}

TEST(ParamsTest, ValueLiterals) {
  EXPECT_EQ(ValueLiteral(types::Value::Int64(-3), TimeZone::Utc()), "(-3)");
  EXPECT_EQ(ValueLiteral(types::Value::String("a'b"), TimeZone::Utc()), "'a''b'");
  EXPECT_EQ(ValueLiteral(types::Value(), TimeZone::Utc()), "NULL");
  EXPECT_EQ(ValueLiteral(types::Value::Timestamp(0, TimeUnit::kSecond), TimeZone::Utc()),
            "'1970-01-01 00:00:00'");
}

}  // namespace
}  // namespace greptime::servers::mysql
