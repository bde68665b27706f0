"""Analyze an article: paste, upload or link one, see its tables and highlighted text, download them."""

import streamlit as st

from dashboard import ui

ui.page_without_filters()
ui.prepare_analysis()

st.title("Analyze an article")
st.caption(
    "Paste an article, upload a .txt, .md or .html file (up to 5 MB), or give a link to a news page "
    "(http or https, public sites only). It is analyzed in memory; nothing is saved on the server."
)
with st.form("analyze"):
    source = st.radio("Article", ui.ARTICLE_SOURCES, horizontal=True, key="analyze_source")
    text = st.text_area("Article text", height=220, max_chars=ui.MAX_PASTE, key="analyze_text")
    upload = st.file_uploader("Article file", type=["txt", "md", "html", "htm"], key="analyze_file")
    link = st.text_input("Article link", max_chars=2000, placeholder="https://…", key="analyze_link")
    published = st.date_input("Published (optional)", value=None, format="YYYY-MM-DD", key="analyze_date")
    submitted = st.form_submit_button("Analyze", type="primary", icon=":material/search:")
if submitted:
    ui.analyze_input(source, text, upload, link, published)
ui.show_analysis()
