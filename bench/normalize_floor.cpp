// kg_bench_normalize: the ingest floor — read every file under the given paths and run a bare normalisation pass
// over its text: ICU's "Traditional-Simplified" transliterator (--icu, the baseline the issue names) or kg's own
// kg::normalize_text (--kg). Prints TAB-separated key/value lines (files, bytes, seconds, MB/s) for bench/run.
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/text.h"
#include "base/unicode.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  std::string mode = "icu";
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--icu" || a == "--kg") {
      mode = a.substr(2);
      continue;
    }
    if (fs::is_directory(a)) {
      for (const auto& e : fs::recursive_directory_iterator(a))
        if (e.is_regular_file()) files.push_back(e.path());
    } else if (fs::is_regular_file(a)) {
      files.push_back(a);
    } else {
      std::fprintf(stderr, "error: %s: no such file or directory\n", a.c_str());
      return 2;
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: kg_bench_normalize [--icu|--kg] PATH...\n");
    return 2;
  }
  std::sort(files.begin(), files.end());
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
  if (U_FAILURE(status)) {
    std::fprintf(stderr, "error: ICU Traditional-Simplified: %s\n", u_errorName(status));
    return 2;
  }
  size_t bytes = 0, out_bytes = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& p : files) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    std::string data = ss.str();
    bytes += data.size();
    if (mode == "icu") {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(data);
      t->transliterate(u);
      std::string out;
      u.toUTF8String(out);
      out_bytes += out.size();
    } else {
      std::u32string n = kg::normalize_text(kg::utf8_to_u32(data));
      out_bytes += kg::u32_to_utf8(n).size();
    }
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("mode\t%s\nfiles\t%zu\nbytes\t%zu\nout_bytes\t%zu\nseconds\t%.3f\nmb_per_s\t%.2f\n", mode.c_str(),
              files.size(), bytes, out_bytes, s, bytes / s / (1024.0 * 1024.0));
  return 0;
}
