"""Pure chart builders: tables in, a plotly Figure out (or None when there is nothing to draw)."""

import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.view.data import Tables, mark
from dashboard.view.filters import pad_low
from dashboard.view.metrics import usd
from dashboard.view.style import (
    CELL_SCALE,
    CELL_TEXT,
    CHART_HEIGHT,
    CHART_TEXT,
    EVENT_COLOR,
    FONT,
    MAP_HEIGHT,
    SEQUENTIAL_SCALE,
    STATUS_COLORS,
    STATUS_LABELS,
    STATUS_ORDER,
    ink,
)

NO_SECTOR = "(no sector)"
TREEMAP_LEAVES = 12  # initiatives shown per sector; the rest are summed in one leaf
TIMELINE_ROWS = 40  # initiatives drawn one row each; above this the timeline counts claims per month


def _layout(fig: go.Figure, title: str, height: int = CHART_HEIGHT) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        font={"family": FONT, "size": 13, "color": CHART_TEXT},
        # below the chart, across: beside it, a legend takes a third of a phone's width
        legend={
            "title": {"text": "Status", "font": {"color": CHART_TEXT}},
            "traceorder": "normal",
            "orientation": "h",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "x": 0,
        },
        plot_bgcolor="white",
        hoverlabel={"bgcolor": "white"},
    )
    fig.update_xaxes(tickfont_color=CHART_TEXT, title_font_color=CHART_TEXT)  # over Streamlit's plotly theme
    fig.update_yaxes(tickfont_color=CHART_TEXT, title_font_color=CHART_TEXT)
    return fig


# --- Counting over integer codes ------------------------------------------------------------
#
# A view's rows are codes into its base tables (Tables.column): _ini is a row of the
# initiatives, _sector a row of the sectors, _country a row of the countries, _status a place
# on the ladder. Charts count with np.bincount and look names up only for what they draw.


def sector_pairs(tables: Tables) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(initiative, sector) code pairs of the view, initiatives without a sector paired with
    the last label, NO_SECTOR; and the labels, one per sector code."""
    labels = [*tables.sectors["label"], NO_SECTOR]
    none = len(labels) - 1
    ini, sector = tables.column("initiative_sectors", "_ini"), tables.column("initiative_sectors", "_sector")
    valid = ini >= 0
    ini, sector = ini[valid], np.where(sector[valid] < 0, none, sector[valid])
    in_view = tables.column("initiatives", "_ini")
    alone = in_view[~mark(len(tables.base.initiatives), ini)[in_view]]
    ini = np.concatenate([ini, alone])
    sector = np.concatenate([sector, np.full(len(alone), none)])
    return ini, sector, labels


def status_of(tables: Tables, ini: np.ndarray) -> np.ndarray:
    """Ladder place of each initiative code."""
    return tables.base.column("initiatives", "_status")[ini]


def stacked_by_status(
    tables: Tables, ini: np.ndarray, group: np.ndarray, labels: list[str], noun: str, axis: str
) -> tuple[go.Figure, list[str], np.ndarray]:
    """Horizontal bars of (initiative, group) pairs per group, stacked by status in ladder order,
    smallest group at the bottom; the figure, the groups' names as drawn and the count matrix."""
    width = len(STATUS_ORDER)
    counts = np.bincount(group * width + status_of(tables, ini), minlength=len(labels) * width)
    counts = counts.reshape(len(labels), width)
    totals = counts.sum(axis=1)
    shown = sorted(np.flatnonzero(totals), key=lambda i: (totals[i], labels[i]))
    names = [labels[i] for i in shown]
    fig = go.Figure()
    for place, status in enumerate(STATUS_ORDER):
        if not counts[shown, place].any():
            continue
        fig.add_bar(
            y=names,
            x=counts[shown, place],
            orientation="h",
            name=STATUS_LABELS[status],
            marker_color=STATUS_COLORS[status],
            hovertemplate="%{y}<br>" + STATUS_LABELS[status] + f": %{{x}} {noun}<extra></extra>",
        )
    fig.update_layout(barmode="stack", xaxis_title=axis, yaxis_title=None)
    fig.update_xaxes(gridcolor="#E5E8EC")
    return fig, names, counts


