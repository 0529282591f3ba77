"""Sector classifications and the concordances between them, as data tables.

pedw knows nine sector classifications (the ``classification`` names used throughout):

- ``isic4``: ISIC Rev.4 sections ``A`` ... ``U`` (plus ``X``, not classifiable);
- ``isic3``: ISIC Rev.3/3.1 tabulation categories ``A`` ... ``Q`` (plus ``X``);
- ``broad``: ``agriculture``, ``industry`` (ISIC4 B-F), ``services`` (G-U), ``not_classified``;
- ``ggdc10``: GGDC 10-Sector Database ``AGR MIN MAN PU CON WRT TRA FIRE GOV OTH`` (ISIC
  Rev.3.1), plus ``GOV+OTH`` produced by ``read_ggdc(..., included="merge")``;
- ``etd``: GGDC/UNU-WIDER Economic Transformation Database (ISIC Rev.4) ``A B C D+E F G+I H
  J+M+N K L O+P+Q R+S+T+U``;
- ``ilo_isic4`` / ``ilo_isic3``: ILOSTAT ``classif1`` codes ``ECO_ISIC4_A`` ... /
  ``ECO_ISIC3_A`` ...;
- ``ilo_sector``: ILOSTAT ``ECO_SECTOR_AGR/IND/SER/X``;
- ``ilo_aggregate``: ILOSTAT ``ECO_AGGREGATE_AGR/MAN/CON/MEL/MKT/PUB/X``.

The codes and labels live in ``pedw/io/data/sectors.csv``; the concordances in
``sector_map.csv`` (one row per ISIC Rev.4 section) and ``sector_map_isic3.csv`` (one row per
ISIC Rev.3 category). No mapping is written as code: to add a classification, add columns and
rows to those files.
"""

from __future__ import annotations

import contextlib
import functools
import warnings
from importlib import resources
from typing import Any, Literal, TypeAlias, get_args

import numpy as np
import pandas as pd

from pedw._types import check_option
from pedw._validate import (
    as_list,
    check_no_aggregates,
    check_no_missing,
    ensure_frame,
    require_columns,
    require_numeric,
    require_unique,
)
from pedw.errors import (
    ClassificationBreakWarning,
    InvalidPanelError,
    InvalidValueError,
    MissingDataWarning,
    OptionError,
    SchemaError,
)
from pedw.schema import COLUMNS, get_meta, set_meta

__all__ = [
    "ADDITIVE_MEASURES",
    "NON_ADDITIVE_MEASURES",
    "Classification",
    "SectorAgg",
    "map_sectors",
    "sector_codes",
    "sector_map",
]

#: The sector classifications pedw knows (see the module docstring).
Classification: TypeAlias = Literal[
    "isic4",
    "isic3",
    "broad",
    "ggdc10",
    "etd",
    "ilo_isic4",
    "ilo_isic3",
    "ilo_sector",
    "ilo_aggregate",
]
#: How :func:`map_sectors` treats a missing part: ``"sum"`` makes the target missing,
#: ``"nansum"`` adds the parts that are present (and warns).
SectorAgg: TypeAlias = Literal["sum", "nansum"]

#: Canonical measures that add up across sectors (summed by :func:`map_sectors` by default).
ADDITIVE_MEASURES: tuple[str, ...] = (
    "value_added",
    "value_added_nominal",
    "employment",
    "hours",
    "compensation",
)
#: Canonical measures that must never be summed across sectors (ratios, levels per worker).
NON_ADDITIVE_MEASURES: tuple[str, ...] = ("productivity", "real_wage", "weight")
_COUNT_MEASURES = ("obs_value", "value")  # additive only for count indicators (ILOSTAT *_NB)

_REV3_ONLY = frozenset({"isic3", "ilo_isic3"})


def _read_table(name: str) -> pd.DataFrame:
    path = resources.files("pedw.io").joinpath("data", name)
    with path.open("rb") as fh:
        return pd.read_csv(fh, comment="#", dtype=str, keep_default_na=False)


@functools.cache
def _codes() -> pd.DataFrame:
    t = _read_table("sectors.csv")
    t["component"] = t["component"] == "1"
    t["order"] = t["order"].astype(int)
    return t


@functools.cache
def _concordance(kind: str) -> pd.DataFrame:
    return _read_table("sector_map.csv" if kind == "rev4" else "sector_map_isic3.csv")


