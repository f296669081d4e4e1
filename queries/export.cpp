#include "queries/export.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "base/error.h"
#include "base/text.h"
#include "queries/answer.h"
#include "queries/table.h"

extern char** environ;

namespace kg::queries {

using graph::KnowledgeGraph;
using graph::Vertex;

namespace {

const char* kFont = "Noto Sans CJK SC";

// What is exported.
struct Selection {
  std::vector<Vertex> vertices;  // sorted (name order)
  std::vector<size_t> facts;     // sorted for output
  std::optional<Vertex> focus;
  std::string note;              // what was cut, or ""
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string clean(std::string_view s) { return valid_utf8(s) ? std::string(s) : u32_to_utf8(utf8_to_u32(s)); }

std::string canonical_format(const std::string& f) {
  std::string l = lower(f);
  if (l == "nt" || l == "n-triples" || l == "ntriples") return "ntriples";
  if (l == "dot" || l == "graphml" || l == "json" || l == "csv") return l;
  throw UsageError("unknown export format '" + f + "'; expected dot, graphml, json, csv or ntriples");
}

Selection select(const KnowledgeGraph& g, const ExportOptions& o) {
  for (const auto& p : o.predicates)
    if (p != "invested" && p != "acquired" && p != "founded")
      throw UsageError("unknown predicate '" + p + "'; expected invested, acquired or founded");
  if (o.hops < 0) throw UsageError("hops must be 0 or more, got " + std::to_string(o.hops));
  graph::Filter gf;
  gf.predicates = o.predicates;
  gf.since = o.since;
  gf.until = o.until;
  gf.include_denied = o.include_denied;

  Selection sel;
  std::vector<Vertex> ranked;  // best first
  size_t total = 0;
  if (!o.focus.empty()) {
    Vertex c = resolve(g, o.focus);
    sel.focus = c;
    auto nb = g.neighbors(c, o.hops, gf);
    for (auto [v, d] : nb.vertices) ranked.push_back(v);  // by hops, then name
    total = ranked.size();
  } else {
    bool restricted = !o.predicates.empty() || o.since || o.until;
    std::vector<size_t> degree(g.vertex_count(), 0);
    for (size_t i = 0; i < g.facts().size(); ++i) {
      if (!gf.accepts(g.fact(i))) continue;
      ++degree[g.subject_of(i)];
      if (g.object_of(i) != g.subject_of(i)) ++degree[g.object_of(i)];
    }
    for (Vertex v = 0; v < g.vertex_count(); ++v)
      if (!restricted || degree[v] > 0) ranked.push_back(v);
    std::stable_sort(ranked.begin(), ranked.end(), [&](Vertex a, Vertex b) { return degree[a] > degree[b]; });
    total = ranked.size();
  }
  if (o.max_nodes > 0 && ranked.size() > o.max_nodes) {
    ranked.resize(o.max_nodes);
    sel.note = "cut " + std::to_string(total - o.max_nodes) + " of " + std::to_string(total) + " entities: kept the " +
               std::to_string(o.max_nodes) +
               (sel.focus ? " nearest to " + g.entity(*sel.focus).name : std::string(" best connected")) +
               " (max_nodes " + std::to_string(o.max_nodes) + ")";
  }
  sel.vertices = ranked;
  std::sort(sel.vertices.begin(), sel.vertices.end());
  std::vector<char> in(g.vertex_count(), 0);
  for (Vertex v : sel.vertices) in[v] = 1;
  for (size_t i = 0; i < g.facts().size(); ++i)
    if (in[g.subject_of(i)] && in[g.object_of(i)] && gf.accepts(g.fact(i))) sel.facts.push_back(i);
  std::sort(sel.facts.begin(), sel.facts.end(), [&](size_t a, size_t b) {
    if (g.subject_of(a) != g.subject_of(b)) return g.subject_of(a) < g.subject_of(b);
    if (g.object_of(a) != g.object_of(b)) return g.object_of(a) < g.object_of(b);
    const FactRow& fa = g.fact(a);
    const FactRow& fb = g.fact(b);
    if (fa.predicate != fb.predicate) return fa.predicate < fb.predicate;
    int c = graph::compare_fact_time(fa, fb);
    if (c != 0) return c < 0;
    if (fa.id != fb.id) return fa.id < fb.id;
    return a < b;
  });
  return sel;
}

std::string fact_id(const KnowledgeGraph& g, size_t i) {
  int64_t id = g.fact(i).id;
  return id != 0 ? std::to_string(id) : "i" + std::to_string(i);
}

// "document: sentence" of the first source, or "".
std::string first_source(const FactRow& f) {
  if (f.evidence.empty()) return "";
  const SourceRow& s = f.evidence.front();
  return s.doc_path + ": " + s.sentence;
}

std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

std::string number(double v) { return plain_amount(v); }

std::string trim_decimal(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

// ---- DOT ----

std::string dot_quote(std::string_view s) {
  std::string out = "\"";
  for (char c : clean(s)) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\r') continue;
    out += c;
  }
  return out + "\"";
}

struct TypeStyle {
  const char* shape;
  const char* fill;
  const char* line;
};
TypeStyle type_style(const std::string& type) {
  if (type == "person") return {"ellipse", "#fde7c8", "#b26a00"};
  if (type == "organization") return {"box", "#dbe8f7", "#3b6ea5"};
  if (type == "product") return {"note", "#e3f2df", "#3d7a34"};
  return {"hexagon", "#eeeeee", "#777777"};
}
const char* predicate_color(const std::string& p) {
  if (p == "invested") return "#2e7d32";
  if (p == "acquired") return "#c62828";
  if (p == "founded") return "#1565c0";
  return "#555555";
}

std::string edge_label(const FactRow& f) {
  std::string l = f.predicate;
  if (f.year) l += " " + std::to_string(*f.year);
  if (f.amount) l += " · " + short_amount(*f.amount, f.currency, f.approx) + (f.round_total ? " (round)" : "");
  if (f.status != "completed" && !f.status.empty()) l += " (" + f.status + ")";
  return l;
}

std::string to_dot(const KnowledgeGraph& g, const Selection& s, const ExportOptions& o) {
  std::string out;
  std::string summary = std::to_string(s.vertices.size()) + " entities, " + std::to_string(s.facts.size()) + " facts";
  if (s.focus) summary += "; focus " + g.entity(*s.focus).name + " within " + std::to_string(o.hops) + (o.hops == 1 ? " hop" : " hops");
  out += "// kg export: " + one_line(summary) + "\n";
  if (!s.note.empty()) out += "// " + one_line(s.note) + "\n";
  out += "digraph kg {\n";
  out += "  rankdir=LR;\n";
  out += "  graph [fontname=" + dot_quote(kFont) + ", fontsize=10, labelloc=b, label=" +
         dot_quote(s.note.empty() ? summary : summary + "\n" + s.note) + "];\n";
  out += "  node [fontname=" + dot_quote(kFont) + ", fontsize=11, style=filled];\n";
  out += "  edge [fontname=" + dot_quote(kFont) + ", fontsize=9];\n";
  for (Vertex v : s.vertices) {
    const EntityRow& e = g.entity(v);
    TypeStyle st = type_style(e.type);
    out += "  " + dot_quote(g.key(v)) + " [label=" + dot_quote(e.name) + ", shape=" + st.shape +
           ", fillcolor=\"" + st.fill + "\", color=\"" + st.line + "\"";
    if (s.focus && *s.focus == v) out += ", penwidth=2.5";
    out += "];\n";
  }
  for (size_t i : s.facts) {
    const FactRow& f = g.fact(i);
    const char* color = predicate_color(f.predicate);
    out += "  " + dot_quote(g.key(g.subject_of(i))) + " -> " + dot_quote(g.key(g.object_of(i))) +
           " [label=" + dot_quote(edge_label(f)) + ", color=\"" + color + "\", fontcolor=\"" + color + "\"";
    if (f.status != "completed") out += ", style=dashed";
    std::string tip = std::to_string(f.sources) + (f.sources == 1 ? " source" : " sources");
    std::string first = first_source(f);
    if (!first.empty()) tip += "; first: " + first;
    out += ", tooltip=" + dot_quote(one_line(tip)) + ", kg_fact=\"" + fact_id(g, i) + "\", kg_sources=\"" +
           std::to_string(f.sources) + "\"];\n";
  }
  // legend
  out += "  subgraph cluster_legend {\n";
  out += "    label=\"Legend\"; style=dashed; color=\"#999999\"; fontname=" + dot_quote(kFont) + ";\n";
  for (const char* t : {"person", "organization", "product"}) {
    TypeStyle st = type_style(t);
    out += "    \"_legend_" + std::string(t) + "\" [label=\"" + t + "\", shape=" + st.shape + ", fillcolor=\"" +
           st.fill + "\", color=\"" + st.line + "\"];\n";
  }
  int k = 0;
  auto legend_edge = [&](const std::string& label, const char* color, bool dashed) {
    std::string a = "\"_legend_p" + std::to_string(k++) + "\"", b = "\"_legend_p" + std::to_string(k++) + "\"";
    out += "    " + a + " [shape=point, label=\"\", width=0.05];\n";
    out += "    " + b + " [shape=point, label=\"\", width=0.05];\n";
    out += "    " + a + " -> " + b + " [label=" + dot_quote(label) + ", color=\"" + color + "\", fontcolor=\"" + color +
           "\"" + (dashed ? ", style=dashed" : "") + "];\n";
  };
  legend_edge("invested", predicate_color("invested"), false);
  legend_edge("acquired", predicate_color("acquired"), false);
  legend_edge("founded", predicate_color("founded"), false);
  legend_edge("planned / pending / rumoured", "#555555", true);
  out += "  }\n";
  out += "}\n";
  return out;
}

// ---- XML / GraphML ----

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char32_t c : utf8_to_u32(s)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;  // not allowed in XML 1.0
        if (c == 0xFFFE || c == 0xFFFF) continue;
        append_utf8(out, c);
    }
  }
  return out;
}

