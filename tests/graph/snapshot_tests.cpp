// The graph snapshot (graph/snapshot.h): a graph loaded from its image answers every question exactly as the graph
// it was imaged from, reads fact chunks only when a fact is asked for, and refuses damaged or foreign bytes.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "base/error.h"
#include "graph/graph.h"

using namespace kg;
using namespace kg::graph;

namespace {

struct Random {
  std::vector<EntityRow> es;
  std::vector<FactRow> fs;
};

// Entities with aliases (some shared by two entities), facts with every field set now and then, ends named only
// by a fact, parallel facts, self-loops and denied facts.
Random random_graph(std::mt19937& rng, int n, int m) {
  Random r;
  std::uniform_int_distribution<int> pick(0, n - 1), coin(0, 9);
  for (int i = 0; i < n; ++i) {
    EntityRow e;
    e.id = i + 1;
    e.name = (coin(rng) < 5 ? "公司" : "Firm ") + std::to_string(100 + i);
    e.type = coin(rng) < 3 ? "person" : "organization";
    e.origin = "discovered";
    e.key = "k" + std::to_string(i);
    e.aliases = {e.name, "alias" + std::to_string(i % 7)};
    r.es.push_back(e);
  }
  const char* preds[] = {"invested", "acquired", "founded"};
  const char* statuses[] = {"completed", "denied", "planned", "terminated"};
  for (int k = 0; k < m; ++k) {
    int a = pick(rng), b = pick(rng);
    FactRow f;
    f.id = k + 1;
    if (coin(rng) == 0) {
      f.subject = "Only Named " + std::to_string(k % 5);  // no entity: becomes a vertex of its own
      f.subject_type = "organization";
    } else {
      f.subject_id = a + 1;
      f.subject = r.es[a].name;
    }
    f.object_id = b + 1;
    f.object = r.es[b].name;
    f.predicate = preds[coin(rng) % 3];
    f.status = statuses[coin(rng) % 4 == 0 ? 1 + coin(rng) % 3 : 0];
    if (coin(rng) < 7) f.year = 2010 + coin(rng);
    if (coin(rng) < 4) f.month = 1 + coin(rng);
    if (coin(rng) < 2) f.day = 1 + coin(rng) * 3;
    if (coin(rng) < 5) f.amount = 1e6 * (1 + coin(rng));
    if (coin(rng) < 2) f.amount_min = 5e5, f.amount_max = 2e6, f.approx = true;
    f.round_total = coin(rng) == 0;
    f.currency = coin(rng) < 5 ? "USD" : "CNY";
    f.round = coin(rng) < 3 ? "A" : "";
    f.role = coin(rng) < 3 ? "lead" : "";
    f.date_basis = f.year ? "explicit" : "";
    f.confidence = coin(rng) / 10.0;
    f.sources = 1 + coin(rng);
    f.rows = {k + 1, k + 1000};
    f.key = std::string(64, "0123456789abcdef"[k % 16]);
    f.verdict = coin(rng) == 0 ? "confirmed" : "";
    f.corrected = coin(rng) == 0;
    f.manual = coin(rng) == 0;
    r.fs.push_back(f);
  }
  return r;
}

bool same_fact(const FactRow& a, const FactRow& b) {
  return a.id == b.id && a.subject_id == b.subject_id && a.object_id == b.object_id && a.subject == b.subject &&
         a.predicate == b.predicate && a.object == b.object && a.subject_type == b.subject_type &&
         a.object_type == b.object_type && a.amount == b.amount && a.amount_min == b.amount_min &&
         a.amount_max == b.amount_max && a.approx == b.approx && a.round_total == b.round_total &&
         a.currency == b.currency && a.round == b.round && a.role == b.role && a.year == b.year &&
         a.month == b.month && a.day == b.day && a.date_basis == b.date_basis && a.status == b.status &&
         a.confidence == b.confidence && a.sources == b.sources && a.rows == b.rows && a.key == b.key &&
         a.verdict == b.verdict && a.corrected == b.corrected && a.manual == b.manual;
}

struct Loaded {
  KnowledgeGraph::Image img;
  std::shared_ptr<int> reads = std::make_shared<int>(0);
  KnowledgeGraph g;
};

Loaded load(const KnowledgeGraph& built, size_t chunk) {
  Loaded l;
  l.img = built.image(chunk);
  auto chunks = l.img.chunks;
  auto reads = l.reads;
  auto g = KnowledgeGraph::from_image(l.img.core, [chunks, reads](size_t k) {
    ++*reads;
    return chunks.at(k);
  });
  REQUIRE(g.has_value());
  l.g = std::move(*g);
  return l;
}

}  // namespace

