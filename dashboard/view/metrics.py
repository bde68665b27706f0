"""Status cards: counts a person reads first. Unknown values are counted as unknown, never as zero."""

from dataclasses import dataclass

from dashboard.view.data import Tables
from dashboard.view.style import STATUS_LABELS, STATUS_ORDER


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    value: int
    note: str = ""


def cards(tables: Tables) -> list[Card]:
    """Initiatives, one card per status (unknown included when present), countries, sectors, sources."""
    ini = tables.initiatives
    by_status = ini["status"].value_counts()
    out = [Card("initiatives", "Initiatives in view", len(ini))]
    for status in STATUS_ORDER:
        if status == "unknown" and not by_status.get(status, 0):
            continue
        out.append(Card(status, STATUS_LABELS[status], int(by_status.get(status, 0))))
    no_country = len(ini) - tables.initiative_countries["initiative_id"].nunique()
    no_sector = len(ini) - tables.initiative_sectors["initiative_id"].nunique()
    out.append(
        Card(
            "countries",
            "Countries",
            tables.initiative_countries["iso3"].nunique(),
            f"{no_country} initiative(s) with unknown countries" if no_country else "",
        )
    )
    out.append(
        Card(
            "sectors",
            "Sectors",
            tables.initiative_sectors["sector_id"].nunique(),
            f"{no_sector} initiative(s) with unknown sector" if no_sector else "",
        )
    )
    out.append(Card("sources", "Sources", tables.status_history["doc_id"].nunique()))
    return out
