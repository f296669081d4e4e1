// Tests for kg::queries answers: year and amount filters, evidence columns, ordering, families, paths,
// neighbours, profile conflicts, unknown entities, and answer() on parsed questions.
#include <catch2/catch.hpp>

#include <set>

#include "base/error.h"
#include "queries/answer.h"
#include "tests/queries/fixture.h"

using namespace kg::queries;

namespace {

std::vector<std::string> column(const Table& t, const std::string& name) {
  auto it = std::find(t.columns.begin(), t.columns.end(), name);
  REQUIRE(it != t.columns.end());
  size_t i = static_cast<size_t>(it - t.columns.begin());
  std::vector<std::string> out;
  for (const auto& r : t.rows) out.push_back(r.at(i));
  return out;
}

std::vector<std::string> first(const Table& t) {
  std::vector<std::string> out;
  for (const auto& r : t.rows) out.push_back(r.at(0));
  return out;
}

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("investor rows have the evidence columns in the documented order", "[queries]") {
  auto g = kgtest::graph();
  Table t = investors(g, "OpenAI");
  CHECK(t.columns == Names{"investor", "year", "amount", "currency", "sentence", "document", "date", "status",
                           "round", "role", "sources"});
  for (const auto& r : t.rows) CHECK(r.size() == t.columns.size());
  // Microsoft 2019: first source, its document's publication date, two sources
  bool found = false;
  for (const auto& r : t.rows) {
    if (r[0] == "Microsoft" && r[1] == "2019") {
      found = true;
      CHECK(r[2] == "1000000000");
      CHECK(r[3] == "USD");
      CHECK(r[4] == "示例：2019年微软向OpenAI注资10亿美元。");
      CHECK(r[5] == "news/doc1.txt");
      CHECK(r[6] == "2023-02-08");
      CHECK(r[7] == "completed");
      CHECK(r[8] == "strategic");
      CHECK(r[9] == "lead");
      CHECK(r[10] == "2");
    }
  }
  CHECK(found);
}

TEST_CASE("investors are ordered by year with undated facts last, then by name, one row per fact", "[queries]") {
  auto g = kgtest::graph();
  Table t = investors(g, "OpenAI");
  CHECK(first(t) == Names{"Elon Musk", "Peter Thiel", "Reid Hoffman", "Y Combinator", "Khosla Ventures", "Microsoft",
                          "Microsoft", "Microsoft", "Tiger Fund"});
  CHECK(column(t, "year") == Names{"2015", "2015", "2015", "2016", "2019", "2019", "2022", "2023", ""});
}

TEST_CASE("year filters are strict and drop facts without a year", "[queries]") {
  auto g = kgtest::graph();
  struct Case {
    std::optional<int> before, after, in;
    Names expected;
  };
  const std::vector<Case> cases = {
      {2019, {}, {}, {"Elon Musk", "Peter Thiel", "Reid Hoffman", "Y Combinator"}},
      {2016, {}, {}, {"Elon Musk", "Peter Thiel", "Reid Hoffman"}},
      {{}, 2019, {}, {"Microsoft", "Microsoft"}},
      {{}, 2018, {}, {"Khosla Ventures", "Microsoft", "Microsoft", "Microsoft"}},
      {{}, {}, 2019, {"Khosla Ventures", "Microsoft"}},
      {2023, 2015, {}, {"Y Combinator", "Khosla Ventures", "Microsoft", "Microsoft"}},
      {2015, {}, {}, {}},
      {{}, {}, 2030, {}},
  };
  for (const auto& c : cases) {
    INFO("before " << c.before.value_or(0) << " after " << c.after.value_or(0) << " in " << c.in.value_or(0));
    Table t = investors(g, "OpenAI", c.before, c.after, c.in, std::nullopt, "");
    CHECK(first(t) == c.expected);
  }
}

TEST_CASE("an amount threshold keeps facts with their own amount at or above it in the asked currency",
          "[queries]") {
  auto g = kgtest::graph();
  Table t = investors(g, "OpenAI", {}, {}, {}, 1e9, "USD");
  CHECK(first(t) == Names{"Microsoft", "Microsoft", "Microsoft"});
  CHECK(column(t, "year") == Names{"2019", "2022", "2023"});
  // the 2015 $1B was the whole round's total: left out, and the note says so
  CHECK(t.note.find("3 fact(s)") != std::string::npos);
  CHECK(first(investors(g, "OpenAI", {}, {}, {}, 5e9, "USD")) == Names{"Microsoft"});
  CHECK(first(investors(g, "OpenAI", {}, {}, {}, 1e9, "CNY")).empty());
  CHECK(first(investors(g, "OpenAI", {}, {}, {}, 1e5, "")) == Names{"Y Combinator", "Microsoft", "Microsoft", "Microsoft"});
  CHECK(first(investors(g, "OpenAI", 2020, {}, {}, 1e9, "USD")) == Names{"Microsoft"});
}

TEST_CASE("the fact filter accepts and rejects single facts as documented", "[queries]") {
  kg::FactRow f;
  f.year = 2019;
  f.amount = 2e8;
  f.currency = "CNY";
  f.status = "completed";
  struct Case {
    FactFilter filter;
    std::string status;
    bool round_total;
    bool accepted;
  };
  FactFilter none;
  FactFilter before2019;
  before2019.before = 2019;
  FactFilter before2020;
  before2020.before = 2020;
  FactFilter cny1e8;
  cny1e8.min_amount = 1e8;
  cny1e8.currency = "CNY";
  FactFilter usd1e8 = cny1e8;
  usd1e8.currency = "USD";
  FactFilter any3e8;
  any3e8.min_amount = 3e8;
  FactFilter denied_ok;
  denied_ok.include_denied = true;
  const std::vector<Case> cases = {
      {none, "completed", false, true},     {none, "denied", false, false},   {none, "terminated", false, false},
      {denied_ok, "denied", false, true},   {none, "rumoured", false, true},  {before2019, "completed", false, false},
      {before2020, "completed", false, true}, {cny1e8, "completed", false, true}, {cny1e8, "completed", true, false},
      {usd1e8, "completed", false, false},  {any3e8, "completed", false, false},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    INFO("case " << i);
    f.status = cases[i].status;
    f.round_total = cases[i].round_total;
    CHECK(cases[i].filter.accepts(f) == cases[i].accepted);
  }
}

TEST_CASE("the other fact families answer with the entity on the other side", "[queries]") {
  auto g = kgtest::graph();
  CHECK(first(acquirers(g, "DeepMind")) == Names{"Google"});
  CHECK(acquirers(g, "DeepMind").columns ==
        Names{"acquirer", "year", "amount", "currency", "sentence", "document", "date", "status", "sources"});
  CHECK(first(acquisitions(g, "Microsoft")) == Names{"LinkedIn"});
  CHECK(first(founders(g, "OpenAI")) == Names{"Sam Altman"});
  CHECK(founders(g, "OpenAI").columns.front() == "founder");
  CHECK(first(founded_by(g, "Sam Altman")) == Names{"OpenAI", "Loopt"});  // dated first
  CHECK(first(portfolio(g, "Y Combinator")) == Names{"OpenAI", "Loopt"});
  CHECK(portfolio(g, "Y Combinator").columns.front() == "company");
  // the denied Microsoft → Anthropic fact is not an investment
  CHECK(first(portfolio(g, "微軟")) == Names{"OpenAI", "OpenAI", "OpenAI"});
  CHECK(first(acquirers(g, "OpenAI")).empty());
}

TEST_CASE("co-investors are the other investors in the same companies", "[queries]") {
  auto g = kgtest::graph();
  Table t = co_investors(g, "Microsoft");
  CHECK(t.columns.front() == "co_investor");
  Names col = first(t);
  std::set<std::string> names(col.begin(), col.end());
  CHECK(names == std::set<std::string>{"Elon Musk", "Peter Thiel", "Reid Hoffman", "Y Combinator", "Khosla Ventures",
                                       "Tiger Fund"});
  for (const auto& c : column(t, "company")) CHECK(c == "OpenAI");  // Anthropic only via a denied fact
  // 启明资本 invested in 云帆机器人 (with 华岳创投) and plans to invest in 星图医疗 (with Acme, 2020)
  CHECK(first(co_investors(g, "启明资本")) == Names{"Acme, \"Quoted\" Labs", "华岳创投"});
  CHECK(first(co_investors(g, "OpenAI")).empty());
  CHECK_FALSE(co_investors(g, "OpenAI").note.empty());
}

TEST_CASE("a timeline lists every fact of an entity in time order", "[queries]") {
  auto g = kgtest::graph();
  Table t = timeline(g, "Microsoft");
  CHECK(column(t, "year") == Names{"2016", "2019", "2022", "2023"});
  CHECK(first(t) == Names{"LinkedIn", "OpenAI", "OpenAI", "OpenAI"});
  CHECK(column(t, "predicate") == Names{"acquired", "invested", "invested", "invested"});
  FactFilter f;
  f.include_denied = true;
  CHECK(timeline(g, "Microsoft", f).rows.size() == 5);
}

TEST_CASE("a path answer has one row per hop in path order with the direction in the predicate", "[queries]") {
  auto g = kgtest::graph();
  Table t = path(g, "Elon Musk", "LinkedIn");
  CHECK(t.columns == Names{"step", "from", "predicate", "to", "year", "amount", "sentence", "document"});
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0] == Names{"1", "Elon Musk", "invested", "OpenAI", "2015", "1000000000",
                           "Example: in 2015 several backers pledged $1 billion to OpenAI.", "news/doc1.txt"});
  CHECK(t.rows[1][1] == "OpenAI");
  CHECK(t.rows[1][2] == "invested by");
  CHECK(t.rows[1][3] == "Microsoft");
  CHECK(t.rows[1][4] == "2019");  // the earliest of the parallel facts
  CHECK(t.rows[2][2] == "acquired");

  Table via = path(g, "Elon Musk", "LinkedIn", {"invested", "founded"});
  REQUIRE(via.rows.size() == 3);
  CHECK(via.rows[1][3] == "Reid Hoffman");
  CHECK(via.rows[2][2] == "founded");

  Table all = path(g, "Elon Musk", "LinkedIn", {}, true);
  CHECK(column(all, "step") == Names{"1.1", "1.2", "1.3", "2.1", "2.2", "2.3"});

  Table none = path(g, "启明资本", "OpenAI");
  CHECK(none.rows.empty());
  CHECK(none.note.find("no path") != std::string::npos);

  FactFilter before2016;
  before2016.before = 2016;
  CHECK(path(g, "Elon Musk", "Microsoft", {}, false, before2016).rows.empty());
  CHECK_THROWS_AS(path(g, "Elon Musk", "LinkedIn", {"likes"}), kg::UsageError);
}

