// kg's curation commands: the analyst's judgements (merge, split, not-same, reject, confirm, correct, alias,
// add-fact, note, undo), their history and exchange (log, judgements export|import), re-extraction (reingest),
// the health check (doctor) and the review queue (review). Every change is a judgement; nothing is deleted.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "base/error.h"
#include "base/sha256.h"
#include "base/unicode.h"
#include "cli/command.h"
#include "ingest/import.h"
#include "ingest/pipeline.h"
#include "queries/answer.h"
#include "queries/review.h"
#include "queries/table.h"
#include "schema/json.h"

namespace kg::cli {
namespace {

using queries::plain_amount;
using queries::Table;

// ---- shared -----------------------------------------------------------------------------------------------

std::string author_of(const Parsed& p) {
  if (p.has("--author")) {
    std::string a = p.get("--author");
    if (a.empty()) throw UsageError("--author: empty name");
    return a;
  }
  const char* u = std::getenv("USER");
  return u && *u ? u : "analyst";
}

Judgement base_judgement(const Parsed& p, const std::string& kind) {
  Judgement j;
  j.kind = kind;
  j.reason = p.get("--reason");
  j.author = author_of(p);
  return j;
}

std::string describe(const FactRow& f) {
  std::string s = f.subject + " " + f.predicate + " " + f.object;
  if (f.year) s += " " + std::to_string(*f.year) + (f.month ? "-" + std::to_string(*f.month) : "");
  if (f.amount) s += " " + plain_amount(f.amount) + (f.currency.empty() ? "" : " " + f.currency);
  if (f.status != "completed") s += " (" + f.status + ")";
  return s;
}

bool is_hex(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

// A fact named by its id (any unique prefix of at least 4 hex digits). Unknown or ambiguous: UsageError.
std::string resolve_fact(const Store& store, const std::string& arg, const std::string& what = "FACT") {
  std::string id = arg;
  std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::tolower(c); });
  if (!is_hex(id) || id.size() < 4)
    throw UsageError(what + ": expected a fact id (4 to 64 hex digits, see kg facts --full), got '" + arg + "'");
  auto ids = store.fact_uids(id);
  if (ids.empty()) throw UsageError("unknown fact '" + arg + "' (kg facts --full lists the ids)");
  if (ids.size() > 1)
    throw UsageError("fact id '" + arg + "' is ambiguous (" + short_id(ids[0]) + ", " + short_id(ids[1]) +
                     (ids.size() > 2 ? ", …" : "") + "); give more digits");
  return ids[0];
}

// The fact as it is now, recorded in the judgement so that kg doctor can show it when the fact is gone.
json::Value snapshot(const Store& store, const std::string& uid, FactRow* first = nullptr) {
  auto rows = store.fact_rows(uid);
  json::Object o;
  if (rows.empty()) return o.value();
  const FactRow& f = rows.front();
  if (first) *first = f;
  o.add("subject", f.subject).add("predicate", f.predicate).add("object", f.object).add("year", f.year);
  o.add("month", f.month).add("amount", f.amount).add("currency", f.currency).add("status", f.status);
  if (!f.evidence.empty()) {
    o.add("quote", f.evidence.front().sentence);
    o.add("source", source_label(f.evidence.front()));
  }
  return o.value();
}

// An entity of the database (merges applied). Unknown: UsageError naming the argument.
EntityRow resolve_entity(const Store& store, const std::string& name, const std::string& what) {
  if (name.empty()) throw UsageError(what + ": empty entity name");
  auto e = store.find_entity(name);
  if (!e) throw UsageError("unknown entity '" + name + "' (" + what + "; kg entities lists them)");
  return *e;
}

// The key of the entity this name belongs to before merges (for split and not-same).
std::string resolve_raw(const Store& store, const std::string& name, const std::string& what) {
  std::string k = store.raw_entity_key(name);
  if (k.empty()) throw UsageError("unknown entity '" + name + "' (" + what + "; kg entities lists them)");
  return k;
}

// The lexicon entry for a name (data dir and --lexicon files), when the database does not know it yet.
std::optional<std::pair<std::string, std::string>> lexicon_entity(const Context& c, const std::string& name) {
  ingest::Lexicon lex;
  lex.load_file(c.data_dir + "/entities.tsv");
  for (const auto& f : c.lexicons) lex.load_file(f, "user");
  auto i = lex.find(name);
  if (!i) return std::nullopt;
  return std::make_pair(lex.entry(*i).name, lex.entry(*i).type);
}

void check_type(const std::string& opt, const std::string& t) {
  if (t != "person" && t != "organization" && t != "product")
    throw UsageError(opt + ": expected person, organization or product, got '" + t + "'");
}

int done(Context& c, const Judgement& j, const std::string& what) {
  c.out << what << " — judgement " << j.id << " (kg undo " << j.id << " takes it back)\n";
  return kFound;
}

// ---- entity judgements ------------------------------------------------------------------------------------

int cmd_merge(Context& c, const Parsed& p) {
  Store store(c.db_path);
  EntityRow a = resolve_entity(store, p.pos[0], "merge A");
  EntityRow b = resolve_entity(store, p.pos[1], "merge B");
  if (a.key == b.key) {
    c.out << p.pos[0] << " and " << p.pos[1] << " are already one entity: " << a.name << "\n";
    return kFound;
  }
  if (a.type != b.type && !p.has("--force"))
    throw UsageError("merge: " + a.name + " is a " + a.type + " and " + b.name + " a " + b.type +
                     "; add --force to merge them anyway");
  Judgement j = base_judgement(p, "merge");
  j.target = a.key;
  j.target2 = b.key;
  j.payload = json::Object().add("survivor", a.name).add("absorbed", b.name).add("absorbed_type", b.type).str();
  j = store.add_judgement(j);
  return done(c, j, "merged " + b.name + " into " + a.name);
}

int cmd_split(Context& c, const Parsed& p) {
  Store store(c.db_path);
  std::string k = resolve_raw(store, p.pos[0], "split X");
  Judgement j = base_judgement(p, "split");
  j.target = k;
  j.payload = json::Object().add("entity", p.pos[0]).add("was_part_of", store.canonical_key(k)).str();
  bool merged = false;
  for (const auto& x : store.judgements(k))
    if (x.kind == "merge" && x.active()) merged = true;
  if (!merged) throw UsageError("split: '" + p.pos[0] + "' is not merged with another entity");
  j = store.add_judgement(j);
  return done(c, j, "split " + p.pos[0] + " out of its merge");
}

int cmd_not_same(Context& c, const Parsed& p) {
  Store store(c.db_path);
  std::string a = resolve_raw(store, p.pos[0], "not-same A");
  std::string b = resolve_raw(store, p.pos[1], "not-same B");
  if (a == b) throw UsageError("not-same: '" + p.pos[0] + "' and '" + p.pos[1] + "' are spellings of one entity");
  Judgement j = base_judgement(p, "not_same");
  j.target = std::min(a, b);
  j.target2 = std::max(a, b);
  j.payload = json::Object().add("a", p.pos[0]).add("b", p.pos[1]).str();
  j = store.add_judgement(j);
  return done(c, j, "recorded: " + p.pos[0] + " and " + p.pos[1] + " are different entities");
}

int cmd_alias(Context& c, const Parsed& p) {
  if (p.pos[0] != "add") throw UsageError("unknown alias action '" + p.pos[0] + "'; usage: kg alias add ENTITY ALIAS");
  if (p.pos[1].empty() || p.pos[2].empty()) throw UsageError("alias add: ENTITY and ALIAS must not be empty");
  if (p.has("--type")) check_type("--type", p.get("--type"));
  if (p.has("--new")) check_type("--new", p.get("--new"));
  Store store(c.db_path);
  std::string name, type;
  if (auto e = store.find_entity(p.pos[1])) {
    if (p.has("--new")) throw UsageError("alias add --new: '" + p.pos[1] + "' already exists as " + e->name);
    for (const auto& a : e->aliases)
      if (a == p.pos[2]) {
        c.out << "alias already known: " << p.pos[2] << " -> " << e->name << "\n";
        return kFound;
      }
    name = e->name;
    type = e->type;
  } else if (auto lex = lexicon_entity(c, p.pos[1])) {
    name = lex->first;
    type = lex->second;
  } else if (p.has("--new")) {
    name = p.pos[1];
    type = p.get("--new");
  } else {
    throw UsageError("unknown entity '" + p.pos[1] + "' (alias add ENTITY); add --new TYPE to create it");
  }
  Judgement j = base_judgement(p, "alias");
  j.target = entity_key(name);
  j.payload = json::Object().add("entity", name).add("type", type).add("alias", p.pos[2]).str();
  j = store.add_judgement(j);
  return done(c, j, "added alias " + p.pos[2] + " -> " + name);
}

// ---- fact judgements --------------------------------------------------------------------------------------

int fact_verdict(Context& c, const Parsed& p, const std::string& kind) {
  Store store(c.db_path);
  std::string uid = resolve_fact(store, p.pos[0]);
  FactRow f;
  Judgement j = base_judgement(p, kind);
  j.target = uid;
  j.payload = json::Object().add_raw("was", snapshot(store, uid, &f)).str();
  j = store.add_judgement(j);
  int rc = done(c, j, std::string(kind == "reject" ? "rejected " : "confirmed ") + short_id(uid) + ": " + describe(f));
  if (kind == "reject") {
    // Rows that had folded into the rejected fact now stand on their own: say so, they may need a judgement too.
    for (const auto& g : store.facts(false))
      if (g.subject == f.subject && g.predicate == f.predicate && g.object == f.object)
        c.out << "still listed: " << short_id(g.key) << " " << describe(g) << "\n";
  }
  return rc;
}

int cmd_reject(Context& c, const Parsed& p) { return fact_verdict(c, p, "reject"); }
int cmd_confirm(Context& c, const Parsed& p) { return fact_verdict(c, p, "confirm"); }

int cmd_correct(Context& c, const Parsed& p) {
  if (!p.has("--year") && !p.has("--month") && !p.has("--amount") && !p.has("--currency"))
    throw UsageError("correct: give at least one of --year, --month, --amount, --currency");
  json::Object o;
  if (p.has("--year")) o.add("year", parse_int("--year", p.get("--year"), 1800, 2100));
  if (p.has("--month")) o.add("month", parse_int("--month", p.get("--month"), 1, 12));
  if (p.has("--amount")) o.add("amount", parse_amount("--amount", p.get("--amount")));
  if (p.has("--currency")) {
    std::string cur = p.get("--currency");
    if (cur.size() != 3 || !std::all_of(cur.begin(), cur.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
      throw UsageError("--currency: expected an ISO 4217 code such as USD or CNY, got '" + cur + "'");
    o.add("currency", cur);
  }
  Store store(c.db_path);
  std::string uid = resolve_fact(store, p.pos[0]);
  FactRow f;
  o.add_raw("was", snapshot(store, uid, &f));
  Judgement j = base_judgement(p, "correct");
  j.target = uid;
  j.payload = o.str();
  j = store.add_judgement(j);
  auto now = store.fact_rows(uid);
  return done(c, j, "corrected " + short_id(uid) + ": " + describe(f) + " → " + (now.empty() ? "?" : describe(now[0])));
}

int cmd_add_fact(Context& c, const Parsed& p) {
  std::string evidence = p.get("--evidence");
  if (evidence.empty()) throw UsageError("add-fact: --evidence TEXT is required (where does this fact come from?)");
  std::string pred = p.pos[1];
  if (pred != "invested" && pred != "acquired" && pred != "founded")
    throw UsageError("add-fact P: expected invested, acquired or founded, got '" + pred + "'");
  std::optional<int> year, month;
  std::optional<double> amount;
  std::string currency = p.get("--currency");
  if (p.has("--year")) year = parse_int("--year", p.get("--year"), 1800, 2100);
  if (p.has("--month")) month = parse_int("--month", p.get("--month"), 1, 12);
  if (month && !year) throw UsageError("--month needs --year");
  if (p.has("--amount")) amount = parse_amount("--amount", p.get("--amount"));
  if (!currency.empty() &&
      (currency.size() != 3 || !std::all_of(currency.begin(), currency.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; })))
    throw UsageError("--currency: expected an ISO 4217 code such as USD or CNY, got '" + currency + "'");
  Store store(c.db_path);
  std::string status = p.get("--status", "completed");
  static const std::set<std::string> statuses = {"completed", "planned", "pending", "rumoured", "denied", "terminated"};
  if (!statuses.count(status))
    throw UsageError("--status: expected completed, planned, pending, rumoured, denied or terminated, got '" + status + "'");
  for (const char* opt : {"--subject-type", "--object-type"})
    if (p.has(opt)) check_type(opt, p.get(opt));
  auto entity = [&](const std::string& name, const char* what, const char* type_opt) -> std::pair<std::string, std::string> {
    if (name.empty()) throw UsageError(std::string(what) + ": empty entity name");
    if (auto e = store.find_entity(name)) return {e->name, e->type};
    if (auto lex = lexicon_entity(c, name)) return *lex;
    if (p.has(type_opt)) return {name, p.get(type_opt)};
    throw UsageError(std::string("unknown entity '") + name + "' (" + what + "); add " + type_opt +
                     " TYPE to create it");
  };
  auto [s, st] = entity(p.pos[0], "add-fact S", "--subject-type");
  auto [o, ot] = entity(p.pos[2], "add-fact O", "--object-type");
  Judgement j = base_judgement(p, "fact");
  j.target = fact_uid(s, pred, o, year, month, amount, currency, status);
  j.evidence = evidence;
  json::Object pl;
  pl.add("subject", s).add("subject_key", entity_key(s)).add("subject_type", st).add("predicate", pred);
  pl.add("object", o).add("object_key", entity_key(o)).add("object_type", ot);
  pl.add("year", year).add("month", month).add("amount", amount);
  if (!currency.empty()) pl.add("currency", currency);
  if (status != "completed") pl.add("status", status);
  j.payload = pl.str();
  j = store.add_judgement(j);
  FactRow f;
  f.subject = s;
  f.predicate = pred;
  f.object = o;
  f.year = year;
  f.month = month;
  f.amount = amount;
  f.currency = currency;
  f.status = status;
  return done(c, j, "added fact " + short_id(j.target) + ": " + describe(f));
}

// ---- notes, history, undo ---------------------------------------------------------------------------------

// A KEY on the command line: a judgement id, a fact id (hex prefix) or an entity name. Returns (kind, key).
std::pair<std::string, std::string> resolve_key(const Store& store, const std::string& arg) {
  std::string lower = arg;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
  if (is_hex(lower) && lower.size() >= 4) {
    auto ids = store.fact_uids(lower);
    if (ids.size() == 1) return {"fact", ids[0]};
    if (ids.size() > 1) throw UsageError("fact id '" + arg + "' is ambiguous; give more digits");
    if (auto j = store.judgement(lower)) return {"judgement", j->id};
  }
  std::string k = store.raw_entity_key(arg);
  if (!k.empty()) return {"entity", k};
  // A fact or entity that no longer exists still has its history.
  if (is_hex(lower) && lower.size() >= 4)
    for (const auto& j : store.judgements())
      if (j.target.rfind(lower, 0) == 0) return {"fact", j.target};
  if (!store.judgements(entity_key(arg)).empty()) return {"entity", entity_key(arg)};
  throw UsageError("unknown key '" + arg + "' (a fact id, an entity name or a judgement id)");
}

int cmd_note(Context& c, const Parsed& p) {
  if (p.pos[1].empty()) throw UsageError("note: TEXT must not be empty");
  Store store(c.db_path);
  auto [kind, key] = resolve_key(store, p.pos[0]);
  Judgement j = base_judgement(p, "note");
  j.target = key;
  j.evidence = p.pos[1];
  json::Object o;
  o.add("target_kind", kind);
  if (kind == "fact") o.add_raw("was", snapshot(store, key));
  j.payload = o.str();
  j = store.add_judgement(j);
  return done(c, j, "noted on " + kind + " " + (kind == "entity" ? p.pos[0] : short_id(key)));
}

Table judgement_table(const std::vector<Judgement>& js) {
  Table t;
  t.columns = {"judgement", "created_at", "author", "kind", "target", "target2", "in_force", "reason", "evidence",
               "payload"};
  for (const auto& j : js) {
    std::string target = j.kind == "reject" || j.kind == "confirm" || j.kind == "correct" || j.kind == "fact" ||
                                 (j.kind == "note" && j.target.size() == 64)
                             ? short_id(j.target)
                             : j.target;
    t.rows.push_back({j.id, j.created_at, j.author, j.kind, target, j.target2,
                      j.active() ? "yes" : "no (" + j.superseded_by + ")", j.reason, j.evidence, j.payload});
  }
  return t;
}

int cmd_log(Context& c, const Parsed& p) {
  auto store = open_read(c);
  auto [kind, key] = resolve_key(*store, p.pos[0]);
  std::vector<Judgement> js;
  if (kind == "judgement") {
    for (const auto& j : store->judgements())
      if (j.id == key || j.target == key || j.superseded_by == key) js.push_back(j);
  } else {
    js = store->judgements(key);
    // The undos of those judgements belong to the history too.
    std::set<std::string> ids;
    for (const auto& j : js) ids.insert(j.id);
    std::vector<Judgement> all = store->judgements();
    std::vector<Judgement> with_undos;
    for (const auto& j : all)
      if (ids.count(j.id) || (j.kind == "undo" && ids.count(j.target))) with_undos.push_back(j);
    js = std::move(with_undos);
  }
  return print(c, judgement_table(js), format_of(p));
}

int cmd_undo(Context& c, const Parsed& p) {
  Store store(c.db_path);
  auto old = store.judgement(p.pos[0]);
  if (!old) throw UsageError("undo: unknown judgement '" + p.pos[0] + "' (kg log KEY shows judgement ids)");
  Judgement u = store.undo(old->id, p.get("--reason"), author_of(p));
  auto v = json::parse(u.payload);
  std::string restored;
  if (const json::Value* r = v.get("restored"))
    for (const auto& x : r->items) restored += (restored.empty() ? "" : ", ") + x.str;
  c.out << "undid " << old->kind << " " << old->id << (restored.empty() ? "" : "; back in force: " + restored)
        << " — judgement " << u.id << "\n";
  return kFound;
}

// ---- export / import --------------------------------------------------------------------------------------

std::string judgement_line(const Judgement& j) {
  json::Object o;
  o.add("id", j.id).add("kind", j.kind).add("target", j.target).add("target2", j.target2);
  json::Value payload;
  try {
    payload = json::parse(j.payload);
  } catch (const UsageError&) {
    payload = json::Value(json::Value::String);
    payload.str = j.payload;
  }
  o.add_raw("payload", payload);
  o.add("evidence", j.evidence).add("reason", j.reason).add("author", j.author).add("created_at", j.created_at);
  o.add("superseded_at", j.superseded_at).add("superseded_by", j.superseded_by);
  return o.str();
}

Judgement judgement_of(const json::Value& v, const std::string& file, int line) {
  if (v.type != json::Value::Object) throw FileError(file, "expected one JSON object per line", line);
  Judgement j;
  j.id = v.get_string("id");
  j.kind = v.get_string("kind");
  j.target = v.get_string("target");
  j.target2 = v.get_string("target2");
  if (const json::Value* pl = v.get("payload")) j.payload = pl->type == json::Value::String ? pl->str : json::write(*pl);
  j.evidence = v.get_string("evidence");
  j.reason = v.get_string("reason");
  j.author = v.get_string("author");
  j.created_at = v.get_string("created_at");
  j.superseded_at = v.get_string("superseded_at");
  j.superseded_by = v.get_string("superseded_by");
  if (j.id.empty() || j.kind.empty() || j.target.empty() || j.author.empty() || j.created_at.empty())
    throw FileError(file, "a judgement needs id, kind, target, author and created_at", line);
  return j;
}

int cmd_judgements(Context& c, const Parsed& p) {
  const std::string& action = p.pos[0];
  if (action == "export") {
    if (p.pos.size() > 2) throw UsageError("judgements export: at most one FILE");
    auto store = open_read(c);
    std::string text;
    auto js = store->judgements();
    for (const auto& j : js) text += judgement_line(j) + "\n";
    if (p.pos.size() == 2) {
      std::ofstream f(p.pos[1], std::ios::binary);
      if (!f || !(f << text)) throw FileError(p.pos[1], "cannot write judgements");
      c.out << "wrote " << js.size() << " judgement" << (js.size() == 1 ? "" : "s") << " to " << p.pos[1] << "\n";
    } else {
      c.out << text;
    }
    return js.empty() ? kNoResult : kFound;
  }
  if (action == "import") {
    if (p.pos.size() != 2) throw UsageError("judgements import: give one FILE");
    std::ifstream in(p.pos[1], std::ios::binary);
    if (!in) throw FileError(p.pos[1], "cannot read judgements");
    std::vector<Judgement> js;
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      json::Value v;
      try {
        v = json::parse(line);
      } catch (const UsageError& e) {
        throw FileError(p.pos[1], e.what(), n);
      }
      js.push_back(judgement_of(v, p.pos[1], n));
    }
    Store store(c.db_path);
    int added = store.import_judgements(js);
    c.out << "imported " << added << " new judgement" << (added == 1 ? "" : "s") << " of " << js.size() << " from "
          << p.pos[1] << "\n";
    return kFound;
  }
  if (action == "list") {
    if (p.pos.size() != 1) throw UsageError("judgements list takes no FILE");
    auto store = open_read(c);
    return print(c, judgement_table(store->judgements()), format_of(p));
  }
  throw UsageError("unknown judgements action '" + action + "'; usage: kg judgements list|export [FILE]|import FILE");
}

// ---- reingest ---------------------------------------------------------------------------------------------

bool read_bytes(const std::string& path, std::string& bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  bytes = ss.str();
  return true;
}

int cmd_reingest(Context& c, const Parsed& p) {
  ingest::Resources res = ingest::Resources::load(c.data_dir, c.lexicons);
  Store store(c.db_path);
  for (const auto& e : store.user_entities()) res.lexicon.add(e.name, e.type, e.aliases, "user");
  const size_t facts_before = store.facts(false).size();
  RebuildResult r = store.rebuild([&](const StoredDocument& d, std::string& why) -> std::optional<ExtractedDocument> {
    std::string bytes = d.doc.raw;
    if (!d.has_raw) {
      if (!read_bytes(d.doc.path, bytes)) {
        why = "not re-extracted: its bytes were not stored (schema 1) and the file cannot be read";
        return std::nullopt;
      }
      if (sha256_hex(bytes) != d.doc.sha256) {
        why = "not re-extracted: its bytes were not stored (schema 1) and the file has changed (sha256 differs)";
        return std::nullopt;
      }
    }
    try {
      ExtractedDocument x;
      if (d.doc.format == ingest::kFactTableFormat) {
        x = ingest::import_fact_table(d.doc.path, bytes);
      } else {
        ingest::IngestOptions io;
        if (d.doc.pub_date_source == "given") io.date = d.doc.pub_date;
        x = ingest::process_document(d.doc.path, bytes, res, io);
      }
      x.doc.path = d.doc.path;
      x.doc.sha256 = d.doc.sha256;
      x.doc.bytes = d.doc.bytes;
      x.doc.raw = bytes;
      return x;
    } catch (const FileError& e) {
      why = std::string("not re-extracted: ") + e.what();
      return std::nullopt;
    }
  });
  const size_t facts_after = store.facts(false).size();
  c.out << "reingested " << r.documents << " document" << (r.documents == 1 ? "" : "s") << ": " << r.sentences
        << " sentences, " << r.facts << " extracted fact rows; " << facts_before << " facts before, " << facts_after
        << " after (judgements applied)\n";
  for (const auto& s : r.skipped) c.err << "warning: " << s << "\n";
  if (!r.skipped.empty())
    c.out << r.skipped.size() << " document" << (r.skipped.size() == 1 ? "" : "s")
          << " kept as they were (see the warnings)\n";
  c.out << "run kg doctor to check that every judgement still finds its target\n";
  return kFound;
}

// ---- doctor -----------------------------------------------------------------------------------------------

std::string was_text(const json::Value& was) {
  std::string s = was.get_string("subject") + " " + was.get_string("predicate") + " " + was.get_string("object");
  if (auto y = was.get_number("year")) s += " " + std::to_string(static_cast<int>(*y));
  if (auto m = was.get_number("month")) s += "-" + std::to_string(static_cast<int>(*m));
  if (auto a = was.get_number("amount")) s += " " + plain_amount(*a) + " " + was.get_string("currency");
  std::string st = was.get_string("status");
  if (!st.empty() && st != "completed") s += " (" + st + ")";
  return s;
}

// How far a current fact is from the values a judgement recorded (same subject, predicate and object).
double distance(const json::Value& was, const FactRow& f) {
  double d = 0;
  auto y = was.get_number("year");
  if (y && f.year) d += std::fabs(*y - *f.year);
  else if (y || f.year) d += 0.5;
  auto m = was.get_number("month");
  if (m && f.month) d += std::fabs(*m - *f.month) / 12.0;
  else if (m || f.month) d += 0.25;
  auto a = was.get_number("amount");
  if (a && f.amount && *a > 0 && *f.amount > 0) d += std::fabs(std::log10(*a / *f.amount));
  else if (a || f.amount) d += 0.5;
  if (was.get_string("currency") != f.currency) d += 0.5;
  if (was.get_string("status") != f.status) d += 2;
  return d;
}

std::string settle_command(const Judgement& j, const std::string& new_id) {
  std::string cmd = "kg " + j.kind + " " + short_id(new_id);
  if (j.kind == "correct") {
    auto v = json::parse(j.payload);
    if (auto y = v.get_number("year")) cmd += " --year " + std::to_string(static_cast<int>(*y));
    if (auto m = v.get_number("month")) cmd += " --month " + std::to_string(static_cast<int>(*m));
    if (auto a = v.get_number("amount")) cmd += " --amount " + plain_amount(*a);
    std::string cur = v.get_string("currency");
    if (!cur.empty()) cmd += " --currency " + cur;
  }
  if (j.kind == "note") cmd += " '" + j.evidence + "'";
  return cmd;
}

int cmd_doctor(Context& c, const Parsed&) {
  auto store = open_read(c);
  FactOptions all;
  all.include_rejected = true;
  all.with_evidence = false;
  std::vector<FactRow> facts = store->facts(all);
  std::set<std::string> uids;
  for (const auto& u : store->fact_uids("")) uids.insert(u);
  std::vector<EntityRow> entities;  // loaded when first needed
  int problems = 0, in_force = 0;
  for (const auto& j : store->judgements()) {
    if (!j.active() || j.kind == "undo" || j.kind == "split" || j.kind == "alias" || j.kind == "fact") {
      in_force += j.active();
      continue;
    }
    ++in_force;
    json::Value payload = json::parse(j.payload);
    bool fact_target = j.kind == "reject" || j.kind == "confirm" || j.kind == "correct" ||
                       (j.kind == "note" && payload.get_string("target_kind") == "fact");
    if (fact_target) {
      if (uids.count(j.target)) continue;
      ++problems;
      c.out << "judgement " << j.id << ": " << j.kind << " " << short_id(j.target) << " (" << j.created_at << ", "
            << j.author << ") — the fact no longer exists\n";
      const json::Value* was = payload.get("was");
      if (!was || was->type != json::Value::Object || was->fields.empty()) {
        c.out << "  was: (not recorded)\n";
        continue;
      }
      c.out << "  was: " << was_text(*was) << "\n";
      if (!was->get_string("quote").empty())
        c.out << "  quote: " << was->get_string("quote") << " [" << was->get_string("source") << "]\n";
      // The old names, as they are read now (a renamed entity is found by its old name as an alias).
      auto now_key = [&](const std::string& name) {
        auto e = store->find_entity(name);
        return e ? e->key : store->canonical_key(entity_key(name));
      };
      std::string sk = now_key(was->get_string("subject"));
      std::string ok = now_key(was->get_string("object"));
      const FactRow* best = nullptr;
      double best_d = 1e18;
      for (const auto& f : facts) {
        if (f.predicate != was->get_string("predicate")) continue;
        // An effective fact names effective entities, whose key is the fold key of their name.
        if (entity_key(f.subject) != sk || entity_key(f.object) != ok) continue;
        double d = distance(*was, f);
        if (d < best_d) {
          best_d = d;
          best = &f;
        }
      }
      if (best) {
        c.out << "  nearest: " << short_id(best->key) << " " << describe(*best) << "\n";
        c.out << "  settle: " << settle_command(j, best->key) << "   (the old judgement stays, inert; kg undo "
              << j.id << " to retire it)\n";
      } else {
        c.out << "  nearest: no fact with the same subject, predicate and object\n";
      }
      continue;
    }
    std::vector<std::string> keys = {j.target};
    if (!j.target2.empty()) keys.push_back(j.target2);
    std::vector<std::string> missing;
    for (const auto& k : keys)
      if (!store->entity_key_exists(k)) missing.push_back(k);
    if (j.kind == "note" && payload.get_string("target_kind") == "judgement") missing.clear();
    if (missing.empty()) continue;
    ++problems;
    c.out << "judgement " << j.id << ": " << j.kind << " " << j.target << (j.target2.empty() ? "" : " " + j.target2)
          << " (" << j.created_at << ", " << j.author << ") — no entity with key";
    for (const auto& m : missing) c.out << " '" << m << "'";
    c.out << "\n";
    for (const auto& m : missing) {
      if (auto now = store->find_entity(m)) {
        c.out << "  '" << m << "' is now a spelling of " << now->name << " (key '" << now->key << "')";
        if (j.kind == "merge" && store->canonical_key(j.target) == store->canonical_key(j.target2))
          c.out << "; the merge is no longer needed: kg undo " << j.id;
        c.out << "\n";
        continue;
      }
      std::vector<std::string> near;
      if (entities.empty()) entities = store->entities();
      for (const auto& e : entities)
        if (e.key.size() >= 2 && m.size() >= 2 && (e.key.find(m) != std::string::npos || m.find(e.key) != std::string::npos))
          near.push_back(e.name);
      c.out << "  nearest for '" << m << "': ";
      if (near.empty()) c.out << "none";
      for (size_t i = 0; i < near.size() && i < 5; ++i) c.out << (i ? ", " : "") << near[i];
      c.out << "\n";
    }
  }
  // Documents that kg reingest could not re-extract.
  for (const auto& d : store->documents()) {
    if (d.has_raw) continue;
    std::string bytes;
    if (read_bytes(d.doc.path, bytes) && sha256_hex(bytes) == d.doc.sha256) continue;
    ++problems;
    c.out << "document " << d.doc.path << ": its bytes were not stored (schema 1) and the file is missing or has "
          << "changed; kg reingest keeps its old extraction\n";
  }
  if (problems == 0) {
    c.out << "healthy: " << in_force << " judgement" << (in_force == 1 ? "" : "s")
          << " in force, every one finds its target\n";
    return kFound;
  }
  c.out << problems << " problem" << (problems == 1 ? "" : "s") << " found\n";
  return kNoResult;
}

// ---- review -----------------------------------------------------------------------------------------------

int cmd_review(Context& c, const Parsed& p) {
  auto store = open_read(c);
  size_t limit = p.has("--limit") ? static_cast<size_t>(parse_int("--limit", p.get("--limit"), 1, 100000)) : 50;
  queries::ReviewInput in;
  in.entities = store->entities();
  in.suffixes = queries::load_legal_suffixes(c.data_dir + "/legal_suffixes.txt");
  for (const auto& j : store->judgements())
    if (j.kind == "merge" || j.kind == "not_same") {
      in.judged.insert({j.target, j.target2});
      in.judged.insert({j.target2, j.target});
    }
  auto g = graph::KnowledgeGraph::build(in.entities, store->facts(true));
  auto items = queries::review(in, g);
  Table t;
  t.columns = {"item", "kind", "about", "why", "settle"};
  for (size_t i = 0; i < items.size() && i < limit; ++i)
    t.rows.push_back({items[i].key, items[i].kind, items[i].about, items[i].why, items[i].settle});
  if (items.size() > limit) t.note = "showing " + std::to_string(limit) + " of " + std::to_string(items.size());
  return print(c, t, format_of(p));
}

}  // namespace

