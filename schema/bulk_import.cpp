// Store::add_document_bulk: the rows Store::add_document writes, written faster for large documents (an imported
// fact table is one document with a sentence and a fact per row). Kept apart from store.cpp so the two paths can
// be compared (tests/schema/bulk_import_test.cpp checks they give the same database).
//
// Where the time went in add_document, and what this path does instead:
// - triggers are switched off for the connection while rows are written (only when the sentence_search triggers
//   are the only triggers on the tables written; otherwise add_document runs); the insert trigger indexes only
//   sentences at or below the search index's mark (schema/005_search_pending.sql), which this path does at the
//   end with one INSERT … SELECT (noise = 0, dup_of IS NULL, in id order); the others are indexed before commit;
// - an entity's or a fact's id came from a SELECT after each INSERT OR IGNORE; here it is the new row id when the
//   INSERT added a row, and a SELECT only when the row already existed (then, as before, a fact's empty round,
//   role and day are filled in);
// - fold_key ran three times per entity and twice more per fact (for its uid); here once per entity.
#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/error.h"
#include "base/unicode.h"
#include "schema/sqlite_util.h"
#include "schema/store.h"
#include "schema/store_keys.h"

namespace kg {

using sql::Stmt;

namespace {

// Switches the connection's triggers off until destroyed (SQLITE_DBCONFIG_ENABLE_TRIGGER).
class TriggersOff {
 public:
  explicit TriggersOff(sqlite3* db) : db_(db) {
    // The out-parameter receives the setting after the call: read it first (-1 leaves it unchanged).
    int now = 0;
    if (sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_TRIGGER, -1, &was_) != SQLITE_OK ||
        sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, &now) != SQLITE_OK || now != 0)
      throw DbError(sql::db_name(db_) + ": cannot switch triggers off for a bulk write");
  }
  ~TriggersOff() { sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_TRIGGER, was_, nullptr); }
  TriggersOff(const TriggersOff&) = delete;
  TriggersOff& operator=(const TriggersOff&) = delete;

 private:
  sqlite3* db_;
  int was_ = 1;
};

// PRAGMA ignore_check_constraints until destroyed. The one CHECK on the tables written, entities.type IN (…), is
// coded by SQLite as an ephemeral table built again on every INSERT (a fifth of the time per entity); the bulk path
// checks the type itself (checked_type) instead.
class ChecksOff {
 public:
  explicit ChecksOff(sqlite3* db) : db_(db) {
    Stmt st(db_, "PRAGMA ignore_check_constraints");
    was_ = st.step() && st.i64(0) != 0;
    if (!was_) sql::exec(db_, "PRAGMA ignore_check_constraints = ON");
  }
  ~ChecksOff() {
    if (!was_) sqlite3_exec(db_, "PRAGMA ignore_check_constraints = OFF", nullptr, nullptr, nullptr);
  }
  ChecksOff(const ChecksOff&) = delete;
  ChecksOff& operator=(const ChecksOff&) = delete;

 private:
  sqlite3* db_;
  bool was_ = false;
};

// entities.type's CHECK constraint (schema/001_initial.sql), with SQLite's message.
const std::string& checked_type(const std::string& type) {
  if (type != "person" && type != "organization" && type != "product")
    throw DbError("CHECK constraint failed: type IN ('person', 'organization', 'product')");
  return type;
}

// True when the only triggers on the tables a document writes are schema 3's sentence_search triggers, whose
// insert trigger the bulk path replaces (the delete and update triggers never fire on these inserts), and schema
// 4's revision triggers (the document's own INSERT, made before triggers are switched off, bumps the revision for
// the whole write; the others fire only on updates and deletes of rows the bulk path does not touch, or of facts
// it merges in the same transaction).
bool only_search_triggers(sqlite3* db) {
  Stmt st(db,
          "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('documents', 'sentences',"
          " 'entities', 'aliases', 'mentions', 'facts', 'fact_sources') UNION ALL SELECT name FROM sqlite_temp_master"
          " WHERE type = 'trigger' ORDER BY 1");
  static const std::vector<std::string> kRevision = {
      "revision_aliases_delete",      "revision_aliases_update",      "revision_documents_delete",
      "revision_documents_insert",    "revision_documents_update",    "revision_entities_delete",
      "revision_entities_update",     "revision_fact_sources_delete", "revision_fact_sources_update",
      "revision_facts_delete",        "revision_facts_update"};
  std::vector<std::string> names;
  while (st.step()) {
    std::string n = st.str(0);
    if (!std::binary_search(kRevision.begin(), kRevision.end(), n)) names.push_back(n);
  }
  return names == std::vector<std::string>{"sentences_search_delete", "sentences_search_insert",
                                           "sentences_search_update"};
}

