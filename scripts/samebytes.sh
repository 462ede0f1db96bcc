#!/usr/bin/env bash
# Builds sites with the generator of a git revision and with the working tree's,
# and reports whether the outputs are byte for byte the same: the check for a
# change meant to make the build faster without changing what it writes.
#
#   scripts/samebytes.sh                     # HEAD against the working tree, the bundled site
#   scripts/samebytes.sh main~3 /tmp/qpbench/1000   # another revision, more sites
#
# The bundled site (".") is built from each revision's own tree. Another site
# (a synthetic corpus) is built with its own content and site.toml and each
# revision's layouts/ and static/, so that a change of the layouts is checked
# too. Exit status 1 and the differing files when an output differs.
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-HEAD}
shift || true
sites=("$@")
[ ${#sites[@]} -gt 0 ] || sites=(.)

work=$(mktemp -d "${TMPDIR:-/tmp}/qp-samebytes.XXXXXX")
trap 'git worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/old" "$rev" >/dev/null 2>&1
(cd "$work/old" && go build -o "$work/gen-old" ./generator)
go build -o "$work/gen-new" ./generator

status=0
# overlay DIR SITE TREE: DIR has SITE's content and site.toml, TREE's layouts and static.
overlay() {
  mkdir -p "$1"
  ln -s "$(cd "$2" && pwd)/content" "$1/content"
  cp "$2/site.toml" "$1/"
  cp -r "$3/layouts" "$3/static" "$1/"
}
for site in "${sites[@]}"; do
  if [ "$(cd "$site" && pwd)" = "$(pwd)" ]; then
    old_site=$work/old new_site=.
  else
    rm -rf "$work/site-old" "$work/site-new"
    overlay "$work/site-old" "$site" "$work/old"
    overlay "$work/site-new" "$site" .
    old_site=$work/site-old new_site=$work/site-new
  fi
  "$work/gen-old" build -s "$old_site" -o "$work/out-old" >/dev/null
  "$work/gen-new" build -s "$new_site" -o "$work/out-new" >/dev/null
  if diff -rq "$work/out-old" "$work/out-new" >"$work/diff"; then
    echo "$site: same bytes ($(find "$work/out-new" -type f | wc -l) files)"
  else
    echo "$site: DIFFERENT ($(wc -l <"$work/diff") files):"
    head -20 "$work/diff"
    status=1
  fi
  rm -rf "$work/out-old" "$work/out-new"
done
exit $status
