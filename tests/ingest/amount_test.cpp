// Tests for kg::ingest::find_amounts: units, currencies, approximate forms, conversions, undisclosed amounts,
// and numbers that are not money. Sentences are invented; traditional ones go through kg::normalize_text.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "base/text.h"
#include "base/unicode.h"
#include "ingest/amount.h"

namespace {

using kg::ingest::Amount;

std::u32string norm(const std::string& s) { return kg::normalize_text(kg::utf8_to_u32(s)); }

std::string span_of(const std::u32string& t, const Amount& a) {
  return kg::u32_to_utf8(std::u32string_view(t).substr(a.begin, a.end - a.begin));
}

struct AmountCase {
  std::string text;        // sentence (simplified or traditional)
  std::string span;        // expected matched text after normalisation
  double value;
  std::optional<double> min, max;
  std::string bound;
  std::string currency;
};

const std::vector<AmountCase> kCases = {
    // units and number shapes
    {"星河医疗宣布完成3600 万元天使轮融资", "3600 万元", 3.6e7, {}, {}, "", "CNY"},
    {"云杉科技获得4,500万美元A轮投资", "4,500万美元", 4.5e7, {}, {}, "", "USD"},
    {"蓝鲸机器人完成12亿元C轮融资,由老股东领投", "12亿元", 1.2e9, {}, {}, "", "CNY"},
    {"该公司去年一共花掉5.44亿美元", "5.44亿美元", 5.44e8, {}, {}, "", "USD"},
    {"該基金向北辰數據投資兩千萬元", "两千万元", 2e7, {}, {}, "", "CNY"},
    {"母公司累计注资三十五亿元", "三十五亿元", 3.5e9, {}, {}, "", "CNY"},
    {"双方约定以十亿美元完成交易", "十亿美元", 1e9, {}, {}, "", "USD"},
    {"软银向该集团投入1.5万亿日元", "1.5万亿日元", 1.5e12, {}, {}, "", "JPY"},
    {"收购价为3百万英镑", "3百万英镑", 3e6, {}, {}, "", "GBP"},
    {"本轮融资为2千万港元", "2千万港元", 2e7, {}, {}, "", "HKD"},
    {"该领域每年的投资额已达千亿元", "千亿元", 1e11, {}, {}, "", "CNY"},
    {"两家巨头在这条赛道豪掷百亿", "百亿", 1e10, {}, {}, "", ""},
    {"当年收购那家公司只花了4亿", "4亿", 4e8, {}, {}, "", ""},
    {"该公司员工持股计划共涉及一亿两千万元", "一亿两千万元", 1.2e8, {}, {}, "", "CNY"},
    {"追加投资1亿2000万元", "1亿2000万元", 1.2e8, {}, {}, "", "CNY"},
    {"个人投资人出资1,250美元", "1,250美元", 1250, {}, {}, "", "USD"},
    // English units and symbols
    {"平台获得US$ 300 million新一轮投资", "US$ 300 million", 3e8, {}, {}, "", "USD"},
    {"这家初创公司拿到$1B融资", "$1B", 1e9, {}, {}, "", "USD"},
    {"公司完成USD 5 million种子轮", "USD 5 million", 5e6, {}, {}, "", "USD"},
    {"英国团队完成€20M融资", "€20M", 2e7, {}, {}, "", "EUR"},
    {"基金承诺投入1.2 billion dollars", "1.2 billion dollars", 1.2e9, {}, {}, "", "USD"},
    // currencies before and after
    {"集团完成对该公司人民币5亿元的战略投资", "人民币5亿元", 5e8, {}, {}, "", "CNY"},
    {"向子公司注资5亿元人民币", "5亿元人民币", 5e8, {}, {}, "", "CNY"},
    {"获得RMB 3000万天使投资", "RMB 3000万", 3e7, {}, {}, "", "CNY"},
    {"德国公司募得800万欧元", "800万欧元", 8e6, {}, {}, "", "EUR"},
    {"以50萬英鎊收購一家工作室", "50万英镑", 5e5, {}, {}, "", "GBP"},
    {"獲得2億港幣投資", "2亿港币", 2e8, {}, {}, "", "HKD"},
    {"日本财团出资100亿日元", "100亿日元", 1e10, {}, {}, "", "JPY"},
    {"台灣廠商獲3億新台幣注資", "3亿新台币", 3e8, {}, {}, "", "TWD"},
    {"天使投资人给了10万美金", "10万美金", 1e5, {}, {}, "", "USD"},
    {"据说这笔交易花了10万刀", "10万刀", 1e5, {}, {}, "", "USD"},
    {"起步资金只有5万块钱", "5万块钱", 5e4, {}, {}, "", "CNY"},
    // approximate forms
    {"星圖醫療獲鼎信資本數千萬元天使輪投資", "数千万元", 1e7, 1e7, 1e8, "range", "CNY"},
    {"公司完成数亿元B轮融资", "数亿元", 1e8, 1e8, 1e9, "range", "CNY"},
    {"微软确认追加数十亿美元投资", "数十亿美元", 1e9, 1e9, 1e10, "range", "USD"},
    {"几十亿资金涌入这个赛道", "几十亿", 1e9, 1e9, 1e10, "range", ""},
    {"该公司完成近亿元A+轮融资", "近亿元", 1e8, {}, 1e8, "upper", "CNY"},
    {"获得近10亿美元投资", "近10亿美元", 1e9, {}, 1e9, "upper", "USD"},
    {"完成超亿元Pre-A轮融资", "超亿元", 1e8, 1e8, {}, "lower", "CNY"},
    {"募資逾5億元", "逾5亿元", 5e8, 5e8, {}, "lower", "CNY"},
    {"本轮融资超过5亿元", "超过5亿元", 5e8, 5e8, {}, "lower", "CNY"},
    {"单笔投资在5亿元以上", "5亿元以上", 5e8, 5e8, {}, "lower", "CNY"},
    {"交易对价约3亿元", "约3亿元", 3e8, {}, {}, "about", "CNY"},
    {"交易对价大约3亿元", "大约3亿元", 3e8, {}, {}, "about", "CNY"},
    {"该轮融资规模在5亿元左右", "5亿元左右", 5e8, {}, {}, "about", "CNY"},
    {"估计出资额在5亿元上下", "5亿元上下", 5e8, {}, {}, "about", "CNY"},
    {"成立至今累计获得150多亿美元", "150多亿美元", 1.5e10, 1.5e10, {}, "lower", "USD"},
    {"共计融资1亿余元", "1亿余元", 1e8, 1e8, {}, "lower", "CNY"},
    {"上亿资金进入该领域", "上亿", 1e8, 1e8, {}, "lower", ""},
    {"这是一笔千万级的投资", "千万级", 1e7, {}, {}, "about", ""},
    {"首轮融资不到1000万元", "不到1000万元", 1e7, {}, 1e7, "upper", "CNY"},
    {"单个项目投资1000万元以内", "1000万元以内", 1e7, {}, 1e7, "upper", "CNY"},
    {"本轮融资预计1-2亿元", "1-2亿元", 1e8, 1e8, 2e8, "range", "CNY"},
    {"拟募集5000万至1亿元", "5000万至1亿元", 5e7, 5e7, 1e8, "range", "CNY"},
    {"天使轮拿了三四千万元", "三四千万元", 3e7, 3e7, 4e7, "range", "CNY"},
    {"传闻融资额高达十几亿元", "十几亿元", 1e9, 1e9, 2e9, "range", "CNY"},
};

}  // namespace

