"""Initiatives: the table of the filtered view, concrete undertakings and cooperation areas apart;
a selected row shows its evidence."""

import streamlit as st

from dashboard import ui
from dashboard.view.plain import plain

_, view, filters = ui.page(keep=("show",))
ui.skip_to_downloads()

st.title("Initiatives")
areas = int(view.column("initiatives", "_area").sum())
counts = {"initiatives": len(view.initiatives) - areas, "areas": areas}
labels = {"initiatives": f"Initiatives ({counts['initiatives']:,})", "areas": f"Cooperation areas ({areas:,})"}
asked = st.query_params.get("show", "initiatives")
if asked not in labels:
    st.warning(plain(f"Ignored “show={asked[:40]}”: it is initiatives or areas."), icon=":material/link_off:")
    asked = "initiatives"
if "initiatives_group" not in st.session_state:
    st.session_state["initiatives_group"] = asked
shown = st.segmented_control(
    "Show", list(labels), format_func=labels.get, key="initiatives_group",
    help="Initiatives are concrete undertakings (a fund, a project, an agreement). Cooperation areas are what "
    "a meeting names as its agenda or priorities (green economy, logistics): counted apart.",
)  # fmt: skip
shown = shown or "initiatives"
if shown == "areas":
    st.query_params["show"] = "areas"  # a copied link opens on the same group
elif "show" in st.query_params:
    del st.query_params["show"]
what = "initiative(s)" if shown == "initiatives" else "cooperation area(s)"
st.caption(plain(f"{counts[shown]:,} {what} in view. Select a row to read its evidence."))
if not counts[shown]:
    empty = f"No {what[:-3]} matches these filters. Widen them, or reset them in the sidebar."
    st.info(plain(empty), icon=":material/info:")
else:
    if counts[shown] > ui.TABLE_ROWS:
        st.caption(
            plain(f"Showing the newest {ui.TABLE_ROWS:,}; narrow the filters, or download the whole view below.")
        )
    ui.initiative_browser(view, areas=shown == "areas")

st.subheader("Download this view", anchor="downloads")
ui.downloads(view, filters, ui.build_date(), page="initiatives")
ui.cite_box(filters, page="initiatives")
