// Tests for kg::ingest date handling: find_dates (every kind, forecasts, non-dates), DateContext resolution
// (chronology roll-over, previous/publication-relative dates) and infer_publication_date. Invented sentences.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "base/text.h"
#include "base/unicode.h"
#include "ingest/dates.h"

namespace {

using kg::ingest::DateContext;
using kg::ingest::DateExpr;
using kg::ingest::DateKind;

std::u32string norm(const std::string& s) { return kg::normalize_text(kg::utf8_to_u32(s)); }

using OI = std::optional<int>;

struct DateCase {
  std::string text;
  std::string span;  // expected DateExpr::text
  DateKind kind;
  OI year, month, day;
  int year_offset = 0, month_offset = 0, day_offset = 0;
  bool has_month_part = false;
  bool forecast = false;
};

const std::vector<DateCase> kDateCases = {
    // absolute
    {"公司成立于2015年,总部在杭州", "2015年", DateKind::Absolute, 2015, {}, {}},
    {"2019年3月完成A轮融资", "2019年3月", DateKind::Absolute, 2019, 3, {}},
    {"产品于2022年11月30日正式上线", "2022年11月30日", DateKind::Absolute, 2022, 11, 30},
    {"公告日期为2021-04-06", "2021-04-06", DateKind::Absolute, 2021, 4, 6},
    {"交割日:2021/4/6", "2021/4/6", DateKind::Absolute, 2021, 4, 6},
    {"签约于2021.4.6完成", "2021.4.6", DateKind::Absolute, 2021, 4, 6},
    {"双方在2024年底达成协议", "2024年底", DateKind::Absolute, 2024, {}, {}},
    {"2024年上半年共有三家公司获投", "2024年上半年", DateKind::Absolute, 2024, {}, {}},
    {"2024年第一季度营收增长", "2024年第一季度", DateKind::Absolute, 2024, {}, {}},
    {"该基金2024Q1完成募集", "2024Q1", DateKind::Absolute, 2024, {}, {}},
    {"2019年3月份,公司更名", "2019年3月份", DateKind::Absolute, 2019, 3, {}},
    {"根据2015年度报告", "2015年度", DateKind::Absolute, 2015, {}, {}},
    {"二〇二一年三月,公司迁往深圳", "二〇二一年三月", DateKind::Absolute, 2021, 3, {}},
    {"2020年10月,該公司宣佈完成融資", "2020年10月", DateKind::Absolute, 2020, 10, {}},
    {"2022 年底前完成交割", "2022 年底", DateKind::Absolute, 2022, {}, {}},
    // month only
    {"7月,公司宣布完成B轮融资", "7月", DateKind::MonthOnly, {}, 7, {}},
    {"11月30日,新品上线", "11月30日", DateKind::MonthOnly, {}, 11, 30},
    {"7月份公司再获投资", "7月份", DateKind::MonthOnly, {}, 7, {}},
    // relative to the previous date
    {"同年,公司获得天使投资", "同年", DateKind::RelativePrevious, {}, {}, {}},
    {"当年即实现盈利", "当年", DateKind::RelativePrevious, {}, {}, {}},
    {"次年,该基金追加投资", "次年", DateKind::RelativePrevious, {}, {}, {}, 1},
    {"翌年公司上市", "翌年", DateKind::RelativePrevious, {}, {}, {}, 1},
    {"第二年,团队扩张到百人", "第二年", DateKind::RelativePrevious, {}, {}, {}, 1},
    {"同年7月,微软宣布注资", "同年7月", DateKind::RelativePrevious, {}, 7, {}, 0, 0, 0, true},
    {"同月,另一家公司也完成融资", "同月", DateKind::RelativePrevious, {}, {}, {}},
    {"当月公司即完成交割", "当月", DateKind::RelativePrevious, {}, {}, {}},
    {"次月,双方签署协议", "次月", DateKind::RelativePrevious, {}, {}, {}, 0, 1},
    {"當天,該公司股價上漲", "当天", DateKind::RelativePrevious, {}, {}, {}},
    {"同日,另一笔投资宣布完成", "同日", DateKind::RelativePrevious, {}, {}, {}},
    {"次日,公司发布公告", "次日", DateKind::RelativePrevious, {}, {}, {}, 0, 0, 1},
    // relative to the publication date
    {"今年,公司计划扩张", "今年", DateKind::RelativePublication, {}, {}, {}},
    {"去年,该公司营收翻番", "去年", DateKind::RelativePublication, {}, {}, {}, -1},
    {"前年公司完成了A轮", "前年", DateKind::RelativePublication, {}, {}, {}, -2},
    {"本月,谷歌被证实是投资方", "本月", DateKind::RelativePublication, {}, {}, {}},
    {"上個月,該公司完成融資", "上个月", DateKind::RelativePublication, {}, {}, {}, 0, -1},
    {"上月公司获得投资", "上月", DateKind::RelativePublication, {}, {}, {}, 0, -1},
    {"今天,微软推出新版搜索", "今天", DateKind::RelativePublication, {}, {}, {}},
    {"昨天,该公司宣布完成融资", "昨天", DateKind::RelativePublication, {}, {}, {}, 0, 0, -1},
    {"本周,三家公司完成融资", "本周", DateKind::RelativePublication, {}, {}, {}},
    {"公司日前宣布完成新一轮融资", "日前", DateKind::RelativePublication, {}, {}, {}},
    {"近日,星图医疗获得投资", "近日", DateKind::RelativePublication, {}, {}, {}},
    {"今年1月宣布的第三笔投资", "今年1月", DateKind::RelativePublication, {}, 1, {}, 0, 0, 0, true},
    {"去年11月30日,产品上线", "去年11月30日", DateKind::RelativePublication, {}, 11, 30, -1, 0, 0, true},
    // vague
    {"公司此前曾获某基金投资", "此前", DateKind::Vague, {}, {}, {}},
    // forecasts
    {"公司将于2025年在港股上市", "2025年", DateKind::Absolute, 2025, {}, {}, 0, 0, 0, false, true},
    {"预计在2024年底完成交割", "2024年底", DateKind::Absolute, 2024, {}, {}, 0, 0, 0, false, true},
    {"计划于明年3月推出新品", "明年3月", DateKind::RelativePublication, {}, 3, {}, 1, 0, 0, true, true},
    {"明年公司将扩大产能", "明年", DateKind::RelativePublication, {}, {}, {}, 1, 0, 0, false, true},
    {"新产品有望在7月发布", "7月", DateKind::MonthOnly, {}, 7, {}, 0, 0, 0, false, true},
    {"到2030年,市场规模将翻倍", "2030年", DateKind::Absolute, 2030, {}, {}, 0, 0, 0, false, true},
    {"截至2022年10月,用户数量已超过7万", "2022年10月", DateKind::Absolute, 2022, 10, {}},
    {"直到2019年,公司才开始盈利", "2019年", DateKind::Absolute, 2019, {}, {}},
};

std::vector<DateExpr> dates(const std::string& s) { return kg::ingest::find_dates(norm(s)); }

}  // namespace

