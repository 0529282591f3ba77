r"""Online fetchers for ILOSTAT and the World Bank, with an offline-first Parquet cache.

:func:`get_ilostat` and :func:`get_wdi` download the bytes of a query and hand them to the
*same* parse functions the file readers use (:func:`pedw.io.parse_ilostat`,
:func:`pedw.io.read_wb_json`), so a fetched frame is exactly what the reader returns for the
same bytes. Results are cached under :func:`pedw.io.cache_dir` keyed by the normalised query;
a later call with the same query is answered from the cache, with the same data, warnings and
provenance, even with no network (``offline=True`` or ``PEDW_OFFLINE=1``).

The base URLs live in the registry ``pedw/io/sources.json``; override them per call
(``base_url=``) or per session (``PEDW_ILOSTAT_URL``, ``PEDW_ILOSTAT_SDMX_URL``,
``PEDW_WB_URL``). The HTTP client, ``requests``, is imported only when a request is made
(``pip install pedw[online]``).
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import io
import json
import os
import time as _time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from typing import Any, Final, Literal, overload
from urllib.parse import quote

import pandas as pd

from pedw import errors as _errors
from pedw._types import AggregatesMode, LabelMode, MissingMode, check_option
from pedw.errors import OptionError, ParseError, PedwWarning, SourceUnavailableError
from pedw.io.cache import ParquetCache, offline_default

__all__ = ["get_ilostat", "get_wdi", "source_registry"]

IlostatSource = Literal["api", "sdmx"]

_RETRY_STATUS: Final = frozenset({408, 429, 500, 502, 503, 504})
_MAX_WAIT: Final = 60.0  # seconds: upper bound of one backoff pause
_TOC_MAX_AGE: Final = 86_400.0  # seconds: ILOSTAT's table of contents is refreshed daily
_USER_AGENT: Final = "pedw (https://pedw.readthedocs.io)"
_FREQS: Final = ("A", "Q", "M")


# ---------------------------------------------------------------------------------- registry
@functools.cache
def _registry() -> dict[str, dict[str, Any]]:
    text = resources.files("pedw.io").joinpath("sources.json").read_text("utf-8")
    data: dict[str, dict[str, Any]] = {
        k: v for k, v in json.loads(text).items() if not k.startswith("_")
    }
    return data


def source_registry() -> dict[str, dict[str, Any]]:
    """Return the registry of remote sources (base URLs, paths, limits) with overrides applied.

    Returns
    -------
    dict
        ``{name: {"url": ..., "env": ..., ...}}`` for ``ilostat_api``, ``ilostat_sdmx`` and
        ``worldbank``; ``url`` is the environment variable's value when it is set.

    Examples
    --------
    >>> source_registry()["worldbank"]["env"]
    'PEDW_WB_URL'
    """
    out = {k: dict(v) for k, v in _registry().items()}
    for entry in out.values():
        entry["url"] = os.environ.get(entry["env"]) or entry["url"]
    return out


def _base_url(name: str, base_url: str | None) -> tuple[str, str]:
    entry = _registry()[name]
    url = base_url or os.environ.get(entry["env"]) or entry["url"]
    return str(url).rstrip("/"), str(entry["env"])


# ------------------------------------------------------------------------------------- HTTP
@dataclass
class _Http:
    """Settings of one fetch: session, timeout, bounded retries with exponential backoff."""

    session: Any
    timeout: float
    retries: int
    backoff: float
    env: str
    who: str

    def get(
        self,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        validate: Callable[[bytes], None] | None = None,
        query: str | None = None,
    ) -> bytes:
        """GET ``url``; retry on 408/429/5xx, timeouts, broken and truncated transfers."""
        import requests

        hdrs = {"User-Agent": _USER_AGENT, **(headers or {})}
        last: tuple[str, int | None, str] = ("", None, "")
        for attempt in range(self.retries + 1):
            wait = self.backoff * 2**attempt
            try:
                resp = self.session.get(url, timeout=self.timeout, headers=hdrs)
            except requests.exceptions.Timeout:
                last = (
                    f"{self.who} did not answer within {self.timeout:g} s",
                    None,
                    "try again later, raise timeout=..., or check your network/proxy "
                    "(pass session= with proxies); offline=True serves the cache",
                )
            except (
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ) as exc:
                last = (
                    f"the response from {self.who} was cut short ({type(exc).__name__})",
                    None,
                    "the connection broke during the download; try again later",
                )
            except requests.exceptions.ConnectionError as exc:
                last = (
                    f"could not connect to {self.who} ({_short(exc)})",
                    None,
                    f"check your network and proxy (pass session= with proxies or a CA "
                    f"bundle), or set {self.env} / base_url= if the service moved; "
                    "offline=True serves the cache",
                )
            else:
                status = int(resp.status_code)
                if 200 <= status < 300:
                    body = bytes(resp.content)
                    problem = _truncation(resp, body)
                    if problem is None and validate is not None:
                        try:
                            validate(body)
                        except ValueError as exc:
                            problem = str(exc)
                    if problem is None:
                        return body
                    last = (
                        f"the response from {self.who} was cut short or garbled ({problem})",
                        status,
                        "the transfer was incomplete; try again later",
                    )
                elif status in _RETRY_STATUS:
                    last = _status_problem(status, self.who, self.env, resp)
                    retry_after = _retry_after(resp)
                    if retry_after is not None:
                        wait = max(wait, retry_after)
                else:
                    msg, _, hint = _status_problem(status, self.who, self.env, resp)
                    raise SourceUnavailableError(
                        msg + ".", url=url, status=status, hint=hint, query=query
                    )
            if attempt < self.retries:
                _time.sleep(min(wait, _MAX_WAIT))
        msg, status_or_none, hint = last
        tries = self.retries + 1
        raise SourceUnavailableError(
            f"{msg[:1].upper()}{msg[1:]} (gave up after {tries} attempt{'s' * (tries > 1)}).",
            url=url,
            status=status_or_none,
            hint=hint,
            query=query,
        )


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) < 160 else text[:157] + "..."


def _retry_after(resp: Any) -> float | None:
    value = resp.headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _truncation(resp: Any, body: bytes) -> str | None:
    """Describe a body shorter than its ``Content-Length`` (unless content-encoded)."""
    length = resp.headers.get("Content-Length")
    if length is None or resp.headers.get("Content-Encoding"):
        return None
    try:
        expected = int(length)
    except ValueError:
        return None
    if len(body) != expected:
        return f"received {len(body)} of {expected} bytes"
    return None


def _status_problem(status: int, who: str, env: str, resp: Any) -> tuple[str, int, str]:
    text = ""
    try:
        text = " ".join(str(resp.text or "").split())[:200]
    except Exception:  # pragma: no cover - a body that cannot be decoded
        text = ""
    said = f"; it said: {text!r}" if text else ""
    if status == 404:
        return (
            f"{who} returned 404 (not found){said}",
            status,
            f"the endpoint may have moved, or the code does not exist: check the indicator "
            f"and area codes, and set {env} (or base_url=) if the service has a new address",
        )
    if status in (400, 422):
        return (
            f"{who} rejected the query with {status}{said}",
            status,
            "check the indicator/dataset code (ILOSTAT data API ids carry the frequency, e.g. "
            "UNE_DEAP_SEX_AGE_RT_A), the area codes and the years",
        )
    if status in (401, 403, 407):
        return (
            f"{who} refused access with {status}{said}",
            status,
            "a proxy or firewall may be in the way: pass session= configured with your proxies "
            "and CA bundle",
        )
    if status == 429:
        return (
            f"{who} is rate-limiting requests (429)",
            status,
            "wait a few minutes and retry, or increase backoff=; cached queries need no request",
        )
    if status >= 500:
        return (
            f"{who} failed with {status} (a server-side error, not yours){said}",
            status,
            "try again later; offline=True serves a cached copy if you have one",
        )
    return (f"{who} returned {status}{said}", status, f"check the query; set {env} if needed")


def _session(session: Any) -> Any:
    if session is not None:
        return session
    try:
        import requests
    except ImportError:
        raise ImportError(
            "pedw's online fetchers need 'requests': pip install 'pedw[online]'"
        ) from None
    return requests.Session()


@contextmanager
def _progress(total: int, enabled: bool | None, desc: str) -> Iterator[Any]:
    """Yield a tqdm bar (when installed and wanted) or a no-op with ``update``/``total``."""
    bar: Any = None
    if enabled is not False and (total > 1 or enabled):
        try:
            from tqdm.auto import tqdm
        except ImportError:
            bar = None
        else:
            bar = tqdm(
                total=total, desc=desc, unit="req", disable=None if enabled is None else False
            )
    if bar is None:

        class _Null:
            total = 0

            def update(self, n: int = 1) -> None:
                pass

            def refresh(self) -> None:
                pass

        yield _Null()
    else:
        try:
            yield bar
        finally:
            bar.close()


# ------------------------------------------------------------------------------ query helpers
def _codes(value: str | Sequence[str] | None, name: str, *, upper: bool = True) -> list[str] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value)
    out: list[str] = []
    for v in items:
        if not isinstance(v, str) or not v.strip():
            raise OptionError(
                f"{name}= must hold non-empty code strings, got {v!r}.",
                hint=f"e.g. {name}='KEN' or {name}=['KEN', 'UGA']",
            )
        out.append(v.strip().upper() if upper else v.strip())
    if not out:
        raise OptionError(f"{name}= is an empty list.", hint="pass None for all, or some codes")
    return sorted(set(out))


def _years(start: int | None, end: int | None) -> tuple[int | None, int | None]:
    for name, v in (("start", start), ("end", end)):
        if v is not None and (not isinstance(v, int) or isinstance(v, bool)):
            raise OptionError(f"{name}= must be a year (int), got {v!r}.", hint=f"{name}=2000")
    if start is not None and end is not None and start > end:
        raise OptionError(
            f"start={start} is after end={end}.", hint="pass start <= end (inclusive years)"
        )
    return start, end


def _chunks(
    items: list[str], make_url: Callable[[list[str]], str], max_len: int, max_items: int
) -> list[list[str]]:
    """Split ``items`` greedily so every URL stays within ``max_len`` and ``max_items``."""
    out: list[list[str]] = []
    cur: list[str] = []
    for it in items:
        trial = [*cur, it]
        if cur and (len(make_url(trial)) > max_len or len(trial) > max_items):
            out.append(cur)
            cur = [it]
        else:
            cur = trial
    if cur:
        out.append(cur)
    return out


def _capture(fn: Callable[[], pd.DataFrame]) -> tuple[pd.DataFrame, list[dict[str, str]]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = fn()
    return df, [{"category": w.category.__name__, "message": str(w.message)} for w in caught]


def _reemit(captured: list[dict[str, str]], stacklevel: int) -> None:
    for w in captured:
        cat = getattr(_errors, w.get("category", ""), None)
        if cat is None:
            import builtins

            cat = getattr(builtins, w.get("category", ""), None)
        if not (isinstance(cat, type) and issubclass(cat, Warning)):
            cat = PedwWarning
        warnings.warn(w.get("message", ""), cat, stacklevel=stacklevel + 1)


def _resolve_offline(offline: bool | None, use_cache: bool, refresh: bool) -> bool:
    off = offline_default() if offline is None else bool(offline)
    if off and not use_cache:
        raise OptionError(
            "offline=True needs the cache, but use_cache=False.",
            hint="drop use_cache=False, or unset PEDW_OFFLINE",
        )
    if off and refresh:
        raise OptionError(
            "refresh=True downloads again, which offline mode forbids.",
            hint="drop refresh=True, or pass offline=False / unset PEDW_OFFLINE",
        )
    return off


def _describe(query: dict[str, Any]) -> str:
    parts = [f"{k}={v!r}" for k, v in query.items() if v is not None and k != "provider"]
    return ", ".join(parts)


def _finish_meta(
    df: pd.DataFrame,
    *,
    urls: list[str],
    retrieved: str,
    last_update: str | None,
    query: dict[str, Any],
    cache: str,
    cache_file: str | None,
    api: str,
) -> pd.DataFrame:
    meta = dict(df.attrs.get("pedw", {}))
    meta.update(
        {
            "file": urls[0] if len(urls) == 1 else f"{len(urls)} responses from {api}",
            "url": urls[0] if len(urls) == 1 else list(urls),
            "api": api,
            "retrieved": retrieved,
            "last_update": last_update,
            "query": query,
            "cache": cache,
            "cache_file": cache_file,
        }
    )
    if not meta.get("vintage") and last_update:
        meta["vintage"] = last_update[:10]
    df.attrs["pedw"] = meta
    return df


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()


def _serve(
    provider: str,
    query: dict[str, Any],
    *,
    offline: bool,
    use_cache: bool,
    refresh: bool,
    fetch: Callable[[], tuple[pd.DataFrame, list[dict[str, str]], list[str], str | None, str]],
) -> tuple[pd.DataFrame, list[dict[str, str]]]:
    """Answer ``query`` from the cache or by ``fetch()``; store what was fetched."""
    cache = ParquetCache() if use_cache else None
    if cache is not None and not refresh:
        entry = cache.load(provider, query, stacklevel=3)
        if entry is not None:
            side = entry.sidecar
            df = _finish_meta(
                entry.frame,
                urls=list(side.get("urls") or []),
                retrieved=str(side.get("retrieved")),
                last_update=side.get("last_update"),
                query=query,
                cache="hit",
                cache_file=str(entry.path),
                api=str(side.get("api") or provider),
            )
            return df, list(side.get("warnings") or [])
    if offline:
        where = cache.root if cache is not None else "(no cache)"
        raise SourceUnavailableError(
            f"Offline mode: the {provider} query {_describe(query)} is not in the cache.",
            hint=f"run it once online (offline=False, PEDW_OFFLINE unset) to fill the cache at "
            f"{where}, or point PEDW_CACHE_DIR at a cache that has it",
            query=_describe(query),
        )
    df, captured, urls, last_update, api = fetch()
    retrieved = _now()
    cache_file = None
    if cache is not None:
        side = cache.store(
            provider,
            query,
            df,
            urls=urls,
            last_update=last_update,
            captured=captured,
            extra={"api": api},
        )
        retrieved = str(side["retrieved"])
        cache_file = str(cache.paths(provider, side["key"])[0])
    status = "refresh" if refresh and use_cache else ("miss" if use_cache else "disabled")
    df = _finish_meta(
        df,
        urls=urls,
        retrieved=retrieved,
        last_update=last_update,
        query=query,
        cache=status,
        cache_file=cache_file,
        api=api,
    )
    return df, captured


# ------------------------------------------------------------------------------------ ILOSTAT
def _dataset(indicator: str) -> tuple[str, str]:
    """``"UNE_DEAP_SEX_AGE_RT_A"`` -> (dataset id, frequency); no suffix means annual."""
    if not isinstance(indicator, str) or not indicator.strip():
        raise OptionError(
            f"indicator= must be an ILOSTAT code, got {indicator!r}.",
            hint="e.g. 'UNE_DEAP_SEX_AGE_RT_A' (see ILOSTAT's table of contents)",
        )
    code = indicator.strip().upper()
    head, _, tail = code.rpartition("_")
    if head and tail in _FREQS:
        return code, tail
    return f"{code}_A", "A"


def _plus(values: list[str]) -> str:
    # a literal '+' between percent-encoded items: ILOSTAT reads %2B as part of a code
    return "+".join(quote(v, safe="") for v in values)


def _api_url(base: str, q: dict[str, Any], areas: list[str] | None) -> str:
    path = str(_registry()["ilostat_api"]["data_path"])
    params: list[tuple[str, str]] = [("id", quote(q["dataset"], safe=""))]
    if areas:
        params.append(("ref_area", _plus(areas)))
    for k in ("sex", "classif1"):
        if q[k]:
            params.append((k, _plus(q[k])))
    if q["start"] is not None:
        params.append(("timefrom", str(q["start"])))
    if q["end"] is not None:
        params.append(("timeto", str(q["end"])))
    params += [("type", "code"), ("format", ".csv"), ("lang", "en")]
    return f"{base}{path}?" + "&".join(f"{k}={v}" for k, v in params)


def _sdmx_key(q: dict[str, Any], areas: list[str] | None) -> str:
    """Series key ``REF_AREA.FREQ.MEASURE.<classifications>`` from the indicator code.

    ILOSTAT dataflow ids spell their classifications between the measure and the unit
    (``UNE_DEAP_SEX_AGE_RT`` -> SEX, AGE; ``..._NOC_RT`` -> none), which gives the key's arity.
    """
    flow = q["dataset"].rsplit("_", 1)[0]
    parts = flow.split("_")
    dims = [p for p in parts[2:-1] if p != "NOC"]
    key = [_plus(areas) if areas else "", q["freq"], ""] + [""] * len(dims)
    slot = 3
    if dims and dims[0] == "SEX":
        if q["sex"]:
            key[3] = _plus(q["sex"])
        slot = 4
    if q["classif1"] and slot < len(key):
        key[slot] = _plus(q["classif1"])
    return ".".join(key)


def _sdmx_url(base: str, q: dict[str, Any], areas: list[str] | None) -> str:
    entry = _registry()["ilostat_sdmx"]
    flow = q["dataset"].rsplit("_", 1)[0]
    path = str(entry["data_path"]).format(
        indicator=flow, version=entry["version"], key=_sdmx_key(q, areas)
    )
    params = []
    if q["start"] is not None:
        params.append(f"startPeriod={q['start']}")
    if q["end"] is not None:
        params.append(f"endPeriod={q['end']}")
    return f"{base}{path}" + ("?" + "&".join(params) if params else "")


def _merge_csv(bodies: list[bytes]) -> bytes:
    """Join CSV responses of one query into one CSV (one header; union of columns if needed)."""
    parts: list[tuple[bytes, bytes]] = []
    for b in bodies:
        b = b.removeprefix(b"\xef\xbb\xbf")
        if not b.strip():
            continue
        head, _, rest = b.partition(b"\n")
        if rest and not rest.endswith(b"\n"):
            rest += b"\n"
        parts.append((head.rstrip(b"\r"), rest))
    if not parts:
        return b""
    if len({h for h, _ in parts}) == 1:
        return parts[0][0] + b"\n" + b"".join(r for _, r in parts)
    columns: list[str] = []
    rows: list[dict[str, str]] = []
    for head, rest in parts:
        reader = csv.DictReader(io.StringIO((head + b"\n" + rest).decode("utf-8")))
        for c in reader.fieldnames or []:
            if c not in columns:
                columns.append(c)
        rows.extend(reader)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _toc_last_update(
    dataset: str, http: _Http, base: str, cache_root: Any
) -> tuple[str | None, str | None]:
    """``last.update`` of a dataset from ILOSTAT's table of contents (cached for a day)."""
    toc_url = f"{base}{_registry()['ilostat_api']['toc_path']}?lang=en&format=.json"
    path = None if cache_root is None else cache_root / "ilostat" / "_toc_indicator.json"
    rows: Any = None
    try:
        if (
            path is not None
            and path.exists()
            and _time.time() - path.stat().st_mtime < _TOC_MAX_AGE
        ):
            rows = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        rows = None
    try:
        if rows is None:
            body = http.get(toc_url, headers={"Accept": "application/json"}, validate=_json_ok)
            rows = json.loads(body)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".json.{os.getpid()}.tmp")
                tmp.write_bytes(body)
                os.replace(tmp, path)
    except SourceUnavailableError as exc:
        return None, f"table of contents unavailable: {exc.message}"
    row = (
        next(
            (r for r in rows if isinstance(r, dict) and r.get("id") == dataset),
            None,
        )
        if isinstance(rows, list)
        else None
    )
    if row is None or not row.get("last.update"):
        return None, f"{dataset} not found in ILOSTAT's table of contents"
    stamp = str(row["last.update"])
    try:
        return _dt.datetime.strptime(stamp, "%d/%m/%Y %H:%M:%S").isoformat(), None
    except ValueError:
        return stamp, None


