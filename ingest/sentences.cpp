#include "ingest/sentences.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <memory>
#include <string>

#include "base/error.h"
#include "base/unicode.h"

namespace kg::ingest {
namespace {

// One ICU sentence iterator per thread, created on first use.
icu::BreakIterator& sentence_iterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iter;
  if (!iter) {
    UErrorCode st = U_ZERO_ERROR;
    iter.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), st));
    if (U_FAILURE(st) || !iter) throw Error(std::string("ICU sentence break iterator unavailable: ") + u_errorName(st));
  }
  return *iter;
}

bool is_terminator(char32_t c) {
  return c == U'。' || c == '!' || c == '?' || c == U'！' || c == U'？' || c == U'｡' || c == U'‼' || c == U'⁇' ||
         c == U'⁈' || c == U'⁉';
}

bool is_closer(char32_t c) {
  return c == U'”' || c == U'’' || c == U'」' || c == U'』' || c == ')' || c == U'）' || c == U'】' || c == U'》' ||
         c == U'〕' || c == U'〉' || c == '"' || c == '\'' || c == ']';
}

bool is_trim(char32_t c) { return is_space(c) || c == 0x200B || c == 0xFEFF; }

bool is_ascii_graphic(char32_t c) { return c > 0x20 && c < 0x7F; }
bool is_ascii_upper(char32_t c) { return c >= 'A' && c <= 'Z'; }
bool is_ascii_lower(char32_t c) { return c >= 'a' && c <= 'z'; }

// True when position b (between t[b-1] and t[b]) lies inside a URL token.
bool inside_url(std::u32string_view t, size_t b) {
  if (b == 0 || b >= t.size() || !is_ascii_graphic(t[b - 1]) || !is_ascii_graphic(t[b])) return false;
  size_t s = b, e = b;
  while (s > 0 && is_ascii_graphic(t[s - 1])) --s;
  while (e < t.size() && is_ascii_graphic(t[e])) ++e;
  std::u32string_view tok = t.substr(s, e - s);
  return tok.find(U"://") != std::u32string_view::npos || tok.substr(0, 4) == U"www.";
}

// True when the text before b ends with a short capitalised abbreviation and a full stop ("Inc. ", "Dr. ").
bool after_abbreviation(std::u32string_view t, size_t b) {
  size_t p = b;
  while (p > 0 && is_trim(t[p - 1])) --p;
  if (p == 0 || t[p - 1] != '.' || p == b) return false;  // needs "X. " with a space after the stop
  size_t e = p - 1, s = e;
  while (s > 0 && is_ascii_lower(t[s - 1])) --s;
  if (s == 0 || !is_ascii_upper(t[s - 1])) return false;
  --s;
  size_t len = e - s;
  if (len < 2 || len > 4) return false;
  return s == 0 || !(is_ascii_upper(t[s - 1]) || is_ascii_lower(t[s - 1]) || t[s - 1] == '.');
}

// True when line[start, b) is only a list number such as "1. " or "a. " (ICU would break after its full stop).
bool after_list_number(std::u32string_view line, size_t start, size_t b) {
  size_t i = start;
  while (i < b && is_trim(line[i])) ++i;
  size_t s = i;
  while (i < b && ((line[i] >= '0' && line[i] <= '9') || is_ascii_lower(line[i]) || is_ascii_upper(line[i]))) ++i;
  size_t len = i - s;
  bool digits = len >= 1 && len <= 3 && line[s] >= '0' && line[s] <= '9';
  if (!(digits || len == 1) || i >= b || line[i] != '.') return false;
  for (++i; i < b; ++i)
    if (!is_trim(line[i])) return false;
  return true;
}

struct Scratch {
  std::u16string units;
  std::vector<uint32_t> map;  // UTF-16 index → index in the line
  std::vector<size_t> breaks;
};

void emit(std::u32string_view line, size_t base, size_t b, size_t e, int para, std::vector<SentenceSpan>& out) {
  while (b < e && is_trim(line[b])) ++b;
  while (e > b && is_trim(line[e - 1])) --e;
  if (b < e) out.push_back({base + b, base + e, para});
}