std::vector<CommandSpec> curation_commands() {
  const std::set<std::string> who = {"--reason", "--author"};
  auto with = [&](std::set<std::string> extra) {
    extra.insert(who.begin(), who.end());
    return extra;
  };
  return {
      {"merge", "merge A B", "judge that B is the same entity as A (B's facts and names go to A)",
       "kg merge A B [--force] [--reason TEXT] [--author NAME]\n  Records that B is the same entity as A: B's names "
       "and facts are read as A's. --force merges entities of different types. Undo: kg split B or kg undo ID.",
       {"--force"}, who, {}, 2, 2, cmd_merge},
      {"split", "split X", "take X out of the merge it is part of",
       "kg split X [--reason TEXT] [--author NAME]\n  Undoes the merge that made X part of another entity (or, "
       "when X is the survivor, every merge into X).",
       {}, who, {}, 1, 1, cmd_split},
      {"not-same", "not-same A B", "judge that A and B are different entities (kg review stops proposing them)",
       "kg not-same A B [--reason TEXT] [--author NAME]\n  Records that A and B are different; if they were merged, "
       "the merge is undone.",
       {}, who, {}, 2, 2, cmd_not_same},
      {"reject", "reject FACT", "judge a fact wrong: queries and exports leave it out",
       "kg reject FACT [--reason TEXT] [--author NAME]\n  FACT is a fact id (kg facts --full; any unique prefix of "
       "4+ hex digits). Undo: kg confirm FACT or kg undo ID.",
       {}, who, {}, 1, 1, cmd_reject},
      {"confirm", "confirm FACT", "judge a fact right (--confirmed-only keeps it)",
       "kg confirm FACT [--reason TEXT] [--author NAME]\n  Replaces an earlier reject of the same fact.",
       {}, who, {}, 1, 1, cmd_confirm},
      {"correct", "correct FACT [--year Y]", "correct a fact's year, month, amount or currency",
       "kg correct FACT [--year Y] [--month M] [--amount N] [--currency C] [--reason TEXT] [--author NAME]\n  The "
       "fact keeps its id and evidence; the values given replace the extracted ones (a later correct replaces "
       "this one).",
       {}, with({"--year", "--month", "--amount", "--currency"}), {}, 1, 1, cmd_correct},
      {"alias", "alias add ENTITY ALIAS", "teach kg another name for an entity",
       "kg alias add ENTITY ALIAS [--new TYPE] [--reason TEXT] [--author NAME]\n  ENTITY must be known to the "
       "database or the lexicon; --new person|organization|product creates it. --type is accepted for the "
       "older form and ignored for known entities.",
       {}, with({"--type", "--new"}), {}, 3, 3, cmd_alias},
      {"add-fact", "add-fact S P O --evidence", "add a fact from another source, with its evidence",
       "kg add-fact S P O --evidence TEXT [--year Y] [--month M] [--amount N] [--currency C] [--status S] "
       "[--subject-type T] [--object-type T] [--reason TEXT] [--author NAME]\n  P is invested, acquired or founded. "
       "S and O must be known to the database or the lexicon, unless --subject-type/--object-type "
       "(person|organization|product) create them. The evidence is shown as the fact's source.",
       {}, with({"--evidence", "--year", "--month", "--amount", "--currency", "--status", "--subject-type", "--object-type"}),
       {}, 3, 3, cmd_add_fact},
      {"note", "note KEY TEXT", "attach a note to a fact, an entity or a judgement",
       "kg note KEY TEXT [--author NAME]\n  KEY: a fact id, an entity name or a judgement id.", {}, who, {}, 2, 2,
       cmd_note},
      {"log", "log KEY", "the judgements about a fact, an entity or a judgement",
       "kg log KEY [--format table|tsv|json]\n  History of a fact id, entity name or judgement id, oldest first.",
       {}, {"--format"}, {}, 1, 1, cmd_log},
      {"undo", "undo JUDGEMENT", "take back a judgement (what it replaced comes back)",
       "kg undo JUDGEMENT [--reason TEXT] [--author NAME]\n  Records an undo; the judgement stays in the log, no "
       "longer in force. An undo cannot be undone: run the original command again.",
       {}, who, {}, 1, 1, cmd_undo},
      {"judgements", "judgements export|import", "list judgements, or exchange them as JSON lines",
       "kg judgements list [--format F] | kg judgements export [FILE] | kg judgements import FILE\n  export writes "
       "one JSON object per judgement in order of arrival; import adds those not yet stored (by id) and is "
       "idempotent.",
       {}, {"--format"}, {}, 1, 2, cmd_judgements},
      {"reingest", "reingest", "re-extract every stored document with the current lexicon and patterns",
       "kg reingest\n  Rebuilds sentences, mentions, facts and sources from the stored documents in one "
       "transaction; judgements are kept and re-attach by their content ids (check with kg doctor).",
       {}, {}, {}, 0, 0, cmd_reingest},
      {"doctor", "doctor", "judgements whose target is gone, with where to re-attach them",
       "kg doctor\n  Lists judgements in force whose fact or entity no longer exists (with the values and quote "
       "recorded when they were made) and the nearest existing target. Exit 0 healthy, 1 problems found.",
       {}, {}, {}, 0, 0, cmd_doctor},
      {"review", "review", "ranked queue: likely duplicates, conflicting and low-confidence facts",
       "kg review [--limit N] [--format F]\n  Each item has an id and the commands that settle it; a judged pair "
       "or fact does not come back.",
       {}, {"--limit", "--format"}, {}, 0, 0, cmd_review},
  };
}

}  // namespace kg::cli
