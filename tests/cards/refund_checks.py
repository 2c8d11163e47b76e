"""What every refund test checks after the card is back: nothing lost,
nothing paid twice, card and books agree, the drawer adds up."""

from decimal import Decimal as D

from sqlalchemy import func, select

from db.models import Meter, Refund, RefundStatus, Sale, SaleStatus


def sales(core, status):
    with core.db.read() as s:
        return s.execute(select(Sale.purchase_seq, Sale.secondary_kwh, Sale.total_amount)
                         .where(Sale.status == status).order_by(Sale.purchase_seq)).all()


def refunds(core, status=RefundStatus.DONE):
    with core.db.read() as s:
        return s.execute(select(Refund.first_seq, Refund.last_seq, Refund.amount)
                         .where(Refund.status == status).order_by(Refund.id)).all()


def settle_and_check(office, slot, station, card, meter):
    """Put the card back, let the station settle, take the card to the meter:
    it credits exactly the committed purchases it had not applied, once;
    every refunded purchase is gone from the card; the drawer pays back
    exactly the finished refunds."""
    core = office.core
    slot.insert(card)
    core.cards.present(office.seller, station)
    slot.remove()
    assert core.sales.pending_sales() == [] and core.refunds.pending(office.seller) == []
    with core.db.read() as s:
        reported = s.scalar(select(Meter.reported_seq)) or 0
        seq = s.scalar(select(Meter.purchase_seq))
        assert s.scalar(select(func.count(Sale.id)).where(
            Sale.status.in_(["pending", "committed"]))) == seq  # no gap, no twin
    owed = sum(k for q, k, _ in sales(core, SaleStatus.COMMITTED) if q > reported)
    before = meter.state.balance_cu
    assert meter.insert(card).accepted
    assert D(meter.state.balance_cu - before) / 100 == owed
    assert meter.insert(card).credited_cu == 0
    assert meter.state.last_seq == seq
    x = core.shifts.x_report(office.seller)
    paid = sum((a for _, _, a in refunds(core)), D(0))
    assert x.refunds_amount == paid
    assert x.sales_amount == sum(t for _, _, t in sales(core, SaleStatus.COMMITTED)) + sum(
        t for _, _, t in sales(core, SaleStatus.REFUNDED))
    return paid
