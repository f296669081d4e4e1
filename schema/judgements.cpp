// Store: the judgements table — recording, superseding, undoing, listing and importing judgements.
#include <sqlite3.h>

#include <ctime>
#include <random>

#include "base/error.h"
#include "base/unicode.h"
#include "schema/json.h"
#include "schema/sqlite_util.h"
#include "schema/store.h"

namespace kg {

using sql::Stmt;

namespace {

const char* kJudgementColumns =
    "SELECT id, kind, target, target2, payload, evidence, reason, author, created_at,"
    " COALESCE(superseded_at, ''), COALESCE(superseded_by, '') FROM judgements";

Judgement judgement_row(const Stmt& st) {
  Judgement j;
  j.id = st.str(0);
  j.kind = st.str(1);
  j.target = st.str(2);
  j.target2 = st.str(3);
  j.payload = st.str(4);
  j.evidence = st.str(5);
  j.reason = st.str(6);
  j.author = st.str(7);
  j.created_at = st.str(8);
  j.superseded_at = st.str(9);
  j.superseded_by = st.str(10);
  return j;
}

std::string now_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string random_id() {
  static thread_local std::mt19937_64 rng{std::random_device{}() ^ (static_cast<uint64_t>(std::time(nullptr)) << 20)};
  static const char* hex = "0123456789abcdef";
  uint64_t v = rng();
  std::string s;
  for (int i = 0; i < 12; ++i) s += hex[(v >> (4 * i)) & 15];
  return s;
}

bool known_kind(const std::string& k) {
  for (const char* x : {"merge", "split", "not_same", "reject", "confirm", "correct", "alias", "fact", "note", "undo"})
    if (k == x) return true;
  return false;
}

struct Tx {
  sqlite3* db;
  bool done = false;
  explicit Tx(sqlite3* d) : db(d) { sql::exec(db, "BEGIN IMMEDIATE"); }
  void commit() {
    sql::exec(db, "COMMIT");
    done = true;
  }
  ~Tx() {
    if (!done) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
};

}  // namespace

std::string Store::raw_entity_key(std::string_view name) const {
  std::string k = entity_key(name);
  if (k.empty()) return "";
  {
    Stmt st(db_, "SELECT 1 FROM entity_base WHERE key = ?");
    st.bind(1, k);
    if (st.step()) return k;
  }
  {
    Stmt st(db_, "SELECT e.key FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.key = ? ORDER BY e.id LIMIT 1");
    st.bind(1, k);
    if (st.step()) return st.str(0);
  }
  Stmt st(db_, "SELECT target, json_extract(payload, '$.alias') FROM judgements WHERE kind = 'alias'"
               " AND superseded_at IS NULL ORDER BY seq");
  while (st.step())
    if (fold_key(st.str(1)) == k) return st.str(0);
  return "";
}

std::string Store::canonical_key(const std::string& key) const {
  Stmt st(db_, "SELECT canon FROM entity_canon WHERE member = ?");
  st.bind(1, key);
  return st.step() ? st.str(0) : key;
}

std::vector<std::string> Store::conflicts_of(const Judgement& j) const {
  std::vector<std::string> ids;
  auto collect = [&](const std::string& q, std::vector<std::string> args) {
    Stmt st(db_, "SELECT id FROM judgements WHERE superseded_at IS NULL AND id <> ? AND " + q + " ORDER BY seq");
    st.bind(1, j.id);
    for (size_t i = 0; i < args.size(); ++i) st.bind(static_cast<int>(i + 2), args[i]);
    size_t before = ids.size();
    while (st.step()) ids.push_back(st.str(0));
    return ids.size() > before;
  };
  if (j.kind == "reject" || j.kind == "confirm") {
    collect("kind IN ('reject', 'confirm') AND target = ?", {j.target});
  } else if (j.kind == "correct") {
    collect("kind = 'correct' AND target = ?", {j.target});
  } else if (j.kind == "merge") {
    collect("kind = 'merge' AND target2 = ?", {j.target2});
    collect("kind = 'not_same' AND ((target = ? AND target2 = ?) OR (target = ? AND target2 = ?))",
            {j.target, j.target2, j.target2, j.target});
  } else if (j.kind == "not_same") {
    if (!collect("kind = 'merge' AND ((target = ? AND target2 = ?) OR (target = ? AND target2 = ?))",
                 {j.target, j.target2, j.target2, j.target}) &&
        canonical_key(j.target) == canonical_key(j.target2)) {
      // Merged through a third entity: take the second one out of the merge, else the first.
      if (!collect("kind = 'merge' AND target2 = ?", {j.target2})) collect("kind = 'merge' AND target2 = ?", {j.target});
    }
  } else if (j.kind == "split") {
    if (!collect("kind = 'merge' AND target2 = ?", {j.target})) collect("kind = 'merge' AND target = ?", {j.target});
  }
  return ids;
}

void Store::supersede_for(const Judgement& j, bool strict) {
  std::vector<std::string> ids = conflicts_of(j);
  if (strict && j.kind == "split" && ids.empty())
    throw UsageError("split: '" + j.target + "' is not merged with another entity");
  Stmt up(db_, "UPDATE judgements SET superseded_at = ?, superseded_by = ? WHERE id = ?");
  for (const auto& id : ids) {
    up.bind(1, j.created_at).bind(2, j.id).bind(3, id);
    up.run();
  }
}

void Store::insert_judgement(Judgement& j) {
  if (!known_kind(j.kind)) throw UsageError("unknown judgement kind '" + j.kind + "'");
  if (j.created_at.empty()) j.created_at = now_utc();
  if (j.author.empty()) j.author = "analyst";
  if (j.payload.empty()) j.payload = "{}";
  bool fresh_id = j.id.empty();
  for (int attempt = 0; attempt < 100; ++attempt) {
    if (fresh_id) j.id = random_id();
    Stmt st(db_,
            "INSERT OR IGNORE INTO judgements(id, kind, target, target2, payload, evidence, reason, author, created_at,"
            " superseded_at, superseded_by) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    st.bind(1, j.id).bind(2, j.kind).bind(3, j.target).bind(4, j.target2).bind(5, j.payload).bind(6, j.evidence);
    st.bind(7, j.reason).bind(8, j.author).bind(9, j.created_at);
    st.bind(10, j.superseded_at.empty() ? std::optional<std::string>() : std::optional<std::string>(j.superseded_at));
    st.bind(11, j.superseded_by.empty() ? std::optional<std::string>() : std::optional<std::string>(j.superseded_by));
    st.run();
    if (sqlite3_changes(db_) > 0) return;
    if (!fresh_id) throw DbError("judgement " + j.id + " is already stored");
  }
  throw DbError("cannot allocate a judgement id");
}

Judgement Store::add_judgement(Judgement j) {
  if (read_only_) throw DbError(path_ + ": database is open read-only");
  Tx tx(db_);
  j.superseded_at.clear();
  j.superseded_by.clear();
  insert_judgement(j);
  supersede_for(j, true);
  tx.commit();
  return j;
}

Judgement Store::undo(const std::string& id, const std::string& reason, const std::string& author) {
  if (read_only_) throw DbError(path_ + ": database is open read-only");
  std::optional<Judgement> old = judgement(id);
  if (!old) throw UsageError("undo: unknown judgement '" + id + "' (kg judgements export lists them)");
  if (old->kind == "undo") throw UsageError("undo: " + old->id + " is an undo; to redo, run the original command again");
  if (!old->active())
    throw UsageError("undo: judgement " + old->id + " is no longer in force (superseded by " + old->superseded_by + ")");
  Tx tx(db_);
  Judgement u;
  u.kind = "undo";
  u.target = old->id;
  u.reason = reason;
  u.author = author;
  // The judgements the undone one had superseded come back, unless a newer judgement took their place.
  std::vector<Judgement> restore;
  {
    Stmt st(db_, std::string(kJudgementColumns) + " WHERE superseded_by = ? ORDER BY seq");
    st.bind(1, old->id);
    while (st.step()) restore.push_back(judgement_row(st));
  }
  json::Value restored{json::Value::Array};
  u.payload = "{}";
  insert_judgement(u);
  {
    Stmt up(db_, "UPDATE judgements SET superseded_at = ?, superseded_by = ? WHERE id = ?");
    up.bind(1, u.created_at).bind(2, u.id).bind(3, old->id);
    up.run();
  }
  for (auto& r : restore) {
    r.superseded_at.clear();
    r.superseded_by.clear();
    bool blocked = false;
    for (const auto& other : conflicts_of(r)) {
      auto o = judgement(other);
      if (o && o->created_at >= r.created_at) blocked = true;
    }
    if (blocked) continue;
    Stmt up(db_, "UPDATE judgements SET superseded_at = NULL, superseded_by = NULL WHERE id = ?");
    up.bind(1, r.id);
    up.run();
    json::Value x{json::Value::String};
    x.str = r.id;
    restored.items.push_back(x);
  }
  u.payload = json::Object().add("undone", old->kind).add_raw("restored", restored).str();
  {
    Stmt up(db_, "UPDATE judgements SET payload = ? WHERE id = ?");
    up.bind(1, u.payload).bind(2, u.id);
    up.run();
  }
  tx.commit();
  return u;
}

std::vector<Judgement> Store::judgements(const std::string& target) const {
  std::vector<Judgement> out;
  std::string q = std::string(kJudgementColumns);
  if (!target.empty())
    q += " WHERE target = ?1 OR target2 = ?1 OR json_extract(payload, '$.subject_key') = ?1"
         " OR json_extract(payload, '$.object_key') = ?1";
  Stmt st(db_, q + " ORDER BY created_at, seq");
  if (!target.empty()) st.bind(1, target);
  while (st.step()) out.push_back(judgement_row(st));
  return out;
}

std::optional<Judgement> Store::judgement(const std::string& id) const {
  if (id.empty()) return std::nullopt;
  Stmt st(db_, std::string(kJudgementColumns) + " WHERE substr(id, 1, length(?1)) = ?1 ORDER BY seq LIMIT 2");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  Judgement j = judgement_row(st);
  if (st.step()) throw UsageError("judgement id '" + id + "' is ambiguous; give more digits");
  return j;
}

int Store::import_judgements(const std::vector<Judgement>& js) {
  if (read_only_) throw DbError(path_ + ": database is open read-only");
  Tx tx(db_);
  int added = 0;
  for (Judgement j : js) {
    if (j.id.empty() || j.kind.empty() || j.author.empty() || j.created_at.empty())
      throw UsageError("judgement without id, kind, author or created_at");
    {
      Stmt st(db_, "SELECT 1 FROM judgements WHERE id = ?");
      st.bind(1, j.id);
      if (st.step()) continue;
    }
    insert_judgement(j);
    if (j.active() && j.kind != "undo") supersede_for(j, false);
    ++added;
  }
  tx.commit();
  return added;
}

}  // namespace kg