TEST_CASE("every amount shape is found with its value, bound and currency", "[ingest][amount]") {
  for (const auto& c : kCases) {
    INFO(c.text);
    auto t = norm(c.text);
    auto found = kg::ingest::find_amounts(t);
    REQUIRE(found.size() == 1);
    const Amount& a = found[0];
    CHECK(span_of(t, a) == c.span);
    CHECK(a.value == Approx(c.value));
    CHECK(a.min.has_value() == c.min.has_value());
    if (a.min && c.min) CHECK(*a.min == Approx(*c.min));
    CHECK(a.max.has_value() == c.max.has_value());
    if (a.max && c.max) CHECK(*a.max == Approx(*c.max));
    CHECK(a.bound == c.bound);
    CHECK(a.approx == !c.bound.empty());
    CHECK(a.currency == c.currency);
    CHECK_FALSE(a.conversion);
    CHECK_FALSE(a.undisclosed);
  }
}

TEST_CASE("an approximation cue before a colloquial currency still marks the amount", "[ingest][amount]") {
  auto t = norm("据说这笔交易大概10万刀");
  auto found = kg::ingest::find_amounts(t);
  REQUIRE(found.size() == 1);
  CHECK(span_of(t, found[0]) == "大概10万刀");
  CHECK(found[0].bound == "about");
}

