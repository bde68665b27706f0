"""The published tables: their schemas (declared once), records -> rows, and CSV/JSON output."""

import csv
import datetime as dt
import hashlib
import io
import json
import operator
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.codebook import Codebook, load_codebook
from dashboard.confidence import columns as confidence_columns
from dashboard.confidence import grounds_of
from dashboard.event_links import event_groups, event_id, link_rows
from dashboard.merge import (
    SAME_NAME,
    Cluster,
    MergeMemo,
    Report,
    alias_rows,
    assign_ids,
    cluster_reports,
    name_similarity,
    normalise,
)
from dashboard.overrides import Override, Review, apply_overrides
from dashboard.rates import RATES_FILE, Rates, in_usd, load_rates
from dashboard.records import IATI_STATUS, QUIET_DAYS, RANK, CountryLink, Extraction, Role, Status
from dashboard.schema import ENTITY_LAYERS, PRIMARY_KEYS, SCHEMAS, TABLES, Column  # noqa: F401  (re-exported)

Rows = dict[str, list[dict]]


def current_status(claims: list[tuple[str, Status]]) -> Status | None:
    """The latest claim by date; on the same date, the furthest along the ladder wins."""
    if not claims:
        return None
    return max(claims, key=lambda c: (c[0], RANK[c[1]]))[1]


def is_quiet(last_seen: str, newest: str) -> str:
    """'true' when nothing was reported for QUIET_DAYS before the corpus's newest document; '' if undated."""
    if not last_seen or not newest:
        return ""
    gap = dt.date.fromisoformat(newest) - dt.date.fromisoformat(last_seen)
    return "true" if gap.days > QUIET_DAYS else "false"


def _country_links(cluster: Cluster, review: Review | None) -> list[CountryLink]:
    if review and "countries" in review.values:
        return [CountryLink(c["iso3"], Role(c.get("role", "partner")), "review") for c in review.values["countries"]]
    links = [link for r in cluster.reports for link in r.initiative.countries]
    direct = {(link.iso3, link.role.value) for link in links if not link.inferred}
    unique: dict[tuple[str, str, str], CountryLink] = {}  # each link once, in order (keyed by its fields:
    for link in links:  # hashing the links themselves hashes their Role, in Python, 40,000 times a build)
        if not link.inferred or (link.iso3, link.role.value) not in direct:
            unique.setdefault((link.iso3, link.role.value, link.basis), link)
    return list(unique.values())


FLOWS = {Status.PROPOSED: "proposed", Status.UNDER_DISCUSSION: "proposed", Status.AGREED: "committed",
         Status.IN_PROGRESS: "disbursed", Status.COMPLETED: "disbursed"}  # fmt: skip


def flow_of(report: Report) -> str:
    """Where a stated amount stands, from the status of the sentence that states it: a loan
    proposed, signed (committed) or being spent (disbursed); '' when that sentence has no status
    or reports a stall."""
    money = report.initiative.money
    claims = report.initiative.claims
    stating = next((c for c in claims if c.evidence.start <= money.start < c.evidence.end), None)
    claim = stating or (claims[0] if claims else None)
    return FLOWS.get(claim.status, "") if claim else ""


def money_columns(reports: list[Report], links: list[CountryLink], rates: Rates) -> dict:
    """The first stated amount among an initiative's reports, in its currency and in US dollars,
    how it flows, who lends it, and where the source states it. Unknown stays empty, never 0."""
    stating = next((r for r in reports if r.initiative.money is not None), None)
    money = stating.initiative.money if stating else None
    instrument = next((r.initiative.instrument for r in reports if r.initiative.instrument), "")
    amount = (int(money.amount) if money.amount.is_integer() else money.amount) if money else ""
    usd, year = in_usd(amount, money.currency, stating.document.published, rates) if money else ("", "")
    lenders = dict.fromkeys(o for r in reports for o, role in r.initiative.organizations if role == "financier")
    return {
        "amount": amount,
        "currency": money.currency if money else "",
        "amount_text": money.text if money else "",
        "instrument": instrument,
        "amount_usd": (int(usd) if isinstance(usd, float) and usd.is_integer() else usd),
        "usd_rate_year": year,
        "flow": flow_of(stating) if stating else "",
        "lender_org_ids": ";".join(lenders),
        "lender_iso3": ";".join(dict.fromkeys(k.iso3 for k in links if k.role is Role.FINANCIER)),
        "amount_doc_id": stating.document.doc_id if stating else "",
        "amount_start": money.start if money and money.start >= 0 else "",
        "amount_end": money.end if money and money.end >= 0 else "",
    }


