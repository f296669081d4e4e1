// kg::graph::Array<T>: a read-only array that either owns its elements (a graph built from rows) or views them
// inside a shared byte buffer it keeps alive (a graph loaded from a snapshot's core, graph/snapshot.h), so that
// loading a snapshot does not copy its arrays. Copies stay valid: an owned array is copied, a view shares the buffer.
#pragma once
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace kg::graph {

template <class T>
class Array {
 public:
  Array() = default;
  Array(const Array& o) : own_(o.own_), keep_(o.keep_), n_(o.n_) { p_ = keep_ ? o.p_ : own_.data(); }
  Array(Array&& o) noexcept
      : own_(std::move(o.own_)), keep_(std::move(o.keep_)), p_(o.p_), n_(o.n_) {  // a moved vector keeps its buffer
    o.p_ = nullptr;
    o.n_ = 0;
  }
  Array& operator=(Array o) noexcept {
    std::swap(own_, o.own_);
    std::swap(keep_, o.keep_);
    std::swap(p_, o.p_);
    std::swap(n_, o.n_);
    return *this;
  }

  // Owns v.
  void assign(std::vector<T> v) {
    own_ = std::move(v);
    keep_.reset();
    p_ = own_.data();
    n_ = own_.size();
  }
  // Views n elements at p, inside the buffer `keep` (which must stay unchanged).
  void view(std::shared_ptr<const std::string> keep, const T* p, size_t n) {
    own_.clear();
    keep_ = std::move(keep);
    p_ = p;
    n_ = n;
  }

  const T& operator[](size_t i) const { return p_[i]; }
  const T& at(size_t i) const {
    if (i >= n_) throw std::out_of_range("graph::Array: index " + std::to_string(i));
    return p_[i];
  }
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  const T* begin() const { return p_; }
  const T* end() const { return p_ + n_; }
  const T& back() const { return p_[n_ - 1]; }
  const T* data() const { return p_; }

 private:
  std::vector<T> own_;
  std::shared_ptr<const std::string> keep_;
  const T* p_ = nullptr;
  size_t n_ = 0;
};

}  // namespace kg::graph
