"""Synthetic data for benchmarks: articles built from the codebook and templates, and tables
of any size. Everything here is marked synthetic and deterministic for a given seed; none of
it ever goes into seeds/."""

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from dashboard.codebook import ROOT, Codebook, load_codebook
from dashboard.confidence import Grounds
from dashboard.confidence import columns as confidence_columns
from dashboard.errors import InputError
from dashboard.merge import initiative_id
from dashboard.records import IATI_STATUS, Kind, Role, Status

PUBLISHER = "Synthetic benchmark corpus (not news)"
MONTHS = "January February March April May June July August September October November December".split()
KIND_NOUNS = {
    Kind.FUND: ["Fund", "Investment Fund", "Facility"],
    Kind.PROGRAMME: ["Programme", "Initiative", "Program"],
    Kind.NETWORK: ["Network", "Platform", "Alliance"],
    Kind.PROJECT: ["Project", "Corridor", "Power Plant", "Railway"],
    Kind.INSTITUTION: ["Centre", "Hub", "Council", "Institute"],
    Kind.STRATEGY: ["Strategy", "Roadmap", "Action Plan"],
}
TOPICS = [
    "Renewable Energy",
    "Green Hydrogen",
    "Digital Connectivity",
    "Logistics",
    "Critical Minerals",
    "Water Management",
    "Agricultural Innovation",
    "Industrial Cooperation",
    "Health Care",
    "Tourism",
    "Vocational Training",
    "High-Speed Rail",
    "Solar Power",
    "Trade Facilitation",
    "Food Security",
]
STATUS_SENTENCES = {
    Status.PROPOSED: [
        "{title} {leader} proposed creating the {name}, {noise}.",
        "{country} put forward an initiative to establish the {name}.",
        "{leader} expressed interest in the {name} with {partner}.",
    ],
    Status.UNDER_DISCUSSION: [
        "The sides discussed the {name} during talks in {city}.",
        "{country} and {partner} will explore the {name} next year.",
    ],
    Status.AGREED: [
        "{country} and {partner} signed an agreement on the {name} in {city}.",
        "The ministers approved the {name} on the sidelines of the meeting.",
    ],
    Status.IN_PROGRESS: [
        "Construction of the {name} is under way near {city}.",
        "The {name} was launched in {city} with support from {partner}.",
    ],
    Status.COMPLETED: ["The {name} was commissioned in {city}, officials said."],
    Status.STALLED: ["The {name} has been suspended after a review of costs."],
}
NOISE = [
    "Analysts noted that trade between the two countries grew steadily over the past year.",
    "The talks took place in a warm and constructive atmosphere, the press service said.",
    "Officials also reviewed the results of previous meetings and the schedule of upcoming contacts.",
    "The delegations exchanged views on regional and international issues of mutual interest.",
    "Earlier this year, the two leaders held a telephone conversation.",
    "Business representatives from both countries attended the meeting.",
]
ADVANCE = {
    Status.PROPOSED: [Status.UNDER_DISCUSSION, Status.AGREED],
    Status.UNDER_DISCUSSION: [Status.AGREED, Status.STALLED],
    Status.AGREED: [Status.IN_PROGRESS, Status.STALLED],
    Status.IN_PROGRESS: [Status.COMPLETED, Status.IN_PROGRESS],
    Status.COMPLETED: [Status.COMPLETED],
    Status.STALLED: [Status.AGREED, Status.STALLED],
}


@dataclass
class Actor:
    iso3: str
    country: str
    demonym: str
    leader: str
    title: str
    city: str


def actors(codebook: Codebook) -> list[Actor]:
    """Countries of the codebook that have a leader, a demonym and a city."""
    leaders = {}
    for leader in codebook.leaders:
        if not leader.former:
            leaders.setdefault(leader.iso3, leader)
    out = []
    for iso3, leader in sorted(leaders.items()):
        c = codebook.countries[iso3]
        if c.demonyms and c.cities:
            out.append(
                Actor(
                    iso3, c.aliases[-1] if c.aliases else c.name, c.demonyms[0], leader.name, leader.title, c.cities[0]
                )
            )
    return out


def make_name(rng: random.Random, a: Actor, b: Actor) -> tuple[str, Kind]:
    kind = rng.choice(sorted(KIND_NOUNS, key=lambda k: k.value))
    topic, noun = rng.choice(TOPICS), rng.choice(KIND_NOUNS[kind])
    style = rng.random()
    if style < 0.4:
        return f"{a.demonym}-{b.demonym} {topic} {noun}", kind
    if style < 0.7:
        return f"{a.city} {topic} {noun}", kind
    return f"Central Asia {topic} {noun}", kind


def variant(rng: random.Random, name: str) -> str:
    """Another outlet's wording of the same name: 'X Y Fund' -> 'Fund for X Y'."""
    words = name.split()
    if rng.random() < 0.5 or len(words) < 3:
        return name
    return f"{words[-1]} for {' '.join(words[:-1])}"


