"""versions.json: each build records its version once, with the initiatives whose status changed,
and the diff of an old version against the current one counts what was added, changed, dropped
and merged."""

import csv
import json
import time

import pytest

from dashboard import build
from dashboard.version_history import (
    MAX_VERSIONS,
    Changes,
    Published,
    Version,
    changes_since,
    history_text,
    parse_history,
    read_history,
    updated,
)
from tests.conftest import build_articles

OLD = {
    "001_summit.txt": "date 2025-06-10\n\nTOKYO, June 10. Japan proposed creating a regional logistics hub in Central "
    "Asia. Kazakhstan approved a solar power plant in Turkistan. Uzbekistan signed a railway construction "
    "agreement with Kyrgyzstan. Tajikistan launched a water supply project in Khujand.",
}
NEW = {
    "002_forum.txt": "date 2025-07-01\n\nASTANA, July 1. Turkmenistan proposed a gas pipeline to China. Kyrgyzstan "
    "approved a hydropower station on the Naryn river. Mongolia signed a free trade agreement with Japan.",
}


def table(folder, name: str) -> list[dict]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def version_of(folder) -> str:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["version"]


def build_two_versions(root):
    """Tables built twice into one folder: four initiatives, then three more from a new article and
    an analyst's review that changes one status, merges one initiative into another and drops one.
    Returns the folder, the old version and the ids by name."""
    seeds, out = root / "seeds", root / "tables"
    seeds.mkdir()
    for name, text in OLD.items():
        (seeds / name).write_text(text, encoding="utf-8")
    build.run(seeds=seeds, out_dir=out, overrides_path=root / "none.yaml", cache_dir=None)
    old = version_of(out)
    ids = {r["name"]: r["initiative_id"] for r in table(out, "initiatives")}
    hub, solar = ids["Regional logistics hub in Central Asia"], ids["Solar power plant in Turkistan"]
    water, railway = ids["Water supply project in Khujand"], ids["Railway construction agreement with Kyrgyzstan"]
    review = root / "overrides.yaml"
    review.write_text(
        f"- set: {solar}\n  status: in_progress\n  note: under construction\n"
        f"- merge: [{water}, {railway}]\n  note: one programme\n"
        f"- drop: {hub}\n  note: not an initiative\n",
        encoding="utf-8",
    )
    for name, text in NEW.items():
        (seeds / name).write_text(text, encoding="utf-8")
    build.run(seeds=seeds, out_dir=out, overrides_path=review, cache_dir=None)
    return out, old, ids


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory):
    return build_two_versions(tmp_path_factory.mktemp("versions"))


def aliases(folder) -> dict[str, str]:
    return {r["alias_id"]: r["initiative_id"] for r in table(folder, "initiative_aliases")}


def test_the_diff_of_two_builds_counts_added_changed_dropped_and_merged(two_versions):
    out, old, ids = two_versions
    changes = changes_since(read_history(out), old[:12], aliases(out))
    assert changes == Changes(added=3, status_changed=1, dropped=1, merged=1)


def test_the_history_names_the_tables_it_lies_beside(two_versions):
    out, old, _ = two_versions
    history = read_history(out)
    assert [v.version for v in history] == [version_of(out), old]
    assert history[0].built == ""  # the newest's build time is datapackage.json's
    assert history[1].built.endswith("Z") and history[1].built[:4] >= "2026"  # set when superseded
    assert history[1].changes == {}  # the oldest kept: nothing older to differ from


def test_a_rebuild_of_the_same_inputs_appends_nothing(tmp_path):
    out = build_articles(tmp_path, OLD)
    before = (out / "versions.json").read_bytes()
    assert [v.version for v in read_history(out)] == [version_of(out)]
    build.run(seeds=tmp_path / "seeds", out_dir=out, overrides_path=tmp_path / "none.yaml", cache_dir=None)
    assert (out / "versions.json").read_bytes() == before


def test_the_current_version_changed_nothing():
    history = [Version("bbbbbbbbbbbbbbbb", "", {"i1": (None, "proposed")}), Version("aaaaaaaaaaaaaaaa")]
    assert changes_since(history, "bbbbbbbbbbbb", {}) == Changes()
    assert changes_since(history, "aaaaaaaaaaaa", {}) == Changes(added=1)