def sector_codes(classification: Classification, *, components: bool = True) -> pd.DataFrame:
    """Return the codes and labels of a sector classification.

    Parameters
    ----------
    classification : str
        One of :data:`Classification` (e.g. ``"etd"``, ``"ggdc10"``, ``"ilo_isic4"``).
    components : bool
        Only the component sectors (``True``, default) or also the totals and aggregates
        (``SUM``, ``Total``, ``ECO_ISIC4_TOTAL``, ``ECO_SECTOR_NAG``).

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``label``, ``broad`` (the broad sector), ``component`` (``False`` for
        totals), ``parts`` (``;``-separated parts of a composite code such as ``GOV+OTH``) and
        ``order`` (the producer's order), one row per code.

    Examples
    --------
    >>> from pedw.io.sectors import sector_codes
    >>> sector_codes("etd")["code"].tolist()[:4]
    ['A', 'B', 'C', 'D+E']
    """
    check_option("classification", classification, Classification)
    return _sector_codes(classification, components).copy()


@functools.cache
def _sector_codes(classification: str, components: bool) -> pd.DataFrame:
    t = _codes()
    t = t[t["classification"] == classification]
    if components:
        t = t[t["component"]]
    return t.drop(columns="classification").sort_values("order").reset_index(drop=True)


def _table_for(from_: str, to: str) -> tuple[pd.DataFrame, str]:
    pair = {from_, to}
    if pair & _REV3_ONLY:
        if pair & {"isic4", "ilo_isic4", "etd"}:
            raise OptionError(
                f"There is no section-level concordance between {from_!r} and {to!r}: ISIC Rev.3 "
                "and Rev.4 categories do not nest.",
                hint="map both to a common coarse classification instead, e.g. to='broad' or "
                "to='ilo_aggregate'",
            )
        return _concordance("rev3"), "rev3"
    if "ggdc10" in pair and not pair & {"isic4", "ilo_isic4", "etd"}:
        return _concordance("rev3"), "rev3"  # the 10SD is an ISIC Rev.3.1 classification
    return _concordance("rev4"), "rev4"


def sector_map(from_: Classification, to: Classification) -> pd.DataFrame:
    """Return the concordance between two sector classifications.

    Parameters
    ----------
    from_ : str
        Source classification (see :data:`Classification`).
    to : str
        Target classification.

    Returns
    -------
    pandas.DataFrame
        One row per (source code, target code) pair: ``from_code``, ``to_code``, ``from_label``,
        ``to_label``, ``exact`` (``False`` where the link holds at section level only
        approximately: ISIC Rev.4 E, J and N versus the ISIC Rev.3.1-based 10SD sectors) and
        ``note``. A source code with several rows maps to several target codes (e.g. ETD
        ``J+M+N`` to 10SD ``TRA`` and ``FIRE``); :func:`map_sectors` refuses such mappings.

    Raises
    ------
    pedw.errors.OptionError
        For an unknown classification, or a pair with no concordance (ISIC Rev.3 versus Rev.4).

    Notes
    -----
    Codes are linked through the finest common classification: ISIC Rev.4 sections
    (``sector_map.csv``) or ISIC Rev.3 categories (``sector_map_isic3.csv``). Composite codes
    (``GOV+OTH``) map to the union of their parts' targets. The ILO groupings were checked
    against ILOSTAT data (``EMP_TEMP_SEX_ECO_NB``, United Kingdom: ``ECO_AGGREGATE_MEL`` =
    ISIC4 B+D+E, ``MKT`` = G-N, ``PUB`` = O-U; ``ECO_SECTOR_IND`` = B-F).

    References
    ----------
    .. [1] United Nations (2008), *International Standard Industrial Classification of All
       Economic Activities (ISIC), Rev.4*, Statistical Papers M/4/Rev.4 (no DOI found;
       UN iLibrary record f769d552-en).
    .. [2] de Vries, G. et al. (2021), "The Economic Transformation Database (ETD): Content,
       Sources, and Methods", WIDER Technical Note 2/2021.
       https://doi.org/10.35188/UNU-WIDER/WTN/2021-2

    Examples
    --------
    >>> from pedw.io import sector_map
    >>> m = sector_map("etd", "broad")
    >>> dict(zip(m["from_code"], m["to_code"]))["D+E"]
    'industry'
    """
    check_option("from_", from_, Classification)
    check_option("to", to, Classification)
    return _sector_map(from_, to).copy()


