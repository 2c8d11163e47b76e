"""A refund on demand shown before it is done (the window's first Enter),
through pcscd + vpcd on SQLite and PostgreSQL: the preview writes nothing,
it is what the refund then pays, and a confirmation of a preview that no
longer holds is refused with nothing taken off the card. After the refund
the next sale takes purchase number 1 again: the counter's history lists
purchases newest first and names the refunded one whose number it took."""

from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from db.models import Refund
from tests.conftest import open_customer
from vending_app.core.errors import StateError
from vending_app.core.lookup import SeqReuse
from vending_app.operations import Changed
from vending_app.operations import customer_care as care

M1 = "000000000001"


def refund_rows(core) -> int:
    with core.db.read() as s:
        return s.scalar(select(func.count(Refund.id)))


def test_the_refund_shown_is_the_refund_paid_and_a_stale_one_is_refused(office, slot, station,
                                                                        blank_card):
    core, seller = office.core, office.seller
    account = open_customer(office, M1)
    slot.insert(blank_card)
    core.cards.issue_card(office.clerk, M1, station)
    core.shifts.open(seller, "0")
    receipts = [core.cards.sell(seller, station, kwh=k)[1].receipt_no for k in ("50", "20")]
    core.accounts.add_charge(office.clerk, account, "meter box repair", "5", "10")

    asked = care.preview_refund(core, seller, station)
    assert asked.changes == Changed.NONE  # a read that settled nothing changed nothing
    p = asked.value.preview
    assert (p.account_no, p.customer_name, p.meter_number) == (account, "Li Lei", M1)
    assert [(x.purchase_seq, x.receipt_no) for x in p.purchases] == [(1, receipts[0]), (2, receipts[1])]
    assert (p.kwh, p.gross, p.charges_deducted, p.paid) == (
        D("70.00"), D("36.99"), D("5.00"), D("31.99"))
    assert [e.seq for e in station.read().entries] == [1, 2] and refund_rows(core) == 0

    core.cards.sell(seller, station, kwh="10")  # the purchases changed since they were shown
    with pytest.raises(StateError, match="changed since it was shown"):
        core.refunds.refund_on_demand(seller, station, "moving out", expect=p)
    assert [e.seq for e in station.read().entries] == [1, 2, 3] and refund_rows(core) == 0

    p = core.refunds.preview(seller, core.cards.present(seller, station))
    done = core.refunds.refund_on_demand(seller, station, "moving out", expect=p)
    assert (done.first_seq, done.last_seq, done.kwh, done.charges_deducted, done.paid) == (
        1, 3, p.kwh, p.charges_deducted, p.paid)
    assert station.read().entries is None

    _, again = core.cards.sell(seller, station, kwh="10")
    assert again.purchase_seq == 1  # the number the refund gave back
    history = core.lookup.meter_view(seller, M1).history
    assert [(h.receipt_no, h.purchase_seq, h.status) for h in history][:2] == [
        (again.receipt_no, 1, "committed"), ("S01-00000003", 3, "refunded")]
    assert [h.purchase_seq for h in history] == [1, 3, 2, 1]
    assert history[0].reuses == SeqReuse(receipts[0], "refunded")
    assert all(h.reuses is None for h in history[1:])
