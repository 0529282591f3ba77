"""Self-contained reports: text, tables and figures written as HTML, Markdown, CSV and XLSX.

This module knows nothing about productivity: :mod:`pedw.profile` fills a :class:`Report` with
sections and the CLI writes it. Figures are embedded in the HTML as base64 PNG, so the report is
one file that opens anywhere; every table is also written as CSV beside it.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["Figure_", "Report", "ReportFormat", "Section", "figure_png", "provenance_table"]

ReportFormat = Literal["html", "md", "csv", "xlsx"]


def figure_png(fig: Figure, *, dpi: int = 110) -> bytes:
    """Render a matplotlib figure to PNG bytes and close it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    dpi : int
        Resolution [dots per inch].

    Returns
    -------
    bytes
        The PNG image.
    """
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


@dataclass(frozen=True)
class Figure_:
    """A rendered figure: PNG bytes and a caption."""

    name: str
    png: bytes
    caption: str = ""


@dataclass
class Section:
    """One report section.

    Attributes
    ----------
    key : str
        Short identifier, used in file names (``<key>_<table>.csv``).
    title : str
        Heading.
    status : {"ok", "unavailable", "error"}
        Whether the section could be computed from the data given.
    text : list of str
        Paragraphs (plain text).
    tables : dict
        Name -> DataFrame.
    figures : list
        Rendered figures (``Figure_`` objects).
    notes : list of str
        Units, sources, caveats.
    """

    key: str
    title: str
    status: Literal["ok", "unavailable", "error"] = "ok"
    text: list[str] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    figures: list[Figure_] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower()


@dataclass
class Report:
    """A report made of sections, written to several formats.

    Attributes
    ----------
    title : str
        Report title.
    subtitle : str
        Line under the title (country, period).
    sections : list of Section
        Content, in order.
    """

    title: str
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)
    created: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))

    def add(self, section: Section) -> Section:
        """Append a section and return it.

        Parameters
        ----------
        section : Section
            The section.

        Returns
        -------
        Section
            The same section.
        """
        self.sections.append(section)
        return section

    # ------------------------------------------------------------------------------- writers
    def to_html(self) -> str:
        """Render the report as one self-contained HTML page (figures embedded).

        Returns
        -------
        str
            The HTML document.
        """
        parts = [
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
            f"<title>{html.escape(self.title)}</title>",
            "<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;"
            "padding:0 1em;color:#222}table{border-collapse:collapse;font-size:.85em;margin:.5em 0}"
            "td,th{border-bottom:1px solid #ddd;padding:.2em .6em;text-align:right}"
            "th{background:#f4f4f4}.unavailable{color:#8a6d3b;background:#fcf8e3;padding:.5em}"
            ".error{color:#a94442;background:#f2dede;padding:.5em}.notes{font-size:.8em;color:#555}"
            "figure{margin:1em 0}figcaption{font-size:.85em;color:#444}</style></head><body>",
            f"<h1>{html.escape(self.title)}</h1>",
            f"<p><strong>{html.escape(self.subtitle)}</strong> &middot; "
            f"generated {self.created}</p>",
            "<nav><ol>",
            *[
                f"<li><a href='#{s.key}'>{html.escape(s.title)}</a>"
                + ("" if s.status == "ok" else f" <em>({s.status})</em>")
                + "</li>"
                for s in self.sections
            ],
            "</ol></nav>",
        ]
        for s in self.sections:
            parts.append(f"<section id='{s.key}'><h2>{html.escape(s.title)}</h2>")
            if s.status != "ok":
                parts.append(f"<p class='{s.status}'>Section {s.status}.</p>")
            parts += [f"<p>{html.escape(t)}</p>" for t in s.text]
            for fig in s.figures:
                data = base64.b64encode(fig.png).decode("ascii")
                parts.append(
                    f"<figure><img alt='{html.escape(fig.caption or fig.name)}' "
                    f"src='data:image/png;base64,{data}' style='max-width:100%'>"
                    f"<figcaption>{html.escape(fig.caption)}</figcaption></figure>"
                )
            for name, table in s.tables.items():
                parts.append(f"<h3>{html.escape(name)}</h3>")
                parts.append(table.to_html(float_format="{:,.4g}".format, border=0, max_rows=60))
            if s.notes:
                parts.append("<ul class='notes'>")
                parts += [f"<li>{html.escape(n)}</li>" for n in s.notes]
                parts.append("</ul>")
            parts.append("</section>")
        parts.append("</body></html>")
        return "\n".join(parts)

    def to_markdown(self, figure_dir: str | None = None) -> str:
        """Render the report as Markdown (figures referenced as PNG files).

        Parameters
        ----------
        figure_dir : str, optional
            Relative folder where figures are written; figures are omitted if ``None``.

        Returns
        -------
        str
            The Markdown document.
        """
        lines = [f"# {self.title}", "", f"**{self.subtitle}** · generated {self.created}", ""]
        for s in self.sections:
            lines += [f"## {s.title}", ""]
            if s.status != "ok":
                lines += [f"> Section {s.status}.", ""]
            lines += [*[f"{t}\n" for t in s.text]]
            if figure_dir is not None:
                for fig in s.figures:
                    lines += [f"![{fig.caption}]({figure_dir}/{s.key}_{_slug(fig.name)}.png)", ""]
            for name, table in s.tables.items():
                lines += [f"### {name}", "", _markdown_table(table), ""]
            lines += [f"- {n}" for n in s.notes]
            lines.append("")
        return "\n".join(lines)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return every table of the report keyed by ``<section>_<table>``.

        Returns
        -------
        dict
            File stem -> DataFrame.
        """
        return {f"{s.key}_{_slug(n)}": t for s in self.sections for n, t in s.tables.items()}

    def write(
        self, out: str | Path, *, formats: Sequence[ReportFormat] = ("html", "csv")
    ) -> list[Path]:
        """Write the report to a folder.

        Parameters
        ----------
        out : str or pathlib.Path
            Output folder (created if missing).
        formats : sequence of {"html", "md", "csv", "xlsx"}
            What to write: ``report.html``, ``report.md`` (+ ``figures/``), one CSV per table,
            ``tables.xlsx`` (one sheet per table).

        Returns
        -------
        list of pathlib.Path
            The files written.
        """
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        if "html" in formats:
            p = folder / "report.html"
            p.write_text(self.to_html(), encoding="utf-8")
            written.append(p)
        if "md" in formats:
            figdir = folder / "figures"
            figdir.mkdir(exist_ok=True)
            for s in self.sections:
                for fig in s.figures:
                    fp = figdir / f"{s.key}_{_slug(fig.name)}.png"
                    fp.write_bytes(fig.png)
                    written.append(fp)
            p = folder / "report.md"
            p.write_text(self.to_markdown("figures"), encoding="utf-8")
            written.append(p)
        tables = self.tables()
        if "csv" in formats:
            for stem, table in tables.items():
                p = folder / f"{stem}.csv"
                _flat(table).to_csv(p, index=False)
                written.append(p)
        if "xlsx" in formats and tables:
            p = folder / "tables.xlsx"
            with pd.ExcelWriter(p, engine="openpyxl") as xw:
                for stem, table in tables.items():
                    _flat(table).to_excel(xw, sheet_name=stem[:31], index=False)
            written.append(p)
        return written


