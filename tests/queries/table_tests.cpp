// Tests for kg::queries::Table rendering: aligned table, TSV, JSON, and format names.
#include <catch2/catch.hpp>

#include <sstream>

#include "base/error.h"
#include "base/unicode.h"
#include "queries/table.h"
#include "tests/queries/fixture.h"

using kg::queries::OutputFormat;
using kg::queries::parse_format;
using kg::queries::render;
using kg::queries::Table;

namespace {
std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string l;
  while (std::getline(in, l)) out.push_back(l);
  return out;
}
}  // namespace

TEST_CASE("format names parse case-insensitively and a bad one is a usage error naming it", "[queries]") {
  struct Case {
    const char* name;
    std::optional<OutputFormat> format;
  };
  const std::vector<Case> cases = {{"table", OutputFormat::Table}, {"TSV", OutputFormat::Tsv},
                                   {"json", OutputFormat::Json},   {"Json", OutputFormat::Json},
                                   {"xml", std::nullopt},          {"", std::nullopt},
                                   {"tsv ", std::nullopt}};
  for (const auto& c : cases) {
    INFO(c.name);
    if (c.format) {
      CHECK(parse_format(c.name) == *c.format);
    } else {
      try {
        parse_format(c.name);
        FAIL("accepted");
      } catch (const kg::UsageError& e) {
        CHECK(std::string(e.what()).find("'" + std::string(c.name) + "'") != std::string::npos);
      }
    }
  }
}

TEST_CASE("TSV has a header line and one line per row, with tabs and newlines in cells made spaces", "[queries]") {
  Table t{{"investor", "sentence"}, {{"Microsoft", "a\tb\nc\rd"}, {"微软", "普通句子"}}, "a note"};
  std::string tsv = render(t, OutputFormat::Tsv);
  CHECK(tsv == "investor\tsentence\nMicrosoft\ta b c d\n微软\t普通句子\n");
  // short rows are padded with empty cells
  Table shortrow{{"a", "b", "c"}, {{"x"}}, ""};
  CHECK(render(shortrow, OutputFormat::Tsv) == "a\tb\tc\nx\t\t\n");
}

TEST_CASE("JSON is an array of objects keyed by column with escaping and UTF-8 kept", "[queries]") {
  Table t{{"investor", "sentence"},
          {{"Microsoft", "quote \" backslash \\ newline\n tab\t ctrl\x01"}, {"微軟", "繁體 ✓"}},
          "note"};
  std::string json = render(t, OutputFormat::Json);
  CHECK(kgtest::valid_json(json));
  CHECK(json.find("\"investor\": \"微軟\"") != std::string::npos);
  CHECK(json.find("quote \\\" backslash \\\\ newline\\n tab\\t ctrl\\u0001") != std::string::npos);
  CHECK(render(Table{{"a"}, {}, ""}, OutputFormat::Json) == "[]\n");
  // invalid UTF-8 does not leak into the JSON
  Table bad{{"a"}, {{std::string("x\xff" "y")}}, ""};
  std::string bj = render(bad, OutputFormat::Json);
  CHECK(kgtest::valid_json(bj));
  CHECK(bj.find("x\xEF\xBF\xBDy") != std::string::npos);
}

TEST_CASE("the terminal table aligns columns by display width, including wide CJK characters", "[queries]") {
  Table t{{"investor", "year", "sentence"},
          {{"微软", "2019", "第一句"}, {"Y Combinator", "2016", "second"}, {"启明资本", "", "third"}},
          "3 rows"};
  auto ls = lines(render(t, OutputFormat::Table));
  REQUIRE(ls.size() == 6);  // header, rule, 3 rows, note
  CHECK(ls[1].find_first_not_of("- ") == std::string::npos);
  CHECK(ls[5] == "3 rows");
  // the second column starts at the same display column on every line
  auto col2 = [](const std::string& line, const std::string& cell) {
    return kg::display_width(line.substr(0, line.find(cell)));
  };
  int start = col2(ls[0], "year");
  CHECK(start == kg::display_width("Y Combinator") + 2);
  CHECK(col2(ls[2], "2019") == start);
  CHECK(col2(ls[3], "2016") == start);
  // the third column too (an empty year cell still takes its width)
  int third = col2(ls[0], "sentence");
  CHECK(col2(ls[2], "第一句") == third);
  CHECK(col2(ls[4], "third") == third);
  for (const auto& l : ls) CHECK((l.empty() || l.back() != ' '));
}

TEST_CASE("long cells are cut to 60 columns with an ellipsis, except in the last column", "[queries]") {
  std::string long_latin(100, 'x');
  std::string long_cjk;
  for (int i = 0; i < 50; ++i) long_cjk += "投";
  Table t{{"a", "b", "last"}, {{long_latin, long_cjk, long_latin}}, ""};
  auto ls = lines(render(t, OutputFormat::Table));
  REQUIRE(ls.size() == 3);
  const std::string& row = ls[2];
  CHECK(row.find(std::string(59, 'x') + "…") == 0);
  CHECK(row.find(std::string(60, 'x') + "…") == std::string::npos);
  size_t b = row.find("投");
  REQUIRE(b != std::string::npos);
  std::string bcell = row.substr(b, row.find("…", b) - b + std::string("…").size());
  CHECK(kg::display_width(bcell) <= 60);
  CHECK(kg::display_width(bcell) >= 59);
  CHECK(row.size() >= long_latin.size());
  CHECK(row.substr(row.size() - 100) == long_latin);  // last column kept whole
}
