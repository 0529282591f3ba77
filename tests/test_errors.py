import pickle

import pytest

from pedw import errors
from pedw.errors import PedwError, SchemaError, SourceUnavailableError


def test_every_error_is_a_pedw_error_and_a_builtin():
    for name in errors.__all__:
        cls = getattr(errors, name)
        if issubclass(cls, Warning):
            assert issubclass(cls, errors.PedwWarning)
            continue
        assert issubclass(cls, PedwError)
        if cls is not PedwError:
            builtin = [b for b in cls.__mro__ if b.__module__ == "builtins" and b is not object]
            assert any(b is not Exception and b is not BaseException for b in builtin), name


def test_message_carries_context_and_hint():
    err = SchemaError("Column 'x' is missing.", hint="pass x=...", file="a.csv", column="x", line=3)
    text = str(err)
    assert text.startswith("Column 'x' is missing.")
    assert "file='a.csv'" in text and "line=3" in text and "column='x'" in text
    assert text.endswith("How to fix: pass x=...")
    assert err.context == {"file": "a.csv", "column": "x", "line": 3}
    assert isinstance(err, ValueError)


def test_source_unavailable_names_url_and_status():
    err = SourceUnavailableError(
        "server returned 404", url="http://x/y", status=404, hint="set PEDW_ILOSTAT_URL"
    )
    assert "url='http://x/y'" in str(err) and "status=404" in str(err)
    assert err.url == "http://x/y" and err.status == 404
    assert isinstance(err, ConnectionError)


@pytest.mark.parametrize(
    "err",
    [
        SchemaError("m", hint="h", column="c"),
        SourceUnavailableError("m", url="u", status=503, query="q"),
        errors.DecompositionIdentityError("m"),
    ],
)
def test_errors_pickle(err):
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is type(err) and str(back) == str(err)
