"""Sources: each document with its metadata and its text, entities highlighted. A link to a
sentence (`sources?doc=ID&at=START`, from a record's page) opens that document with the
sentence outlined, whatever the filters."""

import streamlit as st

from dashboard import ui
from dashboard.view.plain import plain

all_tables, view, filters = ui.page(keep=("doc", "at"))

st.title("Sources")
asked, at = st.query_params.get("doc", ""), st.query_params.get("at", "")
if asked:
    known = set(all_tables.documents["doc_id"])
    focus = ui.sentence_at(all_tables, asked, int(at)) if asked in known and at.isdigit() else None
    if asked not in known:
        st.warning(plain(f"Ignored “doc={asked[:40]}”: no such document."), icon=":material/link_off:")
    else:
        st.subheader(plain(f"The sentence you followed, in {ui.document_label(all_tables)(asked)}"))
        if at and focus is None:
            st.caption(plain(f"No evidence sentence starts at {at[:12]} in it: the whole document is shown."))
        ui.source_text(all_tables, asked, focus)
        st.subheader("Every source in view")
ui.cite_box(filters, page="sources")
if view.documents.empty:
    st.info("No source matches these filters.", icon=":material/info:")
    st.stop()
st.dataframe(ui.display_frame(ui.document_table(view)), hide_index=True, column_config=ui.DOCUMENT_COLUMNS)
doc_id = st.selectbox("Read a source", list(view.documents["doc_id"]), format_func=ui.document_label(view))
ui.source_text(view, doc_id)