std::string to_graphml(const KnowledgeGraph& g, const Selection& s) {
  std::string out;
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
         "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
         "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  struct Key {
    const char* id;
    const char* for_;
    const char* type;
  };
  const Key keys[] = {{"note", "graph", "string"},      {"name", "node", "string"},     {"type", "node", "string"},
                      {"aliases", "node", "string"},    {"predicate", "edge", "string"}, {"year", "edge", "int"},
                      {"month", "edge", "int"},         {"amount", "edge", "double"},   {"currency", "edge", "string"},
                      {"status", "edge", "string"},     {"round", "edge", "string"},    {"confidence", "edge", "double"},
                      {"sources", "edge", "int"},       {"first_source", "edge", "string"},
                      {"fact_id", "edge", "string"}};
  for (const auto& k : keys)
    out += std::string("  <key id=\"") + k.id + "\" for=\"" + k.for_ + "\" attr.name=\"" + k.id +
           "\" attr.type=\"" + k.type + "\"/>\n";
  out += "  <graph id=\"kg\" edgedefault=\"directed\">\n";
  if (!s.note.empty()) out += "    <data key=\"note\">" + xml_escape(s.note) + "</data>\n";
  auto data = [&](const char* key, const std::string& value) {
    return std::string("<data key=\"") + key + "\">" + xml_escape(value) + "</data>";
  };
  for (Vertex v : s.vertices) {
    const EntityRow& e = g.entity(v);
    std::string aliases;
    for (size_t i = 0; i < e.aliases.size(); ++i) aliases += (i ? "|" : "") + e.aliases[i];
    out += "    <node id=\"" + xml_escape(g.key(v)) + "\">" + data("name", e.name) + data("type", e.type) +
           data("aliases", aliases) + "</node>\n";
  }
  for (size_t i : s.facts) {
    const FactRow& f = g.fact(i);
    out += "    <edge id=\"f" + fact_id(g, i) + "\" source=\"" + xml_escape(g.key(g.subject_of(i))) + "\" target=\"" +
           xml_escape(g.key(g.object_of(i))) + "\">";
    out += data("predicate", f.predicate);
    if (f.year) out += data("year", std::to_string(*f.year));
    if (f.month) out += data("month", std::to_string(*f.month));
    if (f.amount) out += data("amount", number(*f.amount));
    if (!f.currency.empty()) out += data("currency", f.currency);
    out += data("status", f.status);
    if (!f.round.empty()) out += data("round", f.round);
    out += data("confidence", trim_decimal(f.confidence, 4));
    out += data("sources", std::to_string(f.sources));
    out += data("first_source", first_source(f));
    out += data("fact_id", fact_id(g, i));
    out += "</edge>\n";
  }
  out += "  </graph>\n</graphml>\n";
  return out;
}

