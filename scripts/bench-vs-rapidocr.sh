#!/usr/bin/env bash
# Side by side: this project's local engine and RapidOCR 1.4.4 on the same
# images, in the same run. RapidOCR goes into a throwaway virtualenv.
#   scripts/bench-vs-rapidocr.sh [IMAGE_DIR] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$(cd "${1:-../shared/corpus/dev}" && pwd)"
n="${2:-40}"
venv="$(mktemp -d)/venv"
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install -q rapidocr-onnxruntime==1.4.4
echo "== docstruct local engine (rten)"
cargo bench -q -p ocr-engine --bench engine -- "$dir" "$n"
echo "== RapidOCR 1.4.4 (ONNX Runtime)"
"$venv/bin/python" scripts/bench_rapidocr.py "$dir" "$n"
