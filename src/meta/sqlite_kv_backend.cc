// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The SQLite KvBackend: one table of BLOB keys and values in a WAL-mode database with
// synchronous=FULL, one connection behind a mutex, prepared statements for every operation.
// BLOBs compare with memcmp and then by length, which is std::string's order, so Range answers
// match the memory backend byte for byte.
#include <sqlite3.h>

#include <filesystem>
#include <mutex>
#include <system_error>

#include "meta/kv_backend.h"

namespace greptime::meta {
namespace {

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS greptime_metakv (k BLOB PRIMARY KEY, v BLOB NOT NULL) "
    "WITHOUT ROWID";

// A prepared statement, reset (and its bindings cleared) whenever a Use goes out of scope.
class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  int Prepare(sqlite3* db, const char* sql) {
    return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  }

  class Use {
   public:
    explicit Use(sqlite3_stmt* stmt) : stmt_(stmt) {}
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;
    ~Use() {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
    // SQLITE_TRANSIENT: SQLite copies the bytes. A null pointer would bind NULL, so empty
    // strings bind a non-null pointer and become zero-length BLOBs.
    int Bind(int index, std::string_view bytes) {
      const char* data = bytes.data() != nullptr ? bytes.data() : "";
      return sqlite3_bind_blob64(stmt_, index, data, bytes.size(), SQLITE_TRANSIENT);
    }
    int BindInt(int index, int64_t value) { return sqlite3_bind_int64(stmt_, index, value); }
    int Step() { return sqlite3_step(stmt_); }
    std::string Column(int index) {
      const void* data = sqlite3_column_blob(stmt_, index);
      int size = sqlite3_column_bytes(stmt_, index);
      if (data == nullptr || size <= 0) return std::string();
      return std::string(static_cast<const char*>(data), static_cast<size_t>(size));
    }

   private:
    sqlite3_stmt* stmt_;
  };

