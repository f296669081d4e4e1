#include "ingest/markup.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

#include "base/unicode.h"

namespace kg::ingest {
namespace {

using U32 = std::u32string;
using U32View = std::u32string_view;

bool is_ascii_alpha(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_ascii_alnum(char32_t c) { return is_ascii_alpha(c) || is_ascii_digit(c); }
char32_t ascii_lower(char32_t c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
bool is_html_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_blank(char32_t c) { return c == ' ' || c == '\t'; }

// Characters between which HTML white space (a source line break) is dropped instead of becoming a space.
bool is_cjk_like(char32_t c) {
  return is_cjk(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x2018 && c <= 0x201F);
}

// Case-insensitive ASCII match of `word` at s[i].
bool match_at(U32View s, size_t i, std::string_view word) {
  if (i + word.size() > s.size()) return false;
  for (size_t k = 0; k < word.size(); ++k)
    if (ascii_lower(s[i + k]) != static_cast<char32_t>(word[k])) return false;
  return true;
}

// Finds `word` (lower-case ASCII) case-insensitively in s from `from`; npos when absent.
size_t find_ci(U32View s, std::string_view word, size_t from) {
  for (size_t i = from; i + word.size() <= s.size(); ++i)
    if (match_at(s, i, word)) return i;
  return U32::npos;
}

std::string trim_utf8(const U32& s) {
  size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return u32_to_utf8(s.substr(b, e - b));
}

// Collapses runs of white space to one space (none for a run with a line break between two CJK chars) and trims.
std::string collapse_utf8(const U32& s) {
  U32 out;
  bool space = false, newline = false;
  for (char32_t c : s) {
    if (is_space(c)) {
      space = true;
      newline = newline || c == '\n';
      continue;
    }
    if (space && !out.empty() && !(newline && is_cjk_like(out.back()) && is_cjk_like(c))) out.push_back(' ');
    space = newline = false;
    out.push_back(c);
  }
  return u32_to_utf8(out);
}

// ---- character entities -------------------------------------------------------------------------

struct NamedEntity {
  const char* name;
  char32_t cp;
};

constexpr NamedEntity kEntities[] = {
    {"AMP", '&'},       {"COPY", 0xA9},     {"GT", '>'},        {"LT", '<'},        {"QUOT", '"'},
    {"REG", 0xAE},      {"acute", 0xB4},    {"amp", '&'},       {"apos", '\''},     {"bdquo", 0x201E},
    {"bull", 0x2022},   {"cent", 0xA2},     {"copy", 0xA9},     {"dagger", 0x2020}, {"darr", 0x2193},
    {"deg", 0xB0},      {"divide", 0xF7},   {"emsp", 0x2003},   {"ensp", 0x2002},   {"euro", 0x20AC},
    {"frac12", 0xBD},   {"frac14", 0xBC},   {"frac34", 0xBE},   {"gt", '>'},        {"hearts", 0x2665},
    {"hellip", 0x2026}, {"iexcl", 0xA1},    {"iquest", 0xBF},   {"laquo", 0xAB},    {"larr", 0x2190},
    {"ldquo", 0x201C},  {"lrm", 0x200E},    {"lsaquo", 0x2039}, {"lsquo", 0x2018},  {"lt", '<'},
    {"mdash", 0x2014},  {"micro", 0xB5},    {"middot", 0xB7},   {"nbsp", 0xA0},     {"ndash", 0x2013},
    {"para", 0xB6},     {"permil", 0x2030}, {"plusmn", 0xB1},   {"pound", 0xA3},    {"prime", 0x2032},
    {"quot", '"'},      {"raquo", 0xBB},    {"rarr", 0x2192},   {"rdquo", 0x201D},  {"reg", 0xAE},
    {"rlm", 0x200F},    {"rsaquo", 0x203A}, {"rsquo", 0x2019},  {"sbquo", 0x201A},  {"sect", 0xA7},
    {"shy", 0xAD},      {"sup1", 0xB9},     {"sup2", 0xB2},     {"sup3", 0xB3},     {"thinsp", 0x2009},
    {"times", 0xD7},    {"trade", 0x2122},  {"uarr", 0x2191},   {"yen", 0xA5},      {"zwj", 0x200D},
    {"zwnj", 0x200C},
};

// Names that browsers also accept without the closing semicolon.
bool legacy_entity(std::string_view name) {
  return name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "nbsp" || name == "copy" ||
         name == "reg" || name == "AMP" || name == "LT" || name == "GT" || name == "QUOT";
}

// Windows-1252 meanings that HTML gives to numeric references &#128; - &#159;.
char32_t cp1252(char32_t c) {
  static const char32_t table[32] = {0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                     0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
                                     0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                     0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
  return (c >= 0x80 && c <= 0x9F) ? table[c - 0x80] : c;
}

// Decodes the character reference starting with '&' at s[i]. On success sets cp and len (chars consumed).
bool decode_entity(U32View s, size_t i, char32_t& cp, size_t& len) {
  size_t j = i + 1;
  if (j < s.size() && s[j] == '#') {
    ++j;
    bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
    if (hex) ++j;
    size_t start = j;
    uint64_t v = 0;
    while (j < s.size() && j - start < 8) {
      char32_t c = s[j];
      int d;
      if (is_ascii_digit(c))
        d = static_cast<int>(c - '0');
      else if (hex && c >= 'a' && c <= 'f')
        d = static_cast<int>(c - 'a' + 10);
      else if (hex && c >= 'A' && c <= 'F')
        d = static_cast<int>(c - 'A' + 10);
      else
        break;
      v = v * (hex ? 16 : 10) + static_cast<uint64_t>(d);
      ++j;
    }
    if (j == start) return false;
    if (j < s.size() && s[j] == ';') ++j;
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
      cp = 0xFFFD;
    else
      cp = cp1252(static_cast<char32_t>(v));
    len = j - i;
    return true;
  }
  std::string name;
  while (j < s.size() && is_ascii_alnum(s[j]) && name.size() < 10) name.push_back(static_cast<char>(s[j++]));
  if (name.empty()) return false;
  bool semi = j < s.size() && s[j] == ';';
  for (const NamedEntity& e : kEntities) {
    if (name != e.name) continue;
    if (!semi && !legacy_entity(name)) return false;
    cp = e.cp;
    len = j - i + (semi ? 1 : 0);
    return true;
  }
  return false;
}

std::string decode_entities_utf8(U32View s) {
  U32 out;
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    size_t len;
    if (s[i] == '&' && decode_entity(s, i, cp, len)) {
      out.push_back(cp);
      i += len;
    } else {
      out.push_back(s[i++]);
    }
  }
  return u32_to_utf8(out);
}

// ---- HTML ---------------------------------------------------------------------------------------

bool one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_block_tag(std::string_view n) {
  return one_of(n,
                {"address", "article", "aside",   "blockquote", "body",  "br",       "caption",    "center", "dd",
                 "details", "dialog",  "div",     "dl",         "dt",    "fieldset", "figcaption", "figure", "footer",
                 "form",    "h1",      "h2",      "h3",         "h4",    "h5",       "h6",         "header", "hgroup",
                 "hr",      "html",    "li",      "main",       "menu",  "nav",      "ol",         "option", "p",
                 "pre",     "section", "summary", "table",      "tbody", "tfoot",    "thead",      "tr",     "ul"});
}

// Elements whose whole content is dropped.
bool is_skipped_element(std::string_view n) {
  return one_of(n, {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas"});
}

struct Tag {
  std::string name;  // lower case
  bool closing = false;
  bool self_closing = false;
  std::vector<std::pair<std::string, std::string>> attrs;  // lower-case names, entity-decoded UTF-8 values
  size_t end = 0;                                          // index just past '>'

  const std::string* attr(std::string_view key) const {
    for (const auto& a : attrs)
      if (a.first == key) return &a.second;
    return nullptr;
  }
};

// Parses a tag at s[i] == '<' followed by a letter or '/' + letter. nullopt when there is no closing '>'.
std::optional<Tag> parse_tag(U32View s, size_t i) {
  Tag t;
  size_t j = i + 1;
  if (s[j] == '/') {
    t.closing = true;
    ++j;
  }
  while (j < s.size() && (is_ascii_alnum(s[j]) || s[j] == '-' || s[j] == ':' || s[j] == '_'))
    t.name.push_back(static_cast<char>(ascii_lower(s[j++])));
  for (;;) {
    while (j < s.size() && (is_html_space(s[j]) || s[j] == '/')) {
      if (s[j] == '/') t.self_closing = true;
      ++j;
    }
    if (j >= s.size()) return std::nullopt;
    if (s[j] == '>') {
      t.end = j + 1;
      return t;
    }
    t.self_closing = false;
    std::string key;
    while (j < s.size() && !is_html_space(s[j]) && s[j] != '>' && s[j] != '=' && s[j] != '/')
      key.push_back(static_cast<char>(s[j] < 0x80 ? ascii_lower(s[j]) : '?')), ++j;
    while (j < s.size() && is_html_space(s[j])) ++j;
    std::string value;
    if (j < s.size() && s[j] == '=') {
      ++j;
      while (j < s.size() && is_html_space(s[j])) ++j;
      if (j >= s.size()) return std::nullopt;
      size_t vb, ve;
      if (s[j] == '"' || s[j] == '\'') {
        char32_t q = s[j];
        vb = j + 1;
        ve = s.find(q, vb);
        if (ve == U32::npos) return std::nullopt;
        j = ve + 1;
      } else {
        vb = j;
        while (j < s.size() && !is_html_space(s[j]) && s[j] != '>') ++j;
        ve = j;
      }
      value = decode_entities_utf8(s.substr(vb, ve - vb));
    }
    t.attrs.emplace_back(std::move(key), std::move(value));
  }
}

// Output under construction: plain text with offsets, plus the bookkeeping for white space and lines.
class Out {
 public:
  explicit Out(const Text& in) : in_(in) {}

  void put(char32_t c, uint32_t off) {
    text_.push(c, off);
    pending_space_ = false;
  }
  // Source char i of the input, preceded by a collapsed space when one is pending.
  // A visible char, preceded by the pending collapsed space unless at a line start or unless the white space
  // held a line break between two CJK chars (a wrapped line: 联新\n资本 is 联新资本).
  void put_visible(char32_t c, uint32_t off) {
    if (pending_space_ && !at_line_start() && !(pending_newline_ && is_cjk_like(text_.chars.back()) && is_cjk_like(c)))
      text_.push(U' ', pending_off_);
    put(c, off);
  }
  void pending_space(char32_t c, uint32_t off) {
    if (!pending_space_) {
      pending_off_ = off;
      pending_newline_ = false;
    }
    pending_space_ = true;
    pending_newline_ = pending_newline_ || c == U'\n';
  }
  void line_break(uint32_t off, bool force = false) {
    pending_space_ = false;
    while (!text_.chars.empty() && is_blank(text_.chars.back())) {
      text_.chars.pop_back();
      text_.src.pop_back();
    }
    if (text_.chars.empty()) return;
    if (force || text_.chars.back() != U'\n') text_.push(U'\n', off);
  }
  void separator(uint32_t off) {  // between table cells
    pending_space_ = false;
    if (!at_line_start() && !is_blank(text_.chars.back())) text_.push(U' ', off);
  }
  bool at_line_start() const { return text_.chars.empty() || text_.chars.back() == U'\n'; }
  size_t size() const { return text_.chars.size(); }
  const U32& chars() const { return text_.chars; }
  Text finish() {
    text_.finish(in_.src.back());
    return std::move(text_);
  }

 private:
  const Text& in_;
  Text text_;
  bool pending_space_ = false, pending_newline_ = false;
  uint32_t pending_off_ = 0;
};

struct HtmlMeta {
  std::string date_property, date_name, date_time;  // by priority
  std::string title, h1;
};

bool is_date_meta_name(const std::string& key) {
  return one_of(key, {"pubdate", "publishdate", "publish_date", "publish-date", "date", "dc.date", "dc.date.issued",
                      "dcterms.date", "dcterms.created", "article:published", "og:published_time", "datepublished",
                      "publication_date", "sailthru.date", "parsely-pub-date", "weibo:article:create_at"});
}

// Strips HTML from `in`. collapse: HTML white-space rules (true for HTML pages; false for Markdown, whose line
// structure is already meaningful).
Text strip_html(const Text& in, bool collapse, HtmlMeta& meta) {
  const U32View s = in.chars;
  const size_t n = s.size();
  Out out(in);
  bool in_head = false;
  int pre_depth = 0;
  bool in_h1 = false;
  size_t h1_start = 0;

  for (size_t i = 0; i < n;) {
    const char32_t c = s[i];
    const uint32_t off = in.src[i];
    if (c == '<' && i + 1 < n) {
      if (match_at(s, i, "<!--")) {
        size_t e = s.find(U"-->", i + 4);
        i = e == U32::npos ? n : e + 3;
        continue;
      }
      if (match_at(s, i, "<![cdata[")) {
        size_t e = s.find(U"]]>", i + 9);
        size_t stop = e == U32::npos ? n : e;
        for (size_t k = i + 9; k < stop; ++k)
          if (!in_head) out.put_visible(s[k], in.src[k]);
        i = e == U32::npos ? n : e + 3;
        continue;
      }
      if (s[i + 1] == '!' || s[i + 1] == '?') {  // doctype, processing instruction
        size_t e = s.find(U'>', i);
        i = e == U32::npos ? n : e + 1;
        continue;
      }
      bool tag_start = is_ascii_alpha(s[i + 1]) || (s[i + 1] == '/' && i + 2 < n && is_ascii_alpha(s[i + 2]));
      std::optional<Tag> tag = tag_start ? parse_tag(s, i) : std::nullopt;
      if (tag) {
        const std::string& name = tag->name;
        i = tag->end;
        if (!tag->closing && (is_skipped_element(name) || name == "title")) {
          // Raw text up to the matching end tag.
          size_t e = tag->self_closing ? i : find_ci(s, "</" + name, i);
          size_t stop = e == U32::npos ? n : e;
          if (name == "title" && meta.title.empty())
            meta.title = collapse_utf8(utf8_to_u32(decode_entities_utf8(s.substr(i, stop - i))));
          if (e == U32::npos) {
            i = n;
          } else {
            size_t gt = s.find(U'>', e);
            i = gt == U32::npos ? n : gt + 1;
          }
          continue;
        }
        if (name == "head") {
          in_head = !tag->closing;
        } else if (name == "body" && !tag->closing) {
          in_head = false;
        } else if (name == "meta") {
          const std::string* key = tag->attr("property");
          if (!key || key->empty()) key = tag->attr("name");
          if (!key || key->empty()) key = tag->attr("itemprop");
          const std::string* content = tag->attr("content");
          if (!content) content = tag->attr("datetime");
          if (key && content) {
            std::string k;
            for (char ch : *key) k.push_back(static_cast<char>(ascii_lower(static_cast<unsigned char>(ch))));
            std::string date = normalize_date(*content);
            if (!date.empty()) {
              if (k == "article:published_time" && meta.date_property.empty())
                meta.date_property = date;
              else if (is_date_meta_name(k) && meta.date_name.empty())
                meta.date_name = date;
            }
          }
        } else if (name == "time" && !tag->closing && meta.date_time.empty()) {
          if (const std::string* dt = tag->attr("datetime")) meta.date_time = normalize_date(*dt);
        }
        if (in_head) continue;
        if (name == "pre") pre_depth = std::max(0, pre_depth + (tag->closing ? -1 : 1));
        if (name == "h1") {
          if (!tag->closing && !in_h1) {
            out.line_break(off);
            in_h1 = true;
            h1_start = out.size();
          } else if (tag->closing && in_h1) {
            in_h1 = false;
            if (meta.h1.empty()) meta.h1 = collapse_utf8(out.chars().substr(h1_start));
          }
        }
        if (name == "br")
          out.line_break(off, true);
        else if (is_block_tag(name))
          out.line_break(off);
        else if ((name == "td" || name == "th") && !tag->closing)
          out.separator(off);
        continue;
      }
      // Not a tag: a literal '<'.
    }
    if (in_head) {
      ++i;
      continue;
    }
    if (c == '&') {
      char32_t cp;
      size_t len;
      if (decode_entity(s, i, cp, len)) {
        if (cp != 0xAD) out.put_visible(cp, off);  // soft hyphen vanishes
        i += len;
        continue;
      }
    }
    if (collapse && pre_depth == 0 && is_html_space(c)) {
      out.pending_space(c, off);
      ++i;
      continue;
    }
    if (collapse && pre_depth == 0)
      out.put_visible(c, off);
    else
      out.put(c, off);
    ++i;
  }
  if (in_h1 && meta.h1.empty()) meta.h1 = collapse_utf8(out.chars().substr(h1_start));
  return out.finish();
}

// ---- Markdown -----------------------------------------------------------------------------------

struct Line {
  size_t begin, end;  // [begin, end) without the '\n'
  bool has_newline;
};

std::vector<Line> split_lines(U32View s) {
  std::vector<Line> lines;
  size_t b = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '\n') {
      if (i == s.size() && b == i) break;
      lines.push_back({b, i, i < s.size()});
      b = i + 1;
    }
  }
  return lines;
}

U32View line_view(U32View s, const Line& l) { return s.substr(l.begin, l.end - l.begin); }

U32View trim_view(U32View v) {
  while (!v.empty() && is_space(v.front())) v.remove_prefix(1);
  while (!v.empty() && is_space(v.back())) v.remove_suffix(1);
  return v;
}

// A line made of one repeated char among chars (with optional spaces), at least 3 times: --- *** ___ ===
bool is_rule_line(U32View v, std::u32string_view chars) {
  v = trim_view(v);
  if (v.empty() || chars.find(v[0]) == U32::npos) return false;
  size_t count = 0;
  for (char32_t c : v) {
    if (c == v[0])
      ++count;
    else if (!is_blank(c))
      return false;
  }
  return count >= 3;
}

std::string strip_quotes(std::string v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
  return v;
}

// Recognises YAML front matter at the top; returns the index of the first line after it (0 when absent).
size_t front_matter(U32View s, const std::vector<Line>& lines, std::string& date, std::string& title) {
  if (lines.empty() || trim_view(line_view(s, lines[0])) != U"---") return 0;
  for (size_t k = 1; k < lines.size(); ++k) {
    U32View v = trim_view(line_view(s, lines[k]));
    if (v != U"---" && v != U"...") continue;
    for (size_t m = 1; m < k; ++m) {
      U32View l = line_view(s, lines[m]);
      size_t colon = l.find(U':');
      if (colon == U32::npos) continue;
      std::string key;
      for (char32_t c : trim_view(l.substr(0, colon)))
        key.push_back(static_cast<char>(c < 0x80 ? ascii_lower(c) : '?'));
      std::string value = strip_quotes(trim_utf8(U32(l.substr(colon + 1))));
      if ((key == "date" || key == "pubdate" || key == "published" || key == "publishdate" || key == "publish_date") &&
          date.empty())
        date = normalize_date(value);
      else if (key == "title" && title.empty())
        title = value;
    }
    return k + 1;
  }
  return 0;
}

// Finds the ')' closing a link destination that starts after '(' at s[open]; allows one level of nested parens.
size_t close_paren(U32View s, size_t open) {
  int depth = 0;
  for (size_t k = open + 1; k < s.size(); ++k) {
    if (s[k] == '\n') return U32::npos;
    if (s[k] == '(')
      ++depth;
    else if (s[k] == ')') {
      if (depth == 0) return k;
      --depth;
    }
  }
  return U32::npos;
}

size_t close_bracket(U32View s, size_t open) {
  for (size_t k = open + 1; k < s.size(); ++k) {
    if (s[k] == '\n' || s[k] == '[') return U32::npos;
    if (s[k] == ']') return k;
  }
  return U32::npos;
}

// Start indexes of the emphasis delimiter runs in s[b, e): runs of * (any length), or of ~ and _ (two or more),
// not surrounded by white space on both sides (unless at the start or end of the line). They pair up per character; an
// unpaired last run stays literal, so "5*8" keeps its star.
std::vector<size_t> emphasis_delimiters(U32View s, size_t b, size_t e) {
  std::vector<size_t> runs[3];  // *, ~, _
  for (size_t i = b; i < e;) {
    char32_t c = s[i];
    int kind = c == '*' ? 0 : c == '~' ? 1 : c == '_' ? 2 : -1;
    if (kind < 0 || (i > b && s[i - 1] == '\\')) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < e && s[j] == c) ++j;
    bool before_space = i == b || is_space(s[i - 1]);
    bool after_space = j == e || is_space(s[j]);
    bool edge = i == b || j == e;  // "**加粗。 **" at a line end still closes
    if ((!(before_space && after_space) || edge) && (c == '*' || j - i >= 2)) runs[kind].push_back(i);
    i = j;
  }
  std::vector<size_t> out;
  for (int k = 0; k < 3; ++k) {
    if (runs[k].size() % 2 == 1) runs[k].pop_back();
    out.insert(out.end(), runs[k].begin(), runs[k].end());
  }
  return out;
}

// Inline Markdown syntax of s[b, e): emphasis, code spans, links, images, autolinks, escapes.
void markdown_inline(const Text& in, size_t b, size_t e, Out& out) {
  U32View s(in.chars.data(), e);                 // bounded at the line end
  std::vector<std::pair<size_t, size_t>> jumps;  // at index first, continue at second (end of a link)
  const std::vector<size_t> delimiters = emphasis_delimiters(s, b, e);
  for (size_t i = b; i < e;) {
    if (!jumps.empty() && jumps.back().first == i) {
      i = jumps.back().second;
      jumps.pop_back();
      continue;
    }
    char32_t c = s[i];
    uint32_t off = in.src[i];
    if (c == '\\' && i + 1 < e && s[i + 1] < 0x80 && std::strchr("\\`*_{}[]()#+-.!<>~|", static_cast<char>(s[i + 1]))) {
      out.put(s[i + 1], in.src[i + 1]);
      i += 2;
      continue;
    }
    if (c == '!' && i + 1 < e && s[i + 1] == '[') {  // image: vanishes
      size_t rb = close_bracket(s, i + 1);
      if (rb != U32::npos && rb + 1 < e && s[rb + 1] == '(') {
        size_t rp = close_paren(s, rb + 1);
        if (rp != U32::npos) {
          i = rp + 1;
          continue;
        }
      }
    }
    if (c == '[') {  // [text](url) or [text][ref]: the text stays
      size_t rb = close_bracket(s, i);
      if (rb != U32::npos && rb + 1 < e && (s[rb + 1] == '(' || s[rb + 1] == '[')) {
        size_t close = s[rb + 1] == '(' ? close_paren(s, rb + 1) : close_bracket(s, rb + 1);
        if (close != U32::npos) {
          jumps.emplace_back(rb, close + 1);
          ++i;
          continue;
        }
      }
    }
    if (c == '<' && (match_at(s, i, "<http://") || match_at(s, i, "<https://") || match_at(s, i, "<mailto:"))) {
      size_t gt = s.find(U'>', i);
      if (gt != U32::npos && gt < e) {
        for (size_t k = i + 1; k < gt; ++k) out.put(s[k], in.src[k]);
        i = gt + 1;
        continue;
      }
    }
    if (c == '`') {
      while (i < e && s[i] == '`') ++i;
      continue;
    }
    if (c == '*' || c == '~' || c == '_') {
      size_t j = i;
      while (j < e && s[j] == c) ++j;
      if (std::find(delimiters.begin(), delimiters.end(), i) != delimiters.end()) {
        i = j;
        continue;
      }
      for (size_t k = i; k < j; ++k) out.put(s[k], in.src[k]);
      i = j;
      continue;
    }
    out.put(c, off);
    ++i;
  }
}

Text strip_markdown(const Text& in, std::string& date, std::string& title) {
  const U32View s = in.chars;
  std::vector<Line> lines = split_lines(s);
  Out out(in);
  size_t first = front_matter(s, lines, date, title);
  std::string first_heading;
  bool in_fence = false;
  for (size_t k = first; k < lines.size(); ++k) {
    const Line& l = lines[k];
    U32View v = line_view(s, l);
    U32View t = trim_view(v);
    bool emit_newline = l.has_newline;
    if (t.substr(0, 3) == U"```" || t.substr(0, 3) == U"~~~") {
      in_fence = !in_fence;
      continue;
    }
    if (in_fence) {
      for (size_t i = l.begin; i < l.end; ++i) out.put(s[i], in.src[i]);
      if (emit_newline) out.put(U'\n', in.src[l.end]);
      continue;
    }
    // Link reference definitions and rules (also setext underlines) vanish.
    if (!t.empty() && t[0] == '[') {
      size_t rb = t.find(U"]:");
      if (rb != U32::npos && rb > 1 && t.find(U'[', 1) > rb) continue;
    }
    if (is_rule_line(v, U"-*_=")) continue;

    size_t i = l.begin;
    auto skip_blanks = [&] {
      while (i < l.end && is_blank(s[i])) ++i;
    };
    skip_blanks();
    while (i < l.end && s[i] == '>') {  // block quote markers
      ++i;
      skip_blanks();
    }
    size_t e = l.end;
    size_t hashes = 0;
    while (i + hashes < e && s[i + hashes] == '#') ++hashes;
    bool heading = hashes >= 1 && hashes <= 6 && (i + hashes == e || is_blank(s[i + hashes]));
    if (heading) {
      i += hashes;
      skip_blanks();
      while (e > i && is_blank(s[e - 1])) --e;  // closing hashes: "## Title ##"
      size_t ce = e;
      while (ce > i && s[ce - 1] == '#') --ce;
      if (ce < e && (ce == i || is_blank(s[ce - 1]))) e = ce;
      while (e > i && is_blank(s[e - 1])) --e;
    } else {
      // List markers: "- ", "* ", "+ ", "1. ", "1) ".
      if (i + 1 < e && (s[i] == '-' || s[i] == '*' || s[i] == '+') && is_blank(s[i + 1])) {
        i += 2;
        skip_blanks();
      } else {
        size_t d = i;
        while (d < e && d - i < 9 && is_ascii_digit(s[d])) ++d;
        if (d > i && d + 1 < e && (s[d] == '.' || s[d] == ')') && is_blank(s[d + 1])) {
          i = d + 2;
          skip_blanks();
        }
      }
    }
    size_t before = out.size();
    markdown_inline(in, i, e, out);
    if (heading && first_heading.empty()) first_heading = trim_utf8(out.chars().substr(before));
    if (emit_newline) out.put(U'\n', in.src[l.end]);
  }
  if (title.empty()) title = first_heading;
  return out.finish();
}

// ---- dates --------------------------------------------------------------------------------------

bool valid_ymd(int y, int m, int d) {
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > days[m - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

std::string ymd(int y, int m, int d) {
  if (!valid_ymd(y, m, d)) return "";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// Reads up to max_digits ASCII digits at s[i]; returns the count read.
size_t read_int(U32View s, size_t i, size_t max_digits, int& v) {
  size_t k = 0;
  v = 0;
  while (i + k < s.size() && k < max_digits && is_ascii_digit(s[i + k]))
    v = v * 10 + static_cast<int>(s[i + k++] - '0');
  return k;
}

int month_from_name(U32View w) {
  static const char* names[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (w.size() < 3) return 0;
  for (int m = 0; m < 12; ++m)
    if (match_at(w, 0, names[m])) return m + 1;
  return 0;
}

}  // namespace

std::string normalize_date(const std::string& text) {
  U32 s;
  for (char32_t c : utf8_to_u32(text)) {
    if (c >= 0xFF10 && c <= 0xFF19) c = c - 0xFF10 + '0';  // full-width digits
    s.push_back(c);
  }
  U32View v = trim_view(s);
  int y, m, d;
  // 2023-08-30, 2023/8/30, 2023.08.30, 2023年8月30日, optionally followed by a time.
  size_t k = read_int(v, 0, 4, y);
  if (k == 4 && k < v.size()) {
    char32_t sep = v[k];
    if (sep == '-' || sep == '/' || sep == '.' || sep == U'年') {
      size_t p = k + 1;
      while (p < v.size() && is_blank(v[p])) ++p;
      size_t km = read_int(v, p, 2, m);
      if (km > 0) {
        p += km;
        while (p < v.size() && is_blank(v[p])) ++p;
        char32_t sep2 = sep == U'年' ? U'月' : sep;
        if (p < v.size() && v[p] == sep2) {
          ++p;
          while (p < v.size() && is_blank(v[p])) ++p;
          size_t kd = read_int(v, p, 2, d);
          if (kd > 0 && (p + kd == v.size() || !is_ascii_digit(v[p + kd]))) return ymd(y, m, d);
        }
      }
      return "";
    }
    if (is_ascii_digit(sep)) {  // 20230830
      int md;
      size_t k2 = read_int(v, 0, 8, md);
      if (k2 == 8 && (v.size() == 8 || !is_ascii_digit(v[8]))) {
        int all = md;
        return ymd(all / 10000, (all / 100) % 100, all % 100);
      }
      return "";
    }
    return "";
  }
  // RFC 2822 / English: "Wed, 30 Aug 2023 10:00:00 +0800", "30 Aug 2023", "Aug 30, 2023", "August 30 2023".
  std::vector<U32View> words;
  for (size_t i = 0; i < v.size();) {
    while (i < v.size() && (is_blank(v[i]) || v[i] == ',')) ++i;
    size_t b = i;
    while (i < v.size() && !is_blank(v[i]) && v[i] != ',') ++i;
    if (i > b) words.push_back(v.substr(b, i - b));
  }
  size_t w = 0;
  if (!words.empty() && !is_ascii_digit(words[0][0]) && month_from_name(words[0]) == 0) w = 1;  // weekday
  if (w + 2 < words.size()) {
    int a, yy;
    if (read_int(words[w], 0, 2, a) == words[w].size() && (m = month_from_name(words[w + 1])) &&
        read_int(words[w + 2], 0, 4, yy) == 4 && words[w + 2].size() == 4)
      return ymd(yy, m, a);
    if ((m = month_from_name(words[w])) && read_int(words[w + 1], 0, 2, a) == words[w + 1].size() &&
        read_int(words[w + 2], 0, 4, yy) == 4 && words[w + 2].size() == 4)
      return ymd(yy, m, a);
  }
  return "";
}

const char* format_name(Format f) {
  switch (f) {
    case Format::Html:
      return "html";
    case Format::Markdown:
      return "markdown";
    case Format::Text:
      break;
  }
  return "text";
}

Format sniff_format(const std::string& path, const kg::Text& text) {
  std::string ext;
  size_t dot = path.find_last_of('.');
  size_t slash = path.find_last_of('/');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash))
    for (char c : path.substr(dot + 1)) ext.push_back(static_cast<char>(ascii_lower(static_cast<unsigned char>(c))));
  if (ext == "html" || ext == "htm" || ext == "xhtml") return Format::Html;
  if (ext == "md" || ext == "markdown") return Format::Markdown;

  U32View s(text.chars.data(), std::min<size_t>(text.chars.size(), 16384));
  size_t b = 0;
  while (b < s.size() && (is_space(s[b]) || s[b] == 0xFEFF)) ++b;
  if (match_at(s, b, "<!doctype html") || match_at(s, b, "<html") || match_at(s, b, "<?xml")) return Format::Html;
  if (find_ci(s, "<html", b) != U32::npos || find_ci(s, "<body", b) != U32::npos) return Format::Html;

  // Many HTML tags of at least two kinds, some of them closed.
  static const char* tags[] = {"p",       "div",     "span", "a",      "br",    "li",   "ul",  "td", "tr",
                               "table",   "img",     "b",    "strong", "em",    "h1",   "h2",  "h3", "h4",
                               "section", "article", "font", "script", "style", "meta", "link"};
  size_t total = 0, closing = 0, kinds = 0;
  for (const char* t : tags) {
    size_t count = 0;
    std::string open = std::string("<") + t, close = std::string("</") + t;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '<') continue;
      bool is_close = match_at(s, i, close);
      if (!is_close && !match_at(s, i, open)) continue;
      size_t after = i + (is_close ? close.size() : open.size());
      if (after < s.size() && (s[after] == '>' || is_html_space(s[after]) || s[after] == '/')) {
        ++count;
        if (is_close) ++closing;
      }
    }
    total += count;
    if (count > 0) ++kinds;
  }
  if (total >= 5 && kinds >= 2 && closing >= 1) return Format::Html;

  // Markdown: front matter, or at least two signs among headings, bold pairs and links.
  std::vector<Line> lines = split_lines(s);
  if (!lines.empty() && trim_view(line_view(s, lines[0])) == U"---") {
    for (size_t k = 1; k < lines.size() && k < 60; ++k)
      if (trim_view(line_view(s, lines[k])) == U"---") return Format::Markdown;
  }
  size_t signs = 0;
  for (const Line& l : lines) {
    U32View v = line_view(s, l);
    size_t h = 0;
    while (h < v.size() && v[h] == '#') ++h;
    if (h >= 1 && h <= 6 && h < v.size() && v[h] == ' ') ++signs;
  }
  size_t stars = 0;
  for (size_t i = 0; i + 1 < s.size(); ++i)
    if (s[i] == '*' && s[i + 1] == '*') {
      ++stars;
      ++i;
    }
  signs += stars / 2;
  for (size_t i = 0; (i = s.find(U"](", i)) != U32::npos; ++i) ++signs;
  return signs >= 2 ? Format::Markdown : Format::Text;
}

Stripped strip_markup(const kg::Text& in, Format f) {
  Stripped r;
  if (f == Format::Text) {
    r.text = in;
    return r;
  }
  HtmlMeta meta;
  if (f == Format::Html) {
    r.text = strip_html(in, true, meta);
    r.date = !meta.date_property.empty() ? meta.date_property
             : !meta.date_name.empty()   ? meta.date_name
                                         : meta.date_time;
    r.title = !meta.title.empty() ? meta.title : meta.h1;
    return r;
  }
  Text md = strip_markdown(in, r.date, r.title);
  r.text = strip_html(md, false, meta);
  if (r.date.empty()) r.date = !meta.date_property.empty() ? meta.date_property : meta.date_name;
  return r;
}

}  // namespace kg::ingest
