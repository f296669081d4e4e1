// Reader for kg's data files (lexicons, cue lists, patterns): UTF-8 text, '#' comment lines, TAB-separated
// fields. Errors name the file and line.
#pragma once
#include <string>
#include <vector>

namespace kg::ingest {

struct DataRow {
  int line = 0;                      // 1-based line number in the file
  std::vector<std::string> fields;   // TAB-separated, trailing CR removed
};

// Reads path; skips blank lines and lines starting with '#'. Throws FileError when the file cannot be read,
// is not valid UTF-8, or a row has fewer than min_fields fields.
std::vector<DataRow> read_data_file(const std::string& path, size_t min_fields = 1);

}  // namespace kg::ingest
