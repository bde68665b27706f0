"""Pure chart builders: tables in, a plotly Figure out (or None when there is nothing to draw)."""

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


def initiatives_by_sector(tables: Tables) -> pd.DataFrame:
    """One row per (initiative, sector label); initiatives without a sector get NO_SECTOR."""
    sectors = tables.initiative_sectors.merge(tables.sectors[["sector_id", "label"]], on="sector_id")
    rows = tables.initiatives[["initiative_id", "name", "status"]].merge(sectors, on="initiative_id", how="left")
    rows["label"] = rows["label"].fillna(NO_SECTOR)
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
    rows = initiatives_by_sector(tables).merge(
        tables.initiative_countries[["initiative_id", "iso3"]].drop_duplicates(), on="initiative_id"
    )
    if rows.empty:
        return None
    names = country_names(tables)
    rows["country"] = rows["iso3"].map(lambda c: names.get(c, c))
    matrix = rows.drop_duplicates(["initiative_id", "country", "label"]).pivot_table(
        index="country", columns="label", values="initiative_id", aggfunc="count", fill_value=0
    )
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


def timeline_rows(tables: Tables) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Dated status claims and dated meetings, ready to plot."""
    names = dict(zip(tables.initiatives["initiative_id"], tables.initiatives["name"], strict=True))
    claims = tables.status_history[tables.status_history["date"].ne("")].copy()
    claims["name"] = claims["initiative_id"].map(names)
    claims["x"] = pd.to_datetime(claims["date"])
    events = tables.events[tables.events["start"].ne("")].copy()
    events["x"] = pd.to_datetime(events["start"].map(pad_low))
    events["row"] = "Meetings"
    return claims, events


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def timeline(tables: Tables) -> go.Figure | None:
    """Status claims per initiative over time, with summits and visits on their own row."""
    claims, events = timeline_rows(tables)
    if claims.empty and events.empty:
        return None
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


def cooperation_treemap(tables: Tables) -> go.Figure | None:
    """Cooperation areas: sectors, then the initiatives in each, coloured by status."""
    rows = initiatives_by_sector(tables)
    if rows.empty:
        return None
    leaves = rows.assign(id=rows["label"] + "/" + rows["initiative_id"])
    sectors = leaves.groupby("label").size()
    fig = go.Figure(
        go.Treemap(
            ids=list(sectors.index) + list(leaves["id"]),
            labels=list(sectors.index) + [_short(n, 40) for n in leaves["name"]],
            parents=[""] * len(sectors) + list(leaves["label"]),
            values=list(sectors.values) + [1] * len(leaves),
            branchvalues="total",
            marker={"colors": ["#EEF1F5"] * len(sectors) + [STATUS_COLORS[s] for s in leaves["status"]]},
            customdata=[""] * len(sectors) + [STATUS_LABELS[s] for s in leaves["status"]],
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
