"""RapidOCR (3.10 or 1.4.4) on the same images, for the side-by-side figure.

Run through scripts/bench-vs-rapidocr.sh, which installs RapidOCR into a
throwaway virtualenv: `bench_rapidocr.py DIR N 3` for RapidOCR 3.x (its
default models, PP-OCRv6 small), `... 1` for rapidocr-onnxruntime 1.4.4.
Prints median and p90 per image (wall clock including JPEG decode, after one
warm-up) with 1 and 2 intra-op threads, and peak RSS.
"""
import resource
import sys
import time
from pathlib import Path



def engine_for(major: str, threads: int):
    if major == "3":
        from rapidocr import RapidOCR

        return RapidOCR(
            params={
                "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            }
        )
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)


def count_lines(result) -> int:
    if isinstance(result, tuple):  # 1.4.4: (lines, elapse)
        return len(result[0] or [])
    return len(getattr(result, "txts", None) or [])


def main() -> None:
    directory = Path(sys.argv[1])
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    major = sys.argv[3] if len(sys.argv) > 3 else "1"
    images = sorted(p for p in directory.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png"))[:limit]
    print(f"{len(images)} images from {directory}")
    print("threads  total-median  total-p90  lines/image")
    for threads in (1, 2):
        engine = engine_for(major, threads)
        engine(str(images[0]))
        times, lines = [], 0
        for path in images:
            start = time.perf_counter()
            result = engine(str(path))
            times.append(time.perf_counter() - start)
            lines += count_lines(result)
        times.sort()
        median = times[len(times) // 2]
        p90 = times[round((len(times) - 1) * 0.9)]
        print(f"{threads:>7}  {median * 1e3:>10.0f} ms  {p90 * 1e3:>6.0f} ms  {lines / len(images):>10.1f}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
