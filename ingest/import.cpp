#include "ingest/import.h"

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <unordered_map>

#include "base/error.h"
#include "base/sha256.h"
#include "base/text.h"
#include "base/unicode.h"

namespace kg::ingest {
namespace {

enum Col {
  kSubject, kPredicate, kObject, kAmount, kCurrency, kYear, kMonth, kDay, kStatus, kRound, kRole, kApprox,
  kRoundTotal, kAmountMin, kAmountMax, kDateBasis, kConfidence, kRule, kSubjectType, kObjectType, kEvidence,
  kSource, kIgnored, kColCount
};

const std::map<std::string_view, Col>& columns() {
  static const std::map<std::string_view, Col> m = {
      {"subject", kSubject},       {"predicate", kPredicate},   {"object", kObject},
      {"amount", kAmount},         {"currency", kCurrency},     {"year", kYear},
      {"month", kMonth},           {"day", kDay},               {"status", kStatus},
      {"round", kRound},           {"role", kRole},             {"approx", kApprox},
      {"round_total", kRoundTotal}, {"amount_min", kAmountMin}, {"amount_max", kAmountMax},
      {"date_basis", kDateBasis},  {"confidence", kConfidence}, {"rule", kRule},
      {"subject_type", kSubjectType}, {"object_type", kObjectType}, {"evidence", kEvidence},
      {"source", kSource},         {"sources", kIgnored},       {"id", kIgnored},
      {"key", kIgnored},           {"verdict", kIgnored}};
  return m;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

struct RowError {
  std::string message;
};

std::optional<double> number(std::string_view v, const char* what) {
  if (v.empty()) return std::nullopt;
  std::string s(v);
  char* end = nullptr;
  errno = 0;
  double x = std::strtod(s.c_str(), &end);
  if (*end || errno || !std::isfinite(x) || x < 0)
    throw RowError{std::string(what) + ": expected a non-negative number, got '" + s + "'"};
  return x;
}

std::optional<int> whole(std::string_view v, const char* what, int lo, int hi) {
  if (v.empty()) return std::nullopt;
  std::string s(v);
  char* end = nullptr;
  errno = 0;
  long x = std::strtol(s.c_str(), &end, 10);
  if (*end || errno || x < lo || x > hi)
    throw RowError{std::string(what) + ": expected a whole number from " + std::to_string(lo) + " to " +
                   std::to_string(hi) + ", got '" + s + "'"};
  return static_cast<int>(x);
}

bool yes(std::string_view v, const char* what) {
  if (v.empty() || v == "no" || v == "0" || v == "false") return false;
  if (v == "yes" || v == "1" || v == "true") return true;
  throw RowError{std::string(what) + ": expected yes or no, got '" + std::string(v) + "'"};
}

std::string one_of(std::string_view v, const char* what, std::initializer_list<const char*> allowed,
                   const char* fallback) {
  if (v.empty()) return fallback;
  for (const char* a : allowed)
    if (v == a) return std::string(v);
  std::string list;
  for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  throw RowError{std::string(what) + ": expected one of " + list + ", got '" + std::string(v) + "'"};
}

}  // namespace

ExtractedDocument import_fact_table(const std::string& path, std::string_view bytes, std::string sha256) {
  if (bytes.empty()) throw FileError(path, "empty file");
  if (bytes.find('\0') != std::string_view::npos) throw FileError(path, "binary data (NUL byte) in a fact table");
  if (!valid_utf8(bytes)) throw FileError(path, "not valid UTF-8 (fact tables must be UTF-8)");
  const std::string_view original = bytes;
  int64_t bom = 0;  // byte offsets are into the original file, so a UTF-8 BOM shifts them by 3
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xEF && static_cast<unsigned char>(bytes[1]) == 0xBB &&
      static_cast<unsigned char>(bytes[2]) == 0xBF) {
    bytes.remove_prefix(3);
    bom = 3;
  }

  ExtractedDocument out;
  out.doc.path = path;
  out.doc.encoding = "UTF-8";
  out.doc.format = kFactTableFormat;
  out.doc.pub_date_source = "unknown";

  std::array<int, kColCount> at;
  at.fill(-1);
  bool have_header = false;
  size_t ncols = 0;
  std::unordered_map<std::string, size_t> entity_index;
  auto entity = [&](const std::string& name, const std::string& type) {
    auto it = entity_index.find(name);
    if (it != entity_index.end()) return;
    entity_index.emplace(name, out.entities.size());
    out.entities.push_back(EntityRecord{name, type, "imported", {name}});
  };

