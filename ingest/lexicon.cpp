#include "ingest/lexicon.h"

#include <algorithm>
#include <map>

#include "base/error.h"
#include "base/text.h"
#include "base/unicode.h"
#include "ingest/datafile.h"

namespace kg::ingest {

char32_t fold_ascii(char32_t c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

namespace {
bool word_char(char32_t c) { return (c < 0x80 && (std::isalnum(static_cast<int>(c)))) || (c >= 0xC0 && c <= 0x24F); }

std::vector<std::string> split_bar(const std::string& s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t bar = s.find('|', pos);
    std::string a = s.substr(pos, bar == std::string::npos ? std::string::npos : bar - pos);
    while (!a.empty() && a.back() == ' ') a.pop_back();
    while (!a.empty() && a.front() == ' ') a.erase(a.begin());
    if (!a.empty()) out.push_back(a);
    if (bar == std::string::npos) break;
    pos = bar + 1;
  }
  return out;
}
}  // namespace

// A trie over normalised, ASCII-lower-cased code points.
// Children are kept sorted in a vector: matching looks a child up at every position of every sentence, and a
// binary search over contiguous pairs beats walking a std::map (the root has a child per first character).
struct Lexicon::Trie {
  using Edge = std::pair<char32_t, uint32_t>;
  struct Node {
    std::vector<Edge> next;  // sorted by character
    int64_t entry = -1;
  };
  std::vector<Node> nodes{Node{}};
  static std::vector<Edge>::const_iterator child(const Node& node, char32_t c) {
    auto it = std::lower_bound(node.next.begin(), node.next.end(), c,
                               [](const Edge& e, char32_t x) { return e.first < x; });
    return it != node.next.end() && it->first == c ? it : node.next.end();
  }
  void insert(const std::u32string& key, uint32_t entry) {
    uint32_t n = 0;
    for (char32_t c : key) {
      auto& next = nodes[n].next;
      auto it = std::lower_bound(next.begin(), next.end(), c, [](const Edge& e, char32_t x) { return e.first < x; });
      if (it == next.end() || it->first != c) {
        uint32_t id = static_cast<uint32_t>(nodes.size());
        next.insert(it, Edge{c, id});  // (before push_back: it points into nodes[n])
        nodes.push_back(Node{});
        n = id;
      } else {
        n = it->second;
      }
    }
    if (nodes[n].entry < 0) nodes[n].entry = entry;  // first claim wins
  }
};

Lexicon::Lexicon() : trie_(std::make_unique<Trie>()) {}
Lexicon::~Lexicon() = default;
Lexicon::Lexicon(Lexicon&&) noexcept = default;
Lexicon& Lexicon::operator=(Lexicon&&) noexcept = default;

void Lexicon::index_alias(const std::string& alias, uint32_t entry) {
  by_key_.emplace(fold_key(alias), entry);
  std::u32string key;
  for (char32_t c : normalize_text(utf8_to_u32(alias))) key.push_back(fold_ascii(c));
  // Trim spaces; a key of one CJK character is too ambiguous to match in running text.
  while (!key.empty() && key.back() == ' ') key.pop_back();
  if (key.size() < 2) return;
  trie_->insert(key, entry);
}

uint32_t Lexicon::add(const std::string& name, const std::string& type, const std::vector<std::string>& aliases,
                      const std::string& origin) {
  std::optional<uint32_t> existing = find(name);
  if (!existing)
    for (const auto& a : aliases)
      if ((existing = find(a))) break;
  uint32_t id;
  if (existing) {
    id = *existing;
  } else {
    id = static_cast<uint32_t>(entries_.size());
    entries_.push_back(LexEntry{name, type, origin, {name}});
    index_alias(name, id);
  }
  for (const auto& a : aliases) {
    auto& list = entries_[id].aliases;
    if (std::find(list.begin(), list.end(), a) == list.end()) list.push_back(a);
    index_alias(a, id);
  }
  return id;
}

void Lexicon::load_file(const std::string& path, const std::string& origin) {
  for (const auto& row : read_data_file(path, 2)) {
    const std::string& type = row.fields[1];
    if (type != "person" && type != "organization" && type != "product")
      throw FileError(path, "type must be person, organization or product, not '" + type + "'", row.line);
    if (row.fields[0].empty()) throw FileError(path, "empty entity name", row.line);
    add(row.fields[0], type, row.fields.size() > 2 ? split_bar(row.fields[2]) : std::vector<std::string>{}, origin);
  }
}

std::optional<uint32_t> Lexicon::find(std::string_view name) const {
  auto it = by_key_.find(fold_key(name));
  if (it == by_key_.end()) return std::nullopt;
  return it->second;
}

std::vector<LexMatch> Lexicon::match(std::u32string_view text) const {
  std::vector<LexMatch> out;
  const auto& nodes = trie_->nodes;
  size_t i = 0;
  while (i < text.size()) {
    // Latin aliases start only at a word boundary.
    bool boundary = i == 0 || !word_char(text[i - 1]);
    uint32_t n = 0;
    size_t best_end = 0;
    int64_t best = -1;
    for (size_t j = i; j < text.size(); ++j) {
      auto it = Trie::child(nodes[n], fold_ascii(text[j]));
      if (it == nodes[n].next.end()) break;
      n = it->second;
      if (nodes[n].entry >= 0) {
        bool latin_start = word_char(text[i]);
        bool latin_end = word_char(text[j]);
        bool ok = true;
        if (latin_start && !boundary) ok = false;
        if (latin_end && j + 1 < text.size() && word_char(text[j + 1])) ok = false;
        if (ok) {
          best = nodes[n].entry;
          best_end = j + 1;
        }
      }
    }
    if (best >= 0) {
      out.push_back(LexMatch{i, best_end, static_cast<uint32_t>(best)});
      i = best_end;
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace kg::ingest