@functools.cache
def _sector_map(from_: Classification, to: Classification) -> pd.DataFrame:
    src = sector_codes(from_)
    dst = sector_codes(to)
    labels_from = dict(zip(src["code"], src["label"], strict=True))
    labels_to = dict(zip(dst["code"], dst["label"], strict=True))
    if from_ == to:
        out = pd.DataFrame({"from_code": src["code"], "to_code": src["code"]})
        out["exact"] = True
        out["note"] = ""
    else:
        table, kind = _table_for(from_, to)
        exact_col = (
            table["ggdc10_exact"] == "1"
            if kind == "rev4" and "ggdc10" in (from_, to)
            else pd.Series(True, index=table.index)
        )
        notes = table["note"] if kind == "rev4" and "ggdc10" in (from_, to) else ""
        base = pd.DataFrame(
            {"from_code": table[from_], "to_code": table[to], "exact": exact_col, "note": notes}
        )
        base = base[(base["from_code"] != "") & (base["to_code"] != "")]
        # composite source codes (GOV+OTH, ECO_SECTOR_NAG is not a component) -> their parts
        comp = src[src["parts"] != ""]
        if len(comp):
            parts = comp.assign(part=comp["parts"].str.split(";")).explode("part")
            extra = parts[["code", "part"]].merge(base, left_on="part", right_on="from_code")
            extra = extra.drop(columns=["from_code", "part"]).rename(columns={"code": "from_code"})
            base = pd.concat([base, extra], ignore_index=True)
        out = base.groupby(["from_code", "to_code"], sort=False, as_index=False).agg(
            exact=("exact", "all"), note=("note", lambda s: "; ".join(v for v in s if v))
        )
    out["from_label"] = out["from_code"].map(labels_from)
    out["to_label"] = out["to_code"].map(labels_to)
    order = out["from_code"].map(dict(zip(src["code"], src["order"], strict=True)))
    out = out.assign(_o=order).sort_values(["_o", "to_code"], kind="stable").drop(columns="_o")
    cols = ["from_code", "to_code", "from_label", "to_label", "exact", "note"]
    return out[cols].reset_index(drop=True)


def _detect(codes: list[str], from_: Classification | None, sector: str) -> Classification:
    """Find the classification that holds every code (refusing mixtures)."""
    t = _codes()
    known = t[t["code"].isin(codes)]
    if from_ is not None:
        check_option("from_", from_, Classification)
        have = set(known.loc[known["classification"] == from_, "code"])
        unknown = [c for c in codes if c not in have]
        if unknown:
            raise InvalidValueError(
                f"Column {sector!r} has code(s) {unknown} that are not {from_!r} sectors.",
                hint=f"see pedw.io.sectors.sector_codes({from_!r}) for the valid codes, or pass "
                "the right from_=",
                column=sector,
                sector=unknown,
            )
        return from_
    candidates = [
        c
        for c in get_args(Classification)
        if set(codes) <= set(known.loc[known["classification"] == c, "code"])
    ]
    if candidates:
        return candidates[0]  # type: ignore[no-any-return]
    unknown = sorted(set(codes) - set(known["code"]))
    if unknown:
        raise InvalidValueError(
            f"Column {sector!r} has sector code(s) {unknown} that belong to no known "
            "classification.",
            hint="recode them (see pedw.io.sectors.sector_codes) or drop those rows",
            column=sector,
            sector=unknown,
        )
    by_class = known.groupby("classification", sort=False)["code"].agg(list).to_dict()
    raise InvalidPanelError(
        f"Column {sector!r} mixes sector classifications: {by_class}. Summing across "
        "classification revisions (e.g. ISIC Rev.3 and Rev.4) would double-count.",
        hint="keep one classification (e.g. df[df[sector].str.startswith('ECO_ISIC4_')]) "
        "and map each separately",
        column=sector,
    )


