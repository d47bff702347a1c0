// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Answers given without the SQL engine (spec/wire-protocols.md §2.2 canned answers, §2.6,
// §2.7): transaction statements, SHOW of PostgreSQL variables, version() and the other
// PostgreSQL session functions, and the pg_catalog queries psql's meta-commands and drivers
// send (\dt, \d <table>, \dn, \l, ...). pg_catalog relations are not tables of our engine: the
// queries clients send are recognised by shape and answered from information_schema, with
// OIDs from a server-wide registry; any other statement reading pg_catalog relations gets an
// empty result with the columns of its select list.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "frontend/frontend.h"
#include "query/output.h"
#include "servers/postgres/pg_copy.h"

namespace greptime::servers::postgres {

// The result of one statement as the protocol sends it.
struct PgAnswer {
  query::QueryOutput output;
  std::string tag;                   // command tag; "" = "SELECT n" / "OK n"
  std::vector<uint32_t> type_oids;   // per result column, overriding the DataType's OID (0 = no)
  std::vector<std::string> notices;  // NoticeResponse WARNING 01000, sent before the tag
  std::optional<CopyRequest> copy;   // COPY ... TO STDOUT: rows go out as CopyData
  // ParameterStatus messages sent before the tag (SET TimeZone).
  std::vector<std::pair<std::string, std::string>> parameters;
};

// OIDs of namespaces and relations: pg_catalog is 11, the others are numbered from 16384 in
// order of first sight and stay stable for the process lifetime (spec §2.6). Thread-safe.
class OidRegistry {
 public:
  uint32_t NamespaceOid(const std::string& schema);
  uint32_t TableOid(const std::string& schema, const std::string& table);
  // (schema, table) of a relation OID handed out before.
  std::optional<std::pair<std::string, std::string>> TableByOid(uint32_t oid) const;

 private:
  mutable std::mutex mu_;
  uint32_t next_ = 16384;                                           // guarded by mu_
  std::map<std::string, uint32_t> namespaces_;                      // guarded by mu_
  std::map<std::pair<std::string, std::string>, uint32_t> tables_;  // guarded by mu_
  std::map<uint32_t, std::pair<std::string, std::string>> by_oid_;  // guarded by mu_
};

// The session facts canned answers use.
struct CannedContext {
  frontend::Frontend* frontend = nullptr;
  OidRegistry* oids = nullptr;
  frontend::QueryContext* ctx = nullptr;
  std::string user;
  std::string server_version;  // "16.3-GreptimeDB-<version>"
  std::string bytea_output = "hex";
};

// The answer to `statement` (one statement, as the client wrote it) when it is a canned one;
// nullopt when it goes to the engine. SET is not handled here (the session does it).
std::optional<Result<PgAnswer>> AnswerCanned(std::string_view statement, CannedContext& c);

// Whether `name` (lower case, unqualified) is the name of a pg_catalog relation.
bool IsPgCatalogRelation(std::string_view name);
// Whether `normalized` (NormalizeSql) reads a pg_catalog relation: pg_catalog.<x> or a known
// pg_catalog relation name after FROM or JOIN.
bool ReadsPgCatalog(std::string_view normalized);

// One item of the top-level select list of a statement: its expression as NormalizeSql shows
// it and its output name (the alias, the column of a column reference, the function of a call,
// "?column?" otherwise).
struct SelectItem {
  std::string expr;
  std::string name;
};
// The top-level select list of `statement` (empty when it has none or cannot be tokenized).
std::vector<SelectItem> SelectItems(std::string_view statement);

}  // namespace greptime::servers::postgres
