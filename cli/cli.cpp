#include "cli/cli.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "base/error.h"
#include "base/sha256.h"
#include "graph/graph.h"
#include "ingest/pipeline.h"
#include "queries/answer.h"
#include "queries/export.h"
#include "queries/question.h"
#include "queries/table.h"
#include "schema/store.h"

#ifndef KG_DATA_DIR
#define KG_DATA_DIR "data"
#endif
#ifndef KG_VERSION
#define KG_VERSION "0"
#endif

namespace kg::cli {
namespace {

namespace fs = std::filesystem;
using queries::OutputFormat;
using queries::Table;

const char* kUsage =
    "usage: kg [--db PATH] [--data DIR] [--lexicon FILE]... COMMAND [ARGS]\n"
    "\n"
    "Builds a local research database of who invested in, acquired or founded what, from Chinese news.\n"
    "\n"
    "commands:\n"
    "  ingest PATH...            ingest files and folders (recursively) into the database\n"
    "  facts                     list facts (subject, predicate, object, amount, currency, year, month, sources)\n"
    "  entities                  list entities with their type and aliases\n"
    "  query \"QUESTION\"          answer a question in English or Chinese (who funded OpenAI before 2019)\n"
    "  investors X               who invested in X        portfolio X     what X invested in\n"
    "  acquirers X               who acquired X           acquisitions X  what X acquired\n"
    "  founders X                who founded X            founded X       what X founded\n"
    "  co-investors X            who invested alongside X timeline X      X's facts by date\n"
    "  show X                    profile: type, aliases, facts with sources, conflicts\n"
    "  path A B                  how A is connected to B (shortest path on the graph)\n"
    "  neighbors X               what is within --hops N (default 2) of X\n"
    "  conflicts                 facts that disagree between documents (amount or year)\n"
    "  export                    write the graph as dot|graphml|json|csv|ntriples\n"
    "  alias add ENTITY ALIAS    teach kg another name for an entity\n"
    "  extract FILE|--text T     show what the extractor finds, without storing it\n"
    "  stats                     counts of documents, sentences, entities, facts\n"
    "\n"
    "global options:\n"
    "  --db PATH        database file (default: $KG_DB, else ./kg.db)\n"
    "  --data DIR       lexicons and patterns (default: " KG_DATA_DIR ")\n"
    "  --lexicon FILE   an extra entity lexicon (name<TAB>type<TAB>aliases); repeatable\n"
    "  --help, -h       this help; `kg COMMAND --help` for a command\n"
    "  --version        print the version\n"
    "\n"
    "exit status: 0 found, 1 no result, 2 usage or data error.\n";

struct CommandSpec {
  const char* name;
  const char* usage;
  std::set<std::string> flags;    // options without a value
  std::set<std::string> options;  // options with a value
  std::set<std::string> repeat;   // options that may repeat
  int min_pos, max_pos;           // positional argument counts (-1: unbounded)
};

const std::vector<CommandSpec>& specs() {
  static const std::vector<CommandSpec> s = {
      {"ingest", "kg ingest PATH... [--date YYYY-MM-DD] [--jobs N]\n  Ingests files and folders (recursively). "
                 "--date sets the publication date that relative dates (今年, 去年) resolve against. --jobs is "
                 "accepted for forward compatibility; documents are processed one at a time.",
       {}, {"--date", "--jobs"}, {}, 1, -1},
      {"facts", "kg facts [--format table|tsv|json] [--full] [--status S]\n  Lists facts. TSV columns: subject "
                "predicate object amount currency year month sources; --full (always on for table and json) adds "
                "status, round, role, approx, round_total, amount_min, amount_max, day, date_basis, confidence, "
                "rule, evidence.",
       {"--full"}, {"--format", "--status"}, {}, 0, 0},
      {"entities", "kg entities [--format table|tsv|json]\n  Lists entities: name, type, aliases (joined by |).",
       {}, {"--format"}, {}, 0, 0},
      {"query", "kg query \"QUESTION\" [--format table|tsv|json]\n  Answers a question; `kg query --forms` lists "
                "the forms understood.",
       {"--forms"}, {"--format"}, {}, 0, 1},
      {"investors", "kg investors X [--before Y] [--after Y] [--in Y] [--min-amount N [--currency C]] "
                    "[--include-denied] [--format F]",
       {"--include-denied"}, {"--before", "--after", "--in", "--min-amount", "--currency", "--format"}, {}, 1, 1},
      {"portfolio", "kg portfolio X [--before Y] [--after Y] [--in Y] [--format F]", {}, {"--before", "--after", "--in", "--format"}, {}, 1, 1},
      {"acquirers", "kg acquirers X [--before Y] [--after Y] [--in Y] [--format F]", {}, {"--before", "--after", "--in", "--format"}, {}, 1, 1},
      {"acquisitions", "kg acquisitions X [--before Y] [--after Y] [--in Y] [--format F]", {}, {"--before", "--after", "--in", "--format"}, {}, 1, 1},
      {"founders", "kg founders X [--format F]", {}, {"--format"}, {}, 1, 1},
      {"founded", "kg founded X [--format F]   (what person X founded)", {}, {"--format"}, {}, 1, 1},
      {"co-investors", "kg co-investors X [--format F]", {}, {"--format"}, {}, 1, 1},
      {"timeline", "kg timeline X [--format F]", {}, {"--format"}, {}, 1, 1},
      {"show", "kg show X [--format F]   (type, aliases, every fact with its sources, conflicts)", {}, {"--format"}, {}, 1, 1},
      {"path", "kg path A B [--via PREDICATE]... [--all] [--since Y] [--until Y] [--format F]\n  Shortest path(s) between A and B, "
               "optionally only through some predicates (invested, acquired, founded).",
       {"--all"}, {"--via", "--format", "--since", "--until"}, {"--via"}, 2, 2},
      {"neighbors", "kg neighbors X [--hops N] [--via PREDICATE]... [--format F]", {}, {"--hops", "--via", "--format"}, {"--via"}, 1, 1},
      {"conflicts", "kg conflicts [--format F]\n  Facts with the same investor and investee (or acquirer/acquired) "
                    "that disagree on amount or year across documents.",
       {}, {"--format"}, {}, 0, 0},
      {"export", "kg export [--format dot|graphml|json|csv|ntriples] [--focus X] [--hops N] [--predicate P]... "
                 "[--since Y] [--until Y] [--max-nodes N] [--output PATH] [--render svg|png]\n  Writes the graph "
                 "(to stdout, or --output; csv writes nodes.csv and relationships.csv into the --output folder). "
                 "--render runs GraphViz on the DOT and writes PATH.svg/png next to --output.",
       {}, {"--format", "--focus", "--hops", "--predicate", "--since", "--until", "--max-nodes", "--output", "--render"},
       {"--predicate"}, 0, 0},
      {"extract", "kg extract (FILE | --text TEXT) [--date YYYY-MM-DD] [--mentions] [--trace] [--format F]\n  Runs "
                  "the extractor on one file or text without storing anything: the facts it would add, with the rule "
                  "that fired (with --mentions, every entity mention; with --trace, each sentence's tokens and the "
                  "patterns that matched).",
       {"--mentions", "--trace"}, {"--text", "--date", "--format"}, {}, 0, 1},
      {"alias", "kg alias add ENTITY ALIAS [--type person|organization|product]", {}, {"--type"}, {}, 3, 3},
      {"stats", "kg stats", {}, {}, {}, 0, 0},
  };
  return s;
}

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

Parsed parse_args(const CommandSpec& spec, const std::vector<std::string>& args) {
  Parsed p;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() > 2 && a.rfind("--", 0) == 0) {
      std::string key = a, value;
      bool inline_value = false;
      if (auto eq = a.find('='); eq != std::string::npos) {
        key = a.substr(0, eq);
        value = a.substr(eq + 1);
        inline_value = true;
      }
      if (spec.flags.count(key)) {
        p.flags.insert(key);
      } else if (spec.options.count(key)) {
        if (!inline_value) {
          if (i + 1 >= args.size()) throw UsageError(key + " needs a value (kg " + spec.name + " --help)");
          value = args[++i];
        }
        if (p.opt.count(key) && !spec.repeat.count(key)) throw UsageError(key + " given twice");
        p.opt[key].push_back(value);
      } else {
        throw UsageError("unknown option '" + key + "' for 'kg " + spec.name + "' (kg " + spec.name + " --help)");
      }
    } else {
      p.pos.push_back(a);
    }
  }
  if (static_cast<int>(p.pos.size()) < spec.min_pos || (spec.max_pos >= 0 && static_cast<int>(p.pos.size()) > spec.max_pos))
    throw UsageError(std::string("wrong number of arguments for 'kg ") + spec.name + "'; usage: " +
                     std::string(spec.usage).substr(0, std::string(spec.usage).find('\n')));
  return p;
}

