#include "graph/graph.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <unordered_set>

#include "base/error.h"
#include "base/text.h"
#include "base/unicode.h"

namespace kg::graph {
namespace {

int cmp_opt(const std::optional<int>& a, const std::optional<int>& b, bool missing_last) {
  if (a && b) return *a < *b ? -1 : (*a > *b ? 1 : 0);
  if (!a && !b) return 0;
  // exactly one is missing
  bool a_missing = !a;
  return (a_missing == missing_last) ? 1 : -1;
}

size_t levenshtein(const std::u32string& a, const std::u32string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// Per-thread search state reused across queries: visit stamps instead of clearing O(vertices) arrays per query.
struct Scratch {
  std::vector<uint32_t> seen;  // neighbors: == epoch when visited in this query
  // shortest_path's per-vertex state of both searches in one 16-byte record: a visit touches one cache line.
  // stamp[side] == epoch: reached by that side's search in this query, from pred[side].
  struct Node {
    uint32_t stamp[2];
    uint32_t pred[2];
  };
  std::vector<Node> node;
  std::vector<uint32_t> front[2], next;  // kept between queries: no allocation (nor page faults) per query
  uint32_t epoch = 0;
  void prepare(size_t n) {
    if (node.size() < n) node.resize(n, Node{{0, 0}, {0, 0}});
    if (seen.size() < n) seen.resize(n, 0);
    if (++epoch == 0) {
      std::fill(seen.begin(), seen.end(), 0);
      for (auto& x : node) x.stamp[0] = x.stamp[1] = 0;
      epoch = 1;
    }
  }
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

bool default_filter(const Filter& f) { return f.predicates.empty() && !f.since && !f.until; }

}  // namespace

int compare_fact_time(const FactRow& a, const FactRow& b) {
  if (int c = cmp_opt(a.year, b.year, /*missing_last=*/true)) return c;
  if (int c = cmp_opt(a.month, b.month, /*missing_last=*/false)) return c;
  return cmp_opt(a.day, b.day, /*missing_last=*/false);
}

bool Filter::accepts(const FactRow& f) const {
  if (!predicates.empty() && std::find(predicates.begin(), predicates.end(), f.predicate) == predicates.end())
    return false;
  if (!include_denied && (f.status == "denied" || f.status == "terminated")) return false;
  if (since || until) {
    if (!f.year) return false;
    if (since && *f.year < *since) return false;
    if (until && *f.year > *until) return false;
  }
  return true;
}

KnowledgeGraph KnowledgeGraph::build(std::vector<EntityRow> entities, std::vector<FactRow> facts) {
  KnowledgeGraph kg;

  // Pass 1: fact ends that name no known entity become entities of their own.
  {
    std::unordered_set<int64_t> ids;
    std::unordered_set<std::string> keys;
    for (const auto& e : entities) {
      if (e.id != 0) ids.insert(e.id);
      keys.insert(fold_key(e.name));
      for (const auto& a : e.aliases) keys.insert(fold_key(a));
    }
    auto ensure = [&](int64_t id, const std::string& name, const std::string& type) {
      if (id != 0 && ids.count(id)) return;
      std::string k = fold_key(name);
      if (keys.count(k)) return;
      EntityRow row;
      row.id = id;
      row.name = name;
      row.type = type;
      row.origin = "fact";
      row.aliases = {name};
      if (id != 0) ids.insert(id);
      keys.insert(k);
      entities.push_back(std::move(row));
    };
    for (const auto& f : facts) {
      ensure(f.subject_id, f.subject, f.subject_type);
      ensure(f.object_id, f.object, f.object_type);
    }
  }
  std::stable_sort(entities.begin(), entities.end(), [](const EntityRow& a, const EntityRow& b) {
    return a.name != b.name ? a.name < b.name : a.id < b.id;
  });
  kg.entities_ = std::move(entities);
  kg.facts_ = std::move(facts);

  const size_t n = kg.entities_.size();
  std::unordered_map<int64_t, Vertex> by_id;
  std::unordered_map<std::string, size_t> key_count;
  for (Vertex v = 0; v < n; ++v) {
    const EntityRow& e = kg.entities_[v];
    if (e.id != 0) by_id.emplace(e.id, v);
    std::string k = fold_key(e.name);
    kg.by_name_.emplace(k, v);  // the first (by name order) wins
    std::unordered_set<std::string> seen{k};
    for (const auto& a : e.aliases) {
      std::string ak = fold_key(a);
      if (ak.empty() || !seen.insert(ak).second) continue;
      kg.by_alias_[ak].push_back(v);
    }
    std::string key = k.empty() ? "v" + std::to_string(v) : k;
    if (key_count[key]++ > 0) key += e.id != 0 ? "~" + std::to_string(e.id) : "~v" + std::to_string(v);
    kg.keys_.push_back(key);
  }

  auto resolve = [&](int64_t id, const std::string& name) -> Vertex {
    if (id != 0) {
      auto it = by_id.find(id);
      if (it != by_id.end()) return it->second;
    }
    std::string k = fold_key(name);
    auto it = kg.by_name_.find(k);
    if (it != kg.by_name_.end()) return it->second;
    auto al = kg.by_alias_.find(k);
    if (al != kg.by_alias_.end() && !al->second.empty()) return al->second.front();
    throw Error("internal: fact end '" + name + "' has no vertex");  // cannot happen after pass 1
  };
  std::vector<uint32_t> degree(n, 0);
  std::vector<std::pair<uint32_t, uint32_t>> ends;
  ends.reserve(kg.facts_.size());
  if (n >= std::numeric_limits<uint32_t>::max() || kg.facts_.size() >= kFactMask)
    throw Error("graph too large: " + std::to_string(n) + " vertices, " + std::to_string(kg.facts_.size()) + " facts");
  for (size_t i = 0; i < kg.facts_.size(); ++i) {
    const FactRow& f = kg.facts_[i];
    Vertex s = resolve(f.subject_id, f.subject);
    Vertex o = resolve(f.object_id, f.object);
    ends.emplace_back(static_cast<uint32_t>(s), static_cast<uint32_t>(o));
    ++degree[s];
    if (o != s) ++degree[o];
  }
  kg.fact_count_ = kg.facts_.size();
  kg.vertex_count_ = n;
  kg.fill_briefs();
  // Compact adjacency for the searches: (neighbour, fact) per vertex, sorted; a self-loop is listed once.
  std::vector<uint32_t> adj_off(n + 1, 0);
  for (size_t i = 0; i < kg.facts_.size(); ++i) {
    auto [s, o] = ends[i];
    ++adj_off[s + 1];
    if (o != s) ++adj_off[o + 1];
  }
  for (size_t v = 0; v < n; ++v) adj_off[v + 1] += adj_off[v];
  std::vector<std::pair<uint32_t, uint32_t>> adj(adj_off[n]);
  {
    std::vector<uint32_t> pos(adj_off.begin(), adj_off.end() - 1);
    for (size_t i = 0; i < kg.facts_.size(); ++i) {
      auto [s, o] = ends[i];
      adj[pos[s]++] = {o, static_cast<uint32_t>(i)};
      if (o != s) adj[pos[o]++] = {s, static_cast<uint32_t>(i)};
    }
  }
  for (size_t v = 0; v < n; ++v) std::sort(adj.begin() + adj_off[v], adj.begin() + adj_off[v + 1]);
  for (auto& [w, f] : adj)  // after sorting: the order stays that of the fact index
    if (kg.brief_[f].hidden) f |= kHiddenBit;
  kg.degree_.assign(std::move(degree));
  kg.ends_.assign(std::move(ends));
  kg.adj_off_.assign(std::move(adj_off));
  kg.adj_.assign(std::move(adj));
  return kg;
}

void KnowledgeGraph::fill_briefs() {
  std::vector<Brief> brief(facts_.size());
  predicates_.clear();
  std::unordered_map<std::string, uint16_t> pred;
  for (size_t i = 0; i < facts_.size(); ++i) {
    const FactRow& f = facts_[i];
    Brief& b = brief[i];
    auto [it, added] = pred.emplace(f.predicate, static_cast<uint16_t>(predicates_.size()));
    if (added) {
      if (predicates_.size() == std::numeric_limits<uint16_t>::max()) throw Error("graph: too many distinct predicates");
      predicates_.push_back(f.predicate);
    }
    b.predicate = it->second;
    b.hidden = f.status == "denied" || f.status == "terminated";
    if (f.year) b.year = *f.year == Brief::kNone ? Brief::kNone + 1 : *f.year;
    // Months and days are 1..31 in any stored fact; the clamp only keeps garbage from wrapping around.
    auto part = [](const std::optional<int>& x) -> int16_t {
      if (!x) return Brief::kNoPart;
      return static_cast<int16_t>(std::clamp(*x, Brief::kNoPart + 1, static_cast<int>(INT16_MAX)));
    };
    b.month = part(f.month);
    b.day = part(f.day);
  }
  brief_.assign(std::move(brief));
}

void KnowledgeGraph::load_evidence_lazily(EvidenceLoader load) {
  load_evidence_ = std::move(load);
  evidence_read_.assign(fact_count_, 0);
}

FactRow& KnowledgeGraph::fact_slot(size_t i) const {
  if (i >= fact_count_) throw std::out_of_range("KnowledgeGraph::fact: index " + std::to_string(i));
  if (!facts_.empty() || !load_chunk_) return facts_.at(i);
  auto& chunk = chunks_.at(i / chunk_size_);
  const size_t k = i / chunk_size_;
  if (!chunk) {
    chunk = std::make_shared<std::vector<FactRow>>(decode_chunk(load_chunk_(k), k));
    if (chunk->size() != std::min(chunk_size_, fact_count_ - k * chunk_size_)) {
      chunk.reset();
      throw DbError("graph snapshot: fact chunk " + std::to_string(k) + " has the wrong number of facts");
    }
  }
  return (*chunk)[i % chunk_size_];
}

const FactRow& KnowledgeGraph::fact(size_t i) const {
  FactRow& f = fact_slot(i);
  if (load_evidence_ && !evidence_read_[i]) {
    f.evidence = load_evidence_(f);
    evidence_read_[i] = 1;
  }
  return f;
}

const std::vector<FactRow>& KnowledgeGraph::facts() const {
  if (facts_.empty() && load_chunk_ && fact_count_ > 0) {
    std::vector<FactRow> all;
    all.reserve(fact_count_);
    for (size_t i = 0; i < fact_count_; ++i) all.push_back(fact(i));
    facts_ = std::move(all);  // from now on fact(i) reads facts_ (references handed out before stay valid: the
                              // decoded chunks are kept)
    return facts_;
  }
  if (load_evidence_)
    for (size_t i = 0; i < facts_.size(); ++i) fact(i);
  return facts_;
}

const Graph& KnowledgeGraph::graph() const {
  if (!g_built_) {
    Graph g(vertex_count_);
    for (Vertex v = 0; v < vertex_count_; ++v) g[v] = VertexProps{entity(v).id, entity(v).name, entity(v).type};
    for (size_t i = 0; i < fact_count_; ++i) {
      const FactRow& f = fact_slot(i);
      boost::add_edge(ends_[i].first, ends_[i].second,
                      EdgeProps{i, f.predicate, f.year, f.amount, f.currency, f.status, f.confidence}, g);
    }
    g_ = std::move(g);
    g_built_ = true;
  }
  return g_;
}

bool KnowledgeGraph::accepted(size_t fact, const Filter& filter) const {
  const Brief& b = brief_[fact];
  if (!filter.include_denied && b.hidden) return false;
  if (default_filter(filter)) return true;
  if (!filter.predicates.empty() &&
      std::find(filter.predicates.begin(), filter.predicates.end(), predicates_[b.predicate]) == filter.predicates.end())
    return false;
  if (filter.since || filter.until) {
    if (b.year == Brief::kNone) return false;
    if (filter.since && b.year < *filter.since) return false;
    if (filter.until && b.year > *filter.until) return false;
  }
  return true;
}

bool KnowledgeGraph::accepted_entry(uint32_t entry, const Filter& filter) const {
  if (default_filter(filter)) return filter.include_denied || !(entry & kHiddenBit);  // no brief read
  return accepted(entry & kFactMask, filter);
}

int KnowledgeGraph::compare_time(size_t a, size_t b) const {
  const Brief& x = brief_[a];
  const Brief& y = brief_[b];
  if (x.year != y.year) {
    if (x.year == Brief::kNone) return 1;  // undated last
    if (y.year == Brief::kNone) return -1;
    return x.year < y.year ? -1 : 1;
  }
  if (x.month != y.month) return x.month < y.month ? -1 : 1;  // kNoPart (unknown) sorts first
  if (x.day != y.day) return x.day < y.day ? -1 : 1;
  return 0;
}

template <class F>
void KnowledgeGraph::for_each_adjacent(Vertex v, const Filter& filter, F&& f) const {
  for (uint32_t k = adj_off_[v], e = adj_off_[v + 1]; k < e; ++k) {
    auto [w, entry] = adj_[k];
    if (w != v && accepted_entry(entry, filter)) f(static_cast<Vertex>(w), static_cast<size_t>(entry & kFactMask));
  }
}

std::optional<Vertex> KnowledgeGraph::find(std::string_view name) const {
  std::string k = fold_key(name);
  if (k.empty()) return std::nullopt;
  std::vector<Vertex> found;
  if (core_) {
    found = snapshot_lookup(k, false);
    if (!found.empty()) return found.front();
    found = snapshot_lookup(k, true);
  } else {
    if (auto it = by_name_.find(k); it != by_name_.end()) return it->second;
    if (auto it = by_alias_.find(k); it != by_alias_.end()) found = it->second;
  }
  if (found.empty()) return std::nullopt;
  Vertex best = found.front();
  for (Vertex v : found)
    if (degree_[v] > degree_[best] || (degree_[v] == degree_[best] && v < best)) best = v;
  return best;
}

const std::vector<EntityRow>& KnowledgeGraph::entities() const {
  if (entities_.size() != vertex_count_) {
    std::vector<EntityRow> all;
    all.reserve(vertex_count_);
    for (Vertex v = 0; v < vertex_count_; ++v) all.push_back(entity(v));
    entities_ = std::move(all);  // references handed out before stay valid: the decoded records are kept
  }
  return entities_;
}

const EntityRow& KnowledgeGraph::entity(Vertex v) const {
  if (v >= vertex_count_) throw std::out_of_range("KnowledgeGraph::entity: vertex " + std::to_string(v));
  if (!core_ || entities_.size() == vertex_count_) return entities_[v];
  return vertex_record(v).row;
}

const std::string& KnowledgeGraph::key(Vertex v) const {
  if (v >= vertex_count_) throw std::out_of_range("KnowledgeGraph::key: vertex " + std::to_string(v));
  if (!core_) return keys_[v];
  return vertex_record(v).key;
}

std::vector<std::string> KnowledgeGraph::suggest(std::string_view name, size_t k) const {
  std::u32string q = utf8_to_u32(fold_key(name));
  if (q.empty() || k == 0) return {};
  const size_t max_dist = std::max<size_t>(1, q.size() / 2);
  struct Score {
    int sub;  // 0 = substring hit, 1 = edit distance only
    size_t dist;
    Vertex v;
  };
  std::vector<Score> scores;
  for (Vertex v = 0; v < vertex_count_; ++v) {
    const EntityRow& e = entity(v);
    std::vector<std::string> names{e.name};
    names.insert(names.end(), e.aliases.begin(), e.aliases.end());
    std::optional<Score> best;
    for (const auto& nm : names) {
      std::u32string key = utf8_to_u32(fold_key(nm));
      if (key.empty()) continue;
      size_t d = levenshtein(q, key);
      bool sub = std::min(q.size(), key.size()) >= 2 &&
                 (key.find(q) != std::u32string::npos || q.find(key) != std::u32string::npos);
      if (!sub && d > max_dist) continue;
      Score s{sub ? 0 : 1, d, v};
      if (!best || std::tie(s.sub, s.dist) < std::tie(best->sub, best->dist)) best = s;
    }
    if (best) scores.push_back(*best);
  }
  std::sort(scores.begin(), scores.end(), [](const Score& a, const Score& b) {
    return std::tie(a.sub, a.dist, a.v) < std::tie(b.sub, b.dist, b.v);  // v order = name order
  });
  std::vector<std::string> out;
  for (const auto& s : scores) {
    if (out.size() >= k) break;
    out.push_back(entity(s.v).name);
  }
  return out;
}

std::vector<size_t> KnowledgeGraph::out_facts(Vertex v, const Filter& filter) const {
  std::vector<size_t> out;
  if (v >= vertex_count_) throw std::out_of_range("KnowledgeGraph::out_facts: vertex " + std::to_string(v));
  for (uint32_t k = adj_off_[v], e = adj_off_[v + 1]; k < e; ++k) {  // a self-loop is listed once
    uint32_t f = adj_[k].second & kFactMask;
    if (ends_[f].first == v && accepted(f, filter)) out.push_back(f);
  }
  std::sort(out.begin(), out.end(), [&](size_t a, size_t b) {
    int c = compare_time(a, b);
    return c != 0 ? c < 0 : a < b;
  });
  return out;
}

std::vector<size_t> KnowledgeGraph::in_facts(Vertex v, const Filter& filter) const {
  std::vector<size_t> out;
  if (v >= vertex_count_) throw std::out_of_range("KnowledgeGraph::in_facts: vertex " + std::to_string(v));
  for (uint32_t k = adj_off_[v], e = adj_off_[v + 1]; k < e; ++k) {
    uint32_t f = adj_[k].second & kFactMask;
    if (ends_[f].second == v && accepted(f, filter)) out.push_back(f);
  }
  std::sort(out.begin(), out.end(), [&](size_t a, size_t b) {
    int c = compare_time(a, b);
    return c != 0 ? c < 0 : a < b;
  });
  return out;
}

std::vector<Vertex> KnowledgeGraph::adjacent(Vertex v, const Filter& filter) const {
  std::vector<Vertex> out;
  if (v >= vertex_count_) return out;
  for_each_adjacent(v, filter, [&](Vertex w, size_t) {
    if (out.empty() || out.back() != w) out.push_back(w);  // adj_ is sorted by neighbour: order is name order
  });
  return out;
}

std::vector<size_t> KnowledgeGraph::facts_between(Vertex u, Vertex v, const Filter& filter) const {
  std::vector<std::pair<bool, size_t>> found;  // (reverse?, fact)
  if (u != v && u < vertex_count_ && v < vertex_count_) {
    auto first = adj_.begin() + adj_off_[u], last = adj_.begin() + adj_off_[u + 1];
    auto it = std::lower_bound(first, last, std::pair<uint32_t, uint32_t>{static_cast<uint32_t>(v), 0});
    for (; it != last && it->first == v; ++it)
      if (accepted_entry(it->second, filter))
        found.emplace_back(ends_[it->second & kFactMask].first != u, it->second & kFactMask);
  } else if (u == v && u < vertex_count_) {  // self-loops
    for (uint32_t k = adj_off_[u], e = adj_off_[u + 1]; k < e; ++k)
      if (adj_[k].first == u && accepted_entry(adj_[k].second, filter))
        found.emplace_back(false, adj_[k].second & kFactMask);
  }
  std::sort(found.begin(), found.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return !a.first;
    int c = compare_time(a.second, b.second);
    return c != 0 ? c < 0 : a.second < b.second;
  });
  std::vector<size_t> out;
  for (const auto& p : found) out.push_back(p.second);
  return out;
}

std::optional<Path> KnowledgeGraph::shortest_path(Vertex a, Vertex b, const Filter& filter) const {
  // Bidirectional BFS expanding the smaller frontier a level at a time, stopping at the first vertex the other side
  // has reached. Every vertex the other side has reached next to this frontier lies on its newest level (an older
  // one would have reached this frontier first), so the first meeting gives a shortest path; stopping there skips
  // the rest of the last level, where most of a search's work is. The path is the one the scan meets first
  // (frontiers in discovery order, neighbours in vertex order): deterministic for a graph, and one of
  // all_shortest_paths. Visits are stamped, so a query costs what it explores, not O(vertices).
  const size_t n = vertex_count_;
  if (a >= n || b >= n) return std::nullopt;
  if (a == b) return Path{{a}, {}};
  Scratch& s = scratch();
  s.prepare(n);
  const uint32_t epoch = s.epoch;
  Scratch::Node* node = s.node.data();
  node[a].stamp[0] = epoch;
  node[a].pred[0] = static_cast<uint32_t>(a);
  node[b].stamp[1] = epoch;
  node[b].pred[1] = static_cast<uint32_t>(b);
  s.front[0].assign(1, static_cast<uint32_t>(a));
  s.front[1].assign(1, static_cast<uint32_t>(b));
  auto& next = s.next;
  const bool plain = default_filter(filter);  // then only the hidden bit decides, no brief is read
  const uint32_t hidden_mask = filter.include_denied ? 0 : kHiddenBit;
  const auto* adj = adj_.data();
  const auto* off = adj_off_.data();
  uint32_t meet = static_cast<uint32_t>(n);
  size_t cost[2] = {off[a + 1] - off[a], off[b + 1] - off[b]};
  while (meet == n && !s.front[0].empty() && !s.front[1].empty()) {
    const int side = cost[0] <= cost[1] ? 0 : 1;
    const int other = 1 - side;
    next.clear();
    size_t next_cost = 0;
    for (uint32_t u : s.front[side]) {
      uint32_t last = std::numeric_limits<uint32_t>::max();
      for (uint32_t k = off[u], e = off[u + 1]; k < e; ++k) {
        const uint32_t w = adj[k].first, entry = adj[k].second;
        if (w == last) continue;  // parallel facts to the same neighbour (adj_ is sorted by neighbour)
        if (plain ? (entry & hidden_mask) != 0 : !accepted(entry & kFactMask, filter)) continue;
        last = w;
        Scratch::Node& x = node[w];
        if (x.stamp[side] == epoch) continue;
        x.stamp[side] = epoch;
        x.pred[side] = u;
        if (x.stamp[other] == epoch) {
          meet = w;
          break;
        }
        next.push_back(w);
        next_cost += off[w + 1] - off[w];
      }
      if (meet != n) break;
    }
    cost[side] = next_cost;
    std::swap(s.front[side], next);
  }
  if (meet == n) return std::nullopt;
  Path p;
  for (uint32_t v = meet;; v = node[v].pred[0]) {  // meet … a
    p.vertices.push_back(v);
    if (v == a) break;
  }
  std::reverse(p.vertices.begin(), p.vertices.end());
  for (uint32_t v = meet; v != b;) {  // meet … b
    v = node[v].pred[1];
    p.vertices.push_back(v);
  }
  for (size_t i = 0; i + 1 < p.vertices.size(); ++i) {
    PathStep st;
    st.from = p.vertices[i];
    st.to = p.vertices[i + 1];
    st.facts = facts_between(st.from, st.to, filter);
    st.forward = !st.facts.empty() && subject_of(st.facts.front()) == st.from;
    p.steps.push_back(std::move(st));
  }
  return p;
}

std::vector<Path> KnowledgeGraph::all_shortest_paths(Vertex a, Vertex b, const Filter& filter, size_t limit) const {
  const size_t n = vertex_count_;
  if (a >= n || b >= n || limit == 0) return {};
  if (a == b) return {Path{{a}, {}}};

  // Level-synchronous bidirectional BFS. Each side keeps, per vertex, its distance and every predecessor one level
  // closer to its root. The first expanded level that touches the other side's visited set contains exactly the
  // vertices where shortest paths meet (they all sit on the other side's current frontier).
  std::vector<int> dist_a(n, -1), dist_b(n, -1);
  std::vector<std::vector<Vertex>> pred_a(n), pred_b(n);
  std::vector<Vertex> front_a{a}, front_b{b};
  dist_a[a] = 0;
  dist_b[b] = 0;
  while (!front_a.empty() && !front_b.empty()) {
    bool expand_a = front_a.size() <= front_b.size();
    auto& front = expand_a ? front_a : front_b;
    auto& dist = expand_a ? dist_a : dist_b;
    auto& pred = expand_a ? pred_a : pred_b;
    const auto& other = expand_a ? dist_b : dist_a;
    std::vector<Vertex> next;
    for (Vertex u : front) {
      for (Vertex w : adjacent(u, filter)) {
        if (dist[w] == -1) {
          dist[w] = dist[u] + 1;
          pred[w].push_back(u);
          next.push_back(w);
        } else if (dist[w] == dist[u] + 1) {
          pred[w].push_back(u);
        }
      }
    }
    std::sort(next.begin(), next.end());
    std::vector<Vertex> meet;
    for (Vertex w : next)
      if (other[w] != -1) meet.push_back(w);
    if (!meet.empty()) {
      for (auto& p : pred_a) std::sort(p.begin(), p.end());
      for (auto& p : pred_b) std::sort(p.begin(), p.end());
      return enumerate(a, b, pred_a, pred_b, meet, filter, limit);
    }
    front = std::move(next);
  }
  return {};
}

std::vector<Path> KnowledgeGraph::enumerate(Vertex a, Vertex b, const std::vector<std::vector<Vertex>>& pred_a,
                                            const std::vector<std::vector<Vertex>>& pred_b,
                                            const std::vector<Vertex>& meet, const Filter& filter,
                                            size_t limit) const {
  // Chains from m back to root following pred; each chain is listed root-first when reverse is true.
  std::function<void(Vertex, Vertex, const std::vector<std::vector<Vertex>>&, std::vector<Vertex>&,
                     std::vector<std::vector<Vertex>>&)>
      chains = [&](Vertex v, Vertex root, const std::vector<std::vector<Vertex>>& pred, std::vector<Vertex>& cur,
                   std::vector<std::vector<Vertex>>& out) {
        if (out.size() >= limit) return;
        cur.push_back(v);
        if (v == root) {
          out.push_back(cur);
        } else {
          for (Vertex p : pred[v]) chains(p, root, pred, cur, out);
        }
        cur.pop_back();
      };
  std::vector<Path> paths;
  for (Vertex m : meet) {
    std::vector<std::vector<Vertex>> left, right;
    std::vector<Vertex> cur;
    chains(m, a, pred_a, cur, left);   // m … a
    chains(m, b, pred_b, cur, right);  // m … b
    for (auto& l : left) {
      std::reverse(l.begin(), l.end());  // a … m
      for (const auto& r : right) {
        if (paths.size() >= limit) break;
        Path p;
        p.vertices = l;
        p.vertices.insert(p.vertices.end(), r.begin() + 1, r.end());
        paths.push_back(std::move(p));
      }
    }
    if (paths.size() >= limit) break;
  }
  for (auto& p : paths) {
    for (size_t i = 0; i + 1 < p.vertices.size(); ++i) {
      PathStep s;
      s.from = p.vertices[i];
      s.to = p.vertices[i + 1];
      s.facts = facts_between(s.from, s.to, filter);
      s.forward = !s.facts.empty() && subject_of(s.facts.front()) == s.from;
      p.steps.push_back(std::move(s));
    }
  }
  std::sort(paths.begin(), paths.end(), [&](const Path& x, const Path& y) {
    return std::lexicographical_compare(x.vertices.begin(), x.vertices.end(), y.vertices.begin(), y.vertices.end(),
                                        [&](Vertex u, Vertex v) { return u < v; });
  });
  return paths;
}

Neighborhood KnowledgeGraph::neighbors(Vertex v, int hops, const Filter& filter) const {
  if (hops < 0) throw UsageError("hops must be 0 or more, got " + std::to_string(hops));
  Neighborhood nb;
  if (v >= vertex_count_) return nb;
  Scratch& s = scratch();
  s.prepare(vertex_count_);
  const uint32_t epoch = s.epoch;
  s.seen[v] = epoch;
  std::vector<Vertex> front{v}, next;
  nb.vertices.emplace_back(v, 0);
  for (int d = 1; d <= hops && !front.empty(); ++d) {
    next.clear();
    for (Vertex u : front)
      for_each_adjacent(u, filter, [&](Vertex w, size_t) {
        if (s.seen[w] != epoch) {
          s.seen[w] = epoch;
          next.push_back(w);
        }
      });
    std::sort(next.begin(), next.end());
    for (Vertex w : next) nb.vertices.emplace_back(w, d);
    std::swap(front, next);
  }
  for (const auto& [u, d] : nb.vertices)
    for (uint32_t k = adj_off_[u], e = adj_off_[u + 1]; k < e; ++k) {
      const uint32_t w = adj_[k].first;
      // Each fact once: from the list of its smaller end (it is in both ends' lists; a self-loop is listed once).
      // Decided on the entry alone, without reading the fact's ends.
      if (w >= u && s.seen[w] == epoch && accepted_entry(adj_[k].second, filter))
        nb.facts.push_back(adj_[k].second & kFactMask);
    }
  std::sort(nb.facts.begin(), nb.facts.end());
  return nb;
}

}  // namespace kg::graph
