// Tests for kg::queries exports: DOT (legend, labels, styles, cut note), GraphML and JSON well-formedness,
// Neo4j CSV headers and quoting, N-Triples lines and IRIs, determinism, render_dot.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <unistd.h>

#include "base/error.h"
#include "queries/export.h"
#include "tests/queries/fixture.h"

using namespace kg::queries;

namespace {

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string l;
  while (std::getline(in, l)) out.push_back(l);
  return out;
}

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

ExportOptions fmt(const std::string& f) {
  ExportOptions o;
  o.format = f;
  return o;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/kg-export-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

}  // namespace

TEST_CASE("short amounts use K/M/B for dollars and 万/亿 for yuan", "[queries]") {
  struct Case {
    double amount;
    const char* currency;
    bool approx;
    const char* expected;
  };
  const std::vector<Case> cases = {
      {1e9, "USD", false, "$1B"},      {4e8, "USD", false, "$400M"},    {1.5e9, "USD", false, "$1.5B"},
      {2.62e10, "USD", false, "$26.2B"}, {120000, "USD", false, "$120K"}, {2e8, "CNY", false, "¥2亿"},
      {5e7, "CNY", false, "¥5000万"},  {1.25e8, "CNY", false, "¥1.25亿"}, {2e7, "EUR", false, "€20M"},
      {3e8, "HKD", false, "HK$300M"},  {1e10, "JPY", false, "JP¥100亿"}, {1e9, "USD", true, "~$1B"},
      {1.2e9, "", false, "1.2B"},      {5e6, "CHF", false, "5M CHF"},   {950, "USD", false, "$950"},
  };
  for (const auto& c : cases) {
    INFO(c.amount << " " << c.currency);
    CHECK(short_amount(c.amount, c.currency, c.approx) == c.expected);
  }
}

TEST_CASE("the DOT export has typed nodes, labelled edges, dashed unfinished facts, a legend and CJK fonts",
          "[queries]") {
  auto g = kgtest::graph();
  std::string dot = export_graph(g, fmt("dot"));
  CHECK(dot.find("digraph kg {") != std::string::npos);
  CHECK(dot.find("rankdir=LR;") != std::string::npos);
  CHECK(count(dot, "fontname=\"Noto Sans CJK SC\"") >= 3);  // graph, node, edge
  CHECK(dot.find("subgraph cluster_legend") != std::string::npos);
  CHECK(dot.find("\"openai\" [label=\"OpenAI\", shape=box") != std::string::npos);
  CHECK(dot.find("\"samaltman\" [label=\"Sam Altman\", shape=ellipse") != std::string::npos);
  CHECK(dot.find("shape=note") != std::string::npos);  // the product
  CHECK(dot.find("\"microsoft\" -> \"openai\" [label=\"invested 2019 · $1B\"") != std::string::npos);
  CHECK(dot.find("\"google\" -> \"deepmind\" [label=\"acquired 2014 · $400M\"") != std::string::npos);
  CHECK(dot.find("[label=\"invested 2021 · ¥2亿 (round)\"") != std::string::npos);  // the round's total
  CHECK(dot.find("\"elonmusk\" -> \"openai\" [label=\"invested 2015 · $1B (round)\"") != std::string::npos);
  CHECK(dot.find("[label=\"invested 2023 · ~$1B\"") == std::string::npos);  // fact 8 has no point amount
  // planned fact: dashed, status in the label
  std::regex planned("\"启明资本\" -> \"星图医疗\" \\[label=\"invested 2024 \\(planned\\)\"[^\\n]*style=dashed");
  CHECK(std::regex_search(dot, planned));
  // denied facts are left out
  CHECK(dot.find("\"microsoft\" -> \"anthropic\"") == std::string::npos);
  // provenance: source count and first source on the edge
  CHECK(dot.find("tooltip=\"2 sources; first: news/doc1.txt: 示例：2019年微软向OpenAI注资10亿美元。\"") !=
        std::string::npos);
  // quotes and newlines in names and sentences are escaped
  CHECK(dot.find("label=\"Acme, \\\"Quoted\\\" Labs\"") != std::string::npos);
  for (const auto& l : lines(dot)) CHECK(l.find('\t') == std::string::npos);
}

