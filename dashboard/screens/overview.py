"""Overview: cards, then charts of the filtered view, then downloads."""

import streamlit as st

from dashboard import ui

all_tables, view, filters = ui.page()
ui.skip_to_downloads()

st.title("Cooperation tracker")
st.caption("Initiatives that governments propose, agree and build together, each cited to its source sentence.")
ui.coverage(ui.tables())
ui.card_row(view)
ui.status_legend()

ui.chart("map", view, "No stakeholder country matches these filters.", ui.filter_on_country_click, "chart_map")
ui.chart(
    "sector",
    view,
    "No initiative matches these filters.",
    lambda: ui.filter_on_sector_click(all_tables),
    "chart_sector",
)
# The denser charts in tabs that run lazily: only the open one is built and drawn, so that
# a page load or a filter change draws three charts, not five (BENCHMARKS.md).
tabs = st.tabs(
    ["Cooperation areas", "Money", "Timeline", "Country × sector", "Sectors and initiatives"],
    key="overview_tab",
    on_change="rerun",
)
for tab, (name, empty) in zip(
    tabs,
    [
        ("areas", "No cooperation area matches these filters."),
        ("money", "No committed amount with a dollar value matches these filters."),
        ("timeline", "Nothing dated matches these filters."),
        ("matrix", "No country and sector pair matches these filters."),
        ("treemap", "No initiative matches these filters."),
    ],
    strict=True,
):
    if tab.open:
        with tab:
            ui.chart(name, view, empty)

st.subheader("What changed")
# Opened on demand (lazily): the change list's table costs the browser about a second to draw.
changes = st.expander(ui.changes_summary(view), key="changes_open", on_change="rerun", icon=":material/history:")
if changes.open:
    with changes:
        ui.what_changed(view)
ui.feed_offer(filters)
ui.changes_download(view)

st.subheader("Download this view", anchor="downloads")
ui.downloads(view, filters, ui.build_date(), page="")
ui.cite_box(filters, page="")
