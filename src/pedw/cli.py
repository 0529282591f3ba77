"""The ``pedw`` command line.

Subcommands: ``profile`` (the country report), ``read`` (any supported file -> tidy CSV or
Parquet), ``decompose sectoral|regional|firm``, ``sdg CODE``, ``fetch ilostat|wdi`` and
``datasets``.

Exit codes: 0 success; 1 a data or user error (one line naming the file and the fix; the
traceback only with ``--debug``); 2 a usage error (argparse). Warnings from pedw are printed as
one line each on stderr (``pedw: warning: ...``).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from pedw.errors import OptionError, PedwError, SourceUnavailableError

__all__ = ["build_parser", "main"]

_RAW = argparse.RawDescriptionHelpFormatter

_EPILOG = """examples:
  pedw profile                          country profile of GBR from the shipped samples
  pedw profile --country KEN --format html,md,csv,xlsx --out ken
  pedw read ETD_230918.xlsx --ref-area KEN --out ken.csv
  pedw decompose sectoral ETD_230918.xlsx --ref-area KEN --method mcmillan_rodrik
  pedw sdg 9.2.2 EMP_TEMP_SEX_ECO_NB_A.csv --isic latest
  pedw fetch wdi SL.GDP.PCAP.EM.KD --ref-area KEN --out ken_wdi.csv
  pedw datasets                         list the real sample data shipped with pedw
"""


class _Ctx:
    """Output streams and verbosity of one invocation."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def info(self, msg: str) -> None:
        if not self.quiet:
            print(msg, file=sys.stderr)


def _say(args: argparse.Namespace) -> Callable[[str], None]:
    quiet = bool(args.quiet)

    def say(msg: str) -> None:
        if not quiet:
            print(f"pedw: {msg}", file=sys.stderr, flush=True)

    return say


def _check_file(path: str) -> Path:
    from pedw.errors import ParseError

    p = Path(path)
    if not p.exists():
        raise ParseError("The file does not exist.", file=path, hint="check the path")
    if p.is_dir():
        raise ParseError("This is a folder, not a file.", file=path, hint="pass a data file")
    return p


def _read_any(path: str, **kwargs: Any) -> Any:
    from pedw.io._detect import read

    clean = {k: v for k, v in kwargs.items() if v is not None}
    return read(_check_file(path), **clean)


def _write_frame(df: Any, out: str | None, *, stdout: TextIO | None = None) -> str | None:
    if out is None:
        df.to_csv(stdout or sys.stdout, index=False)
        return None
    p = Path(out)
    p.parent.mkdir(parents=True, exist_ok=True)
    suffix = p.suffix.lower()
    if suffix == ".parquet":
        df.to_parquet(p, index=False)
    elif suffix in {".csv", ".txt", ""}:
        df.to_csv(p, index=False)
    else:
        raise OptionError(
            f"--out {out!r}: pedw writes .csv or .parquet files.",
            hint="end the output name with .csv or .parquet",
        )
    return str(p)


def _row_accounting(meta: dict[str, Any]) -> str:
    keys = ("reader", "format", "rows_read", "rows_kept", "rows_dropped", "vintage", "units")
    return "\n".join(f"  {k}: {meta[k]}" for k in keys if k in meta and meta[k] not in ("", None))


# --------------------------------------------------------------------------------- commands
def _cmd_datasets(args: argparse.Namespace) -> int:
    from pedw import datasets

    table = datasets.list_datasets()[["name", "file", "producer", "licence"]]
    print(table.to_string(index=False))
    return 0


def _cmd_profile(args: argparse.Namespace) -> int:
    from pedw.profile import build_profile

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    bad = [f for f in formats if f not in ("html", "md", "csv", "xlsx")]
    if bad or not formats:
        raise OptionError(
            f"--format {args.format!r}: unknown format(s) {bad}.",
            hint="use a comma-separated list of html, md, csv, xlsx",
        )
    country = args.country.upper()
    out = Path(args.out or f"pedw-profile-{country}")
    periods = [int(p) for p in args.periods.split(",")] if args.periods else None
    report = build_profile(
        country,
        data=args.data or None,
        start=args.start,
        end=args.end,
        periods=periods,
        progress=_say(args),
        debug=args.debug,
    )
    written = report.write(out, formats=formats)
    statuses = ", ".join(f"{s.key}={s.status}" for s in report.sections if s.status != "ok")
    if statuses:
        _say(args)(f"sections not computed: {statuses}")
    if not args.quiet:
        html = out / "report.html"
        print(html if html in written else out)
    return 0


