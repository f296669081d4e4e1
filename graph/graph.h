// kg::graph::KnowledgeGraph: entities (vertices) and facts (edges, subject → object) in a Boost adjacency_list,
// plus the name/alias index and the graph algorithms (paths, all shortest paths, k-hop neighbourhoods).
// Owns copies of the EntityRow/FactRow vectors it was built from (or, when loaded from a snapshot, decodes facts on
// first use); read-only after build() apart from those caches.
#pragma once
#include <boost/graph/adjacency_list.hpp>
#include <cstddef>
#include <cstdint>
#include <climits>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/array.h"
#include "schema/records.h"

namespace kg::graph {

// Vertex bundle: one entity.
struct VertexProps {
  int64_t entity_id = 0;  // EntityRow::id (0 for an endpoint that was only named by a fact)
  std::string name;       // canonical name
  std::string type;       // person | organization | product
};

// Edge bundle: one fact, directed subject → object.
struct EdgeProps {
  size_t fact = 0;                  // index into KnowledgeGraph::facts()
  std::string predicate;            // invested | acquired | founded
  std::optional<int> year;
  std::optional<double> amount;
  std::string currency;
  std::string status;               // completed|planned|pending|rumoured|denied|terminated
  double confidence = 0;
};

// Why adjacency_list (vecS, vecS, bidirectionalS) and not compressed_sparse_row_graph: we need in-edges ("who
// invested in X") as cheaply as out-edges, parallel edges (several rounds between the same pair) and bundled
// properties; adjacency_list gives all of that with vertex descriptors that are plain indexes. It is built on first
// use of graph() (for Boost algorithms and callers that want Boost's view). kg's own searches and fact lists walk a
// compact sorted adjacency array (adj_ below) and per-fact brief fields, which keeps them fast on graphs of millions
// of facts and lets a graph loaded from a snapshot answer without decoding every fact (docs/benchmarks.md).
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, VertexProps, EdgeProps>;
using Vertex = Graph::vertex_descriptor;  // = index into KnowledgeGraph::entities()

// Which facts (edges) an algorithm may use.
struct Filter {
  std::vector<std::string> predicates;  // default empty: every predicate
  std::optional<int> since, until;      // default unset; inclusive years. When either is set, facts without a year fail.
  bool include_denied = false;          // default false: facts with status denied or terminated are left out
  bool accepts(const FactRow& f) const;
};

// One hop of a path. The hop goes from → to in path order; forward is false when it follows the facts against
// their direction (e.g. from = OpenAI, to = Microsoft over "Microsoft invested OpenAI").
struct PathStep {
  Vertex from = 0, to = 0;
  bool forward = true;        // direction of facts[0]
  std::vector<size_t> facts;  // every accepted fact between the two (either direction), best first:
                              // forward before reverse, then by year (undated last), month, fact id
};

struct Path {
  std::vector<Vertex> vertices;  // a … b; a single vertex when a == b
  std::vector<PathStep> steps;   // vertices.size() - 1 hops
};

struct Neighborhood {
  std::vector<std::pair<Vertex, int>> vertices;  // (vertex, hops from the centre), sorted by hops then name; centre first
  std::vector<size_t> facts;                     // accepted facts with both ends in the set, sorted by fact index
};

class KnowledgeGraph {
 public:
  KnowledgeGraph() = default;

  // Builds the graph. Fact ends are matched to entities by id, then by fold_key of the name; an end that matches
  // no entity becomes a new vertex (type from subject_type/object_type). Vertices are ordered by name, then id.
  static KnowledgeGraph build(std::vector<EntityRow> entities, std::vector<FactRow> facts);

  // Snapshot (graph/snapshot.h): the graph as bytes, and back. image() writes every fact (without evidence);
  // from_image() reads the core part at once and each chunk of facts through `load` when one of its facts is first
  // asked for. The loaded graph answers exactly as the one imaged. Returns nullopt when `core` is not a snapshot of
  // this format version (e.g. written by another kg).
  using ChunkLoader = std::function<std::string(size_t chunk)>;
  struct Image {
    std::string core;
    std::vector<std::string> chunks;
  };
  Image image(size_t facts_per_chunk = 512) const;
  // The same, one part at a time (a big graph's chunks need not all be in memory at once).
  std::string image_core(size_t facts_per_chunk = 512) const;
  size_t image_chunk_count(size_t facts_per_chunk = 512) const {
    return (fact_count_ + facts_per_chunk - 1) / facts_per_chunk;
  }
  std::string image_chunk(size_t chunk, size_t facts_per_chunk = 512) const;
  static std::optional<KnowledgeGraph> from_image(std::string core, ChunkLoader load);

