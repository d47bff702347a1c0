// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// pg_catalog relation queries of psql's meta-commands and of drivers, answered from
// information_schema (spec/wire-protocols.md §2.6).
//
// Design: the main FROM clause names the relation family (pg_class, pg_attribute,
// pg_namespace, pg_database, pg_type, pg_tables, pg_roles, pg_am); its rows are built as
// records (field → value) from information_schema; the WHERE clause's simple comparisons on
// known fields (`c.relname OPERATOR(pg_catalog.~) '^(t)$'`, `a.attrelid = '16385'`,
// `c.relkind IN ('r','p')`, `n.nspname <> 'pg_catalog'`, ...) filter them, conjunctively; and
// every select-list item is evaluated on each record by what it reads (a field, a literal, or a
// function psql uses: pg_get_userbyid, format_type, pg_get_expr, CASE c.relkind ...). Queries
// over relations we do not model (pg_index, pg_constraint, pg_policy, pg_inherits, ...) get an
// empty result, which is what a database without those objects would answer.
#include <fmt/format.h>

#include <algorithm>
#include <regex>

#include "common/strings.h"
#include "query/sql/lexer.h"
#include "servers/postgres/pg_catalog_internal.h"
#include "servers/postgres/pg_message.h"
#include "servers/postgres/pg_sql.h"
#include "servers/postgres/pg_types.h"
#include "types/record_batch.h"

