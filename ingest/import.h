// kg::ingest import: structured facts from a tab-separated table (the `kg facts --format tsv` layout, optionally
// with --full and source columns) turned into an ExtractedDocument, so imported facts are stored, traced (file and
// line) and rebuilt exactly like extracted ones.
#pragma once
#include <string>
#include <string_view>

#include "schema/records.h"

namespace kg::ingest {

// The document format recorded for imported tables (documents.format).
inline constexpr const char* kFactTableFormat = "facts";

// Parses a fact table. The first line that is neither blank nor a `#` comment is the header; columns are found by
// name, in any order:
//   required  subject predicate object
//   optional  amount currency year month day status round role approx round_total amount_min amount_max
//             date_basis confidence rule subject_type object_type evidence source
//   ignored   sources id key verdict  (printed by `kg facts`; recomputed, or a judgement, not data)
// Each data row becomes one fact whose evidence is the row's `evidence` (else the row itself) at the row's byte
// span in the file. Throws FileError(path, message, line) on the first malformed row: unknown column, missing
// required value, predicate not invested|acquired|founded, bad number, year outside 1800–2100, month outside 1–12,
// unknown status; and for invalid UTF-8, binary or an empty table. Nothing is returned partially.
// sha256: the hash of bytes when the caller already has it (sha256_hex(bytes)); computed when empty.
ExtractedDocument import_fact_table(const std::string& path, std::string_view bytes, std::string sha256 = "");

}  // namespace kg::ingest
