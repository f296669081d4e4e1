#!/usr/bin/env bash
# File: scripts/test.sh — set up, build and run every test (ctest). CI runs this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)"
