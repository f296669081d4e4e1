#!/usr/bin/env bash
# File: scripts/demo.sh — the main job on the built-in sample corpus: set up, build, ingest data/sample,
# answer the flagship question with its sources, and draw the graph (DOT, and SVG where GraphViz is present).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
mkdir -p out
rm -f out/demo.db out/demo.db-wal out/demo.db-shm
kg=build/kg
echo "== kg ingest data/sample"
$kg --db out/demo.db ingest data/sample
echo
echo "== kg query \"who funded OpenAI before 2019\""
$kg --db out/demo.db query "who funded OpenAI before 2019"
echo
echo "== kg query \"2019年之前谁投资了OpenAI\" --format tsv"
$kg --db out/demo.db query "2019年之前谁投资了OpenAI" --format tsv | cut -f1-4
echo
echo "== kg path \"Sam Altman\" Microsoft"
$kg --db out/demo.db path "Sam Altman" Microsoft || true
echo
echo "== kg export --format dot"
if command -v dot >/dev/null; then
  $kg --db out/demo.db export --format dot --output out/kg.dot --render svg
else
  $kg --db out/demo.db export --format dot --output out/kg.dot
fi