def test_a_status_changed_and_changed_back_is_not_counted_and_a_longer_chain_adds_up():
    history = [
        Version("c" * 16, "", {"i1": ("agreed", "proposed"), "i3": (None, "agreed"), "i4": ("agreed", None)}),
        Version("b" * 16, "t2", {"i1": ("proposed", "agreed"), "i2": ("proposed", "agreed"), "i4": (None, "agreed")}),
        Version("a" * 16, "t1"),
    ]
    # i1 went back to what it was; i4 came and went: neither counts
    assert changes_since(history, "a" * 12, {}) == Changes(added=1, status_changed=1)
    assert changes_since(history, "b" * 12, {"i4": ""}) == Changes(added=1, status_changed=1, dropped=1)
    assert changes_since(history, "b" * 12, {"i4": "i3"}) == Changes(added=1, status_changed=1, merged=1)


@pytest.mark.parametrize("old", ["", "d" * 12, "0123456789ab"])
def test_a_version_the_history_does_not_hold_gives_none(old):
    history = [Version("c" * 16, "", {}), Version("b" * 16, "t", {})]
    assert changes_since(history, old, {}) is None
    assert changes_since([], "b" * 12, {}) is None


def test_the_history_keeps_the_last_20_versions():
    history: list[Version] = []
    previous = None
    for n in range(30):
        version, statuses = f"{n:016x}", {f"i{k}": "proposed" for k in range(n + 1)}
        history = updated(history, previous, version, statuses)
        previous = Published(version, f"2026-01-{n + 1:02d}T00:00:00Z", statuses)
    assert len(history) == MAX_VERSIONS == 20
    assert [v.version for v in history] == [f"{n:016x}" for n in range(29, 9, -1)]
    assert history[-1].changes == {}
    assert changes_since(history, f"{10:016x}", {}) == Changes(added=19)
    assert parse_history(history_text(history)) == history  # what is written reads back the same


@pytest.mark.parametrize("data", [b"", b"{not json", b"[]", b'{"versions": 3}', b'{"versions": [{"changes": {}}]}'])
def test_a_history_that_cannot_be_read_is_empty(data):
    assert parse_history(data) == []


def test_a_history_that_does_not_end_with_the_previous_tables_starts_afresh():
    stale = [Version("9" * 16, "", {"i1": (None, "agreed")})]
    previous = Published("a" * 16, "2026-01-01T00:00:00Z", {"i1": "agreed"})
    history = updated(stale, previous, "b" * 16, {"i1": "proposed"})
    assert [v.version for v in history] == ["b" * 16, "a" * 16]
    assert history[0].changes == {"i1": ("agreed", "proposed")}


def test_the_diff_of_100000_initiatives_takes_well_under_a_second():
    n = 100_000
    before = {f"ini-{k:012x}": "proposed" for k in range(n)}
    after = {f"ini-{k:012x}": ("agreed" if k % 10 == 0 else "proposed") for k in range(5_000, n + 5_000)}
    history = updated([], Published("a" * 16, "t", before), "b" * 16, after)
    history = parse_history(history_text(history))  # as the app reads it
    start = time.perf_counter()
    changes = changes_since(history, "a" * 12, {f"ini-{k:012x}": "" for k in range(5_000)})
    took = time.perf_counter() - start
    assert changes == Changes(added=5_000, status_changed=9_500, dropped=5_000)
    assert took < 1.0, took


def test_a_merge_by_review_holds_on_every_rebuild_and_the_version_stays(two_versions):
    """A review merged two initiatives: the merged reports now point at the id it kept. A rebuild
    must not hand that id to them and a fresh one to the initiative that first had it (the review,
    naming the old ids, would then merge nothing and the merge would silently come undone)."""
    out, _, ids = two_versions
    root = out.parent
    before = {name: (out / name).read_bytes() for name in ("initiatives.csv", "initiative_mentions.csv",
                                                           "initiative_aliases.csv", "versions.json")}  # fmt: skip
    version = version_of(out)
    for _ in range(2):
        build.run(seeds=root / "seeds", out_dir=out, overrides_path=root / "overrides.yaml", cache_dir=None)
        assert version_of(out) == version
        assert {name: (out / name).read_bytes() for name in before} == before
    water, railway = ids["Water supply project in Khujand"], ids["Railway construction agreement with Kyrgyzstan"]
    kept = {r["initiative_id"] for r in table(out, "initiatives")} & {water, railway}
    assert len(kept) == 1  # still one record
    (gone,) = {water, railway} - kept
    assert aliases(out)[gone] == kept.pop()
