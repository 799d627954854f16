from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.db import Base, str_enum, utcnow


class Role(enum.StrEnum):
    BUYER = "buyer"
    SUPPLIER_STAFF = "supplier_staff"
    OFFICIAL = "official"
    ADMIN = "admin"


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(str_enum(Role, "user_role"))
    supplier_id: Mapped[int | None] = mapped_column(
        ForeignKey("suppliers.id", ondelete="SET NULL"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Bumped on password change so outstanding reset links stop working.
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def is_official(self) -> bool:
        return self.role in (Role.OFFICIAL, Role.ADMIN)
