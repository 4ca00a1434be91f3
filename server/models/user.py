"""Users, their roles and the teams they belong to."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.domain.vocabulary import (
    ADMIN,
    DEFAULT_LOCALE,
    DEFAULT_WORK_DAYS,
    STORED_ROLES,
    roles_held,
)
from server.extensions import db
from server.models.base import JSONType, TimestampMixin, UTCDateTime

team_members = sa.Table(
    "team_members",
    db.metadata,
    sa.Column("team_id", sa.ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_team_members_user_id", "user_id"),
)


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (
        sa.CheckConstraint(f"role IN {STORED_ROLES!r}", name="role_known"),
        sa.Index("ix_user_roles_role", "role"),
    )

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(sa.String(16), primary_key=True)


class User(TimestampMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        sa.Index("ix_users_manager_id", "manager_id"),
        sa.Index("ix_users_full_name", "full_name", "id"),
        sa.CheckConstraint("manager_id IS NULL OR manager_id <> id", name="not_own_manager"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), nullable=False)
    password_hash: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    full_name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    is_active: Mapped[bool] = mapped_column(nullable=False, default=True)
    timezone: Mapped[str] = mapped_column(sa.String(64), nullable=False, default="UTC")
    # The language e-mails are written in (and the web client starts in).
    locale: Mapped[str] = mapped_column(
        sa.String(5), nullable=False, default=DEFAULT_LOCALE, server_default=DEFAULT_LOCALE
    )
    country: Mapped[str | None] = mapped_column(sa.String(2))
    subdivision: Mapped[str | None] = mapped_column(sa.String(10))
    hire_date: Mapped[date | None]
    manager_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    work_days: Mapped[list] = mapped_column(
        JSONType, nullable=False, default=lambda: list(DEFAULT_WORK_DAYS)
    )
    # Bumped on password change and deactivation: tokens carry it, and older ones stop working.
    token_version: Mapped[int] = mapped_column(nullable=False, default=0)
    # The personal iCal feed's token, as a SHA-256 hex digest (the token itself is never
    # stored), and when it was made.
    calendar_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    calendar_token_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Loaded with the caller in the authentication query, and by lists that show roles.
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan")
    teams = relationship("Team", secondary=team_members, back_populates="members", lazy="select")

    @property
    def roles(self):
        return roles_held({row.role for row in self.role_rows or ()})

    @roles.setter
    def roles(self, names):
        wanted = set(names) & set(STORED_ROLES)
        current = {row.role: row for row in self.role_rows}
        for name, row in current.items():
            if name not in wanted:
                self.role_rows.remove(row)
        for name in sorted(wanted - current.keys()):
            self.role_rows.append(UserRole(role=name))

    def has_role(self, role):
        return role in self.roles

    @property
    def is_admin(self):
        return self.has_role(ADMIN)

    # --- what flask-praetorian needs from a user class ---
    @property
    def identity(self):
        return self.id

    @property
    def rolenames(self):
        # praetorian instantiates the class empty at start-up: cope with no rows.
        return self.roles

    @property
    def password(self):
        return self.password_hash

    def is_valid(self):
        return bool(self.is_active)

    @classmethod
    def lookup(cls, email):
        return db.session.execute(
            sa.select(cls).where(sa.func.lower(cls.email) == (email or "").strip().lower())
        ).scalar_one_or_none()

    @classmethod
    def identify(cls, user_id):
        return db.session.get(cls, user_id)


sa.Index("uq_users_email_lower", sa.func.lower(User.email), unique=True)
