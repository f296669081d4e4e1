// Consistency checks shared by the fuzz targets that produce an ExtractedDocument (document_fuzz, import_fuzz):
// what Store::add_document needs (offsets inside the file, sentences in order, mentions and facts naming listed
// entities and existing sentences) and the documented value domains of schema/records.h.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <set>
#include <string>

#include "base/text.h"
#include "fuzz/fuzz_check.h"
#include "schema/records.h"

namespace kg::fuzz {

inline bool one_of(const std::string& s, std::initializer_list<const char*> options) {
  for (const char* o : options)
    if (s == o) return true;
  return false;
}

// Aborts unless x (made from a file of `size` bytes) is consistent.
inline void check_records(const kg::ExtractedDocument& x, size_t size) {
  const int64_t n = static_cast<int64_t>(size);
  for (size_t i = 0; i < x.sentences.size(); ++i) {
    const auto& s = x.sentences[i];
    FUZZ_CHECK(s.seq == static_cast<int>(i));
    FUZZ_CHECK(0 <= s.start && s.start <= s.end && s.end <= n);
    FUZZ_CHECK(s.dup_of < s.seq);
    FUZZ_CHECK(kg::valid_utf8(s.text) && kg::valid_utf8(s.norm));
  }
  const int sentences = static_cast<int>(x.sentences.size());

  std::set<std::string> names;
  for (const auto& e : x.entities) {
    FUZZ_CHECK(!e.name.empty() && kg::valid_utf8(e.name));
    FUZZ_CHECK(one_of(e.type, {"person", "organization", "product"}));
    FUZZ_CHECK(one_of(e.origin, {"lexicon", "discovered", "user", "imported"}));
    for (const auto& a : e.aliases) FUZZ_CHECK(kg::valid_utf8(a));
    names.insert(e.name);
  }
  for (const auto& m : x.mentions) {
    FUZZ_CHECK(names.count(m.entity) == 1);
    FUZZ_CHECK(m.sentence_seq >= 0 && m.sentence_seq < sentences);
    FUZZ_CHECK(0 <= m.start && m.start <= m.end && m.end <= n);
    FUZZ_CHECK(kg::valid_utf8(m.surface));
  }
  for (const auto& f : x.facts) {
    FUZZ_CHECK(names.count(f.subject) == 1 && names.count(f.object) == 1);
    FUZZ_CHECK(one_of(f.predicate, {"invested", "acquired", "founded"}));
    FUZZ_CHECK(one_of(f.status, {"completed", "planned", "pending", "rumoured", "denied", "terminated"}));
    FUZZ_CHECK(one_of(f.date_basis, {"explicit", "previous", "publication", ""}));
    FUZZ_CHECK(one_of(f.role, {"lead", "participant", ""}));
    FUZZ_CHECK(f.sentence_seq >= 0 && f.sentence_seq < sentences);
    FUZZ_CHECK(0 <= f.start && f.start <= f.end && f.end <= n);
    if (f.amount) FUZZ_CHECK(sane_number(*f.amount));
    if (f.amount_min) FUZZ_CHECK(sane_number(*f.amount_min));
    if (f.amount_max) FUZZ_CHECK(sane_number(*f.amount_max));
    if (f.month) FUZZ_CHECK(*f.month >= 1 && *f.month <= 12);
    if (f.day) FUZZ_CHECK(*f.day >= 1 && *f.day <= 31);
    FUZZ_CHECK(std::isfinite(f.confidence));
  }
}

}  // namespace kg::fuzz
