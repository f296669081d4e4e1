#include "queries/question.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <regex>

#include "base/error.h"
#include "base/text.h"
#include "base/unicode.h"

namespace kg::queries {
namespace {

static_assert(sizeof(wchar_t) == 4, "question parsing needs 32-bit wchar_t (code points)");

// The question being parsed: normalised code points and, for each, the index of the original code point it
// came from (so entity names can be given back as the user wrote them).
struct Work {
  std::wstring s;
  std::vector<uint32_t> at;
};

bool is_cjk_like(wchar_t c) {
  return kg::is_cjk(static_cast<char32_t>(c)) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF);
}
bool is_ascii_word(wchar_t c) {
  return (c >= L'0' && c <= L'9') || (c >= L'a' && c <= L'z') || (c >= L'A' && c <= L'Z') || c == L'_';
}
bool is_blank(wchar_t c) { return c == L' ' || c == L'\t' || c == L'\n' || c == L'\r' || kg::is_space(c); }

// Collapses whitespace to single spaces, drops spaces between two CJK characters, trims.
void squeeze(Work& w) {
  Work out;
  for (size_t i = 0; i < w.s.size(); ++i) {
    wchar_t c = w.s[i];
    if (is_blank(c)) {
      if (out.s.empty() || out.s.back() == L' ') continue;
      out.s.push_back(L' ');
      out.at.push_back(w.at[i]);
      continue;
    }
    // a space between two CJK characters carries no meaning ("微软 投资了")
    if (out.s.size() >= 2 && out.s.back() == L' ' && is_cjk_like(c) && is_cjk_like(out.s[out.s.size() - 2])) {
      out.s.pop_back();
      out.at.pop_back();
    }
    out.s.push_back(c);
    out.at.push_back(w.at[i]);
  }
  while (!out.s.empty() && out.s.back() == L' ') {
    out.s.pop_back();
    out.at.pop_back();
  }
  w = std::move(out);
}

// Removes [b, e); keeps two ASCII words apart with a space.
void erase(Work& w, size_t b, size_t e) {
  bool sep = b > 0 && e < w.s.size() && is_ascii_word(w.s[b - 1]) && is_ascii_word(w.s[e]);
  uint32_t at = e < w.at.size() ? w.at[e] : (w.at.empty() ? 0 : w.at.back());
  w.s.erase(b, e - b);
  w.at.erase(w.at.begin() + static_cast<long>(b), w.at.begin() + static_cast<long>(e));
  if (sep) {
    w.s.insert(w.s.begin() + static_cast<long>(b), L' ');
    w.at.insert(w.at.begin() + static_cast<long>(b), at);
  }
  squeeze(w);
}

std::string narrow(std::wstring_view s) {
  std::string out;
  for (wchar_t c : s) append_utf8(out, static_cast<char32_t>(c));
  return out;
}

std::wstring widen(std::string_view utf8) {
  std::u32string u = utf8_to_u32(utf8);
  return std::wstring(u.begin(), u.end());
}

// ---- building blocks of the patterns -------------------------------------------------------------------

const std::wstring kNumber =
    L"(\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    L"十[一二三四五六七八九]|[二三四五六七八九]十[一二三四五六七八九]?|一|二|两|三|四|五|六|七|八|九|十)";
const std::wstring kInv = L"(?:投资|注资|入股|领投|参投|跟投|资助|投)";
const std::wstring kWho =
    L"(?:谁|哪些(?:投资机构|投资方|投资人|投资者|机构|公司|企业|人|基金|资本)?|哪家(?:机构|公司|企业|基金)?|"
    L"哪几家(?:机构|公司|企业)?|哪个(?:机构|公司|人)?|什么(?:人|机构|公司))";
const std::wstring kWhat =
    L"(?:哪些|什么|哪家|哪几家|啥)(?:初创公司|创业公司|公司|企业|机构|项目|标的)?";
const std::wstring kTail = L"(?:呢|吗|啊)?";

struct Core {
  std::wregex re;
  QuestionKind kind;
  std::string slots;  // placeholder letters in group order: 'A', 'B' (entities), 'N' (hops)
};

