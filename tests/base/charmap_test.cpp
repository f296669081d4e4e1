// The build-time normalisation table (base/tools/gen_charmap.cpp) against ICU at run time: every BMP code point
// normalises exactly as NFKC followed by ICU's Traditional-Simplified transliterator, one code point at a time;
// and is_space's fast paths agree with u_isspace at every code point.
#include <catch2/catch.hpp>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <string>

#include "base/unicode.h"

TEST_CASE("Every BMP code point normalises as NFKC then ICU Traditional-Simplified, as the build table says", "[base]") {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(st);
  REQUIRE(U_SUCCESS(st));
  std::unique_ptr<icu::Transliterator> t2s(
      icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, st));
  REQUIRE(U_SUCCESS(st));
  size_t differ = 0, changed = 0;
  for (char32_t c = 1; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;  // not text: utf8_to_u32 never yields a surrogate
    icu::UnicodeString n = nfkc->normalize(icu::UnicodeString(static_cast<UChar32>(c)), st);
    REQUIRE(U_SUCCESS(st));
    t2s->transliterate(n);
    std::u32string want;
    for (int32_t i = 0; i < n.length();) {
      UChar32 cp = n.char32At(i);
      want.push_back(static_cast<char32_t>(cp));
      i += U16_LENGTH(cp);
    }
    if (want.empty()) want.push_back(c);
    if (want != std::u32string(1, c)) ++changed;
    if (kg::normalize_text(std::u32string(1, c)) != want) {
      ++differ;
      if (differ <= 5) FAIL_CHECK("U+" << std::hex << static_cast<uint32_t>(c) << " differs from ICU");
    }
  }
  CHECK(differ == 0);
  CHECK(changed > 2000);  // traditional characters and compatibility forms are in the table
  CHECK(kg::normalize_text(U"這個") == U"这个");
  CHECK(kg::normalize_text(U"𠀀") == U"𠀀");  // beyond the BMP: ICU at run time
}

TEST_CASE("is_space agrees with ICU's u_isspace, plus ideographic and no-break space, at every code point", "[base]") {
  size_t disagree = 0;
  for (char32_t c = 0; c < 0x110000; ++c) {
    bool icu = c == 0x3000 || c == 0xA0 || u_isspace(static_cast<UChar32>(c));
    if (kg::is_space(c) != icu && ++disagree <= 5) FAIL_CHECK("U+" << std::hex << static_cast<unsigned>(c));
  }
  CHECK(disagree == 0);
  CHECK(kg::is_space(U'\u3000'));
  CHECK_FALSE(kg::is_space(U'中'));
}
