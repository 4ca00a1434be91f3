"""Sending the e-mail outbox: `deliver_due` tries each due row once.

It takes one due row at a time with
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
from server.domain.vocabulary import FAILED, QUEUED, SENT, SKIPPED
from server.extensions import db
from server.models import Notification

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivered:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0


def deliver_due(transport, compose):
    """Try each due row once (each in its own transaction). `compose(row)` writes the
    message now: (message, None), or (None, why it is not to be sent any more). Returns
    the counts."""
    config = current_app.config
    counts = {SENT: 0, QUEUED: 0, FAILED: 0, SKIPPED: 0}
    tried = set()
    while True:
        row = _next_due(tried)
        if row is None:
            db.session.commit()
            break
        tried.add(row.id)
        _attempt(row, transport, config, compose)
        counts[row.status] += 1
        db.session.commit()
    return Delivered(counts[SENT], counts[QUEUED], counts[FAILED], counts[SKIPPED])


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


def _attempt(row, transport, config, compose):
    """Send one row and record the outcome on it (the caller commits)."""
    recipient = row.recipient
    if not recipient.is_active:
        row.status, row.last_error = FAILED, "The recipient was deactivated before delivery."
        return
    message, why_not = compose(row)
    if message is None:
        row.status, row.last_error = SKIPPED, why_not
        return
    row.attempts += 1
    row.subject = message.subject[:300]
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
