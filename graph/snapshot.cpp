// KnowledgeGraph::image / from_image / decode_chunk: the graph snapshot codec (format in graph/snapshot.h).
#include "graph/snapshot.h"

#include <algorithm>
#include <bit>

#include "graph/graph.h"

namespace kg::graph {
namespace {

static_assert(std::endian::native == std::endian::little, "graph snapshots are written little-endian");
constexpr std::string_view kMagic = "KGSNAP";

template <class T>
void put_vector(ByteWriter& w, const std::vector<T>& v) {
  w.put<uint64_t>(v.size());
  w.raw(v.data(), v.size() * sizeof(T));
}

// An array the loader views in place: count, then the elements at an 8-byte boundary.
template <class T>
void put_array(ByteWriter& w, const T* p, size_t n) {
  w.put<uint64_t>(n);
  w.align(8);
  w.raw(p, n * sizeof(T));
}

template <class T>
void view_array(ByteReader& r, const std::shared_ptr<const std::string>& core, Array<T>& a) {
  size_t n = r.count(sizeof(T));
  r.align(8);
  const T* p = reinterpret_cast<const T*>(r.here());
  r.seek(r.pos() + n * sizeof(T));  // throws when it does not fit
  a.view(core, p, n);
}

template <class T>
void get_vector(ByteReader& r, std::vector<T>& v) {
  size_t n = r.count(sizeof(T));
  v.resize(n);
  r.raw(v.data(), n * sizeof(T));
}

void put_opt_int(ByteWriter& w, const std::optional<int>& x) {
  w.put<uint8_t>(x ? 1 : 0);
  if (x) w.put<int32_t>(*x);
}
std::optional<int> get_opt_int(ByteReader& r) {
  if (!r.get<uint8_t>()) return std::nullopt;
  return r.get<int32_t>();
}
void put_opt_f64(ByteWriter& w, const std::optional<double>& x) {
  w.put<uint8_t>(x ? 1 : 0);
  if (x) w.put<double>(*x);
}
std::optional<double> get_opt_f64(ByteReader& r) {
  if (!r.get<uint8_t>()) return std::nullopt;
  return r.get<double>();
}

void put_fact(ByteWriter& w, const FactRow& f) {
  w.put<int64_t>(f.id);
  w.put<int64_t>(f.subject_id);
  w.put<int64_t>(f.object_id);
  for (const std::string* s : {&f.subject, &f.predicate, &f.object, &f.subject_type, &f.object_type})
    w.str(*s);
  put_opt_f64(w, f.amount);
  put_opt_f64(w, f.amount_min);
  put_opt_f64(w, f.amount_max);
  w.put<uint8_t>((f.approx ? 1 : 0) | (f.round_total ? 2 : 0) | (f.corrected ? 4 : 0) | (f.manual ? 8 : 0));
  for (const std::string* s : {&f.currency, &f.round, &f.role}) w.str(*s);
  put_opt_int(w, f.year);
  put_opt_int(w, f.month);
  put_opt_int(w, f.day);
  for (const std::string* s : {&f.date_basis, &f.status}) w.str(*s);
  w.put<double>(f.confidence);
  w.put<int32_t>(f.sources);
  put_vector(w, f.rows);
  w.str(f.key);
  w.str(f.verdict);
}

FactRow get_fact(ByteReader& r) {
  FactRow f;
  f.id = r.get<int64_t>();
  f.subject_id = r.get<int64_t>();
  f.object_id = r.get<int64_t>();
  for (std::string* s : {&f.subject, &f.predicate, &f.object, &f.subject_type, &f.object_type}) *s = r.str();
  f.amount = get_opt_f64(r);
  f.amount_min = get_opt_f64(r);
  f.amount_max = get_opt_f64(r);
  uint8_t flags = r.get<uint8_t>();
  f.approx = flags & 1;
  f.round_total = flags & 2;
  f.corrected = flags & 4;
  f.manual = flags & 8;
  for (std::string* s : {&f.currency, &f.round, &f.role}) *s = r.str();
  f.year = get_opt_int(r);
  f.month = get_opt_int(r);
  f.day = get_opt_int(r);
  for (std::string* s : {&f.date_basis, &f.status}) *s = r.str();
  f.confidence = r.get<double>();
  f.sources = r.get<int32_t>();
  get_vector(r, f.rows);
  f.key = r.str();
  f.verdict = r.str();
  return f;
}

// Writes an indexed section: count, end offset, an offset per record, then the records (write(i) writes record i).
template <class F>
void put_section(ByteWriter& w, size_t count, F&& write) {
  w.put<uint64_t>(count);
  const size_t end_at = w.size();
  w.put<uint64_t>(0);
  const size_t table = w.size();
  for (size_t i = 0; i < count; ++i) w.put<uint64_t>(0);
  for (size_t i = 0; i < count; ++i) {
    w.patch(table + 8 * i, w.size());
    write(i);
  }
  w.patch(end_at, w.size());
}

// Reads a section header: returns the offset of its offset table and sets count; moves past the section.
size_t skip_section(ByteReader& r, size_t& count) {
  count = r.count(8);
  const uint64_t end = r.get<uint64_t>();
  const size_t table = r.pos();
  r.seek(table + 8 * count);  // the table must fit
  if (end < r.pos()) throw DbError("graph snapshot: bad section end");
  r.seek(end);
  return table;
}

uint64_t offset_at(std::string_view core, size_t table, size_t i) {
  uint64_t off;
  std::memcpy(&off, core.data() + table + 8 * i, 8);
  return off;
}

}  // namespace

KnowledgeGraph::Image KnowledgeGraph::image(size_t facts_per_chunk) const {
  Image img;
  img.core = image_core(facts_per_chunk);
  for (size_t k = 0; k < image_chunk_count(facts_per_chunk); ++k) img.chunks.push_back(image_chunk(k, facts_per_chunk));
  return img;
}

std::string KnowledgeGraph::image_core(size_t facts_per_chunk) const {
  if (facts_per_chunk == 0) throw Error("KnowledgeGraph::image: chunk size 0");
  // Name and alias indexes sorted by key, so that the same graph gives the same bytes.
  std::vector<std::pair<std::string, std::vector<Vertex>>> names, aliases;
  if (!core_) {
    for (const auto& [k, v] : by_name_) names.push_back({k, {v}});
    for (const auto& [k, vs] : by_alias_) aliases.push_back({k, vs});
    std::sort(names.begin(), names.end());
    std::sort(aliases.begin(), aliases.end());
  } else {
    for (int which = 0; which < 2; ++which) {
      const size_t table = which ? alias_index_ : name_index_;
      const size_t count = which ? alias_count_ : name_count_;
      auto& out = which ? aliases : names;
      for (size_t i = 0; i < count; ++i) {
        ByteReader r(*core_, offset_at(*core_, table, i));
        std::string k = r.str();
        std::vector<Vertex> vs(which ? r.count(4) : 1);
        for (auto& v : vs) v = r.get<uint32_t>();
        out.emplace_back(std::move(k), std::move(vs));
      }
    }
  }

  ByteWriter w;
  w.raw(kMagic.data(), kMagic.size());
  w.put<uint32_t>(kSnapshotFormat);
  w.put<uint64_t>(fact_count_);
  w.put<uint64_t>(facts_per_chunk);
  w.put<uint64_t>(vertex_count_);
  w.put<uint64_t>(predicates_.size());
  for (const auto& p : predicates_) w.str(p);
  put_array(w, degree_.data(), degree_.size());
  put_array(w, ends_.data(), ends_.size());
  put_array(w, brief_.data(), brief_.size());
  put_array(w, adj_off_.data(), adj_off_.size());
  put_array(w, adj_.data(), adj_.size());
  put_section(w, vertex_count_, [&](size_t v) {
    const EntityRow& e = entity(v);
    w.put<int64_t>(e.id);
    for (const std::string* s : {&e.name, &e.type, &e.origin, &e.key}) w.str(*s);
    w.put<uint64_t>(e.aliases.size());
    for (const auto& a : e.aliases) w.str(a);
    w.str(key(v));
  });
  put_section(w, names.size(), [&](size_t i) {
    w.str(names[i].first);
    w.put<uint32_t>(static_cast<uint32_t>(names[i].second.front()));
  });
  put_section(w, aliases.size(), [&](size_t i) {
    w.str(aliases[i].first);
    w.put<uint64_t>(aliases[i].second.size());
    for (Vertex v : aliases[i].second) w.put<uint32_t>(static_cast<uint32_t>(v));
  });
  return std::move(w.bytes());
}

std::string KnowledgeGraph::image_chunk(size_t chunk, size_t facts_per_chunk) const {
  if (facts_per_chunk == 0) throw Error("KnowledgeGraph::image: chunk size 0");
  const size_t first = chunk * facts_per_chunk;
  if (first >= fact_count_) throw std::out_of_range("KnowledgeGraph::image_chunk: chunk " + std::to_string(chunk));
  ByteWriter c;
  const size_t last = std::min(fact_count_, first + facts_per_chunk);
  c.put<uint64_t>(last - first);
  for (size_t i = first; i < last; ++i) put_fact(c, fact_slot(i));
  return std::move(c.bytes());
}

std::optional<KnowledgeGraph> KnowledgeGraph::from_image(std::string core, ChunkLoader load) {
  if (std::string_view(core).substr(0, kMagic.size()) != kMagic) return std::nullopt;
  try {
    KnowledgeGraph kg;
    kg.core_ = std::make_shared<const std::string>(std::move(core));
    const std::string& bytes = *kg.core_;
    ByteReader r(bytes, kMagic.size());
    if (r.get<uint32_t>() != kSnapshotFormat) return std::nullopt;
    kg.fact_count_ = r.get<uint64_t>();
    kg.chunk_size_ = r.get<uint64_t>();
    kg.vertex_count_ = r.get<uint64_t>();
    const size_t n = kg.vertex_count_;
    if (kg.chunk_size_ == 0 || kg.fact_count_ >= std::numeric_limits<uint32_t>::max() ||
        n >= std::numeric_limits<uint32_t>::max())
      return std::nullopt;
    size_t np = r.count(4);
    for (size_t i = 0; i < np; ++i) kg.predicates_.push_back(r.str());
    view_array(r, kg.core_, kg.degree_);
    view_array(r, kg.core_, kg.ends_);
    view_array(r, kg.core_, kg.brief_);
    view_array(r, kg.core_, kg.adj_off_);
    view_array(r, kg.core_, kg.adj_);
    if (kg.ends_.size() != kg.fact_count_ || kg.brief_.size() != kg.fact_count_ || kg.degree_.size() != n)
      return std::nullopt;
    size_t vertices = 0;
    kg.vertex_table_ = skip_section(r, vertices);
    kg.name_index_ = skip_section(r, kg.name_count_);
    kg.alias_index_ = skip_section(r, kg.alias_count_);
    if (!r.done() || vertices != n || kg.adj_off_.size() != n + 1 || kg.adj_off_.back() != kg.adj_.size())
      return std::nullopt;
    // Every index the searches follow must be in range: a damaged part must not make them read out of bounds.
    // (Vertex records and index entries are bounds-checked when they are read.)
    for (auto [s, o] : kg.ends_)
      if (s >= n || o >= n) return std::nullopt;
    for (size_t v = 0; v < n; ++v)
      if (kg.adj_off_[v] > kg.adj_off_[v + 1]) return std::nullopt;
    for (auto [w, e] : kg.adj_)
      if (w >= n || (e & kFactMask) >= kg.fact_count_ ||
          ((e & kHiddenBit) != 0) != (kg.brief_[e & kFactMask].hidden != 0))
        return std::nullopt;
    for (const Brief& b : kg.brief_)
      if (b.predicate >= kg.predicates_.size()) return std::nullopt;
    kg.load_chunk_ = std::move(load);
    kg.chunks_.resize((kg.fact_count_ + kg.chunk_size_ - 1) / kg.chunk_size_);
    kg.vertex_cache_.resize(n);
    return kg;
  } catch (const DbError&) {
    return std::nullopt;
  }
}

const KnowledgeGraph::VertexRecord& KnowledgeGraph::vertex_record(Vertex v) const {
  auto& slot = vertex_cache_.at(v);
  if (!slot) {
    try {
      ByteReader r(*core_, offset_at(*core_, vertex_table_, v));
      auto rec = std::make_shared<VertexRecord>();
      EntityRow& e = rec->row;
      e.id = r.get<int64_t>();
      for (std::string* s : {&e.name, &e.type, &e.origin, &e.key}) *s = r.str();
      size_t na = r.count(4);
      e.aliases.reserve(na);
      for (size_t i = 0; i < na; ++i) e.aliases.push_back(r.str());
      rec->key = r.str();
      slot = std::move(rec);
    } catch (const DbError& e) {
      throw DbError("graph snapshot: vertex " + std::to_string(v) + " is damaged (" + e.what() +
                    "); any change to the database, e.g. `kg reingest`, replaces it");
    }
  }
  return *slot;
}

std::vector<Vertex> KnowledgeGraph::snapshot_lookup(const std::string& fold, bool aliases) const {
  const size_t table = aliases ? alias_index_ : name_index_;
  size_t lo = 0, hi = aliases ? alias_count_ : name_count_;
  try {
    auto key_at = [&](size_t i, ByteReader& r) {
      r.seek(offset_at(*core_, table, i));
      uint32_t len = r.get<uint32_t>();
      const size_t at = r.pos();
      r.seek(at + len);
      return std::string_view(*core_).substr(at, len);
    };
    ByteReader r(*core_);
    while (lo < hi) {  // first entry with key >= fold
      size_t mid = lo + (hi - lo) / 2;
      if (key_at(mid, r) < fold) lo = mid + 1;
      else hi = mid;
    }
    if (lo == (aliases ? alias_count_ : name_count_) || key_at(lo, r) != fold) return {};
    std::vector<Vertex> vs(aliases ? r.count(4) : 1);
    for (auto& v : vs) {
      v = r.get<uint32_t>();
      if (v >= vertex_count_) throw DbError("vertex out of range");
    }
    return vs;
  } catch (const DbError& e) {
    throw DbError(std::string("graph snapshot: the ") + (aliases ? "alias" : "name") + " index is damaged (" +
                  e.what() + "); any change to the database, e.g. `kg reingest`, replaces it");
  }
}

std::vector<FactRow> KnowledgeGraph::decode_chunk(const std::string& bytes, size_t chunk) {
  try {
    ByteReader r(bytes);
    size_t n = r.count(1);
    std::vector<FactRow> out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) out.push_back(get_fact(r));
    if (!r.done()) throw DbError("graph snapshot: trailing bytes");
    return out;
  } catch (const DbError& e) {
    throw DbError("graph snapshot: fact chunk " + std::to_string(chunk) + " is damaged (" + e.what() +
                  "); any change to the database, e.g. `kg reingest`, replaces it");
  }
}

}  // namespace kg::graph
