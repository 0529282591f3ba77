"""Run pedw's benchmarks: ``python benchmarks/run.py [--quick] [-k PATTERN]``.

Each case prints pedw's time, the baseline's time measured in the same run, and the ratio.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _harness import format_timing, run_case  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    parser.add_argument("-k", default="", help="run only cases whose name contains this")
    args = parser.parse_args()
    for path in sorted(HERE.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== {path.stem}")
        for case in module.cases(args.quick):
            if args.k and args.k not in case.name:
                continue
            print(format_timing(run_case(case)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
