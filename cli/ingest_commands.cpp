#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "base/error.h"
#include "base/ordered_pool.h"
#include "base/sha256.h"
#include "cli/command.h"
#include "cli/progress.h"
#include "ingest/import.h"
#include "ingest/pipeline.h"
#include "queries/answer.h"
#include "queries/table.h"

namespace kg::cli {
namespace {

namespace fs = std::filesystem;
using queries::OutputFormat;
using queries::plain_amount;
using queries::Table;

// Adds the regular files under `dir` (recursively, skipping hidden entries, not following symlinked folders, so
// a symlink loop cannot recurse) to `found`. A folder that cannot be read is named on an error line; the rest of
// the walk goes on.
void walk(const fs::path& dir, std::vector<std::string>& found, std::vector<std::string>& errors) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  if (ec) {
    errors.push_back(dir.string() + ": cannot read directory: " + ec.message());
    return;
  }
  std::vector<fs::path> subdirs;
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    const auto& e = *it;
    std::string name = e.path().filename().string();
    if (!name.empty() && name[0] == '.') continue;
    std::error_code ec2;
    if (e.is_symlink(ec2)) {
      if (e.is_regular_file(ec2)) found.push_back(e.path().string());  // a symlinked file is read, a folder not
    } else if (e.is_directory(ec2)) {
      subdirs.push_back(e.path());
    } else if (e.is_regular_file(ec2)) {
      found.push_back(e.path().string());
    }
  }
  if (ec) errors.push_back(dir.string() + ": cannot read directory: " + ec.message());
  std::sort(subdirs.begin(), subdirs.end());  // errors come out in a stable order
  for (const auto& d : subdirs) walk(d, found, errors);
}

void collect(const std::string& path, std::vector<std::string>& files, std::vector<std::string>& errors) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    errors.push_back(path + ": no such file or directory");
    return;
  }
  if (fs::is_directory(st)) {
    std::vector<std::string> found;
    walk(path, found, errors);
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  } else {
    files.push_back(path);
  }
}

// Documents over this size are refused unless --max-file-mb raises it: extraction holds about 40 bytes of working
// memory per input byte (an 8 MiB file peaks at 370 MiB; docs/reliability.md), so 16 MiB costs about 0.75 GB per job.
constexpr long kDefaultMaxFileMb = 16;
constexpr long kImportMaxFileMb = 512;  // fact tables are parsed row by row

bool read_file(const std::string& path, std::string& bytes, std::string& error, long max_mb) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (!ec && size > (static_cast<uintmax_t>(max_mb) << 20)) {
    char mib[32];
    std::snprintf(mib, sizeof mib, "%.1f", static_cast<double>(size) / (1 << 20));
    error = path + ": file too large (" + mib + " MiB; the limit is " + std::to_string(max_mb) +
            " MiB per document, raise it with --max-file-mb)";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot read: " + std::strerror(errno);
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  bytes = ss.str();
  return true;
}
// One document's outcome, made by a worker thread and written by the single writer in file order.
struct Prepared {
  std::string sha256;
  uint64_t bytes = 0;
  std::string error;                         // read or extraction error (one line), or empty
  bool already_stored = false;               // its hash was in the database when the worker looked
  std::optional<ExtractedDocument> doc;
};

int default_jobs() {
  unsigned n = std::thread::hardware_concurrency();
  return n ? static_cast<int>(std::min(n, 64u)) : 1;
}

long max_file_mb(const Parsed& p) {
  return p.has("--max-file-mb") ? parse_int("--max-file-mb", p.get("--max-file-mb"), 1, 4096) : kDefaultMaxFileMb;
}

