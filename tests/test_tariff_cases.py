"""Tariff pricing, table-driven: ladder boundaries, flat prices, multipliers
1/30/80, money -> kWh, monthly charge, recoveries, flat-price quota."""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from vending_app.core.catalog import parse_tiers
from vending_app.core.quote import ChargeState, QuoteInputs, quote_kwh, quote_money
from vending_app.core.tariffs import TariffPlan

LADDER = TariffPlan(1, "RES", date(2020, 1, 1), None, parse_tiers("2160:0.5283,4200:0.5783,*:0.8283"))
FLAT = TariffPlan(2, "COM", date(2020, 1, 1), None, parse_tiers("0.8500"))


def inputs(plan=LADDER, mult=1, carry="0", cum="0", **kw):
    return QuoteInputs(plan=plan, multiplier=mult, carry_in=D(carry), cumulative_kwh=D(cum), **kw)


# (case, inputs, kWh bought, total, secondary kWh written, carry out)
KWH_CASES = [
    ("ladder tier 1", inputs(), "100", "52.83", "100.00", "0.00"),
    ("crosses 2160", inputs(cum="2100"), "100", "54.83", "100.00", "0.00"),
    ("starts at 2160 exactly", inputs(cum="2160"), "100", "57.83", "100.00", "0.00"),
    ("crosses 4200", inputs(cum="4150"), "100", "70.34", "100.00", "0.00"),
    ("crosses both bounds", inputs(), "5000", "2983.50", "5000.00", "0.00"),
    ("top tier, one kWh", inputs(cum="4200"), "1", "0.83", "1.00", "0.00"),
    ("smallest step rounds up to a fen", inputs(), "0.01", "0.01", "0.01", "0.00"),
    ("flat price", inputs(FLAT), "123.45", "104.93", "123.45", "0.00"),
    ("multiplier 30", inputs(mult=30), "100", "52.83", "3.33", "0.10"),
    ("multiplier 30 with carry", inputs(mult=30, carry="0.10"), "100", "52.83", "3.33", "0.20"),
    ("multiplier 30, carry completes a unit", inputs(mult=30, carry="0.20"), "0.10", "0.05", "0.01",
     "0.00"),
    ("multiplier 80 (CT 400/5)", inputs(mult=80), "100", "52.83", "1.25", "0.00"),
    ("multiplier 80, one kWh", inputs(mult=80), "1", "0.53", "0.01", "0.20"),
    ("multiplier 80, under one unit", inputs(mult=80), "0.50", "0.26", "0.00", "0.50"),
    ("multiplier 1, smallest step", inputs(mult=1), "0.01", "0.01", "0.01", "0.00"),
    ("monthly charge on the first purchase", inputs(fixed_charge_due=D("5.00")), "100", "57.83",
     "100.00", "0.00"),
    ("arrears recovered at 10%",
     inputs(charges=(ChargeState(1, "arrears", D("500.00"), D("10")),)), "100", "58.11", "100.00",
     "0.00"),
    ("arrears smaller than the percentage",
     inputs(charges=(ChargeState(1, "arrears", D("2.00"), D("10")),)), "100", "54.83", "100.00",
     "0.00"),
    ("flat-price quota first, then the ladder",
     inputs(flat_quota_left=D("50"), flat_price=D("0.3000")), "100", "41.42", "100.00", "0.00"),
    ("quota larger than the purchase",
     inputs(flat_quota_left=D("500"), flat_price=D("0.3000")), "100", "30.00", "100.00", "0.00"),
    ("ladder with multiplier 30 across a bound", inputs(mult=30, cum="2150"), "30", "16.85",
     "1.00", "0.00"),
]


@pytest.mark.parametrize("case,inp,kwh,total,secondary,carry", KWH_CASES, ids=[c[0] for c in KWH_CASES])
def test_kwh_to_money(case, inp, kwh, total, secondary, carry):
    q = quote_kwh(inp, D(kwh))
    assert q.total == D(total)
    assert q.secondary_kwh == D(secondary)
    assert q.carry_out == D(carry)
    assert q.total == q.energy_amount + q.fixed_charge + q.recovered_amount
    assert q.energy_amount == q.flat_amount + sum(line.amount for line in q.tier_lines)
    assert q.secondary_kwh * inp.multiplier + q.carry_out == D(kwh) + inp.carry_in


# (case, inputs, money offered, most kWh it buys, total charged)
MONEY_CASES = [
    ("ladder, 100 yuan", inputs(), "100", "189.29", "100.00"),
    ("ladder across 2160", inputs(cum="2100"), "100", "178.11", "100.00"),
    ("flat, 10 yuan", inputs(FLAT), "10", "11.77", "10.00"),
    ("with monthly charge", inputs(fixed_charge_due=D("5.00")), "10", "9.47", "10.00"),
    ("multiplier 80 does not change the price", inputs(mult=80), "100", "189.29", "100.00"),
    ("money with arrears recovery",
     inputs(charges=(ChargeState(1, "arrears", D("500.00"), D("10")),)), "110", "189.29", "110.00"),
]


@pytest.mark.parametrize("case,inp,amount,kwh,total", MONEY_CASES, ids=[c[0] for c in MONEY_CASES])
def test_money_to_kwh(case, inp, amount, kwh, total):
    q = quote_money(inp, D(amount))
    assert q.primary_kwh == D(kwh)
    assert q.total == D(total)
    assert q.total <= D(amount)
    # never overcharging, and never selling less than the money buys
    assert quote_kwh(inp, q.primary_kwh + D("0.01")).total > D(amount)


def test_money_too_small_for_the_monthly_charge():
    from vending_app.core.errors import ValidationError
    with pytest.raises(ValidationError, match="does not buy any energy"):
        quote_money(inputs(fixed_charge_due=D("5.00")), D("5.00"))


def test_tier_lines_are_itemised():
    q = quote_kwh(inputs(), D("5000"))
    assert [(line.tier_index, line.kwh, line.price, line.amount) for line in q.tier_lines] == [
        (0, D("2160.00"), D("0.5283"), D("1141.13")),
        (1, D("2040.00"), D("0.5783"), D("1179.73")),
        (2, D("800.00"), D("0.8283"), D("662.64")),
    ]


def test_bad_tier_specs_are_refused():
    from vending_app.core.errors import ValidationError
    for spec in ["", "2160:0.5,1000:0.6,*:0.7", "2160:0.5,4200:0.6", "-0.5", "100:0.12345"]:
        with pytest.raises(ValidationError):
            parse_tiers(spec)


def test_plan_in_force():
    plan = replace(LADDER, effective_to=date(2026, 6, 30))
    assert plan.in_force(date(2026, 6, 30)) and not plan.in_force(date(2026, 7, 1))
