"""Pure chart builders: tables in, a plotly Figure out (or None when there is nothing to draw)."""

import weakref

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.view.data import Tables
from dashboard.view.filters import pad_low
from dashboard.view.style import (
    CHART_HEIGHT,
    EVENT_COLOR,
    FONT,
    MAP_HEIGHT,
    SEQUENTIAL_SCALE,
    STATUS_COLORS,
    STATUS_LABELS,
    STATUS_ORDER,
)

NO_SECTOR = "(no sector)"
TREEMAP_LEAVES = 12  # initiatives shown per sector; the rest are summed in one leaf
TIMELINE_ROWS = 40  # initiatives drawn one row each; above this the timeline counts claims per month


def _layout(fig: go.Figure, title: str, height: int = CHART_HEIGHT) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        font={"family": FONT, "size": 13},
        legend={"title": {"text": "Status"}, "traceorder": "normal"},
        plot_bgcolor="white",
        hoverlabel={"bgcolor": "white"},
    )
    return fig


def country_names(tables: Tables) -> dict[str, str]:
    return dict(zip(tables.countries["iso3"], tables.countries["name"], strict=True))


_BY_SECTOR: "weakref.WeakKeyDictionary[Tables, pd.DataFrame]" = weakref.WeakKeyDictionary()


def initiatives_by_sector(tables: Tables) -> pd.DataFrame:
    """One row per (initiative, sector label), made once per view for the three charts that need it."""
    if tables not in _BY_SECTOR:
        _BY_SECTOR[tables] = _initiatives_by_sector(tables)
    return _BY_SECTOR[tables]


def _initiatives_by_sector(tables: Tables) -> pd.DataFrame:
    """One row per (initiative, sector label); initiatives without a sector get NO_SECTOR.
    Joined on the integer codes `_ini`: string keys are slow at 100,000 rows."""
    ini, links = tables.initiatives, tables.initiative_sectors
    labels = dict(zip(tables.sectors["sector_id"], tables.sectors["label"], strict=True))
    size = int(max(ini["_ini"].max(), links["_ini"].max() if len(links) else 0)) + 1 if len(ini) else 0
    position = np.full(size, -1)
    position[ini["_ini"].to_numpy()] = np.arange(len(ini))
    at = position[links["_ini"].to_numpy()] if size else np.array([], dtype=int)
    found = at >= 0
    rows = pd.DataFrame(
        {
            "initiative_id": ini["initiative_id"].to_numpy()[at[found]],
            "name": ini["name"].to_numpy()[at[found]],
            "status": ini["status"].to_numpy()[at[found]],
            "label": links["sector_id"].to_numpy()[found],
            "_ini": links["_ini"].to_numpy()[found],
        }
    )
    rows["label"] = rows["label"].map(labels)
    has_sector = np.zeros(len(ini), dtype=bool)
    has_sector[at[found]] = True
    alone = ini.loc[~has_sector, ["initiative_id", "name", "status", "_ini"]]
    if not alone.empty:
        rows = pd.concat([rows, alone.assign(label=NO_SECTOR)], ignore_index=True)
    return rows


def sector_status_bars(tables: Tables) -> go.Figure | None:
    """Initiatives per sector, stacked by status in ladder order."""
    rows = initiatives_by_sector(tables)
    if rows.empty:
        return None
    counts = rows.groupby(["label", "status"]).size().unstack(fill_value=0)
    order = counts.sum(axis=1).sort_values().index
    fig = go.Figure()
    for status in STATUS_ORDER:
        if status not in counts:
            continue
        fig.add_bar(
            y=list(order),
            x=counts.loc[order, status],
            orientation="h",
            name=STATUS_LABELS[status],
            marker_color=STATUS_COLORS[status],
            hovertemplate="%{y}<br>" + STATUS_LABELS[status] + ": %{x} initiative(s)<extra></extra>",
        )
    fig.update_layout(barmode="stack", xaxis_title="Initiatives", yaxis_title=None)
    fig.update_xaxes(dtick=1 if counts.to_numpy().sum() < 15 else None, gridcolor="#E5E8EC")
    return _layout(fig, "Initiatives by sector and status", max(CHART_HEIGHT, 40 + 28 * len(order)))


