// libFuzzer target: ingest::process_document on arbitrary bytes (the data files loaded once from KG_DATA_DIR),
// checking that the ExtractedDocument is one the store can take: offsets inside the file, sentences in order,
// every mention and fact naming a listed entity and an existing sentence, values in their documented domains.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"
#include "base/text.h"
#include "fuzz/document_check.h"
#include "ingest/pipeline.h"
#include "schema/records.h"

namespace {

const kg::ingest::Resources& resources() {
  static const kg::ingest::Resources res = kg::ingest::Resources::load(KG_DATA_DIR);
  return res;
}

void check(const kg::ExtractedDocument& x, size_t size) {
  using kg::fuzz::one_of;
  FUZZ_CHECK(x.doc.bytes == static_cast<int64_t>(size) && x.doc.raw.size() == size);
  FUZZ_CHECK(x.doc.sha256.size() == 64);
  FUZZ_CHECK(one_of(x.doc.format, {"text", "html", "markdown"}));
  FUZZ_CHECK(one_of(x.doc.pub_date_source, {"given", "metadata", "inferred", "unknown"}));
  FUZZ_CHECK(x.doc.pub_date.empty() || x.doc.pub_date.size() == 4 || x.doc.pub_date.size() == 7 ||
             x.doc.pub_date.size() == 10);
  FUZZ_CHECK(kg::valid_utf8(x.doc.title));
  kg::fuzz::check_records(x, size);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& res = resources();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    check(kg::ingest::process_document("fuzz-input", bytes, res), size);
  } catch (const kg::Error&) {
    // refused (empty, binary, undecodable): the documented outcome
  }
  return 0;
}