def _json_ok(body: bytes) -> None:
    try:
        json.loads(body)
    except ValueError as exc:
        raise ValueError(f"the body is not complete JSON: {exc}") from None


@overload
def get_ilostat(
    indicator: str,
    *,
    ref_area: str | Sequence[str] | None = ...,
    start: int | None = ...,
    end: int | None = ...,
    sex: str | Sequence[str] | None = ...,
    classif1: str | Sequence[str] | None = ...,
    source: IlostatSource = ...,
    labels: LabelMode = ...,
    session: Any = ...,
    timeout: float = ...,
    retries: int = ...,
    backoff: float = ...,
    refresh: bool = ...,
    offline: bool | None = ...,
    use_cache: bool = ...,
    dry_run: Literal[False] = ...,
    progress: bool | None = ...,
    base_url: str | None = ...,
    vintage: bool = ...,
    max_url_length: int = ...,
) -> pd.DataFrame: ...


@overload
def get_ilostat(
    indicator: str,
    *,
    ref_area: str | Sequence[str] | None = ...,
    start: int | None = ...,
    end: int | None = ...,
    sex: str | Sequence[str] | None = ...,
    classif1: str | Sequence[str] | None = ...,
    source: IlostatSource = ...,
    labels: LabelMode = ...,
    session: Any = ...,
    timeout: float = ...,
    retries: int = ...,
    backoff: float = ...,
    refresh: bool = ...,
    offline: bool | None = ...,
    use_cache: bool = ...,
    dry_run: Literal[True],
    progress: bool | None = ...,
    base_url: str | None = ...,
    vintage: bool = ...,
    max_url_length: int = ...,
) -> list[str]: ...


