#!/usr/bin/env bash
# Prints what the search index adds to a whole build: BenchmarkBuild
# (generator/site) of a synthetic corpus run in turns with the index and
# without it (QP_BENCH_NO_SEARCH=1), each in its own process, and the
# differences of each pair in seconds and CPU seconds. This machine's speed
# drifts from hour to hour, so only pairs run back to back are compared.
#
# The build without the index does none of the work only the index needs (it
# drops the plans' text after their pages, where the build with it puts the
# text aside in a temporary file for the index to read back).
#
# Two differences: of the whole builds, which is what the index adds, and of
# their tails (the time from the moment the first render worker runs out of
# pages, where the index would start, to the end: BenchmarkBuild's
# tail-seconds). Up to that moment the builds differ only by the text put
# aside, so the tails' difference is what the index adds after it, without
# the drift of the machine's speed over the rest of each build, which moves
# the whole builds' difference by ±0.7 s from pair to pair. Then the medians
# of both, and how many pairs were under 3 s.
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
if [ "$(stat -f -c %T "${TMPDIR:-/tmp}" 2>/dev/null)" != tmpfs ]; then
  # Each build removes its output (70,000 files at 10,000 plans) when it ends. On a
  # file system that will not reuse an inode freed minutes ago (ext4 without a journal,
  # as on this machine) the next build's files then cost several times as much, and
  # the pairs measure that rather than the index (docs/performance.md).
  echo "note: ${TMPDIR:-/tmp} is not a tmpfs: the pairs will include the disk's cost of files removed by the build before; TMPDIR=/dev/shm leaves it out" >&2
fi
bin=$(mktemp "${TMPDIR:-/tmp}/qp-site-bench.XXXXXX")
trap 'rm -f "$bin"' EXIT
go test -c -o "$bin" ./generator/site/
run() { # run NO_SEARCH → "seconds cpu-seconds peak-RSS-MB tail-seconds tail-cpu-seconds"
  (cd generator/site && QP_BENCH_NO_SEARCH=$1 QP_BENCH_CORPUS=$corpus QP_BENCH_PLANS=$plans \
    "$bin" -test.run '^$' -test.bench Build -test.benchtime 1x) |
    awk '/^BenchmarkBuild/ {for (i = 1; i < NF; i++) m[$(i+1)] = $i; print m["seconds"], m["cpu-seconds"], m["peak-RSS-MB"], m["tail-seconds"], m["tail-cpu-seconds"]}'
}
sub() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a - b}'; }
median() { sort -n | awk '{v[NR] = $1} END {printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
printf '%-5s %22s %22s %12s %16s %12s\n' pair "with index: s, CPU s, MB" "without: s, CPU s, MB" "adds: s, CPU" "tails: with, w/o" "tails: s, CPU"
adds=() tails=()
for i in $(seq "$pairs"); do
  read -r s1 c1 m1 t1 u1 < <(run "")
  read -r s0 c0 m0 t0 u0 < <(run 1)
  adds+=("$(sub "$s1" "$s0")") tails+=("$(sub "$t1" "$t0")")
  printf '%-5s %22s %22s %12s %16s %12s\n' "$i" "$s1 $c1 $m1" "$s0 $c0 $m0" "${adds[-1]} $(sub "$c1" "$c0")" \
    "$t1 $t0" "${tails[-1]} $(sub "$u1" "$u0")"
done
under() { awk '$1 < 3 {n++} END {print n + 0}'; }
echo "what the index adds over $pairs pairs, median (under 3 s):" \
  "whole builds $(printf '%s\n' "${adds[@]}" | median) s ($(printf '%s\n' "${adds[@]}" | under)), tails $(printf '%s\n' "${tails[@]}" | median) s ($(printf '%s\n' "${tails[@]}" | under))"
