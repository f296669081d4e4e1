// Bad input through the real kg binary: empty, binary, mis-encoded, huge and pathological files, unreadable
// folders and symlink loops, missing paths, databases that are not kg's (not SQLite, corrupt, newer schema,
// read-only), and oversized questions. Each case checks the exit code, the single "error: …" line naming the
// file or argument, that the rest of the batch is still ingested, and that nothing already stored changes.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <sstream>

#include "cli/cli.h"
#include "tests/reliability/harness.h"

using namespace kg_rel;

namespace {

// A database holding data/sample, a good article beside it, and the state that ingesting the good article
// into that database gives (the reference every failed batch must end up in).
struct Fixture {
  TempDir tmp;
  std::string base_db, good, reference;
  std::vector<std::pair<std::string, DocCounts>> base_docs;

  Fixture() {
    base_db = tmp.file("base.db");
    Run in = kg_db(base_db, {"ingest", kSample}, tmp.path());
    INFO(in.err);
    REQUIRE(in.exit.code == 0);
    REQUIRE(!fs::exists(base_db + "-wal"));  // kg checkpoints on exit, so the file alone is the database
    base_docs = document_counts(base_db);
    good = tmp.file("good/good_article.txt");
    fs::create_directories(tmp.file("good"));
    write_all(good, good_article());
    std::string ref = copy_base("reference.db");
    Run r = kg_db(ref, {"ingest", good}, tmp.path());
    INFO(r.err);
    REQUIRE(r.exit.code == 0);
    reference = facts_and_stats(ref, tmp.path().string());
  }

  std::string copy_base(const std::string& name) const {
    std::string to = tmp.file(name);
    std::error_code ec;
    fs::remove(to + "-wal", ec);
    fs::remove(to + "-shm", ec);
    fs::copy_file(base_db, to, fs::copy_options::overwrite_existing);
    return to;
  }

