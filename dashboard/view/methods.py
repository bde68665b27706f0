"""The Methods page's content, read from the codebook and the tables: the codebook is the source
of truth (the status ladder's cues, the kinds' nouns, the exchange rates' source), not a copy."""

from dataclasses import dataclass

import pandas as pd

from dashboard.codebook import CODEBOOK_DIR, Codebook
from dashboard.confidence import SCALE
from dashboard.rates import RATES_FILE, load_rates
from dashboard.records import IATI_STATUS, Kind, Role, Status
from dashboard.view.data import Tables
from dashboard.view.style import STATUS_LABELS

SAMPLE = 8  # cues shown per status; the codebook file lists them all

ROLES = {
    Role.PROPOSER: "whose official put it forward",
    Role.PARTNER: "the counterpart asked to cooperate or contribute",
    Role.HOST: "where it physically is",
    Role.FINANCIER: "whose institutions fund it",
    Role.PARTICIPANT: "a member of a regional or multilateral initiative",
}
BASES = {
    "mention": "named: the sentence names the country (its name, a demonym, its capital or its leader)",
    "proposer": "named: the country's official puts it forward",
    "region:NAME": "inferred from a region the text names (“Central Asia” stands for its five members)",
    "organization:ID": "inferred from an organization the text names (JICA stands for Japan)",
    "context": "inferred from the article's context (the countries of the meeting it reports)",
    "review": "set by an analyst in data/overrides.yaml",
}
LIMITS = [
    "Only English-language text is read; a translation is read as it is written.",
    "Each record rests on one sentence at a time: a step reported across two sentences may be missed.",
    "Inferred country links (from a region, an organization or the context) are guesses the text "
    "supports but does not state: the “Country links” filter leaves them out.",
    "A status comes from the wording: “will”, “plans to” or a negation never yields agreed or later, "
    "and a report that something happened is taken as the source states it.",
    "Amounts are the first one stated for a record; a later, revised amount is not tracked yet.",
    "Dollar values exist only for currencies the ECB quotes; the others stay without one.",
    "In the committed-amounts chart, an amount shared by several countries or sectors counts in full in each.",
]
LIMITS_MARKDOWN = "\n".join(f"- {limit}" for limit in LIMITS)  # fixed text


@dataclass(frozen=True)
class Coverage:
    documents: int
    first: str
    last: str
    publishers: list[str]
    initiatives: int
    areas: int


def coverage(tables: Tables) -> Coverage:
    docs = tables.documents
    dates = sorted(d for d in docs["published"].fillna("") if d)
    publishers = sorted({p for p in docs["source"].fillna("") if p})
    area = tables.column("initiatives", "_area")
    return Coverage(len(docs), dates[0] if dates else "", dates[-1] if dates else "", publishers,
                    int((~area).sum()), int(area.sum()))  # fmt: skip


def ladder(codebook: Codebook) -> pd.DataFrame:
    """One row per status: its IATI code and the codebook's cues for it (a sample), with the
    status a hedged cue gives."""
    rows = []
    for status in Status:
        classes = [c for c in codebook.predicates if c.status is status]
        cues = [p for c in classes for p in (*c.verbs, *c.nouns)]
        hedged = sorted({STATUS_LABELS[c.hedged.value] for c in classes if c.hedged is not status})
        more = f" and {len(cues) - SAMPLE} more" if len(cues) > SAMPLE else ""
        rows.append(
            {
                "Status": STATUS_LABELS[status.value],
                "IATI activity status": IATI_STATUS[status],
                "Cues (a sample)": ", ".join(cues[:SAMPLE]) + more,
                "When hedged or negated": ", ".join(hedged) or "the same",
            }
        )
    return pd.DataFrame(rows)


def kinds(codebook: Codebook) -> pd.DataFrame:
    rows = [
        {"Kind": "cooperation area" if kind is Kind.AGENDA else kind.value,
         "Nouns that make it (a sample)": ", ".join(codebook.kind_nouns.get(kind, ())[:SAMPLE])
         or ", ".join(codebook.agenda_nouns[:SAMPLE])}
        for kind in Kind
    ]  # fmt: skip
    return pd.DataFrame(rows)


def rates_source(directory=CODEBOOK_DIR) -> tuple[str, int, str]:
    """The rates file's own header (its source), how many currencies it covers, and its years."""
    path = directory / RATES_FILE
    header = " ".join(line.lstrip("# ").strip() for line in path.read_text(encoding="utf-8").splitlines()
                      if line.startswith("#"))  # fmt: skip
    rates = load_rates(path)
    years = sorted({y for _, y in rates})
    return header, len({c for c, _ in rates}) + 1, f"{years[0]}–{years[-1]}" if years else ""  # + the dollar


def confidence_scale() -> str:
    """The confidence score's reasons as a Markdown list, each with its points (confidence.SCALE)."""
    return "\n".join(f"- **{p if r == 'base' else f'{p:+d}'}** {w}" for r, (p, w) in SCALE.items())