Core core(QuestionKind kind, std::wstring tmpl) {
  std::wstring re;
  std::string slots;
  for (size_t i = 0; i < tmpl.size();) {
    if (tmpl[i] == L'{') {
      size_t close = tmpl.find(L'}', i);
      std::wstring name = tmpl.substr(i + 1, close - i - 1);
      if (name == L"X" || name == L"A") {
        re += L"(.+?)";
        slots += 'A';
      } else if (name == L"B") {
        re += L"(.+?)";
        slots += 'B';
      } else if (name == L"N") {
        re += kNumber;
        slots += 'N';
      } else if (name == L"INV") {
        re += kInv;
      } else if (name == L"WHO") {
        re += kWho;
      } else if (name == L"WHAT") {
        re += kWhat;
      } else if (name == L"Q") {
        re += kTail;
      } else {
        throw Error("internal: unknown question pattern slot " + narrow(name));
      }
      i = close + 1;
    } else {
      re.push_back(tmpl[i++]);
    }
  }
  return Core{std::wregex(L"^" + re + L"$", std::regex::ECMAScript | std::regex::icase), kind, slots};
}

// Ordered: the first pattern that matches wins, so specific forms come before general ones.
const std::vector<Core>& cores() {
  using K = QuestionKind;
  static const std::vector<Core> c = {
      // ---- English ----
      core(K::AllPaths, L"(?:show |find |list |give me )?all (?:the )?(?:shortest )?(?:paths|routes|connections|links) (?:from|between) {A} (?:to|and) {B}"),
      core(K::AllPaths, L"(?:what are )?all (?:the )?ways {A} (?:is|are) (?:connected|related|linked) to {B}"),
      core(K::Path, L"(?:show |find |give me )?(?:the |a )?(?:shortest )?(?:path|route|connection|link|chain) (?:from|between) {A} (?:to|and) {B}"),
      core(K::Path, L"how (?:is|are|was|were) {A} (?:connected|related|linked) (?:to|with) {B}"),
      core(K::Path, L"how (?:is|are|was|were) {A} and {B} (?:connected|related|linked)"),
      core(K::Path, L"(?:what is |what's |what are )?(?:the )?(?:relationships?|relations?|connections?|links?) between {A} and {B}"),
      core(K::Path, L"what connects {A} (?:and|to|with) {B}"),
      core(K::Path, L"(?:is|are) {A} (?:connected|related|linked) to {B}"),
      core(K::Neighbors, L"(?:what|who|which entities)(?: is| are|'s)? (?:within|in) {N} (?:hops?|steps?|degrees?) (?:of|from|around) {X}"),
      core(K::Neighbors, L"(?:the )?(?:neighbou?rs|neighbou?rhood|surroundings|network) (?:of|around) {X} within {N} (?:hops?|steps?)"),
      core(K::Neighbors, L"(?:the )?(?:neighbou?rs|neighbou?rhood|surroundings|network) (?:of|around) {X}"),
      core(K::Neighbors, L"(?:what is |what's )?(?:near|around) {X}"),
      core(K::CoInvestors, L"(?:who are )?(?:the )?co-? ?investors (?:of|with) {X}"),
      core(K::CoInvestors, L"who (?:has |have )?(?:co-? ?invested|invested alongside|invested together|invests alongside|invests together) with {X}"),
      core(K::CoInvestors, L"who (?:has |have )?(?:co-? ?invested|invested|invests) alongside {X}"),
      core(K::CoInvestors, L"{X}(?:'s|’s) co-? ?investors"),
      core(K::Timeline, L"(?:show |give me )?(?:the |a )?(?:timeline|history|chronology) (?:of|for) {X}"),
      core(K::Timeline, L"{X}(?:'s|’s) (?:timeline|history)"),
      core(K::Founders, L"who (?:has |have |had )?(?:founded|co-?founded|started|created|established|set up) {X}"),
      core(K::Founders, L"who (?:is|are|was|were) (?:the )?(?:co-?)?founders? of {X}"),
      core(K::Founders, L"(?:the )?(?:co-?)?founders? of {X}"),
      core(K::Founders, L"{X}(?:'s|’s) (?:co-?)?founders?"),
      core(K::Founders, L"(?:by )?whom was {X} founded"),
      core(K::FoundedBy, L"what (?:companies |company |firms |startups )?(?:did|has|have|does) {X} (?:co-?found|found|start|create|establish|set up|co-?founded|founded|started|created)"),
      core(K::FoundedBy, L"(?:which |what )?(?:companies|company|firms|startups) (?:were |was |have been |has been )?(?:co-?founded|founded|started|created) by {X}"),
      core(K::FoundedBy, L"what (?:was|were|has been|have been) (?:co-?founded|founded|started|created) by {X}"),
      core(K::Acquirers, L"(?:who|which (?:company|companies|firms?|organi[sz]ations?)|what (?:company|companies)) (?:has |have |had )?(?:acquired|bought|purchased|took over|bought out) {X}"),
      core(K::Acquirers, L"(?:who (?:is|are|was|were) )?(?:the )?(?:acquirers?|buyers?|purchasers?) of {X}"),
      core(K::Acquirers, L"(?:by )?whom was {X} (?:acquired|bought)"),
      core(K::Acquirers, L"who (?:was|is) {X} (?:acquired|bought) by"),
      core(K::Acquisitions, L"what (?:companies |company |firms |startups )?(?:did|has|have|does) {X} (?:acquire|buy|purchase|take over|acquired|bought|purchased)"),
      core(K::Acquisitions, L"(?:what|which (?:companies|firms)) (?:was|were|has been|have been) (?:acquired|bought) by {X}"),
      core(K::Acquisitions, L"(?:the )?(?:acquisitions|purchases) (?:by|made by) {X}"),
      core(K::Acquisitions, L"{X}(?:'s|’s) acquisitions"),
      core(K::Investors, L"(?:who|which (?:companies|firms|investors|funds|organi[sz]ations|people|vcs?|venture capitalists)) (?:has |have |had )?(?:funded|invested in|backed|financed|invests in|funds|backs|finances|put money into|put money in|has invested in|have invested in) {X}"),
      core(K::Investors, L"who (?:are|were|is) (?:the )?(?:investors|backers|funders|shareholders|financial backers) (?:of|in|behind) {X}"),
      core(K::Investors, L"(?:list )?(?:the )?(?:investors|backers|funders|shareholders) (?:of|in|behind) {X}"),
      core(K::Investors, L"{X}(?:'s|’s) (?:investors|backers|funders|shareholders)"),
      core(K::Investors, L"who (?:is|was) (?:investing|invested) in {X}"),
      core(K::Investors, L"(?:who|where) did {X} (?:get|raise|receive) (?:money|funding|investments?|capital) from"),
      core(K::Portfolio, L"what (?:companies |company |startups |firms )?(?:did|has|have|does) {X} (?:invest in|invested in|invest|fund|funded|back|backed|finance|financed|put money into)"),
      core(K::Portfolio, L"(?:which|what) (?:companies|startups|firms) (?:did|has|have|does) {X} (?:invest in|invested in|fund|funded|back|backed)"),
      core(K::Portfolio, L"(?:list )?(?:the )?(?:portfolio|investments) (?:of|by|made by) {X}"),
      core(K::Portfolio, L"{X}(?:'s|’s) (?:portfolio|investments)"),
      core(K::Portfolio, L"where (?:did|has|does) {X} (?:invest|invested)"),
      core(K::Profile, L"(?:tell me|tell us) (?:more )?about {X}"),
      core(K::Profile, L"(?:who|what) (?:is|are|was) {X}"),
      core(K::Profile, L"(?:show |give me )?(?:a |the )?(?:profile|summary|overview) (?:of|for|on) {X}"),
      core(K::Profile, L"(?:profile|describe|about|info on|information on|information about)(?: of)? {X}"),
      // ---- Chinese (simplified after normalisation; spaces next to CJK are removed) ----
      core(K::CoInvestors, L"{X}的?(?:共同投资方|共同投资人|共同投资者|共同投资机构|联合投资方|联合投资人|合投方|合投机构)(?:都)?(?:有哪些|有谁|是谁|都有谁|都有哪些|是哪些|包括哪些)?{Q}"),
      core(K::CoInvestors, L"{WHO}(?:曾|曾经)?(?:和|与|跟|同){X}(?:一起|一同|共同|联合)(?:投资|投|参投)(?:过|了)*(?:公司|项目)?{Q}"),
      // "从A到B…" before "A到B…": else the latter matches first and A keeps the 从
      core(K::AllPaths, L"从{A}到{B}的?所有(?:的)?(?:最短)?(?:路径|关系链|路线)"),
      core(K::AllPaths, L"{A}(?:和|与|跟|同|到){B}(?:之间)?的?所有(?:的)?(?:最短)?(?:路径|关系|联系|关联|关系链)"),
      core(K::Path, L"{A}(?:和|与|跟|同){B}(?:之间)?(?:有|是)?(?:什么|何种|怎样的|啥|哪些|何|什么样的)(?:关系|联系|关联){Q}"),
      core(K::Path, L"{A}(?:和|与|跟|同){B}(?:之间)?的(?:关系|联系|关联)(?:是什么|是啥)?{Q}"),
      core(K::Path, L"{A}(?:和|与|跟|同){B}(?:之间)?(?:有|有没有)(?:关系|联系|关联){Q}"),
      core(K::Path, L"从?{A}到{B}的?(?:最短)?(?:路径|关系链|路线)"),
      core(K::Path, L"{A}(?:怎么|如何|怎样)(?:和|与|跟)?{B}(?:联系|关联|连接|扯上关系)(?:起来)?(?:的)?{Q}"),
      core(K::Neighbors, L"{X}(?:周围|附近|周边)?的?{N}(?:跳|步|度|层)(?:以内|之内|内|范围内)?的?(?:有哪些|有什么|有谁|都有什么|都有哪些|都有谁)?(?:实体|节点|邻居|关系)?{Q}"),
      core(K::Neighbors, L"{X}(?:周围|附近|周边)的?(?:实体|节点|邻居)?(?:有哪些|有什么|有谁|都有什么|都有哪些)?{Q}"),
      core(K::Neighbors, L"{X}的(?:邻居|关系网|关系网络)(?:有哪些|有什么)?{Q}"),
      core(K::Timeline, L"{X}的?(?:融资时间线|时间线|时间轴|大事记|发展历程|融资历程|融资历史|历程)"),
      core(K::Founders, L"{X}的?(?:联合)?(?:创始人|创办人|创立者|创建者|创始团队|缔造者)(?:都)?(?:是谁|有谁|有哪些|是哪些人|都有谁|都是谁|是)?{Q}"),
      core(K::Founders, L"(?:谁|哪些人|哪几个人|什么人|哪个人)(?:联合)?(?:创办|创立|创建|创始|成立|创造)(?:了)?{X}"),
      core(K::Founders, L"{X}(?:是)?(?:由)?(?:谁|哪些人)(?:联合)?(?:创办|创立|创建|成立|创始)的?{Q}"),
      core(K::FoundedBy, L"{X}(?:都|曾|曾经|先后|还)?(?:联合)?(?:创办|创立|创建|成立|创始)(?:了|过)*{WHAT}{Q}"),
      core(K::Acquirers, L"{WHO}(?:曾|曾经)?(?:全资)?(?:收购|并购|买下|买入|购买)(?:了)?{X}"),
      core(K::Acquirers, L"{X}(?:被|由)(?:谁|哪家公司|哪些公司|哪家|哪个公司|什么公司|哪家企业)(?:所)?(?:收购|并购|买下)(?:了|的)?{Q}"),
      core(K::Acquirers, L"{X}的(?:收购方|买家|收购者|买方|收购人)(?:是谁|是哪家|有哪些|是哪家公司|是)?{Q}"),
      core(K::Acquisitions, L"{X}(?:都|曾|曾经|先后|还)?(?:全资)?(?:收购|并购|买下|购买)(?:了|过)*{WHAT}{Q}"),
      core(K::Acquisitions, L"{X}的(?:收购案|收购记录|并购案|并购记录|收购项目|收购历史)(?:有哪些)?{Q}"),
      core(K::Investors, L"{WHO}(?:曾|曾经|先后|都|还)?{INV}(?:了|过)*{X}"),
      core(K::Investors, L"{WHO}(?:曾|曾经|先后|都|还)?(?:向|对|给){X}(?:进行了?|做了?)?(?:{INV}|出资)?(?:了|过)*的?{Q}"),
      core(K::Investors, L"{X}的?(?:投资方|投资人|投资者|投资机构|股东|金主|出资方|资方|支持者|背后的投资人)(?:都)?(?:有哪些|有谁|是谁|都是谁|是哪些|包括哪些|都有谁|有什么|是)?{Q}"),
      core(K::Investors, L"{X}(?:获得|获|拿到|得到)(?:了|过)?(?:哪些|谁|什么|哪家|哪几家)(?:机构|公司|人|投资方)?的?(?:投资|注资|融资){Q}"),
      core(K::Investors, L"{X}(?:被|由)(?:谁|哪些机构|哪些公司|哪家|哪些人)(?:投资|注资)(?:了|过)?{Q}"),
      core(K::Investors, L"{INV}(?:了|过)?{X}的(?:有谁|是谁|有哪些|都有谁|都有哪些|公司|机构|有哪些公司|有哪些机构|人)"),
      core(K::Portfolio, L"{X}(?:都|曾|曾经|先后|还)?{INV}(?:了|过)*{WHAT}{Q}"),
      core(K::Portfolio, L"{X}的(?:投资组合|被投企业|被投公司|投资项目|对外投资|投资版图|投资)(?:有哪些|都有哪些|是什么|有什么)?{Q}"),
      core(K::Profile, L"{X}是(?:谁|什么|什么公司|什么人|哪家公司|做什么的|干什么的|什么机构){Q}"),
      core(K::Profile, L"(?:请)?(?:介绍一下|介绍|讲讲|说说|谈谈|查询|查一下|关于)(?:一下)?{X}"),
      core(K::Profile, L"{X}的?(?:简介|资料|档案|概况|信息|介绍|详情)"),
  };
  return c;
}

