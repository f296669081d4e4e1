#include "tests/reliability/harness.h"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

namespace kg_rel {

// ---- temporary folders ---------------------------------------------------------------------------

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path p = fs::temp_directory_path() / ("kg_rel_test_" + std::to_string(::getpid()) + "_" +
                                              std::to_string(counter++) + "_" + std::to_string(rd()));
    if (fs::create_directory(p)) {
      path_ = p;
      return;
    }
  }
  FAIL("cannot create a temporary directory");
}

TempDir::~TempDir() {
  std::error_code ec;
  // Give back every permission a test took away, then remove everything.
  fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
  for (auto it = fs::recursive_directory_iterator(path_, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    std::error_code ec2;
    if (!it->is_symlink(ec2)) fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec2);
  }
  fs::remove_all(path_, ec);
}

// ---- subprocesses --------------------------------------------------------------------------------

double now_seconds() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

namespace {

// Only async-signal-safe calls between fork and exec.
[[noreturn]] void child_main(const std::vector<char*>& argv, const SpawnOptions& o) {
  auto redirect = [](const std::string& path, int fd) {
    int f = ::open(path.empty() ? "/dev/null" : path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (f < 0 || ::dup2(f, fd) < 0) ::_exit(kCannotExec);
  };
  redirect(o.stdout_path, 1);
  redirect(o.stderr_path, 2);
  int in = ::open("/dev/null", O_RDONLY);
  if (in >= 0) ::dup2(in, 0);
  if (!o.read_only_mount.empty()) {
    const char* dir = o.read_only_mount.c_str();
    if (::unshare(CLONE_NEWNS) != 0) ::_exit(kCannotMount);
    if (::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) ::_exit(kCannotMount);
    if (::mount(dir, dir, nullptr, MS_BIND, nullptr) != 0) ::_exit(kCannotMount);
    if (::mount(nullptr, dir, nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0) ::_exit(kCannotMount);
  }
  if (o.drop_dac) {
    // Root's exec keeps only the bounding set; without these two, root obeys file modes like anyone else.
    if (::prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0) ::_exit(kCannotDropCaps);
    if (::prctl(PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0) != 0) ::_exit(kCannotDropCaps);
  }
  ::execv(argv[0], argv.data());
  ::_exit(kCannotExec);
}

}  // namespace

SpawnOptions output_to(const std::string& stdout_path, const std::string& stderr_path) {
  SpawnOptions o;
  o.stdout_path = stdout_path;
  o.stderr_path = stderr_path;
  return o;
}

Child spawn(const std::vector<std::string>& args, const SpawnOptions& options) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  Child c;
  c.started = now_seconds();
  c.pid = ::fork();
  if (c.pid == 0) child_main(argv, options);
  REQUIRE(c.pid > 0);
  return c;
}

namespace {

Exit collect(Child& child, int status, const rusage& ru) {
  Exit e;
  e.seconds = now_seconds() - child.started;
  e.max_rss_kb = ru.ru_maxrss;
  if (WIFEXITED(status)) e.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) e.signal = WTERMSIG(status);
  child.pid = -1;
  return e;
}

}  // namespace

bool finished(Child& child, Exit& exit) {
  if (child.pid <= 0) return true;
  int status = 0;
  rusage ru{};
  pid_t r = ::wait4(child.pid, &status, WNOHANG, &ru);
  if (r == child.pid) {
    exit = collect(child, status, ru);
    return true;
  }
  return false;
}

