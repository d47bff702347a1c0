// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// information_schema (spec/information-schema.md): the 39 virtual tables, their exact schemas,
// and the rows computed from the catalog (and region statistics) when a table is scanned.
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <map>
#include <thread>

#include "common/strings.h"
#include "common/version.h"
#include "frontend/introspection.h"
#include "query/exec/exec_node.h"

namespace greptime::frontend {
namespace {

using types::DataType;
using types::Value;
using Rows = std::vector<std::vector<Value>>;

constexpr std::string_view kInfoSchema = "information_schema";
constexpr std::string_view kDefaultCatalog = catalog::kDefaultCatalog;
constexpr std::string_view kDefaultSchema = catalog::kDefaultSchema;

// Name, fixed table id and columns ("name:Type", a trailing '?' marks a nullable column), as
// GreptimeDB's information_schema.columns lists them.
struct InfoTableDef {
  const char* name;
  uint32_t id;
  const char* columns;
};

constexpr InfoTableDef kInfoTableDefs[] = {
    {"build_info", 8,
     "git_branch:String git_commit:String git_commit_short:String git_clean:String "
     "pkg_version:String"},
    {"character_sets", 9,
     "character_set_name:String default_collate_name:String description:String "
     "maxlen:Int64"},
    {"check_constraints", 12,
     "constraint_catalog:String constraint_schema:String constraint_name:String "
     "check_clause:String"},
    {"cluster_info", 31,
     "peer_id:Int64 peer_type:String peer_addr:String? peer_hostname:String? "
     "total_cpu_millicores:Int64 total_memory_bytes:Int64 cpu_usage_millicores:Int64 "
     "memory_usage_bytes:Int64 version:String git_commit:String "
     "start_time:TimestampMillisecond? uptime:String? active_time:String? "
     "node_status:String?"},
    {"collation_character_set_applicability", 11,
     "collation_name:String character_set_name:String"},
    {"collations", 10,
     "collation_name:String character_set_name:String id:Int64 is_default:String "
     "is_compiled:String sortlen:Int64"},
    {"column_privileges", 6,
     "grantee:String table_catalog:String table_schema:String table_name:String "
     "column_name:String privilege_type:String is_grantable:String"},
    {"column_statistics", 7,
     "schema_name:String table_name:String column_name:String histogram:String"},
    {"columns", 4,
     "table_catalog:String table_schema:String table_name:String column_name:String "
     "ordinal_position:Int64 character_maximum_length:Int64? "
     "character_octet_length:Int64? numeric_precision:Int64? numeric_scale:Int64? "
     "datetime_precision:Int64? character_set_name:String? collation_name:String? "
     "column_key:String extra:String privileges:String generation_expression:String "
     "greptime_data_type:String data_type:String semantic_type:String "
     "column_default:String? is_nullable:String column_type:String "
     "column_comment:String? srs_id:Int64?"},
    {"engines", 5,
     "engine:String support:String comment:String transactions:String xa:String "
     "savepoints:String"},
    {"events", 13,
     "event_catalog:String event_schema:String event_name:String definer:String "
     "time_zone:String event_body:String event_definition:String event_type:String "
     "execute_at:TimestampMicrosecond interval_value:Int64 interval_field:String "
     "sql_mode:String starts:TimestampMicrosecond ends:TimestampMicrosecond "
     "status:String on_completion:String created:TimestampMicrosecond "
     "last_altered:TimestampMicrosecond last_executed:TimestampMicrosecond "
     "event_comment:String originator:Int64 character_set_client:String "
     "collation_connection:String database_collation:String"},
    {"files", 14,
     "file_id:Int64 file_name:String file_type:String tablespace_name:String "
     "table_catalog:String table_schema:String table_name:String "
     "logfile_group_name:String logfile_group_number:Int64 engine:String "
     "fulltext_keys:String deleted_rows:Int64 update_count:Int64 free_extents:Int64 "
     "total_extents:Int64 extent_size:Int64 initial_size:Int64 maximum_size:Int64 "
     "autoextend_size:Int64 creation_time:TimestampMicrosecond "
     "last_update_time:TimestampMicrosecond last_access_time:TimestampMicrosecond "
     "recover_time:TimestampMicrosecond transaction_counter:Int64 version:String "
     "row_format:String table_rows:Int64 avg_row_length:Int64 data_length:Int64 "
     "max_data_length:Int64 index_length:Int64 data_free:Int64 "
     "create_time:TimestampMicrosecond update_time:TimestampMicrosecond "
     "check_time:TimestampMicrosecond checksum:String status:String extra:String"},
    {"flow_statistics", 45,
     "flow_id:UInt32 flow_name:String start_time:TimestampMillisecond? "
     "last_execution_time:TimestampMillisecond? uptime_seconds:Int64? "
     "state_size:UInt64?"},
    {"flows", 33,
     "flow_name:String flow_id:UInt32 state_size:UInt64? table_catalog:String "
     "flow_definition:String comment:String? expire_after:Int64? "
     "source_table_ids:String? sink_table_name:String flownode_ids:String? "
     "options:String? created_time:TimestampMillisecond "
     "updated_time:TimestampMillisecond last_execution_time:TimestampMillisecond? "
     "source_table_names:String? flownode_addrs:String?"},
    {"global_status", 25, "variable_name:String variable_value:String"},
    {"key_column_usage", 16,
     "constraint_catalog:String constraint_schema:String constraint_name:String "
     "table_catalog:String real_table_catalog:String table_schema:String "
     "table_name:String column_name:String ordinal_position:UInt32 "
     "position_in_unique_constraint:UInt32? referenced_table_schema:String? "
     "referenced_table_name:String? referenced_column_name:String? "
     "greptime_index_type:String?"},
    {"optimizer_trace", 17,
     "query:String trace:String missing_bytes_beyond_max_mem_size:Int64 "
     "insufficient_privileges:Int64"},
    {"parameters", 18,
     "specific_catalog:String specific_schema:String specific_name:String "
     "ordinal_position:Int64 parameter_mode:String parameter_name:String "
     "data_type:String character_maximum_length:Int64 character_octet_length:Int64 "
     "numeric_precision:Int64 numeric_scale:Int64 datetime_precision:Int64 "
     "character_set_name:String collation_name:String dtd_identifier:String "
     "routine_type:String"},
    {"partitions", 28,
     "table_catalog:String table_schema:String table_name:String "
     "partition_name:String subpartition_name:String? "
     "partition_ordinal_position:Int64? subpartition_ordinal_position:Int64? "
     "partition_method:String? subpartition_method:String? "
     "partition_expression:String? subpartition_expression:String? "
     "partition_description:String? table_rows:Int64? avg_row_length:Int64? "
     "data_length:Int64? max_data_length:Int64? index_length:Int64? data_free:Int64? "
     "create_time:TimestampSecond? update_time:TimestampSecond? "
     "check_time:TimestampSecond? checksum:Int64? partition_comment:String? "
     "nodegroup:String? tablespace_name:String? greptime_partition_id:UInt64?"},
    {"procedure_info", 34,
     "procedure_id:String procedure_type:String start_time:TimestampMillisecond? "
     "end_time:TimestampMillisecond? status:String lock_keys:String?"},
    {"process_list", 36,
     "id:String catalog:String schemas:String query:String client:String "
     "frontend:String start_timestamp:TimestampMillisecond "
     "elapsed_time:DurationMillisecond"},
    {"profiling", 19,
     "query_id:Int64 seq:Int64 state:String duration:Int64 cpu_user:Int64 "
     "cpu_system:Int64 context_voluntary:Int64 context_involuntary:Int64 "
     "block_ops_in:Int64 block_ops_out:Int64 messages_sent:Int64 "
     "messages_received:Int64 page_faults_major:Int64 page_faults_minor:Int64 "
     "swaps:Int64 source_function:String source_file:String source_line:Int64"},
    {"referential_constraints", 20,
     "constraint_catalog:String constraint_schema:String constraint_name:String "
     "unique_constraint_catalog:String unique_constraint_schema:String "
     "unique_constraint_name:String match_option:String update_rule:String "
     "delete_rule:String table_name:String referenced_table_name:String"},
    {"region_info", 41,
     "region_id:UInt64 table_id:UInt32 region_number:UInt32 region_group:UInt8 "
     "region_sequence:UInt32 state:String role:String writable:Boolean "
     "committed_sequence:UInt64 flushed_sequence:UInt64? manifest_version:UInt64 "
     "compaction_time_window:String? region_options:String sst_format:String "
     "node_id:UInt64?"},
    {"region_peers", 29,
     "table_catalog:String table_schema:String table_name:String region_id:UInt64 "
     "peer_id:UInt64? peer_addr:String? is_leader:String? status:String? "
     "down_seconds:Int64?"},
    {"region_statistics", 35,
     "region_id:UInt64 table_id:UInt32 region_number:UInt32 region_rows:UInt64? "
     "written_bytes_since_open:UInt64? query_cpu_time_millis:UInt64? "
     "query_scanned_bytes:UInt64? disk_size:UInt64? memtable_size:UInt64? "
     "manifest_size:UInt64? sst_size:UInt64? sst_num:UInt64? index_size:UInt64? "
     "engine:String? region_role:String?"},
    {"routines", 21,
     "specific_name:String routine_catalog:String routine_schema:String "
     "routine_name:String routine_type:String data_type:String "
     "character_maximum_length:Int64 character_octet_length:Int64 "
     "numeric_precision:Int64 numeric_scale:Int64 datetime_precision:Int64 "
     "character_set_name:String collation_name:String dtd_identifier:String "
     "routine_body:String routine_definition:String external_name:String "
     "external_language:String parameter_style:String is_deterministic:String "
     "sql_data_access:String sql_path:String security_type:String "
     "created:TimestampMicrosecond last_altered:TimestampMicrosecond sql_mode:String "
     "routine_comment:String definer:String character_set_client:String "
     "collation_connection:String database_collation:String"},
    {"schema_privileges", 22,
     "grantee:String table_catalog:String table_schema:String privilege_type:String "
     "is_grantable:String"},
    {"schemata", 15,
     "catalog_name:String schema_name:String default_character_set_name:String "
     "default_collation_name:String sql_path:String? options:String?"},
    {"session_status", 26, "variable_name:String variable_value:String"},
    {"ssts_index_meta", 39,
     "table_dir:String index_file_path:String region_id:UInt64 table_id:UInt32 "
     "region_number:UInt32 region_group:UInt8 region_sequence:UInt32 file_id:String "
     "index_file_size:UInt64? index_type:String target_type:String target_key:String "
     "target_json:String blob_size:UInt64 meta_json:String? node_id:UInt64?"},
    {"ssts_manifest", 37,
     "table_dir:String region_id:UInt64 table_id:UInt32 region_number:UInt32 "
     "region_group:UInt8 region_sequence:UInt32 file_id:String index_version:UInt64 "
     "level:UInt8 file_path:String file_size:UInt64 index_file_path:String? "
     "index_file_size:UInt64? num_rows:UInt64 num_row_groups:UInt64 "
     "num_series:UInt64? min_ts:TimestampNanosecond? max_ts:TimestampNanosecond? "
     "sequence:UInt64? origin_region_id:UInt64 node_id:UInt64? visible:Boolean "
     "primary_key_min:Binary? primary_key_max:Binary?"},
    {"ssts_storage", 38,
     "file_path:String file_size:UInt64? last_modified_ms:TimestampMillisecond? "
     "node_id:UInt64?"},
    {"statistics", 43,
     "table_catalog:String table_schema:String table_name:String non_unique:Int64 "
     "index_schema:String index_name:String seq_in_index:Int64 column_name:String "
     "collation:String? cardinality:Int64? sub_part:Int64? packed:String? "
     "nullable:String index_type:String comment:String index_comment:String "
     "is_visible:String expression:String? greptime_index_type:String?"},
    {"table_constraints", 30,
     "constraint_catalog:String constraint_schema:String constraint_name:String "
     "table_schema:String table_name:String constraint_type:String enforced:String"},
    {"table_privileges", 23,
     "grantee:String table_catalog:String table_schema:String table_name:String "
     "privilege_type:String is_grantable:String"},
    {"table_semantics", 42,
     "table_catalog:String table_schema:String table_name:String table_id:UInt32 "
     "signal_type:String? source:String? source_version:String? pipeline:String? "
     "metadata_quality:String? semantic_options:String?"},
    {"tables", 3,
     "table_catalog:String table_schema:String table_name:String table_type:String "
     "table_id:UInt32? data_length:UInt64? max_data_length:UInt64? "
     "index_length:UInt64? max_index_length:UInt64? avg_row_length:UInt64? "
     "engine:String? version:UInt64? row_format:String? table_rows:UInt64? "
     "data_free:UInt64? auto_increment:UInt64? create_time:TimestampSecond? "
     "update_time:TimestampSecond? check_time:TimestampSecond? "
     "table_collation:String? checksum:UInt64? create_options:String? "
     "table_comment:String? temporary:String?"},
    {"views", 32,
     "table_catalog:String table_schema:String table_name:String "
     "view_definition:String check_option:String? is_updatable:String? "
     "definer:String? security_type:String? character_set_client:String? "
     "collation_connection:String?"},
};

// Tables only the default catalog shows.
bool DefaultCatalogOnly(std::string_view name) {
  for (std::string_view n :
       {"build_info", "region_peers", "cluster_info", "procedure_info", "region_statistics",
        "region_info", "ssts_manifest", "ssts_storage", "ssts_index_meta"}) {
    if (n == name) return true;
  }
  return false;
}

const InfoTableDef* FindDef(std::string_view name, std::string_view catalog) {
  for (const auto& d : kInfoTableDefs) {
    if (name == d.name) {
      if (catalog != kDefaultCatalog && DefaultCatalogOnly(name)) return nullptr;
      return &d;
    }
  }
  return nullptr;
}

// The columns of `spec`. `declared` (optional) receives each column's type name as written,
// which differs from the column type for types this implementation lacks (Duration*).
std::vector<types::ColumnSchema> ParseColumns(std::string_view spec,
                                              std::vector<std::string>* declared = nullptr) {
  std::vector<types::ColumnSchema> cols;
  size_t pos = 0;
  while (pos < spec.size()) {
    size_t end = spec.find(' ', pos);
    if (end == std::string_view::npos) end = spec.size();
    std::string_view item = spec.substr(pos, end - pos);
    pos = end + 1;
    if (item.empty()) continue;
    size_t colon = item.find(':');
    std::string_view type = item.substr(colon + 1);
    bool nullable = !type.empty() && type.back() == '?';
    if (nullable) type.remove_suffix(1);
    // No Duration type here: process_list.elapsed_time is kept as Int64 milliseconds.
    auto parsed = DataType::ParseName(type);
    DataType dt = parsed.ok() ? *parsed : DataType::Int64();
    if (declared != nullptr) declared->push_back(parsed.ok() ? std::string() : std::string(type));
    cols.push_back(
        {std::string(item.substr(0, colon)), dt, nullable, types::SemanticType::kField, {}, ""});
  }
  return cols;
}

// A table as the introspection tables see it: a catalog table, an information_schema table or
// public.numbers.
struct TableView {
  std::string catalog;
  std::string schema;
  std::string name;
  uint32_t id = 0;
  std::string engine;
  bool temporary = false;
  std::vector<types::ColumnSchema> columns;
  std::vector<std::string> primary_key;
  std::string time_index;
  catalog::TableInfoPtr info;               // null for virtual tables
  std::vector<std::string> declared_types;  // see ParseColumns
};

TableView ViewOf(const catalog::TableInfoPtr& info) {
  TableView v;
  v.catalog = info->catalog;
  v.schema = info->schema;
  v.name = info->name;
  v.id = info->id;
  v.engine = info->engine;
  for (const auto& c : info->columns) v.columns.push_back(c.column_schema);
  v.primary_key = info->primary_key;
  v.time_index = info->time_index;
  v.info = info;
  return v;
}

TableView NumbersView(const std::string& cat) {
  TableView v;
  v.catalog = cat;
  v.schema = std::string(kDefaultSchema);
  v.name = "numbers";
  v.id = 2;
  v.engine = "test_engine";
  v.temporary = true;
  v.columns.push_back({"number", DataType::UInt32(), false, types::SemanticType::kTag, {}, ""});
  v.primary_key = {"number"};
  return v;
}

// Every table of the catalog, databases in name order, tables by name within each.
Result<std::vector<TableView>> ListViews(catalog::CatalogManager& catalog, const std::string& cat) {
  std::vector<TableView> out;
  GT_ASSIGN_OR_RETURN(auto dbs, catalog.ListDatabases(cat));
  for (const auto& db : dbs) {
    if (AsciiLower(db.name) == kInfoSchema) {
      for (const auto& d : kInfoTableDefs) {
        if (FindDef(d.name, cat) == nullptr) continue;
        TableView v;
        v.catalog = cat;
        v.schema = db.name;
        v.name = d.name;
        v.id = d.id;
        v.temporary = true;
        v.columns = ParseColumns(d.columns, &v.declared_types);
        out.push_back(std::move(v));
      }
      continue;
    }
    GT_ASSIGN_OR_RETURN(auto tables, catalog.ListTables(cat, db.name));
    std::vector<TableView> views;
    for (const auto& t : tables) views.push_back(ViewOf(t));
    if (cat == kDefaultCatalog && db.name == kDefaultSchema &&
        std::none_of(views.begin(), views.end(),
                     [](const auto& v) { return v.name == "numbers"; })) {
      views.push_back(NumbersView(cat));
    }
    std::sort(views.begin(), views.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    for (auto& v : views) out.push_back(std::move(v));
  }
  return out;
}

Value Str(std::string s) { return Value::String(std::move(s)); }
Value OptStr(const std::string& s) { return s.empty() ? Value() : Value::String(s); }

// "1.0KiB" as GreptimeDB's ReadableSize prints sizes.
std::string ReadableSize(uint64_t bytes) {
  const char* units[] = {"PiB", "TiB", "GiB", "MiB", "KiB"};
  for (int i = 0; i < 5; ++i) {
    uint64_t unit = uint64_t{1} << (10 * (5 - i));
    if (bytes >= unit) {
      return fmt::format("{:.1f}{}", static_cast<double>(bytes) / static_cast<double>(unit),
                         units[i]);
    }
  }
  return fmt::format("{}B", bytes);
}

struct Ctx {
  std::string catalog;
  catalog::CatalogManager* cm = nullptr;
  datanode::RegionHandler* regions = nullptr;
  std::string time_zone;
  const ClusterView* cluster = nullptr;
};

struct TableStats {
  uint64_t rows = 0, sst = 0, memtable = 0, files = 0;
};

TableStats StatsOf(const Ctx& ctx, const TableView& v) {
  TableStats s;
  if (v.info == nullptr || ctx.regions == nullptr) return s;
  for (uint32_t rn : v.info->region_numbers) {
    auto st = ctx.regions->Statistics(storage::RegionId(v.id, rn));
    if (!st.ok()) continue;
    s.rows += st->num_rows;
    s.sst += st->sst_bytes;
    s.memtable += st->memtable_bytes;
    s.files += st->num_files;
  }
  return s;
}

std::string CreateOptionsText(const catalog::TableInfo& info) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : info.options.raw) {
    std::string value = v;
    if (k == "ttl") {
      auto ttl = catalog::TimeToLive::Parse(v);
      if (ttl.ok()) value = ttl->ToString();
    } else if (k == "write_buffer_size" && info.options.write_buffer_size) {
      value = ReadableSize(*info.options.write_buffer_size);
    }
    parts.push_back(k + "=" + value);
  }
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? " " : "") + parts[i];
  return out;
}

