// Unit tests of the extraction building blocks: lexicon matching, the pattern language, the recogniser.
#include <catch2/catch.hpp>

#include "base/error.h"
#include "base/text.h"
#include "base/unicode.h"
#include "ingest/entities.h"
#include "ingest/lexicon.h"
#include "ingest/patterns.h"

using namespace kg::ingest;

namespace {
std::u32string N(const std::string& s) { return kg::normalize_text(kg::utf8_to_u32(s)); }

Lexicon small_lexicon() {
  Lexicon lx;
  lx.add("Microsoft", "organization", {"微软", "微軟", "MSFT"}, "lexicon");
  lx.add("OpenAI", "organization", {"OpenAI"}, "lexicon");
  lx.add("Reid Hoffman", "person", {"霍夫曼", "Hoffman"}, "lexicon");
  lx.add("LinkedIn", "organization", {"领英"}, "lexicon");
  lx.add("Y Combinator", "organization", {"YC"}, "lexicon");
  return lx;
}

const NameCues& cues() {
  static NameCues c = NameCues::load(std::string(KG_DATA_DIR) + "/name_cues.tsv");
  return c;
}

std::vector<std::string> names(const std::vector<Mention>& ms, bool with_descriptors = false) {
  std::vector<std::string> out;
  for (const auto& m : ms)
    if (with_descriptors || !m.descriptor) out.push_back(m.name);
  return out;
}
}  // namespace

TEST_CASE("The lexicon matches traditional and simplified aliases to one canonical name", "[ingest]") {
  Lexicon lx = small_lexicon();
  auto m = lx.match(N("微軟與微软"));
  REQUIRE(m.size() == 2);
  CHECK(lx.entry(m[0].entry).name == "Microsoft");
  CHECK(lx.entry(m[1].entry).name == "Microsoft");
}

TEST_CASE("Latin aliases match case-insensitively and only as whole words", "[ingest]") {
  Lexicon lx = small_lexicon();
  CHECK(lx.match(N("openai发布新模型")).size() == 1);
  CHECK(lx.match(N("NotOpenAIish")).empty());
  CHECK(lx.match(N("YCombinator")).empty());
  CHECK(lx.find("microsoft").has_value());
  CHECK(lx.find("微 軟").has_value());
}

TEST_CASE("Adding an alias to an existing entity extends it instead of creating another", "[ingest]") {
  Lexicon lx = small_lexicon();
  size_t before = lx.size();
  lx.add("微软公司", "organization", {"微软"}, "user");
  CHECK(lx.size() == before);
}

TEST_CASE("Pattern syntax errors are reported with the pattern id", "[ingest]") {
  CHECK_THROWS_WITH(PatternSet::parse("x.1", "invested", "-", "S 投资"), Catch::Contains("x.1"));
  CHECK_THROWS_WITH(PatternSet::parse("x.2", "bought", "-", "S 投资 O"), Catch::Contains("unknown predicate"));
  CHECK_THROWS_WITH(PatternSet::parse("x.3", "invested", "colour=red", "S 投资 O"), Catch::Contains("unknown option"));
  CHECK_THROWS_WITH(PatternSet::parse("x.4", "invested", "-", "S ~x 投资 O"), Catch::Contains("bad gap"));
  CHECK_NOTHROW(PatternSet::parse("x.5", "invested", "implicit=O,role=lead", "由? S ~4 !领投"));
}

namespace {
std::vector<Token> tokens(const std::string& spec) {
  // Test helper: [E0], [E1] … are entity tokens; every other char is a char token.
  std::vector<Token> out;
  std::u32string s = N(spec);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '[' && i + 2 < s.size() && s[i + 1] == 'E') {
      size_t j = s.find(']', i);
      int idx = std::stoi(kg::u32_to_utf8(s.substr(i + 2, j - i - 2)));
      out.push_back({TokKind::Entity, 0, idx, i, j + 1});
      i = j;
    } else {
      out.push_back({TokKind::Char, s[i], -1, i, i + 1});
    }
  }
  return out;
}
}  // namespace

