// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// TableInfo validation, its JSON form (lossless for column defaults of every type) and the
// conversion to storage region metadata.
#include "catalog/table_info.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

#include "types/number_format.h"
#include "types/schema.h"
#include "types/value.h"

namespace greptime::catalog {
namespace {

using nlohmann::json;

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xf]);
  }
  return out;
}

Result<std::string> HexDecode(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    int high = nibble(hex[i]);
    int low = nibble(hex[i + 1]);
    if (high < 0 || low < 0) break;
    out.push_back(static_cast<char>(high * 16 + low));
  }
  if (out.size() * 2 != hex.size()) return Status::Unexpected("bad hex text '{}'", hex);
  return out;
}

Result<double> ParseDouble(const std::string& text) {
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) {
    return Status::Unexpected("bad float text '{}'", text);
  }
  return v;
}

// Constants are stored with their own type, in a form that reads back exactly: floats as their
// shortest round-trip text, decimals as the unscaled integer, timestamps and dates raw.
json EncodeValue(const types::Value& v) {
  using types::TypeId;
  json out;
  out["type"] = v.type().Name();
  const types::DataType& t = v.type();
  switch (t.id()) {
    case TypeId::kNull:
      break;
    case TypeId::kBoolean:
      out["value"] = v.AsBoolean();
      break;
    case TypeId::kInt8:
      out["value"] = v.AsInt8();
      break;
    case TypeId::kInt16:
      out["value"] = v.AsInt16();
      break;
    case TypeId::kInt32:
      out["value"] = v.AsInt32();
      break;
    case TypeId::kInt64:
      out["value"] = v.AsInt64();
      break;
    case TypeId::kUInt8:
      out["value"] = v.AsUInt8();
      break;
    case TypeId::kUInt16:
      out["value"] = v.AsUInt16();
      break;
    case TypeId::kUInt32:
      out["value"] = v.AsUInt32();
      break;
    case TypeId::kUInt64:
      out["value"] = v.AsUInt64();
      break;
    case TypeId::kFloat32:
      out["value"] = types::FormatFloat32(v.AsFloat32());
      break;
    case TypeId::kFloat64:
      out["value"] = types::FormatFloat64(v.AsFloat64());
      break;
    case TypeId::kDecimal128:
      out["value"] = types::Int128ToString(v.AsDecimal128());
      break;
    case TypeId::kString:
    case TypeId::kJson:
      out["value"] = v.AsBytes();
      break;
    case TypeId::kBinary:
      out["value"] = HexEncode(v.AsBytes());
      break;
    case TypeId::kDate:
      out["value"] = v.AsDate();
      break;
    case TypeId::kTimestamp:
      out["value"] = v.AsTimestamp().value;
      break;
    case TypeId::kIntervalMonthDayNano: {
      const auto& i = v.AsInterval();
      out["value"] = json::array({i.months, i.days, i.nanoseconds});
      break;
    }
    case TypeId::kVector: {
      json items = json::array();
      for (float f : v.AsVector()) items.push_back(types::FormatFloat32(f));
      out["value"] = std::move(items);
      break;
    }
  }
  return out;
}

