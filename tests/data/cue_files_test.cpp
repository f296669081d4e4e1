// The data files kg reads besides the lexicon: header, UTF-8, sorted and unique rows, known kinds, valid patterns.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "base/text.h"
#include "ingest/entities.h"
#include "ingest/extractor.h"
#include "ingest/noise.h"
#include "ingest/patterns.h"

namespace {

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> out;
  std::string l;
  while (std::getline(in, l)) out.push_back(l);
  return out;
}

void check_file(const std::string& name) {
  std::string path = std::string(KG_DATA_DIR) + "/" + name;
  auto lines = lines_of(path);
  INFO(path);
  REQUIRE(lines.size() > 3);
  CHECK(lines[0] == "# File: data/" + name);
  CHECK(lines[1].rfind("# Format: ", 0) == 0);
  CHECK(lines[2].rfind("# Source: ", 0) == 0);
  std::vector<std::string> rows;
  for (size_t i = 3; i < lines.size(); ++i) {
    INFO("line " << i + 1);
    CHECK(kg::valid_utf8(lines[i]));
    CHECK_FALSE(lines[i].empty());
    CHECK(lines[i].find('\r') == std::string::npos);
    if (!lines[i].empty() && lines[i][0] != '#') rows.push_back(lines[i]);
  }
  for (size_t i = 1; i < rows.size(); ++i) {
    INFO(rows[i - 1] << " / " << rows[i]);
    CHECK(rows[i - 1] < rows[i]);  // sorted and unique (byte order)
  }
}

}  // namespace

TEST_CASE("Each cue and pattern file has its header, valid UTF-8 and sorted unique rows", "[data]") {
  for (const char* f : {"name_cues.tsv", "fact_cues.tsv", "patterns.tsv"}) check_file(f);
}

TEST_CASE("The cue and pattern files load without errors", "[data]") {
  std::string d = KG_DATA_DIR;
  CHECK_NOTHROW(kg::ingest::NameCues::load(d + "/name_cues.tsv"));
  CHECK_NOTHROW(kg::ingest::FactCues::load(d + "/fact_cues.tsv"));
  kg::ingest::PatternSet ps;
  CHECK_NOTHROW(ps = kg::ingest::PatternSet::load(d + "/patterns.tsv"));
  CHECK(ps.patterns().size() >= 30);
}

TEST_CASE("Pattern ids are unique and every relation predicate has patterns", "[data]") {
  auto ps = kg::ingest::PatternSet::load(std::string(KG_DATA_DIR) + "/patterns.tsv");
  std::set<std::string> ids, preds;
  for (const auto& p : ps.patterns()) {
    CHECK(ids.insert(p.id).second);
    preds.insert(p.predicate);
  }
  for (const char* p : {"invested", "acquired", "founded", "event", "not"}) CHECK(preds.count(p));
}

TEST_CASE("A malformed cue file is refused with its line number", "[data]") {
  std::string path = "/tmp/kg-bad-cues.tsv";
  std::ofstream(path) << "# File: x\n# Format: x\n# Source: x\nnonsense_kind\tfoo\n";
  CHECK_THROWS_WITH(kg::ingest::NameCues::load(path), Catch::Contains(":4:"));
  std::ofstream(path) << "# File: x\n# Format: x\n# Source: x\ninv.x\tinvested\t-\tS ~z O\n";
  CHECK_THROWS_WITH(kg::ingest::PatternSet::load(path), Catch::Contains(":4:"));
}