def article(rng: random.Random, date: dt.date, people: list[Actor], pool: list[dict]) -> str:
    a, b = rng.sample(people, 2)
    lines = [f"date {date.isoformat()}", "", f"{a.city.upper()}, {a.country}, {MONTHS[date.month - 1]} {date.day}."]
    body = []
    for _ in range(rng.randint(1, 3)):
        if pool and rng.random() < 0.4:  # a follow-up report on an earlier initiative
            item = rng.choice(pool)
            item["status"] = rng.choice(ADVANCE[item["status"]])
            name = variant(rng, item["name"])
        else:
            name, kind = make_name(rng, a, b)
            item = {"name": name, "status": Status.PROPOSED}
            pool.append(item)
        template = rng.choice(STATUS_SENTENCES[item["status"]])
        body.append(
            template.format(
                title=a.title,
                leader=a.leader,
                country=a.country,
                partner=b.country,
                city=rng.choice([a.city, b.city]),
                name=name,
                noise=rng.choice(NOISE).lower()[:-1],
            )
        )
    if rng.random() < 0.3:
        areas = rng.sample(TOPICS, 3)
        body.append(
            f"The sides discussed cooperation in areas such as {areas[0].lower()}, "
            f"{areas[1].lower()} and {areas[2].lower()}."
        )
    if rng.random() < 0.3:
        when = date + dt.timedelta(days=rng.randint(10, 90))
        body.append(f"{a.leader} will pay an official visit to {b.country} on {MONTHS[when.month - 1]} {when.day}.")
    body += rng.sample(NOISE, rng.randint(2, 4))
    rng.shuffle(body)
    lines.append(" ".join(body[:2]))
    lines += ["", " ".join(body[2:])] if body[2:] else []
    return "\n".join(lines) + "\n"