// ---- JSON ----

std::string to_json(const KnowledgeGraph& g, const Selection& s) {
  std::string out = "{\n  \"nodes\": [";
  for (size_t k = 0; k < s.vertices.size(); ++k) {
    Vertex v = s.vertices[k];
    const EntityRow& e = g.entity(v);
    out += k ? ",\n    " : "\n    ";
    out += "{\"id\": " + json_quote(g.key(v)) + ", \"entity_id\": " + std::to_string(e.id) +
           ", \"name\": " + json_quote(e.name) + ", \"type\": " + json_quote(e.type) + ", \"aliases\": [";
    for (size_t i = 0; i < e.aliases.size(); ++i) out += (i ? ", " : "") + json_quote(e.aliases[i]);
    out += "]}";
  }
  out += s.vertices.empty() ? "],\n" : "\n  ],\n";
  out += "  \"edges\": [";
  for (size_t k = 0; k < s.facts.size(); ++k) {
    size_t i = s.facts[k];
    const FactRow& f = g.fact(i);
    out += k ? ",\n    " : "\n    ";
    out += "{\"id\": " + json_quote("f" + fact_id(g, i)) + ", \"fact_id\": " + std::to_string(f.id) +
           ", \"source\": " + json_quote(g.key(g.subject_of(i))) + ", \"target\": " +
           json_quote(g.key(g.object_of(i))) + ", \"predicate\": " + json_quote(f.predicate);
    out += ", \"year\": " + (f.year ? std::to_string(*f.year) : std::string("null"));
    out += ", \"month\": " + (f.month ? std::to_string(*f.month) : std::string("null"));
    out += ", \"amount\": " + (f.amount ? number(*f.amount) : std::string("null"));
    out += ", \"approx\": " + std::string(f.approx ? "true" : "false");
    out += ", \"round_total\": " + std::string(f.round_total ? "true" : "false");
    out += ", \"currency\": " + json_quote(f.currency) + ", \"status\": " + json_quote(f.status) +
           ", \"round\": " + json_quote(f.round) + ", \"role\": " + json_quote(f.role) +
           ", \"confidence\": " + trim_decimal(f.confidence, 4) + ", \"sources\": " + std::to_string(f.sources);
    out += ", \"first_source\": ";
    if (f.evidence.empty()) {
      out += "null";
    } else {
      const SourceRow& src = f.evidence.front();
      out += "{\"document\": " + json_quote(src.doc_path) + ", \"date\": " + json_quote(src.doc_date) +
             ", \"sentence\": " + json_quote(src.sentence) + "}";
    }
    out += ", \"evidence\": [";
    for (size_t j = 0; j < f.evidence.size(); ++j) {
      const SourceRow& src = f.evidence[j];
      out += (j ? ", " : "") + std::string("{\"document\": ") + json_quote(src.doc_path) +
             ", \"date\": " + json_quote(src.doc_date) + ", \"sentence\": " + json_quote(src.sentence) +
             ", \"start\": " + std::to_string(src.start) + ", \"end\": " + std::to_string(src.end) +
             ", \"rule\": " + json_quote(src.rule) + ", \"confidence\": " + trim_decimal(src.confidence, 4) + "}";
    }
    out += "]}";
  }
  out += s.facts.empty() ? "],\n" : "\n  ],\n";
  out += "  \"note\": " + json_quote(s.note) + "\n}\n";
  return out;
}

