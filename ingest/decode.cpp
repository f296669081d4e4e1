#include "ingest/decode.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <bitset>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include "base/error.h"

namespace kg::ingest {
namespace {

constexpr size_t kSample = 64 * 1024;  // bytes looked at by the statistical tests

bool starts_with(std::string_view b, std::string_view magic) { return b.substr(0, magic.size()) == magic; }

bool has_binary_magic(std::string_view b) {
  static const std::string_view magics[] = {
      std::string_view("\x89PNG\r\n\x1a\n", 8),  // PNG
      std::string_view("\xFF\xD8\xFF", 3),       // JPEG
      "GIF87a",
      "GIF89a",  // GIF
      "%PDF-",   // PDF
      std::string_view("PK\x03\x04", 4),
      std::string_view("PK\x05\x06", 4),
      std::string_view("PK\x07\x08", 4),  // ZIP (and docx/xlsx/jar)
      std::string_view("\x1F\x8B", 2),    // gzip
      std::string_view("\x7F"
                       "ELF",
                       4),  // ELF
  };
  for (std::string_view m : magics)
    if (starts_with(b, m)) return true;
  return false;
}

// Collects decoded chars into a Text, turning CR LF into LF (the CR vanishes) and a lone CR into LF (keeping
// the CR's offset). NUL characters vanish.
class Builder {
 public:
  void put(char32_t c, uint32_t off) {
    if (pending_cr_) {
      pending_cr_ = false;
      if (c == U'\n') {
        text_.push(U'\n', off);
        return;
      }
      text_.push(U'\n', cr_off_);
    }
    if (c == U'\r') {
      pending_cr_ = true;
      cr_off_ = off;
      return;
    }
    if (c == 0) return;
    text_.push(c, off);
  }
  Text finish(uint32_t end) {
    if (pending_cr_) text_.push(U'\n', cr_off_);
    pending_cr_ = false;
    text_.finish(end);
    return std::move(text_);
  }
  void reserve(size_t n) {
    text_.chars.reserve(n);
    text_.src.reserve(n + 1);
  }

