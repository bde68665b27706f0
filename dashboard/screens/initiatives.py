"""Initiatives: the table of the filtered view; a selected row shows its evidence."""

import streamlit as st

from dashboard import ui
from dashboard.view.plain import plain

_, view, filters = ui.page()

st.title("Initiatives")
st.caption(plain(f"{len(view.initiatives):,} initiative(s) in view. Select a row to read its evidence."))
if view.initiatives.empty:
    st.info("No initiative matches these filters. Widen them, or reset them in the sidebar.", icon=":material/info:")
    st.stop()

if len(view.initiatives) > ui.TABLE_ROWS:
    st.caption(plain(f"Showing the newest {ui.TABLE_ROWS:,}; narrow the filters, or download the whole view below."))
ui.initiative_browser(view)

st.subheader("Download this view")
ui.downloads(view, filters, ui.build_date())
