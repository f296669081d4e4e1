#include "ingest/dates.h"

#include <algorithm>
#include <set>

#include "base/text.h"
#include "base/unicode.h"

namespace kg::ingest {
namespace {

using View = std::u32string_view;

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_ascii_letter(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }
bool is_blank(char32_t c) { return c == U' ' || c == U'\t' || c == 0x3000 || c == 0xA0; }
bool is_han(char32_t c) { return c >= 0x3400 && c < 0xA000; }
bool at(View t, size_t i, View w) { return i <= t.size() && t.size() - i >= w.size() && t.compare(i, w.size(), w) == 0; }
bool in(View set, char32_t c) { return set.find(c) != View::npos; }
size_t skip_blanks(View t, size_t i) {
  while (i < t.size() && is_blank(t[i])) ++i;
  return i;
}
bool clause_break(char32_t c) { return in(U"。,;!?:\n", c); }

int cn_digit(char32_t c) {
  switch (c) {
    case U'零': case U'〇': return 0;
    case U'一': return 1;
    case U'二': case U'两': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}
bool is_cn_numeral(char32_t c) { return cn_digit(c) >= 0 || c == U'十' || c == U'百' || c == U'千'; }

// 1..maxd ASCII digits at j not followed by another digit; -1 otherwise.
int read_int(View t, size_t& j, int maxd) {
  size_t k = j;
  int v = 0;
  while (k < t.size() && is_digit(t[k]) && int(k - j) < maxd) v = v * 10 + (t[k++] - U'0');
  if (k == j || (k < t.size() && is_digit(t[k]))) return -1;
  j = k;
  return v;
}

// Chinese numeral 1..39 at j (一, 十, 十二, 二十, 三十一); -1 otherwise.
int read_cn_small(View t, size_t& j) {
  size_t k = j;
  int v = -1;
  int d = k < t.size() ? cn_digit(t[k]) : -1;
  if (d > 0 && t[k] != U'两') {
    ++k;
    if (k < t.size() && t[k] == U'十') {
      ++k;
      v = d * 10;
      int e = k < t.size() ? cn_digit(t[k]) : -1;
      if (e > 0) {
        v += e;
        ++k;
      }
    } else {
      v = d;
    }
  } else if (k < t.size() && t[k] == U'十') {
    ++k;
    v = 10;
    int e = k < t.size() ? cn_digit(t[k]) : -1;
    if (e > 0) {
      v += e;
      ++k;
    }
  }
  if (v < 0 || (k < t.size() && is_cn_numeral(t[k]))) return -1;
  j = k;
  return v;
}

int days_in_month(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && y > 0 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  if (m == 2 && y <= 0) return 29;
  return d[m - 1];
}
bool valid_md(int y, int m, int d) { return m >= 1 && m <= 12 && (d == 0 || (d >= 1 && d <= days_in_month(y, m))); }
bool valid_year(int y) { return y >= 1900 && y <= 2100; }

// ---- parts after a year or a month ----------------------------------------------------------------

// After "年": 底/末/初/内/度/中(旬)/上半年/下半年/第一季度/一季度/前三季度/Q1. Returns the end or npos.
size_t year_part(View t, size_t j) {
  size_t k = skip_blanks(t, j);
  for (View w : {View(U"上半年"), View(U"下半年"), View(U"年底"), View(U"年初"), View(U"年末"), View(U"年中"),
                 View(U"中旬"), View(U"底"), View(U"末"), View(U"初"), View(U"内"), View(U"度")}) {
    if (!at(t, j, w)) continue;
    size_t e = j + w.size();
    if (w.back() == U'中' && e < t.size() && is_han(t[e]) && t[e] != U'期') continue;  // 2024年中国…
    if (w == U"内" && at(t, e, U"地")) continue;                                       // 2024年内地…
    return e;
  }
  if (at(t, j, U"中") && (j + 1 >= t.size() || !is_han(t[j + 1]) || t[j + 1] == U'期')) return j + 1;
  // quarters
  size_t q = k;
  if (at(t, q, U"第") || at(t, q, U"前")) ++q;
  if (q < t.size() && (in(U"一二三四", t[q]) || in(U"1234", t[q])) && at(t, q + 1, U"季度")) return q + 3;
  if (q < t.size() && (t[q] == U'Q' || t[q] == U'q') && q + 1 < t.size() && in(U"1234", t[q + 1]) &&
      (q + 2 >= t.size() || !is_digit(t[q + 2])))
    return q + 2;
  return View::npos;
}

struct MonthDay {
  size_t end = 0;
  int month = 0, day = 0;  // day 0 = not stated
  bool approx = false;     // 初/底/中旬 …
};

// "M月[份][D日|号|初|底|中旬…]" at j (Arabic or Chinese numerals); year (or 0) validates the day.
std::optional<MonthDay> month_day(View t, size_t j, int year) {
  size_t k = j;
  int m = read_int(t, k, 2);
  bool chinese = false;
  if (m < 0) {
    m = read_cn_small(t, k);
    chinese = true;
  }
  if (m < 1 || m > 12) return std::nullopt;
  if (!chinese) k = skip_blanks(t, k);
  if (!at(t, k, U"月")) return std::nullopt;
  ++k;
  if (k < t.size() && in(U"活均薪租供息", t[k])) return std::nullopt;  // 月活, 月均 …
  MonthDay md;
  md.month = m;
  if (at(t, k, U"份") && !at(t, k + 1, U"额")) ++k;
  size_t dpos = skip_blanks(t, k);
  size_t e = dpos;
  int d = read_int(t, e, 2);
  if (d < 0) {
    e = dpos;
    d = read_cn_small(t, e);
  }
  if (d >= 1 && e < t.size() && (t[e] == U'日' || t[e] == U'号') && !at(t, e + 1, U"元") && valid_md(year, m, d)) {
    md.day = d;
    md.end = e + 1;
    return md;
  }
  for (View w : {View(U"上旬"), View(U"中旬"), View(U"下旬"), View(U"初"), View(U"底"), View(U"末")})
    if (at(t, k, w)) {
      md.approx = true;
      md.end = k + w.size();
      return md;
    }
  md.end = k;
  return md;
}

// A day "D日/号" at j (after 本月/当月 …).
std::optional<std::pair<size_t, int>> day_at(View t, size_t j) {
  size_t e = j;
  int d = read_int(t, e, 2);
  if (d < 0) {
    e = j;
    d = read_cn_small(t, e);
  }
  if (d >= 1 && d <= 31 && e < t.size() && (t[e] == U'日' || t[e] == U'号') && !at(t, e + 1, U"元"))
    return std::make_pair(e + 1, d);
  return std::nullopt;
}

// ---- relative and vague words ---------------------------------------------------------------------

struct RelWord {
  View w;
  DateKind kind;
  DateGrain grain;
  int dy, dm, dd;
  bool forecast, approx;
};
constexpr RelWord kRelWords[] = {
    {U"上个月", DateKind::RelativePublication, DateGrain::Month, 0, -1, 0, false, false},
    {U"下个月", DateKind::RelativePublication, DateGrain::Month, 0, 1, 0, true, false},
    {U"第二年", DateKind::RelativePrevious, DateGrain::Year, 1, 0, 0, false, false},
    {U"前一年", DateKind::RelativePrevious, DateGrain::Year, -1, 0, 0, false, false},
    {U"同一天", DateKind::RelativePrevious, DateGrain::Day, 0, 0, 0, false, false},
    {U"前一天", DateKind::RelativePrevious, DateGrain::Day, 0, 0, -1, false, false},
    {U"前一日", DateKind::RelativePrevious, DateGrain::Day, 0, 0, -1, false, false},
    {U"今年", DateKind::RelativePublication, DateGrain::Year, 0, 0, 0, false, false},
    {U"本年", DateKind::RelativePublication, DateGrain::Year, 0, 0, 0, false, false},
    {U"去年", DateKind::RelativePublication, DateGrain::Year, -1, 0, 0, false, false},
    {U"前年", DateKind::RelativePublication, DateGrain::Year, -2, 0, 0, false, false},
    {U"明年", DateKind::RelativePublication, DateGrain::Year, 1, 0, 0, true, false},
    {U"后年", DateKind::RelativePublication, DateGrain::Year, 2, 0, 0, true, false},
    {U"本月", DateKind::RelativePublication, DateGrain::Month, 0, 0, 0, false, false},
    {U"上月", DateKind::RelativePublication, DateGrain::Month, 0, -1, 0, false, false},
    {U"下月", DateKind::RelativePublication, DateGrain::Month, 0, 1, 0, true, false},
    {U"今天", DateKind::RelativePublication, DateGrain::Day, 0, 0, 0, false, false},
    {U"今日", DateKind::RelativePublication, DateGrain::Day, 0, 0, 0, false, false},
    {U"昨天", DateKind::RelativePublication, DateGrain::Day, 0, 0, -1, false, false},
    {U"昨日", DateKind::RelativePublication, DateGrain::Day, 0, 0, -1, false, false},
    {U"前天", DateKind::RelativePublication, DateGrain::Day, 0, 0, -2, false, false},
    {U"明天", DateKind::RelativePublication, DateGrain::Day, 0, 0, 1, true, false},
    {U"本周", DateKind::RelativePublication, DateGrain::Day, 0, 0, 0, false, true},
    {U"上周", DateKind::RelativePublication, DateGrain::Day, 0, 0, -7, false, true},
    {U"下周", DateKind::RelativePublication, DateGrain::Day, 0, 0, 7, true, true},
    {U"日前", DateKind::RelativePublication, DateGrain::Day, 0, 0, 0, false, true},
    {U"近日", DateKind::RelativePublication, DateGrain::Day, 0, 0, 0, false, true},
    {U"同年", DateKind::RelativePrevious, DateGrain::Year, 0, 0, 0, false, false},
    {U"当年", DateKind::RelativePrevious, DateGrain::Year, 0, 0, 0, false, false},
    {U"那一年", DateKind::RelativePrevious, DateGrain::Year, 0, 0, 0, false, false},
    {U"这一年", DateKind::RelativePrevious, DateGrain::Year, 0, 0, 0, false, false},
    {U"那年", DateKind::RelativePrevious, DateGrain::Year, 0, 0, 0, false, false},
    {U"第二年", DateKind::RelativePrevious, DateGrain::Year, 1, 0, 0, false, false},
    {U"隔年", DateKind::RelativePrevious, DateGrain::Year, 1, 0, 0, false, false},
    {U"前一年", DateKind::RelativePrevious, DateGrain::Year, -1, 0, 0, false, false},
    {U"次年", DateKind::RelativePrevious, DateGrain::Year, 1, 0, 0, false, false},
    {U"翌年", DateKind::RelativePrevious, DateGrain::Year, 1, 0, 0, false, false},
    {U"同月", DateKind::RelativePrevious, DateGrain::Month, 0, 0, 0, false, false},
    {U"当月", DateKind::RelativePrevious, DateGrain::Month, 0, 0, 0, false, false},
    {U"次月", DateKind::RelativePrevious, DateGrain::Month, 0, 1, 0, false, false},
    {U"翌月", DateKind::RelativePrevious, DateGrain::Month, 0, 1, 0, false, false},
    {U"当天", DateKind::RelativePrevious, DateGrain::Day, 0, 0, 0, false, false},
    {U"当日", DateKind::RelativePrevious, DateGrain::Day, 0, 0, 0, false, false},
    {U"同日", DateKind::RelativePrevious, DateGrain::Day, 0, 0, 0, false, false},
    {U"次日", DateKind::RelativePrevious, DateGrain::Day, 0, 0, 1, false, false},
    {U"翌日", DateKind::RelativePrevious, DateGrain::Day, 0, 0, 1, false, false},
    {U"早些时候", DateKind::Vague, DateGrain::Year, 0, 0, 0, false, true},
    {U"近年来", DateKind::Vague, DateGrain::Year, 0, 0, 0, false, true},
    {U"近几年", DateKind::Vague, DateGrain::Year, 0, 0, 0, false, true},
    {U"此前", DateKind::Vague, DateGrain::Year, 0, 0, 0, false, true},
    {U"早前", DateKind::Vague, DateGrain::Year, 0, 0, 0, false, true},
    {U"近年", DateKind::Vague, DateGrain::Year, 0, 0, 0, false, true},
    {U"早年", DateKind::Vague, DateGrain::Year, 0, 0, 0, false, true},
};

// Context checks that keep a relative word from matching inside another word.
bool rel_word_ok(View t, size_t i, const RelWord& r) {
  char32_t prev = i > 0 ? t[i - 1] : U'\0';
  size_t e = i + r.w.size();
  char32_t next = e < t.size() ? t[e] : U'\0';
  if (is_digit(prev) || is_cn_numeral(prev)) return false;  // 3年前年…, 5日前
  if (r.w == U"今日") return !at(t, e, U"头条") && !at(t, e, U"资本");
  if (r.w == U"日前")
    return !in(U"节生假作易止念周当今昨明每某该此届期末首工营交礼拜星平次翌同前元落白终近旧往忌庆诞纪月时之", prev);
  if (r.w == U"近日") return !in(U"接逼将临附靠最", prev) && !in(U"本元圆", next);
  if (r.w == U"去年") return !in(U"过失离回出进死除删减抹拿省上下", prev);
  if (r.w == U"后年") return !in(U"年前此之然最以落", prev);
  if (r.w == U"同年") return !in(U"不共相", prev) && !in(U"龄纪级", next);
  if (r.w == U"近年" || r.w == U"近年来" || r.w == U"近几年") return !in(U"最接", prev);
  if (r.w == U"当年") return !in(U"龄", next);
  return true;
}

// ---- forecast -------------------------------------------------------------------------------------

constexpr View kForecastCues[] = {U"将于", U"将在", U"将会", U"将要", U"即将", U"预计", U"预期", U"计划",
                                  U"拟于", U"拟在", U"有望", U"争取", U"力争", U"最快", U"定于", U"预定"};

// A forecast cue ending within 3 characters before begin, in the same clause.
bool forecast_before(View t, size_t begin) {
  size_t lo = begin >= 8 ? begin - 8 : 0;
  for (size_t k = begin; k > lo; --k)
    if (clause_break(t[k - 1])) {
      lo = k;
      break;
    }
  for (size_t s = lo; s < begin; ++s)
    for (View w : kForecastCues)
      if (at(t, s, w) && s + w.size() <= begin && s + w.size() + 3 >= begin) return true;
  // 到2025年 at the start of a clause (直到/截止到/达到 are not forecasts)
  size_t b = begin;
  while (b > 0 && is_blank(t[b - 1])) --b;
  if (b > 0 && t[b - 1] == U'到') {
    size_t p = b - 1;
    while (p > 0 && is_blank(t[p - 1])) --p;
    if (p == 0 || clause_break(t[p - 1]) || t[p - 1] == U'(') return true;
  }
  return false;
}

// ---- the scanner ----------------------------------------------------------------------------------

struct Scan {
  View t;
  std::vector<DateExpr> out;

  void emit(DateExpr e) {
    e.text = u32_to_utf8(t.substr(e.begin, e.end - e.begin));
    out.push_back(std::move(e));
  }

  // Numeric dates at i (ASCII digit): YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY-MM, YYYY年…, YYYY-YYYY年, YYYYQ1,
  // M月…; returns the end of what was consumed (0 = nothing).
  size_t numeric(size_t i) {
    // Kelvin AI2019年: a four-digit year glued to a name still is a year when 年 follows.
    bool glued_year = i > 0 && is_ascii_letter(t[i - 1]) && i + 4 < t.size() && t[i + 4] == U'年' &&
                      is_digit(t[i]) && is_digit(t[i + 1]) && is_digit(t[i + 2]) && is_digit(t[i + 3]);
    if (i > 0 && (is_digit(t[i - 1]) || t[i - 1] == U'.' || (is_ascii_letter(t[i - 1]) && !glued_year))) return 0;
    if (i > 1 && (t[i - 1] == U'-' || t[i - 1] == U'_') && is_ascii_letter(t[i - 2])) return 0;  // GPT-3
    size_t j = i;
    int y = read_int(t, j, 4);
    if (y >= 0 && j - i == 4 && valid_year(y)) {
      if (size_t e = separated(i, j, y)) return e;
      return year_words(i, j, y);
    }
    return month_only(i);
  }

  size_t separated(size_t i, size_t j, int y) {
    if (j >= t.size() || !in(U"-/.", t[j])) return 0;
    char32_t sep = t[j];
    size_t k = j + 1;
    int m = read_int(t, k, 2);
    if (m < 1 || m > 12) {
      // 2019-2021年: a range of years, two expressions
      size_t k2 = j + 1;
      int y2 = read_int(t, k2, 4);
      if (sep != U'.' && y2 >= 0 && k2 - j - 1 == 4 && valid_year(y2) && y2 > y) {
        size_t after = skip_blanks(t, k2);
        if (at(t, after, U"年") && !at(t, after + 1, U"代")) {
          DateExpr a;
          a.begin = i;
          a.end = j;
          a.year = y;
          emit(a);
          return year_words(j + 1, k2, y2);
        }
      }
      return 0;
    }
    if (k < t.size() && t[k] == sep) {
      size_t k2 = k + 1;
      int d = read_int(t, k2, 2);
      if (d >= 1 && valid_md(y, m, d) && !(k2 < t.size() && (t[k2] == sep || t[k2] == U'.'))) {
        DateExpr e;
        e.begin = i;
        e.end = k2;
        e.year = y;
        e.month = m;
        e.day = d;
        e.grain = DateGrain::Day;
        emit(e);
        return k2;
      }
      return 0;
    }
    if (sep == U'.' || k - j - 1 != 2) return 0;  // YYYY-MM needs two month digits
    if (k < t.size() && (is_han(t[k]) || is_digit(t[k]))) return 0;
    DateExpr e;
    e.begin = i;
    e.end = k;
    e.year = y;
    e.month = m;
    e.grain = DateGrain::Month;
    emit(e);
    return k;
  }

  size_t year_words(size_t i, size_t j, int y) {
    size_t k = skip_blanks(t, j);
    DateExpr e;
    e.begin = i;
    e.year = y;
    if (!at(t, k, U"年")) {
      // 2024Q1 / 2024 Q1
      if (k < t.size() && (t[k] == U'Q' || t[k] == U'q') && k + 1 < t.size() && in(U"1234", t[k + 1]) &&
          !(k + 2 < t.size() && (is_digit(t[k + 2]) || is_ascii_letter(t[k + 2])))) {
        e.end = k + 2;
        e.approximate = true;
        emit(e);
        return e.end;
      }
      return 0;
    }
    if (at(t, k + 1, U"代")) return k + 2;  // 1990年代: a decade
    return after_year(std::move(e), k + 1, y);
  }

  // Month/day or a part after "…年" (absolute or relative year words).
  size_t after_year(DateExpr e, size_t k, int y) {
    e.end = k;
    size_t m0 = skip_blanks(t, k);
    if (auto md = month_day(t, m0, y)) {
      e.month = md->month;
      e.grain = DateGrain::Month;
      if (md->day) {
        e.day = md->day;
        e.grain = DateGrain::Day;
      }
      e.approximate = md->approx;
      e.has_month_part = e.kind != DateKind::Absolute;
      e.end = md->end;
    } else if (size_t p = year_part(t, k); p != View::npos) {
      e.approximate = !at(t, k, U"度");
      e.end = p;
    }
    size_t end = e.end;
    emit(std::move(e));
    return end;
  }

  size_t month_only(size_t i) {
    if (i > 0 && (t[i - 1] == U'年' || is_cn_numeral(t[i - 1]) || in(U"第个数几", t[i - 1]))) return 0;
    auto md = month_day(t, i, 0);
    if (!md) return 0;
    if (!is_digit(t[i])) {
      // Chinese-numeral months stand alone only with a day, 份, or a following pause: 三月,… / 十月份
      size_t mend = t.find(U'月', i) + 1;
      bool ok = md->day || md->approx || at(t, mend, U"份") || (mend < t.size() && in(U",、", t[mend]));
      if (!ok) return 0;
    }
    DateExpr e;
    e.begin = i;
    e.end = md->end;
    e.kind = DateKind::MonthOnly;
    e.month = md->month;
    e.grain = md->day ? DateGrain::Day : DateGrain::Month;
    if (md->day) e.day = md->day;
    e.approximate = md->approx;
    emit(e);
    return e.end;
  }

  // 二〇二一年 / 二零二一年…
  size_t chinese_year(size_t i) {
    if (i + 4 >= t.size() || (i > 0 && is_cn_numeral(t[i - 1]))) return 0;
    int y = 0;
    for (size_t k = i; k < i + 4; ++k) {
      int d = cn_digit(t[k]);
      if (d < 0 || t[k] == U'两') return 0;
      y = y * 10 + d;
    }
    if (!valid_year(y) || !at(t, i + 4, U"年")) return 0;
    DateExpr e;
    e.begin = i;
    e.year = y;
    return after_year(std::move(e), i + 5, y);
  }

  size_t relative(size_t i) {
    // Most characters start no relative word: a first-character filter saves trying each word at each position.
    static const std::u32string firsts = [] {
      std::u32string f;
      for (const auto& r : kRelWords)
        if (!r.w.empty() && f.find(r.w[0]) == std::u32string::npos) f += r.w[0];
      return f;
    }();
    if (i >= t.size() || firsts.find(t[i]) == std::u32string::npos) return 0;
    for (const auto& r : kRelWords) {
      if (!at(t, i, r.w) || !rel_word_ok(t, i, r)) continue;
      DateExpr e;
      e.begin = i;
      e.end = i + r.w.size();
      e.kind = r.kind;
      e.grain = r.grain;
      e.year_offset = r.dy;
      e.month_offset = r.dm;
      e.day_offset = r.dd;
      e.forecast = r.forecast;
      e.approximate = r.approx;
      if (r.kind != DateKind::Vague && r.grain == DateGrain::Year) {
        size_t k = e.end;
        return after_year(std::move(e), k, 0);
      }
      if (r.grain == DateGrain::Month) {
        if (auto d = day_at(t, skip_blanks(t, e.end))) {
          e.day = d->second;
          e.grain = DateGrain::Day;
          e.end = d->first;
        } else {
          for (View w : {View(U"上旬"), View(U"中旬"), View(U"下旬"), View(U"初"), View(U"底"), View(U"末")})
            if (at(t, e.end, w)) {
              e.end += w.size();
              e.approximate = true;
              break;
            }
        }
      }
      size_t end = e.end;
      emit(std::move(e));
      return end;
    }
    return 0;
  }

  void run() {
    for (size_t i = 0; i < t.size();) {
      size_t before = out.size();
      size_t e = 0;
      if (is_digit(t[i])) {
        e = numeric(i);
        if (!e) {  // skip the rest of this number
          size_t k = i;
          while (k < t.size() && is_digit(t[k])) ++k;
          i = k;
          continue;
        }
      } else if (cn_digit(t[i]) >= 0 || t[i] == U'十') {
        e = chinese_year(i);
        if (!e) e = month_only(i);
      } else {
        e = relative(i);
      }
      for (size_t k = before; k < out.size(); ++k)
        if (!out[k].forecast) out[k].forecast = forecast_before(t, out[k].begin);
      i = e > i ? e : i + 1;
    }
  }
};

// ---- resolution helpers ---------------------------------------------------------------------------

// Days since 1970-01-01 (proleptic Gregorian) and back; for day offsets.
long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + long(doe) - 719468;
}
void civil_from_days(long z, int& y, int& m, int& d) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = unsigned(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = int(doy - (153 * mp + 2) / 5 + 1);
  m = int(mp < 10 ? mp + 3 : mp - 9);
  y = int(yoe) + int(era) * 400 + (m <= 2);
}
void add_months(int& y, int& m, int dm) {
  int z = y * 12 + (m - 1) + dm;
  y = z / 12;
  m = z % 12 + 1;
}

}  // namespace

std::vector<DateExpr> find_dates(std::u32string_view text) {
  Scan s{text, {}};
  s.run();
  return std::move(s.out);
}

// ---- DateContext ----------------------------------------------------------------------------------

void DateContext::set_publication(std::optional<int> y, std::optional<int> m, std::optional<int> d) {
  pub_y_ = y;
  pub_m_ = y ? m : std::nullopt;
  pub_d_ = (y && m) ? d : std::nullopt;
}

void DateContext::remember(const ResolvedDate& r) {
  if (!r.year) return;
  if (r.year == last_y_ && !r.month) return;  // 同年 keeps the month already known
  last_y_ = r.year;
  last_m_ = r.month;
  last_d_ = r.month ? r.day : std::nullopt;
}

namespace {
// -1/0/+1: (y,m,d) compared with the publication date on the parts both know.
int compare_known(int y, std::optional<int> m, std::optional<int> d, int py, std::optional<int> pm,
                  std::optional<int> pd) {
  if (y != py) return y < py ? -1 : 1;
  if (!m || !pm) return 0;
  if (*m != *pm) return *m < *pm ? -1 : 1;
  if (!d || !pd) return 0;
  if (*d != *pd) return *d < *pd ? -1 : 1;
  return 0;
}
}  // namespace

ResolvedDate DateContext::resolve(const DateExpr& e) {
  ResolvedDate r;
  auto after_pub = [&](int y, std::optional<int> m, std::optional<int> d) {
    return pub_y_ && compare_known(y, m, d, *pub_y_, pub_m_, pub_d_) > 0;
  };
  switch (e.kind) {
    case DateKind::Absolute:
      r = {e.year, e.month, e.day, "explicit"};
      break;
    case DateKind::MonthOnly: {
      if (last_y_) {
        int y = *last_y_;
        if (last_m_ && *e.month < *last_m_ && pub_y_ && !after_pub(y + 1, e.month, e.day)) ++y;  // chronology
        if (!e.forecast && after_pub(y, e.month, e.day)) --y;  // never past the publication date
        r = {y, e.month, e.day, "previous"};
      } else if (pub_y_) {
        int y = *pub_y_;
        if (!e.forecast && after_pub(y, e.month, e.day)) --y;
        if (e.forecast && pub_m_ && compare_known(y, e.month, e.day, *pub_y_, pub_m_, pub_d_) < 0) ++y;
        r = {y, e.month, e.day, "publication"};
      } else {
        r = {std::nullopt, e.month, e.day, ""};
      }
      break;
    }
    case DateKind::RelativePrevious:
    case DateKind::RelativePublication: {
      const bool prev = e.kind == DateKind::RelativePrevious;
      std::optional<int> by = prev ? last_y_ : pub_y_, bm = prev ? last_m_ : pub_m_, bd = prev ? last_d_ : pub_d_;
      if (!by) {
        r = {std::nullopt, e.month, e.day, ""};
        break;
      }
      r.basis = prev ? "previous" : "publication";
      int y = *by + e.year_offset;
      if (e.grain == DateGrain::Year || e.has_month_part) {
        r.year = y;
        r.month = e.month;
        r.day = e.day;
      } else if (e.grain == DateGrain::Month || e.day) {  // 上月 / 本月15日
        r.year = y;
        if (bm) {
          int m = *bm;
          add_months(y, m, e.month_offset);
          r.year = y;
          r.month = m;
          r.day = e.day;
        }
      } else if (bm && bd) {  // Day with a full reference date
        int yy, mm, dd;
        civil_from_days(days_from_civil(y, *bm, *bd) + e.day_offset, yy, mm, dd);
        r.year = yy;
        r.month = mm;
        if (!e.approximate) r.day = dd;
      } else {  // Day against a reference without a day: keep what cannot have moved
        r.year = y;
        if (bm && e.day_offset == 0) r.month = bm;
      }
      break;
    }
    case DateKind::Vague:
      break;
  }
  if (!e.forecast && e.kind != DateKind::Vague) remember(r);
  return r;
}

// ---- publication date -----------------------------------------------------------------------------

namespace {

std::u32string trim(View s) {
  size_t b = 0, e = s.size();
  while (b < e && (is_blank(s[b]) || s[b] == U'\r')) ++b;
  while (e > b && (is_blank(s[e - 1]) || s[e - 1] == U'\r')) --e;
  return std::u32string(s.substr(b, e - b));
}

// A full Absolute date (year, month, day) starting exactly at pos.
const DateExpr* full_date_at(const std::vector<DateExpr>& ds, size_t pos) {
  for (const auto& d : ds)
    if (d.begin == pos && d.kind == DateKind::Absolute && d.day) return &d;
  return nullptr;
}

// HH:MM[:SS] at j; returns the end or j.
size_t skip_time(View t, size_t j) {
  size_t k = skip_blanks(t, j);
  size_t h = k;
  int hh = read_int(t, h, 2);
  if (hh < 0 || hh > 23 || h >= t.size() || t[h] != U':') return j;
  size_t m = h + 1;
  int mm = read_int(t, m, 2);
  if (mm < 0 || mm > 59 || m - h - 1 != 2) return j;
  if (m < t.size() && t[m] == U':') {
    size_t s = m + 1;
    int ss = read_int(t, s, 2);
    if (ss >= 0 && ss < 60) m = s;
  }
  return m;
}

// After a dateline's date (and time): the rest of the line is empty or a metadata field, not a sentence.
// What follows a leading date in a dateline: nothing, a byline field (byline = true), or a short tail with no
// sentence punctuation. -1: not a dateline tail.
int dateline_tail(View t, size_t j) {
  if (j >= t.size()) return 0;
  if (!is_blank(t[j]) && !in(U"|丨/·-", t[j])) return -1;
  size_t k = j;
  while (k < t.size() && (is_blank(t[k]) || in(U"|丨/·-", t[k]))) ++k;
  View rest = t.substr(k);
  for (View w : {View(U"来源"), View(U"作者"), View(U"编辑"), View(U"责任编辑"), View(U"星期"), View(U"周"),
                 View(U"发布"), View(U"阅读")})
    if (at(rest, 0, w)) return 1;
  return rest.size() <= 30 && rest.find(U'。') == View::npos && rest.find(U',') == View::npos ? 0 : -1;
}
bool dateline_tail_ok(View t, size_t j) { return dateline_tail(t, j) >= 0; }

constexpr View kLabels[] = {U"发布时间", U"发布日期", U"发表时间", U"发表日期", U"发稿时间", U"出版日期",
                            U"发布于",   U"发表于",   U"日期",     U"date",     U"published", U"pubdate",
                            U"datepublished"};

std::optional<PublicationDate> labelled(View line) {
  std::u32string low(line);
  for (auto& c : low)
    if (c >= U'A' && c <= U'Z') c += 32;
  for (View l : kLabels) {
    size_t p = 0;
    while (p < low.size() && (is_blank(low[p]) || in(U"|[(", low[p]))) ++p;
    if (!at(low, p, l)) continue;
    size_t k = skip_blanks(low, p + l.size());
    bool colon = k < low.size() && (low[k] == U':' || low[k] == U'=');
    bool yu = l.back() == U'于';
    if (!colon && !yu && !(k > p + l.size())) continue;
    if (colon) k = skip_blanks(low, k + 1);
    if (k < low.size() && (low[k] == U'"' || low[k] == U'\'')) ++k;
    auto ds = find_dates(line);
    if (const DateExpr* d = full_date_at(ds, k)) return PublicationDate{d->year, d->month, d->day, "label"};
  }
  return std::nullopt;
}

std::optional<PublicationDate> dateline(View line) {
  auto ds = find_dates(line);
  const DateExpr* d = full_date_at(ds, 0);
  if (!d || !dateline_tail_ok(line, skip_time(line, d->end))) return std::nullopt;
  return PublicationDate{d->year, d->month, d->day, "dateline"};
}

// Years named as the current year anywhere: YYYY年开年以来, YYYY年初至今, YYYY年开年, 今年(YYYY年).
std::set<int> year_signals(const std::vector<std::u32string>& lines) {
  std::set<int> ys;
  for (const auto& l : lines) {
    View t(l);
    for (size_t i = 0; i + 4 < t.size(); ++i) {
      if (i > 0 && is_digit(t[i - 1])) continue;
      size_t j = i;
      int y = read_int(t, j, 4);
      if (y < 0 || j - i != 4 || !valid_year(y)) continue;
      bool sig = at(t, j, U"年开年") || at(t, j, U"年初至今") || at(t, j, U"年年初至今");
      if (i >= 3 && at(t, i - 3, U"今年(")) sig = true;  // 今年(2023年) / 今年(2023)
      if (sig) ys.insert(y);
    }
  }
  return ys;
}

std::optional<PublicationDate> today_phrase(View line, const std::set<int>& signals) {
  auto ds = find_dates(line);
  for (const auto& d : ds) {
    if (!d.day || (d.kind != DateKind::Absolute && d.kind != DateKind::MonthOnly)) continue;
    size_t b = d.begin;
    while (b > 0 && is_blank(line[b - 1])) --b;
    std::string who;
    if (b >= 4 && at(line, b - 4, U"北京时间")) {
      who = "beijing-time";
    } else if (b >= 3 && (at(line, b - 3, U"今天,") || at(line, b - 3, U"今天(") || at(line, b - 3, U"今日,") ||
                          at(line, b - 3, U"今日("))) {
      who = "today";
    } else if (b >= 2 && (at(line, b - 2, U"今天") || at(line, b - 2, U"今日"))) {
      who = "today";
    } else {
      continue;
    }
    if (d.kind == DateKind::Absolute) return PublicationDate{d.year, d.month, d.day, who};
    if (signals.size() == 1) return PublicationDate{*signals.begin(), d.month, d.day, who + "+year-signal"};
    if (!signals.empty()) return std::nullopt;  // conflicting signals: do not guess
    // the latest year stated (not forecast) in the same line, if nothing of that year comes after M月D日
    std::optional<int> y;
    for (const auto& o : ds)
      if (o.kind == DateKind::Absolute && o.year && !o.forecast) y = std::max(y.value_or(0), *o.year);
    if (!y) return std::nullopt;
    for (const auto& o : ds)
      if (o.kind == DateKind::Absolute && o.year == y && o.month &&
          compare_known(*y, o.month, o.day, *y, d.month, d.day) > 0)
        return std::nullopt;
    return PublicationDate{y, d.month, d.day, who + "+line-year"};
  }
  return std::nullopt;
}

}  // namespace

bool is_dated_byline(std::u32string_view raw) {
  std::u32string line = trim(normalize_text(raw));
  if (line.size() > 80) return false;
  auto ds = find_dates(line);
  const DateExpr* d = full_date_at(ds, 0);
  return d && dateline_tail(line, skip_time(line, d->end)) == 1;
}

PublicationDate infer_publication_date(const std::vector<std::u32string>& raw) {
  std::vector<std::u32string> lines;
  lines.reserve(raw.size());
  for (const auto& l : raw) lines.push_back(trim(normalize_text(l)));
  for (const auto& l : lines)
    if (auto p = labelled(l)) return *p;
  std::vector<size_t> nonempty;
  for (size_t i = 0; i < lines.size(); ++i)
    if (!lines[i].empty()) nonempty.push_back(i);
  const size_t window = 5;
  for (size_t k = 0; k < nonempty.size() && k < window; ++k)
    if (auto p = dateline(lines[nonempty[k]])) return *p;
  for (size_t k = nonempty.size(); k > 0 && nonempty.size() - k < window; --k)
    if (auto p = dateline(lines[nonempty[k - 1]])) return *p;
  auto signals = year_signals(lines);
  for (const auto& l : lines)
    if (auto p = today_phrase(l, signals)) return *p;
  return {};
}

}  // namespace kg::ingest