TEST_CASE("every date shape is found with its kind, parts and offsets", "[ingest][dates]") {
  for (const auto& c : kDateCases) {
    INFO(c.text);
    auto found = dates(c.text);
    REQUIRE(found.size() == 1);
    const DateExpr& d = found[0];
    CHECK(d.text == c.span);
    CHECK(d.kind == c.kind);
    CHECK(d.year == c.year);
    CHECK(d.month == c.month);
    CHECK(d.day == c.day);
    CHECK(d.year_offset == c.year_offset);
    CHECK(d.month_offset == c.month_offset);
    CHECK(d.day_offset == c.day_offset);
    CHECK(d.has_month_part == c.has_month_part);
    CHECK(d.forecast == c.forecast);
  }
}

TEST_CASE("a list of years gives one expression per year, with spans into the input", "[ingest][dates]") {
  auto t = norm("微软分别于2019年、2021年对该公司投资");
  auto found = kg::ingest::find_dates(t);
  REQUIRE(found.size() == 2);
  CHECK(found[0].year == 2019);
  CHECK(found[0].begin == 5);
  CHECK(found[0].end == 10);
  CHECK(found[1].year == 2021);
  CHECK(found[1].begin == 11);
}

TEST_CASE("numbers, words and names that are not dates give nothing", "[ingest][dates]") {
  const std::vector<std::string> cases = {
      "模型拥有1750亿参数", "试用期为12个月", "GPT-4月活用户过亿", "此后,公司迅速扩张", "随后双方签约",
      "今日头条的母公司",   "1990年代的互联网", "估值增长了3.5倍", "年仅28岁",       "接近日本市场的规模",
      "节日前完成交付",     "过去年份的数据",
  };
  for (const auto& text : cases) {
    INFO(text);
    CHECK(dates(text).empty());
  }
}

