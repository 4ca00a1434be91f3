"""Teams: named groups of users with an optional cap on how many may be away at once."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from server.extensions import db
from server.models.base import TimestampMixin
from server.models.user import team_members


class Team(TimestampMixin, db.Model):
    __tablename__ = "teams"
    __table_args__ = (
        sa.CheckConstraint("max_absent IS NULL OR max_absent >= 1", name="max_absent_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    description: Mapped[str | None] = mapped_column(sa.String(2000))
    max_absent: Mapped[int | None]

    members = relationship("User", secondary=team_members, back_populates="teams")
    # How many members the team has, loaded with it (one correlated subquery).
    member_count: Mapped[int] = column_property(
        sa.select(sa.func.count())
        .where(team_members.c.team_id == id)
        .correlate_except(team_members)
        .scalar_subquery()
    )

    @staticmethod
    def member_ids(team_id):
        """SELECT of the ids of the users in team `team_id` (to filter lists by team)."""
        return sa.select(team_members.c.user_id).where(team_members.c.team_id == team_id)


sa.Index("uq_teams_name_lower", sa.func.lower(Team.name), unique=True)
