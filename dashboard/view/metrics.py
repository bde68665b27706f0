"""Status cards: counts a person reads first. Unknown values are counted as unknown, never as zero."""

from dataclasses import dataclass

import numpy as np

from dashboard.view.data import Tables
from dashboard.view.style import STATUS_LABELS, STATUS_ORDER


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    value: int
    note: str = ""
    text: str = ""  # the value as shown, when it is not a plain count (an amount of money)


FLOW_LABELS = {"committed": "Committed", "disbursed": "Disbursed", "proposed": "Proposed"}


def usd(value: float) -> str:
    """$1.2 bn, $350 m, $45,000: an amount in US dollars, short."""
    for size, unit in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if abs(value) >= size:
            return f"${value / size:,.1f} {unit}".replace(".0 ", " ")
    return f"${value:,.0f}"


def money_cards(tables: Tables) -> tuple[list[Card], str]:
    """The initiatives' stated amounts in US dollars, summed by flow (committed, disbursed,
    proposed), and a note of what the sums leave out: initiatives with no amount, amounts in a
    currency with no rate, amounts whose flow is unknown. No card when no amount is stated."""
    initiatives = ~tables.column("initiatives", "_area")
    stated = tables.column("initiatives", "_stated") & initiatives
    values = tables.column("initiatives", "_usd")
    flows = tables.column("initiatives", "flow")
    missing = int(np.count_nonzero(initiatives)) - int(np.count_nonzero(stated))
    if not stated.any():
        return [], f"No amount of money is stated for the {missing:,} initiative(s) in view."
    priced = stated & ~np.isnan(values)
    out = []
    for flow, label in FLOW_LABELS.items():
        chosen = priced & (flows == flow)
        count = int(np.count_nonzero(chosen))
        out.append(Card(f"usd_{flow}", f"{label} (USD)", count, f"{count:,} initiative(s)", usd(values[chosen].sum())))
    notes = [f"{missing:,} initiative(s) without an amount"]
    unpriced = int(np.count_nonzero(stated & np.isnan(values)))
    if unpriced:
        currencies = sorted(set(tables.column("initiatives", "currency")[stated & np.isnan(values)]) - {""})
        notes.append(f"{unpriced:,} amount(s) with no dollar rate ({', '.join(currencies) or 'no currency'}) left out")
    unknown = int(np.count_nonzero(priced & ~np.isin(flows, list(FLOW_LABELS))))
    if unknown:
        notes.append(f"{unknown:,} amount(s) of unknown flow left out")
    return out, " · ".join(notes)


def cards(tables: Tables) -> list[Card]:
    """Initiatives (concrete undertakings), one card per status of theirs (unknown included when
    present), cooperation areas (what meetings name as their agenda: counted apart, never as
    initiatives), countries, sectors, sources. Counted over integer codes: the view's frames are not made."""
    ini = tables.column("initiatives", "_ini")
    area = tables.column("initiatives", "_area")
    statuses = tables.column("initiatives", "_status").astype(np.int64)
    by_status = np.bincount(statuses[~area], minlength=len(STATUS_ORDER))
    out = [Card("initiatives", "Initiatives in view", int(np.count_nonzero(~area)))]
    for place, status in enumerate(STATUS_ORDER):
        if status == "unknown" and not by_status[place]:
            continue
        out.append(Card(status, STATUS_LABELS[status], int(by_status[place])))
    areas = int(np.count_nonzero(area))
    discussed = int(np.count_nonzero(statuses[area] == STATUS_ORDER.index("under_discussion"))) if areas else 0
    discussing = f"{discussed} cooperation area(s) under discussion" if areas else ""
    out.append(Card("areas", "Cooperation areas", areas, discussing))
    no_country = len(ini) - distinct(tables.column("initiative_countries", "_ini"))
    no_sector = len(ini) - distinct(tables.column("initiative_sectors", "_ini"))
    named_only = tables.only.get("initiative_countries") == "_named"
    out.append(
        Card(
            "countries",
            "Countries named" if named_only else "Countries",
            distinct_values(tables, "initiative_countries", "_country", "iso3"),
            (
                f"{no_country} record(s) name no country"
                if named_only
                else f"{no_country} record(s) with unknown countries"
            )
            if no_country
            else "",
        )
    )
    out.append(
        Card(
            "sectors",
            "Sectors",
            distinct_values(tables, "initiative_sectors", "_sector", "sector_id"),
            f"{no_sector} record(s) with unknown sector" if no_sector else "",
        )
    )
    out.append(Card("sources", "Sources", distinct_values(tables, "status_history", "_doc", "doc_id")))
    return out


def distinct(codes: np.ndarray) -> int:
    """How many distinct non-negative codes."""
    codes = codes[codes >= 0]
    return int(np.count_nonzero(np.bincount(codes))) if len(codes) else 0


def distinct_values(tables: Tables, table: str, code: str, value: str) -> int:
    """How many distinct values a column takes in the view, counted on its codes; values
    without a code (not in their lookup table) are counted from the frame."""
    codes = tables.column(table, code)
    unlisted = codes < 0
    extra = getattr(tables, table)[value][unlisted].nunique() if unlisted.any() else 0
    return distinct(codes) + extra