Value SecondsValue(Timestamp ts) { return Value::Timestamp(ts.Seconds(), TimeUnit::kSecond); }

Result<Rows> TablesRows(const Ctx& ctx) {
  GT_ASSIGN_OR_RETURN(auto views, ListViews(*ctx.cm, ctx.catalog));
  Rows rows;
  Timestamp now = Clock::System().Now();
  for (const auto& v : views) {
    TableStats st = StatsOf(ctx, v);
    uint64_t avg = st.rows == 0 ? 0 : (st.sst + st.memtable) / st.rows;
    Value created = SecondsValue(v.info ? v.info->created_at : now);
    Value updated = SecondsValue(v.info ? v.info->updated_at : now);
    rows.push_back({Str(v.catalog),
                    Str(v.schema),
                    Str(v.name),
                    Str(v.temporary ? "LOCAL TEMPORARY" : "BASE TABLE"),
                    Value::UInt32(v.id),
                    Value::UInt64(st.sst),
                    Value::UInt64(0),
                    Value::UInt64(0),
                    Value::UInt64(0),
                    Value::UInt64(avg),
                    Str(v.engine),
                    Value::UInt64(11),
                    Str("Fixed"),
                    Value::UInt64(st.rows),
                    Value::UInt64(0),
                    Value::UInt64(0),
                    created,
                    updated,
                    Value(),
                    Str("utf8_bin"),
                    Value::UInt64(0),
                    Str(v.info ? CreateOptionsText(*v.info) : ""),
                    v.info ? OptStr(v.info->comment) : Value(),
                    Str(v.temporary ? "Y" : "N")});
  }
  return rows;
}

