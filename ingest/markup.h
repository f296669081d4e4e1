// Markup removal: recognises HTML and Markdown input and turns it into plain text lines, keeping each char's
// original byte offset, and reads the publication date and title from page metadata or front matter.
#pragma once
#include <string>

#include "base/text.h"

namespace kg::ingest {

enum class Format { Text, Html, Markdown };

// "text", "html" or "markdown" (the spelling stored in DocumentRecord::format).
const char* format_name(Format f);

// By extension (.html .htm .xhtml → Html; .md .markdown → Markdown, case-insensitive), otherwise by content:
// `<!DOCTYPE html`, `<html`, `<body` or many HTML tags → Html; YAML front matter, several `#` headings,
// `**bold**` pairs or `[text](url)` links → Markdown; else Text.
Format sniff_format(const std::string& path, const kg::Text& text);

struct Stripped {
  kg::Text text;      // plain text; src offsets still point into the original file
  std::string date;   // publication date from metadata as "YYYY-MM-DD", or "" when absent or unparseable
  std::string title;  // <title> / first <h1> (HTML), front matter title / first heading (Markdown), or ""
};

// Html: tags, comments, <script>/<style>/<noscript>/<template>/<svg> and <head> content are dropped; block tags
// (p, div, br, li, h1-h6, tr, section, article, ...) become a line break, inline tags vanish, so `联新</a>资本`
// joins into 联新资本; runs of white space collapse to one space (none when the run holds a line break between
// two CJK chars, i.e. a wrapped line), except in <pre>;
// character entities are decoded (common named ones, &#NNN;, &#xHH;) and mapped to the offset of their `&`.
// Date from <meta property="article:published_time">, <meta name="pubdate|publishdate|date|...">, or
// <time datetime>; title from <title>, else the first <h1>.
// Markdown: YAML front matter (--- ... --- at the top) is removed and its date:/title: read; heading markers,
// emphasis markers (** __ ~~ * `), block quote and list markers and link definitions are removed; [text](url)
// becomes text; images ![alt](url) vanish; inline HTML is handled as above (white space kept).
// Text: returned unchanged.
Stripped strip_markup(const kg::Text& in, Format f);

// Normalises a date written as 2023-08-30, 2023/8/30, 2023.08.30, 20230830, 2023-08-30T10:00:00+08:00,
// 2023年8月30日 or "Wed, 30 Aug 2023 10:00:00 +0800" to "2023-08-30"; "" when it is none of these or invalid.
std::string normalize_date(const std::string& s);

}  // namespace kg::ingest
