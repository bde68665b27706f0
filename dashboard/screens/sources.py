"""Sources: each document with its metadata and its text, entities highlighted."""

import streamlit as st

from dashboard import ui

_, view, _ = ui.page()

st.title("Sources")
if view.documents.empty:
    st.info("No source matches these filters.", icon=":material/info:")
    st.stop()
st.dataframe(ui.display_frame(ui.document_table(view)), hide_index=True, column_config=ui.DOCUMENT_COLUMNS)
doc_id = st.selectbox("Read a source", list(view.documents["doc_id"]), format_func=ui.document_label(view))
ui.source_text(view, doc_id)
