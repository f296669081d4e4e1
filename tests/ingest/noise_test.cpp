// Tests for ingest/noise.h: the cue file, per-line noise features, and the block rules.
#include "ingest/noise.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/text.h"
#include "base/unicode.h"

using kg::ingest::classify_block;
using kg::ingest::classify_noise;
using kg::ingest::NoiseCues;

namespace {

const std::string kCueFile = std::string(KG_DATA_DIR) + "/noise_cues.tsv";

const NoiseCues& shipped_cues() {
  static const NoiseCues cues = kg::ingest::load_noise_cues(kCueFile);
  return cues;
}

std::u32string norm(const std::string& utf8) { return kg::normalize_text(kg::utf8_to_u32(utf8)); }

kg::ingest::NoiseVerdict verdict(const std::string& line) { return classify_noise(norm(line), shipped_cues()); }

// Writes content to a fresh temporary file and returns its path.
std::string temp_file(const std::string& name, const std::string& content) {
  std::string path = "/tmp/kg_noise_test_" + std::to_string(::getpid()) + "_" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

const std::string kHeader = "# File: x\n# Format: kind<TAB>cue\n# Source: test\n";

}  // namespace

TEST_CASE("The shipped cue file has its header, four kinds, and sorted unique rows", "[ingest]") {
  std::ifstream in(kCueFile);
  REQUIRE(in);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  REQUIRE(lines.size() > 3);
  CHECK(lines[0].rfind("# File: ", 0) == 0);
  CHECK(lines[1].rfind("# Format: ", 0) == 0);
  CHECK(lines[2].rfind("# Source: ", 0) == 0);
  for (size_t i = 4; i < lines.size(); ++i) {
    INFO(lines[i - 1] << " / " << lines[i]);
    CHECK(lines[i - 1] < lines[i]);
  }
  const NoiseCues& cues = shipped_cues();
  CHECK(cues.size() == lines.size() - 3);
  int kinds[4] = {0, 0, 0, 0};
  for (const auto& c : cues.cues) ++kinds[static_cast<int>(c.kind)];
  for (int k : kinds) CHECK(k >= 10);
}

TEST_CASE("Malformed cue rows are refused with the file and line", "[ingest]") {
  struct Row {
    const char* body;
    int line;
    const char* message;
  };
  const Row rows[] = {
      {"cta\t红包\ncta\n", 5, "expected kind<TAB>cue"},
      {"spam\t红包\n", 4, "unknown cue kind 'spam'"},
      {"cta\t红包\n\npromo\t广告\textra\n", 6, "expected kind<TAB>cue"},
      {"nav\t  \n", 4, "empty cue"},
  };
  int n = 0;
  for (const Row& r : rows) {
    std::string path = temp_file("bad" + std::to_string(n++) + ".tsv", kHeader + r.body);
    INFO(r.body);
    try {
      kg::ingest::load_noise_cues(path);
      FAIL("accepted a malformed file");
    } catch (const kg::FileError& e) {
      CHECK(e.file() == path);
      CHECK(e.line() == r.line);
      CHECK(std::string(e.what()).find(r.message) != std::string::npos);
    }
    std::remove(path.c_str());
  }
  CHECK_THROWS_AS(kg::ingest::load_noise_cues("/nonexistent/noise_cues.tsv"), kg::FileError);

  std::string ok = temp_file("ok.tsv", kHeader + "cta\t關注 公眾號\npromo\tAirDrop\n");
  NoiseCues cues = kg::ingest::load_noise_cues(ok);
  std::remove(ok.c_str());
  REQUIRE(cues.size() == 2);
  CHECK(cues.cues[0].key == U"关注公众号");  // normalised, spaces removed
  CHECK(cues.cues[1].key == U"airdrop");
  CHECK(classify_noise(norm("扫码關注公眾號，AIRDROP 马上开始"), cues).score >= 1.0);
}

TEST_CASE("Noise lines of many kinds are recognised in both scripts", "[ingest]") {
  const char* lines[] = {
      "淘宝搜：【夏日领券888】每天领大额红包",
      "京東搜尋【年貨節紅包】，天天領現金",
      "關注公眾號「科技早知道」，回覆關鍵字領取資料",
      "扫码加入投资人互助群，每日分享内部消息",
      "#AI创业大赛# #融资快讯# 参与话题赢好礼",
      "🔥🔥限時空投：持有 $ABC 即可瓜分 50,000 枚代幣！",
      "https://example.com/promo?id=123&from=feed",
      "活動詳情：www.example.cn/activity",
      "首页 > 科技 > 创投 > 正文",
      "上一篇：某公司发布新品　下一篇：行业周报",
      "版權所有 © 2024 示例傳媒 All Rights Reserved",
      "原文來源：未來科技觀察",
      "責任編輯：王小明",
      "融资新闻 融资新闻最新 今日融资新闻",
      "Share",
      "1️⃣ 👉 ✅",
      "本文来自微信公众号“硅谷观察”，作者：李四，经授权发布。",
      "點擊下方連結，立即下載APP領取新人福利",
      "【推广】某某理财，年化收益高达8%",
      "———————",
      "$BTC $ETH 今晚起飞",
      "声明：本文仅供参考，不构成投资建议。",
      "首頁 | 新聞 | 科技 | 財經",
  };
  for (const char* l : lines) {
    kg::ingest::NoiseVerdict v = verdict(l);
    INFO(l << " → score " << v.score << " (" << v.reason << ")");
    CHECK(v.noise);
    CHECK_FALSE(v.reason.empty());
  }
}

TEST_CASE("Real news sentences with numbers, Latin names or the word 投资 are not noise", "[ingest]") {
  const char* lines[] = {
      "云帆机器人宣布完成2亿元B轮融资，由启明资本领投。",
      "星圖醫療獲鼎信資本數千萬元天使輪投資。",
      "OpenAI在2019年获得微软10亿美元投资。",
      "据36氪获悉，北辰科技近日完成数亿元人民币C轮融资，投资方包括Sequoia Capital和高瓴资本。",
      "本轮资金将主要用于产品研发、市场推广和团队建设。",
      "該公司成立於2016年，總部位於深圳。",
      "华溪科技以12亿元收购芯岸数据，交易已于3月11日完成。",
      "创始人兼CEO林嘉衡表示，公司今年营收预计增长50%。",
      "The company raised $10 billion from Microsoft in January.",
      "Anthropic完成4.5亿美元C轮融资，Spark Capital领投，Google、Salesforce Ventures跟投。",
      "此前，该公司曾获得红杉中国、经纬创投的投资。",
      "微軟向OpenAI追加投資數十億美元，雙方合作將延續多年。",
      "2024年5月20日",
      "2023-09-05 10:30",
      "烧钱背后的商业天才",
      "该基金规模为40亿元，将重点投资人工智能和半导体领域。",
      "抖音电商今年双11的交易额同比增长了30%。",
      "【环球科技报道】远川基金宣布完成新一期基金募集。",
      "據悉，該筆交易仍需獲得監管部門批准。",
      "ChatGPT日活破千万 为何能火?",
      "他说：“我们会继续投资早期项目！”",
  };
  for (const char* l : lines) {
    kg::ingest::NoiseVerdict v = verdict(l);
    INFO(l << " → score " << v.score << " (" << v.reason << ")");
    CHECK_FALSE(v.noise);
  }
  CHECK_FALSE(verdict("").noise);
  CHECK_FALSE(verdict("   ").noise);
}

TEST_CASE("Each noise feature is reported in the reason", "[ingest]") {
  struct Row {
    const char* line;
    const char* feature;
  };
  const Row rows[] = {
      {"https://example.com/a", "url-line"},
      {"#融资快讯#", "hashtag"},
      {"关注 $XYZ 的最新动态", "cashtag"},
      {"扫码领红包", "cta(红包)"},
      {"【抽奖】转发本文", "bracket-promo"},
      {"🎉🎉🎉", "emoji"},
      {"chatgpt日活用户 chatgpt日活", "keywords(repeated)"},
      {"OK", "short-no-cjk"},
      {"首页 > 新闻", "nav(首页>)"},
      {"新闻 » 科技 » 正文", "breadcrumb"},
  };
  for (const Row& r : rows) {
    kg::ingest::NoiseVerdict v = verdict(r.line);
    INFO(r.line << " → " << v.reason);
    CHECK(v.reason.find(r.feature) != std::string::npos);
  }
}

TEST_CASE("A block marks short lines between noise and suspicious lines next to noise", "[ingest]") {
  const std::vector<std::string> page = {
      "扫码关注，领取投资人福利群红包",                                              // noise
      "【淘姐妹】",                                                                  // sandwiched
      "活动时间有限",                                                                // sandwiched
      "#双11狂欢# 天天领红包",                                                       // noise
      "",                                                                            // blank
      "欢迎各位读者朋友在评论区分享自己的看法和建议，别忘了点赞支持一下我们的团队",  // suspicious, next to noise
      "云帆机器人宣布完成2亿元B轮融资，由启明资本领投。",                            // news
      "融资之后的下一步",                                                            // short heading between news
      "公司表示，本轮资金将用于海外市场拓展。",                                      // news
      "阅读原文",                                                                    // noise
  };
  std::vector<std::u32string> lines;
  for (const auto& l : page) lines.push_back(norm(l));
  std::vector<bool> got = classify_block(lines, shipped_cues());
  const std::vector<bool> expect = {true, true, true, true, false, true, false, false, false, true};
  REQUIRE(got.size() == expect.size());
  for (size_t i = 0; i < got.size(); ++i) {
    INFO("line " << i << ": " << page[i]);
    CHECK(got[i] == expect[i]);
  }

  // A suspicious line far from noise, and a heading with noise on one side only, stay.
  std::vector<std::u32string> calm = {
      norm("欢迎各位读者朋友在评论区分享自己的看法和建议，别忘了点赞支持一下我们的团队"), norm("融资之后的下一步"),
      norm("关注公众号领取红包")};
  std::vector<bool> calm_got = classify_block(calm, shipped_cues());
  CHECK(calm_got == std::vector<bool>{false, false, true});

  // The list under a navigation label is noise up to the first line that reads like running text.
  std::vector<std::u32string> related = {norm("公司表示，本轮资金将用于海外市场拓展。"),
                                         norm("相關閱讀："),
                                         norm("· 远川基金完成新一期募资，规模达20亿元"),
                                         norm("2. 盘点今年十大并购案？"),
                                         norm(""),
                                         norm("▶ 具身智能赛道再迎大额融资"),
                                         norm("此后，该公司又获得了北辰创投的战略投资，双方将在海外市场展开合作。")};
  CHECK(classify_block(related, shipped_cues()) == std::vector<bool>{false, true, true, true, false, true, false});

  // Four short lines between noise are too many for the sandwich rule.
  std::vector<std::u32string> four = {norm("扫码领红包"), norm("第一段"), norm("第二段"),
                                      norm("第三段"),     norm("第四段"), norm("扫码领红包")};
  CHECK(classify_block(four, shipped_cues()) == std::vector<bool>{true, false, false, false, false, true});
}