Exit wait_for(Child& child, double timeout_s) {
  Exit e;
  if (child.pid <= 0) return e;
  if (timeout_s > 0) {
    while (!finished(child, e)) {
      if (now_seconds() - child.started > timeout_s) {
        ::kill(child.pid, SIGKILL);
        int status = 0;
        rusage ru{};
        ::wait4(child.pid, &status, 0, &ru);
        e = collect(child, status, ru);
        e.timed_out = true;
        return e;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return e;
  }
  int status = 0;
  rusage ru{};
  ::wait4(child.pid, &status, 0, &ru);
  return collect(child, status, ru);
}

Run kg(const std::vector<std::string>& args, const std::string& scratch, const SpawnOptions& options,
       double timeout_s) {
  static std::atomic<int> counter{0};
  int n = counter++;
  SpawnOptions o = options;
  o.stdout_path = scratch + "/.kg_out_" + std::to_string(n);
  o.stderr_path = scratch + "/.kg_err_" + std::to_string(n);
  std::vector<std::string> argv = {kBinary};
  argv.insert(argv.end(), args.begin(), args.end());
  Run r;
  for (const auto& a : args) r.cmdline += " " + (a.size() > 200 ? a.substr(0, 200) + "…" : a);
  r.cmdline = "kg" + r.cmdline;
  Child c = spawn(argv, o);
  r.exit = wait_for(c, timeout_s);
  r.out = read_all(o.stdout_path);
  r.err = read_all(o.stderr_path);
  std::error_code ec;
  fs::remove(o.stdout_path, ec);
  fs::remove(o.stderr_path, ec);
  return r;
}

Run kg_db(const std::string& db, std::vector<std::string> args, const std::string& scratch,
          const SpawnOptions& options, double timeout_s) {
  args.insert(args.begin(), {"--db", db});
  return kg(args, scratch, options, timeout_s);
}

// ---- text helpers --------------------------------------------------------------------------------

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> cells;
  size_t p = 0;
  while (true) {
    size_t t = s.find(sep, p);
    cells.push_back(s.substr(p, t == std::string::npos ? std::string::npos : t - p));
    if (t == std::string::npos) break;
    p = t + 1;
  }
  return cells;
}

bool one_error_line(const std::string& err) {
  return err.rfind("error: ", 0) == 0 && err.back() == '\n' && std::count(err.begin(), err.end(), '\n') == 1;
}

std::vector<std::string> error_lines(const std::string& err) {
  std::vector<std::string> out;
  for (const auto& l : lines_of(err))
    if (l.rfind("error: ", 0) == 0) out.push_back(l);
  return out;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_all(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f << bytes;
  f.close();
  REQUIRE(f.good());
}

std::string snapshot(const std::string& db, const std::string& scratch) {
  std::string s;
  for (const std::vector<std::string>& cmd : std::vector<std::vector<std::string>>{
           {"facts", "--format", "tsv", "--full"}, {"entities", "--format", "tsv"}, {"stats"}}) {
    Run r = kg_db(db, cmd, scratch);
    INFO(r.cmdline << "\nstderr: " << r.err);
    REQUIRE(r.exit.code == 0);  // a snapshot of an unreadable or empty database would prove nothing
    s += r.out + "\n--\n";
  }
  return s;
}

std::string facts_and_stats(const std::string& db, const std::string& scratch) {
  Run f = kg_db(db, {"facts", "--format", "tsv"}, scratch);
  Run s = kg_db(db, {"stats"}, scratch);
  INFO("facts: " << f.err << "stats: " << s.err);
  REQUIRE(f.exit.code == 0);
  REQUIRE(s.exit.code == 0);
  return f.out + "\n--\n" + s.out;
}

// ---- direct SQLite access ------------------------------------------------------------------------

namespace {

struct Conn {
  sqlite3* db = nullptr;
  Conn(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
      std::string m = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close(db);
      db = nullptr;
      FAIL("cannot open " << path << ": " << m);
    }
    sqlite3_busy_timeout(db, 10000);
  }
  ~Conn() { sqlite3_close(db); }
  std::vector<std::vector<std::string>> rows(const std::string& sql) {
    std::vector<std::vector<std::string>> out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      FAIL("SQL prepare failed (" << sql << "): " << sqlite3_errmsg(db));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        auto p = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
        row.push_back(p ? std::string(p, sqlite3_column_bytes(st, i)) : "");
      }
      out.push_back(std::move(row));
    }
    std::string m = sqlite3_errmsg(db);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) FAIL("SQL step failed (" << sql << "): " << m);
    return out;
  }
};

}  // namespace

