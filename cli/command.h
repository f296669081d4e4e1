// kg::cli commands: the parsed command line, the per-run context and the table of commands. Each command group
// (ingest, questions, curation, …) lives in its own file and lists its commands in a `*_commands()` function.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "graph/graph.h"
#include "queries/table.h"
#include "schema/store.h"

namespace kg::cli {

// What every command gets: the database, the data folder and the output streams.
struct Context {
  std::string db_path;                 // --db, else $KG_DB, else ./kg.db
  std::string data_dir;                // --data, else the build-time default
  std::vector<std::string> lexicons;   // --lexicon FILE (repeatable)
  std::ostream& out;
  std::ostream& err;
};

// A command's arguments after option parsing.
struct Parsed {
  std::vector<std::string> pos;
  std::map<std::string, std::vector<std::string>> opt;
  std::set<std::string> flags;
  bool has(const std::string& k) const { return opt.count(k) || flags.count(k); }
  std::string get(const std::string& k, const std::string& def = "") const {
    auto it = opt.find(k);
    return it == opt.end() ? def : it->second.back();
  }
};

using Handler = std::function<int(Context&, const Parsed&)>;

struct CommandSpec {
  std::string name;
  std::string synopsis;            // for `kg --help`: "ingest PATH..."
  std::string summary;             // for `kg --help`: one line
  std::string usage;               // for `kg COMMAND --help`: first line is the usage, then details
  std::set<std::string> flags;     // options without a value
  std::set<std::string> options;   // options with a value
  std::set<std::string> repeat;    // options that may repeat
  int min_pos = 0, max_pos = 0;    // positional argument counts (-1: unbounded)
  Handler run;
};

// Command groups, in the order `kg --help` lists them.
std::vector<CommandSpec> ingest_commands();    // cli/ingest_commands.cpp
std::vector<CommandSpec> query_commands();     // cli/query_commands.cpp
std::vector<CommandSpec> curation_commands();  // cli/curation_commands.cpp
std::vector<CommandSpec> search_commands();    // cli/search_commands.cpp

// Shared helpers (cli/command.cpp).
Parsed parse_args(const CommandSpec& spec, const std::vector<std::string>& args);
int parse_int(const std::string& what, const std::string& v, int lo, int hi);
double parse_amount(const std::string& what, const std::string& v);  // 5M, 3亿, 1.5B …
queries::OutputFormat format_of(const Parsed& p);                     // --format, default table
std::string opt_int(const std::optional<int>& v);
std::string source_label(const SourceRow& s);                         // path:start-end
// Prints a table; returns kFound, or kNoResult (with "no result" on stderr for tables) when it is empty.
int print(Context& c, const queries::Table& t, queries::OutputFormat f);
graph::KnowledgeGraph load_graph(const Store& store);
std::unique_ptr<Store> open_read(const Context& c);
std::vector<std::string> via_of(const Parsed& p, const std::string& key);  // --via/--predicate values, checked

}  // namespace kg::cli