TEST_CASE("approximate parts of a year are marked approximate and keep the month empty", "[ingest][dates]") {
  for (std::string text : {"2024年底", "2024年初", "2024年上半年", "2024年下半年", "2024Q3", "去年底"}) {
    INFO(text);
    auto found = dates(text);
    REQUIRE(found.size() == 1);
    CHECK(found[0].approximate);
    CHECK_FALSE(found[0].month.has_value());
  }
}

// ---- resolution -------------------------------------------------------------------------------------

namespace {

struct Resolved {
  OI y, m, d;
  std::string basis;
};

// Resolves every date of the text in order and returns the results.
std::vector<Resolved> resolve_all(DateContext& ctx, const std::string& text) {
  std::vector<Resolved> out;
  for (const auto& e : dates(text)) {
    auto r = ctx.resolve(e);
    out.push_back({r.year, r.month, r.day, r.basis});
  }
  return out;
}

void check(const Resolved& r, OI y, OI m, OI d, const std::string& basis) {
  CHECK(r.y == y);
  CHECK(r.m == m);
  CHECK(r.d == d);
  CHECK(r.basis == basis);
}

}  // namespace

TEST_CASE("a month after a later month rolls over to the next year when the publication date allows it",
          "[ingest][dates]") {
  DateContext ctx;
  ctx.set_publication(2023, 2, 8);
  auto r = resolve_all(ctx, "2022年11月30日产品上线;1月23日,微软宣布追加投资;2月4日,新版上线");
  REQUIRE(r.size() == 3);
  check(r[0], 2022, 11, 30, "explicit");
  check(r[1], 2023, 1, 23, "previous");
  check(r[2], 2023, 2, 4, "previous");
  CHECK(ctx.last_year() == 2023);
}

TEST_CASE("without a publication date a month-only date keeps the previous year", "[ingest][dates]") {
  DateContext ctx;
  auto r = resolve_all(ctx, "2022年11月30日产品上线;1月23日,微软宣布追加投资");
  REQUIRE(r.size() == 2);
  check(r[1], 2022, 1, 23, "previous");
}

TEST_CASE("a month-only date takes the year of the last stated date", "[ingest][dates]") {
  DateContext ctx;
  ctx.set_publication(2023, 2, 8);
  auto r = resolve_all(ctx, "2019年3月,公司重组,并在7月宣布获得注资");
  REQUIRE(r.size() == 2);
  check(r[1], 2019, 7, {}, "previous");
}

TEST_CASE("a month-only date is never resolved past the publication date", "[ingest][dates]") {
  DateContext ctx;
  ctx.set_publication(2023, 2, 8);
  auto r = resolve_all(ctx, "2023年1月微软确认投资。11月,公司推出聊天机器人");
  REQUIRE(r.size() == 2);
  check(r[1], 2022, 11, {}, "previous");
}

