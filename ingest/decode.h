// Byte decoding for one input file: detects the encoding (BOMs, UTF-16 byte patterns, UTF-8, GB18030, Big5),
// refuses binary or undecodable files, and produces kg::Text whose src offsets point into the original bytes.
#pragma once
#include <string>
#include <string_view>

#include "base/text.h"

namespace kg::ingest {

struct Decoded {
  kg::Text text;  // decoded chars; CR LF and lone CR are turned into LF; text.src counts original bytes (BOM included)
  std::string encoding;  // "UTF-8", "UTF-16LE", "UTF-16BE", "GB18030" or "Big5"
};

// Decodes the raw bytes of the file `path` (path is used only in error messages).
// Detection order: binary magic numbers → BOM → UTF-16 without BOM (NUL-byte pattern, or text that reads as
// plausible UTF-16 CJK) → share of control bytes → UTF-8 (bad bytes become U+FFFD when the file is mostly UTF-8)
// → GB18030 / Big5 (ICU charset detection, each candidate validated by substitution count and by how many of its
// Chinese characters are common ones).
// Throws kg::FileError(path, "empty file" | "not a text file (binary data)" | "cannot detect the text encoding").
Decoded decode_bytes(std::string_view bytes, const std::string& path);

}  // namespace kg::ingest
