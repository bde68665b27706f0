"""The confidence score of each initiative: one test per reason, on articles written for the test,
then the official-source matcher, the clamp, the codebook file, README's table, and the app."""

import csv
import json
import re
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import build, confidence
from dashboard.codebook import CODEBOOK_DIR, load_codebook
from dashboard.confidence import SCALE, Grounds, hedge_of, official_source, score
from dashboard.errors import CodebookError
from dashboard.view import methods
from dashboard.view.evidence import confidence_text
from tests.conftest import ROOT, app_page, build_articles, extract_text, only

APP = str(ROOT / "dashboard" / "app.py")


def meta(publisher: str, url: str, published: str = "2026-03-03") -> str:
    return f"publisher: {publisher}\nurl: {url}\npublished: {published}\n"


def trend(n: int) -> str:
    return meta("Trend", f"https://www.trend.az/business/{n}.html")


# One initiative per reason, all reported on the same day (the quiet and undated ones are apart).
ARTICLES = {
    "plain.txt": "Japan and Uzbekistan signed an agreement on the Samarkand Logistics Fund.\n",
    "plain.meta.yaml": trend(1),
    "hedged.txt": "Japan could sign an agreement on the Fergana Water Fund with Uzbekistan.\n",
    "hedged.meta.yaml": trend(2),
    "negated.txt": "Kazakhstan has not yet signed the agreement on the Caspian Shipping Fund with Japan.\n",
    "negated.meta.yaml": trend(3),
    "hearsay.txt": "Japan reportedly signed an agreement on the Aral Sea Restoration Fund with Uzbekistan.\n",
    "hearsay.meta.yaml": trend(4),
    "host.txt": "Japan and Kyrgyzstan signed an agreement on the Issyk-Kul Tourism Fund.\n",
    "host.meta.yaml": meta("Daily Bulletin", "https://www.mofa.go.jp/region/page1.html"),
    "name.txt": "Japan and Tajikistan signed an agreement on the Pamir Energy Fund.\n",
    "name.meta.yaml": meta("Press service of the President of Tajikistan", "https://example.org/news/1"),
    "two_a.txt": "Japan and Uzbekistan signed an agreement on the Bukhara Textile Fund in Tashkent.\n",
    "two_a.meta.yaml": trend(5),
    "two_b.txt": "Uzbekistan and Japan signed an agreement on the Bukhara Textile Fund on Monday.\n",
    "two_b.meta.yaml": meta("Kazinform", "https://www.inform.kz/en/1"),
    "same_a.txt": "Japan and Uzbekistan signed an agreement on the Namangan Solar Fund in Tashkent.\n",
    "same_a.meta.yaml": trend(6),
    "same_b.txt": "Uzbekistan and Japan signed an agreement on the Namangan Solar Fund on Monday.\n",
    "same_b.meta.yaml": trend(7),
    "three_a.txt": "Japan and Uzbekistan signed an agreement on the Khorezm Tourism Fund on Friday.\n",
    "three_a.meta.yaml": trend(8),
    "three_b.txt": "Uzbekistan and Japan signed an agreement on the Khorezm Tourism Fund on Monday.\n",
    "three_b.meta.yaml": meta("Kazinform", "https://www.inform.kz/en/2"),
    "three_c.txt": "Uzbekistan and Japan signed the agreement on the Khorezm Tourism Fund this week.\n",
    "three_c.meta.yaml": meta("Gazeta.uz", "https://www.gazeta.uz/en/3"),
    "firm_a.txt": "Japan could sign an agreement on the Andijan Textile Fund with Uzbekistan.\n",
    "firm_a.meta.yaml": meta("Trend", "https://www.trend.az/business/9.html", "2026-02-01"),
    "firm_b.txt": "Japan and Uzbekistan signed an agreement on the Andijan Textile Fund on Monday.\n",
    "firm_b.meta.yaml": trend(10),
}
AGED = {
    "old.txt": "Japan and Uzbekistan signed an agreement on the Navoi Mining Fund.\n",
    "old.meta.yaml": meta("Trend", "https://www.trend.az/business/11.html", "2025-01-01"),
    "new.txt": "Japan and Kazakhstan signed an agreement on the Almaty Transit Fund.\n",
    "new.meta.yaml": meta("Trend", "https://www.trend.az/business/12.html"),
    "undated.txt": "Japan and Kyrgyzstan signed an agreement on the Osh Dairy Fund.\n",
}


