#include "cli/command.h"

#include <cerrno>
#include <cstdlib>

#include "base/error.h"

namespace kg::cli {

using queries::OutputFormat;
using queries::Table;

Parsed parse_args(const CommandSpec& spec, const std::vector<std::string>& args) {
  Parsed p;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() > 2 && a.rfind("--", 0) == 0) {
      std::string key = a, value;
      bool inline_value = false;
      if (auto eq = a.find('='); eq != std::string::npos) {
        key = a.substr(0, eq);
        value = a.substr(eq + 1);
        inline_value = true;
      }
      if (spec.flags.count(key)) {
        p.flags.insert(key);
      } else if (spec.options.count(key)) {
        if (!inline_value) {
          if (i + 1 >= args.size()) throw UsageError(key + " needs a value (kg " + spec.name + " --help)");
          value = args[++i];
        }
        if (p.opt.count(key) && !spec.repeat.count(key)) throw UsageError(key + " given twice");
        p.opt[key].push_back(value);
      } else {
        throw UsageError("unknown option '" + key + "' for 'kg " + spec.name + "' (kg " + spec.name + " --help)");
      }
    } else {
      p.pos.push_back(a);
    }
  }
  if (static_cast<int>(p.pos.size()) < spec.min_pos || (spec.max_pos >= 0 && static_cast<int>(p.pos.size()) > spec.max_pos))
    throw UsageError(std::string("wrong number of arguments for 'kg ") + spec.name + "'; usage: " +
                     std::string(spec.usage).substr(0, std::string(spec.usage).find('\n')));
  return p;
}

int parse_int(const std::string& what, const std::string& v, int lo, int hi) {
  char* end = nullptr;
  errno = 0;
  long x = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end || errno || x < lo || x > hi)
    throw UsageError(what + ": expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                     ", got '" + v + "'");
  return static_cast<int>(x);
}

double parse_amount(const std::string& what, const std::string& v) {
  char* end = nullptr;
  errno = 0;
  double x = std::strtod(v.c_str(), &end);
  if (v.empty() || errno || x < 0) throw UsageError(what + ": expected a number, got '" + v + "'");
  std::string rest(end);
  double mult = 1;
  if (rest == "" ) mult = 1;
  else if (rest == "k" || rest == "K") mult = 1e3;
  else if (rest == "M" || rest == "m") mult = 1e6;
  else if (rest == "B" || rest == "b") mult = 1e9;
  else if (rest == "万") mult = 1e4;
  else if (rest == "亿") mult = 1e8;
  else throw UsageError(what + ": expected a number (optionally with k, M, B, 万 or 亿), got '" + v + "'");
  return x * mult;
}

OutputFormat format_of(const Parsed& p) {
  return queries::parse_format(p.get("--format", "table"));
}

std::string opt_int(const std::optional<int>& v) { return v ? std::to_string(*v) : ""; }

int print(Context& c, const Table& t, OutputFormat f) {
  c.out << queries::render(t, f);
  if (t.rows.empty()) {
    if (f == OutputFormat::Table && t.note.empty()) c.err << "no result\n";
    return kNoResult;
  }
  return kFound;
}

graph::KnowledgeGraph load_graph(const Store& store) {
  return graph::KnowledgeGraph::build(store.entities(), store.facts(true));
}

std::unique_ptr<Store> open_read(const Context& c) {
  StoreOptions o;
  o.read_only = true;
  return std::make_unique<Store>(c.db_path, o);
}
std::string source_label(const SourceRow& s) {
  return s.doc_path + ":" + std::to_string(s.start) + "-" + std::to_string(s.end);
}

std::vector<std::string> via_of(const Parsed& p, const std::string& key) {
  std::vector<std::string> via;
  auto it = p.opt.find(key);
  if (it == p.opt.end()) return via;
  for (const auto& v : it->second) {
    if (v != "invested" && v != "acquired" && v != "founded")
      throw UsageError(key + ": expected invested, acquired or founded, got '" + v + "'");
    via.push_back(v);
  }
  return via;
}

}  // namespace kg::cli
