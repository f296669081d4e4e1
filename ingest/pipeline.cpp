#include "ingest/pipeline.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "base/error.h"
#include "base/sha256.h"
#include "base/text.h"
#include "base/unicode.h"
#include "ingest/decode.h"
#include "ingest/markup.h"
#include "ingest/sentences.h"

namespace kg::ingest {

Resources Resources::load(const std::string& dir, const std::vector<std::string>& extra) {
  Resources r;
  r.lexicon.load_file(dir + "/entities.tsv", "lexicon");
  for (const auto& f : extra) r.lexicon.load_file(f, "user");
  r.names = NameCues::load(dir + "/name_cues.tsv");
  r.patterns = PatternSet::load(dir + "/patterns.tsv");
  r.facts = FactCues::load(dir + "/fact_cues.tsv");
  r.noise = load_noise_cues(dir + "/noise_cues.tsv");
  return r;
}

bool parse_date(const std::string& s, std::optional<int>& y, std::optional<int>& m, std::optional<int>& d) {
  int a = 0, b = 0, c = 0;
  char tail = 0;
  y.reset();
  m.reset();
  d.reset();
  if (s.size() == 10 && std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &a, &b, &c, &tail) == 3) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (a % 4 == 0 && a % 100 != 0) || a % 400 == 0;
    if (b < 1 || b > 12 || c < 1 || c > days[b - 1] + (b == 2 && leap ? 1 : 0)) return false;
    y = a, m = b, d = c;
  } else if (s.size() == 7 && std::sscanf(s.c_str(), "%4d-%2d%c", &a, &b, &tail) == 2) {
    if (b < 1 || b > 12) return false;
    y = a, m = b;
  } else if (s.size() == 4 && std::sscanf(s.c_str(), "%4d%c", &a, &tail) == 1) {
    y = a;
  } else {
    return false;
  }
  return *y >= 1900 && *y <= 2100;
}

namespace {
constexpr size_t kMaxNoiseLine = 300;  // characters
constexpr size_t kWrappedLine = 30;    // a line this long ending mid-sentence was hard-wrapped

bool pinyin_char(char32_t c) {
  static const std::u32string tones = U"āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňḿ";
  return (c >= 'a' && c <= 'z') || tones.find(c) != std::u32string::npos;
}
bool sentence_end(char32_t c) {
  static const std::u32string ends = U"。！？!?；;：:…」』”\"）)】";
  return ends.find(c) != std::u32string::npos;
}

}  // namespace

// Undoes two kinds of damage from copied pages, keeping every offset: inline pinyin after a rare character
// (翀(chōng)霄科技 -> 翀霄科技) and hard-wrapped lines (a long line ending mid-sentence joins the next one).
Text repair_text(const Text& in) {
  Text out;
  const auto& c = in.chars;
  size_t n = c.size();
  out.chars.reserve(n);
  out.src.reserve(n + 1);
  // A hard-wrapped line is at least kWrappedLine long and ends mid-sentence before more CJK text. A heading can
  // look the same (走近X：一家…公司的成长 over the first paragraph), so a line without a comma joins the next
  // only when another such line has its length (±1): the width the page was wrapped at.
  auto mid_sentence_break = [&](size_t i, size_t len) {
    return len >= kWrappedLine && i > 0 && is_cjk(c[i - 1]) && !sentence_end(c[i - 1]) && i + 1 < n &&
           is_cjk(c[i + 1]);
  };
  std::vector<size_t> widths;
  for (size_t i = 0, ls = 0; i < n; ++i)
    if (c[i] == '\n') {
      if (mid_sentence_break(i, i - ls)) widths.push_back(i - ls);
      ls = i + 1;
    }
  auto wrap_width = [&](size_t len) {
    int same = 0;
    for (size_t w : widths)
      if (w + 1 >= len && w <= len + 1) ++same;
    return same >= 2;  // this line and at least one other
  };
  size_t line_start = 0;
  for (size_t i = 0; i < n; ++i) {
    if ((c[i] == '(' || c[i] == U'（') && i > 0 && is_cjk(c[i - 1])) {
      size_t j = i + 1;
      while (j < n && pinyin_char(c[j])) ++j;
      if (j > i + 1 && j < n && (c[j] == ')' || c[j] == U'）') && j + 1 < n && is_cjk(c[j + 1]) &&
          std::any_of(c.begin() + static_cast<long>(i) + 1, c.begin() + static_cast<long>(j),
                      [](char32_t x) { return x > 0x7F; })) {
        i = j;  // drop "(chōng)"
        continue;
      }
    }
    if (c[i] == '\n') {
      size_t len = i - line_start;
      bool wrapped = mid_sentence_break(i, len);
      if (wrapped) {
        bool comma = false;
        for (size_t k = line_start; k < i && !comma; ++k)
          comma = c[k] == U'，' || c[k] == ',' || c[k] == U'、' || c[k] == U'；' || c[k] == ';';
        wrapped = comma || wrap_width(len);
      }
      line_start = i + 1;
      if (wrapped) continue;
    }
    out.push(c[i], in.src[i]);
  }
  out.finish(in.src.empty() ? 0 : in.src.back());
  return out;
}

namespace {

std::string format_date(std::optional<int> y, std::optional<int> m, std::optional<int> d) {
  if (!y) return "";
  char buf[16];
  if (m && d) std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", *y, *m, *d);
  else if (m) std::snprintf(buf, sizeof buf, "%04d-%02d", *y, *m);
  else std::snprintf(buf, sizeof buf, "%04d", *y);
  return buf;
}
}  // namespace