std::string SemanticName(const types::ColumnSchema& c) {
  if (c.is_time_index()) return "TIMESTAMP";
  if (c.is_tag()) return "TAG";
  return "FIELD";
}

Result<Rows> ColumnsRows(const Ctx& ctx) {
  GT_ASSIGN_OR_RETURN(auto views, ListViews(*ctx.cm, ctx.catalog));
  Rows rows;
  for (const auto& v : views) {
    int64_t pos = 1;
    for (size_t i = 0; i < v.columns.size(); ++i) {
      const auto& c = v.columns[i];
      const DataType& t = c.type;
      std::string declared = i < v.declared_types.size() ? v.declared_types[i] : "";
      if (!declared.empty()) {
        // A type without a representation here: its GreptimeDB name everywhere, no precision.
        rows.push_back({Str(v.catalog),
                        Str(v.schema),
                        Str(v.name),
                        Str(c.name),
                        Value::Int64(pos++),
                        Value(),
                        Value(),
                        Value(),
                        Value(),
                        Value(),
                        Value(),
                        Value(),
                        Str(""),
                        Str(""),
                        Str("select,insert"),
                        Str(""),
                        Str(declared),
                        Str(declared),
                        Str(SemanticName(c)),
                        Value(),
                        Str(c.nullable ? "YES" : "NO"),
                        Str(declared),
                        Value(),
                        Value()});
        continue;
      }
      Value char_len, precision, scale, dt_precision, charset, collation;
      if (t.is_string()) {
        char_len = Value::Int64(2147483647);
        charset = Str("utf8");
        collation = Str("utf8_bin");
      }
      auto set_num = [&](int64_t p, std::optional<int64_t> s) {
        precision = Value::Int64(p);
        if (s) scale = Value::Int64(*s);
      };
      switch (t.id()) {
        case types::TypeId::kInt8:
        case types::TypeId::kUInt8:
          set_num(3, 0);
          break;
        case types::TypeId::kInt16:
        case types::TypeId::kUInt16:
          set_num(5, 0);
          break;
        case types::TypeId::kInt32:
        case types::TypeId::kUInt32:
          set_num(10, 0);
          break;
        case types::TypeId::kInt64:
          set_num(19, 0);
          break;
        case types::TypeId::kUInt64:
          set_num(20, 0);
          break;
        case types::TypeId::kFloat32:
          set_num(12, std::nullopt);
          break;
        case types::TypeId::kFloat64:
          set_num(22, std::nullopt);
          break;
        case types::TypeId::kDecimal128:
          set_num(t.precision(), t.scale());
          break;
        case types::TypeId::kTimestamp:
          dt_precision = Value::Int64(t.time_unit() == TimeUnit::kSecond        ? 0
                                      : t.time_unit() == TimeUnit::kMillisecond ? 3
                                      : t.time_unit() == TimeUnit::kMicrosecond ? 6
                                                                                : 9);
          break;
        default:
          break;
      }
      std::string key = c.is_time_index() ? "TIME INDEX" : (c.is_tag() ? "PRI" : "");
      std::string sql_type = t.MysqlName();
      rows.push_back({Str(v.catalog),
                      Str(v.schema),
                      Str(v.name),
                      Str(c.name),
                      Value::Int64(pos++),
                      char_len,
                      char_len,
                      precision,
                      scale,
                      dt_precision,
                      charset,
                      collation,
                      Str(key),
                      Str(""),
                      Str("select,insert"),
                      Str(""),
                      Str(t.Name()),
                      Str(sql_type),
                      Str(SemanticName(c)),
                      c.default_value.has_default() ? Str(c.default_value.ToSql()) : Value(),
                      Str(c.nullable ? "YES" : "NO"),
                      Str(sql_type),
                      OptStr(c.comment),
                      Value()});
    }
  }
  return rows;
}