namespace greptime::servers::postgres {

namespace sql = query::sql;
using types::DataType;
using types::Value;

namespace {

using Record = std::map<std::string, Value>;

// Only this much of a WHERE clause is interpreted: std::regex recurses per character, so the
// text it scans stays small (psql's clauses are well below).
constexpr size_t kMaxWhereBytes = 4096;
// Client regex patterns longer than this match nothing.
constexpr size_t kMaxPatternBytes = 256;

bool Contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

struct FromClause {
  // Relations of the main FROM clause without their pg_catalog qualifier, and whether each
  // is joined so that it can remove rows (comma or inner join).
  std::vector<std::pair<std::string, bool>> relations;
  size_t tail = std::string_view::npos;  // byte offset of WHERE/ORDER/... in the statement
};

FromClause MainFrom(std::string_view statement) {
  FromClause from;
  auto tokens = sql::Tokenize(statement);
  if (!tokens.ok()) return from;
  const auto& t = *tokens;
  int depth = 0;
  size_t i = 0;
  for (; i < t.size(); ++i) {
    if (t[i].type == sql::TokenType::kLParen) ++depth;
    if (t[i].type == sql::TokenType::kRParen) --depth;
    if (depth == 0 && t[i].IsKeyword("FROM")) break;
  }
  if (i == t.size()) return from;
  bool expect = true;  // a relation comes next
  bool restricting = true;
  bool outer = false;
  for (++i; i < t.size(); ++i) {
    const auto& tok = t[i];
    if (tok.type == sql::TokenType::kLParen) {
      if (depth == 0 && expect) {
        from.relations.emplace_back("(subquery)", restricting);
        expect = false;
      }
      ++depth;
      continue;
    }
    if (tok.type == sql::TokenType::kRParen) {
      --depth;
      continue;
    }
    if (depth != 0) continue;
    if (tok.type == sql::TokenType::kEof || tok.type == sql::TokenType::kSemicolon ||
        tok.IsKeyword("WHERE") || tok.IsKeyword("ORDER") || tok.IsKeyword("GROUP") ||
        tok.IsKeyword("LIMIT") || tok.IsKeyword("UNION") || tok.IsKeyword("HAVING")) {
      from.tail = tok.type == sql::TokenType::kEof ? statement.size() : tok.begin;
      break;
    }
    if (tok.type == sql::TokenType::kComma) {
      expect = true;
      restricting = true;
      continue;
    }
    if (tok.IsKeyword("LEFT") || tok.IsKeyword("RIGHT") || tok.IsKeyword("FULL")) outer = true;
    if (tok.IsKeyword("JOIN")) {
      expect = true;
      restricting = !outer;
      outer = false;
      continue;
    }
    if (expect && tok.IsWord()) {
      std::string name = AsciiLower(tok.text);
      if (i + 2 < t.size() && t[i + 1].type == sql::TokenType::kPeriod && t[i + 2].IsWord()) {
        name = AsciiLower(t[i + 2].text);
        i += 2;
      }
      from.relations.emplace_back(std::move(name), restricting);
      expect = false;
    }
  }
  return from;
}

// ----- records -----------------------------------------------------------------------------

Result<std::vector<std::vector<Value>>> QueryRows(CannedContext& c, const std::string& text) {
  frontend::QueryContext ctx = *c.ctx;
  GT_ASSIGN_OR_RETURN(auto outputs, c.frontend->ExecuteSql(text, ctx));
  std::vector<std::vector<Value>> rows;
  for (const auto& out : outputs) {
    for (const auto& batch : out.batches) {
      for (size_t r = 0; r < batch.num_rows(); ++r) rows.push_back(batch.GetRow(r));
    }
  }
  return rows;
}

std::string Text(const Value& v) {
  if (v.is_null()) return "";
  if (v.type().is_string_like()) return v.AsBytes();
  if (v.type().is_boolean()) return v.AsBoolean() ? "t" : "f";
  return v.ToString();
}

Value Str(std::string s) { return Value::String(std::move(s)); }
Value Oid(uint32_t oid) { return Value::Int32(static_cast<int32_t>(oid)); }

Result<std::vector<Record>> Namespaces(CannedContext& c) {
  GT_ASSIGN_OR_RETURN(
      auto rows,
      QueryRows(
          c,
          fmt::format("SELECT schema_name FROM information_schema.schemata WHERE catalog_name = {} "
                      "ORDER BY schema_name",
                      QuoteSqlString(c.ctx->catalog))));
  std::vector<std::string> names = {"pg_catalog"};
  for (const auto& row : rows) names.push_back(Text(row[0]));
  std::vector<Record> records;
  for (const auto& name : names) {
    const uint32_t oid = c.oids->NamespaceOid(name);
    records.push_back({{"oid", Oid(oid)},
                       {"nspname", Str(name)},
                       {"nspowner", Oid(10)},
                       {"nspacl", Value()},
                       {"datname", Str(name)},
                       {"datdba", Oid(10)},
                       {"encoding", Value::Int32(6)},
                       {"datcollate", Str("C")},
                       {"datctype", Str("C")},
                       {"datlocprovider", Str("c")},
                       {"datallowconn", Value::Boolean(true)},
                       {"datistemplate", Value::Boolean(false)},
                       {"datacl", Value()}});
  }
  return records;
}

Result<std::vector<Record>> Relations(CannedContext& c) {
  GT_ASSIGN_OR_RETURN(
      auto rows,
      QueryRows(c, fmt::format("SELECT table_schema, table_name, table_type, table_comment FROM "
                               "information_schema.tables "
                               "WHERE table_catalog = {} ORDER BY table_schema, table_name",
                               QuoteSqlString(c.ctx->catalog))));
  std::vector<Record> records;
  for (const auto& row : rows) {
    const std::string schema = Text(row[0]);
    const std::string name = Text(row[1]);
    const bool view = Text(row[2]) == "VIEW";
    const uint32_t oid = c.oids->TableOid(schema, name);
    const Value f = Value::Boolean(false);
    records.push_back({
        {"oid", Oid(oid)},
        {"relname", Str(name)},
        {"nspname", Str(schema)},
        {"relnamespace", Oid(c.oids->NamespaceOid(schema))},
        {"relkind", Str(view ? "v" : "r")},
        {"relowner", Oid(10)},
        {"relam", Oid(view ? 0 : 2)},
        {"amname", view ? Value() : Str("heap")},
        {"relchecks", Value::Int16(0)},
        {"relhasindex", f},
        {"relhasrules", f},
        {"relhastriggers", f},
        {"relrowsecurity", f},
        {"relforcerowsecurity", f},
        {"relhasoids", f},
        {"relispartition", f},
        {"relhassubclass", f},
        {"relisshared", f},
        {"relispopulated", Value::Boolean(true)},
        {"reltablespace", Oid(0)},
        {"reloftype", Oid(0)},
        {"reltype", Oid(0)},
        {"relfilenode", Oid(oid)},
        {"relpersistence", Str("p")},
        {"relreplident", Str("d")},
        {"reltuples", Value::Float64(0)},
        {"relpages", Value::Int32(0)},
        {"relacl", Value()},
        {"reloptions", Value()},
        {"schemaname", Str(schema)},
        {"tablename", Str(name)},
        {"viewname", Str(name)},
        {"tableowner", Str("postgres")},
        {"viewowner", Str("postgres")},
        {"hasindexes", f},
        {"hasrules", f},
        {"hastriggers", f},
        {"rowsecurity", f},
        {"description", row[3].is_null() || Text(row[3]).empty() ? Value() : Str(Text(row[3]))},
    });
  }
  return records;
}

Result<std::vector<Record>> Attributes(CannedContext& c, std::optional<uint32_t> relid) {
  std::string where = fmt::format("table_catalog = {}", QuoteSqlString(c.ctx->catalog));
  if (relid) {
    auto table = c.oids->TableByOid(*relid);
    if (!table) return std::vector<Record>();
    where += fmt::format(" AND table_schema = {} AND table_name = {}", QuoteSqlString(table->first),
                         QuoteSqlString(table->second));
  }
  GT_ASSIGN_OR_RETURN(
      auto rows,
      QueryRows(
          c,
          fmt::format(
              "SELECT table_schema, table_name, column_name, ordinal_position, greptime_data_type, "
              "is_nullable, column_default, column_comment FROM information_schema.columns WHERE "
              "{} "
              "ORDER BY table_schema, table_name, ordinal_position",
              where)));
  std::vector<Record> records;
  for (const auto& row : rows) {
    auto type = DataType::ParseName(Text(row[4]));
    const PgType pg = PgTypeOf(type.ok() ? *type : DataType::String());
    const std::string def = Text(row[6]);
    const Value f = Value::Boolean(false);
    records.push_back({
        {"attrelid", Oid(c.oids->TableOid(Text(row[0]), Text(row[1])))},
        {"attname", Str(Text(row[2]))},
        {"attnum", Value::Int16(static_cast<int16_t>(row[3].ToInt64().value_or(0)))},
        {"atttypid", Oid(pg.oid)},
        {"attlen", Value::Int16(pg.len)},
        {"atttypmod", Value::Int32(-1)},
        {"format_type", Str(std::string(PgTypeName(pg.oid)))},
        {"attnotnull", Value::Boolean(Text(row[5]) == "NO")},
        {"atthasdef", Value::Boolean(!row[6].is_null())},
        {"default", row[6].is_null() ? Value() : Str(def)},
        {"attisdropped", f},
        {"attidentity", Str("")},
        {"attgenerated", Str("")},
        {"attcollation", Oid(0)},
        {"attstorage", Str(pg.len == -1 ? "x" : "p")},
        {"attstattarget", Value::Int32(-1)},
        {"description", row[7].is_null() || Text(row[7]).empty() ? Value() : Str(Text(row[7]))},
        {"table_schema", Str(Text(row[0]))},
        {"table_name", Str(Text(row[1]))},
    });
  }
  return records;
}

struct TypeRow {
  uint32_t oid;
  const char* name;
  int16_t len;
  const char* category;
  uint32_t elem;
  uint32_t array;
};

constexpr TypeRow kTypes[] = {
    {oid::kBool, "bool", 1, "B", 0, oid::kBoolArray},
    {oid::kBytea, "bytea", -1, "U", 0, 1001},
    {oid::kChar, "char", 1, "Z", 0, 1002},
    {oid::kName, "name", 64, "S", 0, 1003},
    {oid::kInt8, "int8", 8, "N", 0, oid::kInt8Array},
    {oid::kInt2, "int2", 2, "N", 0, oid::kInt2Array},
    {oid::kInt4, "int4", 4, "N", 0, oid::kInt4Array},
    {oid::kText, "text", -1, "S", 0, oid::kTextArray},
    {oid::kOid, "oid", 4, "N", 0, 1028},
    {oid::kJson, "json", -1, "U", 0, oid::kJsonArray},
    {oid::kFloat4, "float4", 4, "N", 0, oid::kFloat4Array},
    {oid::kFloat8, "float8", 8, "N", 0, oid::kFloat8Array},
    {oid::kUnknown, "unknown", -2, "X", 0, 0},
    {oid::kBpchar, "bpchar", -1, "S", 0, 1014},
    {oid::kVarchar, "varchar", -1, "S", 0, oid::kVarcharArray},
    {oid::kDate, "date", 4, "D", 0, 1182},
    {oid::kTime, "time", 8, "D", 0, 1183},
    {oid::kTimestamp, "timestamp", 8, "D", 0, oid::kTimestampArray},
    {oid::kTimestamptz, "timestamptz", 8, "D", 0, 1185},
    {oid::kInterval, "interval", 16, "T", 0, 1187},
    {oid::kNumeric, "numeric", -1, "N", 0, 1231},
    {oid::kJsonb, "jsonb", -1, "U", 0, 3807},
    {oid::kBoolArray, "_bool", -1, "A", oid::kBool, 0},
    {oid::kInt2Array, "_int2", -1, "A", oid::kInt2, 0},
    {oid::kInt4Array, "_int4", -1, "A", oid::kInt4, 0},
    {oid::kTextArray, "_text", -1, "A", oid::kText, 0},
    {oid::kVarcharArray, "_varchar", -1, "A", oid::kVarchar, 0},
    {oid::kInt8Array, "_int8", -1, "A", oid::kInt8, 0},
    {oid::kFloat4Array, "_float4", -1, "A", oid::kFloat4, 0},
    {oid::kFloat8Array, "_float8", -1, "A", oid::kFloat8, 0},
    {oid::kTimestampArray, "_timestamp", -1, "A", oid::kTimestamp, 0},
    {oid::kJsonArray, "_json", -1, "A", oid::kJson, 0},
};

std::vector<Record> Types() {
  std::vector<Record> records;
  for (const auto& t : kTypes) {
    const bool array = t.elem != 0;
    records.push_back({
        {"oid", Oid(t.oid)},
        {"typname", Str(t.name)},
        {"typnamespace", Oid(11)},
        {"typowner", Oid(10)},
        {"typlen", Value::Int16(t.len)},
        {"typbyval", Value::Boolean(t.len > 0 && t.len <= 8)},
        {"typtype", Str("b")},
        {"typcategory", Str(t.category)},
        {"typdelim", Str(",")},
        {"typrelid", Oid(0)},
        {"typelem", Oid(t.elem)},
        {"typarray", Oid(t.array)},
        {"typinput", Str(array ? "array_in" : std::string(t.name) + "in")},
        {"typoutput", Str(array ? "array_out" : std::string(t.name) + "out")},
        {"typbasetype", Oid(0)},
        {"typtypmod", Value::Int32(-1)},
        {"typnotnull", Value::Boolean(false)},
        {"nspname", Str("pg_catalog")},
        {"format_type", Str(std::string(PgTypeName(t.oid)))},
    });
  }
  return records;
}

std::vector<Record> Roles(const CannedContext& c) {
  const Value t = Value::Boolean(true);
  return {{{"oid", Oid(10)},
           {"rolname", Str(c.user)},
           {"usename", Str(c.user)},
           {"rolsuper", t},
           {"usesuper", t},
           {"rolinherit", t},
           {"rolcreaterole", t},
           {"rolcreatedb", t},
           {"usecreatedb", t},
           {"rolcanlogin", t},
           {"rolreplication", Value::Boolean(false)},
           {"rolconnlimit", Value::Int32(-1)},
           {"rolvaliduntil", Value()},
           {"rolbypassrls", t},
           {"rolconfig", Value()}}};
}

std::vector<Record> AccessMethods() {
  return {{{"oid", Oid(2)}, {"amname", Str("heap")}, {"amtype", Str("t")}}};
}

// ----- WHERE -------------------------------------------------------------------------------

// Whether `text` matches the PostgreSQL regex `pattern` (ECMAScript is close enough for the
// patterns psql builds: ^(name)$, ^(t.*)$, ^pg_toast).
bool RegexMatch(const std::string& pattern, const std::string& text) {
  if (pattern.size() > kMaxPatternBytes) return false;
  // A quantified group can backtrack exponentially; psql never builds one.
  for (std::string_view q : {")*", ")+", ")?", "){"}) {
    if (Contains(pattern, q)) return false;
  }
  try {
    return std::regex_search(text, std::regex(pattern));
  } catch (const std::exception&) {
    return false;
  }
}

std::string Unquote(std::string s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if (s[i] == '\'' && i + 1 < s.size() && s[i + 1] == '\'') ++i;
  }
  return out;
}

// The conjunction of simple comparisons on record fields; comparisons on other names (join
// conditions, functions) are ignored.
class Filter {
 public:
  Filter(std::string_view where, const std::string& current_schema) {
    where_ = std::string(where.substr(0, kMaxWhereBytes));
    visible_ = Contains(where_, "pg_table_is_visible");
    current_schema_ = current_schema;
    static const std::regex kString(
        R"((?:\b\w+\.)?(\w+)\s*(=|<>|!=|!~|~|operator\(pg_catalog\.~\)|like)\s*)"
        R"('((?:[^']|'')*)'(::regclass)?)");
    static const std::regex kNumber(R"((?:\b\w+\.)?(\w+)\s*(=|<>|!=)\s*(-?\d+)\b)");
    static const std::regex kIn(R"((?:\b\w+\.)?(\w+)\s+(not\s+)?in\s*\(([^()]*)\))");
    for (std::sregex_iterator it(where_.begin(), where_.end(), kString), end; it != end; ++it) {
      conds_.push_back({(*it)[1], (*it)[2], {Unquote((*it)[3])}, (*it)[4].matched});
    }
    for (std::sregex_iterator it(where_.begin(), where_.end(), kNumber), end; it != end; ++it) {
      conds_.push_back({(*it)[1], (*it)[2], {(*it)[3]}, false});
    }
    static const std::regex kItem(R"('((?:[^']|'')*)'|(-?\d+))");
    for (std::sregex_iterator it(where_.begin(), where_.end(), kIn), end; it != end; ++it) {
      Cond cond{(*it)[1], (*it)[2].matched ? "not in" : "in", {}, false};
      const std::string list = (*it)[3];
      for (std::sregex_iterator v(list.begin(), list.end(), kItem); v != end; ++v) {
        cond.values.push_back((*v)[1].matched ? Unquote((*v)[1]) : std::string((*v)[2]));
      }
      conds_.push_back(std::move(cond));
    }
  }

