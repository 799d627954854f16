"""What a merge moves from the merged supplier to the kept one, besides products
(whose SKUs need care: see merges.py).

THE ONE PLACE TO EXTEND: a table whose rows belong to a supplier through a column
(verification documents, for example) is added to MOVERS with the name it takes in
SupplierMerge.moved, its title on the officials' pages, its model, the attribute that
names a row to an official, and its supplier column if not `supplier_id`. Merge, undo,
the undo's refusal checks and the confirmation pages then handle it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.share.models import SupplyRecord
from marketplace.suppliers.models import VerificationEvent
from marketplace.verification.models import VerificationDocument


@dataclass(frozen=True)
class Mover:
    key: str  # its name in SupplierMerge.moved
    title: LazyString  # how officials call these rows ("Supply records")
    model: Any  # a mapped class
    label: str  # attribute that names a row in a refusal (record id, e-mail, ...)
    fk: str = "supplier_id"

    def rows_of(self, session: Session, supplier_id: int) -> list[Any]:
        column = getattr(self.model, self.fk)
        return list(session.scalars(select(self.model).where(column == supplier_id)))

    def rows(self, session: Session, ids: list[int]) -> dict[int, Any]:
        found: dict[int, Any] = {}
        for start in range(0, len(ids), 5000):  # drivers cap the parameters of one IN
            part = ids[start : start + 5000]
            found.update(
                (r.id, r)
                for r in session.scalars(select(self.model).where(self.model.id.in_(part)))
            )
        return found

    def name(self, row: Any) -> str:
        return str(getattr(row, self.label))


MOVERS: tuple[Mover, ...] = (
    Mover("supply_records", _l("Supply records"), SupplyRecord, "record_id"),
    Mover("users", _l("Member accounts"), User, "email"),
    Mover("verification_events", _l("Verification history entries"), VerificationEvent, "id"),
    Mover("verification_documents", _l("Verification documents"), VerificationDocument, "title"),
)
