// kg::cli::Progress: a one-line progress bar on stderr for long runs (documents done, MB/s, ETA), drawn only when
// stderr is a terminal and redrawn at most five times a second; silent otherwise.
#pragma once
#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace kg::cli {

class Progress {
 public:
  // enabled: draw at all (the caller decides: stderr is a terminal and --no-progress was not given).
  Progress(std::ostream& err, bool enabled, size_t total_docs, uint64_t total_bytes);
  ~Progress();  // clears the line
  void update(size_t docs_done, uint64_t bytes_done);
  // True when stderr (fd 2) is a terminal and `err` is std::cerr.
  static bool terminal(const std::ostream& err);

 private:
  void draw(bool force);
  std::ostream& err_;
  bool enabled_;
  size_t total_docs_, docs_ = 0;
  uint64_t total_bytes_, bytes_ = 0;
  std::chrono::steady_clock::time_point start_, last_;
  bool drawn_ = false;
};

}  // namespace kg::cli