def get_ilostat(
    indicator: str,
    *,
    ref_area: str | Sequence[str] | None = None,
    start: int | None = None,
    end: int | None = None,
    sex: str | Sequence[str] | None = None,
    classif1: str | Sequence[str] | None = None,
    source: IlostatSource = "api",
    labels: LabelMode = "code",
    session: Any = None,
    timeout: float = 30,
    retries: int = 3,
    backoff: float = 1.0,
    refresh: bool = False,
    offline: bool | None = None,
    use_cache: bool = True,
    dry_run: bool = False,
    progress: bool | None = None,
    base_url: str | None = None,
    vintage: bool = True,
    max_url_length: int = 2000,
) -> pd.DataFrame | list[str]:
    r"""Fetch an ILOSTAT dataset into the frame :func:`pedw.io.read_ilostat` returns.

    The query is filtered on the server (areas, sex, classification, years), the response
    bytes are parsed by :func:`pedw.io.parse_ilostat` with the same filters, and the frame is
    cached (Parquet) under :func:`pedw.io.cache_dir`. Later calls with the same query are
    answered from the cache without any request.

    Parameters
    ----------
    indicator : str
        ILOSTAT dataset id, e.g. ``"UNE_DEAP_SEX_AGE_RT_A"`` (indicator + frequency suffix
        ``_A``/``_Q``/``_M``; without a suffix the annual dataset ``_A`` is requested).
    ref_area : str or sequence of str, optional
        ILOSTAT area codes (ISO 3166 alpha-3, ``X..`` aggregates). Long lists are split
        into several URL-safe requests whose responses are joined before parsing.
    start, end : int, optional
        First and last year [inclusive].
    sex, classif1 : str or sequence of str, optional
        Codes to keep (``"SEX_T"``, ``"AGE_YTHADULT_YGE15"``, ...).
    source : {"api", "sdmx"}
        ``"api"``: ILOSTAT's data API (``rplumber``, CSV in ILOSTAT's column layout).
        ``"sdmx"``: the SDMX REST API (SDMX-CSV); its series key is built from the indicator
        code's classification parts (``REF_AREA.FREQ.MEASURE.<SEX>.<CLASSIF1>``).
    labels : {"code", "label", "both"}
        As in :func:`pedw.io.read_ilostat`.
    session : requests.Session, optional
        A session configured with proxies, a CA bundle (``session.verify``) or headers.
    timeout : float
        Seconds to wait for each response [s].
    retries : int
        Further attempts after a timeout, a broken or truncated transfer, 408, 429 or 5xx.
    backoff : float
        First pause between attempts [s]; it doubles after each attempt (at most 60 s) and
        honours a server's ``Retry-After``.
    refresh : bool
        Download again even if the query is cached (the cache entry is replaced).
    offline : bool, optional
        Serve only the cache; raise :class:`~pedw.errors.SourceUnavailableError` if the query
        is not cached. Default: the ``PEDW_OFFLINE`` environment variable.
    use_cache : bool
        ``False`` neither reads nor writes the cache.
    dry_run : bool
        Return the list of data URLs that would be requested, without any request.
    progress : bool, optional
        Progress bar (tqdm) over the requests; ``None`` shows it for multi-request jobs on a
        terminal.
    base_url : str, optional
        Overrides the registry's base URL (``PEDW_ILOSTAT_URL`` for ``source="api"``,
        ``PEDW_ILOSTAT_SDMX_URL`` for ``"sdmx"``).
    vintage : bool
        Look the dataset's ``last.update`` up in ILOSTAT's table of contents (one request,
        cached for a day); failures only leave ``last_update`` empty.
    max_url_length : int
        Longest URL sent [characters]; longer area lists are split.

    Returns
    -------
    pandas.DataFrame or list of str
        The frame of :func:`pedw.io.read_ilostat` for the downloaded bytes (``obs_value`` in
        the indicator's unit, e.g. ``%`` for ``_RT``), with ``attrs["pedw"]`` extended by
        ``url``, ``api``, ``retrieved`` (UTC), ``last_update`` (ILOSTAT ``last.update``),
        ``vintage``, ``query`` (the normalised query, which is the cache key), ``cache``
        (``"hit"``, ``"miss"``, ``"refresh"`` or ``"disabled"``) and ``cache_file``; or,
        with ``dry_run=True``, the URLs.

    Raises
    ------
    pedw.errors.SourceUnavailableError
        The server failed or could not be reached (message: HTTP status, URL and what to
        try), or ``offline=True`` and the query is not cached (naming the query).
    pedw.errors.OptionError
        For an invalid argument.
    pedw.errors.ParseError
        If the response is not an ILOSTAT layout (e.g. an HTML error page).

    Warns
    -----
    pedw.errors.PedwWarning
        A corrupt cache entry was deleted and refetched.
    pedw.errors.AggregatesIncludedWarning, pedw.errors.ProjectionsIncludedWarning
        As :func:`pedw.io.read_ilostat`; a cached result warns again exactly like the first run.

    Notes
    -----
    With :math:`k` area codes of length :math:`\ell` and a fixed URL part of :math:`u`
    characters, each request carries at most :math:`n` codes where

    .. math:: u + n\,\ell + (n - 1) \le L_{\max}

    (``+`` separates codes), so the number of requests is :math:`\lceil k / n \rceil`. The
    responses are joined into one CSV (one header) before parsing, so duplicate checks and
    row accounting cover the whole query.

    References
    ----------
    .. [1] ILO Department of Statistics, *Rilostat: ILO Open Data via ILOSTAT Bulk Download
       Facility or SDMX Web Service*, https://github.com/ilostat/Rilostat.
    .. [2] ILO, "ILOSTAT SDMX web service", https://ilostat.ilo.org/resources/sdmx-tools/.

    Examples
    --------
    >>> from pedw.io import get_ilostat
    >>> get_ilostat("UNE_DEAP_SEX_AGE_RT_A", ref_area=["KEN", "UGA"], start=2010,
    ...             dry_run=True)  # doctest: +NORMALIZE_WHITESPACE
    ['https://rplumber.ilo.org/data/indicator/?id=UNE_DEAP_SEX_AGE_RT_A&ref_area=KEN+UGA&timefrom=2010&type=code&format=.csv&lang=en']
    """
    check_option("source", source, IlostatSource)
    check_option("labels", labels, LabelMode)
    dataset, freq = _dataset(indicator)
    start, end = _years(start, end)
    query: dict[str, Any] = {
        "provider": "ilostat",
        "source": source,
        "dataset": dataset,
        "freq": freq,
        "ref_area": _codes(ref_area, "ref_area"),
        "sex": _codes(sex, "sex"),
        "classif1": _codes(classif1, "classif1"),
        "start": start,
        "end": end,
        "labels": labels,
    }
    name = "ilostat_api" if source == "api" else "ilostat_sdmx"
    base, env = _base_url(name, base_url)
    make = _api_url if source == "api" else _sdmx_url
    areas: list[str] = query["ref_area"] or []
    groups: list[list[str] | None] = (
        list(_chunks(areas, lambda a: make(base, query, a), max_url_length, 10_000))
        if areas
        else [None]
    )
    urls = [make(base, query, g) for g in groups]
    if dry_run:
        return urls
    off = _resolve_offline(offline, use_cache, refresh)
    who = str(_registry()[name]["name"])

    def fetch() -> tuple[pd.DataFrame, list[dict[str, str]], list[str], str | None, str]:
        http = _Http(_session(session), float(timeout), int(retries), float(backoff), env, who)
        headers = (
            {"Accept": str(_registry()["ilostat_sdmx"]["accept"])}
            if source == "sdmx"
            else {"Accept": "text/csv"}
        )
        bodies: list[bytes] = []
        with _progress(len(urls), progress, f"ILOSTAT {dataset}") as bar:
            for url in urls:
                bodies.append(http.get(url, headers=headers, query=_describe(query)))
                bar.update(1)
        body = bodies[0] if len(bodies) == 1 else _merge_csv(bodies)
        if not body.strip():
            raise SourceUnavailableError(
                f"{who} returned an empty response for {dataset}.",
                url=urls[0],
                status=200,
                hint="check the dataset id in ILOSTAT's table of contents and the filters",
                query=_describe(query),
            )
        from pedw.io.ilostat import parse_ilostat

        def parse() -> pd.DataFrame:
            try:
                return parse_ilostat(
                    body,
                    labels=labels,
                    ref_area=query["ref_area"],
                    sex=query["sex"],
                    classif1=query["classif1"],
                    time=(start, end)
                    if freq == "A" and (start is not None or end is not None)
                    else None,
                )
            except ParseError as exc:
                raise type(exc)(
                    exc.message, hint=exc.hint, **{**exc.context, "file": urls[0]}
                ) from None

        df, captured = _capture(parse)
        last_update, note = (
            _toc_last_update(
                dataset,
                http,
                _base_url("ilostat_api", base_url if source == "api" else None)[0],
                ParquetCache().root if use_cache else None,
            )
            if vintage
            else (None, None)
        )
        if note:
            df.attrs.setdefault("pedw", {})["last_update_note"] = note
        return df, captured, urls, last_update, who

    df, captured = _serve(
        "ilostat", query, offline=off, use_cache=use_cache, refresh=refresh, fetch=fetch
    )
    _reemit(captured, stacklevel=2)
    return df