  {
    size_t lines = 1;  // at most one fact and one sentence per line
    for (size_t p = bytes.find('\n'); p != std::string_view::npos; p = bytes.find('\n', p + 1)) ++lines;
    out.facts.reserve(lines);
    out.sentences.reserve(lines);
  }
  std::vector<std::string_view> cells;
  size_t pos = 0;
  int line_no = 0;
  while (pos < bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    size_t end = nl == std::string_view::npos ? bytes.size() : nl;
    std::string_view line = bytes.substr(pos, end - pos);
    const size_t line_start = pos;
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty() || line.front() == '#') continue;
    cells.clear();
    for (size_t b = 0;;) {
      size_t t = line.find('\t', b);
      cells.push_back(trim(line.substr(b, t == std::string_view::npos ? std::string_view::npos : t - b)));
      if (t == std::string_view::npos) break;
      b = t + 1;
    }
    if (!have_header) {
      for (size_t i = 0; i < cells.size(); ++i) {
        auto it = columns().find(cells[i]);
        if (it == columns().end()) {
          std::string known;
          for (const auto& [k, v] : columns()) known += (known.empty() ? "" : " ") + std::string(k);
          throw FileError(path, "unknown column '" + std::string(cells[i]) + "' (known: " + known + ")", line_no);
        }
        if (it->second == kIgnored) continue;
        if (at[it->second] >= 0) throw FileError(path, "column '" + std::string(cells[i]) + "' given twice", line_no);
        at[it->second] = static_cast<int>(i);
      }
      for (Col c : {kSubject, kPredicate, kObject})
        if (at[c] < 0)
          throw FileError(path, "the header must name the columns subject, predicate and object", line_no);
      have_header = true;
      ncols = cells.size();
      continue;
    }
    if (cells.size() != ncols)
      throw FileError(path, "expected " + std::to_string(ncols) + " tab-separated columns, found " +
                                std::to_string(cells.size()), line_no);
    auto cell = [&](Col c) -> std::string_view { return at[c] < 0 ? std::string_view() : cells[at[c]]; };
    try {
      FactRecord f;
      f.subject = std::string(cell(kSubject));
      f.object = std::string(cell(kObject));
      if (f.subject.empty()) throw RowError{"subject is empty"};
      if (f.object.empty()) throw RowError{"object is empty"};
      f.predicate = one_of(cell(kPredicate), "predicate", {"invested", "acquired", "founded"}, "");
      if (f.predicate.empty()) throw RowError{"predicate is empty"};
      f.amount = number(cell(kAmount), "amount");
      f.amount_min = number(cell(kAmountMin), "amount_min");
      f.amount_max = number(cell(kAmountMax), "amount_max");
      f.currency = std::string(cell(kCurrency));
      if (!f.currency.empty()) {
        bool iso = f.currency.size() == 3;
        for (char ch : f.currency) iso = iso && ch >= 'A' && ch <= 'Z';
        if (!iso) throw RowError{"currency: expected an ISO 4217 code like USD or CNY, got '" + f.currency + "'"};
      }
      f.year = whole(cell(kYear), "year", 1800, 2100);
      f.month = whole(cell(kMonth), "month", 1, 12);
      f.day = whole(cell(kDay), "day", 1, 31);
      if (f.month && !f.year) throw RowError{"month given without a year"};
      if (f.day && !f.month) throw RowError{"day given without a month"};
      f.status = one_of(cell(kStatus), "status",
                        {"completed", "planned", "pending", "rumoured", "denied", "terminated"}, "completed");
      f.round = std::string(cell(kRound));
      f.role = one_of(cell(kRole), "role", {"lead", "participant"}, "");
      f.approx = yes(cell(kApprox), "approx");
      f.round_total = yes(cell(kRoundTotal), "round_total");
      f.date_basis = one_of(cell(kDateBasis), "date_basis", {"explicit", "previous", "publication"}, "explicit");
      if (!f.year) f.date_basis.clear();
      if (auto c = number(cell(kConfidence), "confidence")) {
        if (*c > 1) throw RowError{"confidence: expected a number from 0 to 1"};
        f.confidence = *c;
      } else {
        f.confidence = 1.0;
      }
      f.rule = cell(kRule).empty() ? "import" : std::string(cell(kRule));
      std::string stype = one_of(cell(kSubjectType), "subject_type", {"person", "organization", "product"},
                                 f.predicate == "founded" ? "person" : "organization");
      std::string otype = one_of(cell(kObjectType), "object_type", {"person", "organization", "product"},
                                 "organization");
      entity(f.subject, stype);
      entity(f.object, otype);

      SentenceRecord s;
      s.seq = static_cast<int>(out.sentences.size());
      s.paragraph = s.seq;
      s.start = bom + static_cast<int64_t>(line_start);
      s.end = s.start + static_cast<int64_t>(line.size());
      std::string_view ev = cell(kEvidence), source = cell(kSource);
      // `kg facts --full` prints evidence as "sentence [path:start-end]": the bracket becomes the source.
      if (source.empty() && !ev.empty() && ev.back() == ']') {
        size_t open = ev.rfind(" [");
        std::string_view tag = open == std::string_view::npos ? std::string_view() : ev.substr(open + 2, ev.size() - open - 3);
        size_t colon = tag.rfind(':');
        if (colon != std::string_view::npos && colon + 1 < tag.size() &&
            tag.find_first_not_of("0123456789-", colon + 1) == std::string_view::npos) {
          source = tag;
          ev = ev.substr(0, open);
        }
      }
      s.text = ev.empty() ? std::string(line) : std::string(ev);
      if (!source.empty()) s.text += " [source: " + std::string(source) + "]";
      s.norm = ev.empty() ? std::string() : normalize_utf8(ev);
      f.sentence_seq = s.seq;
      f.start = s.start;
      f.end = s.end;
      out.sentences.push_back(std::move(s));
      out.facts.push_back(std::move(f));
    } catch (const RowError& e) {
      throw FileError(path, e.message, line_no);
    }
  }
  if (!have_header) throw FileError(path, "no header line (expected columns subject, predicate, object, …)");
  if (out.facts.empty()) throw FileError(path, "no fact rows after the header");
  out.doc.sha256 = sha256.empty() ? sha256_hex(original) : std::move(sha256);
  out.doc.bytes = static_cast<int64_t>(original.size());
  out.doc.raw.assign(original.data(), original.size());
  return out;
}

}  // namespace kg::ingest
