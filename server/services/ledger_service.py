"""The ledger: entries appended for what happened (a request approved or taken back, an
adjustment) and for what is due (accruals, policy corrections, year-end carry-over), and
the ledger read as a list.

Nothing here updates or deletes an entry (the database refuses both): when the facts
change, `domain.ledger_entries.reconcile` appends reversals and new entries. Balances never
wait for the jobs: they compute what is due from the same facts (`balance_service`), so the
entries a job writes only make the balance explainable.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from psycopg2.extras import execute_values
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from server import clock
from server.domain import accrual_plan as plans
from server.domain import ledger_entries as entries
from server.domain.vocabulary import (
    ACCRUAL,
    ADJUSTMENT,
    APPROVED,
    CARRYOVER_IN,
    CARRYOVER_OUT,
    USAGE,
)
from server.errors import Conflict, NotFound, ValidationFailed
from server.extensions import db
from server.infra.pagination import Listing
from server.infra.unit_of_work import UnitOfWork
from server.models import LeaveType, LedgerEntry, User
from server.models.base import now
from server.services import access

REQUEST, ADJUSTED, VERSION, YEAR_END = "leave_request", "adjustment", "policy_version", "year_end"
HOURS = "hours_worked"
PER_HOUR_WORKED = "per_hour_worked"
# Entries balances read summed per leave year (the rest they compute from the facts).
SUMMED_CAUSES = (ADJUSTED, HOURS)

# --- what happened ----------------------------------------------------------------------------


def record_usage(session, leave_request, actor_id=None, ever_approved=True):
    """Append what makes the ledger hold the request as it now stands: one `usage` entry
    per leave year while it is approved (minus its amounts there, from its stored
    breakdown), none otherwise; a stored entry that no longer matches is reversed
    (`usage_reversal`). Call it in the unit that changes the request, after its amounts
    are written; `ever_approved=False` (a request that was pending until now) skips
    looking for entries it cannot have."""
    due = []
    if leave_request.status == APPROVED and not leave_request.leave_type.unlimited:
        by_year = defaultdict(list)
        for day in leave_request.breakdown:
            amount = Decimal(day["amount"])
            if amount:
                on = date.fromisoformat(day["date"])
                by_year[on.year].append((on, amount))
        for year, days in sorted(by_year.items()):
            due.append(
                entries.Due(
                    key=f"usage:{leave_request.id}:{year}",
                    kind=USAGE,
                    amount=-sum(amount for _, amount in days),
                    effective_date=min(on for on, _ in days),
                    leave_year=year,
                    cause_type=REQUEST,
                    cause_id=leave_request.id,
                )
            )
    stored = []
    if ever_approved:
        stored = _stored(
            session,
            sa.and_(LedgerEntry.cause_type == REQUEST, LedgerEntry.cause_id == leave_request.id),
        )
    _append(
        session,
        entries.reconcile(due, stored),
        user_id=leave_request.user_id,
        leave_type=leave_request.leave_type,
        created_by=actor_id,
    )


def record_adjustment(session, adjustment, on: date):
    """The `adjustment` entry of a balance adjustment, dated `on` kept inside its year."""
    first, last = date(adjustment.year, 1, 1), date(adjustment.year, 12, 31)
    due = entries.Due(
        key=f"adjustment:{adjustment.id}",
        kind=ADJUSTMENT,
        amount=adjustment.days,
        effective_date=min(max(on, first), last),
        leave_year=adjustment.year,
        cause_type=ADJUSTED,
        cause_id=adjustment.id,
        reason=adjustment.reason,
    )
    _append(
        session,
        entries.reconcile([due], []),
        user_id=adjustment.user_id,
        leave_type=adjustment.leave_type,
        created_by=adjustment.actor_id,
    )


def _stored(session, condition):
    rows = session.execute(
        sa.select(
            LedgerEntry.id,
            LedgerEntry.job_key,
            LedgerEntry.kind,
            LedgerEntry.amount,
            LedgerEntry.effective_date,
            LedgerEntry.leave_year,
            LedgerEntry.reverses_id,
            LedgerEntry.cause_type,
            LedgerEntry.cause_id,
            LedgerEntry.cause_period,
        ).where(condition, LedgerEntry.job_key.is_not(None))
    ).all()
    return [entries.Stored(*row) for row in rows]


def _rows(appends, user_id, leave_type, created_by):
    return [
        {
            "user_id": user_id,
            "leave_type_id": leave_type.id,
            "unit": leave_type.unit,
            "kind": a.kind,
            "amount": a.amount,
            "effective_date": a.effective_date,
            "leave_year": a.leave_year,
            "cause_type": a.cause_type,
            "cause_id": a.cause_id,
            "cause_period": a.cause_period,
            "reason": a.reason,
            "reverses_id": a.reverses_id,
            "created_by": created_by,
            "job_key": a.job_key,
        }
        for a in appends
    ]


def _append(session, appends, *, user_id, leave_type, created_by=None):
    """Insert the entries in their order; one whose `job_key` is already stored (another
    process wrote it first) is skipped. Returns the kinds of those written."""
    if not appends:
        return []
    return insert_entries(session, _rows(appends, user_id, leave_type, created_by))


_COLUMNS = (
    "user_id", "leave_type_id", "unit", "kind", "amount", "effective_date", "leave_year",
    "cause_type", "cause_id", "cause_period", "reason", "reverses_id", "created_by",
    "created_at", "job_key",
)  # fmt: skip


def insert_entries(session, rows):
    """Insert entry rows (dicts) in their order, skipping any whose `job_key` is stored;
    the kinds of those written. On PostgreSQL a company's run goes in multi-row VALUES
    pages (`execute_values`: a few times faster than SQLAlchemy's row parameters)."""
    stamp = now()
    for row in rows:
        row.setdefault("created_at", stamp)
    if not rows:
        return []
    if session.get_bind().dialect.name == "postgresql" and len(rows) > 100:
        return _values_in(session, rows)
    stmt = sqlite_insert(LedgerEntry) if session.get_bind().dialect.name == "sqlite" else None
    stmt = (stmt if stmt is not None else pg_insert(LedgerEntry)).on_conflict_do_nothing(
        index_elements=["job_key"]
    )
    written = []
    for start in range(0, len(rows), 1000):
        result = session.execute(stmt.returning(LedgerEntry.kind), rows[start : start + 1000])
        written += result.scalars().all()
    return written


def _values_in(session, rows):
    columns = ", ".join(_COLUMNS)
    cursor = session.connection().connection.cursor()
    try:
        found = execute_values(
            cursor,
            f"INSERT INTO ledger_entries ({columns}) VALUES %s "
            "ON CONFLICT (job_key) DO NOTHING RETURNING kind",
            [tuple(row[c] for c in _COLUMNS) for row in rows],
            page_size=2000,
            fetch=True,
        )
    finally:
        cursor.close()
    return [kind for (kind,) in found]


# --- the ledger read ------------------------------------------------------------------------

SORT = {"effective_date": LedgerEntry.effective_date}  # the one order, then by id


def ledger(actor, user_id, read_filters):
    """A user's entries, oldest first by `(effective_date, id)` (404 first if the caller
    may not see the user)."""
    access.visible_user(actor, user_id)
    filters = read_filters()
    stmt = sa.select(LedgerEntry).where(LedgerEntry.user_id == user_id)
    if "leave_type_id" in filters:
        stmt = stmt.where(LedgerEntry.leave_type_id == filters["leave_type_id"])
    if "kind" in filters:
        stmt = stmt.where(LedgerEntry.kind == filters["kind"])
    if "year" in filters:
        stmt = stmt.where(LedgerEntry.leave_year == filters["year"])
    if "from" in filters:
        stmt = stmt.where(LedgerEntry.effective_date >= filters["from"])
    if "to" in filters:
        stmt = stmt.where(LedgerEntry.effective_date <= filters["to"])
    return Listing(stmt, SORT, LedgerEntry.id)


# --- what is due: the jobs --------------------------------------------------------------------


@dataclass
class JobReport:
    """What one run found: entries written (or, in a dry run, that would be) per kind."""

    people: int = 0
    written: defaultdict = field(default_factory=lambda: defaultdict(int))


# Leave years the jobs keep written: the current one and the two before it (an admin's
# back-dated booking reaches 730 days back). Older years stay summed up in the carry-over
# into the first of them.
YEARS_KEPT = 3


def first_kept_year(up_to):
    return up_to.year - YEARS_KEPT + 1


def due_entries(user, leave_type, ledger, up_to):
    """The entries the facts call for by `up_to` for one person and type, in the leave
    years the jobs keep (`YEARS_KEPT`): each year's credits (accruals; policy corrections
    when a new version changes what was credited) and, for each year ended by then, its
    carry-over out and into the next (the carry-over into the first kept year too)."""
    timeline = ledger.timeline(leave_type)
    due = []
    start = ledger.chain_start(leave_type, up_to.year)
    first_kept = first_kept_year(up_to)
    for label in range(max(start, first_kept - 1), up_to.year + 1):
        if label >= first_kept:
            for credit in timeline.credits(label, up_to):
                kind = "policy_correction" if credit.corrects else ACCRUAL
                due.append(
                    entries.Due(
                        key=f"credit:{user.id}:{leave_type.id}:{label}:{credit.period}",
                        kind=kind,
                        amount=credit.amount,
                        effective_date=credit.day,
                        leave_year=label,
                        cause_type=VERSION,
                        cause_id=credit.version.id or None,
                        cause_period=credit.period,
                    )
                )
        _, last = timeline.period(label)
        if last < up_to and timeline.ever_carries:
            carried = ledger.balance(leave_type, label + 1, last + timedelta(days=1)).carried_over
            for kind, amount, day, year in (
                (CARRYOVER_OUT, -carried, last, label),
                (CARRYOVER_IN, carried, last + timedelta(days=1), label + 1),
            ):
                due.append(
                    entries.Due(
                        key=f"{kind}:{user.id}:{leave_type.id}:{label}",
                        kind=kind,
                        amount=amount,
                        effective_date=day,
                        leave_year=year,
                        cause_type=YEAR_END,
                        cause_period=str(label),
                    )
                )
    return due


def _kept(job_key, up_to):
    """Whether a stored job entry is one `due_entries` decides on for `up_to` (entries of
    older years are left as they are)."""
    kind, _, _, label, *_ = job_key.split("#", 1)[0].split(":")
    first_kept = first_kept_year(up_to)
    return int(label) >= (first_kept - 1 if kind.startswith("carryover") else first_kept)


JOB_KINDS = ("accrual", "policy_correction", CARRYOVER_OUT, CARRYOVER_IN)
BATCH = 500


def _is_date(value):
    return isinstance(value, date) and not isinstance(value, datetime)


def day_for(user, as_of):
    """The day `as_of` means for `user`: a date as it is; a timestamp (or None: now) as
    the date it is in their time zone."""
    if _is_date(as_of):
        return as_of
    if as_of is None:
        return clock.today_in(user.timezone)
    return as_of.astimezone(ZoneInfo(user.timezone)).date()


def follow_closed_year_change(session, user, leave_type, changed_year):
    """B-R11 for a change dated in a closed leave year (a back-dated booking, cancellation
    or adjustment): in the same transaction, reverse the job entries of the person and type
    that no longer follow from the facts (the carry-over into later years) and write the
    ones that now do, up to today. A change in the current year needs nothing here: its
    consequences are not written before its year ends."""
    from server.services.balance_service import load_ledgers

    today = clock.today_in(user.timezone)
    if leave_type.unlimited or changed_year >= today.year:
        return
    session.flush()
    ledger = load_ledgers([user])[user.id]
    stored = _stored(
        session,
        sa.and_(
            LedgerEntry.user_id == user.id,
            LedgerEntry.leave_type_id == leave_type.id,
            LedgerEntry.kind.in_(JOB_KINDS),
            LedgerEntry.cause_type.in_((VERSION, YEAR_END)),
        ),
    )
    mine = [e for e in stored if _kept(e.job_key, today)]
    due = due_entries(user, leave_type, ledger, today)
    _append(session, entries.reconcile(due, mine), user_id=user.id, leave_type=leave_type)


def run_jobs(as_of=None, dry_run=False, session=None):
    """Write every entry due by `as_of` (a date, a timestamp, or None: now; see `day_for`)
    that is not stored yet, and reverse the stored ones the facts no longer call for —
    for everyone, in batches of people, each batch in its own transaction. Idempotent: a
    second run for the same day writes nothing; two runs at once write each entry once
    (the unique `job_key`)."""
    from server.services.balance_service import load_ledgers

    session = session or db.session
    report = JobReport()
    types = (
        session.execute(
            sa.select(LeaveType)
            .where(LeaveType.yearly_allowance.is_not(None))
            .order_by(LeaveType.id)
        )
        .scalars()
        .all()
    )
    # Entries of years no run for this day decides on are not even read (a day behind
    # covers every time zone).
    earliest = as_of if _is_date(as_of) else (as_of or clock.utcnow()).date() - timedelta(days=1)
    oldest_kept = first_kept_year(earliest) - 1
    last_id = 0
    while True:
        users = (
            session.execute(sa.select(User).where(User.id > last_id).order_by(User.id).limit(BATCH))
            .scalars()
            .all()
        )
        if not users:
            break
        last_id = users[-1].id
        ledgers = load_ledgers(users)
        stored = defaultdict(list)
        for entry in _stored(
            session,
            sa.and_(
                LedgerEntry.user_id.in_([u.id for u in users]),
                LedgerEntry.kind.in_(JOB_KINDS),
                LedgerEntry.cause_type.in_((VERSION, YEAR_END)),
                LedgerEntry.leave_year >= oldest_kept,
            ),
        ):
            user_id, type_id = _owner_of(entry.job_key)
            stored[(user_id, type_id)].append(entry)
        rows = []
        for user in users:
            report.people += 1
            day = day_for(user, as_of)
            for leave_type in types:
                due = due_entries(user, leave_type, ledgers[user.id], day)
                mine = [
                    e for e in stored.get((user.id, leave_type.id), ()) if _kept(e.job_key, day)
                ]
                rows += _rows(entries.reconcile(due, mine), user.id, leave_type, None)
        written = [row["kind"] for row in rows] if dry_run else insert_entries(session, rows)
        for kind in written:
            report.written[kind] += 1
        if dry_run:
            session.rollback()
        else:
            session.commit()
    return report


def _owner_of(job_key):
    """(user id, leave type id) named by a job's key (`credit:7:1:…`, `carryover_in:7:1:…`)."""
    _, user_id, type_id, *_ = job_key.split(":")
    return int(user_id), int(type_id)


# --- hours worked (per_hour_worked policies) ---------------------------------------------------


@dataclass(frozen=True)
class HoursReported:
    """What a report of hours worked credited: [(leave type, amount)]."""

    user_id: int
    period_start: date
    period_end: date
    hours: Decimal
    credits: list


def record_hours_worked(actor, user_id, read_body):
    """Credit the hours a person worked from `period_start` to `period_end` to every leave
    type whose policy (the version in force on the period's last day) accrues per hour
    worked: each credit rounded to 0.01 h on its own, at most the version's `cap_per_year`
    in a leave year. Idempotent on the period: the same report again writes nothing, other
    hours for it replace the credit (a reversal and a new entry); a period overlapping
    another reported one is 409."""
    from server.services.balance_service import load_ledgers

    with UnitOfWork(actor) as uow:
        user = uow.lock_user(user_id)
        if user is None:
            raise NotFound(f"There is no user {user_id}.")
        data = read_body()
        start, end, hours = data["period_start"], data["period_end"], data["hours"]
        _check_period(start, end, clock.today_in(user.timezone))
        ledger = load_ledgers([user])[user.id]
        types = uow.session.execute(
            sa.select(LeaveType)
            .where(LeaveType.yearly_allowance.is_not(None))
            .order_by(LeaveType.id)
        ).scalars()
        credits = []
        for leave_type in types:
            version = ledger.timeline(leave_type).version_on(end)
            if version is None or version.method != PER_HOUR_WORKED:
                continue
            amount = _hours_credit(uow.session, user, leave_type, version, start, end, hours)
            credits.append((leave_type, amount))
        if not credits:
            raise ValidationFailed(
                f"{user.full_name} follows no policy that accrues per hour worked on {end}.",
                errors={"period_end": "no per_hour_worked policy in force then"},
            )
        reported = HoursReported(user.id, start, end, hours, credits)
        uow.record(
            "reported",
            "hours_worked",
            user,
            {"hours": (None, hours)},
            data={"period_start": start.isoformat(), "period_end": end.isoformat()},
        )
        uow.commit()
    return reported


def _check_period(start, end, today):
    if end < start:
        raise ValidationFailed(
            "period_end must be on or after period_start",
            errors={"period_end": "must be on or after period_start"},
        )
    if (end - start).days > 366:
        raise ValidationFailed(
            "A report covers at most 367 days.", errors={"period_end": "at most 366 days after"}
        )
    if end > today:
        raise ValidationFailed(
            f"Hours are reported once worked: period_end must be on or before {today}.",
            errors={"period_end": f"must be on or before {today}"},
        )


def _hours_credit(session, user, leave_type, version, start, end, hours):
    """Write (or keep, or replace) the credit of this period for one type; its amount."""
    rate = version.body["accrual"].get("rate") or {}
    amount = plans.per_hour_credit(
        hours,
        percent=_decimal(rate.get("percent")),
        amount=_decimal(rate.get("amount")),
        per_hours=_decimal(rate.get("per_hours")),
    )
    period = f"{start.isoformat()}/{end.isoformat()}"
    key = f"hours:{user.id}:{leave_type.id}:{period}"
    stored = _stored(
        session,
        sa.and_(
            LedgerEntry.user_id == user.id,
            LedgerEntry.leave_type_id == leave_type.id,
            LedgerEntry.cause_type == HOURS,
        ),
    )
    for other in entries.live(stored):
        if other.key == key:
            continue
        first, last = (date.fromisoformat(d) for d in other.cause_period.split("/"))
        if first <= end and start <= last:
            raise Conflict(
                f"Hours from {first} to {last} are reported already: report this period "
                "exactly, or periods that do not overlap it.",
                errors={"period_start": f"overlaps the reported {first} to {last}"},
            )
    if version.cap_per_year is not None:
        year_so_far = sum(
            (e.amount for e in entries.live(stored) if e.key != key and e.leave_year == end.year),
            Decimal(0),
        )
        amount = max(Decimal(0), min(amount, version.cap_per_year - year_so_far))
    due = entries.Due(key, ACCRUAL, amount, end, end.year, HOURS, None, period)
    mine = [e for e in stored if e.key == key]
    _append(session, entries.reconcile([due], mine), user_id=user.id, leave_type=leave_type)
    return amount


def _decimal(value):
    return None if value is None else Decimal(str(value))
