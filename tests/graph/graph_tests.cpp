// Tests for kg::graph::KnowledgeGraph: name lookup, suggestions, paths, all shortest paths, neighbourhoods, filters.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "base/error.h"
#include "graph/graph.h"

using kg::EntityRow;
using kg::FactRow;
using kg::graph::Filter;
using kg::graph::KnowledgeGraph;
using kg::graph::Vertex;

namespace {

EntityRow ent(int64_t id, std::string name, std::string type, std::vector<std::string> aliases = {}) {
  EntityRow e;
  e.id = id;
  e.name = name;
  e.type = std::move(type);
  e.origin = "lexicon";
  aliases.insert(aliases.begin(), name);
  e.aliases = std::move(aliases);
  return e;
}

FactRow fact(int64_t id, const std::vector<EntityRow>& es, const std::string& s, const std::string& p,
             const std::string& o, std::optional<int> year = {}, std::optional<double> amount = {},
             std::string status = "completed") {
  auto find = [&](const std::string& n) -> const EntityRow& {
    for (const auto& e : es)
      if (e.name == n) return e;
    throw std::runtime_error("test entity missing: " + n);
  };
  FactRow f;
  f.id = id;
  const EntityRow& se = find(s);
  const EntityRow& oe = find(o);
  f.subject_id = se.id;
  f.object_id = oe.id;
  f.subject = s;
  f.object = o;
  f.subject_type = se.type;
  f.object_type = oe.type;
  f.predicate = p;
  f.year = year;
  f.amount = amount;
  if (amount) f.currency = "USD";
  f.status = std::move(status);
  f.confidence = 0.8;
  f.sources = 1;
  return f;
}

std::vector<EntityRow> sample_entities() {
  return {ent(1, "OpenAI", "organization"),
          ent(2, "Microsoft", "organization", {"微软", "微軟", "MSFT"}),
          ent(3, "Elon Musk", "person", {"马斯克"}),
          ent(4, "Y Combinator", "organization", {"YC"}),
          ent(5, "Sam Altman", "person", {"奥特曼"}),
          ent(6, "Loopt", "organization"),
          ent(7, "Google", "organization", {"谷歌"}),
          ent(8, "DeepMind", "organization"),
          ent(9, "Anthropic", "organization"),
          ent(10, "Reid Hoffman", "person"),
          ent(11, "LinkedIn", "organization", {"领英"}),
          ent(12, "Peter Thiel", "person")};
}

std::vector<FactRow> sample_facts(const std::vector<EntityRow>& es) {
  return {fact(1, es, "Elon Musk", "invested", "OpenAI", 2015, 1e9),
          fact(2, es, "Microsoft", "invested", "OpenAI", 2019, 1e9),
          fact(3, es, "Microsoft", "invested", "OpenAI", 2023),
          fact(4, es, "Y Combinator", "invested", "Loopt"),
          fact(5, es, "Sam Altman", "founded", "Loopt"),
          fact(6, es, "Sam Altman", "founded", "OpenAI", 2015),
          fact(7, es, "Google", "acquired", "DeepMind", 2014, 4e8),
          fact(8, es, "Google", "invested", "Anthropic", 2023, 3e8),
          fact(9, es, "Reid Hoffman", "founded", "LinkedIn", 2002),
          fact(10, es, "Reid Hoffman", "invested", "OpenAI", 2015),
          fact(11, es, "Microsoft", "acquired", "LinkedIn", 2016, 2.62e10),
          fact(12, es, "Microsoft", "invested", "Anthropic", 2024, {}, "denied")};
}

KnowledgeGraph sample() {
  auto es = sample_entities();
  auto fs = sample_facts(es);
  return KnowledgeGraph::build(es, fs);
}

Vertex V(const KnowledgeGraph& g, const std::string& name) {
  auto v = g.find(name);
  REQUIRE(v.has_value());
  return *v;
}

std::vector<std::string> names(const KnowledgeGraph& g, const std::vector<Vertex>& vs) {
  std::vector<std::string> out;
  for (Vertex v : vs) out.push_back(g.entity(v).name);
  return out;
}

}  // namespace