ExtractedDocument process_document(const std::string& path, std::string_view bytes, const Resources& res,
                                   const IngestOptions& opt) {
  ExtractedDocument out;
  out.doc.path = path;
  out.doc.sha256 = opt.sha256.empty() ? sha256_hex(bytes) : opt.sha256;
  out.doc.bytes = static_cast<int64_t>(bytes.size());
  out.doc.raw.assign(bytes.data(), bytes.size());

  Decoded dec = decode_bytes(bytes, path);
  out.doc.encoding = dec.encoding;
  Format fmt = sniff_format(path, dec.text);
  out.doc.format = fmt == Format::Html ? "html" : fmt == Format::Markdown ? "markdown" : "text";
  Stripped clean = strip_markup(dec.text, fmt);
  clean.text = repair_text(clean.text);
  const Text& ct = clean.text;
  Normalized norm = normalize(ct.chars);
  const std::u32string& nt = norm.chars;

  // Lines of the normalised text and their noise verdicts.
  std::vector<std::u32string> lines;
  std::vector<size_t> line_start;
  for (size_t b = 0; b <= nt.size();) {
    size_t e = nt.find(U'\n', b);
    if (e == std::u32string::npos) e = nt.size();
    lines.emplace_back(nt.substr(b, e - b));
    line_start.push_back(b);
    b = e + 1;
    if (e == nt.size()) break;
  }
  std::vector<bool> noisy = classify_block(lines, res.noise);
  auto line_of = [&](size_t pos) {
    auto it = std::upper_bound(line_start.begin(), line_start.end(), pos);
    return static_cast<size_t>(it - line_start.begin()) - 1;
  };

  // Publication date: --date, else page metadata, else inferred from the text.
  std::optional<int> py, pm, pd;
  if (!opt.date.empty()) {
    if (!parse_date(opt.date, py, pm, pd)) throw UsageError("--date: expected YYYY-MM-DD, got '" + opt.date + "'");
    out.doc.pub_date_source = "given";
  } else if (!clean.date.empty() && parse_date(clean.date, py, pm, pd)) {
    out.doc.pub_date_source = "metadata";
  } else {
    std::vector<std::u32string> text_lines;
    for (size_t i = 0; i < lines.size(); ++i)
      if (!noisy[i] || lines[i].size() > kMaxNoiseLine || is_dated_byline(lines[i])) text_lines.push_back(lines[i]);
    PublicationDate p = infer_publication_date(text_lines);
    if (p.year) {
      py = p.year, pm = p.month, pd = p.day;
      out.doc.pub_date_source = "inferred";
    } else {
      out.doc.pub_date_source = "unknown";
    }
  }
  out.doc.pub_date = format_date(py, pm, pd);

  // Sentences.
  std::vector<SentenceView> views;
  std::vector<bool> extract;
  std::map<std::u32string, int> first_seen;
  for (const auto& sp : split_sentences(nt)) {
    SentenceRecord r;
    r.seq = static_cast<int>(out.sentences.size());
    r.paragraph = sp.paragraph;
    size_t ob = norm.from[sp.begin], oe = norm.from[sp.end];
    r.start = ct.src[ob];
    r.end = ct.src[oe];
    std::u32string ntext = nt.substr(sp.begin, sp.end - sp.begin);
    r.text = u32_to_utf8(std::u32string_view(ct.chars).substr(ob, oe - ob));
    r.norm = u32_to_utf8(ntext);
    // A whole-line verdict applies to ordinary lines; a very long line (a page flattened into one line) is
    // judged sentence by sentence.
    size_t li = line_of(sp.begin);
    bool line_noise = noisy[li] && lines[li].size() <= kMaxNoiseLine;
    r.noise = line_noise || classify_noise(ntext, res.noise).noise;
    auto it = first_seen.find(ntext);
    if (it != first_seen.end()) r.dup_of = it->second;
    else first_seen.emplace(ntext, r.seq);

    SentenceView v;
    v.seq = r.seq;
    v.paragraph = sp.paragraph;
    v.text = std::move(ntext);
    v.original = ct.chars.substr(ob, oe - ob);
    v.from.reserve(v.text.size() + 1);
    for (size_t i = sp.begin; i <= sp.end; ++i) v.from.push_back(norm.from[i] - static_cast<uint32_t>(ob));
    v.src.assign(ct.src.begin() + ob, ct.src.begin() + oe + 1);
    v.start = r.start;
    v.end = r.end;
    extract.push_back(!r.noise);
    views.push_back(std::move(v));
    if (out.doc.title.empty() && !r.noise && r.text.size() > 6) {
      size_t cut = std::min<size_t>(r.text.size(), 200);  // at most 200 bytes, cut at a character boundary
      while (cut < r.text.size() && cut > 0 && (static_cast<unsigned char>(r.text[cut]) & 0xC0) == 0x80) --cut;
      out.doc.title = r.text.substr(0, cut);
    }
    out.sentences.push_back(std::move(r));
  }
  if (!clean.title.empty()) out.doc.title = clean.title;

  ExtractorResources er{&res.lexicon, &res.names, &res.patterns, &res.facts};
  Extractor ex(er, py, pm, pd);
  ex.set_trace(opt.trace);
  std::vector<SentenceView> live;
  for (size_t i = 0; i < views.size(); ++i)
    if (extract[i]) live.push_back(views[i]);
  ex.prepare(live);
  for (const auto& v : live) ex.sentence(v, out);
  return out;
}

}  // namespace kg::ingest