def cluster_rows(
    cluster: Cluster,
    review: Review | None,
    parents: dict[str, str],
    newest: str,
    rates: Rates | None = None,
    codebook: Codebook | None = None,
) -> Rows:
    """The rows of one initiative, merged across the documents that report it."""
    iid = cluster.initiative_id
    reports = sorted(cluster.reports, key=lambda r: r.sort_key)
    values = review.values if review else {}
    claims = [(r.document, c) for r in reports for c in r.initiative.claims]
    status = current_status([(doc.published, c.status) for doc, c in claims])
    if "status" in values:
        status = Status(values["status"])
    dates = sorted(doc.published for doc, _ in claims if doc.published)
    first = reports[0]
    parent = next((parents.get(f"{r.document.doc_id}#{r.initiative.parent_key}", "") for r in reports
                   if r.initiative.parent_key), "")  # fmt: skip
    proposer = values.get("proposer", next((r.initiative.proposer for r in reports if r.initiative.proposer), ""))
    rows: Rows = {name: [] for name in TABLES}
    links = _country_links(cluster, review)
    rows["initiatives"].append(
        {
            "initiative_id": iid,
            "name": (review.name if review and review.name else first.initiative.name),
            "kind": values.get("kind", first.initiative.kind.value),
            "status": status.value if status else "unknown",
            "proposer_iso3": proposer or "",
            "first_seen": dates[0] if dates else "",
            "last_seen": dates[-1] if dates else "",
            "summary": claims[0][1].evidence.text if claims else "",
            "parent_id": parent if parent != iid else "",
            "iati_status": IATI_STATUS[status] if status else "",
            "n_sources": len({r.document.doc_id for r in reports}),
            "reviewed": review is not None,
            "review_note": " | ".join(review.notes) if review else "",
            "quiet": is_quiet(dates[-1] if dates else "", newest),
            **money_columns(reports, links, rates or {}),
        }
    )
    row = rows["initiatives"][-1]
    grounds = grounds_of(claims, [r.document for r in reports], row["status"], row["reviewed"],
                         (row["last_seen"], newest, row["quiet"]), codebook or load_codebook())  # fmt: skip
    row.update(confidence_columns(grounds))
    for link in links:
        rows["initiative_countries"].append(
            {"initiative_id": iid, "iso3": link.iso3, "role": link.role.value, "inferred": link.inferred,
             "basis": link.basis}
        )  # fmt: skip
    for doc, claim in claims:
        rows["status_history"].append(
            {
                "initiative_id": iid,
                "date": doc.published,
                "status": claim.status.value,
                "doc_id": doc.doc_id,
                "evidence": claim.evidence.text,
                "start": claim.evidence.start,
                "end": claim.evidence.end,
                "cue": claim.cue,
                "iati_status": IATI_STATUS[claim.status],
            }
        )
    sectors = values.get("sectors") or list(dict.fromkeys(s for r in reports for s in r.initiative.sectors))
    rows["initiative_sectors"] = [{"initiative_id": iid, "sector_id": s} for s in sectors]
    for r in reports:
        for org_id, role in r.initiative.organizations:
            rows["initiative_organizations"].append({"initiative_id": iid, "org_id": org_id, "role": role})
        rows["initiative_mentions"].append(
            {"mention_id": r.mention_id, "doc_id": r.document.doc_id, "initiative_id": iid, "name": r.initiative.name}
        )
    return rows


def document_rows(ex: Extraction) -> Rows:
    """The document's own rows: itself, its events and its entity annotations."""
    doc = ex.document
    rows: Rows = {name: [] for name in TABLES}
    rows["documents"].append(
        {
            "doc_id": doc.doc_id,
            "title": doc.title,
            "published": doc.published,
            "source": doc.source,
            "url": doc.url,
            "dateline_city": doc.dateline_city,
            "dateline_iso3": doc.dateline_iso3,
            "sha256": doc.sha256,
            "path": doc.path,
            "date_basis": doc.date_basis,
            "lead": ex.lead,
            "text": doc.text,
        }
    )
    for event in ex.events:
        rows["events"].append(
            {
                "event_id": event_id(doc.doc_id, event),
                "name": event.name,
                "kind": event.kind,
                "status": event.status,
                "start": event.start,
                "end": event.end,
                "city": event.city,
                "iso3": event.iso3,
                "doc_id": doc.doc_id,
                "participants": ";".join(event.participants),
                "evidence": event.evidence.text,
                "evidence_start": event.evidence.start,
                "evidence_end": event.evidence.end,
                "date_basis": event.date_basis,
                "same_as": "",
            }
        )
    for mention in ex.mentions:
        rows["annotations"].append(
            {"doc_id": doc.doc_id, "start": mention.span.start, "end": mention.span.end,
             "layer": ENTITY_LAYERS[mention.label], "ref": mention.ref, "text": mention.span.text}
        )  # fmt: skip
    return rows


