// kg::ingest pipeline: one file's bytes → decoded text → markup removed → normalised → noise marked →
// sentences → entities → facts, as an ExtractedDocument ready for the store. Also loads the data files the
// stages need (Resources).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "ingest/entities.h"
#include "ingest/extractor.h"
#include "ingest/lexicon.h"
#include "ingest/noise.h"
#include "ingest/patterns.h"
#include "base/text.h"
#include "schema/records.h"

namespace kg::ingest {

struct Resources {
  Lexicon lexicon;
  NameCues names;
  PatternSet patterns;
  FactCues facts;
  NoiseCues noise;

  // Loads data_dir/{entities.tsv,name_cues.tsv,patterns.tsv,fact_cues.tsv,noise_cues.tsv} and then each extra
  // lexicon file (an analyst's own). Throws FileError naming the file.
  static Resources load(const std::string& data_dir, const std::vector<std::string>& extra_lexicons = {});
};

struct IngestOptions {
  std::string date;  // default "": publication date YYYY-MM-DD (--date); else taken from metadata or the text
  std::string* trace = nullptr;  // default none: receives the extractor's per-sentence trace
  std::string sha256;            // default "": computed here; else the caller's sha256_hex of the same bytes
};

// Processes one document. Throws FileError(path, …) for unreadable, binary, empty or undecodable input.
ExtractedDocument process_document(const std::string& path, std::string_view bytes, const Resources& res,
                                   const IngestOptions& options = IngestOptions());

// Repairs copied text, keeping offsets: drops inline pinyin after a character (翀(chōng)霄 -> 翀霄) and joins a
// hard-wrapped line (30+ characters ending mid-sentence) to the next line.
kg::Text repair_text(const kg::Text& in);

// Parses YYYY, YYYY-MM or YYYY-MM-DD; false if malformed.
bool parse_date(const std::string& s, std::optional<int>& y, std::optional<int>& m, std::optional<int>& d);

}  // namespace kg::ingest