def write_corpus(n: int, seed: int, out: Path) -> list[Path]:
    """Write n synthetic articles (with metadata marking them synthetic) into `out`."""
    out = Path(out).resolve()
    if out == (ROOT / "seeds").resolve() or (ROOT / "seeds").resolve() in out.parents:
        raise InputError(out, "synthetic articles never go into seeds/")
    out.mkdir(parents=True, exist_ok=True)
    rng, people, pool = random.Random(seed), actors(load_codebook()), []
    start, paths = dt.date(2024, 1, 1), []
    for i in range(n):
        date = start + dt.timedelta(days=int(i * 900 / max(n, 1)))
        path = out / f"{i:05d}_synthetic.txt"
        path.write_text(article(rng, date, people, pool), encoding="utf-8")
        path.with_name(path.stem + ".meta.yaml").write_text(
            f"# Synthetic benchmark article, generated with seed {seed}: not news.\n"
            f"publisher: {PUBLISHER}\npublished: {date.isoformat()}\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


MONEY_SHARE = 0.3  # initiatives that state an amount, as in the paraphrased real reports (24 of 181 records)


def synthetic_money(rng: random.Random, lender: str, date: str) -> dict:
    """Money columns: an amount for about a third of the initiatives, in dollars, euros (at a
    made-up rate of 0.9 per dollar: these tables are benchmarks, not data) or soms (no rate)."""
    if rng.random() >= MONEY_SHARE:
        return {}
    amount = rng.choice((5, 30, 120, 500, 2_000)) * 1_000_000
    currency = rng.choice(("USD", "USD", "EUR", "KGS"))
    usd = {"USD": amount, "EUR": round(amount / 0.9, 2), "KGS": ""}[currency]
    return {
        "amount": amount,
        "currency": currency,
        "amount_text": f"{amount:,} {currency}",
        "instrument": rng.choice(("loan", "grant", "investment", "")),
        "amount_usd": usd,
        "usd_rate_year": int(date[:4]) if usd != "" else "",
        "flow": rng.choice(("proposed", "committed", "committed", "disbursed")),
        "lender_iso3": lender,
    }


def synthetic_grounds(i: int, row: dict) -> Grounds:
    """Grounds for a synthetic initiative's confidence that spread the scores as a corpus would,
    with no draw from the random stream (a draw would change every table made after it)."""
    return Grounds(
        sources=row["n_sources"],
        official="synthetic.gov" if i % 10 == 3 else "",
        statements=row["n_sources"],
        hedge="could" if i % 5 == 0 else "",
        reviewed=row["reviewed"],
        quiet_days=200 if row["quiet"] == "true" else None,
    )


SUMMIT_DOCS = 50  # documents that report each synthetic summit: every tenth of the documents, in runs


def synthetic_events(rows: dict[str, list[dict]], n_docs: int) -> dict[int, str]:
    """A summit reported by a run of SUMMIT_DOCS documents every 10 * SUMMIT_DOCS documents (each
    report an events row, its same_as the first): document index -> the summit's id."""
    about: dict[int, str] = {}
    for first in range(0, n_docs, 10 * SUMMIT_DOCS):
        summit = f"evt-syn{first:06d}"
        for d in range(first, min(n_docs, first + SUMMIT_DOCS)):
            doc = rows["documents"][d]
            rows["events"].append(
                {"event_id": summit if d == first else f"evt-syn{d:06d}", "name": f"Synthetic summit {first}",
                 "kind": "summit", "status": "held", "start": doc["published"], "end": "", "city": "", "iso3": "",
                 "doc_id": doc["doc_id"], "participants": "", "evidence": "A synthetic summit.",
                 "evidence_start": 0, "evidence_end": 10, "date_basis": "text",
                 "same_as": "" if d == first else summit}
            )  # fmt: skip
            about[d] = summit
    return about


def synthetic_rows(n: int, seed: int = 0) -> dict[str, list[dict]]:
    """Tables with n initiatives, shaped like a real build, for app benchmarks at any size."""
    from dashboard.tables import TABLES

    rng, codebook = random.Random(seed), load_codebook()
    people, sectors = actors(codebook), list(codebook.sectors.values())
    n_docs = max(1, n // 3)
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    start = dt.date(2020, 1, 1)
    for d in range(n_docs):
        date = (start + dt.timedelta(days=d * 2000 // n_docs)).isoformat()
        text = f"date {date}\n\nSynthetic benchmark document {d}: not news."
        rows["documents"].append(
            {
                "doc_id": f"syn-{d:06d}",
                "title": f"Synthetic document {d}",
                "published": date,
                "source": PUBLISHER,
                "url": "",
                "dateline_city": "",
                "dateline_iso3": "",
                "sha256": "",
                "path": "",
                "date_basis": "metadata",
                "lead": text,
                "text": text,
            }
        )
    summits = synthetic_events(rows, n_docs)
    for i in range(n):
        a, b = rng.sample(people, 2)
        name, kind = make_name(rng, a, b)
        iid = initiative_id("synthetic", f"{i}")
        docs = sorted(rng.sample(range(n_docs), min(n_docs, rng.randint(1, 3))))
        ladder = [s.value for s in Status]
        statuses = sorted(rng.sample(ladder, len(docs)), key=ladder.index)
        for doc, status in zip(docs, statuses, strict=True):
            doc_row = rows["documents"][doc]
            rows["status_history"].append(
                {
                    "initiative_id": iid,
                    "date": doc_row["published"],
                    "status": status,
                    "doc_id": doc_row["doc_id"],
                    "evidence": f"The {name} was reported.",
                    "start": 0,
                    "end": 10,
                    "cue": "reported",
                    "iati_status": IATI_STATUS[Status(status)],
                }
            )
        dates = [rows["documents"][d]["published"] for d in docs]
        rows["initiatives"].append(
            {
                "initiative_id": iid,
                "name": f"{name} {i}",
                "kind": kind.value,
                "status": statuses[-1],
                "proposer_iso3": a.iso3,
                "first_seen": dates[0],
                "last_seen": dates[-1],
                "summary": f"The {name} was reported.",
                "parent_id": "",
                "iati_status": IATI_STATUS[Status(statuses[-1])],
                "n_sources": len(docs),
                "reviewed": rng.random() < 0.05,
                "review_note": "",
                "quiet": "true" if rng.random() < 0.3 else "false",
                **synthetic_money(rng, a.iso3, dates[0]),
            }
        )
        rows["initiatives"][-1].update(confidence_columns(synthetic_grounds(i, rows["initiatives"][-1])))
        for iso3, role in ((a.iso3, Role.PROPOSER), (b.iso3, Role.PARTNER)):
            rows["initiative_countries"].append(
                {"initiative_id": iid, "iso3": iso3, "role": role.value, "inferred": False, "basis": "mention"}
            )
        for sector in rng.sample(sectors, rng.randint(1, 2)):
            rows["initiative_sectors"].append(
                {"initiative_id": iid, "sector_id": sector.sector_id, "dac_code": sector.dac}
            )
        rows["initiative_mentions"].append(
            {"mention_id": f"syn#{i}", "doc_id": f"syn-{docs[0]:06d}", "initiative_id": iid, "name": name}
        )
        for place, doc in enumerate(docs):
            if doc in summits:
                doc_row = rows["documents"][doc]
                rows["initiative_events"].append(
                    {"initiative_id": iid, "event_id": summits[doc], "doc_id": doc_row["doc_id"],
                     "relation": "launched" if place == 0 else "reviewed", "basis": "document",
                     "status": statuses[place], "date": doc_row["published"], "evidence": f"The {name} was reported.",
                     "start": 0, "end": 10}
                )  # fmt: skip
    rows["sectors"] = [
        {"sector_id": s.sector_id, "label": s.label, "dac_code": s.dac, "description": s.description} for s in sectors
    ]
    rows["countries"] = [
        {"iso3": p.iso3, "name": codebook.countries[p.iso3].name, "region": codebook.countries[p.iso3].region}
        for p in people
    ]
    return rows


def write_tables(n: int, out: Path, seed: int = 0) -> Path:
    """Synthetic tables with n initiatives, written like a build (CSVs, datapackage.json, Parquet)."""
    from dashboard.build import publish, write_atomically
    from dashboard.tables import TABLES, sort_rows

    rows = synthetic_rows(n, seed)
    write_atomically(Path(out), publish({name: sort_rows(name, rows[name]) for name in TABLES}))
    return Path(out)
