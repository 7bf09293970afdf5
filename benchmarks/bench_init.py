"""How long `bigcats init --demo` takes (target: under 30 s on 2 cores). Run:
    python benchmarks/bench_init.py [repeats]
Prints the time of each run and the median, in seconds."""
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main(repeats: int = 5) -> None:
    times = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as d:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "bigcats.cli", "init", "--demo", "--db", str(Path(d) / "b.duckdb")],
                           check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
    print("runs:", " ".join(f"{t:.2f}" for t in times))
    print(f"median: {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
