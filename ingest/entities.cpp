#include "ingest/entities.h"

#include <algorithm>
#include <bitset>
#include <cctype>

#include "base/error.h"
#include "base/text.h"
#include "base/unicode.h"
#include "ingest/amount.h"
#include "ingest/datafile.h"

namespace kg::ingest {

bool starts_with_at(std::u32string_view t, size_t pos, std::u32string_view w) {
  if (pos > t.size() || t.size() - pos < w.size()) return false;
  for (size_t k = 0; k < w.size(); ++k)
    if (t[pos + k] != w[k]) return false;
  return true;
}
bool ends_with_at(std::u32string_view t, size_t end, std::u32string_view w) {
  return end <= t.size() && end >= w.size() && starts_with_at(t, end - w.size(), w);
}

namespace {

std::u32string u32(const std::string& s) { return normalize_text(utf8_to_u32(s)); }
std::u32string lower(std::u32string s) {
  for (auto& c : s) c = fold_ascii(c);
  return s;
}
void sort_longest_first(std::vector<std::u32string>& v) {
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.size() != b.size() ? a.size() > b.size() : a < b; });
}
bool ascii_alnum(char32_t c) { return c < 0x80 && std::isalnum(static_cast<int>(c)); }
bool ascii_upper(char32_t c) { return c >= 'A' && c <= 'Z'; }
bool name_char(char32_t c) { return is_cjk(c); }
bool clause_char(char32_t c) {
  return c == ',' || c == ';' || c == U'。' || c == '!' || c == '?' || c == ':' || c == '\n' || c == U'“' || c == '(';
}
// Words after which a name is the investor of a deal (获得X的投资, 来自X的投资).
constexpr std::u32string_view kInvestingIntros[] = {U"获得", U"获", U"来自", U"获得了", U"迎来"};

// An amount starts at q (星鼎投资超过10亿元, 获得X投资数千万美元): what find_amounts reads there, qualifier included.
bool amount_at(std::u32string_view t, size_t q) {
  if (q >= t.size()) return false;
  auto found = find_amounts(t.substr(q, 24));
  return !found.empty() && found.front().begin == 0 && !found.front().undisclosed;
}
bool is_dot(char32_t c) { return c == 0xB7 || c == 0x30FB || c == 0x2022 || c == 0x2027 || c == 0xFF65; }

}  // namespace

NameCues NameCues::load(const std::string& path) {
  NameCues c;
  for (const auto& row : read_data_file(path, 2)) {
    const std::string& kind = row.fields[0];
    std::u32string cue = u32(row.fields[1]);
    if (cue.empty()) throw FileError(path, "empty cue", row.line);
    if (kind == "org_suffix") c.org_suffixes.push_back(cue);
    else if (kind == "latin_org_suffix") c.latin_org_suffixes.push_back(lower(cue));
    else if (kind == "legal_suffix") c.legal_suffixes.push_back(lower(cue));
    else if (kind == "generic_head") c.generic_heads.push_back(cue);
    else if (kind == "investor_head") c.investor_heads.push_back(cue);
    else if (kind == "stop_word") c.stop_words.push_back(cue);
    else if (kind == "stop_char") c.stop_chars += cue;
    else if (kind == "generic_name") c.generic_names.insert(cue);
    else if (kind == "person_title") c.person_titles.push_back(cue);
    else if (kind == "descriptor") c.descriptor_words.emplace_back(cue, row.fields.size() > 2 ? row.fields[2] : "-");
    else if (kind == "descriptor_filler") c.descriptor_fillers.push_back(cue);
    else if (kind == "pre_descriptor") c.pre_descriptors.push_back(cue);
    else if (kind == "surname") c.surnames.insert(cue);
    else if (kind == "latin_stop") c.latin_stop.insert(lower(cue));
    else if (kind == "given_name") c.given_names.insert(lower(cue));
    else if (kind == "name_end") c.name_end_verbs.push_back(cue);
    else if (kind == "category") c.categories.push_back(cue);
    else if (kind == "glued_category") {
      c.categories.push_back(cue);
      c.glued_only.push_back(cue);
    }
    else if (kind == "role_verb") c.role_verbs.push_back(cue);
    else if (kind == "boundary") c.boundaries.push_back(cue);
    else if (kind == "not_descriptor") c.not_descriptors.push_back(cue);
    else if (kind == "fund_suffix") c.fund_suffixes.push_back(cue);
    else if (kind == "name_intro") c.name_intros.push_back(cue);
    else if (kind == "time_filler") c.time_fillers.push_back(cue);
    else if (kind == "inner_char") c.inner_chars += cue;
    else throw FileError(path, "unknown kind '" + kind + "'", row.line);
  }
  sort_longest_first(c.org_suffixes);
  sort_longest_first(c.generic_heads);
  sort_longest_first(c.investor_heads);
  sort_longest_first(c.stop_words);
  sort_longest_first(c.person_titles);
  sort_longest_first(c.descriptor_fillers);
  sort_longest_first(c.pre_descriptors);
  sort_longest_first(c.name_end_verbs);
  sort_longest_first(c.categories);
  sort_longest_first(c.role_verbs);
  sort_longest_first(c.boundaries);
  sort_longest_first(c.name_intros);
  sort_longest_first(c.time_fillers);
  std::sort(c.descriptor_words.begin(), c.descriptor_words.end(),
            [](const auto& a, const auto& b) { return a.first.size() != b.first.size() ? a.first.size() > b.first.size() : a.first < b.first; });
  for (WordList* l : {&c.org_suffixes, &c.latin_org_suffixes, &c.legal_suffixes, &c.generic_heads, &c.investor_heads,
                      &c.stop_words,
                      &c.person_titles, &c.descriptor_fillers, &c.pre_descriptors, &c.name_end_verbs, &c.categories,
                      &c.role_verbs, &c.glued_only, &c.fund_suffixes, &c.not_descriptors, &c.boundaries, &c.name_intros,
                      &c.time_fillers})
    l->build_index();
  return c;
}

Mention EntityRecognizer::make_mention(std::u32string_view t, size_t b, size_t e, const char* type) const {
  Mention x;
  x.begin = b;
  x.end = e;
  x.surface = u32_to_utf8(t.substr(b, e - b));
  if (auto id = lex_.find(x.surface)) {  // a discovered span that is a known name takes the known identity
    x.name = lex_.entry(*id).name;
    x.type = lex_.entry(*id).type;
    x.origin = lex_.entry(*id).origin;
  } else {
    x.name = x.surface;
    x.type = type;
    x.origin = "discovered";
  }
  return x;
}

bool EntityRecognizer::covered(const std::vector<Mention>& m, size_t b, size_t e) const {
  for (const auto& x : m)
    if (x.begin < e && b < x.end) return true;
  return false;
}

