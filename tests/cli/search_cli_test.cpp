// End-to-end tests of `kg search` and `kg sql` through kg::cli::run, on small articles written by the tests
// into a temporary folder.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli_support.h"

using namespace kg_test;

namespace {

// Three short articles (simplified, traditional, traditional) with known publication dates, ingested.
struct Corpus {
  TempDir tmp;
  std::string db = tmp.db();
  Corpus() {
    write_all(tmp.file("news1.txt"),
              "微软公司表示，将继续向OpenAI提供算力支持。\n本次天使轮融资的投资方还包括几家地方基金。\n");
    write_all(tmp.file("news2.txt"), "阿里巴巴旗下基金參與了這輪融資，投資方名單尚未公開。\n");
    write_all(tmp.file("news3.txt"), "這家新創公司去年完成了首輪融資，金額未披露。\n");
    ingest("news1.txt", "2021-05-10");
    ingest("news2.txt", "2023-08-01");
    ingest("news3.txt", "2019-03-02");
  }
  void ingest(const std::string& name, const std::string& date) {
    Result r = kg_db(db, {"ingest", tmp.file(name), "--date", date});
    INFO(r.err);
    REQUIRE(r.code == 0);
  }
  // The file names (without folder) of the hits, in output order.
  std::vector<std::string> files(std::vector<std::string> args, int expect = 0) {
    args.insert(args.begin(), "search");
    args.insert(args.end(), {"--format", "tsv"});
    Result r = kg_db(db, args);
    INFO(r.err);
    CHECK(r.code == expect);
    std::vector<std::string> out;
    for (const auto& src : tsv_column(r.out, 0)) {
      std::string path = src.substr(0, src.rfind(':'));
      out.push_back(path.substr(path.rfind('/') + 1));
    }
    return out;
  }
};

}  // namespace

TEST_CASE("kg search finds two-character words, longer words and Latin words in both scripts", "[cli]") {
  Corpus c;
  CHECK(sorted(c.files({"融资"})) == std::vector<std::string>{"news1.txt", "news2.txt", "news3.txt"});
  CHECK(sorted(c.files({"融資"})) == std::vector<std::string>{"news1.txt", "news2.txt", "news3.txt"});
  CHECK(sorted(c.files({"投资方"})) == std::vector<std::string>{"news1.txt", "news2.txt"});
  CHECK(sorted(c.files({"投資方"})) == std::vector<std::string>{"news1.txt", "news2.txt"});
  CHECK(c.files({"天使轮融资"}) == std::vector<std::string>{"news1.txt"});
  CHECK(c.files({"openai"}) == std::vector<std::string>{"news1.txt"});
  CHECK(c.files({"OPENAI"}) == std::vector<std::string>{"news1.txt"});
  CHECK(c.files({"首"}) == std::vector<std::string>{"news3.txt"});
  CHECK(c.files({"融资", "openai"}, 1).empty());  // no sentence has both words
  CHECK(c.files({"名单", "投资方"}) == std::vector<std::string>{"news2.txt"});
  CHECK(c.files({"估值"}, 1).empty());
}

TEST_CASE("kg search shows the source, the date and the match highlighted", "[cli]") {
  Corpus c;
  Result table = kg_db(c.db, {"search", "投资方", "--entity", "阿里巴巴"});
  REQUIRE(table.code == 0);
  CHECK(has(table.out, "news2.txt:0-78"));
  CHECK(has(table.out, "2023-08-01"));
  CHECK(has(table.out, "阿里巴巴旗下基金參與了這輪融資，【投資方】名單尚未公開。"));
  Result tsv = kg_db(c.db, {"search", "投资方", "--entity", "阿里巴巴", "--format", "tsv"});
  CHECK(lines_of(tsv.out) == std::vector<std::string>{
                                 "source\tdate\tsentence",
                                 c.tmp.file("news2.txt") + ":0-78\t2023-08-01\t阿里巴巴旗下基金參與了這輪融資，[[投資方]]名單尚未公開。"});
  Result json = kg_db(c.db, {"search", "OpenAI", "--format", "json"});
  CHECK(has(json.out, "\"sentence\": \"微软公司表示，将继续向[[OpenAI]]提供算力支持。\""));
}