TEST_CASE("neighbours within N hops come with their distance and the fact that links them", "[queries]") {
  auto g = kgtest::graph();
  Table t = neighbors(g, "OpenAI", 1);
  CHECK(t.columns == Names{"entity", "year", "amount", "currency", "sentence", "document", "date", "hops", "type",
                           "link"});
  CHECK(first(t) == Names{"Elon Musk", "Khosla Ventures", "Microsoft", "Peter Thiel", "Reid Hoffman", "Sam Altman",
                          "Tiger Fund", "Y Combinator"});
  for (const auto& h : column(t, "hops")) CHECK(h == "1");
  CHECK(column(t, "link")[2] == "Microsoft invested OpenAI");
  Table two = neighbors(g, "OpenAI", 2);
  auto names = first(two);
  CHECK(std::find(names.begin(), names.end(), "LinkedIn") != names.end());
  CHECK(std::find(names.begin(), names.end(), "Loopt") != names.end());
  CHECK(std::find(names.begin(), names.end(), "Anthropic") == names.end());  // only via a denied fact
  CHECK(std::find(names.begin(), names.end(), "DeepMind") == names.end());   // three hops away
  CHECK_THROWS_AS(neighbors(g, "OpenAI", 0), kg::UsageError);
  CHECK_THROWS_AS(neighbors(g, "OpenAI", 11), kg::UsageError);
}