TEST_CASE("a name, any alias, traditional and full-width spellings all find the same entity", "[graph]") {
  KnowledgeGraph g = sample();
  Vertex ms = V(g, "Microsoft");
  struct Case {
    std::string query;
    bool found;
  };
  std::vector<Case> cases = {{"Microsoft", true}, {"microsoft", true}, {"MICROSOFT", true}, {"微软", true},
                             {"微軟", true},       {"MSFT", true},      {"Ｍｉｃｒｏｓｏｆｔ", true},
                             {" Micro soft ", true}, {"Microsoft Corp", false}, {"Macrohard", false}, {"", false}};
  for (const auto& c : cases) {
    INFO(c.query);
    auto v = g.find(c.query);
    CHECK(v.has_value() == c.found);
    if (c.found && v) CHECK(*v == ms);
  }
  CHECK(g.entity(V(g, "领英")).name == "LinkedIn");
  CHECK(g.entity(V(g, "y combinator")).name == "Y Combinator");
}

TEST_CASE("vertices carry the entity bundle and edges the fact bundle", "[graph]") {
  KnowledgeGraph g = sample();
  CHECK(g.vertex_count() == 12);
  CHECK(boost::num_edges(g.graph()) == 12);
  Vertex ms = V(g, "Microsoft");
  CHECK(g.graph()[ms].entity_id == 2);
  CHECK(g.graph()[ms].type == "organization");
  bool saw = false;
  for (auto [it, end] = boost::out_edges(ms, g.graph()); it != end; ++it) {
    const auto& e = g.graph()[*it];
    if (e.predicate == "acquired") {
      saw = true;
      CHECK(e.year == 2016);
      CHECK(e.amount == Approx(2.62e10));
      CHECK(g.fact(e.fact).id == 11);
      CHECK(g.entity(boost::target(*it, g.graph())).name == "LinkedIn");
    }
  }
  CHECK(saw);
}

TEST_CASE("vertices are ordered by name whatever the input order", "[graph]") {
  auto es = sample_entities();
  auto fs = sample_facts(es);
  std::reverse(es.begin(), es.end());
  KnowledgeGraph g = KnowledgeGraph::build(es, fs);
  for (Vertex v = 1; v < g.vertex_count(); ++v) CHECK(g.entity(v - 1).name < g.entity(v).name);
}

TEST_CASE("a fact naming an entity that is not in the entity list gets a vertex of its own", "[graph]") {
  auto es = sample_entities();
  auto fs = sample_facts(es);
  FactRow f = fs[0];
  f.id = 99;
  f.subject_id = 0;
  f.subject = "Khosla Ventures";
  f.subject_type = "organization";
  fs.push_back(f);
  KnowledgeGraph g = KnowledgeGraph::build(es, fs);
  auto v = g.find("khosla ventures");
  REQUIRE(v);
  CHECK(g.entity(*v).type == "organization");
  CHECK(g.subject_of(fs.size() - 1) == *v);
  CHECK(g.object_of(fs.size() - 1) == V(g, "OpenAI"));
}

TEST_CASE("suggestions list close names by substring and by edit distance, and nothing when nothing is close",
          "[graph]") {
  KnowledgeGraph g = sample();
  struct Case {
    std::string query;
    std::string first;  // "" = no suggestion expected
  };
  std::vector<Case> cases = {{"Microsft", "Microsoft"}, {"OpenA", "OpenAI"}, {"Open AI Inc", "OpenAI"},
                             {"Gogle", "Google"},       {"微軟公司", "Microsoft"}, {"Deep Mind", "DeepMind"},
                             {"qqqqzzzz", ""}};
  for (const auto& c : cases) {
    INFO(c.query);
    auto s = g.suggest(c.query);
    if (c.first.empty()) {
      CHECK(s.empty());
    } else {
      REQUIRE_FALSE(s.empty());
      CHECK(s.front() == c.first);
      CHECK(s.size() <= 5);
    }
  }
  CHECK(g.suggest("Microsft", 0).empty());
}