def sector_status_bars(tables: Tables) -> go.Figure | None:
    """Initiatives per sector, stacked by status in ladder order."""
    ini, sector, labels = sector_pairs(tables)
    if not len(ini):
        return None
    fig, names, counts = stacked_by_status(tables, ini, sector, labels, "initiative(s)", "Initiatives")
    fig.update_xaxes(dtick=1 if counts.sum() < 15 else None)
    # Long sector names on two lines: on a phone, plotly cuts a long axis label at the edge. The
    # bars keep the full name (a click filters by it; the hover and the text alternative show it).
    fig.update_yaxes(tickvals=names, ticktext=[wrapped(n) for n in names])
    return _layout(fig, "Initiatives by sector and status", max(CHART_HEIGHT, 140 + 36 * len(names)))


def wrapped(label: str, width: int = 28) -> str:
    """An axis label on lines of at most `width` characters (plotly's line break is <br>)."""
    return "<br>".join(textwrap.wrap(label, width)) or label


def country_links(tables: Tables) -> tuple[np.ndarray, np.ndarray]:
    """(initiative, country) code pairs of the view, one per country and initiative whatever its roles."""
    first = tables.column("initiative_countries", "_first")
    ini, country = (
        tables.column("initiative_countries", "_ini")[first],
        tables.column("initiative_countries", "_country")[first],
    )
    known = (ini >= 0) & (country >= 0)
    return ini[known], country[known]