 private:
  Text text_;
  bool pending_cr_ = false;
  uint32_t cr_off_ = 0;
};

// ---- UTF-8 -------------------------------------------------------------------------------------

// Length of the well-formed UTF-8 sequence at s[i] (0 when the byte at i does not start one).
size_t utf8_seq(std::string_view s, size_t i, char32_t& cp) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t n;
  if (b < 0x80) {
    cp = b;
    return 1;
  }
  if (b >= 0xC2 && b <= 0xDF) {
    n = 2;
    cp = b & 0x1F;
  } else if ((b & 0xF0) == 0xE0) {
    n = 3;
    cp = b & 0x0F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
    cp = b & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

struct Utf8Stats {
  size_t invalid = 0;    // bytes that start no well-formed sequence
  size_t multibyte = 0;  // well-formed sequences of 2-4 bytes
};

Utf8Stats utf8_stats(std::string_view s) {
  Utf8Stats st;
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    size_t n = utf8_seq(s, i, cp);
    if (n == 0) {
      ++st.invalid;
      ++i;
    } else {
      if (n > 1) ++st.multibyte;
      i += n;
    }
  }
  return st;
}

Text decode_utf8(std::string_view b, size_t start) {
  Builder out;
  out.reserve(b.size() - start);
  for (size_t i = start; i < b.size();) {
    char32_t cp;
    size_t n = utf8_seq(b, i, cp);
    if (n == 0) {
      out.put(0xFFFD, static_cast<uint32_t>(i));
      ++i;
    } else {
      out.put(cp, static_cast<uint32_t>(i));
      i += n;
    }
  }
  return out.finish(static_cast<uint32_t>(b.size()));
}

// ---- ICU converters ------------------------------------------------------------------------------

struct ConvDeleter {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

struct ErrorCount {
  size_t errors = 0;
};

// Substitutes U+FFFD for an illegal or unassigned sequence and counts it.
void U_CALLCONV count_and_substitute(const void* context, UConverterToUnicodeArgs* args, const char*, int32_t,
                                     UConverterCallbackReason reason, UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;  // reset / close / clone
  ++static_cast<ErrorCount*>(const_cast<void*>(context))->errors;
  static const UChar kRepl = 0xFFFD;
  *err = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kRepl, 1, 0, err);
}

struct IcuDecoded {
  Text text;
  size_t errors = 0;  // substituted sequences
};

// Decodes b[start..] with the ICU converter `name`; offsets in the result count from the start of b.
IcuDecoded icu_decode(const char* name, std::string_view b, size_t start) {
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConvDeleter> conv(ucnv_open(name, &st));
  if (U_FAILURE(st)) throw Error(std::string("ICU converter unavailable: ") + name + " (" + u_errorName(st) + ")");
  ErrorCount count;
  ucnv_setToUCallBack(conv.get(), count_and_substitute, &count, nullptr, nullptr, &st);
  if (U_FAILURE(st)) throw Error(std::string("cannot set ICU callback: ") + u_errorName(st));

  const size_t n = b.size() - start;
  std::vector<UChar> units(n * 2 + 16);
  std::vector<int32_t> offs(units.size());
  const char* src = b.data() + start;
  const char* src_end = b.data() + b.size();
  size_t produced = 0;
  for (;;) {
    const char* chunk_start = src;
    UChar* target = units.data() + produced;
    UChar* target_end = units.data() + units.size();
    int32_t* off = offs.data() + produced;
    st = U_ZERO_ERROR;
    ucnv_toUnicode(conv.get(), &target, target_end, &src, src_end, off, true, &st);
    size_t got = static_cast<size_t>(target - (units.data() + produced));
    size_t base = static_cast<size_t>(chunk_start - b.data());
    for (size_t k = 0; k < got; ++k)
      offs[produced + k] = offs[produced + k] < 0 ? -1 : static_cast<int32_t>(offs[produced + k] + base);
    produced += got;
    if (st == U_BUFFER_OVERFLOW_ERROR) {
      units.resize(units.size() * 2);
      offs.resize(units.size());
      continue;
    }
    if (U_FAILURE(st)) throw Error(std::string("ICU conversion failed: ") + name + " (" + u_errorName(st) + ")");
    break;
  }

  Builder out;
  out.reserve(produced);
  uint32_t last = static_cast<uint32_t>(start);
  for (size_t k = 0; k < produced; ++k) {
    uint32_t off = offs[k] < 0 ? last : static_cast<uint32_t>(offs[k]);
    last = off;
    char32_t c = units[k];
    if (U16_IS_LEAD(c) && k + 1 < produced && U16_IS_TRAIL(units[k + 1])) {
      c = U16_GET_SUPPLEMENTARY(c, units[k + 1]);
      ++k;
    } else if (U16_IS_SURROGATE(c)) {
      c = 0xFFFD;
      ++count.errors;
    }
    out.put(c, off);
  }
  IcuDecoded r;
  r.text = out.finish(static_cast<uint32_t>(b.size()));
  r.errors = count.errors;
  return r;
}

// ---- plausibility of decoded text ----------------------------------------------------------------

// Which characters correctly decoded Chinese text is made of. `frequent`: GB2312 punctuation, full-width ASCII
// and level-1 hanzi (the 3755 most used simplified characters) plus Big5 punctuation and level-1 hanzi (5401
// common traditional characters). `rare`: GB2312 level-2 hanzi. Text decoded with the wrong legacy encoding is
// full of characters outside both sets.
struct CharClasses {
  std::bitset<0x10000> frequent, rare;
};

const CharClasses& char_classes() {
  static const CharClasses classes = [] {
    CharClasses cc;
    auto mark = [](std::bitset<0x10000>& set, const char* conv, const std::string& bytes) {
      IcuDecoded d = icu_decode(conv, bytes, 0);
      for (char32_t c : d.text.chars)
        if (c < 0x10000 && c != 0xFFFD) set.set(c);
    };
    auto pairs = [](int lead_lo, int lead_hi, int trail_lo, int trail_hi) {
      std::string out;
      for (int lead = lead_lo; lead <= lead_hi; ++lead)
        for (int trail = trail_lo; trail <= trail_hi; ++trail) {
          out.push_back(static_cast<char>(lead));
          out.push_back(static_cast<char>(trail));
        }
      return out;
    };
    mark(cc.frequent, "GB18030",
         pairs(0xA1, 0xA1, 0xA1, 0xFE) + pairs(0xA3, 0xA3, 0xA1, 0xFE) + pairs(0xB0, 0xD7, 0xA1, 0xFE));
    mark(cc.frequent, "Big5",
         pairs(0xA1, 0xA1, 0x40, 0x7E) + pairs(0xA1, 0xA1, 0xA1, 0xFE) + pairs(0xA4, 0xC5, 0x40, 0x7E) +
             pairs(0xA4, 0xC5, 0xA1, 0xFE) + pairs(0xC6, 0xC6, 0x40, 0x7E));
    mark(cc.rare, "GB18030", pairs(0xD8, 0xF7, 0xA1, 0xFE));
    cc.rare &= ~cc.frequent;
    return cc;
  }();
  return classes;
}

bool is_control(char32_t c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x0B && c != 0x1B) ||
         (c >= 0x7F && c < 0xA0);
}

// 2 = frequent Chinese character or common symbol, 1 = rare Chinese character, 0 = implausible in Chinese text.
int plausibility_of(char32_t c) {
  if (c < 0x10000) {
    const CharClasses& cc = char_classes();
    if (cc.frequent.test(c)) return 2;
    if (cc.rare.test(c)) return 1;
  }
  bool symbol = (c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7 ||  // Latin-1 punctuation
                (c >= 0x2000 && c <= 0x206F) ||                        // general punctuation
                (c >= 0x2100 && c <= 0x27BF) ||                        // letterlike, arrows, math, boxes, symbols
                (c >= 0x3000 && c <= 0x303F) ||                        // CJK punctuation
                (c >= 0xFE30 && c <= 0xFE4F) || c == 0xFE0F ||         // CJK compatibility forms, emoji selector
                (c >= 0xFF00 && c <= 0xFFEF) ||                        // full-width forms
                (c >= 0x1F000 && c <= 0x1FAFF);                        // emoji
  return symbol ? 2 : 0;
}

struct Plausibility {
  size_t chars = 0, nonascii = 0, good_nonascii = 0, rare_nonascii = 0, controls = 0;
  // Share of non-ASCII chars that are plausible in Chinese text (1 when there are none).
  double nonascii_share() const { return nonascii == 0 ? 1.0 : double(good_nonascii) / double(nonascii); }
  // Like nonascii_share, but rare characters count half: ranks two plausible decodings.
  double weighted() const {
    return nonascii == 0 ? 1.0 : (double(good_nonascii) - 0.5 * double(rare_nonascii)) / double(nonascii);
  }
  // Share of all chars that are plausible (ASCII other than control chars counts as plausible).
  double overall() const {
    return chars == 0 ? 0.0 : double(chars - controls - (nonascii - good_nonascii)) / double(chars);
  }
};

Plausibility measure(const std::u32string& s) {
  Plausibility p;
  size_t n = std::min(s.size(), kSample);
  p.chars = n;
  for (size_t i = 0; i < n; ++i) {
    char32_t c = s[i];
    if (c < 0x80) {
      if (is_control(c)) ++p.controls;
      continue;
    }
    ++p.nonascii;
    int q = plausibility_of(c);
    if (q > 0) ++p.good_nonascii;
    if (q == 1) ++p.rare_nonascii;
  }
  return p;
}

// ---- byte statistics ----------------------------------------------------------------------------

// Decides UTF-16 without BOM from where NUL bytes sit: ASCII and line breaks in UTF-16LE put a NUL in the odd
// byte of the pair, in UTF-16BE in the even one. Returns "UTF-16LE", "UTF-16BE" or nullptr.
const char* utf16_by_nul_pattern(std::string_view b) {
  size_t n = std::min(b.size(), kSample) & ~size_t(1);
  if (n < 4) return nullptr;
  size_t pairs = n / 2, zero_even = 0, zero_odd = 0;
  for (size_t i = 0; i < n; i += 2) {
    if (b[i] == 0) ++zero_even;
    if (b[i + 1] == 0) ++zero_odd;
  }
  if (zero_odd * 50 >= pairs && zero_even * 4 <= zero_odd) return "UTF-16LE";
  if (zero_even * 50 >= pairs && zero_odd * 4 <= zero_even) return "UTF-16BE";
  return nullptr;
}

size_t control_bytes(std::string_view b) {
  size_t n = std::min(b.size(), kSample), count = 0;
  for (size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(b[i]);
    if (c == 0x7F || (c < 0x80 && is_control(c))) ++count;
  }
  return count;
}

bool looks_like_text(const Plausibility& p, double min_share) {
  return p.chars > 0 && p.controls * 100 <= p.chars && p.overall() >= min_share;
}

// Legacy Chinese encodings: ICU's detector ranks GB18030 and Big5, decoding the first `sample` bytes validates
// them (at most 2% substitutions, no control chars, at least min_share of the non-ASCII chars plausible).
// Returns the whole file decoded with the best candidate.
std::optional<Decoded> decode_legacy(std::string_view bytes, size_t sample, double min_share) {
  struct Candidate {
    const char* name;
    int32_t confidence = 0;
  };
  Candidate cands[] = {{"GB18030"}, {"Big5"}};
  {
    UErrorCode st = U_ZERO_ERROR;
    UCharsetDetector* csd = ucsdet_open(&st);
    if (U_SUCCESS(st)) {
      ucsdet_setText(csd, bytes.data(), static_cast<int32_t>(sample), &st);
      int32_t n = 0;
      const UCharsetMatch** matches = U_SUCCESS(st) ? ucsdet_detectAll(csd, &n, &st) : nullptr;
      for (int32_t i = 0; U_SUCCESS(st) && matches && i < n; ++i) {
        UErrorCode st2 = U_ZERO_ERROR;
        std::string_view name = ucsdet_getName(matches[i], &st2);
        int32_t conf = ucsdet_getConfidence(matches[i], &st2);
        if (U_FAILURE(st2)) continue;
        for (Candidate& c : cands)
          if (name == c.name && conf > c.confidence) c.confidence = conf;
      }
    }
    ucsdet_close(csd);
  }
  // Candidates are judged on the sample; only the winner decodes the whole file.
  const char* best = nullptr;
  double best_score = -1;
  for (const Candidate& c : cands) {
    IcuDecoded cand = icu_decode(c.name, bytes.substr(0, sample), 0);
    size_t chars = std::max<size_t>(cand.text.size(), 1);
    size_t errors = cand.errors - (sample < bytes.size() && cand.errors > 0 ? 1 : 0);  // a char cut by the sample end
    if (errors * 50 > chars) continue;
    Plausibility p = measure(cand.text.chars);
    if (p.controls * 100 > p.chars || p.nonascii_share() < min_share) continue;
    double score = p.weighted() - 2.0 * double(errors) / double(chars) + c.confidence / 1000.0;
    if (score > best_score) {
      best_score = score;
      best = c.name;
    }
  }
  if (!best) return std::nullopt;
  return Decoded{icu_decode(best, bytes, 0).text, best};
}

}  // namespace

Decoded decode_bytes(std::string_view bytes, const std::string& path) {
  if (bytes.empty()) throw FileError(path, "empty file");
  if (bytes.size() >= std::numeric_limits<uint32_t>::max()) throw FileError(path, "file too large (4 GiB or more)");
  if (has_binary_magic(bytes)) throw FileError(path, "not a text file (binary data)");

  Decoded d;
  // Byte order marks.
  if (starts_with(bytes, "\xEF\xBB\xBF")) {
    d.text = decode_utf8(bytes, 3);
    d.encoding = "UTF-8";
    return d;
  }
  if (starts_with(bytes, "\xFF\xFE") || starts_with(bytes, "\xFE\xFF")) {
    d.encoding = bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    d.text = icu_decode(d.encoding.c_str(), bytes, 2).text;
    return d;
  }

  // UTF-16 without BOM, announced by NUL bytes on one side of each pair.
  if (const char* enc = utf16_by_nul_pattern(bytes)) {
    IcuDecoded u = icu_decode(enc, bytes, 0);
    if (looks_like_text(measure(u.text.chars), 0.9)) {
      d.text = std::move(u.text);
      d.encoding = enc;
      return d;
    }
    throw FileError(path, "not a text file (binary data)");
  }

  const Utf8Stats u8 = utf8_stats(bytes);

  // UTF-16 without BOM and without ASCII (pure CJK has no NUL bytes): accepted only when it reads as plausible text.
  if (u8.invalid > 0 && bytes.size() % 2 == 0 && bytes.size() >= 8) {
    for (const char* enc : {"UTF-16LE", "UTF-16BE"}) {
      IcuDecoded u = icu_decode(enc, bytes.substr(0, std::min(bytes.size(), kSample)), 0);
      size_t cut = bytes.size() > kSample ? 1 : 0;  // a surrogate pair split by the sample end
      if (u.errors <= cut && looks_like_text(measure(u.text.chars), 0.95)) {
        d.text = bytes.size() > kSample ? icu_decode(enc, bytes, 0).text : std::move(u.text);
        d.encoding = enc;
        return d;
      }
    }
  }

  const size_t sample = std::min(bytes.size(), kSample);
  if (control_bytes(bytes) * 50 > sample) throw FileError(path, "not a text file (binary data)");

  // UTF-8, tolerating a few bad bytes in an otherwise well-formed file. Tiny texts can be well-formed UTF-8 by
  // accident (GBK 为 is CE AA, which UTF-8 reads as Ϊ), so an implausible UTF-8 reading gives way to a plausible
  // legacy one.
  size_t nonascii_bytes = 0;
  for (char c : bytes)
    if (static_cast<unsigned char>(c) >= 0x80) ++nonascii_bytes;
  const bool mostly_utf8 = u8.invalid == 0 || (u8.multibyte > 0 && u8.invalid * 20 <= nonascii_bytes);
  if (mostly_utf8) {
    Text t = decode_utf8(bytes, 0);
    double share = measure(t.chars).nonascii_share();
    bool sure = u8.invalid == 0 ? (u8.multibyte >= 16 || share >= 0.5) : share >= 0.75;
    if (!sure) {
      if (auto legacy = decode_legacy(bytes, sample, u8.invalid == 0 ? 0.9 : 0.75)) return std::move(*legacy);
    }
    d.text = std::move(t);
    d.encoding = "UTF-8";
    return d;
  }

  if (auto legacy = decode_legacy(bytes, sample, 0.75)) return std::move(*legacy);
  throw FileError(path, "cannot detect the text encoding");
}

}  // namespace kg::ingest
