"""The invoice of a sale as a PDF, on A5 paper or on an 80 mm thermal roll.

Labels are bilingual (English and Chinese) so one invoice serves either
reader; a reprint carries a COPY 副本 mark and the original number.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from receipts import fonts
from receipts.formatting import kwh, money, price
from vending_app.core.documents import Invoice

PAPERS = ("a5", "80mm")
ITEMS = {"tier": "Tariff energy 阶梯电量", "flat": "Flat-price energy 平价电量",
         "fixed_charge": "Monthly charge 月固定费", "recovery": "Recovered 代收"}
KINDS = {"sale": "Electricity sales invoice 售电发票",
         "adjustment": "Adjustment energy slip 调剂电量单",
         "transfer": "Meter replacement transfer slip 换表转存单"}


def _styles(font: str, narrow: bool) -> dict[str, ParagraphStyle]:
    base = 7.5 if narrow else 9
    return {
        "header": ParagraphStyle("header", fontName=font, fontSize=base + 3, leading=base + 6,
                                 alignment=1),
        "title": ParagraphStyle("title", fontName=font, fontSize=base + 1.5, leading=base + 4,
                                alignment=1),
        "copy": ParagraphStyle("copy", fontName=font, fontSize=base + 4, leading=base + 8,
                               alignment=1, textColor=colors.red),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=base, leading=base + 2.5),
        "big": ParagraphStyle("big", fontName=font, fontSize=base + 2, leading=base + 5),
    }


def _story(inv: Invoice, paper: str, width: float):
    font = fonts.register()
    narrow = paper == "80mm"
    st = _styles(font, narrow)
    p = lambda text, style="cell": Paragraph(text, st[style])  # noqa: E731
    story = [p(inv.header, "header"), p(KINDS.get(inv.kind, inv.kind), "title")]
    if inv.copy:
        story.append(p("COPY 副本 (reprint 重印)", "copy"))
    facts = [
        ("Receipt No. 票号", inv.receipt_no),
        ("Time 时间", inv.issued_at.strftime("%Y-%m-%d %H:%M:%S")),
        ("Station 站点", inv.station), ("Seller 售电员", inv.seller),
        ("Customer 户名", inv.customer), ("Account 户号", inv.account_no),
        ("Meter 表号", inv.meter_number), ("Multiplier 倍率", str(inv.multiplier)),
        ("Purchase No. 购电序号", str(inv.purchase_seq)),
    ]
    if inv.tariff:
        facts.append(("Tariff 电价", inv.tariff))
    label_w = width * (0.45 if narrow else 0.32)
    story.append(_grid([[p(a), p(b)] for a, b in facts], [label_w, width - label_w], font))
    story.append(Spacer(1, 2 * mm))
    head = [p("Item 项目"), p("kWh 电量"), p("Price 单价"), p("Amount 金额")]
    rows = [[p(ITEMS.get(ln.item, ln.item) + ("" if ln.item in ("fixed_charge",) else
                                               f" ({ln.description})")),
             p(kwh(ln.kwh)), p(price(ln.price)), p(money(ln.amount))] for ln in inv.lines]
    cols = [width * f for f in ((0.40, 0.20, 0.18, 0.22) if narrow else (0.46, 0.18, 0.16, 0.20))]
    story.append(_grid([head, *rows], cols, font, header=True, numeric_from=1))
    story.append(Spacer(1, 2 * mm))
    story.append(_grid([[p(a), p(b, "big" if a.startswith(("Total", "In words")) else "cell")]
                        for a, b in _energy(inv)], [width * 0.55, width * 0.45], font))
    story.append(Spacer(1, 4 * mm))
    story.append(p("Customer signature 客户签字: ______________"))
    return story


def _energy(inv: Invoice) -> list[tuple[str, str]]:
    """The energy and the money, under the lines."""
    return [
        ("Energy bought (primary) 购电量", f"{kwh(inv.primary_kwh)} kWh"),
        ("Written to card (secondary) 写卡电量", f"{kwh(inv.secondary_kwh)} kWh"),
        ("Carried in 上次结转", f"{kwh(inv.carry_in_kwh)} kWh"),
        ("Carried forward 本次结转", f"{kwh(inv.carry_out_kwh)} kWh"),
        ("Total 合计 (yuan 元)", money(inv.total)),
        ("In words 大写", inv.total_capitals),
        ("Tendered 实收", money(inv.tendered)), ("Change 找零", money(inv.change)),
    ]


def _grid(rows, widths, font, header: bool = False, numeric_from: int | None = None) -> Table:
    t = Table(rows, colWidths=widths, hAlign="LEFT")
    style = [("FONT", (0, 0), (-1, -1), font), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
             ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
             ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke))
    t.setStyle(TableStyle(style))
    return t


def invoice_pdf(inv: Invoice, paper: str = "a5") -> bytes:
    """The invoice as PDF bytes on ``paper`` ('a5' or '80mm')."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {PAPERS}")
    buf = io.BytesIO()
    if paper == "a5":
        margin = 10 * mm
        width = A5[0] - 2 * margin
        story = _story(inv, paper, width)
        pagesize = A5
    else:
        margin = 3 * mm
        width = 80 * mm - 2 * margin
        story = _story(inv, paper, width)
        # A roll has no page length: make the page as long as the content.
        height = sum(f.wrap(width, 10_000)[1] for f in story) + 2 * margin + 12 * mm
        pagesize = (80 * mm, height)
    doc = SimpleDocTemplate(buf, pagesize=pagesize, leftMargin=margin, rightMargin=margin,
                            topMargin=margin, bottomMargin=margin,
                            title=f"Invoice {inv.receipt_no}", author=inv.header)
    doc.build(story, onFirstPage=_watermark(inv), onLaterPages=_watermark(inv))
    return buf.getvalue()


def _watermark(inv: Invoice):
    def draw(canvas, doc):
        if not inv.copy:
            return
        canvas.saveState()
        canvas.setFont(fonts.register(), 40)
        canvas.setFillColor(colors.Color(1, 0, 0, alpha=0.12))
        w, h = doc.pagesize
        canvas.translate(w / 2, h / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, 0, "COPY 副本")
        canvas.restoreState()
    return draw
