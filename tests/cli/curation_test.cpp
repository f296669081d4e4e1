// End-to-end tests of the curation commands: judgements survive kg reingest after a lexicon change, kg doctor
// reports orphans, judgements export/import reproduces the effective facts, kg review proposes duplicates and
// forgets judged pairs, undo, provenance filters, and bad arguments.
#include <catch2/catch.hpp>

#include "queries/review.h"
#include "tests/cli/cli_support.h"

using namespace kg_test;

namespace {

// Two small articles written for these tests: the same investor under a legal-suffix name and, in traditional
// script, without it.
const char* kDocA = "2023年6月1日\n2023年5月，星澜资本有限公司领投了云杉智能的A轮融资，金额为5000万元。\n";
const char* kDocB = "2023年6月2日\n2023年5月8日，星瀾資本向雲杉智能投資5000萬元人民幣。\n";

// An extra lexicon that renames 启衡基金 (a name the sample corpus only discovers): re-extraction changes.
const char* kLexicon =
    "# File: extra.tsv\n# Format: name<TAB>type<TAB>aliases\n# Source: written for the curation tests\n"
    "Qiheng Fund\torganization\t启衡基金|啟衡基金\n";

struct Fixture {
  TempDir tmp;
  std::string db = tmp.db();
  std::string docs = tmp.file("docs");
  std::string lexicon = tmp.file("extra.tsv");
  Fixture() {
    fs::create_directory(docs);
    fs::copy(kSample, docs);
    write_all(docs + "/a_xinglan.txt", kDocA);
    write_all(docs + "/b_xinglan_trad.txt", kDocB);
    write_all(lexicon, kLexicon);
    ingest_or_fail(db, docs);
  }
  Result kg(std::vector<std::string> args) const { return kg_db(db, std::move(args)); }
  // The id (column "id" of kg facts --full) of the first fact matching subject, predicate, object.
  std::string fact_id(const std::string& s, const std::string& p, const std::string& o, const std::string& year = "") const {
    Result r = kg({"facts", "--format", "tsv", "--full"});
    auto lines = lines_of(r.out);
    REQUIRE(!lines.empty());
    auto header = split_tabs(lines[0]);
    size_t id_col = std::find(header.begin(), header.end(), "id") - header.begin();
    REQUIRE(id_col < header.size());
    for (size_t i = 1; i < lines.size(); ++i) {
      auto c = split_tabs(lines[i]);
      if (c[0] == s && c[1] == p && c[2] == o && (year.empty() || c[5] == year)) return c[id_col];
    }
    FAIL("no fact " << s << " " << p << " " << o << " " << year << " in\n" << r.out);
    return "";
  }
  std::string facts_tsv() const { return kg({"facts", "--format", "tsv"}).out; }
};

bool has_row(const std::string& tsv, const std::string& row_prefix) {
  for (const auto& l : lines_of(tsv))
    if (l.rfind(row_prefix, 0) == 0) return true;
  return false;
}

// The judgement id printed by a curation command ("… — judgement 1a2b3c4d5e6f (kg undo …").
std::string judgement_id(const Result& r) {
  auto at = r.out.find("judgement ");
  if (at == std::string::npos) return "";
  return r.out.substr(at + 10, 12);
}

}  // namespace

