"""A small demo office, so a newcomer can sell at once."""

from __future__ import annotations

from datetime import date

from db.models import Role
from vending_app.core.errors import StateError
from vending_app.core.simulator import mark_demo
from vending_app.core.station import StationCore

DEMO_OPERATORS = [("clerk", "Chen Jing", Role.CLERK),
                  ("seller", "Sun Li", Role.SELLER),
                  ("finance", "Fang Hua", Role.FINANCE)]

DEMO_CUSTOMERS = [
    # name, resident ID, phone, address, team, category, meter, type, CT ratio
    ("Li Lei", "110101198001010010", "13800138001", "1 Oilfield Road", "T1", "RESID",
     "000000000001", "single_phase", "1"),
    ("Han Meimei", "110101198502020022", "13800138002", "3 Oilfield Road", "T1", "RESID",
     "000000000002", "single_phase", "1"),
    ("Wang Fang", "110101199003030036", "13800138003", "8 Station Street", "T2", "RESID",
     "000000000003", "three_phase", "1"),
    ("North Pump Station", "PUMP-0001", "13800138004", "Pump yard 1", "T2", "IND",
     "000000000004", "three_phase_ct", "150/5"),
]


def seed(core: StationCore, password: str) -> str:
    if core.auth.has_operators():
        raise StateError("This database already has operators: demo data goes into a fresh one.")
    admin = core.auth.bootstrap_administrator("admin", "Zhao Min", password)
    with core.db.write() as s:  # the virtual meter works here, and only here
        mark_demo(s)
    for login, name, role in DEMO_OPERATORS:
        core.auth.create_operator(admin, login, name, role, password)
    cat = core.catalog
    cat.add_tariff(admin, "RES", "Residential ladder")
    cat.add_tariff_version(admin, "RES", date(2020, 1, 1), "2160:0.5283,4200:0.5783,*:0.8283",
                           note="residential ladder: 0-2160, 2161-4200, above")
    cat.add_tariff(admin, "IND", "Industrial flat")
    cat.add_tariff_version(admin, "IND", date(2020, 1, 1), "0.8500", fixed_monthly_charge="10.00")
    cat.add_area(admin, "NORTH", "North field")
    cat.add_team(admin, "NORTH", "T1", "First supply team")
    cat.add_team(admin, "NORTH", "T2", "Second supply team")
    cat.add_category(admin, "RESID", "Residential", "RES")
    cat.add_category(admin, "IND", "Industrial", "IND")
    clerk = core.auth.login("clerk", password)
    for name, idn, phone, addr, team, category, meter, mtype, ct in DEMO_CUSTOMERS:
        acc = core.accounts.open_account(clerk, name, idn, phone, addr, team, category)
        core.accounts.pair_meter(clerk, acc, meter, mtype, ct)
    return (f"demo office seeded: operators admin, clerk, seller, finance; "
            f"{len(DEMO_CUSTOMERS)} customers with meters 000000000001-000000000004")