// ttl first, then the other options by key; each line `'key'='value'` and a newline.
std::string DatabaseOptionsText(const catalog::DatabaseOptions& options) {
  std::string out;
  auto ttl = options.raw.find("ttl");
  if (ttl != options.raw.end()) {
    auto parsed = catalog::TimeToLive::Parse(ttl->second);
    out += "'ttl'='" + (parsed.ok() ? parsed->ToString() : ttl->second) + "'\n";
  }
  for (const auto& [k, v] : options.raw) {
    if (k != "ttl") out += "'" + k + "'='" + v + "'\n";
  }
  return out;
}

Result<Rows> SchemataRows(const Ctx& ctx) {
  GT_ASSIGN_OR_RETURN(auto dbs, ctx.cm->ListDatabases(ctx.catalog));
  Rows rows;
  for (const auto& db : dbs) {
    rows.push_back({Str(ctx.catalog), Str(db.name), Str("utf8"), Str("utf8_bin"), Value(),
                    Str(DatabaseOptionsText(db.options))});
  }
  return rows;
}

// "sparse" when the table asks for the sparse primary key encoding.
std::string KeyEncoding(const TableView& v) {
  if (v.info != nullptr) {
    for (const char* key :
         {"primary_key_encoding", "memtable.partition_tree.primary_key_encoding"}) {
      auto it = v.info->options.raw.find(key);
      if (it != v.info->options.raw.end() && AsciiLower(it->second) == "sparse") return "sparse";
    }
  }
  return "dense";
}