// Emits line[b, e), cutting pieces longer than max after ; or , (else hard at max).
void emit_bounded(std::u32string_view line, size_t base, size_t b, size_t e, int para, size_t max,
                  std::vector<SentenceSpan>& out) {
  while (b < e && is_trim(line[b])) ++b;
  while (e > b && is_trim(line[e - 1])) --e;
  while (max > 0 && e - b > max) {
    size_t cut = 0;
    for (std::u32string_view marks : {std::u32string_view(U";；"), std::u32string_view(U",，")}) {
      for (size_t k = b + max; k > b + 1 && cut == 0; --k)
        if (marks.find(line[k - 1]) != std::u32string_view::npos) cut = k;
      if (cut) break;
    }
    if (cut == 0) cut = b + max;
    emit(line, base, b, cut, para, out);
    b = cut;
    while (b < e && is_trim(line[b])) ++b;
  }
  emit(line, base, b, e, para, out);
}

void split_line(std::u32string_view line, size_t base, int para, const SentenceOptions& opt, Scratch& sc,
                std::vector<SentenceSpan>& out) {
  const size_t n = line.size();
  sc.units.clear();
  sc.map.clear();
  for (size_t i = 0; i < n; ++i) {
    char32_t c = line[i];
    if (c >= 0x10000) {
      sc.units.push_back(static_cast<char16_t>(0xD7C0 + (c >> 10)));
      sc.units.push_back(static_cast<char16_t>(0xDC00 | (c & 0x3FF)));
      sc.map.push_back(static_cast<uint32_t>(i));
      sc.map.push_back(static_cast<uint32_t>(i));
    } else {
      sc.units.push_back(static_cast<char16_t>(c));
      sc.map.push_back(static_cast<uint32_t>(i));
    }
  }
  sc.map.push_back(static_cast<uint32_t>(n));

  sc.breaks.clear();
  UErrorCode st = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  utext_openUChars(&ut, reinterpret_cast<const UChar*>(sc.units.data()), static_cast<int64_t>(sc.units.size()), &st);
  icu::BreakIterator& bi = sentence_iterator();
  bi.setText(&ut, st);
  if (U_FAILURE(st)) {
    utext_close(&ut);
    throw Error(std::string("ICU sentence iterator failed: ") + u_errorName(st));
  }
  for (int32_t q = bi.next(); q != icu::BreakIterator::DONE; q = bi.next()) {
    size_t b = sc.map[static_cast<size_t>(q)];
    if (b > 0 && b < n) sc.breaks.push_back(b);
  }
  utext_close(&ut);

  // Chinese end punctuation and ellipses, with the closing quotes or brackets that follow them.
  for (size_t i = 0; i < n;) {
    char32_t c = line[i];
    bool dots = c == '.' && i + 2 < n && line[i + 1] == '.' && line[i + 2] == '.';
    if (!is_terminator(c) && c != U'…' && !dots) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < n && (is_terminator(line[j]) || line[j] == U'…' || line[j] == '.')) ++j;
    while (j < n && is_closer(line[j])) ++j;
    if (j < n) sc.breaks.push_back(j);
    i = j;
  }

  std::sort(sc.breaks.begin(), sc.breaks.end());
  sc.breaks.erase(std::unique(sc.breaks.begin(), sc.breaks.end()), sc.breaks.end());
  size_t start = 0;
  for (size_t b : sc.breaks) {
    if (inside_url(line, b) || after_abbreviation(line, b) || after_list_number(line, start, b)) continue;
    emit_bounded(line, base, start, b, para, opt.max_chars, out);
    start = b;
  }
  emit_bounded(line, base, start, n, para, opt.max_chars, out);
}

}  // namespace

std::vector<SentenceSpan> split_sentences(std::u32string_view text, const SentenceOptions& opt) {
  std::vector<SentenceSpan> out;
  Scratch sc;
  int para = 0;
  for (size_t b = 0; b < text.size();) {
    size_t e = text.find(U'\n', b);
    if (e == std::u32string_view::npos) e = text.size();
    std::u32string_view line = text.substr(b, e - b);
    if (std::any_of(line.begin(), line.end(), [](char32_t c) { return !is_trim(c); })) {
      split_line(line, b, para, opt, sc, out);
      ++para;
    }
    b = e + 1;
  }
  return out;
}

}  // namespace kg::ingest
