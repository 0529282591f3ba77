import pandas as pd
import pytest

from pedw._result import Result, Summary
from pedw.errors import DecompositionIdentityError
from pedw.testing import assert_decomposition_equal, assert_terms_add_up


def comps(total_shift=0.0):
    return pd.DataFrame(
        {
            "ref_area": ["A", "B"],
            "within": [1.0, 2.0],
            "between": [0.5, -1.0],
            "total": [1.5 + total_shift, 1.0],
        }
    )


def make(**kw):
    return Result(
        components=comps(**kw),
        method="toy",
        keys=("ref_area",),
        terms=("within", "between"),
        units="level [LCU per worker]",
        citation="Doe (2000)",
        meta={"source": "Test data", "vintage": "2021"},
    )


def test_identity_checked_on_construction():
    make()
    with pytest.raises(DecompositionIdentityError, match="do not add up.*'ref_area': 'A'"):
        make(total_shift=0.01)


def test_to_frame_is_long():
    long = make().to_frame()
    assert list(long.columns) == ["ref_area", "term", "value", "method", "units"]
    assert len(long) == 6
    assert long.query("ref_area == 'A' and term == 'total'")["value"].item() == 1.5


def test_summary_returns_table_and_never_prints(capsys):
    s = make().summary()
    assert isinstance(s, Summary)
    assert capsys.readouterr().out == ""
    assert list(s.frame.columns) == ["within", "between", "total"]
    text = str(s)
    assert (
        "Units: level [LCU per worker]" in text
        and "Reference: Doe (2000)" in text
        and "Source: Test data" in text
    )
    assert "<table" in make()._repr_html_()
    assert repr(make()) == text


def test_result_is_frozen():
    r = make()
    with pytest.raises(AttributeError):
        r.method = "x"


def test_plot_lazily_draws_bars():
    ax = make().plot()
    assert len(ax.patches) == 4  # 2 rows x 2 terms
    assert ax.get_ylabel() == "level [LCU per worker]"


def test_testing_helpers():
    assert_decomposition_equal(make(), make())
    flipped = Result(
        components=comps().iloc[::-1], method="toy", keys=("ref_area",), terms=("within", "between")
    )
    assert_decomposition_equal(make(), flipped)
    with pytest.raises(AssertionError):
        assert_terms_add_up(comps(total_shift=1.0), ["within", "between"], "total")