// Secondary indexes a large bulk write rebuilds instead of updating row by row: each is dropped before the rows
// are written and created again afterwards, which sorts its entries once instead of inserting each at a random
// place (the uid is a hash; subject, object and key follow the table's order of names). Only when the document at
// least doubles the table (so the rebuild costs no more than the rows written), and only when the index is exactly
// as the migrations create it. The unique indexes stay: the inserts look rows up through them.
bool fact_indexes_as_created(sqlite3* db) {
  Stmt st(db,
          "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND ("
          " (name = 'facts_subject' AND sql = 'CREATE INDEX facts_subject ON facts(subject_id)') OR"
          " (name = 'facts_object' AND sql = 'CREATE INDEX facts_object ON facts(object_id)') OR"
          " (name = 'facts_uid' AND sql = 'CREATE INDEX facts_uid ON facts(uid)'))");
  st.step();
  return st.i64(0) == 3;
}

bool entity_indexes_as_created(sqlite3* db) {
  Stmt st(db,
          "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND ("
          " (name = 'entities_key' AND sql = 'CREATE INDEX entities_key ON entities(key)') OR"
          " (name = 'aliases_key' AND sql = 'CREATE INDEX aliases_key ON aliases(key)'))");
  st.step();
  return st.i64(0) == 2;
}

int64_t max_fact_id(sqlite3* db) {
  Stmt st(db, "SELECT coalesce(max(id), 0) FROM facts");
  st.step();
  return st.i64(0);
}

int64_t max_entity_id(sqlite3* db) {
  Stmt st(db, "SELECT coalesce(max(id), 0) FROM entities");
  st.step();
  return st.i64(0);
}

// Rows per multi-row INSERT: one statement execution (its setup, cursors and statement journal) for kBatch
// fact sources instead of one each (sentences: Store::insert_sentences).
constexpr int kBatch = 32;

// "head" followed by n copies of tuple, comma-separated: SQL text built only from literals.
std::string batch_sql(const char* head, const char* tuple, int n) {
  std::string q = head;
  for (int i = 0; i < n; ++i) q.append(i ? "," : "").append(tuple);
  return q;
}

}  // namespace

IngestResult Store::add_document_bulk(const ExtractedDocument& x) {
  if (read_only_) throw DbError(path_ + ": database is open read-only");
  if (!only_search_triggers(db_)) return add_document(x);
  return write_document(x, [this, &x](IngestResult& r) { insert_document_bulk(x, r); });
}

