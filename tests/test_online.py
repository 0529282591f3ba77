"""Online fetchers against a local HTTP server replaying responses in the real formats.

Recorded responses:
- ILOSTAT data API (rplumber) CSV and SDMX-CSV: ``src/pedw/data/samples/ilostat_api/`` (real
  responses captured by cyanheads/ilostat-mcp-server, see PROVENANCE.md).
- ILOSTAT table of contents: one row written here in the documented JSON layout of
  ``/metadata/toc/indicator/?format=.json`` (fields ``id``, ``last.update`` "dd/mm/YYYY HH:MM:SS").
- World Bank API v2 JSON pages: ``tests/fixtures/worldbank/wb_api_page{1,2}_synthetic.json``
  and pages generated below, both in the documented ``[paging metadata, records]`` layout
  (https://datahelpdesk.worldbank.org/knowledgebase/articles/898581).

No test leaves 127.0.0.1 (tests/conftest.py makes any other connection fail).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pedw.errors import (
    AggregatesIncludedWarning,
    OptionError,
    ParseError,
    PedwWarning,
    ProjectionsIncludedWarning,
    SourceUnavailableError,
    UnknownFormatError,
)
from pedw.io import cache_dir, get_ilostat, get_wdi, parse_ilostat, read_ilostat, read_wb_json
from pedw.io.cache import query_key
from tests.conftest import FIXTURES, SAMPLES

API_CSV = SAMPLES / "ilostat_api" / "rplumber_une-deap-sex-age-rt-a.csv"
SDMX_CSV = SAMPLES / "ilostat_api" / "sdmx_probe-UNE_DEAP_SEX_AGE_RT.csv"
WB1 = FIXTURES / "worldbank" / "wb_api_page1_synthetic.json"
WB2 = FIXTURES / "worldbank" / "wb_api_page2_synthetic.json"
WB_ERR = FIXTURES / "worldbank" / "wb_api_error_120.json"
DATASET = "UNE_DEAP_SEX_AGE_RT_A"
TOC = json.dumps(
    [
        {
            "id": DATASET,
            "indicator": "UNE_DEAP_SEX_AGE_RT",
            "indicator.label": "Unemployment rate by sex and age (%)",
            "freq": "A",
            "last.update": "24/09/2026 07:10:19",
        }
    ]
).encode()
FAST: dict[str, Any] = {"backoff": 0.001, "timeout": 5, "progress": False}


# ------------------------------------------------------------------------------ the server
@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    truncate: bool = False  # announce more bytes than are sent, then close


Route = Callable[[str, dict[str, list[str]]], Reply]


class Replay:
    """Routes: (substring of path+query, replies in order; the last one repeats)."""

    def __init__(self) -> None:
        self.routes: list[tuple[str, list[Reply] | Route]] = []
        self.log: list[str] = []
        self.headers: list[dict[str, str]] = []
        self.url = ""

    def add(self, match: str, *replies: Reply | Route) -> None:
        if len(replies) == 1 and callable(replies[0]) and not isinstance(replies[0], Reply):
            self.routes.append((match, replies[0]))
        else:
            self.routes.append((match, [r for r in replies if isinstance(r, Reply)]))

    def reply(self, target: str) -> Reply:
        parts = urlsplit(target)
        for match, replies in self.routes:
            if match in unquote(target):
                if callable(replies):
                    return replies(parts.path, parse_qs(parts.query))
                return replies.pop(0) if len(replies) > 1 else replies[0]
        return Reply(404, b'{"error": "no route"}')

    def reset(self) -> None:
        self.routes.clear()
        self.log.clear()
        self.headers.clear()


def _handler(replay: Replay) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            replay.log.append(self.path)
            replay.headers.append(dict(self.headers))
            r = replay.reply(self.path)
            if r.delay:
                time.sleep(r.delay)
            try:
                self.send_response(r.status)
                for k, v in r.headers.items():
                    self.send_header(k, v)
                n = len(r.body) + (100 if r.truncate else 0)
                self.send_header("Content-Length", str(n))
                self.end_headers()
                self.wfile.write(r.body)
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture(scope="module")
def _server() -> Iterator[Replay]:
    replay = Replay()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(replay))
    httpd.daemon_threads = True
    replay.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield replay
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def srv(_server: Replay) -> Iterator[Replay]:
    _server.reset()
    yield _server
    _server.reset()


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEDW_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    for var in ("PEDW_OFFLINE", "PEDW_ILOSTAT_URL", "PEDW_ILOSTAT_SDMX_URL", "PEDW_WB_URL"):
        monkeypatch.delenv(var, raising=False)


def _ilostat_routes(srv: Replay, body: bytes | None = None) -> None:
    srv.add("/metadata/toc/indicator/", Reply(body=TOC))
    srv.add("/data/indicator/", Reply(body=API_CSV.read_bytes() if body is None else body))


def _data_requests(srv: Replay) -> list[str]:
    return [p for p in srv.log if "/metadata/" not in p]


def _caught(fn: Callable[[], Any]) -> tuple[Any, list[tuple[type[Warning], str]]]:
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        out = fn()
    # every warning points at the caller's line (here: this test file), not at pedw
    assert all(w.filename == __file__ for w in rec if issubclass(w.category, PedwWarning)), [
        (w.filename, str(w.message)) for w in rec
    ]
    return out, sorted(
        ((w.category, str(w.message)) for w in rec), key=lambda t: (t[0].__name__, t[1])
    )


# ------------------------------------------------------------------------------ ILOSTAT
def test_ilostat_api_equals_reader_of_same_bytes(srv: Replay) -> None:
    _ilostat_routes(srv)
    got, got_w = _caught(lambda: get_ilostat(DATASET, base_url=srv.url, **FAST))
    expected, exp_w = _caught(lambda: read_ilostat(API_CSV))
    pd.testing.assert_frame_equal(got, expected)
    # the reader's warnings (X01 World aggregate, modelled projections) reach the caller too
    assert {c for c, _ in got_w} >= {AggregatesIncludedWarning, ProjectionsIncludedWarning}
    assert {c for c, _ in got_w} == {c for c, _ in exp_w}
    meta = got.attrs["pedw"]
    (req,) = _data_requests(srv)
    q = parse_qs(urlsplit(req).query)
    assert q["id"] == [DATASET] and q["type"] == ["code"] and q["format"] == [".csv"]
    assert meta["url"].startswith(srv.url + "/data/indicator/?id=" + DATASET)
    assert meta["cache"] == "miss" and Path(meta["cache_file"]).exists()
    assert meta["last_update"] == "2026-09-24T07:10:19" and meta["vintage"] == "2026-09-24"
    assert meta["query"]["dataset"] == DATASET and meta["retrieved"].endswith("+00:00")
    assert meta["rows_read"] == expected.attrs["pedw"]["rows_read"]


def test_ilostat_filters_go_to_server_and_parser(srv: Replay) -> None:
    _ilostat_routes(srv)
    got, _ = _caught(
        lambda: get_ilostat(
            "une_deap_sex_age_rt",  # no suffix: the annual dataset, case-insensitive
            ref_area=["usa", "KEN"],
            sex="SEX_T",
            start=2000,
            end=2024,
            base_url=srv.url,
            **FAST,
        )
    )
    (req,) = _data_requests(srv)
    assert "ref_area=KEN+USA" in req and "sex=SEX_T" in req
    assert "timefrom=2000" in req and "timeto=2024" in req and f"id={DATASET}" in req
    expected, _ = _caught(
        lambda: read_ilostat(API_CSV, ref_area=["KEN", "USA"], sex="SEX_T", time=(2000, 2024))
    )
    pd.testing.assert_frame_equal(got, expected)
    assert set(got["ref_area"]) == {"KEN", "USA"}
    assert got["time"].between(2000, 2024).all() and set(got["sex"]) == {"SEX_T"}


def test_ilostat_sdmx_equals_reader(srv: Replay, monkeypatch: pytest.MonkeyPatch) -> None:
    # the dataset's last.update comes from the data API's table of contents
    monkeypatch.setenv("PEDW_ILOSTAT_URL", srv.url)
    srv.add("/metadata/toc/indicator/", Reply(body=TOC))
    srv.add("/data/ILO,DF_UNE_DEAP_SEX_AGE_RT,1.0/", Reply(body=SDMX_CSV.read_bytes()))
    got, _ = _caught(
        lambda: get_ilostat(
            DATASET,
            source="sdmx",
            ref_area="ABW",
            start=2011,
            base_url=srv.url,
            **FAST,
        )
    )
    (req,) = [p for p in srv.log if "/data/" in p]
    # REF_AREA.FREQ.MEASURE.SEX.AGE: five positions for a SEX_AGE dataflow
    assert urlsplit(req).path.endswith("/data/ILO,DF_UNE_DEAP_SEX_AGE_RT,1.0/ABW.A...")
    assert "startPeriod=2011" in req
    accept = srv.headers[srv.log.index(req)]["Accept"]
    assert accept.startswith("application/vnd.sdmx.data+csv")
    expected, _ = _caught(lambda: read_ilostat(SDMX_CSV, ref_area="ABW", time=(2011, None)))
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs["pedw"]["format"] == "ilostat-sdmx-csv"
    assert got.attrs["pedw"]["last_update"] == "2026-09-24T07:10:19"
    assert all(p.startswith(("/data/", "/metadata/")) for p in srv.log)


def test_html_error_page_is_not_parsed_as_data(srv: Replay) -> None:
    srv.add("/data/indicator/", Reply(body=b"<html><body>Maintenance</body></html>\n"))
    with pytest.raises(UnknownFormatError, match="matches no ILOSTAT layout") as ei:
        get_ilostat(DATASET, base_url=srv.url, **FAST)
    assert ei.value.context["file"].startswith(srv.url + "/data/indicator/")


def _by_area(path: str, q: dict[str, list[str]]) -> Reply:
    lines = API_CSV.read_bytes().split(b"\n")
    areas = q["ref_area"][0].split(" ") if "ref_area" in q else []  # parse_qs: '+' -> ' '
    rows = [ln for ln in lines[1:] if ln and ln.split(b",")[0].strip(b'"').decode() in areas]
    return Reply(body=b"\n".join([lines[0], *rows]) + b"\n")


def test_ilostat_long_area_list_is_chunked(srv: Replay) -> None:
    srv.add("/metadata/toc/indicator/", Reply(body=TOC))
    srv.add("/data/indicator/", _by_area)
    areas = ["KEN", "USA", "X01", "ZZZ"]
    base = get_ilostat(DATASET, ref_area="KEN", base_url=srv.url, dry_run=True)[0]
    limit = len(base) + 4  # room for one more code: "+USA"
    urls = get_ilostat(
        DATASET, ref_area=areas, base_url=srv.url, max_url_length=limit, dry_run=True
    )
    assert len(urls) == 2 and all(len(u) <= limit for u in urls)
    got, got_w = _caught(
        lambda: get_ilostat(DATASET, ref_area=areas, base_url=srv.url, max_url_length=limit, **FAST)
    )
    assert len(_data_requests(srv)) == 2
    # the same bytes, joined under one header, through the reader
    lines = API_CSV.read_bytes().split(b"\n")
    expected, _ = _caught(
        lambda: parse_ilostat(b"\n".join(ln for ln in lines if ln) + b"\n", ref_area=areas)
    )
    pd.testing.assert_frame_equal(got, expected)
    # ZZZ has no data: the reader's MissingDataWarning names it
    assert any("ZZZ" in m for _, m in got_w)
    assert isinstance(got.attrs["pedw"]["url"], list) and len(got.attrs["pedw"]["url"]) == 2


@settings(max_examples=25, deadline=None)
@given(
    codes=st.lists(
        st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=2, max_size=5),
        min_size=1,
        max_size=60,
    ),
    limit=st.integers(min_value=80, max_value=400),
    seed=st.randoms(use_true_random=False),
)
def test_chunking_property_partition_and_order_invariance(
    codes: list[str], limit: int, seed: Any
) -> None:
    urls = get_ilostat(DATASET, ref_area=codes, max_url_length=limit, dry_run=True)
    got: list[str] = []
    for u in urls:
        (value,) = parse_qs(urlsplit(u).query)["ref_area"]
        part = value.split(" ")
        assert len(u) <= limit or len(part) == 1
        got.extend(part)
    assert got == sorted(set(codes))  # every code once, nothing lost or repeated
    shuffled = list(codes)
    seed.shuffle(shuffled)
    lower = [c.lower() for c in shuffled]
    assert get_ilostat(DATASET, ref_area=lower, max_url_length=limit, dry_run=True) == urls


# ------------------------------------------------------------------------------ World Bank
def test_wdi_pagination_equals_reader(srv: Replay) -> None:
    srv.add("&page=1", Reply(body=WB1.read_bytes()))
    srv.add("&page=2", Reply(body=WB2.read_bytes()))
    got, _ = _caught(lambda: get_wdi("SL.GDP.PCAP.EM.KD", base_url=srv.url, **FAST))
    assert len(srv.log) == 2
    assert urlsplit(srv.log[0]).path == "/country/all/indicator/SL.GDP.PCAP.EM.KD"
    pages = [json.loads(WB1.read_bytes()), json.loads(WB2.read_bytes())]
    expected, _ = _caught(lambda: read_wb_json(pages))
    pd.testing.assert_frame_equal(got, expected)
    meta = got.attrs["pedw"]
    assert meta["last_update"] == "2024-06-28" and meta["pages"] == [1, 2]
    assert meta["cache"] == "miss" and len(meta["url"]) == 2


def _wb_generated(path: str, q: dict[str, list[str]]) -> Reply:
    """Answer any country/indicator request with records in the documented layout."""
    parts = path.split("/")
    countries = parts[parts.index("country") + 1].split(";")
    inds = parts[parts.index("indicator") + 1].split(";")
    recs = [
        {
            "indicator": {"id": i, "value": f"Series {i} (current US$)"},
            "country": {"id": c[:2], "value": f"Country {c}"},
            "countryiso3code": c,
            "date": str(y),
            "value": float(len(c) * 1000 + sum(map(ord, i)) + y),
            "unit": "",
            "obs_status": "",
            "decimal": 0,
        }
        for i in inds
        for c in countries
        for y in (2018, 2019)
    ]
    meta = {
        "page": 1,
        "pages": 1,
        "per_page": 1000,
        "total": len(recs),
        "sourceid": "2",
        "lastupdated": "2024-06-28",
    }
    return Reply(body=json.dumps([meta, recs]).encode())


def test_wdi_many_indicators_and_countries_are_chunked(srv: Replay) -> None:
    srv.add("/country/", _wb_generated)
    inds = [f"NY.TEST.{k:03d}" for k in range(70)]  # > 60: at least two indicator groups
    areas = [f"Q{a}{b}" for a in "ABCDEFGHIJ" for b in "ABCDEFGHIJ"][:40]
    urls = get_wdi(inds, ref_area=areas, base_url=srv.url, max_url_length=900, dry_run=True)
    assert len(urls) >= 4
    for u in urls:
        path = urlsplit(u).path.split("/")
        n_ind = len(path[path.index("indicator") + 1].split(";"))
        assert len(u) <= 900 and n_ind <= 60
        assert ("source=2" in u) == (n_ind > 1)
    got, got_w = _caught(
        lambda: get_wdi(inds, ref_area=areas, base_url=srv.url, max_url_length=900, **FAST)
    )
    assert len(srv.log) == len(urls)
    assert not [m for c, m in got_w if issubclass(c, PedwWarning)]
    assert len(got) == len(inds) * len(areas) * 2
    assert set(got["indicator"].astype(str)) == set(inds)
    assert set(got["ref_area"].astype(str)) == set(areas)
    # values are exactly what the server sent (the generator's formula)
    row = got.iloc[0]
    assert (
        row["value"] == len(row["ref_area"]) * 1000 + sum(map(ord, row["indicator"])) + row["time"]
    )
    assert got.attrs["pedw"]["requests"] == len(urls)


def test_wdi_error_payload_names_url(srv: Replay) -> None:
    srv.add("/country/", Reply(body=WB_ERR.read_bytes()))
    with pytest.raises(ParseError, match="World Bank API returned an error") as ei:
        get_wdi("NOT.A.CODE", base_url=srv.url, **FAST)
    assert ei.value.context["file"].startswith(srv.url)


def test_wdi_truncated_json_is_retried_then_fails(srv: Replay) -> None:
    good = WB1.read_bytes()
    # a body cut short *without* a Content-Length mismatch: caught by validating the JSON
    srv.add("/country/", Reply(body=good[: len(good) // 2]))
    with pytest.raises(SourceUnavailableError, match="cut short or garbled") as ei:
        get_wdi("SL.GDP.PCAP.EM.KD", base_url=srv.url, retries=2, **FAST)
    assert len(srv.log) == 3 and ei.value.url is not None


# ------------------------------------------------------------------------------ failures
def test_retries_after_503_then_succeeds(srv: Replay) -> None:
    srv.add("/metadata/toc/indicator/", Reply(body=TOC))
    srv.add("/data/indicator/", Reply(503), Reply(503), Reply(body=API_CSV.read_bytes()))
    got, _ = _caught(lambda: get_ilostat(DATASET, base_url=srv.url, retries=3, **FAST))
    assert len(_data_requests(srv)) == 3
    expected, _ = _caught(lambda: read_ilostat(API_CSV))
    pd.testing.assert_frame_equal(got, expected)


def test_persistent_503_is_bounded_and_blames_server(srv: Replay) -> None:
    srv.add("/data/indicator/", Reply(503, b"Service Unavailable"))
    with pytest.raises(SourceUnavailableError) as ei:
        get_ilostat(DATASET, base_url=srv.url, retries=2, **FAST)
    err = ei.value
    assert len(srv.log) == 3 and err.status == 503
    assert "server-side" in str(err) and srv.url in str(err) and "3 attempts" in str(err)
    assert isinstance(err, ConnectionError)


def test_404_is_not_retried_and_says_what_to_try(srv: Replay) -> None:
    srv.add("/data/indicator/", Reply(404, b"Not Found"))
    with pytest.raises(SourceUnavailableError, match="404") as ei:
        get_ilostat(DATASET, base_url=srv.url, retries=3, **FAST)
    assert len(srv.log) == 1 and ei.value.status == 404
    assert ei.value.url is not None and ei.value.url.startswith(srv.url + "/data/indicator/")
    assert "PEDW_ILOSTAT_URL" in str(ei.value) and ei.value.url in str(ei.value)
    srv.reset()
    srv.add("/country/", Reply(404))
    with pytest.raises(SourceUnavailableError, match="PEDW_WB_URL"):
        get_wdi("X.Y", base_url=srv.url, **FAST)


def test_timeout(srv: Replay) -> None:
    srv.add("/data/indicator/", Reply(body=API_CSV.read_bytes(), delay=1.0))
    t0 = time.monotonic()
    with pytest.raises(SourceUnavailableError, match=r"did not answer within 0.2 s") as ei:
        get_ilostat(DATASET, base_url=srv.url, timeout=0.2, retries=1, backoff=0.001)
    assert time.monotonic() - t0 < 3
    assert len(srv.log) == 2 and ei.value.status is None and "timeout=" in str(ei.value)


def test_truncated_body_retried_then_ok(srv: Replay) -> None:
    body = API_CSV.read_bytes()
    srv.add("/metadata/toc/indicator/", Reply(body=TOC))
    srv.add("/data/indicator/", Reply(body=body[:300], truncate=True), Reply(body=body))
    got, _ = _caught(lambda: get_ilostat(DATASET, base_url=srv.url, retries=1, **FAST))
    assert len(_data_requests(srv)) == 2
    expected, _ = _caught(lambda: read_ilostat(API_CSV))
    pd.testing.assert_frame_equal(got, expected)


def test_truncated_body_always_fails_cleanly(srv: Replay) -> None:
    srv.add("/data/indicator/", Reply(body=API_CSV.read_bytes()[:300], truncate=True))
    with pytest.raises(SourceUnavailableError, match="cut short"):
        get_ilostat(DATASET, base_url=srv.url, retries=1, **FAST)
    assert len(srv.log) == 2
    assert not any((cache_dir() / "ilostat").glob("*.parquet"))  # nothing half-written cached


def test_connection_refused() -> None:
    with pytest.raises(SourceUnavailableError, match="(?i)could not connect"):
        get_ilostat(DATASET, base_url="http://127.0.0.1:9", retries=0, **FAST)


def test_empty_response(srv: Replay) -> None:
    srv.add("/data/indicator/", Reply(body=b""))
    with pytest.raises(SourceUnavailableError, match="empty response"):
        get_ilostat(DATASET, base_url=srv.url, **FAST)


# ------------------------------------------------------------------------------ cache
def test_cache_hit_makes_no_request_and_replays_warnings(srv: Replay) -> None:
    _ilostat_routes(srv)
    first, w1 = _caught(
        lambda: get_ilostat(DATASET, ref_area=["KEN", "X01"], base_url=srv.url, **FAST)
    )
    n = len(srv.log)
    second, w2 = _caught(
        lambda: get_ilostat(DATASET, ref_area=["X01", "KEN"], base_url=srv.url, **FAST)
    )
    assert len(srv.log) == n  # served from the cache
    pd.testing.assert_frame_equal(first, second)
    assert w1 == w2 and any(c is AggregatesIncludedWarning for c, _ in w2)
    m1, m2 = first.attrs["pedw"], second.attrs["pedw"]
    assert (m1["cache"], m2["cache"]) == ("miss", "hit")
    for k in ("url", "retrieved", "last_update", "vintage", "rows_read", "rows_dropped", "query"):
        assert m1[k] == m2[k], k
    sidecar = json.loads(Path(m2["cache_file"]).with_suffix(".json").read_text())
    assert sidecar["last_update"] == "2026-09-24T07:10:19" and sidecar["urls"] == [m1["url"]]


def test_refresh_and_use_cache_false(srv: Replay) -> None:
    _ilostat_routes(srv)
    _caught(lambda: get_ilostat(DATASET, base_url=srv.url, **FAST))
    got, _ = _caught(lambda: get_ilostat(DATASET, base_url=srv.url, refresh=True, **FAST))
    assert len(_data_requests(srv)) == 2 and got.attrs["pedw"]["cache"] == "refresh"
    root = cache_dir()
    before = sorted(root.rglob("*"))
    got, _ = _caught(
        lambda: get_ilostat(DATASET, start=2000, base_url=srv.url, use_cache=False, **FAST)
    )
    assert got.attrs["pedw"]["cache"] == "disabled" and sorted(root.rglob("*")) == before


@pytest.mark.parametrize("damage", ["parquet", "sidecar", "truncate"])
def test_corrupt_cache_entry_is_discarded_and_refetched(srv: Replay, damage: str) -> None:
    _ilostat_routes(srv)
    first, _ = _caught(lambda: get_ilostat(DATASET, base_url=srv.url, **FAST))
    pq = Path(first.attrs["pedw"]["cache_file"])
    if damage == "parquet":
        pq.write_bytes(b"not parquet at all")
    elif damage == "sidecar":
        pq.with_suffix(".json").write_text("{broken")
    else:
        data = pq.read_bytes()
        pq.write_bytes(data[: len(data) // 2])
    n = len(_data_requests(srv))
    again, w = _caught(lambda: get_ilostat(DATASET, base_url=srv.url, **FAST))
    assert any(c is PedwWarning and "corrupt" in m for c, m in w)
    assert len(_data_requests(srv)) == n + 1 and again.attrs["pedw"]["cache"] == "miss"
    pd.testing.assert_frame_equal(first, again)
    # the refetched entry is sound again
    third, _ = _caught(lambda: get_ilostat(DATASET, base_url=srv.url, **FAST))
    assert third.attrs["pedw"]["cache"] == "hit"


def test_offline_mode(srv: Replay, monkeypatch: pytest.MonkeyPatch) -> None:
    _ilostat_routes(srv)
    with pytest.raises(SourceUnavailableError, match="Offline mode") as ei:
        get_ilostat(DATASET, ref_area="KEN", base_url=srv.url, offline=True, **FAST)
    assert DATASET in str(ei.value) and "KEN" in str(ei.value)
    assert srv.log == []
    online, _ = _caught(lambda: get_ilostat(DATASET, ref_area="KEN", base_url=srv.url, **FAST))
    monkeypatch.setenv("PEDW_OFFLINE", "1")
    offline, _ = _caught(lambda: get_ilostat(DATASET, ref_area="KEN", **FAST))  # no base_url
    pd.testing.assert_frame_equal(online, offline)
    assert offline.attrs["pedw"]["cache"] == "hit"
    n = len(srv.log)
    with pytest.raises(SourceUnavailableError, match="not in the cache"):
        get_wdi("SL.GDP.PCAP.EM.KD", base_url=srv.url, **FAST)
    assert len(srv.log) == n
    with pytest.raises(OptionError):
        get_ilostat(DATASET, refresh=True)


def test_wdi_cache_roundtrip_offline(srv: Replay) -> None:
    srv.add("&page=1", Reply(body=WB1.read_bytes()))
    srv.add("&page=2", Reply(body=WB2.read_bytes()))
    online, _ = _caught(
        lambda: get_wdi(["SL.GDP.PCAP.EM.KD"], start=2010, base_url=srv.url, **FAST)
    )
    offline, _ = _caught(lambda: get_wdi("SL.GDP.PCAP.EM.KD", start=2010, offline=True))
    pd.testing.assert_frame_equal(online, offline)
    assert offline.attrs["pedw"]["price_basis"] == "constant 2017 PPP $"


# ------------------------------------------------------------------------------ configuration
def test_env_var_overrides_and_base_url_precedence(
    srv: Replay, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEDW_ILOSTAT_URL", srv.url + "/mirror")
    monkeypatch.setenv("PEDW_WB_URL", srv.url + "/wb")
    (u,) = get_ilostat(DATASET, dry_run=True)
    assert u.startswith(srv.url + "/mirror/data/indicator/?")
    (u,) = get_wdi("A.B", dry_run=True)
    assert u.startswith(srv.url + "/wb/country/all/indicator/A.B?")
    (u,) = get_ilostat(DATASET, dry_run=True, base_url="http://example.invalid/x/")
    assert u.startswith("http://example.invalid/x/data/indicator/")
    srv.add("/mirror/metadata/toc/indicator/", Reply(body=TOC))
    srv.add("/mirror/data/indicator/", Reply(body=API_CSV.read_bytes()))
    got, _ = _caught(lambda: get_ilostat(DATASET, **FAST))
    assert got.attrs["pedw"]["url"].startswith(srv.url + "/mirror/")
    assert got.attrs["pedw"]["last_update"] == "2026-09-24T07:10:19"


def test_dry_run_makes_no_request_and_defaults_are_the_real_urls(srv: Replay) -> None:
    (u,) = get_ilostat(DATASET, ref_area=["KEN"], start=2010, end=2020, dry_run=True)
    assert u == (
        "https://rplumber.ilo.org/data/indicator/?id=UNE_DEAP_SEX_AGE_RT_A&ref_area=KEN"
        "&timefrom=2010&timeto=2020&type=code&format=.csv&lang=en"
    )
    (u,) = get_ilostat("LAP_2LID_QTL_RT_A", ref_area="KEN", source="sdmx", dry_run=True)
    assert u == "https://sdmx.ilo.org/rest/data/ILO,DF_LAP_2LID_QTL_RT,1.0/KEN.A.."
    (u,) = get_wdi(
        ["SL.GDP.PCAP.EM.KD", "SL.EMP.TOTL"], ref_area="KEN", start=2000, end=2019, dry_run=True
    )
    assert u == (
        "https://api.worldbank.org/v2/country/KEN/indicator/SL.EMP.TOTL;SL.GDP.PCAP.EM.KD"
        "?format=json&per_page=1000&date=2000:2019&source=2&page=1"
    )
    assert srv.log == [] and not cache_dir().exists()


def test_user_session_is_used(srv: Replay) -> None:
    import requests

    _ilostat_routes(srv)
    session = requests.Session()
    session.headers["X-Pedw-Test"] = "proxy-config"
    _caught(lambda: get_ilostat(DATASET, base_url=srv.url, session=session, **FAST))
    assert all(h.get("X-Pedw-Test") == "proxy-config" for h in srv.headers)


def test_progress_bar_optional(srv: Replay, capsys: pytest.CaptureFixture[str]) -> None:
    srv.add("&page=1", Reply(body=WB1.read_bytes()))
    srv.add("&page=2", Reply(body=WB2.read_bytes()))
    _caught(lambda: get_wdi("SL.GDP.PCAP.EM.KD", base_url=srv.url, progress=True, backoff=0.001))
    assert "World Bank" in capsys.readouterr().err


def test_bad_options() -> None:
    with pytest.raises(OptionError, match="start=2020 is after end=2000"):
        get_ilostat(DATASET, start=2020, end=2000, dry_run=True)
    with pytest.raises(OptionError):
        get_ilostat(DATASET, source="bulk", dry_run=True)
    with pytest.raises(OptionError):
        get_wdi("A.B", aggregates="some", dry_run=True)
    with pytest.raises(OptionError):
        get_ilostat(DATASET, offline=True, use_cache=False)
    with pytest.raises(OptionError):
        get_wdi([], dry_run=True)


def test_query_key_ignores_order_and_case() -> None:
    a = get_ilostat(DATASET, ref_area=["KEN", "uga"], dry_run=True)
    b = get_ilostat(DATASET.lower(), ref_area=["UGA", "KEN", "KEN"], dry_run=True)
    assert a == b
    assert query_key({"x": [1, 2], "y": None}) == query_key({"y": None, "x": [1, 2]})


def test_import_has_no_side_effects(tmp_path: Path) -> None:
    target = tmp_path / "never-created"
    code = (
        f"import os, sys; os.environ['PEDW_CACHE_DIR'] = {str(target)!r}\n"
        "import pedw, pedw.io\n"
        "from pedw.io import get_ilostat, cache_dir\n"
        "assert 'requests' not in sys.modules, 'requests imported'\n"
        f"assert not os.path.exists({str(target)!r})\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
