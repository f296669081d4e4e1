// Tests for kg::queries::parse_question: English and Chinese (simplified and traditional) forms, modifiers,
// and questions that must be refused.
#include <catch2/catch.hpp>

#include "base/error.h"
#include "queries/question.h"

using kg::queries::describe;
using kg::queries::parse_question;

TEST_CASE("questions in English and Chinese parse into the expected structured query", "[queries]") {
  struct Case {
    const char* question;
    const char* expected;  // describe() of the parse
  };
  const std::vector<Case> cases = {
      // ---- English: investors with year and amount modifiers ----
      {"who funded OpenAI before 2019", "investors a=OpenAI before=2019"},
      {"Who funded OpenAI before 2019?", "investors a=OpenAI before=2019"},
      {"who invested in OpenAI after 2018", "investors a=OpenAI after=2018"},
      {"who backed OpenAI in 2019", "investors a=OpenAI in=2019"},
      {"before 2019, who funded OpenAI?", "investors a=OpenAI before=2019"},
      {"who funded OpenAI between 2015 and 2018", "investors a=OpenAI before=2019 after=2014"},
      {"who has invested in Anthropic since 2021", "investors a=Anthropic after=2020"},
      {"who invested more than $1 billion in OpenAI", "investors a=OpenAI min_amount=1000000000 USD"},
      {"who invested over 1 billion dollars in OpenAI", "investors a=OpenAI min_amount=1000000000 USD"},
      {"who invested at least $500M in Anthropic", "investors a=Anthropic min_amount=500000000 USD"},
      {"who invested more than 100 million yuan in 云帆机器人", "investors a=云帆机器人 min_amount=100000000 CNY"},
      {"investors of OpenAI", "investors a=OpenAI"},
      {"who are the investors of Y Combinator", "investors a=Y Combinator"},
      {"OpenAI's investors", "investors a=OpenAI"},
      {"please tell me who funded \"OpenAI\"", "investors a=OpenAI"},
      // ---- English: other families ----
      {"what did Microsoft invest in", "portfolio a=Microsoft"},
      {"what companies has Sequoia Capital invested in?", "portfolio a=Sequoia Capital"},
      {"portfolio of Y Combinator", "portfolio a=Y Combinator"},
      {"who acquired DeepMind", "acquirers a=DeepMind"},
      {"which company bought LinkedIn", "acquirers a=LinkedIn"},
      {"what did Google acquire", "acquisitions a=Google"},
      {"who founded OpenAI", "founders a=OpenAI"},
      {"who are the founders of Loopt", "founders a=Loopt"},
      {"what did Sam Altman found", "founded_by a=Sam Altman"},
      {"companies founded by Reid Hoffman", "founded_by a=Reid Hoffman"},
      {"how is Elon Musk connected to Microsoft", "path a=Elon Musk b=Microsoft"},
      {"what is the relationship between Google and DeepMind", "path a=Google b=DeepMind"},
      {"path from Elon Musk to LinkedIn via invested", "path a=Elon Musk b=LinkedIn via=invested"},
      {"path from Elon Musk to LinkedIn via acquisitions and investments",
       "path a=Elon Musk b=LinkedIn via=invested,acquired"},
      {"all paths from Elon Musk to LinkedIn", "all_paths a=Elon Musk b=LinkedIn"},
      {"what is within 2 hops of OpenAI", "neighbors a=OpenAI hops=2"},
      {"what's within three hops of OpenAI", "neighbors a=OpenAI hops=3"},
      {"neighbors of OpenAI", "neighbors a=OpenAI hops=2"},
      {"co-investors of Microsoft", "co_investors a=Microsoft"},
      {"timeline of OpenAI", "timeline a=OpenAI"},
      {"timeline of OpenAI after 2018", "timeline a=OpenAI after=2018"},
      {"tell me about OpenAI", "profile a=OpenAI"},
      {"who is Sam Altman", "profile a=Sam Altman"},
      // ---- Chinese ----
      {"2019年之前谁投资了OpenAI", "investors a=OpenAI before=2019"},
      {"2019年以前谁投资了OpenAI", "investors a=OpenAI before=2019"},
      {"2019年以后谁投资了OpenAI", "investors a=OpenAI after=2019"},
      {"2019年谁投资了OpenAI", "investors a=OpenAI in=2019"},
      {"2019年以来谁投资了OpenAI", "investors a=OpenAI after=2018"},
      {"2015年到2018年之间谁投资了OpenAI", "investors a=OpenAI before=2019 after=2014"},
      {"谁在2019年之前投资了OpenAI", "investors a=OpenAI before=2019"},
      {"OpenAI在2019年之前的投资方", "investors a=OpenAI before=2019"},
      {"谁投资了OpenAI", "investors a=OpenAI"},
      {"OpenAI的投资方", "investors a=OpenAI"},
      {"OpenAI的投资人有哪些", "investors a=OpenAI"},
      {"哪些机构投资了OpenAI", "investors a=OpenAI"},
      {"“OpenAI”的投资方有哪些？", "investors a=OpenAI"},
      {"OpenAI被谁投资了", "investors a=OpenAI"},
      {"投资超过10亿美元的OpenAI投资方", "investors a=OpenAI min_amount=1000000000 USD"},
      {"谁向OpenAI投资超过10亿美元", "investors a=OpenAI min_amount=1000000000 USD"},
      {"谁向云帆机器人投资了1亿元以上", "investors a=云帆机器人 min_amount=100000000 CNY"},
      {"微软投资了哪些公司", "portfolio a=微软"},
      {"微软投资了什么", "portfolio a=微软"},
      {"谁收购了DeepMind", "acquirers a=DeepMind"},
      {"DeepMind被谁收购了", "acquirers a=DeepMind"},
      {"谷歌收购了哪些公司", "acquisitions a=谷歌"},
      {"OpenAI的创始人是谁", "founders a=OpenAI"},
      {"谁创办了OpenAI", "founders a=OpenAI"},
      {"Sam Altman创办了哪些公司", "founded_by a=Sam Altman"},
      {"马斯克和微软有什么关系", "path a=马斯克 b=微软"},
      {"马斯克与微软之间的关系", "path a=马斯克 b=微软"},
      {"马斯克和领英之间的所有路径", "all_paths a=马斯克 b=领英"},
      {"马斯克和微软有什么关系（只看投资）", "path a=马斯克 b=微软 via=invested"},
      {"OpenAI两跳以内有哪些", "neighbors a=OpenAI hops=2"},
      {"OpenAI周围2跳", "neighbors a=OpenAI hops=2"},
      {"OpenAI三跳以内有什么", "neighbors a=OpenAI hops=3"},
      {"微软的共同投资方", "co_investors a=微软"},
      {"OpenAI的时间线", "timeline a=OpenAI"},
      {"OpenAI是什么", "profile a=OpenAI"},
      {"介绍一下云帆机器人", "profile a=云帆机器人"},
      // ---- Traditional Chinese and full-width: entity keeps its spelling ----
      {"2019年之前誰投資了OpenAI", "investors a=OpenAI before=2019"},
      {"微軟投資了哪些公司", "portfolio a=微軟"},
      {"ＯｐｅｎＡＩ的創始人是誰？", "founders a=ＯｐｅｎＡＩ"},
      {"誰收購了DeepMind", "acquirers a=DeepMind"},
  };
  REQUIRE(cases.size() >= 40);
  for (const auto& c : cases) {
    INFO(c.question);
    CHECK(describe(parse_question(c.question)) == c.expected);
  }
}

