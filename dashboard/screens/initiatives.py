"""Initiatives: the table of the filtered view; a selected row shows its evidence."""

import streamlit as st

from dashboard import ui

_, view, filters = ui.page()

st.title("Initiatives")
st.caption(f"{len(view.initiatives):,} initiative(s) in view. Select a row to read its evidence.")
if view.initiatives.empty:
    st.info("No initiative matches these filters. Widen them, or reset them in the sidebar.", icon=":material/info:")
    st.stop()

table = ui.initiative_table(view)
event = st.dataframe(
    ui.display_frame(table),
    key="initiative_table",
    on_select="rerun",
    selection_mode="single-row",
    hide_index=True,
    column_config=ui.INITIATIVE_COLUMNS,
    column_order=list(ui.INITIATIVE_COLUMNS),
)
rows = event.selection.rows
if rows:
    ui.evidence(view, table.iloc[rows[0]]["initiative_id"])
else:
    st.info("Select a row to see its evidence sentences in their source.", icon=":material/touch_app:")

st.subheader("Download this view")
ui.downloads(view, filters, ui.build_date())
