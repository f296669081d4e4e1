#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "base/error.h"
#include "schema/search.h"
#include "schema/store.h"
#include <sqlite3.h>

namespace {

kg::ExtractedDocument doc_with(const std::string& sha, std::vector<kg::FactRecord> facts) {
  kg::ExtractedDocument d;
  d.doc.path = "doc-" + sha + ".txt";
  d.doc.sha256 = sha;
  d.doc.bytes = 10;
  d.doc.encoding = "UTF-8";
  d.doc.format = "text";
  d.sentences.push_back({0, 0, 30, 0, "微软向OpenAI投资10亿美元。", "微软向OpenAI投资10亿美元。", false, -1});
  d.sentences.push_back({1, 30, 60, 0, "第二句。", "第二句。", false, -1});
  d.entities.push_back({"Microsoft", "organization", "lexicon", {"Microsoft", "微软", "微軟"}});
  d.entities.push_back({"OpenAI", "organization", "lexicon", {"OpenAI"}});
  d.mentions.push_back({0, "Microsoft", 0, 6, "微软"});
  for (auto& f : facts) d.facts.push_back(f);
  return d;
}

kg::FactRecord fact(std::optional<int> year, std::optional<int> month, std::optional<double> amount, int seq = 0) {
  kg::FactRecord f;
  f.subject = "Microsoft";
  f.predicate = "invested";
  f.object = "OpenAI";
  f.year = year;
  f.month = month;
  f.amount = amount;
  if (amount) f.currency = "USD";
  f.sentence_seq = seq;
  f.rule = "test.rule";
  f.confidence = 0.8;
  return f;
}

}  // namespace

TEST_CASE("A new in-memory store is migrated to the latest schema version", "[schema]") {
  kg::Store s(":memory:");
  CHECK(s.schema_version() == kg::Store::latest_version());
  CHECK(s.stats().documents == 0);
}

TEST_CASE("A document is stored once: the same content hash adds nothing", "[schema]") {
  kg::Store s(":memory:");
  auto r1 = s.add_document(doc_with("aa", {fact(2019, 7, 1e9)}));
  CHECK(r1.added);
  CHECK(r1.facts == 1);
  auto r2 = s.add_document(doc_with("aa", {fact(2019, 7, 1e9)}));
  CHECK_FALSE(r2.added);
  CHECK(s.stats().documents == 1);
  CHECK(s.stats().facts == 1);
}

TEST_CASE("The same fact from two documents is one fact with two sources", "[schema]") {
  kg::Store s(":memory:");
  s.add_document(doc_with("aa", {fact(2019, 7, 1e9)}));
  s.add_document(doc_with("bb", {fact(2019, 7, 1e9)}));
  auto facts = s.facts();
  REQUIRE(facts.size() == 1);
  CHECK(facts[0].sources == 2);
  CHECK(facts[0].evidence.size() == 2);
  CHECK(facts[0].evidence[0].doc_path == "doc-aa.txt");
}

TEST_CASE("A fact without year or amount folds into the single compatible, more specific fact", "[schema]") {
  kg::Store s(":memory:");
  s.add_document(doc_with("aa", {fact(2019, 7, 1e9, 0), fact(2019, std::nullopt, std::nullopt, 1)}));
  auto facts = s.facts();
  REQUIRE(facts.size() == 1);
  CHECK(facts[0].year == 2019);
  CHECK(facts[0].month == 7);
  CHECK(facts[0].sources == 2);
}

TEST_CASE("Facts that disagree on year or amount stay separate", "[schema]") {
  kg::Store s(":memory:");
  s.add_document(doc_with("aa", {fact(2022, std::nullopt, 1e10, 0), fact(2023, 1, 2e9, 1)}));
  CHECK(s.facts().size() == 2);
}

TEST_CASE("An undated fact that fits two dated facts is not folded into either", "[schema]") {
  kg::Store s(":memory:");
  s.add_document(doc_with("aa", {fact(2019, std::nullopt, std::nullopt, 0), fact(2021, std::nullopt, std::nullopt, 1),
                                 fact(std::nullopt, std::nullopt, std::nullopt, 1)}));
  CHECK(s.facts().size() == 3);
}

TEST_CASE("Entities list every alias with the canonical name first", "[schema]") {
  kg::Store s(":memory:");
  s.add_document(doc_with("aa", {}));
  auto ents = s.entities();
  REQUIRE(ents.size() == 2);
  CHECK(ents[0].name == "Microsoft");
  CHECK(ents[0].aliases.front() == "Microsoft");
  CHECK(std::find(ents[0].aliases.begin(), ents[0].aliases.end(), "微軟") != ents[0].aliases.end());
}

