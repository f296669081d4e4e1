// kg::ingest::Lexicon: known entities (canonical name, type, every alias) and a longest-match finder over
// normalised text. Loaded from data/entities.tsv and an analyst's --lexicon files; the CLI adds the store's
// user aliases (kg alias add) before ingesting.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kg::ingest {

struct LexEntry {
  std::string name;                  // canonical
  std::string type;                  // person | organization | product
  std::string origin;                // lexicon | user | discovered
  std::vector<std::string> aliases;  // as listed (name included)
};

struct LexMatch {
  size_t begin = 0, end = 0;         // indexes into the searched text
  uint32_t entry = 0;                // index into entries()
};

class Lexicon {
 public:
  Lexicon();
  ~Lexicon();
  Lexicon(Lexicon&&) noexcept;
  Lexicon& operator=(Lexicon&&) noexcept;

  // Loads a TSV file `name<TAB>type<TAB>aliases` (aliases '|'-separated). Throws FileError.
  void load_file(const std::string& path, const std::string& origin = "lexicon");
  // Adds an entity or, when an entity of that name (or with that alias) exists, adds the aliases to it.
  uint32_t add(const std::string& name, const std::string& type, const std::vector<std::string>& aliases,
               const std::string& origin);

  // Entity by exact canonical name or by any alias (compared by fold_key).
  std::optional<uint32_t> find(std::string_view name) const;
  const LexEntry& entry(uint32_t i) const { return entries_[i]; }
  size_t size() const { return entries_.size(); }

  // All longest, leftmost, non-overlapping alias matches in normalised text. Latin-script aliases match
  // case-insensitively and only at word boundaries (not inside a longer Latin word or number).
  std::vector<LexMatch> match(std::u32string_view text) const;

 private:
  struct Trie;
  void index_alias(const std::string& alias, uint32_t entry);
  std::vector<LexEntry> entries_;
  std::unordered_map<std::string, uint32_t> by_key_;  // fold_key(alias or name) -> entry
  std::unique_ptr<Trie> trie_;
};

// Lower-cases ASCII letters (the matcher's key for Latin text).
char32_t fold_ascii(char32_t c);

}  // namespace kg::ingest
