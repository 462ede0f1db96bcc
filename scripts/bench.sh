#!/usr/bin/env bash
# Builds synthetic corpora of 1,000 and 10,000 plans (generator/synth, seed 1)
# with the real generator binary and prints, per size: pages, wall seconds,
# pages/s, CPU seconds and the peak resident memory of the process (GNU time),
# and the collector's CPU seconds and cycles (GODEBUG=gctrace=1).
#
#   scripts/bench.sh                 # sizes 1000 10000
#   scripts/bench.sh 2000            # other sizes
#   BENCH_DIR=/tmp/qpbench scripts/bench.sh   # keep the corpora between runs
#
# The corpora go to $BENCH_DIR (default: a temporary folder removed at the end);
# their site.toml, layouts/ and static/ are refreshed from this repository on
# every run. Nothing is written inside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

work=$(mktemp -d "${TMPDIR:-/tmp}/qp-bench-bin.XXXXXX")
keep=${BENCH_DIR:-}
corpora=${BENCH_DIR:-$work/corpora}
trap 'rm -rf "$work"' EXIT
mkdir -p "$corpora"

go build -o "$work/generator" ./generator
go build -o "$work/synth" ./generator/synth/cmd
if [ -x /usr/bin/time ]; then timer=(/usr/bin/time -v); else timer=(); echo "bench: /usr/bin/time (GNU time) not found: no peak memory" >&2; fi

printf '%-8s %8s %8s %8s %8s %10s %9s %7s %5s\n' plans pages files seconds pages/s cpu-seconds peak-MB gc-cpu gcs
for n in "${sizes[@]}"; do
  dir="$corpora/$n"
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"
    "$work/synth" -plans "$n" -seed 1 -site "$repo" -o "$dir" >/dev/null
    touch "$dir/.complete"
  else
    rm -rf "$dir/layouts" "$dir/static"
    cp -r "$repo/layouts" "$repo/static" "$dir/" && cp "$repo/site.toml" "$dir/"
  fi
  out="$work/out-$n"
  rm -rf "$out"
  sync
  log="$work/build-$n.log"
  # With gctrace: the collector's CPU seconds (each cycle's CPU fields summed) and its cycles.
  GODEBUG=gctrace=1 "${timer[@]}" "$work/generator" build -s "$dir" -o "$out" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  # built 12938 pages, 70493 files (1894.5 MB) in 13.17s (loading 2.85s) → …
  line=$(grep -m1 '^built ' "$log")
  pages=$(sed -E 's/^built ([0-9]+) pages.*/\1/' <<<"$line")
  files=$(sed -E 's/^built [0-9]+ pages, ([0-9]+) files.*/\1/' <<<"$line")
  # The whole process (loading included) when GNU time is there, else the build's own figure.
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; printf "%.2f", s}' "$log")
  [ -n "$secs" ] || secs=$(sed -E 's/.* in ([0-9.]+)s .*/\1/' <<<"$line")
  user=$(awk -F': ' '/User time/ {print $2}' "$log")
  sys=$(awk -F': ' '/System time/ {print $2}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  cpu=$(awk -v u="${user:-0}" -v s="${sys:-0}" 'BEGIN {printf "%.1f", u + s}')
  peak=$(awk -v k="${rss:-0}" 'BEGIN {printf "%.0f", k / 1024}')
  rate=$(awk -v p="$pages" -v s="$secs" 'BEGIN {printf "%.0f", p / s}')
  gc=$(awk '/^gc [0-9]+ @/ {for (i = 1; i <= NF; i++) if ($i == "cpu,") {split($(i-2), a, "+"); split(a[2], b, "/"); s += a[1] + b[1] + b[2] + b[3] + a[3]}; n++} END {printf "%.2f %d", s / 1000, n}' "$log")
  printf '%-8s %8s %8s %8s %8s %10s %9s %7s %5s\n' "$n" "$pages" "$files" "$secs" "$rate" "$cpu" "$peak" $gc
  rm -rf "$out"
done
[ -n "$keep" ] || rm -rf "$corpora"
