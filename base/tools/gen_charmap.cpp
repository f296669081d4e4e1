// Build-time generator of base/unicode.cpp's per-code-point normalisation table: for every BMP code point whose
// NFKC + ICU Traditional-Simplified mapping (taken one code point at a time, exactly as CharMap::compute does at run
// time) is not the code point itself, one entry. Read at start-up instead of creating ICU's transliterator (about
// 50 ms per process). Usage: kg_gen_charmap OUT.h
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: kg_gen_charmap OUT.h\n");
    return 2;
  }
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(st);
  if (U_FAILURE(st)) return std::fprintf(stderr, "kg_gen_charmap: no NFKC: %s\n", u_errorName(st)), 1;
  st = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t2s(
      icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, st));
  if (U_FAILURE(st)) return std::fprintf(stderr, "kg_gen_charmap: no T-S: %s\n", u_errorName(st)), 1;
  std::string body;
  size_t entries = 0;
  for (UChar32 c = 0x80; c < 0x10000; ++c) {
    icu::UnicodeString u(c);
    UErrorCode e = U_ZERO_ERROR;
    icu::UnicodeString n = nfkc->normalize(u, e);
    if (U_FAILURE(e)) n = u;
    t2s->transliterate(n);
    std::vector<UChar32> out;
    for (int32_t i = 0; i < n.length();) {
      UChar32 cp = n.char32At(i);
      out.push_back(cp);
      i += U16_LENGTH(cp);
    }
    if (out.empty()) out.push_back(c);
    if (out.size() == 1 && out[0] == c) continue;
    char buf[32];
    std::snprintf(buf, sizeof buf, "  0x%04X, %zu,", static_cast<unsigned>(c), out.size());
    body += buf;
    for (UChar32 o : out) {
      std::snprintf(buf, sizeof buf, " 0x%X,", static_cast<unsigned>(o));
      body += buf;
    }
    body += "\n";
    ++entries;
  }
  std::ofstream f(argv[1], std::ios::binary);
  f << "// Generated at build time by base/tools/gen_charmap.cpp from this machine's ICU " << U_ICU_VERSION
    << ". Do not edit.\n"
    << "// Flattened entries: code point, n, then the n code points it normalises to (NFKC, then\n"
    << "// Traditional-Simplified); BMP code points not listed map to themselves.\n"
    << "#pragma once\n#include <cstdint>\nnamespace kg::charmap {\n"
    << "inline constexpr uint32_t kEntries = " << entries << ";\n"
    << "inline constexpr char32_t kData[] = {\n" << body << "};\n}  // namespace kg::charmap\n";
  return f ? 0 : 1;
}