  // Boost's view of the graph (built on first call; vertex = entity index, edge bundle = fact).
  const Graph& graph() const;
  size_t fact_count() const { return fact_count_; }
  size_t vertex_count() const { return vertex_count_; }
  // Every entity (index = Vertex); a graph loaded from a snapshot decodes them all on first call.
  const std::vector<EntityRow>& entities() const;
  // Every fact, with its evidence (all of it is read first when the graph loads evidence lazily or was loaded
  // from a snapshot).
  const std::vector<FactRow>& facts() const;
  const EntityRow& entity(Vertex v) const;  // throws std::out_of_range past vertex_count()
  // One fact, with its evidence (read on first use when the graph loads evidence lazily).
  const FactRow& fact(size_t i) const;

  // Reads a fact's evidence on demand: the graph was built from facts without evidence, and `load` gives the
  // evidence of one of them (e.g. Store::evidence(f.rows)). For questions that touch a few facts of a big graph.
  using EvidenceLoader = std::function<std::vector<SourceRow>(const FactRow&)>;
  void load_evidence_lazily(EvidenceLoader load);
  Vertex subject_of(size_t fact) const { return ends_.at(fact).first; }
  Vertex object_of(size_t fact) const { return ends_.at(fact).second; }
  // Stable, unique text key of a vertex: fold_key(name), plus "~<entity id>" (or "~v<index>") when two
  // vertices share a fold key. Used for export ids and IRIs.
  const std::string& key(Vertex v) const;

  // Vertex whose canonical name or any alias has the same fold_key as name (微軟 = 微软 = Microsoft when those
  // are aliases). A canonical name beats an alias; between aliases, the entity with more facts, then the first by
  // name. Empty when unknown.
  std::optional<Vertex> find(std::string_view name) const;
  // Up to k canonical names close to name: fold keys containing / contained in it first, then by Levenshtein
  // distance on fold keys (at most max(1, len/2) edits), then by name. Empty when nothing is close.
  std::vector<std::string> suggest(std::string_view name, size_t k = 5) const;

  // Accepted facts with v as subject (out) or object (in), sorted by year (undated last), month, day, fact index.
  std::vector<size_t> out_facts(Vertex v, const Filter& filter = Filter()) const;
  std::vector<size_t> in_facts(Vertex v, const Filter& filter = Filter()) const;

  // A shortest path between a and b following accepted facts in both directions (bidirectional BFS).
  // Among equal paths, the first the search meets: one of all_shortest_paths, the same at every call on the same
  // graph (built or loaded from a snapshot). Empty when not connected.
  std::optional<Path> shortest_path(Vertex a, Vertex b, const Filter& filter = Filter()) const;
  // All shortest paths (as vertex sequences; parallel facts are grouped in PathStep::facts), at most limit,
  // sorted by the names along the path.
  std::vector<Path> all_shortest_paths(Vertex a, Vertex b, const Filter& filter = Filter(), size_t limit = 100) const;
  // Vertices within hops of v (BFS over accepted facts in both directions) and the accepted facts among them.
  // hops < 0 throws UsageError.
  Neighborhood neighbors(Vertex v, int hops, const Filter& filter = Filter()) const;

  // Distinct neighbours of v over accepted facts, sorted by name then index.
  std::vector<Vertex> adjacent(Vertex v, const Filter& filter) const;
  // Accepted facts between u and v in either direction, ordered as PathStep::facts (u → v forward first).
  std::vector<size_t> facts_between(Vertex u, Vertex v, const Filter& filter) const;

