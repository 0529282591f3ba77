"""The pedw exception and warning families.

Every error pedw raises on purpose is a :class:`PedwError`. Each subclass also inherits the
matching built-in exception (``ValueError``, ``ConnectionError``, ...), so code that already
catches ``ValueError`` keeps working (the scikit-learn convention).

Errors carry the *context* of the problem -- file, line, column, group, sector, period, rows --
and a *hint* that says how to fix it. Both appear in ``str(err)`` and are available as
attributes for programmatic use::

    try:
        pedw.decompose.sectoral(df, start=1990, end=2010)
    except pedw.errors.PedwError as err:
        print(err.context["column"], err.hint)

Warnings for suspicious-but-valid data derive from :class:`PedwWarning`. pedw always emits them
with a ``stacklevel`` that points at the caller's line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "AggregateRowError",
    "AggregatesIncludedWarning",
    "ClassificationBreakWarning",
    "ConvergenceWarning",
    "DecompositionIdentityError",
    "DuplicateKeyError",
    "InsufficientDataError",
    "InvalidPanelError",
    "InvalidValueError",
    "MissingDataWarning",
    "NegativeValueWarning",
    "NonAdditiveVolumesWarning",
    "OptionError",
    "ParseError",
    "PedwError",
    "PedwWarning",
    "ProjectionsIncludedWarning",
    "SchemaError",
    "SkippedRowsWarning",
    "SourceUnavailableError",
    "UnitMismatchError",
    "UnknownFormatError",
    "UnknownUnitsWarning",
    "WeakIdentificationWarning",
]

_CONTEXT_ORDER = (
    "file",
    "line",
    "column",
    "group",
    "sector",
    "region",
    "industry",
    "firm",
    "period",
    "rows",
    "url",
    "status",
    "query",
)


def _fmt_value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        shown = ", ".join(repr(v) for v in list(value)[:8])
        more = f", ... ({len(value)} in all)" if len(value) > 8 else ""
        return f"[{shown}{more}]"
    return repr(value) if isinstance(value, str) else str(value)


class PedwError(Exception):
    """Base class of every error pedw raises on purpose.

    Parameters
    ----------
    message : str
        What is wrong, in one sentence.
    hint : str, optional
        How to fix it.
    **context
        Where it is wrong: ``file``, ``line``, ``column``, ``group``, ``sector``, ``period``,
        ``rows``, ``url``, ``status`` ... Shown in ``str(err)`` and kept in ``err.context``.
    """

    def __init__(self, message: str, *, hint: str | None = None, **context: Any) -> None:
        self.message = message
        self.hint = hint
        self.context: dict[str, Any] = {k: v for k, v in context.items() if v is not None}
        super().__init__(message)

    def __str__(self) -> str:
        parts = [self.message]
        if self.context:
            keys = sorted(
                self.context,
                key=lambda k: _CONTEXT_ORDER.index(k) if k in _CONTEXT_ORDER else 99,
            )
            where = "; ".join(f"{k}={_fmt_value(self.context[k])}" for k in keys)
            parts.append(f"[{where}]")
        if self.hint:
            parts.append(f"How to fix: {self.hint}")
        return " ".join(parts)

    def __reduce__(self) -> tuple[Any, ...]:  # keep errors picklable (multiprocessing, dask)
        return (_rebuild, (type(self), self.message, self.hint, self.context))


def _rebuild(
    cls: type[PedwError], message: str, hint: str | None, context: Mapping[str, Any]
) -> PedwError:
    err = cls.__new__(cls)
    PedwError.__init__(err, message, hint=hint, **context)
    return err


class SchemaError(PedwError, ValueError):
    """A required column is missing, has the wrong type, or a frame has the wrong shape."""


class InvalidPanelError(SchemaError):
    """The panel is structurally invalid: unbalanced sectors, gaps, unknown groups."""


class DuplicateKeyError(InvalidPanelError):
    """Two or more rows share the same key (e.g. ref_area, time, sector)."""


class AggregateRowError(InvalidPanelError):
    """An aggregate row (Total, SUM, a region or income group) is mixed in with its parts."""


class InvalidValueError(PedwError, ValueError):
    """A value is out of its domain: negative employment, zero weight, a share above one."""


class UnitMismatchError(PedwError, ValueError):
    """Inputs are in different units, currencies or price bases and cannot be combined."""


class InsufficientDataError(PedwError, ValueError):
    """Too few observations for the requested computation (e.g. a base year is missing)."""


class OptionError(PedwError, ValueError):
    """An argument takes a value outside its documented options."""


class ParseError(PedwError, ValueError):
    """A file could not be parsed; the message names the file, line and column."""


class UnknownFormatError(ParseError):
    """A file matches none of the layouts a loader knows."""


class DecompositionIdentityError(PedwError, ArithmeticError):
    """A result's components do not add up to its total (an internal consistency check)."""


class SourceUnavailableError(PedwError, ConnectionError):
    """A remote source could not be reached, or offline mode has no cached copy.

    Parameters
    ----------
    message : str
        What failed.
    url : str, optional
        The URL requested.
    status : int, optional
        The HTTP status code, when the server answered.
    hint : str, optional
        What to try.
    **context
        Further context (e.g. ``query``).
    """

    def __init__(
        self,
        message: str,
        *,
        url: str | None = None,
        status: int | None = None,
        hint: str | None = None,
        **context: Any,
    ) -> None:
        super().__init__(message, hint=hint, url=url, status=status, **context)
        self.url = url
        self.status = status

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_source, (self.message, self.hint, self.context))


def _rebuild_source(
    message: str, hint: str | None, context: Mapping[str, Any]
) -> SourceUnavailableError:
    ctx = dict(context)
    return SourceUnavailableError(
        message, url=ctx.pop("url", None), status=ctx.pop("status", None), hint=hint, **ctx
    )


# --------------------------------------------------------------------------------------- warnings
class PedwWarning(UserWarning):
    """Base class of pedw's warnings about suspicious-but-valid data."""


class MissingDataWarning(PedwWarning):
    """Observations are missing; the result covers less than was asked for."""


class SkippedRowsWarning(PedwWarning):
    """A loader skipped rows; ``df.attrs['pedw']['rows_dropped']`` counts them by reason."""


class AggregatesIncludedWarning(PedwWarning):
    """Aggregates (regions, income groups, World) are mixed with countries."""


class ProjectionsIncludedWarning(PedwWarning):
    """The data include projections (e.g. ILO modelled estimates beyond the last actual year)."""


class ClassificationBreakWarning(PedwWarning):
    """Several classification versions (e.g. ISIC Rev.3 and Rev.4) overlap in the data."""


class NonAdditiveVolumesWarning(PedwWarning):
    """Sector real outputs do not add up to the aggregate (chain-linked volumes as additive)."""


class NegativeValueWarning(PedwWarning):
    """A quantity that is usually positive is negative (e.g. value added of a sector)."""


class UnknownUnitsWarning(PedwWarning):
    """The units or price basis of an input are unknown; results carry 'unknown'."""


class ConvergenceWarning(PedwWarning):
    """An optimiser did not converge; the result carries the diagnostics."""


class WeakIdentificationWarning(ConvergenceWarning):
    """The moments identify the parameters only weakly (several minima, a flat criterion).

    Estimates and standard errors are unreliable; a subclass of :class:`ConvergenceWarning`
    because both say "do not trust this optimum as it stands".
    """
