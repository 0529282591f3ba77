import pandas as pd
import pytest

from pedw.errors import UnitMismatchError, UnknownUnitsWarning
from pedw.schema import COLUMNS, columns_frame, get_meta, merge_meta, resolve_meta, set_meta


def test_canonical_columns_follow_ilostat_vocabulary():
    for name in (
        "ref_area",
        "time",
        "sex",
        "classif1",
        "indicator",
        "obs_value",
        "obs_status",
        "value",
        "sector",
        "value_added",
        "value_added_nominal",
        "employment",
        "hours",
    ):
        assert name in COLUMNS
    assert set(columns_frame().columns) == {"name", "role", "dtype", "description"}


def test_meta_roundtrip_is_a_copy():
    df = set_meta(pd.DataFrame({"a": [1]}), price_basis="constant 2015 LCU", units={"a": "x"})
    m = get_meta(df)
    m["units"]["a"] = "changed"
    assert get_meta(df)["units"]["a"] == "x"
    set_meta(df, price_basis=None)
    assert "price_basis" not in get_meta(df)


def test_meta_survives_pandas_operations_that_keep_attrs():
    df = set_meta(pd.DataFrame({"a": [1, 2]}), source="s")
    assert get_meta(df.copy())["source"] == "s"
    assert get_meta(df[df.a > 1])["source"] == "s"


def test_merge_meta_lists_conflicts():
    merged = merge_meta({"source": "A", "x": 1}, {"source": "B", "x": 1})
    assert merged == {"source": ["A", "B"], "x": 1}


def test_resolve_meta():
    df = set_meta(pd.DataFrame(), price_basis="constant 2021 PPP $")
    assert resolve_meta(df, "price_basis") == "constant 2021 PPP $"
    assert resolve_meta(df, "price_basis", "constant 2021 PPP $") == "constant 2021 PPP $"
    with pytest.raises(UnitMismatchError, match="metadata says"):
        resolve_meta(df, "price_basis", "constant 2015 US$")
    mixed = set_meta(pd.DataFrame(), price_basis=["a", "b"])
    with pytest.raises(UnitMismatchError, match="mixes"):
        resolve_meta(mixed, "price_basis")
    with pytest.warns(UnknownUnitsWarning, match="price_basis"):
        assert resolve_meta(pd.DataFrame(), "price_basis") == "unknown"