  Use Begin() { return Use(stmt_); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteKvBackend final : public KvBackend {
 public:
  explicit SqliteKvBackend(std::string path) : path_(std::move(path)) {}

  Status Open() {
    int rc =
        sqlite3_open_v2(path_.c_str(), &connection_.db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    db_ = connection_.db;
    if (rc != SQLITE_OK) return Error("open", rc);
    sqlite3_extended_result_codes(db_, 1);
    GT_RETURN_IF_ERROR(Exec("PRAGMA busy_timeout = 5000"));
    GT_RETURN_IF_ERROR(CheckJournalMode());
    GT_RETURN_IF_ERROR(Exec("PRAGMA synchronous = FULL"));
    GT_RETURN_IF_ERROR(Exec(kCreateTable));
    GT_RETURN_IF_ERROR(Prepare(get_, "SELECT v FROM greptime_metakv WHERE k = ?1"));
    GT_RETURN_IF_ERROR(Prepare(put_,
                               "INSERT INTO greptime_metakv (k, v) VALUES (?1, ?2) "
                               "ON CONFLICT (k) DO UPDATE SET v = excluded.v"));
    GT_RETURN_IF_ERROR(Prepare(delete_, "DELETE FROM greptime_metakv WHERE k = ?1"));
    GT_RETURN_IF_ERROR(Prepare(range_,
                               "SELECT k, v FROM greptime_metakv WHERE k >= ?1 "
                               "ORDER BY k LIMIT ?2"));
    GT_RETURN_IF_ERROR(Prepare(range_to_,
                               "SELECT k, v FROM greptime_metakv WHERE k >= ?1 AND k < ?3 "
                               "ORDER BY k LIMIT ?2"));
    GT_RETURN_IF_ERROR(Prepare(delete_range_, "DELETE FROM greptime_metakv WHERE k >= ?1"));
    GT_RETURN_IF_ERROR(
        Prepare(delete_range_to_, "DELETE FROM greptime_metakv WHERE k >= ?1 AND k < ?2"));
    GT_RETURN_IF_ERROR(Prepare(begin_, "BEGIN IMMEDIATE"));
    GT_RETURN_IF_ERROR(Prepare(commit_, "COMMIT"));
    GT_RETURN_IF_ERROR(Prepare(rollback_, "ROLLBACK"));
    return Status::OK();
  }

  std::string_view name() const override { return "sqlite"; }

  Result<std::optional<std::string>> Get(std::string_view key) override {
    std::lock_guard lock(mu_);
    return GetLocked(key);
  }

  Result<std::vector<KeyValue>> BatchGet(std::span<const std::string> keys) override {
    std::lock_guard lock(mu_);
    // One read transaction so that the answer is a consistent snapshot.
    GT_RETURN_IF_ERROR(Exec("BEGIN"));
    std::vector<KeyValue> out;
    for (const std::string& key : keys) {
      auto value = GetLocked(key);
      if (!value.ok()) {
        RollbackLocked();
        return std::move(value).status();
      }
      if (value->has_value()) out.push_back(KeyValue{key, std::move(**value)});
    }
    Status committed = Exec("COMMIT");
    if (!committed.ok()) {
      RollbackLocked();
      return committed;
    }
    return out;
  }

  Status Put(std::string_view key, std::string_view value) override {
    std::lock_guard lock(mu_);
    return PutLocked(key, value);
  }

  Status BatchPut(std::span<const KeyValue> kvs) override {
    std::lock_guard lock(mu_);
    return InTransaction([&]() -> Status {
      for (const KeyValue& kv : kvs) GT_RETURN_IF_ERROR(PutLocked(kv.key, kv.value));
      return Status::OK();
    });
  }

  Result<RangeResponse> Range(const RangeRequest& request) override {
    std::lock_guard lock(mu_);
    if (!request.end.empty() && request.end <= request.start) return RangeResponse{};
    Statement& stmt = request.end.empty() ? range_ : range_to_;
    auto use = stmt.Begin();
    int rc = use.Bind(1, request.start);
    // Ask for one row more than the limit to learn whether there are more.
    int64_t limit = request.limit == 0 ? -1 : static_cast<int64_t>(request.limit) + 1;
    if (rc == SQLITE_OK) rc = use.BindInt(2, limit);
    if (rc == SQLITE_OK && !request.end.empty()) rc = use.Bind(3, request.end);
    if (rc != SQLITE_OK) return Error("bind range", rc);
    RangeResponse response;
    while ((rc = use.Step()) == SQLITE_ROW) {
      if (request.limit != 0 && response.kvs.size() == request.limit) {
        response.more = true;
        break;
      }
      response.kvs.push_back(KeyValue{use.Column(0), use.Column(1)});
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error("range", rc);
    return response;
  }

  Result<bool> Delete(std::string_view key) override {
    std::lock_guard lock(mu_);
    return DeleteLocked(key);
  }

  Result<uint64_t> DeleteRange(const RangeRequest& request) override {
    std::lock_guard lock(mu_);
    if (!request.end.empty() && request.end <= request.start) return uint64_t{0};
    Statement& stmt = request.end.empty() ? delete_range_ : delete_range_to_;
    auto use = stmt.Begin();
    int rc = use.Bind(1, request.start);
    if (rc == SQLITE_OK && !request.end.empty()) rc = use.Bind(2, request.end);
    if (rc != SQLITE_OK) return Error("bind delete range", rc);
    rc = use.Step();
    if (rc != SQLITE_DONE) return Error("delete range", rc);
    return static_cast<uint64_t>(sqlite3_changes64(db_));
  }

  Result<TxnResponse> Txn(const TxnRequest& request) override {
    std::lock_guard lock(mu_);
    TxnResponse response;
    Status status = InTransaction([&]() -> Status {
      response.succeeded = true;
      for (const TxnCompare& cmp : request.compare) {
        GT_ASSIGN_OR_RETURN(std::optional<std::string> current, GetLocked(cmp.key));
        if (!cmp.Holds(current)) {
          response.succeeded = false;
          break;
        }
      }
      for (const TxnOp& op : response.succeeded ? request.success : request.failure) {
        switch (op.type) {
          case TxnOpType::kGet: {
            GT_ASSIGN_OR_RETURN(std::optional<std::string> value, GetLocked(op.key));
            response.responses.push_back(std::move(value));
            break;
          }
          case TxnOpType::kPut:
            GT_RETURN_IF_ERROR(PutLocked(op.key, op.value));
            response.responses.emplace_back();
            break;
          case TxnOpType::kDelete: {
            GT_ASSIGN_OR_RETURN(std::optional<std::string> value, GetLocked(op.key));
            if (value.has_value()) GT_RETURN_IF_ERROR(DeleteLocked(op.key).status());
            response.responses.push_back(std::move(value));
            break;
          }
        }
      }
      return Status::OK();
    });
    if (!status.ok()) return status;
    return response;
  }

 private:
  Status Error(std::string_view what, int rc) const {
    const char* detail = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    return Status::StorageUnavailable("sqlite kv {}: {}: {} (code {})", path_, what, detail, rc);
  }

  Status Exec(const char* sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc == SQLITE_OK) return Status::OK();
    std::string message = err != nullptr ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return Status::StorageUnavailable("sqlite kv {}: {}: {} (code {})", path_, sql, message, rc);
  }

  Status CheckJournalMode() {
    Statement stmt;
    int rc = stmt.Prepare(db_, "PRAGMA journal_mode = WAL");
    if (rc != SQLITE_OK) return Error("journal_mode", rc);
    auto use = stmt.Begin();
    rc = use.Step();
    if (rc != SQLITE_ROW) return Error("journal_mode", rc);
    std::string mode = use.Column(0);
    if (mode != "wal") {
      return Status::StorageUnavailable("sqlite kv {}: cannot enable WAL journal mode (got '{}')",
                                        path_, mode);
    }
    return Status::OK();
  }

  Status Prepare(Statement& stmt, const char* sql) {
    int rc = stmt.Prepare(db_, sql);
    if (rc != SQLITE_OK) return Error(sql, rc);
    return Status::OK();
  }

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back when it or the commit fails.
  template <typename Body>
  Status InTransaction(Body&& body) {
    {
      auto use = begin_.Begin();
      int rc = use.Step();
      if (rc != SQLITE_DONE) return Error("begin", rc);
    }
    Status status = body();
    if (status.ok()) {
      auto use = commit_.Begin();
      int rc = use.Step();
      if (rc == SQLITE_DONE) return Status::OK();
      status = Error("commit", rc);
    }
    RollbackLocked();
    return status;
  }

  void RollbackLocked() {
    if (sqlite3_get_autocommit(db_)) return;  // nothing open (SQLite may have rolled back)
    auto use = rollback_.Begin();
    use.Step();
  }

  Result<std::optional<std::string>> GetLocked(std::string_view key) {
    auto use = get_.Begin();
    int rc = use.Bind(1, key);
    if (rc != SQLITE_OK) return Error("bind get", rc);
    rc = use.Step();
    if (rc == SQLITE_ROW) return std::optional<std::string>(use.Column(0));
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    return Error("get", rc);
  }

  Status PutLocked(std::string_view key, std::string_view value) {
    auto use = put_.Begin();
    int rc = use.Bind(1, key);
    if (rc == SQLITE_OK) rc = use.Bind(2, value);
    if (rc != SQLITE_OK) return Error("bind put", rc);
    rc = use.Step();
    if (rc != SQLITE_DONE) return Error("put", rc);
    return Status::OK();
  }

  Result<bool> DeleteLocked(std::string_view key) {
    auto use = delete_.Begin();
    int rc = use.Bind(1, key);
    if (rc != SQLITE_OK) return Error("bind delete", rc);
    rc = use.Step();
    if (rc != SQLITE_DONE) return Error("delete", rc);
    return sqlite3_changes64(db_) > 0;
  }

  // Closes the database after the statements (members below it) have been finalized.
  struct Connection {
    sqlite3* db = nullptr;
    ~Connection() { sqlite3_close_v2(db); }
  };

  const std::string path_;
  std::mutex mu_;  // serializes every use of the connection and its statements
  Connection connection_;
  sqlite3* db_ = nullptr;  // connection_.db
  Statement get_, put_, delete_, range_, range_to_, delete_range_, delete_range_to_;
  Statement begin_, commit_, rollback_;
};

}  // namespace

Result<std::unique_ptr<KvBackend>> NewSqliteKvBackend(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return Status::StorageUnavailable("sqlite kv {}: create directory {}: {}", path,
                                        parent.string(), ec.message());
    }
  }
  auto backend = std::make_unique<SqliteKvBackend>(path);
  GT_RETURN_IF_ERROR(backend->Open());
  return std::unique_ptr<KvBackend>(std::move(backend));
}

}  // namespace greptime::meta
