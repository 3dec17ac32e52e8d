"""Two-factor records: a row exists only once a person has turned two-factor on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from qtrax_disputes.core.clock import now_utc
from qtrax_disputes.db.types import UTCDateTime
from qtrax_disputes.web.extensions import Model


class TwoFactor(Model):
    __tablename__ = "two_factor"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         unique=True)
    # The TOTP secret sealed with Fernet (sealing.py): never stored readable.
    secret_sealed: Mapped[str] = mapped_column(Text)
    enabled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    # The 30-second step of the last code accepted: a code of that step or an earlier one is
    # refused, so an overheard code cannot be used again.
    last_used_step: Mapped[int | None] = mapped_column(BigInteger)


class RecoveryCode(Model):
    __tablename__ = "recovery_codes"
    # Also the index that finds a person's codes (user_id leads).
    __table_args__ = (UniqueConstraint("user_id", "code_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Only the hash (codes.recovery_code_hash): the codes themselves are shown once.
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