std::string EntityRecognizer::type_of_latin(std::u32string_view span, std::u32string_view t, size_t begin) const {
  std::vector<std::u32string> toks;
  std::u32string cur;
  for (char32_t c : span) {
    if (c == ' ') {
      if (!cur.empty()) toks.push_back(lower(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) toks.push_back(lower(cur));
  if (toks.empty()) return "organization";
  for (const auto& s : cues_.latin_org_suffixes)
    if (toks.back() == s) return "organization";
  for (const auto& s : cues_.legal_suffixes)
    if (toks.back() == s) return "organization";
  if (toks.size() >= 2 && toks.size() <= 3 && cues_.given_names.count(toks.front())) return "person";
  // A person title right before the name: 联合创始人Greg Brockman, CEO Satya Nadella.
  size_t p = begin;
  while (p > 0 && t[p - 1] == ' ') --p;
  if (toks.size() >= 2)
    for (const auto& title : cues_.person_titles)
      if (ends_with_at(t, p, title)) return "person";
  return "organization";
}

bool EntityRecognizer::absorb_heads(std::u32string_view t, const LexEntry& e, size_t& end) const {
  // 微软公司, YC孵化器: a generic head after a known name belongs to it.
  for (const auto& h : cues_.generic_heads.at(t, end))
    if (starts_with_at(t, end, h)) {
      end += h.size();
      return false;
    }
  // IDG资本 is IDG Capital; 蔚来资本 (NIO Capital, a venture firm) is not 蔚来 (NIO): an investor head after a
  // known name that is not itself an investment firm (by its canonical name's ending) makes another name.
  for (const auto& h : cues_.investor_heads.at(t, end))
    if (starts_with_at(t, end, h)) {
      end += h.size();
      std::u32string canonical = normalize_text(utf8_to_u32(e.name));
      for (const auto& suf : cues_.fund_suffixes)
        if (ends_with_at(canonical, canonical.size(), suf)) return false;
      return true;
    }
  return false;
}

void EntityRecognizer::lexicon_spans(const Lexicon& lex, std::u32string_view t, std::vector<Mention>& out) const {
  for (const auto& m : lex.match(t)) {
    if (covered(out, m.begin, m.end)) continue;
    const LexEntry& e = lex.entry(m.entry);
    Mention x;
    x.begin = m.begin;
    x.end = m.end;
    if (absorb_heads(t, e, x.end)) {  // 蔚来资本: another name
      out.push_back(make_mention(t, x.begin, x.end, "organization"));
      continue;
    }
    x.name = e.name;
    x.type = e.type;
    x.origin = e.origin;
    x.surface = u32_to_utf8(t.substr(x.begin, x.end - x.begin));
    out.push_back(std::move(x));
  }
}

void EntityRecognizer::latin_spans(std::u32string_view t, std::vector<Mention>& out) const {
  // Tokens: runs of ASCII letters/digits with inner & . ' - +
  struct Tok {
    size_t b, e;
  };
  std::vector<Tok> toks;
  for (size_t i = 0; i < t.size();) {
    if (!ascii_alnum(t[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < t.size() && (ascii_alnum(t[j]) || ((t[j] == '&' || t[j] == '.' || t[j] == '\'' || t[j] == '-' || t[j] == '+') &&
                                                  j + 1 < t.size() && ascii_alnum(t[j + 1]))))
      ++j;
    // Norford Capital2-3亿元, Ravtix Ventures3亿: digits glued to a word and followed by an amount unit are the
    // amount, not part of the name.
    size_t k = i + 1;
    while (k < j && !(t[k] >= '0' && t[k] <= '9' && !(t[k - 1] >= '0' && t[k - 1] <= '9') && std::isalpha(static_cast<int>(t[k - 1]))))
      ++k;
    if (k < j && j < t.size() && std::u32string_view(U"万亿千百元年").find(t[j]) != std::u32string_view::npos) {
      bool numeric = true;
      for (size_t q = k; q < j; ++q)
        if (!((t[q] >= '0' && t[q] <= '9') || t[q] == '.' || t[q] == '-')) numeric = false;
      if (numeric) {
        toks.push_back({i, k});
        i = j;
        continue;
      }
    }
    toks.push_back({i, j});
    i = j;
  }
  auto tok_str = [&](const Tok& k) { return std::u32string(t.substr(k.b, k.e - k.b)); };
  auto is_connector = [&](const Tok& k) {
    std::u32string s = lower(tok_str(k));
    return s == U"of" || s == U"and" || s == U"&" || s == U"de" || s == U"for";
  };
  auto capital = [&](const Tok& k) { return ascii_upper(t[k.b]); };
  size_t i = 0;
  while (i < toks.size()) {
    if (!capital(toks[i])) {
      ++i;
      continue;
    }
    // Grow a span of capitalised tokens separated by exactly one space.
    size_t j = i + 1;
    while (j < toks.size()) {
      size_t gap_b = toks[j - 1].e, gap_e = toks[j].b;
      bool one_space = gap_e == gap_b + 1 && t[gap_b] == ' ';
      if (!one_space) break;
      if (capital(toks[j])) {
        ++j;
      } else if (is_connector(toks[j]) && j + 1 < toks.size() && capital(toks[j + 1]) &&
                 toks[j + 1].b == toks[j].e + 1 && t[toks[j].e] == ' ') {
        j += 2;
      } else {
        break;
      }
    }
    // Resolve tokens [i, j): the longest lexicon prefix first, else a discovered name.
    size_t k = i;
    while (k < j) {
      size_t best = 0;
      std::optional<uint32_t> entry;
      const Lexicon* which = nullptr;
      for (size_t m = j; m > k; --m) {
        std::u32string_view span = t.substr(toks[k].b, toks[m - 1].e - toks[k].b);
        std::string s = u32_to_utf8(span);
        for (const Lexicon* lx : {local_, &lex_}) {
          if (!lx) continue;
          if (auto e = lx->find(s)) {
            best = m;
            entry = e;
            which = lx;
            break;
          }
        }
        if (entry) break;
      }
      if (entry) {
        // Swallow trailing legal suffixes (OpenAI LP, OpenAI Inc) into the known entity.
        size_t m = best;
        while (m < j) {
          std::u32string low = lower(tok_str(toks[m]));
          bool legal = std::find(cues_.legal_suffixes.begin(), cues_.legal_suffixes.end(), low) != cues_.legal_suffixes.end();
          if (!legal) break;
          ++m;
        }
        // A known name followed by an organisation suffix is another organisation (Reid Hoffman Foundation).
        bool org_tail = false;
        if (m < j) {
          std::u32string last = lower(tok_str(toks[j - 1]));
          for (const auto& s : cues_.latin_org_suffixes)
            if (last == s) org_tail = true;
        }
        if (!org_tail) {
          const LexEntry& e = which->entry(*entry);
          Mention x;
          x.begin = toks[k].b;
          x.end = toks[m - 1].e;
          if (absorb_heads(t, e, x.end)) {  // a known Latin name + 资本 that is not an investment firm
            if (!covered(out, x.begin, x.end)) out.push_back(make_mention(t, x.begin, x.end, "organization"));
            k = m;
            continue;
          }
          x.name = e.name;
          x.type = e.type;
          x.origin = e.origin;
          x.surface = u32_to_utf8(t.substr(x.begin, x.end - x.begin));
          if (!covered(out, x.begin, x.end)) out.push_back(std::move(x));
          k = m;
          continue;
        }
      }
      // Discovered: the whole remaining run [k, j) as one name (trim trailing connectors).
      size_t m = j;
      std::u32string_view span = t.substr(toks[k].b, toks[m - 1].e - toks[k].b);
      std::u32string low = lower(std::u32string(span));
      bool single = m == k + 1;
      bool reject = false;
      if (single) {
        std::u32string s = tok_str(toks[k]);
        bool all_caps = std::all_of(s.begin(), s.end(), [](char32_t c) { return !(c >= 'a' && c <= 'z'); });
        bool has_digit = std::any_of(s.begin(), s.end(), [](char32_t c) { return c >= '0' && c <= '9'; });
        if (cues_.latin_stop.count(low) || (all_caps && s.size() <= 3) || has_digit || s.size() < 2) reject = true;
        if (toks[k].e < t.size() && t[toks[k].e] == U'轮') reject = true;  // Pre-A轮 is a round
        if (s.size() <= 3 && toks[k].b > 0 && is_cjk(t[toks[k].b - 1])) reject = true;  // 视界Go, 毛孩e家
      } else if (cues_.latin_stop.count(lower(tok_str(toks[k])))) {
        // "CEO Dave Rogenmoser": drop a leading stop token and retry from the next token.
        ++k;
        continue;
      }
      if (!reject && !covered(out, toks[k].b, toks[m - 1].e)) {
        Mention x;
        x.begin = toks[k].b;
        x.end = toks[m - 1].e;
        x.name = u32_to_utf8(span);
        x.type = type_of_latin(span, t, x.begin);
        x.origin = "discovered";
        x.surface = x.name;
        out.push_back(std::move(x));
      }
      k = m;
    }
    i = j;
  }
}

void EntityRecognizer::bracket_spans(std::u32string_view t, std::u32string_view original,
                                     const std::vector<uint32_t>* from, std::vector<Mention>& out) const {
  if (original.empty() || !from) return;
  // The character as written behind normalised position i (a sentence may start inside the expansion of one
  // character, so `from` can point at the end of `original`).
  auto written = [&](size_t i) -> char32_t {
    size_t k = i < from->size() ? (*from)[i] : original.size();
    return k < original.size() ? original[k] : 0;
  };
  for (size_t i = 0; i < t.size(); ++i) {
    char32_t o = written(i);
    if (o != U'「' && o != U'『') continue;
    char32_t close = o == U'「' ? U'」' : U'』';
    size_t j = i + 1;
    while (j < t.size() && written(j) != close && j - i <= 16) ++j;
    if (j >= t.size() || written(j) != close) continue;
    size_t len = j - i - 1;
    if (len < 2 || len > 15 || covered(out, i + 1, j)) continue;
    std::u32string_view span = t.substr(i + 1, len);
    if (cues_.generic_names.count(std::u32string(span))) continue;
    Mention x = make_mention(t, i + 1, j, "organization");
    out.push_back(std::move(x));
  }
}

void EntityRecognizer::suffix_spans(std::u32string_view t, std::vector<Mention>& out) const {
  for (size_t i = 1; i < t.size(); ++i) {
    const std::u32string* suffix = nullptr;
    for (const auto& s : cues_.org_suffixes.at(t, i))
      if (starts_with_at(t, i, s)) {
        suffix = &s;
        break;
      }
    if (!suffix) continue;
    size_t end = i + suffix->size();
    if (covered(out, i, end)) continue;
    // Chained suffixes: 科技有限公司, 资本集团.
    for (bool more = true; more;) {
      more = false;
      for (const auto& s : cues_.org_suffixes.at(t, end))
        if (starts_with_at(t, end, s) && !covered(out, end, end + s.size())) {
          end += s.size();
          more = true;
          break;
        }
    }
    // Extend left over name characters.
    size_t b = i;
    size_t cjk = 0, latin = 0;
    while (b > 0) {
      char32_t c = t[b - 1];
      bool ok = (name_char(c) && cues_.stop_chars.find(c) == std::u32string::npos) ||
                (ascii_alnum(c) && !(c >= '0' && c <= '9'));
      if (!ok || covered(out, b - 1, b)) break;
      if (ascii_alnum(c)) ++latin; else ++cjk;
      --b;
      if (cjk > 10) break;
    }
    // Cut at the rightmost stop word inside the prefix (老股东青松基金 -> 青松基金).
    size_t cut = b;
    for (size_t p = b >= 3 ? b - 3 : 0; p < i; ++p)  // a stop word may start before the prefix (厂|商星耀科技)
      for (const auto& w : cues_.stop_words.at(t, p))
        if (starts_with_at(t, p, w) && p + w.size() <= i && p + w.size() > b) {
          // 华宇企业集团: a category word right before the suffix, after a 2+ character prefix, is part of it.
          if (p + w.size() == i && p >= b + 2 &&
              std::find(cues_.categories.begin(), cues_.categories.end(), w) != cues_.categories.end())
            continue;
          cut = std::max(cut, p + w.size());
        }
    // A category word inside the prefix ends a description (新能源车企零跑汽车 -> 零跑汽车; 华宇企业集团 keeps its
    // category, which sits right before the suffix).
    for (size_t p = b; p < i; ++p)
      for (const auto& w : cues_.categories.at(t, p))
        if (starts_with_at(t, p, w) && p + w.size() <= i && i - (p + w.size()) >= 2) cut = std::max(cut, p + w.size());
    // An organisation word inside the prefix ends another name (产业基金华越资本 -> 华越资本).
    for (size_t p = b; p < i; ++p)
      for (const auto& w : cues_.org_suffixes.at(t, p))
        if (starts_with_at(t, p, w) && p + w.size() <= i && i - (p + w.size()) >= 2) cut = std::max(cut, p + w.size());
    // 和之江智能研究院: a function character (kind inner_char) opens the name right after a list separator.
    if (cut == b && b > 0 && b < i && cues_.inner_chars.find(t[b - 1]) != std::u32string::npos && !covered(out, b - 1, b)) {
      char32_t before = b >= 2 ? t[b - 2] : U',';
      if (before == U'、' || before == U'和' || before == U'及' || before == U'与' || clause_char(before)) --cut;
    }
    b = cut;
    std::u32string prefix(t.substr(b, i - b));
    if (!prefix.empty() && prefix[0] == U'某') {  // 某中东主权基金: an anonymous party
      i = end - 1;
      continue;
    }
    size_t pc = std::count_if(prefix.begin(), prefix.end(), [](char32_t c) { return is_cjk(c); });
    size_t pl = prefix.size() - pc;
    if (prefix.empty() || (pl == 0 && pc < 2) || pc > 8 || (prefix[0] >= '0' && prefix[0] <= '9')) {
      i = end - 1;
      continue;
    }
    // 一家名为X的游戏公司 / 的医疗企业: an industry word plus 公司 after 的 or 家 is a description, not a name.
    bool described = b > 0 && (t[b - 1] == U'的' || t[b - 1] == U'家') && pc <= 4 && pl == 0;
    size_t look = b >= 8 ? b - 8 : 0;  // 有意并购一家日本车用晶片设计公司
    std::u32string_view before_name = t.substr(look, b - look);
    if (before_name.find(U"一家") != std::u32string_view::npos || before_name.find(U"某") != std::u32string_view::npos)
      described = true;
    // 多家上游材料企业, 一些AI公司: a plural quantifier makes any suffix a description, not a name.
    bool plural = false;
    for (const char32_t* q : {U"多家", U"数家", U"几家", U"一些", U"多个", U"两家", U"三家", U"各家", U"这些", U"那些", U"众多"})
      if (before_name.size() >= 2 && before_name.substr(before_name.size() >= 4 ? before_name.size() - 4 : 0).find(q) !=
                                         std::u32string_view::npos)
        plural = true;
    if (plural || (described && (*suffix == U"公司" || *suffix == U"企业"))) {
      i = end - 1;
      continue;
    }

    std::u32string name(t.substr(b, end - b));
    if (cues_.generic_names.count(name) || cues_.generic_names.count(prefix)) {
      i = end - 1;
      continue;
    }
    Mention x = make_mention(t, b, end, "organization");
    out.push_back(std::move(x));
    i = end - 1;
  }
}

// Names with no suffix, found by their place: after a category word (储能初创公司赫兹科技), before a role verb
// (,天衢投资跟投), or as an item of a list that holds a known name (华岳开发资本、远通电信跟投).
namespace {
// The characters present in one sentence (hashed into 4096 bits): a cue word with a character that is absent cannot
// occur, so the rules below skip scanning the sentence for it. Most cue words are absent from most sentences.
class CharFilter {
 public:
  explicit CharFilter(std::u32string_view t) {
    for (char32_t c : t) bits_.set(c & 4095);
  }
  bool may_contain(std::u32string_view w) const {
    for (char32_t c : w)
      if (!bits_.test(c & 4095)) return false;
    return true;
  }

 private:
  std::bitset<4096> bits_;
};
}  // namespace

void EntityRecognizer::context_spans(std::u32string_view t, std::vector<Mention>& out) const {
  const CharFilter present(t);
  auto stop_at = [&](size_t p) {  // a stop word or a role/boundary word starts at p
    for (const auto& w : cues_.stop_words.at(t, p))
      if (starts_with_at(t, p, w)) return true;
    for (const auto& w : cues_.role_verbs.at(t, p))
      if (starts_with_at(t, p, w)) return true;
    for (const auto& w : cues_.boundaries.at(t, p))
      if (starts_with_at(t, p, w)) return true;
    return false;
  };
  const CharFilter stop_chars(cues_.stop_chars);  // name_ok runs at nearly every position
  auto name_ok = [&](char32_t c) {
    return is_cjk(c) && (!stop_chars.may_contain(std::u32string_view(&c, 1)) ||
                         cues_.stop_chars.find(c) == std::u32string::npos);
  };
  bool weak_rule = false;  // set for the rules below the category rule
  auto add = [&](size_t b, size_t e) {
    size_t n = e - b;
    if (n < 2 || n > (ascii_alnum(t[b]) ? 40u : 8u) || covered(out, b, e)) return false;
    // 天使|投资人, 知名|机构: the start of a descriptor or title is not a name.
    for (const auto& w : cues_.pre_descriptors.at(t, b))
      if (starts_with_at(t, b, w) && b + w.size() > e) return false;
    for (const auto& w : cues_.person_titles.at(t, b))
      if (starts_with_at(t, b, w) && b + w.size() > e) return false;
    std::u32string name(t.substr(b, e - b));
    if (cues_.generic_names.count(name)) return false;
    for (const auto& c : cues_.categories)
      if (name == c) return false;
    Mention x = make_mention(t, b, e, "organization");
    if (x.origin == "discovered") x.weak = weak_rule;  // found by its place only: not learnt as a document name
    out.push_back(std::move(x));
    return true;
  };
  // A run of name characters rightwards from b, ending before a stop/role word.
  auto run_right = [&](size_t b, bool invest_names = true) {
    size_t e = b;
    while (e < t.size() && e - b < 8 && (name_ok(t[e]) || (e > b && ascii_alnum(t[e]) && !(t[e] >= '0' && t[e] <= '9'))) &&
           !(e > b && stop_at(e)) && !covered(out, e, e + 1))
      ++e;
    // 维峰投资5,000万 / 台钰投资、 / 鼎峰投资以及: "投资" closes a name when a list, an amount or a role follows.
    if (e > b + 1 && starts_with_at(t, e, U"投资") && e + 2 <= t.size()) {
      size_t f = e + 2;
      // after a category word (平台杏林汇投资3000万) a following amount means 投资 is the verb
      bool amount_next = amount_at(t, f);
      bool name_end = f == t.size() || (invest_names && amount_next) || t[f] == U'、' || t[f] == ',' ||
                      t[f] == U'。' || t[f] == U'等' || t[f] == U'及' || t[f] == U'和' || t[f] == U'与' ||
                      starts_with_at(t, f, U"以及") || starts_with_at(t, f, U"跟投") || starts_with_at(t, f, U"领投") ||
                      starts_with_at(t, f, U"投资") ||  // 澄宁霁投资投资: the name, then the verb
                      starts_with_at(t, f, U"参投") || clause_char(t[f]);
      if (name_end) e = f;
    }
    return e;
  };
  // A time phrase at p — time words (早在, 当日, 于, 就 …) and dates (2018年, 3月) — and where it ends (p if none).
  auto time_phrase_end = [&](size_t p) {
    size_t q = p;
    for (bool more = true; more && q - p < 16;) {
      more = false;
      size_t d = q;
      while (d < t.size() && t[d] >= '0' && t[d] <= '9') ++d;
      if (d > q && d < t.size() && (t[d] == U'年' || t[d] == U'月' || t[d] == U'日' || t[d] == U'号')) {
        q = d + 1;
        more = true;
        continue;
      }
      for (const auto& w : cues_.time_fillers.at(t, q))
        if (starts_with_at(t, q, w)) {
          q += w.size();
          more = true;
          break;
        }
    }
    return q;
  };
  auto role_verb_at = [&](size_t p) -> const std::u32string* {
    for (const auto& v : cues_.role_verbs.at(t, p))
      if (starts_with_at(t, p, v)) return &v;
    return nullptr;
  };
  // A placed name ends at e: the text there is a stop/role/boundary word, a clause mark, the end, or a time
  // phrase followed by a role verb.
  auto closes = [&](size_t e) {
    if (e >= t.size() || clause_char(t[e]) || t[e] == U'、' || stop_at(e)) return true;
    size_t q = time_phrase_end(e);
    return q > e && role_verb_at(q) != nullptr;
  };
  auto is_category = [&](size_t p) -> const std::u32string* {
    for (const auto& c : cues_.categories.at(t, p))
      if (starts_with_at(t, p, c)) return &c;
    return nullptr;
  };
  // 1. After a category word.
  for (const auto& c : cues_.categories) {
    if (!present.may_contain(c)) continue;
    if (std::find(cues_.glued_only.begin(), cues_.glued_only.end(), c) != cues_.glued_only.end()) continue;
    for (size_t p = t.find(c); p != std::u32string::npos; p = t.find(c, p + 1)) {
      // 据公司披露: a bare category word is a reference, not a category in front of a name.
      if (p == 0 || std::u32string_view(U"据该本其此这那各每贵我你他她它的,。;:(“").find(t[p - 1]) != std::u32string_view::npos)
        continue;
      size_t b = p + c.size();
      while (b < t.size() && (t[b] == U'“' || t[b] == '"' || t[b] == ' ')) ++b;
      if (b >= t.size() || covered(out, b, b + 1) || stop_at(b)) continue;
      size_t e = run_right(b, false);  // 平台杏林汇投资3000万: after a category, 投资 is the verb
      // 在线教育平台知了课堂于2019年: a function character inside a name, when what follows closes the name.
      auto long_word_at = [&](size_t q) {  // 之后, 了解: a word longer than the function character starts there
        for (const auto* l : {&cues_.stop_words, &cues_.role_verbs, &cues_.boundaries})
          for (const auto& w : l->at(t, q))
            if (w.size() > 1 && starts_with_at(t, q, w)) return true;
        return false;
      };
      if (e > b && e - b < 2 && e + 1 < t.size() && cues_.inner_chars.find(t[e]) != std::u32string::npos &&
          name_ok(t[e + 1]) && !long_word_at(e)) {
        size_t f = e + 1;
        while (f < t.size() && f - b < 8 && name_ok(t[f]) && !stop_at(f) && !covered(out, f, f + 1)) ++f;
        if (f - b >= 3 && f < t.size() && !clause_char(t[f]) && closes(f)) {
          if (add(b, f)) out.back().weak = out.back().origin == "discovered";
          continue;
        }
      }
      // 食品大厂统峰企业正与: a category word that ends the run and is followed by no name belongs to it.
      if (e - b >= 2 && e < t.size())
        if (const auto* c2 = is_category(e); c2 && e + c2->size() < t.size() && closes(e + c2->size()) &&
                                              !covered(out, e, e + c2->size()))
          e += c2->size();
      add(b, e);
    }
  }
  weak_rule = true;
  // 1b. After an introducing word and a descriptor glued to a category (洽购澳门酒店集团金濠国际,): the name
  // after the category, when what follows closes it.
  for (const auto& w : cues_.name_intros) {
    if (!present.may_contain(w)) continue;
    for (size_t p = t.find(w); p != std::u32string::npos; p = t.find(w, p + 1)) {
      size_t b = p + w.size();
      for (size_t j = b + 1; j < t.size() && j - b <= 8 && is_cjk(t[j - 1]) && !clause_char(t[j - 1]); ++j) {
        bool glued = false;
        for (const auto& g : cues_.glued_only)
          if (starts_with_at(t, j, g)) {
            glued = true;
            size_t n = j + g.size();
            if (n >= t.size() || covered(out, n, n + 1) || stop_at(n)) break;
            size_t e = run_right(n);
            if (e - n >= 2 && closes(e)) add(n, e);
            break;
          }
        if (glued) break;
      }
    }
  }
  // 2b. A clause-opening name before a time phrase and a role verb: 数智云早在2018年就获得, 青柚出行当日发表声明.
  for (size_t p = 1, skip = 0; p < t.size(); ++p) {
    if (p < skip || !name_ok(t[p - 1]) || covered(out, p - 1, p)) continue;
    size_t q = time_phrase_end(p);
    if (q == p) continue;
    const std::u32string* verb = role_verb_at(q);
    if (!verb) continue;
    skip = q;
    size_t b = p;
    while (b > 0 && p - b < 8 && name_ok(t[b - 1]) && !covered(out, b - 1, b)) --b;
    char32_t before = b > 0 ? t[b - 1] : U',';
    bool boundary = clause_char(before) || before == U'、' || before == U'”' || before == ' ';
    size_t cut = b;
    for (size_t k = b; k < p; ++k)
      for (const auto& w : cues_.stop_words.at(t, k))
        if (starts_with_at(t, k, w) && k + w.size() <= p) cut = std::max(cut, k + w.size());
    if (cut != b) continue;  // 投资方早在: an ordinary word, not a name
    bool title = false;
    for (const auto& w : cues_.person_titles.at(t, b))
      if (starts_with_at(t, b, w)) title = true;
    // 大会当日宣布, 团队早在: two characters before a time phrase are mostly a common noun; a name needs three.
    if (!boundary || title || role_verb_at(b) || p - b < 3) continue;
    if (add(b, p)) {
      const std::u32string& v = *verb;
      bool speech = v == U"表示" || v == U"宣布" || v == U"透露" || v == U"发布";
      if (speech && p - b <= 3 && (cues_.surnames.count(t.substr(b, 1)) ||
                                   cues_.surnames.count(t.substr(b, 2))))
        out.back().type = "person";
    }
  }
  // 2. Before a role verb, after a clause start, 由 or a list separator.
  for (const auto& v : cues_.role_verbs) {
    if (!present.may_contain(v)) continue;
    for (size_t p = t.find(v); p != std::u32string::npos; p = t.find(v, p + 1)) {
      size_t b = p;
      while (b > 0 && p - b < 8 && name_ok(t[b - 1]) && !covered(out, b - 1, b)) --b;
      if (b == p) continue;
      char32_t before = b > 0 ? t[b - 1] : U',';
      bool acquisition_verb = v == U"收购" || v == U"并购" || v == U"买下";
      bool boundary = clause_char(before) || before == U'、' || before == U'由' || before == U'和' || before == U'及' ||
                      before == U'与' || before == U'”' || before == ' ' || (before == U'的' && !acquisition_verb);
      // cut at the rightmost stop word inside the run
      size_t cut = b;
      for (size_t q = b; q < p; ++q)
        for (const auto& w : cues_.stop_words.at(t, q))
          if (starts_with_at(t, q, w) && q + w.size() <= p) cut = std::max(cut, q + w.size());
      if (cut != b) boundary = true, b = cut;
      bool verb_like = false;  // 有意|收购: what is left is itself a verb or cue, not a name
      for (const auto& w : cues_.role_verbs.at(t, b))
        if (starts_with_at(t, b, w)) verb_like = true;
      for (const auto& w : cues_.stop_words.at(t, b))
        if (starts_with_at(t, b, w)) verb_like = true;
      if (boundary && !verb_like && add(b, p)) {
        // 李明远表示: before a speech verb, a short surname-initial name is a person.
        bool speech = v == U"表示" || v == U"宣布" || v == U"透露" || v == U"发布";
        if (speech && p - b <= 3 && (cues_.surnames.count(t.substr(b, 1)) ||
                                     cues_.surnames.count(t.substr(b, 2))))
          out.back().type = "person";
      }
    }
  }
  // 3. After an introducing word, ending before an amount, 的 or a role word: 获得维峰投资5,000万港元注资.
  for (const auto& w : cues_.name_intros) {
    if (!present.may_contain(w)) continue;
    for (size_t p = t.find(w); p != std::u32string::npos; p = t.find(w, p + 1)) {
      size_t b = p + w.size();
      if (b >= t.size() || covered(out, b, b + 1) || stop_at(b)) continue;
      size_t e = run_right(b);
      // 获得X的投资 closes at 的; after 收购 a 的 ends a description (收购农户种植的脐橙), not a name.
      // 投资方为 / 投资人包括 …: what follows names the investors
      bool investing_intro = std::find(std::begin(kInvestingIntros), std::end(kInvestingIntros), w) !=
                                 std::end(kInvestingIntros) ||
                             starts_with_at(w, 0, U"投资方") || starts_with_at(w, 0, U"投资人") ||
                             starts_with_at(w, 0, U"投资机构") || starts_with_at(w, 0, U"投资者");
      // 来自漪朔潇投资的5亿元投资: a name ending in 投资 right before 的 after an investing intro
      if (investing_intro && e >= b + 2 && starts_with_at(t, e, U"投资的") && !covered(out, e, e + 2)) e += 2;
      bool closed = e >= t.size() || (t[e] >= '0' && t[e] <= '9') || (t[e] == U'的' && investing_intro) ||
                    clause_char(t[e]) ||
                    (investing_intro && e >= b + 3 && ends_with_at(t, e, U"投资") && amount_at(t, e));
      // 获翼朔投资和Norford Capital投资: a name ending in 投资 before a list separator.
      if (investing_intro && e > b + 2 && ends_with_at(t, e, U"投资"))
        for (const char32_t* sep : {U"、", U"和", U"及", U"与", U"以及"})
          if (starts_with_at(t, e, sep)) closed = true;
      for (const auto& w : cues_.role_verbs.at(t, e))  // 获得X领投 / 获得X投资
        if (starts_with_at(t, e, w)) closed = true;
      // 获星海投资投资: after an investing intro, a run that took in 投资 is the name when the noun 投资 follows
      // (来自X投资的投资 stays a run of X: 投资 there is the verb or the noun, not part of the name)
      if (investing_intro && e > b + 3 && ends_with_at(t, e, U"投资") &&
          (starts_with_at(t, e, U"投资") || starts_with_at(t, e, U"战略投资") || starts_with_at(t, e, U"注资")))
        closed = true;
      if (closed) add(b, e);
    }
  }
  // 3b. Between 对 and 的 + an acquisition noun: 完成对澜嵩信息的收购.
  for (size_t p = t.find(U'对'); p != std::u32string::npos; p = t.find(U'对', p + 1)) {
    size_t b = p + 1;
    if (b >= t.size() || covered(out, b, b + 1) || stop_at(b)) continue;
    size_t e = run_right(b, false);
    if (e >= t.size() || t[e] != U'的') continue;
    // only acquisitions: 对芯片的投资 names a sector far more often than a company
    if (starts_with_at(t, e + 1, U"收购") || starts_with_at(t, e + 1, U"并购") || starts_with_at(t, e + 1, U"全资收购"))
      add(b, e);
  }
  // 3c. Around a direction verb: 向霖川信息注资 (the name between 向 and 注资/增资/投资), and 灏沐投资向X注资 (a name
  // ending in 投资 right before 向 at a clause start: the verb comes later, so 投资 closes the name).
  for (size_t p = t.find(U'向'); p != std::u32string::npos; p = t.find(U'向', p + 1)) {
    static const std::u32string verbs[] = {U"战略投资", U"追加投资", U"追加注资", U"注资", U"增资", U"投资"};
    for (size_t v = p + 3; v <= p + 9 && v < t.size(); ++v) {
      bool verb = false;
      for (const auto& w : verbs)
        if (starts_with_at(t, v, w)) verb = true;
      if (!verb) continue;
      bool ok = true;
      for (size_t k = p + 1; k < v; ++k)
        if (!name_ok(t[k]) || covered(out, k, k + 1) || (k > p + 1 && stop_at(k))) ok = false;
      if (ok && !stop_at(p + 1)) add(p + 1, v);
      break;
    }
    if (p >= 4 && ends_with_at(t, p, U"投资") && !covered(out, p - 2, p)) {
      size_t b = p - 2;
      while (b > 0 && p - 2 - b < 6 && name_ok(t[b - 1]) && !covered(out, b - 1, b)) --b;
      bool boundary = b == 0 || clause_char(t[b - 1]) || t[b - 1] == U'、';
      bool clean = p - 2 - b >= 2;
      for (size_t k = b; k < p - 2 && clean; ++k)
        for (const auto& w : cues_.stop_words.at(t, k))
          if (starts_with_at(t, k, w)) clean = false;
      if (boundary && clean) add(b, p);
    }
  }
  // A Latin name rightwards from b: letters and digits, single spaces between words (DCM, Lightspeed Venture).
  auto latin_run = [&](size_t b) {
    size_t e = b;
    while (e < t.size() && e - b < 40 &&
           (ascii_alnum(t[e]) || (t[e] == ' ' && e > b && e + 1 < t.size() && ascii_alnum(t[e + 1]))))
      ++e;
    return e;
  };
  // An investing intro (获得, 来自 …) earlier in the clause that ends at p.
  auto investing_before = [&](size_t p) {
    size_t c = p;
    while (c > 0 && !clause_char(t[c - 1])) --c;
    for (std::u32string_view w : kInvestingIntros)
      if (present.may_contain(w) && std::u32string_view(t.substr(c, p - c)).find(w) != std::u32string_view::npos)
        return true;
    return false;
  };
  // 4. List items next to a known name.
  static const std::u32string seps[] = {U"以及", U"、", U"和", U"及", U"与"};
  for (bool grew = true; grew;) {
    grew = false;
    std::sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
    for (size_t k = 0; k < out.size() && !grew; ++k) {
      const Mention m = out[k];  // a copy: add() below may reallocate out
      if (m.type == "product") continue;
      for (const auto& sep : seps) {
        // rightwards: M、R
        if (starts_with_at(t, m.end, sep)) {
          size_t b = m.end + sep.size();
          if (b < t.size() && !covered(out, b, b + 1) && !stop_at(b)) {
            size_t e = ascii_alnum(t[b]) ? latin_run(b) : run_right(b);  // 晨兴资本、DCM和红杉中国
            // 来自A和鼎峰投资的3亿元投资: in a list governed by an investing intro, an item ending in 投资 right
            // before 的 keeps it, as the first item after the intro does (rule 3)
            if (e >= b + 2 && starts_with_at(t, e, U"投资的") && !covered(out, e, e + 2) && investing_before(m.begin))
              e += 2;
            // (a run only takes in 投资 when what follows ends the name: 星鼎投资超过10亿元)
            bool closed = e >= t.size() || clause_char(t[e]) || stop_at(e) || (e > b + 2 && ends_with_at(t, e, U"投资"));
            for (const auto& s2 : seps)
              if (starts_with_at(t, e, s2)) closed = true;
            if (starts_with_at(t, e, U"等")) closed = true;
            if (closed && add(b, e)) {
              grew = true;
              if (m.type == "person" && e - b <= 3 && cues_.surnames.count(t.substr(b, 1)))
                out.back().type = "person";
            }
          }
        }
        // leftwards: R、M (over a title or descriptor in front of M: 鼎峰投资以及天使投资人李振宇)
        size_t mb = m.begin;
        for (bool more = true; more;) {
          more = false;
          for (const auto* list : {&cues_.pre_descriptors, &cues_.person_titles})
            for (const auto& w : *list)
              if (!more && ends_with_at(t, mb, w) && mb > w.size()) {
                mb -= w.size();
                more = true;
              }
        }
        if (!grew && ends_with_at(t, mb, sep)) {
          size_t e = mb - sep.size();
          size_t b = e;
          if (e > 0 && ascii_alnum(t[e - 1])) {  // DCM、红杉中国: a Latin item to the left
            auto latin = [&](size_t q) { return ascii_alnum(t[q]) || (t[q] == ' ' && q > 0 && ascii_alnum(t[q - 1])); };
            while (b > 0 && e - b < 40 && latin(b - 1) && !covered(out, b - 1, b)) --b;
          } else {
            while (b > 0 && e - b < 8 && name_ok(t[b - 1]) && !covered(out, b - 1, b)) --b;
          }
          size_t cut = b;
          for (size_t q = b; q < e; ++q)
            for (const auto& w : cues_.stop_words.at(t, q))
              if (starts_with_at(t, q, w) && q + w.size() <= e) cut = std::max(cut, q + w.size());
          bool opened = cut != b || b == 0 || clause_char(t[b - 1]) || t[b - 1] == U'、' || t[b - 1] == U'由';
          // 投资方为光瑞投资和启峰基金, 包括A和B: a list opened by a copula or 包括
          for (const char32_t* w : {U"为", U"是", U"包括", U"包含", U"还有"})
            if (ends_with_at(t, b, w)) opened = true;
          if (opened && add(cut, e)) {
            grew = true;
            if (m.type == "person" && e - cut <= 3 && cues_.surnames.count(t.substr(cut, 1)))
              out.back().type = "person";
          }
        }
        if (grew) break;
      }
    }
  }
}

void EntityRecognizer::person_spans(std::u32string_view t, std::vector<Mention>& out) const {
  auto add = [&](size_t b, size_t e) {
    if (e <= b || covered(out, b, e) || cues_.generic_names.count(t.substr(b, e - b))) return;
    out.push_back(make_mention(t, b, e, "person"));
  };
  auto stop = [&](char32_t c) { return !is_cjk(c) || cues_.stop_chars.find(c) != std::u32string::npos; };
  // Transliterated names: 埃隆·马斯克.
  for (size_t i = 1; i + 1 < t.size(); ++i) {
    if (!is_dot(t[i]) || !is_cjk(t[i - 1]) || !is_cjk(t[i + 1])) continue;
    size_t b = i;
    while (b > 0 && i - b < 5 && !stop(t[b - 1])) --b;
    size_t e = i + 1;
    while (e < t.size() && e - i <= 6 && !stop(t[e])) {
      bool verb = false;
      for (const auto& v : cues_.name_end_verbs.at(t, e))
        if (starts_with_at(t, e, v)) verb = true;
      if (verb && e > i + 2) break;
      ++e;
    }
    if (i - b >= 1 && e - i >= 2) add(b, e);
    i = e;
  }
  // 由张三创立 / 2012年,程立峰在北京创办 / 林卓与大学同学韩睿联合创立: a surname-initial name after 由, a clause
  // start or a companion word, and before a founding, time or companion word.
  static const std::u32string follow[] = {U"在", U"于", U"等", U"和", U"与", U"创立", U"创办", U"创建", U"联合",
                                          U"共同", U"一手", U"领投", U"出任", U"担任", U"执掌", U"带领", U"牵头",
                                          U"离开", U"成立", U"一起", U"、", U"早年", U"曾"};
  static const std::u32string lead[] = {U"由", U"与", U"和", U"同学", U"同事", U"前同事", U"的", U",", U"。", U"、"};
  for (size_t i = 0; i + 3 < t.size(); ++i) {
    std::vector<std::pair<size_t, bool>> starts;  // (where a name may start, after a companion word 由/与/和/、)
    if (i == 0 && is_cjk(t[0])) starts.emplace_back(0, false);  // a name opening the sentence
    for (const auto& l : lead)
      if (starts_with_at(t, i, l)) {
        starts.emplace_back(i + l.size(), l == U"由" || l == U"与" || l == U"和" || l == U"、" || l == U"同学" ||
                                              l == U"同事" || l == U"前同事");
        break;
      }
    for (auto [p, companion] : starts) {
    if (p >= t.size()) continue;
    if (!cues_.surnames.count(t.substr(p, 1)) && !cues_.surnames.count(t.substr(p, 2)))
      continue;
    // 曾 (曾毓群) is a surname and the adverb "once" (曾获, 曾先后): a surname that is also a function word opens a
    // name only after or before a companion word (林涛与曾伟志于…, 曾丽建与宋浩衡) and not before an adverb or verb
    // character (曾先后与).
    const bool word_surname = stop(t[p]);
    if (word_surname && (p + 1 >= t.size() ||
                         std::u32string_view(U"先多经任曾已在是被向将也都还又再均就").find(t[p + 1]) !=
                             std::u32string_view::npos ||
                         starts_with_at(t, p + 1, U"一度") || starts_with_at(t, p + 1, U"一直") ||
                         starts_with_at(t, p + 1, U"一起") || starts_with_at(t, p + 1, U"一同")))
      continue;
    for (size_t len : {size_t(3), size_t(2)}) {
      if (p + len > t.size()) continue;
      bool all_cjk = true;
      for (size_t k = word_surname ? p + 1 : p; k < p + len; ++k)
        if (stop(t[k])) all_cjk = false;
      if (!all_cjk) continue;
      bool followed = false;
      for (const auto& f : follow)
        if (starts_with_at(t, p + len, f) &&
            (!word_surname || companion || f == U"与" || f == U"和" || f == U"、" || f == U"等" || f == U"创立" ||
             f == U"创办"))
          followed = true;
      if (followed) {
        add(p, p + len);
        break;
      }
    }
    }
  }
  // Chinese names after a title: 创始人兼CEO张三, 合伙人李四.
  for (size_t i = 0; i < t.size(); ++i) {
    const std::u32string* title = nullptr;
    for (const auto& w : cues_.person_titles.at(t, i))
      if (starts_with_at(t, i, w)) {
        title = &w;
        break;
      }
    if (!title) continue;
    size_t p = i + title->size();
    // 兼CEO / 、董事长 chains
    for (bool more = true; more;) {
      more = false;
      if (p < t.size() && (t[p] == U'兼' || t[p] == U'暨' || t[p] == U'、')) {
        for (const auto& w : cues_.person_titles.at(t, p + 1))
          if (starts_with_at(t, p + 1, w)) {
            p += 1 + w.size();
            more = true;
            break;
          }
      }
    }
    while (p < t.size() && t[p] == ' ') ++p;
    if (p >= t.size() || !is_cjk(t[p])) continue;
    size_t sl = 0;
    if (p + 1 < t.size() && cues_.surnames.count(t.substr(p, 2))) sl = 2;
    else if (cues_.surnames.count(t.substr(p, 1))) sl = 1;
    if (!sl) continue;
    size_t g = p + sl;
    size_t len = 0;
    while (g + len < t.size() && len < 2 && !stop(t[g + len])) {
      bool verb = false;
      for (const auto& v : cues_.name_end_verbs.at(t, g + len))
        if (starts_with_at(t, g + len, v)) verb = true;
      if (verb && len >= 1) break;
      ++len;
    }
    if (len == 0) continue;
    add(p, g + len);
    i = g + len - 1;
  }
}

// 科斯拉风投(Khosla Ventures): a name restated in brackets is one mention of the first entity (the bracketed
// form becomes an alias). A discovered category noun right before a name (医疗影像公司沐光医疗) describes it.
void EntityRecognizer::appositions(std::u32string_view t, std::vector<Mention>& m) const {
  for (size_t k = 0; k + 1 < m.size(); ++k) {
    Mention& a = m[k];
    const Mention& b = m[k + 1];
    size_t p = a.end;
    while (p < t.size() && t[p] == ' ') ++p;
    if (p < t.size() && t[p] == '(' && b.begin <= p + 2 && b.begin > p) {
      size_t q = b.end;
      while (q < t.size() && t[q] == ' ') ++q;
      if (q < t.size() && t[q] == ')') {
        bool a_known = a.origin != "discovered", b_known = b.origin != "discovered";
        if (b_known && !a_known) {  // the bracket holds the known name: take its identity
          a.name = b.name;
          a.type = b.type;
          a.origin = b.origin;
        }
        a.bracket_alias = b.surface;
        a.end = q + 1;
        m.erase(m.begin() + static_cast<long>(k) + 1);
        continue;
      }
    }
    // 医疗影像公司沐光医疗, 宠物医疗平台「毛球健康」: a discovered name that ends in, or is followed by, a
    // category word, right before another name, is a category, not a party.
    if (a.origin == "discovered" && a.type == "organization") {
      std::u32string_view name(t.substr(a.begin, a.end - a.begin));
      size_t p2 = a.end;
      bool ends_in_category = false;
      for (const auto& c : cues_.categories)
        if (name.size() > c.size() && name.substr(name.size() - c.size()) == c) ends_in_category = true;
      // followed by one or more category words: 宠物医疗连锁品牌萌宠家
      for (bool more = true; more;) {
        more = false;
        for (const auto& c : cues_.categories)
          if (starts_with_at(t, p2, c)) {
            p2 += c.size();
            ends_in_category = more = true;
            break;
          }
      }
      while (p2 < b.begin && (t[p2] == ' ' || t[p2] == U'“' || t[p2] == U'"' || t[p2] == U'「' || t[p2] == U'《')) ++p2;
      if (ends_in_category && p2 == b.begin) {
        a.descriptor = true;
        a.role_end = a.end;
      }
    }
  }
}

void EntityRecognizer::mark_descriptors(std::u32string_view t, std::vector<Mention>& m) const {
  auto skip_spaces = [&](size_t p) {
    while (p < t.size() && t[p] == ' ') ++p;
    return p;
  };
  auto mention_at = [&](size_t p) -> int {
    for (size_t k = 0; k < m.size(); ++k)
      if (m[k].begin == p) return static_cast<int>(k);
    return -1;
  };
  for (int k = static_cast<int>(m.size()) - 1; k >= 0; --k) {
    if (m[k].descriptor) continue;
    size_t p = skip_spaces(m[k].end);
    while (p < t.size() && (t[p] == U'”' || t[p] == '"' || t[p] == U'」')) ++p;
    if (p < t.size() && t[p] == U'的') p = skip_spaces(p + 1);
    for (const auto& f : cues_.descriptor_fillers.at(t, p))
      if (starts_with_at(t, p, f)) {
        p += f.size();
        break;
      }
    const std::pair<std::u32string, std::string>* word = nullptr;
    for (const auto& d : cues_.descriptor_words)
      if (starts_with_at(t, p, d.first)) {
        word = &d;
        break;
      }
    if (!word) continue;
    // A descriptor word that is itself the start of a longer mention is not a role (e.g. an org named 创始人…),
    // nor is the start of a longer ordinary word (董事会 is the board, not a director).
    if (mention_at(p) >= 0) continue;
    bool ordinary = false;
    for (const auto& w : cues_.not_descriptors.at(t, p))
      if (starts_with_at(t, p, w)) ordinary = true;
    if (ordinary) continue;
    size_t q = p + word->first.size();
    for (bool more = true; more;) {  // 创始人兼CEO
      more = false;
      if (q < t.size() && (t[q] == U'兼' || t[q] == U'暨'))
        for (const auto& d : cues_.descriptor_words)
          if (starts_with_at(t, q + 1, d.first)) {
            q += 1 + d.first.size();
            more = true;
            break;
          }
    }
    m[k].descriptor = true;
    m[k].descriptor_word = u32_to_utf8(word->first);
    m[k].descriptor_predicate = word->second == "-" ? "" : word->second;
    size_t r = skip_spaces(q);
    if (r < t.size() && t[r] == U'的') r = skip_spaces(r + 1);  // 远通电信旗下的远通创投
    int n = mention_at(r);
    if (n < 0)  // 苏南银行旗下投资平台苏银投资: a category word between the role and the name it describes
      for (const auto& c : cues_.categories)
        if (starts_with_at(t, r, c)) {
          size_t r2 = skip_spaces(r + c.size());
          if (int n2 = mention_at(r2); n2 >= 0) {
            n = n2;
            r = r2;
          }
          break;
        }
    if (n >= 0 && !m[n].descriptor) {
      m[k].head = n;
      m[k].role_end = r;
    } else if (r < t.size() && (t[r] == U'、' || t[r] == ',')) {
      // 创始人、前百度工程师刘洋: the chained descriptor may open with a filler (前, 原, 现任 …)
      size_t r2 = skip_spaces(r + 1);
      for (const auto& f : cues_.descriptor_fillers.at(t, r2))
        if (starts_with_at(t, r2, f)) {
          r2 += f.size();
          break;
        }
      int n2 = mention_at(r2);
      if (n2 >= 0 && m[n2].descriptor && m[n2].head >= 0) {
        m[k].head = m[n2].head;
        m[k].role_end = skip_spaces(r + 1);
      } else {
        m[k].role_end = q;
      }
    } else {
      m[k].role_end = q;
    }
    // 马斯克曾是OpenAI的联合创始人: with no name after the role, a person before 是/为 holds it.
    if (m[k].head < 0 && !m[k].descriptor_predicate.empty()) {
      size_t e = m[k].begin;
      if (e > 0 && (t[e - 1] == U'是' || t[e - 1] == U'为')) {
        size_t lo = e >= 5 ? e - 5 : 0;
        for (int j = k - 1; j >= 0; --j) {
          if (m[j].end < lo) break;
          if (m[j].end <= e - 1 && m[j].type == "person" && !m[j].descriptor) {
            m[k].head = j;
            break;
          }
        }
      }
    }
  }
}

std::vector<Mention> EntityRecognizer::find(std::u32string_view t, std::u32string_view original,
                                            const std::vector<uint32_t>* from) const {
  std::vector<Mention> out;
  if (local_) lexicon_spans(*local_, t, out);
  latin_spans(t, out);
  lexicon_spans(lex_, t, out);
  bracket_spans(t, original, from, out);
  suffix_spans(t, out);
  person_spans(t, out);
  context_spans(t, out);
  std::sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
  appositions(t, out);
  mark_descriptors(t, out);
  return out;
}

std::vector<std::pair<std::string, std::string>> EntityRecognizer::defined_aliases(
    std::u32string_view t, const std::vector<Mention>& mentions) const {
  std::vector<std::pair<std::string, std::string>> out;
  static const std::u32string intro[] = {U"以下简称", U"下称", U"简称", U"以下称"};
  for (const auto& m : mentions) {
    size_t p = m.end;
    if (p >= t.size() || t[p] != '(') continue;
    ++p;
    bool ok = false;
    for (const auto& w : intro)
      if (starts_with_at(t, p, w)) {
        p += w.size();
        ok = true;
        break;
      }
    if (!ok) continue;
    while (p < t.size() && (t[p] == U'为' || t[p] == ':' || t[p] == ' ')) ++p;
    bool quoted = p < t.size() && (t[p] == U'“' || t[p] == '"' || t[p] == U'「');
    if (quoted) ++p;
    size_t e = p;
    while (e < t.size() && t[e] != U'”' && t[e] != '"' && t[e] != U'」' && t[e] != ')' && e - p < 20) ++e;
    if (e == p || e >= t.size()) continue;
    out.emplace_back(m.name, u32_to_utf8(t.substr(p, e - p)));
  }
  return out;
}

}  // namespace kg::ingest
