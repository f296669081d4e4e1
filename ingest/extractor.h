// kg::ingest::Extractor: turns the sentences of one document into facts. Owns the discourse state — the
// paragraph's topic entity, the open funding event whose investor may be named later, the current date — and
// the rules that attach amounts, dates, rounds and status words to pattern matches.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ingest/amount.h"
#include "ingest/dates.h"
#include "ingest/entities.h"
#include "ingest/lexicon.h"
#include "ingest/patterns.h"
#include "schema/records.h"

namespace kg::ingest {

// Cue words for facts, from data/fact_cues.tsv (`kind<TAB>cue<TAB>value`).
struct FactCues {
  struct Cue {
    std::u32string text;
    std::string value;
  };
  std::vector<Cue> status;   // value: planned|pending|rumoured|denied|terminated
  std::vector<Cue> traps;    // words that make a nearby amount not the deal's amount; value: predicates (a|b)
  std::vector<Cue> rounds;   // round words; value: canonical round name
  std::vector<Cue> news;     // announcement words: an undated deal in such a sentence is the article's news
  std::vector<Cue> past;     // narrative words (此前, 当年 …): an undated deal in such a sentence stays undated
  std::vector<Cue> round_refs;  // 本轮, 此轮 …: the sentence speaks of the round just announced
  std::vector<Cue> year_parts;  // 年初, 上半年 …: an undated news deal gets the publication year but no month
  std::vector<Cue> round_amounts;  // 融资金额, 融资总额 …: the amount after it is the round's, shared by its investors
  std::vector<Cue> trigger_nouns;  // 投资方, 投资人 …: a trigger word that runs on into one of these is a noun, not the verb
  static FactCues load(const std::string& path);
};

// One sentence as the extractor sees it.
struct SentenceView {
  int seq = 0;
  int paragraph = 0;
  std::u32string text;              // normalised
  std::u32string original;          // as written (before normalisation)
  std::vector<uint32_t> from;       // text index -> original index (size text.size()+1)
  std::vector<uint32_t> src;        // original index -> byte offset in the file (size original.size()+1)
  int64_t start = 0, end = 0;       // byte offsets of the sentence in the original file
};

struct ExtractorResources {
  const Lexicon* lexicon = nullptr;
  const NameCues* names = nullptr;
  const PatternSet* patterns = nullptr;
  const FactCues* cues = nullptr;
};

class Extractor {
 public:
  Extractor(const ExtractorResources& r, std::optional<int> pub_year, std::optional<int> pub_month,
            std::optional<int> pub_day);

  // Picks the document topic (most mentioned organisation) before extraction; call with every sentence once.
  void prepare(const std::vector<SentenceView>& sentences);
  // Extracts one sentence (in document order); appends mentions, entities and facts to doc.
  void sentence(const SentenceView& s, ExtractedDocument& doc);
  // When set, every sentence's tokens and pattern matches are written here (kg extract --trace).
  void set_trace(std::string* trace) { trace_ = trace; }

 private:
  struct Event {
    std::string target;
    std::optional<Amount> amount;
    ResolvedDate date;
    std::string round, status;
    int seq = -1, paragraph = -1;
  };
  std::string entity_name(const Mention& m, ExtractedDocument& doc);
  // Adds to the document's local lexicon and logs a piece of each new surface (see prepared_).
  void add_local(const std::string& name, const std::string& type, const std::vector<std::string>& aliases);

  ExtractorResources r_;
  std::string* trace_ = nullptr;
  DateContext dates_;
  std::optional<int> pub_year_, pub_month_;
  EntityRecognizer recognizer_;
  Lexicon local_;                   // aliases defined in this document (以下简称)
  // The entity finder's result for each sentence from prepare(), reused by sentence() unless a name added to the
  // local lexicon after it was found could occur in the sentence (its longest word is in the text).
  struct Prepared {
    size_t log_mark = 0;            // local_log_ size when the sentence was prepared
    std::vector<Mention> mentions;
  };
  std::map<int, Prepared> prepared_;  // by sentence seq
  std::vector<std::u32string> local_log_;  // longest word of every surface added to local_, in order
  std::string doc_topic_;
  std::string paragraph_topic_;
  int topic_paragraph_ = -1;
  std::optional<Event> event_;
  std::string last_investor_, last_investee_;  // the paragraph's last investment (for 又再度加码)
  int last_paragraph_ = -1;
  std::string prev_org_;            // the first organisation of the previous sentence, when it stated no fact
  int prev_paragraph_ = -1;
  std::string last_object_;         // the investee or acquired company of the document's last fact
  int narrative_paragraph_ = -1;    // a paragraph whose earlier sentence stated an explicit past date
  std::set<std::string> dated_facts_;  // subject\tpredicate\tobject of facts dated by the text in this document
  std::map<std::string, size_t> entity_index_;  // canonical name -> doc.entities index
};

}  // namespace kg::ingest
