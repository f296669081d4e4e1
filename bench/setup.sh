#!/bin/sh
# bench/setup.sh — installs what only the benchmarks need (safe to run again): python3-networkx, Google Benchmark
# and Node.js from Debian, and the npm package kuzu@0.11.3 into bench/node_modules (gitignored). Run as root.
set -eu
cd "$(dirname "$0")"
need=""
python3 -c "import networkx" 2>/dev/null || need="$need python3-networkx"
command -v node >/dev/null 2>&1 || need="$need nodejs"
command -v npm >/dev/null 2>&1 || need="$need npm"
[ -f /usr/include/benchmark/benchmark.h ] || need="$need libbenchmark-dev"
[ -x /usr/bin/time ] || need="$need time"
if [ -n "$need" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need
fi
if ! NODE_PATH="$PWD/node_modules" node -e "require('kuzu')" >/dev/null 2>&1; then
  npm install --no-save --no-audit --no-fund --prefix "$PWD" kuzu@0.11.3
  # npm may skip the package's install script; it only copies the prebuilt binary shipped in the package.
  if [ ! -f node_modules/kuzu/kuzujs.node ]; then (cd node_modules/kuzu && node install.js); fi
fi
NODE_PATH="$PWD/node_modules" node -e "console.log('kuzu', require('kuzu').VERSION)"
python3 -c "import networkx; print('networkx', networkx.__version__)"
