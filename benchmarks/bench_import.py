"""Camtrap DP import at scale (issue 13): the time and peak memory of `bigcats import camtrap-dp`
against the time the `camtrapdp` package (0.1.0, PyPI) takes only to read the same package's
three standard CSV files into its objects. Run:

    python benchmarks/bench_import.py PACKAGE --store STORE --park LLNP [--repeats 2]
        [--camtrapdp-python /path/to/venv/bin/python]

Each import runs in its own process on a fresh copy of STORE (a seed-only store for a fresh
import, the 10M store for a re-import), so its peak resident memory is the import's alone (from
the kernel's accounting of that child, `os.wait4`). `--camtrapdp-python`: a Python with
`camtrapdp==0.1.0` installed (it needs pandas); without it the comparison is left out.

A 2M-observation package: `bigcats init --demo --scale 5 --db big.duckdb`, then
`bigcats export camtrap-dp pkg2m --park LLNP --from 2014-01-01 --to 2024-12-31 --db big.duckdb`.
Figures go in benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CAMTRAPDP_READ = """
import sys
from camtrapdp import Deployment, Media, Observation
pkg = sys.argv[1]
d = Deployment.from_csv(pkg + '/deployments.csv')
m = Media.from_csv(pkg + '/media.csv')
o = Observation.from_csv(pkg + '/observations.csv')
print(len(d), len(m), len(o))
"""


def run(command: list[str]) -> tuple[float, float, str]:
    """(seconds, peak resident GB, stdout) of one child process."""
    t0 = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out}")
    return seconds, usage.ru_maxrss / 1024**2, out  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("package", type=Path)
    parser.add_argument("--store", type=Path, required=True, help="the store each import starts from (copied)")
    parser.add_argument("--park", required=True)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--camtrapdp-python", help="a Python with camtrapdp==0.1.0 installed")
    args = parser.parse_args()
    observations = sum(1 for _ in open(args.package / "observations.csv", encoding="utf-8")) - 1
    print(f"package {args.package}: {observations:,} observations")
    imports = []
    with tempfile.TemporaryDirectory(dir=args.store.parent) as folder:
        for i in range(args.repeats):
            copy = Path(folder) / f"store{i}.duckdb"
            shutil.copy(args.store, copy)
            seconds, peak, out = run([sys.executable, "-m", "bigcats.cli", "import", "camtrap-dp", str(args.package),
                                      "--park", args.park, "--db", str(copy)])
            imports.append((seconds, peak))
            print(f"import {i + 1}: {seconds:.1f} s, peak {peak:.2f} GB "
                  f"({peak / observations * 1e6:.2f} GB per million observations)")
            copy.unlink()
    median = statistics.median(s for s, _ in imports)
    print(f"import median {median:.1f} s, highest peak {max(p for _, p in imports):.2f} GB")
    if args.camtrapdp_python:
        seconds, peak, out = run([args.camtrapdp_python, "-c", CAMTRAPDP_READ, str(args.package)])
        print(f"camtrapdp 0.1.0 read: {seconds:.1f} s, peak {peak:.2f} GB ({out.strip()} rows)")
        print(f"the import is {seconds / median:.2f}x the camtrapdp read (target: at least 5x)")


if __name__ == "__main__":
    main()