// ---- modifiers ----------------------------------------------------------------------------------------

enum class ModKind { Range, Before, After, Since, In, AmountEn, AmountZh, AmountZhBound, ViaEn, ViaZh };

struct Mod {
  std::wregex re;
  ModKind kind;
};

const std::wstring kAmountEn =
    L"(us\\$|hk\\$|\\$|usd ?|rmb ?|cny ?|¥|€|eur ?|£|gbp ?)?\\s*(\\d+(?:,\\d{3})*(?:\\.\\d+)?)\\s*"
    L"(thousand|million|billion|trillion|mn|bn|tn|k|m|b)?\\b\\s*"
    L"(us dollars|dollars|dollar|usd|yuan|rmb|cny|renminbi|euros|euro|eur|pounds|gbp|hkd|yen|jpy)?\\b";
const std::wstring kAmountZh =
    L"(US\\$|HK\\$|\\$|¥|€|£)?\\s*(\\d+(?:,\\d{3})*(?:\\.\\d+)?)\\s*(万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千)?\\s*"
    L"(美元|美金|人民币|元|欧元|英镑|港元|港币|日元|新台币)?";

const std::vector<Mod>& mods() {
  auto m = [](const std::wstring& re, ModKind k) {
    return Mod{std::wregex(re, std::regex::ECMAScript | std::regex::icase), k};
  };
  static const std::vector<Mod> v = {
      m(L"\\b(?:between|from) (\\d{4}) ?(?:and|to|until|till|-|–) ?(\\d{4})\\b", ModKind::Range),
      m(L"(?:在|从|自|于)?(\\d{4}) ?年? ?(?:到|至|-|~|–|—) ?(\\d{4}) ?年?(?:之间|期间|间)?", ModKind::Range),
      m(L"\\b(?:before|prior to|until|till|earlier than) (\\d{4})\\b", ModKind::Before),
      m(L"(?:在|于)?(\\d{4}) ?年?(?:之前|以前|前)", ModKind::Before),
      m(L"\\b(?:after|later than) (\\d{4})\\b", ModKind::After),
      m(L"(?:在|于)?(\\d{4}) ?年?(?:之后|以后|后)", ModKind::After),
      m(L"\\b(?:since|from) (\\d{4})\\b", ModKind::Since),
      m(L"(?:自|从)?(\\d{4}) ?年?(?:以来|起|开始)", ModKind::Since),
      m(L"\\b(?:in|during) (?:the year )?(\\d{4})\\b", ModKind::In),
      m(L"(?:在|于)?(\\d{4}) ?年(?:内|中|里|间|期间|当年|度)?", ModKind::In),
      m(L"\\b(?:more than|over|above|at least|greater than|exceeding|in excess of|upwards of|>=|>) ?" + kAmountEn,
        ModKind::AmountEn),
      m(L"(?:投资|融资|出资)?(?:金额)?(?:超过|超|逾|高于|大于|多于|不少于|不低于|至少|达到)" + kAmountZh +
            L"(?:以上|及以上|或以上)?的?",
        ModKind::AmountZh),
      m(L"(?:投资|融资|出资)?(?:金额)?(?:在)?" + kAmountZh + L"(?:以上|及以上|或以上)的?", ModKind::AmountZhBound),
      m(L" (?:only )?(?:via|through|using|over) (?:only )?((?:invest\\w*|fund\\w*|acqui\\w*|buy\\w*|bought|found\\w*)"
        L"(?: ?(?:,|and|or|/|\\+) ?(?:invest\\w*|fund\\w*|acqui\\w*|buy\\w*|bought|found\\w*))*)"
        L"(?: (?:facts|edges|links|relations|relationships))?$",
        ModKind::ViaEn),
      m(L"[(（]?(?:只看|仅看|只通过|仅通过|通过|经由|只用|仅用|只沿|沿着|沿)((?:投资|收购|并购|创办|创立|创始)"
        L"(?:(?:和|与|、|,|或|/)(?:投资|收购|并购|创办|创立|创始))*)(?:关系|的关系|边)?[)）]?",
        ModKind::ViaZh),
  };
  return v;
}