  // The documents that were in the base database are stored exactly as before.
  void check_base_documents_unchanged(const std::string& db) const {
    auto now = document_counts(db);
    for (const auto& [sha, counts] : base_docs) {
      auto it = std::find_if(now.begin(), now.end(), [&](const auto& p) { return p.first == sha; });
      INFO("document " << sha);
      REQUIRE(it != now.end());
      CHECK(it->second == counts);
    }
    CHECK(integrity_check(db) == "ok");
  }
};

std::string png_bytes() {
  static const char k[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x02\0\0\0\x01\x80\x08\x06\0\0\0\x9a\x1c\x7f\xe2"
                          "\0\0\0\x04gAMA\0\0\xb1\x8f\x0b\xfc\x61\x05\0\0\0\x09pHYs\0\0\x0e\xc4";
  std::string s(k, sizeof k - 1);
  std::mt19937 rng(7);
  for (int i = 0; i < 4096; ++i) s.push_back(static_cast<char>(rng() & 0xFF));
  return s;
}

std::string zip_bytes() {
  // A local file header (stored, not compressed) followed by the member's bytes and a central directory stub.
  std::string s("PK\x03\x04\x14\0\0\0\0\0\x21\x6e\x59\x57\0\0\0\0\x20\0\0\0\x20\0\0\0\x08\0\0\0", 30);
  s += "note.txt";
  s += "2021年，星桥资本向蓝鲸智能投资。";
  s += std::string("PK\x01\x02\x14\0\x14\0\0\0\0\0", 12);
  s += std::string("PK\x05\x06\0\0\0\0\x01\0\x01\0", 12);
  return s;
}

std::string random_high_bytes() {
  std::mt19937 rng(11);
  std::string s;
  for (int i = 0; i < 8000; ++i) s.push_back(static_cast<char>(0x80 + rng() % 0x80));
  return s;
}

std::string shift_jis_bytes() {
  // 日本語のテキストです。東京の会社が資金を調達しました。 in Shift_JIS, repeated: neither UTF-8 nor Chinese.
  static const unsigned char k[] = {0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea, 0x82, 0xcc, 0x83, 0x65, 0x83, 0x4c, 0x83,
                                    0x58, 0x83, 0x67, 0x82, 0xc5, 0x82, 0xb7, 0x81, 0x42, 0x93, 0x8c, 0x8b, 0x9e,
                                    0x82, 0xcc, 0x89, 0xef, 0x8e, 0xd0, 0x82, 0xaa, 0x8e, 0x91, 0x8b, 0xe0, 0x82,
                                    0xf0, 0x92, 0xb2, 0x92, 0x42, 0x82, 0xb5, 0x82, 0xdc, 0x82, 0xb5, 0x82, 0xbd,
                                    0x81, 0x42, 0x0a};
  std::string one(reinterpret_cast<const char*>(k), sizeof k), s;
  for (int i = 0; i < 40; ++i) s += one;
  return s;
}

// The good article with invalid UTF-8 (a stray continuation, an overlong NUL, a UTF-16 surrogate) in the middle.
std::string invalid_utf8_bytes() {
  std::string a = good_article();
  size_t mid = a.find("宣布");
  return a.substr(0, mid) + std::string("\xff\xfe\xc0\x80\xed\xa0\x80", 7) + a.substr(mid);
}

// Built once per test run (ingesting the sample takes a while on a loaded machine); each case copies base.db.
const Fixture& fixture() {
  static Fixture fx;
  return fx;
}

}  // namespace

TEST_CASE("A bad file in a batch gets one error line naming it, the good file beside it is ingested, and nothing "
          "stored changes",
          "[reliability][bad-input]") {
  const Fixture& fx = fixture();
  struct Case {
    std::string file;                       // name of the bad file
    std::function<std::string()> bytes;
    std::string reason;                     // part of the error message
  };
  const std::vector<Case> cases = {
      {"empty.txt", [] { return std::string(); }, "empty"},
      {"image.png", png_bytes, "binary"},
      {"picture.txt", png_bytes, "binary"},  // the extension does not matter
      {"archive.zip", zip_bytes, "binary"},
      {"program", [] { return read_all(kBinary).substr(0, 4 << 20); }, "binary"},  // kg itself, cut under --max-file-mb
      {"random_high_bytes.txt", random_high_bytes, "encoding"},
      {"japanese_shift_jis.txt", shift_jis_bytes, "encoding"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.file) {
      std::string bad = fx.tmp.file(c.file);
      write_all(bad, c.bytes());
      std::string db = fx.copy_base("case.db");
      Run r = kg_db(db, {"ingest", bad, fx.good}, fx.tmp.path());
      INFO(r.cmdline << "\nstdout: " << r.out << "stderr: " << r.err);
      CHECK(r.exit.signal == 0);
      CHECK(r.exit.code == 2);
      CHECK(one_error_line(r.err));
      CHECK(has(r.err, bad));
      CHECK(has(r.err, c.reason));
      CHECK(!has(r.err, fx.good));
      CHECK(has(r.out, "ingested 1 document"));
      CHECK(has(r.out, "1 failed"));
      CHECK(facts_and_stats(db, fx.tmp.path()) == fx.reference);
      fx.check_base_documents_unchanged(db);

      // Alone, the bad file changes nothing at all.
      std::string alone = fx.copy_base("alone.db");
      std::string before = snapshot(alone, fx.tmp.path());
      Run a = kg_db(alone, {"ingest", bad}, fx.tmp.path());
      INFO(a.cmdline << "\nstderr: " << a.err);
      CHECK(a.exit.code == 2);
      CHECK(one_error_line(a.err));
      CHECK(snapshot(alone, fx.tmp.path()) == before);
    }
  }
}

TEST_CASE("Invalid UTF-8 in the middle of a file is replaced and the rest of the file is still extracted",
          "[reliability][bad-input]") {
  const Fixture& fx = fixture();
  std::string bad = fx.tmp.file("broken_bytes.txt");
  write_all(bad, invalid_utf8_bytes());
  std::string db = fx.copy_base("case.db");
  Run r = kg_db(db, {"ingest", bad}, fx.tmp.path());
  INFO(r.cmdline << "\nstdout: " << r.out << "stderr: " << r.err);
  CHECK(r.exit.code == 0);
  CHECK(r.err.empty());
  CHECK(has(r.out, "ingested 1 document"));
  Run inv = kg_db(db, {"investors", "蓝鲸智能", "--format", "tsv"}, fx.tmp.path());
  INFO(inv.out << inv.err);
  CHECK(inv.exit.code == 0);
  CHECK(has(inv.out, "星桥资本"));
  fx.check_base_documents_unchanged(db);
}

TEST_CASE("Paths that do not exist and symlink loops named on the command line are errors naming them, and the "
          "rest of the batch is ingested",
          "[reliability][bad-input]") {
  const Fixture& fx = fixture();
  std::string loop_a = fx.tmp.file("loop_a.txt"), loop_b = fx.tmp.file("loop_b.txt");
  if (!fs::is_symlink(loop_a)) {  // the test case runs once per section
    fs::create_symlink(loop_b, loop_a);
    fs::create_symlink(loop_a, loop_b);
  }
  for (const std::string& bad : {fx.tmp.file("no/such/file.txt"), std::string("/nonexistent-kg-path"), loop_a}) {
    DYNAMIC_SECTION(bad) {
      std::string db = fx.copy_base("case.db");
      Run r = kg_db(db, {"ingest", bad, fx.good}, fx.tmp.path(), {}, 60);
      INFO(r.cmdline << "\nstdout: " << r.out << "stderr: " << r.err);
      CHECK(!r.exit.timed_out);
      CHECK(r.exit.code == 2);
      CHECK(one_error_line(r.err));
      CHECK(has(r.err, bad));
      CHECK(has(r.out, "ingested 1 document"));
      CHECK(facts_and_stats(db, fx.tmp.path()) == fx.reference);
    }
  }
}

// A folder with a readable article, an unreadable file, an unreadable sub-folder, a FIFO (reading it would block
// forever), a dangling symlink, a symlink loop between two files and a symlink from a folder to itself.
struct HostileFolder {
  std::string dir, secret, locked_dir;
  explicit HostileFolder(const TempDir& tmp) {
    static int n = 0;
    dir = tmp.file("batch" + std::to_string(n++));
    fs::create_directories(dir + "/locked");
    write_all(dir + "/a_good.txt", good_article());
    secret = dir + "/b_secret.txt";
    write_all(secret, "2020年3月，青松创投向白杨科技投资5000万元。\n");
    locked_dir = dir + "/locked";
    write_all(locked_dir + "/inside.txt", "2020年4月，青松创投向红杉木业投资3000万元。\n");
    REQUIRE(::mkfifo((dir + "/c_pipe.txt").c_str(), 0644) == 0);
    fs::create_symlink(dir + "/missing.txt", dir + "/d_dangling.txt");
    fs::create_symlink(dir + "/e_loop2.txt", dir + "/e_loop1.txt");
    fs::create_symlink(dir + "/e_loop1.txt", dir + "/e_loop2.txt");
    fs::create_directory_symlink(dir, dir + "/f_self");
    fs::permissions(secret, fs::perms::none);
    fs::permissions(locked_dir, fs::perms::none);
  }
};

// Whether a child started with `o` is refused reading `path` (false when running as root with no way to drop
// the permission override).
bool permissions_enforced(const TempDir& tmp, const std::string& path, const SpawnOptions& o) {
  SpawnOptions x = o;
  Child c = spawn({"/bin/cat", path}, x);
  Exit e = wait_for(c, 30);
  return e.code != 0 && e.code != kCannotDropCaps;
}

TEST_CASE("A folder with unreadable files, a FIFO and symlink loops: each unreadable file is named on one error "
          "line and the readable files are ingested",
          "[reliability][bad-input]") {
  const Fixture& fx = fixture();
  HostileFolder h(fx.tmp);
  SpawnOptions o;
  o.drop_dac = ::geteuid() == 0;
  std::string db = fx.copy_base("case.db");
  Run r = kg_db(db, {"ingest", h.dir}, fx.tmp.path(), o, 60);
  INFO(r.cmdline << "\nstdout: " << r.out << "stderr: " << r.err);
  CHECK(!r.exit.timed_out);
  REQUIRE(r.exit.code != kCannotDropCaps);
  if (!permissions_enforced(fx.tmp, h.secret, o)) {
    WARN("running as root without CAP_SETPCAP: file modes cannot be enforced; only the FIFO and symlink loops "
         "are tested");
    CHECK(r.exit.code == 0);
    CHECK(has(r.out, "ingested 3 documents"));
    return;
  }
  CHECK(r.exit.code == 2);
  auto errors = error_lines(r.err);
  CHECK(errors.size() == lines_of(r.err).size());  // nothing on stderr but error lines
  bool secret_named = false;
  for (const auto& e : errors) secret_named = secret_named || has(e, h.secret);
  CHECK(secret_named);
  CHECK(has(r.out, "ingested 1 document"));
  CHECK(facts_and_stats(db, fx.tmp.path()) == fx.reference);
  fx.check_base_documents_unchanged(db);
}

// Was a bug (cli/ingest_commands.cpp, collect()): the folder walk used skip_permission_denied, so an unreadable
// sub-folder was skipped without a word and its files were silently missing from the database.
TEST_CASE("An unreadable sub-folder in an ingested folder is named on an error line",
          "[reliability][bad-input]") {
  const Fixture& fx = fixture();
  HostileFolder h(fx.tmp);
  SpawnOptions o;
  o.drop_dac = ::geteuid() == 0;
  if (!permissions_enforced(fx.tmp, h.locked_dir + "/inside.txt", o)) {
    WARN("file modes cannot be enforced here (root without CAP_SETPCAP); skipped");
    return;
  }
  std::string db = fx.copy_base("case.db");
  Run r = kg_db(db, {"ingest", h.dir}, fx.tmp.path(), o, 60);
  INFO(r.cmdline << "\nstdout: " << r.out << "stderr: " << r.err);
  CHECK(r.exit.code == 2);
  bool named = false;
  for (const auto& e : error_lines(r.err)) named = named || has(e, h.locked_dir);
  CHECK(named);
}

// ---- large and pathological files ----------------------------------------------------------------

namespace {

// Runs one ingest of `bad` beside the good article and checks it either succeeds or fails on one line naming
// the file, without a crash or a timeout, and that the good article and the stored documents are intact.
void ingest_pathological(const Fixture& fx, const std::string& bad, const std::string& label, double timeout_s) {
  std::string db = fx.copy_base("case.db");
  Run r = kg_db(db, {"ingest", bad, fx.good}, fx.tmp.path(), {}, timeout_s);
  auto size = fs::file_size(bad);
  std::ostringstream figures;
  figures << label << ": " << (size >> 10) << " KiB, exit " << r.exit.code << ", " << r.exit.seconds << " s, peak "
          << (r.exit.max_rss_kb >> 10) << " MiB";
  std::cout << "[reliability] " << figures.str() << "\n";
  INFO(figures.str() << "\n" << r.cmdline << "\nstdout: " << r.out << "stderr: " << r.err);
  CHECK(!r.exit.timed_out);
  CHECK(r.exit.signal == 0);
  if (r.exit.code == 0) {
    CHECK(r.err.empty());
    CHECK(has(r.out, "ingested 2 documents"));
  } else {
    CHECK(r.exit.code == 2);
    CHECK(one_error_line(r.err));
    CHECK(has(r.err, bad));
    CHECK(has(r.out, "ingested 1 document"));
  }
  Run inv = kg_db(db, {"investors", "蓝鲸智能", "--format", "tsv"}, fx.tmp.path());
  CHECK(has(inv.out, "星桥资本"));
  fx.check_base_documents_unchanged(db);
}

void write_repeated(const std::string& path, const std::string& unit, uint64_t bytes) {
  std::ofstream f(path, std::ios::binary);
  uint64_t n = 0;
  for (uint64_t i = 0; n < bytes; ++i) {
    f << unit;
    n += unit.size();
  }
  REQUIRE(f.good());
}

}  // namespace

TEST_CASE("A large file under --max-file-mb (KG_RELIABILITY_BIG_MB, default 8) is ingested or refused "
          "on one line, and the batch goes on",
          "[reliability][bad-input][large]") {
  const Fixture& fx = fixture();
  const long mb = env_long("KG_RELIABILITY_BIG_MB", 8);
  std::string big = fx.tmp.file("big.txt");
  {
    // Many different articles: the sample texts with numbered issue lines, as one long news digest.
    std::vector<std::string> texts;
    for (const auto& e : fs::directory_iterator(kSample)) texts.push_back(read_all(e.path().string()));
    std::ofstream f(big, std::ios::binary);
    uint64_t n = 0;
    for (uint64_t i = 0; n < static_cast<uint64_t>(mb) << 20; ++i) {
      std::string part = "\n第" + std::to_string(i) + "篇\n" + texts[i % texts.size()];
      f << part;
      n += part.size();
    }
    REQUIRE(f.good());
  }
  ingest_pathological(fx, big, "large file", 60.0 * 60);
}

TEST_CASE("A 200 MB file is refused on one line naming it and the limit, and the batch goes on",
          "[reliability][bad-input][large]") {
  const Fixture& fx = fixture();
  std::string huge = fx.tmp.file("huge.txt");
  {
    std::ofstream f(huge, std::ios::binary);
    f << "2021年5月，星桥资本向蓝鲸智能投资了2亿元人民币。\n";
  }
  fs::resize_file(huge, 200ull << 20);  // sparse: the refusal must come from the size, before any byte is read
  std::string db = fx.copy_base("case.db");
  Run r = kg_db(db, {"ingest", huge, fx.good}, fx.tmp.path(), {}, 120);
  std::cout << "[reliability] 200 MB file: exit " << r.exit.code << ", " << r.exit.seconds << " s, peak "
            << (r.exit.max_rss_kb >> 10) << " MiB\n";
  INFO(r.cmdline << "\nstdout: " << r.out << "stderr: " << r.err);
  CHECK(r.exit.code == 2);
  CHECK(one_error_line(r.err));
  CHECK(has(r.err, huge));
  CHECK(has(r.err, "--max-file-mb"));
  CHECK(has(r.out, "ingested 1 document"));
  CHECK(r.exit.max_rss_kb < (100 << 10));
  fx.check_base_documents_unchanged(db);

  // Raising the limit lets a file through (a small limit and a small file keep this cheap).
  std::string medium = fx.tmp.file("medium.txt");
  write_all(medium, std::string(3 << 20, '\n') + "2021年5月，星桥资本向青木科技投资了2亿元人民币。\n");
  Run refused = kg_db(db, {"ingest", "--max-file-mb", "2", medium}, fx.tmp.path());
  CHECK(refused.exit.code == 2);
  CHECK(has(refused.err, "limit is 2 MiB"));
  Run taken = kg_db(db, {"ingest", "--max-file-mb", "4", medium}, fx.tmp.path());
  INFO(taken.err);
  CHECK(taken.exit.code == 0);
  CHECK(has(taken.out, "ingested 1 document"));
}

TEST_CASE("A single very long line (KG_RELIABILITY_LINE_MB, default 2, the issue's figure is 10) is handled",
          "[reliability][bad-input][large]") {
  const Fixture& fx = fixture();
  const long mb = env_long("KG_RELIABILITY_LINE_MB", 2);
  std::string line = fx.tmp.file("one_line.txt");
  // No line break and no sentence end anywhere.
  write_repeated(line, "星桥资本和蓝鲸智能的合作项目持续推进而且规模不断扩大", static_cast<uint64_t>(mb) << 20);
  ingest_pathological(fx, line, "single line", 60.0 * 60);
}

TEST_CASE("Deeply repeated text is handled: one sentence many times, one character, nested brackets and tags",
          "[reliability][bad-input][large]") {
  const Fixture& fx = fixture();
  struct Case {
    std::string name;
    std::function<std::string()> bytes;
  };
  const std::vector<Case> cases = {
      {"same_sentence.txt",
       [] {
         std::string s;
         for (int i = 0; i < 20000; ++i) s += "2021年5月，星桥资本向蓝鲸智能投资了2亿元人民币。\n";
         return s;
       }},
      {"one_char.txt", [] { std::string s; for (int i = 0; i < 300000; ++i) s += "投"; return s; }},
      {"nested_brackets.txt",
       [] {
         std::string s;
         for (int i = 0; i < 20000; ++i) s += "（「《【";
         s += "星桥资本";
         for (int i = 0; i < 20000; ++i) s += "】》」）";
         return s + "\n";
       }},
      {"nested_tags.html",
       [] {
         std::string s = "<html><body>";
         for (int i = 0; i < 50000; ++i) s += "<div><span>";
         s += "星桥资本向蓝鲸智能投资。";
         for (int i = 0; i < 50000; ++i) s += "</span></div>";
         return s + "</body></html>\n";
       }},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      std::string path = fx.tmp.file(c.name);
      write_all(path, c.bytes());
      ingest_pathological(fx, path, c.name, 600);
    }
  }
}

