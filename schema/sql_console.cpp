#include "schema/sql_console.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "base/error.h"
#include "schema/search.h"
#include "schema/sqlite_util.h"

namespace kg {
namespace {

// PRAGMAs that only report, whatever their argument.
const std::set<std::string> kReportPragmas = {
    "collation_list", "compile_options", "database_list", "foreign_key_check", "foreign_key_list",
    "function_list",  "index_info",      "index_list",    "index_xinfo",       "integrity_check",
    "module_list",    "pragma_list",     "quick_check",   "table_info",        "table_list",
    "table_xinfo"};
// PRAGMAs that report when given no value and write when given one.
const std::set<std::string> kValuePragmas = {
    "application_id", "auto_vacuum", "cache_size",  "data_version",   "encoding",     "foreign_keys",
    "freelist_count", "journal_mode", "page_count", "page_size",      "schema_version", "user_version"};

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

struct Guard {
  std::string refused;   // the first statement kind the authorizer denied
};

bool schema_table(const char* table) {
  return table && (std::string_view(table) == "sqlite_master" || std::string_view(table) == "sqlite_temp_master");
}

std::string action_name(int action, const char* a1, const char* a2) {
  auto s = [](const char* p) { return std::string(p ? p : ""); };
  switch (action) {
    case SQLITE_INSERT: return "INSERT";
    case SQLITE_UPDATE: return "UPDATE";
    case SQLITE_DELETE: return "DELETE";
    case SQLITE_CREATE_INDEX: case SQLITE_CREATE_TEMP_INDEX: return "CREATE INDEX";
    case SQLITE_CREATE_TABLE: case SQLITE_CREATE_TEMP_TABLE: return "CREATE TABLE";
    case SQLITE_CREATE_TRIGGER: case SQLITE_CREATE_TEMP_TRIGGER: return "CREATE TRIGGER";
    case SQLITE_CREATE_VIEW: case SQLITE_CREATE_TEMP_VIEW: return "CREATE VIEW";
    case SQLITE_CREATE_VTABLE: return "CREATE VIRTUAL TABLE";
    case SQLITE_DROP_INDEX: case SQLITE_DROP_TEMP_INDEX: return "DROP INDEX";
    case SQLITE_DROP_TABLE: case SQLITE_DROP_TEMP_TABLE: return "DROP TABLE";
    case SQLITE_DROP_TRIGGER: case SQLITE_DROP_TEMP_TRIGGER: return "DROP TRIGGER";
    case SQLITE_DROP_VIEW: case SQLITE_DROP_TEMP_VIEW: return "DROP VIEW";
    case SQLITE_DROP_VTABLE: return "DROP VIRTUAL TABLE";
    case SQLITE_ALTER_TABLE: return "ALTER TABLE";
    case SQLITE_ATTACH: return "ATTACH";
    case SQLITE_DETACH: return "DETACH";
    case SQLITE_REINDEX: return "REINDEX";
    case SQLITE_ANALYZE: return "ANALYZE";
    case SQLITE_TRANSACTION: return upper(s(a1)) + " (transaction)";
    case SQLITE_SAVEPOINT: return "SAVEPOINT " + upper(s(a1));
    case SQLITE_PRAGMA: return "PRAGMA " + lower(s(a1)) + (a2 ? " = " + s(a2) : std::string());
    default: return "statement (authorizer action " + std::to_string(action) + ")";
  }
}

int authorize(void* user, int action, const char* a1, const char* a2, const char*, const char*) {
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
      return SQLITE_OK;
    case SQLITE_INSERT:
    case SQLITE_UPDATE:
    case SQLITE_DELETE:
      // SQLite reports writes to sqlite_master before the CREATE/DROP they belong to (denying them would hide
      // the statement's kind), and an UPDATE of its columns while preparing some reads (pragma_table_info,
      // FTS5 tables). A write the user asks for directly is still refused: the connection is read-only and
      // run_read_only_sql refuses every statement sqlite3_stmt_readonly() does not vouch for.
      if (schema_table(a1)) return SQLITE_OK;
      break;
    case SQLITE_PRAGMA: {
      std::string name = lower(a1 ? a1 : "");
      if (kReportPragmas.count(name) || (kValuePragmas.count(name) && !a2)) return SQLITE_OK;
      break;
    }
    default:
      break;
  }
  auto* g = static_cast<Guard*>(user);
  if (g->refused.empty()) g->refused = action_name(action, a1, a2);
  return SQLITE_DENY;
}

[[noreturn]] void refuse(const std::string& kind) {
  throw UsageError("sql: " + kind + " is refused: kg sql only reads (SELECT, WITH … SELECT, read-only PRAGMAs)");
}

// The first keyword of a statement (for naming statements the authorizer lets through, e.g. VACUUM).
std::string first_word(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size() && !std::isalpha(static_cast<unsigned char>(sql[i]))) ++i;
  size_t j = i;
  while (j < sql.size() && std::isalpha(static_cast<unsigned char>(sql[j]))) ++j;
  return upper(std::string(sql.substr(i, j - i)));
}

