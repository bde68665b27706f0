"""Overview: cards, then charts of the filtered view, then downloads."""

import streamlit as st

from dashboard import ui

all_tables, view, filters = ui.page()

st.title("Cooperation tracker")
st.caption("Initiatives that governments propose, agree and build together, each cited to its source sentence.")
ui.card_row(view)
ui.status_legend()

ui.chart("map", view, "No stakeholder country matches these filters.", ui.filter_on_country_click, "chart_map")
left, right = st.columns(2)
with left:
    ui.chart(
        "sector",
        view,
        "No initiative matches these filters.",
        lambda: ui.filter_on_sector_click(all_tables),
        "chart_sector",
    )
with right:
    ui.chart("treemap", view, "No cooperation area matches these filters.")
ui.chart("timeline", view, "Nothing dated matches these filters.")
ui.chart("matrix", view, "No country and sector pair matches these filters.")

st.subheader("What changed")
ui.what_changed(view)

st.subheader("Download this view")
ui.downloads(view, filters, ui.build_date())
