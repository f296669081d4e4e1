// kg::Store: the SQLite research database — derived tables (documents' sentences, entities + aliases, mentions,
// facts, fact sources) and the analyst's append-only judgements, applied on read through the effective_* views.
// The only code in kg that talks to SQLite. Schema in schema/*.sql, migrated by user_version.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "schema/records.h"

struct sqlite3;
struct sqlite3_stmt;

namespace kg {

struct StoreOptions {
  bool read_only = false;        // default false: open for writing, create if missing
  bool create = true;            // default true: create the file when it does not exist (ignored if read_only)
  int busy_timeout_ms = 10000;   // default 10 s: how long a writer waits for another writer
};

struct IngestResult {
  bool added = false;            // false when a document with the same content hash is already stored
  int64_t doc_id = 0;
  int sentences = 0, entities = 0, facts = 0;
};

struct StoreStats {
  int64_t documents = 0, sentences = 0, entities = 0, aliases = 0, facts = 0, sources = 0;
  int64_t judgements = 0, active_judgements = 0;
};

// Which facts Store::facts() returns (provenance filters; the defaults give every fact not rejected).
struct FactOptions {
  bool with_evidence = true;     // default true: fill FactRow::evidence
  bool include_rejected = false; // default false: facts an analyst rejected are left out; true: listed, unfolded,
                                 // with verdict "rejected"
  bool confirmed_only = false;   // default false; true: only facts with verdict "confirmed" and manual facts
  int min_sources = 0;           // default 0: keep facts with at least this many supporting sentences
  bool through_views = false;    // default false: read the tables directly when no judgement shapes facts; true:
                                 // always read the effective_facts view (tests compare the two)
};

// Content-derived keys (stable across re-ingest; never row ids).
// Entity key: fold_key(name).
std::string entity_key(std::string_view name);
// Fact uid: sha256 hex of predicate|entity_key(subject)|entity_key(object)|year|month|amount|currency|status
// (amount rounded to whole units). Users see the first kShortId hex digits.
std::string fact_uid(const std::string& subject, const std::string& predicate, const std::string& object,
                     const std::optional<int>& year, const std::optional<int>& month,
                     const std::optional<double>& amount, const std::string& currency, const std::string& status);
// The same uid from the entity keys (entity_key(subject), entity_key(object)) instead of the names.
std::string fact_uid_from_keys(std::string_view predicate, std::string_view subject_key, std::string_view object_key,
                               const std::optional<int>& year, const std::optional<int>& month,
                               const std::optional<double>& amount, std::string_view currency,
                               std::string_view status);
inline constexpr size_t kShortId = 10;
inline std::string short_id(const std::string& uid) { return uid.substr(0, kShortId); }

// A stored document with what reingest needs (raw is empty for documents stored by schema version 1).
struct StoredDocument {
  int64_t id = 0;
  DocumentRecord doc;
  bool has_raw = false;
};

// What Store::rebuild() did.
struct RebuildResult {
  int documents = 0;                  // documents re-extracted
  int sentences = 0, facts = 0;       // derived rows written
  std::vector<std::string> skipped;   // one line per document kept as it was (path: why)
};

class Store {
 public:
  // Opens (and creates/migrates) the database at path (":memory:" works). Throws DbError naming path.
  explicit Store(const std::string& path, const StoreOptions& options = StoreOptions());
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int schema_version() const;            // PRAGMA user_version
  static int latest_version();            // number of embedded migrations
  const std::string& path() const { return path_; }

  bool has_document(const std::string& sha256) const;
  // Stores one extracted document in a single transaction. Nothing is written if it throws.
  IngestResult add_document(const ExtractedDocument& doc);
  // The same rows as add_document, written by a bulk path for large documents such as imported fact tables
  // (schema/bulk_import.cpp): cached statements, entity and fact ids from the inserts instead of a SELECT per row,
  // content keys computed once per entity, and the search index filled by one statement at the end instead of a
  // trigger per sentence. Same atomicity (a savepoint inside a group).
  IngestResult add_document_bulk(const ExtractedDocument& doc);
  // Groups the following add_document calls into one transaction until commit_group() (a bulk ingest commits
  // every few dozen documents instead of each one: fewer WAL frames and syncs). Each document stays atomic inside
  // the group (a savepoint): one that fails leaves nothing, the others stay. The destructor commits an open group.
  void begin_group();
  void commit_group();
  bool in_group() const { return in_group_; }

