import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pedw._validate import (
    check_balanced,
    check_no_aggregates,
    check_no_missing,
    check_sign,
    ensure_frame,
    require_columns,
    require_numeric,
    require_unique,
    validate_panel,
)
from pedw.errors import (
    AggregateRowError,
    DuplicateKeyError,
    InvalidPanelError,
    InvalidValueError,
    MissingDataWarning,
    SchemaError,
)
from pedw.testing.strategies import sector_panels

KEYS = ["ref_area", "time", "sector"]


def panel():
    return pd.DataFrame(
        {
            "ref_area": ["KEN"] * 4,
            "time": [2000, 2000, 2001, 2001],
            "sector": ["AGR", "MAN"] * 2,
            "value_added": [1.0, 2.0, 3.0, 4.0],
            "employment": [5.0, 6.0, 7.0, 8.0],
        }
    )


def test_not_a_frame():
    with pytest.raises(SchemaError, match="must be a pandas DataFrame.*got list"):
        ensure_frame([1, 2])


def test_missing_column_names_argument_to_pass():
    with pytest.raises(
        SchemaError, match=r"Missing required column\(s\) \['labour_input'\]"
    ) as info:
        require_columns(panel(), ["labour_input"], roles={"labour_input": "labour"})
    assert "labour='<your column>'" in str(info.value)


def test_non_numeric_column_names_values_and_rows():
    df = panel().astype({"value_added": object})
    df.loc[2, "value_added"] = "incl in gov. services"
    with pytest.raises(
        SchemaError, match="'value_added' must be numeric.*incl in gov. services"
    ) as info:
        require_numeric(df, ["value_added"], keys=KEYS)
    assert "row 2 (ref_area='KEN', time=2001, sector='AGR')" in str(info.value)


def test_duplicates_named():
    df = pd.concat([panel(), panel().iloc[[1]]])
    with pytest.raises(DuplicateKeyError, match="2 rows share their key") as info:
        require_unique(df, KEYS)
    assert "sector='MAN'" in str(info.value)
    with pytest.raises(DuplicateKeyError, match="How to fix: keep one") as info:
        require_unique(df, KEYS, hint="keep one", context={"group": "ref_area", "period": "time"})
    assert info.value.context["group"] == "KEN" and info.value.context["period"] == 2000


def test_missing_values_never_silently_zero():
    df = panel()
    df.loc[1, "employment"] = np.nan
    with pytest.raises(InvalidValueError, match="missing values in \\['employment'\\]"):
        check_no_missing(df, ["employment"], keys=KEYS)
    with pytest.warns(MissingDataWarning):
        mask = check_no_missing(df, ["employment"], keys=KEYS, action="warn")
    assert mask.tolist() == [False, True, False, False]


def test_sign_checks():
    df = panel()
    df.loc[3, "employment"] = 0.0
    check_sign(df, ["employment"])
    with pytest.raises(InvalidValueError, match="'employment' must be positive.*row 3"):
        check_sign(df, ["employment"], keys=KEYS, strict=True)


@pytest.mark.parametrize(
    "label", ["Total", "SUM", "ECO_SECTOR_TOTAL", " total ", "Summation of sector GDP", "_T"]
)
def test_aggregates_refused(label):
    df = panel()
    df.loc[3, "sector"] = label
    with pytest.raises(AggregateRowError, match="aggregate sector"):
        check_no_aggregates(df, "sector", keys=KEYS)


def test_real_sector_names_not_mistaken_for_aggregates():
    df = panel()
    df["sector"] = ["Total factor services", "Manufacturing", "Sumatra mining", "TOTALS"]
    check_no_aggregates(df, "sector")


def test_unbalanced_sectors_named():
    df = panel().iloc[:3]
    with pytest.raises(InvalidPanelError, match="sector='MAN' only in time=2000"):
        check_balanced(df, group=["ref_area"], period="time", item="sector")


def test_validate_panel_passes_clean_data():
    df = panel()
    assert (
        validate_panel(
            df,
            keys=KEYS,
            numeric=["value_added", "employment"],
            positive=["employment"],
            components="sector",
        )
        is df
    )


@given(sector_panels())
def test_generated_panels_are_valid(df):
    validate_panel(
        df,
        keys=KEYS,
        numeric=["value_added", "employment"],
        positive=["employment"],
        components="sector",
    )
    check_balanced(df, group=["ref_area"], period="time", item="sector")


@given(sector_panels(), st.data())
def test_any_dropped_row_is_detected(df, data):
    i = data.draw(st.integers(0, len(df) - 1))
    n_sectors = df["sector"].nunique()
    smaller = df.drop(index=i)
    if n_sectors == 1:
        return  # dropping the only sector removes the whole group-year: still balanced
    with pytest.raises(InvalidPanelError):
        check_balanced(smaller, group=["ref_area"], period="time", item="sector")
