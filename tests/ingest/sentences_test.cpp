// Tests for ingest/sentences.h: paragraphs, sentence breaks, long pieces, index mapping.
#include "ingest/sentences.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "base/text.h"
#include "base/unicode.h"

using kg::ingest::split_sentences;

namespace {

std::vector<std::string> pieces(const std::u32string& text, const kg::ingest::SentenceOptions& opt = {}) {
  std::vector<std::string> out;
  for (const auto& s : split_sentences(text, opt))
    out.push_back(kg::u32_to_utf8(text.substr(s.begin, s.end - s.begin)));
  return out;
}

std::vector<std::string> pieces_utf8(const std::string& utf8) {
  return pieces(kg::normalize_text(kg::utf8_to_u32(utf8)));
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("Sentences split at Chinese and ASCII end punctuation after normalisation", "[ingest]") {
  struct Row {
    const char* text;
    V expect;
  };
  const Row rows[] = {
      {"云帆机器人完成B轮融资。本轮由启明资本领投。", {"云帆机器人完成B轮融资。", "本轮由启明资本领投。"}},
      {"为什么是OpenAI？为什么是现在？答案很简单！", {"为什么是OpenAI?", "为什么是现在?", "答案很简单!"}},
      {"他说：“这笔投资很重要。”随后离开了会场。", {"他说:“这笔投资很重要。”", "随后离开了会场。"}},
      {"消息一出……市场一片哗然。", {"消息一出......", "市场一片哗然。"}},  // NFKC: … is ...
      {"等等...然后呢", {"等等...", "然后呢"}},
      {"太好了！！！真的吗？！", {"太好了!!!", "真的吗?!"}},
      {"融资金额为5.44亿美元，估值达到3.5倍。", {"融资金额为5.44亿美元,估值达到3.5倍。"}},
      {"OpenAI raised money. Microsoft led the round.", {"OpenAI raised money.", "Microsoft led the round."}},
      {"Apple Inc. 宣布收购一家初创公司。", {"Apple Inc. 宣布收购一家初创公司。"}},
      {"访问https://example.com/a?id=1&b=2了解详情。下一句。",
       {"访问https://example.com/a?id=1&b=2了解详情。", "下一句。"}},
      {"没有结尾标点的一句", {"没有结尾标点的一句"}},
      {"  前后有空格。  ", {"前后有空格。"}},
      {"A轮；B轮；C轮", {"A轮;B轮;C轮"}},
      {"1. 微软加码OpenAI，AI竞赛再升级", {"1. 微软加码OpenAI,AI竞赛再升级"}},
      {"b. 第二项。 12. 第十二项", {"b. 第二项。", "12. 第十二项"}},
      {"（据悉，交易已完成。）下一句。", {"(据悉,交易已完成。)", "下一句。"}},
  };
  for (const Row& r : rows) {
    INFO(r.text);
    CHECK(pieces_utf8(r.text) == r.expect);
  }
}

TEST_CASE("Lines are paragraphs and blank lines separate them", "[ingest]") {
  std::u32string t = U"第一段第一句。第一段第二句。\n第二段。\n\n   \n第三段甲。第三段乙\n";
  auto spans = split_sentences(t);
  REQUIRE(spans.size() == 5);
  const int paras[] = {0, 0, 1, 2, 2};
  for (size_t i = 0; i < spans.size(); ++i) CHECK(spans[i].paragraph == paras[i]);
  CHECK(pieces(t) == V{"第一段第一句。", "第一段第二句。", "第二段。", "第三段甲。", "第三段乙"});
  CHECK(pieces(U"没有规范化的省略号……之后。") == V{"没有规范化的省略号……", "之后。"});
  CHECK(split_sentences(U"").empty());
  CHECK(split_sentences(U"\n \n\t\n").empty());
}

TEST_CASE("Sentence spans index the given text exactly", "[ingest]") {
  std::u32string t = U"  星图医疗获得😀天使轮投资。\n\n𠀀字开头的句子! 另一句?\n";
  auto spans = split_sentences(t);
  REQUIRE(spans.size() == 3);
  CHECK(spans[0].begin == 2);
  CHECK(t.substr(spans[0].begin, spans[0].end - spans[0].begin) == U"星图医疗获得😀天使轮投资。");
  CHECK(t[spans[1].begin] == U'𠀀');
  CHECK(t.substr(spans[1].begin, spans[1].end - spans[1].begin) == U"𠀀字开头的句子!");
  CHECK(t.substr(spans[2].begin, spans[2].end - spans[2].begin) == U"另一句?");
  CHECK(spans[2].end == t.size() - 1);
  for (const auto& s : spans) {
    CHECK(s.begin < s.end);
    CHECK_FALSE(kg::is_space(t[s.begin]));
    CHECK_FALSE(kg::is_space(t[s.end - 1]));
  }
}

TEST_CASE("Long pieces are cut at semicolons, else commas, else hard", "[ingest]") {
  // 40 clauses of 10 chars joined by commas and one semicolon: 440 chars without an end mark.
  std::u32string clause = U"公司完成了新一轮融资";  // 10 chars
  std::u32string text;
  for (int i = 0; i < 40; ++i) {
    text += clause;
    text += (i == 19) ? U";" : U",";
  }
  auto spans = split_sentences(text);
  REQUIRE(spans.size() >= 2);
  for (const auto& s : spans) CHECK(s.end - s.begin <= 300);
  // The first cut is right after the semicolon (index 219), not at a comma.
  CHECK(spans[0].end == 220);
  CHECK(text[spans[0].end - 1] == U';');
  // Pieces tile the text: nothing lost but white space.
  size_t covered = 0;
  for (const auto& s : spans) covered += s.end - s.begin;
  CHECK(covered == text.size());

  // Without semicolons the cut falls after the last comma that fits.
  std::u32string commas;
  for (int i = 0; i < 40; ++i) commas += clause + U"，";
  auto c = split_sentences(commas);
  REQUIRE(c.size() == 2);
  CHECK(c[0].end == 297);  // 27 clauses of 11 chars
  CHECK(commas[c[0].end - 1] == U'，');

  // No punctuation at all: hard cuts of max_chars.
  std::u32string flat(650, U'融');
  auto h = split_sentences(flat);
  REQUIRE(h.size() == 3);
  CHECK(h[0].end - h[0].begin == 300);
  CHECK(h[2].end - h[2].begin == 50);

  // The limit is an option.
  kg::ingest::SentenceOptions small;
  small.max_chars = 12;
  CHECK(pieces(U"甲乙丙丁,戊己庚辛,壬癸子丑。", small) == V{"甲乙丙丁,戊己庚辛,", "壬癸子丑。"});
}

TEST_CASE("Splitting a long document stays fast", "[ingest]") {
  std::u32string doc;
  for (int i = 0; i < 20000; ++i) doc += U"云帆机器人宣布完成2亿元B轮融资，由启明资本领投。老股东继续跟投！\n";
  auto spans = split_sentences(doc);
  CHECK(spans.size() == 40000);
  CHECK(spans.back().paragraph == 19999);
}
