// kg::Store: the SQLite research database (documents, sentences, entities + aliases, mentions, facts,
// fact sources). The only code in kg that talks to SQLite. Schema in schema/*.sql, migrated by user_version.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "schema/records.h"

struct sqlite3;

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

  // Entities and aliases known to the store (including user aliases). Sorted by name.
  std::vector<EntityRow> entities() const;
  // Entities with the aliases an analyst added (origin "user"): the names ingest must also recognise.
  std::vector<EntityRow> user_entities() const;
  // Adds an alias to an entity (creating the entity when new). Returns false if the alias exists.
  bool add_alias(const std::string& entity, const std::string& alias, const std::string& type = "organization");

  // Facts, merged: a fact lacking year/month/amount folds into the single compatible, more specific
  // fact with the same subject, predicate, object and status. Deterministic order:
  // subject, predicate, object, year, month. Evidence filled when with_evidence.
  std::vector<FactRow> facts(bool with_evidence = true) const;

  StoreStats stats() const;

 private:
  void migrate();
  std::string path_;
  sqlite3* db_ = nullptr;
  bool read_only_ = false;
};

}  // namespace kg
