// kg::queries::Table: the result of every query (columns, rows of strings, a note) and its renderings as an
// aligned terminal table, TSV or JSON. Owns nothing else; pure functions.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace kg::queries {

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // each row has columns.size() cells (missing cells render empty)
  std::string note;                            // human remark (e.g. "no path", "cut 12 rows"); may be empty
};

enum class OutputFormat { Table, Tsv, Json };

// "table" | "tsv" | "json" (ASCII case-insensitive). Anything else throws UsageError naming the value.
OutputFormat parse_format(std::string_view name);

// Table: header, a rule, rows; columns padded by display_width (East Asian wide = 2); every cell but the last
// column is cut to 60 columns with "…"; the note (if any) follows on its own lines. No trailing spaces.
// Tsv:   header line, then one line per row; tabs, CR and LF inside cells become spaces. The note is NOT written
//        (callers print it elsewhere, e.g. to stderr) so that every line after the header is a row.
// Json:  an array of objects keyed by column name, string values, UTF-8 kept (invalid bytes become U+FFFD);
//        the note is not written. Every format ends with a newline.
std::string render(const Table& table, OutputFormat format);

// JSON string literal (with quotes) for s: escapes " \ and control characters, keeps UTF-8, replaces invalid
// UTF-8 with U+FFFD. Shared with the exporters.
std::string json_quote(std::string_view s);

}  // namespace kg::queries
