// kg_bench_graph: graph benchmarks in-process — load a facts TSV into a kg database through Store::add_document
// (stand-in for `kg import` while it does not exist), graph build from the store (edges/s, peak RSS), and A→B path
// and 2-hop neighbourhood latency over a pairs file. Prints TAB-separated key/value lines for bench/run.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/error.h"
#include "base/sha256.h"
#include "graph/graph.h"
#include "schema/store.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double peak_rss_mb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;  // KiB on Linux
}

double current_rss_mb() {
  std::ifstream f("/proc/self/statm");
  long pages = 0, resident = 0;
  f >> pages >> resident;
  return resident * 4096.0 / (1024.0 * 1024.0);
}

std::vector<std::string> split_tab(const std::string& line) {
  std::vector<std::string> out;
  size_t b = 0;
  for (;;) {
    size_t e = line.find('\t', b);
    out.push_back(line.substr(b, e == std::string::npos ? std::string::npos : e - b));
    if (e == std::string::npos) break;
    b = e + 1;
  }
  return out;
}

std::string read_all(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw kg::FileError(path, "cannot open");
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// TSV (kg facts layout, optional subject_type/object_type) → one ExtractedDocument, one sentence per row.
int cmd_load(const std::string& tsv, const std::string& db) {
  auto t0 = Clock::now();
  std::string bytes = read_all(tsv);
  kg::ExtractedDocument x;
  x.doc.path = tsv;
  x.doc.sha256 = kg::sha256_hex(bytes);
  x.doc.bytes = static_cast<int64_t>(bytes.size());
  x.doc.encoding = "UTF-8";
  x.doc.format = "text";
  x.doc.pub_date_source = "unknown";
  std::map<std::string, int> col;
  std::unordered_map<std::string, std::string> types;
  size_t pos = 0;
  int line_no = 0;
  while (pos < bytes.size()) {
    size_t e = bytes.find('\n', pos);
    if (e == std::string::npos) e = bytes.size();
    std::string line = bytes.substr(pos, e - pos);
    int64_t start = static_cast<int64_t>(pos);
    pos = e + 1;
    ++line_no;
    if (line.empty()) continue;
    auto f = split_tab(line);
    if (col.empty()) {
      for (size_t i = 0; i < f.size(); ++i) col[f[i]] = static_cast<int>(i);
      for (const char* need : {"subject", "predicate", "object"})
        if (!col.count(need)) throw kg::FileError(tsv, std::string("no column ") + need, line_no);
      continue;
    }
    auto get = [&](const char* name) -> std::string {
      auto it = col.find(name);
      return it == col.end() || static_cast<size_t>(it->second) >= f.size() ? "" : f[it->second];
    };
    kg::FactRecord r;
    r.subject = get("subject");
    r.predicate = get("predicate");
    r.object = get("object");
    if (auto a = get("amount"); !a.empty()) r.amount = std::stod(a);
    r.currency = get("currency");
    if (auto y = get("year"); !y.empty()) r.year = std::stoi(y);
    if (auto m = get("month"); !m.empty()) r.month = std::stoi(m);
    r.date_basis = r.year ? "explicit" : "";
    r.sentence_seq = static_cast<int>(x.sentences.size());
    r.start = start;
    r.end = static_cast<int64_t>(e);
    r.rule = "bench-load";
    r.confidence = 1.0;
    std::string st = get("subject_type"), ot = get("object_type");
    types.emplace(r.subject, st.empty() ? "organization" : st);
    types.emplace(r.object, ot.empty() ? "organization" : ot);
    kg::SentenceRecord s;
    s.seq = r.sentence_seq;
    s.start = r.start;
    s.end = r.end;
    s.text = line;
    s.norm = line;
    x.sentences.push_back(std::move(s));
    x.facts.push_back(std::move(r));
  }
  std::vector<std::pair<std::string, std::string>> sorted(types.begin(), types.end());
  std::sort(sorted.begin(), sorted.end());
  for (auto& [name, type] : sorted) x.entities.push_back(kg::EntityRecord{name, type, "discovered", {name}});
  double parse_s = seconds_since(t0);
  auto t1 = Clock::now();
  kg::Store store(db);
  auto r = store.add_document(x);
  double store_s = seconds_since(t1);
  std::printf("rows\t%zu\nentities\t%zu\nparse_s\t%.3f\nstore_s\t%.3f\nrows_per_s\t%.0f\nadded\t%d\n",
              x.facts.size(), x.entities.size(), parse_s, store_s, x.facts.size() / (parse_s + store_s),
              r.added ? 1 : 0);
  return 0;
}

struct Loaded {
  kg::graph::KnowledgeGraph g;
  double read_s = 0, build_s = 0, rss_rows_mb = 0;
  size_t facts = 0;
};

Loaded load_graph(const std::string& db) {
  Loaded l;
  kg::StoreOptions o;
  o.read_only = true;
  kg::Store store(db, o);
  auto t0 = Clock::now();
  auto ents = store.entities();
  auto facts = store.facts(false);
  l.read_s = seconds_since(t0);
  l.rss_rows_mb = current_rss_mb();
  l.facts = facts.size();
  auto t1 = Clock::now();
  l.g = kg::graph::KnowledgeGraph::build(std::move(ents), std::move(facts));
  l.build_s = seconds_since(t1);
  return l;
}

int cmd_build(const std::string& db) {
  double rss0 = current_rss_mb();
  Loaded l = load_graph(db);
  std::printf("edges\t%zu\nvertices\t%zu\nread_s\t%.3f\nbuild_s\t%.3f\nbuild_edges_per_s\t%.0f\n"
              "total_edges_per_s\t%.0f\nrss_start_mb\t%.1f\nrss_rows_mb\t%.1f\nrss_graph_mb\t%.1f\npeak_rss_mb\t%.1f\n",
              l.facts, l.g.vertex_count(), l.read_s, l.build_s, l.facts / l.build_s,
              l.facts / (l.read_s + l.build_s), rss0, l.rss_rows_mb, current_rss_mb(), peak_rss_mb());
  return 0;
}

// The graph as read commands load it: from the store's graph snapshot (docs/schema.md). When the store has no
// current snapshot, builds the graph, saves it and says so (run again to measure the load in a fresh process).
int cmd_snapshot(const std::string& db) {
  double rss0 = current_rss_mb();
  kg::StoreOptions o;
  o.read_only = true;
  kg::Store store(db, o);
  const int64_t rev = store.revision();
  auto t0 = Clock::now();
  std::optional<std::string> core = store.snapshot_part(rev, 0);
  if (!core) {
    Loaded l = load_graph(db);
    auto t1 = Clock::now();
    bool saved = store.save_snapshot(rev, l.g.image_chunk_count() + 1, [&l](size_t k) {
      return k == 0 ? l.g.image_core() : l.g.image_chunk(k - 1);
    });
    std::printf("saved\t%d\nsave_s\t%.3f\n", saved ? 1 : 0, seconds_since(t1));
    return saved ? 0 : 1;
  }
  double read_s = seconds_since(t0);
  const size_t core_bytes = core->size();
  auto t1 = Clock::now();
  auto g = kg::graph::KnowledgeGraph::from_image(std::move(*core), [&store, rev](size_t k) {
    return store.snapshot_part(rev, static_cast<int64_t>(k) + 1).value_or(std::string());
  });
  double load_s = seconds_since(t1);
  if (!g) throw kg::Error(db + ": the graph snapshot is not readable by this build");
  const size_t edges = g->fact_count();
  std::printf("edges\t%zu\nvertices\t%zu\ncore_bytes\t%zu\nread_s\t%.3f\nload_s\t%.3f\nedges_per_s\t%.0f\n"
              "rss_start_mb\t%.1f\nrss_graph_mb\t%.1f\npeak_rss_mb\t%.1f\n",
              edges, g->vertex_count(), core_bytes, read_s, load_s, edges / (read_s + load_s), rss0,
              current_rss_mb(), peak_rss_mb());
  return 0;
}

double pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * (v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

// pairs: "A<TAB>B" per line. out: "A B length path_us nb2_size nb2_us" per pair (length -1: not connected).
int cmd_paths(const std::string& db, const std::string& pairs_path, const std::string& out_path) {
  // The graph from the store's snapshot when it is current (as read commands load it; seconds instead of the
  // tables' half minute at 1M edges), else built from the tables. The searches run on the same arrays either way.
  double rss0 = current_rss_mb();
  Loaded l;
  bool from_snapshot = false;
  {
    kg::StoreOptions o;
    o.read_only = true;
    kg::Store store(db, o);
    const int64_t rev = store.revision();
    auto t0 = Clock::now();
    if (auto core = store.snapshot_part(rev, 0)) {
      auto g = kg::graph::KnowledgeGraph::from_image(std::move(*core), [&store, rev](size_t k) {
        return store.snapshot_part(rev, static_cast<int64_t>(k) + 1).value_or(std::string());
      });
      if (g) {
        l.g = std::move(*g);
        l.facts = l.g.fact_count();
        l.read_s = seconds_since(t0);
        from_snapshot = true;
      }
    }
  }
  if (!from_snapshot) l = load_graph(db);
  double rss_graph = current_rss_mb(), peak_build = peak_rss_mb();
  const auto& g = l.g;
  std::ifstream in(pairs_path);
  if (!in) throw kg::FileError(pairs_path, "cannot open");
  std::ofstream out(out_path);
  if (!out) throw kg::FileError(out_path, "cannot write");
  std::vector<std::pair<kg::graph::Vertex, kg::graph::Vertex>> pairs;
  std::vector<std::pair<std::string, std::string>> names;
  std::string line;
  while (std::getline(in, line)) {
    auto f = split_tab(line);
    if (f.size() < 2) continue;
    auto a = g.find(f[0]), b = g.find(f[1]);
    if (!a || !b) throw kg::Error("pairs: unknown name in '" + line + "'");
    pairs.emplace_back(*a, *b);
    names.emplace_back(f[0], f[1]);
  }
  // Warm-up (page in the adjacency lists of a few vertices).
  for (size_t i = 0; i < std::min<size_t>(10, pairs.size()); ++i) g.shortest_path(pairs[i].first, pairs[i].second);
  std::vector<double> path_us, nb_us, path_conn_us, path_unconn_us;
  size_t connected = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    auto t0 = Clock::now();
    auto p = g.shortest_path(pairs[i].first, pairs[i].second);
    double us = seconds_since(t0) * 1e6;
    auto t1 = Clock::now();
    auto nb = g.neighbors(pairs[i].first, 2);
    double nus = seconds_since(t1) * 1e6;
    long len = p ? static_cast<long>(p->steps.size()) : -1;
    path_us.push_back(us);
    (p ? path_conn_us : path_unconn_us).push_back(us);
    nb_us.push_back(nus);
    if (p) ++connected;
    out << names[i].first << '\t' << names[i].second << '\t' << len << '\t' << us << '\t' << nb.vertices.size()
        << '\t' << nus << '\n';
  }
  std::printf("pairs\t%zu\nconnected\t%zu\npath_p50_us\t%.2f\npath_p99_us\t%.2f\npath_conn_p50_us\t%.2f\n"
              "path_unconn_p50_us\t%.2f\nnb2_p50_us\t%.2f\nnb2_p99_us\t%.2f\nread_s\t%.3f\nbuild_s\t%.3f\n",
              pairs.size(), connected, pct(path_us, 0.5), pct(path_us, 0.99), pct(path_conn_us, 0.5),
              pct(path_unconn_us, 0.5), pct(nb_us, 0.5), pct(nb_us, 0.99), l.read_s, l.build_s);
  std::printf("graph_from\t%s\nedges\t%zu\nvertices\t%zu\nrss_start_mb\t%.1f\nrss_graph_mb\t%.1f\npeak_rss_mb\t%.1f\n",
              from_snapshot ? "snapshot" : "tables", l.facts, g.vertex_count(), rss0, rss_graph, peak_build);
  return 0;
}

int usage() {
  std::fprintf(stderr,
               "usage: kg_bench_graph load TSV DB | build DB | snapshot DB | paths DB PAIRS OUT\n"
               "  load   stores a facts TSV as one document (through kg::Store) and prints rows/s\n"
               "  build  reads entities and facts from DB and builds the graph; prints edges/s and RSS\n"
               "  snapshot  loads the graph from DB's graph snapshot as read commands do; prints edges/s and RSS\n"
               "         (with no current snapshot: builds and saves one; run again to measure the load)\n"
               "  paths  times shortest_path and neighbors(·, 2) for each pair in PAIRS (A<TAB>B lines);\n"
               "         on the graph from DB's snapshot when it is current, else built from the tables\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> a(argv + 1, argv + argc);
  try {
    if (a.size() == 3 && a[0] == "load") return cmd_load(a[1], a[2]);
    if (a.size() == 2 && a[0] == "build") return cmd_build(a[1]);
    if (a.size() == 2 && a[0] == "snapshot") return cmd_snapshot(a[1]);
    if (a.size() == 4 && a[0] == "paths") return cmd_paths(a[1], a[2], a[3]);
    return usage();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
}
