// The example questions of docs/queries.md, one (or more) per understood form, English and Chinese, with the
// parse each must give (kg::queries::describe). Keeps the documentation and the parser in step: when a form
// changes, change the example in docs/queries.md too.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "queries/question.h"

using namespace kg::queries;

TEST_CASE("every example question in docs/queries.md parses as documented", "[queries]") {
  struct Case {
    const char* question;
    const char* parse;
  };
  const std::vector<Case> cases = {
      {"show all paths from Sam Altman to Peter Thiel", "all_paths a=Sam Altman b=Peter Thiel"},
      {"all the ways Sam Altman is connected to Peter Thiel", "all_paths a=Sam Altman b=Peter Thiel"},
      {"shortest path from Sam Altman to Peter Thiel", "path a=Sam Altman b=Peter Thiel"},
      {"how is Sam Altman connected to Microsoft", "path a=Sam Altman b=Microsoft"},
      {"how are Google and Demis Hassabis related", "path a=Google b=Demis Hassabis"},
      {"what is the relationship between Google and DeepMind", "path a=Google b=DeepMind"},
      {"what connects Paul Graham and OpenAI", "path a=Paul Graham b=OpenAI"},
      {"is Paul Graham connected to OpenAI", "path a=Paul Graham b=OpenAI"},
      {"what is within 2 hops of Loopt", "neighbors a=Loopt hops=2"},
      {"neighbours of DeepMind within one hop", "neighbors a=DeepMind hops=1"},
      {"the network around Anthropic", "neighbors a=Anthropic hops=2"},
      {"what's around Hydrazine Capital", "neighbors a=Hydrazine Capital hops=2"},
      {"co-investors of Peter Thiel", "co_investors a=Peter Thiel"},
      {"who co-invested with Khosla Ventures", "co_investors a=Khosla Ventures"},
      {"who invested alongside Microsoft", "co_investors a=Microsoft"},
      {"Peter Thiel's co-investors", "co_investors a=Peter Thiel"},
      {"timeline of 曜石智能", "timeline a=曜石智能"},
      {"Microsoft's history", "timeline a=Microsoft"},
      {"who founded Y Combinator", "founders a=Y Combinator"},
      {"who were the founders of Anthropic", "founders a=Anthropic"},
      {"founders of OpenAI", "founders a=OpenAI"},
      {"DeepMind's founder", "founders a=DeepMind"},
      {"by whom was Loopt founded", "founders a=Loopt"},
      {"what did Sam Altman found", "founded_by a=Sam Altman"},
      {"which companies were founded by Sam Altman", "founded_by a=Sam Altman"},
      {"what was co-founded by Paul Graham", "founded_by a=Paul Graham"},
      {"who acquired DeepMind", "acquirers a=DeepMind"},
      {"the buyer of 芯岸数据", "acquirers a=芯岸数据"},
      {"by whom was DeepMind acquired", "acquirers a=DeepMind"},
      {"who was DeepMind bought by", "acquirers a=DeepMind"},
      {"what did Google acquire", "acquisitions a=Google"},
      {"what was acquired by 华溪科技", "acquisitions a=华溪科技"},
      {"acquisitions by Google", "acquisitions a=Google"},
      {"Google's acquisitions", "acquisitions a=Google"},
      {"who funded OpenAI", "investors a=OpenAI"},
      {"who are the investors of Anthropic", "investors a=Anthropic"},
      {"investors in Loopt", "investors a=Loopt"},
      {"OpenAI's backers", "investors a=OpenAI"},
      {"who was investing in Anthropic", "investors a=Anthropic"},
      {"where did OpenAI get money from", "investors a=OpenAI"},
      {"what did Y Combinator invest in", "portfolio a=Y Combinator"},
      {"which startups did 启衡基金 back", "portfolio a=启衡基金"},
      {"portfolio of Google", "portfolio a=Google"},
      {"Microsoft's investments", "portfolio a=Microsoft"},
      {"where did Reid Hoffman invest", "portfolio a=Reid Hoffman"},
      {"tell me about 曜石智能", "profile a=曜石智能"},
      {"who is Sam Altman", "profile a=Sam Altman"},
      {"profile of Anthropic", "profile a=Anthropic"},
      {"describe DeepMind", "profile a=DeepMind"},
      {"澄湖资本的共同投资方有哪些", "co_investors a=澄湖资本"},
      {"谁和澄湖资本一起投资过", "co_investors a=澄湖资本"},
      {"山姆·奥特曼和彼得·蒂尔之间的所有关系", "all_paths a=山姆·奥特曼 b=彼得·蒂尔"},
      {"从Sam Altman到Peter Thiel的所有路径", "all_paths a=Sam Altman b=Peter Thiel"},
      {"谷歌和DeepMind有什么关系", "path a=谷歌 b=DeepMind"},
      {"谷歌与哈萨比斯的关系是什么", "path a=谷歌 b=哈萨比斯"},
      {"Paul Graham和OpenAI有没有关系", "path a=Paul Graham b=OpenAI"},
      {"从保罗·格雷厄姆到OpenAI的路径", "path a=保罗·格雷厄姆 b=OpenAI"},
      {"Loopt怎么和OpenAI联系起来的", "path a=Loopt b=OpenAI"},
      {"Loopt两跳以内有哪些", "neighbors a=Loopt hops=2"},
      {"DeepMind周围有什么", "neighbors a=DeepMind hops=2"},
      {"Anthropic的邻居", "neighbors a=Anthropic hops=2"},
      {"曜石智能的融资历程", "timeline a=曜石智能"},
      {"OpenAI的创始人是谁", "founders a=OpenAI"},
      {"谁创办了Y Combinator", "founders a=Y Combinator"},
      {"Anthropic是由谁创立的", "founders a=Anthropic"},
      {"奥特曼创办了哪些公司", "founded_by a=奥特曼"},
      {"谁收购了芯岸数据", "acquirers a=芯岸数据"},
      {"DeepMind被哪家公司收购了", "acquirers a=DeepMind"},
      {"芯岸数据的收购方是谁", "acquirers a=芯岸数据"},
      {"谷歌收购了哪些公司", "acquisitions a=谷歌"},
      {"华溪科技的收购记录", "acquisitions a=华溪科技"},
      {"谁投资了OpenAI", "investors a=OpenAI"},
      {"哪些机构向曜石智能投资了", "investors a=曜石智能"},
      {"曜石智能的投资方有哪些", "investors a=曜石智能"},
      {"曜石智能获得了哪些机构的投资", "investors a=曜石智能"},
      {"Anthropic被谁投资过", "investors a=Anthropic"},
      {"投资了Loopt的有谁", "investors a=Loopt"},
      {"启衡基金投资了哪些公司", "portfolio a=启衡基金"},
      {"微软的对外投资", "portfolio a=微软"},
      {"OpenAI是什么公司", "profile a=OpenAI"},
      {"介绍一下曜石智能", "profile a=曜石智能"},
      {"曜石智能的简介", "profile a=曜石智能"},
      {"who funded OpenAI before 2019", "investors a=OpenAI before=2019"},
      {"who funded OpenAI after 2018", "investors a=OpenAI after=2018"},
      {"who funded OpenAI since 2019", "investors a=OpenAI after=2018"},
      {"who funded OpenAI in 2015", "investors a=OpenAI in=2015"},
      {"who funded OpenAI between 2016 and 2019", "investors a=OpenAI before=2020 after=2015"},
      {"who invested more than $500 million in OpenAI", "investors a=OpenAI min_amount=500000000 USD"},
      {"who invested more than 100 million yuan in 曜石智能", "investors a=曜石智能 min_amount=100000000 CNY"},
      {"2019年之前谁投资了OpenAI", "investors a=OpenAI before=2019"},
      {"2019年以后谁投资了OpenAI", "investors a=OpenAI after=2019"},
      {"2019年以来谁投资了OpenAI", "investors a=OpenAI after=2018"},
      {"2024年谁投资了曜石智能", "investors a=曜石智能 in=2024"},
      {"2015年到2019年谁投资了OpenAI", "investors a=OpenAI before=2020 after=2014"},
      {"谁向OpenAI投资超过5亿美元", "investors a=OpenAI min_amount=500000000 USD"},
      {"谁向曜石智能投资超过1亿元", "investors a=曜石智能 min_amount=100000000 CNY"},
      {"曜石智能1亿元以上的投资方有哪些", "investors a=曜石智能 min_amount=100000000 CNY"},
      {"path from Peter Thiel to Microsoft via invested", "path a=Peter Thiel b=Microsoft via=invested"},
      {"彼得·蒂尔和微软有什么关系（只看投资关系）", "path a=彼得·蒂尔 b=微软 via=invested"},
      {"what is within 2 hops of Loopt via founded", "neighbors a=Loopt hops=2 via=founded"},
      {"please tell me who funded OpenAI?", "investors a=OpenAI"},
      {"请问谁投资了OpenAI？", "investors a=OpenAI"},
      {"誰投資了曜石智能", "investors a=曜石智能"},
      {"从谷歌到DeepMind的所有路径", "all_paths a=谷歌 b=DeepMind"},
  };
  for (const auto& c : cases) {
    INFO(c.question);
    CHECK(describe(parse_question(c.question)) == c.parse);
  }
}

TEST_CASE("a question starting with 从 keeps 从 out of the first entity", "[queries]") {
  // Regression: "A到B的所有路径" used to match before "从A到B的所有路径", giving a = "从A".
  CHECK(describe(parse_question("从Sam Altman到Peter Thiel的所有路径")) == "all_paths a=Sam Altman b=Peter Thiel");
  CHECK(describe(parse_question("从谷歌到DeepMind的所有最短路径")) == "all_paths a=谷歌 b=DeepMind");
  CHECK(describe(parse_question("谷歌到DeepMind的所有路径")) == "all_paths a=谷歌 b=DeepMind");
}
