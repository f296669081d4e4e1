// Store-level tests of schema version 2: migrating a real version-1 database, content-derived keys, judgements
// applied on read (merge, reject, confirm, correct, manual facts), supersession and undo, import, and rebuilding
// the derived tables without touching judgements.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "base/error.h"
#include "schema/store.h"

namespace fs = std::filesystem;

namespace {

kg::FactRecord fact(const std::string& s, const std::string& o, std::optional<int> year, std::optional<double> amount,
                    int seq = 0) {
  kg::FactRecord f;
  f.subject = s;
  f.predicate = "invested";
  f.object = o;
  f.year = year;
  f.amount = amount;
  if (amount) f.currency = "USD";
  f.sentence_seq = seq;
  f.rule = "test.rule";
  f.confidence = 0.8;
  return f;
}

// One document: two sentences; entities Microsoft (lexicon), 微软科技 (discovered), OpenAI; the given facts.
kg::ExtractedDocument doc(const std::string& sha, std::vector<kg::FactRecord> facts) {
  kg::ExtractedDocument d;
  d.doc.path = "doc-" + sha + ".txt";
  d.doc.sha256 = sha;
  d.doc.bytes = 10;
  d.doc.encoding = "UTF-8";
  d.doc.format = "text";
  d.doc.raw = "raw bytes of " + sha;
  d.sentences.push_back({0, 0, 30, 0, "第一句。", "第一句。", false, -1});
  d.sentences.push_back({1, 30, 60, 0, "第二句。", "第二句。", false, -1});
  d.entities.push_back({"Microsoft", "organization", "lexicon", {"Microsoft", "微软", "微軟"}});
  d.entities.push_back({"微软科技", "organization", "discovered", {"微软科技"}});
  d.entities.push_back({"OpenAI", "organization", "lexicon", {"OpenAI"}});
  for (auto& f : facts) d.facts.push_back(f);
  return d;
}

kg::Judgement judged(const std::string& kind, const std::string& target, const std::string& target2 = "",
                     const std::string& payload = "{}") {
  kg::Judgement j;
  j.kind = kind;
  j.target = target;
  j.target2 = target2;
  j.payload = payload;
  j.author = "test";
  return j;
}

std::vector<std::string> names(const std::vector<kg::FactRow>& facts) {
  std::vector<std::string> out;
  for (const auto& f : facts) out.push_back(f.subject + ">" + f.object);
  return out;
}

std::string amount_text(const std::optional<double>& a) {
  if (!a) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", *a);
  return buf;
}

}  // namespace

