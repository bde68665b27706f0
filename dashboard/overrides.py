"""Analyst review: data/overrides.yaml corrects machine output without touching code.

Each entry names one action and an initiative id, with a `note` saying why:

    - rename: ini-0e3ada3deb1b           # give it the name a person would write
      name: Central Asian network of Japanese technoparks
      note: name as in the official readout
    - set: ini-0e3ada3deb1b              # status, kind, sectors, countries or proposer
      status: agreed
      note: signed on 2026-02-10, see MOFA
    - merge: [ini-aaa, ini-bbb]          # ini-bbb is the same initiative as ini-aaa
      note: same fund, two names
    - split: ini-aaa                     # the reports of these documents are another initiative
      documents: [101_fund_signed]
      note: a different fund
    - drop: ini-ccc                      # not an initiative
      note: a generic phrase
    - review: ini-ddd                    # checked, nothing to change
      note: verified against the source

Every initiative an entry names is marked reviewed. The file is checked against a schema
(`EntrySchema`, pydantic) before anything else: a wrong type fails with the file, the line,
the field and what was expected, and a key given twice fails too. An unknown id fails with
the file and line.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from dashboard.codebook import Codebook, read_marked
from dashboard.errors import CodebookError
from dashboard.merge import Cluster, fresh_id
from dashboard.records import Kind, Role, Status

ACTIONS = ("rename", "set", "merge", "split", "drop", "review")
SETTABLE = {"status", "kind", "sectors", "countries", "proposer"}


@dataclass(frozen=True)
class Override:
    action: str
    ids: tuple[str, ...]  # the target first; for merge, the ids folded into it follow
    values: dict
    note: str
    line: int


@dataclass
class Review:
    """What the analysts decided about one initiative."""

    notes: list[str] = field(default_factory=list)
    name: str = ""
    values: dict = field(default_factory=dict)


InitiativeId = Annotated[StrictStr, Field(pattern=r"^ini-")]


class CountrySchema(BaseModel):
    model_config = ConfigDict(extra="forbid")
    iso3: StrictStr
    role: StrictStr = "partner"


class EntrySchema(BaseModel):
    """The shape of one override: which fields exist and their types. Which values are known
    (statuses, sectors, countries, ids) is checked against the codebook and the tables after."""

    model_config = ConfigDict(extra="forbid")
    rename: InitiativeId | None = None
    set: InitiativeId | None = None
    merge: list[InitiativeId] | None = None
    split: InitiativeId | None = None
    drop: InitiativeId | None = None
    review: InitiativeId | None = None
    note: StrictStr
    name: StrictStr | None = None
    documents: list[StrictStr] | None = None
    status: StrictStr | None = None
    kind: StrictStr | None = None
    sectors: list[StrictStr] | None = None
    countries: list[CountrySchema] | None = None
    proposer: StrictStr | None = None


EXPECTED = {  # pydantic's error types -> what the analyst should write
    "string_type": "expected a string",
    "list_type": "expected a list",
    "model_type": "expected a mapping such as {iso3: JPN, role: partner}",
    "dict_type": "expected a mapping",
    "string_pattern_mismatch": "expected an initiative id (ini-...)",
    "extra_forbidden": "is not a field of this action",
    "missing": "is required",
}


def _no_duplicate_keys(path: Path, node) -> None:
    """A key given twice in any mapping of the file fails (YAML would keep the last silently)."""
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise CodebookError(path, key.start_mark.line + 1, f"duplicate key {key.value!r}")
                seen.add(key.value)
            _no_duplicate_keys(path, value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _no_duplicate_keys(path, item)


def read_list(path: Path) -> list[tuple[object, int, dict[str, int]]]:
    """Items of a YAML list with their line numbers and the line of each of their fields."""

    def items(loader, node):
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise CodebookError(path, node.start_mark.line + 1, "expected a list of overrides")
        _no_duplicate_keys(path, node)
        out = []
        for item in node.value:
            fields = {}
            if isinstance(item, yaml.MappingNode):
                fields = {str(k.value): k.start_mark.line + 1 for k, _ in item.value if isinstance(k, yaml.ScalarNode)}
            out.append((loader.construct_object(item, deep=True), item.start_mark.line + 1, fields))
        return out

    try:
        return read_marked(path, items)
    except yaml.YAMLError as exc:  # the reader's own errors (binary junk) come before any mark
        raise CodebookError(path, None, f"invalid YAML: {exc}") from None


def _check_schema(path: Path, line: int, fields: dict[str, int], item: dict) -> None:
    """Fail on the first field whose type the schema does not allow, naming it and what was expected."""
    try:
        EntrySchema.model_validate(item)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        expected = EXPECTED.get(error["type"], error["msg"])
        got = "" if error["type"] == "missing" else f", got {_short(error['input'])}"
        raise CodebookError(path, fields.get(str(error["loc"][0]), line), f"field {where!r}: {expected}{got}") from None


def _short(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _check_values(path: Path, line: int, values: dict, codebook: Codebook) -> dict:
    unknown = set(values) - SETTABLE
    if unknown:
        raise CodebookError(path, line, f"cannot set {', '.join(sorted(unknown))}; use {', '.join(sorted(SETTABLE))}")
    if "status" in values and values["status"] not in {s.value for s in Status}:
        raise CodebookError(path, line, f"unknown status {values['status']!r}")
    if "kind" in values and values["kind"] not in {k.value for k in Kind}:
        raise CodebookError(path, line, f"unknown kind {values['kind']!r}")
    for sector in values.get("sectors", []) or []:
        if sector not in codebook.sectors:
            raise CodebookError(path, line, f"unknown sector {sector!r}")
    if "proposer" in values and values["proposer"] and values["proposer"] not in codebook.countries:
        raise CodebookError(path, line, f"proposer {values['proposer']!r} is not an ISO 3166-1 alpha-3 code")
    for entry in values.get("countries", []) or []:
        if not isinstance(entry, dict) or entry.get("iso3") not in codebook.countries:
            raise CodebookError(path, line, f"countries must be a list of {{iso3, role}} with ISO3 codes: {entry!r}")
        if entry.get("role", "partner") not in {r.value for r in Role}:
            raise CodebookError(path, line, f"unknown role {entry.get('role')!r}")
    return values


def load_overrides(path: Path, codebook: Codebook) -> list[Override]:
    """Read and check the overrides file; a missing file means no overrides."""
    if not path.exists():
        return []
    overrides = []
    for item, line, fields in read_list(path):
        if not isinstance(item, dict):
            raise CodebookError(path, line, "each override is a mapping such as {rename: ID, name: ..., note: ...}")
        actions = [a for a in ACTIONS if a in item]
        if len(actions) != 1:
            raise CodebookError(path, line, f"give exactly one action of {', '.join(ACTIONS)}")
        action = actions[0]
        note = item.get("note")
        if not isinstance(note, str) or not note.strip():
            raise CodebookError(path, fields.get("note", line), f"{action} needs a note saying why")
        if action == "set" and set(item) - SETTABLE - {"set", "note"}:
            unknown = ", ".join(sorted(map(str, set(item) - SETTABLE - {"set", "note"})))
            raise CodebookError(path, line, f"cannot set {unknown}; use {', '.join(sorted(SETTABLE))}")
        _check_schema(path, line, fields, item)
        ids = item[action] if isinstance(item[action], list) else [item[action]]
        if not ids or not all(isinstance(i, str) and i.startswith("ini-") for i in ids):
            raise CodebookError(path, line, f"{action} takes initiative ids (ini-...)")
        if action == "merge" and len(ids) < 2:
            raise CodebookError(path, line, "merge takes a list of two or more ids; the first is kept")
        values = {k: v for k, v in item.items() if k not in (action, "note")}
        if action == "rename" and not (isinstance(values.get("name"), str) and values["name"].strip()):
            raise CodebookError(path, line, "rename needs a name")
        if action == "split" and not (isinstance(values.get("documents"), list) and values["documents"]):
            raise CodebookError(path, line, "split needs a list of documents whose reports move out")
        if action == "set":
            values = _check_values(path, line, values, codebook)
        overrides.append(Override(action, tuple(ids), values, note.strip(), line))
    return overrides


def apply_overrides(
    clusters: list[Cluster], overrides: list[Override], aliases: dict[str, str], path: Path
) -> tuple[list[Cluster], dict[str, Review], dict[str, str]]:
    """Apply the overrides in file order; return clusters, reviews by id, and new aliases."""
    by_id = {c.initiative_id: c for c in clusters}
    reviews: dict[str, Review] = {}
    new_aliases: dict[str, str] = {}

    def find(initiative_id: str, line: int) -> Cluster:
        seen = set()
        while initiative_id not in by_id and initiative_id not in seen:
            seen.add(initiative_id)
            initiative_id = new_aliases.get(initiative_id) or aliases.get(initiative_id) or initiative_id
        if initiative_id not in by_id:
            raise CodebookError(path, line, f"unknown initiative id {initiative_id!r}")
        return by_id[initiative_id]

    for o in overrides:
        target = find(o.ids[0], o.line)
        review = reviews.setdefault(target.initiative_id, Review())
        review.notes.append(o.note)
        if o.action == "rename":
            review.name = o.values["name"].strip()
        elif o.action == "set":
            review.values.update(o.values)
        elif o.action == "merge":
            for other_id in o.ids[1:]:
                other = find(other_id, o.line)
                if other is target:
                    continue
                target.reports += other.reports
                del by_id[other.initiative_id]
                new_aliases[other.initiative_id] = target.initiative_id
                reviews.pop(other.initiative_id, None)
        elif o.action == "split":
            moved = [r for r in target.reports if r.document.doc_id in o.values["documents"]]
            if not moved or len(moved) == len(target.reports):
                raise CodebookError(path, o.line, "split must move some, not all, of the initiative's reports")
            target.reports = [r for r in target.reports if r not in moved]
            part = Cluster(moved)
            part.initiative_id = fresh_id(part)
            while part.initiative_id in by_id:
                part.initiative_id += "-split"
            by_id[part.initiative_id] = part
            reviews[part.initiative_id] = Review([o.note])
        elif o.action == "drop":
            del by_id[target.initiative_id]
            reviews.pop(target.initiative_id, None)
            new_aliases[target.initiative_id] = ""
    kept = sorted(by_id.values(), key=lambda c: c.first.sort_key)
    return kept, reviews, new_aliases