  // The relation OID an `attrelid = N` condition asks for.
  std::optional<uint32_t> Oid(std::string_view field) const {
    for (const auto& cond : conds_) {
      if (cond.field == field && cond.op == "=" && !cond.regclass && cond.values.size() == 1) {
        try {
          return static_cast<uint32_t>(std::stoul(cond.values[0]));
        } catch (const std::exception&) {
          return std::nullopt;
        }
      }
    }
    return std::nullopt;
  }

  bool Matches(const Record& r) const {
    if (visible_ && r.count("relname") != 0) {
      auto ns = r.find("nspname");
      if (ns != r.end() && Text(ns->second) != current_schema_ &&
          Text(ns->second) != "pg_catalog") {
        return false;
      }
    }
    for (const auto& cond : conds_) {
      auto field = r.find(cond.field);
      std::string value;
      if (cond.regclass && cond.field == "oid" && r.count("relname") != 0) {
        // 'name'::regclass or 'schema.name'::regclass.
        const std::string& target = cond.values[0];
        const size_t dot = target.find('.');
        const bool same = dot == std::string::npos
                              ? Text(r.at("relname")) == target
                              : Text(r.at("nspname")) == target.substr(0, dot) &&
                                    Text(r.at("relname")) == target.substr(dot + 1);
        if (same != (cond.op == "=")) return false;
        continue;
      }
      if (field == r.end()) continue;
      value = Text(field->second);
      if (!Holds(cond, value)) return false;
    }
    return true;
  }

