// Text with provenance: a sequence of Unicode code points, each remembering the byte offset in the
// original file it came from. Every ingest stage (decode, markup removal, normalisation) maps Text to Text.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

struct Text {
  std::u32string chars;        // code points
  std::vector<uint32_t> src;   // src[i] = byte offset in the original file of chars[i]; src.size() == chars.size() + 1
                               // (the last entry is the end offset of the last char)
  void push(char32_t c, uint32_t offset) { chars.push_back(c); src.push_back(offset); }
  // Closes the text: appends the end offset (call once, after the last push).
  void finish(uint32_t end_offset) { src.push_back(end_offset); }
  size_t size() const { return chars.size(); }
};

// UTF-8 helpers. Invalid bytes decode to U+FFFD (one per byte).
std::u32string utf8_to_u32(std::string_view s);
std::string u32_to_utf8(std::u32string_view s);
void append_utf8(std::string& out, char32_t c);
// True when s is well-formed UTF-8.
bool valid_utf8(std::string_view s);

}  // namespace kg
