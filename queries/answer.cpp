#include "queries/answer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "base/error.h"

namespace kg::queries {

using graph::KnowledgeGraph;
using graph::Vertex;

namespace {

const std::vector<std::string> kCommon = {"year", "amount", "currency", "sentence", "document", "date"};

std::string year_text(const std::optional<int>& y) { return y ? std::to_string(*y) : std::string(); }

double amount_value(const FactRow& f) {
  if (f.amount) return *f.amount;
  if (f.amount_min) return *f.amount_min;
  return std::nan("");
}

// <answer> year amount currency sentence document date
std::vector<std::string> base_row(const FactRow& f, const std::string& answer) {
  std::vector<std::string> r{answer, year_text(f.year), plain_amount(f.amount), f.amount ? f.currency : ""};
  if (!f.evidence.empty()) {
    const SourceRow& s = f.evidence.front();
    r.insert(r.end(), {s.sentence, s.doc_path, s.doc_date});
  } else {
    r.insert(r.end(), {"", "", ""});
  }
  return r;
}

std::vector<std::string> columns(const std::string& first, std::vector<std::string> extras) {
  std::vector<std::string> c{first};
  c.insert(c.end(), kCommon.begin(), kCommon.end());
  c.insert(c.end(), extras.begin(), extras.end());
  return c;
}

struct Keyed {
  size_t fact;
  std::string name;
  std::vector<std::string> row;
};

// Orders rows by fact time, then answer name, then fact index; moves them into t.
void finish(const KnowledgeGraph& g, std::vector<Keyed>& rows, Table& t) {
  std::sort(rows.begin(), rows.end(), [&](const Keyed& a, const Keyed& b) {
    int c = graph::compare_fact_time(g.fact(a.fact), g.fact(b.fact));
    if (c != 0) return c < 0;
    if (a.name != b.name) return a.name < b.name;
    return a.fact < b.fact;
  });
  for (auto& k : rows) t.rows.push_back(std::move(k.row));
}

std::string filter_note(const KnowledgeGraph& g, const std::vector<size_t>& candidates, const FactFilter& f) {
  if (!f.min_amount) return "";
  size_t totals = 0;
  FactFilter loose = f;
  loose.min_amount.reset();
  for (size_t i : candidates) {
    const FactRow& r = g.fact(i);
    if (r.round_total && loose.accepts(r) && !std::isnan(amount_value(r)) && amount_value(r) >= *f.min_amount)
      ++totals;
  }
  if (totals == 0) return "";
  return std::to_string(totals) + " fact(s) whose amount is the whole round's total were left out of the amount filter";
}

// One family over facts in one direction with one predicate.
Table family(const KnowledgeGraph& g, std::string_view name, const FactFilter& filter, const std::string& predicate,
             bool incoming, const std::string& first_col, const std::vector<std::string>& extras) {
  Vertex v = resolve(g, name);
  graph::Filter gf;
  gf.predicates = {predicate};
  gf.include_denied = true;  // FactFilter decides
  std::vector<size_t> facts = incoming ? g.in_facts(v, gf) : g.out_facts(v, gf);
  Table t;
  t.columns = columns(first_col, extras);
  std::vector<Keyed> rows;
  for (size_t i : facts) {
    const FactRow& f = g.fact(i);
    if (!filter.accepts(f)) continue;
    Vertex other = incoming ? g.subject_of(i) : g.object_of(i);
    const std::string& other_name = g.entity(other).name;
    auto row = base_row(f, other_name);
    for (const auto& x : extras) {
      if (x == "status") row.push_back(f.status);
      else if (x == "round") row.push_back(f.round);
      else if (x == "role") row.push_back(f.role);
      else if (x == "sources") row.push_back(std::to_string(f.sources));
    }
    rows.push_back({i, other_name, std::move(row)});
  }
  finish(g, rows, t);
  t.note = filter_note(g, facts, filter);
  return t;
}

void check_predicates(const std::vector<std::string>& via) {
  for (const auto& p : via)
    if (p != "invested" && p != "acquired" && p != "founded")
      throw UsageError("unknown predicate '" + p + "'; expected invested, acquired or founded");
}

graph::Filter graph_filter(const std::vector<std::string>& via, const FactFilter& f) {
  check_predicates(via);
  graph::Filter gf;
  gf.predicates = via;
  gf.include_denied = f.include_denied;
  auto tighten_since = [&](int y) { gf.since = gf.since ? std::max(*gf.since, y) : y; };
  auto tighten_until = [&](int y) { gf.until = gf.until ? std::min(*gf.until, y) : y; };
  if (f.before) tighten_until(*f.before - 1);
  if (f.after) tighten_since(*f.after + 1);
  if (f.in_year) {
    tighten_since(*f.in_year);
    tighten_until(*f.in_year);
  }
  return gf;
}

std::string describe_fact(const KnowledgeGraph& g, size_t i) {
  const FactRow& f = g.fact(i);
  return g.entity(g.subject_of(i)).name + " " + f.predicate + " " + g.entity(g.object_of(i)).name;
}

std::set<int64_t> doc_ids(const FactRow& f) {
  std::set<int64_t> d;
  for (const auto& s : f.evidence) d.insert(s.doc_id != 0 ? s.doc_id : static_cast<int64_t>(std::hash<std::string>()(s.doc_path)));
  return d;
}

}  // namespace

bool FactFilter::accepts(const FactRow& f) const {
  if (!include_denied && (f.status == "denied" || f.status == "terminated")) return false;
  if (before || after || in_year) {
    if (!f.year) return false;
    if (before && !(*f.year < *before)) return false;
    if (after && !(*f.year > *after)) return false;
    if (in_year && *f.year != *in_year) return false;
  }
  if (min_amount) {
    double a = amount_value(f);
    if (std::isnan(a) || f.round_total) return false;
    if (a < *min_amount * (1 - 1e-9)) return false;
    if (!currency.empty() && f.currency != currency) return false;
  }
  return true;
}

FactFilter filter_of(const Question& q) {
  FactFilter f;
  f.before = q.before;
  f.after = q.after;
  f.in_year = q.in_year;
  f.min_amount = q.min_amount;
  f.currency = q.currency;
  return f;
}

Vertex resolve(const KnowledgeGraph& g, std::string_view name) {
  if (auto v = g.find(name)) return *v;
  std::string msg = "unknown entity '" + std::string(name) + "'";
  auto s = g.suggest(name, 3);
  if (!s.empty()) {
    msg += "; did you mean: ";
    for (size_t i = 0; i < s.size(); ++i) msg += (i ? ", " : "") + s[i];
    msg += "?";
  }
  throw UsageError(msg);
}

std::string plain_amount(const std::optional<double>& amount) {
  if (!amount || !std::isfinite(*amount)) return "";
  double a = *amount;
  char buf[64];
  if (std::fabs(a) < 1e18 && std::fabs(a - std::round(a)) < 1e-6) {
    std::snprintf(buf, sizeof buf, "%.0f", std::round(a));
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.4f", a);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

Table investors(const KnowledgeGraph& g, std::string_view name, const FactFilter& filter) {
  return family(g, name, filter, "invested", true, "investor", {"status", "round", "role", "sources"});
}

Table investors(const KnowledgeGraph& g, std::string_view name, std::optional<int> before, std::optional<int> after,
                std::optional<int> in_year, std::optional<double> min_amount, std::string_view currency) {
  FactFilter f;
  f.before = before;
  f.after = after;
  f.in_year = in_year;
  f.min_amount = min_amount;
  f.currency = std::string(currency);
  return investors(g, name, f);
}

Table portfolio(const KnowledgeGraph& g, std::string_view name, const FactFilter& filter) {
  return family(g, name, filter, "invested", false, "company", {"status", "round", "role", "sources"});
}

Table acquirers(const KnowledgeGraph& g, std::string_view name, const FactFilter& filter) {
  return family(g, name, filter, "acquired", true, "acquirer", {"status", "sources"});
}

Table acquisitions(const KnowledgeGraph& g, std::string_view name, const FactFilter& filter) {
  return family(g, name, filter, "acquired", false, "company", {"status", "sources"});
}

Table founders(const KnowledgeGraph& g, std::string_view name, const FactFilter& filter) {
  return family(g, name, filter, "founded", true, "founder", {"status", "sources"});
}

Table founded_by(const KnowledgeGraph& g, std::string_view name, const FactFilter& filter) {
  return family(g, name, filter, "founded", false, "company", {"status", "sources"});
}

Table co_investors(const KnowledgeGraph& g, std::string_view name, const FactFilter& filter) {
  Vertex x = resolve(g, name);
  graph::Filter inv;
  inv.predicates = {"invested"};
  inv.include_denied = true;
  Table t;
  t.columns = columns("co_investor", {"company", "status", "round", "role", "sources"});
  std::set<Vertex> companies;
  for (size_t i : g.out_facts(x, inv))
    if (filter.accepts(g.fact(i))) companies.insert(g.object_of(i));
  std::vector<Keyed> rows;
  for (Vertex c : companies) {
    for (size_t i : g.in_facts(c, inv)) {
      const FactRow& f = g.fact(i);
      Vertex y = g.subject_of(i);
      if (y == x || !filter.accepts(f)) continue;
      const std::string& yn = g.entity(y).name;
      auto row = base_row(f, yn);
      row.insert(row.end(), {g.entity(c).name, f.status, f.round, f.role, std::to_string(f.sources)});
      rows.push_back({i, yn, std::move(row)});
    }
  }
  finish(g, rows, t);
  if (companies.empty()) t.note = g.entity(x).name + " has no investments matching the question";
  return t;
}

Table timeline(const KnowledgeGraph& g, std::string_view name, const FactFilter& filter) {
  Vertex x = resolve(g, name);
  graph::Filter all;
  all.include_denied = true;
  std::vector<size_t> facts = g.out_facts(x, all);
  for (size_t i : g.in_facts(x, all))
    if (g.subject_of(i) != x) facts.push_back(i);  // self-loops are already in out_facts
  Table t;
  t.columns = columns("entity", {"month", "subject", "predicate", "object", "status", "sources"});
  std::vector<Keyed> rows;
  for (size_t i : facts) {
    const FactRow& f = g.fact(i);
    if (!filter.accepts(f)) continue;
    Vertex other = g.subject_of(i) == x ? g.object_of(i) : g.subject_of(i);
    const std::string& on = g.entity(other).name;
    auto row = base_row(f, on);
    row.insert(row.end(), {year_text(f.month), g.entity(g.subject_of(i)).name, f.predicate,
                           g.entity(g.object_of(i)).name, f.status, std::to_string(f.sources)});
    rows.push_back({i, on, std::move(row)});
  }
  finish(g, rows, t);
  return t;
}

Table path(const KnowledgeGraph& g, std::string_view a, std::string_view b, const std::vector<std::string>& via,
           bool all, const FactFilter& filter) {
  graph::Filter gf = graph_filter(via, filter);
  Vertex va = resolve(g, a), vb = resolve(g, b);
  Table t;
  t.columns = {"step", "from", "predicate", "to", "year", "amount", "sentence", "document"};
  std::vector<graph::Path> paths;
  if (all) {
    paths = g.all_shortest_paths(va, vb, gf, 100);
  } else if (auto p = g.shortest_path(va, vb, gf)) {
    paths.push_back(*p);
  }
  const std::string& na = g.entity(va).name;
  const std::string& nb = g.entity(vb).name;
  if (paths.empty()) {
    t.note = "no path between " + na + " and " + nb;
    return t;
  }
  if (va == vb) {
    t.note = na + " and " + nb + " are the same entity";
    return t;
  }
  for (size_t p = 0; p < paths.size(); ++p) {
    const auto& path = paths[p];
    for (size_t h = 0; h < path.steps.size(); ++h) {
      const graph::PathStep& s = path.steps[h];
      const FactRow& f = g.fact(s.facts.front());
      std::string step = all ? std::to_string(p + 1) + "." + std::to_string(h + 1) : std::to_string(h + 1);
      std::string pred = s.forward ? f.predicate : f.predicate + " by";
      std::string sentence, document;
      if (!f.evidence.empty()) {
        sentence = f.evidence.front().sentence;
        document = f.evidence.front().doc_path;
      }
      t.rows.push_back({step, g.entity(s.from).name, pred, g.entity(s.to).name, year_text(f.year),
                        plain_amount(f.amount), sentence, document});
    }
  }
  size_t hops = paths.front().steps.size();
  t.note = std::to_string(paths.size()) + (paths.size() == 1 ? " shortest path" : " shortest paths") + " of " +
           std::to_string(hops) + (hops == 1 ? " hop" : " hops") + " between " + na + " and " + nb;
  if (all && paths.size() >= 100) t.note += " (listing stopped at 100)";
  return t;
}

Table neighbors(const KnowledgeGraph& g, std::string_view x, int hops, const std::vector<std::string>& via,
                const FactFilter& filter) {
  if (hops < 1 || hops > 10) throw UsageError("hops must be between 1 and 10, got " + std::to_string(hops));
  graph::Filter gf = graph_filter(via, filter);
  Vertex c = resolve(g, x);
  graph::Neighborhood nb = g.neighbors(c, hops, gf);
  std::map<Vertex, int> dist;
  for (auto [v, d] : nb.vertices) dist[v] = d;
  Table t;
  t.columns = columns("entity", {"hops", "type", "link"});
  for (auto [v, d] : nb.vertices) {
    if (v == c) continue;
    // the link: a fact to the first (by name) vertex one hop closer to the centre
    std::optional<size_t> link;
    for (Vertex u : g.adjacent(v, gf)) {
      auto it = dist.find(u);
      if (it == dist.end() || it->second != d - 1) continue;
      auto fs = g.facts_between(u, v, gf);
      if (!fs.empty()) {
        link = fs.front();
        break;
      }
    }
    const EntityRow& e = g.entity(v);
    std::vector<std::string> row;
    if (link) {
      row = base_row(g.fact(*link), e.name);
    } else {
      row = {e.name, "", "", "", "", "", ""};
    }
    row.insert(row.end(), {std::to_string(d), e.type, link ? describe_fact(g, *link) : ""});
    t.rows.push_back(std::move(row));
  }
  t.note = std::to_string(t.rows.size()) + " entities within " + std::to_string(hops) +
           (hops == 1 ? " hop" : " hops") + " of " + g.entity(c).name;
  return t;
}

std::vector<Conflict> conflicts(const KnowledgeGraph& g, Vertex v) {
  graph::Filter all;
  all.include_denied = true;
  std::vector<size_t> facts = g.out_facts(v, all);
  for (size_t i : g.in_facts(v, all))
    if (g.subject_of(i) != v) facts.push_back(i);
  std::sort(facts.begin(), facts.end());
  std::vector<Conflict> out;
  for (size_t x = 0; x < facts.size(); ++x) {
    for (size_t y = x + 1; y < facts.size(); ++y) {
      size_t i = facts[x], j = facts[y];
      const FactRow& a = g.fact(i);
      const FactRow& b = g.fact(j);
      if (g.subject_of(i) != g.subject_of(j) || g.object_of(i) != g.object_of(j) || a.predicate != b.predicate)
        continue;
      std::string what;
      if (a.year && b.year && *a.year != *b.year)
        what = "year " + std::to_string(*a.year) + " vs " + std::to_string(*b.year);
      if (a.amount && b.amount && std::fabs(*a.amount - *b.amount) > 1e-6 * std::max(std::fabs(*a.amount), 1.0)) {
        if (!what.empty()) what += ", ";
        what += "amount " + plain_amount(a.amount) + (a.currency.empty() ? "" : " " + a.currency) + " vs " +
                plain_amount(b.amount) + (b.currency.empty() ? "" : " " + b.currency);
      }
      if (what.empty()) continue;
      auto da = doc_ids(a), db = doc_ids(b);
      if (da.empty() || db.empty()) continue;
      bool shared = std::any_of(da.begin(), da.end(), [&](int64_t d) { return db.count(d) > 0; });
      if (shared) continue;
      out.push_back({i, j, what});
    }
  }
  return out;
}

Table profile(const KnowledgeGraph& g, std::string_view name) {
  Vertex x = resolve(g, name);
  const EntityRow& e = g.entity(x);
  graph::Filter all;
  all.include_denied = true;
  std::vector<size_t> facts = g.out_facts(x, all);
  for (size_t i : g.in_facts(x, all))
    if (g.subject_of(i) != x) facts.push_back(i);
  auto cs = conflicts(g, x);
  std::map<size_t, std::string> conflict_text;
  for (const auto& c : cs) {
    auto add = [&](size_t f, size_t other) {
      std::string& s = conflict_text[f];
      if (!s.empty()) s += "; ";
      const FactRow& o = g.fact(other);
      s += c.what + " (fact " + std::to_string(o.id) +
           (o.evidence.empty() ? "" : ", " + o.evidence.front().doc_path) + ")";
    };
    add(c.first, c.second);
    add(c.second, c.first);
  }
  Table t;
  t.columns = columns("entity", {"subject", "predicate", "object", "status", "round", "role", "rule", "confidence",
                                 "conflict"});
  std::vector<Keyed> rows;
  for (size_t i : facts) {
    const FactRow& f = g.fact(i);
    Vertex other = g.subject_of(i) == x ? g.object_of(i) : g.subject_of(i);
    const std::string& on = g.entity(other).name;
    std::vector<SourceRow> sources = f.evidence;
    if (sources.empty()) sources.emplace_back();  // still list the fact
    for (const auto& s : sources) {
      FactRow one = f;
      one.evidence = {s};
      auto row = base_row(one, on);
      char conf[32];
      std::snprintf(conf, sizeof conf, "%.2f", s.rule.empty() && s.sentence.empty() ? f.confidence : s.confidence);
      row.insert(row.end(), {g.entity(g.subject_of(i)).name, f.predicate, g.entity(g.object_of(i)).name, f.status,
                             f.round, f.role, s.rule, conf,
                             conflict_text.count(i) ? conflict_text[i] : std::string()});
      rows.push_back({i, on, std::move(row)});
    }
  }
  finish(g, rows, t);
  std::string aliases;
  for (size_t i = 0; i < e.aliases.size(); ++i) aliases += (i ? ", " : "") + e.aliases[i];
  t.note = e.name + " (" + (e.type.empty() ? "unknown type" : e.type) + ")" +
           (aliases.empty() ? "" : "; aliases: " + aliases) + "; " + std::to_string(facts.size()) +
           (facts.size() == 1 ? " fact" : " facts") + "; " + std::to_string(cs.size()) +
           (cs.size() == 1 ? " possible conflict" : " possible conflicts");
  for (const auto& c : cs) t.note += "\nconflict: " + describe_fact(g, c.first) + ": " + c.what;
  return t;
}

Table answer(const KnowledgeGraph& g, const Question& q) {
  FactFilter f = filter_of(q);
  switch (q.kind) {
    case QuestionKind::Investors: return investors(g, q.a, f);
    case QuestionKind::Portfolio: return portfolio(g, q.a, f);
    case QuestionKind::Acquirers: return acquirers(g, q.a, f);
    case QuestionKind::Acquisitions: return acquisitions(g, q.a, f);
    case QuestionKind::Founders: return founders(g, q.a, f);
    case QuestionKind::FoundedBy: return founded_by(g, q.a, f);
    case QuestionKind::Path: return path(g, q.a, q.b, q.via, false, f);
    case QuestionKind::AllPaths: return path(g, q.a, q.b, q.via, true, f);
    case QuestionKind::Neighbors: return neighbors(g, q.a, q.hops, q.via, f);
    case QuestionKind::CoInvestors: return co_investors(g, q.a, f);
    case QuestionKind::Timeline: return timeline(g, q.a, f);
    case QuestionKind::Profile: return profile(g, q.a);
  }
  throw UsageError("unsupported question kind");
}

}  // namespace kg::queries