TEST_CASE("A user alias attaches to an existing entity found by any of its names", "[schema]") {
  kg::Store s(":memory:");
  s.add_document(doc_with("aa", {}));
  CHECK(s.add_alias("微软", "MS Corp"));
  CHECK_FALSE(s.add_alias("Microsoft", "MS Corp"));
  auto ents = s.entities();
  CHECK(std::find(ents[0].aliases.begin(), ents[0].aliases.end(), "MS Corp") != ents[0].aliases.end());
}

TEST_CASE("A failed document write leaves nothing behind", "[schema]") {
  kg::Store s(":memory:");
  auto bad = doc_with("cc", {fact(2019, 7, 1e9)});
  bad.facts[0].object = "Nobody";  // names an entity the document does not define
  CHECK_THROWS_AS(s.add_document(bad), kg::DbError);
  CHECK(s.stats().documents == 0);
  CHECK(s.stats().sentences == 0);
}

TEST_CASE("A file that is not SQLite is refused with a message naming it", "[schema]") {
  auto path = std::filesystem::temp_directory_path() / "kg-not-a-db.db";
  std::ofstream(path) << "this is not a database, just some text that is long enough";
  try {
    kg::Store s(path.string());
    FAIL("expected an error");
  } catch (const kg::DbError& e) {
    CHECK(std::string(e.what()).find(path.string()) != std::string::npos);
    CHECK(std::string(e.what()).find("not a kg database") != std::string::npos);
  }
  std::filesystem::remove(path);
}

TEST_CASE("A database from a newer schema version is refused", "[schema]") {
  auto path = std::filesystem::temp_directory_path() / "kg-newer.db";
  std::filesystem::remove(path);
  { kg::Store s(path.string()); }
  {
    sqlite3* db = nullptr;
    sqlite3_open(path.string().c_str(), &db);
    sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  CHECK_THROWS_WITH(kg::Store(path.string()), Catch::Contains("newer"));
  std::filesystem::remove(path);
}

TEST_CASE("Opening a missing database read-only says so", "[schema]") {
  kg::StoreOptions o;
  o.read_only = true;
  CHECK_THROWS_WITH(kg::Store("/nonexistent/dir/kg.db", o), Catch::Contains("no such database"));
}

TEST_CASE("The revision grows with every change to documents, judgements and re-extraction, and a snapshot is read only at its revision", "[schema]") {
  kg::Store s(":memory:");
  const int64_t r0 = s.revision();
  CHECK_FALSE(s.snapshot_part(r0, 0).has_value());
  REQUIRE(s.save_snapshot(r0, {"core", "chunk 0"}));
  CHECK(s.snapshot_part(r0, 0) == std::optional<std::string>("core"));
  CHECK(s.snapshot_part(r0, 1) == std::optional<std::string>("chunk 0"));
  CHECK_FALSE(s.snapshot_part(r0, 2).has_value());
  CHECK(s.snapshot_bytes() == 11);

  s.add_document(doc_with("aa", {fact(2019, 7, 1e9)}));
  const int64_t r1 = s.revision();
  CHECK(r1 > r0);
  CHECK_FALSE(s.snapshot_part(r1, 0).has_value());  // stale: the store changed after it was saved
  CHECK_FALSE(s.save_snapshot(r0, {"stale"}));       // built before the change: refused, nothing replaced
  CHECK(s.snapshot_part(r0, 0) == std::optional<std::string>("core"));

  s.add_document(doc_with("aa", {fact(2019, 7, 1e9)}));  // already stored: nothing changes
  CHECK(s.revision() == r1);

  kg::Judgement j;
  j.kind = "reject";
  j.target = s.facts()[0].key;
  s.add_judgement(j);
  const int64_t r2 = s.revision();
  CHECK(r2 > r1);

  s.rebuild([](const kg::StoredDocument&, std::string&) -> std::optional<kg::ExtractedDocument> {
    return doc_with("aa", {fact(2020, 1, 2e9)});
  });
  CHECK(s.revision() > r2);
  REQUIRE(s.save_snapshot(s.revision(), {"new core"}));
  CHECK(s.snapshot_part(s.revision(), 0) == std::optional<std::string>("new core"));
  CHECK_FALSE(s.snapshot_part(s.revision(), 1).has_value());  // the old parts are gone
}

TEST_CASE("A read-only store saves its snapshot through a connection of its own", "[schema]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("kg_snapshot_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string db = (dir / "kg.db").string();
  {
    kg::Store w(db);
    w.add_document(doc_with("bb", {fact(2019, 7, 1e9)}));
  }
  {
    kg::StoreOptions ro;
    ro.read_only = true;
    kg::Store r(db, ro);
    const int64_t rev = r.revision();
    CHECK(r.save_snapshot(rev, {"core"}));
    CHECK(r.snapshot_part(rev, 0) == std::optional<std::string>("core"));
    // While another connection writes, the reader does not wait and saves nothing.
    kg::Store w(db);
    w.begin_group();
    w.add_document(doc_with("cc", {fact(2021, 1, 1e9)}));
    CHECK_FALSE(r.save_snapshot(rev, {"other"}));
    w.commit_group();
    CHECK_FALSE(r.save_snapshot(rev, {"other"}));  // and once it committed, rev is stale
  }
  fs::remove_all(dir);
}

namespace {

// Rows of a query on the store's file, through a connection of the test's own, as "a|b|c" lines.
std::vector<std::string> rows_of(const std::string& db, const std::string& sql) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  std::vector<std::string> out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::string line;
    for (int c = 0; c < sqlite3_column_count(st); ++c) {
      if (c) line += '|';
      const unsigned char* t = sqlite3_column_text(st, c);
      line += t ? reinterpret_cast<const char*>(t) : "NULL";
    }
    out.push_back(line);
  }
  sqlite3_finalize(st);
  sqlite3_close(raw);
  return out;
}

