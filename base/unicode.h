// Unicode normalisation for matching: NFKC plus traditional→simplified Chinese, one code point at a time so
// every output character knows the input character it came from. Also the name key used to compare names.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

// Normalised text and its map back: from[i] is the index in the input of the character that produced chars[i];
// from.size() == chars.size() + 1 and from.back() == input size.
struct Normalized {
  std::u32string chars;
  std::vector<uint32_t> from;
};

// NFKC (per code point) then ICU Traditional-Simplified, cached per code point; thread-safe.
// Full-width ASCII becomes ASCII (，→, ：→: （→( ), ideographic full stop 。 stays.
Normalized normalize(std::u32string_view in);
std::u32string normalize_text(std::u32string_view in);   // chars only
std::string normalize_utf8(std::string_view utf8);

// Key for comparing names: normalised, case-folded, with spaces and ·•.-_'’"()（） removed.
std::string fold_key(std::string_view utf8);

// Display columns of a UTF-8 string in a terminal (East Asian Wide/Fullwidth = 2, combining = 0).
int display_width(std::string_view utf8);

bool is_cjk(char32_t c);          // CJK unified ideographs (incl. extension A, compatibility)
bool is_latin_letter(char32_t c); // ASCII letters and Latin-1/Extended letters
bool is_space(char32_t c);

}  // namespace kg
