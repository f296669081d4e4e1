#!/usr/bin/env bash
# File: scripts/sanitize.sh — builds the whole test suite with AddressSanitizer and UndefinedBehaviorSanitizer
# (-DKG_SANITIZE=ON, the system compiler) in build-asan/ and runs ctest there. Clean = exit 0; any sanitizer
# report aborts its test, so ctest fails. Usage: scripts/sanitize.sh [ctest args, e.g. -R ingest]
set -euo pipefail
cd "$(dirname "$0")/.."
build=build-asan
jobs=$(nproc)

# -O1: sanitizer reports keep usable stacks, the suite still runs at a reasonable speed.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DKG_SANITIZE=ON \
  -DCMAKE_CXX_FLAGS="-fno-sanitize-recover=all -D_GLIBCXX_ASSERTIONS" >/dev/null
cmake --build "$build" -j"$jobs"

# Every finding aborts the process (also in the kg binary the CLI tests start), with a symbolised stack.
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1:print_stacktrace=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
cd "$build"
ctest --output-on-failure -j"$jobs" "$@"