# --------------------------------------------------------------------------------- World Bank
def _wb_url(
    base: str, countries: list[str] | None, indicators: list[str], q: dict[str, Any], page: int
) -> str:
    path = str(_registry()["worldbank"]["data_path"]).format(
        countries=";".join(quote(c, safe="") for c in countries) if countries else "all",
        indicators=";".join(quote(i, safe=".") for i in indicators),
    )
    params = [("format", "json"), ("per_page", str(q["per_page"]))]
    if q["date"]:
        params.append(("date", q["date"]))
    if len(indicators) > 1:
        params.append(("source", str(q["source_id"])))
    params.append(("page", str(page)))
    return f"{base}{path}?" + "&".join(f"{k}={v}" for k, v in params)


@overload
def get_wdi(
    indicators: str | Sequence[str],
    *,
    ref_area: str | Sequence[str] | None = ...,
    start: int | None = ...,
    end: int | None = ...,
    aggregates: AggregatesMode = ...,
    missing: MissingMode = ...,
    source_id: int = ...,
    per_page: int = ...,
    session: Any = ...,
    timeout: float = ...,
    retries: int = ...,
    backoff: float = ...,
    refresh: bool = ...,
    offline: bool | None = ...,
    use_cache: bool = ...,
    dry_run: Literal[False] = ...,
    progress: bool | None = ...,
    base_url: str | None = ...,
    max_url_length: int = ...,
) -> pd.DataFrame: ...


