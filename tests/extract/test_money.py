"""money.py: loans, grants, credit lines, deals worth an amount, and targets."""

from tests.extract.conftest import countries, named, one, roles, rows, status


def test_an_approved_loan_with_a_purpose_is_one_agreed_financing_row():
    ini = one("The Asian Development Bank approved a $300 million loan to improve irrigation in Tajikistan.")
    assert (ini.kind.value, status(ini), ini.instrument) == ("financing", "agreed", "loan")
    assert (ini.money.amount, ini.money.currency) == (300e6, "USD")
    assert "water" in ini.sectors and "TJK" in countries(ini)
    assert ("adb", "financier") in ini.organizations


def test_a_euro_loan_keeps_its_currency_and_the_bank_as_financier():
    ini = one("The European Investment Bank signed a EUR 150 million loan for a water treatment plant in Bishkek.")
    assert (ini.money.amount, ini.money.currency, ini.instrument) == (150e6, "EUR", "loan")
    assert ("eib", "financier") in ini.organizations and roles(ini, "KGZ") == {"host"}


def test_a_guarantee_is_financing_with_its_own_instrument():
    ini = one("The bank provided a $40 million guarantee for a solar plant in Kazakhstan.")
    assert (ini.kind.value, ini.instrument, status(ini)) == ("financing", "guarantee", "agreed")
    assert ini.sectors == ["energy"]


def test_a_loan_for_a_purpose_takes_the_purpose_sector_not_banking():
    ini = one("The Export-Import Bank of Korea extended a $500 million loan to improve food security in Kenya.")
    assert ini.sectors == ["agriculture"]  # 'food security' is agriculture's keyword, not security's
    assert ("kexim", "financier") in ini.organizations and "host" in roles(ini, "KEN")


def test_a_bank_that_extends_a_loan_makes_its_country_the_financier():
    ini = one("The Export-Import Bank of Korea extended a $500 million loan to improve food security in Kenya.")
    assert roles(ini, "KOR") == {"financier"}


def test_a_state_that_receives_a_loan_is_not_its_financier():
    ini = one("Kyrgyzstan received a $45 million loan from the Asian Development Bank for rural schools.")
    assert "financier" not in roles(ini, "KGZ") and ("adb", "financier") in ini.organizations


def test_a_grant_in_yuan_names_the_giver_as_financier():
    ini = one("China granted Tajikistan 200 million yuan for a school project.")
    assert (ini.money.amount, ini.money.currency, status(ini)) == (200e6, "CNY", "agreed")
    assert "financier" in roles(ini, "CHN") and "TJK" in countries(ini)
    assert ini.sectors == ["education"]


def test_a_grant_that_will_be_provided_is_not_yet_agreed():
    ini = one("Japan will provide a grant of $20 million for school meals in Kyrgyzstan.")
    assert ini.instrument == "grant" and ini.money.amount == 20e6
    assert status(ini) in ("proposed", "under_discussion")


def test_a_line_of_credit_of_an_amount_is_financing():
    ini = one("The World Bank approved a line of credit of $300 million for small businesses in Uzbekistan.")
    assert (ini.kind.value, ini.instrument, status(ini)) == ("financing", "loan", "agreed")
    assert ini.money.amount == 300e6 and "UZB" in countries(ini)


def test_a_credit_line_expected_to_be_approved_is_not_agreed():
    ini = one("The OPEC Fund is expected to approve a $50 million credit line for small businesses in Kyrgyzstan.")
    assert status(ini) != "agreed" and ini.money.amount == 50e6
    assert ("opec_fund", "financier") in ini.organizations


def test_a_credit_line_is_a_loan_instrument():
    ini = one("The OPEC Fund approved a $50 million credit line for small businesses in Kyrgyzstan.")
    assert ini.instrument == "loan"


def test_technical_assistance_is_a_grant():
    ini = one("Japan approved $12 million of technical assistance for customs reform in Mongolia.")
    assert (ini.kind.value, ini.instrument, ini.money.amount) == ("financing", "grant", 12e6)


def test_contracts_worth_an_amount_are_one_deal():
    ini = one("The two companies signed contracts worth $4 billion.")
    assert (ini.kind.value, status(ini), ini.money.amount) == ("deal", "agreed", 4e9)


def test_investment_agreements_worth_an_amount_are_a_deal_between_the_signers():
    ini = one("Saudi Arabia and Uzbekistan signed investment agreements worth $12 billion.")
    assert ini.kind.value == "deal" and countries(ini) == {"SAU", "UZB"}


def test_raising_trade_to_an_amount_is_an_agreed_target():
    ini = one("Kazakhstan and Korea agreed to raise bilateral trade to $5 billion by 2030.")
    assert (ini.kind.value, status(ini), ini.money.amount) == ("target", "agreed", 5e9)
    assert "trade" in ini.sectors and countries(ini) == {"KAZ", "KOR"}


def test_an_amount_restated_in_parentheses_is_not_a_second_amount():
    ini = one("The bank approved a $100 million (€92 million) loan for a bridge in Georgia.")
    assert (ini.money.amount, ini.money.currency) == (100e6, "USD")


def test_an_offered_loan_is_proposed_by_the_offering_state():
    ini = one("Russia offered Uzbekistan a loan of $1 billion for a nuclear power plant.")
    assert (status(ini), ini.proposer, ini.instrument) == ("proposed", "RUS", "loan")
    assert "UZB" in countries(ini) and ini.sectors == ["energy"]


def test_a_loan_agreement_for_roads_is_in_transport():
    ini = one(
        "The Saudi Fund for Development signed a $100 million loan agreement with Tajikistan for road construction."
    )
    assert ini.kind.value == "financing" and "transport" in ini.sectors
    assert "TJK" in countries(ini)


def test_two_loans_in_one_sentence_are_two_rows():
    found = rows("The bank approved a $70 million loan for rural roads and a $30 million grant for clinics in Nepal.")
    assert named(found, "roads").money.amount == 70e6
    assert named(found, "clinics").instrument == "grant"
