// End-to-end tests of `kg import`: fact tables load, round-trip with `kg facts`, and bad tables change nothing.
#include <catch2/catch.hpp>

#include "tests/cli/cli_support.h"

using namespace kg_test;

namespace {

// Columns 1–7 and 9–19 of `kg facts --format tsv --full`: everything but the number of sources and the evidence,
// which after an import are the table's own rows.
std::string fact_values(const std::string& tsv) {
  std::string out;
  for (const auto& line : lines_of(tsv)) {
    auto cells = split_tabs(line);
    for (size_t i = 0; i < cells.size() && i < 19; ++i)
      if (i != 7) out += cells[i] + (i + 1 < 19 ? "\t" : "");
    out += "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("kg facts --full exported from one database and imported into another gives the same facts", "[cli][import]") {
  TempDir tmp;
  ingest_or_fail(tmp.db(), kSample);
  Result full = kg_db(tmp.db(), {"facts", "--format", "tsv", "--full"});
  REQUIRE(full.code == 0);
  write_all(tmp.file("facts.tsv"), full.out);

  std::string db2 = tmp.file("imported.db");
  Result imp = kg_db(db2, {"import", tmp.file("facts.tsv")});
  INFO(imp.out << imp.err);
  REQUIRE(imp.code == 0);
  CHECK(has(imp.out, "imported 1 table"));
  Result again = kg_db(db2, {"facts", "--format", "tsv", "--full"});
  REQUIRE(again.code == 0);
  CHECK(fact_values(again.out) == fact_values(full.out));
  // Every imported fact's evidence names the table it came from.
  for (const auto& ev : tsv_column(again.out, 19)) CHECK(has(ev, tmp.file("facts.tsv")));

  // Importing the same table again adds nothing.
  Result twice = kg_db(db2, {"import", tmp.file("facts.tsv")});
  CHECK(twice.code == 0);
  CHECK(has(twice.out, "1 already stored"));
  CHECK(kg_db(db2, {"facts", "--format", "tsv", "--full"}).out == again.out);
}

TEST_CASE("Imported facts answer questions like extracted ones", "[cli][import]") {
  TempDir tmp;
  write_all(tmp.file("deals.tsv"),
            "subject\tpredicate\tobject\tamount\tcurrency\tyear\tmonth\n"
            "Alpha Capital\tinvested\tBeta Robotics\t20000000\tUSD\t2017\t3\n"
            "Gamma Ventures\tinvested\tBeta Robotics\t\t\t2021\t\n"
            "Beta Robotics\tacquired\tDelta Vision\t\t\t2022\t6\n");
  REQUIRE(kg_db(tmp.db(), {"import", tmp.file("deals.tsv")}).code == 0);
  Result q = kg_db(tmp.db(), {"query", "who funded Beta Robotics before 2019", "--format", "tsv"});
  INFO(q.out << q.err);
  REQUIRE(q.code == 0);
  CHECK(has(q.out, "Alpha Capital"));
  CHECK_FALSE(has(q.out, "Gamma Ventures"));
  Result p = kg_db(tmp.db(), {"path", "Alpha Capital", "Delta Vision", "--format", "tsv"});
  REQUIRE(p.code == 0);
  CHECK(lines_of(p.out).size() == 3);  // header + two hops
}

TEST_CASE("A malformed table is refused with one error line naming file and line, and the rest of the batch loads",
          "[cli][import]") {
  TempDir tmp;
  ingest_or_fail(tmp.db(), kSample);
  std::string before = snapshot(tmp.db());
  write_all(tmp.file("bad.tsv"), "subject\tpredicate\tobject\tyear\nA\tinvested\tB\t2020\nC\tinvested\tD\tsoon\n");
  Result r = kg_db(tmp.db(), {"import", tmp.file("bad.tsv")});
  CHECK(r.code == 2);
  CHECK(one_error_line(r.err));
  CHECK(has(r.err, tmp.file("bad.tsv") + ":3: year"));
  CHECK(snapshot(tmp.db()) == before);  // the good first row was not stored either

  write_all(tmp.file("good.tsv"), "subject\tpredicate\tobject\nE Corp\tacquired\tF Labs\n");
  Result batch = kg_db(tmp.db(), {"import", tmp.file("bad.tsv"), tmp.file("missing.tsv"), tmp.file("good.tsv")});
  CHECK(batch.code == 2);
  CHECK(has(batch.out, "imported 1 table"));
  CHECK(has(batch.out, "2 failed"));
  CHECK(has(kg_db(tmp.db(), {"facts", "--format", "tsv"}).out, "E Corp\tacquired\tF Labs"));
}
