#include "ingest/patterns.h"

#include <algorithm>
#include <bitset>
#include <sstream>

#include "base/error.h"
#include "base/text.h"
#include "base/unicode.h"
#include "ingest/datafile.h"

namespace kg::ingest {

bool clause_break(char32_t c) {
  return c == ',' || c == ';' || c == U'。' || c == '!' || c == '?' || c == ':' || c == '\n' || c == U'…';
}

namespace {

const std::u32string kListSeps[] = {U"以及", U"及其", U"、", U"和", U"与", U"及", U"跟", U"同"};
const std::u32string kListEnds[] = {U"等等", U"等"};

struct Matcher {
  const Pattern& p;
  const std::vector<Token>& toks;
  std::vector<int> S, O;
  size_t trig_b = 0, trig_e = 0;
  bool trig_set = false;

  bool lit_at(size_t i, const std::u32string& w) const {
    if (i + w.size() > toks.size()) return false;
    for (size_t k = 0; k < w.size(); ++k)
      if (toks[i + k].kind != TokKind::Char || toks[i + k].ch != w[k]) return false;
    return true;
  }

  // Parses an enumeration starting at i; returns all possible end positions (longest first) with their lists.
  void lists_at(size_t i, bool allow_list, std::vector<std::pair<size_t, std::vector<int>>>& out) const {
    if (i >= toks.size() || toks[i].kind != TokKind::Entity) return;
    std::vector<int> items{toks[i].index};
    size_t pos = i + 1;
    std::vector<std::pair<size_t, std::vector<int>>> found;
    found.push_back({pos, items});
    while (allow_list) {
      bool next = false;
      for (const auto& sep : kListSeps) {
        if (lit_at(pos, sep) && pos + sep.size() < toks.size() && toks[pos + sep.size()].kind == TokKind::Entity) {
          pos += sep.size();
          items.push_back(toks[pos].index);
          ++pos;
          found.push_back({pos, items});
          next = true;
          break;
        }
      }
      if (!next) break;
    }
    // Optional 等 after the list.
    for (auto it = found.rbegin(); it != found.rend(); ++it) {
      for (const auto& e : kListEnds)
        if (lit_at(it->first, e)) {
          out.push_back({it->first + e.size(), it->second});
          break;
        }
      out.push_back(*it);
    }
  }

