// kg::run_read_only_sql: one analyst-written SQL query (`kg sql`) run on its own read-only connection, guarded by
// an authorizer that refuses every write, transaction, ATTACH/DETACH and writing PRAGMA. Owns that connection.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

struct SqlOptions {
  size_t max_rows = 1000;         // default 1000: rows beyond this are not read (SqlResult::truncated)
  int busy_timeout_ms = 10000;    // default 10 s: how long to wait for a writer holding the lock
};

struct SqlResult {
  std::vector<std::string> columns;                          // as named by the query
  std::vector<std::vector<std::optional<std::string>>> rows; // NULL = nullopt; numbers as SQLite prints them;
                                                             // a BLOB as "<blob: N bytes>"
  bool truncated = false;                                    // more rows than max_rows
};

// Runs exactly one statement on db_path (which must exist; it is opened with SQLITE_OPEN_READONLY and never
// created). Refusals throw UsageError "sql: KIND is refused: kg sql only reads …" where KIND names the statement
// (INSERT, UPDATE, DELETE, CREATE TABLE, DROP VIEW, ATTACH, PRAGMA user_version = …, BEGIN …); a second
// statement after the first throws UsageError; an SQL error (syntax, unknown table) throws DbError
// "sql: MESSAGE". The SQL functions kg_fold_key, kg_search_match and kg_search_grams (schema/search.h) are
// available.
// Read-only PRAGMAs (table_info, index_list, foreign_key_list, user_version without a value, …) are allowed.
SqlResult run_read_only_sql(const std::string& db_path, std::string_view sql, const SqlOptions& options = SqlOptions());

}  // namespace kg