def report_annotations(cluster: Cluster) -> list[dict]:
    """Where each report names its initiative, and the cues of its claims."""
    rows = []
    for r in cluster.reports:
        doc_id = r.document.doc_id
        for span in r.initiative.spans:
            rows.append({"doc_id": doc_id, "start": span.start, "end": span.end, "layer": "initiative",
                         "ref": cluster.initiative_id, "text": span.text})  # fmt: skip
        for claim in r.initiative.claims:
            if claim.cue_span is not None:
                span = claim.cue_span
                rows.append({"doc_id": doc_id, "start": span.start, "end": span.end, "layer": "cue",
                             "ref": claim.status.value, "text": span.text})  # fmt: skip
    return rows


@dataclass
class Previous:
    """What the last build published that keeps ids stable: report -> id, and old aliases."""

    mentions: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, tuple[str, str]] = field(default_factory=dict)  # alias -> (id, reason)
    names: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # doc -> (mention id, name, id)


def renamed_mentions(reports: list[Report], previous: Previous, codebook: Codebook) -> dict[str, str]:
    """Reports the last build knew under another name: a change of the extractor rewords a name
    ('Regional interconnectivity' -> 'Interconnectivity'), and the id must not change with it. A new
    report takes the id of the same document's old report of its kind whose name is most alike."""
    found: dict[str, str] = {}
    taken: set[str] = set()
    for report in reports:
        if report.mention_id in previous.mentions:
            taken.add(report.mention_id)
    for report in reports:
        if report.mention_id in previous.mentions:
            continue
        kind, words = report.initiative.kind.value, normalise(report.initiative.name, codebook)
        best, score = None, SAME_NAME
        for mention_id, name, old in previous.names.get(report.document.doc_id, []):
            if mention_id in taken or mention_id.split("#", 1)[-1].split(":", 1)[0] != kind:
                continue
            old_words = normalise(name, codebook)
            similar = name_similarity(words, old_words)
            if old_words and words and (set(old_words) <= set(words) or set(words) <= set(old_words)):
                similar = max(similar, SAME_NAME)  # one name is the other with more or fewer words
            if similar >= score:
                best, score = (mention_id, old), similar
        if best is not None:
            taken.add(best[0])
            found[report.mention_id] = best[1]
    return found


def identify(
    extractions: list[Extraction], codebook: Codebook, previous: Previous, memo: MergeMemo | None = None
) -> list[Cluster]:
    reports = [Report(ex.document, ini, i) for ex in extractions for i, ini in enumerate(ex.initiatives)]
    clusters = cluster_reports(reports, codebook, memo)
    previous.mentions = {**previous.mentions, **renamed_mentions(reports, previous, codebook)}
    assign_ids(clusters, previous.mentions)
    return clusters


def assemble(
    extractions: list[Extraction],
    codebook: Codebook,
    previous: Previous | None = None,
    overrides: list[Override] | None = None,
    overrides_path: Path = Path("data/overrides.yaml"),
    memo: MergeMemo | None = None,
    sort: bool = True,
    rates: Rates | None = None,
) -> Rows:
    """Rows of every table: reports merged across documents, ids kept stable, reviews applied;
    sorted by primary key unless `sort` is False (sort_rows then falls to the caller).
    `memo` holds the last merge's decisions (merge.MergeMemo), and this one's after."""
    previous = previous or Previous()
    if rates is None:  # the exchange rates beside the codebook's lexicons
        rates = load_rates(codebook.files[0].parent / RATES_FILE)
    clusters = identify(extractions, codebook, previous, memo)
    old_aliases = {a: t for a, (t, _) in previous.aliases.items()}
    clusters, reviews, reviewed_aliases = apply_overrides(
        clusters, overrides or [], {**old_aliases, **alias_rows(clusters, previous.mentions, {})}, overrides_path
    )
    aliases = alias_rows(clusters, previous.mentions, old_aliases)
    reasons = {a: previous.aliases.get(a, ("", "merged" if t else "removed"))[1] for a, t in aliases.items()}
    for alias, target in reviewed_aliases.items():
        aliases[alias], reasons[alias] = target, "merged by review" if target else "dropped by review"
    rows: Rows = {name: [] for name in TABLES}
    for ex in extractions:
        for name, part in document_rows(ex).items():
            rows[name] += part
    group = event_groups(extractions)
    for row in rows["events"]:
        row["same_as"] = "" if group[row["event_id"]] == row["event_id"] else group[row["event_id"]]
    rows["initiative_events"] = link_rows(extractions, clusters, group)
    newest = max((ex.document.published for ex in extractions if ex.document.published), default="")
    parents = {r.mention_id: c.initiative_id for c in clusters for r in c.reports}
    for cluster in clusters:
        review = reviews.get(cluster.initiative_id)
        for name, part in cluster_rows(cluster, review, parents, newest, rates, codebook).items():
            rows[name] += part
        rows["annotations"] += report_annotations(cluster)
    for row in rows["initiative_sectors"]:
        row["dac_code"] = codebook.sectors[row["sector_id"]].dac
    current = set(parents.values())
    rows["initiative_aliases"] = [
        {"alias_id": a, "initiative_id": t, "reason": reasons[a]} for a, t in aliases.items() if a not in current
    ]
    mentioned = {r["ref"] for r in rows["annotations"] if r["layer"] == "organization"}
    rows["organizations"] = [
        {"org_id": o.org_id, "name": o.name, "kind": o.kind, "iso3": o.iso3}
        for o in codebook.organizations.values()
        if o.org_id in mentioned
    ]
    rows["sectors"] = [
        {"sector_id": s.sector_id, "label": s.label, "dac_code": s.dac, "description": s.description}
        for s in codebook.sectors.values()
    ]
    used = {r["iso3"] for r in rows["initiative_countries"]}
    used |= {r["iso3"] for r in rows["events"]} | {r["dateline_iso3"] for r in rows["documents"]}
    used |= {p for r in rows["events"] for p in r["participants"].split(";")}
    used |= {r["iso3"] for r in rows["organizations"]}
    rows["countries"] = [
        {"iso3": c.iso3, "name": c.name, "region": c.region} for iso3, c in codebook.countries.items() if iso3 in used
    ]
    return {name: sort_rows(name, table) for name, table in rows.items()} if sort else rows