def country_sector_matrix(tables: Tables) -> go.Figure | None:
    """How many initiatives each country shares with each sector."""
    sectors = initiatives_by_sector(tables)[["_ini", "label"]]
    countries = tables.initiative_countries[["_ini", "iso3"]].drop_duplicates()
    rows = countries.merge(sectors, on="_ini")
    if rows.empty:
        return None
    names = country_names(tables)
    rows["country"] = rows["iso3"].map(names).fillna(rows["iso3"])
    matrix = pd.crosstab(rows["country"], rows["label"])
    fig = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=list(matrix.columns),
            y=list(matrix.index),
            colorscale=SEQUENTIAL_SCALE,
            zmin=0,
            zmax=max(1, int(matrix.to_numpy().max())),
            text=matrix.to_numpy(),
            texttemplate="%{text}",
            hovertemplate="%{y} × %{x}: %{z} initiative(s)<extra></extra>",
            colorbar={"title": {"text": "Initiatives"}, "tickformat": ",d"},
        )
    )
    fig.update_xaxes(tickangle=-30)
    return _layout(fig, "Countries × sectors", max(CHART_HEIGHT, 80 + 26 * len(matrix.index)))


def country_counts(tables: Tables) -> pd.DataFrame:
    """Initiatives per stakeholder country."""
    links = tables.initiative_countries.drop_duplicates(["initiative_id", "iso3"])
    counts = links.groupby("iso3").size().rename("initiatives").reset_index()
    names = country_names(tables)
    counts["country"] = counts["iso3"].map(lambda c: names.get(c, c))
    return counts.sort_values(["initiatives", "iso3"], ascending=[False, True])


def stakeholder_map(tables: Tables) -> go.Figure | None:
    """Stakeholder countries coloured by initiative count (shapes are served by the app itself)."""
    counts = country_counts(tables)
    if counts.empty:
        return None
    fig = go.Figure(
        go.Choropleth(
            locations=counts["iso3"],
            z=counts["initiatives"],
            locationmode="ISO-3",
            text=counts["country"],
            colorscale=SEQUENTIAL_SCALE,
            zauto=False,
            zmin=0,
            zmax=max(1, int(counts["initiatives"].max())),
            marker_line_color="white",
            hovertemplate="%{text}: %{z} initiative(s)<extra></extra>",
            colorbar={"title": {"text": "Initiatives"}, "tickformat": ",d"},
        )
    )
    fig.update_geos(
        projection_type="natural earth",
        showcountries=True,
        countrycolor="#BBBBBB",
        showland=True,
        landcolor="#F2F2F2",
        fitbounds="locations",
        showframe=False,
    )
    fig.update_layout(geo={"domain": {"x": [0, 0.92]}})
    return _layout(fig, "Stakeholder countries: initiatives per country", MAP_HEIGHT)


def as_dates(values: pd.Series) -> pd.Series:
    """ISO date strings as timestamps, each distinct date parsed once."""
    unique = values.unique()
    return values.map(dict(zip(unique, pd.to_datetime(unique), strict=True)))


