"""A page per record, each with its own link: an initiative (`?initiative=ID`), a country
(`?iso3=UZB`) or an organization (`?org=adb`). Every field, the countries with role and basis,
the amount, the status history with each sentence linked to its place in the source, and the
related records."""

import pandas as pd
import streamlit as st

from dashboard import ui
from dashboard.view import records
from dashboard.view.evidence import confidence_text
from dashboard.view.plain import plain
from dashboard.view.style import STATUS_LABELS

LINK = {"Page": st.column_config.LinkColumn("Page", display_text="open")}

tables = ui.tables()
articles = st.session_state.get(ui.SESSION_ARTICLES, {})
if articles:  # records of this session's articles have pages too, in this session
    tables = ui.session_tables(tables, articles)
ui.show_freshness(ui.tables())
asked = {key: st.query_params.get(key, "") for key in records.RECORD_KEYS if st.query_params.get(key)}


def table(frame: pd.DataFrame, links: dict | None = None) -> None:
    st.dataframe(ui.display_frame(frame), hide_index=True, column_config={**LINK, **(links or {})})


def not_found(what: str, value: str) -> None:
    st.title("Record")
    st.warning(plain(f"No {what} “{value[:60]}” in these tables."), icon=":material/search_off:")
    st.page_link("screens/initiatives.py", label="Browse the initiatives", icon=":material/list_alt:")
    st.stop()


if "initiative" in asked:
    iid = asked["initiative"]
    ini = tables.initiatives.set_index("initiative_id")
    if iid not in ini.index:
        not_found("initiative", iid)
    row = ini.loc[iid]
    kind = "Cooperation area" if row["kind"] == "agenda" else str(row["kind"]).capitalize()
    st.title(plain(row["name"]))
    st.caption(plain(f"{kind} · {STATUS_LABELS.get(row['status'], row['status'])} · id {iid}"))
    fields = {
        "Kind": kind,
        "Status": STATUS_LABELS.get(row["status"], row["status"]),
        "IATI activity status": row["iati_status"],
        "Proposer": row["proposer_iso3"],
        "First seen": row["first_seen"],
        "Last seen": row["last_seen"],
        "Sources": row["n_sources"],
        "Confidence": f"{row['confidence']} of 100" if not pd.isna(row.get("confidence")) else "",
        "Review": "reviewed" if row["reviewed"] else "machine-extracted",
        "Analyst's note": row["review_note"],
        "Amount": row["amount_text"],
        "Currency": row["currency"],
        "Amount (USD)": ui.usd(float(row["_usd"])) if not pd.isna(row["_usd"]) else "",
        "Rate year": row["usd_rate_year"],
        "Flow": row["flow"],
        "Instrument": row["instrument"],
    }
    shown = [(k, str(v)) for k, v in fields.items() if not pd.isna(v) and str(v) not in ("", "<NA>", "nan")]
    table(pd.DataFrame(shown, columns=["Field", "Value"]))
    money = ui.money_words(tables, row)
    if money:
        st.markdown(plain(money))
    st.subheader("Countries")
    links = records.initiative_links(tables, iid, ui.basis_words)
    if len(links):
        table(links)
    else:
        st.caption("The text links no country to it.")
    orgs = records.initiative_organizations(tables, iid)
    if len(orgs):
        st.subheader("Organizations")
        table(orgs)
    events = records.initiative_events(tables, iid)
    if len(events):
        st.subheader("Events")
        read, scorecard = ("In its source", "read"), ("Follow-through", "open")
        table(
            events, {name: st.column_config.LinkColumn(name, display_text=shown) for name, shown in (read, scorecard)}
        )
    st.subheader("Status history")
    sure = confidence_text(row.get("confidence"), row.get("confidence_reasons"))
    if sure:
        st.markdown(plain(sure))
    history = records.initiative_history(tables, iid)
    table(history, {"In its source": st.column_config.LinkColumn("In its source", display_text="read")})
    st.subheader("Related records")
    near = records.related(tables, iid)
    if len(near):
        table(near)
    else:
        st.caption("No related record.")
elif "iso3" in asked:
    iso3 = asked["iso3"]
    countries = tables.countries.set_index("iso3")
    if iso3 not in countries.index:
        not_found("country", iso3)
    st.title(plain(countries.loc[iso3, "name"] or iso3))
    st.caption(plain(f"{iso3} · {countries.loc[iso3, 'region'] or 'region not curated'}"))
    found = records.country_records(tables, iso3, ui.basis_words)
    named = found["Basis"].str.startswith("named").sum()
    linked = plain(
        f"Linked to {found['Record'].nunique():,} record(s); {named:,} link(s) name it, the others infer it."
    )
    st.markdown(linked)
    if len(found) > ui.TABLE_ROWS:
        st.caption(plain(f"Showing the newest {ui.TABLE_ROWS:,}; filter the Initiatives page by this country for all."))
    table(found.head(ui.TABLE_ROWS))
elif "org" in asked:
    org_id = asked["org"]
    orgs = tables.organizations.set_index("org_id")
    if org_id not in orgs.index:
        not_found("organization", org_id)
    st.title(plain(orgs.loc[org_id, "name"]))
    st.caption(plain(f"{orgs.loc[org_id, 'kind']} · {orgs.loc[org_id, 'iso3'] or 'multilateral'} · id {org_id}"))
    found = records.organization_records(tables, org_id)
    if len(found) > ui.TABLE_ROWS:
        st.caption(plain(f"Showing the newest {ui.TABLE_ROWS:,} of {len(found):,} records."))
    table(found.head(ui.TABLE_ROWS))
else:
    st.title("Record")
    st.info(
        "Open a record from the Initiatives page (its Page column), or from a link such as "
        "record?initiative=ID, record?iso3=UZB or record?org=adb.",
        icon=":material/info:",
    )
