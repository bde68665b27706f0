"""Load and check the curated codebook in data/codebook/.

Every lexicon is a YAML mapping of canonical entry -> attributes and aliases. The
loader checks each entry and reports problems as `file:line: problem`, so that an
analyst knows which line to edit.
"""

import csv
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from dashboard.errors import CodebookError
from dashboard.records import Kind, Status

ROOT = Path(__file__).resolve().parent.parent
CODEBOOK_DIR = ROOT / "data" / "codebook"
ISO_FILE = "iso3166.csv"


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    region: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    cities: tuple[str, ...]


@dataclass(frozen=True)
class Leader:
    name: str
    iso3: str
    title: str
    aliases: tuple[str, ...]
    former: bool


@dataclass(frozen=True)
class Region:
    name: str
    aliases: tuple[str, ...]
    members: tuple[str, ...]


@dataclass(frozen=True)
class Sector:
    sector_id: str
    label: str
    dac: int
    description: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Organization:
    org_id: str
    name: str
    kind: str
    iso3: str
    aliases: tuple[str, ...]


ACTS = ("speech", "process", "state", "stall")


@dataclass(frozen=True)
class PredicateClass:
    """One block of predicates.yaml: the verbs and nouns that report one kind of step."""

    name: str
    status: Status
    act: str  # one of ACTS
    hedged: Status  # the status when the predicate is hedged or negated
    agent: bool  # whether its subject puts the undertaking forward
    verbs: tuple[str, ...]
    nouns: tuple[str, ...]
    adjectives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Currency:
    code: str  # ISO 4217
    symbols: tuple[str, ...]
    words: tuple[str, ...]


@dataclass(frozen=True)
class OfficialSources:
    """official_sources.yaml: what makes a document official, and words of hearsay."""

    hosts: tuple[str, ...] = ()  # domain suffixes; a '?' stands for one character, '*' for one label
    publishers: tuple[str, ...] = ()  # lower-case words or phrases
    hearsay: tuple[str, ...] = ()  # lower-case words or phrases


@dataclass(frozen=True, eq=False)  # hashed by identity, so pipelines can be cached per codebook
class Codebook:
    countries: dict[str, Country]
    leaders: tuple[Leader, ...]
    regions: dict[str, Region]
    sectors: dict[str, Sector]
    predicates: tuple[PredicateClass, ...]
    hedges: tuple[str, ...]
    negations: tuple[str, ...]
    kind_nouns: dict[Kind, tuple[str, ...]]
    parts: tuple[str, ...]
    agenda_nouns: tuple[str, ...]
    agenda_connectors: tuple[str, ...]
    event_nouns: dict[str, tuple[str, ...]]
    organizations: dict[str, Organization]
    currencies: dict[str, Currency]
    files: tuple[Path, ...]
    official_sources: OfficialSources = OfficialSources()


