#include "queries/review.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>

#include "base/error.h"
#include "base/sha256.h"
#include "base/unicode.h"
#include "queries/answer.h"

namespace kg::queries {

namespace {

std::string shell_quote(const std::string& s) {
  bool plain = !s.empty();
  for (unsigned char c : s)
    if (!(std::isalnum(c) || c >= 0x80 || c == '-' || c == '_' || c == '.')) plain = false;
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string item_key(const std::string& what) { return sha256_hex(what).substr(0, 10); }

std::string describe(const FactRow& f) {
  std::string s = f.subject + " " + f.predicate + " " + f.object;
  if (f.year) s += " " + std::to_string(*f.year);
  if (f.amount) s += " " + plain_amount(f.amount) + (f.currency.empty() ? "" : " " + f.currency);
  return s + " (" + f.key.substr(0, 10) + ")";
}

}  // namespace

std::vector<std::string> load_legal_suffixes(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileError(path, "cannot read the legal suffix list");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::string k = fold_key(line);
    if (!k.empty()) out.push_back(k);
  }
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string core_key(const std::string& name, const std::vector<std::string>& suffixes) {
  std::string k = fold_key(name);
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& s : suffixes) {
      if (k.size() > s.size() && k.compare(k.size() - s.size(), s.size(), s) == 0) {
        std::string rest = k.substr(0, k.size() - s.size());
        // Latin suffixes only after a Latin word (not "Disco" → "Dis"): the stored key has no spaces, so require
        // the suffix to start with a non-ASCII character or the name to spell it as a separate word.
        bool latin = static_cast<unsigned char>(s[0]) < 0x80;
        if (latin) {
          std::string lower;
          for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          size_t at = lower.rfind(s);
          bool word = at != std::string::npos && at > 0 &&
                      (lower[at - 1] == ' ' || lower[at - 1] == ',' || lower[at - 1] == '.');
          if (!word) continue;
        }
        while (rest.size() > 1 && (rest.back() == ',' || rest.back() == '&')) rest.pop_back();  // "Acme Co., Ltd."
        k = rest;
        changed = true;
        break;
      }
    }
  }
  return k;
}

std::vector<ReviewItem> review(const ReviewInput& in, const graph::KnowledgeGraph& g) {
  std::vector<ReviewItem> items;
  // ---- duplicate entities ----
  // Every spelling's fold key and its core (without legal suffixes) → the entities that use it.
  std::map<std::string, std::set<size_t>> by_spelling, by_core;
  for (size_t i = 0; i < in.entities.size(); ++i) {
    const EntityRow& e = in.entities[i];
    for (const auto& a : e.aliases) {
      std::string k = fold_key(a);
      if (k.size() < 2) continue;
      by_spelling[k].insert(i);
      std::string c = core_key(a, in.suffixes);
      if (c.size() >= 2) by_core[c].insert(i);
    }
  }
  std::map<std::pair<size_t, size_t>, std::pair<double, std::string>> pairs;  // best reason per pair
  auto consider = [&](const std::map<std::string, std::set<size_t>>& index, double score, const char* what) {
    for (const auto& [k, ents] : index) {
      if (ents.size() < 2) continue;
      for (size_t a : ents)
        for (size_t b : ents) {
          if (a >= b) continue;
          const EntityRow& x = in.entities[a];
          const EntityRow& y = in.entities[b];
          if (x.type != y.type) continue;
          if (in.judged.count({x.key, y.key})) continue;
          auto& best = pairs[{a, b}];
          if (score > best.first) best = {score, std::string(what) + " '" + k + "'"};
        }
    }
  };
  consider(by_core, 0.8, "same name without legal suffix:");
  consider(by_spelling, 0.9, "share the spelling");
  for (const auto& [ab, reason] : pairs) {
    const EntityRow& x = in.entities[ab.first];
    const EntityRow& y = in.entities[ab.second];
    ReviewItem it;
    it.kind = "duplicate";
    it.key = item_key("duplicate|" + x.key + "|" + y.key);
    it.score = reason.first;
    it.about = x.name + " / " + y.name;
    it.why = reason.second;
    it.settle = "kg merge " + shell_quote(x.name) + " " + shell_quote(y.name) + " | kg not-same " +
                shell_quote(x.name) + " " + shell_quote(y.name);
    items.push_back(std::move(it));
  }
  // ---- conflicting facts ----
  std::set<std::pair<size_t, size_t>> seen;
  for (graph::Vertex v = 0; v < g.vertex_count(); ++v) {
    for (const auto& c : conflicts(g, v)) {
      if (!seen.insert({c.first, c.second}).second) continue;
      const FactRow& a = g.fact(c.first);
      const FactRow& b = g.fact(c.second);
      if (!a.verdict.empty() || !b.verdict.empty()) continue;
      ReviewItem it;
      it.kind = "conflict";
      it.key = item_key("conflict|" + std::min(a.key, b.key) + "|" + std::max(a.key, b.key));
      it.score = 0.7;
      it.about = describe(a) + " / " + describe(b);
      it.why = c.what;
      it.settle = "kg confirm " + a.key.substr(0, 10) + " | kg reject " + a.key.substr(0, 10) + " | kg confirm " +
                  b.key.substr(0, 10) + " | kg reject " + b.key.substr(0, 10);
      items.push_back(std::move(it));
    }
  }
  // ---- low confidence ----
  for (const auto& f : g.facts()) {
    if (!f.verdict.empty() || f.manual || f.sources > 1 || f.confidence >= in.low_confidence) continue;
    ReviewItem it;
    it.kind = "low-confidence";
    it.key = item_key("low|" + f.key);
    it.score = 0.5 - (in.low_confidence - f.confidence) * 0.1;
    it.about = describe(f);
    char buf[64];
    std::snprintf(buf, sizeof buf, "one source, confidence %.2f", f.confidence);
    it.why = buf;
    if (!f.evidence.empty()) it.why += " (rule " + f.evidence.front().rule + ")";
    it.settle = "kg confirm " + f.key.substr(0, 10) + " | kg reject " + f.key.substr(0, 10);
    items.push_back(std::move(it));
  }
  std::sort(items.begin(), items.end(), [](const ReviewItem& a, const ReviewItem& b) {
    return a.score != b.score ? a.score > b.score : a.key < b.key;
  });
  return items;
}

}  // namespace kg::queries
