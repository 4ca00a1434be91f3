"""Keeping the stored ledger equal to what the facts call for, without ever changing an
entry. Pure.

Every entry a rule writes (a request's usage, a period's accrual, a year's carry-over) has
a *key*: what it is about (`usage:41:2027`, `credit:7:1:2027:3:2027-02-01`). The facts
call for at most one live entry per key. `reconcile(due, stored)` compares the entries the
facts call for with the stored ones of the same keys and says what to append: a reversal
of each stored entry the facts no longer call for (or call for with another amount or
date), and each due entry not yet stored. Appended entries carry a `job_key` that names
them once (`<key>#<n>` for the n-th entry of a key, `<job_key>~r` for the reversal of one),
so two processes reconciling the same facts at once write each entry once.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from server.domain.vocabulary import USAGE, USAGE_REVERSAL

# The kind of the entry that takes back one of a kind (others reverse with their own).
REVERSED_AS = {USAGE: USAGE_REVERSAL}


@dataclass(frozen=True)
class Due:
    """An entry the facts call for."""

    key: str
    kind: str
    amount: Decimal
    effective_date: date
    leave_year: int
    cause_type: str | None = None
    cause_id: int | None = None
    cause_period: str | None = None
    reason: str | None = None


class Stored(NamedTuple):
    """A stored entry written under a key (`job_key` `<key>#<n>` or `<…>~r`). (A named
    tuple: a company's run reads hundreds of thousands.)"""

    id: int
    job_key: str
    kind: str
    amount: Decimal
    effective_date: date
    leave_year: int
    reverses_id: int | None = None
    cause_type: str | None = None
    cause_id: int | None = None
    cause_period: str | None = None

    @property
    def key(self) -> str:
        return self.job_key.split("#", 1)[0]


@dataclass(frozen=True)
class Append:
    """An entry to write."""

    job_key: str
    kind: str
    amount: Decimal
    effective_date: date
    leave_year: int
    cause_type: str | None
    cause_id: int | None
    cause_period: str | None
    reason: str | None = None
    reverses_id: int | None = None


def live(stored: list[Stored]) -> list[Stored]:
    """The stored entries that still count: neither reversals nor reversed."""
    reversed_ids = {entry.reverses_id for entry in stored if entry.reverses_id is not None}
    return [e for e in stored if e.reverses_id is None and e.id not in reversed_ids]


def reconcile(
    due: list[Due], stored: list[Stored], reversed_on: date | None = None
) -> list[Append]:
    """What to append so the live entries among `stored` are exactly `due` (entries of 0
    are never written). `stored` must hold every stored entry of the keys concerned
    (reversed ones included: they number the next entry of their key). A reversal is
    dated like the entry it takes back, unless `reversed_on` is given."""
    written = defaultdict(int)
    for entry in stored:
        if entry.reverses_id is None:
            written[entry.key] += 1
    wanted = {entry.key: entry for entry in due if entry.amount != 0}
    appends, kept = [], set()
    for entry in live(stored):
        target = wanted.get(entry.key)
        if target is not None and _same(entry, target) and entry.key not in kept:
            kept.add(entry.key)
            continue
        appends.append(
            Append(
                job_key=f"{entry.job_key}~r",
                kind=REVERSED_AS.get(entry.kind, entry.kind),
                amount=-entry.amount,
                effective_date=reversed_on or entry.effective_date,
                leave_year=entry.leave_year,
                cause_type=entry.cause_type,
                cause_id=entry.cause_id,
                cause_period=entry.cause_period,
                reverses_id=entry.id,
            )
        )
    for key, target in wanted.items():
        if key in kept:
            continue
        appends.append(
            Append(
                job_key=f"{key}#{written[key]}",
                kind=target.kind,
                amount=target.amount,
                effective_date=target.effective_date,
                leave_year=target.leave_year,
                cause_type=target.cause_type,
                cause_id=target.cause_id,
                cause_period=target.cause_period,
                reason=target.reason,
            )
        )
    return appends


def _same(entry: Stored, target: Due) -> bool:
    return (entry.kind, entry.amount, entry.effective_date, entry.leave_year) == (
        target.kind,
        target.amount,
        target.effective_date,
        target.leave_year,
    )