TEST_CASE("spans index the normalised input and amounts come in text order", "[ingest][amount]") {
  auto t = norm("A轮融资5000万元,B轮融资2亿美元");
  auto found = kg::ingest::find_amounts(t);
  REQUIRE(found.size() == 2);
  CHECK(found[0].begin == 4);
  CHECK(found[0].end == 10);
  CHECK(found[0].value == Approx(5e7));
  CHECK(found[1].begin == 15);
  CHECK(found[1].end == 19);
  CHECK(found[1].currency == "USD");
}

TEST_CASE("bracketed and explicit conversions are flagged and keep their own currency", "[ingest][amount]") {
  struct Conv {
    std::string text;
    size_t count;         // amounts found
    size_t conv_index;    // which one is the conversion
    double value;
    std::string currency;
    std::string bound;
  };
  const std::vector<Conv> cases = {
      {"集团以5亿元(约合7000万美元)收购该公司", 2, 1, 7e7, "USD", "about"},
      {"该笔投资折合1.1亿美元", 1, 0, 1.1e8, "USD", ""},
      {"公司获得10億元(1.5億美元)融資", 2, 1, 1.5e8, "USD", ""},
      {"以3000万英镑(相当于2.6亿元)完成收购", 2, 1, 2.6e8, "CNY", ""},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    auto t = norm(c.text);
    auto found = kg::ingest::find_amounts(t);
    REQUIRE(found.size() == c.count);
    for (size_t i = 0; i < found.size(); ++i) CHECK(found[i].conversion == (i == c.conv_index));
    CHECK(found[c.conv_index].value == Approx(c.value));
    CHECK(found[c.conv_index].currency == c.currency);
    CHECK(found[c.conv_index].bound == c.bound);
  }
}

TEST_CASE("undisclosed-amount phrases give an undisclosed amount of value zero", "[ingest][amount]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"本轮融资金额未披露,由红杉领投", "融资金额未披露"},
      {"交易金额暂未透露", "交易金额暂未透露"},
      {"双方均未透露具体金额", "未透露具体金额"},
      {"收購金額未公開", "收购金额未公开"},
      {"该笔投资金额不详", "金额不详"},
  };
  for (const auto& [text, span] : cases) {
    INFO(text);
    auto t = norm(text);
    auto found = kg::ingest::find_amounts(t);
    REQUIRE(found.size() == 1);
    CHECK(found[0].undisclosed);
    CHECK(found[0].value == 0);
    CHECK(span_of(t, found[0]) == span);
  }
}

TEST_CASE("a disclosure negation without an amount noun is not an undisclosed amount", "[ingest][amount]") {
  CHECK(kg::ingest::find_amounts(norm("本轮投资方未披露")).empty());
  CHECK(kg::ingest::find_amounts(norm("公司尚未公开上市计划")).empty());
}

TEST_CASE("numbers that are not money give nothing", "[ingest][amount]") {
  const std::vector<std::string> cases = {
      "营收同比增长了30%",
      "全球90%的份额",
      "持有百分之五十的股份",
      "活动期间发放3万个红包",
      "平台已经拥有1亿用户",
      "年仅28岁的他出任CEO",
      "公司成立于2015年",
      "模型拥有1750亿参数",
      "训练数据达0.4万亿token",
      "總獎池為1,250枚代幣",
      "投资网络覆盖1900多家公司",
      "估值增长了3倍",
      "视频播放量超过2000万次",
      "去年售出100万台设备",
      "员工超过500名",
      "服务了20万位客户",
      "上线10万款应用",
      "上下文扩大到3.2万个单词",
      "项目累计10万行代码",
      "千万不要错过这次机会",
      "他登上了亿万富翁榜单",
      "GPT-4在3月发布",
      "团队共有12个人,计划招聘35名工程师",
      "2021-04-06",
  };
  for (const auto& text : cases) {
    INFO(text);
    CHECK(kg::ingest::find_amounts(norm(text)).empty());
  }
}