TEST_CASE("A schema-1 database migrates to version 2 keeping every fact", "[schema][curation]") {
  const fs::path fixture = fs::path(KG_SOURCE_DIR) / "tests/schema/fixtures";
  const fs::path copy = fs::temp_directory_path() / ("kg-v1-copy-" + std::to_string(::getpid()) + ".db");
  fs::remove(copy);
  fs::copy_file(fixture / "v1.db", copy);
  std::string expected;
  {
    std::ifstream in(fixture / "v1.facts.tsv", std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    expected = ss.str();
  }
  {
    kg::Store s(copy.string());
    CHECK(s.schema_version() == kg::Store::latest_version());
    CHECK(s.schema_version() >= 2);
    std::string got = "subject\tpredicate\tobject\tamount\tcurrency\tyear\tmonth\tsources\n";
    auto opt = [](const std::optional<int>& v) { return v ? std::to_string(*v) : std::string(); };
    for (const auto& f : s.facts(false)) {
      got += f.subject + "\t" + f.predicate + "\t" + f.object + "\t" + amount_text(f.amount) + "\t" + f.currency +
             "\t" + opt(f.year) + "\t" + opt(f.month) + "\t" + std::to_string(f.sources) + "\n";
      // Keys were filled in by the migration, from content.
      CHECK(f.key == kg::fact_uid(f.subject, f.predicate, f.object, f.year, f.month, f.amount, f.currency, f.status));
    }
    CHECK(got == expected);
    // Documents stored under version 1 have no raw bytes; entity keys work.
    for (const auto& d : s.documents()) CHECK_FALSE(d.has_raw);
    auto ms = s.find_entity("微軟");
    REQUIRE(ms);
    CHECK(ms->name == "Microsoft");
    CHECK(ms->key == "microsoft");
  }
  fs::remove(copy);
  fs::remove(copy.string() + "-wal");
  fs::remove(copy.string() + "-shm");
}

TEST_CASE("Fact keys come from content, not row ids: two stores filled in different orders agree", "[schema][curation]") {
  kg::Store a(":memory:"), b(":memory:");
  auto d1 = doc("d1", {fact("Microsoft", "OpenAI", 2019, 1e9)});
  auto d2 = doc("d2", {fact("微软科技", "OpenAI", 2020, std::nullopt)});
  a.add_document(d1);
  a.add_document(d2);
  b.add_document(d2);
  b.add_document(d1);
  auto fa = a.facts(), fb = b.facts();
  REQUIRE(fa.size() == 2);
  REQUIRE(fb.size() == 2);
  for (size_t i = 0; i < fa.size(); ++i) {
    CHECK(fa[i].key == fb[i].key);
    CHECK(fa[i].key.size() == 64);
  }
  CHECK(fa[0].key == kg::fact_uid("Microsoft", "invested", "OpenAI", 2019, std::nullopt, 1e9, "USD", "completed"));
  CHECK(kg::short_id(fa[0].key).size() == 10);
}

TEST_CASE("Judgements are applied on read: merge, reject, confirm, correct and a manual fact", "[schema][curation]") {
  kg::Store s(":memory:");
  s.add_document(doc("d1", {fact("Microsoft", "OpenAI", 2019, 1e9, 0), fact("微软科技", "OpenAI", 2019, 1e9, 1)}));
  auto before = s.facts();
  REQUIRE(before.size() == 2);
  const std::string ms_id = before[0].subject == "Microsoft" ? before[0].key : before[1].key;

  struct Case {
    const char* what;
    kg::Judgement j;
    std::vector<std::string> facts;  // subject>object of the effective facts afterwards
  };
  std::vector<Case> cases = {
      {"merge 微软科技 into Microsoft", judged("merge", "microsoft", "微软科技"), {"Microsoft>OpenAI"}},
      {"reject the merged fact", judged("reject", ms_id), {"Microsoft>OpenAI"}},
      {"confirm replaces the reject", judged("confirm", ms_id), {"Microsoft>OpenAI"}},
  };
  for (auto& c : cases) {
    INFO(c.what);
    s.add_judgement(c.j);
    CHECK(names(s.facts()) == c.facts);
  }
  // After the merge the two rows are one fact with two sources; the reject applied to one row only, the other
  // row kept the fact listed; the confirm made it confirmed.
  auto now = s.facts();
  REQUIRE(now.size() == 1);
  CHECK(now[0].sources == 2);
  CHECK(now[0].verdict == "confirmed");
  kg::FactOptions confirmed;
  confirmed.confirmed_only = true;
  CHECK(s.facts(confirmed).size() == 1);
  // Merged entity: its name is a spelling of the survivor, and it is no longer listed.
  auto ents = s.entities();
  CHECK(std::none_of(ents.begin(), ents.end(), [](const kg::EntityRow& e) { return e.name == "微软科技"; }));
  CHECK(s.find_entity("微软科技")->name == "Microsoft");

  // Correct: new values, same key and evidence.
  s.add_judgement(judged("correct", ms_id, "", R"({"year":2018,"amount":2000000000})"));
  auto rows = s.fact_rows(ms_id);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].year == 2018);
  CHECK(rows[0].amount == 2e9);
  CHECK(rows[0].corrected);
  CHECK(rows[0].evidence.size() == 1);

  // Manual fact, with its evidence as the source.
  kg::Judgement m = judged("fact", kg::fact_uid("OpenAI", "invested", "Microsoft", 2024, std::nullopt, std::nullopt, "", "completed"),
                           "",
                           R"({"subject":"OpenAI","subject_key":"openai","subject_type":"organization","predicate":"invested",)"
                           R"("object":"Microsoft","object_key":"microsoft","object_type":"organization","year":2024})");
  m.evidence = "phone call";
  s.add_judgement(m);
  bool found = false;
  for (const auto& f : s.facts())
    if (f.subject == "OpenAI") {
      found = true;
      CHECK(f.manual);
      REQUIRE(f.evidence.size() == 1);
      CHECK(f.evidence[0].sentence == "phone call");
      CHECK(f.evidence[0].rule == "manual");
    }
  CHECK(found);
}