TEST_CASE("a focused DOT export keeps the nearest entities and says what was cut", "[queries]") {
  auto g = kgtest::graph();
  ExportOptions o;
  o.focus = "openai";
  o.hops = 1;
  std::string all = export_graph(g, o);
  CHECK(all.find("penwidth=2.5") != std::string::npos);
  CHECK(all.find("\"linkedin\" [") == std::string::npos);  // two hops away
  CHECK(all.find("cut ") == std::string::npos);
  o.max_nodes = 3;
  std::string cut = export_graph(g, o);
  // OpenAI plus the first two one-hop neighbours by name: Elon Musk, Khosla Ventures
  CHECK(cut.find("\"openai\" [") != std::string::npos);
  CHECK(cut.find("\"elonmusk\" [") != std::string::npos);
  CHECK(cut.find("\"khoslaventures\" [") != std::string::npos);
  CHECK(cut.find("\"microsoft\" [") == std::string::npos);
  CHECK(cut.find("// cut 6 of 9 entities: kept the 3 nearest to OpenAI (max_nodes 3)") != std::string::npos);
  CHECK(count(cut, " -> ") == 2 + 4);  // two kept facts + four legend edges
}

TEST_CASE("GraphML export is well-formed with typed keys and provenance on edges", "[queries]") {
  auto g = kgtest::graph();
  std::string xml = export_graph(g, fmt("graphml"));
  std::vector<std::string> elements;
  CHECK(kgtest::xml_root(xml, &elements) == "graphml");
  CHECK(std::count(elements.begin(), elements.end(), "node") == 19);
  CHECK(std::count(elements.begin(), elements.end(), "edge") == 20);  // 21 facts, one denied
  for (const char* key : {"<key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>",
                          "<key id=\"type\" for=\"node\"", "<key id=\"predicate\" for=\"edge\"",
                          "<key id=\"year\" for=\"edge\" attr.name=\"year\" attr.type=\"int\"/>",
                          "<key id=\"amount\" for=\"edge\" attr.name=\"amount\" attr.type=\"double\"/>",
                          "<key id=\"currency\" for=\"edge\"", "<key id=\"status\" for=\"edge\"",
                          "<key id=\"sources\" for=\"edge\" attr.name=\"sources\" attr.type=\"int\"/>",
                          "<key id=\"first_source\" for=\"edge\""})
    CHECK(xml.find(key) != std::string::npos);
  CHECK(xml.find("<data key=\"first_source\">news/doc3.txt: Line one\nline &quot;two&quot;\twith tab, comma</data>") !=
        std::string::npos);
  CHECK(xml.find("<data key=\"name\">Acme, &quot;Quoted&quot; Labs</data>") != std::string::npos);
  // a broken document is noticed by the checker
  CHECK(kgtest::xml_root("<a><b></a></b>").empty());
  CHECK(kgtest::xml_root("<a>x & y</a>").empty());
}

TEST_CASE("JSON export is well-formed with nodes, edges and their sources", "[queries]") {
  auto g = kgtest::graph();
  std::string json = export_graph(g, fmt("json"));
  CHECK(kgtest::valid_json(json));
  CHECK(json.find("{\n  \"nodes\": [") == 0);
  CHECK(json.find("\"edges\": [") != std::string::npos);
  CHECK(count(json, "\"entity_id\": ") == 19);
  CHECK(count(json, "\"fact_id\": ") == 20);
  CHECK(json.find("\"source\": \"microsoft\", \"target\": \"openai\", \"predicate\": \"invested\", \"year\": 2019") !=
        std::string::npos);
  CHECK(json.find("\"amount\": 1000000000,") != std::string::npos);
  CHECK(json.find("\"sources\": 2, \"first_source\": {\"document\": \"news/doc1.txt\"") != std::string::npos);
  CHECK(json.find("\"sentence\": \"Line one\\nline \\\"two\\\"\\twith tab, comma\"") != std::string::npos);
  CHECK(kgtest::valid_json(export_graph(g, [] {
    ExportOptions o;
    o.format = "json";
    o.predicates = {"founded"};
    o.since = 2030;
    return o;
  }())));
  CHECK_FALSE(kgtest::valid_json("{\"a\": [1, 2,]}"));  // the checker is not a rubber stamp
}

