#include "schema/store.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <map>
#include <unordered_map>
#include <set>

#include "base/error.h"
#include "base/sha256.h"
#include "base/unicode.h"
#include "schema/embedded_sql.h"
#include "schema/json.h"
#include "schema/search.h"
#include "schema/sqlite_util.h"
#include "schema/store_keys.h"

namespace kg {

using sql::Stmt;

namespace {

bool file_exists(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0;
}

std::string fmt_amount(const std::optional<double>& a) {
  if (!a) return "";
  // Whole units below 2^53 print as their integer (what "%.0f" prints for them), without snprintf.
  const double r = std::round(*a);
  if (!std::signbit(r) && r < 9007199254740992.0) return std::to_string(static_cast<int64_t>(r));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", std::round(*a));
  return buf;
}

}  // namespace

std::string fact_key(int64_t s, const FactRecord& f, int64_t o) {
  auto opt = [](const std::optional<int>& v) { return v ? std::to_string(*v) : std::string(); };
  return std::to_string(s) + "|" + f.predicate + "|" + std::to_string(o) + "|" + opt(f.year) + "|" + opt(f.month) +
         "|" + fmt_amount(f.amount) + "|" + f.currency + "|" + f.status;
}

std::string entity_key(std::string_view name) { return fold_key(name); }

std::string fact_uid(const std::string& subject, const std::string& predicate, const std::string& object,
                     const std::optional<int>& year, const std::optional<int>& month,
                     const std::optional<double>& amount, const std::string& currency, const std::string& status) {
  return fact_uid_from_keys(predicate, entity_key(subject), entity_key(object), year, month, amount, currency, status);
}

std::string fact_uid_from_keys(std::string_view predicate, std::string_view subject_key, std::string_view object_key,
                               const std::optional<int>& year, const std::optional<int>& month,
                               const std::optional<double>& amount, std::string_view currency,
                               std::string_view status) {
  auto opt = [](const std::optional<int>& v) { return v ? std::to_string(*v) : std::string(); };
  std::string s;
  s.reserve(predicate.size() + subject_key.size() + object_key.size() + currency.size() + status.size() + 40);
  s.append(predicate).append("|").append(subject_key).append("|").append(object_key).append("|");
  s.append(opt(year)).append("|").append(opt(month)).append("|").append(fmt_amount(amount)).append("|");
  s.append(currency).append("|").append(status);
  return sha256_hex(s);
}

Store::Store(const std::string& path, const StoreOptions& options) : path_(path), read_only_(options.read_only) {
  const bool memory = path == ":memory:";
  if (!memory) {
    if (!file_exists(path) && (options.read_only || !options.create)) {
      throw DbError(path + ": no such database (run `kg ingest` first)");
    }
  }
  int flags = options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  int probe = SQLITE_OK;  // the first read's result, for a read-only open (which makes it)
  const int opened = options.read_only && !memory ? sql::open_read_only(path, &db_, &probe)
                                                  : sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (opened != SQLITE_OK) {
    std::string m = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError(path + ": cannot open database: " + m);
  }
  try {
    sqlite3_busy_timeout(db_, options.busy_timeout_ms);
    // A file that is not SQLite is refused by SQLite itself, at its first read, before anything could be written.
    // (Never open the database file outside SQLite: closing any descriptor of it drops this process's POSIX
    // locks, including those of another connection's writer — that corrupted concurrent ingests.)
    if (!memory) {
      int rc = options.read_only ? probe : sqlite3_exec(db_, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
      if (rc == SQLITE_NOTADB) throw DbError(path + ": not a kg database (the file is not SQLite)");
      if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        throw DbError(path + ": cannot read database: " + sqlite3_errmsg(db_));
    }
    register_search_functions(db_);  // schema/search.h: the sentence_search triggers call kg_search_grams
    sql::exec(db_, "PRAGMA foreign_keys = ON");
    // Page cache up to 64 MiB (allocated as used): big imports and graph loads otherwise re-read index pages.
    sql::exec(db_, "PRAGMA cache_size = -65536");
    sql::exec(db_, "PRAGMA temp_store = MEMORY");
    // Read-only connections map the file instead of copying pages into the cache (a graph snapshot part is tens
    // of MB). Writers keep plain reads.
    if (!memory && options.read_only) sql::exec(db_, "PRAGMA mmap_size = 1073741824");
    int v = schema_version();
    if (v > latest_version())
      throw DbError(path + ": database schema version " + std::to_string(v) + " is newer than this kg supports (" +
                    std::to_string(latest_version()) + "); upgrade kg");
    if (!options.read_only) {
      if (!memory) {
        Stmt wal(db_, "PRAGMA journal_mode = WAL");
        wal.step();
      }
      sql::exec(db_, "PRAGMA synchronous = NORMAL");
      // Checkpoint the WAL every 64 MiB instead of SQLite's 4 MiB: an ingest commits a group every ~100 ms, and
      // each checkpoint copies the pages again and syncs (a third of the writer's time at the default).
      sql::exec(db_, "PRAGMA wal_autocheckpoint = 16384");
      migrate();
    } else if (v < latest_version()) {
      throw DbError(path + ": database schema version " + std::to_string(v) +
                    " needs an upgrade; open it once for writing (e.g. kg ingest)");
    }
  } catch (const DbError& e) {
    const std::string file = sql::db_name(db_);  // statements name the file as SQLite resolved it
    sqlite3_close(db_);
    db_ = nullptr;
    std::string m = e.what();
    if (m.rfind(file + ": ", 0) == 0) m = m.substr(file.size() + 2);
    if (m.rfind(path, 0) == 0) throw DbError(m);
    if (m.find("file is not a database") != std::string::npos)
      throw DbError(path + ": not a kg database (the file is not SQLite)");
    throw DbError(path + ": " + m);
  }
}

Store::~Store() {
  // Commit an open group first: index_pending_search prepares cached statements, which must be finalised before
  // the close (a statement left unfinalised makes sqlite3_close fail and leak the connection).
  if (db_ && in_group_) {  // whole documents only; sentences left unindexed (on an error) are indexed next time
    try {
      index_pending_search();
    } catch (...) {
    }
    sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  }
  for (auto& [sql, st] : stmt_cache_) sqlite3_finalize(st);
  stmt_cache_.clear();
  if (db_) sqlite3_close(db_);
}

sqlite3_stmt* Store::cached(const char* sql) {
  for (auto& [s, st] : stmt_cache_)
    if (s == sql) return st;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK)
    throw DbError(sql::db_name(db_) + ": SQL prepare failed: " + sqlite3_errmsg(db_));
  stmt_cache_.emplace_back(sql, st);
  return st;
}

int Store::latest_version() { return static_cast<int>(schema_sql::kMigrations.size()); }

int Store::schema_version() const {
  Stmt st(db_, "PRAGMA user_version");
  st.step();
  return static_cast<int>(st.i64(0));
}

void Store::migrate() {
  if (schema_version() >= latest_version()) return;
  // Every pending migration runs in one transaction, and the version is read inside it: a kill part-way leaves the
  // database at its old version (never between two), and a second writer that waited on the lock sees the new one.
  sql::exec(db_, "BEGIN IMMEDIATE");
  try {
    int v = schema_version();
    for (; v < latest_version(); ++v) {
      sql::exec(db_, std::string(schema_sql::kMigrations[v]));
      if (v + 1 == 2) fill_keys_v2();
    }
    sql::exec(db_, "PRAGMA user_version = " + std::to_string(v));
    sql::exec(db_, "COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

bool Store::has_document(const std::string& sha256) const {
  Stmt st(db_, "SELECT 1 FROM documents WHERE sha256 = ?");
  st.bind(1, sha256);
  return st.step();
}

IngestResult Store::add_document(const ExtractedDocument& x) {
  return write_document(x, [this, &x](IngestResult& r) { insert_document(x, 0, r); });
}

IngestResult Store::write_document(const ExtractedDocument& x, const std::function<void(IngestResult&)>& insert) {
  if (read_only_) throw DbError(path_ + ": database is open read-only");
  IngestResult r;
  // Alone: its own transaction. In a group: a savepoint inside the group's transaction.
  auto end = [&] {
    if (in_group_) {
      sql::exec(db_, "RELEASE document");
    } else {
      index_pending_search();
      sql::exec(db_, "COMMIT");
    }
  };
  if (in_group_) sql::exec(db_, "SAVEPOINT document");
  else sql::exec(db_, "BEGIN IMMEDIATE");
  try {
    {
      Stmt st(db_, cached("SELECT id FROM documents WHERE sha256 = ?"));
      st.bind(1, x.doc.sha256);
      if (st.step()) {
        r.doc_id = st.i64(0);
        end();
        return r;
      }
    }
    insert(r);
    end();
    r.added = true;
  } catch (...) {
    forget_entity_cache();
    if (in_group_) {
      sqlite3_exec(db_, "ROLLBACK TO document", nullptr, nullptr, nullptr);
      sqlite3_exec(db_, "RELEASE document", nullptr, nullptr, nullptr);
    } else {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    throw;
  }
  return r;
}

void Store::index_pending_search() {
  const bool cache_valid = sqlite3_total_changes64(db_) == entity_cache_.changes;
  struct Keep {  // these rows do not touch entities or aliases
    Store* s;
    bool valid;
    ~Keep() {
      if (valid && !std::uncaught_exceptions()) s->entity_cache_.changes = sqlite3_total_changes64(s->db_);
    }
  } keep{this, cache_valid};
  Stmt add(db_, cached("INSERT INTO sentence_search(rowid, grams) SELECT id, kg_search_grams(norm) FROM sentences"
                       " WHERE id > (SELECT n FROM sentence_search_upto) AND noise = 0 AND dup_of IS NULL ORDER BY id"));
  add.run();
  Stmt mark(db_, cached("UPDATE sentence_search_upto SET n = (SELECT max(id) FROM sentences)"
                        " WHERE (SELECT max(id) FROM sentences) > n"));
  mark.run();
}

void Store::begin_group() {
  if (read_only_) throw DbError(path_ + ": database is open read-only");
  if (in_group_) return;
  sql::exec(db_, "BEGIN IMMEDIATE");
  in_group_ = true;
}

void Store::commit_group() {
  if (!in_group_) return;
  in_group_ = false;
  try {
    index_pending_search();
    sql::exec(db_, "COMMIT");
  } catch (...) {
    forget_entity_cache();
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

// Writes a document's rows. doc_id 0: a new documents row; else that row is updated (re-extraction) and its raw
// bytes kept unless the record carries them.
// A document's sentences, kSentenceBatch rows per INSERT (one statement execution, with its setup and statement
// journal, for many rows); returns seq → row id. Each row gets the next row id (INTEGER PRIMARY KEY: max + 1), in
// order; checked, not assumed. Shared by insert_document and insert_document_bulk.
std::unordered_map<int, int64_t> Store::insert_sentences(int64_t doc_id, const std::vector<SentenceRecord>& sentences) {
  std::unordered_map<int, int64_t> ids_by_seq;
  if (sentences.empty()) return ids_by_seq;
  constexpr int kSentenceBatch = 16;
  Stmt many(db_, cached("INSERT INTO sentences(doc_id, seq, paragraph, start, end, text, norm, noise, dup_of) VALUES"
                        " (?,?,?,?,?,?,?,?,?),(?,?,?,?,?,?,?,?,?),(?,?,?,?,?,?,?,?,?),(?,?,?,?,?,?,?,?,?),"
                        "(?,?,?,?,?,?,?,?,?),(?,?,?,?,?,?,?,?,?),(?,?,?,?,?,?,?,?,?),(?,?,?,?,?,?,?,?,?),"
                        "(?,?,?,?,?,?,?,?,?),(?,?,?,?,?,?,?,?,?),(?,?,?,?,?,?,?,?,?),(?,?,?,?,?,?,?,?,?),"
                        "(?,?,?,?,?,?,?,?,?),(?,?,?,?,?,?,?,?,?),(?,?,?,?,?,?,?,?,?),(?,?,?,?,?,?,?,?,?)"));
  Stmt one(db_, cached("INSERT INTO sentences(doc_id, seq, paragraph, start, end, text, norm, noise, dup_of)"
                       " VALUES (?,?,?,?,?,?,?,?,?)"));
  auto bind = [&](Stmt& st, int k, const SentenceRecord& s) {
    st.bind(k + 1, doc_id).bind(k + 2, s.seq).bind(k + 3, s.paragraph).bind(k + 4, s.start);
    st.bind(k + 5, s.end).bind_static(k + 6, s.text).bind_static(k + 7, s.norm).bind(k + 8, s.noise ? 1 : 0);
    st.bind(k + 9, s.dup_of >= 0 ? std::optional<int>(s.dup_of) : std::nullopt);
  };
  const size_t n = sentences.size();
  size_t i = 0;
  for (; i + kSentenceBatch <= n; i += kSentenceBatch) {
    for (int k = 0; k < kSentenceBatch; ++k) bind(many, 9 * k, sentences[i + k]);
    many.run_rebound();
  }
  for (; i < n; ++i) {
    bind(one, 0, sentences[i]);
    one.run_rebound();
  }
  const int64_t last = sqlite3_last_insert_rowid(db_), first = last - static_cast<int64_t>(n) + 1;
  Stmt ids(db_, cached("SELECT min(id), count(*) FROM sentences WHERE doc_id = ?"));
  ids.bind(1, doc_id);
  ids.step();
  if (ids.i64(0) != first || ids.i64(1) != static_cast<int64_t>(n))
    throw DbError(sql::db_name(db_) + ": sentence ids of a document are not consecutive");
  ids.reset();
  ids_by_seq.reserve(n);
  for (size_t k = 0; k < n; ++k) ids_by_seq[sentences[k].seq] = first + static_cast<int64_t>(k);
  return ids_by_seq;
}

void Store::check_entity_cache() {
  Stmt dv(db_, cached("PRAGMA data_version"));
  const int64_t v = dv.step() ? dv.i64(0) : -1;
  dv.reset();
  if (v != entity_cache_.data_version || sqlite3_total_changes64(db_) != entity_cache_.changes) {
    entity_cache_.ids.clear();
    entity_cache_.aliases.clear();
    entity_cache_.data_version = v;
  }
}

int64_t Store::insert_document(const ExtractedDocument& x, int64_t doc_id, IngestResult& r) {
  check_entity_cache();
  struct Valid {  // the rows this call wrote are the ones the cache knows about
    Store* s;
    ~Valid() { s->entity_cache_.changes = std::uncaught_exceptions() ? -1 : sqlite3_total_changes64(s->db_); }
  } valid{this};
  {
    if (doc_id == 0) {
      Stmt st(db_,
              cached("INSERT INTO documents(path, sha256, bytes, encoding, format, pub_date, pub_date_source, title, raw) "
                     "VALUES (?,?,?,?,?,?,?,?,?)"));
      st.bind(1, x.doc.path).bind(2, x.doc.sha256).bind(3, x.doc.bytes).bind(4, x.doc.encoding);
      st.bind(5, x.doc.format).bind(6, x.doc.pub_date).bind(7, x.doc.pub_date_source).bind(8, x.doc.title);
      if (x.doc.raw.empty()) st.bind(9, std::optional<int>());
      else st.blob(9, x.doc.raw);
      st.run();
      r.doc_id = sqlite3_last_insert_rowid(db_);
    } else {
      Stmt st(db_,
              cached("UPDATE documents SET encoding = ?, format = ?, pub_date = ?, pub_date_source = ?, title = ?,"
                     " raw = COALESCE(?, raw) WHERE id = ?"));
      st.bind(1, x.doc.encoding).bind(2, x.doc.format).bind(3, x.doc.pub_date).bind(4, x.doc.pub_date_source);
      st.bind(5, x.doc.title);
      if (x.doc.raw.empty()) st.bind(6, std::optional<int>());
      else st.blob(6, x.doc.raw);
      st.bind(7, doc_id);
      st.run();
      r.doc_id = doc_id;
    }
  }
  std::unordered_map<int, int64_t> sentence_ids = insert_sentences(r.doc_id, x.sentences);
  r.sentences = static_cast<int>(x.sentences.size());
  std::unordered_map<std::string, int64_t> entity_ids;
  {
    Stmt ins(db_, cached("INSERT OR IGNORE INTO entities(name, type, origin, key) VALUES (?,?,?,?)"));
    Stmt get(db_, cached("SELECT id FROM entities WHERE name = ?"));
    Stmt alias(db_, cached("INSERT OR IGNORE INTO aliases(entity_id, alias, key, origin) VALUES (?,?,?,?)"));
    auto& cache = entity_cache_;
    std::string pair;
    // INSERT OR IGNORE of a spelling, skipped when this writer already stored (or found) the pair.
    auto add_alias = [&](int64_t id, const std::string& a, const char* origin) {
      pair = std::to_string(id);
      pair += '\x1f';
      pair += a;
      if (cache.aliases.count(pair)) return;
      alias.bind(1, id).bind(2, a).bind(3, fold_key(a)).bind(4, origin);
      alias.run();
      cache.aliases.insert(pair);
    };
    for (const auto& e : x.entities) {
      int64_t id;
      if (auto known = cache.ids.find(e.name); known != cache.ids.end()) {
        id = known->second;  // the row exists: INSERT OR IGNORE would change nothing
      } else {
        ins.bind(1, e.name).bind(2, e.type).bind(3, e.origin).bind(4, entity_key(e.name));
        ins.run();
        if (sqlite3_changes(db_) == 1) {
          id = sqlite3_last_insert_rowid(db_);
        } else {
          get.bind(1, e.name);
          if (!get.step()) throw DbError("entity vanished: " + e.name);
          id = get.i64(0);
          get.reset();
        }
        cache.ids.emplace(e.name, id);
      }
      entity_ids[e.name] = id;
      ++r.entities;
      const char* origin = e.origin == "lexicon" ? "lexicon" : "seen";
      for (const auto& a : e.aliases)
        if (!a.empty()) add_alias(id, a, origin);
      add_alias(id, e.name, origin);
    }
  }
  auto entity_id = [&](const std::string& name) {
    auto it = entity_ids.find(name);
    if (it == entity_ids.end()) throw DbError("fact or mention names an entity not in the document: " + name);
    return it->second;
  };
  auto sentence_id = [&](int seq) {
    auto it = sentence_ids.find(seq);
    if (it == sentence_ids.end()) throw DbError("record names a sentence not in the document: " + std::to_string(seq));
    return it->second;
  };
  {
    Stmt st(db_, cached("INSERT INTO mentions(sentence_id, entity_id, start, end, surface) VALUES (?,?,?,?,?)"));
    for (const auto& m : x.mentions) {
      st.bind(1, sentence_id(m.sentence_seq)).bind(2, entity_id(m.entity)).bind(3, m.start).bind(4, m.end);
      st.bind(5, m.surface);
      st.run();
    }
  }
  {
    Stmt ins(db_,
             cached("INSERT OR IGNORE INTO facts(key, subject_id, predicate, object_id, amount, amount_min, amount_max, approx,"
                    " round_total, currency, round, role, year, month, day, date_basis, status, uid)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    Stmt get(db_, cached("SELECT id FROM facts WHERE key = ?"));
    Stmt fill(db_,
              cached("UPDATE facts SET round = CASE WHEN round = '' THEN ? ELSE round END,"
                     " role = CASE WHEN role = '' THEN ? ELSE role END,"
                     " day = COALESCE(day, ?) WHERE id = ?"));
    Stmt src(db_,
             cached("INSERT OR IGNORE INTO fact_sources(fact_id, sentence_id, doc_id, start, end, rule, confidence)"
                    " VALUES (?,?,?,?,?,?,?)"));
    std::set<int64_t> facts_seen;
    for (const auto& f : x.facts) {
      int64_t s = entity_id(f.subject), o = entity_id(f.object);
      std::string key = fact_key(s, f, o);
      ins.bind(1, key).bind(2, s).bind(3, f.predicate).bind(4, o).bind(5, f.amount).bind(6, f.amount_min);
      ins.bind(7, f.amount_max).bind(8, f.approx ? 1 : 0).bind(9, f.round_total ? 1 : 0).bind(10, f.currency);
      ins.bind(11, f.round).bind(12, f.role).bind(13, f.year).bind(14, f.month).bind(15, f.day);
      ins.bind(16, f.date_basis).bind(17, f.status);
      ins.bind(18, fact_uid(f.subject, f.predicate, f.object, f.year, f.month, f.amount, f.currency, f.status));
      ins.run();
      int64_t fid;
      if (sqlite3_changes(db_) == 1) {
        fid = sqlite3_last_insert_rowid(db_);  // a new row already holds this source's round, role and day
      } else {
        get.bind(1, key);
        if (!get.step()) throw DbError("fact vanished: " + key);
        fid = get.i64(0);
        get.reset();
        fill.bind(1, f.round).bind(2, f.role).bind(3, f.day).bind(4, fid);
        fill.run();
      }
      src.bind(1, fid).bind(2, sentence_id(f.sentence_seq)).bind(3, r.doc_id).bind(4, f.start).bind(5, f.end);
      src.bind(6, f.rule).bind(7, f.confidence);
      src.run();
      facts_seen.insert(fid);
    }
    r.facts = static_cast<int>(facts_seen.size());
  }
  return r.doc_id;
}

void Store::fill_keys_v2() {
  // Entity keys.
  {
    std::vector<std::pair<int64_t, std::string>> rows;
    {
      Stmt st(db_, "SELECT id, name FROM entities");
      while (st.step()) rows.emplace_back(st.i64(0), st.str(1));
    }
    Stmt up(db_, "UPDATE entities SET key = ? WHERE id = ?");
    for (const auto& [id, name] : rows) {
      up.bind(1, entity_key(name)).bind(2, id);
      up.run();
    }
  }
  // Fact uids, from the stored names and values.
  {
    struct Row {
      int64_t id;
      std::string s, p, o, cur, status;
      std::optional<int> y, m;
      std::optional<double> a;
    };
    std::vector<Row> rows;
    {
      Stmt st(db_,
              "SELECT f.id, s.name, f.predicate, o.name, f.year, f.month, f.amount, f.currency, f.status FROM facts f"
              " JOIN entities s ON s.id = f.subject_id JOIN entities o ON o.id = f.object_id");
      while (st.step())
        rows.push_back({st.i64(0), st.str(1), st.str(2), st.str(3), st.str(7), st.str(8), st.opt_int(4),
                        st.opt_int(5), st.opt_f64(6)});
    }
    Stmt up(db_, "UPDATE facts SET uid = ? WHERE id = ?");
    for (const auto& r : rows) {
      up.bind(1, fact_uid(r.s, r.p, r.o, r.y, r.m, r.a, r.cur, r.status)).bind(2, r.id);
      up.run();
    }
  }
  // Aliases an analyst added under version 1 become alias judgements (the aliases rows stay, as seen spellings).
  {
    std::vector<std::tuple<std::string, std::string, std::string>> rows;
    {
      Stmt st(db_,
              "SELECT e.name, e.type, a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id"
              " WHERE a.origin = 'user' AND a.alias <> e.name ORDER BY e.name, a.alias");
      while (st.step()) rows.emplace_back(st.str(0), st.str(1), st.str(2));
    }
    sql::exec(db_, "UPDATE aliases SET origin = 'seen' WHERE origin = 'user'");
    for (const auto& [name, type, alias] : rows) {
      Judgement j;
      j.kind = "alias";
      j.target = entity_key(name);
      j.payload = json::Object().add("entity", name).add("type", type).add("alias", alias).str();
      j.reason = "kg alias add, recorded before schema version 2";
      j.author = "analyst";
      insert_judgement(j);
    }
  }
}

namespace {

EntityRow entity_row(const Stmt& st) {  // key, name, type, origin, id
  EntityRow e;
  e.key = st.str(0);
  e.name = st.str(1);
  e.type = st.str(2);
  e.origin = st.str(3);
  e.id = st.i64(4);
  return e;
}

void finish_aliases(EntityRow& e) {
  auto& a = e.aliases;
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  a.erase(std::remove(a.begin(), a.end(), e.name), a.end());
  a.insert(a.begin(), e.name);
}

// entity_base when no judgement is in force: per key, the entity the view picks (a lexicon entity first, then the
// lowest id). `of_id` maps every stored entity to its key's row; each row's aliases hold the names of all entities
// of that key (Store::entities adds the alias table; Store::facts canonicalises fact ends).
struct BaseEntities {
  std::vector<EntityRow> rows;
  std::unordered_map<int64_t, size_t> of_id;
};

BaseEntities base_entities(sqlite3* db) {
  BaseEntities b;
  std::unordered_map<std::string, size_t> by_key;
  Stmt st(db, "SELECT key, name, type, origin, id FROM entities ORDER BY id");
  while (st.step()) {
    EntityRow e = entity_row(st);
    auto [it, fresh] = by_key.try_emplace(e.key, b.rows.size());
    EntityRow& r = fresh ? b.rows.emplace_back() : b.rows[it->second];
    if (fresh || (e.origin == "lexicon" && r.origin != "lexicon")) {
      std::vector<std::string> names = std::move(r.aliases);
      r = e;
      r.aliases = std::move(names);
    }
    b.of_id.emplace(e.id, it->second);
    r.aliases.push_back(std::move(e.name));
  }
  return b;
}

}  // namespace

std::vector<EntityRow> Store::entities() const { return entities(false); }

std::vector<EntityRow> Store::entities(bool through_views) const {
  std::vector<EntityRow> out;
  if (!through_views && !judgements_shape_facts()) {
    // effective_entities and effective_aliases without judgements: entity_base's rows, with the names and aliases
    // of every entity of their key.
    BaseEntities base = base_entities(db_);
    out = std::move(base.rows);
    const auto& of_id = base.of_id;
    {
      Stmt st(db_, "SELECT entity_id, alias FROM aliases");
      while (st.step()) {
        auto it = of_id.find(st.i64(0));
        if (it == of_id.end() || st.null(1)) continue;
        out[it->second].aliases.push_back(st.str(1));
      }
    }
    for (auto& e : out) finish_aliases(e);
    std::sort(out.begin(), out.end(), [](const EntityRow& a, const EntityRow& b) {
      if (int c = a.name.compare(b.name)) return c < 0;
      return a.id < b.id;
    });
    return out;
  }
  std::map<std::string, size_t> index;
  {
    Stmt st(db_, "SELECT key, name, type, origin, id FROM effective_entities ORDER BY name, id");
    while (st.step()) {
      EntityRow e = entity_row(st);
      index[e.key] = out.size();
      out.push_back(std::move(e));
    }
  }
  Stmt st(db_, "SELECT key, alias FROM effective_aliases");
  while (st.step()) {
    auto it = index.find(st.str(0));
    if (it == index.end() || st.null(1)) continue;
    out[it->second].aliases.push_back(st.str(1));
  }
  for (auto& e : out) finish_aliases(e);
  return out;
}

std::optional<EntityRow> Store::find_entity(std::string_view name) const {
  std::string k = entity_key(name);
  if (k.empty()) return std::nullopt;
  std::optional<EntityRow> found;
  {
    // A canonical name first, then an alias (as written, then by fold key), lowest id.
    Stmt st(db_,
            "SELECT e.key, e.name, e.type, e.origin, e.id FROM effective_entities e"
            " LEFT JOIN effective_aliases a ON a.key = e.key"
            " WHERE e.key = ?1 OR a.alias = ?2"
            " ORDER BY e.key = ?1 DESC, e.id LIMIT 1");
    st.bind(1, k).bind(2, std::string(name));
    if (st.step()) found = entity_row(st);
  }
  if (!found) {
    // Fold keys of aliases are not stored for analysts' aliases: compare them here.
    Stmt st(db_, "SELECT e.key, e.name, e.type, e.origin, e.id, a.alias FROM effective_entities e"
                 " JOIN effective_aliases a ON a.key = e.key ORDER BY e.id");
    while (st.step())
      if (!st.null(5) && fold_key(st.str(5)) == k) {
        found = entity_row(st);
        break;
      }
  }
  if (!found) return std::nullopt;
  Stmt st(db_, "SELECT alias FROM effective_aliases WHERE key = ?");
  st.bind(1, found->key);
  while (st.step())
    if (!st.null(0)) found->aliases.push_back(st.str(0));
  finish_aliases(*found);
  return found;
}

bool Store::entity_key_exists(const std::string& key) const {
  Stmt st(db_, "SELECT 1 FROM entity_base WHERE key = ?");
  st.bind(1, key);
  return st.step();
}

std::vector<EntityRow> Store::user_entities() const {
  std::vector<EntityRow> out;
  Stmt st(db_,
          "SELECT target, json_extract(payload, '$.entity'), json_extract(payload, '$.type'),"
          " json_extract(payload, '$.alias') FROM judgements WHERE kind = 'alias' AND superseded_at IS NULL"
          " ORDER BY 2, 4");
  while (st.step()) {
    if (out.empty() || out.back().key != st.str(0)) {
      EntityRow e;
      e.key = st.str(0);
      e.name = st.str(1);
      e.type = st.str(2);
      e.origin = "user";
      e.aliases.push_back(e.name);
      out.push_back(std::move(e));
    }
    out.back().aliases.push_back(st.str(3));
  }
  return out;
}

bool Store::add_alias(const std::string& entity, const std::string& alias, const std::string& type) {
  if (read_only_) throw DbError(path_ + ": database is open read-only");
  std::string name = entity, t = type;
  if (auto e = find_entity(entity)) {
    name = e->name;
    t = e->type;
    for (const auto& a : e->aliases)
      if (a == alias) return false;
  }
  Judgement j;
  j.kind = "alias";
  j.target = entity_key(name);
  j.payload = json::Object().add("entity", name).add("type", t).add("alias", alias).str();
  add_judgement(j);
  return true;
}

namespace {

int specificity(const FactRow& f) { return (f.year ? 1 : 0) + (f.month ? 1 : 0) + (f.amount ? 1 : 0) + (f.currency.empty() ? 0 : 1); }

bool same_amount(double a, double b) { return std::fabs(a - b) <= 0.01 * std::max(std::fabs(a), std::fabs(b)); }

// True when every field f states agrees with g, and g states at least as much.
bool folds_into(const FactRow& f, const FactRow& g) {
  if (f.year && (!g.year || *f.year != *g.year)) return false;
  if (f.month && (!g.month || *f.month != *g.month)) return false;
  if (f.amount && (!g.amount || !same_amount(*f.amount, *g.amount))) return false;
  if (!f.currency.empty() && f.currency != g.currency) return false;
  return specificity(g) > specificity(f);
}

const char* kFactColumns =
    "SELECT row_id, uid, origin, subject_id, subject, subject_type, predicate, object_id, object, object_type,"
    " amount, amount_min, amount_max, approx, round_total, currency, round, role, year, month, day, date_basis,"
    " status, verdict, corrected FROM effective_facts";

FactRow fact_row(const Stmt& st) {
  FactRow f;
  f.id = st.i64(0);
  f.key = st.str(1);
  f.manual = st.str(2) == "manual";
  f.subject_id = st.i64(3);
  f.subject = st.str(4);
  f.subject_type = st.str(5);
  f.predicate = st.str(6);
  f.object_id = st.i64(7);
  f.object = st.str(8);
  f.object_type = st.str(9);
  f.amount = st.opt_f64(10);
  f.amount_min = st.opt_f64(11);
  f.amount_max = st.opt_f64(12);
  f.approx = st.i64(13) != 0;
  f.round_total = st.i64(14) != 0;
  f.currency = st.str(15);
  f.round = st.str(16);
  f.role = st.str(17);
  f.year = st.opt_int(18);
  f.month = st.opt_int(19);
  f.day = st.opt_int(20);
  f.date_basis = st.str(21);
  f.status = st.str(22);
  f.verdict = st.str(23);
  f.corrected = st.i64(24) != 0;
  return f;
}

const char* kSourceColumns =
    "SELECT row_id, doc_id, path, pub_date, sentence_id, sentence, start, \"end\", rule, confidence FROM effective_sources";

SourceRow source_row(const Stmt& st) {
  return SourceRow{st.i64(0), st.i64(1), st.str(2), st.str(3), st.i64(4), st.str(5), st.i64(6), st.i64(7),
                   st.str(8), st.f64(9)};
}

// A total order (ties cannot depend on the order sources were read in: Store::evidence reads them per row).
bool source_less(const SourceRow& a, const SourceRow& b) {
  return std::tie(a.doc_id, a.start, a.rule, a.doc_path, a.end, a.sentence_id, a.fact_id, a.confidence, a.sentence,
                  a.doc_date) < std::tie(b.doc_id, b.start, b.rule, b.doc_path, b.end, b.sentence_id, b.fact_id,
                                         b.confidence, b.sentence, b.doc_date);
}

}  // namespace

std::vector<FactRow> Store::facts(bool with_evidence) const {
  FactOptions o;
  o.with_evidence = with_evidence;
  return facts(o);
}

bool Store::judgements_shape_facts() const {
  Stmt st(db_, "SELECT 1 FROM judgements WHERE superseded_at IS NULL AND kind IN ('merge', 'reject', 'confirm',"
               " 'correct', 'alias', 'fact') LIMIT 1");
  return st.step();
}

std::vector<FactRow> Store::extracted_fact_rows() const {
  // effective_facts without judgements: each fact end is the entity of its key that entity_base picks (a lexicon
  // entity first, then the lowest id), and there is no verdict, correction or manual fact.
  const BaseEntities base = base_entities(db_);
  std::vector<FactRow> rows;
  {
    Stmt n(db_, "SELECT count(*) FROM facts");
    if (n.step()) rows.reserve(static_cast<size_t>(n.i64(0)));
  }
  // The columns of kFactColumns, read by fact_row(); the ends are filled from entity_base below.
  Stmt st(db_,
          "SELECT id, uid, 'extracted', subject_id, '', '', predicate, object_id, '', '', amount, amount_min,"
          " amount_max, approx, round_total, currency, round, role, year, month, day, date_basis, status, '', 0"
          " FROM facts ORDER BY +uid, id");  // a sort beats the index walk
  while (st.step()) {
    FactRow f = fact_row(st);
    auto s = base.of_id.find(f.subject_id), o = base.of_id.find(f.object_id);
    if (s == base.of_id.end() || o == base.of_id.end()) continue;  // the view's inner joins drop such rows too
    const EntityRow& sc = base.rows[s->second];
    const EntityRow& oc = base.rows[o->second];
    f.subject_id = sc.id;
    f.subject = sc.name;
    f.subject_type = sc.type;
    f.object_id = oc.id;
    f.object = oc.name;
    f.object_type = oc.type;
    rows.push_back(std::move(f));
  }
  return rows;
}

std::vector<FactRow> Store::facts(const FactOptions& options) const {
  std::vector<FactRow> rows;
  if (!options.through_views && !judgements_shape_facts()) {
    rows = extracted_fact_rows();  // the same rows, without the views' joins (most databases have no judgements)
  } else {
    Stmt st(db_, std::string(kFactColumns) + " ORDER BY uid, row_id");
    while (st.step()) rows.push_back(fact_row(st));
  }
  // Evidence for every row (needed for the source counts even when not returned).
  std::unordered_map<int64_t, std::vector<SourceRow>> ev;
  ev.reserve(rows.size());
  {
    // Without evidence only the counts are needed: leave the sentence text and document path unread.
    Stmt st(db_, options.with_evidence ? std::string(kSourceColumns)
                                       : std::string("SELECT row_id, doc_id, '', '', sentence_id, '', start, \"end\", "
                                                     "rule, confidence FROM effective_sources"));
    while (st.step()) {
      SourceRow r = source_row(st);
      ev[r.fact_id].push_back(std::move(r));
    }
  }
  // Rows with the same effective content (two documents' entities merged, a correction that makes two rows
  // agree, a manual fact that repeats an extracted one) are one fact; its key is the smallest uid.
  std::vector<FactRow> raw;
  std::vector<std::vector<SourceRow>> raw_ev;
  raw.reserve(rows.size());
  raw_ev.reserve(rows.size());
  {
    std::unordered_map<std::string, size_t> by_content;
    by_content.reserve(rows.size());
    auto opt = [](const std::optional<int>& v) { return v ? std::to_string(*v) : std::string(); };
    for (auto& f : rows) {
      if (f.verdict == "rejected" && !options.include_rejected) continue;
      std::string content = std::to_string(f.subject_id) + "|" + f.predicate + "|" + std::to_string(f.object_id) +
                            "|" + opt(f.year) + "|" + opt(f.month) + "|" + fmt_amount(f.amount) + "|" + f.currency +
                            "|" + f.status + "|" + (f.verdict == "rejected" ? "r" : "");
      auto srcs = ev.find(f.id);
      auto [it, fresh] = by_content.emplace(std::move(content), raw.size());
      if (fresh) {
        f.rows.push_back(f.id);
        raw.push_back(std::move(f));
        raw_ev.emplace_back();
      } else {
        raw[it->second].rows.push_back(f.id);
        FactRow& g = raw[it->second];
        if (g.round.empty()) g.round = f.round;
        if (g.role.empty()) g.role = f.role;
        if (!g.day) g.day = f.day;
        if (f.verdict == "confirmed" && g.verdict.empty()) g.verdict = "confirmed";
        g.corrected = g.corrected || f.corrected;
        g.manual = g.manual && f.manual;
        g.id = std::min(g.id, f.id);
      }
      if (srcs != ev.end()) {
        auto& dst = raw_ev[it->second];
        if (dst.empty()) dst = std::move(srcs->second);
        else dst.insert(dst.end(), std::make_move_iterator(srcs->second.begin()),
                        std::make_move_iterator(srcs->second.end()));
      }
    }
  }
  rows.clear();
  rows.shrink_to_fit();
  ev.clear();
  // Fold less specific facts into the single compatible more specific fact of the same group (rejected facts,
  // when listed, stay on their own rows). Groups are independent, so their order does not matter.
  std::unordered_map<std::string, std::vector<size_t>> groups;
  groups.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i)
    if (raw[i].verdict != "rejected")
      groups[std::to_string(raw[i].subject_id) + "|" + raw[i].predicate + "|" + std::to_string(raw[i].object_id) +
             "|" + raw[i].status]
          .push_back(i);
  std::vector<int64_t> target(raw.size(), -1);  // index this fact folds into
  for (auto& [k, idx] : groups) {
    if (idx.size() < 2) continue;
    std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
      int sa = specificity(raw[a]), sb = specificity(raw[b]);
      return sa != sb ? sa > sb : raw[a].id < raw[b].id;
    });
    for (size_t i : idx) {
      std::vector<size_t> cands;
      for (size_t j : idx)
        if (j != i && target[j] < 0 && folds_into(raw[i], raw[j])) cands.push_back(j);
      if (cands.empty()) continue;
      // The most specific candidate must contain all others, or the fold is ambiguous.
      size_t best = cands.front();
      bool ok = true;
      for (size_t j : cands)
        if (j != best && !folds_into(raw[j], raw[best])) ok = false;
      if (ok) target[i] = static_cast<int64_t>(best);
    }
  }
  auto root = [&](size_t i) {
    while (target[i] >= 0) i = static_cast<size_t>(target[i]);
    return i;
  };
  // Each fact's sources, gathered in row order (the sort below is not stable on ties).
  std::vector<std::vector<SourceRow>> merged(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    size_t r = root(i);
    auto& dst = merged[r];
    if (dst.empty()) dst = std::move(raw_ev[i]);
    else dst.insert(dst.end(), std::make_move_iterator(raw_ev[i].begin()), std::make_move_iterator(raw_ev[i].end()));
    if (r == i) continue;
    FactRow& f = raw[r];
    f.rows.insert(f.rows.end(), raw[i].rows.begin(), raw[i].rows.end());
    if (f.round.empty()) f.round = raw[i].round;
    if (f.role.empty()) f.role = raw[i].role;
    if (raw[i].verdict == "confirmed" && f.verdict.empty()) f.verdict = "confirmed";
  }
  std::vector<FactRow> out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (target[i] >= 0) continue;
    FactRow& f = raw[i];
    auto& srcs = merged[i];
    std::sort(srcs.begin(), srcs.end(), source_less);
    // Distinct sentences (or, for sources without a sentence, documents), counted on the sorted list.
    std::vector<std::pair<int64_t, std::string_view>> sentences;
    sentences.reserve(srcs.size());
    for (const auto& s : srcs) {
      sentences.emplace_back(s.sentence_id, s.sentence_id ? std::string_view() : std::string_view(s.doc_path));
      f.confidence = std::max(f.confidence, s.confidence);
    }
    std::sort(sentences.begin(), sentences.end());
    f.sources = static_cast<int>(std::unique(sentences.begin(), sentences.end()) - sentences.begin());
    if (options.confirmed_only && f.verdict != "confirmed" && !f.manual) continue;
    if (f.sources < options.min_sources) continue;
    if (options.with_evidence) f.evidence = std::move(srcs);
    out.push_back(std::move(f));
  }
  auto cmp = [](const FactRow& a, const FactRow& b) {
    if (int c = a.subject.compare(b.subject)) return c < 0;
    if (int c = a.predicate.compare(b.predicate)) return c < 0;
    if (int c = a.object.compare(b.object)) return c < 0;
    auto t = [](const FactRow& f) { return std::make_tuple(f.year.value_or(0), f.month.value_or(0), f.amount.value_or(0)); };
    if (t(a) != t(b)) return t(a) < t(b);
    if (int c = a.status.compare(b.status)) return c < 0;
    return a.id < b.id;
  };
  // Sort indexes, then move each fact once (sorting the 200-byte rows themselves moved every string ~20 times).
  std::vector<uint32_t> order(out.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return cmp(out[a], out[b]); });
  std::vector<FactRow> sorted;
  sorted.reserve(out.size());
  for (uint32_t i : order) sorted.push_back(std::move(out[i]));
  return sorted;
}

std::vector<SourceRow> Store::evidence(const std::vector<int64_t>& rows) const {
  std::vector<SourceRow> out;
  Stmt st(db_, std::string(kSourceColumns) + " WHERE row_id = ?");
  for (int64_t id : rows) {
    st.bind(1, id);
    while (st.step()) out.push_back(source_row(st));
    st.reset();
  }
  std::sort(out.begin(), out.end(), source_less);
  return out;
}

std::vector<FactRow> Store::fact_rows(const std::string& uid) const {
  std::vector<FactRow> out;
  {
    Stmt st(db_, std::string(kFactColumns) + " WHERE uid = ? ORDER BY row_id");
    st.bind(1, uid);
    while (st.step()) out.push_back(fact_row(st));
  }
  for (auto& f : out) {
    Stmt st(db_, std::string(kSourceColumns) + " WHERE row_id = ?");
    st.bind(1, f.id);
    while (st.step()) f.evidence.push_back(source_row(st));
    std::sort(f.evidence.begin(), f.evidence.end(), source_less);
    f.sources = static_cast<int>(f.evidence.size());
    for (const auto& s : f.evidence) f.confidence = std::max(f.confidence, s.confidence);
  }
  return out;
}

std::vector<std::string> Store::fact_uids(const std::string& prefix) const {
  std::vector<std::string> out;
  Stmt st(db_,
          "SELECT uid FROM facts WHERE substr(uid, 1, length(?1)) = ?1 UNION SELECT target FROM judgements"
          " WHERE kind = 'fact' AND superseded_at IS NULL AND substr(target, 1, length(?1)) = ?1 ORDER BY 1");
  st.bind(1, prefix);
  while (st.step()) out.push_back(st.str(0));
  return out;
}

std::vector<StoredDocument> Store::documents() const {
  std::vector<StoredDocument> out;
  Stmt st(db_,
          "SELECT id, path, sha256, bytes, encoding, format, pub_date, pub_date_source, title, raw, raw IS NOT NULL"
          " FROM documents ORDER BY id");
  while (st.step()) {
    StoredDocument d;
    d.id = st.i64(0);
    d.doc.path = st.str(1);
    d.doc.sha256 = st.str(2);
    d.doc.bytes = st.i64(3);
    d.doc.encoding = st.str(4);
    d.doc.format = st.str(5);
    d.doc.pub_date = st.str(6);
    d.doc.pub_date_source = st.str(7);
    d.doc.title = st.str(8);
    d.doc.raw = st.blob(9);
    d.has_raw = st.i64(10) != 0;
    out.push_back(std::move(d));
  }
  return out;
}

RebuildResult Store::rebuild(
    const std::function<std::optional<ExtractedDocument>(const StoredDocument&, std::string&)>& extract) {
  if (read_only_) throw DbError(path_ + ": database is open read-only");
  RebuildResult res;
  std::vector<StoredDocument> docs = documents();
  // Extract first (no transaction held while the extractor runs).
  std::vector<std::pair<int64_t, ExtractedDocument>> fresh;
  for (const auto& d : docs) {
    std::string why;
    std::optional<ExtractedDocument> x = extract(d, why);
    if (!x) {
      res.skipped.push_back(d.doc.path + ": " + (why.empty() ? "not re-extracted" : why));
      continue;
    }
    fresh.emplace_back(d.id, std::move(*x));
  }
  sql::exec(db_, "BEGIN IMMEDIATE");
  try {
    // Re-extraction may only insert derived rows (no trigger fires for those): the graph snapshot is stale.
    sql::exec(db_, "UPDATE kg_revision SET n = n + 1");
    Stmt del_src(db_, "DELETE FROM fact_sources WHERE doc_id = ?");
    Stmt del_men(db_, "DELETE FROM mentions WHERE sentence_id IN (SELECT id FROM sentences WHERE doc_id = ?)");
    Stmt del_fsrc(db_, "DELETE FROM fact_sources WHERE sentence_id IN (SELECT id FROM sentences WHERE doc_id = ?)");
    Stmt del_sen(db_, "DELETE FROM sentences WHERE doc_id = ?");
    for (const auto& [id, x] : fresh) {
      for (Stmt* st : {&del_src, &del_fsrc, &del_men, &del_sen}) {
        st->bind(1, id);
        st->run();
      }
    }
    // Facts without sources, then entities nothing refers to, with their spellings. The lexicon and seen
    // spellings of the remaining entities are rewritten by the new extraction.
    sql::exec(db_, "DELETE FROM facts WHERE id NOT IN (SELECT fact_id FROM fact_sources)");
    sql::exec(db_,
              "DELETE FROM aliases WHERE entity_id NOT IN (SELECT entity_id FROM mentions UNION SELECT subject_id FROM"
              " facts UNION SELECT object_id FROM facts)");
    sql::exec(db_, "DELETE FROM aliases WHERE origin IN ('lexicon', 'seen')");
    sql::exec(db_,
              "DELETE FROM entities WHERE id NOT IN (SELECT entity_id FROM mentions UNION SELECT subject_id FROM facts"
              " UNION SELECT object_id FROM facts UNION SELECT entity_id FROM aliases)");
    for (const auto& [id, x] : fresh) {
      IngestResult r;
      insert_document(x, id, r);
      res.documents += 1;
      res.sentences += r.sentences;
      res.facts += r.facts;
    }
    index_pending_search();
    sql::exec(db_, "COMMIT");
  } catch (...) {
    forget_entity_cache();
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  return res;
}

StoreStats Store::stats() const {
  StoreStats s;
  auto count = [&](const char* sql) {
    Stmt st(db_, sql);
    st.step();
    return st.i64(0);
  };
  s.documents = count("SELECT count(*) FROM documents");
  s.sentences = count("SELECT count(*) FROM sentences");
  s.entities = count("SELECT count(*) FROM entities");
  s.aliases = count("SELECT count(*) FROM aliases");
  s.facts = count("SELECT count(*) FROM facts");
  s.sources = count("SELECT count(*) FROM fact_sources");
  s.judgements = count("SELECT count(*) FROM judgements");
  s.active_judgements = count("SELECT count(*) FROM judgements WHERE superseded_at IS NULL");
  return s;
}

}  // namespace kg