TEST_CASE("the filter drops denied and terminated facts by default and facts without a year under a year bound",
          "[graph]") {
  auto es = sample_entities();
  FactRow f = fact(1, es, "Microsoft", "invested", "OpenAI", 2019);
  struct Case {
    std::string status;
    std::optional<int> year;
    Filter filter;
    bool accepted;
  };
  Filter denied_ok;
  denied_ok.include_denied = true;
  Filter since2019;
  since2019.since = 2019;
  Filter until2018;
  until2018.until = 2018;
  Filter acquired_only;
  acquired_only.predicates = {"acquired"};
  std::vector<Case> cases = {{"completed", 2019, Filter(), true},   {"planned", 2019, Filter(), true},
                             {"rumoured", 2019, Filter(), true},    {"denied", 2019, Filter(), false},
                             {"terminated", 2019, Filter(), false}, {"denied", 2019, denied_ok, true},
                             {"terminated", 2019, denied_ok, true}, {"completed", 2019, since2019, true},
                             {"completed", 2018, since2019, false}, {"completed", {}, since2019, false},
                             {"completed", 2018, until2018, true},  {"completed", 2019, until2018, false},
                             {"completed", {}, Filter(), true},     {"completed", 2019, acquired_only, false}};
  for (const auto& c : cases) {
    f.status = c.status;
    f.year = c.year;
    INFO(c.status << " " << (c.year ? *c.year : 0));
    CHECK(c.filter.accepts(f) == c.accepted);
  }
}

TEST_CASE("shortest path follows facts in both directions and records the direction of each hop", "[graph]") {
  KnowledgeGraph g = sample();
  auto p = g.shortest_path(V(g, "OpenAI"), V(g, "Microsoft"));
  REQUIRE(p);
  REQUIRE(p->steps.size() == 1);
  CHECK_FALSE(p->steps[0].forward);
  // both Microsoft → OpenAI facts, earliest first
  REQUIRE(p->steps[0].facts.size() == 2);
  CHECK(g.fact(p->steps[0].facts[0]).year == 2019);
  CHECK(g.fact(p->steps[0].facts[1]).year == 2023);

  auto q = g.shortest_path(V(g, "Elon Musk"), V(g, "LinkedIn"));
  REQUIRE(q);
  CHECK(names(g, q->vertices) == std::vector<std::string>{"Elon Musk", "OpenAI", "Microsoft", "LinkedIn"});
  CHECK(q->steps[0].forward);
  CHECK_FALSE(q->steps[1].forward);
  CHECK(q->steps[2].forward);

  auto self = g.shortest_path(V(g, "OpenAI"), V(g, "OpenAI"));
  REQUIRE(self);
  CHECK(self->vertices.size() == 1);
  CHECK(self->steps.empty());
}

TEST_CASE("all shortest paths are listed in name order and respect the predicate filter", "[graph]") {
  KnowledgeGraph g = sample();
  auto all = g.all_shortest_paths(V(g, "Elon Musk"), V(g, "LinkedIn"));
  REQUIRE(all.size() == 2);
  CHECK(names(g, all[0].vertices) == std::vector<std::string>{"Elon Musk", "OpenAI", "Microsoft", "LinkedIn"});
  CHECK(names(g, all[1].vertices) == std::vector<std::string>{"Elon Musk", "OpenAI", "Reid Hoffman", "LinkedIn"});

  Filter inv_founded;
  inv_founded.predicates = {"invested", "founded"};
  auto some = g.all_shortest_paths(V(g, "Elon Musk"), V(g, "LinkedIn"), inv_founded);
  REQUIRE(some.size() == 1);
  CHECK(names(g, some[0].vertices)[2] == "Reid Hoffman");

  Filter inv_only;
  inv_only.predicates = {"invested"};
  CHECK(g.all_shortest_paths(V(g, "Elon Musk"), V(g, "LinkedIn"), inv_only).empty());
  CHECK_FALSE(g.shortest_path(V(g, "Elon Musk"), V(g, "LinkedIn"), inv_only).has_value());
}

