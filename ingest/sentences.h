// Sentence splitting of normalised text: paragraphs are lines, sentences come from the ICU sentence
// BreakIterator plus Chinese end punctuation, and over-long pieces are cut at semicolons or commas.
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

namespace kg::ingest {

struct SentenceSpan {
  size_t begin, end;  // [begin, end) indexes into the text given to split_sentences
  int paragraph;      // 0-based number of the non-blank line the sentence is on
};

struct SentenceOptions {
  size_t max_chars = 300;  // a piece longer than this is split after ;/； or, failing that, after ,/， (else hard)
};

// Splits text (normally the output of kg::normalize, so ，：；！？ are ASCII, … is "...", while 。、“” stay).
// Each non-blank line is one paragraph. Within a line: the ICU sentence BreakIterator, plus breaks after runs of
// 。！？!? and of … (or "...") with any closing quotes/brackets that follow; no break inside a URL, after a
// short capitalised abbreviation such as "Inc." or "Dr.", or after a list number ("1. ") opening a piece.
// Pieces are trimmed of white space; empty ones dropped.
// The ICU iterator is created once per thread.
std::vector<SentenceSpan> split_sentences(std::u32string_view text, const SentenceOptions& opt = {});

}  // namespace kg::ingest