int parse_int(const std::string& what, const std::string& v, int lo, int hi) {
  char* end = nullptr;
  errno = 0;
  long x = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end || errno || x < lo || x > hi)
    throw UsageError(what + ": expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                     ", got '" + v + "'");
  return static_cast<int>(x);
}

double parse_amount(const std::string& what, const std::string& v) {
  char* end = nullptr;
  errno = 0;
  double x = std::strtod(v.c_str(), &end);
  if (v.empty() || errno || x < 0) throw UsageError(what + ": expected a number, got '" + v + "'");
  std::string rest(end);
  double mult = 1;
  if (rest == "" ) mult = 1;
  else if (rest == "k" || rest == "K") mult = 1e3;
  else if (rest == "M" || rest == "m") mult = 1e6;
  else if (rest == "B" || rest == "b") mult = 1e9;
  else if (rest == "万") mult = 1e4;
  else if (rest == "亿") mult = 1e8;
  else throw UsageError(what + ": expected a number (optionally with k, M, B, 万 or 亿), got '" + v + "'");
  return x * mult;
}

struct Context {
  std::string db_path;
  std::string data_dir;
  std::vector<std::string> lexicons;
  std::ostream& out;
  std::ostream& err;
};

OutputFormat format_of(const Parsed& p) {
  return queries::parse_format(p.get("--format", "table"));
}

