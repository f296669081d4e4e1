// libFuzzer target: queries::parse_question on arbitrary bytes (English and Chinese question forms); a question
// either parses into a Question within its documented domains or is refused with kg::UsageError.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"
#include "base/text.h"
#include "fuzz/fuzz_check.h"
#include "queries/question.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  kg::queries::Question q;
  try {
    q = kg::queries::parse_question(text);
  } catch (const kg::Error&) {
    return 0;  // UsageError: not understood, empty, too long, bad hops or empty range (the documented refusal)
  }
  FUZZ_CHECK(!q.a.empty());
  FUZZ_CHECK(q.hops >= 1 && q.hops <= 10);
  const bool two = q.kind == kg::queries::QuestionKind::Path || q.kind == kg::queries::QuestionKind::AllPaths;
  FUZZ_CHECK(two == !q.b.empty());
  for (const auto& v : q.via) FUZZ_CHECK(v == "invested" || v == "acquired" || v == "founded");
  if (q.min_amount) FUZZ_CHECK(kg::fuzz::sane_number(*q.min_amount));
  FUZZ_CHECK(!kg::queries::to_string(q.kind).empty());
  FUZZ_CHECK(!kg::queries::describe(q).empty());
  return 0;
}
