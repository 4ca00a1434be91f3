"""Lists: a use case describes what it lists as a `Listing` (a query, how it may be sorted,
and optional notes per item); `page_of` runs one page of it in the caller's order."""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa

from server.extensions import db


@dataclass(frozen=True)
class ListQuery:
    """A caller's page, sort order ((field, descending), ...) and filters."""

    page: int
    per_page: int
    sort: tuple
    filters: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Listing:
    """What a list endpoint shows: `query` (a select of the items), the columns it may be
    sorted by, the column that breaks ties (so pages never overlap), and `annotate`, which
    may add a note to each item of a page: {item id: note}."""

    query: sa.Select
    sort: Mapping
    tiebreak: object
    annotate: Callable | None = None


@dataclass(frozen=True)
class Page:
    items: list
    page: int
    per_page: int
    total: int
    notes: dict | None = None

    @property
    def pages(self):
        return math.ceil(self.total / self.per_page) if self.total else 0


def page_of(listing, query):
    """One page of `listing` in `query`'s order: two queries (the count and the page),
    plus whatever `annotate` needs for the page."""
    stmt = listing.query
    total = db.session.execute(
        sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())
    ).scalar_one()
    order = [
        listing.sort[name].desc() if descending else listing.sort[name].asc()
        for name, descending in query.sort
    ]
    page_stmt = (
        stmt.order_by(*order, listing.tiebreak)
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
    )
    items = list(db.session.execute(page_stmt).scalars().unique())
    notes = listing.annotate(items) if listing.annotate else None
    return Page(items, query.page, query.per_page, total, notes)
