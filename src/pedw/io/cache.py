"""The on-disk cache of :func:`pedw.io.get_ilostat` and :func:`pedw.io.get_wdi` (offline-first).

Layout
------
``<cache_dir()>/<provider>/<key>.parquet`` holds the frame a fetcher returned and
``<key>.json`` (the *sidecar*) holds what is needed to trust and reproduce it:

``query``
    The normalised query the entry answers (the key is a SHA-256 of it).
``urls``
    Every URL requested to build the frame.
``retrieved``
    UTC time of the download (ISO 8601).
``last_update``
    The source's own update stamp: ILOSTAT's table-of-contents ``last.update`` or the World
    Bank's ``lastupdated`` paging metadata.
``attrs``
    ``df.attrs["pedw"]`` (provenance and row accounting of the parse).
``warnings``
    The warnings the parse emitted (aggregates, projections, ...); they are emitted again when
    the entry is served, so an offline rerun warns exactly like the online run.
``parquet``
    File name, size and SHA-256 of the Parquet file, checked on every read.

Nothing happens at import time: the directory is created on the first write. An entry that
cannot be read or does not match its sidecar is deleted with a warning (and refetched by the
caller); it is never fatal.

Environment variables: ``PEDW_CACHE_DIR`` (location), ``PEDW_OFFLINE`` (``1``/``true``: serve
only the cache).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd

from pedw.errors import PedwWarning

__all__ = [
    "ENV_CACHE_DIR",
    "ENV_OFFLINE",
    "CacheEntry",
    "ParquetCache",
    "cache_dir",
    "clear_cache",
    "offline_default",
    "query_key",
]

ENV_CACHE_DIR: Final = "PEDW_CACHE_DIR"
ENV_OFFLINE: Final = "PEDW_OFFLINE"
#: Bumped when the layout of an entry changes (older entries are then refetched).
CACHE_FORMAT: Final = 1
_TRUE: Final = frozenset({"1", "true", "yes", "on"})


def cache_dir() -> Path:
    r"""Return the directory of pedw's download cache (not created here).

    Returns
    -------
    pathlib.Path
        ``$PEDW_CACHE_DIR`` when set, else ``platformdirs.user_cache_dir("pedw")``
        (e.g. ``~/.cache/pedw`` on Linux, ``~/Library/Caches/pedw`` on macOS,
        ``%LOCALAPPDATA%\pedw\Cache`` on Windows); ``~/.cache/pedw`` if platformdirs is
        not installed.

    Examples
    --------
    >>> import os
    >>> from pedw.io import cache_dir
    >>> os.environ["PEDW_CACHE_DIR"] = "/tmp/pedw-cache"
    >>> str(cache_dir())
    '/tmp/pedw-cache'
    >>> del os.environ["PEDW_CACHE_DIR"]
    """
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env).expanduser()
    try:
        import platformdirs
    except ImportError:  # pragma: no cover - platformdirs ships with the [online] extra
        return Path.home() / ".cache" / "pedw"
    return Path(platformdirs.user_cache_dir("pedw", appauthor=False))


def offline_default() -> bool:
    """Return whether ``PEDW_OFFLINE`` asks for offline mode (``1``, ``true``, ``yes``, ``on``).

    Returns
    -------
    bool
        The environment's choice.
    """
    return os.environ.get(ENV_OFFLINE, "").strip().lower() in _TRUE


def _jsonable(obj: Any) -> Any:
    """``json.dumps`` fallback: numpy scalars and arrays, paths, timestamps, sets."""
    item = getattr(obj, "item", None)
    if callable(item) and getattr(obj, "ndim", 1) == 0:
        return item()
    tolist = getattr(obj, "tolist", None)
    if callable(tolist):
        return tolist()
    if isinstance(obj, (set, frozenset)):
        return sorted(obj, key=str)
    return str(obj)


def _dumps(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, default=_jsonable)


def query_key(query: Mapping[str, Any]) -> str:
    """Return the cache key of a normalised query.

    Parameters
    ----------
    query : mapping
        The normalised query (JSON-serialisable; lists already sorted by the caller).

    Returns
    -------
    str
        The first 32 hex digits of the SHA-256 of the query's canonical JSON.
    """
    return hashlib.sha256(_dumps(dict(query)).encode("utf-8")).hexdigest()[:32]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class CacheEntry:
    """A cached frame and its sidecar.

    Attributes
    ----------
    frame : pandas.DataFrame
        The frame, with ``attrs["pedw"]`` restored from the sidecar.
    sidecar : dict
        The sidecar (see the module docstring).
    path : pathlib.Path
        The Parquet file.
    """

    frame: pd.DataFrame
    sidecar: dict[str, Any]
    path: Path


class ParquetCache:
    """Parquet + JSON-sidecar cache, one directory per provider.

    Parameters
    ----------
    root : path, optional
        The cache directory; :func:`cache_dir` by default (resolved when the object is built,
        never at import).
    """

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = Path(root) if root is not None else cache_dir()

    def paths(self, provider: str, key: str) -> tuple[Path, Path]:
        """Return the Parquet and sidecar paths of an entry.

        Parameters
        ----------
        provider : str
            ``"ilostat"`` or ``"worldbank"``.
        key : str
            From :func:`query_key`.

        Returns
        -------
        tuple of pathlib.Path
            ``(<key>.parquet, <key>.json)``.
        """
        base = self.root / provider
        return base / f"{key}.parquet", base / f"{key}.json"

    def discard(self, provider: str, key: str) -> None:
        """Delete an entry (missing files are ignored).

        Parameters
        ----------
        provider, key : str
            As in :meth:`paths`.
        """
        for p in self.paths(provider, key):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()

    def load(
        self, provider: str, query: Mapping[str, Any], *, stacklevel: int = 2
    ) -> CacheEntry | None:
        """Return the entry answering ``query``, or ``None`` if there is none (or it was corrupt).

        Parameters
        ----------
        provider : str
            ``"ilostat"`` or ``"worldbank"``.
        query : mapping
            The normalised query.
        stacklevel : int
            ``stacklevel`` of the corruption warning, pointing at the user's call.

        Returns
        -------
        CacheEntry or None
            The entry; ``None`` when absent. A corrupt entry (unreadable sidecar or Parquet,
            size or checksum mismatch, a sidecar for another query) is deleted with a
            :class:`~pedw.errors.PedwWarning` and ``None`` is returned.
        """
        key = query_key(query)
        pq_path, meta_path = self.paths(provider, key)
        if not meta_path.exists() and not pq_path.exists():
            return None
        try:
            sidecar = json.loads(meta_path.read_text("utf-8"))
            if not isinstance(sidecar, dict) or sidecar.get("pedw_cache") != CACHE_FORMAT:
                raise ValueError("the sidecar is not a pedw cache record of this version")
            if _dumps(sidecar.get("query")) != _dumps(dict(query)):
                raise ValueError("the sidecar belongs to another query")
            info = sidecar.get("parquet") or {}
            if pq_path.stat().st_size != info.get("bytes"):
                raise ValueError("the Parquet file has the wrong size (truncated?)")
            if _sha256(pq_path) != info.get("sha256"):
                raise ValueError("the Parquet file's checksum does not match")
            frame = pd.read_parquet(pq_path)
        except Exception as exc:  # any failure means: discard and refetch, never fatal
            self.discard(provider, key)
            warnings.warn(
                f"The cached copy of {provider} query {_dumps(dict(query))} was corrupt "
                f"({type(exc).__name__}: {exc}); it was deleted and will be fetched again. "
                f"[cache file: {pq_path}]",
                PedwWarning,
                stacklevel=stacklevel + 1,
            )
            return None
        frame.attrs = {"pedw": dict(sidecar.get("attrs") or {})}
        return CacheEntry(frame=frame, sidecar=sidecar, path=pq_path)

    def store(
        self,
        provider: str,
        query: Mapping[str, Any],
        frame: pd.DataFrame,
        *,
        urls: list[str],
        last_update: str | None,
        captured: list[dict[str, str]],
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Write an entry atomically (Parquet first, then the sidecar that validates it).

        Parameters
        ----------
        provider : str
            ``"ilostat"`` or ``"worldbank"``.
        query : mapping
            The normalised query.
        frame : pandas.DataFrame
            The frame to cache; its ``attrs["pedw"]`` goes in the sidecar.
        urls : list of str
            The URLs requested.
        last_update : str or None
            The source's update stamp.
        captured : list of dict
            Warnings emitted by the parse (``{"category": ..., "message": ...}``).
        extra : mapping, optional
            Further sidecar fields.

        Returns
        -------
        dict
            The sidecar written.
        """
        key = query_key(query)
        pq_path, meta_path = self.paths(provider, key)
        pq_path.parent.mkdir(parents=True, exist_ok=True)
        plain = frame.copy(deep=False)
        plain.attrs = {}
        tmp_pq = pq_path.with_suffix(f".parquet.{os.getpid()}.tmp")
        tmp_meta = meta_path.with_suffix(f".json.{os.getpid()}.tmp")
        plain.to_parquet(tmp_pq, index=False)
        sidecar: dict[str, Any] = {
            "pedw_cache": CACHE_FORMAT,
            "provider": provider,
            "key": key,
            "query": json.loads(_dumps(dict(query))),
            "urls": list(urls),
            "retrieved": _now(),
            "last_update": last_update,
            "warnings": captured,
            "attrs": json.loads(_dumps(frame.attrs.get("pedw", {}))),
            "parquet": {
                "file": pq_path.name,
                "bytes": tmp_pq.stat().st_size,
                "sha256": _sha256(tmp_pq),
            },
            **dict(extra or {}),
        }
        tmp_meta.write_text(_dumps(sidecar), encoding="utf-8")
        os.replace(tmp_pq, pq_path)
        os.replace(tmp_meta, meta_path)
        return sidecar


def clear_cache(provider: str | None = None) -> int:
    """Delete cached downloads.

    Parameters
    ----------
    provider : {"ilostat", "worldbank"}, optional
        Only this provider's entries; all by default.

    Returns
    -------
    int
        The number of files deleted.
    """
    root = cache_dir()
    base = root / provider if provider else root
    if not base.exists():
        return 0
    n = 0
    for p in base.rglob("*"):
        if p.is_file() and (p.suffix in (".parquet", ".json") or p.name.endswith(".tmp")):
            p.unlink()
            n += 1
    return n
