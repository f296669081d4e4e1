#include "ingest/noise.h"

#include <algorithm>
#include <utility>

#include "base/error.h"
#include "base/text.h"
#include "base/unicode.h"
#include "ingest/datafile.h"

namespace kg::ingest {
namespace {

constexpr double kThreshold = 1.0;    // score at which a line is noise
constexpr double kSuspicious = 0.5;   // score at which a line next to noise is noise too
constexpr size_t kShortLine = 40;     // non-space chars: attribution and nav cues are decisive up to this length
constexpr size_t kSandwichLine = 20;  // non-space chars of a line the sandwich rule may take

char32_t ascii_lower(char32_t c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
bool is_ascii_alpha(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_ascii_upper(char32_t c) { return c >= 'A' && c <= 'Z'; }

// Cue matching ignores spaces and ASCII case.
std::u32string match_key(std::u32string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (char32_t c : s)
    if (!is_space(c)) out.push_back(ascii_lower(c));
  return out;
}

bool is_emoji(char32_t c) {
  return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || (c >= 0x2B00 && c <= 0x2BFF) ||
         c == 0x20E3 || c == 0x3297 || c == 0x3299 || c == 0x203C || c == 0x2049;
}

// Punctuation that marks running text (after normalisation full-width ，：；！？（） are ASCII).
bool is_sentence_punct(char32_t c) {
  return c == U'。' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == U'、' || c == U'“' ||
         c == U'”' || c == '(' || c == ')' || c == U'《' || c == U'》' || c == '"';
}

bool is_open_bracket(char32_t c) { return c == U'【' || c == U'〖' || c == U'[' || c == U'「'; }
char32_t closing_of(char32_t c) {
  switch (c) {
    case U'【':
      return U'】';
    case U'〖':
      return U'〗';
    case U'[':
      return U']';
    case U'「':
      return U'」';
  }
  return 0;
}

const char* kind_name(CueKind k) {
  switch (k) {
    case CueKind::Cta:
      return "cta";
    case CueKind::Promo:
      return "promo";
    case CueKind::Attribution:
      return "attribution";
    case CueKind::Nav:
      return "nav";
  }
  return "?";
}

struct Scorer {
  std::vector<std::pair<double, std::string>> parts;
  void add(double w, std::string name) {
    if (w != 0) parts.emplace_back(w, std::move(name));
  }
  NoiseVerdict verdict() {
    NoiseVerdict v;
    std::stable_sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& p : parts) {
      v.score += p.first;
      if (p.first <= 0) continue;
      if (!v.reason.empty()) v.reason += ", ";
      v.reason += p.second;
    }
    v.noise = v.score >= kThreshold;
    return v;
  }
};

// Cue occurrences in key (matching form), longest match first, non-overlapping, each distinct cue once.
std::vector<uint32_t> find_cues(const std::u32string& key, const NoiseCues& cues) {
  std::vector<uint32_t> hits;
  for (size_t i = 0; i < key.size();) {
    auto it = cues.by_first.find(key[i]);
    size_t step = 1;
    if (it != cues.by_first.end()) {
      for (uint32_t idx : it->second) {
        const std::u32string& k = cues.cues[idx].key;
        if (key.compare(i, k.size(), k) == 0) {
          if (std::find(hits.begin(), hits.end(), idx) == hits.end()) hits.push_back(idx);
          step = k.size();
          break;
        }
      }
    }
    i += step;
  }
  return hits;
}

// Length of a URL starting at s[i] ("http://", "https://", "www." or a bare domain with a known suffix), 0 if none.
size_t url_at(std::u32string_view s, size_t i) {
  auto starts = [&](std::u32string_view w) {
    if (i + w.size() > s.size()) return false;
    for (size_t k = 0; k < w.size(); ++k)
      if (ascii_lower(s[i + k]) != w[k]) return false;
    return true;
  };
  auto url_char = [](char32_t c) {
    return c < 0x80 && c > ' ' && c != '"' && c != '\'' && c != '<' && c != '>' && c != '(' && c != ')' && c != ',';
  };
  if (i > 0 && (is_ascii_alpha(s[i - 1]) || is_ascii_digit(s[i - 1]))) return 0;
  size_t e = i;
  if (starts(U"http://") || starts(U"https://") || starts(U"www.")) {
    while (e < s.size() && url_char(s[e])) ++e;
    return e - i;
  }
  // bare domain: label(.label)*.(com|cn|net|org|io|co|html). A domain name with a path is short; a longer run of
  // such characters (a row of dots, a hash) is not one, and scanning it from every start would be quadratic.
  constexpr size_t kMaxBareUrl = 256;
  bool dot = false;
  while (e < s.size() && e - i <= kMaxBareUrl && (is_ascii_alpha(s[e]) || is_ascii_digit(s[e]) || s[e] == '.' || s[e] == '-' || s[e] == '/')) {
    if (s[e] == '.') dot = true;
    ++e;
  }
  if (!dot || e - i < 5 || e - i > kMaxBareUrl) return 0;
  std::u32string tok;
  for (size_t k = i; k < e; ++k) tok.push_back(ascii_lower(s[k]));
  for (std::u32string_view suffix : {U".com", U".cn", U".net", U".org", U".io", U".html", U".htm"}) {
    size_t p = tok.find(suffix);
    if (p != std::u32string::npos && p > 0) {
      size_t after = p + suffix.size();
      if (after == tok.size() || tok[after] == '/' || tok[after] == '.') return e - i;
    }
  }
  return 0;
}

// True when x and y share a substring of at least min_len chars that is not only digits.
bool common_substring(const std::u32string& x, const std::u32string& y, size_t min_len) {
  if (x.size() < min_len || y.size() < min_len) return false;
  for (size_t i = 0; i + min_len <= x.size(); ++i) {
    std::u32string_view sub(x.data() + i, min_len);
    if (std::all_of(sub.begin(), sub.end(), is_ascii_digit)) continue;
    if (y.find(sub) != std::u32string::npos) return true;
  }
  return false;
}

// A line of search keywords: space-separated short fragments, no sentence punctuation, repeated words.
void keyword_line(std::u32string_view line, Scorer& sc) {
  std::vector<std::u32string> frags;
  std::u32string cur;
  for (char32_t c : line) {
    if (is_sentence_punct(c) || c == '.') return;
    if (is_space(c)) {
      if (!cur.empty()) frags.push_back(match_key(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) frags.push_back(match_key(cur));
  if (frags.size() < 2) return;
  for (const auto& f : frags)
    if (f.size() > 16) return;
  bool repeated = false;
  for (size_t a = 0; a < frags.size() && !repeated; ++a)
    for (size_t b = a + 1; b < frags.size() && !repeated; ++b) {
      const std::u32string& x = frags[a].size() <= frags[b].size() ? frags[a] : frags[b];
      const std::u32string& y = frags[a].size() <= frags[b].size() ? frags[b] : frags[a];
      if ((x.size() >= 2 && y.find(x) != std::u32string::npos) || common_substring(x, y, 3)) repeated = true;
    }
  if (repeated)
    sc.add(1.0, "keywords(repeated)");
  else if (frags.size() >= 4)
    sc.add(0.6, "keywords");
  else
    sc.add(0.2, "fragments");
}

// Runs of one separator (> » › | /) between short segments: breadcrumbs and menus.
void menu_line(std::u32string_view line, size_t nonspace, Scorer& sc) {
  if (nonspace > 60) return;
  for (char32_t sep : {U'>', U'»', U'›', U'|', U'/'}) {
    size_t count = std::count(line.begin(), line.end(), sep);
    if (count < 2) continue;
    bool short_segments = true;
    size_t seg = 0;
    for (char32_t c : line) {
      if (c == sep) {
        seg = 0;
      } else if (!is_space(c) && ++seg > 10) {
        short_segments = false;
      }
    }
    bool punct = std::any_of(line.begin(), line.end(), [](char32_t c) { return c == U'。' || c == ','; });
    if (short_segments && !punct) {
      sc.add(1.0, sep == '>' || sep == U'»' || sep == U'›' ? "breadcrumb" : "menu");
      return;
    }
  }
}

bool looks_like_date_or_time(std::u32string_view line) {
  size_t digits = 0;
  for (char32_t c : line) {
    if (is_ascii_digit(c))
      ++digits;
    else if (!(c == '-' || c == '/' || c == ':' || c == '.' || is_space(c) || c == 'T' || c == 'Z' || c == '+'))
      return false;
  }
  return digits >= 4;
}

}  // namespace

void NoiseCues::add(CueKind kind, std::string_view cue_utf8) {
  std::u32string key = match_key(normalize_text(utf8_to_u32(cue_utf8)));
  if (key.empty()) return;
  for (const NoiseCue& c : cues)
    if (c.key == key) return;
  uint32_t idx = static_cast<uint32_t>(cues.size());
  cues.push_back({kind, key, std::string(cue_utf8)});
  auto& list = by_first[key[0]];
  list.push_back(idx);
  std::stable_sort(list.begin(), list.end(),
                   [this](uint32_t a, uint32_t b) { return cues[a].key.size() > cues[b].key.size(); });
}

NoiseCues load_noise_cues(const std::string& path) {
  NoiseCues cues;
  for (const DataRow& row : read_data_file(path, 1)) {
    if (row.fields.size() != 2) throw FileError(path, "expected kind<TAB>cue", row.line);
    const std::string& kind = row.fields[0];
    CueKind k;
    if (kind == "cta")
      k = CueKind::Cta;
    else if (kind == "promo")
      k = CueKind::Promo;
    else if (kind == "attribution")
      k = CueKind::Attribution;
    else if (kind == "nav")
      k = CueKind::Nav;
    else
      throw FileError(path, "unknown cue kind '" + kind + "' (expected cta, promo, attribution or nav)", row.line);
    if (match_key(utf8_to_u32(row.fields[1])).empty()) throw FileError(path, "empty cue", row.line);
    cues.add(k, row.fields[1]);
  }
  return cues;
}

namespace {

struct Analysis {
  NoiseVerdict verdict;
  bool list_heading = false;  // a short navigation label such as 相关阅读: that introduces a list of links
};

Analysis analyse(std::u32string_view text, const NoiseCues& cues) {
  Analysis an;
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.empty()) return an;

  Scorer sc;
  size_t nonspace = 0, cjk = 0, letters_digits = 0, emoji = 0, exclaims = 0;
  for (char32_t c : text) {
    if (is_space(c)) continue;
    ++nonspace;
    if (is_cjk(c))
      ++cjk;
    else if (is_ascii_alpha(c) || is_ascii_digit(c) || is_latin_letter(c))
      ++letters_digits;
    if (is_emoji(c)) ++emoji;
    if (c == '!') ++exclaims;
  }
  const bool short_line = nonspace <= kShortLine;

  // URLs.
  size_t url_chars = 0, urls = 0;
  // A URL starts where a run of domain characters starts (or at http:// / www. inside one); a run that holds none
  // is skipped whole, so a line costs O(length), not O(length × 256) (a line of 64 KiB of dots timed out a fuzzer).
  auto domain_char = [](char32_t c) { return is_ascii_alpha(c) || is_ascii_digit(c) || c == '.' || c == '-' || c == '/'; };
  for (size_t i = 0; i < text.size();) {
    if (!domain_char(text[i])) {  // no URL starts here (url_at would say 0): the common case, made cheap
      ++i;
      continue;
    }
    size_t n = url_at(text, i);
    if (n > 0) {
      ++urls;
      url_chars += n;
      i += n;
    } else if (domain_char(text[i])) {
      size_t j = i + 1;
      while (j < text.size() && domain_char(text[j])) {
        if (!is_ascii_alpha(text[j - 1]) && !is_ascii_digit(text[j - 1])) {  // http:// or www. inside the run
          auto at = [&](std::u32string_view w) {
            if (j + w.size() > text.size()) return false;
            for (size_t k = 0; k < w.size(); ++k)
              if (ascii_lower(text[j + k]) != w[k]) return false;
            return true;
          };
          if (at(U"http://") || at(U"https://") || at(U"www.")) break;
        }
        ++j;
      }
      i = j;
    } else {
      ++i;
    }
  }
  if (urls > 0) sc.add(url_chars * 2 >= nonspace ? 1.0 : 0.6, url_chars * 2 >= nonspace ? "url-line" : "url");

  // Hashtags: #topic# pairs and #word; cashtags: $ABC.
  double tags = 0, cash = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '#') {
      size_t close = text.find(U'#', i + 1);
      if (close != std::u32string_view::npos && close > i + 1 && close - i <= 41 && !is_space(text[i + 1])) {
        tags += 0.8;
        i = close;
        continue;
      }
      bool start = i == 0 || is_space(text[i - 1]) || is_sentence_punct(text[i - 1]);
      if (start && i + 1 < text.size() && (is_cjk(text[i + 1]) || is_ascii_alpha(text[i + 1]))) tags += 0.5;
    } else if (text[i] == '$' && i + 2 < text.size() && is_ascii_upper(text[i + 1])) {
      size_t e = i + 1;
      while (e < text.size() && (is_ascii_upper(text[e]) || is_ascii_digit(text[e]))) ++e;
      bool bounded = e == text.size() || !is_ascii_alpha(text[e]);
      if (bounded && e - i - 1 >= 2 && e - i - 1 <= 10) cash += 0.7;
    }
  }
  if (tags > 0) sc.add(std::min(tags, 1.6), "hashtag");
  if (cash > 0) sc.add(std::min(cash, 1.4), "cashtag");

  // Cue words, weighted by kind; attribution and navigation labels are decisive on short lines or at the start.
  const std::u32string key = match_key(text);
  size_t cue_chars = 0;
  bool nav = false;
  for (uint32_t idx : find_cues(key, cues)) {
    const NoiseCue& cue = cues.cues[idx];
    cue_chars += cue.key.size();
    nav = nav || cue.kind == CueKind::Nav;
    double w = 0;
    switch (cue.kind) {
      case CueKind::Cta:
        w = 0.6;
        break;
      case CueKind::Promo:
        w = 0.45;
        break;
      case CueKind::Attribution: {
        size_t pos = key.find(cue.key);
        w = (short_line || pos <= 2) ? 1.0 : 0.3;
        break;
      }
      case CueKind::Nav:
        w = short_line ? 1.0 : 0.4;
        break;
    }
    sc.add(w, std::string(kind_name(cue.kind)) + "(" + cue.text + ")");
  }
  // A short line that is mostly cue words ("阅读原文", "扫码领红包").
  if (cue_chars > 0 && short_line && cue_chars * 2 >= key.size()) {
    sc.add(0.5, "cue-dominant");
    an.list_heading = nav;
  }

  // Bracketed promo markers: 【...】 holding a call to action or promotion cue.
  for (size_t i = 0; i < text.size(); ++i) {
    if (!is_open_bracket(text[i])) continue;
    size_t close = text.find(closing_of(text[i]), i + 1);
    if (close == std::u32string_view::npos) continue;
    std::u32string inner = match_key(text.substr(i + 1, close - i - 1));
    bool promo = false;
    for (uint32_t idx : find_cues(inner, cues))
      if (cues.cues[idx].kind == CueKind::Cta || cues.cues[idx].kind == CueKind::Promo) promo = true;
    if (promo) {
      sc.add(0.8, "bracket-promo");
      break;
    }
    i = close;
  }

  // Emoji.
  if (emoji > 0) {
    sc.add(std::min(1.0, 0.4 * double(emoji)), "emoji");
    if (cjk <= 6) sc.add(0.4, "emoji-short-line");
  }

  // Exclamation runs in short lines.
  if (exclaims >= 2 && short_line) sc.add(0.3, "exclamations");

  // Lines without CJK content.
  if (cjk == 0 && letters_digits == 0 && emoji == 0)
    sc.add(1.0, "symbols-only");
  else if (cjk == 0 && nonspace <= 20 && !looks_like_date_or_time(text))
    sc.add(1.0, "short-no-cjk");

  keyword_line(text, sc);
  menu_line(text, nonspace, sc);

  // Long running text that ends like a sentence weighs against noise.
  char32_t last = text.back();
  if ((last == U'。' || last == U'”') && cjk >= 15 && !short_line) sc.add(-0.3, "sentence");

  an.verdict = sc.verdict();
  return an;
}

}  // namespace

NoiseVerdict classify_noise(std::u32string_view text, const NoiseCues& cues) { return analyse(text, cues).verdict; }

std::vector<bool> classify_block(const std::vector<std::u32string>& lines, const NoiseCues& cues) {
  const size_t n = lines.size();
  std::vector<bool> noise(n, false), blank(n, false), short_line(n, false), list_heading(n, false), item(n, false);
  std::vector<double> score(n, 0);
  for (size_t i = 0; i < n; ++i) {
    size_t nonspace = std::count_if(lines[i].begin(), lines[i].end(), [](char32_t c) { return !is_space(c); });
    blank[i] = nonspace == 0;
    char32_t last = U' ';
    for (char32_t c : lines[i])
      if (!is_space(c)) last = c;
    short_line[i] = nonspace <= kSandwichLine && last != U'。' && last != '!' && last != '?';
    item[i] = nonspace <= kShortLine && last != U'。';
    if (blank[i]) continue;
    Analysis an = analyse(lines[i], cues);
    noise[i] = an.verdict.noise;
    score[i] = an.verdict.score;
    list_heading[i] = an.list_heading;
  }
  // Nearest non-blank line before / after i (n when none).
  auto prev = [&](size_t i) {
    while (i > 0) {
      --i;
      if (!blank[i]) return i;
    }
    return n;
  };
  auto next = [&](size_t i) {
    for (++i; i < n; ++i)
      if (!blank[i]) return i;
    return n;
  };
  // The list under a navigation label (相关阅读:, 延伸阅读 ...): up to ten short lines that do not end in 。.
  for (size_t i = 0; i < n; ++i) {
    if (!list_heading[i]) continue;
    size_t q = next(i);
    for (int k = 0; k < 10 && q < n && item[q]; ++k, q = next(q)) noise[q] = true;
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < n; ++i) {
      if (blank[i] || noise[i] || score[i] < kSuspicious) continue;
      size_t p = prev(i), q = next(i);
      if ((p < n && noise[p]) || (q < n && noise[q])) {
        noise[i] = true;
        changed = true;
      }
    }
    for (size_t i = 0; i < n; ++i) {
      if (blank[i] || noise[i] || !short_line[i]) continue;
      size_t p = prev(i);
      if (p == n || !noise[p]) continue;
      // The run of short, not-noise lines starting at i.
      std::vector<size_t> run{i};
      size_t q = next(i);
      while (q < n && !noise[q] && short_line[q] && run.size() <= 3) {
        run.push_back(q);
        q = next(q);
      }
      if (run.size() <= 3 && q < n && noise[q]) {
        for (size_t r : run) noise[r] = true;
        changed = true;
      }
    }
  }
  return noise;
}

}  // namespace kg::ingest
