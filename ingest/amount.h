// Money amounts in normalised Chinese text (output of kg::normalize: NFKC + simplified): numbers, Chinese
// numerals, units (万/亿/million…), currencies, approximate and bounded forms, conversions, "undisclosed".
// Owns the grammar tables for amounts (units, currency words, approximation cues); no I/O.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kg::ingest {

struct Amount {
  size_t begin = 0, end = 0;       // span in the input (code-point indexes), prefixes/suffixes included
  double value = 0;                // point value in currency units; for a bound, the bound; for a range, the low end
  std::optional<double> min, max;  // range/bounds where approximate (数十亿 -> [1e9, 1e10); 超过5亿 -> min 5e8)
  bool approx = false;             // 约/近/超过/逾/多/数/上/左右/以上/余 …
  std::string bound;               // "" exact | "about" | "lower" (超过/逾/以上/多/余) | "upper" (近/不到/以内)
                                   // | "range" (数十亿, 1-2亿)
  std::string currency;            // ISO 4217 or "" when none is stated
  bool conversion = false;         // a bracketed restatement: (约合1.1亿美元) / 折合 / 约合 — the extractor ignores it
  bool undisclosed = false;        // 未披露金额 / 金额未透露 / 未透露具体金额 (value 0)
};

// Every amount in text, ordered by begin, non-overlapping. text must already be normalised (ASCII digits and
// punctuation). A number is returned only with a unit (万, 亿, million …) or a currency; a unit without a
// currency gives currency "" (the caller decides). Percentages, counts (个/家/人/枚 …), ages, years and bare
// numbers give nothing. Undisclosed-amount phrases are returned as Amount{undisclosed = true, value = 0}.
std::vector<Amount> find_amounts(std::u32string_view text);

}  // namespace kg::ingest