def _resolve_from(
    codes: list[str], from_: Classification | None, to: Classification, sector: str
) -> Classification:
    first = _detect(codes, from_, sector)
    if from_ is not None:
        return first
    # several classifications may hold all codes (ETD 'A', 'B' are ISIC4 sections too): accept
    # the detection only if they all give the same mapping, else ask for from_=
    t = _codes()
    t = t[t["component"]]
    holders = [
        c
        for c in get_args(Classification)
        if set(codes) <= set(t.loc[t["classification"] == c, "code"])
    ]
    answers: set[tuple[Any, ...]] = set()
    for h in holders:  # at most a handful of classifications, not a loop over data
        try:
            m = sector_map(h, to)
        except OptionError:
            answers.add(("<no concordance>", h))
            continue
        m = m[m["from_code"].isin(codes)]
        answers.add(tuple(sorted(zip(m["from_code"], m["to_code"], strict=True))))
    if len(answers) > 1:
        raise OptionError(
            f"The codes in {sector!r} ({codes[:8]}) are valid in several classifications "
            f"{holders}, and the mapping to {to!r} depends on which one is meant.",
            hint=f"pass from_= one of {holders}",
        )
    return first


def _measures(df: pd.DataFrame, measures: list[str] | None, sector: str) -> list[str]:
    if measures is None:
        found = [c for c in ADDITIVE_MEASURES if c in df.columns]
        if "indicator" in df.columns:
            found += [c for c in _COUNT_MEASURES if c in df.columns]
        if not found:
            raise SchemaError(
                f"No additive measure column found; looked for {list(ADDITIVE_MEASURES)}.",
                hint="pass measures=[...] naming the columns to sum",
            )
        measures = found
    require_columns(df, measures)
    bad = [m for m in measures if m in NON_ADDITIVE_MEASURES or m == sector]
    if bad:
        raise InvalidValueError(
            f"Measure(s) {bad} are not additive across sectors; summing them is meaningless.",
            hint="map the additive parts (value_added, employment ...) and recompute the ratio "
            "after mapping",
            column=bad[0] if len(bad) == 1 else bad,
        )
    if "indicator" in df.columns:
        counted = [m for m in measures if m in _COUNT_MEASURES]
        if counted:
            ind = pd.Series(df["indicator"].astype(str).unique())
            rates = ind[~ind.str.upper().str.endswith("_NB")].tolist()
            if rates:
                raise InvalidValueError(
                    f"Indicator(s) {rates[:5]} are not counts (ILOSTAT code not ending in '_NB'): "
                    "rates, shares and means cannot be summed across sectors.",
                    hint="map the numerator and denominator counts, then recompute the rate",
                    column=counted[0],
                )
    require_numeric(df, measures)
    return measures