def initiatives(tables) -> dict[str, dict]:
    with (tables / "initiatives.csv").open(encoding="utf-8", newline="") as handle:
        return {row["name"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_articles(tmp_path_factory.mktemp("confidence"), ARTICLES)


@pytest.fixture(scope="module")
def scored(built) -> dict[str, tuple[int, str]]:
    return {name: (int(r["confidence"]), r["confidence_reasons"]) for name, r in initiatives(built).items()}


def test_one_plain_statement_from_one_unofficial_source_scores_the_base_50(scored):
    assert scored["Samarkand Logistics Fund"] == (50, "50 base")


def test_two_independent_publishers_add_15(scored):
    assert scored["Bukhara Textile Fund"] == (
        75,
        "50 base; +15 two independent sources; +10 status stated in 2 sentences",
    )


def test_three_independent_publishers_add_25(scored):
    assert scored["Khorezm Tourism Fund"] == (
        85,
        "50 base; +25 3 independent sources; +10 status stated in 3 sentences",
    )


def test_the_same_publisher_twice_is_one_source_but_its_status_is_stated_twice(scored):
    assert scored["Namangan Solar Fund"] == (60, "50 base; +10 status stated in 2 sentences")


def test_an_official_host_adds_15(scored):
    assert scored["Issyk-Kul Tourism Fund"] == (65, "50 base; +15 official source (mofa.go.jp)")


def test_an_official_publisher_name_adds_15(scored):
    assert scored["Pamir Energy Fund"] == (
        65,
        "50 base; +15 official source (Press service of the President of Tajikistan)",
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Fergana Water Fund", "-10 hedged wording ('could')"),
        ("Caspian Shipping Fund", "-10 negated wording ('not')"),
        ("Aral Sea Restoration Fund", "-10 hearsay wording ('reportedly')"),
    ],
)
def test_hedged_negated_or_hearsay_wording_takes_10(scored, name, reason):
    assert scored[name] == (40, f"50 base; {reason}")


def test_a_later_plain_statement_of_the_current_status_is_not_hedged(scored):
    """'could sign' on 1 February, 'signed' on 3 March: the status rests on the plain sentence."""
    assert scored["Andijan Textile Fund"] == (50, "50 base")


@pytest.fixture(scope="module")
def reviewed(built, tmp_path_factory):
    """The same articles, with an analyst's review of two records."""
    ids = {name: r["initiative_id"] for name, r in initiatives(built).items()}
    root = tmp_path_factory.mktemp("reviewed")
    overrides = root / "overrides.yaml"
    overrides.write_text(
        "".join(f"- review: {ids[n]}\n  note: checked\n" for n in ("Samarkand Logistics Fund", "Khorezm Tourism Fund")),
        encoding="utf-8",
    )
    seeds = root / "seeds"
    shutil.copytree(built.parent / "seeds", seeds)
    (seeds / "three_c.meta.yaml").write_text(meta("Ministry of Foreign Affairs", "https://example.org/3"))
    build.run(seeds=seeds, out_dir=root / "tables", overrides_path=overrides, cache_dir=None)
    return initiatives(root / "tables")


def test_an_analysts_review_adds_20(reviewed):
    row = reviewed["Samarkand Logistics Fund"]
    assert (row["confidence"], row["confidence_reasons"]) == ("70", "50 base; +20 reviewed by an analyst")


def test_the_sum_is_clamped_to_100_and_the_reasons_say_so(reviewed):
    row = reviewed["Khorezm Tourism Fund"]
    assert row["confidence"] == "100"
    assert row["confidence_reasons"] == (
        "50 base; +25 3 independent sources; +15 official source (Ministry of Foreign Affairs); "
        "+10 status stated in 3 sentences; +20 reviewed by an analyst; clamped to 100 (sum 120)"
    )


def test_the_sum_is_clamped_to_0_at_the_bottom(monkeypatch):
    monkeypatch.setitem(confidence.WEIGHTS, "hedged", -80)
    assert score(Grounds(hedge="may", quiet_days=400)) == (
        0,
        ["50 base", "-80 hedged wording ('may')", "-10 no report in the 400 days before the newest document",
         "clamped to 0 (sum -40)"],
    )  # fmt: skip


@pytest.fixture(scope="module")
def aged(tmp_path_factory):
    return initiatives(build_articles(tmp_path_factory.mktemp("aged"), AGED))


def test_no_report_for_180_days_before_the_newest_document_takes_10(aged):
    old, new = aged["Navoi Mining Fund"], aged["Almaty Transit Fund"]
    assert old["quiet"] == "true" and new["quiet"] == "false"
    assert (old["confidence"], old["confidence_reasons"]) == (
        "40",
        "50 base; -10 no report in the 426 days before the newest document",
    )
    assert (new["confidence"], new["confidence_reasons"]) == ("50", "50 base")


def test_undated_evidence_takes_5(aged):
    row = aged["Osh Dairy Fund"]
    assert row["last_seen"] == "" and (row["confidence"], row["confidence_reasons"]) == (
        "45",
        "50 base; -5 undated evidence",
    )


@pytest.mark.parametrize(
    ("publisher", "url", "official"),
    [
        ("Trend", "https://www.trend.az/business/4132479.html", ""),
        ("Kazinform", "https://www.inform.kz/en/x", ""),
        ("", "https://www.gov.uk/government/news/x", "gov.uk"),
        ("", "https://mfa.gov.uz/en/news/1", "mfa.gov.uz"),
        ("", "https://gov.uz/en/news/1", "gov.uz"),
        ("", "https://www.whitehouse.gov/briefing-room/", "whitehouse.gov"),
        ("", "https://president.uz/en/lists/view/1", "president.uz"),
        ("", "https://www.mofa.go.jp/region/page1.html", "mofa.go.jp"),
        ("", "https://www.kantei.go.jp/jp/101_kishida/", "kantei.go.jp"),
        ("", "https://www.adb.org/news/x", "adb.org"),
        ("", "https://www.worldbank.org/en/news/x", "worldbank.org"),
        ("", "https://www.jica.go.jp/english/news/x", "jica.go.jp"),
        ("", "https://www.gob.mx/sre/prensa/x", "gob.mx"),
        ("", "https://www.diplomatie.gouv.fr/en/x", "diplomatie.gouv.fr"),
        ("", "https://notgov.uz/x", ""),
        ("", "https://go.com/x", ""),
        ("", "https://gov.example.com/x", ""),
        ("Ministry of Foreign Affairs of Japan", "https://example.org/x", "Ministry of Foreign Affairs of Japan"),
        ("Press service of the President of Uzbekistan", "", "Press service of the President of Uzbekistan"),
        ("Government of Kazakhstan", "", "Government of Kazakhstan"),
        ("Asian Development Bank", "", "Asian Development Bank"),
        ("Governance Today", "https://example.org/x", ""),
        ("The Diplomat", "https://thediplomat.com/x", ""),
    ],
)
def test_an_official_source_is_known_by_its_host_or_its_publisher(codebook, publisher, url, official):
    assert official_source(publisher, url, codebook.official_sources) == official


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("sites: [gov.uz]\n", "unknown entry 'sites'"),
        ("hosts: [Gov UZ]\n", "host 'gov uz' is not a domain"),
    ],
)
def test_a_bad_official_sources_entry_fails_with_its_file_and_line(tmp_path, entry, problem):
    book = tmp_path / "codebook"
    shutil.copytree(CODEBOOK_DIR, book)
    path = book / "official_sources.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^hosts:\n(  .*\n)+", "", text, flags=re.M) if entry.startswith("hosts") else text
    path.write_text(text + entry, encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(CodebookError) as info:
        load_codebook(book)
    assert str(info.value).startswith(f"{path}:{line}: ") and problem in str(info.value)


def test_the_official_sources_file_is_part_of_the_codebook_version(codebook):
    assert CODEBOOK_DIR / "official_sources.yaml" in codebook.files


def test_the_readme_table_gives_every_reason_its_points():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for reason, (points, when) in SCALE.items():
        assert f"| {points if reason == 'base' else f'{points:+d}'} | {when} |" in readme, reason


def test_the_reasons_read_as_one_line_beside_the_evidence():
    assert confidence_text(65, "50 base; +15 two independent sources") == (
        "Confidence 65 of 100: 50 base; +15 two independent sources"
    )
    assert confidence_text(float("nan"), "") == ""


def opened(tables, monkeypatch, page: str, **query) -> AppTest:
    monkeypatch.setenv("TRACKER_TABLES_DIR", str(tables))
    return app_page(page, **query)


def test_the_initiatives_page_has_a_sortable_confidence_column_and_the_filter_narrows_it(built, monkeypatch):
    expected = {r["initiative_id"]: int(r["confidence"]) for r in initiatives(built).values()}
    at = opened(built, monkeypatch, "screens/initiatives.py")
    table = at.dataframe[0]
    shown = dict(zip(table.value["initiative_id"], table.value["confidence"], strict=True))
    assert shown == expected
    column = json.loads(table.proto.columns)["confidence"]
    assert column["label"] == "Confidence" and column["type_config"]["type"] == "progress"
    at.slider(key="f_confidence").set_value(60).run()
    assert at.query_params["confidence"] in ("60", ["60"])
    narrowed = set(at.dataframe[0].value["initiative_id"])
    assert narrowed == {i for i, c in expected.items() if c >= 60} and 0 < len(narrowed) < len(expected)


def test_a_link_with_a_minimum_confidence_opens_on_it_and_a_record_page_gives_the_reasons(built, monkeypatch):
    rows = initiatives(built)
    at = opened(built, monkeypatch, "screens/initiatives.py", confidence="65")
    assert at.slider(key="f_confidence").value == 65
    assert set(at.dataframe[0].value["initiative_id"]) == {
        r["initiative_id"] for r in rows.values() if int(r["confidence"]) >= 65
    }
    hedged = rows["Fergana Water Fund"]
    page = opened(built, monkeypatch, "screens/record.py", initiative=hedged["initiative_id"])
    said = " ".join(m.value for m in page.markdown).replace("\\", "")
    assert "Confidence 40 of 100: 50 base; -10 hedged wording ('could')" in said


def test_the_methods_page_gives_the_scale_and_names_the_official_sources_file(built, monkeypatch):
    at = opened(built, monkeypatch, "screens/methods.py")
    assert any(m.value == methods.confidence_scale() for m in at.markdown)
    assert any("data/codebook/official_sources.yaml" in c.value for c in at.caption)


@pytest.mark.parametrize(
    ("sentence", "wording"),
    [
        ("Japan and Uzbekistan signed an agreement on the Samarkand Logistics Fund.", ("", "")),
        ("In May Japan signed an agreement on the Samarkand Logistics Fund.", ("", "")),  # the month, not 'may'
        ("Japan may sign an agreement on the Samarkand Logistics Fund.", ("hedged", "may")),
        ("Uzbekistan plans to build the Tashkent Solar Power Plant.", ("hedged", "plans")),
        ("Kazakhstan hasn't signed the agreement on the Caspian Shipping Fund.", ("negated", "hasn't")),
        ("Japan will not sign the agreement on the Caspian Shipping Fund.", ("negated", "not")),
        (
            "According to sources, Japan signed an agreement on the Samarkand Logistics Fund.",
            ("hearsay", "According to sources"),
        ),
    ],
)
def test_the_words_before_the_cue_say_whether_a_statement_is_hedged(codebook, sentence, wording):
    claim = only(extract_text(sentence)).claims[0]
    assert hedge_of(claim, codebook) == wording
