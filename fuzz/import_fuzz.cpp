// libFuzzer target: kg import's parser, ingest::import_fact_table, on arbitrary bytes; a table is either refused
// with kg::FileError or becomes an ExtractedDocument the store can take (fuzz/document_check.h).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"
#include "fuzz/document_check.h"
#include "ingest/import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kg::ExtractedDocument x;
  try {
    x = kg::ingest::import_fact_table("fuzz-input.tsv", bytes);
  } catch (const kg::Error&) {
    return 0;  // a malformed table: the documented refusal
  }
  FUZZ_CHECK(x.doc.format == kg::ingest::kFactTableFormat);
  FUZZ_CHECK(x.doc.bytes == static_cast<int64_t>(size) && x.doc.raw.size() == size);
  FUZZ_CHECK(!x.facts.empty());
  kg::fuzz::check_records(x, size);
  return 0;
}