def map_sectors(
    df: pd.DataFrame,
    *,
    to: Classification,
    sector: str = "sector",
    from_: Classification | None = None,
    measures: str | list[str] | None = None,
    agg: SectorAgg = "sum",
) -> pd.DataFrame:
    r"""Aggregate additive measures from one sector classification to a coarser one.

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy long frame with one row per key and sector (e.g. from :func:`pedw.io.read_ggdc`).
    to : str
        Target classification (see :data:`Classification`), e.g. ``"broad"``.
    sector : str
        Name of the sector column [codes].
    from_ : str, optional
        Classification of the codes; detected from the codes when omitted (an error if they fit
        several classifications differently or mix classifications).
    measures : str or list of str, optional
        Columns to sum. Default: the additive canonical measures present (``value_added``,
        ``value_added_nominal`` [LCU], ``employment`` [persons], ``hours``, ``compensation``),
        plus ``obs_value`` / ``value`` when an ``indicator`` column shows only count indicators.
        Every other column is a key and is kept.
    agg : {"sum", "nansum"}
        ``"sum"``: a target value is missing if any of its parts is missing -- a NaN, or a row
        absent for a source sector that the data hold elsewhere (default; pedw never treats
        missing as zero). ``"nansum"``: add the parts that are present; use it when a
        missing part is included in another part (GGDC "included elsewhere") and warn.

    Returns
    -------
    pandas.DataFrame
        The keys, ``sector`` holding target codes, and the summed measures; one row per key and
        target sector, ordered by the keys and the target's sector order. ``attrs["pedw"]`` is
        the input's plus ``sector_classification`` and ``sector_mapping``.

    Raises
    ------
    pedw.errors.AggregateRowError
        If the sector column holds totals (``SUM``, ``Total``, ``ECO_SECTOR_TOTAL`` ...).
    pedw.errors.InvalidPanelError
        If codes of several classifications (revisions) are mixed.
    pedw.errors.InvalidValueError
        For unknown codes, non-additive measures, or a source code that spans several target
        sectors (the mapping must be many-to-one).
    pedw.errors.DuplicateKeyError
        If two rows share their keys and sector.

    Warns
    -----
    pedw.errors.ClassificationBreakWarning
        When a link is only approximate (ISIC Rev.4 E, J, N to the Rev.3.1-based 10SD sectors).
    pedw.errors.MissingDataWarning
        With ``agg="nansum"``, when missing parts were skipped.

    Notes
    -----
    For each key :math:`k` and target sector :math:`J` with source sectors
    :math:`i \in J` (from :func:`sector_map`):

    .. math::

        X_{kJ} = \sum_{i \in J} X_{ki}

    which is valid only for additive quantities (flows in one currency and price base,
    persons, hours), never for ratios such as productivity :math:`X/L`.

    References
    ----------
    .. [1] United Nations (2008), *International Standard Industrial Classification of All
       Economic Activities (ISIC), Rev.4*, Statistical Papers M/4/Rev.4 (no DOI found;
       UN iLibrary record f769d552-en).

    Examples
    --------
    >>> import pandas as pd
    >>> from pedw.io import map_sectors
    >>> df = pd.DataFrame({"ref_area": "KEN", "time": 2000, "sector": ["A", "B", "C"],
    ...                    "employment": [10.0, 1.0, 2.0]})
    >>> map_sectors(df, to="broad", from_="isic4")["employment"].tolist()
    [10.0, 3.0]
    """
    df = ensure_frame(df, argument="df")
    check_option("to", to, Classification)
    check_option("agg", agg, SectorAgg)
    require_columns(df, [sector], roles={sector: "sector"})
    check_no_missing(df, [sector])
    codes_all = _codes()
    aggregates = codes_all.loc[~codes_all["component"], "code"].tolist()
    check_no_aggregates(df, sector, extra=aggregates)
    col = df[sector].astype(str)
    codes = pd.unique(col).tolist()
    src = _resolve_from(codes, from_, to, sector)
    mapping = sector_map(src, to)
    mapping = mapping[mapping["from_code"].isin(codes)]
    n_to = mapping.groupby("from_code")["to_code"].nunique()
    split = n_to[n_to > 1]
    if len(split):
        detail = {
            c: mapping.loc[mapping["from_code"] == c, "to_code"].tolist() for c in split.index[:5]
        }
        raise InvalidValueError(
            f"Sector(s) {list(split.index)} of {src!r} span several {to!r} sectors: {detail}; "
            "their values cannot be split without more detail.",
            hint="map to a coarser target (e.g. to='broad') or supply data at a finer level",
            column=sector,
            sector=list(split.index),
        )
    unmapped = [c for c in codes if c not in set(mapping["from_code"])]
    if unmapped:
        raise InvalidValueError(
            f"Sector(s) {unmapped} of {src!r} have no counterpart in {to!r}.",
            hint="drop those rows (e.g. not-classified X) or choose another target",
            column=sector,
            sector=unmapped,
        )
    inexact = mapping[~mapping["exact"]]
    if len(inexact):
        warnings.warn(
            f"The {src!r} -> {to!r} link is approximate for {inexact['from_code'].tolist()} "
            f"({'; '.join(inexact['note'])}); ISIC Rev.4 and Rev.3.1 differ below section level.",
            ClassificationBreakWarning,
            stacklevel=2,
        )
    meas = _measures(df, None if measures is None else as_list(measures), sector)
    keys = [c for c in df.columns if c != sector and c not in meas]
    refused = [c for c in keys if c in NON_ADDITIVE_MEASURES]
    if refused:
        raise InvalidValueError(
            f"Column(s) {refused} are not additive and would be wrong after mapping.",
            hint="drop them before map_sectors and recompute them from the mapped totals",
            column=refused[0] if len(refused) == 1 else refused,
        )
    require_unique(df, [*keys, sector])
    target = col.map(dict(zip(mapping["from_code"], mapping["to_code"], strict=True)))
    work = df[keys + meas].copy()
    work[sector] = target.to_numpy()
    gkeys = [*keys, sector]
    # Columns that are not canonical keys (attributes such as obs_status and notes, floats,
    # unknown columns) must be constant within a target group, or the output would split it.
    core = [c for c in keys if c in COLUMNS and COLUMNS[c].role == "key"]
    others = [c for c in keys if c not in core]
    if core and others:
        varying = work.groupby([*core, sector], dropna=False, sort=False)[others].nunique(
            dropna=False
        )
        bad = [c for c in others if (varying[c] > 1).any()]
        if bad:
            raise SchemaError(
                f"Column(s) {bad} vary between the sectors that are merged into one target "
                "sector, so one value per target cannot be kept.",
                hint=f"drop them (e.g. df.drop(columns={bad!r})) or, if they are additive "
                f"measures, pass measures=[..., {bad[0]!r}]",
                column=bad[0] if len(bad) == 1 else bad,
            )
    # Completeness, in "atoms": a source code covers its parts (GOV+OTH covers GOV and OTH) or
    # itself. A target is complete for a key when its present, non-missing rows cover every atom
    # that maps to it anywhere in the data: an absent row is a missing part, like a NaN.
    parts = sector_codes(src)
    atoms_of = {
        c: (p.split(";") if p else [c]) for c, p in zip(parts["code"], parts["parts"], strict=True)
    }
    atoms = pd.DataFrame({"code": codes, "atom": [atoms_of.get(c, [c]) for c in codes]})
    atoms = atoms.explode("atom")
    atoms["target"] = atoms["code"].map(dict(zip(col, target, strict=True)))
    if atoms["atom"].duplicated().any():
        # both a composite and one of its parts are present: refuse where they meet in a key
        ex = df[keys].assign(_atom=col.map(lambda c: atoms_of.get(c, [c]))).explode("_atom")
        clash = ex.duplicated([*keys, "_atom"], keep=False).to_numpy()
        if clash.any():
            where = ex.loc[clash].head(4).to_dict("records")
            raise InvalidValueError(
                f"Sectors overlap within one key (a composite such as GOV+OTH next to GOV or "
                f"OTH): {where}; summing would double-count.",
                hint="keep either the composite or its parts for each key",
                column=sector,
            )
    expected = atoms.drop_duplicates("atom").groupby("target").size()
    weight = col.map({c: float(len(a)) for c, a in atoms_of.items()}).fillna(1.0)
    present = work[meas].notna().to_numpy() * weight.to_numpy()[:, None]
    covered_frame = pd.DataFrame(present, columns=meas, index=work.index)
    covered_frame[gkeys] = work[gkeys]
    g = work.groupby(gkeys, dropna=False, sort=False)
    sums = g[meas].sum()
    covered = covered_frame.groupby(gkeys, dropna=False, sort=False)[meas].sum().to_numpy()
    n_parts = pd.Series(sums.index.get_level_values(sector)).map(expected).to_numpy(dtype=float)
    full = covered == n_parts[:, None]
    none = covered == 0
    values = sums.to_numpy(dtype=float)
    if agg == "sum":
        values = np.where(full, values, np.nan)
        n_partial = int((~full).sum())
    else:
        values = np.where(none, np.nan, values)
        n_partial = int((~full & ~none).sum())
        if n_partial:
            warnings.warn(
                f"{n_partial} mapped values add up only the parts that are present "
                "(agg='nansum'); missing parts were skipped, not counted as zero.",
                MissingDataWarning,
                stacklevel=2,
            )
    out = sums.index.to_frame(index=False)
    for j, m in enumerate(meas):
        out[m] = values[:, j]
    order = dict(zip(sector_codes(to)["code"], sector_codes(to)["order"], strict=True))
    out = out.assign(_o=out[sector].map(order))
    out = out.sort_values([*keys, "_o"], kind="stable").drop(columns="_o").reset_index(drop=True)
    for k in keys:  # keep key dtypes (groupby may widen them)
        if out[k].dtype != df[k].dtype:
            with contextlib.suppress(TypeError, ValueError):
                out[k] = out[k].astype(df[k].dtype)
    out = out[[c for c in df.columns if c in out.columns]]
    meta: dict[str, Any] = get_meta(df)
    out.attrs = {}
    meta.update(
        sector_classification=to,
        sector_mapping={
            "from": src,
            "to": to,
            "agg": agg,
            "measures": meas,
            "incomplete_values": n_partial,
        },
    )
    set_meta(out, **meta)
    return out
