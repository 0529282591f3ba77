"""The common base of pedw's result objects, and the summary table they return.

Every decomposition and indicator returns a frozen dataclass derived from :class:`Result`:

- ``components`` -- a DataFrame with the key columns (``keys``), one column per term (``terms``)
  and the total (``total``); its identity (terms add up to the total) is checked on construction
  and a violation raises :class:`~pedw.errors.DecompositionIdentityError`;
- ``method``, ``units``, ``citation`` and ``meta`` (input provenance: source, vintage, price
  basis, labour unit...), which every output repeats;
- ``to_frame()`` (tidy long), ``summary()`` (a :class:`Summary` table; never prints),
  ``__repr__``/``_repr_html_`` built from the summary, and ``plot()`` (matplotlib loaded lazily).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pandas as pd

from pedw.errors import DecompositionIdentityError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["Result", "Summary", "check_additive"]


@dataclass(frozen=True)
class Summary:
    """A summary table: a title, a DataFrame, and notes (units, method, source, citation).

    ``str(summary)`` gives plain text, ``summary.as_html()`` (and ``_repr_html_``) HTML, and
    ``summary.frame`` the numbers. Nothing is printed.

    Attributes
    ----------
    title : str
        Table title.
    frame : pandas.DataFrame
        The table.
    notes : tuple of str
        Lines shown under the table.
    """

    title: str
    frame: pd.DataFrame
    notes: tuple[str, ...] = ()

    def as_text(self, *, float_format: str = "{:,.4f}") -> str:
        """Render as plain text.

        Parameters
        ----------
        float_format : str
            Format of floating-point numbers.

        Returns
        -------
        str
            The table with its title and notes.
        """
        body = self.frame.to_string(float_format=float_format.format, max_rows=40)
        width = max(len(line) for line in [self.title, *body.splitlines()])
        rule = "=" * width
        parts = [self.title, rule, body, "-" * width, *self.notes]
        return "\n".join(parts)

    def as_html(self, *, float_format: str = "{:,.4f}") -> str:
        """Render as an HTML fragment.

        Parameters
        ----------
        float_format : str
            Format of floating-point numbers.

        Returns
        -------
        str
            HTML with a caption, the table and the notes.
        """
        table = self.frame.to_html(float_format=float_format.format, max_rows=40, border=0)
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        return (
            f"<div class='pedw-summary'><strong>{html.escape(self.title)}</strong>{table}"
            f"<ul style='font-size:smaller'>{notes}</ul></div>"
        )

    def __str__(self) -> str:
        return self.as_text()

    def __repr__(self) -> str:
        return self.as_text()

    def _repr_html_(self) -> str:
        return self.as_html()


def check_additive(
    frame: pd.DataFrame,
    terms: Sequence[str],
    total: str,
    *,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    keys: Sequence[str] = (),
    what: str = "components",
) -> None:
    """Check that ``terms`` add up to ``total`` row by row.

    The tolerance is relative to the largest absolute term in the row, so a decomposition of a
    small change into large offsetting terms is judged against the terms, not the change.
    A row whose total is NaN must have NaN terms (and vice versa is allowed: a term may be NaN
    only if the total is NaN).

    Parameters
    ----------
    frame : pandas.DataFrame
        Components.
    terms : sequence of str
        Term columns.
    total : str
        Total column.
    rtol, atol : float
        Relative and absolute tolerance.
    keys : sequence of str
        Key columns used to name failing rows.
    what : str
        Name of the thing checked, for the message.

    Raises
    ------
    pedw.errors.DecompositionIdentityError
        Naming the rows where the identity fails and by how much.
    """
    if frame.empty or not terms:
        return
    t = frame[list(terms)].to_numpy(dtype=float)
    tot = frame[total].to_numpy(dtype=float)
    s = t.sum(axis=1)
    scale = np.nanmax(np.abs(np.column_stack([t, tot])), axis=1, initial=0.0)
    diff = np.abs(s - tot)
    both_nan = np.isnan(s) & np.isnan(tot)
    bad = ~both_nan & ~(diff <= atol + rtol * scale)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        where = {k: frame[k].iloc[i] for k in keys if k in frame.columns}
        raise DecompositionIdentityError(
            f"The {what} do not add up to {total!r} in {int(bad.sum())} rows; first at {where}: "
            f"sum of terms {s[i]!r} vs total {tot[i]!r}.",
            hint="this is a bug in pedw or an input it should have refused; please report it "
            "with the data",
        )


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Result:
    """Base of pedw result objects (frozen; identities checked on construction).

    Attributes
    ----------
    components : pandas.DataFrame
        Key columns, one column per term, and the total.
    method : str
        Method name (one of the function's ``method`` options).
    keys : tuple of str
        Key columns of ``components`` (group, period...).
    terms : tuple of str
        Term columns of ``components``, in presentation order.
    total : str or None
        Total column; ``None`` for results without an additive identity.
    units : str
        Units of the terms, e.g. ``"share of base-period productivity [fraction]"``.
    citation : str
        Reference(s) for the method.
    meta : mapping
        Input metadata: source, vintage, price basis, labour unit, options used...
    additive : bool
        Whether ``sum(terms) == total`` must hold (checked in ``__post_init__``).
    """

    components: pd.DataFrame
    method: str
    keys: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    total: str | None = "total"
    units: str = ""
    citation: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)
    additive: bool = True

    #: Title used in summaries; subclasses override.
    title: ClassVar[str] = "pedw result"
    #: Relative tolerance of the identity check.
    rtol: ClassVar[float] = 1e-9
    #: Chart used by :meth:`plot` (a key of ``pedw.plot.CHARTS``).
    plot_kind: ClassVar[str] = "decomposition"

    def __post_init__(self) -> None:
        if self.additive and self.total is not None and self.terms:
            check_additive(self.components, self.terms, self.total, rtol=self.rtol, keys=self.keys)

    # -------------------------------------------------------------------------------- views
    def to_frame(self) -> pd.DataFrame:
        """Return the components in tidy long form.

        Returns
        -------
        pandas.DataFrame
            Columns: the keys, ``term`` and ``value`` (the total appears as ``term="total"``),
            plus ``method`` and ``units``.
        """
        cols = [*self.terms, *([self.total] if self.total else [])]
        keys = [k for k in self.keys if k in self.components.columns]
        long = self.components[[*keys, *cols]].melt(
            id_vars=keys, value_vars=cols, var_name="term", value_name="value"
        )
        long["method"] = self.method
        long["units"] = self.units
        return long

    def _notes(self) -> tuple[str, ...]:
        notes = [f"Method: {self.method}"]
        if self.units:
            notes.append(f"Units: {self.units}")
        for key in ("price_basis", "labour_unit", "source", "vintage"):
            if key in self.meta:
                notes.append(f"{key.replace('_', ' ').capitalize()}: {self.meta[key]}")
        if self.citation:
            notes.append(f"Reference: {self.citation}")
        return tuple(notes)

    def summary(self) -> Summary:
        """Return a summary table (never prints).

        Returns
        -------
        Summary
            Title, the components (keys as index) and notes with units, method and source.
        """
        frame = self.components
        keys = [k for k in self.keys if k in frame.columns]
        cols = [*self.terms, *([self.total] if self.total else [])]
        cols = [c for c in cols if c in frame.columns]
        table = frame.set_index(keys)[cols] if keys else frame[cols]
        return Summary(title=self.title, frame=table, notes=self._notes())

    def __repr__(self) -> str:
        return self.summary().as_text()

    def _repr_html_(self) -> str:
        return self.summary().as_html()

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Plot the result with the chart suited to its type.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure is made if omitted.
        **kwargs
            Passed to the chart function in :mod:`pedw.plot`.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.
        """
        from pedw import plot as _plot  # lazy: matplotlib is imported only here

        return _plot.plot_result(self, ax=ax, **kwargs)