# libyaml's C parser where PyYAML has it: the same nodes and marks; the codebook loads in 0.04 s instead of 0.24.
MARKED_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_marked(path: Path, items) -> list:
    """Parse a YAML file and hand its root node to `items(loader, node)`, which returns the
    entries with their line numbers; every problem becomes a CodebookError with file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CodebookError(path, None, f"cannot read: {exc}") from None
    loader = MARKED_LOADER(text)
    try:
        return items(loader, loader.get_single_node())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CodebookError(path, mark.line + 1 if mark else None, f"invalid YAML: {exc.problem}") from None
    except ValueError as exc:  # a scalar YAML cannot construct, e.g. the date 2025-13-45
        raise CodebookError(path, None, f"invalid value: {exc}") from None
    finally:
        loader.dispose()


def read_entries(path: Path) -> list[tuple[object, object, int]]:
    """Return the top-level (key, value, line) entries of a YAML mapping file."""

    def items(loader, node):
        if node is None:
            raise CodebookError(path, None, "the file holds no entries")
        if not isinstance(node, yaml.MappingNode):
            raise CodebookError(path, node.start_mark.line + 1, "expected a mapping of entries")
        entries, seen = [], {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            key = loader.construct_object(key_node, deep=True)
            if key in seen:
                raise CodebookError(path, line, f"duplicate entry {key!r} (first at line {seen[key]})")
            seen[key] = line
            entries.append((key, loader.construct_object(value_node, deep=True), line))
        return entries

    return read_marked(path, items)


def _strings(path: Path, line: int, value: object, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CodebookError(path, line, f"{what} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _mapping(path: Path, line: int, key: object, value: object) -> dict:
    if not isinstance(value, dict):
        raise CodebookError(path, line, f"entry {key!r} must be a mapping")
    return value


def _require(path: Path, line: int, entry: dict, field: str, key: object) -> object:
    if field not in entry or entry[field] in (None, ""):
        raise CodebookError(path, line, f"entry {key!r} lacks {field!r}")
    return entry[field]


def load_iso(path: Path) -> dict[str, dict[str, str]]:
    """Read the generated ISO 3166-1 list: iso3 -> row."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            lines = [line for line in handle if not line.startswith("#")]
    except OSError as exc:
        raise CodebookError(path, None, f"cannot read: {exc}") from exc
    rows = list(csv.DictReader(lines))
    if not rows or "iso3" not in rows[0]:
        raise CodebookError(path, None, "expected a CSV with an iso3 column")
    return {row["iso3"]: row for row in rows}


def load_countries(path: Path, iso: dict[str, dict[str, str]]):
    """Merge the curated countries file into the ISO list; return countries and leaders."""
    curated, leaders = {}, []
    for iso3, value, line in read_entries(path):
        if iso3 not in iso:
            raise CodebookError(path, line, f"{iso3!r} is not an ISO 3166-1 alpha-3 code")
        entry = _mapping(path, line, iso3, value)
        curated[iso3] = (entry, line)
        for person in entry.get("leaders") or []:
            if not isinstance(person, dict) or not person.get("name"):
                raise CodebookError(path, line, f"a leader of {iso3} lacks a name")
            aliases = _strings(path, line, person.get("aliases"), "leader aliases")
            leaders.append(Leader(person["name"], iso3, person.get("title", ""), aliases, bool(person.get("former"))))
    countries = {}
    for iso3, row in iso.items():
        entry, line = curated.get(iso3, ({}, 0))
        names = {row["name"], row.get("common_name", "")} - {""}
        aliases = tuple(sorted(n for n in names if "," not in n)) + _strings(
            path, line, entry.get("aliases"), "aliases"
        )
        countries[iso3] = Country(
            iso3=iso3,
            name=row.get("common_name") or row["name"],
            region=entry.get("region", "") or "",
            aliases=tuple(dict.fromkeys(aliases)),
            demonyms=_strings(path, line, entry.get("demonyms"), "demonyms"),
            cities=_strings(path, line, entry.get("cities"), "cities"),
        )
    return countries, tuple(leaders)


def load_regions(path: Path, iso: dict) -> dict[str, Region]:
    regions = {}
    for name, value, line in read_entries(path):
        entry = _mapping(path, line, name, value)
        members = _strings(path, line, _require(path, line, entry, "members", name), "members")
        for iso3 in members:
            if iso3 not in iso:
                raise CodebookError(path, line, f"member {iso3!r} is not an ISO 3166-1 alpha-3 code")
        regions[name] = Region(name, _strings(path, line, entry.get("aliases"), "aliases"), members)
    return regions


def load_sectors(path: Path) -> dict[str, Sector]:
    sectors = {}
    for sector_id, value, line in read_entries(path):
        entry = _mapping(path, line, sector_id, value)
        dac = _require(path, line, entry, "dac", sector_id)
        if not isinstance(dac, int) or not 100 <= dac <= 999:
            raise CodebookError(path, line, f"dac of {sector_id!r} must be a 3-digit OECD DAC code")
        sectors[sector_id] = Sector(
            sector_id=sector_id,
            label=str(_require(path, line, entry, "label", sector_id)),
            dac=dac,
            description=str(entry.get("description", "")),
            keywords=_strings(path, line, _require(path, line, entry, "keywords", sector_id), "keywords"),
        )
    return sectors


