"""ILOSTAT loader: pedw.io.read_ilostat vs a bare pyarrow.csv.read_csv of the same file.

A synthetic file in the ILOSTAT bulk layout (5 million rows; quick mode 200k) is written to a
temporary directory as .csv and .csv.gz. Cases:

- read_ilostat (unfiltered) vs pyarrow.csv.read_csv, for .csv and .csv.gz (target ratio >= 0.8);
- read_ilostat(ref_area=<5% of rows>) vs read_ilostat unfiltered (must be faster: ratio > 1).

Peak memory of each reader is measured in a fresh subprocess (resident size sampled every 2 ms
during the read, minus the resident size after imports) and printed via ``Case.extra``
(target pedw <= 1.5x).
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from _harness import Case

AREAS = [f"C{i:02d}" for i in range(100)]  # 100 areas of equal size: 5 areas = 5% of rows
FILTER = AREAS[:5]
HEADER = (
    "ref_area,indicator,source,sex,classif1,time,obs_value,obs_status,"
    "note_classif,note_indicator,note_source\n"
)


def write_bulk(path: Path, n: int, seed: int = 0) -> None:
    """Write ``n`` rows in the ILOSTAT bulk layout (unique keys, realistic value mix)."""
    rng = np.random.default_rng(seed)
    sexes = np.array(["SEX_T", "SEX_M", "SEX_F"])
    cls = np.array([f"ECO_ISIC4_{c}" for c in "ABCDEFGHIJKLMNOPQRSTU"] + ["ECO_ISIC4_TOTAL"])
    srcs = np.array(["BA:2247", "EA:1155", "BA:453", "HS:12"])
    per_year = len(sexes) * len(cls)
    per_area = -(-n // len(AREAS))
    years = -(-per_area // (per_year * len(srcs)))
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEADER)
        chunk = 500_000
        for lo in range(0, n, chunk):
            i = np.arange(lo, min(n, lo + chunk))
            area = np.asarray(AREAS)[i // per_area]
            r = i % per_area
            src = srcs[r // (per_year * years)]
            t = (2024 - (r // per_year) % years).astype(str)
            sex = sexes[(r // len(cls)) % len(sexes)]
            c1 = cls[r % len(cls)]
            val = np.round(rng.uniform(0, 50_000, len(i)), 3).astype(str)
            status = np.where(rng.random(len(i)) < 0.08, "B", "")
            note = np.where(rng.random(len(i)) < 0.5, "R1:2384", "S3:17_S5:41_T2:85")
            lines = area
            for part in (",EMP_TEMP_SEX_ECO_NB,", src, ",", sex, ",", c1, ",", t, ",", val, ","):
                lines = np.char.add(lines, part)
            lines = np.char.add(np.char.add(lines, status), ",,,")
            lines = np.char.add(np.char.add(lines, note), "\n")
            fh.write("".join(lines.tolist()))


_CHILD = r"""
import json, os, sys, threading, time, warnings
kind, path = sys.argv[1], sys.argv[2]
import pyarrow as pa, pyarrow.csv as pacsv, pandas as pd
import pedw.io.ilostat as il
warnings.simplefilter("ignore")
page = os.sysconf("SC_PAGE_SIZE")
def rss():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * page
base = rss()
peak = [base]
done = threading.Event()
def sample():
    while not done.is_set():
        peak[0] = max(peak[0], rss())
        time.sleep(0.002)
th = threading.Thread(target=sample, daemon=True)
th.start()
if kind == "pyarrow":
    t = pacsv.read_csv(path)
    n = t.num_rows
elif kind == "pedw":
    t = il.read_ilostat(path)
    n = len(t)
else:
    t = il.read_ilostat(path, ref_area=json.loads(sys.argv[3]))
    n = len(t)
peak[0] = max(peak[0], rss())
done.set()
th.join()
print(json.dumps({"rows": n, "peak_mb": (peak[0] - base) / 2**20,
      "arrow_pool_mb": pa.default_memory_pool().max_memory() / 2**20}))
"""


def _peak(kind: str, path: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, kind, str(path), json.dumps(FILTER)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _setup(n: int, gz: bool) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="pedw_bench_ilostat_"))
    path = tmp / "BULK_SYNTH_A.csv"
    write_bulk(path, n)
    if gz:
        gzpath = tmp / "BULK_SYNTH_A.csv.gz"
        with path.open("rb") as src, gzip.open(gzpath, "wb", compresslevel=6) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        path.unlink()
        path = gzpath
    # flush the freshly written file to disk: otherwise the kernel writes hundreds of MB back
    # while the first reader (pedw) is being timed, and not while the baseline is
    os.sync()
    return {"dir": tmp, "path": path, "n": n}


def _read_pedw(state: dict[str, Any]) -> Any:
    import warnings

    from pedw.io.ilostat import read_ilostat

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_ilostat(state["path"])


def _read_pedw_filtered(state: dict[str, Any]) -> Any:
    from pedw.io.ilostat import read_ilostat

    return read_ilostat(state["path"], ref_area=FILTER)


def _read_arrow(state: dict[str, Any]) -> Any:
    import pyarrow.csv as pacsv

    return pacsv.read_csv(state["path"])


def _memory(state: dict[str, Any]) -> list[str]:
    a = _peak("pyarrow", state["path"])
    p = _peak("pedw", state["path"])
    f = _peak("filtered", state["path"])
    return [
        f"peak RSS growth: pyarrow {a['peak_mb']:.0f} MB | pedw {p['peak_mb']:.0f} MB "
        f"| ratio {p['peak_mb'] / max(a['peak_mb'], 1e-9):.2f}x (target <= 1.5x) "
        f"| pedw ref_area= filter {f['peak_mb']:.0f} MB",
        f"arrow pool max: pyarrow {a['arrow_pool_mb']:.0f} MB | pedw {p['arrow_pool_mb']:.0f} MB"
        f" | filtered {f['arrow_pool_mb']:.0f} MB; rows: {a['rows']:,} / {p['rows']:,} / "
        f"{f['rows']:,}",
    ]


def _teardown(state: dict[str, Any]) -> None:
    shutil.rmtree(state["dir"], ignore_errors=True)


def cases(quick: bool) -> list[Case]:
    n = 200_000 if quick else 5_000_000
    out = []
    for gz in (False, True):
        ext = ".csv.gz" if gz else ".csv"
        out.append(
            Case(
                name=f"read_ilostat {n:,} rows {ext}",
                setup=lambda gz=gz: _setup(n, gz),
                pedw=_read_pedw,
                baseline=_read_arrow,
                baseline_name="pyarrow.csv.read_csv",
                target=0.8,
                repeat=5,  # single reads of this size vary by +-30% on a shared 2-core box
                interleave=True,
                extra=_memory,
                teardown=_teardown,
            )
        )
        out.append(
            Case(
                name=f"read_ilostat ref_area= (5% of rows) {n:,} rows {ext}",
                setup=lambda gz=gz: _setup(n, gz),
                pedw=_read_pedw_filtered,
                baseline=_read_pedw,
                baseline_name="read_ilostat unfiltered",
                target=1.0,
                repeat=5,
                interleave=True,
                teardown=_teardown,
            )
        )
    return out
