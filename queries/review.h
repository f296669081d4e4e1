// kg review: the ranked queue of things an analyst should look at — likely duplicate entities (an alias of one is
// the other's name or alias, in any script; names equal without legal suffixes such as 有限公司 or Inc.) and facts
// that are low-confidence or conflict. Pure functions over rows from the store; no database, no output.
#pragma once
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "graph/graph.h"
#include "schema/records.h"

namespace kg::queries {

// Legal-form suffixes as fold keys, longest first. load_legal_suffixes reads data/legal_suffixes.txt (one suffix a
// line, '#' comments); throws FileError naming the file.
std::vector<std::string> load_legal_suffixes(const std::string& path);
// fold_key(name) without trailing legal suffixes (repeatedly: 腾讯控股有限公司 → 腾讯). Never strips to nothing.
std::string core_key(const std::string& name, const std::vector<std::string>& suffixes);

struct ReviewItem {
  std::string key;       // stable short id of the item (10 hex digits of sha256 of what it is about)
  std::string kind;      // "duplicate" | "conflict" | "low-confidence"
  double score = 0;      // higher first
  std::string about;     // "Microsoft / 微軟" or "X invested Y (f3a9c01b2e)"
  std::string why;       // one line
  std::string settle;    // the command(s) that settle it, separated by " | "
};

struct ReviewInput {
  std::vector<EntityRow> entities;                       // effective entities (Store::entities())
  std::set<std::pair<std::string, std::string>> judged;  // entity key pairs with a merge or not-same (both orders)
  std::vector<std::string> suffixes;                     // load_legal_suffixes()
  double low_confidence = 0.75;                          // default 0.75: single-source facts below this are listed
};

// The queue: duplicate pairs not yet judged, conflicts between unjudged facts (queries::conflicts), single-source
// facts below the confidence threshold with no verdict. Sorted by score (descending), then key. g is built from
// the facts to review (rejected facts left out); facts with a verdict are never listed.
std::vector<ReviewItem> review(const ReviewInput& in, const graph::KnowledgeGraph& g);

}  // namespace kg::queries
