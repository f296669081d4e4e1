// Concurrency: read commands run as separate processes while kg ingest writes (WAL) and must always succeed and
// see a consistent, growing database; a second ingest started against the same database waits for the lock
// (busy timeout) or fails on one line, and the database ends up exactly as a sequential ingest leaves it.
// KG_RELIABILITY_CONCURRENT_FILES (default 300) sets the corpus size.
#include <catch2/catch.hpp>

#include <iostream>
#include <thread>

#include "tests/reliability/harness.h"

using namespace kg_rel;

namespace {

struct Setup {
  TempDir tmp;
  std::string corpus, good, db, ref_state;
  explicit Setup(bool with_good) {
    corpus = tmp.file("corpus");
    make_corpus(corpus, static_cast<int>(env_long("KG_RELIABILITY_CONCURRENT_FILES", 300)));
    good = tmp.file("extra/good_article.txt");
    fs::create_directories(tmp.file("extra"));
    write_all(good, good_article());
    // The database starts with the sample, so readers have something to read from the first moment.
    db = tmp.db();
    REQUIRE(kg_db(db, {"ingest", kSample}, tmp.path()).exit.code == 0);
    std::string ref = tmp.file("reference.db");
    REQUIRE(kg_db(ref, {"ingest", kSample}, tmp.path()).exit.code == 0);
    std::vector<std::string> args = {"ingest", corpus};
    if (with_good) args.push_back(good);
    REQUIRE(kg_db(ref, args, tmp.path()).exit.code == 0);
    ref_state = facts_and_stats(ref, tmp.path());
  }
};

int64_t stat_value(const std::string& stats, const std::string& key) {
  for (const auto& l : lines_of(stats)) {
    auto cells = split(l, '\t');
    if (cells.size() == 2 && cells[0] == key) return std::stoll(cells[1]);
  }
  return -1;
}

}  // namespace

TEST_CASE("Queries running while kg ingest writes all succeed and see a consistent database that only grows",
          "[reliability][concurrency]") {
  Setup s(false);
  Child writer = spawn({kBinary, "--db", s.db, "ingest", s.corpus},
                       output_to(s.tmp.file("writer.out"), s.tmp.file("writer.err")));
  int64_t last_documents = 0;
  int reads = 0, during = 0;
  Exit wexit;
  bool writer_done = false;
  while (!writer_done) {
    writer_done = finished(writer, wexit);
    Run stats = kg_db(s.db, {"stats"}, s.tmp.path());
    Run facts = kg_db(s.db, {"facts", "--format", "tsv"}, s.tmp.path());
    Run query = kg_db(s.db, {"query", "who funded OpenAI before 2019", "--format", "tsv"}, s.tmp.path());
    reads += 3;
    if (!writer_done) ++during;
    INFO("read round " << reads / 3 << "\nstats: " << stats.err << "\nfacts: " << facts.err
                       << "\nquery: " << query.err);
    CHECK(stats.exit.code == 0);
    CHECK(facts.exit.code == 0);
    CHECK(query.exit.code == 0);
    CHECK(stats.err.empty());
    int64_t documents = stat_value(stats.out, "documents");
    CHECK(documents >= last_documents);
    last_documents = std::max(last_documents, documents);
    auto lines = lines_of(facts.out);
    REQUIRE(!lines.empty());
    for (size_t i = 1; i < lines.size(); ++i) {
      auto cells = split(lines[i], '\t');
      INFO("fact row: " << lines[i]);
      REQUIRE(cells.size() == 8);
      CHECK(std::stoll(cells[7]) >= 1);  // every fact has a source
    }
    CHECK(lines_of(query.out).size() == 5);  // header + the four early backers, at every moment
  }
  INFO("writer: " << read_all(s.tmp.file("writer.err")));
  REQUIRE(wexit.code == 0);
  std::cout << "[reliability] concurrency: " << reads << " reads (" << during << " rounds while the writer ran, "
            << wexit.seconds << " s)\n";
  CHECK(during >= 1);
  CHECK(integrity_check(s.db) == "ok");
  CHECK(facts_and_stats(s.db, s.tmp.path()) == s.ref_state);
}

TEST_CASE("A second kg ingest on the same database waits for the first or fails on one line, and never corrupts it",
          "[reliability][concurrency]") {
  Setup s(true);
  Child a = spawn({kBinary, "--db", s.db, "ingest", s.corpus}, output_to(s.tmp.file("a.out"), s.tmp.file("a.err")));
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  Child b = spawn({kBinary, "--db", s.db, "ingest", s.corpus, s.good},
                  output_to(s.tmp.file("b.out"), s.tmp.file("b.err")));
  Exit ea = wait_for(a, 600), eb = wait_for(b, 600);
  std::string a_err = read_all(s.tmp.file("a.err")), b_err = read_all(s.tmp.file("b.err"));
  INFO("first: exit " << ea.code << " " << a_err << "\nsecond: exit " << eb.code << " " << b_err << "\n"
                      << read_all(s.tmp.file("b.out")));
  for (const auto& [e, err] : {std::pair{ea, a_err}, std::pair{eb, b_err}}) {
    CHECK(e.signal == 0);
    CHECK(!e.timed_out);
    if (e.code == 0) {
      CHECK(err.empty());
    } else {
      CHECK(e.code == 2);
      CHECK(one_error_line(err));
      CHECK((has(err, s.db) || has(err, "locked") || has(err, "busy")));
    }
  }
  std::cout << "[reliability] concurrency: two writers exited " << ea.code << " (" << ea.seconds << " s) and "
            << eb.code << " (" << eb.seconds << " s)\n";
  CHECK(integrity_check(s.db) == "ok");
  CHECK(foreign_key_check(s.db) == "");
  // Whatever happened, running the second command again completes the database to the sequential reference.
  Run again = kg_db(s.db, {"ingest", s.corpus, s.good}, s.tmp.path());
  INFO(again.err);
  CHECK(again.exit.code == 0);
  CHECK(facts_and_stats(s.db, s.tmp.path()) == s.ref_state);
}
