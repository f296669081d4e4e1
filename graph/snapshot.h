// The graph snapshot format: KnowledgeGraph::image() / from_image() (graph/graph.h) turn a built graph into a core
// part and fact chunks that the store caches (Store::save_snapshot), so that a read command loads the graph without
// reading and folding every fact. This header owns the byte codec; the store sees opaque bytes.
//
// Core: "KGSNAP" magic, format version, counts; predicates; degrees, per-fact ends and brief fields (year, month,
// day, predicate, hidden) and the compact adjacency as arrays (8-byte aligned, viewed in place when loaded); then three indexed sections, each a count, its end
// offset and an offset per record, so that a record is decoded only when asked for: vertices (entity id, name,
// type, origin, key, aliases, vertex key), the name index and the alias index (fold key → vertices, sorted by key,
// searched by bisection). Chunk k: facts k*chunk_size … as FactRow fields without evidence.
// Integers are little-endian fixed width, strings are u32 length + bytes. A new layout bumps kSnapshotFormat.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "base/error.h"

namespace kg::graph {

inline constexpr uint32_t kSnapshotFormat = 3;

// Appends fixed-width values and strings to a byte string.
class ByteWriter {
 public:
  template <class T>
  void put(T v) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out_.append(b, sizeof(T));
  }
  void str(std::string_view s) {
    put<uint32_t>(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  void raw(const void* p, size_t n) { out_.append(static_cast<const char*>(p), n); }
  size_t size() const { return out_.size(); }
  // Zero bytes up to a multiple of a (arrays are aligned so that a loaded core can be viewed in place).
  void align(size_t a) { out_.append((a - out_.size() % a) % a, '\0'); }
  // Overwrites the u64 at `at` (a placeholder written earlier).
  void patch(size_t at, uint64_t v) { std::memcpy(out_.data() + at, &v, sizeof v); }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

// Reads what ByteWriter wrote; throws DbError on running past the end (a damaged snapshot).
class ByteReader {
 public:
  explicit ByteReader(std::string_view in, size_t pos = 0) : in_(in), pos_(pos) {
    if (pos > in.size()) throw DbError("graph snapshot: offset out of range");
  }
  size_t pos() const { return pos_; }
  void seek(size_t pos) {
    if (pos > in_.size()) throw DbError("graph snapshot: offset out of range");
    pos_ = pos;
  }
  template <class T>
  T get() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, in_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string str() {
    uint32_t n = get<uint32_t>();
    need(n);
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  void raw(void* p, size_t n) {
    need(n);
    std::memcpy(p, in_.data() + pos_, n);
    pos_ += n;
  }
  bool done() const { return pos_ == in_.size(); }
  void align(size_t a) { seek(pos_ + (a - pos_ % a) % a); }
  const char* here() const { return in_.data() + pos_; }
  // A count read from the bytes, refused when it could not fit in what is left (each item at least `min_size`).
  size_t count(size_t min_size) {
    uint64_t n = get<uint64_t>();
    if (min_size && n > (in_.size() - pos_) / min_size) throw DbError("graph snapshot: bad count");
    return static_cast<size_t>(n);
  }

 private:
  void need(size_t n) const {
    if (n > in_.size() - pos_) throw DbError("graph snapshot: truncated");
  }
  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace kg::graph
