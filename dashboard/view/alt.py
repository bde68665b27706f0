"""Text alternatives of charts: a one-line summary and the chart's data as a table, read from the
figure itself, so that what a screen reader or a person without the chart gets is what is drawn."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go


def _title(fig: go.Figure) -> str:
    text = fig.layout.title.text if fig.layout.title and fig.layout.title.text else "Chart"
    return str(text)


def _number(value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return np.nan
    return number


def _label(value) -> str:
    """A cell as words: a date without its midnight, nothing for a missing value."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def _seq(values) -> list:
    """A trace's array (a tuple, a list or a NumPy array, or None) as a list."""
    return [] if values is None else list(values)


def figure_table(fig: go.Figure) -> pd.DataFrame:
    """The drawn data, one row per mark that is drawn (zero bars and empty cells are not):
    bars (category, series, value), heatmaps (row, column, value and its label), choropleths
    (country, series, value), scatter points (x, y, series), treemaps (label, parent, value)."""
    rows: list[dict] = []
    for trace in fig.data:
        series = trace.name or ""
        if trace.type == "bar":
            categories, values = (trace.y, trace.x) if trace.orientation == "h" else (trace.x, trace.y)
            for category, value in zip(_seq(categories), _seq(values), strict=False):
                if _number(value):
                    rows.append({"Category": category, "Series": series, "Value": _number(value)})
        elif trace.type == "heatmap":
            text = [_seq(r) for r in _seq(trace.text)]
            for i, row_name in enumerate(_seq(trace.y)):
                for j, column_name in enumerate(_seq(trace.x)):
                    value = _number(trace.z[i][j])
                    if np.isnan(value) or value == 0:
                        continue
                    shown = text[i][j] if i < len(text) and j < len(text[i]) else ""
                    rows.append({"Row": row_name, "Column": column_name, "Value": value, "Shown": str(shown)})
        elif trace.type == "choropleth":
            locations = _seq(trace.locations)
            values = _seq(trace.z) or [np.nan] * len(locations)
            for location, value in zip(locations, values, strict=False):
                rows.append({"Country": location, "Series": series, "Value": _number(value)})
        elif trace.type in ("scatter", "scattergl"):
            for x, y in zip(_seq(trace.x), _seq(trace.y), strict=False):
                rows.append({"X": x, "Y": y, "Series": series})
        elif trace.type == "treemap":
            for label, parent, value in zip(_seq(trace.labels), _seq(trace.parents), _seq(trace.values), strict=False):
                rows.append({"Label": label, "Parent": parent, "Value": _number(value)})
    return pd.DataFrame(rows)


def summary(fig: go.Figure, table: pd.DataFrame) -> str:
    """One line: the title, how many values, and the largest with where it is."""
    title = _title(fig)
    if table.empty:
        return f"{title}: nothing drawn."
    line = f"{title}: {len(table):,} value(s)"
    values = pd.to_numeric(table["Value"], errors="coerce") if "Value" in table else pd.Series(dtype=float)
    if values.notna().any():
        top = table.loc[values.idxmax()]
        places = [_label(top[c]) for c in table.columns if c not in ("Value", "Shown", "Series")]
        where = " × ".join(p for p in places if p)
        shown = top["Shown"] if "Shown" in table and isinstance(top["Shown"], str) else f"{values.max():,.0f}"
        series = f" ({top['Series']})" if "Series" in table and top["Series"] else ""
        line += f"; the largest is {shown}, at {where}{series}"
    return line + "."


def describe(fig: go.Figure) -> tuple[str, pd.DataFrame]:
    table = figure_table(fig)
    return summary(fig, table), table