// ---- N-Triples ----

std::string iri_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::string nt_literal(std::string_view s) {
  std::string out = "\"";
  for (char32_t c : utf8_to_u32(s)) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char buf[12];
          std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(c));
          out += buf;
        } else {
          append_utf8(out, c);
        }
    }
  }
  return out + "\"";
}

std::string to_ntriples(const KnowledgeGraph& g, const Selection& s) {
  const std::string rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
  const std::string label = "<http://www.w3.org/2000/01/rdf-schema#label>";
  const std::string xsd_int = "^^<http://www.w3.org/2001/XMLSchema#integer>";
  const std::string xsd_dec = "^^<http://www.w3.org/2001/XMLSchema#decimal>";
  auto entity = [&](Vertex v) { return "<urn:kg:entity:" + iri_encode(g.key(v)) + ">"; };
  auto prop = [](const std::string& p) { return "<urn:kg:prop:" + p + ">"; };
  std::string out;
  if (!s.note.empty()) out += "# " + one_line(s.note) + "\n";
  for (Vertex v : s.vertices) {
    const EntityRow& e = g.entity(v);
    std::string cls = e.type.empty() ? "Entity" : e.type;
    cls[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(cls[0])));
    out += entity(v) + " " + rdf_type + " <urn:kg:class:" + iri_encode(cls) + "> .\n";
    out += entity(v) + " " + label + " " + nt_literal(e.name) + " .\n";
    for (const auto& a : e.aliases)
      if (a != e.name) out += entity(v) + " " + prop("alias") + " " + nt_literal(a) + " .\n";
  }
  for (size_t i : s.facts) {
    const FactRow& f = g.fact(i);
    std::string rel = "<urn:kg:rel:" + iri_encode(f.predicate) + ">";
    std::string fact = "<urn:kg:fact:" + iri_encode(fact_id(g, i)) + ">";
    out += entity(g.subject_of(i)) + " " + rel + " " + entity(g.object_of(i)) + " .\n";
    out += fact + " " + rdf_type + " <urn:kg:class:Fact> .\n";
    out += fact + " " + prop("subject") + " " + entity(g.subject_of(i)) + " .\n";
    out += fact + " " + prop("predicate") + " " + rel + " .\n";
    out += fact + " " + prop("object") + " " + entity(g.object_of(i)) + " .\n";
    if (f.year) out += fact + " " + prop("year") + " \"" + std::to_string(*f.year) + "\"" + xsd_int + " .\n";
    if (f.amount && std::isfinite(*f.amount))
      out += fact + " " + prop("amount") + " \"" + trim_decimal(*f.amount, 4) + "\"" + xsd_dec + " .\n";
    if (!f.currency.empty()) out += fact + " " + prop("currency") + " " + nt_literal(f.currency) + " .\n";
    out += fact + " " + prop("status") + " " + nt_literal(f.status) + " .\n";
    out += fact + " " + prop("sources") + " \"" + std::to_string(f.sources) + "\"" + xsd_int + " .\n";
    if (!f.evidence.empty()) {
      const SourceRow& src = f.evidence.front();
      out += fact + " " + prop("first_source_document") + " " + nt_literal(src.doc_path) + " .\n";
      out += fact + " " + prop("first_source_sentence") + " " + nt_literal(src.sentence) + " .\n";
      if (!src.doc_date.empty())
        out += fact + " " + prop("first_source_date") + " " + nt_literal(src.doc_date) + " .\n";
    }
  }
  return out;
}