// doc_with plus one more entity, mentioned in the first sentence.
kg::ExtractedDocument doc_naming(const std::string& sha, const std::string& name, std::vector<kg::FactRecord> facts) {
  kg::ExtractedDocument d = doc_with(sha, std::move(facts));
  d.entities.push_back({name, "organization", "discovered", {name}});
  d.mentions.push_back({0, name, 0, 3, name});
  return d;
}

}  // namespace

TEST_CASE("The writer's memory of stored names is forgotten when another connection or a rollback changes them",
          "[schema]") {
  const std::string db = (std::filesystem::temp_directory_path() /
                          ("kg_entity_cache_" + std::to_string(::getpid()) + ".db")).string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((db + suffix).c_str());
  {
    kg::Store s(db);
    s.add_document(doc_naming("c1", "星云科技", {fact(2019, 7, 1e9)}));
    // Another connection removes the document and the entity the writer remembers.
    {
      sqlite3* raw = nullptr;
      REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
      kg::register_search_functions(raw);
      REQUIRE(sqlite3_exec(raw, "PRAGMA foreign_keys = ON; DELETE FROM documents WHERE sha256 = 'c1';"
                                "DELETE FROM facts; DELETE FROM entities WHERE name = '星云科技';",
                           nullptr, nullptr, nullptr) == SQLITE_OK);
      sqlite3_close(raw);
    }
    // The next document naming it stores it again (a remembered id would break the mentions' foreign key).
    REQUIRE_NOTHROW(s.add_document(doc_naming("c2", "星云科技", {fact(2019, 7, 1e9)})));
    CHECK(rows_of(db, "SELECT count(*) FROM entities e JOIN aliases a ON a.entity_id = e.id"
                      " WHERE e.name = '星云科技' AND a.alias = '星云科技'") == std::vector<std::string>{"1"});

    // A document that fails after writing its entities is rolled back; a new name it stored is forgotten too.
    s.begin_group();
    kg::ExtractedDocument bad = doc_naming("c3", "月光智能", {fact(2020, 1, 2e9)});
    bad.facts.back().object = "nobody";  // not an entity of the document: the write fails after the entities
    CHECK_THROWS_AS(s.add_document(bad), kg::DbError);
    REQUIRE_NOTHROW(s.add_document(doc_naming("c4", "月光智能", {fact(2020, 1, 2e9)})));
    s.commit_group();
    CHECK(rows_of(db, "SELECT count(*) FROM entities e JOIN aliases a ON a.entity_id = e.id"
                      " WHERE e.name = '月光智能' AND a.alias = '月光智能'") == std::vector<std::string>{"1"});
    CHECK(rows_of(db, "PRAGMA foreign_key_check").empty());
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((db + suffix).c_str());
}
