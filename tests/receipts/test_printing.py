"""Printing: ESC/POS bytes read back from the far end of a serial pty pair
(socat), Qt's print support painting our PDF, and a failed print that
leaves the sale whole and reprintable."""

import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal as D

import pytest
import serial
from sqlalchemy import select

from db.models import Sale, SaleStatus
from receipts.invoice_pdf import invoice_pdf
from receipts.printers import PrintError, parse_target, print_invoice
from tests.conftest import open_customer
from tests.receipts.conftest import inked, render_png
from vending_app.core.documents import Invoice, InvoiceLine
from vending_app.core.errors import ValidationError
from vending_app.core.sales import SaleRequest

TZ = timezone(timedelta(hours=8))
INVOICE = Invoice(
    header="City Office", receipt_no="S01-00000042", issued_at=datetime(2026, 3, 5, 9, 30, 0, tzinfo=TZ),
    station="S01", seller="Sun", customer="李雷", account_no="00000007", meter_number="000000000001",
    multiplier=1, kind="sale", purchase_seq=3, primary_kwh=D("100.00"), secondary_kwh=D("100.00"),
    carry_in_kwh=D("0.00"), carry_out_kwh=D("0.00"), tariff="RES 2020-01-01",
    lines=(InvoiceLine("tier", "tier 1", D("100.00"), D("0.5283"), D("52.83")),),
    total=D("52.83"), total_capitals="伍拾贰元捌角叁分", tendered=D("60.00"), change=D("7.17"),
    copy=False)

# ESC/POS, written out from the command reference (not from the library).
ESC_INIT = b"\x1b@"
FS_CHINESE_ON, FS_CHINESE_OFF = b"\x1c&", b"\x1c."
MODE = lambda n: b"\x1b!" + bytes([n])  # noqa: E731 - ESC ! n: print mode (0x30 = double w+h)
ALIGN_LEFT, ALIGN_CENTER = b"\x1ba\x00", b"\x1ba\x01"
BOLD_ON, BOLD_OFF = b"\x1bE\x01", b"\x1bE\x00"
FEED_6_AND_CUT = b"\x1bd\x06" + b"\x1dV\x00"


def gb(text: str) -> bytes:
    return text.encode("gb18030") + b"\n"


def expected_bytes() -> bytes:
    text = BOLD_OFF + ALIGN_LEFT  # a plain line
    rows = [
        "票号 Receipt: S01-00000042",
        "时间 Time: 2026-03-05 09:30:00",
        "站点 Station: S01  售电员 Seller: Sun",
        "户名 Customer: 李雷",
        "户号 Account: 00000007",
        "表号 Meter: 000000000001  倍率 x1",
        "购电序号 Purchase No.: 3",
        "-" * 48,
        "tier 1" + " " * 27 + "100.00 x 0.5283",
        " " * 43 + "52.83",
        "-" * 48,
        "购电量 Bought kWh" + " " * 25 + "100.00",
        "写卡电量 On card kWh" + " " * 22 + "100.00",
        "结转 Carried kWh" + " " * 28 + "0.00",
    ]
    out = ESC_INIT + FS_CHINESE_ON
    out += MODE(0) + MODE(0) + MODE(0x30) + ALIGN_CENTER + gb("City Office")
    out += MODE(0) + MODE(0) + MODE(0) + ALIGN_CENTER + gb("售电发票 SALES INVOICE")
    for row in rows:
        out += text + gb(row)
    out += BOLD_ON + ALIGN_LEFT + gb("合计 TOTAL" + " " * 33 + "52.83")
    out += text + gb("大写 伍拾贰元捌角叁分")
    out += text + gb("实收 Tendered" + " " * 30 + "60.00")
    out += text + gb("找零 Change" + " " * 33 + "7.17")
    out += MODE(0) + MODE(0) + MODE(0) + BOLD_OFF + ALIGN_LEFT + FS_CHINESE_OFF + FEED_6_AND_CUT
    return out


def test_thermal_invoice_bytes_on_a_serial_line(pty_pair):
    printer_end, reader_end = pty_pair
    with serial.Serial(str(reader_end), 9600, timeout=0.5) as far:
        done = print_invoice(INVOICE, f"escpos-serial:{printer_end}:9600")
        assert "printed" in done
        got = b""
        want = expected_bytes()
        deadline = time.monotonic() + 10
        while len(got) < len(want) and time.monotonic() < deadline:
            got += far.read(4096)
        got += far.read(4096)  # and nothing more
    assert got == want


def test_qt_prints_the_pdf_page_for_page(poppler, tmp_path, monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from receipts.qt_print import paint_pdf
    _app = QApplication.instance() or QApplication([])
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    assert paint_pdf(invoice_pdf(INVOICE, "a5"), printer) == 1
    [page] = render_png(out.read_bytes(), tmp_path, "printed")
    assert inked(page) > 0.005  # the page carries the rendered invoice


def test_a_failed_print_keeps_the_sale_and_it_can_be_reprinted(office, card, tmp_path, pty_pair):
    core = office.core
    open_customer(office, "000000000001")
    core.shifts.open(office.seller, "0")
    sale = core.sales.sell(office.seller, SaleRequest("000000000001", kwh="20"), card)
    inv = core.documents.invoice(office.seller, sale.receipt_no)
    with pytest.raises(PrintError, match="sale is saved"):
        print_invoice(inv, f"escpos-serial:{tmp_path / 'no-such-port'}")
    with core.db.read() as s:
        assert s.scalar(select(Sale.status)) == SaleStatus.COMMITTED
    printer_end, reader_end = pty_pair
    copy = core.documents.invoice(office.seller, sale.receipt_no, copy=True)
    with serial.Serial(str(reader_end), 9600, timeout=1) as far:
        print_invoice(copy, f"escpos-serial:{printer_end}")
        got = far.read(4096)
    assert "副本 COPY".encode("gb18030") in got and sale.receipt_no.encode() in got


def test_printer_targets_are_checked():
    assert parse_target("escpos-net:192.168.1.50:9100").option == "9100"
    assert parse_target("escpos-usb:0416:5011").address == "0416"
    assert parse_target("system:Front desk").address == "Front desk"
    for bad in ("escpos-usb:xyz", "fax", "escpos-net:"):
        with pytest.raises(ValidationError):
            parse_target(bad)