TEST_CASE("CSV export follows the neo4j-admin layout with proper quoting", "[queries]") {
  auto g = kgtest::graph();
  TempDir tmp;
  export_csv(g, ExportOptions(), (tmp.path / "out").string());
  std::string nodes = read_file(tmp.path / "out" / "nodes.csv");
  std::string rels = read_file(tmp.path / "out" / "relationships.csv");
  auto nl = lines(nodes);
  auto rl = lines(rels);
  REQUIRE_FALSE(nl.empty());
  REQUIRE_FALSE(rl.empty());
  CHECK(nl[0] == "id:ID,name,type,:LABEL");
  CHECK(rl[0] == ":START_ID,:END_ID,:TYPE,year:int,amount:float,currency,status,sources:int,first_source");
  CHECK(nl.size() == 20);
  CHECK(rl.size() == 21);
  // fold keys keep commas, so even the id needs quoting here
  CHECK(nodes.find("\n\"acme,quotedlabs\",\"Acme, \"\"Quoted\"\" Labs\",product,Entity;Product\n") !=
        std::string::npos);
  CHECK(nodes.find("\nopenai,OpenAI,organization,Entity;Organization\n") != std::string::npos);
  CHECK(rels.find("\nmicrosoft,openai,INVESTED,2019,1000000000,USD,completed,2,news/doc1.txt: "
                  "示例：2019年微软向OpenAI注资10亿美元。\n") != std::string::npos);
  CHECK(rels.find("\nsamaltman,loopt,FOUNDED,,,,completed,1,") != std::string::npos);
  // newlines inside cells never split a record
  CHECK(rels.find("\"news/doc3.txt: Line one line \"\"two\"\" with tab, comma\"") != std::string::npos);
  // the single-string form holds the same two files
  CHECK(export_graph(g, fmt("csv")) == nodes + "\n" + rels);
}