  // Effective entities (view effective_entities: merges applied, analysts' entities included) with every
  // spelling (effective_aliases). Sorted by name.
  std::vector<EntityRow> entities() const;
  // through_views true: always read the views (tests compare); false: read the tables directly when no judgement
  // in force shapes entities or facts, with the same result.
  std::vector<EntityRow> entities(bool through_views) const;
  // The effective entity whose name or any alias has the same fold_key as name (a name beats an alias, then the
  // lowest id). Empty when unknown.
  std::optional<EntityRow> find_entity(std::string_view name) const;
  // Entities with the aliases an analyst added (alias judgements): the names ingest must also recognise.
  std::vector<EntityRow> user_entities() const;
  // Records an alias judgement (author "analyst"), naming the entity when it is new. Returns false if the alias
  // is already a spelling of that entity.
  bool add_alias(const std::string& entity, const std::string& alias, const std::string& type = "organization");

  // Facts with judgements applied (view effective_facts): merged entities, corrected values, manual facts, no
  // rejected facts unless asked. Rows with the same effective content are one fact (evidence joined; its key is
  // the smallest uid); then a fact lacking year/month/amount folds into the single compatible, more specific
  // fact with the same subject, predicate, object and status. Deterministic order: subject, predicate, object,
  // year, month, amount, status, id.
  std::vector<FactRow> facts(bool with_evidence = true) const;
  // The evidence Store::facts would give a fact gathering these stored rows (FactRow::rows), in the same order:
  // for reading evidence only for the facts a question touches.
  std::vector<SourceRow> evidence(const std::vector<int64_t>& rows) const;
  std::vector<FactRow> facts(const FactOptions& options) const;
  // The unfolded effective rows whose uid is `uid` (several when two documents' entities merged), with evidence.
  std::vector<FactRow> fact_rows(const std::string& uid) const;
  // Every uid (extracted and manual facts, rejected included) starting with prefix, sorted.
  std::vector<std::string> fact_uids(const std::string& prefix) const;
  // True when an entity row or an analyst's judgement defines this entity key (merged or not).
  bool entity_key_exists(const std::string& key) const;
  // The key of the entity (merged or not) that this name or spelling belongs to before merges are applied:
  // an entity's own name first, then its stored spellings, then analysts' aliases. Empty when unknown.
  std::string raw_entity_key(std::string_view name) const;
  // The key an entity key is read as after merges (itself when not merged).
  std::string canonical_key(const std::string& key) const;

  // ---- judgements (schema/judgements.cpp) ----
  // Stores a judgement in one transaction: fills id (12 random hex digits) and created_at (now, UTC) when empty,
  // author "analyst" when empty, then supersedes what it replaces (docs/schema.md: judgement kinds). Returns it.
  Judgement add_judgement(Judgement j);
  // Supersedes judgement `id` by an undo judgement, restoring what it had superseded. Throws UsageError for an
  // unknown id, an undo, or a judgement no longer in force.
  Judgement undo(const std::string& id, const std::string& reason, const std::string& author);
  // Judgements in order of arrival; with target, those whose target, target2 or payload names it.
  std::vector<Judgement> judgements(const std::string& target = "") const;
  std::optional<Judgement> judgement(const std::string& id) const;  // by id or unique id prefix
  // Inserts judgements not yet stored (by id), in the given order, in one transaction; a judgement still in force
  // in the import supersedes older ones here as if it had just been made. Returns how many were new.
  int import_judgements(const std::vector<Judgement>& js);

  // ---- re-extraction ----
  // Stored documents in id order, with their raw bytes when stored.
  std::vector<StoredDocument> documents() const;
  // Rebuilds the derived tables in one transaction: for every document for which extract returns a value, its
  // sentences, mentions, facts and sources are replaced by the new extraction (and raw bytes stored when
  // missing); a document for which it returns nullopt keeps its rows (the caller says why in skip_reason).
  // Entities no longer used are dropped; judgements are never touched.
  RebuildResult rebuild(const std::function<std::optional<ExtractedDocument>(const StoredDocument&, std::string&)>& extract);

