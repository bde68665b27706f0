"""Methods: what the tracker covers and how it reads, from the codebook itself (the ladder's
cues, the kinds, the exchange rates' source), and how to cite it."""

import streamlit as st

from dashboard import ui
from dashboard.codebook import load_codebook
from dashboard.view import methods
from dashboard.view.citation import cite
from dashboard.view.filters import Filters
from dashboard.view.plain import plain

published = ui.tables()
codebook = load_codebook()

st.title("Methods")
cover = methods.coverage(published)
intro = plain(
    f"The tracker reads {cover.documents:,} news article(s) published from {cover.first or 'an unknown date'} "
    f"to {cover.last or 'an unknown date'}, "
    + (f"from {len(cover.publishers):,} publisher(s), " if cover.publishers else "")
    + "in English. "
    f"It found {cover.initiatives:,} initiative(s) and {cover.areas:,} cooperation area(s). Every record "
    "cites the sentence it comes from: open it on the Initiatives page, or read the source on the Sources page."
)
st.markdown(intro)
if cover.publishers:
    st.caption(plain("Publishers: " + ", ".join(cover.publishers)))
ADDING = (
    "To add an article: paste or upload it on the *Analyze an article* page (this session only), or file it "
    "with `python -m dashboard add FILE|URL` and rebuild the tables with `python -m dashboard build`."
)
st.markdown(ADDING)

st.subheader("Status ladder")
st.caption(
    "A record's status is the latest its sources report; on the same date, the furthest along. The cues are "
    "the codebook's (data/codebook/predicates.yaml), matched on the sentence's parse, not as plain words."
)
st.dataframe(methods.ladder(codebook), hide_index=True)

st.subheader("Countries: roles and the basis of each link")
st.dataframe([{"Role": role.value, "Meaning": meaning} for role, meaning in methods.ROLES.items()], hide_index=True)
st.dataframe([{"Basis": basis, "Meaning": meaning} for basis, meaning in methods.BASES.items()], hide_index=True)

st.subheader("Kinds of record")
st.caption(
    "Cooperation areas (what a meeting names as its agenda: green economy, logistics) are counted and charted "
    "apart from initiatives, the concrete undertakings. The nouns are the codebook's (data/codebook/kinds.yaml)."
)
st.dataframe(methods.kinds(codebook), hide_index=True)

st.subheader("Money")
header, currencies, years = methods.rates_source()
conversion = plain(
    f"An amount is read as the source writes it (“a $500 million loan”, “EUR 10 billion”, “4 billion soms”), "
    f"with its currency (ISO 4217), its instrument (loan, grant, equity, guarantee, investment) and its "
    f"lenders. Its flow follows the status of the sentence that states it: proposed, committed (agreed) or "
    f"disbursed (in progress or completed). It is converted to US dollars at the average rate of the year of "
    f"the document that states it; the codebook holds rates for {currencies} currencies over {years}."
)
st.markdown(conversion)
st.caption(plain(header))

st.subheader("Confidence score")
st.caption(
    "Each record gets 50 points, plus or minus these, kept within 0 to 100: a heuristic signal of how well the "
    "sources support it, not a probability. Official sites and publishers are listed in "
    "data/codebook/official_sources.yaml; hedges and negations are predicates.yaml's."
)
st.markdown(methods.confidence_scale())  # fixed text, from dashboard/confidence.py

st.subheader("Follow-through: what an event launched")
st.markdown(
    "A report is *about* the weightiest event it reports (a summit, then a conference, a meeting, a visit, a "
    "ceremony) held or planned within 31 days of its date. An initiative is linked to the event its own sentence "
    "names, else to the one its report is about: **launched** there when that report is the first to name it, "
    "short of being under way (proposed, under discussion, agreed); **discussed** when it was already under way or "
    "stalled, and for every cooperation area; **reviewed** when an earlier report had named it. One event reported "
    "by several articles is one: same kind and country, and the same dates with a word of their names in "
    "common, or names alike within a month. The links are a table of the data package, `initiative_events`, "
    "each with its sentence."
)

st.subheader("Known limits")
st.markdown(methods.LIMITS_MARKDOWN)

st.subheader("How to cite")
# A callout, not st.code: a code block scrolls, and a scrolling region must take the keyboard focus (axe)
citation = cite(published.version, ui.build_date(), Filters(), ui.view_url(Filters(), here=False))
st.info(plain(citation.text()), icon=":material/format_quote:")
st.caption(
    "Each page with filters has a “Cite this view” box with the citation of its view, and each download's "
    "About sheet carries the same."
)
