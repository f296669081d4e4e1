// Tests of full-text search (schema/search.h: token scheme, match expressions, highlights, SentenceSearch over a
// store, the index kept in sync by triggers, migration 3) and of the read-only SQL console (schema/sql_console.h).
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/unicode.h"
#include "schema/search.h"
#include "schema/sql_console.h"
#include "schema/store.h"

namespace fs = std::filesystem;

namespace {

// A fresh folder under the system temp directory, removed on destruction.
class Scratch {
 public:
  Scratch() {
    static std::atomic<int> n{0};
    path_ = fs::temp_directory_path() / ("kg_search_test_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Line {
  std::string text;
  bool noise = false;
  int dup_of = -1;
  std::vector<std::string> mentions;  // canonical names of entities mentioned in the sentence
};

// A document whose sentences are the given lines (norm computed as ingest does), with the entities mentioned.
kg::ExtractedDocument make_doc(const std::string& name, const std::string& date, const std::vector<Line>& lines) {
  kg::ExtractedDocument d;
  d.doc.path = name;
  d.doc.sha256 = "sha-" + name;
  d.doc.encoding = "UTF-8";
  d.doc.format = "text";
  d.doc.pub_date = date;
  d.doc.pub_date_source = date.empty() ? "unknown" : "given";
  int64_t at = 0;
  std::vector<std::string> entities;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    kg::SentenceRecord s;
    s.seq = static_cast<int>(i);
    s.start = at;
    s.end = at + static_cast<int64_t>(l.text.size());
    s.text = l.text;
    s.norm = kg::normalize_utf8(l.text);
    s.noise = l.noise;
    s.dup_of = l.dup_of;
    d.sentences.push_back(s);
    for (const auto& m : l.mentions) {
      d.mentions.push_back({s.seq, m, s.start, s.start + 1, m});
      if (std::find(entities.begin(), entities.end(), m) == entities.end()) entities.push_back(m);
    }
    at = s.end + 1;
  }
  d.doc.bytes = at;
  d.doc.raw = std::string(static_cast<size_t>(at), ' ');
  for (const auto& e : entities) {
    std::vector<std::string> aliases = {e};
    if (e == "Microsoft") aliases = {"Microsoft", "微软", "微軟"};
    d.entities.push_back({e, "organization", "lexicon", aliases});
  }
  return d;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// Paths:offsets of the hits, best first.
std::vector<std::string> hits(const kg::Store& store, const std::string& query, kg::SearchOptions o = {}) {
  std::vector<std::string> out;
  for (const auto& h : kg::SentenceSearch(store).find(query, o).hits)
    out.push_back(h.doc_path + ":" + std::to_string(h.start));
  return out;
}

// The marked text of the first hit.
std::string first_marked(const kg::Store& store, const std::string& query) {
  auto r = kg::SentenceSearch(store).find(query);
  if (r.hits.empty()) return "";
  return kg::mark_ranges(r.hits[0].text, r.hits[0].marks, "【", "】");
}

void fill(kg::Store& s) {
  s.add_document(make_doc("a.txt", "2019-07-22",
                          {{"微软宣布向OpenAI投资10亿美元。", false, -1, {"Microsoft", "OpenAI"}},
                           {"本轮融资由红杉资本领投，老股东跟投。", false, -1, {}},
                           {"扫码关注公众号，领取融资秘籍。", true, -1, {}},
                           {"本轮融资由红杉资本领投，老股东跟投。", false, 1, {}}}));
  s.add_document(make_doc("b.txt", "2021-03-01",
                          {{"該公司完成天使輪融資，投資方包括多家機構。", false, -1, {}},
                           {"星云科技获得天使轮融资。", false, -1, {"星云科技"}}}));
  s.add_document(make_doc("c.txt", "", {{"OPENAI 的新一轮谈判仍在进行。", false, -1, {"OpenAI"}}}));
}

}  // namespace

TEST_CASE("Sentences are indexed as CJK bigrams plus each run's last character, and folded words", "[schema]") {
  struct Case {
    std::string norm, grams;
  };
  const std::vector<Case> cases = {
      {"投资方", "投资 资方 方"},
      {"融资", "融资 资"},
      {"投", "投"},
      {"OpenAI融资了", "openai 融资 资了 了"},
      {"B轮融资1.5亿", "b 轮融 融资 资 1 5 亿"},
      {"融资，投资。", "融资 资 投资 资"},
      {"'; DROP TABLE x; --", "drop table x"},
      {"", ""},
  };
  for (const auto& c : cases) {
    INFO(c.norm);
    CHECK(kg::search_grams(c.norm) == c.grams);
  }
}

TEST_CASE("Queries become quoted phrases of plain tokens, so FTS syntax in a query is plain text", "[schema]") {
  struct Case {
    std::string query, expr;
  };
  const std::vector<Case> cases = {
      {"融资", "\"融资\""},
      {"投资方", "\"投资 资方\""},
      {"融資", "\"融资\""},                      // traditional is normalised like the index
      {"投", "\"投\" *"},                        // a single character matches as a prefix
      {"B轮", "\"b 轮\" *"},
      {"融资B", "\"融资 资 b\""},                // a run followed by more of the term keeps its last character
      {"OpenAI 融资", "\"openai\" AND \"融资\""},
      {"ＯｐｅｎＡＩ", "\"openai\""},             // full-width letters
      {"'; DROP TABLE", "\"drop\" AND \"table\""},
      {"\"OpenAI\" NEAR(x*", "\"openai\" AND \"near x\""},
      {"* ( ) \" '", ""},
  };
  for (const auto& c : cases) {
    INFO(c.query);
    CHECK(kg::search_match_expression(c.query) == c.expr);
  }
}

TEST_CASE("Highlights cover the match in the sentence as written, in either script and any case", "[schema]") {
  struct Case {
    std::string text, query, marked;
  };
  const std::vector<Case> cases = {
      {"完成天使輪融資。", "融资", "完成天使輪【融資】。"},
      {"完成天使轮融资。", "融資", "完成天使轮【融资】。"},
      {"微软向OpenAI投资", "openai", "微软向【OpenAI】投资"},
      {"投资方和投资人", "投", "【投】资方和【投】资人"},
      {"天使轮融资", "天使 融资", "【天使】轮【融资】"},
      {"资，方", "资方", "资，方"},
  };
  for (const auto& c : cases) {
    INFO(c.text << " / " << c.query);
    CHECK(kg::mark_ranges(c.text, kg::search_highlights(c.text, c.query), "【", "】") == c.marked);
  }
}

TEST_CASE("Search finds two-character words, longer words and Latin words, ranked with highlights", "[schema]") {
  kg::Store s(":memory:");
  fill(s);
  CHECK(sorted(hits(s, "融资")) == std::vector<std::string>{"a.txt:42", "b.txt:0", "b.txt:64"});
  CHECK(hits(s, "投资方") == std::vector<std::string>{"b.txt:0"});
  CHECK(hits(s, "天使轮融资").size() == 2);
  CHECK(first_marked(s, "投资方") == "該公司完成天使輪融資，【投資方】包括多家機構。");
  auto openai = hits(s, "openai");
  CHECK(openai.size() == 2);
  CHECK(hits(s, "OpenAI") == openai);
  CHECK(hits(s, "OPENAI") == openai);
  CHECK(hits(s, "投方").empty());    // characters that are not adjacent do not match
  CHECK(hits(s, "资领").empty());    // nor across a punctuation mark (融资由…领投: 资由, not 资领)
  CHECK(hits(s, "秘籍").empty());    // noise sentences are not searched
  CHECK(hits(s, "领投").size() == 1);  // the duplicate of a sentence is not listed twice
}

TEST_CASE("Traditional text is found by a simplified query and simplified text by a traditional one", "[schema]") {
  kg::Store s(":memory:");
  fill(s);
  CHECK(hits(s, "投资方") == hits(s, "投資方"));
  CHECK(hits(s, "机构") == std::vector<std::string>{"b.txt:0"});   // written 機構
  CHECK(hits(s, "星雲科技") == std::vector<std::string>{"b.txt:64"});  // written 星云科技
}

TEST_CASE("A single-character query finds every sentence containing the character", "[schema]") {
  kg::Store s(":memory:");
  fill(s);
  CHECK(hits(s, "投").size() == 3);  // 投资 (a), 领投/跟投 (a), 投資方 (b)
  CHECK(hits(s, "了").empty());
  CHECK(hits(s, "谈").size() == 1);  // last character of no run, middle of 谈判
  CHECK(hits(s, "轮").size() == 4);  // 本轮 (a), 天使輪 (b), 天使轮 (b), 一轮 (c)
}

TEST_CASE("Search filters by entity (any alias) and by publication year", "[schema]") {
  kg::Store s(":memory:");
  fill(s);
  kg::SearchOptions o;
  o.entity = "Microsoft";
  CHECK(hits(s, "openai", o) == std::vector<std::string>{"a.txt:0"});
  o.entity = "微軟";
  CHECK(hits(s, "openai", o) == std::vector<std::string>{"a.txt:0"});
  o.entity = "星云科技";
  CHECK(hits(s, "融资", o) == std::vector<std::string>{"b.txt:64"});
  o.entity = "Nobody Ltd";
  auto r = kg::SentenceSearch(s).find("融资", o);
  CHECK(r.hits.empty());
  CHECK_FALSE(r.entity_known);

  kg::SearchOptions y;
  y.since = 2020;
  CHECK(sorted(hits(s, "融资", y)) == std::vector<std::string>{"b.txt:0", "b.txt:64"});
  y = {};
  y.until = 2019;
  CHECK(hits(s, "融资", y) == std::vector<std::string>{"a.txt:42"});
  y.until = 2030;
  CHECK(hits(s, "openai", y) == std::vector<std::string>{"a.txt:0"});  // c.txt has no date: left out
  y = {};
  y.since = 2022;
  CHECK(hits(s, "融资", y).empty());
  y = {};
  y.since = 2021;
  y.until = 2019;
  CHECK_THROWS_AS(kg::SentenceSearch(s).find("融资", y), kg::UsageError);
}

TEST_CASE("FTS syntax characters in a query are harmless", "[schema]") {
  kg::Store s(":memory:");
  fill(s);
  for (std::string q : {"\"", "'", "*", "(", ")", "融资\"", "\"融资", "融资*", "NEAR(融资 投资)", "融资 AND", "OR 融资",
                        "NOT", "'; DROP TABLE sentences; --", "^融资", "{融资}", "openai:", "-融资", "+", "融资 OR x"}) {
    INFO(q);
    kg::SearchResult r;
    REQUIRE_NOTHROW(r = kg::SentenceSearch(s).find(q));
  }
  CHECK(hits(s, "\"融资\"").size() == 3);
  CHECK(hits(s, "融资*").size() == 3);
  CHECK(hits(s, "(投资方)") == hits(s, "投资方"));
  auto r = kg::SentenceSearch(s).find("* ( )");
  CHECK_FALSE(r.searchable);
  CHECK(s.stats().sentences == 7);  // nothing dropped
}

TEST_CASE("Search is limited to the best hits and says when there are more", "[schema]") {
  kg::Store s(":memory:");
  fill(s);
  kg::SearchOptions o;
  o.limit = 2;
  auto r = kg::SentenceSearch(s).find("融资", o);
  CHECK(r.hits.size() == 2);
  CHECK(r.more);
  o.limit = 3;
  CHECK_FALSE(kg::SentenceSearch(s).find("融资", o).more);
  o.limit = 0;
  CHECK_THROWS_AS(kg::SentenceSearch(s).find("融资", o), kg::UsageError);
}

TEST_CASE("The search index follows documents as they are added and deleted", "[schema]") {
  Scratch dir;
  std::string db = dir.file("kg.db");
  {
    kg::Store s(db);
    CHECK(hits(s, "估值").empty());
    s.add_document(make_doc("d1.txt", "2022", {{"这家公司估值超过十亿美元。", false, -1, {}}}));
    CHECK(hits(s, "估值") == std::vector<std::string>{"d1.txt:0"});
    s.add_document(make_doc("d2.txt", "2023", {{"新的估值还没有公布。", false, -1, {}}, {"估值", false, -1, {}}}));
    CHECK(hits(s, "估值").size() == 3);
  }
  // Derived rows deleted by another connection (as a rebuild does): the triggers remove them from the index.
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    kg::register_search_functions(raw);
    REQUIRE(sqlite3_exec(raw, "PRAGMA foreign_keys = ON; DELETE FROM sentences WHERE text = '估值';"
                              "DELETE FROM documents WHERE path = 'd1.txt';",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  kg::Store s(db);
  CHECK(hits(s, "估值") == std::vector<std::string>{"d2.txt:0"});
  // The index agrees with the table: FTS5's own consistency check passes.
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    CHECK(sqlite3_exec(raw, "INSERT INTO sentence_search(sentence_search, rank) VALUES ('integrity-check', 1)", nullptr,
                       nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
}

namespace {

int64_t scalar(const std::string& db, const std::string& sql) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  int64_t v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(raw);
  return v;
}

bool fts_consistent(const std::string& db) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  int rc = sqlite3_exec(raw, "INSERT INTO sentence_search(sentence_search, rank) VALUES ('integrity-check', 1)", nullptr,
                        nullptr, nullptr);
  sqlite3_close(raw);
  return rc == SQLITE_OK;
}

}  // namespace

TEST_CASE("Sentences of a group are indexed when it commits, and a row id reused below the mark at once", "[schema]") {
  Scratch dir;
  std::string db = dir.file("kg.db");
  kg::Store s(db);
  s.begin_group();
  s.add_document(make_doc("g1.txt", "2022", {{"这家公司估值超过十亿美元。", false, -1, {}}}));
  s.add_document(make_doc("g2.txt", "2023", {{"新的估值还没有公布。", false, -1, {}}, {"估值", true, -1, {}}}));
  // A document that fails part-way is rolled back alone; the group goes on.
  kg::ExtractedDocument bad = make_doc("bad.txt", "2023", {{"估值翻倍。", false, -1, {}}});
  bad.facts.push_back(kg::FactRecord{});
  bad.facts.back().subject = "nobody";
  bad.facts.back().object = "nothing";
  bad.facts.back().predicate = "invested";
  CHECK_THROWS_AS(s.add_document(bad), kg::DbError);
  s.commit_group();
  CHECK(sorted(hits(s, "估值")) == std::vector<std::string>{"g1.txt:0", "g2.txt:0"});
  // The mark covers every stored sentence.
  CHECK(scalar(db, "SELECT n FROM sentence_search_upto") == scalar(db, "SELECT max(id) FROM sentences"));
  const int64_t mark = scalar(db, "SELECT n FROM sentence_search_upto");

  // Deleting the newest document frees the highest row ids; the next document reuses them, at or below the mark.
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    kg::register_search_functions(raw);
    REQUIRE(sqlite3_exec(raw, "PRAGMA foreign_keys = ON; DELETE FROM documents WHERE path = 'g2.txt';", nullptr,
                         nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  CHECK(hits(s, "估值") == std::vector<std::string>{"g1.txt:0"});
  s.add_document(make_doc("g3.txt", "2024", {{"估值再创新高。", false, -1, {}}}));
  CHECK(scalar(db, "SELECT min(s.id) FROM sentences s JOIN documents d ON d.id = s.doc_id WHERE d.path = 'g3.txt'") <=
        mark);
  CHECK(sorted(hits(s, "估值")) == std::vector<std::string>{"g1.txt:0", "g3.txt:0"});
  // And above the mark again.
  s.add_document(make_doc("g4.txt", "2024", {{"一", false, -1, {}}, {"二", false, -1, {}}, {"估值三", false, -1, {}}}));
  CHECK(sorted(hits(s, "估值")) == std::vector<std::string>{"g1.txt:0", "g3.txt:0", "g4.txt:8"});
  CHECK(scalar(db, "SELECT n FROM sentence_search_upto") == scalar(db, "SELECT max(id) FROM sentences"));
  CHECK(fts_consistent(db));
}

TEST_CASE("Migration 3 indexes the sentences of a database stored by an older version", "[schema]") {
  Scratch dir;
  std::string db = dir.file("v1.db");
  fs::copy_file(KG_SOURCE_DIR "/tests/schema/fixtures/v1.db", db);
  kg::Store s(db);
  REQUIRE(s.schema_version() == kg::Store::latest_version());
  auto r = kg::SentenceSearch(s).find("融资", kg::SearchOptions{{}, {}, {}, 1000});
  CHECK(r.hits.size() >= 3);
  for (const auto& h : r.hits) CHECK(h.text.find("融") != std::string::npos);
  CHECK_FALSE(kg::SentenceSearch(s).find("OpenAI").hits.empty());
}

// ---- kg sql ---------------------------------------------------------------------------------------------

namespace {

std::string refusal(const std::string& db, const std::string& sql) {
  try {
    kg::run_read_only_sql(db, sql);
  } catch (const kg::UsageError& e) {
    return e.what();
  }
  return "(not refused)";
}

}  // namespace

TEST_CASE("Read-only SQL refuses every kind of write and leaves the file byte for byte unchanged", "[schema]") {
  Scratch dir;
  std::string db = dir.file("kg.db");
  {
    kg::Store s(db);
    fill(s);
  }
  std::string before = read_bytes(db), wal_before = read_bytes(db + "-wal");
  struct Case {
    std::string sql, kind;
  };
  const std::vector<Case> cases = {
      {"INSERT INTO documents(path, sha256, bytes, encoding, format) VALUES ('x', 'y', 1, 'UTF-8', 'text')", "INSERT"},
      {"UPDATE documents SET path = 'x'", "UPDATE"},
      {"DELETE FROM sentences", "DELETE"},
      {"WITH x AS (SELECT 1) DELETE FROM sentences", "DELETE"},
      {"REPLACE INTO entities(id, name, type, origin) VALUES (1, 'x', 'person', 'user')", "INSERT"},
      {"CREATE TABLE t(x)", "CREATE TABLE"},
      {"CREATE TEMP TABLE t(x)", "CREATE TABLE"},
      {"CREATE VIEW v AS SELECT 1", "CREATE VIEW"},
      {"CREATE INDEX i ON documents(path)", "CREATE INDEX"},
      {"DROP TABLE facts", "DROP TABLE"},
      {"DROP VIEW effective_facts", "DROP VIEW"},
      {"ALTER TABLE facts ADD COLUMN x", "ALTER TABLE"},
      {"ATTACH DATABASE '" + dir.file("other.db") + "' AS o", "ATTACH"},
      {"DETACH DATABASE main", "DETACH"},
      {"PRAGMA user_version = 5", "PRAGMA user_version = 5"},
      {"PRAGMA journal_mode = DELETE", "PRAGMA journal_mode = DELETE"},
      {"PRAGMA writable_schema = 1", "PRAGMA writable_schema"},
      {"BEGIN", "BEGIN"},
      {"SAVEPOINT a", "SAVEPOINT"},
      {"VACUUM", "VACUUM"},
      {"VACUUM INTO '" + dir.file("copy.db") + "'", "VACUUM"},
      {"REINDEX", "REINDEX"},
      {"ANALYZE", "ANALYZE"},
      {"INSERT INTO sentence_search(sentence_search) VALUES ('delete-all')", "INSERT"},
  };
  for (const auto& c : cases) {
    INFO(c.sql);
    std::string m = refusal(db, c.sql);
    CHECK(m.find(c.kind) != std::string::npos);
    CHECK(m.find("refused") != std::string::npos);
    CHECK(m.find('\n') == std::string::npos);
  }
  CHECK_FALSE(fs::exists(dir.file("other.db")));
  CHECK_FALSE(fs::exists(dir.file("copy.db")));
  CHECK(read_bytes(db) == before);
  CHECK(read_bytes(db + "-wal") == wal_before);
  CHECK(kg::run_read_only_sql(db, "SELECT count(*) FROM sentences").rows[0][0] == "7");
}

TEST_CASE("Read-only SQL runs exactly one statement", "[schema]") {
  Scratch dir;
  std::string db = dir.file("kg.db");
  {
    kg::Store s(db);
    fill(s);
  }
  std::string before = read_bytes(db);
  for (std::string sql : {"SELECT 1; DROP TABLE facts", "SELECT 1; SELECT 2", "SELECT 1;; DELETE FROM sentences",
                          "SELECT 1; /* c */ UPDATE documents SET path = ''"}) {
    INFO(sql);
    CHECK(refusal(db, sql).find("only one statement") != std::string::npos);
  }
  CHECK(kg::run_read_only_sql(db, "SELECT 1; ").rows.size() == 1);
  CHECK(kg::run_read_only_sql(db, "SELECT 1 -- trailing comment\n;  /* more */ ").rows.size() == 1);
  CHECK_THROWS_AS(kg::run_read_only_sql(db, "  -- only a comment"), kg::UsageError);
  CHECK_THROWS_AS(kg::run_read_only_sql(db, "SELEC 1"), kg::DbError);
  CHECK_THROWS_AS(kg::run_read_only_sql(db, "SELECT * FROM no_such_table"), kg::DbError);
  CHECK_THROWS_AS(kg::run_read_only_sql(dir.file("missing.db"), "SELECT 1"), kg::DbError);
  CHECK_FALSE(fs::exists(dir.file("missing.db")));
  CHECK(read_bytes(db) == before);
}

TEST_CASE("Read-only SQL reads tables, views, the search index and informational PRAGMAs", "[schema]") {
  Scratch dir;
  std::string db = dir.file("kg.db");
  {
    kg::Store s(db);
    fill(s);
  }
  auto r = kg::run_read_only_sql(db, "SELECT name AS entity, type FROM effective_entities ORDER BY name");
  CHECK(r.columns == std::vector<std::string>{"entity", "type"});
  REQUIRE(r.rows.size() == 3);
  CHECK(r.rows[0][0] == "Microsoft");
  r = kg::run_read_only_sql(db, "SELECT alias FROM effective_aliases WHERE kg_fold_key(alias) = kg_fold_key('微軟')");
  REQUIRE(r.rows.size() >= 1);
  r = kg::run_read_only_sql(db, "SELECT path, NULLIF(pub_date, '') AS date FROM documents ORDER BY path");
  REQUIRE(r.rows.size() == 3);
  CHECK(r.rows[2][0] == "c.txt");
  CHECK_FALSE(r.rows[2][1].has_value());  // NULL
  r = kg::run_read_only_sql(db,
                            "SELECT s.text FROM sentence_search JOIN sentences s ON s.id = sentence_search.rowid"
                            " WHERE sentence_search MATCH kg_search_match('投資方') ORDER BY s.id");
  CHECK(r.rows.size() == 1);
  CHECK(kg::run_read_only_sql(db, "PRAGMA table_info(documents)").rows.size() >= 9);
  CHECK(kg::run_read_only_sql(db, "SELECT * FROM pragma_table_info('facts')").rows.size() >= 10);
  CHECK(kg::run_read_only_sql(db, "PRAGMA user_version").rows[0][0] == std::to_string(kg::Store::latest_version()));
  CHECK(kg::run_read_only_sql(db, "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5) "
                                  "SELECT x FROM n").rows.size() == 5);
  kg::SqlOptions o;
  o.max_rows = 2;
  r = kg::run_read_only_sql(db, "SELECT id FROM sentences ORDER BY id", o);
  CHECK(r.rows.size() == 2);
  CHECK(r.truncated);
  o.max_rows = 7;
  CHECK_FALSE(kg::run_read_only_sql(db, "SELECT id FROM sentences", o).truncated);
}