TEST_CASE("a graph loaded from its snapshot answers every question as the graph it was imaged from", "[graph]") {
  std::mt19937 rng(4242);
  std::vector<Filter> filters(5);
  filters[1].include_denied = true;
  filters[2].predicates = {"invested", "founded"};
  filters[3].since = 2012;
  filters[3].until = 2016;
  filters[4].include_denied = true;
  filters[4].predicates = {"acquired"};
  for (int round = 0; round < 12; ++round) {
    Random r = random_graph(rng, 25, 30 + 4 * round);
    KnowledgeGraph a = KnowledgeGraph::build(r.es, r.fs);
    Loaded l = load(a, 1 + round % 5);
    const KnowledgeGraph& b = l.g;
    INFO("round " << round);
    REQUIRE(b.vertex_count() == a.vertex_count());
    REQUIRE(b.fact_count() == a.fact_count());
    for (Vertex v = 0; v < a.vertex_count(); ++v) {
      CHECK(b.entity(v).name == a.entity(v).name);
      CHECK(b.entity(v).id == a.entity(v).id);
      CHECK(b.entity(v).aliases == a.entity(v).aliases);
      CHECK(b.key(v) == a.key(v));
      CHECK(b.find(a.entity(v).name) == a.find(a.entity(v).name));
      for (const auto& al : a.entity(v).aliases) CHECK(b.find(al) == a.find(al));
    }
    CHECK(b.find("nobody at all") == std::nullopt);
    CHECK(b.suggest("Firm 10") == a.suggest("Firm 10"));
    // Searches read no fact chunk: they run on the core part alone.
    for (const Filter& f : filters)
      for (Vertex x = 0; x < a.vertex_count(); ++x) {
        CHECK(b.out_facts(x, f) == a.out_facts(x, f));
        CHECK(b.in_facts(x, f) == a.in_facts(x, f));
        CHECK(b.adjacent(x, f) == a.adjacent(x, f));
        auto nb = b.neighbors(x, 2, f), na = a.neighbors(x, 2, f);
        CHECK(nb.vertices == na.vertices);
        CHECK(nb.facts == na.facts);
        for (Vertex y = 0; y < a.vertex_count(); y += 3) {
          CHECK(b.facts_between(x, y, f) == a.facts_between(x, y, f));
          auto pb = b.shortest_path(x, y, f), pa = a.shortest_path(x, y, f);
          REQUIRE(pb.has_value() == pa.has_value());
          if (pa) CHECK(pb->vertices == pa->vertices);
          CHECK(b.all_shortest_paths(x, y, f, 5).size() == a.all_shortest_paths(x, y, f, 5).size());
        }
      }
    CHECK(*l.reads == 0);
    // One fact reads one chunk; all facts read each chunk once.
    if (a.fact_count() > 0) {
      CHECK(same_fact(b.fact(0), a.fact(0)));
      CHECK(*l.reads == 1);
    }
    for (size_t i = 0; i < a.fact_count(); ++i) CHECK(same_fact(b.fact(i), a.fact(i)));
    CHECK(static_cast<size_t>(*l.reads) == l.img.chunks.size());
    REQUIRE(b.facts().size() == a.facts().size());
    for (size_t i = 0; i < a.fact_count(); ++i) CHECK(same_fact(b.facts()[i], a.facts()[i]));
    CHECK(boost::num_edges(b.graph()) == boost::num_edges(a.graph()));
    CHECK(boost::num_vertices(b.graph()) == boost::num_vertices(a.graph()));
    // The same graph gives the same bytes.
    CHECK(b.image(1 + round % 5).core == l.img.core);
    CHECK(b.image(1 + round % 5).chunks == l.img.chunks);
  }
}

TEST_CASE("out and in facts are the accepted facts at each end, ordered by time then index", "[graph]") {
  std::mt19937 rng(99);
  Random r = random_graph(rng, 15, 80);
  KnowledgeGraph g = KnowledgeGraph::build(r.es, r.fs);
  Filter f;
  f.since = 2011;
  for (const Filter& filter : {Filter(), f}) {
    for (Vertex v = 0; v < g.vertex_count(); ++v) {
      std::vector<size_t> out, in;
      for (size_t i = 0; i < g.fact_count(); ++i) {
        if (!filter.accepts(g.fact(i))) continue;
        if (g.subject_of(i) == v) out.push_back(i);
        if (g.object_of(i) == v) in.push_back(i);
      }
      auto by_time = [&](size_t a, size_t b) {
        int c = compare_fact_time(g.fact(a), g.fact(b));
        return c != 0 ? c < 0 : a < b;
      };
      std::sort(out.begin(), out.end(), by_time);
      std::sort(in.begin(), in.end(), by_time);
      CHECK(g.out_facts(v, filter) == out);
      CHECK(g.in_facts(v, filter) == in);
    }
  }
}

TEST_CASE("a damaged, truncated or foreign snapshot is refused instead of read", "[graph]") {
  std::mt19937 rng(7);
  Random r = random_graph(rng, 12, 30);
  KnowledgeGraph g = KnowledgeGraph::build(r.es, r.fs);
  KnowledgeGraph::Image img = g.image(8);
  auto never = [](size_t) -> std::string { FAIL("no chunk should be read"); return {}; };
  CHECK_FALSE(KnowledgeGraph::from_image("", never).has_value());
  CHECK_FALSE(KnowledgeGraph::from_image("not a snapshot at all", never).has_value());
  std::string other = img.core;
  other[6] = static_cast<char>(other[6] + 1);  // another format version
  CHECK_FALSE(KnowledgeGraph::from_image(other, never).has_value());
  for (size_t cut = 0; cut < img.core.size(); cut += 1 + img.core.size() / 200)
    CHECK_FALSE(KnowledgeGraph::from_image(img.core.substr(0, cut), never).has_value());
  CHECK_FALSE(KnowledgeGraph::from_image(img.core + "x", never).has_value());
  // Flipped bytes anywhere: refused, or loaded with every index in range (searches then cannot read out of bounds).
  for (size_t at = 0; at < img.core.size(); at += 1 + img.core.size() / 300) {
    std::string bad = img.core;
    bad[at] = static_cast<char>(bad[at] ^ 0x5a);
    if (auto h = KnowledgeGraph::from_image(bad, [](size_t) { return std::string(); })) {
      for (Vertex v = 0; v < h->vertex_count(); ++v) (void)h->neighbors(v, 2);
    }
  }
  // A damaged chunk is named when a fact of it is asked for.
  auto b = KnowledgeGraph::from_image(img.core, [&](size_t k) { return img.chunks.at(k).substr(0, 20); });
  REQUIRE(b.has_value());
  CHECK_THROWS_AS(b->fact(0), DbError);
  CHECK_THROWS_WITH(b->fact(0), Catch::Contains("fact chunk 0"));
}