def _cmd_read(args: argparse.Namespace) -> int:
    df = _read_any(args.file, ref_area=args.ref_area)
    from pedw.schema import get_meta

    meta = get_meta(df)
    path = _write_frame(df, args.out)
    if not args.quiet:
        where = path if path is not None else "stdout"
        print(f"pedw: {args.file}: {len(df)} rows -> {where}", file=sys.stderr)
        print(_row_accounting(meta), file=sys.stderr)
    return 0


def _cmd_decompose(args: argparse.Namespace) -> int:
    from pedw import decompose

    df = _read_any(args.file, ref_area=args.ref_area) if args.kind == "sectoral" else None
    if df is None:
        import pandas as pd

        p = _check_file(args.file)
        df = pd.read_parquet(p) if p.suffix.lower() == ".parquet" else pd.read_csv(p)
    result: Any
    if args.kind == "sectoral":
        opts: dict[str, Any] = {"method": args.method or "classic", "scale": args.scale}
        if args.periods:
            opts["periods"] = [int(x) for x in args.periods.split(",")]
        else:
            opts.update(start=args.start, end=args.end)
        if args.exclude:
            opts["exclude"] = args.exclude.split(",")
        if args.merge:
            opts["sector_map"] = dict(pair.split("=", 1) for pair in args.merge.split(","))
        result = decompose.sectoral(df, **opts)
        frame = result.contributions if args.by_sector else result.components
    elif args.kind == "regional":
        if args.start is None or args.end is None:
            raise OptionError(
                "regional needs --start and --end.", hint="e.g. --start 2010 --end 2020"
            )
        result = decompose.regional(
            df, start=args.start, end=args.end, method=args.method or "dunn", value=args.value
        )
        frame = result.components
    else:
        result = decompose.firm(
            df, method=args.method or "melitz_polanec", start=args.start, end=args.end
        )
        frame = result.components
    path = _write_frame(frame, args.out)
    if path is not None and not args.quiet:
        print(path)
    return 0


def _cmd_sdg(args: argparse.Namespace) -> int:
    from pedw import sdg

    df = _read_any(args.file, ref_area=args.ref_area)
    opts: dict[str, Any] = {}
    for pair in args.option or []:
        key, _, value = pair.partition("=")
        opts[key] = value
    if args.isic:
        opts["isic"] = args.isic
    res = sdg.compute(args.code, df, **opts)
    path = _write_frame(res.to_frame(), args.out)
    if path is not None and not args.quiet:
        print(path)
    return 0


def _cmd_fetch(args: argparse.Namespace) -> int:
    try:
        from pedw.io import online
    except ImportError as exc:
        raise SourceUnavailableError(
            f"The online module is unavailable ({exc}).",
            hint="install the online extra: pip install 'pedw[online]'",
        ) from None
    codes = args.codes
    if args.source == "ilostat":
        if len(codes) != 1:
            raise OptionError(
                "pedw fetch ilostat takes one indicator.", hint="e.g. EMP_TEMP_SEX_ECO_NB_A"
            )
        df = online.get_ilostat(
            codes[0],
            ref_area=args.ref_area,
            start=args.start,
            end=args.end,
            offline=args.offline or None,
        )
    else:
        df = online.get_wdi(
            codes,
            ref_area=args.ref_area,
            start=args.start,
            end=args.end,
            offline=args.offline or None,
        )
    path = _write_frame(df, args.out)
    if not args.quiet:
        from pedw.schema import get_meta

        print(f"pedw: {len(df)} rows -> {path or 'stdout'}", file=sys.stderr)
        print(_row_accounting(get_meta(df)), file=sys.stderr)
    return 0