double multiplier(const std::string& unit) {
  static const std::vector<std::pair<std::string, double>> units = {
      {"thousand", 1e3}, {"k", 1e3},     {"million", 1e6}, {"mn", 1e6},    {"m", 1e6},    {"billion", 1e9},
      {"bn", 1e9},       {"b", 1e9},     {"trillion", 1e12}, {"tn", 1e12}, {"千", 1e3},   {"万", 1e4},
      {"十万", 1e5},     {"百万", 1e6},  {"千万", 1e7},    {"亿", 1e8},    {"十亿", 1e9}, {"百亿", 1e10},
      {"千亿", 1e11},    {"万亿", 1e12}};
  std::string u = unit;
  std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& [k, v] : units)
    if (k == u) return v;
  return 1;
}

std::string currency_of(const std::string& word) {
  std::string w = word;
  std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!w.empty() && w.back() == ' ') w.pop_back();
  static const std::vector<std::pair<std::string, std::string>> map = {
      {"us$", "USD"},      {"$", "USD"},     {"usd", "USD"},     {"dollars", "USD"}, {"dollar", "USD"},
      {"us dollars", "USD"}, {"美元", "USD"}, {"美金", "USD"},    {"hk$", "HKD"},     {"hkd", "HKD"},
      {"港元", "HKD"},     {"港币", "HKD"},  {"rmb", "CNY"},     {"cny", "CNY"},     {"yuan", "CNY"},
      {"renminbi", "CNY"}, {"¥", "CNY"},     {"人民币", "CNY"},  {"元", "CNY"},      {"€", "EUR"},
      {"eur", "EUR"},      {"euro", "EUR"},  {"euros", "EUR"},   {"欧元", "EUR"},    {"£", "GBP"},
      {"gbp", "GBP"},      {"pounds", "GBP"}, {"英镑", "GBP"},   {"yen", "JPY"},     {"jpy", "JPY"},
      {"日元", "JPY"},     {"新台币", "TWD"}};
  for (const auto& [k, v] : map)
    if (k == w) return v;
  return "";
}