TEST_CASE("paths honour year bounds and leave denied facts out unless asked", "[graph]") {
  KnowledgeGraph g = sample();
  Filter until2015;
  until2015.until = 2015;
  CHECK_FALSE(g.shortest_path(V(g, "Elon Musk"), V(g, "Microsoft"), until2015));
  CHECK(g.shortest_path(V(g, "Elon Musk"), V(g, "Microsoft")));

  CHECK_FALSE(g.shortest_path(V(g, "Microsoft"), V(g, "Anthropic")));
  Filter denied;
  denied.include_denied = true;
  auto p = g.shortest_path(V(g, "Microsoft"), V(g, "Anthropic"), denied);
  REQUIRE(p);
  CHECK(p->steps.size() == 1);
  CHECK(g.fact(p->steps[0].facts[0]).status == "denied");
  // Peter Thiel has no facts at all
  CHECK_FALSE(g.shortest_path(V(g, "Peter Thiel"), V(g, "OpenAI")));
}

TEST_CASE("all shortest paths through a layered graph are all found, and the limit caps them", "[graph]") {
  // s → layer1 (3) → layer2 (3) → t, complete between layers: 9 shortest paths of length 3,
  // plus a longer detour s → d1 → d2 → d3 → t that must not appear.
  std::vector<EntityRow> es{ent(1, "s", "organization"), ent(2, "t", "organization")};
  for (int i = 0; i < 3; ++i) {
    es.push_back(ent(10 + i, "a" + std::to_string(i), "organization"));
    es.push_back(ent(20 + i, "b" + std::to_string(i), "organization"));
  }
  for (int i = 1; i <= 3; ++i) es.push_back(ent(30 + i, "d" + std::to_string(i), "organization"));
  std::vector<FactRow> fs;
  int64_t id = 1;
  for (int i = 0; i < 3; ++i) {
    fs.push_back(fact(id++, es, "s", "invested", "a" + std::to_string(i)));
    fs.push_back(fact(id++, es, "b" + std::to_string(i), "invested", "t"));
    for (int j = 0; j < 3; ++j) fs.push_back(fact(id++, es, "a" + std::to_string(i), "invested", "b" + std::to_string(j)));
  }
  fs.push_back(fact(id++, es, "s", "invested", "d1"));
  fs.push_back(fact(id++, es, "d1", "invested", "d2"));
  fs.push_back(fact(id++, es, "d2", "invested", "d3"));
  fs.push_back(fact(id++, es, "d3", "invested", "t"));
  KnowledgeGraph g = KnowledgeGraph::build(es, fs);
  auto all = g.all_shortest_paths(V(g, "s"), V(g, "t"));
  REQUIRE(all.size() == 9);
  std::set<std::vector<std::string>> distinct;
  for (const auto& p : all) {
    CHECK(p.vertices.size() == 4);
    CHECK(p.steps.size() == 3);
    distinct.insert(names(g, p.vertices));
  }
  CHECK(distinct.size() == 9);
  CHECK(names(g, all.front().vertices) == std::vector<std::string>{"s", "a0", "b0", "t"});
  CHECK(names(g, all.back().vertices) == std::vector<std::string>{"s", "a2", "b2", "t"});
  CHECK(g.all_shortest_paths(V(g, "s"), V(g, "t"), Filter(), 4).size() == 4);
  // reversed endpoints give the reversed paths
  auto back = g.all_shortest_paths(V(g, "t"), V(g, "s"));
  CHECK(back.size() == 9);
  CHECK(names(g, back.front().vertices) == std::vector<std::string>{"t", "b0", "a0", "s"});
}

