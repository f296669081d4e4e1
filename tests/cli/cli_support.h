// Shared helpers for kg's command-line tests: a temporary folder per test, running kg in-process or as the built
// binary, and small TSV/text utilities. Header-only; include it from any tests/cli/*.cpp or tests/reliability/*.cpp.
#pragma once
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace kg_test {

namespace fs = std::filesystem;

inline const std::string kSample = KG_DATA_DIR "/sample";
inline const std::string kReferenceCorpus = KG_SHARED_DIR "/corpus";
inline const std::vector<std::string> kFlagshipInvestors = {"Elon Musk", "Peter Thiel", "Reid Hoffman", "Y Combinator"};

// A fresh, empty folder under the system temp directory; removed (with everything in it) on destruction.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    for (int attempt = 0; attempt < 100; ++attempt) {
      fs::path p = fs::temp_directory_path() /
                   ("kg_cli_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
                    std::to_string(rd()));
      if (fs::create_directory(p)) {
        path_ = p;
        return;
      }
    }
    FAIL("cannot create a temporary directory");
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string db() const { return file("kg.db"); }

 private:
  fs::path path_;
};

struct Result {
  int code;
  std::string out, err;
};

inline Result run_kg(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  int code = kg::cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

// Runs `kg --db DB ARGS…`.
inline Result kg_db(const std::string& db, std::vector<std::string> args) {
  args.insert(args.begin(), {"--db", db});
  return run_kg(args);
}

inline std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

inline std::vector<std::string> split_tabs(const std::string& s) {
  std::vector<std::string> cells;
  size_t p = 0;
  while (true) {
    size_t t = s.find('\t', p);
    cells.push_back(s.substr(p, t == std::string::npos ? std::string::npos : t - p));
    if (t == std::string::npos) break;
    p = t + 1;
  }
  return cells;
}

// Column `col` of the data rows of a TSV table (the header line is skipped).
inline std::vector<std::string> tsv_column(const std::string& tsv, size_t col = 0) {
  std::vector<std::string> values;
  auto lines = lines_of(tsv);
  for (size_t i = 1; i < lines.size(); ++i) {
    auto cells = split_tabs(lines[i]);
    values.push_back(col < cells.size() ? cells[col] : "");
  }
  return values;
}

inline std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

inline bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

inline bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// stderr holds exactly one line, and it starts with "error: ".
inline bool one_error_line(const std::string& err) {
  return err.rfind("error: ", 0) == 0 && !err.empty() && err.back() == '\n' &&
         std::count(err.begin(), err.end(), '\n') == 1;
}

inline std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_all(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f << bytes;
  REQUIRE(f.good());
}

inline size_t count_files(const std::string& dir) {
  size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename().string()[0] != '.') ++n;
  return n;
}

inline void ingest_or_fail(const std::string& db, const std::string& path) {
  Result r = kg_db(db, {"ingest", path});
  INFO("ingest " << path << "\nstdout: " << r.out << "stderr: " << r.err);
  REQUIRE(r.code == 0);
}

// Everything a user can list from a database; equal snapshots mean nothing stored changed.
inline std::string snapshot(const std::string& db) {
  Result facts = kg_db(db, {"facts", "--format", "tsv", "--full"});
  Result entities = kg_db(db, {"entities", "--format", "tsv"});
  Result stats = kg_db(db, {"stats"});
  REQUIRE(facts.code == 0);  // a snapshot of an unreadable or empty database would prove nothing
  REQUIRE(entities.code == 0);
  REQUIRE(stats.code == 0);
  return facts.out + "\n--\n" + entities.out + "\n--\n" + stats.out;
}

// Runs the built kg binary through the shell; returns the exit status and captures stdout/stderr.
inline Result run_binary(const TempDir& tmp, const std::string& args) {
  std::string out = tmp.file("bin.out"), err = tmp.file("bin.err");
  std::string cmd = "'" KG_BINARY "' " + args + " >'" + out + "' 2>'" + err + "'";
  int status = std::system(cmd.c_str());
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return {code, read_all(out), read_all(err)};
}

}  // namespace kg_test
