// Noise filter: decides from features (URLs, hashtags, cashtags, cue words by kind, emoji, keyword lines,
// short non-CJK lines, bracketed promos, breadcrumbs) whether a normalised line or sentence is page noise
// rather than news text. Owns the cue list type loaded from data/noise_cues.tsv.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kg::ingest {

enum class CueKind {
  Cta,          // calls to action: 红包, 扫码, 关注公众号 ...
  Promo,        // promotion markers: 推广, 广告, 抽奖, 空投 ...
  Attribution,  // source and byline labels: 原文来源, 责任编辑, 作者: ...
  Nav,          // navigation and footer: 首页>, 上一篇, 版权所有 ...
};

struct NoiseCue {
  CueKind kind = CueKind::Cta;
  std::u32string key;  // normalised (kg::normalize), ASCII lower-cased, spaces removed
  std::string text;    // as written in the data file
};

struct NoiseCues {
  std::vector<NoiseCue> cues;
  std::unordered_map<char32_t, std::vector<uint32_t>> by_first;  // first char of key → cue indexes, longest first

  // Adds one cue (normalised as described for NoiseCue::key); an empty or duplicate key is ignored.
  void add(CueKind kind, std::string_view cue_utf8);
  size_t size() const { return cues.size(); }
};

// Reads `kind<TAB>cue` rows (kinds: cta, promo, attribution, nav; '#' comment lines skipped).
// Throws kg::FileError(path, ..., line) for an unreadable file or a malformed row.
NoiseCues load_noise_cues(const std::string& path);

struct NoiseVerdict {
  bool noise = false;
  std::string reason;  // the features that fired, strongest first, e.g. "cta(红包), bracket-promo"; "" if none
  double score = 0;    // sum of feature weights; noise when >= 1.0
};

// Classifies one line or sentence of normalised text (after kg::normalize: full-width ASCII is ASCII,
// traditional characters are simplified). An empty line is not noise.
NoiseVerdict classify_noise(std::u32string_view normalised, const NoiseCues& cues);

// Classifies the lines of a block (e.g. a whole page, one line per entry, normalised). Applies the per-line
// verdicts; marks the list under a short navigation label (相关阅读:, 推荐阅读 ...: up to ten following lines of
// <= 40 non-space chars not ending in 。); then repeatedly: a suspicious line (score >= 0.5) next to a noise line is
// noise, and a run of at most three short lines (<= 20 non-space chars, not ending in 。!?) with noise on both sides is
// noise
// ("sandwich"). Blank lines are never noise and do not interrupt a neighbourhood. Returns one flag per line.
std::vector<bool> classify_block(const std::vector<std::u32string>& lines, const NoiseCues& cues);

}  // namespace kg::ingest
