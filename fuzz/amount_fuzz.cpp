// libFuzzer target: ingest::find_amounts on arbitrary text, both as given (UTF-8, bad bytes as U+FFFD) and after
// kg::normalize_text as the pipeline feeds it; checks the span, ordering and value invariants of amount.h.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"
#include "base/text.h"
#include "base/unicode.h"
#include "fuzz/fuzz_check.h"
#include "ingest/amount.h"

namespace {

void check(std::u32string_view text) {
  std::vector<kg::ingest::Amount> found = kg::ingest::find_amounts(text);
  size_t prev_end = 0;
  for (const auto& a : found) {
    FUZZ_CHECK(a.begin < a.end && a.end <= text.size());
    FUZZ_CHECK(a.begin >= prev_end);  // ordered, non-overlapping
    prev_end = a.end;
    FUZZ_CHECK(kg::fuzz::sane_number(a.value));
    if (a.min) FUZZ_CHECK(kg::fuzz::sane_number(*a.min));
    if (a.max) FUZZ_CHECK(kg::fuzz::sane_number(*a.max));
    if (a.min && a.max) FUZZ_CHECK(*a.min <= *a.max);
    FUZZ_CHECK(a.bound.empty() || a.bound == "about" || a.bound == "lower" || a.bound == "upper" ||
               a.bound == "range");
    FUZZ_CHECK(a.currency.empty() || (a.currency.size() == 3 && a.currency[0] >= 'A' && a.currency[0] <= 'Z'));
    if (a.undisclosed) FUZZ_CHECK(a.value == 0);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::u32string raw = kg::utf8_to_u32(std::string_view(reinterpret_cast<const char*>(data), size));
  try {
    check(raw);
    check(kg::normalize_text(raw));
  } catch (const kg::Error&) {
    // amount.h promises no exceptions, but a kg::Error would still be a clean refusal
  }
  return 0;
}
