"""Follow-through: of what an event launched, what happened next. The events that launched or
took up initiatives, a scorecard per event (each initiative's status then and now, its later
steps, the time since its last evidence), and how the statuses moved month by month."""

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.records import QUIET_DAYS, STATUS_RANK
from dashboard.view.charts import _layout
from dashboard.view.data import Tables, mark, month_codes
from dashboard.view.style import STATUS_COLORS, STATUS_LABELS, STATUS_ORDER

RELATIONS = ("launched", "discussed", "reviewed")


def as_of(tables: Tables) -> str:
    """The day the scorecard counts to: the newest document's date in the tables ('' if none is dated)."""
    dates = tables.base.documents["published"]
    dated = dates[dates.str.len() == 10]
    return str(dated.max()) if len(dated) else ""


def event_key(events: pd.DataFrame) -> pd.Series:
    """Each events row's event: its first report's id."""
    return events["same_as"].where(events["same_as"].ne(""), events["event_id"])


def event_choices(view: Tables) -> pd.DataFrame:
    """The events that launched, discussed or took up initiatives in view, newest first: id, name,
    kind, date, place, counts per relation, and a label for a picker."""
    links = view.initiative_events
    columns = ["event_id", "name", "kind", "date", "place", *RELATIONS, "label"]
    if links.empty:
        return pd.DataFrame(columns=columns)
    counts = pd.crosstab(links["event_id"], links["relation"]).reindex(columns=list(RELATIONS), fill_value=0)
    # launched and discussed count initiatives, not reports: one initiative reported twice counts once
    for relation in RELATIONS:
        chosen = links[links["relation"] == relation].drop_duplicates(["event_id", "initiative_id"])
        counts[relation] = chosen.groupby("event_id").size().reindex(counts.index, fill_value=0)
    events = view.base.events
    group = events.assign(_key=event_key(events))
    group = group[group["_key"].isin(counts.index)]
    dated = group[group["start"].ne("")].sort_values("start").drop_duplicates("_key").set_index("_key")["start"]
    place = (group["city"] + ", " + group["iso3"]).str.strip(", ")  # 'Tokyo, JPN'; a report with a city first
    placed = group.assign(_place=place, _city=group["city"].eq("")).sort_values("_city", kind="stable")
    placed = placed[placed["_place"].ne("")].drop_duplicates("_key").set_index("_key")["_place"]
    first = group[group["event_id"].eq(group["_key"])].set_index("event_id")
    out = pd.DataFrame({"event_id": counts.index})
    out["name"] = out["event_id"].map(first["name"]).astype(object).fillna("")
    out["kind"] = out["event_id"].map(first["kind"]).astype(object).fillna("")
    out["date"] = out["event_id"].map(dated).astype(object).fillna("")
    out["place"] = out["event_id"].map(placed).astype(object).fillna("")
    for relation in RELATIONS:
        out[relation] = counts[relation].to_numpy()
    out["label"] = [
        f"{r.name} · {r.place or 'place unknown'} · {r.date or 'undated'} ({r.launched:,} launched)"
        for r in out.itertuples()
    ]
    out = out.sort_values(["date", "launched", "name"], ascending=[False, False, True], kind="stable")
    return out[columns].reset_index(drop=True)


def _days(since: str, until: str) -> int | None:
    if len(since) != 10 or len(until) != 10:
        return None
    return (dt.date.fromisoformat(until) - dt.date.fromisoformat(since)).days


def _links(view: Tables, event_id: str, relation: str) -> pd.DataFrame:
    """An event's rows of one relation, one per initiative (its earliest report)."""
    links = view.initiative_events
    rows = links[(links["event_id"].to_numpy() == event_id) & (links["relation"].to_numpy() == relation)]
    return rows.sort_values(["date", "doc_id", "start"]).drop_duplicates("initiative_id")


def _records(view: Tables, links: pd.DataFrame) -> pd.DataFrame:
    """The initiatives of these initiative_events rows (in view: the view's rows are its
    initiatives'), by id; read at their codes, not looked up among every initiative."""
    return view.base.initiatives.iloc[links["_ini"].to_numpy()].set_index("initiative_id")


def _codes(view: Tables, card: pd.DataFrame) -> np.ndarray:
    """The scorecard's initiatives' codes (rows of the base tables)."""
    return card["_ini"].to_numpy()


