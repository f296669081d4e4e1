// Golden extraction cases: tests/golden/cases/*.test, each case a text (with an optional publication date) and
// the facts the extractor must produce (or `expect: none`). Format in tests/golden/README.md.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "base/unicode.h"
#include "ingest/pipeline.h"
#include "schema/store.h"

namespace fs = std::filesystem;

namespace {

struct Expected {
  std::string subject, predicate, object, amount, currency, year, month, status;
};

struct Case {
  std::string file;
  int line = 0;
  std::string name, date, xfail;
  std::string text;
  std::vector<Expected> expect;
  bool none = false;
};

std::vector<std::string> split_tabs(const std::string& s) {
  std::vector<std::string> out;
  size_t p = 0;
  while (true) {
    size_t t = s.find('\t', p);
    out.push_back(s.substr(p, t == std::string::npos ? std::string::npos : t - p));
    if (t == std::string::npos) break;
    p = t + 1;
  }
  return out;
}

std::vector<Case> load_cases() {
  std::vector<Case> cases;
  fs::path dir = fs::path(KG_SOURCE_DIR) / "tests/golden/cases";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".test") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    std::string line;
    int n = 0;
    Case c;
    enum { None, Text, Expect } mode = None;
    bool open = false;
    while (std::getline(in, line)) {
      ++n;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!open) {
        if (line.rfind("case:", 0) == 0) {
          c = Case{};
          c.file = f.filename().string();
          c.line = n;
          c.name = line.substr(5);
          open = true;
          mode = None;
        }
        continue;
      }
      if (line.rfind("# ", 0) == 0 || line == "#") continue;
      if (line == "end") {
        cases.push_back(c);
        open = false;
        continue;
      }
      if (mode != Text && line.rfind("date:", 0) == 0) {
        c.date = line.substr(5);
        c.date.erase(0, c.date.find_first_not_of(' '));
      } else if (mode != Text && line.rfind("xfail:", 0) == 0) {
        c.xfail = line.substr(6);
      } else if (line == "text:") {
        mode = Text;
      } else if (line.rfind("expect:", 0) == 0) {
        mode = Expect;
        if (line.find("none") != std::string::npos) c.none = true;
      } else if (mode == Text) {
        c.text += line + "\n";
      } else if (mode == Expect && !line.empty()) {
        auto f2 = split_tabs(line);
        f2.resize(8);
        c.expect.push_back({f2[0], f2[1], f2[2], f2[3], f2[4], f2[5], f2[6], f2[7].empty() ? "completed" : f2[7]});
      }
    }
  }
  return cases;
}

std::string opt(const std::optional<int>& v) { return v ? std::to_string(*v) : ""; }

struct Outcome {
  bool pass = false;
  std::string detail;
};

Outcome run_case(const Case& c, const kg::ingest::Resources& res) {
  kg::ingest::IngestOptions io;
  io.date = c.date;
  kg::ExtractedDocument doc = kg::ingest::process_document(c.file + ":" + std::to_string(c.line), c.text, res, io);
  kg::Store store(":memory:");
  store.add_document(doc);
  auto facts = store.facts(false);
  // Name matching: canonical names and every alias of the extracted entity, through fold_key.
  std::map<std::string, std::set<std::string>> keys;
  for (const auto& e : store.entities())
    for (const auto& a : e.aliases) keys[e.name].insert(kg::fold_key(a));
  auto same_name = [&](const std::string& want, const std::string& got) {
    std::string k = kg::fold_key(want);
    if (keys[got].count(k)) return true;
    if (auto id = res.lexicon.find(want)) return res.lexicon.entry(*id).name == got;
    return false;
  };
  auto amount_ok = [](const std::string& want, const std::optional<double>& got) {
    if (want.empty()) return !got.has_value();
    if (!got) return false;
    double w = std::stod(want);
    return std::fabs(w - *got) <= 0.01 * std::max(1.0, std::fabs(w));
  };
  std::vector<bool> used(facts.size(), false);
  std::ostringstream why;
  bool ok = true;
  for (const auto& e : c.expect) {
    bool found = false;
    for (size_t i = 0; i < facts.size() && !found; ++i) {
      const auto& f = facts[i];
      if (used[i] || f.predicate != e.predicate || !same_name(e.subject, f.subject) || !same_name(e.object, f.object))
        continue;
      if (!amount_ok(e.amount, f.amount) || e.currency != f.currency || e.year != opt(f.year) ||
          e.month != opt(f.month) || e.status != f.status)
        continue;
      used[i] = found = true;
    }
    if (!found) {
      ok = false;
      why << "  missing: " << e.subject << " " << e.predicate << " " << e.object << " " << e.amount << " "
          << e.currency << " " << e.year << " " << e.month << " " << e.status << "\n";
    }
  }
  for (size_t i = 0; i < facts.size(); ++i) {
    if (used[i]) continue;
    const auto& f = facts[i];
    ok = false;
    why << "  extra:   " << f.subject << " " << f.predicate << " " << f.object << " "
        << (f.amount ? std::to_string(static_cast<long long>(*f.amount)) : "") << " " << f.currency << " "
        << opt(f.year) << " " << opt(f.month) << " " << f.status << "\n";
  }
  return {ok, why.str()};
}

}  // namespace

TEST_CASE("Every golden case yields exactly its expected facts", "[golden]") {
  auto res = kg::ingest::Resources::load(KG_DATA_DIR);
  auto cases = load_cases();
  REQUIRE(cases.size() >= 80);
  int passed = 0, failed = 0, xfailed = 0, xpassed = 0;
  std::ostringstream report;
  for (const auto& c : cases) {
    Outcome o = run_case(c, res);
    if (c.xfail.empty()) {
      if (o.pass) ++passed;
      else {
        ++failed;
        report << c.file << ":" << c.line << ": FAIL " << c.name << "\n" << o.detail;
      }
    } else {
      if (o.pass) {
        ++xpassed;
        report << c.file << ":" << c.line << ": passes but is marked xfail (remove the mark): " << c.name << "\n";
      } else {
        ++xfailed;
      }
    }
  }
  std::cout << "golden: " << passed << " passed, " << failed << " failed, " << xfailed
            << " known limitations (xfail), " << xpassed << " unexpected passes, of " << cases.size() << " cases\n";
  if (failed || xpassed) std::cout << report.str();
  CHECK(failed == 0);
  CHECK(xpassed == 0);
}
