"""Money and methods in the app: the cards, the committed-amounts chart, the table's columns,
the evidence of an amount, and the Methods page read from the codebook."""

import pytest

from dashboard.codebook import CODEBOOK_DIR
from dashboard.rates import RATES_FILE, load_rates

RATES = load_rates(CODEBOOK_DIR / RATES_FILE)


# --- In the app: cards, the chart, the table and the evidence -------------------------------

ARTICLES = {
    "001_loan.txt": "date 2025-06-10\n\nTASHKENT, June 10. The Asian Development Bank approved a $500 million loan "
    "to Uzbekistan for the Tashkent ring road.",
    "002_euro.txt": "date 2024-03-02\n\nBRUSSELS, March 2. The European Union pledged EUR 10 billion for the Global "
    "Gateway transport corridor in Kazakhstan.",
    "003_soms.txt": "date 2023-05-04\n\nBISHKEK, May 4. Kyrgyzstan allocated 4 billion soms for the construction of "
    "the Kambarata-1 hydropower plant.",
    "004_none.txt": "date 2025-12-20\n\nTOKYO, December 20. Japan proposed creating a regional logistics hub in "
    "Uzbekistan.",
}


@pytest.fixture(scope="module")
def money_tables(tmp_path_factory):
    from tests.conftest import build_articles

    return build_articles(tmp_path_factory.mktemp("money"), ARTICLES)


def test_the_money_cards_sum_dollars_by_flow_and_say_what_they_leave_out(money_tables):
    from dashboard.view.data import load_tables
    from dashboard.view.metrics import money_cards

    cards, note = money_cards(load_tables(money_tables))
    shown = {c.label: c.text for c in cards}
    euro = 10e9 / RATES[("EUR", 2024)]
    assert shown["Committed (USD)"] == f"${(500e6 + euro) / 1e9:,.1f} bn"  # the loan and the euro pledge
    assert shown["Disbursed (USD)"] == "$0" and shown["Proposed (USD)"] == "$0"
    assert "1 initiative(s) without an amount" in note  # the logistics hub
    assert "1 amount(s) with no dollar rate (KGS) left out" in note


def test_the_committed_amounts_chart_puts_each_amount_at_its_country_and_sector(money_tables):
    from dashboard.view.charts import committed_amounts
    from dashboard.view.data import load_tables

    figure = committed_amounts(load_tables(money_tables))
    heat = figure.data[0]
    cells = {
        (y, x): text for y, row in zip(heat.y, heat.text, strict=True) for x, text in zip(heat.x, row, strict=True)
    }
    assert cells[("Uzbekistan", "Transport and storage")] == "$500 m"
    assert any(y == "Kazakhstan" and t.endswith("bn") for (y, _), t in cells.items())
    assert "Kyrgyzstan" not in heat.y  # its amount has no dollar value: not drawn as 0
    assert "do not add up" in figure.layout.title.subtitle.text


def test_the_app_shows_money_cards_table_columns_and_the_amounts_sentence(money_tables, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from dashboard import ui
    from dashboard.view.data import load_tables
    from tests.conftest import ROOT

    monkeypatch.setenv("TRACKER_TABLES_DIR", str(money_tables))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90).run()
    assert not at.exception, at.exception
    labels = {m.label: m.value for m in at.metric}
    assert labels["Committed (USD)"].endswith("bn") and "Disbursed (USD)" in labels
    assert any("without an amount" in c.value for c in at.caption)
    at.switch_page("screens/initiatives.py").run()
    table = at.dataframe[0].value
    loan = table[table["amount_text"] == "$500 million"].iloc[0]
    assert (loan["usd"], loan["flow"], loan["instrument"]) == (500e6, "committed", "loan")
    assert "Asian Development Bank" in loan["lenders"]
    tables = load_tables(money_tables)
    row = tables.initiatives.set_index("initiative_id").loc[loan["initiative_id"]]
    words = ui.money_words(tables, row)
    assert words.startswith("Amount: $500 million ($500 m at 2025's average rate) · committed · loan")
    assert "lent by Asian Development Bank" in words and "stated in: “" in words and "ring road" in words


def test_the_seed_states_no_amount_and_the_app_says_so_rather_than_showing_zero():
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90).run()
    assert not any(m.label.endswith("(USD)") for m in at.metric)
    assert any("No amount of money is stated" in c.value for c in at.caption)


def test_the_methods_page_reads_the_ladder_kinds_and_rates_source_from_the_codebook():
    from streamlit.testing.v1 import AppTest

    from dashboard.codebook import load_codebook
    from dashboard.records import IATI_STATUS, Status
    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90).run()
    at.switch_page("screens/methods.py").run()
    assert not at.exception, at.exception
    ladder = at.dataframe[0].value
    assert list(ladder["IATI activity status"]) == [IATI_STATUS[s] for s in Status]
    codebook = load_codebook()
    for status, cues in zip(Status, ladder["Cues (a sample)"], strict=True):
        listed = {p for c in codebook.predicates if c.status is status for p in (*c.verbs, *c.nouns)}
        shown = {c.strip() for c in cues.split(" and ")[0].split(",")}
        assert shown and shown <= listed, status  # the codebook's own cues, not a copy
    assert any("European Central Bank" in c.value for c in at.caption)
    assert any("data version" in i.value.replace("\\", "") for i in at.info)
    kinds = at.dataframe[-1].value
    assert "cooperation area" in set(kinds["Kind"])