def timeline_rows(tables: Tables) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Dated status claims and dated meetings, ready to plot."""
    names = dict(zip(tables.initiatives["initiative_id"], tables.initiatives["name"], strict=True))
    history = tables.status_history
    claims = history.loc[history["date"].ne(""), ["initiative_id", "date", "status", "cue"]].copy()
    claims["name"] = claims["initiative_id"].map(names)
    claims["x"] = as_dates(claims["date"])
    events = tables.events[tables.events["start"].ne("")].copy()
    events["x"] = as_dates(events["start"].map(pad_low))
    events["row"] = "Meetings"
    return claims, events


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def timeline(tables: Tables) -> go.Figure | None:
    """Status claims per initiative over time, with summits and visits on their own row;
    for a view of many initiatives, the claims per month by status."""
    claims, events = timeline_rows(tables)
    if claims.empty and events.empty:
        return None
    if claims["initiative_id"].nunique() > TIMELINE_ROWS:
        return monthly_timeline(claims, events)
    fig = go.Figure()
    for status in STATUS_ORDER:
        part = claims[claims["status"] == status]
        if part.empty:
            continue
        fig.add_scatter(
            x=part["x"],
            y=part["name"].map(_short),
            mode="markers",
            marker={"color": STATUS_COLORS[status], "size": 12, "line": {"width": 1, "color": "white"}},
            name=STATUS_LABELS[status],
            customdata=part[["name", "date", "cue"]],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}: "
            + STATUS_LABELS[status]
            + " (“%{customdata[2]}”)<extra></extra>",
        )
    if not events.empty:
        fig.add_scatter(
            x=events["x"],
            y=events["row"],
            mode="markers",
            marker={"color": EVENT_COLOR, "symbol": "diamond", "size": 12},
            name="Meeting",
            customdata=events[["name", "start", "status"]],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]} · %{customdata[2]}<extra></extra>",
        )
    rows = claims["name"].map(_short).nunique() + (0 if events.empty else 1)
    fig.update_yaxes(title=None, gridcolor="#E5E8EC")
    dates = pd.concat([claims["x"], events["x"]])
    one_day = 86_400_000 if (dates.max() - dates.min()).days <= 14 else None  # plotly's dtick is in ms
    fig.update_xaxes(title=None, gridcolor="#E5E8EC", tickformat="%Y-%m-%d", dtick=one_day)
    return _layout(fig, "Timeline of status claims and meetings", max(CHART_HEIGHT, 80 + 24 * rows))


def monthly_timeline(claims: pd.DataFrame, events: pd.DataFrame) -> go.Figure:
    """Status claims per month, stacked by status, with meetings per month as a line."""
    counts = claims.groupby([claims["date"].str[:7], "status"]).size().unstack(fill_value=0)
    counts.index = pd.to_datetime(counts.index + "-01")
    fig = go.Figure()
    for status in STATUS_ORDER:
        if status in counts:
            fig.add_bar(
                x=counts.index,
                y=counts[status],
                name=STATUS_LABELS[status],
                marker_color=STATUS_COLORS[status],
                hovertemplate="%{x|%Y-%m}: %{y} " + STATUS_LABELS[status].lower() + " claim(s)<extra></extra>",
            )
    if not events.empty:
        meetings = events.assign(month=events["x"].dt.to_period("M").dt.to_timestamp()).groupby("month").size()
        fig.add_scatter(
            x=meetings.index,
            y=meetings.values,
            mode="lines+markers",
            name="Meetings",
            line={"color": EVENT_COLOR},
            hovertemplate="%{x|%Y-%m}: %{y} meeting(s)<extra></extra>",
        )
    fig.update_layout(barmode="stack", yaxis_title="Status claims per month")
    fig.update_xaxes(tickformat="%Y-%m", gridcolor="#E5E8EC")
    return _layout(fig, "Timeline of status claims and meetings, per month")


def cooperation_treemap(tables: Tables) -> go.Figure | None:
    """Cooperation areas: sectors, then their most reported initiatives, coloured by status."""
    rows = initiatives_by_sector(tables)
    if rows.empty:
        return None
    extra = tables.initiatives[["_ini", "n_sources", "last_seen"]]
    rows = rows.merge(extra, on="_ini")
    rows = rows.sort_values(["label", "n_sources", "last_seen", "name"], ascending=[True, False, False, True])
    rank = rows.groupby("label").cumcount()
    leaves, rest = rows[rank < TREEMAP_LEAVES], rows[rank >= TREEMAP_LEAVES].groupby("label").size()
    sectors = rows.groupby("label").size()
    ids = (
        list(sectors.index) + list(leaves["label"] + "/" + leaves["initiative_id"]) + [f"{s}/more" for s in rest.index]
    )
    labels = list(sectors.index) + [_short(n, 40) for n in leaves["name"]] + [f"{n:,} more" for n in rest.values]
    parents = [""] * len(sectors) + list(leaves["label"]) + list(rest.index)
    values = list(sectors.values) + [1] * len(leaves) + list(rest.values)
    colors = ["#EEF1F5"] * len(sectors) + [STATUS_COLORS[s] for s in leaves["status"]] + ["#DDDDDD"] * len(rest)
    hover = [""] * len(sectors) + [STATUS_LABELS[s] for s in leaves["status"]] + ["other initiatives"] * len(rest)
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            marker={"colors": colors},
            customdata=hover,
            hovertemplate="%{label}<br>%{customdata}<extra></extra>",
        )
    )
    return _layout(fig, "Cooperation areas: sector, then initiative", CHART_HEIGHT + 60)


CHARTS = {
    "sector": sector_status_bars,
    "matrix": country_sector_matrix,
    "map": stakeholder_map,
    "timeline": timeline,
    "treemap": cooperation_treemap,
}