TEST_CASE("kg search filters by entity and by publication year", "[cli]") {
  Corpus c;
  CHECK(c.files({"融资", "--entity", "Alibaba"}) == std::vector<std::string>{"news2.txt"});
  CHECK(c.files({"融资", "--entity", "阿里巴巴"}) == std::vector<std::string>{"news2.txt"});
  CHECK(c.files({"openai", "--entity", "微軟"}) == std::vector<std::string>{"news1.txt"});
  CHECK(c.files({"融资", "--entity", "Microsoft"}, 1).empty());  // Microsoft is named in the other sentence
  CHECK(c.files({"融资", "--since", "2022"}) == std::vector<std::string>{"news2.txt"});
  CHECK(c.files({"融资", "--until", "2020"}) == std::vector<std::string>{"news3.txt"});
  CHECK(sorted(c.files({"融资", "--since", "2019", "--until", "2021"})) ==
        std::vector<std::string>{"news1.txt", "news3.txt"});
  Result unknown = kg_db(c.db, {"search", "融资", "--entity", "Nobody Holdings"});
  CHECK(unknown.code == 1);
  CHECK(has(unknown.out, "no entity named 'Nobody Holdings'"));
  CHECK(kg_db(c.db, {"search", "融资", "--since", "20x"}).code == 2);
  CHECK(kg_db(c.db, {"search", "融资", "--since", "2022", "--until", "2020"}).code == 2);
  Result limited = kg_db(c.db, {"search", "融资", "--limit", "1"});
  CHECK(limited.code == 0);
  CHECK(has(limited.out, "there are more"));
}

TEST_CASE("kg search treats FTS syntax characters as plain text", "[cli]") {
  Corpus c;
  std::string db_before = read_all(c.db), wal_before = read_all(c.db + "-wal");
  for (std::string q : {"\"", "'", "*", "(", "\"融资", "融资*", "NEAR(融资, 2)", "融资 AND", "OR", "NOT 融资",
                        "'; DROP TABLE sentences; --", "{投资方}", "^融资", "col:融资", "-", "融资\" OR \"x"}) {
    Result r = kg_db(c.db, {"search", q});
    INFO(q << "\n" << r.err);
    CHECK((r.code == 0 || r.code == 1));
    CHECK_FALSE(has(r.err, "error"));
  }
  CHECK(sorted(c.files({"\"融资\""})) == sorted(c.files({"融资"})));
  CHECK(c.files({"(投资方)", "--entity", "阿里巴巴"}) == std::vector<std::string>{"news2.txt"});
  Result nothing = kg_db(c.db, {"search", "* ( )"});
  CHECK(nothing.code == 1);
  CHECK(has(nothing.out, "nothing to search for"));
  CHECK(read_all(c.db) == db_before);
  CHECK(read_all(c.db + "-wal") == wal_before);
  CHECK(kg_db(c.db, {"sql", "SELECT count(*) FROM sentences", "--format", "tsv"}).out == "count(*)\n4\n");
}

TEST_CASE("The search index follows added documents and kg reingest", "[cli]") {
  Corpus c;
  CHECK(c.files({"估值"}, 1).empty());
  write_all(c.tmp.file("news4.txt"), "分析人士认为，该公司的估值仍有上升空间。\n");
  c.ingest("news4.txt", "2024-01-15");
  CHECK(c.files({"估值"}) == std::vector<std::string>{"news4.txt"});
  std::vector<std::string> all = c.files({"公司"});
  CHECK(all.size() == 3);
  Result re = kg_db(c.db, {"reingest"});
  INFO(re.err);
  REQUIRE(re.code == 0);
  CHECK(c.files({"公司"}) == all);  // nothing lost, nothing twice
  CHECK(c.files({"估值"}) == std::vector<std::string>{"news4.txt"});
  Result counts = kg_db(c.db, {"sql",
                               "SELECT (SELECT count(*) FROM sentence_search) = (SELECT count(*) FROM sentences"
                               " WHERE noise = 0 AND dup_of IS NULL) AS in_sync",
                               "--format", "tsv"});
  CHECK(counts.out == "in_sync\n1\n");
}

