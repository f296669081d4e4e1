// Shared helpers for the libFuzzer targets in fuzz/: FUZZ_CHECK aborts (so libFuzzer records a crash) when a
// documented invariant of a kg function does not hold; owns nothing else.
#pragma once
#include <cmath>
#include <cstdio>
#include <cstdlib>

// Aborts with the failed condition and its location; libFuzzer then saves the input as crash-*.
#define FUZZ_CHECK(cond)                                                                       \
  do {                                                                                         \
    if (!(cond)) {                                                                             \
      std::fprintf(stderr, "FUZZ_CHECK failed: %s at %s:%d\n", #cond, __FILE__, __LINE__);    \
      std::abort();                                                                            \
    }                                                                                          \
  } while (0)

namespace kg::fuzz {

// An amount or bound that may reach the store: finite and not negative.
inline bool sane_number(double v) { return std::isfinite(v) && v >= 0; }

}  // namespace kg::fuzz