// ---- CSV ----

std::string csv_field(std::string_view s) {
  std::string v = one_line(clean(s));
  bool quote = v.find_first_of(",\"") != std::string::npos || (!v.empty() && (v.front() == ' ' || v.back() == ' '));
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_nodes(const KnowledgeGraph& g, const Selection& s) {
  std::string out = "id:ID,name,type,:LABEL\n";
  for (Vertex v : s.vertices) {
    const EntityRow& e = g.entity(v);
    std::string lab = e.type.empty() ? "Entity" : e.type;
    lab[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(lab[0])));
    out += csv_field(g.key(v)) + "," + csv_field(e.name) + "," + csv_field(e.type) + "," +
           csv_field("Entity;" + lab) + "\n";
  }
  return out;
}

std::string csv_relationships(const KnowledgeGraph& g, const Selection& s) {
  std::string out = ":START_ID,:END_ID,:TYPE,year:int,amount:float,currency,status,sources:int,first_source\n";
  for (size_t i : s.facts) {
    const FactRow& f = g.fact(i);
    std::string type = f.predicate;
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    out += csv_field(g.key(g.subject_of(i))) + "," + csv_field(g.key(g.object_of(i))) + "," + csv_field(type) + "," +
           (f.year ? std::to_string(*f.year) : "") + "," + (f.amount ? number(*f.amount) : "") + "," +
           csv_field(f.currency) + "," + csv_field(f.status) + "," + std::to_string(f.sources) + "," +
           csv_field(first_source(f)) + "\n";
  }
  return out;
}

void write_file(const std::filesystem::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  if (!out) throw FileError(p.string(), std::string("cannot open for writing: ") + std::strerror(errno));
  out << content;
  out.close();
  if (!out) throw FileError(p.string(), "write failed");
}

}  // namespace