// Throws json::exception on a wrong shape (FromJson catches it).
Result<types::Value> DecodeValue(const json& j) {
  using types::TypeId;
  using types::Value;
  GT_ASSIGN_OR_RETURN(types::DataType t,
                      types::DataType::ParseName(j.at("type").get<std::string>()));
  const json& v = j.contains("value") ? j.at("value") : json();
  switch (t.id()) {
    case TypeId::kNull:
      return Value::Null();
    case TypeId::kBoolean:
      return Value::Boolean(v.get<bool>());
    case TypeId::kInt8:
      return Value::Int8(v.get<int8_t>());
    case TypeId::kInt16:
      return Value::Int16(v.get<int16_t>());
    case TypeId::kInt32:
      return Value::Int32(v.get<int32_t>());
    case TypeId::kInt64:
      return Value::Int64(v.get<int64_t>());
    case TypeId::kUInt8:
      return Value::UInt8(v.get<uint8_t>());
    case TypeId::kUInt16:
      return Value::UInt16(v.get<uint16_t>());
    case TypeId::kUInt32:
      return Value::UInt32(v.get<uint32_t>());
    case TypeId::kUInt64:
      return Value::UInt64(v.get<uint64_t>());
    case TypeId::kFloat32: {
      GT_ASSIGN_OR_RETURN(double d, ParseDouble(v.get<std::string>()));
      return Value::Float32(static_cast<float>(d));
    }
    case TypeId::kFloat64: {
      GT_ASSIGN_OR_RETURN(double d, ParseDouble(v.get<std::string>()));
      return Value::Float64(d);
    }
    case TypeId::kDecimal128: {
      GT_ASSIGN_OR_RETURN(auto unscaled, types::ParseDecimal128(v.get<std::string>(), 0));
      return Value::Decimal128(unscaled, t.precision(), t.scale());
    }
    case TypeId::kString:
      return Value::String(v.get<std::string>());
    case TypeId::kJson:
      return Value::Json(v.get<std::string>());
    case TypeId::kBinary: {
      GT_ASSIGN_OR_RETURN(std::string bytes, HexDecode(v.get<std::string>()));
      return Value::Binary(std::move(bytes));
    }
    case TypeId::kDate:
      return Value::Date(v.get<int32_t>());
    case TypeId::kTimestamp:
      return Value::Timestamp(v.get<int64_t>(), t.time_unit());
    case TypeId::kIntervalMonthDayNano:
      return Value::Interval(types::IntervalMonthDayNano{
          v.at(0).get<int32_t>(), v.at(1).get<int32_t>(), v.at(2).get<int64_t>()});
    case TypeId::kVector: {
      std::vector<float> items;
      for (const json& item : v) {
        GT_ASSIGN_OR_RETURN(double d, ParseDouble(item.get<std::string>()));
        items.push_back(static_cast<float>(d));
      }
      if (items.empty() || items.size() > types::DataType::kMaxVectorDim) {
        return Status::Unexpected("bad vector default of {} items", items.size());
      }
      return Value::Vector(std::move(items));
    }
  }
  return Status::Unexpected("unknown default type {}", t.Name());
}

Result<types::SemanticType> DecodeSemantic(const std::string& name) {
  for (auto t :
       {types::SemanticType::kTag, types::SemanticType::kField, types::SemanticType::kTimestamp}) {
    if (types::SemanticTypeName(t) == name) return t;
  }
  return Status::Unexpected("unknown semantic type {}", name);
}

json EncodeColumn(const storage::ColumnMetadata& column) {
  const types::ColumnSchema& cs = column.column_schema;
  json out;
  out["id"] = column.column_id;
  out["name"] = cs.name;
  out["type"] = cs.type.Name();
  out["nullable"] = cs.nullable;
  out["semantic_type"] = types::SemanticTypeName(cs.semantic_type);
  if (cs.default_value.is_function()) {
    out["default"] = {{"function", cs.default_value.function()}};
  } else if (cs.default_value.is_constant()) {
    out["default"] = {{"constant", EncodeValue(cs.default_value.constant())}};
  }
  if (!cs.comment.empty()) out["comment"] = cs.comment;
  return out;
}

// Throws json::exception on a wrong shape (FromJson catches it).
Result<storage::ColumnMetadata> DecodeColumn(const json& j) {
  storage::ColumnMetadata column;
  types::ColumnSchema& cs = column.column_schema;
  column.column_id = j.at("id").get<uint32_t>();
  cs.name = j.at("name").get<std::string>();
  GT_ASSIGN_OR_RETURN(cs.type, types::DataType::ParseName(j.at("type").get<std::string>()));
  cs.nullable = j.at("nullable").get<bool>();
  GT_ASSIGN_OR_RETURN(cs.semantic_type, DecodeSemantic(j.at("semantic_type").get<std::string>()));
  if (j.contains("default")) {
    const json& d = j.at("default");
    if (d.contains("function")) {
      cs.default_value = types::ColumnDefault::Function(d.at("function").get<std::string>());
    } else {
      GT_ASSIGN_OR_RETURN(types::Value value, DecodeValue(d.at("constant")));
      cs.default_value = types::ColumnDefault::Constant(std::move(value));
    }
  }
  if (j.contains("comment")) cs.comment = j.at("comment").get<std::string>();
  return column;
}