def _status(path: Path, line: int, value: object, what: str) -> Status:
    try:
        return Status(value)
    except ValueError:
        raise CodebookError(path, line, f"{what} {value!r} is not a status of the DESIGN.md ladder") from None


def load_predicates(path: Path) -> tuple[tuple[PredicateClass, ...], tuple[str, ...], tuple[str, ...]]:
    """The predicate classes, hedges and negations; a phrase may belong to one class only."""
    classes, hedges, negations, seen = [], (), (), {}
    for key, value, line in read_entries(path):
        if key == "hedges":
            hedges = tuple(h.lower() for h in _strings(path, line, value, "hedges"))
            continue
        if key == "negations":
            negations = tuple(n.lower() for n in _strings(path, line, value, "negations"))
            continue
        entry = _mapping(path, line, key, value)
        act = _require(path, line, entry, "act", key)
        if act not in ACTS:
            raise CodebookError(path, line, f"act {act!r} of {key!r} must be one of {', '.join(ACTS)}")
        verbs = tuple(v.lower() for v in _strings(path, line, entry.get("verbs"), "verbs"))
        nouns = tuple(n.lower() for n in _strings(path, line, entry.get("nouns"), "nouns"))
        adjectives = tuple(a.lower() for a in _strings(path, line, entry.get("adjectives"), "adjectives"))
        for where in [("verb", v) for v in verbs] + [("noun", n) for n in nouns] + [("adj", a) for a in adjectives]:
            phrase = where[1]
            if where in seen:
                raise CodebookError(path, line, f"{phrase!r} is in both {seen[where]!r} and {key!r}")
            seen[where] = key
        classes.append(
            PredicateClass(
                name=str(key),
                status=_status(path, line, _require(path, line, entry, "status", key), "status"),
                act=str(act),
                hedged=_status(path, line, entry.get("hedged") or entry["status"], "hedged"),
                agent=bool(entry.get("agent", False)),
                verbs=verbs,
                nouns=nouns,
                adjectives=adjectives,
            )
        )
    if not classes:
        raise CodebookError(path, None, "no predicate classes")
    return tuple(classes), hedges, negations


def load_currencies(path: Path) -> dict[str, Currency]:
    currencies = {}
    for code, value, line in read_entries(path):
        entry = _mapping(path, line, code, value)
        if not (isinstance(code, str) and len(code) == 3 and code.isupper()):
            raise CodebookError(path, line, f"{code!r} is not an ISO 4217 currency code")
        currencies[code] = Currency(
            code,
            _strings(path, line, entry.get("symbols"), "symbols"),
            _strings(path, line, entry.get("words"), "words"),
        )
    return currencies


def load_kinds(path: Path):
    nouns, parts, agenda, events = {}, (), ((), ()), {}
    for key, value, line in read_entries(path):
        if key == "parts":
            parts = tuple(p.lower() for p in _strings(path, line, value, "parts"))
        elif key == "agenda":
            entry = _mapping(path, line, key, value)
            agenda = (
                _strings(path, line, _require(path, line, entry, "nouns", key), "agenda nouns"),
                _strings(path, line, _require(path, line, entry, "connectors", key), "agenda connectors"),
            )
        elif key == "event":
            entry = _mapping(path, line, key, value)
            events = {k: _strings(path, line, v, f"event {k}") for k, v in entry.items()}
        else:
            try:
                kind = Kind(key)
            except ValueError:
                raise CodebookError(path, line, f"unknown kind {key!r}") from None
            entry = _mapping(path, line, key, value)
            nouns[kind] = _strings(path, line, entry.get("nouns"), "nouns")
    return nouns, parts, agenda, events