  StoreStats stats() const;

  // ---- graph snapshot (schema/snapshot.cpp, schema/004_snapshot.sql) ----
  // Read commands cache their graph here (opaque parts; graph/snapshot.h says what they hold) so that a point
  // question on a big database reads a few parts instead of every fact. revision() grows with every change that
  // can alter entities or facts (triggers, and rebuild()); a snapshot is valid only for the revision it names.
  int64_t revision() const;
  // Part `part` of the snapshot built at `revision`; empty when none is stored for that revision.
  std::optional<std::string> snapshot_part(int64_t revision, int64_t part) const;
  // Replaces the stored snapshot by `parts` (part 0 first) if the revision is still `revision`. Best effort: a
  // read-only store writes through a connection of its own without waiting for locks; returns false (and changes
  // nothing) when the file is read-only, another writer is busy, the data changed, or writing failed.
  bool save_snapshot(int64_t revision, const std::vector<std::string>& parts) const;  // const: a cache
  // The same, with part k made by part(k) when it is written (parts 0 … count-1).
  bool save_snapshot(int64_t revision, size_t count, const std::function<std::string(size_t)>& part) const;
  int64_t snapshot_bytes() const;  // size of the stored snapshot parts (0 when none)

  friend class SentenceSearch;  // schema/search.h: full-text search reads the connection (sentence_search)

 private:
  void migrate();
  bool judgements_shape_facts() const;             // an active merge/reject/confirm/correct/alias/fact judgement
  std::vector<FactRow> extracted_fact_rows() const;  // effective_facts' rows when no judgement shapes facts
  void fill_keys_v2();   // migration 2: entity keys, fact uids, user aliases → judgements
  int64_t insert_document(const ExtractedDocument& doc, int64_t doc_id, IngestResult& r);  // inside a transaction
  void insert_document_bulk(const ExtractedDocument& doc, IngestResult& r);  // inside a transaction
  // A document's sentences, batched; seq → row id (inside a transaction).
  std::unordered_map<int, int64_t> insert_sentences(int64_t doc_id, const std::vector<SentenceRecord>& sentences);
  // Indexes the sentences above sentence_search_upto for search and moves the mark (schema/005_search_pending.sql);
  // run inside every write transaction that may have added sentences, just before it commits.
  void index_pending_search();
  // add_document's transaction (or savepoint in a group) around `insert`, skipping a document already stored by
  // content hash; shared by add_document and add_document_bulk.
  IngestResult write_document(const ExtractedDocument& doc, const std::function<void(IngestResult&)>& insert);
  std::vector<std::string> conflicts_of(const Judgement& j) const;  // active judgements j replaces
  void supersede_for(const Judgement& j, bool strict);                                      // inside a transaction
  void insert_judgement(Judgement& j);  // fills id/created_at/author when empty; inside a transaction
  // The writer's statements, prepared once per connection (keyed by the SQL literal's address), finalised on close.
  sqlite3_stmt* cached(const char* sql);
  std::vector<std::pair<const char*, sqlite3_stmt*>> stmt_cache_;
  // The writer's memory of entity names and (entity, spelling) pairs already in the entities and aliases tables, so
  // a name that recurs across documents costs no statement. Trusted only while nothing else changed the database:
  // no other connection committed (PRAGMA data_version) and this connection changed no row outside
  // insert_document and index_pending_search (sqlite3_total_changes64); any rollback forgets it.
  struct EntityCache {
    std::unordered_map<std::string, int64_t> ids;  // entities.name → id
    std::unordered_set<std::string> aliases;       // decimal entity id, '\x1f', alias
    int64_t data_version = -1;
    int64_t changes = -1;  // sqlite3_total_changes64 when the cache was last known valid
  };
  EntityCache entity_cache_;
  void check_entity_cache();  // forgets the cache unless it is still valid
  void forget_entity_cache() { entity_cache_.changes = -1; }
  std::string path_;
  sqlite3* db_ = nullptr;
  bool read_only_ = false;
  bool in_group_ = false;
};

}  // namespace kg
