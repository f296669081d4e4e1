#include "graph/graph.h"

#include <algorithm>
#include <functional>
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
    boost::add_vertex(VertexProps{e.id, e.name, e.type}, kg.g_);
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
  kg.degree_.assign(n, 0);
  kg.ends_.reserve(kg.facts_.size());
  for (size_t i = 0; i < kg.facts_.size(); ++i) {
    const FactRow& f = kg.facts_[i];
    Vertex s = resolve(f.subject_id, f.subject);
    Vertex o = resolve(f.object_id, f.object);
    kg.ends_.emplace_back(s, o);
    ++kg.degree_[s];
    if (o != s) ++kg.degree_[o];
    boost::add_edge(s, o, EdgeProps{i, f.predicate, f.year, f.amount, f.currency, f.status, f.confidence}, kg.g_);
  }
  return kg;
}

std::optional<Vertex> KnowledgeGraph::find(std::string_view name) const {
  std::string k = fold_key(name);
  if (k.empty()) return std::nullopt;
  if (auto it = by_name_.find(k); it != by_name_.end()) return it->second;
  auto it = by_alias_.find(k);
  if (it == by_alias_.end() || it->second.empty()) return std::nullopt;
  Vertex best = it->second.front();
  for (Vertex v : it->second)
    if (degree_[v] > degree_[best] || (degree_[v] == degree_[best] && v < best)) best = v;
  return best;
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
  for (Vertex v = 0; v < entities_.size(); ++v) {
    const EntityRow& e = entities_[v];
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
    out.push_back(entities_[s.v].name);
  }
  return out;
}

std::vector<size_t> KnowledgeGraph::out_facts(Vertex v, const Filter& filter) const {
  std::vector<size_t> out;
  for (auto [it, end] = boost::out_edges(v, g_); it != end; ++it) {
    size_t f = g_[*it].fact;
    if (filter.accepts(facts_[f])) out.push_back(f);
  }
  std::sort(out.begin(), out.end(), [&](size_t a, size_t b) {
    int c = compare_fact_time(facts_[a], facts_[b]);
    return c != 0 ? c < 0 : a < b;
  });
  return out;
}

std::vector<size_t> KnowledgeGraph::in_facts(Vertex v, const Filter& filter) const {
  std::vector<size_t> out;
  for (auto [it, end] = boost::in_edges(v, g_); it != end; ++it) {
    size_t f = g_[*it].fact;
    if (filter.accepts(facts_[f])) out.push_back(f);
  }
  std::sort(out.begin(), out.end(), [&](size_t a, size_t b) {
    int c = compare_fact_time(facts_[a], facts_[b]);
    return c != 0 ? c < 0 : a < b;
  });
  return out;
}

std::vector<Vertex> KnowledgeGraph::adjacent(Vertex v, const Filter& filter) const {
  std::vector<Vertex> out;
  for (auto [it, end] = boost::out_edges(v, g_); it != end; ++it) {
    Vertex w = boost::target(*it, g_);
    if (w != v && filter.accepts(facts_[g_[*it].fact])) out.push_back(w);
  }
  for (auto [it, end] = boost::in_edges(v, g_); it != end; ++it) {
    Vertex w = boost::source(*it, g_);
    if (w != v && filter.accepts(facts_[g_[*it].fact])) out.push_back(w);
  }
  std::sort(out.begin(), out.end());  // vertex order is name order
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<size_t> KnowledgeGraph::facts_between(Vertex u, Vertex v, const Filter& filter) const {
  std::vector<std::pair<bool, size_t>> found;  // (reverse?, fact)
  for (auto [it, end] = boost::out_edges(u, g_); it != end; ++it)
    if (boost::target(*it, g_) == v && filter.accepts(facts_[g_[*it].fact])) found.emplace_back(false, g_[*it].fact);
  if (u != v)
    for (auto [it, end] = boost::in_edges(u, g_); it != end; ++it)
      if (boost::source(*it, g_) == v && filter.accepts(facts_[g_[*it].fact])) found.emplace_back(true, g_[*it].fact);
  std::sort(found.begin(), found.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return !a.first;
    int c = compare_fact_time(facts_[a.second], facts_[b.second]);
    return c != 0 ? c < 0 : a.second < b.second;
  });
  std::vector<size_t> out;
  for (const auto& p : found) out.push_back(p.second);
  return out;
}

std::optional<Path> KnowledgeGraph::shortest_path(Vertex a, Vertex b, const Filter& filter) const {
  auto all = all_shortest_paths(a, b, filter, 1);
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::vector<Path> KnowledgeGraph::all_shortest_paths(Vertex a, Vertex b, const Filter& filter, size_t limit) const {
  const size_t n = entities_.size();
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
  if (v >= entities_.size()) return nb;
  std::vector<int> dist(entities_.size(), -1);
  dist[v] = 0;
  std::vector<Vertex> front{v};
  nb.vertices.emplace_back(v, 0);
  for (int d = 1; d <= hops && !front.empty(); ++d) {
    std::vector<Vertex> next;
    for (Vertex u : front)
      for (Vertex w : adjacent(u, filter))
        if (dist[w] == -1) {
          dist[w] = d;
          next.push_back(w);
        }
    std::sort(next.begin(), next.end());
    for (Vertex w : next) nb.vertices.emplace_back(w, d);
    front = std::move(next);
  }
  for (const auto& [u, d] : nb.vertices)
    for (auto [it, end] = boost::out_edges(u, g_); it != end; ++it) {
      Vertex w = boost::target(*it, g_);
      size_t f = g_[*it].fact;
      if (dist[w] != -1 && filter.accepts(facts_[f])) nb.facts.push_back(f);
    }
  std::sort(nb.facts.begin(), nb.facts.end());
  return nb;
}

}  // namespace kg::graph