def _flat(table: pd.DataFrame) -> pd.DataFrame:
    named = [n for n in table.index.names if n is not None]
    return table.reset_index() if named else table


def _markdown_table(table: pd.DataFrame, max_rows: int = 60) -> str:
    t = _flat(table).head(max_rows)
    header = "| " + " | ".join(map(str, t.columns)) + " |"
    rule = "|" + "|".join("---" for _ in t.columns) + "|"

    def fmt(v: object) -> str:
        if isinstance(v, float):
            return f"{v:,.4g}"
        return str(v)

    rows = ["| " + " | ".join(fmt(v) for v in row) + " |" for row in t.itertuples(index=False)]
    return "\n".join([header, rule, *rows])


def provenance_table(metas: Mapping[str, Mapping[str, object]]) -> pd.DataFrame:
    """Tabulate the provenance of the frames a report used.

    Parameters
    ----------
    metas : mapping
        Dataset name -> ``df.attrs["pedw"]``.

    Returns
    -------
    pandas.DataFrame
        One row per dataset: file, producer, vintage, licence, rows kept, citation.
    """
    rows = []
    for name, m in metas.items():
        rows.append(
            {
                "dataset": name,
                "file": Path(str(m.get("file", ""))).name,
                "producer": m.get("producer", ""),
                "vintage": m.get("vintage", ""),
                "licence": m.get("licence", ""),
                "rows": m.get("rows_kept", ""),
                "citation": m.get("citation", ""),
            }
        )
    return pd.DataFrame(rows)
