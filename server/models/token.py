"""Revoked sessions: the token blacklist, persisted so it holds across restarts and processes."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import UTCDateTime


class RevokedToken(db.Model):
    __tablename__ = "token_blacklist"
    __table_args__ = (sa.Index("ix_token_blacklist_expires_at", "expires_at"),)

    # One jti covers a login and every token refreshed from it.
    jti: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    # After this moment the token is dead anyway, so the row may be purged.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
