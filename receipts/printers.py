"""Where an invoice goes, as the station's ``printer.invoice`` setting says:

    preview                    the window shows a print preview (the CLI writes a PDF)
    system[:NAME]              a system printer through Qt (default printer without NAME)
    escpos-serial:DEV[:BAUD]   an ESC/POS thermal printer on a serial port (9600 baud)
    escpos-net:HOST[:PORT]     an ESC/POS printer on the network (port 9100)
    escpos-usb:VID:PID         an ESC/POS printer on USB (hex vendor and product ids)
    none                       no printing

A print failure never touches the sale: it is committed before anything is
printed, and its invoice can be printed again from the sale (marked as a
copy when it is a reprint).
"""

from __future__ import annotations

from dataclasses import dataclass

from vending_app.core.errors import Note, ValidationError, VendingError


class PrintError(VendingError):
    """Printing failed; the document (and the sale) are unaffected."""


@dataclass(frozen=True)
class Target:
    kind: str  # preview | system | escpos-serial | escpos-net | escpos-usb | none
    address: str = ""
    option: str = ""


def parse_target(text: str) -> Target:
    kind, _, rest = str(text).strip().partition(":")
    if kind in ("preview", "none") and not rest:
        return Target(kind)
    if kind == "system":
        return Target(kind, rest)
    if kind in ("escpos-serial", "escpos-net") and rest:
        address, _, number = rest.rpartition(":")
        if address and number.isascii() and number.isdigit():  # ADDRESS:BAUD or HOST:PORT
            return Target(kind, address, number)
        return Target(kind, rest)
    if kind == "escpos-usb":
        vid, _, pid = rest.partition(":")
        try:
            int(vid, 16), int(pid, 16)
        except ValueError:
            pass
        else:
            return Target(kind, vid, pid)
    raise ValidationError("'{text}' is not a printer: use preview, system[:NAME], "
                          "escpos-serial:DEVICE[:BAUD], escpos-net:HOST[:PORT], "
                          "escpos-usb:VID:PID or none.", text=text)


def open_escpos(target: Target):
    """A python-escpos printer object for an ESC/POS target."""
    from escpos import printer
    if target.kind == "escpos-serial":
        return printer.Serial(devfile=target.address, baudrate=int(target.option or 9600),
                              timeout=2, dsrdtr=False)
    if target.kind == "escpos-net":
        return printer.Network(target.address, port=int(target.option or 9100), timeout=5)
    if target.kind == "escpos-usb":
        return printer.Usb(int(target.address, 16), int(target.option, 16))
    raise ValueError(target.kind)


def print_invoice(inv, target: Target | str, paper: str = "a5") -> Note:
    """Print ``inv`` on ``target``; returns what was done, for the operator."""
    target = parse_target(target) if isinstance(target, str) else target
    try:
        if target.kind == "none":
            return Note("not printed (printing is off)")
        if target.kind.startswith("escpos-"):
            from receipts.thermal import print_invoice as thermal
            p = open_escpos(target)
            try:
                thermal(inv, p)
            finally:
                p.close()
            return Note("printed on {kind} {address}", kind=target.kind,
                        address=target.address)
        if target.kind == "system":
            from receipts.invoice_pdf import invoice_pdf
            from receipts.qt_print import paint_pdf, system_printer
            paint_pdf(invoice_pdf(inv, paper), system_printer(target.address or None))
            if target.address:
                return Note("sent to printer {name}", name=target.address)
            return Note("sent to the default printer")
    except PrintError:
        raise
    except Exception as e:  # noqa: BLE001 - any device failure is reported the same way
        raise PrintError("The invoice could not be printed ({error}). The sale is saved: print "
                         "it again from the sale once the printer is ready.",
                         error=f"{type(e).__name__}: {e}") from e
    raise PrintError("Printing to '{kind}' is done by the window's preview.", kind=target.kind)