class Connection {
 public:
  explicit Connection(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) throw DbError(path + ": no such database (run `kg ingest` first)");
    int probe = SQLITE_OK;
    if (sql::open_read_only(path, &db_, &probe) != SQLITE_OK) {
      std::string m = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw DbError(path + ": cannot open database read-only: " + m);
    }
  }
  ~Connection() { sqlite3_close(db_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  sqlite3* get() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement() = default;
  ~Statement() { sqlite3_finalize(st_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt** out() { return &st_; }
  sqlite3_stmt* get() const { return st_; }

 private:
  sqlite3_stmt* st_ = nullptr;
};

}  // namespace

SqlResult run_read_only_sql(const std::string& db_path, std::string_view sql, const SqlOptions& options) {
  if (sql.size() > 1000000) throw UsageError("sql: statement too long (" + std::to_string(sql.size()) + " bytes)");
  Connection conn(db_path);
  sqlite3* db = conn.get();
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  register_search_functions(db);
  Guard guard;
  sqlite3_set_authorizer(db, authorize, &guard);

  Statement st;
  const char* begin = sql.data();
  const char* end = sql.data() + sql.size();
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db, begin, static_cast<int>(sql.size()), st.out(), &tail);
  if (!guard.refused.empty()) {
    // Name the statement as written when SQLite denied a step of it (ANALYZE first creates sqlite_stat1).
    std::string word = first_word(sql);
    if (!word.empty() && word != "WITH" && word != "EXPLAIN" && word != "REPLACE" && guard.refused.rfind(word, 0) != 0)
      refuse(word + " (" + guard.refused + ")");
    refuse(guard.refused);
  }
  if (rc != SQLITE_OK) throw DbError("sql: " + std::string(sqlite3_errmsg(db)));
  if (!st.get()) throw UsageError("sql: no statement given");
  // Anything after the first statement but white space, comments and semicolons is a second statement.
  for (const char* p = tail; p && p < end;) {
    Statement next;
    const char* rest = nullptr;
    Guard ignored;
    sqlite3_set_authorizer(db, authorize, &ignored);
    int rc2 = sqlite3_prepare_v2(db, p, static_cast<int>(end - p), next.out(), &rest);
    sqlite3_set_authorizer(db, authorize, &guard);
    if (rc2 != SQLITE_OK || next.get()) {
      std::string first(begin, static_cast<size_t>(tail - begin));
      if (first.size() > 60) first = first.substr(0, 57) + "...";  // may cut a UTF-8 character: display only
      throw UsageError("sql: only one statement is allowed; found more after `" + first + "`");
    }
    if (!rest || rest <= p) break;
    p = rest;
  }
  std::string_view first(begin, static_cast<size_t>(tail - begin));
  if (!sqlite3_stmt_readonly(st.get())) refuse(first_word(first));

  SqlResult r;
  int n = sqlite3_column_count(st.get());
  for (int i = 0; i < n; ++i) {
    const char* name = sqlite3_column_name(st.get(), i);
    r.columns.push_back(name ? name : "");
  }
  while (true) {
    rc = sqlite3_step(st.get());
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      if (!guard.refused.empty()) refuse(guard.refused);
      throw DbError("sql: " + std::string(sqlite3_errmsg(db)));
    }
    if (r.rows.size() >= options.max_rows) {
      r.truncated = true;
      break;
    }
    std::vector<std::optional<std::string>> row;
    row.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      switch (sqlite3_column_type(st.get(), i)) {
        case SQLITE_NULL:
          row.emplace_back(std::nullopt);
          break;
        case SQLITE_BLOB:
          row.emplace_back("<blob: " + std::to_string(sqlite3_column_bytes(st.get(), i)) + " bytes>");
          break;
        default: {
          auto p = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), i));
          row.emplace_back(p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(st.get(), i))) : std::string());
        }
      }
    }
    r.rows.push_back(std::move(row));
  }
  return r;
}

}  // namespace kg
