"""The invoice on an 80 mm ESC/POS thermal printer (python-escpos), over
serial, USB or the network.

Chinese is printed in the printers' Chinese character mode (FS &) with
GB 18030 text, which python-escpos's code-page text() does not cover; the
rest (initialise, alignment, size, emphasis, feed and cut) goes through the
library. 48 columns of font A fit the 72 mm printable width; a CJK character
takes two.
"""

from __future__ import annotations

import unicodedata

from receipts.formatting import kwh, money, price
from vending_app.core.documents import Invoice

COLUMNS = 48
CJK_ON, CJK_OFF = b"\x1c\x26", b"\x1c\x2e"  # FS & / FS .
KINDS = {"sale": "售电发票 SALES INVOICE", "adjustment": "调剂电量单 ADJUSTMENT",
         "transfer": "换表转存单 METER TRANSFER"}


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pair(left: str, right: str, columns: int = COLUMNS) -> str:
    """``left`` and ``right`` on one line, right-aligned; wrapped if too long."""
    gap = columns - width(left) - width(right)
    if gap >= 1:
        return f"{left}{' ' * gap}{right}"
    return f"{left}\n{' ' * max(0, columns - width(right))}{right}"


def invoice_lines(inv: Invoice) -> list[tuple[str, str]]:
    """(style, text) lines of the thermal invoice; styles: title, center,
    bold, text."""
    out = [("title", inv.header), ("center", KINDS.get(inv.kind, inv.kind))]
    if inv.copy:
        out.append(("bold", "** 副本 COPY (重印 reprint) **"))
    out += [("text", f"票号 Receipt: {inv.receipt_no}"),
            ("text", f"时间 Time: {inv.issued_at:%Y-%m-%d %H:%M:%S}"),
            ("text", f"站点 Station: {inv.station}  售电员 Seller: {inv.seller}"),
            ("text", f"户名 Customer: {inv.customer}"),
            ("text", f"户号 Account: {inv.account_no}"),
            ("text", f"表号 Meter: {inv.meter_number}  倍率 x{inv.multiplier}"),
            ("text", f"购电序号 Purchase No.: {inv.purchase_seq}"),
            ("text", "-" * COLUMNS)]
    for ln in inv.lines:
        if ln.kwh is not None:
            out.append(("text", pair(ln.description, f"{kwh(ln.kwh)} x {price(ln.price)}")))
            out.append(("text", pair("", money(ln.amount))))
        else:
            out.append(("text", pair(ln.description, money(ln.amount))))
    out += [("text", "-" * COLUMNS),
            ("text", pair("购电量 Bought kWh", kwh(inv.primary_kwh))),
            ("text", pair("写卡电量 On card kWh", kwh(inv.secondary_kwh))),
            ("text", pair("结转 Carried kWh", kwh(inv.carry_out_kwh))),
            ("bold", pair("合计 TOTAL", money(inv.total))),
            ("text", f"大写 {inv.total_capitals}"),
            ("text", pair("实收 Tendered", money(inv.tendered))),
            ("text", pair("找零 Change", money(inv.change)))]
    return out


def print_invoice(inv: Invoice, printer) -> None:
    """Send the invoice to a python-escpos printer object and cut."""
    printer.hw("INIT")
    printer._raw(CJK_ON)
    for style, text in invoice_lines(inv):
        if style == "title":
            printer.set(align="center", double_width=True, double_height=True)
        elif style == "center":
            printer.set(align="center", normal_textsize=True)
        elif style == "bold":
            printer.set(align="left", bold=True)
        else:
            printer.set(align="left", bold=False)
        printer._raw(text.encode("gb18030") + b"\n")
    printer.set(align="left", bold=False, normal_textsize=True)
    printer._raw(CJK_OFF)
    printer.cut()
