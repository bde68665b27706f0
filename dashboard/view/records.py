"""A page per record: the frames of one initiative, country or organization, with links between
them and to the Sources page at each evidence sentence. Pure: tables in, frames out."""

from urllib.parse import urlencode

import pandas as pd

from dashboard.view.data import Tables
from dashboard.view.style import STATUS_LABELS

RECORD_KEYS = ("initiative", "iso3", "org")  # the record page's link parameters, one per kind of record
RELATED_ROWS = 12


def record_url(key: str, value: str) -> str:
    """A link to a record's page, relative to the app's root."""
    return "record?" + urlencode({key: value})


def sentence_url(doc_id: str, start: int) -> str:
    """A link to the Sources page at one sentence of a document (highlighted there)."""
    return "sources?" + urlencode({"doc": doc_id, "at": int(start)})


RELATION_WORDS = {"launched": "launched there", "discussed": "discussed there", "reviewed": "taken up again"}


def initiative_events(tables: Tables, initiative_id: str) -> pd.DataFrame:
    """The events that launched, discussed or took it up again: the event, where and when, the
    relation, the sentence in its source, and the event's Follow-through page."""
    base = tables.base
    links = base.initiative_events[base.initiative_events["initiative_id"] == initiative_id]
    events = base.events.set_index("event_id")
    return pd.DataFrame(
        {
            "Event": [events["name"].get(e, e) for e in links["event_id"]],
            "Where": [events["city"].get(e, "") or events["iso3"].get(e, "") for e in links["event_id"]],
            "Reported": list(links["date"]),
            "Relation": [RELATION_WORDS.get(r, r) for r in links["relation"]],
            "In its source": [sentence_url(d, s) for d, s in zip(links["doc_id"], links["start"], strict=True)],
            "Follow-through": ["followthrough?" + urlencode({"event": e}) for e in links["event_id"]],
        }
    )


def _names(tables: Tables) -> dict[str, str]:
    base = tables.base
    return dict(zip(base.countries["iso3"], base.countries["name"], strict=True))


def initiative_links(tables: Tables, initiative_id: str, basis_words) -> pd.DataFrame:
    """Its countries: name, role, basis in words, named or inferred, and the country's page."""
    base = tables.base
    links = base.initiative_countries[base.initiative_countries["initiative_id"] == initiative_id]
    names = _names(tables)
    return pd.DataFrame(
        {
            "Country": [names.get(c) or c for c in links["iso3"]],
            "Role": list(links["role"]),
            "Basis": [basis_words(b) for b in links["basis"]],
            "Page": [record_url("iso3", c) for c in links["iso3"]],
        }
    )


def initiative_organizations(tables: Tables, initiative_id: str) -> pd.DataFrame:
    base = tables.base
    links = base.initiative_organizations[base.initiative_organizations["initiative_id"] == initiative_id]
    names = dict(zip(base.organizations["org_id"], base.organizations["name"], strict=True))
    return pd.DataFrame(
        {
            "Organization": [names.get(o, o) for o in links["org_id"]],
            "Role": list(links["role"]),
            "Page": [record_url("org", o) for o in links["org_id"]],
        }
    )


def initiative_history(tables: Tables, initiative_id: str) -> pd.DataFrame:
    """Every status claim, oldest first, each with its sentence and a link to it in its source."""
    base = tables.base
    claims = base.status_history[base.status_history["initiative_id"] == initiative_id].sort_values(["date", "start"])
    return pd.DataFrame(
        {
            "Date": list(claims["date"]),
            "Status": [STATUS_LABELS.get(s, s) for s in claims["status"]],
            "Cue": list(claims["cue"]),
            "Evidence": list(claims["evidence"]),
            "Source": list(claims["doc_id"]),
            "In its source": [sentence_url(d, s) for d, s in zip(claims["doc_id"], claims["start"], strict=True)],
        }
    )


def related(tables: Tables, initiative_id: str) -> pd.DataFrame:
    """Records related to one: its parent, its children, then those reported in the same
    documents, most shared documents first."""
    base = tables.base
    ini = base.initiatives.set_index("initiative_id")
    row = ini.loc[initiative_id]
    out: dict[str, str] = {}
    parent = row["parent_id"] if isinstance(row["parent_id"], str) else ""
    if parent and parent in ini.index:
        out[parent] = "the initiative it serves"
    for child in ini.index[ini["parent_id"].eq(initiative_id)]:
        out.setdefault(child, "serves this one")
    history = base.status_history
    docs = set(history.loc[history["initiative_id"] == initiative_id, "doc_id"])
    shared = history[history["doc_id"].isin(docs) & history["initiative_id"].ne(initiative_id)]
    counts = shared.drop_duplicates(["initiative_id", "doc_id"])["initiative_id"].value_counts()
    for other, n in counts.items():
        if len(out) >= RELATED_ROWS:
            break
        out.setdefault(other, f"reported in {n} of the same source(s)")
    return pd.DataFrame(
        {
            "Record": [ini.loc[i, "name"] for i in out],
            "Kind": ["cooperation area" if ini.loc[i, "kind"] == "agenda" else ini.loc[i, "kind"] for i in out],
            "Status": [STATUS_LABELS.get(ini.loc[i, "status"], ini.loc[i, "status"]) for i in out],
            "How": list(out.values()),
            "Page": [record_url("initiative", i) for i in out],
        }
    )


def records_linked(tables: Tables, links: pd.DataFrame, extra: list[str]) -> pd.DataFrame:
    """The initiatives of link rows (initiative_id plus `extra` columns), newest first, with
    pages: one join, not a lookup per row (a country can have tens of thousands)."""
    columns = ["initiative_id", "name", "kind", "status", "last_seen"]
    joined = links[["initiative_id", *extra]].merge(tables.base.initiatives[columns], on="initiative_id")
    frame = pd.DataFrame(
        {
            "Record": joined["name"].to_numpy(),
            "Kind": joined["kind"].replace({"agenda": "cooperation area"}).to_numpy(),
            "Status": joined["status"].map(STATUS_LABELS).fillna(joined["status"]).to_numpy(),
            **{c.capitalize(): joined[c].to_numpy() for c in extra},
            "Last seen": joined["last_seen"].to_numpy(),
            "Page": ("record?initiative=" + joined["initiative_id"]).to_numpy(),
        }
    )
    return frame.sort_values(["Last seen", "Record"], ascending=[False, True]).reset_index(drop=True)


def country_records(tables: Tables, iso3: str, basis_words) -> pd.DataFrame:
    base = tables.base
    links = base.initiative_countries[base.initiative_countries["iso3"] == iso3]
    words = {b: basis_words(b) for b in links["basis"].unique()}  # a few distinct bases
    links = links.assign(basis=links["basis"].map(words))
    return records_linked(tables, links, ["role", "basis"])


def organization_records(tables: Tables, org_id: str) -> pd.DataFrame:
    base = tables.base
    links = base.initiative_organizations[base.initiative_organizations["org_id"] == org_id]
    return records_linked(tables, links, ["role"])