std::string integrity_check(const std::string& db) {
  // Read-write so that a leftover WAL is recovered exactly as the next kg run would.
  Conn c(db, SQLITE_OPEN_READWRITE);
  std::string s;
  for (const auto& r : c.rows("PRAGMA integrity_check")) s += (s.empty() ? "" : "\n") + r.at(0);
  return s;
}

std::string foreign_key_check(const std::string& db) {
  Conn c(db, SQLITE_OPEN_READWRITE);
  std::string s;
  for (const auto& r : c.rows("PRAGMA foreign_key_check")) {
    for (const auto& cell : r) s += cell + " ";
    s += "\n";
  }
  return s;
}

int64_t sql_int(const std::string& db, const std::string& sql) {
  Conn c(db, SQLITE_OPEN_READONLY);
  auto rows = c.rows(sql);
  REQUIRE(!rows.empty());
  return std::stoll(rows.at(0).at(0));
}

void sql_exec(const std::string& db, const std::string& sql) {
  Conn c(db, SQLITE_OPEN_READWRITE);
  char* err = nullptr;
  if (sqlite3_exec(c.db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string m = err ? err : "?";
    sqlite3_free(err);
    FAIL("SQL failed (" << sql << "): " << m);
  }
}

std::vector<std::pair<std::string, DocCounts>> document_counts(const std::string& db) {
  Conn c(db, SQLITE_OPEN_READONLY);
  std::map<std::string, DocCounts> m;
  for (const auto& r : c.rows("SELECT d.sha256, (SELECT count(*) FROM sentences s WHERE s.doc_id = d.id),"
                              " (SELECT count(*) FROM mentions x JOIN sentences s ON s.id = x.sentence_id"
                              "   WHERE s.doc_id = d.id),"
                              " (SELECT count(*) FROM fact_sources f WHERE f.doc_id = d.id) FROM documents d"))
    m[r.at(0)] = DocCounts{std::stoll(r.at(1)), std::stoll(r.at(2)), std::stoll(r.at(3))};
  return {m.begin(), m.end()};
}

// ---- corpora -------------------------------------------------------------------------------------

uint64_t make_corpus(const std::string& dir, int n) {
  fs::create_directories(dir);
  std::vector<std::string> articles;
  for (const auto& e : fs::directory_iterator(kSample))
    if (e.is_regular_file()) articles.push_back(e.path().string());
  std::sort(articles.begin(), articles.end());
  REQUIRE(!articles.empty());
  std::vector<std::string> texts;
  for (const auto& a : articles) texts.push_back(read_all(a));
  static const char* kNotes[] = {"本期内容仅供参考，不构成投资建议。", "欢迎读者来信交流行业观察。",
                                 "编辑部整理，转载请注明出处。", "更多报道请关注本栏目后续更新。"};
  uint64_t total = 0;
  for (int i = 0; i < n; ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "/doc_%05d.txt", i);
    std::string text = "【行业周报 第" + std::to_string(i + 1) + "期】\n" + texts[i % texts.size()] + "\n" +
                       kNotes[i % 4] + "（稿件编号 " + std::to_string(100000 + i * 7) + "）\n";
    write_all(dir + name, text);
    total += text.size();
  }
  return total;
}

std::string good_article() {
  return "星桥资本领投蓝鲸智能2亿元融资\n"
         "2021年5月18日，人工智能公司蓝鲸智能宣布完成2亿元人民币B轮融资，由星桥资本领投。\n"
         "蓝鲸智能表示，本轮资金将用于研发和市场拓展。\n";
}

long env_long(const char* name, long def) {
  const char* v = std::getenv(name);
  if (!v || !*v) return def;
  char* end = nullptr;
  long x = std::strtol(v, &end, 10);
  return (*end || x <= 0) ? def : x;
}

}  // namespace kg_rel