  bool run(size_t ei, size_t ti) {
    if (ei == p.elements.size()) {
      end = ti;
      return true;
    }
    const Element& e = p.elements[ei];
    switch (e.kind) {
      case Element::Slot: {
        std::vector<std::pair<size_t, std::vector<int>>> opts;
        lists_at(ti, e.list, opts);
        for (auto& [next, items] : opts) {
          auto& dst = e.role == 'S' ? S : O;
          auto saved = dst;
          dst.insert(dst.end(), items.begin(), items.end());  // a second S slot adds to the first
          if (run(ei + 1, next)) return true;
          dst = saved;
        }
        if (e.optional) return run(ei + 1, ti);
        return false;
      }
      case Element::Literal: {
        for (const auto& w : e.alts)
          if (lit_at(ti, w)) {
            bool was = trig_set;
            size_t ob = trig_b, oe = trig_e;
            if (e.trigger || !p_has_trigger) {
              trig_b = ti;
              trig_e = ti + w.size();
              trig_set = true;
            }
            if (run(ei + 1, ti + w.size())) return true;
            trig_set = was;
            trig_b = ob;
            trig_e = oe;
          }
        if (e.optional) return run(ei + 1, ti);
        return false;
      }
      case Element::Gap: {
        // 创立的X / 投资的X: right after a verb, a gap may not start with 的 (that is an attributive shape).
        bool after_literal = ei > 0 && (p.elements[ei - 1].kind == Element::Literal);
        for (int n = 0; n <= e.gap_max; ++n) {
          if (n == 1 && after_literal && toks[ti].kind == TokKind::Char && toks[ti].ch == U'的') return false;
          if (n > 0) {
            const Token& t = toks[ti + n - 1];
            if (t.kind == TokKind::Entity) return false;
            if (t.kind == TokKind::Char && (clause_break(t.ch) || t.ch == U'、')) return false;
          }
          if (run(ei + 1, ti + n)) return true;
          if (ti + n >= toks.size()) return false;
        }
        return false;
      }
      case Element::DateEl:
      case Element::AmountEl: {
        TokKind want = e.kind == Element::DateEl ? TokKind::Date : TokKind::Amount;
        if (ti < toks.size() && toks[ti].kind == want && run(ei + 1, ti + 1)) return true;
        if (e.optional) return run(ei + 1, ti);
        return false;
      }
    }
    return false;
  }
  size_t end = 0;
  bool p_has_trigger = false;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

}  // namespace

Pattern PatternSet::parse(const std::string& id, const std::string& predicate, const std::string& options,
                          const std::string& text) {
  static const char* preds[] = {"invested", "acquired", "founded", "event", "not"};
  if (std::find_if(std::begin(preds), std::end(preds), [&](const char* x) { return predicate == x; }) == std::end(preds))
    throw Error("pattern " + id + ": unknown predicate '" + predicate + "'");
  Pattern p;
  p.id = id;
  p.predicate = predicate;
  if (options != "-" && !options.empty()) {
    for (const auto& opt : split(options, ',')) {
      auto eq = opt.find('=');
      std::string k = opt.substr(0, eq), v = eq == std::string::npos ? "" : opt.substr(eq + 1);
      if (k == "role") p.role = v;
      else if (k == "implicit" && (v == "S" || v == "O" || v == "SO")) {
        p.implicit_s = v.find('S') != std::string::npos;
        p.implicit_o = v.find('O') != std::string::npos;
      }
      else if (k == "inherit") p.inherit = true;
      else if (k == "roundinherit") p.round_inherit = true;
      else if (k == "nodate") p.nodate = true;
      else if (k == "notfund") p.not_fund = true;
      else if (k == "noamount") p.noamount = true;
      else if (k == "conf") p.confidence = std::stod(v);
      else if (k == "status") p.status = v;
      else throw Error("pattern " + id + ": unknown option '" + opt + "'");
    }
  }
  bool has_s = false, has_o = false;
  for (std::string tok : split(text, ' ')) {
    Element e;
    if (tok.size() > 1 && tok.back() == '?') {
      e.optional = true;
      tok.pop_back();
    }
    if (tok.size() > 1 && tok[0] == '!') {
      e.trigger = true;
      tok.erase(tok.begin());
    }
    if (tok == "S" || tok == "O" || tok == "S1" || tok == "O1") {
      e.kind = Element::Slot;
      e.role = tok[0];
      e.list = tok.size() == 1;
      (e.role == 'S' ? has_s : has_o) = true;
    } else if (tok == "DATE") {
      e.kind = Element::DateEl;
    } else if (tok == "AMT") {
      e.kind = Element::AmountEl;
    } else if (tok[0] == '~') {
      e.kind = Element::Gap;
      try {
        e.gap_max = std::stoi(tok.substr(1));
      } catch (...) {
        throw Error("pattern " + id + ": bad gap '" + tok + "'");
      }
    } else {
      e.kind = Element::Literal;
      for (const auto& alt : split(tok, '|')) e.alts.push_back(normalize_text(utf8_to_u32(alt)));
      std::sort(e.alts.begin(), e.alts.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
      if (e.alts.empty()) throw Error("pattern " + id + ": empty literal");
    }
    p.elements.push_back(std::move(e));
  }
  if (p.elements.empty()) throw Error("pattern " + id + ": empty pattern");
  if (predicate == "invested" || predicate == "acquired" || predicate == "founded") {
    if (!has_s && !p.implicit_s) throw Error("pattern " + id + ": no S slot and no implicit=S");
    if (!has_o && !p.implicit_o) throw Error("pattern " + id + ": no O slot and no implicit=O");
  }
  if (predicate == "event" && !has_o && !p.implicit_o) throw Error("pattern " + id + ": an event pattern needs an O slot");
  return p;
}

PatternSet PatternSet::load(const std::string& path) {
  PatternSet set;
  for (const auto& row : read_data_file(path, 4)) {
    try {
      Pattern p = parse(row.fields[0], row.fields[1], row.fields[2], row.fields[3]);
      p.line = row.line;
      set.add(std::move(p));
    } catch (const FileError&) {
      throw;
    } catch (const Error& e) {
      throw FileError(path, e.what(), row.line);
    }
  }
  return set;
}

std::vector<Match> PatternSet::match(const std::vector<Token>& toks) const {
  std::vector<Match> out;
  // The sentence's characters (other tokens as U+FFFC): a pattern whose required words do not all occur in it
  // cannot match, so it is skipped before trying every start position (most patterns, most sentences).
  std::u32string chars;
  chars.reserve(toks.size());
  std::bitset<65536> present;  // characters of the sentence (folded to 16 bits: a filter, not a proof)
  for (const auto& t : toks) {
    chars.push_back(t.kind == TokKind::Char ? t.ch : U'\uFFFC');
    present.set(chars.back() & 0xFFFF);
  }
  auto words_present = [&](const Pattern& p) {
    for (const auto& e : p.elements) {
      if (e.kind != Element::Literal || e.optional) continue;
      bool any = false;
      for (const auto& a : e.alts)
        if (a.empty() || (present.test(a[0] & 0xFFFF) && chars.find(a) != std::u32string::npos)) {
          any = true;
          break;
        }
      if (!any) return false;
    }
    return true;
  };
  for (const auto& p : patterns_) {
    if (!words_present(p)) continue;
    bool has_trigger = std::any_of(p.elements.begin(), p.elements.end(), [](const Element& e) { return e.trigger; });
    // A quick filter on the first element: a required slot needs an entity token, a required literal its first
    // character (most start positions fail here).
    const Element& first = p.elements.front();
    auto can_start = [&](const Token& t) {
      if (first.optional || first.kind == Element::Gap) return true;
      if (first.kind == Element::Slot) return t.kind == TokKind::Entity;
      if (first.kind == Element::DateEl) return t.kind == TokKind::Date;
      if (first.kind == Element::AmountEl) return t.kind == TokKind::Amount;
      if (t.kind != TokKind::Char) return false;
      for (const auto& a : first.alts)
        if (!a.empty() && a[0] == t.ch) return true;
      return false;
    };
    for (size_t start = 0; start < toks.size();) {
      if (!can_start(toks[start])) {
        ++start;
        continue;
      }
      Matcher m{p, toks, {}, {}};
      m.p_has_trigger = has_trigger;
      if (m.run(0, start) && m.end > start) {
        Match x;
        x.pattern = &p;
        x.S = m.S;
        x.O = m.O;
        x.begin = start;
        x.end = m.end;
        x.trigger_begin = m.trig_b;
        x.trigger_end = m.trig_e;
        out.push_back(std::move(x));
        start = m.end;
      } else {
        ++start;
      }
    }
  }
  return out;
}

}  // namespace kg::ingest