@overload
def get_wdi(
    indicators: str | Sequence[str],
    *,
    ref_area: str | Sequence[str] | None = ...,
    start: int | None = ...,
    end: int | None = ...,
    aggregates: AggregatesMode = ...,
    missing: MissingMode = ...,
    source_id: int = ...,
    per_page: int = ...,
    session: Any = ...,
    timeout: float = ...,
    retries: int = ...,
    backoff: float = ...,
    refresh: bool = ...,
    offline: bool | None = ...,
    use_cache: bool = ...,
    dry_run: Literal[True],
    progress: bool | None = ...,
    base_url: str | None = ...,
    max_url_length: int = ...,
) -> list[str]: ...


def get_wdi(
    indicators: str | Sequence[str],
    *,
    ref_area: str | Sequence[str] | None = None,
    start: int | None = None,
    end: int | None = None,
    aggregates: AggregatesMode = "exclude",
    missing: MissingMode = "drop",
    source_id: int = 2,
    per_page: int = 1000,
    session: Any = None,
    timeout: float = 30,
    retries: int = 3,
    backoff: float = 1.0,
    refresh: bool = False,
    offline: bool | None = None,
    use_cache: bool = True,
    dry_run: bool = False,
    progress: bool | None = None,
    base_url: str | None = None,
    max_url_length: int = 2000,
) -> pd.DataFrame | list[str]:
    r"""Fetch World Bank indicators (API v2) into the frame :func:`pedw.io.read_wb_json` returns.

    Every page of every request is downloaded (``pages`` in the paging metadata), and the
    pages are handed together to :func:`pedw.io.read_wb_json`. Results are cached (Parquet)
    under :func:`pedw.io.cache_dir`.

    Parameters
    ----------
    indicators : str or sequence of str
        WDI series codes, e.g. ``"SL.GDP.PCAP.EM.KD"``. Several indicators are requested
        together from one database (``source_id``), at most 60 per request.
    ref_area : str or sequence of str, optional
        Country or aggregate codes (ISO3 or the API's 2-character ids); all by default.
    start, end : int, optional
        First and last year [inclusive] (``date=start:end``). An open end is today's year;
        an open start is 1960.
    aggregates : {"exclude", "include", "only"}
        As in :func:`pedw.io.read_wdi`; the default drops regions, income groups and World.
    missing : {"drop", "keep"}
        As in :func:`pedw.io.read_wdi`.
    source_id : int
        World Bank database id sent with multi-indicator requests (2 = World Development
        Indicators).
    per_page : int
        Records per page [records].
    session, timeout, retries, backoff, refresh, offline, use_cache, dry_run, progress
        As in :func:`get_ilostat`.
    base_url : str, optional
        Overrides the registry's ``https://api.worldbank.org/v2`` (or ``PEDW_WB_URL``).
    max_url_length : int
        Longest URL sent [characters]; the API also caps a path segment at 1,500 characters
        and a request at 60 indicators.

    Returns
    -------
    pandas.DataFrame or list of str
        The frame of :func:`pedw.io.read_wb_json` (``value`` in each indicator's unit,
        ``attrs["pedw"]["units"]``), with ``attrs["pedw"]`` extended as in
        :func:`get_ilostat` (``last_update`` is the API's ``lastupdated``); or, with
        ``dry_run=True``, the URLs of the first page of each request.

    Raises
    ------
    pedw.errors.SourceUnavailableError
        As in :func:`get_ilostat`.
    pedw.errors.ParseError
        If the API answers with an error payload (naming its message and the URL).
    pedw.errors.OptionError
        For an invalid argument.

    Warns
    -----
    pedw.errors.MissingDataWarning
        A request returned fewer records than its paging metadata announced.
    pedw.errors.AggregatesIncludedWarning
        As :func:`pedw.io.read_wb_json`.

    Notes
    -----
    With :math:`I` indicators split into :math:`c_I` groups (at most 60 codes, URL-safe) and
    :math:`C` countries into :math:`c_C` groups, :math:`c_I \cdot c_C` requests are made,
    each of :math:`\lceil T_r / \text{per\_page} \rceil` pages for :math:`T_r` records.
    Completeness is checked per request: the records received must equal ``total``.

    References
    ----------
    .. [1] World Bank, "API Basic Call Structures",
       https://datahelpdesk.worldbank.org/knowledgebase/articles/898581.

    Examples
    --------
    >>> from pedw.io import get_wdi
    >>> get_wdi("SL.GDP.PCAP.EM.KD", ref_area=["KEN", "UGA"], start=2000, end=2019,
    ...         dry_run=True)  # doctest: +NORMALIZE_WHITESPACE
    ['https://api.worldbank.org/v2/country/KEN;UGA/indicator/SL.GDP.PCAP.EM.KD?format=json&per_page=1000&date=2000:2019&page=1']
    """
    check_option("aggregates", aggregates, AggregatesMode)
    check_option("missing", missing, MissingMode)
    inds = _codes(indicators, "indicators", upper=False)
    assert inds is not None  # _codes only returns None for None
    start, end = _years(start, end)
    if not isinstance(per_page, int) or per_page < 1:
        raise OptionError(f"per_page={per_page!r} must be a positive int.", hint="per_page=1000")
    date = None
    if start is not None or end is not None:
        lo = start if start is not None else 1960
        hi = end if end is not None else _dt.date.today().year
        date = f"{lo}:{hi}"
    query: dict[str, Any] = {
        "provider": "worldbank",
        "indicators": inds,
        "ref_area": _codes(ref_area, "ref_area"),
        "start": start,
        "end": end,
        "date": date,
        "aggregates": aggregates,
        "missing": missing,
        "source_id": int(source_id),
        "per_page": per_page,
    }
    base, env = _base_url("worldbank", base_url)
    reg = _registry()["worldbank"]
    seg_max = int(reg["max_segment_chars"])
    url_max = min(int(max_url_length), int(reg["max_url_chars"]))
    max_ind = int(reg["max_indicators"])
    ind_groups = [
        sub
        for g in _chunks(inds, lambda g: _wb_url(base, None, g, query, 1), url_max, max_ind)
        for sub in _chunks(g, lambda s: ";".join(s), seg_max, max_ind)
    ]
    countries = query["ref_area"]
    longest = max(ind_groups, key=lambda g: len(";".join(g)))
    c_groups: list[list[str] | None] = (
        [
            sub
            for g in _chunks(
                countries, lambda c: _wb_url(base, c, longest, query, 1), url_max, 10_000
            )
            for sub in _chunks(g, lambda s: ";".join(s), seg_max, 10_000)
        ]
        if countries
        else [None]
    )
    requests_ = [(c, i) for i in ind_groups for c in c_groups]
    first_urls = [_wb_url(base, c, i, query, 1) for c, i in requests_]
    if dry_run:
        return first_urls
    off = _resolve_offline(offline, use_cache, refresh)
    who = str(reg["name"])

    def fetch() -> tuple[pd.DataFrame, list[dict[str, str]], list[str], str | None, str]:
        from pedw.io.worldbank import read_wb_json

        http = _Http(_session(session), float(timeout), int(retries), float(backoff), env, who)
        hdrs = {"Accept": "application/json"}
        all_pages: list[Any] = []
        per_request: list[tuple[str, int, int | None]] = []
        urls: list[str] = []
        with _progress(len(requests_), progress, "World Bank") as bar:
            for c, i in requests_:
                url = _wb_url(base, c, i, query, 1)
                first = _wb_page(http.get(url, headers=hdrs, validate=_json_ok), url, read_wb_json)
                urls.append(url)
                pages = [first]
                n_pages = _int(first[0].get("pages")) or 1
                if n_pages > 1:
                    bar.total = (bar.total or 0) + n_pages - 1
                    bar.refresh()
                bar.update(1)
                for p in range(2, n_pages + 1):
                    purl = _wb_url(base, c, i, query, p)
                    pages.append(
                        _wb_page(
                            http.get(purl, headers=hdrs, validate=_json_ok), purl, read_wb_json
                        )
                    )
                    urls.append(purl)
                    bar.update(1)
                n_rec = sum(len(pg[1] or []) for pg in pages)
                per_request.append((url, n_rec, _int(first[0].get("total"))))
                all_pages.extend(pages)
        short = [(u, n, t) for u, n, t in per_request if t is not None and n != t]
        notes: list[dict[str, str]] = [
            {
                "category": "MissingDataWarning",
                "message": f"The World Bank announced {t} records but sent {n} for {u}; "
                "the data are incomplete.",
            }
            for u, n, t in short
        ]
        if len(requests_) > 1:
            # several requests: their paging metadata describe each request, not the union
            grand = sum(n for _, n, _ in per_request)
            n_max = max(_int(pg[0].get("pages")) or 1 for pg in all_pages)
            all_pages = [[{**pg[0], "total": grand, "pages": n_max}, pg[1]] for pg in all_pages]

        def parse() -> pd.DataFrame:
            return read_wb_json(all_pages, aggregates=aggregates, missing=missing)

        df, captured = _capture(parse)
        meta = df.attrs.setdefault("pedw", {})
        meta["requests"] = len(requests_)
        vint = meta.get("vintage")
        last_update = vint if isinstance(vint, str) else (max(vint) if vint else None)
        return df, notes + captured, urls, last_update, who

    df, captured = _serve(
        "worldbank", query, offline=off, use_cache=use_cache, refresh=refresh, fetch=fetch
    )
    _reemit(captured, stacklevel=2)
    return df


def _int(v: Any) -> int | None:
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def _wb_page(body: bytes, url: str, read_wb_json: Callable[..., pd.DataFrame]) -> list[Any]:
    obj = json.loads(body)
    if isinstance(obj, list) and obj and isinstance(obj[0], dict) and "message" in obj[0]:
        try:
            read_wb_json(obj)  # raises the reader's ParseError, which names the API message
        except ParseError as exc:
            raise ParseError(exc.message, hint=exc.hint, file=url) from None
    if not (isinstance(obj, list) and len(obj) == 2 and isinstance(obj[0], dict)):
        raise ParseError(
            "The World Bank API answered with something other than [paging metadata, records].",
            file=url,
            hint="check the URL; if the service moved, set PEDW_WB_URL",
        )
    return obj
