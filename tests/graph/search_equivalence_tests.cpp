// The fast searches (shortest_path, neighbors, adjacent, facts_between over the compact adjacency) checked against
// the general all-paths search and a plain reference BFS, on random graphs with parallel edges, self-loops,
// denied facts and filters.
#include <catch2/catch.hpp>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "graph/graph.h"

using namespace kg;
using namespace kg::graph;

namespace {

struct Random {
  std::vector<EntityRow> es;
  std::vector<FactRow> fs;
};

Random random_graph(std::mt19937& rng, int n, int m) {
  Random r;
  for (int i = 0; i < n; ++i) {
    EntityRow e;
    e.id = i + 1;
    e.name = "v" + std::to_string(100 + i);
    e.type = "organization";
    e.aliases = {e.name};
    r.es.push_back(e);
  }
  std::uniform_int_distribution<int> pick(0, n - 1), coin(0, 9);
  const char* preds[] = {"invested", "acquired", "founded"};
  for (int k = 0; k < m; ++k) {
    int a = pick(rng), b = coin(rng) == 0 ? pick(rng) : pick(rng);  // a == b now and then: a self-loop
    FactRow f;
    f.id = k + 1;
    f.subject_id = a + 1;
    f.object_id = b + 1;
    f.subject = r.es[a].name;
    f.object = r.es[b].name;
    f.predicate = preds[coin(rng) % 3];
    f.status = coin(rng) == 0 ? "denied" : "completed";
    if (coin(rng) < 7) f.year = 2010 + coin(rng);
    r.fs.push_back(f);
  }
  return r;
}

}  // namespace

TEST_CASE("shortest path is one of all shortest paths, with each step's facts, the same at every call", "[graph]") {
  std::mt19937 rng(777);
  std::vector<Filter> filters(4);
  filters[1].include_denied = true;
  filters[2].predicates = {"invested"};
  filters[3].since = 2013;
  size_t differs_from_first = 0;
  for (int round = 0; round < 30; ++round) {
    Random r = random_graph(rng, 30, 45 + round);
    KnowledgeGraph g = KnowledgeGraph::build(r.es, r.fs);
    for (const Filter& filter : filters)
      for (Vertex a = 0; a < g.vertex_count(); ++a)
        for (Vertex b = 0; b < g.vertex_count(); ++b) {
          auto fast = g.shortest_path(a, b, filter);
          auto all = g.all_shortest_paths(a, b, filter, 1000000);
          INFO("round " << round << " a " << a << " b " << b);
          REQUIRE(fast.has_value() == !all.empty());
          if (!fast) continue;
          REQUIRE(fast->steps.size() == all.front().steps.size());
          REQUIRE(fast->vertices.size() == fast->steps.size() + 1);
          CHECK(fast->vertices.front() == a);
          CHECK(fast->vertices.back() == b);
          bool listed = false;
          for (const auto& p : all) listed = listed || p.vertices == fast->vertices;
          CHECK(listed);
          if (fast->vertices != all.front().vertices) ++differs_from_first;
          for (size_t i = 0; i < fast->steps.size(); ++i) {
            const auto& st = fast->steps[i];
            CHECK(st.from == fast->vertices[i]);
            CHECK(st.to == fast->vertices[i + 1]);
            CHECK(st.facts == g.facts_between(st.from, st.to, filter));
            REQUIRE_FALSE(st.facts.empty());
            CHECK(st.forward == (g.subject_of(st.facts.front()) == st.from));
          }
          auto again = g.shortest_path(a, b, filter);  // deterministic: no state leaks between queries
          REQUIRE(again);
          CHECK(again->vertices == fast->vertices);
        }
  }
  // The search stops at its first meeting, so it does not always return the first path in all_shortest_paths'
  // order; if it always did, this test would not be exercising the early stop.
  CHECK(differs_from_first > 0);
}

TEST_CASE("neighbourhoods, adjacency and facts between two vertices match a reference scan of the facts", "[graph]") {
  std::mt19937 rng(4242);
  Filter filter;
  for (int round = 0; round < 20; ++round) {
    Random r = random_graph(rng, 25, 40);
    KnowledgeGraph g = KnowledgeGraph::build(r.es, r.fs);
    const size_t n = g.vertex_count();
    std::vector<std::set<Vertex>> adj(n);
    for (size_t i = 0; i < g.facts().size(); ++i) {
      if (!filter.accepts(g.fact(i))) continue;
      Vertex s = g.subject_of(i), o = g.object_of(i);
      if (s == o) continue;
      adj[s].insert(o);
      adj[o].insert(s);
    }
    for (Vertex v = 0; v < n; ++v) {
      CHECK(g.adjacent(v, filter) == std::vector<Vertex>(adj[v].begin(), adj[v].end()));
      for (Vertex w = 0; w < n; ++w) {
        std::vector<size_t> want;
        for (size_t i = 0; i < g.facts().size(); ++i)
          if (filter.accepts(g.fact(i)) && ((g.subject_of(i) == v && g.object_of(i) == w) ||
                                            (v != w && g.subject_of(i) == w && g.object_of(i) == v)))
            want.push_back(i);
        auto got = g.facts_between(v, w, filter);
        CHECK(std::multiset<size_t>(got.begin(), got.end()) == std::multiset<size_t>(want.begin(), want.end()));
      }
      // reference BFS to 2 hops
      std::vector<int> dist(n, -1);
      std::vector<Vertex> q{v};
      dist[v] = 0;
      for (size_t h = 0; h < q.size(); ++h)
        if (dist[q[h]] < 2)
          for (Vertex w : adj[q[h]])
            if (dist[w] == -1) {
              dist[w] = dist[q[h]] + 1;
              q.push_back(w);
            }
      Neighborhood nb = g.neighbors(v, 2, filter);
      std::set<std::pair<Vertex, int>> want_v, got_v(nb.vertices.begin(), nb.vertices.end());
      for (Vertex w = 0; w < n; ++w)
        if (dist[w] != -1) want_v.insert({w, dist[w]});
      CHECK(got_v == want_v);
      std::vector<size_t> want_f;
      for (size_t i = 0; i < g.facts().size(); ++i)
        if (filter.accepts(g.fact(i)) && dist[g.subject_of(i)] != -1 && dist[g.object_of(i)] != -1) want_f.push_back(i);
      CHECK(nb.facts == want_f);
    }
  }
}
