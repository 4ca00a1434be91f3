"""Lists: a use case describes what it lists as a `Listing` (a query, how it may be sorted,
and optional notes per item); `page_of` runs one page of it in the caller's order."""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa

from server.extensions import db


@dataclass(frozen=True)
class ListQuery:
    """A caller's page, sort order ((field, descending), ...) and filters. With `cursor`,
    keyset paging in the default order: `after` holds the sort key of the last item of
    the previous page (None for the first page)."""

    page: int
    per_page: int
    sort: tuple
    filters: dict = field(default_factory=dict)
    cursor: bool = False
    after: tuple | None = None


@dataclass(frozen=True)
class Listing:
    """What a list endpoint shows: `query` (a select of the items), the columns it may be
    sorted by, the column that breaks ties (so pages never overlap), and what each item's
    note holds: either `annotate`, which makes the notes of a page ({item id: note}) with
    queries of its own, or `beside`, columns selected in the page's own statement, which
    `note_of(*values)` turns into an item's note (no joined eager loads with `beside`)."""

    query: sa.Select
    sort: Mapping
    tiebreak: object
    annotate: Callable | None = None
    beside: tuple = ()
    note_of: Callable | None = None


@dataclass(frozen=True)
class Page:
    items: list
    page: int
    per_page: int
    total: int | None
    notes: dict | None = None
    # Cursor paging: the sort key of the last item, when more follow (else None).
    next_key: tuple | None = None

    @property
    def pages(self):
        return math.ceil(self.total / self.per_page) if self.total else 0


def page_of(listing, query):
    """One page of `listing`: by offset in `query`'s order (two queries: the exact count
    and the page), or after a cursor (one query, as cheap at any depth as the first page),
    plus whatever `annotate` needs for the page. Ties are broken by `tiebreak` in the
    direction of the first sort key, so pages never overlap."""
    keys = [(listing.sort[name], descending) for name, descending in query.sort]
    descending = keys[0][1] if keys else False
    keys.append((listing.tiebreak, descending))
    order = [column.desc() if desc else column.asc() for column, desc in keys]
    stmt = listing.query
    if query.cursor:
        if query.after is not None:
            stmt = stmt.where(_after(keys, query.after))
        items, notes = _items(listing, stmt.order_by(*order).limit(query.per_page + 1))
        more = len(items) > query.per_page
        items = items[: query.per_page]
        next_key = tuple(getattr(items[-1], column.key) for column, _ in keys) if more else None
        return Page(items, 1, query.per_page, None, notes, next_key)
    total = db.session.execute(
        sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())
    ).scalar_one()
    items, notes = _items(
        listing,
        stmt.order_by(*order).limit(query.per_page).offset((query.page - 1) * query.per_page),
    )
    return Page(items, query.page, query.per_page, total, notes)


def _after(keys, values):
    """Rows after the key `values` in the order of `keys` ((column, descending), ...)."""
    if len(values) != len(keys):
        raise ValueError("a cursor of another list")
    if len({desc for _, desc in keys}) == 1:  # one direction: a row comparison, index-friendly
        row, bound = sa.tuple_(*(c for c, _ in keys)), sa.tuple_(*values)
        return row < bound if keys[0][1] else row > bound
    after = sa.false()
    for i in reversed(range(len(keys))):
        column, desc = keys[i]
        beyond = column < values[i] if desc else column > values[i]
        after = sa.or_(beyond, sa.and_(column == values[i], after)) if i < len(keys) - 1 else beyond
    return after


def _items(listing, stmt):
    """The items `stmt` selects and their notes ({item id: note}, or None)."""
    if listing.beside:
        rows = db.session.execute(stmt.add_columns(*listing.beside)).all()
        items = [row[0] for row in rows]
        return items, {row[0].id: listing.note_of(*row[1:]) for row in rows}
    items = list(db.session.execute(stmt).scalars().unique())
    return items, listing.annotate(items) if listing.annotate else None