size_t KeyPosition(const TableView& v, const std::string& column) {
  auto it = std::find(v.primary_key.begin(), v.primary_key.end(), column);
  return it == v.primary_key.end() ? 0 : static_cast<size_t>(it - v.primary_key.begin()) + 1;
}

Result<Rows> KeyColumnUsageRows(const Ctx& ctx) {
  GT_ASSIGN_OR_RETURN(auto views, ListViews(*ctx.cm, ctx.catalog));
  Rows rows;
  for (const auto& v : views) {
    for (const auto& c : v.columns) {
      std::string name;
      uint32_t pos = 1;
      std::string index_type;
      if (c.is_time_index()) {
        name = "TIME INDEX";
      } else if (c.is_tag()) {
        name = "PRIMARY";
        pos = static_cast<uint32_t>(KeyPosition(v, c.name));
        index_type = KeyEncoding(v);
      } else {
        continue;
      }
      rows.push_back({Str("def"), Str(v.schema), Str(name), Str("def"), Str(v.catalog),
                      Str(v.schema), Str(v.name), Str(c.name), Value::UInt32(pos), Value(), Value(),
                      Value(), Value(), Str(index_type)});
    }
  }
  return rows;
}

Result<Rows> TableConstraintsRows(const Ctx& ctx) {
  GT_ASSIGN_OR_RETURN(auto views, ListViews(*ctx.cm, ctx.catalog));
  Rows rows;
  for (const auto& v : views) {
    if (!v.time_index.empty()) {
      rows.push_back({Str("def"), Str(v.schema), Str("TIME INDEX"), Str(v.schema), Str(v.name),
                      Str("TIME INDEX"), Str("YES")});
    }
    if (!v.primary_key.empty()) {
      rows.push_back({Str("def"), Str(v.schema), Str("PRIMARY"), Str(v.schema), Str(v.name),
                      Str("PRIMARY KEY"), Str("YES")});
    }
  }
  return rows;
}

