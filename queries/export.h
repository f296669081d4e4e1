// Graph exports: DOT (GraphViz), GraphML, JSON, Neo4j admin-import CSV and N-Triples of the whole graph or of the
// neighbourhood of one entity, each edge carrying its provenance (source count, first source); plus render_dot,
// which runs GraphViz `dot` to make SVG/PNG/PDF. Output is deterministic: same input → byte-identical output.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "graph/graph.h"

namespace kg::queries {

struct ExportOptions {
  std::string format = "dot";           // default "dot"; dot | graphml | json | csv | ntriples (alias "nt")
  std::string focus;                    // default "": the whole graph; else an entity name or alias — its neighbourhood
  int hops = 2;                         // default 2; neighbourhood radius when focus is set (0 = the entity alone)
  std::vector<std::string> predicates;  // default empty: all; else subset of invested|acquired|founded
  std::optional<int> since, until;      // default unset; inclusive years; when set, facts without a year are left out
  size_t max_nodes = 300;               // default 300; 0 = no limit. With a focus the nearest entities are kept
                                        // (by hops, then name); without, the best connected (by fact count, then name)
  bool include_denied = false;          // default false: denied/terminated facts are left out
};

// The graph in opts.format. Without a focus and without predicate/year restrictions every entity is exported
// (also those without facts); with a restriction, the entities touching a kept fact. Entities are ordered by
// name, facts by subject, object, predicate, time and id. Node ids are KnowledgeGraph::key().
// "csv" returns nodes.csv, one empty line, then relationships.csv (see export_csv).
// Throws UsageError for an unknown format, predicate or focus entity (with suggestions) and for hops < 0.
std::string export_graph(const graph::KnowledgeGraph& g, const ExportOptions& opts);

// Writes dir/nodes.csv (id:ID,name,type,:LABEL) and dir/relationships.csv
// (:START_ID,:END_ID,:TYPE,year:int,amount:float,currency,status,sources:int,first_source) for neo4j-admin
// import, creating dir when missing. opts.format is ignored. Throws FileError when a file cannot be written.
void export_csv(const graph::KnowledgeGraph& g, const ExportOptions& opts, const std::string& dir);

// Runs `dot -T<format> -o out_path` (format: svg | png | pdf) with dot text on its standard input.
// Throws UsageError for another format, kg::Error when `dot` is not on PATH or fails (with its first error line).
void render_dot(const std::string& dot, const std::string& format, const std::string& out_path);

// Short amount for labels. USD/EUR/GBP/HKD with K/M/B/T: "$1B", "$400M", "$1.5B", "€20M", "HK$300M";
// CNY/JPY/TWD with 万/亿: "¥2亿", "¥5000万", "JP¥3亿", "NT$2亿"; other currencies "1.2B CHF"; none "1.2B".
// approx prefixes "~".
std::string short_amount(double amount, const std::string& currency, bool approx = false);

}  // namespace kg::queries
