// Full-text search over stored sentences: the token scheme behind the FTS5 table `sentence_search`
// (schema/003_search.sql: overlapping CJK bigrams, whole Latin words), the SQL function that feeds it, and
// kg::SentenceSearch, the ranked search with highlights that backs `kg search`.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct sqlite3;

namespace kg {

class Store;

// The indexed form of a normalised sentence (the `norm` column): its tokens joined by single spaces.
// A run of CJK/kana/hangul characters gives its overlapping bigrams plus its last character on its own
// (so "投资方" gives "投资 资方 方"); every other run of letters and digits is one case-folded word ("OpenAI"
// gives "openai"); everything else separates tokens. Deterministic: the index depends on it.
std::string search_grams(std::string_view norm_utf8);

// The FTS5 MATCH expression for a user query: the query is normalised (NFKC, traditional -> simplified),
// split at white space into terms, each term becomes one quoted phrase of its tokens, terms are ANDed.
// Only letters and digits ever reach the expression, so quotes, *, NEAR, parentheses and the like are plain
// separators. A term ending in a single CJK character matches it as a prefix ("投" finds 投资).
// Returns "" when the query has nothing searchable (only punctuation or spaces).
std::string search_match_expression(std::string_view query_utf8);

// Byte ranges [first, second) in text_utf8 (a sentence as written) where the query matches, by the same
// token rules as the index; sorted and not overlapping. Empty when nothing matches.
std::vector<std::pair<size_t, size_t>> search_highlights(std::string_view text_utf8, std::string_view query_utf8);

// text with `open` and `close` inserted around each range (ranges as returned by search_highlights).
std::string mark_ranges(std::string_view text, const std::vector<std::pair<size_t, size_t>>& ranges,
                        std::string_view open, std::string_view close);

// Registers the SQL functions kg_search_grams(TEXT) (= search_grams), kg_search_match(TEXT)
// (= search_match_expression) and kg_fold_key(TEXT) (= fold_key) on a connection. Every connection that writes sentences needs kg_search_grams: the triggers of
// schema/003_search.sql call it. Throws DbError.
void register_search_functions(sqlite3* db);

struct SearchOptions {
  std::string entity;             // default "": no filter; else only sentences mentioning this entity (any alias)
  std::optional<int> since;       // default none: else only documents published in or after this year
  std::optional<int> until;       // default none: else only documents published in or before this year
  int limit = 20;                 // default 20: at most this many hits
};

struct SearchHit {
  int64_t sentence_id = 0;
  int64_t doc_id = 0;
  std::string doc_path;           // documents.path
  std::string doc_date;           // documents.pub_date, may be empty
  int64_t start = 0, end = 0;     // byte span of the sentence in the original file
  std::string text;               // the sentence as written
  std::vector<std::pair<size_t, size_t>> marks;  // byte ranges of the matches in text (search_highlights)
  double score = 0;               // bm25; lower is better
};

struct SearchResult {
  std::vector<SearchHit> hits;    // best first (bm25, then path, then offset)
  bool more = false;              // more hits exist beyond the limit
  bool searchable = true;         // false when the query has no letters or digits
  bool entity_known = true;       // false when --entity names no known entity
};

// Ranked search over the sentences of a store that are neither noise nor duplicates.
class SentenceSearch {
 public:
  explicit SentenceSearch(const Store& store) : store_(store) {}
  // Throws UsageError for a bad limit or year range, DbError on database errors. Not found = empty hits.
  SearchResult find(std::string_view query, const SearchOptions& options = SearchOptions()) const;

 private:
  const Store& store_;
};

}  // namespace kg