Result<Rows> StatisticsRows(const Ctx& ctx) {
  GT_ASSIGN_OR_RETURN(auto views, ListViews(*ctx.cm, ctx.catalog));
  Rows rows;
  for (const auto& v : views) {
    auto row = [&](int64_t non_unique, std::string index, int64_t seq, const types::ColumnSchema& c,
                   std::string type, Value greptime_type) {
      rows.push_back({Str("def"), Str(v.schema), Str(v.name), Value::Int64(non_unique),
                      Str(v.schema), Str(std::move(index)), Value::Int64(seq), Str(c.name),
                      Str("A"), Value(), Value(), Value(), Str(c.nullable ? "YES" : ""),
                      Str(std::move(type)), Str(""), Str(""), Str("YES"), Value(),
                      std::move(greptime_type)});
    };
    for (const auto& c : v.columns) {
      if (c.is_tag()) {
        row(0, "PRIMARY", static_cast<int64_t>(KeyPosition(v, c.name)), c, "PRIMARY",
            Str(KeyEncoding(v)));
      } else if (c.is_time_index()) {
        row(1, "TIME INDEX", 1, c, "TIME", Str(""));
      }
    }
    if (v.info == nullptr) continue;
    for (const auto& c : v.columns) {
      auto it = v.info->column_indexes.find(c.name);
      if (it == v.info->column_indexes.end()) continue;
      const auto& idx = it->second;
      if (idx.inverted) row(1, "INVERTED_INDEX_" + c.name, 1, c, "INVERTED", Str("inverted"));
      if (idx.fulltext) {
        std::string backend = "bloom";
        auto b = idx.fulltext->find("backend");
        if (b != idx.fulltext->end()) backend = AsciiLower(b->second);
        row(1, "FULLTEXT_INDEX_" + c.name, 1, c, "FULLTEXT", Str("fulltext_" + backend));
      }
      if (idx.skipping) row(1, "SKIPPING_INDEX_" + c.name, 1, c, "SKIPPING", Str("bloom_filter"));
    }
  }
  return rows;
}

