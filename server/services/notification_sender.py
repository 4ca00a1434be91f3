"""Delivering the outbox: `manage.py send-notifications` runs `deliver_due` in a loop.

Each pass first queues due approval reminders, then takes one due row at a time with
`FOR UPDATE SKIP LOCKED` (PostgreSQL), so several senders can run side by side without
sending a row twice, and tries it once. A row is marked sent only after the SMTP server
accepted it (at least once, never lost); a failure is retried on later passes with growing
delays, up to `NOTIFY_MAX_ATTEMPTS`, then marked failed with the error kept.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from server import clock
from server.domain import notifications as rules
from server.domain.vocabulary import FAILED, PENDING, QUEUED, SENT
from server.extensions import db
from server.models import LeaveRequest, Notification
from server.services.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PassResult:
    reminders: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0


def queue_reminders(now=None):
    """Queue one reminder for every request still pending `APPROVAL_REMINDER_DAYS` after it
    was submitted. Marking the request and queueing its messages is one statement and one
    transaction, so two senders never remind twice. Returns how many requests."""
    now = now or clock.utcnow()
    cutoff = now - timedelta(days=current_app.config["APPROVAL_REMINDER_DAYS"])
    with UnitOfWork() as uow:
        due = db.session.execute(
            sa.update(LeaveRequest)
            .where(
                LeaveRequest.status == PENDING,
                LeaveRequest.created_at <= cutoff,
                LeaveRequest.reminded_at.is_(None),
            )
            # Reminding is not a change of the request: keep updated_at (the feed's stamp).
            .values(reminded_at=now, updated_at=LeaveRequest.updated_at)
            .returning(LeaveRequest.id)
            .execution_options(synchronize_session=False)
        ).scalars()
        ids = list(due)
        for leave_request in _requests(ids):
            uow.publish(rules.REMINDER, leave_request)
        uow.commit()
    return len(ids)


def _requests(ids):
    if not ids:
        return []
    return db.session.execute(
        sa.select(LeaveRequest).where(LeaveRequest.id.in_(ids)).order_by(LeaveRequest.id)
    ).scalars()


def deliver_due(transport):
    """One pass: queue due reminders, then try each due row once. Returns the counts."""
    config = current_app.config
    reminders = queue_reminders()
    counts = {SENT: 0, QUEUED: 0, FAILED: 0}
    tried = set()
    while True:
        with UnitOfWork() as uow:
            row = _next_due(tried)
            if row is None:
                uow.commit()
                break
            tried.add(row.id)
            _attempt(row, transport, config)
            counts[row.status] += 1
            uow.commit()
    return PassResult(reminders, counts[SENT], counts[QUEUED], counts[FAILED])


def _next_due(tried):
    stmt = (
        sa.select(Notification)
        .where(Notification.status == QUEUED, Notification.next_attempt_at <= clock.utcnow())
        .order_by(Notification.next_attempt_at, Notification.id)
        .limit(1)
        .with_for_update(skip_locked=True, of=Notification)
    )
    if tried:
        stmt = stmt.where(Notification.id.not_in(tried))
    return db.session.execute(stmt).scalars().first()


def _attempt(row, transport, config):
    """Send one row and record the outcome on it (the caller commits)."""
    recipient = row.recipient
    row.attempts += 1
    if not recipient.is_active:
        row.status, row.last_error = FAILED, "The recipient was deactivated before delivery."
        return
    message = rules.render(
        row.event,
        row.audience,
        rules.Facts.from_json(row.facts),
        recipient.full_name,
        config.get("PUBLIC_BASE_URL"),
    )
    try:
        transport.send(row, recipient.email, message)
    except Exception as exc:
        row.last_error = f"{type(exc).__name__}: {exc}"[:1000]
        if row.attempts >= config["NOTIFY_MAX_ATTEMPTS"]:
            row.status = FAILED
            log.error("Notification %s failed for good: %s", row.id, row.last_error)
        else:
            delay = rules.retry_delay_seconds(row.attempts, config["NOTIFY_RETRY_SECONDS"])
            row.next_attempt_at = clock.utcnow() + timedelta(seconds=delay)
            log.warning("Notification %s not sent, retry in %ss: %s", row.id, delay, exc)
        return
    row.status, row.sent_at, row.last_error = SENT, clock.utcnow(), None