TEST_CASE("A later judgement supersedes an earlier one, and undo brings it back", "[schema][curation]") {
  kg::Store s(":memory:");
  s.add_document(doc("d1", {fact("Microsoft", "OpenAI", 2019, 1e9)}));
  const std::string id = s.facts()[0].key;
  auto rej = s.add_judgement(judged("reject", id));
  CHECK(s.facts().empty());
  kg::FactOptions all;
  all.include_rejected = true;
  REQUIRE(s.facts(all).size() == 1);
  CHECK(s.facts(all)[0].verdict == "rejected");
  auto conf = s.add_judgement(judged("confirm", id));
  CHECK(s.facts().size() == 1);
  CHECK_FALSE(s.judgement(rej.id)->active());
  CHECK(s.judgement(rej.id)->superseded_by == conf.id);
  auto u = s.undo(conf.id, "changed my mind", "test");
  CHECK(s.facts().empty());                      // the reject is back
  CHECK(s.judgement(rej.id)->active());
  CHECK(u.payload.find(rej.id) != std::string::npos);
  CHECK_THROWS_AS(s.undo(u.id, "", "test"), kg::UsageError);   // an undo is not undone
  CHECK_THROWS_AS(s.undo(conf.id, "", "test"), kg::UsageError);  // no longer in force
  // Nothing was deleted: every judgement is still listed, in order.
  auto js = s.judgements();
  REQUIRE(js.size() == 3);
  CHECK(js[0].kind == "reject");
  CHECK(js[1].kind == "confirm");
  CHECK(js[2].kind == "undo");
  CHECK(s.judgements(id).size() == 2);
}

TEST_CASE("Importing judgements is idempotent by id and reproduces the effective facts", "[schema][curation]") {
  kg::Store a(":memory:"), b(":memory:");
  auto d = doc("d1", {fact("Microsoft", "OpenAI", 2019, 1e9, 0), fact("微软科技", "OpenAI", 2020, std::nullopt, 1)});
  a.add_document(d);
  b.add_document(d);
  a.add_judgement(judged("merge", "microsoft", "微软科技"));
  a.add_judgement(judged("reject", a.facts()[0].key));
  CHECK(b.import_judgements(a.judgements()) == 2);
  CHECK(b.import_judgements(a.judgements()) == 0);
  CHECK(names(b.facts()) == names(a.facts()));
  CHECK(b.facts().size() == a.facts().size());
  CHECK(b.judgements().size() == 2);
}

TEST_CASE("Rebuilding the derived tables keeps judgements and reports documents it cannot re-extract", "[schema][curation]") {
  kg::Store s(":memory:");
  s.add_document(doc("d1", {fact("Microsoft", "OpenAI", 2019, 1e9)}));
  s.add_document(doc("d2", {fact("微软科技", "OpenAI", 2021, std::nullopt)}));
  const std::string id = s.facts()[0].key;
  s.add_judgement(judged("reject", id));
  auto docs = s.documents();
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].has_raw);
  CHECK(docs[0].doc.raw == "raw bytes of d1");

  // Re-extract d1 with a different year; leave d2 as it was.
  auto r = s.rebuild([](const kg::StoredDocument& d, std::string& why) -> std::optional<kg::ExtractedDocument> {
    if (d.doc.sha256 == "d2") {
      why = "not re-extracted: test";
      return std::nullopt;
    }
    return doc("d1", {fact("Microsoft", "OpenAI", 2019, 1e9), fact("Microsoft", "OpenAI", 2022, std::nullopt, 1)});
  });
  CHECK(r.documents == 1);
  REQUIRE(r.skipped.size() == 1);
  CHECK(r.skipped[0] == "doc-d2.txt: not re-extracted: test");
  CHECK(s.judgements().size() == 1);
  kg::FactOptions all;
  all.include_rejected = true;
  std::vector<std::string> got;
  for (const auto& f : s.facts(all)) got.push_back(f.subject + " " + std::to_string(f.year.value_or(0)) + " " + f.verdict);
  CHECK(got == std::vector<std::string>{"Microsoft 2019 rejected", "Microsoft 2022 ", "微软科技 2021 "});
  CHECK(s.stats().documents == 2);
}

