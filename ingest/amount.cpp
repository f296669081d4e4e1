#include "ingest/amount.h"

#include <algorithm>
#include <cmath>

namespace kg::ingest {
namespace {

using View = std::u32string_view;

// ---- character classes and small matchers -------------------------------------------------------

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_ascii_letter(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }
bool is_blank(char32_t c) { return c == U' ' || c == U'\t' || c == 0x3000 || c == 0xA0; }
char32_t ascii_lower(char32_t c) { return (c >= U'A' && c <= U'Z') ? c + 32 : c; }

bool at(View t, size_t i, View w) { return i <= t.size() && t.size() - i >= w.size() && t.compare(i, w.size(), w) == 0; }
// ASCII case-insensitive match of a lower-case word w at i.
bool at_ci(View t, size_t i, View w) {
  if (i > t.size() || t.size() - i < w.size()) return false;
  for (size_t k = 0; k < w.size(); ++k)
    if (ascii_lower(t[i + k]) != w[k]) return false;
  return true;
}
bool ends_with_at(View t, size_t end, View w) { return end >= w.size() && at(t, end - w.size(), w); }
bool letter_at(View t, size_t i) { return i < t.size() && is_ascii_letter(t[i]); }
size_t skip_blanks(View t, size_t i) {
  while (i < t.size() && is_blank(t[i])) ++i;
  return i;
}
size_t skip_blanks_back(View t, size_t i, size_t floor) {
  while (i > floor && is_blank(t[i - 1])) --i;
  return i;
}

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
int cn_mult(char32_t c) {
  switch (c) {
    case U'十': return 10;
    case U'百': return 100;
    case U'千': return 1000;
    default: return 0;
  }
}
bool is_cn_numeral_unit(char32_t c) { return cn_mult(c) != 0 || c == U'万' || c == U'亿'; }

// ---- grammar tables ------------------------------------------------------------------------------

struct UnitWord {
  View w;
  double v;
};
// Chinese units, longest first.
constexpr UnitWord kCnUnits[] = {
    {U"万亿", 1e12}, {U"千亿", 1e11}, {U"百亿", 1e10}, {U"十亿", 1e9}, {U"千万", 1e7}, {U"百万", 1e6},
    {U"十万", 1e5},  {U"亿", 1e8},    {U"万", 1e4},    {U"千", 1e3},   {U"百", 1e2},
};
// English units (lower case); a trailing plural s is accepted on the long words.
constexpr UnitWord kEnUnits[] = {
    {U"trillion", 1e12}, {U"billion", 1e9}, {U"million", 1e6}, {U"thousand", 1e3}, {U"bln", 1e9},
    {U"mln", 1e6},       {U"bn", 1e9},      {U"mn", 1e6},      {U"tn", 1e12},
};
// One-letter units, only after a currency symbol or code ($1B, US$300M, €20m).
constexpr UnitWord kLetterUnits[] = {{U"b", 1e9}, {U"m", 1e6}, {U"k", 1e3}};

struct CurWord {
  View w;
  const char* iso;
};
// Currency words after the number, longest first.
constexpr CurWord kSuffixCur[] = {
    {U"元人民币", "CNY"}, {U"新加坡元", "SGD"}, {U"瑞士法郎", "CHF"}, {U"人民币", "CNY"}, {U"新台币", "TWD"},
    {U"越南盾", "VND"},   {U"印尼盾", "IDR"},   {U"林吉特", "MYR"},   {U"块钱", "CNY"},   {U"美元", "USD"},
    {U"美金", "USD"},     {U"欧元", "EUR"},     {U"英镑", "GBP"},     {U"港元", "HKD"},   {U"港币", "HKD"},
    {U"日元", "JPY"},     {U"日圆", "JPY"},     {U"台币", "TWD"},     {U"韩元", "KRW"},   {U"澳元", "AUD"},
    {U"加元", "CAD"},     {U"新元", "SGD"},     {U"瑞郎", "CHF"},     {U"卢布", "RUB"},   {U"卢比", "INR"},
    {U"泰铢", "THB"},     {U"元", "CNY"},       {U"刀", "USD"},
};
// Latin currency words after the number (lower case, whole word).
constexpr CurWord kSuffixLatin[] = {
    {U"us dollars", "USD"}, {U"dollars", "USD"}, {U"dollar", "USD"}, {U"euros", "EUR"}, {U"euro", "EUR"},
    {U"yuan", "CNY"},       {U"rmb", "CNY"},     {U"cny", "CNY"},    {U"usd", "USD"},   {U"eur", "EUR"},
    {U"gbp", "GBP"},        {U"hkd", "HKD"},     {U"jpy", "JPY"},    {U"twd", "TWD"},   {U"sgd", "SGD"},
};
// Currency words and symbols before the number, longest first. Latin codes must not follow a letter.
constexpr CurWord kPrefixCur[] = {
    {U"人民币", "CNY"}, {U"新台币", "TWD"}, {U"港币", "HKD"}, {U"US$", "USD"}, {U"HK$", "HKD"}, {U"NT$", "TWD"},
    {U"S$", "SGD"},     {U"A$", "AUD"},     {U"C$", "CAD"},   {U"RMB", "CNY"}, {U"CNY", "CNY"}, {U"USD", "USD"},
    {U"EUR", "EUR"},    {U"GBP", "GBP"},    {U"HKD", "HKD"},  {U"JPY", "JPY"}, {U"TWD", "TWD"}, {U"$", "USD"},
    {U"€", "EUR"},      {U"£", "GBP"},      {U"¥", "CNY"},
};

enum class Cue { About, Lower, Upper, Conv, ConvAbout };
struct CueWord {
  View w;
  Cue cue;
};
// Qualifiers before the number, longest first. Some have extra conditions (see prefix_cue_ok).
constexpr CueWord kPrefixCues[] = {
    {U"不超过", Cue::Upper}, {U"不少于", Cue::Lower}, {U"不低于", Cue::Lower}, {U"相当于", Cue::Conv},
    {U"或将达到", Cue::Upper}, {U"或将达", Cue::Upper}, {U"或达", Cue::Upper}, {U"大约", Cue::About},   {U"约合", Cue::ConvAbout}, {U"折合", Cue::Conv}, {U"约为", Cue::About},
    {U"约达", Cue::About},   {U"大概", Cue::About},   {U"超过", Cue::Lower}, {U"多于", Cue::Lower},
    {U"高于", Cue::Lower},   {U"至少", Cue::Lower},   {U"突破", Cue::Lower}, {U"将近", Cue::Upper},
    {U"接近", Cue::Upper},   {U"逼近", Cue::Upper},   {U"不到", Cue::Upper}, {U"不足", Cue::Upper},
    {U"少于", Cue::Upper},   {U"低于", Cue::Upper},   {U"最多", Cue::Upper}, {U"约", Cue::About},
    {U"逾", Cue::Lower},     {U"超", Cue::Lower},     {U"近", Cue::Upper},   {U"过", Cue::Lower},
    {U"上", Cue::Lower},     {U"合", Cue::Conv},
};

// Characters that, right after a unit with no currency, mark a count or a measure, not money.
constexpr View kCounterChars =
    U"%‰倍枚个家人次名位款条台岁年月日天周秒股户件辆张份篇部座只头吨米克斤升亩字词句页册套间所架艘项笔单颗粒片"
    U"支场届首帧度瓦行根本卷盒瓶包袋箱桶杯粉票例种类层门节课局期批组对双串";
// Words that do the same (checked before the characters).
constexpr View kCounterWords[] = {U"用户", U"参数", U"平方", U"公里", U"公斤", U"公顷", U"小时", U"分钟", U"立方", U"像素"};

// ---- number parsing ------------------------------------------------------------------------------

struct Num {
  size_t end = 0;
  double mant = 0;       // digits as an integer
  int dec = 0;           // number of decimal places in mant
  bool chinese = false;  // written in Chinese numerals
  bool has_digit = false;// a digit was written (not only 十/百/千)
  int last_mult = 0;     // Chinese: the last multiplier (十=10 …) when the number ends with it, else 0
  double low_ratio = 1;  // Chinese "三四千万": low end = value * low_ratio
  double value() const { return mant / std::pow(10.0, dec); }
};

// Arabic digits with optional thousands grouping (1,250 / 1 250, first group 1-3 digits, then groups of 3)
// and an optional decimal part.
std::optional<Num> parse_arabic(View t, size_t i) {
  size_t j = i;
  Num n;
  while (j < t.size() && is_digit(t[j])) {
    n.mant = n.mant * 10 + (t[j] - U'0');
    ++j;
  }
  if (j == i || j - i > 15) return std::nullopt;
  if (j - i <= 3) {
    auto group_at = [&](size_t k, char32_t sep) {
      return k + 3 < t.size() && t[k] == sep && is_digit(t[k + 1]) && is_digit(t[k + 2]) && is_digit(t[k + 3]) &&
             (k + 4 >= t.size() || !is_digit(t[k + 4]));
    };
    for (char32_t sep : {U',', U' '}) {
      if (!group_at(j, sep)) continue;
      while (group_at(j, sep)) {
        n.mant = n.mant * 1000 + (t[j + 1] - U'0') * 100 + (t[j + 2] - U'0') * 10 + (t[j + 3] - U'0');
        j += 4;
      }
      break;
    }
  }
  if (j + 1 < t.size() && t[j] == U'.' && is_digit(t[j + 1])) {
    ++j;
    while (j < t.size() && is_digit(t[j]) && n.dec < 9) {
      n.mant = n.mant * 10 + (t[j] - U'0');
      ++n.dec;
      ++j;
    }
    if (j < t.size() && is_digit(t[j])) return std::nullopt;  // absurd precision: not an amount
  }
  n.end = j;
  n.has_digit = true;
  return n;
}

// Chinese numerals below 10000: 三十五, 两千, 一百二十, 十, 一点五, and "三四"/"一两" ranges (三四千 -> 4000,
// low_ratio 3/4). Big units (万/亿) are left to the unit parser.
std::optional<Num> parse_chinese(View t, size_t i) {
  Num n;
  n.chinese = true;
  size_t j = i;
  if (j + 1 < t.size()) {
    int d1 = cn_digit(t[j]), d2 = cn_digit(t[j + 1]);
    if (d1 >= 1 && d2 == d1 + 1) {
      n.low_ratio = double(d1) / d2;
      ++j;
    }
  }
  double section = 0;
  int num = -1;
  int last_mult = 100000;
  while (j < t.size()) {
    char32_t c = t[j];
    int d = cn_digit(c);
    if (d >= 0) {
      if (num >= 0) break;
      if (d == 0) {
        if (section > 0) {
          ++j;
          continue;
        }
        break;
      }
      num = d;
      n.has_digit = true;
      n.last_mult = 0;
      ++j;
      continue;
    }
    int m = cn_mult(c);
    if (m) {
      if (m >= last_mult) break;
      if (num < 0) {
        if (section > 0 || n.has_digit) break;
        num = 1;
      }
      section += num * m;
      num = -1;
      last_mult = m;
      n.last_mult = m;
      ++j;
      continue;
    }
    if (c == U'点' && num >= 0 && section == 0 && j + 1 < t.size() && cn_digit(t[j + 1]) >= 0) {
      n.mant = num;
      ++j;
      while (j < t.size() && cn_digit(t[j]) >= 0 && n.dec < 9) {
        n.mant = n.mant * 10 + cn_digit(t[j]);
        ++n.dec;
        ++j;
      }
      n.end = j;
      return n;
    }
    break;
  }
  if (j == i || (n.low_ratio != 1 && j == i + 1)) return std::nullopt;
  n.mant = section + std::max(num, 0);
  n.end = j;
  return n;
}

// Longest Chinese unit at i.
const UnitWord* cn_unit_at(View t, size_t i) {
  for (const auto& u : kCnUnits)
    if (at(t, i, u.w)) return &u;
  return nullptr;
}

struct UnitMatch {
  size_t end;
  double v;
};

// English unit at i (whole word); one-letter units only when letters_ok.
std::optional<UnitMatch> en_unit_at(View t, size_t i, bool letters_ok) {
  for (const auto& u : kEnUnits) {
    if (!at_ci(t, i, u.w)) continue;
    size_t e = i + u.w.size();
    if (u.w.size() > 3 && e < t.size() && ascii_lower(t[e]) == U's') ++e;
    if (letter_at(t, e)) continue;
    return UnitMatch{e, u.v};
  }
  if (letters_ok)
    for (const auto& u : kLetterUnits)
      if (at_ci(t, i, u.w) && !letter_at(t, i + 1)) return UnitMatch{i + 1, u.v};
  return std::nullopt;
}

struct CurMatch {
  size_t end;
  const char* iso;
};

std::optional<CurMatch> suffix_currency_at(View t, size_t i, bool big_unit) {
  for (const auto& c : kSuffixCur) {
    if (!at(t, i, c.w)) continue;
    size_t e = i + c.w.size();
    if (c.w == U"元" && (at(t, e, U"素") || at(t, e, U"宇宙"))) continue;
    if (c.w == U"元") {  // 2亿元新台币 / 5亿元港币: the currency named after 元 wins
      for (const auto& d : kSuffixCur)
        if (d.w != U"元" && d.w != U"元人民币" && at(t, e, d.w)) return CurMatch{e + d.w.size(), d.iso};
    }
    if (c.w == U"刀" && e < t.size() && View(U"片具锋刃法").find(t[e]) != View::npos) continue;
    return CurMatch{e, c.iso};
  }
  // 万块 / 亿块 (colloquial yuan) only after a big unit and not before another Chinese word.
  if (big_unit && at(t, i, U"块") && (i + 1 >= t.size() || t[i + 1] < 0x2E80)) return CurMatch{i + 1, "CNY"};
  for (const auto& c : kSuffixLatin) {
    if (!at_ci(t, i, c.w)) continue;
    size_t e = i + c.w.size();
    if (letter_at(t, e)) continue;
    return CurMatch{e, c.iso};
  }
  return std::nullopt;
}

// ---- prefixes ------------------------------------------------------------------------------------

struct Prefix {
  size_t begin;
  const char* iso = nullptr;  // currency stated before the number
  bool symbol = false;        // a currency symbol or code (allows $1B, €20M)
  bool about = false, lower = false, upper = false, conversion = false;
};

bool prefix_cue_ok(View t, size_t start, const CueWord& c, bool core_bare) {
  char32_t prev = start > 0 ? t[start - 1] : U'\0';
  if (c.w == U"约") return View(U"签合违履解续预邀制条节婚特契赴相公失守爽毁定立践要誓盟").find(prev) == View::npos;
  if (c.w == U"近") return View(U"最附靠临亲远邻就贴新").find(prev) == View::npos;
  if (c.w == U"超") return View(U"赶高").find(prev) == View::npos;
  if (c.w == U"过" || c.w == U"上") return core_bare;
  if (c.w == U"合" || c.w == U"相当于") return prev == U'(';
  return true;
}

Prefix scan_prefixes(View t, size_t core, size_t floor, bool core_bare) {
  Prefix p;
  p.begin = core;
  for (int round = 0; round < 3; ++round) {
    size_t q = skip_blanks_back(t, p.begin, floor);
    bool matched = false;
    if (!p.iso) {
      for (const auto& c : kPrefixCur) {
        if (!ends_with_at(t, q, c.w) || q - c.w.size() < floor) continue;
        size_t s = q - c.w.size();
        bool latin = is_ascii_letter(c.w[0]);
        if (latin && s > 0 && is_ascii_letter(t[s - 1])) continue;
        p.iso = c.iso;
        p.symbol = c.w[0] < 0x2E80;
        p.begin = s;
        matched = true;
        break;
      }
    }
    if (!matched) {
      for (const auto& c : kPrefixCues) {
        if (!ends_with_at(t, q, c.w) || q - c.w.size() < floor) continue;
        size_t s = q - c.w.size();
        if (!prefix_cue_ok(t, s, c, core_bare)) continue;
        switch (c.cue) {
          case Cue::About: p.about = true; break;
          case Cue::Lower: p.lower = true; break;
          case Cue::Upper: p.upper = true; break;
          case Cue::Conv: p.conversion = true; break;
          case Cue::ConvAbout: p.conversion = p.about = true; break;
        }
        p.begin = s;
        matched = true;
        break;
      }
    }
    if (!matched) break;
  }
  return p;
}

// ---- one amount ----------------------------------------------------------------------------------

bool unit_at(View t, size_t i, bool english, bool letters_ok, UnitMatch& m) {
  if (const UnitWord* u = cn_unit_at(t, i)) {
    m = UnitMatch{i + u->w.size(), u->v};
    return true;
  }
  if (english)
    if (auto e = en_unit_at(t, i, letters_ok)) {
      m = *e;
      return true;
    }
  return false;
}

std::optional<Num> number_at(View t, size_t i) {
  if (i >= t.size()) return std::nullopt;
  if (is_digit(t[i])) return parse_arabic(t, i);
  if (cn_digit(t[i]) > 0 || cn_mult(t[i])) return parse_chinese(t, i);
  return std::nullopt;
}

// A following word that makes a unit-only number a count or measure ("3万个", "1750亿参数", "0.4万亿token").
bool counter_follows(View t, size_t j) {
  size_t f = skip_blanks(t, j);
  if (f >= t.size()) return false;
  for (View w : kCounterWords)
    if (at(t, f, w)) return true;
  // A round name after the amount is not a counter: 3000万天使轮, 5000万Pre-A轮, 2亿A轮.
  if (at(t, f, U"天使") || at(t, f, U"种子") || at(t, f, U"战略") || at(t, f, U"Pre") || at(t, f, U"pre")) return false;
  if (f + 1 < t.size() && t[f] >= 'A' && t[f] <= 'F' && (t[f + 1] == U'轮' || t[f + 1] == '+')) return false;
  char32_t c = t[f];
  return kCounterChars.find(c) != View::npos || is_ascii_letter(c) || is_cn_numeral_unit(c);
}

// Parses the amount whose number (or 数/几) starts at i. floor: end of the previous amount.
std::optional<Amount> parse_at(View t, size_t i, size_t floor, const std::vector<Amount>& prev) {
  const size_t n = t.size();
  bool several = false;  // 数亿 / 几十亿 / 数千万
  size_t num_start = i;
  if (t[i] == U'数' || t[i] == U'几') {
    if (i + 1 >= n || !is_cn_numeral_unit(t[i + 1])) return std::nullopt;
    several = true;
    num_start = i + 1;
  }
  std::optional<Num> num;
  const bool arabic = is_digit(t[num_start]);
  if (t[num_start] == U'万' || t[num_start] == U'亿') {  // bare unit: 亿元, 近亿, 上亿, 万亿
    num = Num{};
    num->chinese = true;
    num->mant = 1;
    num->end = num_start;
  } else {
    num = number_at(t, num_start);
  }
  if (!num || (several && num->has_digit)) return std::nullopt;
  const bool bare = num->chinese && !num->has_digit;

  Prefix pre = scan_prefixes(t, i, floor, bare || several);
  if (arabic && pre.begin == i && i > 0) {  // GPT-4, v2, A1: part of a name
    char32_t b = t[i - 1];
    // Norford Capital2-3亿元: a number glued to a word of 3+ letters but followed by 万/亿 is an amount.
    size_t wl = 0;
    while (wl < i && is_ascii_letter(t[i - 1 - wl])) ++wl;
    size_t ne = i;
    while (ne < n && ((t[ne] >= U'0' && t[ne] <= U'9') || t[ne] == U'.' || t[ne] == U'-')) ++ne;
    bool glued_amount = wl >= 3 && b >= U'a' && b <= U'z' && ne < n && View(U"万亿千百").find(t[ne]) != View::npos;
    if (is_ascii_letter(b) && !glued_amount) return std::nullopt;
    if ((b == U'-' || b == U'_' || b == U'.') && i >= 2 && is_ascii_letter(t[i - 2])) return std::nullopt;
  }

  // number [多|余|几] unit [多|余]
  size_t j = num->end;
  double unit = 1;
  bool has_unit = false, lower_mod = false, range_mod = false;
  double range_span = 0;
  {
    size_t k = arabic ? skip_blanks(t, j) : j;
    UnitMatch um{};
    if (k < n && (t[k] == U'多' || t[k] == U'余') && unit_at(t, k + 1, arabic, pre.symbol, um)) {
      lower_mod = true;
    } else if (k < n && (t[k] == U'几' || t[k] == U'数') && num->last_mult && unit_at(t, k + 1, false, false, um)) {
      range_mod = true;
      range_span = num->last_mult * um.v;
    } else if (!unit_at(t, k, arabic, pre.symbol, um)) {
      um.end = 0;
    }
    if (um.end) {
      unit = um.v;
      has_unit = true;
      j = um.end;
    }
  }
  if (has_unit && j < n && (t[j] == U'多' || (t[j] == U'余' && !at(t, j + 1, U"额")))) {
    lower_mod = true;
    ++j;
  }
  // compound: 1亿2000万, 一亿两千万
  double extra = 0;
  if (has_unit && unit == 1e8 && !lower_mod)
    if (auto n2 = number_at(t, j); n2 && n2->has_digit && n2->low_ratio == 1)
      if (const UnitWord* u = cn_unit_at(t, n2->end); u && u->v < 1e8 && u->v >= 1e4) {
        extra = n2->value() * u->v;
        j = n2->end + u->w.size();
      }
  // range: 1-2亿, 5000万至1亿, 一到两亿, 100-200美元
  std::optional<double> range_hi;
  double low_unit = unit;
  if (!several && !range_mod && !lower_mod && extra == 0) {
    size_t s = skip_blanks(t, j);
    for (View sep : {View(U"-"), View(U"~"), View(U"至"), View(U"到"), View(U"—"), View(U"–")}) {
      if (!at(t, s, sep)) continue;
      size_t q = skip_blanks(t, s + sep.size());
      for (const auto& c : kPrefixCur)  // $1-$2 billion
        if (c.w[0] < 0x2E80 && at(t, q, c.w)) {
          q += c.w.size();
          break;
        }
      auto n2 = number_at(t, q);
      if (!n2 || n2->low_ratio != 1) break;
      size_t k2 = n2->chinese ? n2->end : skip_blanks(t, n2->end);
      UnitMatch um2{};
      bool u2 = unit_at(t, k2, !n2->chinese, pre.symbol, um2);
      double hi_unit = 0;
      size_t end2 = 0;
      if (u2) {
        hi_unit = um2.v;
        end2 = um2.end;
      } else if (!has_unit && suffix_currency_at(t, skip_blanks(t, n2->end), false)) {
        hi_unit = 1;
        end2 = n2->end;
      }
      if (hi_unit == 0) break;
      if (!has_unit) low_unit = hi_unit;
      double lo = num->mant * low_unit / std::pow(10.0, num->dec);
      double hi = n2->mant * hi_unit / std::pow(10.0, n2->dec);
      if (hi > lo) {
        range_hi = hi;
        unit = low_unit;
        has_unit = has_unit || u2;
        j = end2;
      }
      break;
    }
  }
  // currency after the number
  const char* iso = pre.iso;
  if (auto cm = suffix_currency_at(t, skip_blanks(t, j), unit >= 1e4)) {
    if (!iso) iso = cm->iso;
    j = cm->end;
  }
  // 级 / 左右 / 上下 / 以上 / 以内 …
  bool level = false, about_post = false, lower_post = false, upper_post = false;
  if (at(t, j, U"级")) {
    level = true;
    ++j;
  }
  if (at(t, j, U"左右")) {
    about_post = true;
    j += 2;
  } else if (at(t, j, U"上下") && !(j + 2 < n && View(U"游文级班楼线").find(t[j + 2]) != View::npos)) {
    about_post = true;
    j += 2;
  } else if (at(t, j, U"以上") || at(t, j, U"之上")) {
    lower_post = true;
    j += 2;
  } else if (at(t, j, U"以下") || at(t, j, U"以内") || at(t, j, U"之内")) {
    upper_post = true;
    j += 2;
  }

  // Is it money?
  const bool big = has_unit && (unit >= 1e4 || (range_hi && *range_hi >= 1e4 && low_unit >= 1e4));
  if (!iso && !big) return std::nullopt;
  if (!iso && counter_follows(t, j)) return std::nullopt;
  const double value = num->mant * unit / std::pow(10.0, num->dec) + extra;
  const bool cued = pre.about || pre.lower || pre.upper || pre.conversion || several || level || lower_mod ||
                    range_mod || about_post || lower_post || upper_post || range_hi;
  if (bare && !iso && !cued && !(unit >= 1e8 && value >= 1e9)) return std::nullopt;  // 千万不要, 亿万富翁

  Amount a;
  a.begin = pre.begin;
  a.end = j;
  a.value = value;
  a.currency = iso ? iso : "";
  if (range_hi) {
    a.min = value;
    a.max = *range_hi;
    a.bound = "range";
  } else if (several) {
    a.min = value;
    a.max = value * 10;
    a.bound = "range";
  } else if (range_mod) {
    a.min = value;
    a.max = value + range_span;
    a.bound = "range";
  } else if (num->low_ratio != 1) {
    a.value = value * num->low_ratio;
    a.min = a.value;
    a.max = value;
    a.bound = "range";
  } else if (lower_mod || pre.lower || lower_post) {
    a.min = value;
    a.bound = "lower";
  } else if (pre.upper || upper_post) {
    a.max = value;
    a.bound = "upper";
  } else if (pre.about || about_post || level) {
    a.bound = "about";
  }
  a.approx = !a.bound.empty();
  a.conversion = pre.conversion;
  // A bracketed restatement right after another amount: 5亿元(约7000万美元)
  size_t q = skip_blanks_back(t, a.begin, 0);
  if (q > 0 && t[q - 1] == U'(' && !prev.empty() && prev.back().end == skip_blanks_back(t, q - 1, 0))
    a.conversion = true;
  return a;
}

// ---- undisclosed amounts -------------------------------------------------------------------------

bool clause_break(char32_t c) { return View(U"。,;!?:\n").find(c) != View::npos; }

constexpr View kDiscloseVerbs[] = {U"披露", U"透露", U"公开", U"公布"};
constexpr View kAmountNouns[] = {U"融资金额", U"交易金额", U"投资金额", U"收购金额", U"融资额", U"交易额",
                                 U"投资额",   U"金额",     U"数额",     U"价格",     U"对价",   U"作价", U"额"};
constexpr View kUnknown[] = {U"不详", U"保密", U"未知", U"不明"};

std::optional<std::pair<size_t, size_t>> noun_in(View t, size_t from, size_t to) {
  for (size_t p = from; p < to; ++p)
    for (View w : kAmountNouns)
      if (p + w.size() <= to && at(t, p, w)) return std::make_pair(p, p + w.size());
  return std::nullopt;
}

void find_undisclosed(View t, std::vector<Amount>& out) {
  const size_t n = t.size();
  for (size_t v = 0; v < n; ++v) {
    size_t vend = 0;
    for (View w : kDiscloseVerbs)
      if (at(t, v, w)) vend = v + w.size();
    size_t neg = n;
    if (vend) {
      for (size_t k = v; k > 0 && v - k < 4; --k) {
        char32_t c = t[k - 1];
        if (clause_break(c)) break;
        if (c == U'未' || c == U'没' || c == U'不' || c == U'拒') {
          neg = k - 1;
          break;
        }
      }
    } else {
      for (View w : {View(U"金额"), View(U"数额")})
        if (at(t, v, w))
          for (View u : kUnknown)
            if (at(t, v + 2, u)) {
              out.push_back(Amount{v, v + 4, 0, {}, {}, false, "", "", false, true});
              v += 3;
            }
      continue;
    }
    if (neg == n) continue;
    size_t lo = neg, hi = vend;
    while (lo > 0 && neg - lo < 8 && !clause_break(t[lo - 1])) --lo;
    while (hi < n && hi - vend < 8 && !clause_break(t[hi])) ++hi;
    auto before = noun_in(t, lo, neg);
    auto after = noun_in(t, vend, hi);
    if (!before && !after) continue;
    Amount a;
    a.undisclosed = true;
    a.begin = before ? before->first : neg;
    a.end = after ? after->second : vend;
    out.push_back(a);
    v = a.end - 1;
  }
}

}  // namespace

std::vector<Amount> find_amounts(std::u32string_view t) {
  std::vector<Amount> out;
  size_t floor = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    char32_t c = t[i];
    if (is_digit(c)) {
      if (i > 0 && is_digit(t[i - 1])) continue;  // inside a number whose start did not parse
      if (i > 1 && (t[i - 1] == U'.' || t[i - 1] == U',') && is_digit(t[i - 2])) continue;
    } else if (!(cn_digit(c) > 0 || is_cn_numeral_unit(c) || c == U'数' || c == U'几')) {
      continue;
    }
    if (auto a = parse_at(t, i, floor, out)) {
      floor = a->end;
      i = a->end - 1;
      out.push_back(std::move(*a));
    }
  }
  std::vector<Amount> und;
  find_undisclosed(t, und);
  for (auto& u : und) {
    bool overlaps = std::any_of(out.begin(), out.end(), [&](const Amount& a) { return a.begin < u.end && u.begin < a.end; });
    if (!overlaps) out.push_back(std::move(u));
  }
  std::sort(out.begin(), out.end(), [](const Amount& a, const Amount& b) { return a.begin < b.begin; });
  return out;
}

}  // namespace kg::ingest
