// Store: the revision counter and the graph snapshot parts (schema/004_snapshot.sql). The store keeps the parts as
// opaque bytes; graph/snapshot.h defines what they hold.
#include <sqlite3.h>
#include <sys/mman.h>

#include <cstdint>

#include "schema/sqlite_util.h"
#include "schema/store.h"

namespace kg {
using sql::Stmt;

namespace {
// A core part is tens of MB read into fresh memory: on Linux, ask for transparent huge pages on that memory
// before it is first touched (one fault per 2 MiB instead of per 4 KiB page). Only a hint; ignored elsewhere.
void advise_huge_pages(char* p, size_t n) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr uintptr_t kHuge = 2u << 20;
  if (n < 2 * kHuge) return;
  uintptr_t begin = (reinterpret_cast<uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
  uintptr_t end = (reinterpret_cast<uintptr_t>(p) + n) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)p;
  (void)n;
#endif
}
}  // namespace

int64_t Store::revision() const {
  Stmt st(db_, "SELECT n FROM kg_revision WHERE id = 1");
  return st.step() ? st.i64(0) : 0;
}

std::optional<std::string> Store::snapshot_part(int64_t revision, int64_t part) const {
  int64_t size = 0;
  {
    Stmt st(db_, "SELECT length(data) FROM graph_snapshot WHERE part = ? AND revision = ?");
    st.bind(1, part).bind(2, revision);
    if (!st.step()) return std::nullopt;
    size = st.i64(0);
  }
  // Read straight into the result (part = rowid): no intermediate copy of a part of tens of MB.
  std::string out;
  out.reserve(static_cast<size_t>(size));
  advise_huge_pages(out.data(), static_cast<size_t>(size));
  out.resize(static_cast<size_t>(size));
  sqlite3_blob* blob = nullptr;
  if (sqlite3_blob_open(db_, "main", "graph_snapshot", "data", part, 0, &blob) != SQLITE_OK ||
      sqlite3_blob_bytes(blob) != size || sqlite3_blob_read(blob, out.data(), static_cast<int>(size), 0) != SQLITE_OK) {
    std::string m = sqlite3_errmsg(db_);
    sqlite3_blob_close(blob);
    throw DbError(path_ + ": cannot read graph snapshot part " + std::to_string(part) + ": " + m);
  }
  sqlite3_blob_close(blob);
  return out;
}

bool Store::save_snapshot(int64_t revision, const std::vector<std::string>& parts) const {
  return save_snapshot(revision, parts.size(), [&parts](size_t k) { return parts[k]; });
}

bool Store::save_snapshot(int64_t revision, size_t count, const std::function<std::string(size_t)>& part) const {
  if (path_ == ":memory:" && read_only_) return false;
  // A read command holds a read-only connection: the snapshot is written through a connection of its own, and
  // only if nobody is writing (no wait) and nothing changed since `revision` was read. Any failure (read-only
  // file or folder, busy, disk full) leaves the database as it was; the snapshot is a cache.
  sqlite3* w = db_;
  sqlite3* own = nullptr;
  if (read_only_) {
    if (sqlite3_open_v2(path_.c_str(), &own, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      sqlite3_close(own);
      return false;
    }
    w = own;
  } else if (in_group_) {
    return false;  // never inside an ingest's open group
  }
  bool ok = false;
  if (sqlite3_exec(w, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK) {
    try {
      Stmt rev(w, "SELECT n FROM kg_revision WHERE id = 1");
      if (rev.step() && rev.i64(0) == revision) {
        sql::exec(w, "DELETE FROM graph_snapshot");
        Stmt ins(w, "INSERT INTO graph_snapshot (part, revision, data) VALUES (?, ?, ?)");
        for (size_t i = 0; i < count; ++i) {
          const std::string bytes = part(i);
          ins.bind(1, static_cast<int64_t>(i)).bind(2, revision).blob(3, bytes);
          ins.run();
        }
        ok = sqlite3_exec(w, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
      }
    } catch (const DbError&) {
      ok = false;
    }
    if (!ok) sqlite3_exec(w, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  // The parts went to the WAL (hundreds of MB for a big graph), which a read-only connection never checkpoints:
  // every later reader would index it at open (seconds). Copy it into the file now, without waiting: a busy
  // database keeps its WAL until its writer checkpoints it. (After the statements above are finalised.)
  if (ok) sqlite3_wal_checkpoint_v2(w, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  if (own) sqlite3_close(own);
  return ok;
}

int64_t Store::snapshot_bytes() const {
  Stmt st(db_, "SELECT coalesce(sum(length(data)), 0) FROM graph_snapshot");
  return st.step() ? st.i64(0) : 0;
}

}  // namespace kg