TEST_CASE("a profile lists every fact with each of its sources and flags conflicting reports", "[queries]") {
  auto g = kgtest::graph();
  auto v = g.find("Microsoft");
  REQUIRE(v);
  auto cs = conflicts(g, *v);
  REQUIRE(cs.size() == 1);  // 2022 (doc2) vs 2023 (doc1); 2019 shares documents with both
  CHECK(g.fact(cs[0].first).year == 2022);
  CHECK(g.fact(cs[0].second).year == 2023);
  CHECK(cs[0].what == "year 2022 vs 2023");

  Table t = profile(g, "MSFT");
  // 2019 fact has two sources → two rows; the denied fact is included: 5 facts, 6 rows
  CHECK(t.rows.size() == 6);
  CHECK(t.note.find("Microsoft (organization)") == 0);
  CHECK(t.note.find("aliases: Microsoft, 微软, 微軟, MSFT") != std::string::npos);
  CHECK(t.note.find("5 facts") != std::string::npos);
  CHECK(t.note.find("1 possible conflict") != std::string::npos);
  auto conflict = column(t, "conflict");
  auto years = column(t, "year");
  for (size_t i = 0; i < t.rows.size(); ++i) {
    INFO("row " << i);
    bool should = years[i] == "2022" || years[i] == "2023";
    CHECK(conflict[i].empty() != should);
  }
  auto status = column(t, "status");
  CHECK(std::count(status.begin(), status.end(), "denied") == 1);

  Table acme = profile(g, "Acme, \"Quoted\" Labs");
  CHECK(acme.rows.size() == 1);
  CHECK(acme.note.find("(product)") != std::string::npos);
  CHECK(acme.note.find("0 possible conflicts") != std::string::npos);
}