// Was a bug (ingest/noise.cpp, url_at() called from analyse() for every position): on a run of ASCII dots, the
// bare-domain branch rescanned the rest of the run from each start position, so one line of N dots cost O(N^2):
// 40 KB of '.' took 25 s and 2 MiB did not finish in 10 minutes.
TEST_CASE("A 1 MiB line of dots is ingested within 30 seconds", "[reliability][bad-input][large]") {
  const Fixture& fx = fixture();
  std::string path = fx.tmp.file("dots.txt");
  write_all(path, std::string(1 << 20, '.') + "\n");
  ingest_pathological(fx, path, "1 MiB of dots", 30);
}

// ---- databases that are not what they seem ------------------------------------------------------

TEST_CASE("Every command refuses a database that is not SQLite, is corrupt or has a newer schema, with one error "
          "line naming it, and leaves the file untouched",
          "[reliability][bad-input][database]") {
  const Fixture& fx = fixture();
  struct Case {
    std::string name;
    std::function<void(const std::string&)> make;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {"notes.db", [](const std::string& p) { write_all(p, "my notes, not a database\n"); }, "not"},
      {"image.db", [](const std::string& p) { write_all(p, png_bytes()); }, "not"},
      {"truncated.db",
       [&](const std::string& p) {
         std::string b = read_all(fx.base_db);
         write_all(p, b.substr(0, 4096 + 100));
       },
       ""},
      {"newer.db",
       [&](const std::string& p) {
         fs::copy_file(fx.base_db, p);
         sql_exec(p, "PRAGMA user_version = 999");
       },
       "newer"},
  };
  const std::vector<std::vector<std::string>> commands = {
      {"stats"},
      {"facts", "--format", "tsv"},
      {"query", "who funded OpenAI before 2019"},
      {"export", "--format", "json"},
      {"ingest", fx.good},
      {"alias", "add", "OpenAI", "开放人工智能"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      std::string db = fx.tmp.file(c.name);
      c.make(db);
      const std::string bytes = read_all(db);
      for (const auto& cmd : commands) {
        Run r = kg_db(db, cmd, fx.tmp.path(), {}, 120);
        INFO(r.cmdline << "\nstdout: " << r.out << "stderr: " << r.err);
        CHECK(r.exit.signal == 0);
        CHECK(r.exit.code == 2);
        CHECK(one_error_line(r.err));
        CHECK(has(r.err, db));
        CHECK(has(r.err, c.reason));
        CHECK(read_all(db) == bytes);
      }
    }
  }
}