json EncodeIndexes(const ColumnIndexOptions& indexes) {
  json out = json::object();
  if (indexes.fulltext) out["fulltext"] = *indexes.fulltext;
  if (indexes.skipping) out["skipping"] = *indexes.skipping;
  if (indexes.inverted) out["inverted"] = true;
  return out;
}

ColumnIndexOptions DecodeIndexes(const json& j) {
  ColumnIndexOptions out;
  if (j.contains("fulltext")) out.fulltext = j.at("fulltext").get<OptionMap>();
  if (j.contains("skipping")) out.skipping = j.at("skipping").get<OptionMap>();
  out.inverted = j.value("inverted", false);
  return out;
}

int64_t ToMillis(Timestamp ts) {
  auto ms = ts.ConvertTo(TimeUnit::kMillisecond);
  return ms.ok() ? ms->value : 0;
}

}  // namespace

const storage::ColumnMetadata* TableInfo::FindColumn(std::string_view column) const {
  for (const auto& c : columns) {
    if (c.column_schema.name == column) return &c;
  }
  return nullptr;
}

uint32_t TableInfo::PartitionCount() const {
  if (!partition || partition->exprs.empty()) return 1;
  return static_cast<uint32_t>(partition->exprs.size());
}

Status TableInfo::Validate() const {
  GT_RETURN_IF_ERROR(ValidateTableName(name));
  if (engine != kMitoEngine && engine != kMetricEngine) {
    return Status::InvalidArguments("Table engine not found: {}", engine);
  }
  std::vector<types::ColumnSchema> schemas;
  for (const auto& c : columns) schemas.push_back(c.column_schema);
  GT_ASSIGN_OR_RETURN(types::Schema schema,
                      types::Schema::WithPrimaryKey(std::move(schemas), primary_key));
  GT_RETURN_IF_ERROR(schema.ValidateTableSchema());
  if (schema.time_index_column()->name != time_index) {
    return Status::InvalidArguments("table {}: time index '{}' is not its TIMESTAMP column '{}'",
                                    FullName(), time_index, schema.time_index_column()->name);
  }
  std::set<uint32_t> ids;
  for (const auto& c : columns) {
    if (!ids.insert(c.column_id).second) {
      return Status::InvalidArguments("table {}: column id {} is used twice", FullName(),
                                      c.column_id);
    }
    if (c.column_id >= next_column_id) {
      return Status::InvalidArguments("table {}: column id {} is not below next column id {}",
                                      FullName(), c.column_id, next_column_id);
    }
  }
  if (partition) {
    for (const std::string& column : partition->columns) {
      if (FindColumn(column) == nullptr) {
        return Status::InvalidArguments("table {}: unknown partition column {}", FullName(),
                                        column);
      }
    }
  }
  std::set<uint32_t> regions(region_numbers.begin(), region_numbers.end());
  if (regions.size() != region_numbers.size() || region_numbers.size() != PartitionCount()) {
    return Status::InvalidArguments("table {}: {} region numbers for {} partitions", FullName(),
                                    region_numbers.size(), PartitionCount());
  }
  for (const auto& [column, indexes] : column_indexes) {
    if (FindColumn(column) == nullptr) {
      return Status::InvalidArguments("table {}: index options for unknown column {}", FullName(),
                                      column);
    }
  }
  return Status::OK();
}

std::string TableInfo::ToJson() const {
  json j;
  j["table_id"] = id;
  j["catalog"] = catalog;
  j["schema"] = schema;
  j["name"] = name;
  json cols = json::array();
  for (const auto& c : columns) cols.push_back(EncodeColumn(c));
  j["columns"] = std::move(cols);
  j["primary_key"] = primary_key;
  j["time_index"] = time_index;
  j["engine"] = engine;
  j["options"] = json(options.raw);
  if (partition) {
    j["partition"] = {{"columns", partition->columns}, {"exprs", partition->exprs}};
  }
  json indexes = json::object();
  for (const auto& [column, options] : column_indexes) indexes[column] = EncodeIndexes(options);
  j["column_indexes"] = std::move(indexes);
  j["comment"] = comment;
  j["created_at_ms"] = ToMillis(created_at);
  j["updated_at_ms"] = ToMillis(updated_at);
  j["region_numbers"] = region_numbers;
  j["next_column_id"] = next_column_id;
  j["version"] = version;
  return j.dump();
}