int cmd_ingest(Context& c, const Parsed& p) {
  ingest::IngestOptions io;
  io.date = p.get("--date");
  if (!io.date.empty()) {
    std::optional<int> y, m, d;
    if (!ingest::parse_date(io.date, y, m, d) || !m || !d)
      throw UsageError("--date: expected YYYY-MM-DD, got '" + io.date + "'");
  }
  const int jobs = p.has("--jobs") ? parse_int("--jobs", p.get("--jobs"), 1, 256) : default_jobs();
  const long max_mb = max_file_mb(p);
  std::vector<std::string> files, errors;
  for (const auto& path : p.pos) collect(path, files, errors);
  for (const auto& e : errors) c.err << "error: " << e << "\n";
  ingest::Resources res = ingest::Resources::load(c.data_dir, c.lexicons);
  Store store(c.db_path);
  // Names the analyst taught kg (kg alias add) are recognised like lexicon names.
  for (const auto& e : store.user_entities()) res.lexicon.add(e.name, e.type, e.aliases, "user");
  const int64_t facts_before = store.stats().facts;

  uint64_t total_bytes = 0;
  for (const auto& f : files) {
    std::error_code ec;
    auto size = fs::file_size(f, ec);
    if (!ec) total_bytes += size;
  }
  Progress progress(c.err, !p.has("--no-progress") && Progress::terminal(c.err), files.size(), total_bytes);

  // Workers read and extract. To skip documents already stored they borrow read-only connections from a pool
  // (one per concurrently running worker; SQLite connections must not be shared between threads).
  std::mutex pool_mu;
  std::vector<std::unique_ptr<Store>> idle;
  auto stored = [&](const std::string& sha) {
    std::unique_ptr<Store> s;
    {
      std::lock_guard lock(pool_mu);
      if (!idle.empty()) {
        s = std::move(idle.back());
        idle.pop_back();
      }
    }
    if (!s) {
      StoreOptions ro;
      ro.read_only = true;
      s = std::make_unique<Store>(c.db_path, ro);
    }
    bool known = s->has_document(sha);
    std::lock_guard lock(pool_mu);
    idle.push_back(std::move(s));
    return known;
  };
  auto work = [&](size_t i) {
    Prepared r;
    std::string bytes;
    if (!read_file(files[i], bytes, r.error, max_mb)) return r;
    r.bytes = bytes.size();
    r.sha256 = sha256_hex(bytes);
    if (stored(r.sha256)) {
      r.already_stored = true;
      return r;
    }
    try {
      ingest::IngestOptions o = io;
      o.sha256 = r.sha256;  // hashed above, to skip stored documents
      r.doc = ingest::process_document(files[i], bytes, res, o);
    } catch (const FileError& e) {
      r.error = e.what();
    }
    return r;
  };

  int added = 0, duplicates = 0, failed = static_cast<int>(errors.size());
  long sentences = 0, facts = 0;
  uint64_t bytes_done = 0;
  std::set<std::string> entities;
  int group_docs = 0;
  uint64_t group_bytes = 0;
  std::chrono::steady_clock::time_point group_start;
  auto consume = [&](size_t i, Prepared& r) {
    bytes_done += r.bytes;
    progress.update(i + 1, bytes_done);
    if (!r.error.empty()) {
      c.err << "error: " << r.error << "\n";
      ++failed;
      return;
    }
    if (r.already_stored || !r.doc) {
      ++duplicates;
      return;
    }
    // Documents are committed in groups (up to 4096 documents, 32 MiB of text or 3 s; the run's first document
    // alone, so a run killed early still keeps what it stored): a kill loses at most the open group, never part of
    // a document. Each commit rewrites the pages the group touched (table ends, index pages) and indexes the group's
    // sentences for search (one FTS5 segment per commit). On the generated 100 MiB corpus, --jobs 2 took 67 s with
    // groups of 256 documents / 400 ms and 50-58 s with 2048-4096 / 3-5 s (peak RSS 166 -> 230-275 MiB). 3 s keeps
    // a group well inside another writer's 10 s busy timeout.
    if (!store.in_group()) {
      store.begin_group();
      group_docs = 0;
      group_bytes = 0;
      group_start = std::chrono::steady_clock::now();
    }
    IngestResult w = store.add_document(*r.doc);
    if (added == 0 || ++group_docs >= 4096 || (group_bytes += r.bytes) >= (32u << 20) ||
        std::chrono::steady_clock::now() - group_start > std::chrono::milliseconds(3000))
      store.commit_group();
    if (!w.added) {
      ++duplicates;
      return;
    }
    ++added;
    sentences += w.sentences;
    facts += w.facts;
    for (const auto& e : r.doc->entities) entities.insert(e.name);
  };
  OrderedOptions oo;
  oo.threads = jobs;
  // Extracted documents waiting for the writer: enough that the extracting threads rarely wait while it commits a
  // group (32 per thread: 1.1x faster than 4 at --jobs 2), bounded to about 256 MiB of waiting results on
  // documents of the run's average size (a result holds about four times its document's bytes).
  const uint64_t avg = files.empty() ? 1 : std::max<uint64_t>(1, total_bytes / files.size());
  oo.window = std::clamp<size_t>(static_cast<size_t>((256ull << 20) / (4 * avg)), 4 * static_cast<size_t>(jobs),
                                 32 * static_cast<size_t>(jobs));
  run_ordered<Prepared>(files.size(), oo, work, consume);
  store.commit_group();
  StoreStats after = store.stats();
  c.out << "ingested " << added << " document" << (added == 1 ? "" : "s") << ": " << sentences << " sentences, "
        << entities.size() << " entities, " << (after.facts - facts_before) << " new facts (" << facts
        << " extracted)";
  if (duplicates) c.out << "; " << duplicates << " already stored";
  if (failed) c.out << "; " << failed << " failed";
  c.out << "\n";
  c.out << "database " << c.db_path << ": " << after.documents << " documents, " << after.entities << " entities, "
        << after.facts << " facts\n";
  return failed ? kError : kFound;
}