namespace {

// The database (and its folder) made read-only in one of three ways; `enforced` is false when this machine
// cannot do it (root without CAP_SETPCAP, or no permission to make a mount namespace).
struct ReadOnly {
  std::string how, db;
  SpawnOptions o;
  bool enforced = false;
};

ReadOnly make_read_only(const Fixture& fx, const std::string& how) {
  ReadOnly ro;
  ro.how = how;
  static int n = 0;
  std::string dir = fx.tmp.file("ro_" + std::to_string(n++));
  fs::create_directories(dir);
  ro.db = dir + "/kg.db";
  fs::copy_file(fx.base_db, ro.db);
  const bool root = ::geteuid() == 0;
  if (how == "file mode 0444") {
    fs::permissions(ro.db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    ro.o.drop_dac = root;
  } else if (how == "folder mode 0555") {
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                             fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
    ro.o.drop_dac = root;
  } else {
    ro.o.read_only_mount = dir;
  }
  // Probe: can a child started this way open the database for writing, or create a file beside it?
  std::string probe = how == "file mode 0444" ? "exec 3>>'" + ro.db + "'" : "exec 3>>'" + dir + "/probe'";
  Child c = spawn({"/bin/sh", "-c", probe}, ro.o);
  Exit e = wait_for(c, 30);
  ro.enforced = e.code != 0 && e.code != kCannotDropCaps && e.code != kCannotMount;
  std::error_code ec;
  fs::remove(dir + "/probe", ec);
  return ro;
}

}  // namespace

TEST_CASE("Writing to a read-only database (file mode, folder mode, read-only mount) fails with one error line "
          "naming it and changes nothing, and with a read-only file reads still work",
          "[reliability][bad-input][database]") {
  const Fixture& fx = fixture();
  for (const std::string how : {"file mode 0444", "folder mode 0555", "read-only mount"}) {
    DYNAMIC_SECTION(how) {
      ReadOnly ro = make_read_only(fx, how);
      if (!ro.enforced) {
        WARN(how << ": cannot be enforced on this machine (root without CAP_SETPCAP, or no mount namespace); "
                    "skipped");
        continue;
      }
      const std::string bytes = read_all(ro.db);
      if (how == "file mode 0444") {
        for (const std::vector<std::string>& cmd : std::vector<std::vector<std::string>>{
                 {"stats"}, {"facts", "--format", "tsv"}, {"query", "who funded OpenAI before 2019"}}) {
          Run r = kg_db(ro.db, cmd, fx.tmp.path(), ro.o);
          INFO(how << ": " << r.cmdline << "\nstdout: " << r.out << "stderr: " << r.err);
          CHECK(r.exit.code == 0);
          CHECK(r.err.empty());
        }
      }
      for (const std::vector<std::string>& cmd : std::vector<std::vector<std::string>>{
               {"ingest", fx.good}, {"alias", "add", "OpenAI", "开放人工智能"}}) {
        Run r = kg_db(ro.db, cmd, fx.tmp.path(), ro.o);
        INFO(how << ": " << r.cmdline << "\nstdout: " << r.out << "stderr: " << r.err);
        CHECK(r.exit.code == 2);
        CHECK(one_error_line(r.err));
      }
      CHECK(read_all(ro.db) == bytes);
      CHECK(document_counts(ro.db) == fx.base_docs);
    }
  }
}

// Was a bug: a DbError raised after the database opened ("SQL step failed: attempt to write a readonly database")
// reached the user without the database path; statements now name the file (schema/sqlite_util.h db_name).
TEST_CASE("Errors from a corrupt or write-protected database name the database file",
          "[reliability][bad-input][database]") {
  const Fixture& fx = fixture();
  SECTION("a database whose pages after the first are scrambled") {
    std::string db = fx.tmp.file("scrambled.db");
    std::string b = read_all(fx.base_db);
    std::mt19937 rng(5);
    for (size_t i = 4096; i < b.size(); ++i) b[i] = static_cast<char>(rng() & 0xFF);
    write_all(db, b);
    for (const std::vector<std::string>& cmd : std::vector<std::vector<std::string>>{
             {"stats"},
             {"facts", "--format", "tsv"},
             {"ingest", fx.good},
             {"alias", "add", "OpenAI", "开放人工智能"}}) {
      Run r = kg_db(db, cmd, fx.tmp.path());
      INFO(r.cmdline << "\nstderr: " << r.err);
      CHECK(r.exit.code == 2);
      CHECK(one_error_line(r.err));
      CHECK(has(r.err, db));
      CHECK(read_all(db) == b);
    }
  }
  SECTION("a database file with mode 0444") {
    ReadOnly ro = make_read_only(fx, "file mode 0444");
    if (!ro.enforced) {
      WARN("file modes cannot be enforced here; skipped");
      return;
    }
    for (const std::vector<std::string>& cmd : std::vector<std::vector<std::string>>{
             {"ingest", fx.good}, {"alias", "add", "OpenAI", "开放人工智能"}}) {
      Run r = kg_db(ro.db, cmd, fx.tmp.path(), ro.o);
      INFO(r.cmdline << "\nstderr: " << r.err);
      CHECK(r.exit.code == 2);
      CHECK(has(r.err, ro.db));
      CHECK(has(r.err, "read"));  // read-only / readonly
    }
  }
}

// Was a bug (Store::Store read-only open): a WAL database needs its -shm file; in a read-only folder or mount
// SQLite cannot create it, so every read command failed. Reads now retry as immutable (schema/sqlite_util.h).
TEST_CASE("A database in a read-only folder or on a read-only mount still answers read commands",
          "[reliability][bad-input][database]") {
  const Fixture& fx = fixture();
  for (const std::string how : {"folder mode 0555", "read-only mount"}) {
    DYNAMIC_SECTION(how) {
      ReadOnly ro = make_read_only(fx, how);
      if (!ro.enforced) {
        WARN(how << ": cannot be enforced on this machine; skipped");
        continue;
      }
      for (const std::vector<std::string>& cmd : std::vector<std::vector<std::string>>{
               {"stats"}, {"facts", "--format", "tsv"}, {"query", "who funded OpenAI before 2019"}}) {
        Run r = kg_db(ro.db, cmd, fx.tmp.path(), ro.o);
        INFO(how << ": " << r.cmdline << "\nstdout: " << r.out << "stderr: " << r.err);
        CHECK(r.exit.code == 0);
        CHECK(r.err.empty());
      }
    }
  }
}

// ---- questions -----------------------------------------------------------------------------------

TEST_CASE("A huge question is refused with one short error line, in-process (1 MB) and through the binary "
          "(the 128 KiB argv limit)",
          "[reliability][bad-input][question]") {
  const Fixture& fx = fixture();
  std::string db = fx.copy_base("case.db");
  const std::string before = snapshot(db, fx.tmp.path());
  const std::string unit = "who funded OpenAI before 2019 谁投资了 ";
  auto question = [&](size_t bytes) {
    std::string q;
    while (q.size() < bytes) q += unit;
    return q;
  };
  {
    std::ostringstream out, err;
    int code = kg::cli::run({"--db", db, "query", question(1 << 20)}, out, err);
    INFO("stderr (first 300 bytes): " << err.str().substr(0, 300));
    CHECK(code == 2);
    CHECK(one_error_line(err.str()));
    CHECK(err.str().size() < 1000);
    CHECK(has(err.str(), "question"));
  }
  {
    Run r = kg_db(db, {"query", question(120 << 10)}, fx.tmp.path());
    INFO("stderr (first 300 bytes): " << r.err.substr(0, 300));
    CHECK(r.exit.code == 2);
    CHECK(one_error_line(r.err));
    CHECK(r.err.size() < 1000);
  }
  CHECK(snapshot(db, fx.tmp.path()) == before);
}