Result<Rows> PartitionsRows(const Ctx& ctx) {
  GT_ASSIGN_OR_RETURN(auto views, ListViews(*ctx.cm, ctx.catalog));
  Rows rows;
  for (const auto& v : views) {
    if (v.info == nullptr) continue;
    const auto& info = *v.info;
    std::string columns;
    if (info.partition) {
      for (size_t i = 0; i < info.partition->columns.size(); ++i) {
        columns += (i ? ", " : "") + info.partition->columns[i];
      }
    }
    for (size_t i = 0; i < info.region_numbers.size(); ++i) {
      std::string rule;
      if (info.partition && i < info.partition->exprs.size()) rule = info.partition->exprs[i];
      std::vector<Value> row{Str(v.catalog), Str(v.schema),
                             Str(v.name),    Str(fmt::format("p{}", i)),
                             Value(),        Value::Int64(static_cast<int64_t>(i) + 1),
                             Value(),        Str("RANGE"),
                             Value(),        OptStr(columns),
                             Value(),        OptStr(rule)};
      row.resize(18);  // table_rows .. data_free: NULL
      row.push_back(SecondsValue(info.created_at));
      row.resize(25);  // update_time .. tablespace_name: NULL
      row.push_back(Value::UInt64(storage::RegionId(v.id, info.region_numbers[i]).value()));
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

Result<Rows> RegionPeersRows(const Ctx& ctx) {
  GT_ASSIGN_OR_RETURN(auto views, ListViews(*ctx.cm, ctx.catalog));
  // In a cluster: each region's leader from the table route, its address and liveness from
  // the metasrv's registry.
  std::map<uint64_t, PeerView> peers;
  if (ctx.cluster != nullptr) {
    GT_ASSIGN_OR_RETURN(auto list, ctx.cluster->Peers());
    for (PeerView& p : list) {
      if (p.type == "DATANODE") peers[p.id] = std::move(p);
    }
  }
  Rows rows;
  for (const auto& v : views) {
    if (v.info == nullptr) continue;
    std::map<uint32_t, uint64_t> leaders;
    if (ctx.cluster != nullptr) {
      auto route = ctx.cm->GetTableRoute(v.id);
      if (route.ok()) {
        for (const auto& r : route->regions) leaders[r.region_number] = r.leader_datanode;
      }
    }
    for (uint32_t rn : v.info->region_numbers) {
      uint64_t peer_id = 0;
      std::string addr, status = "ALIVE";
      if (ctx.cluster != nullptr) {
        peer_id = leaders.count(rn) ? leaders[rn] : 0;
        auto it = peers.find(peer_id);
        addr = it == peers.end() ? "" : it->second.addr;
        status = it != peers.end() && it->second.alive ? "ALIVE" : "DOWN";
      }
      rows.push_back({Str(v.catalog), Str(v.schema), Str(v.name),
                      Value::UInt64(storage::RegionId(v.id, rn).value()), Value::UInt64(peer_id),
                      Str(addr), Str("Yes"), Str(status), Value()});
    }
  }
  return rows;
}

Result<Rows> RegionStatisticsRows(const Ctx& ctx) {
  GT_ASSIGN_OR_RETURN(auto views, ListViews(*ctx.cm, ctx.catalog));
  Rows rows;
  if (ctx.regions == nullptr) return rows;
  for (const auto& v : views) {
    if (v.info == nullptr) continue;
    for (uint32_t rn : v.info->region_numbers) {
      storage::RegionId id(v.id, rn);
      auto st = ctx.regions->Statistics(id);
      if (!st.ok()) continue;  // not open here
      rows.push_back({Value::UInt64(id.value()), Value::UInt32(v.id), Value::UInt32(rn),
                      Value::UInt64(st->num_rows), Value::UInt64(0), Value::UInt64(0),
                      Value::UInt64(0), Value::UInt64(st->sst_bytes + st->memtable_bytes),
                      Value::UInt64(st->memtable_bytes), Value::UInt64(0),
                      Value::UInt64(st->sst_bytes), Value::UInt64(st->num_files), Value::UInt64(0),
                      Str(v.engine), Str("Leader")});
    }
  }
  return rows;
}

Result<Rows> ClusterInfoRows(const Ctx& ctx) {
  static const Timestamp start = Clock::System().Now();
  Timestamp now = Clock::System().Now();
  int64_t up_ms = (now.ConvertTo(TimeUnit::kMillisecond)->value -
                   start.ConvertTo(TimeUnit::kMillisecond)->value);
  std::string uptime;
  int64_t h = up_ms / 3600000, m = up_ms / 60000 % 60, s = up_ms / 1000 % 60, ms = up_ms % 1000;
  if (h) uptime += fmt::format("{}h ", h);
  if (h || m) uptime += fmt::format("{}m ", m);
  if (h || m || s) uptime += fmt::format("{}s ", s);
  uptime += fmt::format("{}ms", ms);
  int64_t cores = static_cast<int64_t>(std::max(1u, std::thread::hardware_concurrency()));
  long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGE_SIZE);
  int64_t memory = pages > 0 && page_size > 0 ? static_cast<int64_t>(pages) * page_size : 0;
  std::string commit(GitCommit());
  const int64_t start_ms = start.ConvertTo(TimeUnit::kMillisecond)->value;
  Rows rows{{Value::Int64(0), Str(ctx.cluster ? "FRONTEND" : "STANDALONE"), Str(""),
             Str(Hostname()), Value::Int64(cores * 1000), Value::Int64(memory), Value::Int64(0),
             Value::Int64(0), Str(std::string(Version())), Str(commit.substr(0, 8)),
             Value::Timestamp(start_ms, TimeUnit::kMillisecond), Str(uptime), Value(), Value()}};
  if (ctx.cluster != nullptr) {
    // The datanodes as the metasrv's registry has them (this build's version: one binary).
    GT_ASSIGN_OR_RETURN(auto peers, ctx.cluster->Peers());
    const int64_t now_ms = now.ConvertTo(TimeUnit::kMillisecond)->value;
    for (const PeerView& p : peers) {
      rows.push_back({Value::Int64(static_cast<int64_t>(p.id)), Str(p.type), Str(p.addr), Value(),
                      Value::Int64(0), Value::Int64(0), Value::Int64(0), Value::Int64(0),
                      Str(std::string(Version())),
                      Str(commit.substr(0, 8)),
                      p.start_time_ms ? Value::Timestamp(p.start_time_ms, TimeUnit::kMillisecond)
                                      : Value(),
                      Value(),
                      p.last_heartbeat_ms ? Str(fmt::format("{}ms", now_ms - p.last_heartbeat_ms))
                                          : Value(),
                      Str(p.alive ? "ACTIVE" : "INACTIVE")});
    }
  }
  return rows;
}

Result<Rows> BuildRows(const std::string& name, const Ctx& ctx) {
  if (name == "tables") return TablesRows(ctx);
  if (name == "columns") return ColumnsRows(ctx);
  if (name == "schemata") return SchemataRows(ctx);
  if (name == "key_column_usage") return KeyColumnUsageRows(ctx);
  if (name == "table_constraints") return TableConstraintsRows(ctx);
  if (name == "statistics") return StatisticsRows(ctx);
  if (name == "partitions") return PartitionsRows(ctx);
  if (name == "region_peers") return RegionPeersRows(ctx);
  if (name == "region_statistics") return RegionStatisticsRows(ctx);
  if (name == "cluster_info") return ClusterInfoRows(ctx);
  if (name == "engines") {
    return Rows{{Str("mito"), Str("DEFAULT"), Str("Storage engine for time-series data"), Str("NO"),
                 Str("NO"), Str("NO")},
                {Str("metric"), Str("YES"),
                 Str("Storage engine for observability scenarios, which is adept at handling a "
                     "large number of small tables, making it particularly suitable for "
                     "cloud-native monitoring"),
                 Str("NO"), Str("NO"), Str("NO")}};
  }
  if (name == "build_info") {
    std::string commit(GitCommit());
    return Rows{{Str(std::string(GitBranch())), Str(commit), Str(commit.substr(0, 8)),
                 Str(GitClean() ? "true" : "false"), Str(std::string(Version()))}};
  }
  if (name == "character_sets") {
    return Rows{{Str("utf8"), Str("utf8_bin"), Str("UTF-8 Unicode"), Value::Int64(4)}};
  }
  if (name == "collations") {
    return Rows{
        {Str("utf8_bin"), Str("utf8"), Value::Int64(1), Str("Yes"), Str("Yes"), Value::Int64(1)}};
  }
  if (name == "collation_character_set_applicability") return Rows{{Str("utf8_bin"), Str("utf8")}};
  return Rows{};  // the MySQL-compatibility tables and those with nothing to show yet
}

class InformationSchemaTable final : public query::TableSource {
 public:
  InformationSchemaTable(std::string name, types::SchemaPtr schema, Ctx ctx)
      : name_(std::move(name)), schema_(std::move(schema)), ctx_(std::move(ctx)) {}

  const types::SchemaPtr& schema() const override { return schema_; }

  Result<query::ExecNodePtr> Scan(const query::ScanHints& hints) override {
    GT_ASSIGN_OR_RETURN(Rows rows, BuildRows(name_, ctx_));
    GT_ASSIGN_OR_RETURN(auto batch, types::RecordBatch::FromRows(schema_, rows));
    if (hints.projection.empty()) return query::MakeValues(schema_, {std::move(batch)});
    std::vector<types::ColumnSchema> cols;
    std::vector<types::ColumnPtr> data;
    for (size_t i : hints.projection) {
      if (i >= schema_->num_columns()) {
        return Status::InvalidArguments("information_schema.{}: projection index {} out of range",
                                        name_, i);
      }
      cols.push_back(schema_->column(i));
      data.push_back(batch.column(i));
    }
    auto projected = std::make_shared<types::Schema>(std::move(cols));
    GT_ASSIGN_OR_RETURN(auto out, types::RecordBatch::Make(projected, std::move(data)));
    return query::MakeValues(projected, {std::move(out)});
  }

 private:
  std::string name_;
  types::SchemaPtr schema_;
  Ctx ctx_;
};

}  // namespace

Result<std::shared_ptr<query::TableSource>> GetInformationSchemaTable(
    std::string_view table, const SessionInfo& session, catalog::CatalogManager& catalog,
    datanode::RegionHandler* regions) {
  std::string name = AsciiLower(table);
  const InfoTableDef* def = FindDef(name, session.catalog);
  if (def == nullptr) {
    return Status(StatusCode::kTableNotFound,
                  fmt::format("Failed to plan SQL: Table not found: {}.information_schema.{}",
                              session.catalog, table));
  }
  auto schema = std::make_shared<types::Schema>(ParseColumns(def->columns));
  Ctx ctx{session.catalog, &catalog, regions, session.time_zone, session.cluster};
  return std::shared_ptr<query::TableSource>(
      std::make_shared<InformationSchemaTable>(name, std::move(schema), std::move(ctx)));
}

}  // namespace greptime::frontend
