"""activities.py: joint extractive work written as a verb, when no initiative noun names it."""

import pytest

from tests.extract.conftest import countries, one, rows, status


def test_agreeing_to_develop_deposits_jointly_is_an_agreed_project():
    ini = one("Kazakhstan and Korea agreed to jointly develop tungsten deposits in the Karaganda region.")
    assert (ini.kind.value, status(ini)) == ("project", "agreed")
    assert "tungsten" in ini.name.lower() and ini.sectors == ["mining"]
    assert countries(ini) == {"KAZ", "KOR"}


def test_interest_in_exploring_jointly_is_a_proposal():
    ini = one("Mongolia and Japan voiced interest in exploring jointly for rare earths.")
    assert status(ini) == "proposed" and "mining" in ini.sectors


@pytest.mark.xfail(strict=True, reason="'offered to mine X together with Y' gives no row")
def test_an_offer_to_mine_together_is_the_offerers_proposal():
    ini = one("Uzbekistan offered to mine copper together with Japan.")
    assert (status(ini), ini.proposer) == ("proposed", "UZB")
    assert countries(ini) == {"UZB", "JPN"}


def test_developing_cooperation_in_mining_is_a_wish_not_an_undertaking():
    assert rows("The sides agreed to develop cooperation in mining.") == []


def test_cooperation_expanded_through_named_means_is_an_undertaking():
    ini = one("Korea and Uzbekistan agreed to expand cooperation in mining through a joint geological survey.")
    assert status(ini) == "agreed" and "mining" in ini.sectors


def test_mining_alone_by_one_state_is_not_joint_work():
    assert rows("Kazakhstan mines uranium in the south.") == []