# ----------------------------------------------------------------------------------- parser
def _sub(
    sub: Any, name: str, help_: str, description: str, examples: str
) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_,
        description=description,
        epilog="examples:\n" + examples,
        formatter_class=_RAW,
    )
    p.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks on errors"
    )
    p.add_argument(
        "--quiet", action="store_true", default=argparse.SUPPRESS, help="print nothing but errors"
    )
    return p


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``pedw`` command.

    Returns
    -------
    argparse.ArgumentParser
        The parser with all subcommands.
    """
    parser = argparse.ArgumentParser(
        prog="pedw",
        description="Productivity and decent-work analytics.",
        epilog=_EPILOG,
        formatter_class=_RAW,
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = _sub(
        sub,
        "datasets",
        "list the sample datasets shipped with pedw",
        "List the real sample datasets shipped with pedw, with producer and licence.",
        "  pedw datasets\n",
    )
    p.set_defaults(func=_cmd_datasets)

    p = _sub(
        sub,
        "profile",
        "productivity-decent-work profile of a country (HTML report + CSVs)",
        "Build the country profile: data provenance, sectoral decomposition (classic and "
        "McMillan-Rodrik, structural-change scatter), jobs growth, wage-productivity gap and SDG "
        "8.2.1, 8.5.1, 8.5.2, 9.2.1, 9.2.2. Without --data it uses the real samples shipped "
        "with pedw. Prints the path of report.html.",
        "  pedw profile\n"
        "  pedw profile --country KEN --out ken-profile\n"
        "  pedw profile --country GBR --start 1970 --end 2009 --periods 1970,1990,2009\n"
        "  pedw profile --data ./my-extracts --format html,md,csv,xlsx\n",
    )
    p.add_argument("--country", default="GBR", help="ISO3 code (default GBR)")
    p.add_argument(
        "--data",
        nargs="+",
        metavar="DIR|FILE",
        help="folders or files to use instead of the shipped samples",
    )
    p.add_argument("--start", type=int, help="first year")
    p.add_argument("--end", type=int, help="last year")
    p.add_argument("--periods", help="sub-period break years, e.g. 1990,2000,2010")
    p.add_argument("--out", help="output folder (default pedw-profile-<ISO3>)")
    p.add_argument("--format", default="html,csv", help="html,md,csv,xlsx (default html,csv)")
    p.set_defaults(func=_cmd_profile)

    p = _sub(
        sub,
        "read",
        "read any supported file into a tidy CSV/Parquet",
        "Detect the format of FILE (GGDC/ETD, World Bank CSV/JSON, ILOSTAT, UN/Open SDG), "
        "read it with pedw's loader and write the tidy frame. The row accounting from "
        "attrs['pedw'] is printed on stderr.",
        "  pedw read ETD_230918.xlsx --ref-area KEN --out ken.csv\n"
        "  pedw read EMP_TEMP_SEX_ECO_NB_A.csv.gz --out emp.parquet\n",
    )
    p.add_argument("file")
    p.add_argument("--out", help="FILE.csv or FILE.parquet (default CSV on stdout)")
    p.add_argument("--ref-area", nargs="+", help="keep these reference areas")
    p.set_defaults(func=_cmd_read)

    p = _sub(
        sub,
        "decompose",
        "productivity decompositions (sectoral, regional, firm)",
        "Decompose FILE and write the components as CSV (stdout or --out). sectoral reads any "
        "sector panel pedw can read (GGDC/ETD); regional and firm read a tidy CSV/Parquet with "
        "the canonical columns (region, industry, time, employment / firm, time, "
        "productivity, weight).",
        "  pedw decompose sectoral ETD_230918.xlsx --ref-area KEN --start 1990 --end 2018\n"
        "  pedw decompose sectoral 10SD_jan15.dta --ref-area GBR --periods 1950,1980,2009 "
        "--method mcmillan_rodrik --by-sector\n"
        "  pedw decompose regional regions.csv --start 2010 --end 2020 "
        "--method esteban_marquillas\n"
        "  pedw decompose firm firms.parquet --method fhk --start 2000 --end 2005\n",
    )
    p.add_argument("kind", choices=["sectoral", "regional", "firm"])
    p.add_argument("file")
    p.add_argument("--method", help="method of the decomposition (see the Python docs)")
    p.add_argument("--start", type=int)
    p.add_argument("--end", type=int)
    p.add_argument("--periods", help="sectoral: break years, e.g. 1990,2000,2010")
    p.add_argument(
        "--scale",
        default="growth",
        choices=["growth", "level", "annual"],
        help="sectoral: scale of the terms",
    )
    p.add_argument("--exclude", help="sectoral: sectors to leave out, comma-separated")
    p.add_argument("--merge", help="sectoral: merge sectors, e.g. L=J+M+N")
    p.add_argument("--by-sector", action="store_true", help="sectoral: contributions by sector")
    p.add_argument("--value", default="employment", help="regional: value column")
    p.add_argument("--ref-area", nargs="+", help="sectoral: keep these countries")
    p.add_argument("--out", help="output CSV/Parquet (default CSV on stdout)")
    p.set_defaults(func=_cmd_decompose)

    p = _sub(
        sub,
        "sdg",
        "compute an SDG indicator from a file",
        "Compute SDG indicator CODE (e.g. 8.5.2, 9.2.2 or a UN series code) from FILE with "
        "pedw.sdg.compute and write the UN-layout table.",
        "  pedw sdg 9.2.2 EMP_TEMP_SEX_ECO_NB_A.csv --isic latest --out sdg922.csv\n"
        "  pedw sdg 8.5.2 tidy.csv --option unemployed=UNE --option labour_force=LF\n",
    )
    p.add_argument("code")
    p.add_argument("file")
    p.add_argument("--isic", choices=["rev4", "rev3", "rev2", "latest"], help="9.2.2: revision")
    p.add_argument(
        "--option",
        action="append",
        metavar="NAME=VALUE",
        help="column name or option passed to the indicator function",
    )
    p.add_argument("--ref-area", nargs="+", help="keep these reference areas")
    p.add_argument("--out", help="output CSV/Parquet (default CSV on stdout)")
    p.set_defaults(func=_cmd_sdg)

    p = _sub(
        sub,
        "fetch",
        "download ILOSTAT or World Bank data (cached)",
        "Fetch from the ILOSTAT or World Bank API through pedw's cache and write the tidy "
        "frame. --offline reads the cache only.",
        "  pedw fetch ilostat EMP_TEMP_SEX_ECO_NB_A --ref-area KEN --out emp.csv\n"
        "  pedw fetch wdi NY.GDP.MKTP.KD SP.POP.TOTL --ref-area KEN GHA --start 2000\n",
    )
    p.add_argument("source", choices=["ilostat", "wdi"])
    p.add_argument("codes", nargs="+", help="indicator code(s)")
    p.add_argument("--ref-area", nargs="+")
    p.add_argument("--start", type=int)
    p.add_argument("--end", type=int)
    p.add_argument("--offline", action="store_true", help="use the cache only")
    p.add_argument("--out", help="output CSV/Parquet (default CSV on stdout)")
    p.set_defaults(func=_cmd_fetch)
    return parser


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    text = " ".join(str(message).split())
    print(f"pedw: warning: {category.__name__}: {text}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``pedw`` command line.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit code: 0 ok, 1 data/user error, 2 usage error.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help -> 0, usage error -> 2
        return int(exc.code or 0)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    old = warnings.showwarning
    warnings.showwarning = _show_warning
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            if args.quiet:
                warnings.simplefilter("ignore")
            return func(args)
    except (PedwError, OSError, ValueError, KeyError) as err:
        if args.debug:
            raise
        msg = " ".join(str(err).split())
        if isinstance(err, OSError) and getattr(err, "filename", None):
            msg = f"{err.strerror}: {err.filename}"
        file = getattr(args, "file", None)
        if not isinstance(err, PedwError):
            msg = f"{type(err).__name__}: {msg}"
        if file and str(file) not in msg:
            msg = f"{file}: {msg}"
        print(f"pedw: error: {msg}", file=sys.stderr)
        return 1
    finally:
        warnings.showwarning = old


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
