"""The dashboard: `streamlit run dashboard/app.py`. Page setup and navigation; each page draws the filters."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` puts only dashboard/ on the path

import streamlit as st  # noqa: E402

# A local file: a material-symbol page icon would be fetched from a font CDN.
ICON = Path(__file__).resolve().parent / "static" / "icon.png"
st.set_page_config(page_title="Cooperation tracker", page_icon=str(ICON), layout="wide")
# On a phone (a narrow window): the cards in a grid of three per row rather than one per
# row, smaller figures in them, and no plotly toolbar over the chart titles.
PHONE_CSS = (
    "<style>@media (max-width: 640px){"
    '[data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]){flex-flow:row wrap!important;gap:.4rem!important}'
    '[data-testid="stHorizontalBlock"]:has([data-testid="stMetric"])>[data-testid="stColumn"]'
    "{flex:1 1 calc(33% - .4rem)!important;min-width:calc(33% - .4rem)!important;width:auto!important}"
    '[data-testid="stMetric"]{padding:.3rem .45rem!important}'
    '[data-testid="stMetricValue"]{font-size:1.25rem!important}'
    '[data-testid="stMetricLabel"] p{font-size:.72rem!important;white-space:normal!important;line-height:1.2}'
    '[data-testid="stMetricLabel"] *{white-space:normal!important;overflow:visible!important;'
    "word-break:normal!important}"
    ".modebar-container{display:none!important}}</style>"
)
st.html(PHONE_CSS)

pages = st.navigation(
    [
        st.Page("screens/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("screens/initiatives.py", title="Initiatives", icon=":material/list_alt:"),
        st.Page("screens/followthrough.py", title="Follow-through", icon=":material/fact_check:"),
        st.Page("screens/sources.py", title="Sources", icon=":material/article:"),
        st.Page("screens/analyze.py", title="Analyze an article", icon=":material/upload_file:"),
        st.Page("screens/methods.py", title="Methods", icon=":material/menu_book:"),
        # a page per record, reached by its links (record?initiative=ID, ?iso3=, ?org=): not in the menu
        st.Page("screens/record.py", title="Record", icon=":material/description:", visibility="hidden"),
    ]
)
pages.run()
