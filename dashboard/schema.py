"""The published tables' contract: columns, types, descriptions and primary keys, declared once.
No heavy imports here: the app reads it without loading the extractor."""

from dataclasses import dataclass
from pathlib import Path

# Where a build of data/tables writes the Atom feeds of their changes (dashboard/feeds.py): the
# app's static folder, served at app/static/feeds/.
FEEDS_DIR = Path(__file__).resolve().parent / "static" / "feeds"


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
            "fund, programme, network, project, partnership, agreement, strategy, institution, target, financing, "
            "deal, agenda. Agenda rows are cooperation areas (what a meeting names as its agenda or priority, "
            "such as green economy): kept in this one table, and counted and charted apart from the initiatives",
        ),
        ("status", "string", "Latest known status on the ladder; unknown when no claim has one"),
        ("proposer_iso3", "string", "Country whose official put it forward; empty when unknown"),
        ("first_seen", "date", "Date of the earliest status claim"),
        ("last_seen", "date", "Date of the latest status claim"),
        ("summary", "string", "The sentence that first reports it"),
        ("parent_id", "string", "The initiative this one serves, e.g. the programme a fund supports"),
        ("iati_status", "integer", "IATI ActivityStatus code of the status"),
        ("n_sources", "integer", "Number of documents that report it"),
        ("reviewed", "boolean", "True when an analyst's override names it (data/overrides.yaml)"),
        ("review_note", "string", "The analysts' notes"),
        ("quiet", "boolean", "True when no report came in the 180 days before the newest document; empty if undated"),
        ("amount", "number", "The sum it is worth, lent or granted, in its currency; empty when none is stated"),
        ("currency", "string", "ISO 4217 code of the amount"),
        ("amount_text", "string", "The amount as the source writes it"),
        ("instrument", "string", "How the money flows: loan, grant, equity, guarantee or investment; empty if unsaid"),
        (
            "amount_usd",
            "number",
            "The amount in US dollars at the annual average rate of the year of the document that states it "
            "(codebook exchange_rates.csv, ECB reference rates); empty when the currency or year has no rate",
        ),
        ("usd_rate_year", "integer", "The year of the rate used for amount_usd"),
        (
            "flow",
            "string",
            "Where the money stands, from the status of the sentence that states it: proposed (proposed or under "
            "discussion), committed (agreed), disbursed (in progress or completed); empty when unknown",
        ),
        ("lender_org_ids", "string", "Organizations that finance it (role financier), separated by ';'"),
        ("lender_iso3", "string", "Countries whose institutions finance it (role financier), separated by ';'"),
        ("amount_doc_id", "string", "The document that states the amount"),
        ("amount_start", "integer", "Character offset of the amount in that document"),
        ("amount_end", "integer", "Character offset of the amount's end"),
        (
            "confidence",
            "integer",
            "How well the tables support the record, 0 to 100: 50, plus or minus points for independent sources, "
            "an official source, a status stated in several sentences, hedged or negated wording, an analyst's "
            "review and the age of its last report (README, Confidence score). A heuristic, not a probability",
        ),
        ("confidence_reasons", "string", "The reasons for the score, each with its points, separated by '; '"),
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
        ("kind", "string", "summit, visit, meeting, conference or ceremony"),
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
        (
            "date_basis",
            "string",
            "text: the text dates it; lead: the story's lead does; document: only the report's month",
        ),
        (
            "same_as",
            "string",
            "The event_id of the first report of the same event, from another document (same kind and place, "
            "and the same dates with a name word in common, or names alike reported within a month); empty for "
            "that first report",
        ),
    ),
    "initiative_events": _cols(
        ("initiative_id", "string", "Initiative"),
        ("event_id", "string", "The event: the id of its first report (events.same_as empty)"),
        ("doc_id", "string", "The document that links the two"),
        (
            "relation",
            "string",
            "launched: first reported there, short of being under way; discussed: already under way or stalled "
            "when first reported there, or a cooperation area on its agenda; reviewed: reported before, taken up again",
        ),
        (
            "basis",
            "string",
            "sentence: the sentence that reports it names the event; document: the document is about it",
        ),
        ("status", "string", "Its status in that document (the furthest along its sentences there)"),
        ("date", "date", "The document's publication date"),
        ("evidence", "string", "The sentence that reports it there, exactly as in the source"),
        ("start", "integer", "Character offset of the sentence"),
        ("end", "integer", "Character offset of the sentence's end"),
    ),
    "annotations": _cols(
        ("doc_id", "string", "Document"),
        ("start", "integer", "Character offset where the annotated words start"),
        ("end", "integer", "Character offset where they end"),
        ("layer", "string", "country, organization, initiative or cue"),
        ("ref", "string", "ISO3 code, region name, org_id, initiative_id or status"),
        ("text", "string", "The annotated words, exactly as in the source"),
    ),
    "initiative_mentions": _cols(
        ("mention_id", "string", "A document's report of an initiative: DOC_ID#normalised name"),
        ("doc_id", "string", "Document"),
        ("initiative_id", "string", "The initiative the report belongs to; keeps ids stable across builds"),
        ("name", "string", "The name in that document"),
    ),
    "initiative_aliases": _cols(
        ("alias_id", "string", "An id that no longer names an initiative of its own"),
        ("initiative_id", "string", "The initiative it now points to; empty when dropped"),
        ("reason", "string", "merged, merged by review, dropped by review, or removed"),
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
    "initiative_events": ["initiative_id", "event_id", "doc_id"],
    "annotations": ["doc_id", "start", "end", "layer"],
    "initiative_mentions": ["mention_id"],
    "initiative_aliases": ["alias_id"],
}
TABLES = tuple(SCHEMAS)
PARQUET = "parquet"  # the app's copy of the tables, a folder next to the published CSVs
