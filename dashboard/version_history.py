"""The last versions of the published tables and the initiatives each one changed (versions.json,
beside the tables): what lets the app tell a visitor who opens a link made on an older version
what changed since. Not one of the tables' contract (datapackage.json does not list it).

A version's record holds, for each initiative whose status differs from the version before,
its status then and now (null: it did not exist). So the file grows with the changes, not with the
size of the tables, and holds at most MAX_VERSIONS records. The newest record has no build time:
that is datapackage.json's `created`; a record gets its build time when a newer version
supersedes it, so that rebuilding the same inputs rewrites the same bytes."""

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

HISTORY = "versions.json"
MAX_VERSIONS = 20  # the current version and the 19 before it
ABOUT = (
    "The last versions of these tables, newest first (at most 20). For each version, the initiatives "
    "whose status differs from the version before: initiative id -> [status before, status in this version], "
    "null where the initiative did not exist. The newest version's build time is datapackage.json's created."
)

Change = tuple[str | None, str | None]  # (status in the version before, status in this one)


@dataclass(frozen=True)
class Version:
    version: str
    built: str = ""  # "" for the newest version (datapackage.json has its build time)
    changes: Mapping[str, Change] = field(default_factory=dict)


@dataclass(frozen=True)
class Published:
    """What a folder of tables publishes, for the history: its version, build time and statuses."""

    version: str
    built: str
    statuses: Mapping[str, str]


@dataclass(frozen=True)
class Changes:
    """What changed between two versions, in initiatives."""

    added: int = 0
    status_changed: int = 0
    dropped: int = 0
    merged: int = 0  # dropped because merged into another initiative (initiative_aliases)


def statuses(initiatives_csv: str | Iterable[str]) -> dict[str, str]:
    """initiative id -> status, from the text (or lines) of initiatives.csv."""
    lines = io.StringIO(initiatives_csv) if isinstance(initiatives_csv, str) else initiatives_csv
    rows = csv.reader(lines)
    header = next(rows, [])
    at, status = header.index("initiative_id"), header.index("status")  # ValueError: not initiatives.csv
    return {row[at]: row[status] for row in rows if row}


def read_published(directory: Path) -> Published | None:
    """The version, build time and statuses of the tables in `directory`; None when it holds none."""
    try:
        package = json.loads((Path(directory) / "datapackage.json").read_bytes())
        with (Path(directory) / "initiatives.csv").open(encoding="utf-8", newline="") as lines:
            found = statuses(lines)
    except (OSError, ValueError, IndexError, csv.Error):
        return None
    version, built = (package.get(k, "") if isinstance(package, dict) else "" for k in ("version", "created"))
    if not isinstance(version, str) or not version:
        return None
    return Published(version, built if isinstance(built, str) else "", found)


def _record(item: object) -> Version | None:
    if not isinstance(item, dict) or not isinstance(item.get("version"), str):
        return None
    changes = item.get("changes") or {}
    if not isinstance(changes, dict):
        return None
    pairs = {k: tuple(v) for k, v in changes.items() if isinstance(v, list) and len(v) == 2}
    built = item.get("built", "")
    return Version(item["version"], built if isinstance(built, str) else "", pairs)


def parse_history(data: bytes | str) -> list[Version]:
    """The records of a versions.json, newest first; [] when it is not one (the app then knows no
    older version, which it says, rather than fail)."""
    try:
        loaded = json.loads(data)
    except ValueError:
        return []
    items = loaded.get("versions") if isinstance(loaded, dict) else None
    records = [_record(item) for item in items] if isinstance(items, list) else []
    return [] if None in records else records  # type: ignore[return-value]


def read_history(directory: Path) -> list[Version]:
    try:
        return parse_history((Path(directory) / HISTORY).read_bytes())
    except OSError:
        return []


def history_text(history: list[Version]) -> str:
    """versions.json: one version a line, its changes sorted by id, so that the same history gives
    the same bytes (and a new version shows in a diff as one new line and one changed line)."""
    lines = []
    for v in history:
        record = {"version": v.version, **({"built": v.built} if v.built else {})}
        record["changes"] = {k: list(v.changes[k]) for k in sorted(v.changes)}
        lines.append(json.dumps(record, ensure_ascii=False))
    about = json.dumps(ABOUT, ensure_ascii=False)
    return f'{{"about": {about},\n "versions": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n"


def differences(before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, Change]:
    """Each initiative whose status is not the same in both, with its status before and after."""
    return {
        i: (before.get(i), after.get(i)) for i in before.keys() | after.keys() if before.get(i) != after.get(i)
    }  # fmt: skip


def updated(history: list[Version], previous: Published | None, version: str, now: Mapping[str, str]) -> list[Version]:
    """The history once the tables of `version` (statuses `now`) replace the `previous` ones. The
    same when the version did not change; started afresh when the history does not end with the
    previous tables (a build without it came between)."""
    if history and history[0].version == version:
        return history
    if previous is None or previous.version == version:
        return [Version(version)]
    if history and history[0].version == previous.version:
        older = [replace(history[0], built=previous.built), *history[1:]]
    else:
        older = [Version(previous.version, previous.built)]
    kept = [Version(version, "", differences(previous.statuses, now)), *older][:MAX_VERSIONS]
    return [*kept[:-1], replace(kept[-1], changes={})]  # the oldest's changes: from a version no longer kept


def changes_since(history: list[Version], old: str, aliases: Mapping[str, str]) -> Changes | None:
    """What changed from version `old` (a prefix of a version id, as a link carries) to the newest
    in the history; None when the history does not hold `old`. `aliases`: dropped id -> the id it
    was merged into ("" for an initiative removed, not merged): initiative_aliases of the newest."""
    at = next((i for i, v in enumerate(history) if v.version.startswith(old)), None) if old else None
    if at is None:
        return None
    then: dict[str, str | None] = {}
    now: dict[str, str | None] = {}
    for record in history[:at]:  # newest first: the last `before` seen is the status at `old`
        for initiative, (before, after) in record.changes.items():
            now.setdefault(initiative, after)
            then[initiative] = before
    added = changed = dropped = merged = 0
    for initiative, before in then.items():
        after = now[initiative]
        if before == after:
            continue
        if before is None:
            added += 1
        elif after is not None:
            changed += 1
        elif aliases.get(initiative):
            merged += 1
        else:
            dropped += 1
    return Changes(added, changed, dropped, merged)