namespace {

// Every field a reader sees, one line per fact, evidence included.
std::string dump(const std::vector<kg::FactRow>& facts) {
  std::ostringstream out;
  auto opt = [](const auto& v) { return v ? std::to_string(*v) : std::string("-"); };
  for (const auto& f : facts) {
    out << f.id << '|' << f.key << '|' << f.subject_id << ':' << f.subject << ':' << f.subject_type << '|'
        << f.predicate << '|' << f.object_id << ':' << f.object << ':' << f.object_type << '|' << opt(f.amount)
        << '|' << opt(f.amount_min) << '|' << opt(f.amount_max) << '|' << f.approx << f.round_total << '|'
        << f.currency << '|' << f.round << '|' << f.role << '|' << opt(f.year) << '|' << opt(f.month) << '|'
        << opt(f.day) << '|' << f.date_basis << '|' << f.status << '|' << f.confidence << '|' << f.sources << '|'
        << f.verdict << '|' << f.corrected << f.manual;
    for (const auto& s : f.evidence) out << " [" << s.doc_id << ' ' << s.sentence_id << ' ' << s.start << ' ' << s.rule << ']';
    out << '\n';
  }
  return out.str();
}

std::string dump_entities(const std::vector<kg::EntityRow>& es) {
  std::ostringstream out;
  for (const auto& e : es) {
    out << e.id << '|' << e.key << '|' << e.name << '|' << e.type << '|' << e.origin << '|';
    for (const auto& a : e.aliases) out << a << "^";
    out << '\n';
  }
  return out.str();
}

// A private copy of the schema-1 fixture (migrated when a Store opens it), removed with its WAL files at the end.
struct V1Copy {
  fs::path path;
  explicit V1Copy(const std::string& tag)
      : path(fs::temp_directory_path() / ("kg-v1-" + tag + "-" + std::to_string(::getpid()) + ".db")) {
    fs::remove(path);
    fs::copy_file(fs::path(KG_SOURCE_DIR) / "tests/schema/fixtures/v1.db", path);
  }
  ~V1Copy() {
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(path.string() + ext);
  }
};

void check_same_through_views(const kg::Store& s) {
  CHECK(dump_entities(s.entities(false)) == dump_entities(s.entities(true)));
  for (bool evidence : {false, true})
    for (bool rejected : {false, true}) {
      kg::FactOptions direct, views;
      direct.with_evidence = views.with_evidence = evidence;
      direct.include_rejected = views.include_rejected = rejected;
      views.through_views = true;
      INFO("evidence " << evidence << ", include_rejected " << rejected);
      CHECK(dump(s.facts(direct)) == dump(s.facts(views)));
    }
}

}  // namespace

TEST_CASE("Without judgements in force, facts and entities read from the tables equal those read through the views",
          "[schema][curation]") {
  SECTION("a migrated schema-1 database of the sample articles") {
    V1Copy copy("direct");
    kg::Store s(copy.path.string());
    REQUIRE(s.facts(false).size() > 10);
    check_same_through_views(s);
  }
  SECTION("entities sharing a key, a lexicon entity stored after a discovered one, folded and repeated facts") {
    kg::Store s(":memory:");
    auto d1 = doc("d1", {fact("微软科技", "OpenAI", 2019, std::nullopt), fact("Microsoft", "OpenAI", 2019, 1e9, 1)});
    d1.entities.push_back({"openai", "organization", "discovered", {"openai"}});
    d1.facts.push_back(fact("openai", "微软科技", std::nullopt, std::nullopt, 1));
    auto d2 = doc("d2", {fact("Microsoft", "OpenAI", 2019, 1e9), fact("Microsoft", "OpenAI", std::nullopt, std::nullopt)});
    d2.entities.insert(d2.entities.begin(), {"MICROSOFT", "organization", "discovered", {"MICROSOFT"}});
    d2.facts.push_back(fact("MICROSOFT", "OpenAI", 2021, 5e8, 1));
    s.add_document(d2);  // MICROSOFT (discovered) gets a lower id than Microsoft (lexicon): the lexicon one is canonical
    s.add_document(d1);
    check_same_through_views(s);
    CHECK(s.facts(false).front().subject == "Microsoft");
  }
  SECTION("judgements that were undone, and notes, leave the direct read in use and equal") {
    kg::Store s(":memory:");
    s.add_document(doc("d1", {fact("Microsoft", "OpenAI", 2019, 1e9), fact("微软科技", "OpenAI", 2020, 2e9, 1)}));
    const std::string id = s.facts()[0].key;
    auto rej = s.add_judgement(judged("reject", id));
    check_same_through_views(s);  // a rejection in force: both read the views
    s.undo(rej.id, "", "test");
    check_same_through_views(s);
    CHECK(s.facts().size() == 2);
  }
}