TEST_CASE("questions that fit no understood form are refused with the list of forms", "[queries]") {
  const std::vector<const char*> refused = {
      "OpenAI",
      "who invested in",
      "谁投资了",
      "who funded it",
      "谁投资了谁",
      "谁投资了哪些公司",
      "how much did Microsoft invest in OpenAI",
      "今天天气怎么样",
      "invest OpenAI Microsoft",
      "who funded OpenAI before 19",
      "who funded OpenAI in 2019 and 2020",
  };
  for (const char* q : refused) {
    INFO(q);
    try {
      auto parsed = parse_question(q);
      FAIL("parsed as " << describe(parsed));
    } catch (const kg::UsageError& e) {
      std::string msg = e.what();
      CHECK(msg.find("cannot understand question '") == 0);
      CHECK(msg.find("; try: who funded X") != std::string::npos);
      CHECK(msg.find('\n') == std::string::npos);
    }
  }
}

TEST_CASE("any \"what is X\" is a profile question, and an unknown X is reported by the answer layer", "[queries]") {
  CHECK(describe(parse_question("what is the capital of France?")) == "profile a=the capital of France");
}

TEST_CASE("malformed modifiers are usage errors with their own message", "[queries]") {
  struct Case {
    const char* question;
    const char* message_part;
  };
  const std::vector<Case> cases = {
      {"who funded OpenAI between 2019 and 2015", "empty year range"},
      {"what is within 50 hops of OpenAI", "hops must be between 1 and 10"},
      {"OpenAI十一跳以内有哪些", "hops must be between 1 and 10"},
      {"", "empty question"},
      {"   ", "empty question"},
      {"?", "empty question"},
      {"who funded OpenAI before 2019 before 2018", "conflicting years"},
  };
  for (const auto& c : cases) {
    INFO(c.question);
    try {
      parse_question(c.question);
      FAIL("accepted");
    } catch (const kg::UsageError& e) {
      CHECK(std::string(e.what()).find(c.message_part) != std::string::npos);
    }
  }
  CHECK_THROWS_AS(parse_question(std::string(600, 'a')), kg::UsageError);
}

TEST_CASE("parsed fields are exposed individually", "[queries]") {
  auto q = parse_question("who invested more than €20 million in Mistral between 2022 and 2024");
  CHECK(q.kind == kg::queries::QuestionKind::Investors);
  CHECK(q.a == "Mistral");
  CHECK(q.b.empty());
  REQUIRE(q.min_amount);
  CHECK(*q.min_amount == Approx(2e7));
  CHECK(q.currency == "EUR");
  CHECK(q.after == 2021);
  CHECK(q.before == 2025);
  CHECK_FALSE(q.in_year);

  auto p = parse_question("马斯克到领英的最短路径");
  CHECK(p.kind == kg::queries::QuestionKind::Path);
  CHECK(p.a == "马斯克");
  CHECK(p.b == "领英");
  CHECK(kg::queries::to_string(p.kind) == "path");

  auto n = parse_question("what is within 1 hop of 云帆机器人");
  CHECK(n.hops == 1);
  CHECK(n.a == "云帆机器人");
}