def pairs_through(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For initiative codes `left` (one row each) and `right` (one row each), every pair of a
    left row and a right row of the same initiative, as (left row, right row) indices."""
    order = np.argsort(right, kind="stable")
    size = int(max(left.max(initial=-1), right.max(initial=-1))) + 1
    per = np.bincount(right, minlength=size)
    start = np.cumsum(per) - per
    repeat = per[left]
    rows = np.repeat(np.arange(len(left)), repeat)
    offset = np.arange(len(rows)) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    return rows, order[start[left][rows] + offset]


def country_sector_matrix(tables: Tables) -> go.Figure | None:
    """How many initiatives each country shares with each sector."""
    c_ini, country = country_links(tables)
    s_ini, sector, labels = sector_pairs(tables)
    rows, cols = pairs_through(c_ini, s_ini)
    if not len(rows):
        return None
    base = tables.base.countries
    names = [n or c for n, c in zip(base["name"], base["iso3"], strict=True)]
    counts = np.bincount(country[rows] * len(labels) + sector[cols], minlength=len(names) * len(labels))
    counts = counts.reshape(len(names), len(labels))
    ys = sorted(np.flatnonzero(counts.sum(axis=1)), key=lambda i: names[i])
    xs = sorted(np.flatnonzero(counts.sum(axis=0)), key=lambda i: labels[i])
    matrix = counts[np.ix_(ys, xs)]
    fig = go.Figure(
        go.Heatmap(
            z=matrix,
            x=[labels[i] for i in xs],
            y=[names[i] for i in ys],
            colorscale=CELL_SCALE,
            zmin=0,
            zmax=max(1, int(matrix.max())),
            text=matrix,
            texttemplate="%{text}",
            textfont={"color": CELL_TEXT},
            hovertemplate="%{y} × %{x}: %{z} initiative(s)<extra></extra>",
            colorbar={"title": {"text": "Initiatives"}, **count_ticks(int(matrix.max()))},
        )
    )
    fig.update_xaxes(tickangle=-30)
    return _layout(fig, "Countries × sectors", max(CHART_HEIGHT, 80 + 26 * len(ys)))


COMMITTED = ("committed", "disbursed")  # money signed or being spent, not only proposed


def committed_amounts(tables: Tables) -> go.Figure | None:
    """Committed and disbursed amounts (US dollars) each country shares with each sector. An
    amount counts in full in every cell its initiative reaches: cells do not add up to a total."""
    values = np.full(len(tables.base.initiatives), np.nan)
    codes = tables.column("initiatives", "_ini")
    dollars = tables.column("initiatives", "_usd")
    committed = np.isin(tables.column("initiatives", "flow"), COMMITTED) & ~np.isnan(dollars)
    values[codes[committed]] = dollars[committed]
    if not committed.any():
        return None
    c_ini, country = country_links(tables)
    s_ini, sector, labels = sector_pairs(tables)
    keep_c, keep_s = ~np.isnan(values[c_ini]), ~np.isnan(values[s_ini])
    c_ini, country, s_ini, sector = c_ini[keep_c], country[keep_c], s_ini[keep_s], sector[keep_s]
    rows, cols = pairs_through(c_ini, s_ini)
    if not len(rows):
        return None
    base = tables.base.countries
    names = [n or c for n, c in zip(base["name"], base["iso3"], strict=True)]
    sums = np.bincount(country[rows] * len(labels) + sector[cols], weights=values[c_ini[rows]],
                       minlength=len(names) * len(labels)).reshape(len(names), len(labels))  # fmt: skip
    ys = sorted(np.flatnonzero(sums.sum(axis=1)), key=lambda i: names[i])
    xs = sorted(np.flatnonzero(sums.sum(axis=0)), key=lambda i: labels[i])
    matrix = sums[np.ix_(ys, xs)]
    text = [[usd(v) if v else "" for v in row] for row in matrix]
    ticks = np.linspace(0, matrix.max(), 5)[1:]
    fig = go.Figure(
        go.Heatmap(
            z=np.where(matrix > 0, matrix, np.nan),
            x=[labels[i] for i in xs],
            y=[names[i] for i in ys],
            colorscale=CELL_SCALE,
            zmin=0,
            text=text,
            texttemplate="%{text}",
            textfont={"color": CELL_TEXT},
            hovertemplate="%{y} × %{x}: %{text} committed<extra></extra>",
            colorbar={"title": {"text": "US dollars"}, "tickvals": ticks, "ticktext": [usd(v) for v in ticks]},
        )
    )
    fig.update_xaxes(tickangle=-30)
    title = f"Committed amounts (USD), by country and sector: {int(np.count_nonzero(committed)):,} initiative(s)"
    fig = _layout(fig, title, max(CHART_HEIGHT, 100 + 26 * len(ys)))
    fig.update_layout(
        title_subtitle_text="An amount counts in full in every country and sector it reaches: cells do not add up.",
        margin_t=70,
    )
    return fig


def country_counts(tables: Tables) -> pd.DataFrame:
    """Initiatives per stakeholder country, most first."""
    _, country = country_links(tables)
    base = tables.base.countries
    counts = np.bincount(country, minlength=len(base))
    present = np.flatnonzero(counts)
    out = pd.DataFrame(
        {
            "iso3": base["iso3"].to_numpy()[present],
            "initiatives": counts[present],
            "country": base["name"].to_numpy()[present],
        }
    )
    out["country"] = out["country"].where(out["country"].ne(""), out["iso3"])
    return out.sort_values(["initiatives", "iso3"], ascending=[False, True]).reset_index(drop=True)


INFERRED_COLOR = "#C9CED6"  # countries linked only by inference: grey, apart from the counts' scale


def named_counts(tables: Tables) -> tuple[np.ndarray, np.ndarray]:
    """Per country code: initiatives that name it (a link the text states), and initiatives
    linked to it in any way (named, or inferred from a region, an organization or the context)."""
    size = len(tables.base.countries)
    _, country = country_links(tables)
    ini = tables.column("initiative_countries", "_ini")
    named = tables.column("initiative_countries", "_first_named") & (ini >= 0)
    named_country = tables.column("initiative_countries", "_country")[named]
    named_country = named_country[named_country >= 0]
    return np.bincount(named_country, minlength=size), np.bincount(country, minlength=size)


def count_ticks(top: int) -> dict:
    """Colour-bar ticks for counts from 0 to `top`: whole numbers, each once (plotly's own ticks,
    formatted as integers, read "1 1 1 0 0" in a small view)."""
    top = max(1, int(top))
    values = list(range(0, top + 1, max(1, -(-top // 5))))  # at most six ticks
    return {"tickmode": "array", "tickvals": values, "ticktext": [f"{v:,}" for v in values]}


OUTLINE_COLOR = "#1B2733"  # the filter's countries: outlined on the map


def outlines(codes: np.ndarray, chosen: tuple[str, ...]) -> dict:
    """Border colour and width of each country shape: the chosen ones (the Country filter) outlined."""
    picked = np.isin(codes, list(chosen))
    return {
        "marker_line_color": np.where(picked, OUTLINE_COLOR, "white"),
        "marker_line_width": np.where(picked, 2.5, 1),
    }


def stakeholder_map(tables: Tables, outline: tuple[str, ...] = ()) -> go.Figure | None:
    """Stakeholder countries: those the text names, coloured by how many initiatives name them;
    those linked only by inference in grey, with a legend that says which is which (the shapes
    are served by the app itself). The countries in `outline` (the Country filter) are outlined."""
    named, linked = named_counts(tables)
    if not linked.any():
        return None
    base = tables.base.countries
    iso3, names = base["iso3"].to_numpy(), base["name"].where(base["name"].ne(""), base["iso3"]).to_numpy()
    shown, guessed = np.flatnonzero(named), np.flatnonzero((named == 0) & (linked > 0))
    fig = go.Figure()
    if len(shown):
        more = linked[shown] - named[shown]
        fig.add_choropleth(
            locations=iso3[shown],
            z=named[shown],
            locationmode="ISO-3",
            text=names[shown],
            customdata=more,
            colorscale=SEQUENTIAL_SCALE,
            zauto=False,
            zmin=0,
            zmax=max(1, int(named.max())),
            **outlines(iso3[shown], outline),
            name="Named in the text",
            showlegend=True,
            hovertemplate="%{text}: named by %{z} initiative(s); %{customdata} more by inference<extra></extra>",
            # across, under the map: upright beside it, it left a phone a map a third of the screen wide
            colorbar={"title": {"text": "Initiatives naming it", "side": "top"}, "orientation": "h", "len": 0.45,
                      "lenmode": "fraction", "thickness": 12, "x": 0, "xanchor": "left", "y": -0.04,
                      "yanchor": "top", **count_ticks(int(named.max()))},
        )  # fmt: skip
    if len(guessed):
        fig.add_choropleth(
            locations=iso3[guessed],
            z=np.ones(len(guessed)),
            locationmode="ISO-3",
            text=names[guessed],
            customdata=linked[guessed],
            colorscale=[[0, INFERRED_COLOR], [1, INFERRED_COLOR]],
            showscale=False,
            **outlines(iso3[guessed], outline),
            name="Only inferred (region, organization, context)",
            showlegend=True,
            hovertemplate="%{text}: never named; linked to %{customdata} initiative(s) by inference<extra></extra>",
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
    _layout(fig, "Stakeholder countries: initiatives per country", MAP_HEIGHT)
    fig.update_layout(
        # under the map: the colour bar, then the legend at the figure's foot. Side by side, the
        # legend's long entries pushed the margin and left a phone a map a third of its width.
        legend={
            "title": {"text": "Country links:", "side": "left"},
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
        },
        margin={"l": 10, "r": 10, "t": 50, "b": 140},
    )
    return fig


def cooperation_areas(tables: Tables) -> go.Figure | None:
    """Proposed cooperation areas (what meetings name as their agenda) per country, stacked by
    status; areas that no country is linked to are counted on a row of their own."""
    area = tables.column("initiatives", "_area")
    codes = tables.column("initiatives", "_ini")[area]
    if not len(codes):
        return None
    is_area = mark(len(tables.base.initiatives), codes)
    ini, country = country_links(tables)
    keep = is_area[ini]
    ini, country = ini[keep], country[keep]
    base = tables.base.countries
    labels = [*base["name"].where(base["name"].ne(""), base["iso3"]), "(no country)"]
    alone = codes[~mark(len(tables.base.initiatives), ini)[codes]]
    ini = np.concatenate([ini, alone])
    country = np.concatenate([country, np.full(len(alone), len(labels) - 1)])
    fig, names, counts = stacked_by_status(tables, ini, country, labels, "cooperation area(s)", "Cooperation areas")
    fig.update_xaxes(dtick=1 if counts.max(initial=0) < 15 else None)
    title = f"Proposed cooperation areas ({len(codes):,}), by country and status"
    return _layout(fig, title, max(CHART_HEIGHT, 40 + 28 * len(names)))


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
    month = tables.column("status_history", "_month")
    dated = np.unique(tables.column("status_history", "_ini")[month >= 0])
    if len(dated) > TIMELINE_ROWS:
        return monthly_timeline(tables)
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


def month_start(codes: np.ndarray) -> pd.DatetimeIndex:
    """Month codes (months since year 0) as the first day of each month."""
    return pd.to_datetime([f"{c // 12:04d}-{c % 12 + 1:02d}-01" for c in codes])


def monthly_timeline(tables: Tables) -> go.Figure:
    """Status claims per month, stacked by status, with meetings per month as a line."""
    month = tables.column("status_history", "_month")
    status = tables.column("status_history", "_status")
    dated = month >= 0
    month, status = month[dated], status[dated].astype(np.int64)
    first = int(month.min())
    width = len(STATUS_ORDER)
    span = int(month.max()) - first + 1
    counts = np.bincount((month - first) * width + status, minlength=span * width).reshape(span, width)
    present = np.flatnonzero(counts.sum(axis=1))
    x = month_start(present + first)
    fig = go.Figure()
    for place, name in enumerate(STATUS_ORDER):
        if counts[present, place].any():
            fig.add_bar(
                x=x,
                y=counts[present, place],
                name=STATUS_LABELS[name],
                marker_color=STATUS_COLORS[name],
                hovertemplate="%{x|%Y-%m}: %{y} " + STATUS_LABELS[name].lower() + " claim(s)<extra></extra>",
            )
    events = tables.events[tables.events["start"].ne("")]
    if not events.empty:
        months = as_dates(events["start"].map(pad_low)).dt.to_period("M").dt.to_timestamp()
        meetings = months.groupby(months).size()
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
    ini, sector, labels = sector_pairs(tables)
    if not len(ini):
        return None
    by_label = np.argsort(np.argsort(labels, kind="stable"), kind="stable")  # sector code -> place by label
    order = np.lexsort((tables.base.column("initiatives", "_rank")[ini], by_label[sector]))
    ini, sector = ini[order], sector[order]
    starts = np.flatnonzero(np.r_[True, sector[1:] != sector[:-1]])
    sizes = np.diff(np.r_[starts, len(sector)])
    leaf = np.arange(len(sector)) - np.repeat(starts, sizes) < TREEMAP_LEAVES
    leaves = tables.base.initiatives.iloc[ini[leaf]]
    groups = [labels[c] for c in sector[starts]]
    parents = [labels[c] for c in sector[leaf]]
    more = [(label, int(n) - TREEMAP_LEAVES) for label, n in zip(groups, sizes, strict=True) if n > TREEMAP_LEAVES]
    statuses = list(leaves["status"])
    fig = go.Figure(
        go.Treemap(
            ids=groups
            + [f"{s}/{i}" for s, i in zip(parents, leaves["initiative_id"], strict=True)]
            + [f"{s}/more" for s, _ in more],
            labels=groups + [_short(n, 40) for n in leaves["name"]] + [f"{n:,} more" for _, n in more],
            parents=[""] * len(groups) + parents + [s for s, _ in more],
            values=[int(n) for n in sizes] + [1] * len(leaves) + [n for _, n in more],
            branchvalues="total",
            marker={
                "colors": ["#EEF1F5"] * len(groups)
                + [STATUS_COLORS.get(s, STATUS_COLORS["unknown"]) for s in statuses]
                + ["#DDDDDD"] * len(more)
            },
            customdata=[""] * len(groups)
            + [STATUS_LABELS.get(s, s) for s in statuses]
            + ["other initiatives"] * len(more),
            hovertemplate="%{label}<br>%{customdata}<extra></extra>",
        )
    )
    fig.update_traces(textfont_color=[ink(color) for color in fig.data[0].marker.colors])
    return _layout(fig, "Sectors, then their initiatives", CHART_HEIGHT + 60)


CHARTS = {
    "sector": sector_status_bars,
    "matrix": country_sector_matrix,
    "map": stakeholder_map,
    "timeline": timeline,
    "treemap": cooperation_treemap,
    "areas": cooperation_areas,
    "money": committed_amounts,
}
