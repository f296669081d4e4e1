#include "schema/store.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include "base/error.h"
#include "base/unicode.h"
#include "schema/embedded_sql.h"
#include "schema/sqlite_util.h"

namespace kg {

using sql::Stmt;

namespace {

bool file_exists(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0;
}

// A non-empty file that does not start with the SQLite header is not a database: refuse it before SQLite
// (which would otherwise only fail at the first statement, or worse, in write mode, treat it oddly).
void check_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DbError(path + ": cannot open database file");
  char head[16] = {0};
  in.read(head, sizeof head);
  std::streamsize n = in.gcount();
  if (n == 0) return;  // empty file: SQLite treats it as a new database
  if (n < 16 || std::string(head, 15) != "SQLite format 3")
    throw DbError(path + ": not a kg database (the file is not SQLite)");
}

std::string fmt_amount(const std::optional<double>& a) {
  if (!a) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", std::round(*a));
  return buf;
}

std::string fact_key(int64_t s, const FactRecord& f, int64_t o) {
  auto opt = [](const std::optional<int>& v) { return v ? std::to_string(*v) : std::string(); };
  return std::to_string(s) + "|" + f.predicate + "|" + std::to_string(o) + "|" + opt(f.year) + "|" + opt(f.month) +
         "|" + fmt_amount(f.amount) + "|" + f.currency + "|" + f.status;
}

}  // namespace

Store::Store(const std::string& path, const StoreOptions& options) : path_(path), read_only_(options.read_only) {
  const bool memory = path == ":memory:";
  if (!memory) {
    if (file_exists(path)) {
      check_header(path);
    } else if (options.read_only || !options.create) {
      throw DbError(path + ": no such database (run `kg ingest` first)");
    }
  }
  int flags = options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string m = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError(path + ": cannot open database: " + m);
  }
  try {
    sqlite3_busy_timeout(db_, options.busy_timeout_ms);
    sql::exec(db_, "PRAGMA foreign_keys = ON");
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
      migrate();
    } else if (v < latest_version()) {
      throw DbError(path + ": database schema version " + std::to_string(v) +
                    " needs an upgrade; open it once for writing (e.g. kg ingest)");
    }
  } catch (const DbError& e) {
    sqlite3_close(db_);
    db_ = nullptr;
    std::string m = e.what();
    if (m.rfind(path, 0) == 0) throw;
    if (m.find("file is not a database") != std::string::npos)
      throw DbError(path + ": not a kg database (the file is not SQLite)");
    throw DbError(path + ": " + m);
  }
}

Store::~Store() {
  if (db_) sqlite3_close(db_);
}

int Store::latest_version() { return static_cast<int>(schema_sql::kMigrations.size()); }

int Store::schema_version() const {
  Stmt st(db_, "PRAGMA user_version");
  st.step();
  return static_cast<int>(st.i64(0));
}

