"""The one entry object the UI and the CLI talk to (like Anki's Collection):
a database, this station's identity, and the services over them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from argon2 import PasswordHasher
from sqlalchemy import select

from db import migrate
from db.engine import Database
from db.models import Station
from vending_app.core import validation
from vending_app.core.accounts import AccountService
from vending_app.core.adjustments import AdjustmentService
from vending_app.core.analyses import AnalysisService
from vending_app.core.audit_query import AuditQueryService
from vending_app.core.auth import AuthService
from vending_app.core.call_list import CallListService
from vending_app.core.card_service import CardService
from vending_app.core.card_station import KeyVault
from vending_app.core.catalog import CatalogService
from vending_app.core.customer_edits import CustomerMaintenanceService
from vending_app.core.errors import StateError
from vending_app.core.fieldwork import FieldWorkService
from vending_app.core.keys import KeyService
from vending_app.core.line_loss import LineLossService
from vending_app.core.lookup import LookupService
from vending_app.core.master_meters import MasterMeterService
from vending_app.core.messages import MessageService
from vending_app.core.moving_in import MovingInService
from vending_app.core.refunds import RefundService
from vending_app.core.reports import AuditService, DocumentService, ReportService
from vending_app.core.safety import SafetyService
from vending_app.core.sales import SalesService
from vending_app.core.sales_search import SalesSearchService
from vending_app.core.shifts import ShiftService
from vending_app.core.startup import check_database
from vending_app.core.statements import StatementService
from vending_app.core.stations import StationService
from vending_app.core.tariff_preview import TariffPreviewService

DEFAULT_STATION = "S01"


def register_station(db: Database, code: str, name: str | None = None) -> int:
    with db.write() as s:
        return _ensure_station(s, validation.station_code(code), name)


def _ensure_station(s, code: str, name: str | None = None) -> int:
    st = s.scalar(select(Station).where(Station.code == code))
    if st is None:
        st = Station(code=code, name=name or f"Station {code}", next_receipt_no=1)
        s.add(st)
        s.flush()
    return st.id


class StationCore:
    def __init__(self, db: Database, station_code: str = DEFAULT_STATION,
                 hasher: PasswordHasher | None = None,
                 clock: Callable[[], datetime] | None = None,
                 key_vault: KeyVault | None = None):
        """``key_vault``: the card layer's key material (cards/keystore.py),
        handed in by whoever builds the station, as card stations are."""
        check_database(db.url)
        if not migrate.is_current(db.engine):
            raise StateError("The database is not at the current schema version: run "
                             "'vending-station-cli db upgrade' first.")
        self.db = db
        # Set by startup.open_station when it upgraded the database: where the
        # backup taken before the upgrade is, for the operator.
        self.upgrade_note = None
        self.station_code = validation.station_code(station_code)
        # A new station joins the registry when someone first signs in at it
        # (or it is first used), not merely because a program named it.
        with db.read() as s:
            self._station_id = s.scalar(select(Station.id).where(Station.code == self.station_code))
        self.clock = clock or (lambda: datetime.now().astimezone())
        self._services(hasher, key_vault)

    def _services(self, hasher: PasswordHasher | None, key_vault: KeyVault | None) -> None:
        """The services, one attribute each: ``core.sales``, ``core.auth``..."""
        self.auth = AuthService(self, hasher)
        self.catalog = CatalogService(self)
        self.accounts = AccountService(self)
        self.sales = SalesService(self)
        self.adjustments = AdjustmentService(self)
        self.shifts = ShiftService(self)
        self.reports = ReportService(self)
        self.audit = AuditService(self)
        self.documents = DocumentService(self)
        self.cards = CardService(self)
        self.keys = KeyService(self, key_vault)
        self.fieldwork = FieldWorkService(self)
        self.lookup = LookupService(self)
        self.masters = MasterMeterService(self)
        self.analyses = AnalysisService(self)
        self.line_loss = LineLossService(self)
        self.stations = StationService(self)
        self.messages = MessageService(self)
        self.safety = SafetyService(self)
        self.moving_in = MovingInService(self)
        self.previews = TariffPreviewService(self)
        self.statements = StatementService(self)
        self.sales_search = SalesSearchService(self)
        self.call_list = CallListService(self)
        self.audit_log = AuditQueryService(self)
        self.customers = CustomerMaintenanceService(self)
        self.refunds = RefundService(self)

    @property
    def station_id(self) -> int:
        if self._station_id is None:
            self._station_id = register_station(self.db, self.station_code)
        return self._station_id

    def known_station_id(self, s) -> int | None:
        """This station's id if it is registered, without registering it."""
        if self._station_id is None:
            self._station_id = s.scalar(select(Station.id).where(Station.code == self.station_code))
        return self._station_id

    def bind_station(self, s) -> int:
        """Register this station inside the caller's transaction (a sign-in)."""
        if self._station_id is None:
            self._station_id = _ensure_station(s, self.station_code)
        return self._station_id

    def today(self) -> date:
        """The station's local business day: dekads and months follow it."""
        return self.clock().date()
