// Checks the shipped data files owned by the lexicon: data/entities.tsv (format, order, uniqueness of every
// spelling after kg::fold_key) and the sample corpus data/sample/ (articles and the gold fact table).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/text.h"
#include "base/unicode.h"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t pos = s.find(sep, start);
    out.push_back(s.substr(start, pos - start));
    if (pos == std::string::npos) return out;
    start = pos + 1;
  }
}

// Lines without their '\n'; a final newline does not produce an empty last line.
std::vector<std::string> lines_of(const std::string& content) {
  std::vector<std::string> lines = split(content, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

bool padded(const std::string& s) {
  return !s.empty() && (s.front() == ' ' || s.back() == ' ' || s.front() == '\t' || s.back() == '\t');
}

struct Row {
  int line = 0;  // 1-based line number in the file
  std::string name, type;
  std::vector<std::string> aliases;
};

struct Lexicon {
  std::string content;
  std::vector<std::string> header;  // leading comment lines
  std::vector<Row> rows;
  std::vector<std::string> problems;  // structural problems found while parsing (line: what)
};

const std::string kLexiconPath = std::string(KG_DATA_DIR) + "/entities.tsv";
const std::string kSampleDir = std::string(KG_DATA_DIR) + "/sample";
const std::string kGoldFile = std::string(KG_DATA_DIR) + "/sample_gold/gold.tsv";

const Lexicon& lexicon() {
  static const Lexicon lex = [] {
    Lexicon l;
    l.content = read_file(kLexiconPath);
    std::vector<std::string> lines = lines_of(l.content);
    size_t i = 0;
    while (i < lines.size() && !lines[i].empty() && lines[i][0] == '#') l.header.push_back(lines[i++]);
    for (; i < lines.size(); ++i) {
      const std::string& line = lines[i];
      const int no = static_cast<int>(i) + 1;
      if (line.empty() || line[0] == '#') {
        l.problems.push_back(std::to_string(no) + ": blank or comment line after the first row");
        continue;
      }
      std::vector<std::string> f = split(line, '\t');
      if (f.size() != 3) {
        l.problems.push_back(std::to_string(no) + ": " + std::to_string(f.size()) + " tab-separated fields, want 3");
        continue;
      }
      Row r;
      r.line = no;
      r.name = f[0];
      r.type = f[1];
      if (!f[2].empty()) r.aliases = split(f[2], '|');
      l.rows.push_back(std::move(r));
    }
    return l;
  }();
  return lex;
}

// fold_key(spelling) -> canonical names that claim it (name or alias).
std::map<std::string, std::set<std::string>> claims() {
  std::map<std::string, std::set<std::string>> m;
  for (const Row& r : lexicon().rows) {
    m[kg::fold_key(r.name)].insert(r.name);
    for (const std::string& a : r.aliases) m[kg::fold_key(a)].insert(r.name);
  }
  return m;
}

const Row* find_row(const std::string& name) {
  for (const Row& r : lexicon().rows)
    if (r.name == name) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("The entity lexicon opens with the File, Format and Source comment lines", "[data]") {
  const auto& h = lexicon().header;
  REQUIRE(h.size() >= 3);
  CHECK(h[0] == "# File: data/entities.tsv");
  CHECK(h[1].rfind("# Format: name<TAB>type<TAB>aliases", 0) == 0);
  bool source = std::any_of(h.begin(), h.end(), [](const std::string& l) { return l.rfind("# Source: ", 0) == 0; });
  CHECK(source);
}

TEST_CASE("The entity lexicon is valid UTF-8 with Unix line ends", "[data]") {
  const std::string& c = lexicon().content;
  CHECK(kg::valid_utf8(c));
  CHECK(c.find('\r') == std::string::npos);
  REQUIRE(!c.empty());
  CHECK(c.back() == '\n');
  CHECK(c.rfind("\xEF\xBB\xBF", 0) != 0);  // no byte-order mark
}

TEST_CASE("Every lexicon row has a name, a valid type and three tab-separated fields", "[data]") {
  for (const std::string& p : lexicon().problems) FAIL_CHECK("entities.tsv:" << p);
  static const std::set<std::string> types = {"person", "organization", "product"};
  for (const Row& r : lexicon().rows) {
    INFO("entities.tsv:" << r.line << ": " << r.name);
    CHECK(!r.name.empty());
    CHECK(!padded(r.name));
    CHECK(r.name.find('|') == std::string::npos);
    CHECK(types.count(r.type) == 1);
  }
}

TEST_CASE("Lexicon rows are sorted by name in byte order and names are unique", "[data]") {
  const auto& rows = lexicon().rows;
  for (size_t i = 1; i < rows.size(); ++i) {
    INFO("entities.tsv:" << rows[i].line << ": \"" << rows[i - 1].name << "\" then \"" << rows[i].name << "\"");
    CHECK(rows[i - 1].name < rows[i].name);  // std::string compares bytes as unsigned char
  }
}

TEST_CASE("No lexicon alias is empty, padded or repeated within its row", "[data]") {
  for (const Row& r : lexicon().rows) {
    std::set<std::string> seen = {r.name};
    for (const std::string& a : r.aliases) {
      INFO("entities.tsv:" << r.line << ": " << r.name << " alias \"" << a << "\"");
      CHECK(!a.empty());
      CHECK(!padded(a));
      CHECK(!kg::fold_key(a).empty());
      CHECK(seen.insert(a).second);
    }
  }
}

TEST_CASE("No spelling in the lexicon is claimed by two entities after fold_key", "[data]") {
  int clashes = 0;
  for (const auto& [key, names] : claims()) {
    if (names.size() < 2) continue;
    std::string who;
    for (const std::string& n : names) who += (who.empty() ? "" : ", ") + n;
    FAIL_CHECK("spelling key \"" << key << "\" claimed by " << who);
    ++clashes;
  }
  CHECK(clashes == 0);
}

TEST_CASE("The lexicon covers several hundred entities of every type", "[data]") {
  std::map<std::string, int> per_type;
  for (const Row& r : lexicon().rows) ++per_type[r.type];
  CHECK(lexicon().rows.size() >= 350);
  CHECK(per_type["organization"] >= 200);
  CHECK(per_type["person"] >= 50);
  CHECK(per_type["product"] >= 30);
}

TEST_CASE("Well-known spellings in either script resolve to the intended entity", "[data]") {
  struct Case {
    const char* spelling;
    const char* name;
    const char* type;
  };
  static const Case cases[] = {
      {"微軟", "Microsoft", "organization"},
      {"MSFT", "Microsoft", "organization"},
      {"谷歌", "Google", "organization"},
      {"苹果公司", "Apple", "organization"},
      {"輝達", "Nvidia", "organization"},
      {"領英", "LinkedIn", "organization"},
      {"台積電", "TSMC", "organization"},
      {"騰訊", "Tencent", "organization"},
      {"腾讯投资", "Tencent Investment", "organization"},
      {"紅杉資本", "Sequoia Capital", "organization"},
      {"红杉中国", "HongShan", "organization"},
      {"a16z", "Andreessen Horowitz", "organization"},
      {"科斯拉风投", "Khosla Ventures", "organization"},
      {"YC", "Y Combinator", "organization"},
      {"软银愿景基金", "SoftBank Vision Fund", "organization"},
      {"里德·霍夫曼基金会", "Reid Hoffman Foundation", "organization"},
      {"奥特曼", "Sam Altman", "person"},
      {"山姆 · 奧特曼", "Sam Altman", "person"},  // spaces and middle dot are ignored by fold_key
      {"馬斯克", "Elon Musk", "person"},
      {"彼得·蒂尔", "Peter Thiel", "person"},
      {"保羅·格雷厄姆", "Paul Graham", "person"},
      {"納德拉", "Satya Nadella", "person"},
      {"比爾·蓋茨", "Bill Gates", "person"},
      {"黃仁勳", "Jensen Huang", "person"},
      {"必应", "Bing", "product"},
      {"DALL・E 2", "DALL-E", "product"},
      {"chatgpt", "ChatGPT", "product"},
  };
  const auto m = claims();
  for (const Case& c : cases) {
    INFO("spelling \"" << c.spelling << "\"");
    auto it = m.find(kg::fold_key(c.spelling));
    REQUIRE(it != m.end());
    REQUIRE(it->second.size() == 1);
    CHECK(*it->second.begin() == c.name);
    const Row* r = find_row(c.name);
    REQUIRE(r != nullptr);
    CHECK(r->type == c.type);
  }
}

TEST_CASE("Ordinary words and lone surnames are not lexicon spellings", "[data]") {
  static const char* words[] = {"苹果", "蘋果", "联想", "美的", "理想", "平安", "吉利", "地平线", "菜鸟", "字节",
                                "红杉", "经纬", "马",   "李",   "王",   "佩奇", "X",    "Benchmark", "Office"};
  const auto m = claims();
  for (const char* w : words) {
    INFO("word \"" << w << "\"");
    CHECK(m.count(kg::fold_key(w)) == 0);
  }
}

// ---- data/sample ---------------------------------------------------------------------------------

namespace {

std::vector<std::string> sample_articles() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(kSampleDir))
    if (e.is_regular_file() && e.path().extension() == ".txt") files.push_back(e.path().filename().string());
  std::sort(files.begin(), files.end());
  return files;
}

struct GoldRow {
  int line = 0;
  std::vector<std::string> f;  // doc subject predicate object amount currency year month
};

std::vector<GoldRow> gold_rows(std::string* header) {
  std::vector<std::string> lines = lines_of(read_file(kGoldFile));
  REQUIRE(!lines.empty());
  *header = lines[0];
  std::vector<GoldRow> rows;
  for (size_t i = 1; i < lines.size(); ++i) rows.push_back({static_cast<int>(i) + 1, split(lines[i], '\t')});
  return rows;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

TEST_CASE("The sample corpus has five or six valid UTF-8 articles of 8 to 25 lines", "[data]") {
  const auto files = sample_articles();
  CHECK(files.size() >= 5);
  CHECK(files.size() <= 6);
  // A date as the first line: 2023年2月8日, 發布時間：2023-09-05, 2024-03-12 ...
  static const std::regex date(R"((19|20)[0-9]{2}(年[0-9]{1,2}月[0-9]{1,2}日|-[0-9]{2}-[0-9]{2}))");
  int dated = 0;
  for (const std::string& f : files) {
    INFO("data/sample/" << f);
    const std::string content = read_file(kSampleDir + "/" + f);
    CHECK(kg::valid_utf8(content));
    const auto lines = lines_of(content);
    CHECK(lines.size() >= 8);
    CHECK(lines.size() <= 25);
    if (!lines.empty() && std::regex_search(lines[0], date)) ++dated;
  }
  CHECK(dated >= 3);
}

TEST_CASE("The sample gold table has the documented header and well-formed rows", "[data]") {
  std::string header;
  const auto rows = gold_rows(&header);
  CHECK(header == "doc\tsubject\tpredicate\tobject\tamount\tcurrency\tyear\tmonth");
  CHECK(rows.size() >= 20);
  const auto files = sample_articles();
  static const std::set<std::string> predicates = {"invested", "acquired", "founded"};
  static const std::set<std::string> currencies = {"", "CNY", "USD", "EUR", "GBP", "HKD", "JPY", "TWD"};
  std::set<std::string> docs_with_facts;
  for (const GoldRow& r : rows) {
    INFO("gold.tsv:" << r.line);
    REQUIRE(r.f.size() == 8);
    CHECK(std::find(files.begin(), files.end(), r.f[0]) != files.end());
    docs_with_facts.insert(r.f[0]);
    CHECK(!r.f[1].empty());
    CHECK(predicates.count(r.f[2]) == 1);
    CHECK(!r.f[3].empty());
    CHECK(r.f[1] != r.f[3]);
    if (!r.f[4].empty()) {
      CHECK(all_digits(r.f[4]));
      CHECK(!r.f[5].empty());  // an amount always has a currency
    }
    CHECK(currencies.count(r.f[5]) == 1);
    if (!r.f[6].empty()) {
      CHECK(all_digits(r.f[6]));
      CHECK(r.f[6].size() == 4);
    }
    if (!r.f[7].empty()) {
      CHECK(all_digits(r.f[7]));
      CHECK(r.f[6] != "");  // a month needs a year
      int m = all_digits(r.f[7]) ? std::stoi(r.f[7]) : 0;
      CHECK((m >= 1 && m <= 12));
    }
  }
  CHECK(docs_with_facts.size() == files.size());  // every article states at least one fact
}

TEST_CASE("Every gold fact's parties are mentioned in its article by name or lexicon alias", "[data]") {
  std::string header;
  const auto rows = gold_rows(&header);
  std::map<std::string, std::string> folded_docs;  // doc -> fold_key(whole text)
  for (const GoldRow& r : rows) {
    REQUIRE(r.f.size() == 8);
    auto [it, fresh] = folded_docs.try_emplace(r.f[0]);
    if (fresh) it->second = kg::fold_key(read_file(kSampleDir + "/" + r.f[0]));
    for (const std::string& party : {r.f[1], r.f[3]}) {
      INFO("gold.tsv:" << r.line << ": \"" << party << "\" in " << r.f[0]);
      std::vector<std::string> spellings = {party};
      if (const Row* lex = find_row(party)) spellings.insert(spellings.end(), lex->aliases.begin(), lex->aliases.end());
      bool found = std::any_of(spellings.begin(), spellings.end(), [&](const std::string& s) {
        return it->second.find(kg::fold_key(s)) != std::string::npos;
      });
      CHECK(found);
    }
  }
}

TEST_CASE("Gold parties written in Latin letters are lexicon entities", "[data]") {
  // Invented companies in the samples are Chinese names found by suffix; any English name in the gold table must be
  // a canonical lexicon name, so a typo (e.g. "Khosla Venture") cannot slip in.
  std::string header;
  for (const GoldRow& r : gold_rows(&header)) {
    REQUIRE(r.f.size() == 8);
    for (const std::string& party : {r.f[1], r.f[3]}) {
      bool latin = std::any_of(party.begin(), party.end(), [](char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; });
      if (!latin) continue;
      INFO("gold.tsv:" << r.line << ": \"" << party << "\"");
      CHECK(find_row(party) != nullptr);
    }
  }
}
