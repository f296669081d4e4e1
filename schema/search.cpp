#include "schema/search.h"

#include <sqlite3.h>
#include <unicode/uchar.h>

#include <algorithm>

#include "base/error.h"
#include "base/text.h"
#include "base/unicode.h"
#include "schema/sqlite_util.h"
#include "schema/store.h"

namespace kg {

using sql::Stmt;

namespace {

// Characters indexed as overlapping bigrams: Han ideographs, kana, hangul (letters and digits only).
bool bigram_char(char32_t c) {
  bool script = is_cjk(c) || (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
                (c >= 0x1100 && c <= 0x11FF) || (c >= 0xAC00 && c <= 0xD7AF);
  return script && (U_GET_GC_MASK(static_cast<UChar32>(c)) & (U_GC_L_MASK | U_GC_N_MASK));
}

// Characters of words: what SQLite's unicode61 tokenizer keeps by default (letters, numbers, private use).
bool word_char(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if (c > 0x10FFFF || bigram_char(c)) return false;
  return U_GET_GC_MASK(static_cast<UChar32>(c)) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_CO_MASK);
}

char32_t fold(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  return static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
}

struct Token {
  std::u32string text;
  size_t begin = 0, end = 0;   // character positions in the tokenised string
};

enum class Mode { Document, Query };

// Tokens of one stretch of normalised text (a whole sentence, or one query term).
// Document: every run of bigram characters gives its bigrams and then its last character alone.
// Query: the last character alone is added only where the document has it at the same place, i.e. when the
// run is followed by another token of the term; a term ending in a one-character run marks it as a prefix.
std::vector<Token> tokenize(std::u32string_view s, Mode mode, bool* last_is_prefix = nullptr) {
  struct Run {
    size_t begin, end;
    bool bigram;
  };
  std::vector<Run> runs;
  for (size_t i = 0; i < s.size();) {
    if (bigram_char(s[i])) {
      size_t j = i;
      while (j < s.size() && bigram_char(s[j])) ++j;
      runs.push_back({i, j, true});
      i = j;
    } else if (word_char(s[i])) {
      size_t j = i;
      while (j < s.size() && word_char(s[j])) ++j;
      runs.push_back({i, j, false});
      i = j;
    } else {
      ++i;
    }
  }
  std::vector<Token> out;
  if (last_is_prefix) *last_is_prefix = false;
  for (size_t r = 0; r < runs.size(); ++r) {
    const Run& run = runs[r];
    if (!run.bigram) {
      Token t{{}, run.begin, run.end};
      for (size_t i = run.begin; i < run.end; ++i) t.text.push_back(fold(s[i]));
      out.push_back(std::move(t));
      continue;
    }
    size_t n = run.end - run.begin;
    for (size_t i = run.begin; i + 1 < run.end; ++i) out.push_back(Token{std::u32string(s.substr(i, 2)), i, i + 2});
    bool last_run = r + 1 == runs.size();
    if (mode == Mode::Document || n == 1 || !last_run)
      out.push_back(Token{std::u32string(1, s[run.end - 1]), run.end - 1, run.end});
    if (mode == Mode::Query && n == 1 && last_run && last_is_prefix) *last_is_prefix = true;
  }
  return out;
}

struct Term {
  std::vector<Token> tokens;
  bool prefix = false;   // the last token matches any token starting with it
};

// The query's terms: normalised, split at white space, terms without tokens dropped.
std::vector<Term> query_terms(std::string_view query_utf8) {
  std::u32string q = normalize_text(utf8_to_u32(query_utf8));
  std::vector<Term> terms;
  for (size_t i = 0; i < q.size();) {
    while (i < q.size() && is_space(q[i])) ++i;
    size_t j = i;
    while (j < q.size() && !is_space(q[j])) ++j;
    if (j > i) {
      Term t;
      t.tokens = tokenize(std::u32string_view(q).substr(i, j - i), Mode::Query, &t.prefix);
      if (!t.tokens.empty()) terms.push_back(std::move(t));
    }
    i = j;
  }
  return terms;
}

bool token_matches(const Token& doc, const Token& q, bool prefix) {
  if (!prefix) return doc.text == q.text;
  return doc.text.size() >= q.text.size() && doc.text.compare(0, q.text.size(), q.text) == 0;
}

void grams_function(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc != 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  auto p = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  int n = sqlite3_value_bytes(argv[0]);
  try {
    std::string g = search_grams(std::string_view(p ? p : "", p ? static_cast<size_t>(n) : 0));
    sqlite3_result_text(ctx, g.data(), static_cast<int>(g.size()), SQLITE_TRANSIENT);
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(ctx);
  } catch (const std::exception& e) {
    sqlite3_result_error(ctx, e.what(), -1);
  }
}

void match_function(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc != 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  auto p = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  int n = sqlite3_value_bytes(argv[0]);
  try {
    std::string m = search_match_expression(std::string_view(p ? p : "", p ? static_cast<size_t>(n) : 0));
    sqlite3_result_text(ctx, m.data(), static_cast<int>(m.size()), SQLITE_TRANSIENT);
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(ctx);
  } catch (const std::exception& e) {
    sqlite3_result_error(ctx, e.what(), -1);
  }
}

void fold_key_function(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc != 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  auto p = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  int n = sqlite3_value_bytes(argv[0]);
  try {
    std::string k = fold_key(std::string_view(p ? p : "", p ? static_cast<size_t>(n) : 0));
    sqlite3_result_text(ctx, k.data(), static_cast<int>(k.size()), SQLITE_TRANSIENT);
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(ctx);
  } catch (const std::exception& e) {
    sqlite3_result_error(ctx, e.what(), -1);
  }
}

// The entity rows a name stands for: rows named so or having the name as an alias (compared by fold_key), the
// entity each of those is read as after merges (view entity_map), any effective alias of it (view
// effective_aliases, which includes analysts' aliases) and every row merged into it. Empty when unknown.
std::vector<int64_t> entity_rows(sqlite3* db, const std::string& name) {
  Stmt st(db,
          "WITH direct(id) AS ("
          "  SELECT id FROM entities WHERE name = ?1 OR key = ?2"
          "  UNION SELECT entity_id FROM aliases WHERE key = ?2),"
          " canon(key) AS ("
          "  SELECT key FROM effective_aliases WHERE kg_fold_key(alias) = ?2"
          "  UNION SELECT m.canon FROM entity_map m JOIN entities e ON e.key = m.key"
          "        WHERE e.id IN (SELECT id FROM direct) AND e.key <> '')"
          " SELECT id FROM direct"
          " UNION SELECT e.id FROM entities e JOIN entity_map m ON m.key = e.key WHERE m.canon IN (SELECT key FROM canon)"
          " ORDER BY 1");
  st.bind(1, name).bind(2, fold_key(name));
  std::vector<int64_t> ids;
  while (st.step()) ids.push_back(st.i64(0));
  return ids;
}

}  // namespace

std::string search_grams(std::string_view norm_utf8) {
  std::u32string s = utf8_to_u32(norm_utf8);
  std::string out;
  out.reserve(norm_utf8.size() * 2);
  for (const Token& t : tokenize(s, Mode::Document)) {
    if (!out.empty()) out.push_back(' ');
    for (char32_t c : t.text) append_utf8(out, c);
  }
  return out;
}

std::string search_match_expression(std::string_view query_utf8) {
  std::string expr;
  for (const Term& t : query_terms(query_utf8)) {
    if (!expr.empty()) expr += " AND ";
    expr.push_back('"');
    for (size_t i = 0; i < t.tokens.size(); ++i) {
      if (i) expr.push_back(' ');
      for (char32_t c : t.tokens[i].text) append_utf8(expr, c);  // letters and digits only: no quote can occur
    }
    expr.push_back('"');
    if (t.prefix) expr += " *";
  }
  return expr;
}

std::vector<std::pair<size_t, size_t>> search_highlights(std::string_view text_utf8, std::string_view query_utf8) {
  std::vector<std::pair<size_t, size_t>> ranges;
  if (!valid_utf8(text_utf8)) return ranges;
  std::u32string original = utf8_to_u32(text_utf8);
  Normalized norm = normalize(original);
  std::vector<Token> doc = tokenize(norm.chars, Mode::Document);
  // Byte offset of every original character (and of the end).
  std::vector<size_t> byte_at;
  byte_at.reserve(original.size() + 1);
  size_t b = 0;
  std::string tmp;
  for (char32_t c : original) {
    byte_at.push_back(b);
    tmp.clear();
    append_utf8(tmp, c);
    b += tmp.size();
  }
  byte_at.push_back(b);
  for (const Term& t : query_terms(query_utf8)) {
    size_t n = t.tokens.size();
    for (size_t i = 0; i + n <= doc.size(); ++i) {
      bool ok = true;
      for (size_t k = 0; k < n && ok; ++k) ok = token_matches(doc[i + k], t.tokens[k], t.prefix && k + 1 == n);
      if (!ok) continue;
      size_t nb = doc[i].begin;
      size_t ne = t.prefix ? doc[i + n - 1].begin + t.tokens[n - 1].text.size() : doc[i + n - 1].end;
      if (ne <= nb || ne > norm.chars.size()) continue;
      size_t ob = norm.from[nb], oe = norm.from[ne - 1] + 1;
      if (oe > original.size() || ob >= oe) continue;
      ranges.emplace_back(byte_at[ob], byte_at[oe]);
    }
  }
  std::sort(ranges.begin(), ranges.end());
  std::vector<std::pair<size_t, size_t>> merged;
  for (const auto& r : ranges) {
    if (!merged.empty() && r.first <= merged.back().second) merged.back().second = std::max(merged.back().second, r.second);
    else merged.push_back(r);
  }
  return merged;
}

std::string mark_ranges(std::string_view text, const std::vector<std::pair<size_t, size_t>>& ranges,
                        std::string_view open, std::string_view close) {
  std::string out;
  size_t at = 0;
  for (const auto& [b, e] : ranges) {
    if (b < at || e > text.size() || b >= e) continue;
    out.append(text.substr(at, b - at));
    out.append(open);
    out.append(text.substr(b, e - b));
    out.append(close);
    at = e;
  }
  out.append(text.substr(at));
  return out;
}

void register_search_functions(sqlite3* db) {
  int rc = sqlite3_create_function_v2(db, "kg_search_grams", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                      nullptr, grams_function, nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(db, "kg_fold_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                    nullptr, fold_key_function, nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(db, "kg_search_match", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                    nullptr, match_function, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw DbError(std::string("cannot register the search functions: ") + sqlite3_errmsg(db));
}

SearchResult SentenceSearch::find(std::string_view query, const SearchOptions& o) const {
  if (o.limit < 1) throw UsageError("--limit: expected a whole number of at least 1, got " + std::to_string(o.limit));
  if (o.since && o.until && *o.since > *o.until)
    throw UsageError("--since " + std::to_string(*o.since) + " is after --until " + std::to_string(*o.until));
  SearchResult r;
  std::string expr = search_match_expression(query);
  if (expr.empty()) {
    r.searchable = false;
    return r;
  }
  sqlite3* db = store_.db_;
  std::string ids_json;  // JSON array of the entity row ids the sentences must mention
  if (!o.entity.empty()) {
    std::vector<int64_t> ids = entity_rows(db, o.entity);
    if (ids.empty()) {
      r.entity_known = false;
      return r;
    }
    ids_json = "[";
    for (size_t i = 0; i < ids.size(); ++i) ids_json += (i ? "," : "") + std::to_string(ids[i]);
    ids_json += "]";
  }
  std::string q =
      "SELECT s.id, s.doc_id, d.path, d.pub_date, s.start, s.\"end\", s.text, bm25(sentence_search) AS score"
      " FROM sentence_search JOIN sentences s ON s.id = sentence_search.rowid JOIN documents d ON d.id = s.doc_id"
      " WHERE sentence_search MATCH ?1 AND s.noise = 0 AND s.dup_of IS NULL"
      " AND (?2 IS NULL OR (d.pub_date <> '' AND CAST(substr(d.pub_date, 1, 4) AS INTEGER) >= ?2))"
      " AND (?3 IS NULL OR (d.pub_date <> '' AND CAST(substr(d.pub_date, 1, 4) AS INTEGER) <= ?3))"
      " AND (?5 IS NULL OR s.id IN (SELECT m.sentence_id FROM mentions m"
      "                             WHERE m.entity_id IN (SELECT value FROM json_each(?5))))"
      " ORDER BY score, d.path, s.start, s.id LIMIT ?4";
  Stmt st(db, q);
  st.bind(1, expr).bind(2, o.since).bind(3, o.until).bind(4, static_cast<int64_t>(o.limit) + 1);
  st.bind(5, ids_json.empty() ? std::nullopt : std::optional<std::string>(ids_json));
  while (st.step()) {
    if (static_cast<int>(r.hits.size()) == o.limit) {
      r.more = true;
      break;
    }
    SearchHit h;
    h.sentence_id = st.i64(0);
    h.doc_id = st.i64(1);
    h.doc_path = st.str(2);
    h.doc_date = st.str(3);
    h.start = st.i64(4);
    h.end = st.i64(5);
    h.text = st.str(6);
    h.score = st.f64(7);
    h.marks = search_highlights(h.text, query);
    r.hits.push_back(std::move(h));
  }
  return r;
}

}  // namespace kg
