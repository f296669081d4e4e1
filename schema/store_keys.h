// The row key of a stored fact (facts.key), shared by Store::add_document (schema/store.cpp) and its bulk path
// (schema/bulk_import.cpp) so both write the same key. Private to schema/.
#pragma once
#include <cstdint>
#include <string>

#include "schema/records.h"

namespace kg {

// subject_id|predicate|object_id|year|month|amount|currency|status (amount rounded to whole units, missing values
// empty): deduplicates fact rows inside one database (docs/schema.md, "The fact key").
std::string fact_key(int64_t subject_id, const FactRecord& f, int64_t object_id);

}  // namespace kg
