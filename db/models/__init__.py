"""All tables of the station. Import from here: ``from db.models import Sale``."""

from db.models.account import (
    Card,
    CardStatus,
    Charge,
    Customer,
    CustomerStatus,
    Meter,
    MeterStatus,
    MeterType,
)
from db.models.audit import AuditEvent, AuditHead, AuditOutcome
from db.models.base import Base
from db.models.card_data import AnomalyKind, CardAnomaly, MeterReading, VendingKey
from db.models.field import JobStatus, MeterReplacement, ToolCard, ToolCardKind
from db.models.master import MasterMeter, MasterReading
from db.models.message import BackupRecord, MessageKind, MessageRead, StationMessage
from db.models.moving_in import CustomerImport, ImportedCustomer, MeterOpening
from db.models.org import (
    CustomerCategory,
    LoginFailure,
    Operator,
    Role,
    Setting,
    Station,
    SupplyArea,
    SupplyTeam,
)
from db.models.sales import (
    LIVE_STATUSES,
    Adjustment,
    ApprovalStatus,
    FlatPriceQuota,
    LineKind,
    Refund,
    Reversal,
    Sale,
    SaleKind,
    SaleLine,
    SaleStatus,
)
from db.models.shift import CashMovement, CashMovementKind, Shift, ShiftStatus
from db.models.tariff import Tariff, TariffTier, TariffVersion

__all__ = [
    "CustomerImport",
    "ImportedCustomer",
    "MeterOpening",
    "BackupRecord",
    "MessageKind",
    "MessageRead",
    "StationMessage",
    "MasterMeter",
    "MasterReading",
    "JobStatus",
    "MeterReplacement",
    "ToolCard",
    "ToolCardKind",
    "AnomalyKind",
    "CardAnomaly",
    "MeterReading",
    "VendingKey",
    "LIVE_STATUSES",
    "Adjustment",
    "ApprovalStatus",
    "AuditEvent",
    "AuditHead",
    "AuditOutcome",
    "Base",
    "Card",
    "CardStatus",
    "CashMovement",
    "CashMovementKind",
    "Charge",
    "Customer",
    "CustomerCategory",
    "CustomerStatus",
    "FlatPriceQuota",
    "LineKind",
    "Meter",
    "MeterStatus",
    "MeterType",
    "LoginFailure",
    "Operator",
    "Refund",
    "Reversal",
    "Role",
    "Sale",
    "SaleKind",
    "SaleLine",
    "SaleStatus",
    "Setting",
    "Shift",
    "ShiftStatus",
    "Station",
    "SupplyArea",
    "SupplyTeam",
    "Tariff",
    "TariffTier",
    "TariffVersion",
]