int number_word(const std::string& s) {
  static const std::vector<std::pair<std::string, int>> words = {
      {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6}, {"seven", 7}, {"eight", 8},
      {"nine", 9}, {"ten", 10}, {"一", 1}, {"二", 2}, {"两", 2}, {"三", 3}, {"四", 4}, {"五", 5}, {"六", 6},
      {"七", 7}, {"八", 8}, {"九", 9}, {"十", 10}};
  std::string l = s;
  std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& [k, v] : words)
    if (k == l) return v;
  if (l == "eleven" || l == "twelve" || l.find("十") != std::string::npos) return 11;  // 十一, 二十…: too many
  if (l.size() > 3) return 1000;  // far out of range; reported by the caller
  return std::stoi(l);
}

std::vector<std::string> via_predicates(const std::string& list) {
  std::string l = list;
  std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::vector<std::string> out;
  auto has = [&](std::initializer_list<const char*> keys) {
    for (const char* k : keys)
      if (l.find(k) != std::string::npos) return true;
    return false;
  };
  if (has({"invest", "fund", "投资"})) out.push_back("invested");
  if (has({"acqui", "buy", "bought", "收购", "并购"})) out.push_back("acquired");
  if (has({"found", "创办", "创立", "创始"})) out.push_back("founded");
  return out;
}

