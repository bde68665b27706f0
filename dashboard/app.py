"""The dashboard: `streamlit run dashboard/app.py`. Page setup and navigation; each page draws the filters."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` puts only dashboard/ on the path

import streamlit as st  # noqa: E402

# A local file: a material-symbol page icon would be fetched from a font CDN.
ICON = Path(__file__).resolve().parent / "static" / "icon.png"
st.set_page_config(page_title="Cooperation tracker", page_icon=str(ICON), layout="wide")

pages = st.navigation(
    [
        st.Page("screens/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("screens/initiatives.py", title="Initiatives", icon=":material/list_alt:"),
        st.Page("screens/sources.py", title="Sources", icon=":material/article:"),
        st.Page("screens/analyze.py", title="Analyze an article", icon=":material/upload_file:"),
    ]
)
pages.run()
