// Parallel ingest: the database does not depend on --jobs, and a batch's errors are reported in file order.
#include <catch2/catch.hpp>

#include "tests/cli/cli_support.h"

using namespace kg_test;

TEST_CASE("Ingesting with --jobs 1, 2 and 5 gives identical facts, entities, mentions and exports", "[cli][jobs]") {
  TempDir tmp;
  // The sample corpus plus variants (different bytes, so different documents) to give the workers more to share.
  fs::create_directories(tmp.file("in"));
  int n = 0;
  for (const auto& e : fs::directory_iterator(kSample)) {
    std::string text = read_all(e.path().string());
    for (int v = 0; v < 3; ++v)
      write_all(tmp.file("in/" + std::to_string(n++) + ".txt"), text + "\n\n第" + std::to_string(v) + "版。\n");
  }
  std::string reference;
  for (const char* jobs : {"1", "2", "5"}) {
    std::string db = tmp.file(std::string("j") + jobs + ".db");
    Result r = kg_db(db, {"ingest", "--jobs", jobs, tmp.file("in")});
    INFO("--jobs " << jobs << ": " << r.out << r.err);
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());  // no progress bar when stderr is not a terminal
    std::string all = kg_db(db, {"facts", "--format", "tsv", "--full"}).out + kg_db(db, {"entities", "--format", "tsv"}).out +
                      kg_db(db, {"export", "--format", "json"}).out + kg_db(db, {"export", "--format", "graphml"}).out +
                      kg_db(db, {"stats"}).out;
    if (reference.empty()) reference = all;
    CHECK(all == reference);
  }
}

TEST_CASE("With several jobs, unreadable files are reported in file order and the rest is stored", "[cli][jobs]") {
  TempDir tmp;
  fs::create_directories(tmp.file("in"));
  write_all(tmp.file("in/a.txt"), read_all(kSample + "/01_openai_funding.txt"));
  write_all(tmp.file("in/b.bin"), std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  write_all(tmp.file("in/c.txt"), "");
  write_all(tmp.file("in/d.txt"), read_all(kSample + "/03_anthropic_google.txt"));
  Result r = kg_db(tmp.db(), {"ingest", "--jobs", "3", tmp.file("in")});
  CHECK(r.code == 2);
  auto errs = lines_of(r.err);
  REQUIRE(errs.size() == 2);
  CHECK(has(errs[0], "b.bin"));
  CHECK(has(errs[1], "c.txt"));
  CHECK(has(r.out, "ingested 2 documents"));
  CHECK(has(r.out, "2 failed"));
}

TEST_CASE("The number of jobs must be a whole number from 1 to 256", "[cli][jobs]") {
  TempDir tmp;
  for (const char* bad : {"0", "-1", "many", "257"}) {
    Result r = kg_db(tmp.db(), {"ingest", "--jobs", bad, kSample});
    CHECK(r.code == 2);
    CHECK(one_error_line(r.err));
    CHECK(has(r.err, "--jobs"));
  }
}