[[noreturn]] void refuse(std::string_view text) {
  std::string t(text);
  for (char& c : t)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  throw UsageError("cannot understand question '" + t + "'; try: " + understood_forms());
}

// Entity text as written: the original span when the parse removed nothing inside it, else the normalised text.
std::string entity_text(const Work& w, const std::u32string& orig, size_t b, size_t e) {
  std::string norm = narrow(std::wstring_view(w.s).substr(b, e - b));
  std::string raw = u32_to_utf8(std::u32string_view(orig).substr(w.at[b], w.at[e - 1] + 1 - w.at[b]));
  std::string pick = fold_key(raw) == fold_key(norm) ? raw : norm;
  // trim spaces and quoting brackets
  std::u32string u = utf8_to_u32(pick);
  static const std::u32string strip = U" \t\u3000\"'“”‘’「」『』《》〈〉【】[]<>";
  size_t s = 0, t = u.size();
  while (s < t && strip.find(u[s]) != std::u32string::npos) ++s;
  while (t > s && strip.find(u[t - 1]) != std::u32string::npos) --t;
  return u32_to_utf8(u.substr(s, t - s));
}

// True when the captured entity is really a question word, a pronoun or a leftover modifier.
bool bad_entity(const std::string& e) {
  if (e.empty()) return true;
  static const std::wregex bad(
      L"(谁|什么|哪些|哪家|哪个|哪几|啥|多少|\\?|\\d{4} ?年|"
      L"^(?:who|what|which|whom|whose|where|when|how|it|its|them|they|this|that|anyone|someone|everyone|somebody|"
      L"anybody|everybody|anything|something|everything|companies|company)$|"
      L"\\b(?:before|after|since|between|until|during) \\d|\\b(?:and|or|to|through) \\d{4}\\b|^(?:了|过|的|吗|呢|啊)+$)",
      std::regex::ECMAScript | std::regex::icase);
  std::wstring w = widen(normalize_utf8(e));
  return std::regex_search(w, bad) || fold_key(e).empty();
}

