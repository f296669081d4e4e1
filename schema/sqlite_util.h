// Thin RAII helpers over the SQLite C API: a prepared statement with bound parameters (always bound, never
// spliced into SQL) and typed column access. Private to schema/.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"

namespace kg::sql {

// The file of the connection's main database, for error messages (":memory:" for an in-memory one).
inline std::string db_name(sqlite3* db) {
  const char* f = db ? sqlite3_db_filename(db, "main") : nullptr;
  return f && *f ? std::string(f) : std::string(":memory:");
}

// Opens `path` read-only and reads its schema once: returns sqlite3_open_v2's result and sets *probe to that read's
// (the connection is left in *db either way, for the caller to close). A WAL database in a read-only folder or on a read-only mount fails that read
// (SQLite cannot create the -shm file a reader needs); it is then opened again as immutable: no locks and no WAL,
// which sees everything a writer checkpointed when it closed (a WAL left by a killed writer is not seen).
inline int open_read_only(const std::string& path, sqlite3** db, int* probe) {
  constexpr int kFlags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
  constexpr const char* kProbe = "SELECT count(*) FROM sqlite_master";
  int rc = sqlite3_open_v2(path.c_str(), db, kFlags, nullptr);
  if (rc != SQLITE_OK) return rc;
  *probe = sqlite3_exec(*db, kProbe, nullptr, nullptr, nullptr);
  if (*probe != SQLITE_CANTOPEN && (*probe & 0xFF) != SQLITE_READONLY) return rc;
  sqlite3_close(*db);
  *db = nullptr;
  std::string uri = "file:";
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char ch : path) {
    if (ch == '%' || ch == '?' || ch == '#' || ch < 0x20) {
      uri += '%';
      uri += kHex[ch >> 4];
      uri += kHex[ch & 15];
    } else {
      uri += static_cast<char>(ch);
    }
  }
  uri += "?immutable=1";
  rc = sqlite3_open_v2(uri.c_str(), db, kFlags | SQLITE_OPEN_URI, nullptr);
  if (rc == SQLITE_OK) *probe = sqlite3_exec(*db, kProbe, nullptr, nullptr, nullptr);
  return rc;
}

class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &st_, nullptr) != SQLITE_OK)
      throw DbError(db_name(db) + ": SQL prepare failed: " + sqlite3_errmsg(db));
  }
  // Borrows a statement prepared once and kept by its owner (Store's statement cache): reset, not finalised, at the end.
  Stmt(sqlite3* db, sqlite3_stmt* borrowed) : db_(db), st_(borrowed), owned_(false) {}
  ~Stmt() {
    if (owned_) sqlite3_finalize(st_);
    else reset();
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, int64_t v) { check(sqlite3_bind_int64(st_, i, v)); return *this; }
  Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Stmt& bind(int i, double v) { check(sqlite3_bind_double(st_, i, v)); return *this; }
  Stmt& bind(int i, std::string_view v) {
    check(sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  // Binds text without copying it: v must stay unchanged until the statement is reset (bulk writes).
  Stmt& bind_static(int i, std::string_view v) {
    check(sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
    return *this;
  }
  Stmt& blob(int i, std::string_view v) {
    check(sqlite3_bind_blob64(st_, i, v.data(), v.size(), SQLITE_TRANSIENT));
    return *this;
  }
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  template <class T>
  Stmt& bind(int i, const std::optional<T>& v) {
    if (v) return bind(i, *v);
    check(sqlite3_bind_null(st_, i));
    return *this;
  }

  // Steps once; true while a row is available.
  bool step() {
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw DbError(db_name(db_) + ": SQL step failed: " + sqlite3_errmsg(db_));
  }
  void run() { while (step()) {} reset(); }
  void reset() { sqlite3_reset(st_); sqlite3_clear_bindings(st_); }
  // Runs and resets, keeping the bindings: for a loop that binds every parameter before each run.
  void run_rebound() { while (step()) {} sqlite3_reset(st_); }

  int64_t i64(int c) const { return sqlite3_column_int64(st_, c); }
  double f64(int c) const { return sqlite3_column_double(st_, c); }
  bool null(int c) const { return sqlite3_column_type(st_, c) == SQLITE_NULL; }
  std::string str(int c) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(st_, c));
    return p ? std::string(p, sqlite3_column_bytes(st_, c)) : std::string();
  }
  std::string blob(int c) const {
    auto p = static_cast<const char*>(sqlite3_column_blob(st_, c));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(st_, c))) : std::string();
  }
  std::optional<int> opt_int(int c) const { return null(c) ? std::nullopt : std::optional<int>(static_cast<int>(i64(c))); }
  std::optional<double> opt_f64(int c) const { return null(c) ? std::nullopt : std::optional<double>(f64(c)); }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) throw DbError(db_name(db_) + ": SQL bind failed: " + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
  bool owned_ = true;
};

inline void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string m = err ? err : "unknown error";
    sqlite3_free(err);
    throw DbError(db_name(db) + ": SQL failed: " + m);
  }
}

}  // namespace kg::sql
