"""What the forms hand the services: plain values, checked for shape only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from marketplace.attachments.files import Upload


@dataclass
class RfqInput:
    category: str
    title: str
    description: str
    quantity: int
    unit: str
    delivery_commune: str
    deadline: date  # the last day quotes are taken (Hanoi time)
    specs: list[tuple[str, str]] = field(default_factory=list)
    budget_vnd: int | None = None
    verified_only: bool = False
    min_local_content_pct: Decimal | None = None
    province: str | None = None


@dataclass
class QuoteInput:
    price_vnd: int
    lead_time_days: int
    local_content_pct: Decimal
    origin: str
    warranty_months: int
    product_id: int | None = None
    notes: str = ""
    uploads: list[Upload] = field(default_factory=list)


@dataclass
class AwardInput:
    quote_id: int
    contract_value_vnd: int
    delivery_year: int
