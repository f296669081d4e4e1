#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace kg::cli {

Progress::Progress(std::ostream& err, bool enabled, size_t total_docs, uint64_t total_bytes)
    : err_(err), enabled_(enabled), total_docs_(total_docs), total_bytes_(total_bytes),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

Progress::~Progress() {
  if (enabled_ && drawn_) err_ << "\r\033[K" << std::flush;
}

bool Progress::terminal(const std::ostream& err) { return &err == &std::cerr && ::isatty(STDERR_FILENO); }

void Progress::update(size_t docs_done, uint64_t bytes_done) {
  docs_ = docs_done;
  bytes_ = bytes_done;
  draw(false);
}

void Progress::draw(bool force) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (!force && now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  double mbps = secs > 0 ? static_cast<double>(bytes_) / 1e6 / secs : 0;
  double frac = total_bytes_ ? static_cast<double>(bytes_) / static_cast<double>(total_bytes_)
                             : (total_docs_ ? static_cast<double>(docs_) / static_cast<double>(total_docs_) : 1);
  constexpr int kWidth = 24;
  int filled = static_cast<int>(frac * kWidth + 0.5);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(kWidth, '.');
  char eta[32] = "--:--";
  if (frac > 0 && secs > 1) {
    long left = static_cast<long>(secs / frac - secs + 0.5);
    std::snprintf(eta, sizeof eta, "%ld:%02ld", left / 60, left % 60);
  }
  char line[160];
  std::snprintf(line, sizeof line, "\r[%s] %zu/%zu documents  %.1f MB/s  ETA %s\033[K", bar.c_str(), docs_,
                total_docs_, mbps, eta);
  err_ << line << std::flush;
  drawn_ = true;
}

}  // namespace kg::cli
