"""Running a list query one page at a time, with the caller's sort order."""

import math
from dataclasses import dataclass

import sqlalchemy as sa

from server.extensions import db


@dataclass(frozen=True)
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self):
        return math.ceil(self.total / self.per_page) if self.total else 0


def paginate(stmt, query, sort_columns, tiebreak, scalars=True):
    """One page of `stmt` ordered by `query.sort` (names mapped through `sort_columns`),
    then by `tiebreak` so pages never overlap. Two queries: the count and the page."""
    total = db.session.execute(
        sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())
    ).scalar_one()
    order = [
        sort_columns[name].desc() if descending else sort_columns[name].asc()
        for name, descending in query.sort
    ]
    page_stmt = (
        stmt.order_by(*order, tiebreak)
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
    )
    result = db.session.execute(page_stmt)
    items = list(result.scalars().unique() if scalars else result)
    return Page(items, query.page, query.per_page, total)