using queries::plain_amount;

std::string opt_int(const std::optional<int>& v) { return v ? std::to_string(*v) : ""; }

int print(Context& c, const Table& t, OutputFormat f) {
  c.out << queries::render(t, f);
  if (t.rows.empty()) {
    if (f == OutputFormat::Table && t.note.empty()) c.err << "no result\n";
    return kNoResult;
  }
  return kFound;
}

graph::KnowledgeGraph load_graph(const Store& store) {
  return graph::KnowledgeGraph::build(store.entities(), store.facts(true));
}

std::unique_ptr<Store> open_read(const Context& c) {
  StoreOptions o;
  o.read_only = true;
  return std::make_unique<Store>(c.db_path, o);
}

// ---- ingest ------------------------------------------------------------------------------------

void collect(const std::string& path, std::vector<std::string>& files, std::vector<std::string>& errors) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    errors.push_back(path + ": no such file or directory");
    return;
  }
  if (fs::is_directory(st)) {
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      errors.push_back(path + ": cannot read directory: " + ec.message());
      return;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        errors.push_back(path + ": " + ec.message());
        break;
      }
      const auto& e = *it;
      std::string name = e.path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (e.is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (e.is_regular_file(ec)) found.push_back(e.path().string());
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  } else {
    files.push_back(path);
  }
}

