// Relation patterns kept as data (data/patterns.tsv) and the matcher that runs them over an entity-tagged
// sentence. A sentence is a sequence of tokens — characters, entity mentions, dates and amounts — and a pattern
// is a sequence of elements over them. Syntax in docs/extraction.md.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace kg::ingest {

enum class TokKind { Char, Entity, Date, Amount };

struct Token {
  TokKind kind = TokKind::Char;
  char32_t ch = 0;            // for Char
  int index = -1;             // mention / date / amount index for the other kinds
  size_t begin = 0, end = 0;  // span in the sentence text
};

struct Element {
  enum Kind { Slot, Literal, Gap, DateEl, AmountEl } kind = Literal;
  char role = 0;                     // 'S' or 'O' for slots
  bool list = true;                  // slot accepts an enumeration (A、B和C等)
  std::vector<std::u32string> alts;  // literal alternatives, longest first
  int gap_max = 0;                   // for Gap
  bool optional = false;             // trailing '?'
  bool trigger = false;              // leading '!': the word whose clause dates the fact
};

struct Pattern {
  std::string id;                    // recorded on every fact it makes
  std::string predicate;             // invested | acquired | founded | event | not
  std::vector<Element> elements;
  std::string role;                  // role=lead|participant
  bool implicit_s = false, implicit_o = false;  // implicit=S|O|SO: slot may be absent, filled from discourse
  bool inherit = false;              // takes amount/date/round/status of the open funding event
  bool round_inherit = false;        // inherits only when the sentence speaks of that round (本轮 …)
  bool nodate = false;
  bool not_fund = false;              // the target must not be a fund (a fund's 募资 raises money from LPs)               // attributive shape: the fact gets no date from this sentence
  bool noamount = false;
  double confidence = 0.8;
  std::string status;                // fixed status (else from cue words)
  int line = 0;
};

struct Match {
  const Pattern* pattern = nullptr;
  std::vector<int> S, O;             // mention indexes
  size_t begin = 0, end = 0;         // token range [begin, end)
  size_t trigger_begin = 0, trigger_end = 0;  // token range of the trigger element
};

class PatternSet {
 public:
  // Loads `id<TAB>predicate<TAB>options<TAB>pattern` rows; throws FileError naming the line on bad syntax.
  static PatternSet load(const std::string& path);
  // Parses one pattern (used by load and by tests). Throws kg::Error on bad syntax.
  static Pattern parse(const std::string& id, const std::string& predicate, const std::string& options,
                       const std::string& pattern);
  void add(Pattern p) { patterns_.push_back(std::move(p)); }

  // Every match of every pattern, in pattern order then position; a pattern's matches do not overlap.
  std::vector<Match> match(const std::vector<Token>& tokens) const;
  const std::vector<Pattern>& patterns() const { return patterns_; }

 private:
  std::vector<Pattern> patterns_;
};

// Characters that end a clause: gaps never cross them.
bool clause_break(char32_t c);

}  // namespace kg::ingest
