// kg::ingest::WordList: a cue list (vector of normalised words, in file order) with an index by first character,
// so "which cue words start at position p?" looks at only the words that can — the hot question of name finding.
#pragma once
#include <bitset>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kg::ingest {

class WordList : public std::vector<std::u32string> {
 public:
  using std::vector<std::u32string>::vector;

  // Builds the first-character index; call once after the last push_back (NameCues::load does).
  void build_index() {
    first_ = std::make_shared<std::bitset<65536>>();
    buckets_ = std::make_shared<std::unordered_map<char32_t, std::vector<std::u32string>>>();
    for (const auto& w : *this) {
      if (w.empty()) continue;
      first_->set(w[0] & 0xFFFF);
      (*buckets_)[w[0]].push_back(w);
    }
  }
  // The words (in file order) whose first character is t[pos]; all words when the index was not built.
  // Callers still check the whole word (starts_with_at).
  const std::vector<std::u32string>& at(std::u32string_view t, size_t pos) const {
    if (!first_) return *this;
    if (pos >= t.size() || !first_->test(t[pos] & 0xFFFF)) return empty();
    auto it = buckets_->find(t[pos]);
    return it == buckets_->end() ? empty() : it->second;
  }

 private:
  static const std::vector<std::u32string>& empty() {
    static const std::vector<std::u32string> e;
    return e;
  }
  std::shared_ptr<std::bitset<65536>> first_;
  std::shared_ptr<std::unordered_map<char32_t, std::vector<std::u32string>>> buckets_;
};

}  // namespace kg::ingest
