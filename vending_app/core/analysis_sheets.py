"""The analyses as sheets: printed, exported (CSV, XLSX) and shown like any
other report, and the line-loss table and trend joined to the month end."""

from __future__ import annotations

from datetime import date

from vending_app.core.analyses import Suspect
from vending_app.core.documents import Chart, Column, Label, Section, Sheet
from vending_app.core.line_loss import LineLoss

SUSPECT_COLUMNS = (
    Column("rank", "Rank", "排名", "int"), Column("score", "Score", "分值", "int"),
    Column("account_no", "Account", "户号"), Column("name", "Customer", "户名"),
    Column("team", "Team", "供电所"), Column("meter", "Meter", "表号"),
    Column("last_purchase", "Last purchase", "最近购电", "date"),
    Column("reasons", "Reasons", "可疑原因"),
)
LOSS_COLUMNS = (
    Column("team", "Team", "供电所"), Column("period", "Period", "期间"),
    Column("master_kwh", "Master meter kWh", "总表电量", "kwh"),
    Column("sold_kwh", "Sold kWh", "售电量", "kwh"),
    Column("consumed_kwh", "Metered kWh", "分表用电量", "kwh"),
    Column("meters", "Meters read", "抄见表数", "int"),
    Column("meters_paired", "Meters", "表数", "int"),
    Column("recovery_pct", "Recovery %", "回收率%"), Column("loss_pct", "Line loss %", "线损率%"),
)


def suspects_sheet(suspects: list[Suspect], as_of: date, header: str, filters: str,
                   say=str) -> Sheet:
    """``say`` puts a reason in the reader's language (the window passes its own)."""
    rows = tuple({"rank": i, "score": x.score, "account_no": x.account_no, "name": x.name,
                  "team": x.team, "meter": x.meter, "last_purchase": x.last_purchase,
                  "reasons": "; ".join(say(r.text) for r in x.reasons)}
                 for i, x in enumerate(suspects, 1))
    return Sheet(kind="suspects", title_en="Suspicious customers", title_zh="用电可疑户",
                 period=f"as of {as_of.isoformat()}", header=header, columns=SUSPECT_COLUMNS,
                 sections=(Section(filters or Label("All teams", "全部"), rows, {}),), total={},
                 facts=(("Customers flagged", "可疑户数", str(len(rows))),))


def line_loss_rows(rows: list[LineLoss]) -> tuple[dict, ...]:
    return tuple({"team": r.team, "period": r.period, "master_kwh": r.master_kwh,
                  "sold_kwh": r.sold_kwh, "consumed_kwh": r.consumed_kwh, "meters": r.meters,
                  "meters_paired": r.meters_paired,
                  "recovery_pct": "" if r.recovery_pct is None else f"{r.recovery_pct}",
                  "loss_pct": "" if r.loss_pct is None else f"{r.loss_pct}"} for r in rows)


def loss_chart(trend: list[LineLoss]) -> Chart | None:
    """None while no team has two months with a line loss to draw."""
    periods = sorted({r.period for r in trend})
    series = []
    for team in sorted({r.team for r in trend}):
        by = {r.period: r.loss_pct for r in trend if r.team == team}
        values = tuple(by.get(p) for p in periods)
        if sum(v is not None for v in values) >= 2:
            series.append((team, values))
    return Chart("Line loss % by month 月线损率", tuple(periods), tuple(series)) if series \
        else None


def line_loss_sheet(rows: list[LineLoss], trend: list[LineLoss], label: str,
                    header: str) -> Sheet:
    return Sheet(kind="line_loss", title_en="Master meter vs sub-meters",
                 title_zh="总表/分表线损分析", period=label, header=header,
                 columns=LOSS_COLUMNS, sections=(Section("", line_loss_rows(rows), {}),),
                 total={}, chart=loss_chart(trend),
                 notes=("Recovery = sold / master meter energy; line loss = (master - metered) "
                        "/ master. Metered energy counts the meters with a report near both "
                        "ends of the period. 回收率=售电量/总表电量；线损率=(总表-分表)/总表。",))
