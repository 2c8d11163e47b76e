"""Catalogue upkeep: tariffs, categories, areas and teams are renamed and
retired (never deleted); a retired one takes no new customers, and those it
has keep buying. A tariff version is tried on a customer before it applies."""

from datetime import date
from decimal import Decimal as D

import pytest

from tests.conftest import new_id_number, open_customer
from vending_app.core.errors import PermissionDenied, StateError
from vending_app.core.sales import SaleRequest


def _open(office, team="T1", category="RESID"):
    return office.core.accounts.open_account(office.clerk, "Wu Fang", new_id_number(),
                                             "13800138000", "2 Well Road", team, category)


def test_a_retired_tariff_takes_no_new_customers_and_its_own_keep_buying(office, card):
    core, admin = office.core, office.admin
    open_customer(office, "000000000001")  # on RESID -> RES
    core.catalog.set_active(admin, "tariff", "res", False)
    with pytest.raises(StateError, match="Tariff RES of category RESID is retired"):
        _open(office)
    with pytest.raises(StateError, match="tariff RES is retired"):
        core.catalog.add_category(admin, "RES2", "Residential 2", "RES")
    with pytest.raises(StateError, match="already retired"):
        core.catalog.set_active(admin, "tariff", "RES", False)
    core.shifts.open(office.seller, "0")
    sale = core.sales.sell(office.seller, SaleRequest("000000000001", kwh="10"), card)
    assert sale.quote.total == D("5.28")  # the customer it has still buys at its prices
    assert _open(office, category="COMM")  # another category is open
    core.catalog.set_active(admin, "tariff", "RES", True)
    assert _open(office)
    rows = {(r.kind, r.code): r for r in core.catalog.catalog_rows(admin)}
    assert rows[("tariff", "RES")].active
    actions = [e.action for e in core.audit_log.search(admin)]
    assert "tariff_retire" in actions and "tariff_reinstate" in actions


@pytest.mark.parametrize("kind,code,expect", [
    ("category", "RESID", "Customer category RESID is retired"),
    ("team", "T1", "Supply team T1 is retired"),
    ("area", "NORTH", "Supply area NORTH is retired"),
])
def test_a_retired_category_team_or_area_takes_no_new_customers(office, kind, code, expect):
    office.core.catalog.set_active(office.admin, kind, code, False)
    with pytest.raises(StateError, match=expect):
        _open(office)
    if kind == "area":
        with pytest.raises(StateError, match="area NORTH is retired"):
            office.core.catalog.add_team(office.admin, "NORTH", "T3", "Team three")
    row = next(r for r in office.core.catalog.catalog_rows(office.admin)
               if (r.kind, r.code) == (kind, code))
    assert not row.active


def test_renaming_keeps_the_code_and_is_audited_and_guarded(office):
    core = office.core
    core.catalog.rename(office.admin, "team", "t2", "Team two (east)")
    core.catalog.rename(office.admin, "tariff", "COM", "Commercial flat 2027")
    rows = {(r.kind, r.code): r.name for r in core.catalog.catalog_rows(office.admin)}
    assert rows[("team", "T2")] == "Team two (east)"
    assert rows[("tariff", "COM")] == "Commercial flat 2027"
    (ev,) = core.audit_log.search(office.admin, _filter(action="team_rename"))
    assert ev.detail == {"code": "T2", "from": "Team two", "to": "Team two (east)"}
    for login in ("clerk", "seller", "finance"):
        who = getattr(office, login)
        with pytest.raises(PermissionDenied):
            core.catalog.rename(who, "tariff", "COM", "Mine now")
        with pytest.raises(PermissionDenied):
            core.catalog.set_active(who, "area", "NORTH", False)


def _filter(**kw):
    from vending_app.core.audit_query import AuditFilter
    return AuditFilter(**kw)


def test_a_tariff_version_previewed_on_a_customer_uses_their_ladder(office, card, clock):
    """'What would 200 kWh cost from the 1st': from where the customer is on
    the year's ladder that day; a version from a new billing year starts the
    ladder again."""
    core, admin = office.core, office.admin
    acc = open_customer(office, "000000000001")
    core.shifts.open(office.seller, "0")
    core.sales.sell(office.seller, SaleRequest("000000000001", kwh="2100"), card)
    core.catalog.add_tariff_version(admin, "RES", date(2026, 4, 1),
                                    "2160:0.6000,4200:0.7000,*:0.9000")
    p = core.previews.preview(office.clerk, acc, "200", effective_from=date(2026, 4, 1))
    assert (p.on, p.cumulative_before) == (date(2026, 4, 1), D("2100"))
    assert [(t.kwh, t.amount) for t in p.quote.tier_lines] == [(D("60"), D("36.00")),
                                                               (D("140"), D("98.00"))]
    assert p.quote.total == D("134.00")
    core.catalog.add_tariff_version(admin, "RES", date(2027, 1, 1), "2160:0.6100,*:0.9100")
    p = core.previews.preview(office.seller, acc, "200")  # the newest: next billing year
    assert (p.on, p.cumulative_before, p.quote.total) == (date(2027, 1, 1), 0, D("122.00"))
    p = core.previews.preview(office.clerk, acc, "10", tariff_code="COM")  # another tariff
    assert p.quote.total == D("8.50")
    with pytest.raises(PermissionDenied):
        core.previews.preview(office.finance, acc, "10")