TEST_CASE("N-Triples export has one triple a line with stable IRIs and escaped literals", "[queries]") {
  auto g = kgtest::graph();
  std::string nt = export_graph(g, fmt("ntriples"));
  CHECK(nt == export_graph(g, fmt("nt")));
  std::regex triple(
      R"re(^<[^<>"{}|^`\\ ]+> <[^<>"{}|^`\\ ]+> (<[^<>"{}|^`\\ ]+>|"([^"\\\n\r]|\\[tbnrf"'\\])*"(\^\^<[^<> ]+>)?) \.$)re");
  auto ls = lines(nt);
  CHECK(ls.size() > 100);
  for (const auto& l : ls) {
    INFO(l);
    CHECK(std::regex_match(l, triple));
  }
  CHECK(nt.find("<urn:kg:entity:microsoft> <urn:kg:rel:invested> <urn:kg:entity:openai> .\n") != std::string::npos);
  CHECK(nt.find("<urn:kg:entity:%E5%90%AF%E6%98%8E%E8%B5%84%E6%9C%AC> <http://www.w3.org/2000/01/rdf-schema#label> "
                "\"启明资本\" .\n") != std::string::npos);
  CHECK(nt.find("<urn:kg:fact:5> <urn:kg:prop:year> \"2019\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n") !=
        std::string::npos);
  CHECK(nt.find("<urn:kg:fact:5> <urn:kg:prop:sources> \"2\"") != std::string::npos);
  CHECK(nt.find("\"Line one\\nline \\\"two\\\"\\twith tab, comma\"") != std::string::npos);
}

TEST_CASE("exports are byte-identical for the same input, whatever the input order", "[queries]") {
  auto es = kgtest::entities();
  auto fs = kgtest::facts(es);
  auto g1 = kg::graph::KnowledgeGraph::build(es, fs);
  std::mt19937 rng(7);
  std::shuffle(es.begin(), es.end(), rng);
  std::shuffle(fs.begin(), fs.end(), rng);
  auto g2 = kg::graph::KnowledgeGraph::build(es, fs);
  for (const char* f : {"dot", "graphml", "json", "csv", "ntriples"}) {
    INFO(f);
    ExportOptions o = fmt(f);
    CHECK(export_graph(g1, o) == export_graph(g1, o));
    CHECK(export_graph(g1, o) == export_graph(g2, o));
    o.focus = "微軟";
    o.max_nodes = 4;
    CHECK(export_graph(g1, o) == export_graph(g2, o));
  }
}

TEST_CASE("export filters restrict predicates and years, and bad options are usage errors", "[queries]") {
  auto g = kgtest::graph();
  ExportOptions o = fmt("json");
  o.predicates = {"acquired"};
  std::string json = export_graph(g, o);
  CHECK(count(json, "\"predicate\": \"acquired\"") == 2);
  CHECK(count(json, "\"predicate\": ") == 2);
  CHECK(count(json, "\"entity_id\": ") == 4);  // Google, DeepMind, Microsoft, LinkedIn
  o.predicates.clear();
  o.since = 2020;
  o.until = 2022;
  std::string years = export_graph(g, o);
  CHECK(count(years, "\"predicate\": ") == 4);  // 2020 Acme, 2021 ×2, 2022 Microsoft
  ExportOptions bad = fmt("svg");
  CHECK_THROWS_AS(export_graph(g, bad), kg::UsageError);
  ExportOptions badp;
  badp.predicates = {"likes"};
  CHECK_THROWS_AS(export_graph(g, badp), kg::UsageError);
  ExportOptions badf;
  badf.focus = "Nobody At All";
  CHECK_THROWS_AS(export_graph(g, badf), kg::UsageError);
  ExportOptions badh;
  badh.focus = "OpenAI";
  badh.hops = -1;
  CHECK_THROWS_AS(export_graph(g, badh), kg::UsageError);
}

TEST_CASE("render_dot runs GraphViz and reports a missing or failing dot clearly", "[queries]") {
  auto g = kgtest::graph();
  TempDir tmp;
  CHECK_THROWS_AS(render_dot("digraph{}", "gif", (tmp.path / "x.gif").string()), kg::UsageError);
  bool have_dot = std::system("command -v dot >/dev/null 2>&1") == 0;
  if (have_dot) {
    auto svg = tmp.path / "g.svg";
    render_dot(export_graph(g, fmt("dot")), "svg", svg.string());
    std::string out = read_file(svg);
    CHECK(out.find("<svg") != std::string::npos);
    CHECK(out.find("OpenAI") != std::string::npos);
    CHECK(out.find("Legend") != std::string::npos);
    try {
      render_dot("this is not dot {", "svg", (tmp.path / "bad.svg").string());
      FAIL("accepted");
    } catch (const kg::Error& e) {
      CHECK(std::string(e.what()).find("dot -Tsvg failed") == 0);
    }
  } else {
    WARN("GraphViz dot not installed; rendering not exercised");
  }
  // with an empty PATH dot cannot be found
  std::string old = std::getenv("PATH") ? std::getenv("PATH") : "";
  setenv("PATH", (tmp.path / "nothing-here").c_str(), 1);
  try {
    render_dot("digraph{}", "svg", (tmp.path / "y.svg").string());
    setenv("PATH", old.c_str(), 1);
    FAIL("accepted");
  } catch (const kg::Error& e) {
    setenv("PATH", old.c_str(), 1);
    CHECK(std::string(e.what()).find("'dot' was not found on PATH") != std::string::npos);
  }
}
