"""Follow-through: pick an event (a summit, a visit, a meeting) and see what it launched and
what happened next: each initiative's status then and now, its later steps with their dates and
sentences, and the time since its last evidence. Bound to the link (`followthrough?event=ID`)."""

import pandas as pd
import streamlit as st

from dashboard import ui
from dashboard.view import followthrough as ft
from dashboard.view.exports import guard_frame
from dashboard.view.plain import plain
from dashboard.view.records import record_url, sentence_url
from dashboard.view.style import STATUS_LABELS

_, view, filters = ui.page(keep=("event",))
ui.skip_to_downloads()

st.title("Follow-through")
st.caption(
    "Of what an event launched, what happened next. An initiative is launched at an event when a report of "
    "that event is the first to name it, short of being under way; later reports, of any event, are its steps."
)
choices = ft.event_choices(view)
if choices.empty:
    st.info(
        plain("No event in view launched or took up an initiative. Widen the filters, or reset them in the sidebar."),
        icon=":material/info:",
    )
    st.stop()
ids = list(choices["event_id"])
labels = dict(zip(choices["event_id"], choices["label"], strict=True))
asked = st.query_params.get("event", "")
if asked and asked not in labels:
    st.warning(plain(f"Ignored “event={asked[:40]}”: no such event in this view."), icon=":material/link_off:")
launched_first = choices.sort_values("launched", ascending=False, kind="stable")["event_id"].iloc[0]
if st.session_state.get("followthrough_event") not in labels:
    st.session_state["followthrough_event"] = asked if asked in labels else launched_first
chosen = st.selectbox("Event", ids, format_func=labels.get, key="followthrough_event")
st.query_params["event"] = chosen  # a copied link opens on the same event

event = choices.set_index("event_id").loc[chosen]
until = ft.as_of(view)
card = ft.scorecard(view, chosen, until)
short = plain(event["name"])
st.markdown(plain(ft.summary(card).words(event["name"], until)))

LINKS = {
    "Page": st.column_config.LinkColumn("Page", display_text="open"),
    "Launch sentence": st.column_config.LinkColumn("Launch sentence", display_text="read"),
    "Latest sentence": st.column_config.LinkColumn("Latest sentence", display_text="read"),
    "In its source": st.column_config.LinkColumn("In its source", display_text="read"),
    "Days since last evidence": st.column_config.NumberColumn("Days since last evidence", format="%d"),
}


def label(status: str) -> str:
    return STATUS_LABELS.get(status, status) if status else ""


def shown_card(card: pd.DataFrame) -> pd.DataFrame:
    """The scorecard as the page shows it: words for statuses, links to the records and sentences."""
    return pd.DataFrame(
        {
            "Initiative": card["name"],
            "Page": [record_url("initiative", i) for i in card["initiative_id"]],
            "Status then": card["status_then"].map(label),
            "Status now": card["status_now"].map(label),
            "Launched on": card["launched_on"],
            "Later steps": card["later_steps"],
            "Latest step": [
                f"{d} · {label(s)}" if d else ""
                for d, s in zip(card["last_step_date"], card["last_step_status"], strict=True)
            ],  # fmt: skip
            "Latest sentence": [
                sentence_url(d, int(s)) if d else ""
                for d, s in zip(card["last_step_doc"], card["last_step_start"].fillna(-1), strict=True)
            ],  # fmt: skip
            "Last evidence": card["last_evidence"],
            "Days since last evidence": card["days_since"],
            "No news for 180 days": card["quiet"].map({True: "yes", False: ""}),
            "Launch sentence": [
                sentence_url(d, int(s)) for d, s in zip(card["launch_doc"], card["launch_start"], strict=True)
            ],  # fmt: skip
        }
    )


st.subheader("Scorecard")
if card.empty:
    st.info(plain(f"{short} launched no initiative in view."), icon=":material/info:")
else:
    st.dataframe(ui.display_frame(shown_card(card)), hide_index=True, column_config=LINKS)
    st.subheader("How the statuses moved")
    by_month = ft.status_by_month(view, card, until)
    figure = ft.movement_chart(by_month, event["name"])
    if figure is not None:
        st.plotly_chart(figure, config=ui.PLOTLY_CONFIG, width="stretch")
        ui.chart_text("followthrough", figure)
    st.subheader("Every later step")
    steps = ft.later_steps(view, card)
    if steps.empty:
        st.caption("No later report of these initiatives yet.")
    else:
        st.dataframe(
            ui.display_frame(
                pd.DataFrame(
                    {
                        "Date": steps["date"],
                        "Initiative": steps["name"],
                        "Status": steps["status"].map(label),
                        "Sentence": steps["evidence"],
                        "In its source": [
                            sentence_url(d, int(s)) for d, s in zip(steps["doc_id"], steps["start"], strict=True)
                        ],  # fmt: skip
                    }
                )
            ),
            hide_index=True,
            column_config=LINKS,
        )

rest = ft.others(view, chosen)
left_out = [
    ("under_way", "Already under way when this event's report first named them: not counted as launched"),
    ("areas", "Cooperation areas on its agenda"),
    ("reviewed", "Reported before, taken up again here"),
]
for key, heading in left_out:
    rows = rest[key]
    if len(rows):
        with st.expander(plain(f"{heading} ({len(rows):,})")):
            st.dataframe(
                ui.display_frame(
                    pd.DataFrame(
                        {
                            "Record": rows["name"],
                            "Page": [record_url("initiative", i) for i in rows["initiative_id"]],
                            "Status now": rows["status_now"].map(label),
                            "Sentence": rows["evidence"],
                        }
                    )
                ),
                hide_index=True,
                column_config=LINKS,
            )

st.subheader("Download this scorecard", anchor="downloads")
name = "".join(c if c.isalnum() else "-" for c in chosen)
left, right = st.columns(2)
left.download_button(
    "Scorecard (CSV)",
    guard_frame(card.drop(columns="_ini").assign(event_id=chosen, event=event["name"], as_of=until))
    .to_csv(index=False)
    .encode("utf-8"),
    f"followthrough-{name}-{until or 'undated'}.csv",
    "text/csv",
    icon=":material/download:",
    on_click="ignore",
    width="stretch",
)
right.download_button(
    "Later steps (CSV)",
    guard_frame(ft.later_steps(view, card).assign(event_id=chosen)).to_csv(index=False).encode("utf-8"),
    f"followthrough-steps-{name}-{until or 'undated'}.csv",
    "text/csv",
    icon=":material/download:",
    on_click="ignore",
    width="stretch",
)
ui.cite_box(filters, page="followthrough")