def sort_rows(name: str, rows: list[dict]) -> list[dict]:
    """Drop duplicate rows and sort by the primary key: output is byte-identical across runs."""
    key_cols = PRIMARY_KEYS[name]
    pick = operator.itemgetter(*key_cols)  # in C: these tables have up to 10**5 rows
    keys = map(pick, rows) if len(key_cols) > 1 else zip(map(pick, rows))  # 1-tuples
    unique = dict(zip(keys, rows, strict=True))  # a key's last row, at the key's first place
    if all(_sorts_as_is(column) for column in zip(*unique, strict=True)):
        return [unique[k] for k in sorted(unique)]
    return [
        unique[k]
        for k in sorted(unique, key=lambda k: tuple(str(v).zfill(12) if isinstance(v, int) else str(v) for v in k))
    ]


def _sorts_as_is(column: tuple) -> bool:
    """Whether a key column sorts as it is as it would zero-padded: all text, or all offsets (whole
    numbers from 0 to 10**12). Checked with builtins that loop in C: tables have 10**5 rows."""
    kinds = set(map(type, column))
    return kinds == {str} or (kinds == {int} and min(column) >= 0 and max(column) < 10**12)


def to_csv(name: str, rows: list[dict]) -> str:
    """One table as CSV text, columns in schema order; booleans as true and false."""
    fields = [c.name for c in SCHEMAS[name]]
    extra = set().union(*rows) - set(fields) if rows else set()
    if extra:
        raise ValueError(f"{name}: columns not in its schema: {', '.join(sorted(extra))}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    flags = [i for i, c in enumerate(SCHEMAS[name]) if c.type == "boolean"]
    if all(len(row) == len(fields) for row in rows):  # every column in every row: pick them in C
        pick = operator.itemgetter(*fields)
        writer.writerows(map(pick, rows) if not flags else (_booleans(list(pick(row)), flags) for row in rows))
    else:
        writer.writerows([_cell(row.get(f, "")) for f in fields] for row in rows)
    return buffer.getvalue()


def _booleans(values: list, flags: list[int]) -> list:
    for i in flags:
        values[i] = _cell(values[i])
    return values


def _cell(value: object) -> object:
    return ("true" if value else "false") if value.__class__ is bool else value


def to_json(rows: Rows) -> str:
    """Every table as one JSON object of row lists."""
    return json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def datapackage(csv_texts: dict[str, str]) -> str:
    """A Frictionless tabular data package describing the CSV files."""
    whole, hashes = hashlib.sha256(), {}  # each text encoded once: at 10,000 articles they hold 30 MB
    for name in TABLES:
        data = csv_texts[name].encode("utf-8")
        whole.update(data)
        hashes[name] = hashlib.sha256(data).hexdigest()
    version = whole.hexdigest()[:16]
    resources = []
    for name in TABLES:
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "hash": "sha256:" + hashes[name],
                "schema": {
                    "fields": [{"name": c.name, "type": c.type, "description": c.description} for c in SCHEMAS[name]],
                    "primaryKey": PRIMARY_KEYS[name],
                },
            }
        )
    package = {
        "profile": "tabular-data-package",
        "name": "cooperation-tracker",
        "title": "Cooperation tracker: initiatives, sectors and stakeholder countries",
        "version": version,
        "resources": resources,
    }
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"