void Store::migrate() {
  int v = schema_version();
  while (v < latest_version()) {
    sql::exec(db_, "BEGIN IMMEDIATE");
    try {
      sql::exec(db_, std::string(schema_sql::kMigrations[v]));
      sql::exec(db_, "PRAGMA user_version = " + std::to_string(v + 1));
      sql::exec(db_, "COMMIT");
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
    ++v;
  }
}

bool Store::has_document(const std::string& sha256) const {
  Stmt st(db_, "SELECT 1 FROM documents WHERE sha256 = ?");
  st.bind(1, sha256);
  return st.step();
}

IngestResult Store::add_document(const ExtractedDocument& x) {
  if (read_only_) throw DbError(path_ + ": database is open read-only");
  IngestResult r;
  sql::exec(db_, "BEGIN IMMEDIATE");
  try {
    {
      Stmt st(db_, "SELECT id FROM documents WHERE sha256 = ?");
      st.bind(1, x.doc.sha256);
      if (st.step()) {
        r.doc_id = st.i64(0);
        sql::exec(db_, "COMMIT");
        return r;
      }
    }
    {
      Stmt st(db_,
              "INSERT INTO documents(path, sha256, bytes, encoding, format, pub_date, pub_date_source, title) "
              "VALUES (?,?,?,?,?,?,?,?)");
      st.bind(1, x.doc.path).bind(2, x.doc.sha256).bind(3, x.doc.bytes).bind(4, x.doc.encoding);
      st.bind(5, x.doc.format).bind(6, x.doc.pub_date).bind(7, x.doc.pub_date_source).bind(8, x.doc.title);
      st.run();
      r.doc_id = sqlite3_last_insert_rowid(db_);
    }
    std::map<int, int64_t> sentence_ids;
    {
      Stmt st(db_,
              "INSERT INTO sentences(doc_id, seq, paragraph, start, end, text, norm, noise, dup_of) "
              "VALUES (?,?,?,?,?,?,?,?,?)");
      for (const auto& s : x.sentences) {
        st.bind(1, r.doc_id).bind(2, s.seq).bind(3, s.paragraph).bind(4, s.start).bind(5, s.end);
        st.bind(6, s.text).bind(7, s.norm).bind(8, s.noise ? 1 : 0);
        st.bind(9, s.dup_of >= 0 ? std::optional<int>(s.dup_of) : std::nullopt);
        st.run();
        sentence_ids[s.seq] = sqlite3_last_insert_rowid(db_);
        ++r.sentences;
      }
    }
    std::map<std::string, int64_t> entity_ids;
    {
      Stmt ins(db_, "INSERT OR IGNORE INTO entities(name, type, origin) VALUES (?,?,?)");
      Stmt get(db_, "SELECT id FROM entities WHERE name = ?");
      Stmt alias(db_, "INSERT OR IGNORE INTO aliases(entity_id, alias, key, origin) VALUES (?,?,?,?)");
      for (const auto& e : x.entities) {
        ins.bind(1, e.name).bind(2, e.type).bind(3, e.origin);
        ins.run();
        get.bind(1, e.name);
        if (!get.step()) throw DbError("entity vanished: " + e.name);
        int64_t id = get.i64(0);
        get.reset();
        entity_ids[e.name] = id;
        ++r.entities;
        for (const auto& a : e.aliases) {
          if (a.empty()) continue;
          alias.bind(1, id).bind(2, a).bind(3, fold_key(a)).bind(4, e.origin == "lexicon" ? "lexicon" : "seen");
          alias.run();
        }
        alias.bind(1, id).bind(2, e.name).bind(3, fold_key(e.name)).bind(4, e.origin == "lexicon" ? "lexicon" : "seen");
        alias.run();
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
      Stmt st(db_, "INSERT INTO mentions(sentence_id, entity_id, start, end, surface) VALUES (?,?,?,?,?)");
      for (const auto& m : x.mentions) {
        st.bind(1, sentence_id(m.sentence_seq)).bind(2, entity_id(m.entity)).bind(3, m.start).bind(4, m.end);
        st.bind(5, m.surface);
        st.run();
      }
    }
    {
      Stmt ins(db_,
               "INSERT OR IGNORE INTO facts(key, subject_id, predicate, object_id, amount, amount_min, amount_max, approx,"
               " round_total, currency, round, role, year, month, day, date_basis, status)"
               " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
      Stmt get(db_, "SELECT id FROM facts WHERE key = ?");
      Stmt fill(db_,
                "UPDATE facts SET round = CASE WHEN round = '' THEN ? ELSE round END,"
                " role = CASE WHEN role = '' THEN ? ELSE role END,"
                " day = COALESCE(day, ?) WHERE id = ?");
      Stmt src(db_,
               "INSERT OR IGNORE INTO fact_sources(fact_id, sentence_id, doc_id, start, end, rule, confidence)"
               " VALUES (?,?,?,?,?,?,?)");
      std::set<int64_t> facts_seen;
      for (const auto& f : x.facts) {
        int64_t s = entity_id(f.subject), o = entity_id(f.object);
        std::string key = fact_key(s, f, o);
        ins.bind(1, key).bind(2, s).bind(3, f.predicate).bind(4, o).bind(5, f.amount).bind(6, f.amount_min);
        ins.bind(7, f.amount_max).bind(8, f.approx ? 1 : 0).bind(9, f.round_total ? 1 : 0).bind(10, f.currency);
        ins.bind(11, f.round).bind(12, f.role).bind(13, f.year).bind(14, f.month).bind(15, f.day);
        ins.bind(16, f.date_basis).bind(17, f.status);
        ins.run();
        get.bind(1, key);
        get.step();
        int64_t fid = get.i64(0);
        get.reset();
        fill.bind(1, f.round).bind(2, f.role).bind(3, f.day).bind(4, fid);
        fill.run();
        src.bind(1, fid).bind(2, sentence_id(f.sentence_seq)).bind(3, r.doc_id).bind(4, f.start).bind(5, f.end);
        src.bind(6, f.rule).bind(7, f.confidence);
        src.run();
        facts_seen.insert(fid);
      }
      r.facts = static_cast<int>(facts_seen.size());
    }
    sql::exec(db_, "COMMIT");
    r.added = true;
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  return r;
}

std::vector<EntityRow> Store::entities() const {
  std::vector<EntityRow> out;
  std::map<int64_t, size_t> index;
  {
    Stmt st(db_, "SELECT id, name, type, origin FROM entities ORDER BY name");
    while (st.step()) {
      index[st.i64(0)] = out.size();
      out.push_back(EntityRow{st.i64(0), st.str(1), st.str(2), st.str(3), {}});
    }
  }
  Stmt st(db_, "SELECT entity_id, alias FROM aliases ORDER BY entity_id, alias");
  while (st.step()) {
    auto it = index.find(st.i64(0));
    if (it == index.end()) continue;
    out[it->second].aliases.push_back(st.str(1));
  }
  for (auto& e : out) {
    auto& a = e.aliases;
    a.erase(std::remove(a.begin(), a.end(), e.name), a.end());
    a.insert(a.begin(), e.name);
  }
  return out;
}

std::vector<EntityRow> Store::user_entities() const {
  std::vector<EntityRow> out;
  Stmt st(db_,
          "SELECT e.id, e.name, e.type, e.origin, a.alias FROM entities e JOIN aliases a ON a.entity_id = e.id"
          " WHERE a.origin = 'user' OR e.origin = 'user' ORDER BY e.name, a.alias");
  while (st.step()) {
    if (out.empty() || out.back().id != st.i64(0)) out.push_back(EntityRow{st.i64(0), st.str(1), st.str(2), st.str(3), {}});
    out.back().aliases.push_back(st.str(4));
  }
  return out;
}

bool Store::add_alias(const std::string& entity, const std::string& alias, const std::string& type) {
  if (read_only_) throw DbError(path_ + ": database is open read-only");
  sql::exec(db_, "BEGIN IMMEDIATE");
  try {
    int64_t id = 0;
    {
      // The entity may be named by its canonical name or any alias.
      Stmt st(db_, "SELECT e.id FROM entities e WHERE e.name = ? UNION ALL "
                   "SELECT a.entity_id FROM aliases a WHERE a.key = ? LIMIT 1");
      st.bind(1, entity).bind(2, fold_key(entity));
      if (st.step()) id = st.i64(0);
    }
    if (id == 0) {
      Stmt ins(db_, "INSERT INTO entities(name, type, origin) VALUES (?,?,'user')");
      ins.bind(1, entity).bind(2, type);
      ins.run();
      id = sqlite3_last_insert_rowid(db_);
      Stmt a(db_, "INSERT OR IGNORE INTO aliases(entity_id, alias, key, origin) VALUES (?,?,?,'user')");
      a.bind(1, id).bind(2, entity).bind(3, fold_key(entity));
      a.run();
    }
    Stmt a(db_, "INSERT OR IGNORE INTO aliases(entity_id, alias, key, origin) VALUES (?,?,?,'user')");
    a.bind(1, id).bind(2, alias).bind(3, fold_key(alias));
    a.run();
    bool added = sqlite3_changes(db_) > 0;
    sql::exec(db_, "COMMIT");
    return added;
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
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

}  // namespace

std::vector<FactRow> Store::facts(bool with_evidence) const {
  std::vector<FactRow> raw;
  {
    Stmt st(db_,
            "SELECT f.id, f.subject_id, s.name, s.type, f.predicate, f.object_id, o.name, o.type, f.amount,"
            " f.amount_min, f.amount_max, f.approx, f.round_total, f.currency, f.round, f.role, f.year, f.month,"
            " f.day, f.date_basis, f.status"
            " FROM facts f JOIN entities s ON s.id = f.subject_id JOIN entities o ON o.id = f.object_id"
            " ORDER BY f.id");
    while (st.step()) {
      FactRow f;
      f.id = st.i64(0);
      f.subject_id = st.i64(1);
      f.subject = st.str(2);
      f.subject_type = st.str(3);
      f.predicate = st.str(4);
      f.object_id = st.i64(5);
      f.object = st.str(6);
      f.object_type = st.str(7);
      f.amount = st.opt_f64(8);
      f.amount_min = st.opt_f64(9);
      f.amount_max = st.opt_f64(10);
      f.approx = st.i64(11) != 0;
      f.round_total = st.i64(12) != 0;
      f.currency = st.str(13);
      f.round = st.str(14);
      f.role = st.str(15);
      f.year = st.opt_int(16);
      f.month = st.opt_int(17);
      f.day = st.opt_int(18);
      f.date_basis = st.str(19);
      f.status = st.str(20);
      raw.push_back(std::move(f));
    }
  }
  // Evidence for every fact (needed for the source counts even when not returned).
  std::map<int64_t, std::vector<SourceRow>> ev;
  {
    Stmt st(db_,
            "SELECT fs.fact_id, fs.doc_id, d.path, d.pub_date, fs.sentence_id, s.text, fs.start, fs.end, fs.rule,"
            " fs.confidence FROM fact_sources fs JOIN sentences s ON s.id = fs.sentence_id"
            " JOIN documents d ON d.id = fs.doc_id ORDER BY fs.doc_id, fs.start, fs.rule");
    while (st.step()) {
      SourceRow r{st.i64(0), st.i64(1), st.str(2), st.str(3), st.i64(4), st.str(5), st.i64(6), st.i64(7),
                  st.str(8), st.f64(9)};
      ev[r.fact_id].push_back(std::move(r));
    }
  }
  // Fold less specific facts into the single compatible more specific fact of the same group.
  std::map<std::tuple<int64_t, std::string, int64_t, std::string>, std::vector<size_t>> groups;
  for (size_t i = 0; i < raw.size(); ++i)
    groups[{raw[i].subject_id, raw[i].predicate, raw[i].object_id, raw[i].status}].push_back(i);
  std::vector<int64_t> target(raw.size(), -1);  // index this fact folds into
  for (auto& [k, idx] : groups) {
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
  std::map<size_t, std::vector<SourceRow>> merged;
  for (size_t i = 0; i < raw.size(); ++i) {
    auto& dst = merged[root(i)];
    auto it = ev.find(raw[i].id);
    if (it != ev.end()) dst.insert(dst.end(), it->second.begin(), it->second.end());
    if (root(i) != i) {
      FactRow& r = raw[root(i)];
      if (r.round.empty()) r.round = raw[i].round;
      if (r.role.empty()) r.role = raw[i].role;
    }
  }
  std::vector<FactRow> out;
  for (auto& [i, srcs] : merged) {
    if (root(i) != i) continue;
    FactRow f = raw[i];
    std::sort(srcs.begin(), srcs.end(), [](const SourceRow& a, const SourceRow& b) {
      return std::tie(a.doc_id, a.start, a.rule) < std::tie(b.doc_id, b.start, b.rule);
    });
    std::set<int64_t> sentences;
    for (const auto& s : srcs) {
      sentences.insert(s.sentence_id);
      f.confidence = std::max(f.confidence, s.confidence);
    }
    f.sources = static_cast<int>(sentences.size());
    if (with_evidence) f.evidence = std::move(srcs);
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const FactRow& a, const FactRow& b) {
    auto ka = std::make_tuple(a.subject, a.predicate, a.object, a.year.value_or(0), a.month.value_or(0),
                              a.amount.value_or(0), a.status, a.id);
    auto kb = std::make_tuple(b.subject, b.predicate, b.object, b.year.value_or(0), b.month.value_or(0),
                              b.amount.value_or(0), b.status, b.id);
    return ka < kb;
  });
  return out;
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
  return s;
}

}  // namespace kg