TEST_CASE("bidirectional search agrees with a plain BFS on random graphs", "[graph]") {
  std::mt19937 rng(12345);
  for (int round = 0; round < 20; ++round) {
    const int n = 25;
    std::vector<EntityRow> es;
    for (int i = 0; i < n; ++i) es.push_back(ent(i + 1, "n" + std::string(i < 10 ? "0" : "") + std::to_string(i), "organization"));
    std::vector<FactRow> fs;
    std::uniform_int_distribution<int> pick(0, n - 1);
    for (int k = 0; k < 35; ++k) {
      int a = pick(rng), b = pick(rng);
      if (a == b) continue;
      fs.push_back(fact(k + 1, es, es[a].name, "invested", es[b].name));
    }
    KnowledgeGraph g = KnowledgeGraph::build(es, fs);
    // reference: undirected adjacency, BFS distance and number of shortest paths
    std::vector<std::set<int>> adj(n);
    for (size_t i = 0; i < fs.size(); ++i) {
      int s = static_cast<int>(g.subject_of(i)), o = static_cast<int>(g.object_of(i));
      adj[s].insert(o);
      adj[o].insert(s);
    }
    for (int a = 0; a < n; ++a) {
      std::vector<int> dist(n, -1);
      std::vector<long> count(n, 0);
      std::vector<int> q{a};
      dist[a] = 0;
      count[a] = 1;
      for (size_t h = 0; h < q.size(); ++h)
        for (int w : adj[q[h]]) {
          if (dist[w] == -1) {
            dist[w] = dist[q[h]] + 1;
            q.push_back(w);
          }
          if (dist[w] == dist[q[h]] + 1) count[w] += count[q[h]];
        }
      for (int b = 0; b < n; ++b) {
        auto all = g.all_shortest_paths(a, b, Filter(), 100000);
        INFO("round " << round << " a " << a << " b " << b);
        if (dist[b] == -1) {
          CHECK(all.empty());
          continue;
        }
        REQUIRE(all.size() == static_cast<size_t>(count[b]));
        for (const auto& p : all) {
          CHECK(p.steps.size() == static_cast<size_t>(dist[b]));
          for (const auto& s : p.steps) CHECK_FALSE(s.facts.empty());
        }
      }
    }
  }
}

TEST_CASE("neighbours are found within the hop limit with their distance and the facts among them", "[graph]") {
  KnowledgeGraph g = sample();
  auto one = g.neighbors(V(g, "OpenAI"), 1);
  std::vector<std::pair<std::string, int>> got;
  for (auto [v, d] : one.vertices) got.emplace_back(g.entity(v).name, d);
  CHECK(got == std::vector<std::pair<std::string, int>>{
                   {"OpenAI", 0}, {"Elon Musk", 1}, {"Microsoft", 1}, {"Reid Hoffman", 1}, {"Sam Altman", 1}});
  std::vector<int64_t> ids;
  for (size_t f : one.facts) ids.push_back(g.fact(f).id);
  CHECK(ids == std::vector<int64_t>{1, 2, 3, 6, 10});

  auto two = g.neighbors(V(g, "OpenAI"), 2);
  got.clear();
  for (auto [v, d] : two.vertices) got.emplace_back(g.entity(v).name, d);
  CHECK(got.size() == 7);
  CHECK(got[5] == std::make_pair(std::string("LinkedIn"), 2));
  CHECK(got[6] == std::make_pair(std::string("Loopt"), 2));  // Anthropic only via a denied fact

  Filter denied;
  denied.include_denied = true;
  CHECK(g.neighbors(V(g, "OpenAI"), 2, denied).vertices.size() == 8);

  auto zero = g.neighbors(V(g, "OpenAI"), 0);
  CHECK(zero.vertices.size() == 1);
  CHECK(zero.facts.empty());
  CHECK_THROWS_AS(g.neighbors(V(g, "OpenAI"), -1), kg::UsageError);
}

TEST_CASE("in and out facts are sorted by year with undated facts last", "[graph]") {
  KnowledgeGraph g = sample();
  std::vector<int64_t> ids;
  for (size_t f : g.in_facts(V(g, "OpenAI"))) ids.push_back(g.fact(f).id);
  CHECK(ids == std::vector<int64_t>{1, 6, 10, 2, 3});
  ids.clear();
  for (size_t f : g.out_facts(V(g, "Microsoft"))) ids.push_back(g.fact(f).id);
  CHECK(ids == std::vector<int64_t>{11, 2, 3});  // the denied 2024 fact is filtered
  ids.clear();
  for (size_t f : g.in_facts(V(g, "Loopt"))) ids.push_back(g.fact(f).id);
  CHECK(ids == std::vector<int64_t>{4, 5});
}
