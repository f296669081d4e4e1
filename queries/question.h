// kg::queries::Question and parse_question: turns an English or Chinese (simplified or traditional) question into
// a structured query — kind, entities, year and amount constraints, hops, predicates. Never guesses: a question
// that fits none of the understood forms throws UsageError listing them.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kg::queries {

enum class QuestionKind {
  Investors,     // who invested in a
  Portfolio,     // what a invested in
  Acquirers,     // who acquired a
  Acquisitions,  // what a acquired
  Founders,      // who founded a
  FoundedBy,     // what a (a person) founded
  Path,          // how a is connected to b (one shortest path)
  AllPaths,      // every shortest path between a and b
  Neighbors,     // what is within hops of a
  CoInvestors,   // who invested in the same companies as a
  Timeline,      // every fact about a in time order
  Profile,       // type, aliases, facts with sources, conflicts of a
};

// "investors", "portfolio", "acquirers", "acquisitions", "founders", "founded_by", "path", "all_paths",
// "neighbors", "co_investors", "timeline", "profile".
std::string_view to_string(QuestionKind kind);

struct Question {
  QuestionKind kind = QuestionKind::Profile;
  std::string a;                        // the entity asked about, as written in the question (trimmed, unquoted)
  std::string b;                        // second entity (path, all_paths); empty otherwise
  std::optional<int> before;            // default unset; facts with year < before
  std::optional<int> after;             // default unset; facts with year > after ("since Y" gives after = Y-1;
                                        //   "between Y1 and Y2" gives after = Y1-1 and before = Y2+1)
  std::optional<int> in_year;           // default unset; facts with year == in_year
  std::optional<double> min_amount;     // default unset; facts whose amount is at least this (inclusive)
  std::string currency;                 // default "": any currency; else ISO 4217 of min_amount (USD, CNY, …)
  int hops = 2;                         // default 2; neighbors only, 1..10
  std::vector<std::string> via;         // default empty: all predicates; else subset of invested|acquired|founded
};

// Parses one question. Traditional Chinese and full-width characters are normalised first (kg::normalize_utf8),
// but entity names keep their spelling from the question. Year words: before/after/since/in/between…and,
// 之前/以前/前 (exclusive), 之后/以后/后 (exclusive), 以来/起 (inclusive), N年 (in), N年到M年 (inclusive range).
// Amount words: more than/over/at least/above + $1 billion | 1 billion dollars | $500M | 100 million yuan;
// 超过/逾/不少于/至少 + 10亿美元 | 1亿元 | …以上. Throws UsageError("cannot understand question '…'; try: …") when
// no form fits, and UsageError for an empty or over-long (> 500 characters) question, bad hop counts
// (outside 1..10) or an empty year range.
Question parse_question(std::string_view text);

// One-line summary for logs and tests, e.g. "investors a=OpenAI before=2019".
std::string describe(const Question& q);

// The understood forms, one line, "who funded X [before YEAR] | …" (used in the parse error).
const std::string& understood_forms();

}  // namespace kg::queries
