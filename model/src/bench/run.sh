#!/usr/bin/env bash
# Benchmarks our GBM, RF and LR against scikit-learn on the same split and features.
# Uses Debian's python3-sklearn under /usr/bin/python3 (not a pyenv python on PATH).
set -euo pipefail
cd "$(dirname "$0")/../../.."
if ! /usr/bin/python3 -c 'import sklearn' 2>/dev/null; then
  apt-get install -y python3-sklearn >/dev/null
fi
exec npx tsx model/src/bench/model-bench.ts "$@"