def load_organizations(path: Path, iso: dict) -> dict[str, Organization]:
    orgs = {}
    for org_id, value, line in read_entries(path):
        entry = _mapping(path, line, org_id, value)
        iso3 = entry.get("iso3") or ""
        if iso3 and iso3 not in iso:
            raise CodebookError(path, line, f"iso3 {iso3!r} of {org_id!r} is not an ISO 3166-1 alpha-3 code")
        orgs[org_id] = Organization(
            org_id=str(org_id),
            name=str(_require(path, line, entry, "name", org_id)),
            kind=str(_require(path, line, entry, "kind", org_id)),
            iso3=iso3,
            aliases=_strings(path, line, entry.get("aliases"), "aliases"),
        )
    return orgs


HOST_PATTERN = re.compile(r"[a-z0-9?*-]+(\.[a-z0-9?*-]+)*")
OFFICIAL_KEYS = ("hosts", "publishers", "hearsay")


def load_official_sources(path: Path) -> OfficialSources:
    """The host patterns and publisher words of official sources, and the words of hearsay."""
    found: dict[str, tuple[str, ...]] = {}
    for key, value, line in read_entries(path):
        if key not in OFFICIAL_KEYS:
            raise CodebookError(path, line, f"unknown entry {key!r}: expected one of {', '.join(OFFICIAL_KEYS)}")
        found[key] = tuple(v.lower() for v in _strings(path, line, value, str(key)))
        if key == "hosts":
            for host in found[key]:
                if not HOST_PATTERN.fullmatch(host):
                    raise CodebookError(path, line, f"host {host!r} is not a domain such as gov.uz or go.??")
    return OfficialSources(**found)


@lru_cache(maxsize=4)
def load_codebook(directory: Path = CODEBOOK_DIR) -> Codebook:
    """Load every lexicon in `directory`; raise CodebookError naming the file and line."""
    directory = Path(directory)
    iso = load_iso(directory / ISO_FILE)
    countries, leaders = load_countries(directory / "countries.yaml", iso)
    predicates, hedges, negations = load_predicates(directory / "predicates.yaml")
    nouns, parts, agenda, events = load_kinds(directory / "kinds.yaml")
    names = (
        "countries.yaml",
        "regions.yaml",
        "sectors.yaml",
        "predicates.yaml",
        "kinds.yaml",
        "organizations.yaml",
        "currencies.yaml",
        "official_sources.yaml",
    )
    return Codebook(
        countries=countries,
        leaders=leaders,
        regions=load_regions(directory / "regions.yaml", iso),
        sectors=load_sectors(directory / "sectors.yaml"),
        predicates=predicates,
        hedges=hedges,
        negations=negations,
        kind_nouns=nouns,
        parts=parts,
        agenda_nouns=agenda[0],
        agenda_connectors=agenda[1],
        event_nouns=events,
        organizations=load_organizations(directory / "organizations.yaml", iso),
        currencies=load_currencies(directory / "currencies.yaml"),
        official_sources=load_official_sources(directory / "official_sources.yaml"),
        files=tuple(directory / n for n in (ISO_FILE, *names)),
    )


def write_iso(path: Path) -> None:
    """Regenerate iso3166.csv from pycountry (a dev dependency)."""
    from importlib.metadata import version

    import pycountry

    header = (
        f"# ISO 3166-1 countries, generated from pycountry {version('pycountry')}"
        " by `python -m dashboard.codebook`. Do not edit: add aliases in countries.yaml.\n"
    )
    rows = sorted(pycountry.countries, key=lambda c: c.alpha_3)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(header)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["iso3", "alpha2", "numeric", "name", "common_name", "official_name"])
        for c in rows:
            writer.writerow(
                [
                    c.alpha_3,
                    c.alpha_2,
                    c.numeric,
                    c.name,
                    getattr(c, "common_name", ""),
                    getattr(c, "official_name", ""),
                ]
            )


if __name__ == "__main__":
    write_iso(CODEBOOK_DIR / ISO_FILE)
    sys.stdout.write(f"wrote {CODEBOOK_DIR / ISO_FILE}\n")
