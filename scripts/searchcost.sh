#!/usr/bin/env bash
# Prints what the search index adds to a whole build: BenchmarkBuild
# (generator/site) of a synthetic corpus run in turns with the index and
# without it (QP_BENCH_NO_SEARCH=1), each in its own process, and the
# differences of each pair in seconds and CPU seconds. This machine's speed
# drifts from hour to hour, so only pairs run back to back are compared.
#
#   scripts/searchcost.sh              # 10,000 plans, 3 pairs
#   PAIRS=5 scripts/searchcost.sh 1000
#
# The corpus is kept in $BENCH_DIR (default /tmp/qpbench, as scripts/bench.sh);
# the output and the plans' text go to $TMPDIR (use a tmpfs, /dev/shm, to
# leave the disk out).
set -euo pipefail
cd "$(dirname "$0")/.."
plans=${1:-10000}
pairs=${PAIRS:-3}
corpus=${BENCH_DIR:-/tmp/qpbench}
bin=$(mktemp "${TMPDIR:-/tmp}/qp-site-bench.XXXXXX")
trap 'rm -f "$bin"' EXIT
go test -c -o "$bin" ./generator/site/
run() { # run NO_SEARCH → "seconds cpu-seconds peak-RSS-MB"
  (cd generator/site && QP_BENCH_NO_SEARCH=$1 QP_BENCH_CORPUS=$corpus QP_BENCH_PLANS=$plans \
    "$bin" -test.run '^$' -test.bench Build -test.benchtime 1x) |
    awk '/^BenchmarkBuild/ {for (i = 1; i < NF; i++) m[$(i+1)] = $i; print m["seconds"], m["cpu-seconds"], m["peak-RSS-MB"]}'
}
printf '%-6s %26s %26s %22s\n' pair "with index: s, CPU s, MB" "without: s, CPU s, MB" "index adds: s, CPU s"
for i in $(seq "$pairs"); do
  read -r s1 c1 m1 < <(run "")
  read -r s0 c0 m0 < <(run 1)
  printf '%-6s %26s %26s %22s\n' "$i" "$s1 $c1 $m1" "$s0 $c0 $m0" \
    "$(awk -v a="$s1" -v b="$s0" -v c="$c1" -v d="$c0" 'BEGIN {printf "%.2f %.2f", a - b, c - d}')"
done