TEST_CASE("A merge, a rejection, a correction and a manual fact each survive kg reingest after the lexicon changed",
          "[cli][curation]") {
  Fixture f;
  const std::string khosla = f.fact_id("Khosla Ventures", "invested", "OpenAI");
  const std::string yc = f.fact_id("Y Combinator", "invested", "OpenAI", "2016");
  struct Judged {
    std::vector<std::string> command;
    std::string present;  // a facts TSV row prefix that must be there (empty: none)
    std::string absent;   // a facts TSV row prefix that must not be there (empty: none)
  };
  const std::vector<Judged> cases = {
      {{"merge", "星澜资本", "星澜资本有限公司", "--reason", "same fund"},
       "星澜资本\tinvested\t云杉智能\t50000000\tCNY\t2023\t5\t2",
       "星澜资本有限公司\t"},
      {{"reject", khosla, "--reason", "not in the article"}, "", "Khosla Ventures\tinvested\tOpenAI\t"},
      {{"correct", yc, "--year", "2014", "--amount", "150k"}, "Y Combinator\tinvested\tOpenAI\t150000\tUSD\t2014\t",
       "Y Combinator\tinvested\tOpenAI\t120000\t"},
      {{"add-fact", "Microsoft", "invested", "云杉智能", "--amount", "5M", "--currency", "USD", "--year", "2024",
        "--evidence", "call with the company, June 2024"},
       "Microsoft\tinvested\t云杉智能\t5000000\tUSD\t2024\t\t1", ""},
  };
  for (const auto& c : cases) {
    Result r = f.kg(c.command);
    INFO("kg " << c.command[0] << "\n" << r.out << r.err);
    REQUIRE(r.code == 0);
  }
  const std::string before = f.facts_tsv();
  CHECK_FALSE(has(before, "Qiheng Fund"));

  Result re = kg_db(f.db, {"--lexicon", f.lexicon, "reingest"});
  INFO(re.out << re.err);
  REQUIRE(re.code == 0);
  CHECK(has(re.out, "reingested 8 documents"));
  const std::string after = f.facts_tsv();
  CHECK(has(after, "Qiheng Fund\tinvested\t曜石智能"));  // the lexicon change took effect
  for (const auto& c : cases) {
    INFO("kg " << c.command[0] << " after reingest:\n" << after);
    if (!c.present.empty()) CHECK(has_row(after, c.present));
    if (!c.absent.empty()) CHECK_FALSE(has_row(after, c.absent));
  }
  // Nothing was orphaned: the judged facts did not change their content.
  Result doc = f.kg({"doctor"});
  INFO(doc.out);
  CHECK(doc.code == 0);
  CHECK(has(doc.out, "healthy"));
}

TEST_CASE("kg doctor reports a judgement whose fact changed on reingest, with its old quote and where it now is",
          "[cli][curation]") {
  Fixture f;
  const std::string old_id = f.fact_id("启衡基金", "invested", "曜石智能", "2024");
  Result rej = f.kg({"reject", old_id});
  REQUIRE(rej.code == 0);
  const std::string jid = judgement_id(rej);
  REQUIRE(jid.size() == 12);
  CHECK(f.kg({"doctor"}).code == 0);

  REQUIRE(kg_db(f.db, {"--lexicon", f.lexicon, "reingest"}).code == 0);
  const std::string new_id = f.fact_id("Qiheng Fund", "invested", "曜石智能", "2024");
  CHECK(new_id != old_id);
  Result doc = f.kg({"doctor"});
  INFO(doc.out << doc.err);
  CHECK(doc.code == 1);
  CHECK(has(doc.out, "judgement " + jid));
  CHECK(has(doc.out, "quote: "));
  CHECK(has(doc.out, "曜石智能"));
  CHECK(has(doc.out, "nearest: " + new_id));
  CHECK(has(doc.out, "settle: kg reject " + new_id));
  // Settling it as proposed, and retiring the old judgement, makes the database healthy again.
  REQUIRE(f.kg({"reject", new_id}).code == 0);
  REQUIRE(f.kg({"undo", jid}).code == 0);
  CHECK(f.kg({"doctor"}).code == 0);
}

TEST_CASE("Judgements exported and imported into a fresh database of the same documents give the same facts",
          "[cli][curation]") {
  Fixture a;
  REQUIRE(a.kg({"merge", "星澜资本", "星澜资本有限公司"}).code == 0);
  REQUIRE(a.kg({"reject", a.fact_id("Khosla Ventures", "invested", "OpenAI")}).code == 0);
  REQUIRE(a.kg({"correct", a.fact_id("Y Combinator", "invested", "OpenAI", "2016"), "--month", "3"}).code == 0);
  REQUIRE(a.kg({"add-fact", "Google", "invested", "云杉智能", "--evidence", "press release"}).code == 0);
  REQUIRE(a.kg({"alias", "add", "Microsoft", "微软中国"}).code == 0);
  Result r = a.kg({"reject", a.fact_id("Elon Musk", "invested", "OpenAI")});
  REQUIRE(a.kg({"undo", judgement_id(r)}).code == 0);
  const std::string file = a.tmp.file("judgements.jsonl");
  Result ex = a.kg({"judgements", "export", file});
  INFO(ex.out << ex.err);
  REQUIRE(ex.code == 0);
  CHECK(lines_of(read_all(file)).size() == 7);
  CHECK(a.kg({"judgements", "export"}).out == read_all(file));  // deterministic, same to stdout

  TempDir tmp2;
  std::string db2 = tmp2.db();
  ingest_or_fail(db2, a.docs);
  CHECK(kg_db(db2, {"facts", "--format", "tsv"}).out != a.facts_tsv());
  Result im = kg_db(db2, {"judgements", "import", file});
  INFO(im.out << im.err);
  REQUIRE(im.code == 0);
  CHECK(has(im.out, "imported 7 new judgements"));
  CHECK(kg_db(db2, {"facts", "--format", "tsv"}).out == a.facts_tsv());
  CHECK(kg_db(db2, {"entities", "--format", "tsv"}).out == a.kg({"entities", "--format", "tsv"}).out);
  // Idempotent by id.
  Result again = kg_db(db2, {"judgements", "import", file});
  CHECK(has(again.out, "imported 0 new judgements"));
  CHECK(kg_db(db2, {"facts", "--format", "tsv"}).out == a.facts_tsv());
  CHECK(kg_db(db2, {"judgements", "export"}).out == read_all(file));
}

