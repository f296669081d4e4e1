// Unit tests of ingest/import: fact tables (the `kg facts --format tsv` layout) parsed into ExtractedDocuments.
#include <catch2/catch.hpp>

#include <string>

#include "base/error.h"
#include "ingest/import.h"

using kg::ingest::import_fact_table;

TEST_CASE("A fact table with the kg facts columns becomes facts with the row as evidence", "[ingest][import]") {
  std::string t =
      "# exported by hand\n"
      "subject\tpredicate\tobject\tamount\tcurrency\tyear\tmonth\tsources\n"
      "红杉中国\tinvested\t云栖智能\t50000000\tCNY\t2023\t4\t2\n"
      "\n"
      "Jane Doe\tfounded\tAcme Robotics\t\t\t2019\t\t1\n";
  kg::ExtractedDocument d = import_fact_table("deals.tsv", t);
  REQUIRE(d.facts.size() == 2);
  CHECK(d.doc.format == "facts");
  CHECK(d.doc.raw == t);
  const auto& f = d.facts[0];
  CHECK(f.subject == "红杉中国");
  CHECK(f.object == "云栖智能");
  CHECK(f.predicate == "invested");
  CHECK(*f.amount == 5e7);
  CHECK(f.currency == "CNY");
  CHECK(*f.year == 2023);
  CHECK(*f.month == 4);
  CHECK(f.status == "completed");
  CHECK(f.rule == "import");
  CHECK(f.confidence == 1.0);
  // The evidence is the row itself, at its byte span in the file.
  REQUIRE(d.sentences.size() == 2);
  CHECK(t.substr(d.sentences[0].start, d.sentences[0].end - d.sentences[0].start) == d.sentences[0].text);
  CHECK(d.sentences[0].text.rfind("红杉中国\tinvested", 0) == 0);
  // A founder without a type column is a person; the company an organisation.
  CHECK(d.facts[1].year == 2019);
  CHECK(!d.facts[1].amount);
  bool person = false, org = false;
  for (const auto& e : d.entities) {
    if (e.name == "Jane Doe") person = e.type == "person";
    if (e.name == "Acme Robotics") org = e.type == "organization";
  }
  CHECK(person);
  CHECK(org);
}

TEST_CASE("Columns are found by name in any order, and --full columns and source citations are kept", "[ingest][import]") {
  std::string t =
      "object\tsubject\tpredicate\tstatus\trole\tround\tapprox\tconfidence\trule\tevidence\tsubject_type\n"
      "北辰医疗\t启明创投\tinvested\tpending\tlead\tB\tyes\t0.8\tinv.lead\t启明创投领投北辰医疗B轮。 [news/a.txt:10-40]\t"
      "organization\n";
  kg::ExtractedDocument d = import_fact_table("t.tsv", t);
  REQUIRE(d.facts.size() == 1);
  const auto& f = d.facts[0];
  CHECK(f.subject == "启明创投");
  CHECK(f.status == "pending");
  CHECK(f.role == "lead");
  CHECK(f.round == "B");
  CHECK(f.approx);
  CHECK(f.confidence == Approx(0.8));
  CHECK(f.rule == "inv.lead");
  CHECK(d.sentences[0].text == "启明创投领投北辰医疗B轮。 [source: news/a.txt:10-40]");
}

TEST_CASE("A UTF-8 byte-order mark is skipped but offsets still point into the original file", "[ingest][import]") {
  std::string t = "\xEF\xBB\xBFsubject\tpredicate\tobject\nA公司\tacquired\tB公司\n";
  kg::ExtractedDocument d = import_fact_table("bom.tsv", t);
  REQUIRE(d.sentences.size() == 1);
  CHECK(t.substr(d.sentences[0].start, d.sentences[0].end - d.sentences[0].start) == "A公司\tacquired\tB公司");
}

TEST_CASE("Malformed tables are refused with the file and line named", "[ingest][import]") {
  struct Case {
    const char* what;
    std::string table;
    std::string message;  // part of the error
  };
  const std::string h = "subject\tpredicate\tobject\tamount\tcurrency\tyear\tmonth\n";
  const std::vector<Case> cases = {
      {"empty file", "", "empty file"},
      {"only comments", "# nothing\n\n", "no header line"},
      {"header only", h, "no fact rows"},
      {"unknown column", "subject\tpredicate\tobject\tamout\n", "t.tsv:1: unknown column 'amout'"},
      {"missing required column", "subject\tobject\n", "must name the columns subject, predicate and object"},
      {"duplicate column", "subject\tpredicate\tobject\tyear\tyear\n", "column 'year' given twice"},
      {"bad predicate", h + "A\tfunded\tB\t\t\t\t\n", "t.tsv:2: predicate: expected one of invested, acquired, founded"},
      {"empty subject", h + "\tinvested\tB\t\t\t\t\n", "t.tsv:2: subject is empty"},
      {"bad amount", h + "A\tinvested\tB\tlots\t\t\t\n", "amount: expected a non-negative number, got 'lots'"},
      {"negative amount", h + "A\tinvested\tB\t-5\t\t\t\n", "amount: expected a non-negative number"},
      {"bad currency", h + "A\tinvested\tB\t5\tdollars\t\t\n", "currency: expected an ISO 4217 code"},
      {"year out of range", h + "A\tinvested\tB\t\t\t20230\t\n", "year: expected a whole number from 1800 to 2100"},
      {"month out of range", h + "A\tinvested\tB\t\t\t2023\t13\n", "month: expected a whole number from 1 to 12"},
      {"month without year", h + "A\tinvested\tB\t\t\t\t3\n", "month given without a year"},
      {"wrong column count", h + "A\tinvested\tB\n", "t.tsv:2: expected 7 tab-separated columns, found 3"},
      {"bad date basis", "subject\tpredicate\tobject\tyear\tdate_basis\nA\tinvested\tB\t2020\tsometime\n",
       "date_basis: expected one of explicit, previous, publication"},
      {"bad status", "subject\tpredicate\tobject\tstatus\nA\tinvested\tB\tdone\n", "status: expected one of"},
      {"binary", std::string("subject\tpredicate\tobject\n\0\x01", 26), "binary data"},
      {"invalid UTF-8", h + "A\xff\tinvested\tB\t\t\t\t\n", "not valid UTF-8"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    try {
      import_fact_table("t.tsv", c.table);
      FAIL("accepted: " << c.what);
    } catch (const kg::FileError& e) {
      CHECK(std::string(e.what()).find(c.message) != std::string::npos);
      CHECK(e.file() == "t.tsv");
    }
  }
}
