"""RapidOCR 1.4.4 on the same images, for the side-by-side figure.

Run through scripts/bench-vs-rapidocr.sh, which installs RapidOCR into a
throwaway virtualenv. Prints median and p90 per image (wall clock including
JPEG decode, after one warm-up) with 1 and 2 intra-op threads, and peak RSS.
"""
import resource
import sys
import time
from pathlib import Path

from rapidocr_onnxruntime import RapidOCR


def main() -> None:
    directory = Path(sys.argv[1])
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    images = sorted(p for p in directory.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png"))[:limit]
    print(f"{len(images)} images from {directory}")
    print("threads  total-median  total-p90  lines/image")
    for threads in (1, 2):
        engine = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)
        engine(str(images[0]))
        times, lines = [], 0
        for path in images:
            start = time.perf_counter()
            result, _ = engine(str(path))
            times.append(time.perf_counter() - start)
            lines += len(result or [])
        times.sort()
        median = times[len(times) // 2]
        p90 = times[round((len(times) - 1) * 0.9)]
        print(f"{threads:>7}  {median * 1e3:>10.0f} ms  {p90 * 1e3:>6.0f} ms  {lines / len(images):>10.1f}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
