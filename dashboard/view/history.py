"""Status over time: one initiative's steps, and what changed across the corpus lately."""

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.records import RANK, Status
from dashboard.view.data import Tables, mark, selected
from dashboard.view.style import CHART_HEIGHT, FONT, STATUS_COLORS, STATUS_LABELS, STATUS_ORDER


def steps(tables: Tables, initiative_id: str) -> pd.DataFrame:
    """An initiative's dated claims in order, with each document's publisher."""
    history = tables.status_history[tables.status_history["initiative_id"] == initiative_id]
    history = history.merge(tables.documents[["doc_id", "source", "title", "lead"]], on="doc_id", how="left")
    history = history.assign(rank=history["status"].map(lambda s: RANK[Status(s)]))
    return history.sort_values(["date", "rank", "start"]).reset_index(drop=True)


def status_steps_figure(tables: Tables, initiative_id: str) -> go.Figure | None:
    """A step line through the ladder, a marker per claim, each with its source and sentence."""
    rows = steps(tables, initiative_id)
    rows = rows[rows["date"] != ""]
    if rows.empty:
        return None
    x = pd.to_datetime(rows["date"])
    y = rows["status"].map(STATUS_LABELS)
    fig = go.Figure()
    fig.add_scatter(
        x=x, y=y, mode="lines", line={"shape": "hv", "color": "#888888"}, hoverinfo="skip", showlegend=False
    )
    short = rows["evidence"].map(lambda t: t if len(t) <= 140 else t[:139] + "…")
    fig.add_scatter(
        x=x,
        y=y,
        mode="markers",
        marker={"size": 14, "color": rows["status"].map(STATUS_COLORS), "line": {"width": 1, "color": "white"}},
        customdata=list(
            zip(rows["date"], rows["source"].replace("", "unknown source"), rows["cue"], short, strict=True)
        ),
        hovertemplate="%{customdata[0]} · %{customdata[1]}<br>“%{customdata[2]}”: %{customdata[3]}<extra></extra>",
        showlegend=False,
    )
    fig.update_yaxes(categoryorder="array", categoryarray=[STATUS_LABELS[s] for s in STATUS_ORDER], title=None)
    fig.update_xaxes(title=None, **date_ticks(x))
    fig.update_layout(
        title={"text": "Status history", "x": 0},
        height=CHART_HEIGHT - 100,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        font={"family": FONT, "size": 13},
        plot_bgcolor="white",
    )
    return fig


FEW_DATES = 8  # up to this many distinct dates, the axis shows each one once and nothing else


def date_ticks(dates: pd.Series) -> dict:
    """The date axis: few dates ticked once each, in a range padded around them (plotly would tick
    a lone date's hours, showing the same day several times); more dates, plotly's own ticks."""
    unique = pd.DatetimeIndex(sorted(set(dates)))
    if len(unique) > FEW_DATES:
        return {"tickformat": "%Y-%m-%d"}
    pad = max(pd.Timedelta(days=15), (unique[-1] - unique[0]) * 0.08)
    return {
        "tickmode": "array",
        "tickvals": list(unique),
        "ticktext": [d.strftime("%Y-%m-%d") for d in unique],
        "range": [unique[0] - pad, unique[-1] + pad],
        "showgrid": False,
    }


def newest_date(tables: Tables) -> str:
    """The newest publication date among the documents the view cites."""
    docs = tables.column("status_history", "_doc")
    published = tables.base.documents["published"].iloc[np.unique(docs[docs >= 0])]
    dates = published[published.ne("")]
    return str(dates.max()) if len(dates) else ""


def recent_changes(tables: Tables, days: int) -> pd.DataFrame:
    """Status changes (and first reports, marked `first`) in the `days` before the newest document
    of the corpus. Only the claims of initiatives with a claim in the window are read from the base tables."""
    columns = ["date", "name", "change", "source", "evidence", "initiative_id", "first"]
    newest = newest_date(tables)
    if not newest:
        return pd.DataFrame(columns=columns)
    cutoff = (dt.date.fromisoformat(newest) - dt.timedelta(days=days)).isoformat()
    base = tables.base
    codes = base.column("status_history", "_ini")
    in_view = selected(codes, tables.keep)
    touched = mark(len(base.initiatives), codes[in_view & (base.status_history["date"] >= cutoff).to_numpy()])
    history = base.status_history.iloc[np.flatnonzero(selected(codes, touched) & in_view)]
    history = history[history["date"] != ""]
    if history.empty:
        return pd.DataFrame(columns=columns)
    ranks = {status.value: rank for status, rank in RANK.items()}
    ordered = history[["_ini", "_doc", "initiative_id", "doc_id", "date", "status", "evidence"]]
    ordered = ordered.assign(rank=history["status"].map(ranks)).sort_values(["_ini", "date", "rank"])
    ordered["previous"] = ordered.groupby("_ini")["status"].shift()
    changed = ordered[(ordered["previous"] != ordered["status"]) & (ordered["date"] >= cutoff)]
    changed = changed.drop_duplicates(["initiative_id", "date", "status"])
    names = base.initiatives["name"].iloc[changed["_ini"].to_numpy()].to_numpy()
    docs = changed["_doc"].to_numpy()
    source = changed["doc_id"].to_numpy(dtype=object).copy()  # a document without a publisher: its id
    known = docs >= 0
    publisher = base.documents["source"].iloc[docs[known]].to_numpy(dtype=object)
    source[known] = np.where(publisher != "", publisher, source[known])
    out = pd.DataFrame(
        {
            "date": changed["date"].to_numpy(),
            "name": names,
            "change": [
                f"first reported: {STATUS_LABELS[s]}" if pd.isna(p) else f"{STATUS_LABELS[p]} → {STATUS_LABELS[s]}"
                for p, s in zip(changed["previous"], changed["status"], strict=True)
            ],
            "source": source,
            "evidence": changed["evidence"].to_numpy(),
            "initiative_id": changed["initiative_id"].to_numpy(),
            "first": changed["previous"].isna().to_numpy(),  # the initiative's first claim: new, not a change
        }
    )
    return out.sort_values(["date", "name"], ascending=[False, True]).reset_index(drop=True)