TEST_CASE("kg sql refuses writes, ATTACH, writing PRAGMAs and a second statement, and changes nothing", "[cli]") {
  Corpus c;
  std::string db_before = read_all(c.db), wal_before = read_all(c.db + "-wal");
  struct Case {
    std::string sql, kind;
  };
  const std::vector<Case> cases = {
      {"INSERT INTO entities(name, type, origin) VALUES ('X', 'person', 'user')", "INSERT"},
      {"UPDATE facts SET year = 1999", "UPDATE"},
      {"DELETE FROM documents", "DELETE"},
      {"ATTACH DATABASE '" + c.tmp.file("x.db") + "' AS x", "ATTACH"},
      {"PRAGMA user_version = 5", "PRAGMA user_version = 5"},
      {"PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys"},
      {"CREATE TABLE notes(x)", "CREATE TABLE"},
      {"DROP TABLE judgements", "DROP TABLE"},
      {"DROP VIEW effective_facts", "DROP VIEW"},
      {"BEGIN IMMEDIATE", "BEGIN"},
      {"VACUUM INTO '" + c.tmp.file("copy.db") + "'", "VACUUM"},
      {"SELECT 1; DELETE FROM documents", "only one statement"},
      {"SELECT 1; SELECT 2", "only one statement"},
  };
  for (const auto& k : cases) {
    Result r = kg_db(c.db, {"sql", k.sql});
    INFO(k.sql << "\n" << r.err);
    CHECK(r.code == 2);
    CHECK(one_error_line(r.err));
    CHECK(has(r.err, k.kind));
    CHECK(r.out.empty());
  }
  CHECK_FALSE(fs::exists(c.tmp.file("x.db")));
  CHECK_FALSE(fs::exists(c.tmp.file("copy.db")));
  CHECK(read_all(c.db) == db_before);
  CHECK(read_all(c.db + "-wal") == wal_before);
  CHECK(kg_db(c.db, {"sql", "SELECT count(*) FROM documents", "--format", "tsv"}).out == "count(*)\n3\n");
}

TEST_CASE("kg sql prints the rows of a SELECT over a view, NULL as empty, capped by --limit", "[cli]") {
  Corpus c;
  Result r = kg_db(c.db, {"sql", "SELECT name AS entity, type FROM effective_entities ORDER BY name", "--format", "tsv"});
  REQUIRE(r.code == 0);
  CHECK(lines_of(r.out) == std::vector<std::string>{"entity\ttype", "Alibaba\torganization",
                                                    "Microsoft\torganization", "OpenAI\torganization"});
  r = kg_db(c.db, {"sql", "SELECT path, NULL AS missing, 1.5 AS x FROM documents ORDER BY pub_date LIMIT 1", "--format",
                   "tsv"});
  CHECK(lines_of(r.out) == std::vector<std::string>{"path\tmissing\tx", c.tmp.file("news3.txt") + "\t\t1.5"});
  r = kg_db(c.db, {"sql", "SELECT id FROM sentences ORDER BY id", "--limit", "2", "--format", "tsv"});
  CHECK(r.code == 0);
  CHECK(lines_of(r.out).size() == 3);
  CHECK(has(r.err, "cut after 2 rows"));
  r = kg_db(c.db, {"sql", "SELECT * FROM documents WHERE path = 'nowhere'"});
  CHECK(r.code == 1);
  r = kg_db(c.db, {"sql", "PRAGMA table_info(effective_facts)", "--format", "tsv"});
  CHECK(r.code == 0);
  CHECK(contains(tsv_column(r.out, 1), "verdict"));
  r = kg_db(c.db, {"sql", "SELEKT 1"});
  CHECK(r.code == 2);
  CHECK(one_error_line(r.err));
  TempDir other;
  r = kg_db(other.db(), {"sql", "SELECT 1"});
  CHECK(r.code == 2);
  CHECK_FALSE(fs::exists(other.db()));
}
