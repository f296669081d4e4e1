// Test harness for kg's reliability tests: runs the built kg binary as a subprocess (optionally without the
// root file-permission override, or inside a private read-only bind mount), reads databases directly with the
// SQLite C API, and builds scratch corpora in temporary folders. Owns nothing in the repository.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace kg_rel {

namespace fs = std::filesystem;

inline const std::string kBinary = KG_BINARY;
inline const std::string kSample = KG_DATA_DIR "/sample";
inline const std::string kSourceDir = KG_SOURCE_DIR;

// A fresh folder under the system temp directory, removed with its contents on destruction (permissions are
// restored first so that chmod 000 leftovers do not stay behind).
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string db() const { return file("kg.db"); }

 private:
  fs::path path_;
};

// How a child process is started.
struct SpawnOptions {
  std::string stdout_path;        // default "": /dev/null
  std::string stderr_path;        // default "": /dev/null
  bool drop_dac = false;          // default false: drop CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH so root obeys file modes
  std::string read_only_mount;    // default "": bind-mount this folder read-only in a private mount namespace
};

// Options that only send the child's stdout and stderr to files.
SpawnOptions output_to(const std::string& stdout_path, const std::string& stderr_path);

// Exit codes a child uses when the sandbox set-up itself failed (the test then skips that case with a message).
constexpr int kCannotDropCaps = 121;
constexpr int kCannotMount = 122;
constexpr int kCannotExec = 127;

struct Exit {
  int code = -1;            // exit status, or -1 when killed by a signal
  int signal = 0;           // the signal that ended it, 0 if it exited
  bool timed_out = false;   // killed by wait_for after its timeout
  double seconds = 0;       // wall time from spawn to exit
  long max_rss_kb = 0;      // peak resident memory of the child
};

struct Child {
  pid_t pid = -1;
  double started = 0;       // monotonic seconds
};

double now_seconds();                                             // monotonic clock
Child spawn(const std::vector<std::string>& argv, const SpawnOptions& options = SpawnOptions());
// Waits for the child; after timeout_s (0: no limit) kills it with SIGKILL and marks timed_out.
Exit wait_for(Child& child, double timeout_s = 0);
bool finished(Child& child, Exit& exit);                          // non-blocking wait: true once it has ended

// Result of one run of the kg binary.
struct Run {
  Exit exit;
  std::string out, err;
  std::string cmdline;      // for messages
};

// Runs `kg ARGS…` (the built binary) to completion, capturing stdout and stderr through files in scratch.
Run kg(const std::vector<std::string>& args, const std::string& scratch, const SpawnOptions& options = SpawnOptions(),
       double timeout_s = 600);
// Same with `--db DB` in front.
Run kg_db(const std::string& db, std::vector<std::string> args, const std::string& scratch,
          const SpawnOptions& options = SpawnOptions(), double timeout_s = 600);

// stderr holds exactly one line, starting with "error: ".
bool one_error_line(const std::string& err);
// Lines of stderr that start with "error: ".
std::vector<std::string> error_lines(const std::string& err);
bool has(const std::string& s, const std::string& part);
std::vector<std::string> lines_of(const std::string& s);
std::vector<std::string> split(const std::string& s, char sep);

std::string read_all(const std::string& path);
void write_all(const std::string& path, const std::string& bytes);

// The user-visible state of a database: `kg facts --format tsv --full`, `kg entities --format tsv` and
// `kg stats` joined. Equal snapshots mean nothing stored changed. Fails the test if any command fails.
std::string snapshot(const std::string& db, const std::string& scratch);
// `kg facts --format tsv` + `kg stats` (the comparison the issue names).
std::string facts_and_stats(const std::string& db, const std::string& scratch);

// Direct SQLite access (no kg code involved).
std::string integrity_check(const std::string& db);               // "ok" when healthy; otherwise the messages
std::string foreign_key_check(const std::string& db);             // "" when every reference resolves
int64_t sql_int(const std::string& db, const std::string& sql);   // first column of the first row
void sql_exec(const std::string& db, const std::string& sql);     // read-write, for test set-up only

// Per stored document (keyed by sha256): "sentences mentions fact_sources" counts.
struct DocCounts {
  int64_t sentences = 0, mentions = 0, sources = 0;
  bool operator==(const DocCounts& o) const {
    return sentences == o.sentences && mentions == o.mentions && sources == o.sources;
  }
};
std::vector<std::pair<std::string, DocCounts>> document_counts(const std::string& db);

// Writes n articles into dir: the data/sample articles in turn, each with its own inserted lines (a different
// issue number and note) so every file has a different content hash. Returns the total bytes written.
uint64_t make_corpus(const std::string& dir, int n);

// An article written for these tests (not from any reference corpus): one clear investment fact
// (星桥资本 invested in 蓝鲸智能, 2亿元, 2021-05).
std::string good_article();

// Environment integer with a default (for sizes and counts that CI keeps small).
long env_long(const char* name, long def);

}  // namespace kg_rel
