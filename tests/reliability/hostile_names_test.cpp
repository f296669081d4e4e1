// Hostile entity names (quotes, an SQL injection attempt, RTL marks, emoji, XML/DOT/CSV metacharacters, NUL
// bytes) entered through --lexicon files, `kg alias add` and documents, then read back through every query
// command and every export format, each output checked by a small parser for its format.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <set>

#include "tests/reliability/harness.h"

using namespace kg_rel;
using namespace std::string_literals;

namespace {

// ---- minimal format checkers: each returns false on malformed input and collects the decoded strings ----

void append_utf8(std::string& out, uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

struct Json {
  const std::string& s;
  size_t i = 0;
  std::vector<std::string> strings;
  explicit Json(const std::string& text) : s(text) {}
  void ws() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) ++i;
  }
  bool lit(const char* w) {
    size_t n = std::char_traits<char>::length(w);
    if (s.compare(i, n, w) != 0) return false;
    i += n;
    return true;
  }
  bool hex4(uint32_t& v) {
    if (i + 4 > s.size()) return false;
    v = static_cast<uint32_t>(std::stoul(s.substr(i, 4), nullptr, 16));
    i += 4;
    return true;
  }
  bool str() {
    if (s[i] != '"') return false;
    ++i;
    std::string out;
    while (i < s.size() && s[i] != '"') {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c < 0x20) return false;  // raw control characters are not allowed in JSON strings
      if (c != '\\') {
        out += s[i++];
        continue;
      }
      if (++i >= s.size()) return false;
      char e = s[i++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          uint32_t v;
          if (!hex4(v)) return false;
          if (v >= 0xD800 && v < 0xDC00) {
            uint32_t lo;
            if (!lit("\\u") || !hex4(lo)) return false;
            v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
          }
          append_utf8(out, v);
          break;
        }
        default: return false;
      }
    }
    if (i >= s.size()) return false;
    ++i;
    strings.push_back(out);
    return true;
  }
  bool value() {
    ws();
    if (i >= s.size()) return false;
    char c = s[i];
    if (c == '{' || c == '[') {
      char close = c == '{' ? '}' : ']';
      ++i;
      ws();
      if (i < s.size() && s[i] == close) return ++i, true;
      while (true) {
        if (c == '{') {
          ws();
          if (i >= s.size() || !str()) return false;
          ws();
          if (i >= s.size() || s[i++] != ':') return false;
        }
        if (!value()) return false;
        ws();
        if (i >= s.size()) return false;
        if (s[i] == ',') { ++i; continue; }
        if (s[i] == close) return ++i, true;
        return false;
      }
    }
    if (c == '"') return str();
    if (lit("true") || lit("false") || lit("null")) return true;
    size_t start = i;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || std::strchr("+-.eE", s[i]))) ++i;
    return i > start;
  }
  bool parse() {
    if (!value()) return false;
    ws();
    return i == s.size();
  }
};

// Decodes XML character references; false on a bare '&' or '<'.
bool xml_text(const std::string& raw, std::string& out) {
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '<') return false;
    if (raw[i] != '&') {
      out += raw[i];
      continue;
    }
    size_t semi = raw.find(';', i);
    if (semi == std::string::npos) return false;
    std::string ent = raw.substr(i + 1, semi - i - 1);
    if (ent == "amp") out += '&';
    else if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent == "quot") out += '"';
    else if (ent == "apos") out += '\'';
    else if (ent.size() > 1 && ent[0] == '#')
      append_utf8(out, static_cast<uint32_t>(ent[1] == 'x' ? std::stoul(ent.substr(2), nullptr, 16)
                                                           : std::stoul(ent.substr(1))));
    else return false;
    i = semi;
  }
  return true;
}