def _history(view: Tables, codes: np.ndarray) -> pd.DataFrame:
    """The status history of the initiatives at these codes, each's claims by date, then rank."""
    history = view.base.status_history
    rows = history[mark(len(view.base.initiatives), codes)[history["_ini"].to_numpy()]]
    return rows.assign(_rank=rows["status"].map(STATUS_RANK).fillna(-1)).sort_values(
        ["initiative_id", "date", "_rank", "doc_id", "start"]
    )


def scorecard(view: Tables, event_id: str, until: str) -> pd.DataFrame:
    """One row per initiative the event launched (in view): status then (in the launching report)
    and now, the launch date, the later steps, the latest step and the days since the last evidence
    (to `until`); ordered by status now along the ladder, then by name."""
    launched = _links(view, event_id, "launched")
    columns = ["initiative_id", "name", "kind", "status_then", "status_now", "launched_on", "later_steps",
               "last_step_date", "last_step_status", "last_step", "last_step_doc", "last_step_start",
               "last_evidence", "days_since", "quiet", "launch_evidence", "launch_doc", "launch_start",
               "_ini"]  # fmt: skip
    if launched.empty:
        return pd.DataFrame(columns=columns)
    ini = _records(view, launched)
    history = _history(view, launched["_ini"].to_numpy())
    on = dict(zip(launched["initiative_id"], launched["date"], strict=True))
    later = history[history["date"].to_numpy() > history["initiative_id"].map(on).fillna("").to_numpy()]
    last = later.drop_duplicates("initiative_id", keep="last").set_index("initiative_id")
    steps = later.groupby("initiative_id").size()
    out = pd.DataFrame({"initiative_id": launched["initiative_id"].to_numpy()})
    ids = out["initiative_id"]
    out["name"] = ids.map(ini["name"])
    out["kind"] = ids.map(ini["kind"])
    out["status_then"] = launched["status"].to_numpy()
    out["status_now"] = ids.map(ini["status"])
    out["launched_on"] = launched["date"].to_numpy()
    out["later_steps"] = ids.map(steps).fillna(0).astype(int)
    out["last_step_date"] = ids.map(last["date"]).astype(object).fillna("")
    out["last_step_status"] = ids.map(last["status"]).astype(object).fillna("")
    out["last_step"] = ids.map(last["evidence"]).astype(object).fillna("")
    out["last_step_doc"] = ids.map(last["doc_id"]).astype(object).fillna("")
    out["last_step_start"] = ids.map(last["start"]).astype("Int64")
    out["last_evidence"] = ids.map(ini["last_seen"]).astype(object).fillna("")
    out["days_since"] = pd.array([_days(str(d), until) for d in out["last_evidence"]], dtype="Int64")
    out["quiet"] = out["days_since"].fillna(-1).to_numpy() > QUIET_DAYS
    out["launch_evidence"] = launched["evidence"].to_numpy()
    out["launch_doc"] = launched["doc_id"].to_numpy()
    out["launch_start"] = launched["start"].to_numpy()
    out["_ini"] = launched["_ini"].to_numpy()
    out["_order"] = out["status_now"].map({s: i for i, s in enumerate(STATUS_ORDER)}).fillna(len(STATUS_ORDER))
    return out.sort_values(["_order", "name"]).drop(columns="_order").reset_index(drop=True)[columns]


def later_steps(view: Tables, card: pd.DataFrame) -> pd.DataFrame:
    """Every step after the launch of the scorecard's initiatives: date, status, sentence, source."""
    columns = ["initiative_id", "name", "date", "status", "evidence", "doc_id", "start"]
    if card.empty:
        return pd.DataFrame(columns=columns)
    history = _history(view, _codes(view, card))
    on = dict(zip(card["initiative_id"], card["launched_on"], strict=True))
    later = history[history["date"].to_numpy() > history["initiative_id"].map(on).fillna("").to_numpy()]
    names = dict(zip(card["initiative_id"], card["name"], strict=True))
    later = later.assign(name=later["initiative_id"].map(names)).sort_values(["date", "name", "start"])
    return later[columns].reset_index(drop=True)


