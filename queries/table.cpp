#include "queries/table.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "base/error.h"
#include "base/text.h"
#include "base/unicode.h"
#include "schema/json.h"

namespace kg::queries {
namespace {

constexpr int kMaxCell = 60;

std::string flatten(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return out;
}

// Valid UTF-8 (invalid bytes → U+FFFD).
std::string clean_utf8(std::string_view s) { return valid_utf8(s) ? std::string(s) : u32_to_utf8(utf8_to_u32(s)); }

std::string truncate(const std::string& s, int max_width) {
  if (display_width(s) <= max_width) return s;
  std::string out;
  int w = 0;
  for (char32_t c : utf8_to_u32(s)) {
    std::string ch;
    append_utf8(ch, c);
    int cw = display_width(ch);
    if (w + cw > max_width - 1) break;
    out += ch;
    w += cw;
  }
  return out + "…";
}

}  // namespace

OutputFormat parse_format(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (n == "table") return OutputFormat::Table;
  if (n == "tsv") return OutputFormat::Tsv;
  if (n == "json") return OutputFormat::Json;
  throw UsageError("unknown output format '" + std::string(name) + "'; expected table, tsv or json");
}

std::string json_quote(std::string_view s) { return json::quote(clean_utf8(s)); }

std::string render(const Table& t, OutputFormat format) {
  const size_t ncol = t.columns.size();
  auto cell = [&](const std::vector<std::string>& row, size_t i) -> std::string {
    return i < row.size() ? row[i] : std::string();
  };
  std::string out;
  switch (format) {
    case OutputFormat::Tsv: {
      for (size_t i = 0; i < ncol; ++i) out += (i ? "\t" : "") + flatten(clean_utf8(t.columns[i]));
      out += "\n";
      for (const auto& row : t.rows) {
        for (size_t i = 0; i < ncol; ++i) out += (i ? "\t" : "") + flatten(clean_utf8(cell(row, i)));
        out += "\n";
      }
      return out;
    }
    case OutputFormat::Json: {
      if (t.rows.empty()) return "[]\n";
      out += "[\n";
      for (size_t r = 0; r < t.rows.size(); ++r) {
        out += "  {";
        for (size_t i = 0; i < ncol; ++i) {
          if (i) out += ", ";
          out += json_quote(t.columns[i]) + ": " + json_quote(cell(t.rows[r], i));
        }
        out += r + 1 < t.rows.size() ? "},\n" : "}\n";
      }
      out += "]\n";
      return out;
    }
    case OutputFormat::Table: {
      std::vector<std::vector<std::string>> cells;
      cells.reserve(t.rows.size() + 1);
      auto prepare = [&](const std::vector<std::string>& row) {
        std::vector<std::string> c(ncol);
        for (size_t i = 0; i < ncol; ++i) {
          c[i] = flatten(clean_utf8(cell(row, i)));
          if (i + 1 < ncol) c[i] = truncate(c[i], kMaxCell);
        }
        return c;
      };
      cells.push_back(prepare(t.columns));
      for (const auto& row : t.rows) cells.push_back(prepare(row));
      std::vector<int> width(ncol, 0);
      for (const auto& c : cells)
        for (size_t i = 0; i < ncol; ++i) width[i] = std::max(width[i], display_width(c[i]));
      auto line = [&](const std::vector<std::string>& c) {
        std::string l;
        for (size_t i = 0; i < ncol; ++i) {
          if (i) l += "  ";
          l += c[i];
          if (i + 1 < ncol) l.append(static_cast<size_t>(width[i] - display_width(c[i])), ' ');
        }
        while (!l.empty() && l.back() == ' ') l.pop_back();
        return l + "\n";
      };
      if (ncol > 0) {
        out += line(cells[0]);
        std::vector<std::string> rule(ncol);
        for (size_t i = 0; i < ncol; ++i) rule[i] = std::string(static_cast<size_t>(width[i]), '-');
        out += line(rule);
        for (size_t r = 1; r < cells.size(); ++r) out += line(cells[r]);
      }
      if (!t.note.empty()) {
        std::string note = clean_utf8(t.note);
        out += note;
        if (note.back() != '\n') out += "\n";
      }
      return out;
    }
  }
  return out;
}

}  // namespace kg::queries
