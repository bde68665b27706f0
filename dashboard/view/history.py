"""Status over time: one initiative's steps, and what changed across the corpus lately."""

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.records import RANK, Status
from dashboard.view.data import Tables
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
    fig.update_xaxes(tickformat="%Y-%m-%d", title=None)
    fig.update_layout(
        title={"text": "Status history", "x": 0},
        height=CHART_HEIGHT - 100,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        font={"family": FONT, "size": 13},
        plot_bgcolor="white",
    )
    return fig


def newest_date(tables: Tables) -> str:
    dates = [d for d in tables.documents["published"] if d]
    return max(dates) if dates else ""


def recent_changes(tables: Tables, days: int) -> pd.DataFrame:
    """Status changes (and first reports) in the `days` before the newest document of the corpus."""
    columns = ["date", "name", "change", "source", "evidence", "initiative_id"]
    newest = newest_date(tables)
    history = tables.status_history[tables.status_history["date"] != ""]
    if not newest or history.empty:
        return pd.DataFrame(columns=columns)
    cutoff = (dt.date.fromisoformat(newest) - dt.timedelta(days=days)).isoformat()
    ranks = {status.value: rank for status, rank in RANK.items()}
    columns = ["_ini", "initiative_id", "date", "status", "doc_id", "evidence"]
    codes = history["_ini"].to_numpy()
    touched = np.zeros(codes.max() + 1 if len(codes) else 0, dtype=bool)
    touched[codes[(history["date"] >= cutoff).to_numpy()]] = True
    history = history[touched[codes]]  # only initiatives with a claim in the window can have changed
    ordered = history[columns].assign(rank=history["status"].map(ranks))
    ordered = ordered.sort_values(["_ini", "date", "rank"])  # integer codes sort fast
    ordered["previous"] = ordered.groupby("_ini")["status"].shift()
    changed = ordered[(ordered["previous"] != ordered["status"]) & (ordered["date"] >= cutoff)]
    changed = changed.drop_duplicates(["initiative_id", "date", "status"])
    names = tables.initiatives.set_index("initiative_id")["name"]
    sources = tables.documents.set_index("doc_id")["source"]
    out = pd.DataFrame(
        {
            "date": changed["date"],
            "name": changed["initiative_id"].map(names),
            "change": [
                f"first reported: {STATUS_LABELS[s]}" if pd.isna(p) else f"{STATUS_LABELS[p]} → {STATUS_LABELS[s]}"
                for p, s in zip(changed["previous"], changed["status"], strict=True)
            ],
            "source": changed["doc_id"].map(sources).replace("", None).fillna(changed["doc_id"]),
            "evidence": changed["evidence"],
            "initiative_id": changed["initiative_id"],
        }
    )
    return out.dropna(subset=["name"]).sort_values(["date", "name"], ascending=[False, True]).reset_index(drop=True)