TEST_CASE("The review queue proposes script and legal-suffix duplicates and never re-proposes a judged pair",
          "[cli][curation]") {
  Fixture f;
  // A Latin name whose traditional-script alias is the simplified name kg discovered.
  REQUIRE(f.kg({"alias", "add", "Starwave Capital", "星瀾資本", "--new", "organization"}).code == 0);
  Result r = f.kg({"review", "--format", "tsv"});
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  auto about = tsv_column(r.out, 2);
  CHECK(contains(about, "星澜资本 / 星澜资本有限公司"));         // legal suffix
  CHECK(contains(about, "Starwave Capital / 星澜资本"));          // 星瀾資本 = 星澜资本 across scripts
  auto settle = tsv_column(r.out, 4);
  CHECK(contains(settle, "kg merge 星澜资本 星澜资本有限公司 | kg not-same 星澜资本 星澜资本有限公司"));

  REQUIRE(f.kg({"merge", "星澜资本", "星澜资本有限公司"}).code == 0);
  REQUIRE(f.kg({"not-same", "Starwave Capital", "星澜资本"}).code == 0);
  Result again = f.kg({"review", "--format", "tsv"});
  INFO(again.out);
  for (const auto& a : tsv_column(again.out, 2)) {
    CHECK_FALSE(has(a, "星澜资本"));
    CHECK_FALSE(has(a, "Starwave"));
  }
  // Undoing the merge does not bring the pair back: it was judged once.
  Result split = f.kg({"split", "星澜资本有限公司"});
  INFO(split.out << split.err);
  REQUIRE(split.code == 0);
  CHECK_FALSE(has(f.kg({"review", "--format", "tsv"}).out, "星澜资本 / 星澜资本有限公司"));
  CHECK(has_row(f.facts_tsv(), "星澜资本有限公司\tinvested\t云杉智能"));
  // Judged facts leave the queue too.
  for (const auto& line : lines_of(f.kg({"review", "--format", "tsv"}).out)) {
    auto c = split_tabs(line);
    if (c.size() < 5 || c[1] != "low-confidence") continue;
    std::string id = c[4].substr(c[4].find("kg confirm ") + 11, 10);
    REQUIRE(f.kg({"confirm", id}).code == 0);
    CHECK_FALSE(has(f.kg({"review", "--format", "tsv"}).out, "kg confirm " + id));
    break;
  }
}