int cmd_import(Context& c, const Parsed& p) {
  Store store(c.db_path);
  const int64_t facts_before = store.stats().facts;
  int added = 0, duplicates = 0, failed = 0;
  long rows = 0;
  for (const auto& f : p.pos) {
    std::string bytes, error;
    if (!read_file(f, bytes, error, kImportMaxFileMb)) {
      c.err << "error: " << error << "\n";
      ++failed;
      continue;
    }
    try {
      std::string sha = sha256_hex(bytes);
      if (store.has_document(sha)) {
        ++duplicates;
        continue;
      }
      ExtractedDocument doc = ingest::import_fact_table(f, bytes, sha);
      IngestResult r = store.add_document_bulk(doc);
      if (!r.added) {
        ++duplicates;
        continue;
      }
      ++added;
      rows += static_cast<long>(doc.facts.size());
    } catch (const FileError& e) {
      c.err << "error: " << e.what() << "\n";
      ++failed;
    }
  }
  StoreStats after = store.stats();
  c.out << "imported " << added << " table" << (added == 1 ? "" : "s") << ": " << rows << " rows, "
        << (after.facts - facts_before) << " new facts";
  if (duplicates) c.out << "; " << duplicates << " already stored";
  if (failed) c.out << "; " << failed << " failed";
  c.out << "\n";
  c.out << "database " << c.db_path << ": " << after.documents << " documents, " << after.entities << " entities, "
        << after.facts << " facts\n";
  return failed ? kError : kFound;
}

int cmd_extract(Context& c, const Parsed& p) {
  std::string path, bytes, error;
  if (p.has("--text")) {
    if (!p.pos.empty()) throw UsageError("extract: give FILE or --text, not both");
    path = "<text>";
    bytes = p.get("--text");
  } else {
    if (p.pos.empty()) throw UsageError("extract: give FILE or --text TEXT");
    path = p.pos[0];
    if (!read_file(path, bytes, error, max_file_mb(p))) throw FileError(path, error.substr(error.find(": ") + 2));
  }
  ingest::IngestOptions io;
  io.date = p.get("--date");
  std::string trace;
  if (p.has("--trace")) io.trace = &trace;
  ingest::Resources res = ingest::Resources::load(c.data_dir, c.lexicons);
  ExtractedDocument doc = ingest::process_document(path, bytes, res, io);
  c.out << trace;
  OutputFormat f = format_of(p);
  if (p.has("--mentions")) {
    Table m;
    m.columns = {"sentence", "entity", "surface", "start", "end"};
    for (const auto& x : doc.mentions)
      m.rows.push_back({std::to_string(x.sentence_seq), x.entity, x.surface, std::to_string(x.start), std::to_string(x.end)});
    c.out << queries::render(m, f);
  }
  Table t;
  t.columns = {"subject", "predicate", "object", "amount", "currency", "year", "month", "status", "round", "role",
               "rule", "sentence"};
  for (const auto& x : doc.facts)
    t.rows.push_back({x.subject, x.predicate, x.object, plain_amount(x.amount), x.currency, opt_int(x.year),
                      opt_int(x.month), x.status, x.round, x.role, x.rule, std::to_string(x.sentence_seq)});
  if (f == OutputFormat::Table)
    c.out << "publication date: " << (doc.doc.pub_date.empty() ? "unknown" : doc.doc.pub_date) << " ("
          << doc.doc.pub_date_source << "), encoding " << doc.doc.encoding << ", " << doc.sentences.size()
          << " sentences\n";
  return print(c, t, f);
}

}  // namespace

std::vector<CommandSpec> ingest_commands() {
  return {
      {"ingest", "ingest PATH...", "ingest files and folders (recursively) into the database",
       "kg ingest PATH... [--date YYYY-MM-DD] [--jobs N] [--max-file-mb N] [--no-progress]\n  Ingests files and "
       "folders (recursively; hidden entries and symlinked folders are skipped, an unreadable folder is named on an "
       "error line). Files over --max-file-mb (default 16) are refused on one line. --date sets the publication date that relative dates (今年, 去年) resolve against. "
       "--jobs N extracts N documents at a time (default: the number of cores); one writer stores them in file "
       "order, so the database is the same whatever N. A progress bar (documents, MB/s, ETA) is drawn on stderr "
       "when it is a terminal, unless --no-progress.",
       {"--no-progress"}, {"--date", "--jobs", "--max-file-mb"}, {}, 1, -1, cmd_ingest},
      {"extract", "extract FILE|--text T", "show what the extractor finds, without storing it",
       "kg extract (FILE | --text TEXT) [--date YYYY-MM-DD] [--max-file-mb N] [--mentions] [--trace] [--format F]\n  Runs "
       "the extractor on one file or text without storing anything: the facts it would add, with the rule "
       "that fired (with --mentions, every entity mention; with --trace, each sentence's tokens and the "
       "patterns that matched).",
       {"--mentions", "--trace"}, {"--text", "--date", "--format", "--max-file-mb"}, {}, 0, 1, cmd_extract},
      {"import", "import FILE...", "load a table of facts (the kg facts --format tsv layout)",
       "kg import FILE...\n  Loads tab-separated fact tables: a header naming at least subject, predicate and object "
       "(the columns of `kg facts --format tsv`, optionally those of --full, subject_type, object_type, evidence and "
       "source), then one fact per line. Each table is stored as one document; each fact keeps its file and line as "
       "evidence. A malformed row refuses the whole table, naming the file and line.",
       {}, {}, {}, 1, -1, cmd_import},
  };
}

}  // namespace kg::cli
