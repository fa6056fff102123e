#!/usr/bin/env bash
# Side by side: this project's local engine (its default model set,
# PP-OCRv6 small, and PP-OCRv4) and RapidOCR 3.10 (its default, PP-OCRv6
# small on ONNX Runtime) and 1.4.4 (PP-OCRv4), on the same images, in the
# same run. RapidOCR goes into throwaway virtualenvs.
#   scripts/bench-vs-rapidocr.sh [IMAGE_DIR] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$(cd "${1:-../shared/corpus/dev}" && pwd)"
n="${2:-40}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/v1"
"$tmp/v1/bin/pip" install -q rapidocr-onnxruntime==1.4.4
python3 -m venv "$tmp/v3"
"$tmp/v3/bin/pip" install -q rapidocr==3.10.0 onnxruntime
cargo run -q --release -p docstruct -- models fetch --models pp-ocrv4 >/dev/null
cargo run -q --release -p docstruct -- models fetch --models pp-ocrv6-small >/dev/null
echo "== docstruct local engine (rten), PP-OCRv6 small"
cargo bench -q -p ocr-engine --bench engine -- "$dir" "$n" pp-ocrv6-small
echo "== RapidOCR 3.10 (ONNX Runtime), PP-OCRv6 small"
"$tmp/v3/bin/python" scripts/bench_rapidocr.py "$dir" "$n" 3
echo "== docstruct local engine (rten), PP-OCRv4"
cargo bench -q -p ocr-engine --bench engine -- "$dir" "$n" pp-ocrv4
echo "== RapidOCR 1.4.4 (ONNX Runtime), PP-OCRv4"
"$tmp/v1/bin/python" scripts/bench_rapidocr.py "$dir" "$n" 1