TEST_CASE("Pattern slots accept enumerations joined by 、 和 及 and a closing 等", "[ingest]") {
  PatternSet ps;
  ps.add(PatternSet::parse("t.list", "invested", "implicit=O", "投资方 包括 S"));
  auto m = ps.match(tokens("本轮投资方包括[E0]、[E1]和[E2]等。"));
  REQUIRE(m.size() == 1);
  CHECK(m[0].S == std::vector<int>{0, 1, 2});
}

TEST_CASE("Pattern gaps stop at clause punctuation and at entities", "[ingest]") {
  PatternSet ps;
  ps.add(PatternSet::parse("t.verb", "invested", "-", "S ~6 !投资 了? O"));
  CHECK(ps.match(tokens("[E0]确认三度投资[E1]")).size() == 1);
  CHECK(ps.match(tokens("[E0]宣布,今年将投资[E1]")).empty());
  for (const auto& m : ps.match(tokens("[E0]看好[E2]的投资[E1]"))) CHECK(m.S != std::vector<int>{0});
  CHECK(ps.match(tokens("[E0]在这个很长很长的时间里投资[E1]")).empty());
}

TEST_CASE("Optional elements and the trigger mark are honoured", "[ingest]") {
  PatternSet ps;
  ps.add(PatternSet::parse("t.lead", "invested", "implicit=O", "由? S ~4 !领投"));
  auto m = ps.match(tokens("本轮由[E0]领投,[E1]跟投"));
  REQUIRE(m.size() == 1);
  CHECK(m[0].S == std::vector<int>{0});
  CHECK(m[0].trigger_end - m[0].trigger_begin == 2);
}

TEST_CASE("Descriptors in front of a name are not parties and chain through 、", "[ingest]") {
  Lexicon lx = small_lexicon();
  EntityRecognizer r(lx, cues());
  auto ms = r.find(N("PayPal校友、LinkedIn联合创始人Reid Hoffman等人出资"));
  CHECK(names(ms) == std::vector<std::string>{"Reid Hoffman"});
  int linkedin = -1;
  for (size_t i = 0; i < ms.size(); ++i)
    if (ms[i].name == "LinkedIn") linkedin = static_cast<int>(i);
  REQUIRE(linkedin >= 0);
  CHECK(ms[linkedin].descriptor_predicate == "founded");
  CHECK(ms[ms[linkedin].head].name == "Reid Hoffman");
}

TEST_CASE("Latin names are discovered, typed by suffix, and a legal suffix keeps the known entity", "[ingest]") {
  Lexicon lx = small_lexicon();
  EntityRecognizer r(lx, cues());
  auto ms = r.find(N("获得了来自Khosla Ventures、Reid Hoffman Foundation和OpenAI LP的投资"));
  auto n = names(ms);
  CHECK(n == std::vector<std::string>{"Khosla Ventures", "Reid Hoffman Foundation", "OpenAI"});
  CHECK(ms[0].type == "organization");
}

TEST_CASE("Chinese organisation names are found by suffix without the words around them", "[ingest]") {
  Lexicon lx = small_lexicon();
  EntityRecognizer r(lx, cues());
  CHECK(names(r.find(N("本轮由启明资本领投,华岳创投、老股东青松基金跟投"))) ==
        std::vector<std::string>{"启明资本", "华岳创投", "青松基金"});
  CHECK(names(r.find(N("該公司獲得鼎信資本的投資"))) == std::vector<std::string>{"鼎信资本"});
  CHECK(names(r.find(N("该公司是一家人工智能公司"))).empty());
}

TEST_CASE("Person names are found after titles and in transliterated form", "[ingest]") {
  Lexicon lx = small_lexicon();
  EntityRecognizer r(lx, cues());
  auto ms = r.find(N("星图医疗创始人兼CEO张伟表示"));
  auto n = names(ms, true);
  REQUIRE(std::find(n.begin(), n.end(), "张伟") != n.end());
  auto ms2 = r.find(N("埃隆·马斯克称"));
  REQUIRE(ms2.size() == 1);
  CHECK(ms2[0].type == "person");
}