@dataclass(frozen=True)
class Summary:
    launched: int
    by_status: dict[str, int]  # status now -> initiatives, in ladder order, none at 0
    quiet: int  # no news for QUIET_DAYS
    moved: int  # a later step reported

    def words(self, event: str, until: str) -> str:
        """'Of 4 initiative(s) launched at X, now: 1 agreed (25%), ... 2 with a later step; 1 with no
        news for 180 days (as of D).'"""
        if not self.launched:
            return f"No initiative in view was launched at {event}."
        parts = [f"{n:,} {STATUS_LABELS[s].lower()} ({n / self.launched:.0%})" for s, n in self.by_status.items()]
        return (
            f"Of {self.launched:,} initiative(s) launched at {event}, now: {', '.join(parts)}. "
            f"{self.moved:,} with a later step; {self.quiet:,} with no news for {QUIET_DAYS} days"
            + (f" (as of {until})." if until else ".")
        )


def summary(card: pd.DataFrame) -> Summary:
    counts = card["status_now"].value_counts()
    by_status = {s: int(counts[s]) for s in STATUS_ORDER if counts.get(s, 0)}
    return Summary(len(card), by_status, int(card["quiet"].sum()), int((card["later_steps"] > 0).sum()))


def status_by_month(view: Tables, card: pd.DataFrame, until: str) -> pd.DataFrame:
    """Initiatives per status at the end of each month, from the launch to `until` (or to the
    last step): rows are months (YYYY-MM), columns statuses in ladder order."""
    if card.empty:
        return pd.DataFrame(columns=list(STATUS_ORDER))
    history = _history(view, _codes(view, card))
    history = history.assign(_month=month_codes(history["date"]))
    history = history[history["_month"] >= 0]
    if history.empty:
        return pd.DataFrame(columns=list(STATUS_ORDER))
    first = int(history["_month"].min())
    end = max(int(history["_month"].max()), int(month_codes(pd.Series([until]))[0]) if until else -1)
    months = np.arange(first, end + 1)
    ini = pd.Index(card["initiative_id"])
    who = ini.get_indexer(history["initiative_id"])
    status = pd.Index(STATUS_ORDER).get_indexer(history["status"])
    at = np.full(len(ini), -1)  # each initiative's status so far (-1 before its first report)
    counts = np.zeros((len(months), len(STATUS_ORDER)), dtype=int)
    month = history["_month"].to_numpy()
    for place, m in enumerate(months):  # an initiative's rows run by date, then rank: its last one wins
        for i in np.flatnonzero(month == m):
            at[who[i]] = status[i]
        counts[place] = np.bincount(at[at >= 0], minlength=len(STATUS_ORDER))
    labels = [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in months]
    return pd.DataFrame(counts, index=labels, columns=list(STATUS_ORDER))


def movement_chart(by_month: pd.DataFrame, event: str) -> go.Figure | None:
    """Stacked bars: the launched initiatives by status at each month's end."""
    if by_month.empty or not by_month.to_numpy().any():
        return None
    fig = go.Figure()
    for status in STATUS_ORDER:
        if by_month[status].any():
            fig.add_bar(
                x=list(by_month.index),
                y=by_month[status].to_numpy(),
                name=STATUS_LABELS[status],
                marker_color=STATUS_COLORS[status],
                hovertemplate="%{x}<br>" + STATUS_LABELS[status] + ": %{y} initiative(s)<extra></extra>",
            )
    fig.update_layout(barmode="stack", xaxis_title="Month's end", yaxis_title="Initiatives")
    fig.update_xaxes(type="category")
    fig.update_yaxes(gridcolor="#E5E8EC", dtick=1 if by_month.sum(axis=1).max() < 15 else None)
    return _layout(fig, f"How the initiatives launched at {event} moved")


def others(view: Tables, event_id: str) -> dict[str, pd.DataFrame]:
    """What the event did not launch: initiatives already under way when first reported there,
    cooperation areas on its agenda, and initiatives reported before that it took up again."""
    out = {}
    for relation in ("discussed", "reviewed"):
        rows = _links(view, event_id, relation)
        ini = _records(view, rows)
        rows = rows.assign(name=rows["initiative_id"].map(ini["name"]), kind=rows["initiative_id"].map(ini["kind"]),
                           status_now=rows["initiative_id"].map(ini["status"]))  # fmt: skip
        if relation == "discussed":
            out["areas"] = rows[rows["kind"] == "agenda"]
            out["under_way"] = rows[rows["kind"] != "agenda"]
        else:
            out["reviewed"] = rows
    return out
