// libFuzzer target: the date parsers on arbitrary text — ingest::find_dates (raw and normalised), DateContext
// resolution with and without a publication date, infer_publication_date over the lines, parse_date and
// normalize_date — checking spans, ordering and that every resolved date is a real calendar position.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/text.h"
#include "base/unicode.h"
#include "fuzz/fuzz_check.h"
#include "ingest/dates.h"
#include "ingest/markup.h"
#include "ingest/pipeline.h"

namespace {

void check_parts(const std::optional<int>& y, const std::optional<int>& m, const std::optional<int>& d) {
  if (m) FUZZ_CHECK(*m >= 1 && *m <= 12);
  if (d) FUZZ_CHECK(*d >= 1 && *d <= 31);
  (void)y;
}

void check(std::u32string_view text) {
  std::vector<kg::ingest::DateExpr> found = kg::ingest::find_dates(text);
  size_t prev_end = 0;
  for (const auto& e : found) {
    FUZZ_CHECK(e.begin < e.end && e.end <= text.size());
    FUZZ_CHECK(e.begin >= prev_end);
    prev_end = e.end;
    if (e.year) FUZZ_CHECK(*e.year >= 1900 && *e.year <= 2100);
    if (e.month) FUZZ_CHECK(*e.month >= 1 && *e.month <= 12);
    if (e.day) FUZZ_CHECK(*e.day >= 1 && *e.day <= 31);
    FUZZ_CHECK(kg::valid_utf8(e.text));
  }
  // Resolution: once against a publication date, once without one.
  for (bool with_pub : {true, false}) {
    kg::ingest::DateContext ctx;
    if (with_pub) ctx.set_publication(2023, 1, 31);
    for (const auto& e : found) {
      kg::ingest::ResolvedDate r = ctx.resolve(e);
      FUZZ_CHECK(r.basis.empty() || r.basis == "explicit" || r.basis == "previous" || r.basis == "publication");
      if (!r.basis.empty()) FUZZ_CHECK(r.year.has_value());
      check_parts(r.year, r.month, r.day);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::u32string raw = kg::utf8_to_u32(bytes);
  try {
    check(raw);
    check(kg::normalize_text(raw));

    std::vector<std::u32string> lines(1);
    for (char32_t c : raw) {
      if (c == '\n') lines.emplace_back();
      else lines.back().push_back(c);
    }
    kg::ingest::PublicationDate p = kg::ingest::infer_publication_date(lines);
    if (p.how.empty()) FUZZ_CHECK(!p.year && !p.month && !p.day);
    else FUZZ_CHECK(p.year && p.month && p.day);
    check_parts(p.year, p.month, p.day);

    std::optional<int> y, m, d;
    std::string s(bytes.substr(0, 64));
    if (kg::ingest::parse_date(s, y, m, d)) {
      FUZZ_CHECK(y && *y >= 1900 && *y <= 2100);
      check_parts(y, m, d);
    }
    std::string n = kg::ingest::normalize_date(s);
    FUZZ_CHECK(n.empty() || n.size() == 10);
  } catch (const kg::Error&) {
    // dates.h promises no exceptions, but a kg::Error would still be a clean refusal
  }
  return 0;
}