bool read_file(const std::string& path, std::string& bytes, std::string& error) {
  constexpr uintmax_t kMax = 512ull << 20;  // 512 MiB per document
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (!ec && size > kMax) {
    error = path + ": file too large (" + std::to_string(size >> 20) + " MiB; the limit is 512 MiB per document)";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot read: " + std::strerror(errno);
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  bytes = ss.str();
  return true;
}

int cmd_ingest(Context& c, const Parsed& p) {
  ingest::IngestOptions io;
  io.date = p.get("--date");
  if (!io.date.empty()) {
    std::optional<int> y, m, d;
    if (!ingest::parse_date(io.date, y, m, d) || !m || !d)
      throw UsageError("--date: expected YYYY-MM-DD, got '" + io.date + "'");
  }
  if (p.has("--jobs")) parse_int("--jobs", p.get("--jobs"), 1, 256);
  std::vector<std::string> files, errors;
  for (const auto& path : p.pos) collect(path, files, errors);
  for (const auto& e : errors) c.err << "error: " << e << "\n";
  ingest::Resources res = ingest::Resources::load(c.data_dir, c.lexicons);
  Store store(c.db_path);
  // Names the analyst taught kg (kg alias add) are recognised like lexicon names.
  for (const auto& e : store.user_entities()) res.lexicon.add(e.name, e.type, e.aliases, "user");
  const int64_t facts_before = store.stats().facts;
  int added = 0, duplicates = 0, failed = static_cast<int>(errors.size());
  long sentences = 0, facts = 0;
  std::set<std::string> entities;
  for (const auto& f : files) {
    std::string bytes, error;
    if (!read_file(f, bytes, error)) {
      c.err << "error: " << error << "\n";
      ++failed;
      continue;
    }
    try {
      if (store.has_document(sha256_hex(bytes))) {
        ++duplicates;
        continue;
      }
      ExtractedDocument doc = ingest::process_document(f, bytes, res, io);
      IngestResult r = store.add_document(doc);
      if (!r.added) {
        ++duplicates;
        continue;
      }
      ++added;
      sentences += r.sentences;
      facts += r.facts;
      for (const auto& e : doc.entities) entities.insert(e.name);
    } catch (const FileError& e) {
      c.err << "error: " << e.what() << "\n";
      ++failed;
    }
  }
  StoreStats after = store.stats();
  c.out << "ingested " << added << " document" << (added == 1 ? "" : "s") << ": " << sentences << " sentences, "
        << entities.size() << " entities, " << (after.facts - facts_before) << " new facts (" << facts
        << " extracted)";
  if (duplicates) c.out << "; " << duplicates << " already stored";
  if (failed) c.out << "; " << failed << " failed";
  c.out << "\n";
  c.out << "database " << c.db_path << ": " << after.documents << " documents, " << after.entities << " entities, "
        << after.facts << " facts\n";
  return failed ? kError : kFound;
}

// ---- listing -----------------------------------------------------------------------------------

std::string source_label(const SourceRow& s) {
  return s.doc_path + ":" + std::to_string(s.start) + "-" + std::to_string(s.end);
}

int cmd_facts(Context& c, const Parsed& p) {
  auto store = open_read(c);
  OutputFormat f = format_of(p);
  bool full = p.has("--full") || f != OutputFormat::Tsv;
  std::string status = p.get("--status");
  Table t;
  t.columns = {"subject", "predicate", "object", "amount", "currency", "year", "month", "sources"};
  if (full)
    for (const char* col : {"status", "round", "role", "approx", "round_total", "amount_min", "amount_max", "day",
                            "date_basis", "confidence", "rule", "evidence"})
      t.columns.push_back(col);
  for (const auto& r : store->facts(true)) {
    if (!status.empty() && r.status != status) continue;
    std::vector<std::string> row = {r.subject, r.predicate, r.object, plain_amount(r.amount), r.currency,
                                    opt_int(r.year), opt_int(r.month), std::to_string(r.sources)};
    if (full) {
      char conf[16];
      std::snprintf(conf, sizeof conf, "%.2f", r.confidence);
      std::set<std::string> rules;
      for (const auto& s : r.evidence) rules.insert(s.rule);
      std::string rule_list;
      for (const auto& x : rules) rule_list += (rule_list.empty() ? "" : ",") + x;
      std::string ev = r.evidence.empty() ? "" : r.evidence.front().sentence + " [" + source_label(r.evidence.front()) + "]";
      row.insert(row.end(), {r.status, r.round, r.role, r.approx ? "yes" : "", r.round_total ? "yes" : "",
                             plain_amount(r.amount_min), plain_amount(r.amount_max), opt_int(r.day), r.date_basis,
                             conf, rule_list, ev});
    }
    t.rows.push_back(std::move(row));
  }
  return print(c, t, f);
}

int cmd_entities(Context& c, const Parsed& p) {
  auto store = open_read(c);
  Table t;
  t.columns = {"name", "type", "aliases"};
  for (const auto& e : store->entities()) {
    std::string aliases;
    for (const auto& a : e.aliases) aliases += (aliases.empty() ? "" : "|") + a;
    t.rows.push_back({e.name, e.type, aliases});
  }
  return print(c, t, format_of(p));
}

int cmd_stats(Context& c, const Parsed&) {
  auto store = open_read(c);
  StoreStats s = store->stats();
  c.out << "documents\t" << s.documents << "\nsentences\t" << s.sentences << "\nentities\t" << s.entities
        << "\naliases\t" << s.aliases << "\nfacts\t" << store->facts(false).size() << "\nfact_rows\t" << s.facts
        << "\nsources\t" << s.sources << "\nschema\t" << store->schema_version() << "\n";
  return s.documents ? kFound : kNoResult;
}

int cmd_alias(Context& c, const Parsed& p) {
  if (p.pos[0] != "add") throw UsageError("unknown alias action '" + p.pos[0] + "'; usage: kg alias add ENTITY ALIAS");
  std::string type = p.get("--type", "organization");
  if (type != "person" && type != "organization" && type != "product")
    throw UsageError("--type: expected person, organization or product, got '" + type + "'");
  if (p.pos[1].empty() || p.pos[2].empty()) throw UsageError("alias add: ENTITY and ALIAS must not be empty");
  Store store(c.db_path);
  bool added = store.add_alias(p.pos[1], p.pos[2], type);
  c.out << (added ? "added alias " : "alias already known: ") << p.pos[2] << " -> " << p.pos[1] << "\n";
  return kFound;
}

// ---- graph questions ---------------------------------------------------------------------------

queries::FactFilter filter_of(const Parsed& p) {
  queries::FactFilter f;
  if (p.has("--before")) f.before = parse_int("--before", p.get("--before"), 1900, 2100);
  if (p.has("--after")) f.after = parse_int("--after", p.get("--after"), 1900, 2100);
  if (p.has("--in")) f.in_year = parse_int("--in", p.get("--in"), 1900, 2100);
  if (p.has("--min-amount")) f.min_amount = parse_amount("--min-amount", p.get("--min-amount"));
  f.currency = p.get("--currency");
  f.include_denied = p.has("--include-denied");
  return f;
}

int cmd_query(Context& c, const Parsed& p) {
  if (p.has("--forms")) {
    c.out << queries::understood_forms() << "\n";
    return kFound;
  }
  if (p.pos.empty()) throw UsageError("query: give a question, e.g. kg query \"who funded OpenAI before 2019\"");
  if (p.pos[0].size() > 4096) throw UsageError("query: question too long (" + std::to_string(p.pos[0].size()) + " bytes; the limit is 4096)");
  queries::Question q = queries::parse_question(p.pos[0]);
  auto store = open_read(c);
  auto g = load_graph(*store);
  return print(c, queries::answer(g, q), format_of(p));
}

int cmd_entity_family(Context& c, const std::string& cmd, const Parsed& p) {
  auto store = open_read(c);
  auto g = load_graph(*store);
  const std::string& x = p.pos[0];
  queries::FactFilter f = filter_of(p);
  Table t;
  if (cmd == "investors") t = queries::investors(g, x, f);
  else if (cmd == "portfolio") t = queries::portfolio(g, x, f);
  else if (cmd == "acquirers") t = queries::acquirers(g, x, f);
  else if (cmd == "acquisitions") t = queries::acquisitions(g, x, f);
  else if (cmd == "founders") t = queries::founders(g, x, f);
  else if (cmd == "founded") t = queries::founded_by(g, x, f);
  else if (cmd == "co-investors") t = queries::co_investors(g, x, f);
  else if (cmd == "timeline") t = queries::timeline(g, x, f);
  else if (cmd == "show") t = queries::profile(g, x);
  return print(c, t, format_of(p));
}

std::vector<std::string> via_of(const Parsed& p, const std::string& key) {
  std::vector<std::string> via;
  auto it = p.opt.find(key);
  if (it == p.opt.end()) return via;
  for (const auto& v : it->second) {
    if (v != "invested" && v != "acquired" && v != "founded")
      throw UsageError(key + ": expected invested, acquired or founded, got '" + v + "'");
    via.push_back(v);
  }
  return via;
}

int cmd_path(Context& c, const Parsed& p) {
  auto store = open_read(c);
  auto g = load_graph(*store);
  queries::FactFilter f;
  if (p.has("--since")) f.after = parse_int("--since", p.get("--since"), 1900, 2100) - 1;
  if (p.has("--until")) f.before = parse_int("--until", p.get("--until"), 1900, 2100) + 1;
  return print(c, queries::path(g, p.pos[0], p.pos[1], via_of(p, "--via"), p.has("--all"), f), format_of(p));
}

int cmd_neighbors(Context& c, const Parsed& p) {
  auto store = open_read(c);
  auto g = load_graph(*store);
  int hops = p.has("--hops") ? parse_int("--hops", p.get("--hops"), 1, 10) : 2;
  return print(c, queries::neighbors(g, p.pos[0], hops, via_of(p, "--via")), format_of(p));
}

int cmd_conflicts(Context& c, const Parsed& p) {
  auto store = open_read(c);
  auto g = load_graph(*store);
  Table t;
  t.columns = {"subject", "predicate", "object", "first", "second", "difference"};
  auto describe = [&](const FactRow& f) {
    std::string s = opt_int(f.year);
    if (f.amount) s += (s.empty() ? "" : " ") + plain_amount(f.amount) + (f.currency.empty() ? "" : " " + f.currency);
    if (!f.evidence.empty()) s += " (" + f.evidence.front().doc_path + ")";
    return s;
  };
  std::set<std::pair<size_t, size_t>> seen;
  for (graph::Vertex v = 0; v < g.vertex_count(); ++v) {
    for (const auto& k : queries::conflicts(g, v)) {
      if (!seen.insert({k.first, k.second}).second) continue;
      const FactRow& a = g.fact(k.first);
      const FactRow& b = g.fact(k.second);
      t.rows.push_back({a.subject, a.predicate, a.object, describe(a), describe(b), k.what});
    }
  }
  std::sort(t.rows.begin(), t.rows.end());
  return print(c, t, format_of(p));
}

int cmd_export(Context& c, const Parsed& p) {
  auto store = open_read(c);
  auto g = load_graph(*store);
  queries::ExportOptions o;
  o.format = p.get("--format", "dot");
  static const std::set<std::string> formats = {"dot", "graphml", "json", "csv", "ntriples"};
  if (!formats.count(o.format))
    throw UsageError("--format: expected dot, graphml, json, csv or ntriples, got '" + o.format + "'");
  o.focus = p.get("--focus");
  if (p.has("--hops")) o.hops = parse_int("--hops", p.get("--hops"), 1, 10);
  o.predicates = via_of(p, "--predicate");
  if (p.has("--since")) o.since = parse_int("--since", p.get("--since"), 1900, 2100);
  if (p.has("--until")) o.until = parse_int("--until", p.get("--until"), 1900, 2100);
  if (p.has("--max-nodes")) o.max_nodes = static_cast<size_t>(parse_int("--max-nodes", p.get("--max-nodes"), 1, 10000000));
  if (!o.focus.empty()) queries::resolve(g, o.focus);  // unknown focus: a clear error with suggestions
  std::string output = p.get("--output");
  std::string render = p.get("--render");
  if (!render.empty() && render != "svg" && render != "png")
    throw UsageError("--render: expected svg or png, got '" + render + "'");
  if (!render.empty() && o.format != "dot") throw UsageError("--render needs --format dot");
  if (o.format == "csv") {
    if (output.empty()) throw UsageError("--format csv writes two files: give a folder with --output DIR");
    std::error_code ec;
    fs::create_directories(output, ec);
    if (ec) throw FileError(output, "cannot create folder: " + ec.message());
    queries::export_csv(g, o, output);
    c.out << "wrote " << output << "/nodes.csv and " << output << "/relationships.csv\n";
    return kFound;
  }
  std::string text = queries::export_graph(g, o);
  if (output.empty() && render.empty()) {
    c.out << text;
  } else {
    if (output.empty()) output = "kg." + o.format;
    std::ofstream f(output, std::ios::binary);
    if (!f || !(f << text)) throw FileError(output, "cannot write export");
    f.close();
    c.out << "wrote " << output << "\n";
    if (!render.empty()) {
      std::string img = fs::path(output).replace_extension(render).string();
      queries::render_dot(text, render, img);
      c.out << "wrote " << img << "\n";
    }
  }
  return g.facts().empty() ? kNoResult : kFound;
}

int cmd_extract(Context& c, const Parsed& p) {
  std::string path, bytes, error;
  if (p.has("--text")) {
    if (!p.pos.empty()) throw UsageError("extract: give FILE or --text, not both");
    path = "<text>";
    bytes = p.get("--text");
  } else {
    if (p.pos.empty()) throw UsageError("extract: give FILE or --text TEXT");
    path = p.pos[0];
    if (!read_file(path, bytes, error)) throw FileError(path, error.substr(error.find(": ") + 2));
  }
  ingest::IngestOptions io;
  io.date = p.get("--date");
  std::string trace;
  if (p.has("--trace")) io.trace = &trace;
  ingest::Resources res = ingest::Resources::load(c.data_dir, c.lexicons);
  ExtractedDocument doc = ingest::process_document(path, bytes, res, io);
  c.out << trace;
  OutputFormat f = format_of(p);
  if (p.has("--mentions")) {
    Table m;
    m.columns = {"sentence", "entity", "surface", "start", "end"};
    for (const auto& x : doc.mentions)
      m.rows.push_back({std::to_string(x.sentence_seq), x.entity, x.surface, std::to_string(x.start), std::to_string(x.end)});
    c.out << queries::render(m, f);
  }
  Table t;
  t.columns = {"subject", "predicate", "object", "amount", "currency", "year", "month", "status", "round", "role",
               "rule", "sentence"};
  for (const auto& x : doc.facts)
    t.rows.push_back({x.subject, x.predicate, x.object, plain_amount(x.amount), x.currency, opt_int(x.year),
                      opt_int(x.month), x.status, x.round, x.role, x.rule, std::to_string(x.sentence_seq)});
  if (f == OutputFormat::Table)
    c.out << "publication date: " << (doc.doc.pub_date.empty() ? "unknown" : doc.doc.pub_date) << " ("
          << doc.doc.pub_date_source << "), encoding " << doc.doc.encoding << ", " << doc.sentences.size()
          << " sentences\n";
  return print(c, t, f);
}

int dispatch(Context& c, const std::string& cmd, const Parsed& p) {
  if (cmd == "extract") return cmd_extract(c, p);
  if (cmd == "ingest") return cmd_ingest(c, p);
  if (cmd == "facts") return cmd_facts(c, p);
  if (cmd == "entities") return cmd_entities(c, p);
  if (cmd == "query") return cmd_query(c, p);
  if (cmd == "path") return cmd_path(c, p);
  if (cmd == "neighbors") return cmd_neighbors(c, p);
  if (cmd == "conflicts") return cmd_conflicts(c, p);
  if (cmd == "export") return cmd_export(c, p);
  if (cmd == "alias") return cmd_alias(c, p);
  if (cmd == "stats") return cmd_stats(c, p);
  return cmd_entity_family(c, cmd, p);
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  try {
    const char* env_db = std::getenv("KG_DB");
    Context c{env_db && *env_db ? env_db : "kg.db", KG_DATA_DIR, {}, out, err};
    size_t i = 0;
    for (; i < args.size(); ++i) {
      const std::string& a = args[i];
      auto value = [&](const std::string& name) -> std::string {
        if (i + 1 >= args.size()) throw UsageError(name + " needs a value");
        return args[++i];
      };
      if (a == "--db") c.db_path = value(a);
      else if (a.rfind("--db=", 0) == 0) c.db_path = a.substr(5);
      else if (a == "--data") c.data_dir = value(a);
      else if (a.rfind("--data=", 0) == 0) c.data_dir = a.substr(7);
      else if (a == "--lexicon") c.lexicons.push_back(value(a));
      else if (a == "--help" || a == "-h" || a == "help") {
        if (a == "help" && i + 1 < args.size()) {
          for (const auto& s : specs())
            if (args[i + 1] == s.name) {
              out << "usage: " << s.usage << "\n";
              return kFound;
            }
        }
        out << kUsage;
        return kFound;
      } else if (a == "--version") {
        out << "kg " << KG_VERSION << "\n";
        return kFound;
      } else if (a.rfind("-", 0) == 0) {
        throw UsageError("unknown option '" + a + "' (kg --help)");
      } else {
        break;
      }
    }
    if (c.db_path.empty()) throw UsageError("--db: empty path");
    if (i >= args.size()) {
      err << kUsage;
      return kError;
    }
    std::string cmd = args[i];
    std::vector<std::string> rest(args.begin() + static_cast<long>(i) + 1, args.end());
    const CommandSpec* spec = nullptr;
    for (const auto& s : specs())
      if (cmd == s.name) spec = &s;
    if (!spec) throw UsageError("unknown command '" + cmd + "' (kg --help lists the commands)");
    if (std::find(rest.begin(), rest.end(), "--help") != rest.end() ||
        std::find(rest.begin(), rest.end(), "-h") != rest.end()) {
      out << "usage: " << spec->usage << "\n";
      return kFound;
    }
    Parsed p = parse_args(*spec, rest);
    return dispatch(c, cmd, p);
  } catch (const Error& e) {
    std::string m = e.what();
    std::replace(m.begin(), m.end(), '\n', ' ');
    err << "error: " << m << "\n";
    return kError;
  } catch (const std::bad_alloc&) {
    err << "error: out of memory\n";
    return kError;
  } catch (const std::exception& e) {
    err << "error: internal: " << e.what() << "\n";
    return kError;
  }
}

int run(const std::vector<std::string>& args) { return run(args, std::cout, std::cerr); }

}  // namespace kg::cli