TEST_CASE("with no previous date a month-only date uses the publication year", "[ingest][dates]") {
  DateContext a;
  a.set_publication(2023, 2, 8);
  check(resolve_all(a, "1月,公司完成融资")[0], 2023, 1, {}, "publication");
  DateContext b;
  b.set_publication(2023, 2, 8);
  check(resolve_all(b, "7月,公司完成融资")[0], 2022, 7, {}, "publication");
  DateContext c;
  check(resolve_all(c, "7月,公司完成融资")[0], {}, 7, {}, "");
}

TEST_CASE("dates relative to the previous date follow the last stated date", "[ingest][dates]") {
  DateContext ctx;
  auto r = resolve_all(ctx, "2019年3月公司重组;同年7月获得注资;当月完成交割;次月再获投资;次年上市");
  REQUIRE(r.size() == 5);
  check(r[1], 2019, 7, {}, "previous");
  check(r[2], 2019, 7, {}, "previous");
  check(r[3], 2019, 8, {}, "previous");
  check(r[4], 2020, {}, {}, "previous");

  DateContext d;
  auto s = resolve_all(d, "2021年12月31日签约,次日公告,次月交割");
  REQUIRE(s.size() == 3);
  check(s[1], 2022, 1, 1, "previous");
  check(s[2], 2022, 2, {}, "previous");

  DateContext e;
  check(resolve_all(e, "同年,公司获得投资")[0], {}, {}, {}, "");
}

TEST_CASE("dates relative to the publication date need the publication date", "[ingest][dates]") {
  DateContext ctx;
  ctx.set_publication(2023, 3, 1);
  auto r = resolve_all(ctx, "今年1月;去年;前年;上月;本月15日;昨天;近日;去年11月30日");
  REQUIRE(r.size() == 8);
  check(r[0], 2023, 1, {}, "publication");
  check(r[1], 2022, {}, {}, "publication");
  check(r[2], 2021, {}, {}, "publication");
  check(r[3], 2023, 2, {}, "publication");
  check(r[4], 2023, 3, 15, "publication");
  check(r[5], 2023, 2, 28, "publication");
  check(r[6], 2023, 3, {}, "publication");  // 近日 is approximate: no day
  check(r[7], 2022, 11, 30, "publication");

  DateContext jan;
  jan.set_publication(2023, 1, 15);
  check(resolve_all(jan, "上个月,公司获得投资")[0], 2022, 12, {}, "publication");

  DateContext none;
  auto u = resolve_all(none, "今年公司获得投资;去年");
  REQUIRE(u.size() == 2);
  check(u[0], {}, {}, {}, "");
  check(u[1], {}, {}, {}, "");
}

TEST_CASE("forecasts resolve but do not move the discourse state", "[ingest][dates]") {
  DateContext ctx;
  ctx.set_publication(2023, 2, 8);
  auto r = resolve_all(ctx, "2019年3月公司重组,预计将于2025年上市。同年7月获得注资");
  REQUIRE(r.size() == 3);
  check(r[1], 2025, {}, {}, "explicit");
  check(r[2], 2019, 7, {}, "previous");
  CHECK(ctx.last_year() == 2019);
}

TEST_CASE("vague time references resolve to nothing", "[ingest][dates]") {
  DateContext ctx;
  ctx.set_publication(2023, 2, 8);
  auto r = resolve_all(ctx, "公司此前曾获某基金投资");
  REQUIRE(r.size() == 1);
  check(r[0], {}, {}, {}, "");
  CHECK_FALSE(ctx.last_year().has_value());
}

// ---- publication date -------------------------------------------------------------------------------

namespace {

std::vector<std::u32string> lines_of(const std::vector<std::string>& ls) {
  std::vector<std::u32string> out;
  for (const auto& l : ls) out.push_back(kg::utf8_to_u32(l));
  return out;
}

}  // namespace