TEST_CASE("Evidence read per fact from its rows equals the evidence Store::facts gives, merges and manual facts included",
          "[schema][curation]") {
  auto check = [](const kg::Store& s) {
    for (bool rejected : {false, true}) {
      kg::FactOptions eager, light;
      eager.include_rejected = light.include_rejected = rejected;
      light.with_evidence = false;
      auto full = s.facts(eager);
      auto bare = s.facts(light);
      REQUIRE(full.size() == bare.size());
      for (size_t i = 0; i < full.size(); ++i) {
        INFO(full[i].subject << " " << full[i].predicate << " " << full[i].object);
        CHECK(bare[i].evidence.empty());
        CHECK(bare[i].rows == full[i].rows);
        CHECK(dump({full[i]}) == [&] {
          kg::FactRow f = bare[i];
          f.evidence = s.evidence(f.rows);
          return dump({f});
        }());
      }
    }
  };
  SECTION("a migrated schema-1 database of the sample articles") {
    V1Copy copy("lazy");
    kg::Store s(copy.path.string());
    check(s);
  }
  SECTION("merged entities, a folded fact, a rejection and a manual fact") {
    kg::Store s(":memory:");
    s.add_document(doc("d1", {fact("Microsoft", "OpenAI", 2019, 1e9), fact("微软科技", "OpenAI", 2019, 1e9, 1),
                              fact("Microsoft", "OpenAI", std::nullopt, std::nullopt, 1)}));
    s.add_document(doc("d2", {fact("Microsoft", "OpenAI", 2019, 1e9, 1), fact("OpenAI", "微软科技", 2022, 3e8)}));
    s.add_judgement(judged("merge", "microsoft", kg::entity_key("微软科技")));
    s.add_judgement(judged("reject", s.facts().back().key));
    kg::Judgement m = judged("fact", "", "",
                             R"({"subject":"Microsoft","subject_key":"microsoft","predicate":"invested",)"
                             R"("object":"OpenAI","object_key":"openai","year":2023,"amount":1e10,"currency":"USD"})");
    m.evidence = "phone call with the CFO";
    m.target = kg::fact_uid("Microsoft", "invested", "OpenAI", 2023, std::nullopt, 1e10, "USD", "completed");
    s.add_judgement(m);
    bool gathered = false;
    for (const auto& f : s.facts()) gathered = gathered || f.rows.size() > 1;
    CHECK(gathered);  // the merge and the fold made one fact of several rows
    check(s);
  }
}

TEST_CASE("Documents added in a group are committed together, and one that fails inside the group leaves nothing",
          "[schema]") {
  kg::Store s(":memory:");
  s.begin_group();
  CHECK(s.in_group());
  CHECK(s.add_document(doc("g1", {fact("Microsoft", "OpenAI", 2019, 1e9)})).added);
  auto bad = doc("g2", {fact("Microsoft", "OpenAI", 2020, 2e9)});
  bad.facts.push_back(fact("Nobody", "OpenAI", 2021, std::nullopt));  // names an entity the document lacks
  CHECK_THROWS_AS(s.add_document(bad), kg::DbError);
  CHECK(s.in_group());
  CHECK(s.add_document(doc("g3", {fact("微软科技", "OpenAI", 2022, std::nullopt)})).added);
  CHECK_FALSE(s.add_document(doc("g1", {})).added);  // a hash stored earlier in the same group is known
  s.commit_group();
  CHECK_FALSE(s.in_group());
  CHECK(s.stats().documents == 2);
  for (const auto& f : s.facts(false)) CHECK(f.year != 2020);  // nothing of the failed document
  CHECK(s.facts(false).size() == 2);
}
