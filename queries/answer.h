// Structured queries over a KnowledgeGraph, each returning a Table whose rows carry their evidence (sentence,
// document, publication date, source count); answer() runs a parsed Question. Used by `kg query` and by the
// structured CLI commands. Pure functions: no database, no output.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/graph.h"
#include "queries/question.h"
#include "queries/table.h"

namespace kg::queries {

// Which facts an answer may use.
struct FactFilter {
  std::optional<int> before;          // default unset; keep facts with year < before
  std::optional<int> after;           // default unset; keep facts with year > after
  std::optional<int> in_year;         // default unset; keep facts with year == in_year
                                      // (any of the three set: facts without a year are dropped)
  std::optional<double> min_amount;   // default unset; keep facts whose own amount (FactRow::amount, else
                                      // amount_min) is >= min_amount. Facts without an amount, and facts whose
                                      // amount is only the round's total (round_total), are dropped.
  std::string currency;               // default "": any currency; else the fact's currency must equal it (no FX)
  bool include_denied = false;        // default false: denied and terminated facts are dropped
  bool accepts(const FactRow& f) const;
};

// The filter a question asks for.
FactFilter filter_of(const Question& q);

// The vertex for name (canonical or alias, any script). Throws UsageError("unknown entity 'X'; did you mean:
// A, B, C?") — without the "did you mean" part when nothing is close.
graph::Vertex resolve(const graph::KnowledgeGraph& g, std::string_view name);

// Plain number for a table cell: "1000000000", "2.5"; "" when unset.
std::string plain_amount(const std::optional<double>& amount);

// ---- fact families: one row per fact, ordered by year (undated last), month, day, then answer name ----
// Columns: <answer> year amount currency sentence document date <extras>. sentence/document/date come from the
// fact's first source (date = the document's publication date); sources = number of supporting sentences.

// investor year amount currency sentence document date status round role sources
Table investors(const graph::KnowledgeGraph& g, std::string_view name, const FactFilter& filter = FactFilter());
Table investors(const graph::KnowledgeGraph& g, std::string_view name, std::optional<int> before,
                std::optional<int> after, std::optional<int> in_year, std::optional<double> min_amount,
                std::string_view currency);
// company year amount currency sentence document date status round role sources
Table portfolio(const graph::KnowledgeGraph& g, std::string_view name, const FactFilter& filter = FactFilter());
// acquirer year amount currency sentence document date status sources
Table acquirers(const graph::KnowledgeGraph& g, std::string_view name, const FactFilter& filter = FactFilter());
// company year amount currency sentence document date status sources
Table acquisitions(const graph::KnowledgeGraph& g, std::string_view name, const FactFilter& filter = FactFilter());
// founder year amount currency sentence document date status sources
Table founders(const graph::KnowledgeGraph& g, std::string_view name, const FactFilter& filter = FactFilter());
// company year amount currency sentence document date status sources
Table founded_by(const graph::KnowledgeGraph& g, std::string_view name, const FactFilter& filter = FactFilter());
// co_investor year amount currency sentence document date company status round role sources
// Other investors in the companies name invested in; one row per co-investor fact (its investment in the shared
// company), the filter applying to both name's and the co-investor's facts.
Table co_investors(const graph::KnowledgeGraph& g, std::string_view name, const FactFilter& filter = FactFilter());
// entity year amount currency sentence document date month subject predicate object status sources
// Every fact name takes part in; entity = the other party.
Table timeline(const graph::KnowledgeGraph& g, std::string_view name, const FactFilter& filter = FactFilter());

// ---- graph families ----
// step from predicate to year amount sentence document — one row per hop in path order; predicate is
// "invested" when the fact runs from → to and "invested by" when it runs to → from. With all = true every
// shortest path (at most 100) is listed and step is "<path>.<hop>" ("1.1", "1.2", "2.1"). via restricts the
// predicates (invested|acquired|founded; anything else throws UsageError); year bounds of the filter apply.
// No path: no rows, note says so.
Table path(const graph::KnowledgeGraph& g, std::string_view a, std::string_view b,
           const std::vector<std::string>& via = {}, bool all = false, const FactFilter& filter = FactFilter());
// entity year amount currency sentence document date hops type link — every entity within hops (1..10, else
// UsageError) of x except x, ordered by hops then name; year… are those of link, one fact joining the entity to
// an entity one hop closer to x ("Microsoft invested OpenAI").
Table neighbors(const graph::KnowledgeGraph& g, std::string_view x, int hops = 2,
                const std::vector<std::string>& via = {}, const FactFilter& filter = FactFilter());

// Two facts with the same subject, predicate and object whose amounts (both known) or years (both known) differ
// and whose evidence comes from disjoint sets of documents (one document reporting both is taken to describe two
// events, not a disagreement).
struct Conflict {
  size_t first = 0, second = 0;  // fact indexes, first < second
  std::string what;              // e.g. "year 2022 vs 2023"
};
std::vector<Conflict> conflicts(const graph::KnowledgeGraph& g, graph::Vertex v);

// entity year amount currency sentence document date subject predicate object status round role rule confidence
// conflict — one row per (fact, source) for every fact name takes part in (denied ones included, status says so);
// conflict names the fact(s) it disagrees with. The note gives type, aliases, fact and conflict counts.
Table profile(const graph::KnowledgeGraph& g, std::string_view name);

// Runs a parsed question.
Table answer(const graph::KnowledgeGraph& g, const Question& q);

}  // namespace kg::queries