 private:
  struct Cond {
    std::string field;
    std::string op;
    std::vector<std::string> values;
    bool regclass = false;
  };

  static bool Holds(const Cond& cond, const std::string& value) {
    const std::string& v0 = cond.values.empty() ? std::string() : cond.values[0];
    if (cond.op == "=") return value == v0;
    if (cond.op == "<>" || cond.op == "!=") return value != v0;
    if (cond.op == "~" || cond.op == "operator(pg_catalog.~)") return RegexMatch(v0, value);
    if (cond.op == "!~") return !RegexMatch(v0, value);
    if (cond.op == "like") {
      std::string re = "^";
      for (char ch : v0) {
        if (ch == '%') {
          re += ".*";
        } else if (ch == '_') {
          re += '.';
        } else if (std::isalnum(static_cast<unsigned char>(ch))) {
          re += ch;
        } else {
          re += std::string("\\") + ch;
        }
      }
      return RegexMatch(re + "$", value);
    }
    const bool found =
        std::find(cond.values.begin(), cond.values.end(), value) != cond.values.end();
    return cond.op == "in" ? found : !found;
  }

  std::string where_;
  bool visible_ = false;
  std::string current_schema_;
  std::vector<Cond> conds_;
};

// ----- SELECT list -------------------------------------------------------------------------

std::string_view RelkindName(std::string_view kind) {
  if (kind == "r") return "table";
  if (kind == "v") return "view";
  if (kind == "m") return "materialized view";
  if (kind == "i") return "index";
  if (kind == "S") return "sequence";
  if (kind == "f") return "foreign table";
  if (kind == "p") return "partitioned table";
  return "";
}

// A literal item ('text', 42, true, NULL), or nullopt.
std::optional<Value> Literal(const std::string& expr) {
  if (expr.size() >= 2 && expr.front() == '\'' && expr.back() == '\'' &&
      expr.find('\'', 1) == expr.size() - 1) {
    return Str(expr.substr(1, expr.size() - 2));
  }
  if (expr == "true") return Value::Boolean(true);
  if (expr == "false") return Value::Boolean(false);
  if (expr == "null") return Value();
  if (!expr.empty() && expr.size() < 10 &&
      std::all_of(expr.begin(), expr.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    return Value::Int32(std::stoi(expr));
  }
  return std::nullopt;
}

Value Evaluate(const SelectItem& item, const Record& r) {
  const std::string& e = item.expr;
  auto field = [&r](const std::string& name) {
    auto it = r.find(name);
    return it == r.end() ? Value() : it->second;
  };
  if (auto lit = Literal(e)) return *lit;
  if (Contains(e, "pg_get_userbyid")) return Str("postgres");
  if (StartsWith(e, "case") && Contains(e, "relkind")) {
    return Str(std::string(RelkindName(Text(field("relkind")))));
  }
  if (StartsWith(e, "case") && Contains(e, "relpersistence")) return Str("permanent");
  if (StartsWith(e, "case") && Contains(e, "datlocprovider")) return Str("libc");
  if (StartsWith(e, "case")) return Str("");
  if (Contains(e, "pg_size_pretty")) return Str("0 bytes");
  if (Contains(e, "pg_get_expr")) return field("default");
  if (Contains(e, "format_type")) return field("format_type");
  if (Contains(e, "description(")) return field("description");
  if (Contains(e, "pg_encoding_to_char")) return Str("UTF8");
  if (Contains(e, "has_table_privilege") || Contains(e, "has_schema_privilege") ||
      Contains(e, "has_database_privilege") || Contains(e, "pg_table_is_visible") ||
      Contains(e, "pg_type_is_visible")) {
    return Value::Boolean(true);
  }
  if (Contains(e, "collname") || Contains(e, "array_to_string") || Contains(e, "(select")) {
    return Value();
  }
  // A column reference, possibly cast (c.oid::regclass, a.attname::text).
  std::string ref = e.substr(0, e.find("::"));
  if (const size_t dot = ref.rfind('.'); dot != std::string::npos) ref = ref.substr(dot + 1);
  if (ref.size() >= 2 && ref.front() == '"' && ref.back() == '"') {
    ref = ref.substr(1, ref.size() - 2);
  }
  if (Contains(e, "::regclass") && ref == "oid") return field("relname");
  if (r.count(ref) != 0) return field(ref);
  return field(item.name);
}

PgAnswer Evaluate(const std::vector<SelectItem>& items, const std::vector<Record>& records,
                  std::string_view tail) {
  // count(*) over the filtered records.
  if (items.size() == 1 &&
      (Contains(items[0].expr, "count(*)") || Contains(items[0].expr, "count(1)"))) {
    return Rows(
        {{items[0].name == "?column?" ? "count" : items[0].name, DataType::Int64(), oid::kInt8}},
        {{Value::Int64(static_cast<int64_t>(records.size()))}});
  }
  size_t limit = records.size();
  static const std::regex kLimit(R"(\blimit\s+(\d+))");
  std::smatch m;
  const std::string tail_text(tail);
  if (std::regex_search(tail_text, m, kLimit)) {
    limit = std::min<size_t>(limit, std::stoul(m[1].str().substr(0, 9)));
  }
  std::vector<std::vector<Value>> rows;
  for (size_t i = 0; i < limit; ++i) {
    std::vector<Value> row;
    for (const auto& item : items) row.push_back(Evaluate(item, records[i]));
    rows.push_back(std::move(row));
  }
  // One type per column: the first non-NULL value's; other values are rendered as text in a
  // text column, or NULL.
  std::vector<Col> cols;
  for (size_t c = 0; c < items.size(); ++c) {
    DataType type = DataType::String();
    for (const auto& row : rows) {
      if (!row[c].is_null()) {
        type = row[c].type();
        break;
      }
    }
    for (auto& row : rows) {
      if (row[c].is_null() || row[c].type() == type) continue;
      row[c] = type.is_string() ? Str(Text(row[c])) : Value();
    }
    uint32_t oid_override = 0;
    if (type.id() == types::TypeId::kInt32 &&
        (items[c].name == "oid" || items[c].name.ends_with("oid") ||
         items[c].name == "relnamespace" || items[c].name == "attrelid" ||
         items[c].name == "typnamespace")) {
      oid_override = oid::kOid;
    }
    if (type.is_string()) oid_override = oid::kText;
    cols.push_back({items[c].name, type, oid_override});
  }
  return Rows(cols, rows);
}

}  // namespace

Result<PgAnswer> AnswerPgCatalogQuery(std::string_view statement, CannedContext& c) {
  const std::vector<SelectItem> items = SelectItems(statement);
  const FromClause from = MainFrom(statement);
  auto empty = [&items]() {
    std::vector<Col> cols;
    for (const auto& item : items) cols.push_back({item.name, DataType::String(), oid::kText});
    return Rows(cols, {});
  };
  if (items.empty() || from.relations.empty()) return empty();
  static const std::vector<std::string> kLookups = {
      "pg_class",    "pg_namespace", "pg_am",   "pg_type",   "pg_attribute",
      "pg_database", "pg_roles",     "pg_user", "pg_tables", "pg_views"};
  for (size_t i = 1; i < from.relations.size(); ++i) {
    const auto& [name, restricting] = from.relations[i];
    if (restricting && std::find(kLookups.begin(), kLookups.end(), name) == kLookups.end()) {
      return empty();
    }
  }
  const std::string_view tail_raw =
      from.tail == std::string_view::npos ? std::string_view() : statement.substr(from.tail);
  const std::string tail = NormalizeSql(tail_raw.substr(0, kMaxWhereBytes));
  const Filter filter(tail, c.ctx->database);
  const std::string& family = from.relations[0].first;
  std::vector<Record> records;
  if (family == "pg_class" || family == "pg_tables" || family == "pg_views") {
    GT_ASSIGN_OR_RETURN(records, Relations(c));
    if (family != "pg_class") {
      const std::string kind = family == "pg_views" ? "v" : "r";
      std::erase_if(records, [&kind](const Record& r) { return Text(r.at("relkind")) != kind; });
    }
  } else if (family == "pg_attribute") {
    GT_ASSIGN_OR_RETURN(records, Attributes(c, filter.Oid("attrelid")));
  } else if (family == "pg_namespace" || family == "pg_database") {
    GT_ASSIGN_OR_RETURN(records, Namespaces(c));
    if (family == "pg_database") {
      std::erase_if(records, [](const Record& r) { return Text(r.at("nspname")) == "pg_catalog"; });
    }
  } else if (family == "pg_type") {
    records = Types();
  } else if (family == "pg_roles" || family == "pg_user" || family == "pg_authid") {
    records = Roles(c);
  } else if (family == "pg_am") {
    records = AccessMethods();
  } else {
    return empty();
  }
  std::erase_if(records, [&filter](const Record& r) { return !filter.Matches(r); });
  return Evaluate(items, records, tail);
}

}  // namespace greptime::servers::postgres