// GraphML: tags balance, attribute values are quoted and escaped, text decodes; collects all text and values.
bool xml_check(const std::string& s, std::vector<std::string>& strings) {
  std::vector<std::string> stack;
  size_t i = 0;
  while (i < s.size()) {
    size_t lt = s.find('<', i);
    std::string text;
    if (!xml_text(s.substr(i, (lt == std::string::npos ? s.size() : lt) - i), text)) return false;
    if (!text.empty()) strings.push_back(text);
    if (lt == std::string::npos) break;
    if (s.compare(lt, 2, "<?") == 0 || s.compare(lt, 4, "<!--") == 0) {
      size_t end = s.find(s[lt + 1] == '?' ? "?>" : "-->", lt);
      if (end == std::string::npos) return false;
      i = end + 2;
      continue;
    }
    // Scan the tag, honouring quoted attribute values.
    size_t j = lt + 1;
    char quote = 0;
    std::string tag;
    for (; j < s.size(); ++j) {
      if (quote) {
        if (s[j] == quote) {
          std::string v;
          if (!xml_text(tag.substr(tag.rfind(quote) + 1), v)) return false;
          strings.push_back(v);
          quote = 0;
        } else if (s[j] == '<') {
          return false;
        }
      } else if (s[j] == '"' || s[j] == '\'') {
        quote = s[j];
      } else if (s[j] == '>') {
        break;
      }
      tag += s[j];
    }
    if (j >= s.size()) return false;
    std::string name = tag.substr(tag[0] == '/' ? 1 : 0);
    name = name.substr(0, name.find_first_of(" \t\n/"));
    if (tag[0] == '/') {
      if (stack.empty() || stack.back() != name) return false;
      stack.pop_back();
    } else if (tag.back() != '/') {
      stack.push_back(name);
    }
    i = j + 1;
  }
  return stack.empty();
}

// DOT: every double-quoted string terminates; braces balance outside strings; collects decoded strings.
bool dot_check(const std::string& s, std::vector<std::string>& strings) {
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '{') ++depth;
    else if (s[i] == '}') --depth;
    else if (s[i] == '\0') return false;
    else if (s[i] == '"') {
      std::string out;
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
          ++i;
          out += s[i] == 'n' ? '\n' : s[i];
        } else {
          out += s[i];
        }
      }
      if (i >= s.size()) return false;
      strings.push_back(out);
    }
    if (depth < 0) return false;
  }
  return depth == 0;
}

