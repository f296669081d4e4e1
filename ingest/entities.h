// kg::ingest::EntityRecognizer: finds entity mentions in one normalised sentence — lexicon names, Latin-script
// names, Chinese organisation names by suffix, person names beside titles, transliterated names (A·B), bracketed
// names, 以下简称 aliases — and marks descriptors (LinkedIn联合创始人Reid Hoffman: LinkedIn describes Reid Hoffman).
#pragma once
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "ingest/lexicon.h"
#include "ingest/word_list.h"

namespace kg::ingest {

// A set of words looked up by view (t.substr(p, 2)) without building a string.
struct U32Hash {
  using is_transparent = void;
  size_t operator()(std::u32string_view v) const { return std::hash<std::u32string_view>{}(v); }
};
using U32Set = std::unordered_set<std::u32string, U32Hash, std::equal_to<>>;

// Cue words for name discovery, from data/name_cues.tsv (`kind<TAB>cue[<TAB>value]`).
struct NameCues {
  WordList org_suffixes;        // kind org_suffix: 资本, 基金, 集团, 科技 …
  WordList latin_org_suffixes;  // kind latin_org_suffix: Capital, Ventures, Foundation … (lower-case)
  WordList legal_suffixes;      // kind legal_suffix: Inc, LLC, LP … (lower-case) -> same entity
  WordList generic_heads;       // kind generic_head: 公司, 孵化器 … absorbed after a known name
  WordList investor_heads;      // kind investor_head: 资本, 创投 … after a known investment firm, the same firm
                                // (IDG资本); after any other known name, a new name (蔚来资本 is not 蔚来)
  WordList stop_words;          // kind stop_word: words that end a name on its left (股东, 宣布 …)
  std::u32string stop_chars;                       // kind stop_char: single characters that never start a name
  U32Set generic_names;  // kind generic_name: 该公司, 人工智能 … never names
  WordList person_titles;       // kind person_title: 创始人, CEO, 合伙人 … (a person name follows)
  std::vector<std::pair<std::u32string, std::string>> descriptor_words;  // kind descriptor: word, predicate or "-"
  WordList descriptor_fillers;  // kind descriptor_filler: 现任, 前, 时任 between name and role
  WordList pre_descriptors;     // kind pre_descriptor: 老股东, 知名投资机构 … before a name
  U32Set surnames;       // kind surname: Chinese surnames (one or two characters)
  U32Set latin_stop;     // kind latin_stop: CEO, AI, API … never a name alone (lower-case)
  U32Set given_names;    // kind given_name: English given names -> person (lower-case)
  WordList name_end_verbs;      // kind name_end: 表示, 称 … end a Chinese person name
  WordList categories;          // kind category: 公司, 平台, 品牌 … a category noun before a name
  WordList role_verbs;          // kind role_verb: 领投, 跟投 … a name ends right before them
  WordList glued_only;          // kind glued_category: a category only when glued to a name
  WordList fund_suffixes;       // kind fund_suffix: 基金, Capital … a name ending so is a fund
  WordList not_descriptors;     // kind not_descriptor: 董事会 … starts like a role, is not one
  WordList boundaries;          // kind boundary: 投资, 进行, 新台币 … a found name ends before them
  WordList name_intros;         // kind name_intro: 获得, 来自 … a name may follow them
  WordList time_fillers;        // kind time_filler: 早在, 当日, 于, 就 … may stand between a name and its verb
  std::u32string inner_chars;   // kind inner_char: 了, 之 … a function character allowed inside a placed name

  static NameCues load(const std::string& path);
};

struct Mention {
  size_t begin = 0, end = 0;   // span in the normalised sentence
  std::string name;            // canonical name
  std::string type;            // person | organization | product
  std::string origin;          // lexicon | user | discovered
  std::string surface;         // normalised surface (UTF-8)
  bool descriptor = false;     // describes another mention; not a party to a relation
  int head = -1;               // for a descriptor: index of the mention it describes, or -1
  std::string descriptor_word; // the role word (创始人, 校友 …)
  std::string descriptor_predicate;  // predicate the role implies between head and this mention ("founded") or ""
  size_t role_end = 0;         // for a descriptor: end of the role word span (text to drop from patterns)
  std::string bracket_alias;   // 科斯拉风投(Khosla Ventures): the bracketed restatement, kept as an alias
  bool weak = false;           // found only by its place in the sentence: stored only when a fact uses it
};

class EntityRecognizer {
 public:
  EntityRecognizer(const Lexicon& lexicon, const NameCues& cues) : lex_(lexicon), cues_(cues) {}

  // Mentions in a normalised sentence, sorted by position, non-overlapping. `original` is the sentence as
  // written (same length as `text` is NOT required; `from` maps text indexes to original indexes) and is
  // used only to see 「」『』 brackets that normalisation turned into quotes.
  std::vector<Mention> find(std::u32string_view text, std::u32string_view original = {},
                            const std::vector<uint32_t>* from = nullptr) const;

  // Aliases a sentence defines after a mention, e.g. 上海某某科技有限公司(以下简称“某某科技”):
  // pairs (canonical name of the mention, short name as written).
  std::vector<std::pair<std::string, std::string>> defined_aliases(std::u32string_view text,
                                                                   const std::vector<Mention>& mentions) const;

  // Document-local lexicon consulted before the main one (aliases defined in the document).
  void set_local(const Lexicon* local) { local_ = local; }

 private:
  void latin_spans(std::u32string_view t, std::vector<Mention>& out) const;
  void lexicon_spans(const Lexicon& lex, std::u32string_view t, std::vector<Mention>& out) const;
  void bracket_spans(std::u32string_view t, std::u32string_view original, const std::vector<uint32_t>* from,
                     std::vector<Mention>& out) const;
  void suffix_spans(std::u32string_view t, std::vector<Mention>& out) const;
  void person_spans(std::u32string_view t, std::vector<Mention>& out) const;
  void context_spans(std::u32string_view t, std::vector<Mention>& out) const;
  void mark_descriptors(std::u32string_view t, std::vector<Mention>& m) const;
  void appositions(std::u32string_view t, std::vector<Mention>& m) const;
  bool covered(const std::vector<Mention>& m, size_t b, size_t e) const;
  // Extends `end` over a generic head (公司) or an investor head (资本) after the known name `e`; true when the
  // result is another name (蔚来资本 after 蔚来, which is no investment firm).
  bool absorb_heads(std::u32string_view t, const LexEntry& e, size_t& end) const;
  // A mention of t[b, e): the lexicon entity when the span is a known name, else a discovered one of `type`.
  Mention make_mention(std::u32string_view t, size_t b, size_t e, const char* type) const;
  std::string type_of_latin(std::u32string_view span, std::u32string_view t, size_t begin) const;

  const Lexicon& lex_;
  const NameCues& cues_;
  const Lexicon* local_ = nullptr;
};

bool starts_with_at(std::u32string_view t, size_t pos, std::u32string_view w);
bool ends_with_at(std::u32string_view t, size_t end, std::u32string_view w);

}  // namespace kg::ingest
