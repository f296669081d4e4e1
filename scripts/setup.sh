#!/usr/bin/env bash
# File: scripts/setup.sh — installs every Debian package kg needs to build, test and run its demo.
# Safe to run twice: apt-get install is idempotent; the package list is refreshed only when stale.
set -euo pipefail
packages=(
  build-essential cmake pkg-config git ca-certificates
  libsqlite3-dev sqlite3 libicu-dev libboost-graph-dev catch2
  graphviz fonts-noto-cjk python3
  clang libclang-rt-14-dev llvm  # scripts/fuzz.sh: libFuzzer + ASan/UBSan runtimes, llvm-symbolizer
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "error: setup needs root to install: ${missing[*]}" >&2; exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
echo "setup: all packages present (${#packages[@]})"