// CSV (RFC 4180): every record has the header's field count; collects all fields.
bool csv_check(const std::string& s, std::vector<std::string>& strings) {
  std::vector<std::vector<std::string>> records(1);
  std::string field;
  size_t i = 0;
  bool quoted = false;
  while (i < s.size()) {
    char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') { field += '"'; i += 2; continue; }
      if (c == '"') { quoted = false; ++i; continue; }
      field += c;
      ++i;
      continue;
    }
    if (c == '"' && field.empty()) { quoted = true; ++i; continue; }
    if (c == '"') return false;  // a quote inside an unquoted field
    if (c == ',') { records.back().push_back(field); field.clear(); ++i; continue; }
    if (c == '\n' || c == '\r') {
      records.back().push_back(field);
      field.clear();
      records.emplace_back();
      i += (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    field += c;
    ++i;
  }
  if (quoted) return false;
  if (!field.empty()) records.back().push_back(field);
  if (records.back().empty()) records.pop_back();
  if (records.empty()) return false;
  for (const auto& r : records) {
    if (r.size() != records[0].size()) return false;
    strings.insert(strings.end(), r.begin(), r.end());
  }
  return true;
}

// N-Triples: <iri> <iri> (<iri> | "literal"[^^<iri>|@lang]) . per line; collects decoded literals.
bool nt_check(const std::string& s, std::vector<std::string>& strings) {
  for (const auto& line : lines_of(s)) {
    if (line.empty() || line[0] == '#') continue;
    size_t i = 0;
    auto iri = [&]() {
      if (i >= line.size() || line[i] != '<') return false;
      for (++i; i < line.size() && line[i] != '>'; ++i) {
        unsigned char c = static_cast<unsigned char>(line[i]);
        if (c <= 0x20 || std::strchr("<\"{}|^`\\", c)) return false;
      }
      if (i >= line.size()) return false;
      ++i;
      return true;
    };
    auto space = [&]() {
      if (i >= line.size() || line[i] != ' ') return false;
      while (i < line.size() && line[i] == ' ') ++i;
      return true;
    };
    if (!iri() || !space() || !iri() || !space()) return false;
    if (i < line.size() && line[i] == '"') {
      std::string out;
      for (++i; i < line.size() && line[i] != '"'; ++i) {
        unsigned char c = static_cast<unsigned char>(line[i]);
        if (c == '\n' || c == '\r') return false;
        if (c != '\\') { out += line[i]; continue; }
        char e = line[++i];
        if (e == 'u' || e == 'U') {
          int n = e == 'u' ? 4 : 8;
          append_utf8(out, static_cast<uint32_t>(std::stoul(line.substr(i + 1, n), nullptr, 16)));
          i += n;
        } else {
          out += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
        }
      }
      if (i >= line.size()) return false;
      ++i;
      strings.push_back(out);
      if (line.compare(i, 2, "^^") == 0) {
        i += 2;
        if (!iri()) return false;
      } else if (i < line.size() && line[i] == '@') {
        while (i < line.size() && line[i] != ' ') ++i;
      }
    } else if (!iri()) {
      return false;
    }
    if (line.substr(i) != " .") return false;
  }
  return true;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

struct Hostile {
  std::string label, name, surface;  // surface: how the name is written in the test article (Chinese)
};

// Names that must survive storage, queries and every export unchanged.
const std::vector<Hostile> kHostile = {
    {"quotes", "O'Brien \"Quoted\" Capital", "青木资本"},
    {"sql injection", "'; DROP TABLE facts; --", "紫竹创投"},
    {"right-to-left marks", "\u202Eنور\u202C Ventures \u200F", "银杏基金"},
    {"emoji", "🦄 Unicorn Fund 🚀 👨‍👩‍👧", "梧桐资本"},
    {"markup characters", "A&B <Partners> \\ {Co} | `x` ^y", "枫叶投资"},
};

std::string hostile_article() {
  std::string s = "多家机构押注蓝鲸智能\n";
  int month = 1;
  for (const auto& h : kHostile)
    s += "2022年" + std::to_string(month++) + "月，" + h.surface + "向蓝鲸智能投资了1亿元人民币。\n";
  return s;
}

std::vector<std::string> tsv_cells(const std::string& tsv) {
  std::vector<std::string> cells;
  for (const auto& l : lines_of(tsv))
    for (const auto& c : split(l, '\t')) cells.push_back(c);
  return cells;
}

}  // namespace

TEST_CASE("Hostile entity names from a lexicon survive storage, every query command and every export format",
          "[reliability][hostile]") {
  TempDir tmp;
  std::string lexicon = tmp.file("hostile_lexicon.tsv");
  {
    std::string lx = "# hostile names for the reliability test\n";
    for (const auto& h : kHostile) lx += h.name + "\torganization\t" + h.surface + "\n";
    write_all(lexicon, lx);
  }
  std::string article = tmp.file("article.txt");
  write_all(article, hostile_article());
  std::string db = tmp.db();
  Run base = kg_db(db, {"ingest", kSample}, tmp.path());
  REQUIRE(base.exit.code == 0);
  const int64_t facts_before = sql_int(db, "SELECT count(*) FROM facts");

  Run in = kg({"--db", db, "--lexicon", lexicon, "ingest", article}, tmp.path());
  INFO(in.cmdline << "\nstdout: " << in.out << "stderr: " << in.err);
  REQUIRE(in.exit.code == 0);
  CHECK(sql_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'facts'") == 1);
  CHECK(sql_int(db, "SELECT count(*) FROM facts") == facts_before + static_cast<int64_t>(kHostile.size()));

  Run facts = kg_db(db, {"facts", "--format", "tsv"}, tmp.path());
  REQUIRE(facts.exit.code == 0);
  for (const auto& l : lines_of(facts.out)) CHECK(split(l, '\t').size() == 8);
  Run investors = kg_db(db, {"investors", "蓝鲸智能", "--format", "tsv"}, tmp.path());
  Run question = kg_db(db, {"query", "who funded 蓝鲸智能", "--format", "json"}, tmp.path());
  REQUIRE(investors.exit.code == 0);
  REQUIRE(question.exit.code == 0);
  Json qj(question.out);
  REQUIRE(qj.parse());

  struct Export {
    std::string format;
    std::function<bool(const std::string&, std::vector<std::string>&)> check;
  };
  std::map<std::string, std::vector<std::string>> exported;
  for (const Export& e : std::vector<Export>{
           {"json", [](const std::string& s, std::vector<std::string>& v) {
              Json j(s);
              bool ok = j.parse();
              v = j.strings;
              return ok;
            }},
           {"graphml", xml_check},
           {"dot", dot_check},
           {"ntriples", nt_check}}) {
    Run r = kg_db(db, {"export", "--format", e.format}, tmp.path());
    INFO("export " << e.format << ": " << r.err);
    REQUIRE(r.exit.code == 0);
    CHECK(e.check(r.out, exported[e.format]));
  }
  {
    std::string dir = tmp.file("csv");
    Run r = kg_db(db, {"export", "--format", "csv", "--output", dir}, tmp.path());
    REQUIRE(r.exit.code == 0);
    for (const char* f : {"/nodes.csv", "/relationships.csv"}) {
      INFO(f);
      CHECK(csv_check(read_all(dir + f), exported["csv"]));
    }
  }

  for (const auto& h : kHostile) {
    DYNAMIC_SECTION(h.label) {
      INFO("name: " << h.name);
      CHECK(contains(tsv_cells(facts.out), h.name));
      CHECK(contains(tsv_cells(investors.out), h.name));
      CHECK(contains(qj.strings, h.name));
      for (const auto& [format, strings] : exported) {
        INFO("export --format " << format);
        CHECK(contains(strings, h.name));
      }
      Run show = kg_db(db, {"show", h.name}, tmp.path());
      INFO(show.cmdline << "\nstderr: " << show.err);
      CHECK(show.exit.code == 0);
      CHECK(has(show.out, "蓝鲸智能"));
      Run portfolio = kg_db(db, {"portfolio", h.name, "--format", "tsv"}, tmp.path());
      CHECK(portfolio.exit.code == 0);
      CHECK(contains(tsv_cells(portfolio.out), "蓝鲸智能"));
      // A question naming it: answered, or refused on one line (quotes at the ends are question delimiters).
      Run q = kg_db(db, {"query", "what did " + h.name + " invest in", "--format", "tsv"}, tmp.path());
      INFO(q.cmdline << "\nstdout: " << q.out << "stderr: " << q.err);
      CHECK(q.exit.signal == 0);
      if (q.exit.code == 0) CHECK(contains(tsv_cells(q.out), "蓝鲸智能"));
      else CHECK(one_error_line(q.err));

      // An alias added on the command line resolves to the same entity, and changes no fact.
      std::string before = kg_db(db, {"facts", "--format", "tsv"}, tmp.path()).out;
      std::string alias = h.name + " (alias)";
      Run add = kg_db(db, {"alias", "add", h.name, alias}, tmp.path());
      INFO(add.cmdline << "\nstderr: " << add.err);
      CHECK(add.exit.code == 0);
      Run via_alias = kg_db(db, {"portfolio", alias, "--format", "tsv"}, tmp.path());
      CHECK(via_alias.out == portfolio.out);
      CHECK(kg_db(db, {"facts", "--format", "tsv"}, tmp.path()).out == before);
      CHECK(sql_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'facts'") == 1);
    }
  }
  CHECK(integrity_check(db) == "ok");
}

TEST_CASE("Names taught with alias add that contain quotes, SQL, RTL marks, emoji, tabs and newlines are stored "
          "as given or refused on one line, and never break the TSV output",
          "[reliability][hostile]") {
  TempDir tmp;
  std::string db = tmp.db();
  REQUIRE(kg_db(db, {"ingest", kSample}, tmp.path()).exit.code == 0);
  const std::string facts_before = kg_db(db, {"facts", "--format", "tsv"}, tmp.path()).out;
  std::vector<std::string> names;
  for (const auto& h : kHostile) names.push_back(h.name);
  names.push_back("Tab\tSeparated Capital");
  names.push_back("Line\nBreak Capital");
  names.push_back("Robert'); DELETE FROM entities WHERE ('1'='1");
  for (const auto& name : names) {
    DYNAMIC_SECTION("alias add OpenAI " << name) {
      Run add = kg_db(db, {"alias", "add", "OpenAI", name}, tmp.path());
      INFO(add.cmdline << "\nstdout: " << add.out << "stderr: " << add.err);
      CHECK(add.exit.signal == 0);
      if (add.exit.code == 0) {
        Run p = kg_db(db, {"investors", name, "--format", "tsv"}, tmp.path());
        INFO(p.err);
        CHECK(p.exit.code == 0);
        CHECK(p.out == kg_db(db, {"investors", "OpenAI", "--format", "tsv"}, tmp.path()).out);
      } else {
        CHECK(add.exit.code == 2);
        CHECK(one_error_line(add.err));
      }
      Run ents = kg_db(db, {"entities", "--format", "tsv"}, tmp.path());
      REQUIRE(ents.exit.code == 0);
      auto lines = lines_of(ents.out);
      for (const auto& l : lines) {
        INFO("entities line: " << l);
        CHECK(split(l, '\t').size() == 3);
      }
    }
  }
  CHECK(kg_db(db, {"facts", "--format", "tsv"}, tmp.path()).out == facts_before);
  CHECK(sql_int(db, "SELECT count(*) FROM entities") > 0);
  CHECK(integrity_check(db) == "ok");
}

// Was a bug (ingest/datafile.cpp read_data_file): a --lexicon name with a NUL byte was accepted, stored, and
// printed raw by kg facts, kg entities and kg export --format dot. Data lines with control characters are refused.
TEST_CASE("A NUL byte in a lexicon name or inside a document is refused on one line or kept out of every output",
          "[reliability][hostile]") {
  TempDir tmp;
  std::string db = tmp.db();
  REQUIRE(kg_db(db, {"ingest", kSample}, tmp.path()).exit.code == 0);
  const std::string before = snapshot(db, tmp.path());

  SECTION("in a --lexicon file") {
    std::string lexicon = tmp.file("nul_lexicon.tsv");
    write_all(lexicon, "# a name with a NUL byte\nNul\0Capital\torganization\t青木资本\n"s);
    std::string article = tmp.file("article.txt");
    write_all(article, "2022年3月，青木资本向蓝鲸智能投资了1亿元人民币。\n");
    Run r = kg({"--db", db, "--lexicon", lexicon, "ingest", article}, tmp.path());
    INFO(r.cmdline << "\nstdout: " << r.out << "stderr: " << r.err);
    CHECK(r.exit.signal == 0);
    if (r.exit.code == 2) {
      CHECK(one_error_line(r.err));
      CHECK(has(r.err, lexicon));
      CHECK(snapshot(db, tmp.path()) == before);
    } else {
      CHECK(r.exit.code == 0);
    }
  }
  SECTION("inside a document") {
    std::string article = tmp.file("nul_article.txt");
    write_all(article, "2022年3月，青木\0资本向蓝鲸智能投资了1亿元人民币。\n"s);
    Run r = kg_db(db, {"ingest", article}, tmp.path());
    INFO(r.cmdline << "\nstdout: " << r.out << "stderr: " << r.err);
    CHECK(r.exit.signal == 0);
    CHECK((r.exit.code == 0 || (r.exit.code == 2 && one_error_line(r.err))));
  }
  // Whatever got in, no output carries a raw NUL byte.
  for (const std::vector<std::string>& cmd : std::vector<std::vector<std::string>>{
           {"facts", "--format", "tsv", "--full"}, {"entities", "--format", "tsv"}, {"export", "--format", "dot"},
           {"export", "--format", "json"}, {"export", "--format", "graphml"}, {"export", "--format", "ntriples"}}) {
    Run r = kg_db(db, cmd, tmp.path());
    INFO(r.cmdline);
    CHECK(r.exit.code == 0);
    CHECK(r.out.find('\0') == std::string::npos);
  }
  CHECK(integrity_check(db) == "ok");
}