TEST_CASE("the publication date is inferred from datelines, labels and today-phrases with a year",
          "[ingest][dates]") {
  struct Inf {
    std::vector<std::string> lines;
    int y, m, d;
    std::string how;
  };
  const std::vector<Inf> cases = {
      {{"首页 > 科技 > 创投", "2023-02-08 10:30 来源:某某科技网", "星图医疗获得投资。"}, 2023, 2, 8, "dateline"},
      {{"标题", "", "正文第一段。", "正文第二段。", "2023年2月8日"}, 2023, 2, 8, "dateline"},
      {{"标题", "正文。", "正文。", "正文。", "正文。", "正文。", "发布时间: 2021年4月6日 09:00", "正文。"},
       2021, 4, 6, "label"},
      {{"標題", "發佈時間:2021年4月6日"}, 2021, 4, 6, "label"},
      {{"date: 2020-01-02T08:00:00Z", "title: 某文章"}, 2020, 1, 2, "label"},
      {{"标题", "发布于 2022-05-01", "正文。"}, 2022, 5, 1, "label"},
      {{"正文。", "然而今天,北京时间2月8日,公司推出新版搜索。", "2023年开年以来,赛道持续火热。"},
       2023, 2, 8, "beijing-time+year-signal"},
      {{"正文。", "北京时间2023年2月8日,公司推出新版搜索。"}, 2023, 2, 8, "beijing-time"},
      {{"今天,3月5日,公司宣布完成融资。", "今年(2024年)以来,已有多家公司获投。"}, 2024, 3, 5, "today+year-signal"},
      {{"正文。", "北京时间3月5日,该公司2024年首款产品发布。"}, 2024, 3, 5, "beijing-time+line-year"},
  };
  for (const auto& c : cases) {
    INFO(c.lines.front() << " / " << c.how);
    auto p = kg::ingest::infer_publication_date(lines_of(c.lines));
    CHECK(p.year == c.y);
    CHECK(p.month == c.m);
    CHECK(p.day == c.d);
    CHECK(p.how == c.how);
  }
}

TEST_CASE("publication-date inference refuses to guess from ordinary dates", "[ingest][dates]") {
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"2022年11月30日,ChatGPT上线。", "正文。"},                                   // a sentence, not a dateline
      {"2022年11月30日上线,一周获得百万用户", "正文。"},                            // ditto
      {"标题", "1", "2", "3", "4", "5", "公司于2021年4月6日完成融资", "6", "7", "8", "9", "10"},  // mid-text
      {"正文。", "北京时间2月8日,公司推出新版搜索。"},                               // no year anywhere
      {"北京时间2月8日,公司发布新品。", "2022年开年以来", "2023年初至今"},           // conflicting signals
      {"2022年11月30日上线;北京时间2月8日,公司推出新版"},                          // line year but a later date
      {"2023年2月"},                                                                  // no day
  };
  for (const auto& ls : cases) {
    INFO((ls.empty() ? std::string("(empty)") : ls.front()));
    auto p = kg::ingest::infer_publication_date(lines_of(ls));
    CHECK(p.how.empty());
    CHECK_FALSE(p.year.has_value());
  }
}

TEST_CASE("a byline that opens with a full date and a source or author field is recognised as dated", "[ingest][dates]") {
  const std::vector<std::pair<std::u32string, bool>> cases = {
      {U"２０２０-１０-２０ 来源：产业观察", true},
      {U"2021年3月2日 09:30 作者：张三", true},
      {U"2023-02-08 | 编辑:王五", true},
      {U"2024-05-01 限时红包 扫码领取", false},  // a short tail, but no byline field: an ad keeps its noise
      {U"来源:产业观察 2020-10-20", false},      // the date does not open the line
      {U"2022年11月30日,ChatGPT上线。", false},
      {U"2023年2月 来源:某网", false},            // no day
  };
  for (const auto& [line, want] : cases) {
    INFO(kg::u32_to_utf8(line));
    CHECK(kg::ingest::is_dated_byline(line) == want);
  }
}