TEST_CASE("undo takes a judgement back and brings back what it had replaced, and kg log shows the history",
          "[cli][curation]") {
  Fixture f;
  const std::string id = f.fact_id("Khosla Ventures", "invested", "OpenAI");
  const std::string original = f.facts_tsv();
  Result rej = f.kg({"reject", id, "--author", "ana", "--reason", "wrong"});
  REQUIRE(rej.code == 0);
  CHECK(f.facts_tsv() != original);
  Result conf = f.kg({"confirm", id});
  REQUIRE(conf.code == 0);
  CHECK(f.facts_tsv() == original);  // confirm replaced the reject
  Result undo = f.kg({"undo", judgement_id(conf)});
  INFO(undo.out << undo.err);
  REQUIRE(undo.code == 0);
  CHECK(has(undo.out, judgement_id(rej)));  // the reject is back in force
  CHECK(f.facts_tsv() != original);
  REQUIRE(f.kg({"undo", judgement_id(rej)}).code == 0);
  CHECK(f.facts_tsv() == original);

  Result log = f.kg({"log", id, "--format", "tsv"});
  INFO(log.out);
  CHECK(log.code == 0);
  auto kinds = tsv_column(log.out, 3);
  CHECK(kinds == std::vector<std::string>{"reject", "confirm", "undo", "undo"});
  CHECK(contains(tsv_column(log.out, 2), "ana"));
  // An undo cannot itself be undone, and a judgement is undone once.
  Result twice = f.kg({"undo", judgement_id(rej)});
  CHECK(twice.code == 2);
  CHECK(one_error_line(twice.err));
  // Undoing a merge (by id) un-merges.
  Result m = f.kg({"merge", "星澜资本", "星澜资本有限公司"});
  CHECK_FALSE(has_row(f.facts_tsv(), "星澜资本有限公司\t"));
  REQUIRE(f.kg({"undo", judgement_id(m)}).code == 0);
  CHECK(f.facts_tsv() == original);
}

TEST_CASE("Provenance filters keep confirmed facts, facts with enough sources, and show rejected ones marked",
          "[cli][curation]") {
  Fixture f;
  const std::string khosla = f.fact_id("Khosla Ventures", "invested", "OpenAI");
  const std::string musk = f.fact_id("Elon Musk", "invested", "OpenAI");
  REQUIRE(f.kg({"reject", khosla}).code == 0);
  REQUIRE(f.kg({"confirm", musk}).code == 0);

  Result confirmed = f.kg({"facts", "--format", "tsv", "--confirmed-only"});
  CHECK(tsv_column(confirmed.out) == std::vector<std::string>{"Elon Musk"});
  Result inv = f.kg({"investors", "OpenAI", "--confirmed-only", "--format", "tsv"});
  CHECK(tsv_column(inv.out) == std::vector<std::string>{"Elon Musk"});

  Result two = f.kg({"facts", "--format", "tsv", "--min-sources", "2"});
  auto sources = tsv_column(two.out, 7);
  CHECK(!sources.empty());
  for (const auto& n : sources) CHECK(std::stoi(n) >= 2);
  CHECK(sources.size() + 1 < lines_of(f.facts_tsv()).size());

  // Rejected facts: left out by default (also with --exclude-rejected), listed and marked on request.
  CHECK_FALSE(contains(tsv_column(f.kg({"investors", "OpenAI", "--format", "tsv"}).out), "Khosla Ventures"));
  CHECK_FALSE(contains(tsv_column(f.kg({"investors", "OpenAI", "--exclude-rejected", "--format", "tsv"}).out),
                       "Khosla Ventures"));
  Result with = f.kg({"investors", "OpenAI", "--include-rejected", "--format", "json"});
  CHECK(has(with.out, "\"investor\": \"Khosla Ventures\""));
  CHECK(has(with.out, "\"status\": \"rejected\""));
  Result facts = f.kg({"facts", "--format", "tsv", "--include-rejected"});
  bool marked = false;
  for (const auto& l : lines_of(facts.out))
    if (l.rfind("Khosla Ventures\t", 0) == 0) marked = split_tabs(l).back() == "rejected";
  CHECK(marked);
  const std::string exported = f.kg({"export", "--format", "ntriples"}).out;
  const std::string exported_all = f.kg({"export", "--format", "ntriples", "--include-rejected"}).out;
  CHECK(lines_of(exported_all).size() > lines_of(exported).size());
  CHECK(has(exported_all, "rejected"));
  CHECK(f.kg({"path", "Khosla Ventures", "OpenAI"}).code == 1);
  CHECK(f.kg({"path", "Khosla Ventures", "OpenAI", "--include-rejected"}).code == 0);
}

