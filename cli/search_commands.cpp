// kg search (full-text search over stored sentences) and kg sql (one read-only SQL query): the search command group.
#include <string>
#include <vector>

#include "base/error.h"
#include "cli/command.h"
#include "schema/search.h"
#include "schema/sql_console.h"

namespace kg::cli {
namespace {

using queries::OutputFormat;
using queries::Table;

// Prints the note of a TSV/JSON table on stderr (render leaves it out there) and the table itself.
int print_noted(Context& c, const Table& t, OutputFormat f) {
  if (f != OutputFormat::Table && !t.note.empty()) c.err << t.note << "\n";
  return print(c, t, f);
}

int cmd_search(Context& c, const Parsed& p) {
  std::string query;
  for (const auto& w : p.pos) query += (query.empty() ? "" : " ") + w;
  if (query.size() > 4096) throw UsageError("search: query too long (" + std::to_string(query.size()) + " bytes; the limit is 4096)");
  SearchOptions o;
  o.entity = p.get("--entity");
  if (p.has("--since")) o.since = parse_int("--since", p.get("--since"), 1900, 2100);
  if (p.has("--until")) o.until = parse_int("--until", p.get("--until"), 1900, 2100);
  if (p.has("--limit")) o.limit = parse_int("--limit", p.get("--limit"), 1, 100000);
  OutputFormat f = format_of(p);
  auto store = open_read(c);
  SearchResult r = SentenceSearch(*store).find(query, o);
  Table t;
  t.columns = {"source", "date", "sentence"};
  const char* open = f == OutputFormat::Table ? "【" : "[[";
  const char* close = f == OutputFormat::Table ? "】" : "]]";
  for (const auto& h : r.hits)
    t.rows.push_back({h.doc_path + ":" + std::to_string(h.start) + "-" + std::to_string(h.end), h.doc_date,
                      mark_ranges(h.text, h.marks, open, close)});
  if (!r.searchable) t.note = "nothing to search for in '" + query + "' (it has no letters or digits)";
  else if (!r.entity_known) t.note = "no entity named '" + o.entity + "'";
  else if (r.hits.empty()) t.note = "no sentence matches '" + query + "'";
  else if (r.more)
    t.note = "showing the best " + std::to_string(o.limit) + (o.limit == 1 ? " hit" : " hits") + "; there are more (--limit N)";
  return print_noted(c, t, f);
}

int cmd_sql(Context& c, const Parsed& p) {
  SqlOptions o;
  if (p.has("--limit")) o.max_rows = static_cast<size_t>(parse_int("--limit", p.get("--limit"), 1, 100000000));
  OutputFormat f = format_of(p);
  open_read(c);  // the usual checks: the file exists, is a kg database, and has the current schema version
  SqlResult r = run_read_only_sql(c.db_path, p.pos[0], o);
  Table t;
  t.columns = r.columns;
  for (auto& row : r.rows) {
    std::vector<std::string> cells;
    cells.reserve(row.size());
    for (auto& v : row) cells.push_back(v ? std::move(*v) : std::string());
    t.rows.push_back(std::move(cells));
  }
  if (r.truncated) t.note = "cut after " + std::to_string(o.max_rows) + " rows (--limit N shows more)";
  return print_noted(c, t, f);
}

}  // namespace

std::vector<CommandSpec> search_commands() {
  return {
      {"search", "search QUERY", "full-text search of the stored sentences (融资, 投资方, OpenAI), ranked",
       "kg search QUERY... [--entity X] [--since YEAR] [--until YEAR] [--limit N] [--format table|tsv|json]\n"
       "  Searches the sentences of every stored document (not noise, not duplicates), simplified and traditional\n"
       "  alike, Latin words case-insensitively. Words of the query must all occur (each as written, in order within\n"
       "  a word); quotes, *, parentheses and the like are plain text. Hits are ranked by bm25 (best first) and show\n"
       "  source (path:start-end), publication date and the sentence with the match in 【】 (table) or [[ ]] (tsv,\n"
       "  json). --entity: only sentences mentioning X (any alias, merges applied); --since/--until: publication\n"
       "  year; --limit: at most N hits (default 20). Exit 1 when nothing matches.",
       {}, {"--entity", "--since", "--until", "--limit", "--format"}, {}, 1, -1, cmd_search},
      {"sql", "sql \"SELECT ...\"", "run one read-only SQL query on the database (docs/schema.md lists the views)",
       "kg sql \"SELECT …\" [--limit N] [--format table|tsv|json]\n"
       "  Runs one SELECT (or WITH … SELECT, or a read-only PRAGMA such as table_info) on a read-only connection.\n"
       "  Writes, transactions, ATTACH/DETACH, writing PRAGMAs and a second statement are refused (exit 2).\n"
       "  Columns are named as in the query; NULL prints as an empty cell; at most N rows (default 1000, a note\n"
       "  says when cut). Add ORDER BY for a stable order. Exit 1 when the query returns no row.",
       {}, {"--limit", "--format"}, {}, 1, 1, cmd_sql},
  };
}

}  // namespace kg::cli
