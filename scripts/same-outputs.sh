#!/usr/bin/env bash
# Checks that a change moves no behaviour: `docstruct idcard` on the corpora,
# built from BASE (a git revision) and from the working tree, must print
# byte-identical JSON.
#
#   scripts/same-outputs.sh BASE [--end-to-end] [CORPUS_ROOT]
#
# From the OCR files (`--ocr-json`) and from the OCR files plus the photos
# (`--pixels`) on dev, dev2, dev3, dev-pages and dev3-pages, always; with
# --end-to-end also from the photos through the local engine (minutes: the
# models must be fetched). BASE is built in a git worktree under
# target/same-outputs sharing this checkout's target directory, so only the
# workspace's own crates are compiled twice. Exit status 1 when any output
# differs; the differing corpora are listed and their outputs kept in
# target/same-outputs/{base,head}.
set -euo pipefail
cd "$(dirname "$0")/.."

base=${1:?usage: scripts/same-outputs.sh BASE [--end-to-end] [CORPUS_ROOT]}
shift
end_to_end=false
if [ "${1:-}" = "--end-to-end" ]; then
  end_to_end=true
  shift
fi
corpora=${1:-../shared/corpus}
work=target/same-outputs
mkdir -p "$work"
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')

build() { # $1 = source tree, $2 = where to put the binary
  (cd "$1" && CARGO_TARGET_DIR="$target_dir" cargo build -q --release -p docstruct)
  cp "$target_dir/release/docstruct" "$2"
}

# The two trees share the target directory and cargo names a workspace
# crate's artifacts by its path relative to the workspace: a tree whose
# sources are older than the other's artifacts would look fresh. So the
# working tree's sources are touched and built first, then BASE is checked
# out (its files newer than anything built) and built.
echo "building the working tree" >&2
git ls-files -z '*.rs' | xargs -0 touch
build . "$work/docstruct-head"
rm -rf "$work/tree"
git worktree prune
git worktree add -q --detach "$work/tree" "$base"
trap 'git worktree remove --force "$work/tree" >/dev/null 2>&1 || true' EXIT
echo "building $base" >&2
build "$work/tree" "$work/docstruct-base"

run_all() { # $1 = binary, $2 = output directory
  local bin=$1 out=$2
  rm -rf "$out"
  mkdir -p "$out"
  for corpus in dev dev2 dev3 dev-pages dev3-pages; do
    local dir="$corpora/$corpus"
    [ -d "$dir" ] || continue
    "$bin" idcard --today 2026-01-01 --ocr-json "$dir"/*.ocr.json > "$out/$corpus.ocr-json.jsonl" 2>/dev/null || true
    "$bin" idcard --today 2026-01-01 --pixels --ocr-json "$dir"/*.ocr.json > "$out/$corpus.pixels.jsonl" 2>/dev/null || true
    if $end_to_end; then
      "$bin" idcard --today 2026-01-01 "$dir"/*.jpg > "$out/$corpus.photos.jsonl" 2>/dev/null || true
    fi
  done
}

echo "reading the corpora with $base" >&2
run_all "$work/docstruct-base" "$work/base"
echo "reading the corpora with the working tree" >&2
run_all "$work/docstruct-head" "$work/head"

status=0
for f in "$work"/base/*.jsonl; do
  name=$(basename "$f")
  lines=$(wc -l < "$f")
  if cmp -s "$f" "$work/head/$name"; then
    echo "same      $name ($lines lines)"
  else
    echo "DIFFERENT $name ($lines lines; diff $f $work/head/$name)"
    status=1
  fi
done
exit $status
