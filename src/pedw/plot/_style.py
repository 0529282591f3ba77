"""pedw's plotting style: a colour-blind-safe palette and consistent term colours.

Nothing here changes ``matplotlib.rcParams`` globally; charts use :func:`style_context`, a
context manager, so the user's settings are untouched outside a pedw call.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["PALETTE", "TERM_COLOURS", "colour_for", "source_line", "style_context"]

#: Okabe & Ito (2008) colour-blind-safe palette.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

#: One colour per decomposition term, the same across methods.
TERM_COLOURS: Mapping[str, str] = {
    "within": PALETTE[0],
    "mean": PALETTE[0],
    "national_share": PALETTE[0],
    "output_per_worker": PALETTE[0],
    "static": PALETTE[1],
    "structural": PALETTE[1],
    "reallocation": PALETTE[1],
    "between": PALETTE[1],
    "covariance": PALETTE[1],
    "denison": PALETTE[1],
    "industry_mix": PALETTE[1],
    "employment_rate": PALETTE[1],
    "dynamic": PALETTE[2],
    "cross": PALETTE[2],
    "baumol": PALETTE[2],
    "regional_shift": PALETTE[2],
    "competitive": PALETTE[2],
    "regional_growth": PALETTE[2],
    "participation_rate": PALETTE[2],
    "entry": PALETTE[3],
    "allocation": PALETTE[3],
    "regional_industry_mix": PALETTE[3],
    "demographic": PALETTE[3],
    "exit": PALETTE[5],
    "labour_share": PALETTE[0],
    "terms_of_trade": PALETTE[1],
    "inequality": PALETTE[2],
    "wage_wedge": PALETTE[3],
}

_RC: Mapping[str, Any] = {
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.titleweight": "bold",
    "font.size": 10,
    "legend.frameon": False,
    "figure.dpi": 100,
}


def colour_for(term: str, i: int = 0) -> str:
    """Return the colour of a term (consistent across methods), or the i-th palette colour.

    Parameters
    ----------
    term : str
        Term name.
    i : int
        Fallback position in :data:`PALETTE`.

    Returns
    -------
    str
        A hex colour.
    """
    return TERM_COLOURS.get(term, PALETTE[i % len(PALETTE)])


@contextlib.contextmanager
def style_context() -> Iterator[None]:
    """Apply pedw's style within a ``with`` block only.

    Yields
    ------
    None
        Inside the block, matplotlib uses pedw's defaults.
    """
    import matplotlib as mpl

    rc: Any = dict(_RC)
    with mpl.rc_context(rc):
        yield


def source_line(meta: Mapping[str, Any]) -> str:
    """Build the 'Source: producer (vintage)' line drawn under charts.

    Parameters
    ----------
    meta : mapping
        Result or frame metadata.

    Returns
    -------
    str
        e.g. ``"Source: GGDC Economic Transformation Database (2021-07-15)"``, or ``""``.
    """
    src = meta.get("source") or meta.get("producer")
    if not src:
        return ""
    if isinstance(src, list):
        src = "; ".join(map(str, src))
    vintage = meta.get("vintage")
    return f"Source: {src}" + (f" ({vintage})" if vintage else "")
