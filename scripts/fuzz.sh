#!/usr/bin/env bash
# File: scripts/fuzz.sh — builds the libFuzzer targets (fuzz/, clang, ASan+UBSan) in build-fuzz/ and runs each for
# SECONDS (default 60), as many at once as there are cores. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
# Prints per target: executions, exec/s, corpus size; exits 1 on any crash, leak, timeout or OOM (inputs kept in
# build-fuzz/findings/<target>/), 2 when it cannot build. Corpora grow in build-fuzz/corpus/<target>/ across runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-60}
shift || true
[[ $seconds =~ ^[0-9]+$ ]] || { echo "fuzz.sh: SECONDS must be a whole number, got '$seconds'" >&2; exit 2; }
build=$root/build-fuzz
jobs=${FUZZ_JOBS:-$(nproc)}

command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ not found; run scripts/setup.sh" >&2; exit 2; }

# -D_GLIBCXX_ASSERTIONS: bounds-checked std::vector/string operator[] (catches what ASan misses inside capacity).
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKG_FUZZ=ON -DBUILD_TESTING=OFF \
  -DCMAKE_CXX_FLAGS=-D_GLIBCXX_ASSERTIONS >/dev/null
cmake --build "$build" --target kg_fuzz -j"$jobs" >"$build/build.log" 2>&1 || {
  tail -40 "$build/build.log" >&2; echo "fuzz.sh: build failed (log: $build/build.log)" >&2; exit 2; }

if (($# > 0)); then
  targets=("$@")
else
  targets=()
  for exe in "$build"/fuzz/*_fuzz; do targets+=("$(basename "$exe" _fuzz)"); done
fi

python3 fuzz/make_seeds.py "$root" "$build" >/dev/null

export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1:print_stacktrace=1:symbolize=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:symbolize=1

max_len() {
  case $1 in
    decode|document) echo 65536 ;;
    *) echo 4096 ;;
  esac
}

run_one() {
  local t=$1 exe=$build/fuzz/$1_fuzz
  local corpus=$build/corpus/$t findings=$build/findings/$t log=$build/logs/$t.log
  mkdir -p "$corpus" "$findings" "$build/logs"
  local dirs=("$corpus" "$build/seeds/$t")
  [[ -d fuzz/regressions/$t ]] && dirs+=("fuzz/regressions/$t")
  local dict=()
  [[ -f $build/dicts/$t.dict ]] && dict=(-dict="$build/dicts/$t.dict")
  "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$t")" -detect_leaks=1 \
    -print_final_stats=1 -artifact_prefix="$findings/" "${dict[@]}" "${dirs[@]}" >"$log" 2>&1
}

[[ -x $build/fuzz/${targets[0]}_fuzz ]] || { echo "fuzz.sh: no target ${targets[0]}" >&2; exit 2; }
echo "fuzz: ${#targets[@]} targets, ${seconds}s each, $jobs at a time"
declare -A pid
running=0
for t in "${targets[@]}"; do
  [[ -x $build/fuzz/${t}_fuzz ]] || { echo "fuzz.sh: no target $t" >&2; exit 2; }
  rm -rf "$build/findings/$t"
  run_one "$t" &
  pid[$t]=$!
  running=$((running + 1))
  if ((running >= jobs)); then wait -n || true; running=$((running - 1)); fi
done

status=0
printf '%-10s %12s %10s %8s  %s\n' target executions exec/s corpus result
for t in "${targets[@]}"; do
  rc=0
  wait "${pid[$t]}" || rc=$?
  log=$build/logs/$t.log
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  corp=$(grep -Eo 'corp: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || true)
  found=$(find "$build/findings/$t" -type f 2>/dev/null | head -1)
  if ((rc == 0)) && [[ -z $found ]]; then
    result=ok
  else
    status=1
    what=$(grep -Eom1 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [a-z-]+|runtime error|FUZZ_CHECK failed|deadly signal' "$log" || echo "exit $rc")
    result="FINDING ($what) ${found:-} log: $log"
  fi
  printf '%-10s %12s %10s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${corp:-?}" "$result"
done
if ((status)); then
  echo "fuzz: findings above; minimise with: build-fuzz/fuzz/<target>_fuzz -minimize_crash=1 -runs=100000 <input>," \
    "then keep the input in fuzz/regressions/<target>/" >&2
fi
exit $status
