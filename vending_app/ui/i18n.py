"""Languages and locale formatting at the UI edge.

English source strings go through Qt's translation system: ``tr("...")``
(module function) for the window's own text, and the context "errors"
for what the core says: its error templates and its notes (a settled sale,
an anomaly's detail, what the printer did), which keep their parameters
apart so the translated template is filled in here.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from vending_app import applog, resources
from vending_app.core.errors import Note, VendingError

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
_installed: list[QTranslator] = []


def tr(text: str, **params) -> str:
    """Translate ``text`` (a literal, so lupdate finds it) and fill in ``params``."""
    t = QCoreApplication.translate("", text)
    return t.format(**params) if params else t


def system_language() -> str:
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def qm_path(language: str) -> Path:
    return resources.path("i18n", f"vending_{language}.qm")


def install(language: str | None) -> str:
    """Load ``language`` (or the system's) into the running application."""
    app = QCoreApplication.instance()
    lang = language if language in LANGUAGES else system_language()
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if lang != "en":
        ours = QTranslator()
        if not ours.load(str(qm_path(lang))):
            raise FileNotFoundError(f"translation {qm_path(lang).name} is missing: run "
                                    "scripts/i18n.py compile (the install step does)")
        qt = QTranslator()
        if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            _installed.append(qt)
        _installed.append(ours)
    for t in _installed:
        app.installTranslator(t)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China) if lang == "zh_CN"
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    return lang


def core_text(said: Note | VendingError | str) -> str:
    """A core note or error in the operator's language (notes among its
    values too); plain text is shown as it is."""
    if getattr(said, "template", None) is None:  # plain text: as it is
        return str(said)
    t = QCoreApplication.translate("errors", said.template)
    params = {k: core_text(v) if isinstance(v, Note) else v for k, v in said.params.items()}
    if isinstance(params.get("what"), str):  # the field a number was typed in
        params["what"] = field_word(params["what"])
    try:
        return t.format(**params) if params else t
    except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
        return str(said)


def field_word(word: str) -> str:
    """The name of a field the core's checks quote ("Energy must be more
    than zero"), in the operator's language; inside a sentence ("Enter the
    counted cash.", core.validation.mid_sentence) it stays small."""
    words = _field_words()
    title = word[:1].upper() + word[1:]
    if word[:1].islower() and title in words:
        said = words[title]
        return said[:1].lower() + said[1:]
    return words.get(word, word)


def _field_words() -> dict[str, str]:
    return {
        "Energy": tr("Energy"), "Amount": tr("Amount"), "Price": tr("Price"),
        "Cash tendered": tr("Cash tendered"), "Threshold": tr("Threshold"),
        "Remaining energy": tr("Remaining energy"), "Remaining": tr("Remaining energy"),
        "Opening float": tr("Opening float"), "Counted cash": tr("Counted cash"),
        "Monthly quota": tr("Monthly quota"), "Monthly charge": tr("Monthly charge"),
        "Master meter reading": tr("Master meter reading"), "Flat price": tr("Flat price"),
        "Credit cap": tr("Credit cap"), "Charge": tr("Charge"), "Tier bound": tr("Tier bound"),
        "Recovery percent": tr("Recovery percent"),
        "Adjustment energy": tr("Adjustment energy"), "kwh": tr("Energy"), "amount": tr("Amount"),
        "Name": tr("Name"), "Full name": tr("Full name"), "Address": tr("Address"),
        "Description": tr("Description"),
    }


def one_language(value):
    """A core Label (printed "sale 售电" on bilingual paper) in the
    window's language only; anything else as it is."""
    if isinstance(value, str) and hasattr(value, "en") and hasattr(value, "zh"):
        return value.zh if QLocale().language() == QLocale.Language.Chinese else value.en
    return value


