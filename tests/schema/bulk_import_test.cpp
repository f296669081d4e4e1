// Store::add_document_bulk (schema/bulk_import.cpp) against Store::add_document: the same documents stored either
// way give the same rows in every table and the same search index, whether the bulk path rebuilds the secondary
// indexes (a document that at least doubles the table) or updates them; a failing bulk write leaves nothing and
// leaves the connection's triggers and checks as they were.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "base/error.h"
#include "schema/sql_console.h"
#include "schema/store.h"

namespace fs = std::filesystem;

namespace {

struct TwoDbs {
  fs::path dir;
  TwoDbs() {
    dir = fs::temp_directory_path() / ("kg-bulk-" + std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~TwoDbs() { fs::remove_all(dir); }
  std::string a() const { return (dir / "a.db").string(); }
  std::string b() const { return (dir / "b.db").string(); }
};

// Every row of every table the store writes, in row id order, and the search index: its per-row sizes and what a
// few queries find, in rank order.
std::string dump(const std::string& db) {
  static const char* kQueries[] = {
      "SELECT id, path, sha256, bytes, encoding, format, pub_date, pub_date_source, title, length(raw), hex(raw)"
      " FROM documents ORDER BY id",
      "SELECT * FROM sentences ORDER BY id",
      "SELECT * FROM entities ORDER BY id",
      "SELECT rowid, * FROM aliases ORDER BY rowid",
      "SELECT * FROM mentions ORDER BY id",
      "SELECT * FROM facts ORDER BY id",
      "SELECT rowid, * FROM fact_sources ORDER BY rowid",
      "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name",
      "SELECT * FROM sentence_search_docsize ORDER BY id",
      "SELECT rowid, bm25(sentence_search) FROM sentence_search WHERE sentence_search MATCH kg_search_match('投资')"
      " ORDER BY bm25(sentence_search), rowid",
      "SELECT rowid, bm25(sentence_search) FROM sentence_search WHERE sentence_search MATCH kg_search_match('openai')"
      " ORDER BY bm25(sentence_search), rowid",
      "SELECT rowid FROM sentence_search WHERE sentence_search MATCH kg_search_match('司') ORDER BY rowid",
  };
  kg::SqlOptions o;
  o.max_rows = 1000000;
  std::string out;
  for (const char* q : kQueries) {
    kg::SqlResult r = kg::run_read_only_sql(db, q, o);
    out += std::string("== ") + q + "\n";
    for (const auto& row : r.rows) {
      for (const auto& cell : row) out += (cell ? *cell : std::string("NULL")) + "\t";
      out += "\n";
    }
  }
  return out;
}

kg::FactRecord fact(const std::string& s, const std::string& o, std::optional<int> year, std::optional<double> amount,
                    int seq, const std::string& round = "", std::optional<int> day = std::nullopt) {
  kg::FactRecord f;
  f.subject = s;
  f.predicate = "invested";
  f.object = o;
  f.year = year;
  if (year) {
    f.month = 3;
    f.day = day;
    f.date_basis = "explicit";
  }
  f.amount = amount;
  if (amount) f.currency = "USD";
  f.round = round;
  f.sentence_seq = seq;
  f.start = seq * 40;
  f.end = seq * 40 + 30;
  f.rule = "test.rule";
  f.confidence = 0.8;
  return f;
}

// An article-like document: sentences with text to index (one noise, one duplicate), lexicon and discovered
// entities with several spellings, mentions, a fact stated twice (the second source fills round and day).
kg::ExtractedDocument article(const std::string& sha) {
  kg::ExtractedDocument d;
  d.doc.path = "doc-" + sha + ".txt";
  d.doc.sha256 = sha;
  d.doc.bytes = 200;
  d.doc.encoding = "UTF-8";
  d.doc.format = "text";
  d.doc.raw = "raw bytes of " + sha;
  d.sentences.push_back({0, 0, 30, 0, "微软向OpenAI投资10亿美元。", "微软向OpenAI投资10亿美元。", false, -1});
  d.sentences.push_back({1, 40, 70, 0, "點擊關注", "点击关注", true, -1});
  d.sentences.push_back({2, 80, 110, 1, "云帆科技获得微软投资。", "云帆科技获得微软投资。", false, -1});
  d.sentences.push_back({3, 120, 150, 1, "微软向OpenAI投资10亿美元。", "微软向OpenAI投资10亿美元。", false, 0});
  d.entities.push_back({"Microsoft", "organization", "lexicon", {"Microsoft", "微软", "微軟"}});
  d.entities.push_back({"OpenAI", "organization", "lexicon", {"OpenAI"}});
  d.entities.push_back({"云帆科技", "organization", "discovered", {"云帆科技", "云帆"}});
  d.mentions.push_back({0, "Microsoft", 0, 6, "微软"});
  d.mentions.push_back({0, "OpenAI", 9, 15, "OpenAI"});
  d.mentions.push_back({2, "云帆科技", 80, 92, "云帆科技"});
  d.facts.push_back(fact("Microsoft", "OpenAI", 2019, 1e9, 0));
  d.facts.push_back(fact("Microsoft", "云帆科技", std::nullopt, std::nullopt, 2));
  d.facts.push_back(fact("Microsoft", "OpenAI", 2019, 1e9, 3, "strategic", 22));
  return d;
}

// A table-like document with n rows: one sentence and one fact per row, entities shared between rows, one row
// repeating an earlier fact and one restating a fact stored by article().
kg::ExtractedDocument table(const std::string& sha, int n) {
  kg::ExtractedDocument d;
  d.doc.path = sha + ".tsv";
  d.doc.sha256 = sha;
  d.doc.bytes = n * 40;
  d.doc.encoding = "UTF-8";
  d.doc.format = "facts";
  d.doc.pub_date_source = "unknown";
  d.doc.raw = std::string(static_cast<size_t>(n) * 40, 'x');
  auto entity = [&](const std::string& name, const std::string& type) {
    for (const auto& e : d.entities)
      if (e.name == name) return;
    d.entities.push_back({name, type, "imported", {name}});
  };
  for (int i = 0; i < n; ++i) {
    std::string s = i % 7 == 0 ? std::string("Microsoft") : "Investor" + std::to_string(i % 13);
    std::string o = "Company" + std::to_string(i / 2);
    entity(s, "organization");
    entity(o, "organization");
    kg::FactRecord f = fact(s, o, 2000 + i % 20, (i % 3) ? std::optional<double>(1e6 * (i % 5 + 1)) : std::nullopt, i,
                            i % 4 == 0 ? "A" : "");
    d.sentences.push_back({i, f.start, f.end, i, "row " + std::to_string(i), i % 2 ? "投资 openai" : "", false, -1});
    d.facts.push_back(f);
  }
  // Row 1 repeats row 0's fact (a duplicate key inside the document: its round fills nothing, its source is kept).
  if (n > 1) {
    d.facts[1] = d.facts[0];
    d.facts[1].round = "B";
    d.facts[1].sentence_seq = 1;
    d.facts[1].start = d.sentences[1].start;
    d.facts[1].end = d.sentences[1].end;
  }
  // The last row restates article()'s fact: an existing row gets this source and its empty round filled.
  entity("OpenAI", "organization");
  d.facts.back() = fact("Microsoft", "OpenAI", 2019, 1e9, n - 1, "seed");
  entity("Microsoft", "organization");
  return d;
}

}  // namespace

TEST_CASE("The bulk path stores the same rows and search index as add_document", "[schema][bulk]") {
  TwoDbs t;
  {
    kg::Store a(t.a()), b(t.b());
    // Into empty databases (the bulk path rebuilds the secondary indexes), then a document that does not double
    // the tables (it updates them), then one that does again.
    for (const auto& x : {article("aa"), table("t1", 5), article("bb"), table("t2", 400)}) {
      kg::IngestResult ra = a.add_document(x);
      kg::IngestResult rb = b.add_document_bulk(x);
      CHECK(ra.added == rb.added);
      CHECK(ra.doc_id == rb.doc_id);
      CHECK(ra.sentences == rb.sentences);
      CHECK(ra.entities == rb.entities);
      CHECK(ra.facts == rb.facts);
    }
    // The same content again adds nothing either way.
    CHECK_FALSE(b.add_document_bulk(table("t1", 5)).added);
  }
  const std::string da = dump(t.a()), db = dump(t.b());
  CHECK(da.find("strategic") != std::string::npos);  // the dump reaches the rows it compares
  CHECK(db == da);
  // Read back through the store: the same folded facts with the same evidence.
  kg::Store a(t.a(), {true}), b(t.b(), {true});
  auto fa = a.facts(), fb = b.facts();
  REQUIRE(fa.size() == fb.size());
  for (size_t i = 0; i < fa.size(); ++i) {
    CHECK(fa[i].id == fb[i].id);
    CHECK(fa[i].sources == fb[i].sources);
    CHECK(fa[i].evidence.size() == fb[i].evidence.size());
  }
}

TEST_CASE("The bulk path inside a group and into a database that already has facts matches add_document",
          "[schema][bulk]") {
  TwoDbs t;
  {
    kg::Store a(t.a()), b(t.b());
    for (const auto& x : {article("aa"), table("t0", 50)}) {
      a.add_document(x);
      b.add_document(x);
    }
    a.begin_group();
    b.begin_group();
    for (const auto& x : {table("t1", 20), article("bb")}) {
      a.add_document(x);
      b.add_document_bulk(x);
    }
    a.commit_group();
    b.commit_group();
  }
  CHECK(dump(t.b()) == dump(t.a()));
}

TEST_CASE("A failing bulk write leaves nothing and the connection's triggers and checks as they were",
          "[schema][bulk]") {
  TwoDbs t;
  {
    kg::Store a(t.a()), b(t.b());
    a.add_document(article("aa"));
    b.add_document(article("aa"));
    kg::ExtractedDocument bad = table("t1", 30);
    bad.entities[3].type = "company";  // entities.type's CHECK constraint
    CHECK_THROWS_AS(b.add_document_bulk(bad), kg::DbError);
    kg::ExtractedDocument dangling = table("t2", 30);
    dangling.facts[5].subject = "Nobody";
    CHECK_THROWS_AS(b.add_document_bulk(dangling), kg::DbError);
    // The connection still runs the search trigger and the CHECK constraint for ordinary writes.
    CHECK_THROWS_AS(b.add_document(bad), kg::DbError);
    a.add_document(article("bb"));
    b.add_document(article("bb"));
  }
  CHECK(dump(t.b()) == dump(t.a()));
}