Result<TableInfo> TableInfo::FromJson(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::Unexpected("corrupted table info: not a JSON object");
  }
  auto decode = [&]() -> Result<TableInfo> {
    TableInfo info;
    info.id = j.at("table_id").get<uint32_t>();
    info.catalog = j.at("catalog").get<std::string>();
    info.schema = j.at("schema").get<std::string>();
    info.name = j.at("name").get<std::string>();
    for (const json& c : j.at("columns")) {
      GT_ASSIGN_OR_RETURN(storage::ColumnMetadata column, DecodeColumn(c));
      info.columns.push_back(std::move(column));
    }
    info.primary_key = j.at("primary_key").get<std::vector<std::string>>();
    info.time_index = j.at("time_index").get<std::string>();
    info.engine = j.at("engine").get<std::string>();
    GT_ASSIGN_OR_RETURN(info.options, TableOptions::Parse(j.at("options").get<OptionMap>()));
    if (j.contains("partition")) {
      const json& p = j.at("partition");
      info.partition = PartitionRule{p.at("columns").get<std::vector<std::string>>(),
                                     p.at("exprs").get<std::vector<std::string>>()};
    }
    for (const auto& [column, indexes] : j.at("column_indexes").items()) {
      info.column_indexes[column] = DecodeIndexes(indexes);
    }
    info.comment = j.at("comment").get<std::string>();
    info.created_at = Timestamp{j.at("created_at_ms").get<int64_t>(), TimeUnit::kMillisecond};
    info.updated_at = Timestamp{j.at("updated_at_ms").get<int64_t>(), TimeUnit::kMillisecond};
    info.region_numbers = j.at("region_numbers").get<std::vector<uint32_t>>();
    info.next_column_id = j.at("next_column_id").get<uint32_t>();
    info.version = j.at("version").get<uint64_t>();
    return info;
  };
  try {
    auto info = decode();
    if (!info.ok()) return Status::Unexpected("corrupted table info: {}", info.status().message());
    return info;
  } catch (const json::exception& e) {
    return Status::Unexpected("corrupted table info: {}", e.what());
  }
}

std::string RegionDir(std::string_view catalog, std::string_view schema, uint32_t table_id,
                      uint32_t region_number) {
  return fmt::format("data/{}/{}/{}/{}_{:010}/", catalog, schema, table_id, table_id,
                     region_number);
}

Result<storage::RegionMetadataPtr> ToRegionMetadata(const TableInfo& info, uint32_t region_number,
                                                    const DatabaseOptions* database) {
  if (std::find(info.region_numbers.begin(), info.region_numbers.end(), region_number) ==
      info.region_numbers.end()) {
    return Status::InvalidArguments("table {} has no region {}", info.FullName(), region_number);
  }
  std::vector<uint32_t> primary_key;
  for (const std::string& name : info.primary_key) {
    const storage::ColumnMetadata* column = info.FindColumn(name);
    if (column == nullptr) {
      return Status::InvalidArguments("table {}: unknown primary key column {}", info.FullName(),
                                      name);
    }
    primary_key.push_back(column->column_id);
  }
  storage::RegionOptions options;
  const TableOptions& table = info.options;
  if (table.ttl) {
    options.ttl = table.ttl->ToStorageTtl();
  } else if (database != nullptr && database->ttl) {
    options.ttl = database->ttl->ToStorageTtl();
  }
  options.append_mode = table.append_mode;
  options.merge_mode = table.merge_mode;
  options.compaction_time_window = table.compaction.time_window;
  if (!options.compaction_time_window && !table.compaction_override && database != nullptr) {
    options.compaction_time_window = database->compaction.time_window;
  }
  return storage::RegionMetadata::Make(storage::RegionId(info.id, region_number), info.columns,
                                       std::move(primary_key), std::move(options));
}

}  // namespace greptime::catalog
