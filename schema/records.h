// Plain records exchanged with the store: what ingest hands over for one document, and the rows the
// store gives back to graph/, queries/ and cli/. No SQLite here; the store owns persistence.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kg {

// ---- written by ingest -------------------------------------------------------------------------

struct DocumentRecord {
  std::string path;             // as given on the command line
  std::string sha256;           // content hash of the raw bytes (hex); identity of the document
  int64_t bytes = 0;
  std::string encoding;         // detected source encoding, e.g. "UTF-8", "GB18030", "Big5", "UTF-16LE"
  std::string format;           // "text" | "html" | "markdown"
  std::string pub_date;         // "YYYY-MM-DD", "YYYY-MM", "YYYY" or "" (unknown)
  std::string pub_date_source;  // "given" (--date) | "metadata" (page metadata) | "inferred" (from the text) | "unknown"
  std::string title;            // first meaningful line, may be empty
  std::string raw;              // the original bytes, kept so derived tables can be rebuilt (kg reingest)
};

struct SentenceRecord {
  int seq = 0;                  // 0-based order in the document
  int64_t start = 0, end = 0;   // byte offsets into the original file [start, end)
  int paragraph = 0;            // 0-based paragraph (line block) number
  std::string text;             // as written (after markup removal), UTF-8
  std::string norm;             // normalised for matching (NFKC, simplified), UTF-8
  bool noise = false;           // dropped by the noise filter (kept for the record, not extracted)
  int dup_of = -1;              // seq of an earlier sentence with the same normalised text, or -1
};

struct EntityRecord {
  std::string name;             // canonical name
  std::string type;             // "person" | "organization" | "product"
  std::string origin;           // "lexicon" | "discovered" | "user" | "imported" (kg import)
  std::vector<std::string> aliases;  // known and seen surface forms (name included)
};

struct MentionRecord {
  int sentence_seq = 0;
  std::string entity;           // canonical name
  int64_t start = 0, end = 0;   // byte offsets into the original file
  std::string surface;          // the text as written
};

struct FactRecord {
  std::string subject, predicate, object;  // canonical entity names; predicate: invested|acquired|founded
  std::optional<double> amount;            // point value in units of currency (lower bound if only a bound)
  std::optional<double> amount_min, amount_max;  // range for approximate amounts
  bool approx = false;
  bool round_total = false;                // amount is the whole round's, shared by several investors
  std::string currency;                    // ISO 4217 or ""
  std::string round;                       // "angel", "seed", "pre-seed", "A", "B+", "strategic", ...
  std::string role;                        // "lead" | "participant" | ""
  std::optional<int> year, month, day;
  std::string date_basis;                  // "explicit" | "previous" | "publication" | "" (no date)
  std::string status = "completed";        // completed|planned|pending|rumoured|denied|terminated
  // provenance
  int sentence_seq = 0;
  int64_t start = 0, end = 0;              // byte span of the evidence (the sentence) in the original file
  std::string rule;                        // id of the pattern that fired
  double confidence = 0.5;
};

struct ExtractedDocument {
  DocumentRecord doc;
  std::vector<SentenceRecord> sentences;
  std::vector<EntityRecord> entities;
  std::vector<MentionRecord> mentions;
  std::vector<FactRecord> facts;
};

// ---- read back ---------------------------------------------------------------------------------

struct EntityRow {
  int64_t id = 0;                    // row id; negative for an entity named only by an analyst's judgement
  std::string name, type, origin;
  std::vector<std::string> aliases;  // sorted, name first
  std::string key;                   // entity key (kg::entity_key(name)); filled by the store
};

struct SourceRow {
  int64_t fact_id = 0;
  int64_t doc_id = 0;
  std::string doc_path;
  std::string doc_date;              // publication date of the document, may be empty
  int64_t sentence_id = 0;
  std::string sentence;              // as written
  int64_t start = 0, end = 0;
  std::string rule;
  double confidence = 0;
};

struct FactRow {
  int64_t id = 0;
  int64_t subject_id = 0, object_id = 0;
  std::string subject, predicate, object;
  std::string subject_type, object_type;
  std::optional<double> amount, amount_min, amount_max;
  bool approx = false, round_total = false;
  std::string currency, round, role;
  std::optional<int> year, month, day;
  std::string date_basis, status;
  double confidence = 0;             // max over sources
  int sources = 0;                   // number of distinct supporting sentences
  std::vector<SourceRow> evidence;   // filled by Store::facts(); ordered by document then offset
  std::vector<int64_t> rows;         // the stored rows this fact gathers (Store::facts; Store::evidence(rows))
  std::string key;                   // content-derived fact uid (sha256 hex; users see kg::short_id(key))
  std::string verdict;               // "" | "confirmed" | "rejected" (analysts' judgements)
  bool corrected = false;            // an analyst corrected year, month, amount or currency
  bool manual = false;               // added by an analyst (kg add-fact); evidence is the analyst's text
};

// ---- judgements: the analyst's primary data (table judgements; docs/schema.md) ----------------------------

struct Judgement {
  std::string id;                    // 12 hex digits; kept across export/import
  std::string kind;                  // merge|split|not_same|reject|confirm|correct|alias|fact|note|undo
  std::string target, target2;       // entity key(s), fact uid or judgement id, by kind
  std::string payload = "{}";        // JSON object (values, and the target as it was when judged)
  std::string evidence, reason, author;
  std::string created_at;            // UTC "YYYY-MM-DDTHH:MM:SSZ"
  std::string superseded_at, superseded_by;  // empty while in force
  bool active() const { return superseded_at.empty(); }
};

}  // namespace kg
