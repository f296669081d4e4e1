#include "base/unicode.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "base/charmap_table.h"
#include "base/error.h"
#include "base/text.h"

namespace kg {
namespace {

// Per-code-point mapping. The BMP is a flat table filled at construction from the build's table; the rest is
// computed with ICU on each use (rare).
class CharMap {
 public:
  static CharMap& instance() {
    static CharMap m;
    return m;
  }

  // Appends the normalisation of c to out; returns the number of code points appended.
  size_t append(char32_t c, std::u32string& out) {
    if (c < 0x80) {  // ASCII is NFKC- and t2s-stable
      out.push_back(c);
      return 1;
    }
    if (c < 0x10000) {
      const uint32_t slot = bmp_[c].load(std::memory_order_relaxed);  // filled before instance() returns
      if (slot & kSingle) {
        out.push_back(static_cast<char32_t>(slot & 0x1FFFFF));
        return 1;
      }
      const std::u32string& s = multi_[slot & 0xFFFFFF];  // never changes after construction
      out += s;
      return s.size();
    }
    std::u32string s = compute(c);
    out += s;
    return s.size();
  }

 private:
  static constexpr uint32_t kSingle = 0x80000000u;

  // The BMP comes precomputed from the build (charmap_table.h, the same ICU calls as compute()); ICU's
  // transliterator, whose creation costs ~50 ms, is created only for a code point beyond the BMP.
  CharMap() : bmp_(new std::atomic<uint32_t>[0x10000]) {
    multi_.emplace_back();  // index 0 unused
    for (size_t i = 0; i < 0x10000; ++i) bmp_[i].store(kSingle | static_cast<uint32_t>(i), std::memory_order_relaxed);
    for (size_t k = 0, e = 0; e < charmap::kEntries; ++e) {
      const char32_t c = charmap::kData[k];
      const size_t n = charmap::kData[k + 1];
      std::u32string out(charmap::kData + k + 2, charmap::kData + k + 2 + n);
      k += 2 + n;
      if (n == 1 && out[0] < 0x200000) {
        bmp_[c].store(kSingle | static_cast<uint32_t>(out[0]), std::memory_order_relaxed);
      } else {
        multi_.push_back(std::move(out));
        bmp_[c].store(static_cast<uint32_t>(multi_.size() - 1), std::memory_order_relaxed);
      }
    }
  }

  std::u32string compute(char32_t c) {
    icu::UnicodeString u(static_cast<UChar32>(c));
    UErrorCode st = U_ZERO_ERROR;
    icu::UnicodeString n;
    {
      std::lock_guard<std::mutex> lock(t2s_mu_);  // Transliterator::transliterate is not const-safe
      if (!t2s_) {
        nfkc_ = icu::Normalizer2::getNFKCInstance(st);
        if (U_FAILURE(st)) throw Error("ICU NFKC normaliser unavailable: " + std::string(u_errorName(st)));
        st = U_ZERO_ERROR;
        t2s_.reset(icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, st));
        if (U_FAILURE(st) || !t2s_)
          throw Error("ICU Traditional-Simplified transliterator unavailable: " + std::string(u_errorName(st)));
      }
      n = nfkc_->normalize(u, st);
      if (U_FAILURE(st)) n = u;
      t2s_->transliterate(n);
    }
    std::u32string out;
    for (int32_t i = 0; i < n.length();) {
      UChar32 cp = n.char32At(i);
      out.push_back(static_cast<char32_t>(cp));
      i += U16_LENGTH(cp);
    }
    if (out.empty()) out.push_back(c);
    return out;
  }

  std::unique_ptr<std::atomic<uint32_t>[]> bmp_;
  std::vector<std::u32string> multi_;
  const icu::Normalizer2* nfkc_ = nullptr;
  std::unique_ptr<icu::Transliterator> t2s_;
  std::mutex t2s_mu_;
};

}  // namespace

Normalized normalize(std::u32string_view in) {
  Normalized n;
  n.chars.reserve(in.size());
  n.from.reserve(in.size() + 1);
  CharMap& m = CharMap::instance();
  for (size_t i = 0; i < in.size(); ++i) {
    size_t k = m.append(in[i], n.chars);
    for (size_t j = 0; j < k; ++j) n.from.push_back(static_cast<uint32_t>(i));
  }
  n.from.push_back(static_cast<uint32_t>(in.size()));
  return n;
}

std::u32string normalize_text(std::u32string_view in) {
  std::u32string out;
  out.reserve(in.size());
  CharMap& m = CharMap::instance();
  for (char32_t c : in) m.append(c, out);
  return out;
}

std::string normalize_utf8(std::string_view utf8) { return u32_to_utf8(normalize_text(utf8_to_u32(utf8))); }

std::string fold_key(std::string_view utf8) {
  static const std::u32string drop = U" \t\u3000·•.-_'’\"()（）・";
  std::u32string n = normalize_text(utf8_to_u32(utf8));
  std::string out;
  for (char32_t c : n) {
    if (drop.find(c) != std::u32string::npos) continue;
    append_utf8(out, static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT)));
  }
  return out;
}

int display_width(std::string_view utf8) {
  int w = 0;
  for (char32_t c : utf8_to_u32(utf8)) {
    if (c == 0x200B || u_getCombiningClass(c) > 0 || u_charType(c) == U_NON_SPACING_MARK ||
        u_charType(c) == U_ENCLOSING_MARK || u_charType(c) == U_FORMAT_CHAR) continue;
    int ea = u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_EAST_ASIAN_WIDTH);
    w += (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 : 1;
  }
  return w;
}

bool is_cjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FA1F) || c == 0x3007;
}

bool is_latin_letter(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

bool is_space(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F);  // as u_isspace
  if (c >= 0x3400 && c <= 0x9FFF) return false;  // CJK ideographs: most of what kg reads
  return c == 0x3000 || c == 0xA0 || u_isspace(c);
}

}  // namespace kg
