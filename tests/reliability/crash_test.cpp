// Crash safety: kg ingest is killed with SIGKILL at random moments (seeded) while it writes a corpus, and after
// every kill the database must open, pass PRAGMA integrity_check, hold only complete documents (their sentence,
// mention and fact_source counts equal a clean ingest's), and re-running the ingest must finish the corpus with
// exactly the reference facts. Sizes come from the environment so CI stays well under a minute:
//   KG_RELIABILITY_KILLS (default 20), KG_RELIABILITY_CRASH_FILES (default 150), KG_RELIABILITY_SEED (default random).
#include <catch2/catch.hpp>

#include <signal.h>

#include <iostream>
#include <map>
#include <random>
#include <thread>

#include "tests/reliability/harness.h"

using namespace kg_rel;

namespace {

// What a database must satisfy after a kill; returns "" when it does, else what is wrong. `stored` receives
// the number of complete documents found.
std::string check_after_kill(const std::string& db, const std::map<std::string, DocCounts>& reference,
                             const std::string& scratch, int64_t& stored) {
  stored = 0;
  if (!fs::exists(db)) return "";  // killed before the database was created: nothing stored, nothing lost
  std::string ic = integrity_check(db);
  if (ic != "ok") return "integrity_check: " + ic;
  std::string fk = foreign_key_check(db);
  if (!fk.empty()) return "foreign_key_check: " + fk;
  if (sql_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'documents'") == 0) {
    // Killed during the first migration, which is one transaction: no table at all may exist.
    if (sql_int(db, "SELECT count(*) FROM sqlite_master") != 0) return "a partial schema without documents";
    return "";
  }
  for (const auto& [sha, counts] : document_counts(db)) {
    auto it = reference.find(sha);
    if (it == reference.end()) return "a document the reference does not have: " + sha;
    if (!(it->second == counts))
      return "partial document " + sha + ": " + std::to_string(counts.sentences) + "/" +
             std::to_string(it->second.sentences) + " sentences, " + std::to_string(counts.mentions) + "/" +
             std::to_string(it->second.mentions) + " mentions, " + std::to_string(counts.sources) + "/" +
             std::to_string(it->second.sources) + " fact sources";
    ++stored;
  }
  // Documents are only ever stored whole, so facts without a source would be left-overs of a partial write.
  if (sql_int(db, "SELECT count(*) FROM facts WHERE id NOT IN (SELECT fact_id FROM fact_sources)") != 0)
    return "facts without any source";
  Run stats = kg_db(db, {"stats"}, scratch);
  if (stats.exit.code != 0 && !(stored == 0 && stats.exit.code == 1))
    return "kg stats exits " + std::to_string(stats.exit.code) + ": " + stats.err;
  return "";
}

}  // namespace

TEST_CASE("kg ingest killed with SIGKILL at random moments leaves a sound database with only whole documents, and "
          "re-running it completes the corpus without duplicate facts",
          "[reliability][crash]") {
  const long kills_wanted = env_long("KG_RELIABILITY_KILLS", 20);
  const long files = env_long("KG_RELIABILITY_CRASH_FILES", 150);
  const long random_seed = static_cast<long>(std::random_device{}() % 1000000000);
  const unsigned seed = static_cast<unsigned>(env_long("KG_RELIABILITY_SEED", random_seed));
  std::mt19937 rng(seed);
  std::cout << "[reliability] crash test: seed " << seed << " (rerun with KG_RELIABILITY_SEED=" << seed << ")\n";
  INFO("seed " << seed << " (rerun with KG_RELIABILITY_SEED=" << seed << ")");
  const double t0 = now_seconds();

  TempDir tmp;
  const std::string corpus = tmp.file("corpus");
  const uint64_t bytes = make_corpus(corpus, static_cast<int>(files));

  // The reference: one clean ingest.
  const std::string ref_db = tmp.file("reference.db");
  Run ref = kg_db(ref_db, {"ingest", corpus}, tmp.path());
  INFO("reference ingest: " << ref.err);
  REQUIRE(ref.exit.code == 0);
  const double t_ref = ref.exit.seconds;
  std::map<std::string, DocCounts> reference;
  for (const auto& [sha, c] : document_counts(ref_db)) reference[sha] = c;
  REQUIRE(reference.size() == static_cast<size_t>(files));
  const std::string ref_state = facts_and_stats(ref_db, tmp.path());

  // Chains: a fresh database is ingested into, killed, checked, and ingested into again (the same command) until
  // one run finishes by itself; the finished database must then equal the reference. Chains repeat until enough
  // kills have been made. Each kill comes after a random delay of up to half a clean ingest.
  long kills = 0, survived = 0, chains = 0, completions_checked = 0;
  int64_t min_stored = INT64_MAX, max_stored = 0;
  std::uniform_real_distribution<double> delay(0.0, std::max(0.2, t_ref * 0.5));
  while (kills < kills_wanted) {
    ++chains;
    const std::string db = tmp.file("chain" + std::to_string(chains) + ".db");
    for (int run = 0;; ++run) {
      REQUIRE(run < 1000);
      Child c = spawn({kBinary, "--db", db, "ingest", corpus}, {});
      const double wait = delay(rng);
      Exit e;
      bool ended = false;
      while (now_seconds() - c.started < wait)
        if ((ended = finished(c, e))) break;
        else std::this_thread::sleep_for(std::chrono::milliseconds(2));
      if (!ended) {
        ::kill(c.pid, SIGKILL);
        e = wait_for(c);
      }
      if (e.signal == SIGKILL) {
        ++kills;
        int64_t stored = 0;
        std::string problem = check_after_kill(db, reference, tmp.path(), stored);
        INFO("chain " << chains << ", kill " << kills << " after " << wait << " s");
        CHECK(problem == "");
        if (problem.empty()) ++survived;
        min_stored = std::min(min_stored, stored);
        max_stored = std::max(max_stored, stored);
        continue;
      }
      INFO("chain " << chains << ": a run ended by itself, code " << e.code << ", signal " << e.signal);
      REQUIRE(e.signal == 0);
      REQUIRE(e.code == 0);
      CHECK(integrity_check(db) == "ok");
      CHECK(facts_and_stats(db, tmp.path()) == ref_state);  // no duplicate or lost facts
      std::vector<std::pair<std::string, DocCounts>> got = document_counts(db);
      CHECK(got == std::vector<std::pair<std::string, DocCounts>>(reference.begin(), reference.end()));
      ++completions_checked;
      break;
    }
  }
  std::cout << "[reliability] crash test: " << survived << "/" << kills << " kills survived in " << chains
            << " chains (" << completions_checked << " completed and equal to the reference); corpus " << files
            << " files, " << (bytes >> 10) << " KiB; clean ingest " << t_ref << " s; documents stored at a kill "
            << (kills ? min_stored : 0) << "–" << max_stored << "; total " << (now_seconds() - t0) << " s\n";
  CHECK(survived == kills);
  CHECK(kills >= kills_wanted);
}