void Store::insert_document_bulk(const ExtractedDocument& x, IngestResult& r) {
  {
    Stmt st(db_,
            "INSERT INTO documents(path, sha256, bytes, encoding, format, pub_date, pub_date_source, title, raw) "
            "VALUES (?,?,?,?,?,?,?,?,?)");
    st.bind(1, x.doc.path).bind(2, x.doc.sha256).bind(3, x.doc.bytes).bind(4, x.doc.encoding);
    st.bind(5, x.doc.format).bind(6, x.doc.pub_date).bind(7, x.doc.pub_date_source).bind(8, x.doc.title);
    if (x.doc.raw.empty()) st.bind(9, std::optional<int>());
    else st.blob(9, x.doc.raw);
    st.run();
    r.doc_id = sqlite3_last_insert_rowid(db_);
  }
  {
    TriggersOff off(db_);
    ChecksOff checks_off(db_);
    const bool defer_facts = !x.facts.empty() && static_cast<int64_t>(x.facts.size()) >= max_fact_id(db_) &&
                             fact_indexes_as_created(db_);
    const bool defer_entities = !x.entities.empty() &&
                                static_cast<int64_t>(x.entities.size()) >= max_entity_id(db_) &&
                                entity_indexes_as_created(db_);
    if (defer_facts) {
      sql::exec(db_, "DROP INDEX facts_subject");
      sql::exec(db_, "DROP INDEX facts_object");
      sql::exec(db_, "DROP INDEX facts_uid");
    }
    if (defer_entities) {
      sql::exec(db_, "DROP INDEX entities_key");
      sql::exec(db_, "DROP INDEX aliases_key");
    }
    std::unordered_map<int, int64_t> sentence_ids = insert_sentences(r.doc_id, x.sentences);
    r.sentences = static_cast<int>(x.sentences.size());
    struct Entity {
      int64_t id;
      std::string key;
    };
    std::unordered_map<std::string, Entity> entities;
    entities.reserve(x.entities.size());
    {
      Stmt ins(db_, "INSERT OR IGNORE INTO entities(name, type, origin, key) VALUES (?,?,?,?)");
      Stmt get(db_, "SELECT id FROM entities WHERE name = ?");
      Stmt alias(db_, "INSERT OR IGNORE INTO aliases(entity_id, alias, key, origin) VALUES (?,?,?,?)");
      for (const auto& e : x.entities) {
        std::string key = entity_key(e.name);
        ins.bind_static(1, e.name).bind_static(2, checked_type(e.type)).bind_static(3, e.origin);
        ins.bind_static(4, key);
        ins.run_rebound();
        int64_t id;
        if (sqlite3_changes(db_) == 1) {
          id = sqlite3_last_insert_rowid(db_);
        } else {
          get.bind(1, e.name);
          if (!get.step()) throw DbError("entity vanished: " + e.name);
          id = get.i64(0);
          get.reset();
        }
        ++r.entities;
        const char* origin = e.origin == "lexicon" ? "lexicon" : "seen";
        // In add_document's order: the spellings, then the name unless it was one of them (the same row).
        bool name_done = false;
        for (const auto& a : e.aliases) {
          if (a.empty()) continue;
          const bool is_name = a == e.name;
          name_done = name_done || is_name;
          alias.bind(1, id).bind_static(2, a).bind(3, is_name ? key : fold_key(a)).bind_static(4, origin);
          alias.run_rebound();
        }
        if (!name_done) {
          alias.bind(1, id).bind_static(2, e.name).bind_static(3, key).bind_static(4, origin);
          alias.run_rebound();
        }
        entities.insert_or_assign(e.name, Entity{id, std::move(key)});
      }
    }
    auto entity = [&](const std::string& name) -> const Entity& {
      auto it = entities.find(name);
      if (it == entities.end()) throw DbError("fact or mention names an entity not in the document: " + name);
      return it->second;
    };
    auto sentence_id = [&](int seq) {
      auto it = sentence_ids.find(seq);
      if (it == sentence_ids.end())
        throw DbError("record names a sentence not in the document: " + std::to_string(seq));
      return it->second;
    };
    {
      Stmt st(db_, "INSERT INTO mentions(sentence_id, entity_id, start, end, surface) VALUES (?,?,?,?,?)");
      for (const auto& m : x.mentions) {
        st.bind(1, sentence_id(m.sentence_seq)).bind(2, entity(m.entity).id).bind(3, m.start).bind(4, m.end);
        st.bind(5, m.surface);
        st.run();
      }
    }
    {
      Stmt ins(db_,
               "INSERT OR IGNORE INTO facts(key, subject_id, predicate, object_id, amount, amount_min, amount_max,"
               " approx, round_total, currency, round, role, year, month, day, date_basis, status, uid)"
               " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
      Stmt get(db_, "SELECT id FROM facts WHERE key = ?");
      Stmt fill(db_,
                "UPDATE facts SET round = CASE WHEN round = '' THEN ? ELSE round END,"
                " role = CASE WHEN role = '' THEN ? ELSE role END,"
                " day = COALESCE(day, ?) WHERE id = ?");
      static const std::string sources_sql = batch_sql(
          "INSERT OR IGNORE INTO fact_sources(fact_id, sentence_id, doc_id, start, end, rule, confidence) VALUES ",
          "(?,?,?,?,?,?,?)", kBatch);
      Stmt src_many(db_, sources_sql);
      Stmt src(db_,
               "INSERT OR IGNORE INTO fact_sources(fact_id, sentence_id, doc_id, start, end, rule, confidence)"
               " VALUES (?,?,?,?,?,?,?)");
      // Sources wait in `pending` (in order, so their row ids are the same) and are written kBatch at a time;
      // their facts are inserted before them either way.
      struct Source {
        int64_t fact_id, sentence_id;
        const FactRecord* f;
      };
      std::vector<Source> pending;
      auto bind_source = [&](Stmt& st, int k, const Source& p) {
        st.bind(k + 1, p.fact_id).bind(k + 2, p.sentence_id).bind(k + 3, r.doc_id).bind(k + 4, p.f->start);
        st.bind(k + 5, p.f->end).bind_static(k + 6, p.f->rule).bind(k + 7, p.f->confidence);
      };
      auto flush = [&] {
        if (static_cast<int>(pending.size()) == kBatch) {
          for (int k = 0; k < kBatch; ++k) bind_source(src_many, 7 * k, pending[k]);
          src_many.run_rebound();
        } else {
          for (const auto& p : pending) {
            bind_source(src, 0, p);
            src.run_rebound();
          }
        }
        pending.clear();
      };
      std::vector<int64_t> facts_seen;
      facts_seen.reserve(x.facts.size());
      for (const auto& f : x.facts) {
        const Entity& s = entity(f.subject);
        const Entity& o = entity(f.object);
        const std::string key = fact_key(s.id, f, o.id);
        const std::string uid =
            fact_uid_from_keys(f.predicate, s.key, o.key, f.year, f.month, f.amount, f.currency, f.status);
        ins.bind_static(1, key).bind(2, s.id).bind_static(3, f.predicate).bind(4, o.id).bind(5, f.amount);
        ins.bind(6, f.amount_min).bind(7, f.amount_max).bind(8, f.approx ? 1 : 0).bind(9, f.round_total ? 1 : 0);
        ins.bind_static(10, f.currency).bind_static(11, f.round).bind_static(12, f.role).bind(13, f.year);
        ins.bind(14, f.month).bind(15, f.day).bind_static(16, f.date_basis).bind_static(17, f.status);
        ins.bind_static(18, uid);
        ins.run_rebound();
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
        pending.push_back(Source{fid, sentence_id(f.sentence_seq), &f});
        if (static_cast<int>(pending.size()) == kBatch) flush();
        facts_seen.push_back(fid);
      }
      flush();
      std::sort(facts_seen.begin(), facts_seen.end());
      r.facts = static_cast<int>(std::unique(facts_seen.begin(), facts_seen.end()) - facts_seen.begin());
    }
    if (defer_facts) {
      sql::exec(db_, "CREATE INDEX facts_subject ON facts(subject_id)");
      sql::exec(db_, "CREATE INDEX facts_object ON facts(object_id)");
      sql::exec(db_, "CREATE INDEX facts_uid ON facts(uid)");
    }
    if (defer_entities) {
      sql::exec(db_, "CREATE INDEX entities_key ON entities(key)");
      sql::exec(db_, "CREATE INDEX aliases_key ON aliases(key)");
    }
  }
  // What sentences_search_insert would have written for the sentences at or below the index's mark (row ids reused
  // after the highest sentences were deleted), in one statement. Those above it are pending: the transaction
  // indexes them before it commits (Store::index_pending_search), as for add_document.
  Stmt search(db_,
              "INSERT INTO sentence_search(rowid, grams) SELECT id, kg_search_grams(norm) FROM sentences"
              " WHERE doc_id = ? AND id <= (SELECT n FROM sentence_search_upto) AND noise = 0 AND dup_of IS NULL"
              " ORDER BY id");
  search.bind(1, r.doc_id);
  search.run();
}

}  // namespace kg
