// Golden-file test for kg::queries exports: every export of the fixture graph (tests/queries/fixture.h) must equal
// the files in tests/queries/golden/ byte for byte. After an intended change to an export, regenerate them with
//   KG_UPDATE_GOLDEN=1 ./kg_queries_tests "exports of the fixture graph match the golden files byte for byte"
// (with KG_UPDATE_GOLDEN=1 the test rewrites the files instead of comparing), then review the diff before committing.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

#include "queries/export.h"
#include "tests/queries/fixture.h"

using namespace kg::queries;
namespace fs = std::filesystem;

namespace {

const fs::path kGolden = fs::path(KG_SOURCE_DIR) / "tests" / "queries" / "golden";

bool updating() {
  const char* v = std::getenv("KG_UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void spit(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  REQUIRE(out.good());
}

// Where two texts first differ: line number and both lines, for a readable failure instead of two whole files.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::istringstream e(expected), a(actual);
  std::string le, la;
  for (size_t line = 1;; ++line) {
    bool he = static_cast<bool>(std::getline(e, le)), ha = static_cast<bool>(std::getline(a, la));
    if (!he && !ha) return "the texts differ only in their final newline";
    if (!he || !ha || le != la)
      return "first difference at line " + std::to_string(line) + ":\n  golden: " + (he ? le : "<end of file>") +
             "\n  export: " + (ha ? la : "<end of file>");
  }
}

// Compares content with the golden file (or rewrites it when updating).
void check_golden(const fs::path& file, const std::string& content) {
  INFO("golden file " << file.string());
  if (updating()) {
    spit(file, content);
    WARN("KG_UPDATE_GOLDEN=1: rewrote " << file.string());
    return;
  }
  if (!fs::exists(file)) FAIL("missing; run the test with KG_UPDATE_GOLDEN=1 to create it");
  std::string golden = slurp(file);
  bool same = golden == content;
  INFO((same ? std::string() : first_difference(golden, content)));
  CHECK(same);
}

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/kg-golden-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("exports of the fixture graph match the golden files byte for byte", "[queries]") {
  auto g = kgtest::graph();
  struct Case {
    const char* file;
    const char* format;
    const char* focus;
    int hops;
  };
  const std::vector<Case> cases = {
      {"fixture.dot", "dot", "", 2},
      {"fixture.graphml", "graphml", "", 2},
      {"fixture.json", "json", "", 2},
      {"fixture.ntriples", "ntriples", "", 2},
      {"fixture_focus.dot", "dot", "OpenAI", 1},
  };
  for (const auto& c : cases) {
    ExportOptions o;
    o.format = c.format;
    o.focus = c.focus;
    o.hops = c.hops;
    check_golden(kGolden / c.file, export_graph(g, o));
  }
  // CSV: the two files written by export_csv
  TempDir tmp;
  export_csv(g, ExportOptions(), tmp.path.string());
  for (const char* name : {"nodes.csv", "relationships.csv"})
    check_golden(kGolden / "fixture_csv" / name, slurp(tmp.path / name));
}

TEST_CASE("the golden comparison notices a changed export", "[queries]") {
  // Guards against a comparison that always passes: a one-byte change must be reported with its line.
  std::string golden = "a\nb\nc\n";
  CHECK(first_difference(golden, "a\nB\nc\n") == "first difference at line 2:\n  golden: b\n  export: B");
  CHECK(first_difference(golden, "a\nb\n") == "first difference at line 3:\n  golden: c\n  export: <end of file>");
  CHECK(first_difference(golden, "a\nb\nc") == "the texts differ only in their final newline");
  if (!updating()) CHECK(slurp(kGolden / "fixture.dot").find("digraph kg {") != std::string::npos);
}
