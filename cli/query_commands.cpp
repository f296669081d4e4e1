#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "base/error.h"
#include "cli/command.h"
#include "queries/answer.h"
#include "queries/export.h"
#include "queries/question.h"
#include "queries/table.h"

namespace kg::cli {
namespace {

namespace fs = std::filesystem;
using queries::OutputFormat;
using queries::plain_amount;
using queries::Table;

// Provenance filters shared by facts, query, the entity commands, path, neighbors and export.
const std::set<std::string> kProvenanceFlags = {"--confirmed-only", "--exclude-rejected", "--include-rejected"};
const char* kProvenanceUsage = "[--confirmed-only] [--min-sources N] [--include-rejected]";

FactOptions provenance_of(const Parsed& p, bool with_evidence = true) {
  FactOptions o;
  o.with_evidence = with_evidence;
  if (p.has("--include-rejected") && p.has("--exclude-rejected"))
    throw UsageError("--include-rejected and --exclude-rejected contradict each other");
  o.include_rejected = p.has("--include-rejected");
  o.confirmed_only = p.has("--confirmed-only");
  if (p.has("--min-sources")) o.min_sources = parse_int("--min-sources", p.get("--min-sources"), 1, 1000000);
  return o;
}

// The graph of the facts the provenance filters keep. Rejected facts, when included, carry status "rejected" so
// that every table and export marks them. Lazy: evidence is read only for the facts the command looks at (the
// store must outlive the graph); commands that print every fact read it all at once.
enum class Evidence { All, Lazy };

// A lazy graph of the default provenance comes from the store's graph snapshot when it is current (a point
// question then reads a few MB instead of every fact); otherwise the graph is built from the tables and, for next
// time, saved as the snapshot (best effort: a read-only database just is not cached).
graph::KnowledgeGraph load_graph(const Store& store, const Parsed& p, Evidence evidence = Evidence::All) {
  FactOptions o = provenance_of(p);
  o.with_evidence = evidence == Evidence::All;
  const bool cacheable = evidence == Evidence::Lazy && !o.include_rejected && !o.confirmed_only && o.min_sources == 0;
  int64_t revision = 0;
  if (cacheable) {
    revision = store.revision();
    if (auto core = store.snapshot_part(revision, 0)) {
      auto loader = [&store, revision](size_t chunk) {
        auto part = store.snapshot_part(revision, static_cast<int64_t>(chunk) + 1);
        if (!part) throw DbError(store.path() + ": the database changed during the command; run it again");
        return std::move(*part);
      };
      if (auto g = graph::KnowledgeGraph::from_image(std::move(*core), loader)) {
        g->load_evidence_lazily([&store](const FactRow& f) { return store.evidence(f.rows); });
        return std::move(*g);
      }
    }
  }
  std::vector<FactRow> facts = store.facts(o);
  for (auto& f : facts)
    if (f.verdict == "rejected") f.status = "rejected";
  auto g = graph::KnowledgeGraph::build(store.entities(), std::move(facts));
  if (cacheable) {
    store.save_snapshot(revision, g.image_chunk_count() + 1,
                        [&g](size_t k) { return k == 0 ? g.image_core() : g.image_chunk(k - 1); });
  }
  if (evidence == Evidence::Lazy)
    g.load_evidence_lazily([&store](const FactRow& f) { return store.evidence(f.rows); });
  return g;
}

int cmd_facts(Context& c, const Parsed& p) {
  auto store = open_read(c);
  OutputFormat f = format_of(p);
  bool full = p.has("--full") || f != OutputFormat::Tsv;
  std::string status = p.get("--status");
  FactOptions po = provenance_of(p);
  Table t;
  t.columns = {"subject", "predicate", "object", "amount", "currency", "year", "month", "sources"};
  if (full)
    for (const char* col : {"status", "round", "role", "approx", "round_total", "amount_min", "amount_max", "day",
                            "date_basis", "confidence", "rule", "evidence", "id"})
      t.columns.push_back(col);
  if (po.include_rejected) t.columns.push_back("verdict");
  for (const auto& r : store->facts(po)) {
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
                             conf, rule_list, ev, short_id(r.key)});
    }
    if (po.include_rejected) row.push_back(r.verdict);
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
        << "\nsources\t" << s.sources << "\nschema\t" << store->schema_version() << "\njudgements\t"
        << s.judgements << "\njudgements_in_force\t" << s.active_judgements << "\n";
  return s.documents ? kFound : kNoResult;
}

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
  auto g = load_graph(*store, p, Evidence::Lazy);
  return print(c, queries::answer(g, q), format_of(p));
}