def error_text(e: BaseException) -> str:
    """What the operator reads for a failure, in their language. Only the
    station's own errors (checks made before anything changes, or ones that
    say what happened) are told as they are; anything else may have come
    after a commit, so the operator is sent to the history, not told that
    nothing changed. Either way the log has it (see tasks.py)."""
    if isinstance(e, VendingError) or getattr(e, "template", None) is not None:
        return core_text(e)
    name = type(e).__name__
    if name in ("OperationalError", "InterfaceError", "DBAPIError"):
        return tr("The database cannot be reached ({detail}). Check the network or the database "
                  "server. If it happened while saving, check the sale history before trying "
                  "again.", detail=(str(getattr(e, "orig", e)).splitlines() or [name])[0])
    return tr("An unexpected error occurred ({detail}); it was written to the log ({path}). "
              "Check the sale history before trying again.",
              detail=f"{name}: {e}", path=str(applog.log_path()))


def term(value: str) -> str:
    """A stored state or kind (``paired``, ``committed``...) in the operator's language."""
    names = {
        "single_phase": tr("single phase"), "three_phase": tr("three phase"),
        "three_phase_ct": tr("three phase with CT"), "open": tr("open"), "closed": tr("closed"),
        "closing": tr("awaiting approval"), "paired": tr("paired"), "replaced": tr("replaced"),
        "unpaired": tr("unpaired"), "sale": tr("sale"), "adjustment": tr("adjustment"),
        "transfer": tr("transfer"), "committed": tr("committed"), "pending": tr("pending"),
        "abandoned": tr("abandoned"), "reversed": tr("reversed"), "quota": tr("flat-price quota"),
        "reversal": tr("reversal"), "shift": tr("shift"), "ok": tr("ok"), "denied": tr("denied"),
        "failed": tr("failed"), "active": tr("active"), "issuing": tr("issuing"),
        "administrator": tr("administrator"), "clerk": tr("clerk"), "seller": tr("seller"),
        "finance": tr("finance"), "cpu": tr("CPU card"), "sle4442": tr("SLE4442 memory card"),
        "sle4428": tr("SLE4428 memory card"), "check": tr("check"), "parameter": tr("parameter"),
        "key_change": tr("key change"), "notice": tr("notice"), "question": tr("question"),
        "reply": tr("reply"), "signed in": tr("signed in"), "signed out": tr("signed out"),
        "offline": tr("offline"), "refunded": tr("refunded"), "suspended": tr("suspended"),
        "done": tr("done"),
    }
    return names.get(str(value), str(value))


def shift_state(value: str) -> str:
    """A shift's state: open and closed say something else of a shift than
    of an account (在用 / 已销户)."""
    names = {"open": tr("open (shift)"), "closed": tr("closed (shift)"),
             "closing": tr("awaiting approval")}
    return names.get(str(value), term(value))


def number(value, places: int = 2) -> str:
    """A Decimal in the locale's separators, exactly (no float on the way)."""
    d = Decimal(value).quantize(Decimal(1).scaleb(-places))
    loc = QLocale()
    sign = "-" if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = loc.groupSeparator().join(groups)
    return sign + text + (loc.decimalPoint() + frac if places else "")


def money(value) -> str:
    """¥1.50; a negative amount -¥1.50 (the sign before the currency, as
    accountants write it), not ¥-1.50."""
    try:
        negative = value is not None and Decimal(value) < 0
    except (ArithmeticError, TypeError, ValueError):  # not a number: shown as number() shows it
        negative = False
    if negative:
        return "-" + tr("¥{amount}", amount=number(-Decimal(value), 2))
    return tr("¥{amount}", amount=number(value, 2))


def kwh(value) -> str:
    return tr("{kwh} kWh", kwh=number(value, 2))


def day(value: date | datetime | None) -> str:
    """YYYY-MM-DD in both languages (01/12/2026 is a different day in
    different offices); a time of day as HH:MM in the station's zone."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    return value.strftime("%Y-%m-%d")


def parse_decimal(text: str) -> str:
    """The locale's decimal point as '.'; the core's rule (money.plain_number)
    reads the rest. Group separators are not stripped: '1,000' is refused
    there with a message, never read as 1000 or as 1."""
    point, t = QLocale().decimalPoint(), text.strip()
    return t if point == "." else t.replace(point, ".")