 private:
  // Calls f(neighbour, fact) for every accepted fact joining v to another vertex, in either direction, in
  // neighbour order (a neighbour joined by several facts comes once per fact).
  template <class F>
  void for_each_adjacent(Vertex v, const Filter& filter, F&& f) const;
  bool accepted(size_t fact, const Filter& filter) const;
  bool accepted_entry(uint32_t entry, const Filter& filter) const;  // an adj_ entry's second (fact | hidden bit)
  int compare_time(size_t a, size_t b) const;  // compare_fact_time on the brief fields
  FactRow& fact_slot(size_t i) const;          // facts_[i], or its decoded snapshot chunk's row
  void fill_briefs();                          // brief_ and predicates_ from facts_
  static std::vector<FactRow> decode_chunk(const std::string& bytes, size_t chunk);  // graph/snapshot.cpp
  // Snapshot: a vertex's entity and key decoded from core_ (graph/snapshot.cpp).
  struct VertexRecord {
    EntityRow row;
    std::string key;
  };
  const VertexRecord& vertex_record(Vertex v) const;
  // Snapshot: the name (aliases = false) or alias index entry for a fold key, as (vertices) — empty when absent.
  std::vector<Vertex> snapshot_lookup(const std::string& fold, bool aliases) const;

  std::vector<Path> enumerate(Vertex a, Vertex b, const std::vector<std::vector<Vertex>>& pred_a,
                              const std::vector<std::vector<Vertex>>& pred_b, const std::vector<Vertex>& meet,
                              const Filter& filter, size_t limit) const;

  // Per fact, what searches, filters and orderings read (so they need no FactRow).
  // Stored as is in a snapshot: no implicit padding (pad is written as 0), 12 bytes.
  struct Brief {
    int32_t year = kNone;   // kNone when unknown
    int16_t month = kNoPart;  // kNoPart when unknown
    int16_t day = kNoPart;
    uint16_t predicate = 0;  // index into predicates_
    uint8_t hidden = 0;      // status denied or terminated (left out by default)
    uint8_t pad = 0;
    static constexpr int32_t kNone = INT32_MIN;
    static constexpr int16_t kNoPart = INT16_MIN;
  };
  static_assert(sizeof(Brief) == 12, "Brief is stored as is in a snapshot");

  mutable Graph g_;                              // built by graph() on first call
  mutable bool g_built_ = false;
  mutable std::vector<EntityRow> entities_;     // every entity (built), or filled by entities() (snapshot)
  size_t vertex_count_ = 0;
  size_t fact_count_ = 0;
  // Snapshot: the core part (vertex records and name indexes are read from it on demand), offsets of its sections.
  std::shared_ptr<const std::string> core_;      // null for a built graph
  size_t vertex_table_ = 0, name_index_ = 0, alias_index_ = 0;  // offsets in core_ of u64 offset arrays
  size_t name_count_ = 0, alias_count_ = 0;
  mutable std::vector<std::shared_ptr<VertexRecord>> vertex_cache_;
  mutable std::vector<FactRow> facts_;           // every fact (built), or filled by facts() (snapshot)
  ChunkLoader load_chunk_;                       // snapshot: reads fact chunk k
  size_t chunk_size_ = 0;
  mutable std::vector<std::shared_ptr<std::vector<FactRow>>> chunks_;  // snapshot: decoded chunks
  Array<Brief> brief_;
  std::vector<std::string> predicates_;          // distinct predicates in order of first use
  EvidenceLoader load_evidence_;
  mutable std::vector<uint8_t> evidence_read_;   // per fact, with load_evidence_
  Array<std::pair<uint32_t, uint32_t>> ends_;    // per fact: (subject, object)
  std::vector<std::string> keys_;
  Array<uint32_t> degree_;                       // facts per vertex (any status)
  // Compact adjacency for the traversals (built once): for vertex v, adj_[adj_off_[v] .. adj_off_[v+1]) holds
  // (neighbour, fact | kHiddenBit when the fact is denied or terminated) for every fact joining v to another vertex,
  // either direction, sorted by neighbour then fact. The bit spares the default search a read of brief_.
  static constexpr uint32_t kHiddenBit = 0x80000000u, kFactMask = 0x7fffffffu;
  Array<uint32_t> adj_off_;
  Array<std::pair<uint32_t, uint32_t>> adj_;
  std::unordered_map<std::string, Vertex> by_name_;                 // fold_key(canonical name) → vertex
  std::unordered_map<std::string, std::vector<Vertex>> by_alias_;   // fold_key(alias) → vertices
};

// Compares facts by time for display: year (undated last), then month, then day (unknown month/day first
// within its year). Returns <0, 0 or >0.
int compare_fact_time(const FactRow& a, const FactRow& b);

}  // namespace kg::graph