std::string short_amount(double amount, const std::string& currency, bool approx) {
  std::string pre = approx ? "~" : "";
  std::string cur = lower(currency);
  bool chinese_units = cur == "cny" || cur == "jpy" || cur == "twd";
  if (chinese_units) {
    std::string sym = cur == "cny" ? "¥" : (cur == "jpy" ? "JP¥" : "NT$");
    double a = std::fabs(amount);
    std::string n;
    if (a >= 1e8) n = trim_decimal(amount / 1e8, 2) + "亿";
    else if (a >= 1e4) n = trim_decimal(amount / 1e4, 2) + "万";
    else n = trim_decimal(amount, 2);
    return pre + sym + n;
  }
  double a = std::fabs(amount);
  std::string n;
  if (a >= 1e12) n = trim_decimal(amount / 1e12, 1) + "T";
  else if (a >= 1e9) n = trim_decimal(amount / 1e9, 1) + "B";
  else if (a >= 1e6) n = trim_decimal(amount / 1e6, 1) + "M";
  else if (a >= 1e3) n = trim_decimal(amount / 1e3, 1) + "K";
  else n = trim_decimal(amount, 2);
  if (cur == "usd") return pre + "$" + n;
  if (cur == "eur") return pre + "€" + n;
  if (cur == "gbp") return pre + "£" + n;
  if (cur == "hkd") return pre + "HK$" + n;
  if (cur.empty()) return pre + n;
  return pre + n + " " + currency;
}

std::string export_graph(const KnowledgeGraph& g, const ExportOptions& opts) {
  std::string format = canonical_format(opts.format);
  Selection s = select(g, opts);
  if (format == "dot") return to_dot(g, s, opts);
  if (format == "graphml") return to_graphml(g, s);
  if (format == "json") return to_json(g, s);
  if (format == "ntriples") return to_ntriples(g, s);
  return csv_nodes(g, s) + "\n" + csv_relationships(g, s);
}

void export_csv(const KnowledgeGraph& g, const ExportOptions& opts, const std::string& dir) {
  Selection s = select(g, opts);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw FileError(dir, "cannot create directory: " + ec.message());
  write_file(std::filesystem::path(dir) / "nodes.csv", csv_nodes(g, s));
  write_file(std::filesystem::path(dir) / "relationships.csv", csv_relationships(g, s));
}

void render_dot(const std::string& dot, const std::string& format, const std::string& out_path) {
  std::string fmt = lower(format);
  if (fmt != "svg" && fmt != "png" && fmt != "pdf")
    throw UsageError("unknown image format '" + format + "'; expected svg, png or pdf");
  int in[2];
  if (pipe(in) != 0) throw Error(std::string("cannot create a pipe for dot: ") + std::strerror(errno));
  char err_name[] = "/tmp/kg-dot-stderr-XXXXXX";
  int err_fd = mkstemp(err_name);
  if (err_fd < 0) {
    close(in[0]);
    close(in[1]);
    throw Error(std::string("cannot create a temporary file for dot: ") + std::strerror(errno));
  }
  unlink(err_name);
  fcntl(in[1], F_SETFD, FD_CLOEXEC);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
  posix_spawn_file_actions_addclose(&fa, in[0]);
  posix_spawn_file_actions_addclose(&fa, err_fd);
  std::string t = "-T" + fmt;
  std::vector<std::string> args{"dot", t, "-o", out_path};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "dot", &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(in[0]);
  if (rc != 0) {
    close(in[1]);
    close(err_fd);
    if (rc == ENOENT)
      throw Error("GraphViz 'dot' was not found on PATH; install graphviz or export with --format dot");
    throw Error(std::string("cannot run GraphViz 'dot': ") + std::strerror(rc));
  }
  // Write the graph; a dot that dies early must not kill us with SIGPIPE.
  struct sigaction ignore {}, old {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGPIPE, &ignore, &old);
  size_t off = 0;
  while (off < dot.size()) {
    ssize_t n = write(in[1], dot.data() + off, dot.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;  // EPIPE: dot exited; its status says why
    }
    off += static_cast<size_t>(n);
  }
  close(in[1]);
  sigaction(SIGPIPE, &old, nullptr);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  std::string err;
  lseek(err_fd, 0, SEEK_SET);
  char buf[4096];
  ssize_t n;
  while ((n = read(err_fd, buf, sizeof buf)) > 0 && err.size() < 65536) err.append(buf, static_cast<size_t>(n));
  close(err_fd);
  bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (ok) return;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    throw Error("GraphViz 'dot' was not found on PATH; install graphviz or export with --format dot");
  std::string first = err.substr(0, err.find('\n'));
  throw Error("dot -T" + fmt + " failed writing '" + out_path + "'" +
              (WIFEXITED(status) ? " (exit " + std::to_string(WEXITSTATUS(status)) + ")" : " (killed by a signal)") +
              (first.empty() ? std::string() : ": " + one_line(first)));
}

}  // namespace kg::queries
