"""Datelines (sources.read_layout) and what the rule families do with them: the document's city,
and the place of a meeting held within days of the report."""

import pytest

from dashboard.extract import extract_document
from dashboard.sources import dateline, load_document


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Riyadh, Jul 20 (IANS): Saudi Arabia and India signed a deal.", ("Riyadh", "SAU")),
        ("New Delhi: India and the UAE launched a fund.", ("New Delhi", "IND")),
        ("ASTANA (Reuters) - Kazakhstan said on Monday", ("Astana", "KAZ")),
        ("BAKU, Azerbaijan, Jan. 5 (Trend): Azerbaijan and Georgia", ("Baku", "AZE")),
        ("Doha, Qatar, 3 March 2025 (QNA) - The Emir", ("Doha", "QAT")),
        ("Seoul, Nov 2 (Yonhap) -- South Korea", ("Seoul", "KOR")),
        ("Beijing, 12 May (Xinhua): China and Turkmenistan", ("Beijing", "CHN")),
        ("Japan said on Monday that it would host a summit.", ("", "")),
    ],
)
def test_agency_datelines_give_city_and_country(text, expected, codebook):
    assert dateline(text, codebook)[:2] == expected


def test_a_dateline_after_the_headline_is_read(codebook):
    text = "Gulf fund for Kazakh farms\n\nAbu Dhabi, Aug 4 (WAM) -- The UAE and Kazakhstan set up a farm fund."
    assert dateline(text, codebook)[:2] == ("Abu Dhabi", "ARE")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Moscow. 14 October. INTERFAX - Russia and Uzbekistan", ("Moscow", "RUS")),
        ("Astana. 3 March. INTERFAX-KAZAKHSTAN - The government", ("Astana", "KAZ")),
        ("Moscow. The weather. It was cold - very", ("", "")),
    ],
)
def test_the_interfax_dateline_is_read(text, expected, codebook):
    assert dateline(text, codebook)[:2] == expected


def load(tmp_path, text, published, codebook):
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "story.meta.yaml").write_text(f"published: {published}\n", encoding="utf-8")
    return load_document(path, codebook)


def test_talks_with_no_place_held_days_before_the_report_took_place_in_the_dateline_city(tmp_path, codebook):
    doc = load(tmp_path, "Riyadh, Jul 20 (IANS): The two sides held talks on Sunday.", "2025-07-20", codebook)
    assert (doc.dateline_city, doc.dateline_iso3) == ("Riyadh", "SAU")
    (event,) = extract_document(doc, codebook).events
    assert (event.start, event.city, event.iso3, event.status) == ("2025-07-20", "Riyadh", "SAU", "held")


def test_a_dateline_does_not_place_a_planned_meeting(tmp_path, codebook):
    doc = load(tmp_path, "New Delhi: The leaders will hold a summit in October.", "2025-07-20", codebook)
    (event,) = extract_document(doc, codebook).events
    assert (event.city, event.status) == ("", "planned")


def test_the_headline_is_the_documents_title(tmp_path, codebook):
    doc = load(
        tmp_path, "India and Oman sign a shipping pact\n\nMuscat: The two sides signed a pact.", "2025-07-20", codebook
    )
    assert doc.title == "India and Oman sign a shipping pact"
    assert (doc.dateline_city, doc.dateline_iso3) == ("Muscat", "OMN")