void set_year(std::optional<int>& slot, int value, std::string_view text) {
  if (slot && *slot != value)
    throw UsageError("conflicting years in question '" + std::string(text) + "'");
  slot = value;
}

}  // namespace

std::string_view to_string(QuestionKind kind) {
  switch (kind) {
    case QuestionKind::Investors: return "investors";
    case QuestionKind::Portfolio: return "portfolio";
    case QuestionKind::Acquirers: return "acquirers";
    case QuestionKind::Acquisitions: return "acquisitions";
    case QuestionKind::Founders: return "founders";
    case QuestionKind::FoundedBy: return "founded_by";
    case QuestionKind::Path: return "path";
    case QuestionKind::AllPaths: return "all_paths";
    case QuestionKind::Neighbors: return "neighbors";
    case QuestionKind::CoInvestors: return "co_investors";
    case QuestionKind::Timeline: return "timeline";
    case QuestionKind::Profile: return "profile";
  }
  return "?";
}

const std::string& understood_forms() {
  static const std::string forms =
      "who funded X [before|after|in YEAR | between YEAR and YEAR] | who invested more than $1 billion in X | "
      "investors of X | what did X invest in | who acquired X | what did X acquire | who founded X | "
      "what did X found | how is A connected to B | path from A to B [via invested] | all paths from A to B | "
      "what is within N hops of X | co-investors of X | timeline of X | tell me about X | "
      "[2019年之前]谁投资了X | X的投资方 | 谁向X投资超过10亿美元 | X投资了哪些公司 | 谁收购了X | X收购了哪些公司 | "
      "X的创始人是谁 | 谁创办了X | X创办了哪些公司 | A和B有什么关系 | X两跳以内有哪些 | X的共同投资方 | X的时间线 | X是谁";
  return forms;
}

