"""Option types shared across pedw, and the one validator for them.

Every string option of a public function is a ``Literal`` declared here, so the valid values are
documented once, checked by mypy for callers, and checked at run time by :func:`check_option`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Literal, TypeAlias, TypeVar, get_args

from pedw.errors import OptionError

__all__ = [
    "AggregatesMode",
    "AnnualConvention",
    "ColumnSpec",
    "FirmMethod",
    "GroupKeys",
    "LabelMode",
    "LabourShareMethod",
    "MissingMode",
    "NewIndustryTreatment",
    "RegionalMethod",
    "Scale",
    "SectoralMethod",
    "TfpGaps",
    "TfpMethod",
    "TfpOptimizer",
    "check_option",
    "options_of",
]

#: Methods of :func:`pedw.decompose.sectoral`.
SectoralMethod: TypeAlias = Literal["classic", "mcmillan_rodrik", "shapley", "gead"]
#: How sectoral terms are expressed.
Scale: TypeAlias = Literal["growth", "level", "annual"]
#: How a multi-year change is annualised (compound rate allocated proportionally, or simple mean).
AnnualConvention: TypeAlias = Literal["compound", "simple"]
#: Methods of :func:`pedw.decompose.regional`.
RegionalMethod: TypeAlias = Literal["dunn", "esteban_marquillas", "arcelus", "gerfin"]
#: Treatment of zero-base region-industry cells in :func:`pedw.decompose.regional`.
NewIndustryTreatment: TypeAlias = Literal["error", "regional_shift"]
#: Methods of :func:`pedw.decompose.firm`.
FirmMethod: TypeAlias = Literal["olley_pakes", "melitz_polanec", "fhk", "griliches_regev", "bhc"]
#: Labour-share self-employment adjustments of :func:`pedw.wages.labour_share`.
LabourShareMethod: TypeAlias = Literal["naive", "gollin1", "gollin2", "employee_average", "ilo"]
#: How loaders present coded columns.
LabelMode: TypeAlias = Literal["code", "label", "both"]
#: What loaders do with aggregates (World Bank regions, income groups, World): drop them,
#: keep them with the countries, or keep only them.
AggregatesMode: TypeAlias = Literal["exclude", "include", "only"]
#: What loaders do with empty observations: leave them out, or keep them as NaN rows.
MissingMode: TypeAlias = Literal["drop", "keep"]
#: Estimators of :func:`pedw.tfp.estimate`.
TfpMethod: TypeAlias = Literal["acf", "lp", "op", "wooldridge", "ols", "fe"]
#: What :func:`pedw.tfp.estimate` does with gaps in a firm's years: drop the rows whose lag is
#: undefined from the dynamic moments (with a warning), or raise.
TfpGaps: TypeAlias = Literal["drop", "raise"]
#: scipy.optimize.minimize methods offered by :func:`pedw.tfp.estimate`.
TfpOptimizer: TypeAlias = Literal["BFGS", "Nelder-Mead", "Powell", "L-BFGS-B"]

#: A column name or several.
ColumnSpec: TypeAlias = str | Sequence[str]
#: Grouping keys: none, one column, or several.
GroupKeys: TypeAlias = str | Sequence[str] | None

T = TypeVar("T", bound=Hashable)


def options_of(literal: object) -> tuple[str, ...]:
    """Return the values admitted by a ``Literal`` type alias.

    Parameters
    ----------
    literal : typing.Literal
        A ``Literal[...]`` alias from this module.

    Returns
    -------
    tuple of str
        The admitted values, in declaration order.
    """
    return tuple(str(a) for a in get_args(literal))


def check_option(name: str, value: T, options: Iterable[T] | object) -> T:
    """Check that an option takes one of its admitted values.

    Parameters
    ----------
    name : str
        The argument's name, shown in the error.
    value : hashable
        The value given.
    options : iterable or typing.Literal
        The admitted values, or a ``Literal`` alias.

    Returns
    -------
    hashable
        ``value`` unchanged.

    Raises
    ------
    pedw.errors.OptionError
        Naming the argument, the bad value and the valid options (a ``ValueError``).
    """
    allowed: tuple[object, ...]
    if get_args(options):
        allowed = get_args(options)
    else:
        allowed = tuple(options)  # type: ignore[arg-type]
    if value not in allowed:
        wanted = str(value).replace("-", "").replace("_", "").lower()
        close = [a for a in allowed if isinstance(a, str) and a.replace("_", "").lower() == wanted]
        hint = f"use {close[0]!r}" if close else "pass one of the valid options"
        raise OptionError(
            f"{name}={value!r} is not a valid option; valid options are "
            + ", ".join(repr(a) for a in allowed)
            + ".",
            hint=hint,
        )
    return value
