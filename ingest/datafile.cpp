#include "ingest/datafile.h"

#include <fstream>
#include <sstream>

#include "base/error.h"
#include "base/text.h"

namespace kg::ingest {

std::vector<DataRow> read_data_file(const std::string& path, size_t min_fields) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileError(path, "cannot read data file");
  std::vector<DataRow> rows;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!valid_utf8(line)) throw FileError(path, "not valid UTF-8", n);
    // Control characters (NUL, ESC, …) are never part of a name or a cue; TAB separates fields.
    for (unsigned char ch : line)
      if ((ch < 0x20 && ch != '\t') || ch == 0x7F)
        throw FileError(path, "control character " + std::to_string(ch) + " in a data line", n);
    if (line.empty() || line[0] == '#') continue;
    DataRow r;
    r.line = n;
    size_t pos = 0;
    while (true) {
      size_t tab = line.find('\t', pos);
      r.fields.push_back(line.substr(pos, tab == std::string::npos ? std::string::npos : tab - pos));
      if (tab == std::string::npos) break;
      pos = tab + 1;
    }
    if (r.fields.size() < min_fields)
      throw FileError(path, "expected at least " + std::to_string(min_fields) + " TAB-separated fields", n);
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace kg::ingest
