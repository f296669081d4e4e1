// libFuzzer target: arbitrary bytes through the first ingest stages — ingest::decode_bytes, sniff_format,
// strip_markup (as text, HTML and Markdown), kg::normalize, repair_text, normalize_date and the UTF-8 helpers —
// checking the offset and code-point invariants their headers promise.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"
#include "base/text.h"
#include "base/unicode.h"
#include "fuzz/fuzz_check.h"
#include "ingest/decode.h"
#include "ingest/markup.h"
#include "ingest/pipeline.h"

namespace {

bool scalar_value(char32_t c) { return c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF); }

// A Text whose offsets point into a file of `size` bytes.
void check_text(const kg::Text& t, size_t size) {
  FUZZ_CHECK(t.src.size() == t.chars.size() + 1);
  for (uint32_t off : t.src) FUZZ_CHECK(off <= size);
  for (char32_t c : t.chars) FUZZ_CHECK(scalar_value(c));
}

void check_normalized(const kg::Text& in) {
  kg::Normalized n = kg::normalize(in.chars);
  FUZZ_CHECK(n.from.size() == n.chars.size() + 1);
  FUZZ_CHECK(n.from.back() == in.chars.size());
  for (uint32_t f : n.from) FUZZ_CHECK(f <= in.chars.size());
  for (char32_t c : n.chars) FUZZ_CHECK(scalar_value(c));
  FUZZ_CHECK(kg::normalize_text(in.chars) == n.chars);
}

// "" or a real calendar date written YYYY-MM-DD.
void check_date(const std::string& d) {
  if (d.empty()) return;
  FUZZ_CHECK(d.size() == 10 && d[4] == '-' && d[7] == '-');
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) FUZZ_CHECK(d[i] >= '0' && d[i] <= '9');
  int m = std::stoi(d.substr(5, 2)), day = std::stoi(d.substr(8, 2));
  FUZZ_CHECK(m >= 1 && m <= 12 && day >= 1 && day <= 31);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);

  // UTF-8 helpers: decoding never fails; valid input round-trips exactly.
  std::u32string u = kg::utf8_to_u32(bytes);
  FUZZ_CHECK(u.size() <= size);
  std::string back = kg::u32_to_utf8(u);
  FUZZ_CHECK(kg::valid_utf8(back));
  if (kg::valid_utf8(bytes)) FUZZ_CHECK(back == bytes);

  kg::ingest::Decoded dec;
  try {
    dec = kg::ingest::decode_bytes(bytes, "fuzz-input");
  } catch (const kg::Error&) {
    return 0;  // empty, binary or undecodable: a documented refusal
  }
  check_text(dec.text, size);
  for (size_t i = 1; i < dec.text.src.size(); ++i) FUZZ_CHECK(dec.text.src[i - 1] <= dec.text.src[i]);
  for (char32_t c : dec.text.chars) FUZZ_CHECK(c != '\r');
  FUZZ_CHECK(dec.encoding == "UTF-8" || dec.encoding == "UTF-16LE" || dec.encoding == "UTF-16BE" ||
             dec.encoding == "GB18030" || dec.encoding == "Big5");

  using kg::ingest::Format;
  (void)kg::ingest::sniff_format("fuzz-input", dec.text);
  for (Format f : {Format::Text, Format::Html, Format::Markdown}) {
    kg::ingest::Stripped s = kg::ingest::strip_markup(dec.text, f);
    check_text(s.text, size);
    check_date(s.date);
    FUZZ_CHECK(kg::valid_utf8(s.title));
    check_normalized(s.text);
    check_text(kg::ingest::repair_text(s.text), size);
  }

  // Date normaliser on the raw bytes (it must accept any string).
  check_date(kg::ingest::normalize_date(std::string(bytes.substr(0, 256))));
  return 0;
}
