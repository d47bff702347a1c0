// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Statement dispatch, session statements (USE, SET), queries, EXPLAIN, ADMIN and TQL.
#include "frontend/frontend.h"
#include "common/strings.h"

#include <cctype>
#include <set>

#include "common/logging.h"
#include "frontend/frontend_impl.h"
#include "frontend/introspection.h"
#include "frontend/table_sources.h"
#include "query/plan/planner.h"
#include "query/sql/parser.h"
#include "types/column_builder.h"

namespace greptime::frontend {

using query::QueryOutput;
namespace sql = query::sql;


Result<std::shared_ptr<query::TableSource>> SessionSchemaProvider::GetTable(
    std::string_view catalog, std::string_view schema, std::string_view table) {
  if (AsciiLower(schema) == "information_schema") {
    SessionInfo info = impl_.Session(ctx_);
    return GetInformationSchemaTable(AsciiLower(table), info, impl_.catalog(), &impl_.regions());
  }
  auto t = impl_.catalog().GetTable(catalog, schema, table);
  if (!t.ok()) {
    if (t.status().code() == StatusCode::kTableNotFound && schema == "public" &&
        table == "numbers") {
      return MakeNumbersTableSource();
    }
    if (t.status().code() == StatusCode::kTableNotFound) {
      return Status(StatusCode::kTableNotFound,
                    fmt::format("Failed to plan SQL: Table not found: {}.{}.{}", catalog, schema,
                                table));
    }
    return t.status();
  }
  return MakeRegionTableSource(*t, impl_.regions(), impl_.memory_limit());
}

query::PlannerOptions Frontend::Impl::PlannerOptionsFor(const QueryContext& ctx) const {
  query::PlannerOptions o;
  o.catalog = ctx.catalog;
  o.database = ctx.database;
  o.memory_limit = options_.query_memory_limit;
  auto fctx = std::make_shared<query::FunctionContext>();
  fctx->time_zone = ctx.time_zone;
  fctx->now_ns = Clock::System().Now().ConvertTo(TimeUnit::kNanosecond)->value;
  fctx->current_catalog = ctx.catalog;
  fctx->current_database = ctx.database;
  o.function_context = std::move(fctx);
  return o;
}

SessionInfo Frontend::Impl::Session(const QueryContext& ctx) const {
  SessionInfo s;
  s.catalog = ctx.catalog;
  s.database = ctx.database;
  s.time_zone = ctx.time_zone_text;
  s.cluster = options_.cluster;
  return s;
}

Result<QueryOutput> Frontend::Impl::RunQuery(const sql::Query& query, QueryContext& ctx) {
  query::PlannerOptions opts = PlannerOptionsFor(ctx);
  SessionSchemaProvider provider(*this, ctx);
  GT_ASSIGN_OR_RETURN(query::ExecNodePtr node, query::PlanQuery(query, provider, opts));
  types::SchemaPtr schema = node->schema();
  GT_ASSIGN_OR_RETURN(auto batches, query::CollectAll(*node));
  return QueryOutput::Records(std::move(schema), std::move(batches));
}

namespace {

Result<QueryOutput> SingleValue(const std::string& name, types::Value v) {
  auto schema = std::make_shared<types::Schema>(std::vector<types::ColumnSchema>{
      {name, v.type(), true, types::SemanticType::kField, {}, ""}});
  GT_ASSIGN_OR_RETURN(auto col, types::MakeColumn(v.type(), std::span<const types::Value>(&v, 1)));
  GT_ASSIGN_OR_RETURN(auto batch, types::RecordBatch::Make(schema, {col}));
  return QueryOutput::Records(schema, {batch});
}

std::string ExplainText(const query::ExecNode& node) { return node.Describe(); }

}  // namespace

Result<QueryOutput> Frontend::Impl::RunAdmin(const sql::AdminStatement& admin,
                                             QueryContext& ctx) {
  const auto* call = admin.call->As<sql::FunctionCall>();
  if (call == nullptr) return Status::InvalidArguments("ADMIN needs a function call");
  std::string fn = AsciiLower(call->name.ToPlainString());
  query::PlannerOptions opts = PlannerOptionsFor(ctx);
  std::vector<types::Value> args;
  for (const auto& a : call->args) {
    GT_ASSIGN_OR_RETURN(types::Value v, query::EvaluateConstant(*a, opts));
    args.push_back(std::move(v));
  }
  const std::string header = "ADMIN " + sql::ToString(*admin.call);
  if (fn == "flush_table" || fn == "compact_table") {
    if (args.empty() || !args[0].type().is_string()) {
      return Status::InvalidArguments("{} needs a table name", fn);
    }
    GT_ASSIGN_OR_RETURN(auto parsed, sql::ParseExpression(args[0].AsBytes()));
    std::vector<std::string> parts;
    if (const auto* ref = parsed->As<sql::ColumnRef>()) {
      for (const auto& p : ref->parts) parts.push_back(p.value);
    } else {
      parts.push_back(args[0].AsBytes());
    }
    std::string catalog = ctx.catalog, schema = ctx.database, table = parts.back();
    if (parts.size() >= 2) schema = parts[parts.size() - 2];
    if (parts.size() >= 3) catalog = parts[parts.size() - 3];
    GT_ASSIGN_OR_RETURN(auto info, catalog_.GetTable(catalog, schema, table));
    for (uint32_t rn : info->region_numbers) {
      storage::RegionId id(info->id, rn);
      if (fn == "flush_table") {
        GT_RETURN_IF_ERROR(regions_.Handle(storage::FlushRequest{id}).status());
      } else {
        GT_RETURN_IF_ERROR(regions_.Handle(storage::CompactRequest{id}).status());
      }
    }
    return SingleValue(header, types::Value::UInt64(0));
  }
  if (fn == "flush_region" || fn == "compact_region") {
    if (args.empty()) return Status::InvalidArguments("{} needs a region id", fn);
    auto id = args[0].ToInt64();
    if (!id) return Status::InvalidArguments("{} needs a region id", fn);
    storage::RegionId rid(static_cast<uint64_t>(*id));
    if (fn == "flush_region") {
      GT_RETURN_IF_ERROR(regions_.Handle(storage::FlushRequest{rid}).status());
    } else {
      GT_RETURN_IF_ERROR(regions_.Handle(storage::CompactRequest{rid}).status());
    }
    return SingleValue(header, types::Value::UInt64(0));
  }
  return Status(StatusCode::kUnsupported,
                fmt::format("Unsupported ADMIN function: {}", fn));
}

Frontend::Frontend(catalog::CatalogManager& catalog, datanode::RegionHandler& regions,
                   FrontendOptions options)
    : catalog_(catalog), regions_(regions),
      impl_(std::make_unique<Impl>(catalog, regions, options)) {}

Frontend::~Frontend() = default;

Status Frontend::OpenRegions(std::optional<uint64_t> datanode) {
  GT_ASSIGN_OR_RETURN(auto dbs, catalog_.ListDatabases(catalog::kDefaultCatalog));
  size_t opened = 0;
  for (const auto& db : dbs) {
    if (db.is_virtual) continue;
    GT_ASSIGN_OR_RETURN(auto tables, catalog_.ListTables(db.catalog, db.name));
    // Physical metric tables before the logical tables that live in them.
    std::stable_partition(tables.begin(), tables.end(), [](const catalog::TableInfoPtr& t) {
      return t->options.raw.count("on_physical_table") == 0 || t->engine != "metric";
    });
    for (const auto& t : tables) {
      std::set<uint32_t> led;  // with `datanode`: the regions it leads
      if (datanode) {
        GT_ASSIGN_OR_RETURN(catalog::TableRoute route, catalog_.GetTableRoute(t->id));
        for (const catalog::RegionRoute& r : route.regions) {
          if (r.leader_datanode == *datanode) led.insert(r.region_number);
        }
      }
      for (uint32_t rn : t->region_numbers) {
        if (datanode && led.count(rn) == 0) continue;
        datanode::RegionOpen open;
        open.engine = t->engine;
        GT_ASSIGN_OR_RETURN(open.request.engine_options, impl_->EngineOptionsFor(*t, rn));
        open.request.region_id = storage::RegionId(t->id, rn);
        open.request.region_dir = catalog::RegionDir(t->catalog, t->schema, t->id, rn);
        auto r = regions_.Handle(open);
        if (!r.ok()) {
          GT_LOG_ERROR("failed to open region {} of table {}: {}", rn, t->FullName(),
                       r.status().ToString());
          return r.status();
        }
        ++opened;
      }
    }
  }
  GT_LOG_INFO("opened {} regions", opened);
  return Status::OK();
}

Result<std::vector<QueryOutput>> Frontend::ExecuteSql(std::string_view text, QueryContext& ctx) {
  GT_ASSIGN_OR_RETURN(auto statements, sql::ParseSql(text));
  std::vector<QueryOutput> outputs;
  for (const auto& st : statements) {
    GT_ASSIGN_OR_RETURN(QueryOutput out, Execute(st, ctx));
    outputs.push_back(std::move(out));
  }
  return outputs;
}

Result<QueryOutput> Frontend::Execute(const sql::Statement& st, QueryContext& ctx) {
  return impl_->Execute(st, ctx);
}

Result<QueryOutput> Frontend::Impl::Execute(const sql::Statement& st, QueryContext& ctx) {
  // Reads: queries, SHOW, DESC, EXPLAIN, TQL, USE, SET; everything else changes data or schema.
  const bool reads = st.As<sql::QueryStatement>() != nullptr ||
                     st.As<sql::ShowStatement>() != nullptr ||
                     st.As<sql::DescribeStatement>() != nullptr ||
                     st.As<sql::UseStatement>() != nullptr ||
                     st.As<sql::SetVariableStatement>() != nullptr ||
                     st.As<sql::ExplainStatement>() != nullptr || st.As<sql::TqlStatement>() != nullptr;
  if (reads ? !ctx.read_allowed : !ctx.write_allowed) {
    return Status(StatusCode::kPermissionDenied, "User is not authorized to perform this action");
  }
  if (const auto* q = st.As<sql::QueryStatement>()) return RunQuery(*q->query, ctx);
  if (const auto* s = st.As<sql::InsertStatement>()) return RunInsert(*s, ctx);
  if (const auto* s = st.As<sql::DeleteStatement>()) return RunDelete(*s, ctx);
  if (const auto* s = st.As<sql::CreateDatabaseStatement>()) return RunCreateDatabase(*s, ctx);
  if (const auto* s = st.As<sql::CreateTableStatement>()) return RunCreateTable(*s, ctx);
  if (const auto* s = st.As<sql::CreateTableLikeStatement>()) return RunCreateTableLike(*s, ctx);
  if (const auto* s = st.As<sql::AlterTableStatement>()) return RunAlterTable(*s, ctx);
  if (const auto* s = st.As<sql::AlterDatabaseStatement>()) return RunAlterDatabase(*s, ctx);
  if (const auto* s = st.As<sql::DropStatement>()) return RunDrop(*s, ctx);
  if (const auto* s = st.As<sql::TruncateStatement>()) return RunTruncate(*s, ctx);
  if (const auto* s = st.As<sql::ShowStatement>()) {
    query::PlannerOptions opts = PlannerOptionsFor(ctx);
    SessionInfo info = Session(ctx);
    info.planner_options = &opts;
    return ExecuteShow(*s, info, catalog_, &regions_);
  }
  if (const auto* s = st.As<sql::DescribeStatement>()) {
    query::PlannerOptions opts = PlannerOptionsFor(ctx);
    SessionInfo info = Session(ctx);
    info.planner_options = &opts;
    return ExecuteDescribe(*s, info, catalog_);
  }
  if (const auto* s = st.As<sql::UseStatement>()) {
    GT_ASSIGN_OR_RETURN(bool exists, catalog_.DatabaseExists(ctx.catalog, s->database.value));
    if (!exists) return catalog::DatabaseNotFoundError(ctx.catalog, s->database.value);
    ctx.database = s->database.value;
    return QueryOutput::AffectedRows(0);
  }
  if (const auto* s = st.As<sql::SetVariableStatement>()) {
    std::string var = AsciiLower(s->variable.ToPlainString());
    if (var == "time_zone" || var == "timezone") {
      if (s->values.empty()) return Status::InvalidArguments("SET time_zone needs a value");
      query::PlannerOptions opts = PlannerOptionsFor(ctx);
      GT_ASSIGN_OR_RETURN(types::Value v, query::EvaluateConstant(*s->values[0], opts));
      std::string text = v.is_null() ? "UTC" : v.ToString();
      auto zone = TimeZone::Parse(text);
      if (!zone.ok()) {
        return Status::InvalidArguments("Invalid timezone: {}", text);
      }
      ctx.time_zone = *zone;
      ctx.time_zone_text = zone->name();
    }
    return QueryOutput::AffectedRows(0);
  }
  if (const auto* s = st.As<sql::ExplainStatement>()) {
    const auto* inner = s->statement ? s->statement->As<sql::QueryStatement>() : nullptr;
    if (inner == nullptr) return Status::Unsupported("EXPLAIN supports queries only");
    query::PlannerOptions opts = PlannerOptionsFor(ctx);
    SessionSchemaProvider provider(*this, ctx);
    GT_ASSIGN_OR_RETURN(query::ExecNodePtr node, query::PlanQuery(*inner->query, provider, opts));
    auto schema = std::make_shared<types::Schema>(std::vector<types::ColumnSchema>{
        {"plan_type", types::DataType::String(), false, types::SemanticType::kField, {}, ""},
        {"plan", types::DataType::String(), false, types::SemanticType::kField, {}, ""}});
    std::vector<types::Value> a{types::Value::String("physical_plan")};
    std::vector<types::Value> b{types::Value::String(ExplainText(*node))};
    GT_ASSIGN_OR_RETURN(auto c1, types::MakeColumn(types::DataType::String(), a));
    GT_ASSIGN_OR_RETURN(auto c2, types::MakeColumn(types::DataType::String(), b));
    GT_ASSIGN_OR_RETURN(auto batch, types::RecordBatch::Make(schema, {c1, c2}));
    return QueryOutput::Records(schema, {batch});
  }
  if (const auto* s = st.As<sql::AdminStatement>()) return RunAdmin(*s, ctx);
  if (const auto* s = st.As<sql::CommentStatement>()) return RunComment(*s, ctx);
  if (const auto* s = st.As<sql::TqlStatement>()) return RunTql(*s, ctx);
  return Status(StatusCode::kUnsupported,
                fmt::format("Unsupported statement: {}", st.text.substr(0, 64)));
}

}  // namespace greptime::frontend