TEST_CASE("Curation commands with bad arguments exit 2 with one error line naming it and change nothing",
          "[cli][curation]") {
  Fixture f;
  const std::string id = f.fact_id("Khosla Ventures", "invested", "OpenAI");
  const std::string before = snapshot(f.db);
  struct Bad {
    std::vector<std::string> args;
    std::string must_mention;
  };
  const std::vector<Bad> cases = {
      {{"reject", "zz-top"}, "zz-top"},
      {{"reject", "0000000000"}, "unknown fact '0000000000'"},
      {{"confirm", "12"}, "'12'"},
      {{"merge", "NoSuchCompanyXYZ", "OpenAI"}, "NoSuchCompanyXYZ"},
      {{"merge", "OpenAI", "Sam Altman"}, "--force"},
      {{"not-same", "OpenAI", "NoSuchCompanyXYZ"}, "NoSuchCompanyXYZ"},
      {{"split", "OpenAI"}, "not merged"},
      {{"alias", "add", "NoSuchCompanyXYZ", "NSC"}, "NoSuchCompanyXYZ"},
      {{"alias", "add", "OpenAI", "Open A.I.", "--new", "robot"}, "robot"},
      {{"add-fact", "Microsoft", "invested", "OpenAI"}, "--evidence"},
      {{"add-fact", "Microsoft", "bought", "OpenAI", "--evidence", "x"}, "bought"},
      {{"add-fact", "NoSuchCompanyXYZ", "invested", "OpenAI", "--evidence", "x"}, "NoSuchCompanyXYZ"},
      {{"correct", id}, "--year"},
      {{"correct", id, "--month", "13"}, "--month"},
      {{"correct", id, "--currency", "dollars"}, "dollars"},
      {{"undo", "ffffffffffff"}, "ffffffffffff"},
      {{"note", "NoSuchCompanyXYZ", "hello"}, "NoSuchCompanyXYZ"},
      {{"log", "NoSuchCompanyXYZ"}, "NoSuchCompanyXYZ"},
      {{"judgements", "frob"}, "frob"},
      {{"judgements", "import", f.tmp.file("missing.jsonl")}, "missing.jsonl"},
      {{"facts", "--min-sources", "many"}, "--min-sources"},
      {{"investors", "OpenAI", "--include-rejected", "--exclude-rejected"}, "--include-rejected"},
      {{"review", "--limit", "0"}, "--limit"},
  };
  for (const auto& c : cases) {
    Result r = f.kg(c.args);
    std::string shown;
    for (const auto& a : c.args) shown += " " + a;
    INFO("kg" << shown << "\nstdout: " << r.out << "stderr: " << r.err);
    CHECK(r.code == 2);
    CHECK(one_error_line(r.err));
    CHECK(has(r.err, c.must_mention));
  }
  // A malformed import line names the file and line, and imports nothing.
  const std::string bad = f.tmp.file("bad.jsonl");
  write_all(bad, "{\"id\":\"aaaaaaaaaaaa\",\"kind\":\"note\",\"target\":\"openai\",\"author\":\"x\",\"created_at\":\"2024\"}\n{oops\n");
  Result r = f.kg({"judgements", "import", bad});
  CHECK(r.code == 2);
  CHECK(has(r.err, "bad.jsonl:2"));
  CHECK(snapshot(f.db) == before);
}

TEST_CASE("The legal suffix list has its header and sorted unique rows, and names lose only real suffixes",
          "[cli][curation]") {
  const std::string path = KG_DATA_DIR "/legal_suffixes.txt";
  auto lines = lines_of(read_all(path));
  REQUIRE(lines.size() > 3);
  CHECK(lines[0] == "# File: data/legal_suffixes.txt");
  CHECK(lines[1].rfind("# Format: ", 0) == 0);
  CHECK(lines[2].rfind("# Source: ", 0) == 0);
  for (size_t i = 4; i < lines.size(); ++i) {
    INFO(lines[i - 1] << " / " << lines[i]);
    CHECK(lines[i - 1] < lines[i]);
  }
  auto suffixes = kg::queries::load_legal_suffixes(path);
  struct Case {
    const char* name;
    const char* core;
  };
  const std::vector<Case> cases = {
      {"Microsoft Corporation", "microsoft"}, {"OpenAI Inc.", "openai"},       {"Acme Co., Ltd.", "acme"},
      {"腾讯控股有限公司", "腾讯"},           {"華為技術有限公司", "华为技术"}, {"阿里巴巴集团", "阿里巴巴"},
      {"Disco", "disco"},                     {"Costco", "costco"},            {"Group", "group"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    CHECK(kg::queries::core_key(c.name, suffixes) == c.core);
  }
}
