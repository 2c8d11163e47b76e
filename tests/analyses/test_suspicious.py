"""Suspicious customers on a generated office with planted cases: every
thief found with the right reason, the honest ones left alone."""

from datetime import date

import pytest

from tests.planted_office import THIEVES, plant, score
from vending_app.core.errors import PermissionDenied

AS_OF = date(2026, 10, 31)


@pytest.fixture
def planted(office):
    return plant(office.core, AS_OF)


def test_every_planted_thief_is_found_for_the_right_reason(office, planted):
    found = office.core.analyses.suspicious(office.clerk, as_of=AS_OF)
    precision, recall, problems = score(found, planted)
    assert problems == []
    assert (precision, recall) == (1.0, 1.0)
    by_meter = {x.meter: x for x in found}
    for number, kind in planted.items():
        if kind in THIEVES:
            suspect = by_meter[number]
            assert all(str(r.text) for r in suspect.reasons)  # a reason a clerk can read
    ranked = [x.score for x in found]
    assert ranked == sorted(ranked, reverse=True)
    forged = next(x for x in found if planted[x.meter] == "forged")
    assert "failed authentication" in str(forged.reasons[0].text)
    silent = next(x for x in found if planted[x.meter] == "bypass_silent")
    assert any("no purchase for" in str(r.text) for r in silent.reasons)


def test_filters_by_team_reason_and_score(office, planted):
    core = office.core
    tampers = core.analyses.suspicious(office.finance, as_of=AS_OF, kind="tamper")
    assert [planted[x.meter] for x in tampers] == ["tampered"]
    assert core.analyses.suspicious(office.finance, as_of=AS_OF, team="T2") == []
    high = core.analyses.suspicious(office.finance, as_of=AS_OF, min_score=100)
    kinds = {planted[x.meter] for x in high}
    assert "tampered" in kinds and "reverse" not in kinds  # two reasons weigh more than one
    assert all(x.score >= 100 and len(x.reasons) >= 2 for x in high)


def test_a_seller_may_not_run_the_analyses(office):
    with pytest.raises(PermissionDenied):
        office.core.analyses.suspicious(office.seller, as_of=AS_OF)
