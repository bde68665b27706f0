"""The published tables: their schemas (declared once), records -> rows, and CSV/JSON output."""

import csv
import hashlib
import io
import json
from dataclasses import dataclass

from dashboard.codebook import Codebook
from dashboard.records import IATI_STATUS, RANK, Extraction, Initiative, Status


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type
    description: str


def _cols(*specs: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


# The contract of DESIGN.md, with the extra columns this project adds after the fixed ones.
SCHEMAS: dict[str, tuple[Column, ...]] = {
    "documents": _cols(
        ("doc_id", "string", "Source document id: the file name without its extension"),
        ("title", "string", "Title from metadata; empty when unknown"),
        ("published", "date", "Publication date (ISO 8601); empty when unknown"),
        ("source", "string", "Publisher"),
        ("url", "string", "Address of the original article"),
        ("dateline_city", "string", "City of the wire dateline"),
        ("dateline_iso3", "string", "ISO 3166-1 alpha-3 code of the dateline"),
        ("sha256", "string", "SHA-256 of the source file's bytes"),
        ("path", "string", "Path of the source file in the repository"),
        ("date_basis", "string", "Where the date comes from: metadata, header, or empty"),
        ("lead", "string", "The first sentence of the body, to show when there is no title"),
        ("text", "string", "Full text of the source, to which every offset refers"),
    ),
    "initiatives": _cols(
        ("initiative_id", "string", "Stable id of the initiative"),
        ("name", "string", "Name as a person would write it"),
        (
            "kind",
            "string",
            "fund, programme, network, project, partnership, agreement, strategy, institution, target, agenda",
        ),
        ("status", "string", "Latest known status on the ladder; unknown when no claim has one"),
        ("proposer_iso3", "string", "Country whose official put it forward; empty when unknown"),
        ("first_seen", "date", "Date of the earliest status claim"),
        ("last_seen", "date", "Date of the latest status claim"),
        ("summary", "string", "The sentence that first reports it"),
        ("parent_id", "string", "The initiative this one serves, e.g. the programme a fund supports"),
        ("iati_status", "integer", "IATI ActivityStatus code of the status"),
        ("n_sources", "integer", "Number of documents that report it"),
    ),
    "initiative_countries": _cols(
        ("initiative_id", "string", "Initiative"),
        ("iso3", "string", "ISO 3166-1 alpha-3 code"),
        ("role", "string", "proposer, partner, host, financier or participant"),
        ("inferred", "boolean", "True when not named directly: from a region name, an organization or the context"),
        ("basis", "string", "Why: mention, proposer, region:NAME, organization:ID or context"),
    ),
    "initiative_sectors": _cols(
        ("initiative_id", "string", "Initiative"),
        ("sector_id", "string", "Sector of the codebook"),
        ("dac_code", "integer", "OECD DAC (CRS) 3-digit sector code"),
    ),
    "status_history": _cols(
        ("initiative_id", "string", "Initiative"),
        ("date", "date", "Date of the claim: the document's publication date"),
        ("status", "string", "Status claimed"),
        ("doc_id", "string", "Document that makes the claim"),
        ("evidence", "string", "The sentence, exactly as in the source"),
        ("start", "integer", "Character offset of the sentence in the source"),
        ("end", "integer", "Character offset of the sentence's end"),
        ("cue", "string", "The words that signal the status"),
        ("iati_status", "integer", "IATI ActivityStatus code"),
    ),
    "sectors": _cols(
        ("sector_id", "string", "Sector id"),
        ("label", "string", "OECD DAC short name"),
        ("dac_code", "integer", "OECD DAC (CRS) 3-digit sector code"),
        ("description", "string", "What the sector covers"),
    ),
    "countries": _cols(
        ("iso3", "string", "ISO 3166-1 alpha-3 code"),
        ("name", "string", "Short name"),
        ("region", "string", "UN M49 sub-region, where curated"),
    ),
    "organizations": _cols(
        ("org_id", "string", "Organization id of the codebook"),
        ("name", "string", "Name"),
        ("kind", "string", "company, bank, development_agency, media, multilateral, ..."),
        ("iso3", "string", "Country of seat; empty for multilateral bodies"),
    ),
    "initiative_organizations": _cols(
        ("initiative_id", "string", "Initiative"),
        ("org_id", "string", "Organization"),
        ("role", "string", "financier or partner"),
    ),
    "events": _cols(
        ("event_id", "string", "Stable id of the event"),
        ("name", "string", "Name as written"),
        ("kind", "string", "summit, visit, meeting or conference"),
        ("status", "string", "planned, held, postponed or cancelled; empty when unknown"),
        ("start", "string", "Start date (ISO 8601, at the precision given: YYYY, YYYY-MM or YYYY-MM-DD)"),
        ("end", "string", "End date, for a range"),
        ("city", "string", "City"),
        ("iso3", "string", "Country where it takes place"),
        ("doc_id", "string", "Document"),
        ("participants", "string", "ISO3 codes of the countries taking part, separated by ';'"),
        ("evidence", "string", "The sentence that dates or places it"),
        ("evidence_start", "integer", "Character offset of the sentence"),
        ("evidence_end", "integer", "Character offset of the sentence's end"),
    ),
    "annotations": _cols(
        ("doc_id", "string", "Document"),
        ("start", "integer", "Character offset where the annotated words start"),
        ("end", "integer", "Character offset where they end"),
        ("layer", "string", "country, organization, initiative or cue"),
        ("ref", "string", "ISO3 code, region name, org_id, initiative_id or status"),
        ("text", "string", "The annotated words, exactly as in the source"),
    ),
}
ENTITY_LAYERS = {
    "COUNTRY": "country",
    "DEMONYM": "country",
    "CITY": "country",
    "LEADER": "country",
    "REGION": "country",
    "ORG": "organization",
}
PRIMARY_KEYS = {
    "documents": ["doc_id"],
    "initiatives": ["initiative_id"],
    "initiative_countries": ["initiative_id", "iso3", "role"],
    "initiative_sectors": ["initiative_id", "sector_id"],
    "status_history": ["initiative_id", "doc_id", "start", "status"],
    "sectors": ["sector_id"],
    "countries": ["iso3"],
    "organizations": ["org_id"],
    "initiative_organizations": ["initiative_id", "org_id", "role"],
    "events": ["event_id"],
    "annotations": ["doc_id", "start", "end", "layer"],
}
TABLES = tuple(SCHEMAS)

Rows = dict[str, list[dict]]


def short_hash(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:12]


def initiative_id(doc_id: str, key: str) -> str:
    """Stable id: depends only on the document and the initiative's normalised name."""
    return "ini-" + short_hash(doc_id, key)


def current_status(claims: list[tuple[str, Status]]) -> Status | None:
    """The latest claim by date; on the same date, the furthest along the ladder wins."""
    if not claims:
        return None
    return max(claims, key=lambda c: (c[0], RANK[c[1]]))[1]


def initiative_rows(ex: Extraction, ini: Initiative, ids: dict[str, str]) -> Rows:
    doc = ex.document
    iid = ids[ini.key]
    claims = [(doc.published, c.status) for c in ini.claims]
    status = current_status(claims)
    dates = sorted(d for d, _ in claims if d)
    summary = ini.claims[0].evidence.text if ini.claims else ""
    rows: Rows = {name: [] for name in TABLES}
    rows["initiatives"].append(
        {
            "initiative_id": iid,
            "name": ini.name,
            "kind": ini.kind.value,
            "status": status.value if status else "unknown",
            "proposer_iso3": ini.proposer,
            "first_seen": dates[0] if dates else "",
            "last_seen": dates[-1] if dates else "",
            "summary": summary,
            "parent_id": ids.get(ini.parent_key, ""),
            "iati_status": IATI_STATUS[status] if status else "",
            "n_sources": 1,
        }
    )
    for link in ini.countries:
        rows["initiative_countries"].append(
            {
                "initiative_id": iid,
                "iso3": link.iso3,
                "role": link.role.value,
                "inferred": link.inferred,
                "basis": link.basis,
            }
        )
    for claim in ini.claims:
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
    for org_id, role in ini.organizations:
        rows["initiative_organizations"].append({"initiative_id": iid, "org_id": org_id, "role": role})
    return rows


def extraction_rows(ex: Extraction, codebook: Codebook) -> Rows:
    """All table rows for one document (shared tables such as sectors are added by `assemble`)."""
    doc = ex.document
    ids = {ini.key: initiative_id(doc.doc_id, ini.key) for ini in ex.initiatives}
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
    rows["annotations"] = annotation_rows(ex, ids)
    for ini in ex.initiatives:
        for name, part in initiative_rows(ex, ini, ids).items():
            rows[name] += part
        for sector_id in ini.sectors:
            sector = codebook.sectors[sector_id]
            rows["initiative_sectors"].append(
                {"initiative_id": ids[ini.key], "sector_id": sector_id, "dac_code": sector.dac}
            )
    for event in ex.events:
        rows["events"].append(
            {
                "event_id": "evt-" + short_hash(doc.doc_id, event.kind, event.start, str(event.evidence.start)),
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
            }
        )
    for mention in ex.mentions:
        if mention.label == "ORG":
            org = codebook.organizations[mention.ref]
            rows["organizations"].append({"org_id": org.org_id, "name": org.name, "kind": org.kind, "iso3": org.iso3})
    return rows


def annotation_rows(ex: Extraction, ids: dict[str, str]) -> list[dict]:
    """Highlight layers for the Sources page: entities, initiative names and status cues."""
    doc_id, rows = ex.document.doc_id, []

    def add(span, layer, ref):
        rows.append(
            {"doc_id": doc_id, "start": span.start, "end": span.end, "layer": layer, "ref": ref, "text": span.text}
        )

    for mention in ex.mentions:
        add(mention.span, ENTITY_LAYERS[mention.label], mention.ref)
    for ini in ex.initiatives:
        for span in ini.spans:
            add(span, "initiative", ids[ini.key])
        for claim in ini.claims:
            if claim.cue_span is not None:
                add(claim.cue_span, "cue", claim.status.value)
    return rows


def assemble(extractions: list[Extraction], codebook: Codebook) -> Rows:
    """Rows of every table for a set of documents, de-duplicated and sorted by primary key."""
    rows: Rows = {name: [] for name in TABLES}
    for ex in extractions:
        for name, part in extraction_rows(ex, codebook).items():
            rows[name] += part
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
    return {name: sort_rows(name, table) for name, table in rows.items()}


def sort_rows(name: str, rows: list[dict]) -> list[dict]:
    """Drop duplicate rows and sort by the primary key: output is byte-identical across runs."""
    key_cols = PRIMARY_KEYS[name]
    unique = {tuple(r[c] for c in key_cols): r for r in rows}
    return [
        unique[k]
        for k in sorted(unique, key=lambda k: tuple(str(v).zfill(12) if isinstance(v, int) else str(v) for v in k))
    ]


def to_csv(name: str, rows: list[dict]) -> str:
    """One table as CSV text, columns in schema order."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[c.name for c in SCHEMAS[name]], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: (str(v).lower() if isinstance(v, bool) else v) for k, v in row.items()})
    return buffer.getvalue()


def to_json(rows: Rows) -> str:
    """Every table as one JSON object of row lists."""
    return json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def datapackage(csv_texts: dict[str, str]) -> str:
    """A Frictionless tabular data package describing the CSV files."""
    version = hashlib.sha256("".join(csv_texts[n] for n in TABLES).encode("utf-8")).hexdigest()[:16]
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
                "hash": "sha256:" + hashlib.sha256(csv_texts[name].encode("utf-8")).hexdigest(),
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