int cmd_entity_family(Context& c, const std::string& cmd, const Parsed& p) {
  auto store = open_read(c);
  auto g = load_graph(*store, p, Evidence::Lazy);
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

int cmd_path(Context& c, const Parsed& p) {
  auto store = open_read(c);
  auto g = load_graph(*store, p, Evidence::Lazy);
  queries::FactFilter f;
  if (p.has("--since")) f.after = parse_int("--since", p.get("--since"), 1900, 2100) - 1;
  if (p.has("--until")) f.before = parse_int("--until", p.get("--until"), 1900, 2100) + 1;
  return print(c, queries::path(g, p.pos[0], p.pos[1], via_of(p, "--via"), p.has("--all"), f), format_of(p));
}

int cmd_neighbors(Context& c, const Parsed& p) {
  auto store = open_read(c);
  auto g = load_graph(*store, p, Evidence::Lazy);
  int hops = p.has("--hops") ? parse_int("--hops", p.get("--hops"), 1, 10) : 2;
  return print(c, queries::neighbors(g, p.pos[0], hops, via_of(p, "--via")), format_of(p));
}

int cmd_conflicts(Context& c, const Parsed& p) {
  auto store = open_read(c);
  auto g = load_graph(*store, p);
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
  auto g = load_graph(*store, p);
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

int family(const char* cmd, Context& c, const Parsed& p) { return cmd_entity_family(c, cmd, p); }

}  // namespace

std::vector<CommandSpec> query_commands() {
  const std::set<std::string> dates = {"--before", "--after", "--in", "--format"};
  auto fam = [](const char* n) { return [n](Context& c, const Parsed& p) { return family(n, c, p); }; };
  std::vector<CommandSpec> specs = {
      {"facts", "facts", "list facts (subject, predicate, object, amount, currency, year, month, sources)",
       "kg facts [--format table|tsv|json] [--full] [--status S]\n  Lists facts. TSV columns: subject "
       "predicate object amount currency year month sources; --full (always on for table and json) adds "
       "status, round, role, approx, round_total, amount_min, amount_max, day, date_basis, confidence, "
       "rule, evidence, id (the fact id that kg reject/confirm/correct take); --include-rejected adds verdict.",
       {"--full"}, {"--format", "--status"}, {}, 0, 0, cmd_facts},
      {"entities", "entities", "list entities with their type and aliases",
       "kg entities [--format table|tsv|json]\n  Lists entities: name, type, aliases (joined by |).",
       {}, {"--format"}, {}, 0, 0, cmd_entities},
      {"query", "query \"QUESTION\"", "answer a question in English or Chinese (who funded OpenAI before 2019)",
       "kg query \"QUESTION\" [--format table|tsv|json]\n  Answers a question; `kg query --forms` lists "
       "the forms understood.",
       {"--forms"}, {"--format"}, {}, 0, 1, cmd_query},
      {"investors", "investors X", "who invested in X",
       "kg investors X [--before Y] [--after Y] [--in Y] [--min-amount N [--currency C]] [--include-denied] "
       "[--format F]",
       {"--include-denied"}, {"--before", "--after", "--in", "--min-amount", "--currency", "--format"}, {}, 1, 1,
       fam("investors")},
      {"portfolio", "portfolio X", "what X invested in", "kg portfolio X [--before Y] [--after Y] [--in Y] [--format F]",
       {}, dates, {}, 1, 1, fam("portfolio")},
      {"acquirers", "acquirers X", "who acquired X", "kg acquirers X [--before Y] [--after Y] [--in Y] [--format F]",
       {}, dates, {}, 1, 1, fam("acquirers")},
      {"acquisitions", "acquisitions X", "what X acquired",
       "kg acquisitions X [--before Y] [--after Y] [--in Y] [--format F]", {}, dates, {}, 1, 1, fam("acquisitions")},
      {"founders", "founders X", "who founded X", "kg founders X [--format F]", {}, {"--format"}, {}, 1, 1,
       fam("founders")},
      {"founded", "founded X", "what X founded", "kg founded X [--format F]   (what person X founded)", {},
       {"--format"}, {}, 1, 1, fam("founded")},
      {"co-investors", "co-investors X", "who invested alongside X", "kg co-investors X [--format F]", {},
       {"--format"}, {}, 1, 1, fam("co-investors")},
      {"timeline", "timeline X", "X's facts by date", "kg timeline X [--format F]", {}, {"--format"}, {}, 1, 1,
       fam("timeline")},
      {"show", "show X", "profile: type, aliases, facts with sources, conflicts",
       "kg show X [--format F]   (type, aliases, every fact with its sources, conflicts)", {}, {"--format"}, {}, 1, 1,
       fam("show")},
      {"path", "path A B", "how A is connected to B (shortest path on the graph)",
       "kg path A B [--via PREDICATE]... [--all] [--since Y] [--until Y] [--format F]\n  Shortest path(s) between "
       "A and B, optionally only through some predicates (invested, acquired, founded).",
       {"--all"}, {"--via", "--format", "--since", "--until"}, {"--via"}, 2, 2, cmd_path},
      {"neighbors", "neighbors X", "what is within --hops N (default 2) of X",
       "kg neighbors X [--hops N] [--via PREDICATE]... [--format F]", {}, {"--hops", "--via", "--format"}, {"--via"},
       1, 1, cmd_neighbors},
      {"conflicts", "conflicts", "facts that disagree between documents (amount or year)",
       "kg conflicts [--format F]\n  Facts with the same investor and investee (or acquirer/acquired) "
       "that disagree on amount or year across documents.",
       {}, {"--format"}, {}, 0, 0, cmd_conflicts},
      {"export", "export", "write the graph as dot|graphml|json|csv|ntriples",
       "kg export [--format dot|graphml|json|csv|ntriples] [--focus X] [--hops N] [--predicate P]... "
       "[--since Y] [--until Y] [--max-nodes N] [--output PATH] [--render svg|png]\n  Writes the graph "
       "(to stdout, or --output; csv writes nodes.csv and relationships.csv into the --output folder). "
       "--render runs GraphViz on the DOT and writes PATH.svg/png next to --output.",
       {}, {"--format", "--focus", "--hops", "--predicate", "--since", "--until", "--max-nodes", "--output", "--render"},
       {"--predicate"}, 0, 0, cmd_export},
      {"stats", "stats", "counts of documents, sentences, entities, facts", "kg stats", {}, {}, {}, 0, 0, cmd_stats},
  };
  // Provenance filters (judgements applied): every command that reads facts takes them.
  for (auto& s : specs) {
    if (s.name == "entities" || s.name == "stats") continue;
    s.flags.insert(kProvenanceFlags.begin(), kProvenanceFlags.end());
    s.options.insert("--min-sources");
    size_t eol = s.usage.find('\n');
    s.usage.insert(eol == std::string::npos ? s.usage.size() : eol, std::string(" ") + kProvenanceUsage);
  }
  return specs;
}

}  // namespace kg::cli