TEST_CASE("an unknown entity is a usage error with suggestions", "[queries]") {
  auto g = kgtest::graph();
  try {
    investors(g, "OpenAl");
    FAIL("accepted");
  } catch (const kg::UsageError& e) {
    CHECK(std::string(e.what()).find("unknown entity 'OpenAl'; did you mean: OpenAI") == 0);
  }
  try {
    investors(g, "qqqqzzzzxxxx");
    FAIL("accepted");
  } catch (const kg::UsageError& e) {
    CHECK(std::string(e.what()) == "unknown entity 'qqqqzzzzxxxx'");
  }
}

TEST_CASE("answer() runs parsed questions in both languages end to end", "[queries]") {
  auto g = kgtest::graph();
  struct Case {
    const char* question;
    Names expected_first_column;
  };
  const std::vector<Case> cases = {
      {"who funded OpenAI before 2019", {"Elon Musk", "Peter Thiel", "Reid Hoffman", "Y Combinator"}},
      {"2019年之前谁投资了OpenAI", {"Elon Musk", "Peter Thiel", "Reid Hoffman", "Y Combinator"}},
      {"2019年之前誰投資了OpenAI", {"Elon Musk", "Peter Thiel", "Reid Hoffman", "Y Combinator"}},
      {"2019年谁投资了OpenAI", {"Khosla Ventures", "Microsoft"}},
      {"who invested more than $1 billion in OpenAI", {"Microsoft", "Microsoft", "Microsoft"}},
      {"谁向OpenAI投资超过10亿美元", {"Microsoft", "Microsoft", "Microsoft"}},
      {"谁向云帆机器人投资超过1亿元", {}},  // both facts carry only the round's total
      {"云帆机器人的投资方", {"华岳创投", "启明资本"}},
      {"谁收购了DeepMind", {"Google"}},
      {"谷歌收购了哪些公司", {"DeepMind"}},
      {"OpenAI的创始人是谁", {"Sam Altman"}},
      {"what did Sam Altman found", {"OpenAI", "Loopt"}},
      {"微软投资了哪些公司", {"OpenAI", "OpenAI", "OpenAI"}},
      {"启明资本的共同投资方", {"Acme, \"Quoted\" Labs", "华岳创投"}},
      {"how is Google connected to DeepMind", {"1"}},
  };
  for (const auto& c : cases) {
    INFO(c.question);
    CHECK(first(answer(g, parse_question(c.question))) == c.expected_first_column);
  }
  CHECK_THROWS_AS(answer(g, parse_question("who funded Nobody Inc")), kg::UsageError);
}
