#!/usr/bin/env bash
# Scores `docstruct idcard --ocr-json` on a corpus directory (../shared/corpus/dev by default):
# per-field and all-field accuracy, straight-through and silent-error rates.
set -euo pipefail
corpus=${1:-../shared/corpus/dev}
shift || true
bin=target/release/docstruct
cargo build -q --release -p docstruct
pred=$(mktemp)
trap 'rm -f "$pred"' EXIT
"$bin" idcard --today 2026-01-01 --ocr-json "$corpus"/*.ocr.json > "$pred" || true
"$bin" score --corpus "$corpus" "$pred" "$@"