Question parse_question(std::string_view text) {
  std::u32string orig = utf8_to_u32(text);
  if (orig.size() > 500) throw UsageError("question is too long (" + std::to_string(orig.size()) + " characters; at most 500)");
  Normalized n = normalize(orig);
  Work w;
  w.s.assign(n.chars.begin(), n.chars.end());
  w.at.assign(n.from.begin(), n.from.end() - 1);
  squeeze(w);

  // Politeness and trailing punctuation.
  static const std::wregex polite(
      L"^(?:please |pls |kg,? |(?:can you |could you )?tell me (?=(?:who|what|which|how|whom)\\b)|请问|请告诉我|告诉我|"
      L"我想知道|想知道|问一下|想问一下|请列出|列出)",
      std::regex::ECMAScript | std::regex::icase);
  auto strip_ends = [&] {
    static const std::wstring punct = L"?？!！。.,，;；~～:：、 ";
    for (;;) {
      while (!w.s.empty() && punct.find(w.s.back()) != std::wstring::npos) {
        w.s.pop_back();
        w.at.pop_back();
      }
      size_t lead = 0;
      while (lead < w.s.size() && punct.find(w.s[lead]) != std::wstring::npos) ++lead;
      if (lead > 0) {
        erase(w, 0, lead);
        continue;
      }
      std::wsmatch m;
      if (!w.s.empty() && std::regex_search(w.s, m, polite)) {
        erase(w, 0, static_cast<size_t>(m.length(0)));
        continue;
      }
      break;
    }
  };
  strip_ends();
  if (w.s.empty()) throw UsageError("empty question; try: " + understood_forms());

  Question q;
  // Modifiers: years, amounts, predicate restrictions. Each is removed from the text once understood.
  for (const Mod& mod : mods()) {
    for (int guard = 0; guard < 4; ++guard) {
      std::wsmatch m;
      if (!std::regex_search(w.s, m, mod.re)) break;
      auto g = [&](int i) { return m[i].matched ? narrow(m[i].str()) : std::string(); };
      switch (mod.kind) {
        case ModKind::Range: {
          int y1 = std::stoi(g(1)), y2 = std::stoi(g(2));
          if (y1 > y2) throw UsageError("empty year range " + g(1) + "-" + g(2) + " in question '" + std::string(text) + "'");
          set_year(q.after, y1 - 1, text);
          set_year(q.before, y2 + 1, text);
          break;
        }
        case ModKind::Before: set_year(q.before, std::stoi(g(1)), text); break;
        case ModKind::After: set_year(q.after, std::stoi(g(1)), text); break;
        case ModKind::Since: set_year(q.after, std::stoi(g(1)) - 1, text); break;
        case ModKind::In: set_year(q.in_year, std::stoi(g(1)), text); break;
        case ModKind::AmountEn:
        case ModKind::AmountZh:
        case ModKind::AmountZhBound: {
          std::string num = g(2);
          num.erase(std::remove(num.begin(), num.end(), ','), num.end());
          double v = std::stod(num) * multiplier(g(3));
          std::string cur = currency_of(g(1));
          if (cur.empty()) cur = currency_of(g(4));
          if (q.min_amount && std::fabs(*q.min_amount - v) > 1e-6)
            throw UsageError("conflicting amounts in question '" + std::string(text) + "'");
          q.min_amount = v;
          q.currency = cur;
          break;
        }
        case ModKind::ViaEn:
        case ModKind::ViaZh: {
          for (const auto& p : via_predicates(g(1)))
            if (std::find(q.via.begin(), q.via.end(), p) == q.via.end()) q.via.push_back(p);
          break;
        }
      }
      erase(w, static_cast<size_t>(m.position(0)), static_cast<size_t>(m.position(0) + m.length(0)));
      strip_ends();
    }
  }
  // Keep via in the canonical order.
  if (!q.via.empty()) {
    std::vector<std::string> order{"invested", "acquired", "founded"}, sorted;
    for (const auto& p : order)
      if (std::find(q.via.begin(), q.via.end(), p) != q.via.end()) sorted.push_back(p);
    q.via = sorted;
  }
  if (w.s.empty()) refuse(text);

  for (const Core& c : cores()) {
    std::wsmatch m;
    if (!std::regex_match(w.s, m, c.re)) continue;
    Question r = q;
    r.kind = c.kind;
    bool ok = true;
    for (size_t i = 0; i < c.slots.size(); ++i) {
      const auto& sub = m[static_cast<int>(i) + 1];
      if (!sub.matched) continue;
      size_t b = static_cast<size_t>(sub.first - w.s.begin()), e = static_cast<size_t>(sub.second - w.s.begin());
      if (c.slots[i] == 'N') {
        int h = number_word(narrow(sub.str()));
        if (h < 1 || h > 10)
          throw UsageError("hops must be between 1 and 10 in question '" + std::string(text) + "'");
        r.hops = h;
        continue;
      }
      std::string ent = entity_text(w, orig, b, e);
      if (bad_entity(ent)) {
        ok = false;
        break;
      }
      (c.slots[i] == 'A' ? r.a : r.b) = ent;
    }
    if (!ok) continue;
    bool two = r.kind == QuestionKind::Path || r.kind == QuestionKind::AllPaths;
    if (r.a.empty() || (two && r.b.empty())) continue;
    if (!two && !r.via.empty() && r.kind != QuestionKind::Neighbors) continue;  // "via" only makes sense for graphs
    return r;
  }
  refuse(text);
}

std::string describe(const Question& q) {
  std::string s(to_string(q.kind));
  s += " a=" + q.a;
  if (!q.b.empty()) s += " b=" + q.b;
  if (q.before) s += " before=" + std::to_string(*q.before);
  if (q.after) s += " after=" + std::to_string(*q.after);
  if (q.in_year) s += " in=" + std::to_string(*q.in_year);
  if (q.min_amount) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f", *q.min_amount);
    s += std::string(" min_amount=") + buf;
    if (!q.currency.empty()) s += " " + q.currency;
  }
  if (q.kind == QuestionKind::Neighbors) s += " hops=" + std::to_string(q.hops);
  if (!q.via.empty()) {
    s += " via=";
    for (size_t i = 0; i < q.via.size(); ++i) s += (i ? "," : "") + q.via[i];
  }
  return s;
}

}  // namespace kg::queries
