"""Email notifications: every change stores its event with it; the e-mail consumer turns
events into outbox rows, and the sender delivers them to a real SMTP server (aiosmtpd), to
the right people, once, with retries and reminders."""

import threading
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from server.extensions import db
from server.infra import email_delivery
from server.infra.mail import transport_for
from server.models import Event, Notification
from server.services import notification_service
from server.tests.helpers import assert_problem, free_port
from server.tests.mailbox import Mailbox

API = "/api/v1"
MONDAY = "2026-03-02T09:00:00+00:00"
NEXT_WEEK = {"start_date": "2026-03-09", "end_date": "2026-03-13"}


@pytest.fixture
def mailbox(app, monkeypatch):
    box = Mailbox(free_port())
    for name, value in box.settings().items():
        monkeypatch.setitem(app.config, name, value)
    box.start()
    yield box
    box.stop()


def deliver(app):
    with app.app_context():
        transport = transport_for(app.config)
        try:
            return notification_service.send_pass(transport)
        finally:
            transport.close()


def outbox(app, **where):
    """The outbox rows (after the e-mail consumer has read every stored event)."""
    with app.app_context():
        notification_service.queue_from_events()
        stmt = sa.select(Notification).order_by(Notification.id)
        for name, value in where.items():
            stmt = stmt.where(getattr(Notification, name) == value)
        rows = db.session.execute(stmt).scalars().all()
        db.session.expunge_all()
        return rows


def ask(client, who, leave_type, **body):
    return client.post(
        f"{API}/requests",
        json={"leave_type_id": leave_type, **NEXT_WEEK, **body},
        headers=who.headers,
    )


@pytest.fixture
def company(org, make, clock, vacation):
    clock.set(MONDAY)
    return org


# --- who is told ---------------------------------------------------------------------------


def test_a_new_request_is_queued_for_the_manager_and_delivered(
    client, app, company, vacation, mailbox
):
    r = ask(client, company.report, vacation, reason="Family")
    assert r.status_code == 201
    (row,) = outbox(app)
    assert (row.event, row.recipient_id, row.status) == (
        "request.submitted",
        company.manager.id,
        "pending",
    )
    result = deliver(app)
    assert (result.sent, result.retried, result.failed) == (1, 0, 0)
    (message,) = mailbox.inbox.to(company.manager.email)
    assert message["From"] == "PTO <pto@example.com>"
    assert message["To"] == company.manager.email
    assert "Rita Report" in message["Subject"]
    assert message["Message-ID"].startswith(f"<pto-notification-{row.id}.")
    assert message["Message-ID"].endswith("@pto.example.com>")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for part in (text, html):
        for fact in ("Rita Report", "Vacation", "Mon 09 Mar 2026", "Fri 13 Mar 2026", "pending"):
            assert fact in part
        assert "https://pto.example.com" in part
    assert "Days:     5" in text
    sent = outbox(app)[0]
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 1, None)
    assert sent.sent_at is not None


def test_a_refused_change_queues_nothing(client, app, company, vacation):
    assert ask(client, company.report, vacation).status_code == 201
    # The same week again overlaps: 409, and the rolled-back change left no message.
    assert_problem(ask(client, company.report, vacation), 409, "conflict")
    # Too many days: refused after the request was evaluated.
    r = ask(client, company.report, vacation, start_date="2026-04-01", end_date="2026-06-30")
    assert_problem(r, 422, "insufficient-balance")
    assert [row.event for row in outbox(app)] == ["request.submitted"]


def stored_events(app):
    with app.app_context():
        rows = db.session.execute(sa.select(Event).order_by(Event.seq)).scalars().all()
        db.session.expunge_all()
        return rows


def test_approving_stores_one_event_and_the_emails_come_from_it(client, app, company, vacation):
    request_id = ask(client, company.report, vacation, reason="Family").json["id"]
    before = stored_events(app)
    r = client.post(
        f"{API}/requests/{request_id}/approve", json={}, headers=company.manager.headers
    )
    assert r.status_code == 200
    (approved,) = stored_events(app)[len(before) :]
    assert (approved.type, approved.entity, approved.entity_id) == (
        "leave_request.approved",
        "leave_request",
        request_id,
    )
    assert approved.actor_id == company.manager.id
    assert approved.id.startswith("evt_") and len(approved.id) == 30
    assert approved.data == {
        "id": request_id,
        "user_id": company.report.id,
        "leave_type": {"id": vacation, "code": "vacation"},
        "start_date": "2026-03-09",
        "end_date": "2026-03-13",
        "start_half": False,
        "end_half": False,
        "unit": "days",
        "amount": 5,
        "status": "approved",
    }  # thin: no reason, no comment
    (told,) = outbox(app, event="request.approved")
    assert (told.recipient_id, told.event_id) == (company.report.id, approved.id)


def test_a_rolled_back_change_stores_no_event_and_no_email(client, app, company, vacation):
    request_id = ask(client, company.report, vacation).json["id"]
    before = stored_events(app)
    # The owner cannot approve their own request: refused, rolled back.
    r = client.post(f"{API}/requests/{request_id}/approve", json={}, headers=company.report.headers)
    assert_problem(r, 403, "forbidden")
    assert [e.seq for e in stored_events(app)] == [e.seq for e in before]
    assert outbox(app, event="request.approved") == []


def test_a_change_whose_event_cannot_be_stored_is_not_made(
    client, app, company, vacation, monkeypatch
):
    """The other half of "in the same transaction": no event, no change."""
    from server.infra import events

    def store_broken(*args, **kwargs):
        raise RuntimeError("the events cannot be written")

    monkeypatch.setattr(events, "store", store_broken)
    assert_problem(ask(client, company.report, vacation), 500, "internal-error")
    monkeypatch.undo()
    mine = client.get(f"{API}/requests", headers=company.report.headers).json["items"]
    assert mine == []
    assert outbox(app) == []


def test_the_owner_hears_the_decision_and_the_decider_does_not(
    client, app, company, vacation, mailbox
):
    request_id = ask(client, company.report, vacation).json["id"]
    r = client.post(
        f"{API}/requests/{request_id}/reject",
        json={"comment": "Release week"},
        headers=company.manager.headers,
    )
    assert r.status_code == 200
    (decision,) = outbox(app, event="request.rejected")
    assert decision.recipient_id == company.report.id
    assert outbox(app, recipient_id=company.manager.id, event="request.rejected") == []
    deliver(app)
    (message,) = mailbox.inbox.to(company.report.email)
    text = message.get_body(("plain",)).get_content()
    assert "Max Manager rejected your time off." in text
    assert "Comment:  Release week" in text


def test_a_request_to_decide_is_not_sent_once_it_was_decided(
    client, app, company, vacation, mailbox
):
    """Messages are written when sent, from the request as it stands then: "please
    approve" for a request the manager already approved is not sent at all."""
    request_id = ask(client, company.report, vacation).json["id"]
    client.post(f"{API}/requests/{request_id}/approve", json={}, headers=company.manager.headers)
    result = deliver(app)
    assert (result.sent, result.skipped) == (1, 1)
    assert mailbox.inbox.to(company.manager.email) == []
    (skipped,) = outbox(app, event="request.submitted")
    assert (skipped.status, skipped.attempts) == ("skipped", 0)
    assert skipped.last_error == "The request is approved now: there is nothing left to decide."
    (told,) = mailbox.inbox.to(company.report.email)
    assert told["Subject"].startswith("Approved: your Vacation")


def test_a_request_an_admin_filed_tells_the_approver_who_filed_it(
    client, app, company, vacation, mailbox
):
    r = ask(client, company.admin, vacation, user_id=company.report.id)
    assert r.status_code == 201
    deliver(app)
    (asked,) = mailbox.inbox.to(company.manager.email)
    text = asked.get_body(("plain",)).get_content()
    assert "Ada Admin filed time off for Rita Report. Please approve or reject it." in text
    (told,) = mailbox.inbox.to(company.report.email)
    assert told["Subject"].startswith("Ada Admin filed time off for you")


def test_e_mails_are_written_in_the_readers_language(client, app, company, vacation, mailbox):
    german = client.patch(
        f"{API}/users/{company.manager.id}", json={"locale": "de"}, headers=company.manager.headers
    )
    assert german.status_code == 200
    assert german.json["locale"] == "de"
    ask(client, company.report, vacation)
    deliver(app)
    (message,) = mailbox.inbox.to(company.manager.email)
    assert message["Subject"] == (
        "Abwesenheitsantrag von Rita Report: Vacation, Mo., 09.03.2026 bis Fr., 13.03.2026"
    )
    lines = message.get_body(("plain",)).get_content().splitlines()
    assert lines[:3] == [
        "Hallo Max Manager,",
        "",
        "Rita Report hat Abwesenheit beantragt. Bitte genehmigen oder ablehnen.",
    ]


def test_approved_goes_to_the_owner(client, app, company, vacation, mailbox):
    request_id = ask(client, company.report, vacation).json["id"]
    client.post(f"{API}/requests/{request_id}/approve", json={}, headers=company.admin.headers)
    deliver(app)
    (message,) = mailbox.inbox.to(company.report.email)
    assert message["Subject"].startswith("Approved: your Vacation")
    assert "Ada Admin approved your time off." in message.get_body(("plain",)).get_content()


def test_without_an_able_manager_every_active_admin_is_told(client, app, make, clock, vacation):
    clock.set(MONDAY)
    admin1 = make.admin()
    admin2 = make.admin()
    make.admin(is_active=False)
    plain_boss = make.employee()  # a manager_id without the manager role cannot approve
    orphan = make.employee(manager=plain_boss)
    assert ask(client, orphan, vacation).status_code == 201
    assert sorted(row.recipient_id for row in outbox(app)) == sorted([admin1.id, admin2.id])


def test_an_inactive_manager_hands_over_to_the_admins(client, app, make, clock, vacation):
    clock.set(MONDAY)
    admin = make.admin()
    gone = make.manager(is_active=False)
    report = make.employee(manager=gone)
    assert ask(client, report, vacation).status_code == 201
    assert [row.recipient_id for row in outbox(app)] == [admin.id]


def test_filed_for_you_and_nobody_is_told_about_their_own_action(client, app, company, vacation):
    r = ask(client, company.manager, vacation, user_id=company.report.id)
    assert r.status_code == 201
    # The manager filed it: the approvers would be the manager, who is the actor.
    assert [(row.event, row.recipient_id) for row in outbox(app)] == [
        ("request.filed_for_you", company.report.id)
    ]


def test_types_without_approval_inform_the_approvers(client, app, company, make):
    sick = make.leave_type("sick", yearly_allowance=None, requires_approval=False)
    r = ask(client, company.report, sick)
    assert r.json["status"] == "approved"
    assert [(row.event, row.recipient_id) for row in outbox(app)] == [
        ("request.auto_approved", company.manager.id)
    ]


@pytest.mark.parametrize(
    ("canceller", "told"),
    [("report", ["manager"]), ("admin", ["manager", "report"])],
)
def test_cancelling_tells_the_approvers_and_the_owner_when_someone_else_did(
    client, app, company, vacation, canceller, told
):
    request_id = ask(client, company.report, vacation).json["id"]
    who = getattr(company, canceller)
    assert (
        client.post(f"{API}/requests/{request_id}/cancel", headers=who.headers).status_code == 200
    )
    rows = outbox(app, event="request.cancelled")
    assert sorted(row.recipient_id for row in rows) == sorted(
        getattr(company, name).id for name in told
    )


def test_nobody_inactive_is_written_to_even_if_deactivated_after_queueing(
    client, app, company, vacation, mailbox
):
    assert ask(client, company.report, vacation).status_code == 201
    assert [row.recipient_id for row in outbox(app)] == [company.manager.id]
    deactivated = client.delete(f"{API}/users/{company.manager.id}", headers=company.admin.headers)
    assert deactivated.status_code == 204
    result = deliver(app)
    assert (result.sent, result.failed) == (0, 1)
    assert mailbox.messages == []
    (row,) = outbox(app)
    assert row.status == "failed"
    assert "deactivated" in row.last_error


# --- delivery ------------------------------------------------------------------------------


def test_an_smtp_failure_is_retried_later_and_delivered_once_the_server_is_back(
    client, app, company, vacation, mailbox, clock
):
    assert ask(client, company.report, vacation).status_code == 201
    mailbox.stop()
    result = deliver(app)
    assert (result.sent, result.retried) == (0, 1)
    (row,) = outbox(app)
    assert (row.status, row.attempts) == ("pending", 1)
    assert "Connection" in row.last_error or "refused" in row.last_error
    first_retry = row.next_attempt_at
    assert first_retry > datetime.fromisoformat(MONDAY)

    # Not due yet: a pass right away leaves it alone.
    mailbox.start()
    assert deliver(app).sent == 0
    # The server now refuses (451): the second delay is longer than the first.
    mailbox.inbox.refuse = True
    clock.set(first_retry)
    assert deliver(app).retried == 1
    (row,) = outbox(app)
    assert row.attempts == 2
    assert "451" in row.last_error
    assert row.next_attempt_at - first_retry > first_retry - datetime.fromisoformat(MONDAY)

    mailbox.inbox.refuse = False
    clock.set(row.next_attempt_at + timedelta(seconds=1))
    assert deliver(app).sent == 1
    assert deliver(app).sent == 0
    assert len(mailbox.inbox.to(company.manager.email)) == 1
    (row,) = outbox(app)
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, None)


def test_after_the_last_attempt_the_row_fails_with_its_error_kept(
    client, app, company, vacation, mailbox, clock, monkeypatch
):
    monkeypatch.setitem(app.config, "NOTIFY_MAX_ATTEMPTS", 2)
    mailbox.inbox.refuse = True
    assert ask(client, company.report, vacation).status_code == 201
    deliver(app)
    clock.set(outbox(app)[0].next_attempt_at)
    result = deliver(app)
    assert (result.failed, result.retried) == (1, 0)
    (row,) = outbox(app)
    assert (row.status, row.attempts) == ("failed", 2)
    assert "451" in row.last_error
    clock.set(datetime.fromisoformat(MONDAY) + timedelta(days=30))
    assert deliver(app).sent == 0  # never tried again


@pytest.mark.postgres
@pytest.mark.real_commits  # two threads, two connections, SKIP LOCKED between them
def test_two_senders_at_once_never_send_a_row_twice(client, app, company, make, vacation):
    box = Mailbox(free_port(), delay=0.05)
    settings = box.settings()
    box.start()
    try:
        people = [make.employee(manager=company.manager) for _ in range(12)]
        for person in people:
            assert ask(client, person, vacation).status_code == 201
        assert len(outbox(app)) == 12  # the consumer wrote them; now two senders deliver
        results = []

        def sender():
            with app.app_context():
                transport = transport_for({**app.config, **settings})
                try:
                    results.append(
                        email_delivery.deliver_due(transport, notification_service.compose)
                    )
                finally:
                    transport.close()

        threads = [threading.Thread(target=sender) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert not any(thread.is_alive() for thread in threads)
        assert len(results) == 2  # neither sender died on the way
        ids = [m["Message-ID"] for _, m in box.messages]
        assert len(ids) == 12
        assert len(set(ids)) == 12
        assert sum(r.sent for r in results) == 12
        assert all(r.sent > 0 for r in results)  # both really worked, side by side
        assert {row.status for row in outbox(app)} == {"sent"}
    finally:
        box.stop()


def test_a_reminder_goes_out_once_when_a_request_waits_too_long(
    client, app, company, vacation, mailbox, clock
):
    request_id = ask(client, company.report, vacation).json["id"]
    deliver(app)  # the submission itself
    clock.set("2026-03-04T09:00:00+00:00")  # two days later: not yet
    assert deliver(app).reminders == 0
    clock.set("2026-03-05T09:00:01+00:00")  # three days and a second
    assert deliver(app).reminders == 1
    assert deliver(app).reminders == 0
    reminders = outbox(app, event="request.reminder")
    assert [(r.recipient_id, r.leave_request_id, r.status) for r in reminders] == [
        (company.manager.id, request_id, "sent")
    ]
    subjects = [m["Subject"] for m in mailbox.inbox.to(company.manager.email)]
    assert sum(s.startswith("Reminder:") for s in subjects) == 1
    # A reminder is not a change: the request (and its feed entry) keeps its timestamp.
    request = client.get(f"{API}/requests/{request_id}", headers=company.report.headers).json
    assert request["updated_at"] == "2026-03-02T09:00:00+00:00"


def test_decided_requests_get_no_reminder(client, app, company, vacation, clock):
    request_id = ask(client, company.report, vacation).json["id"]
    client.post(f"{API}/requests/{request_id}/approve", json={}, headers=company.manager.headers)
    clock.set("2026-03-09T09:00:00+00:00")
    assert deliver(app).reminders == 0


# --- the outbox endpoint --------------------------------------------------------------------


def test_admins_list_the_outbox_with_filters(client, app, company, vacation, mailbox):
    first = ask(client, company.report, vacation).json["id"]
    deliver(app)  # "please approve" goes out while it is pending
    client.post(f"{API}/requests/{first}/approve", json={}, headers=company.manager.headers)
    deliver(app)
    r = client.get(f"{API}/notifications", headers=company.admin.headers)
    assert r.status_code == 200
    assert [item["event"] for item in r.json["items"]] == ["request.approved", "request.submitted"]
    assert r.json["total"] == 2
    item = r.json["items"][0]
    assert item["recipient_id"] == company.report.id
    assert item["status"] == "sent"
    assert item["attempts"] == 1
    assert item["sent_at"] is not None
    only = client.get(
        f"{API}/notifications",
        query_string={"recipient_id": company.manager.id, "status": "sent"},
        headers=company.admin.headers,
    )
    assert [i["event"] for i in only.json["items"]] == ["request.submitted"]
    r = client.get(f"{API}/notifications?event=request.sent", headers=company.admin.headers)
    assert_problem(r, 422, "validation-error", errors=["event"])


@pytest.mark.parametrize("who", ["report", "manager"])
def test_only_admins_see_the_outbox(client, company, who):
    r = client.get(f"{API}/notifications", headers=getattr(company, who).headers)
    assert_problem(r, 403, "forbidden")


# --- the command ---------------------------------------------------------------------------


def test_the_command_delivers_with_the_log_backend_and_exits(client, app, company, vacation):
    assert ask(client, company.report, vacation).status_code == 201
    result = app.test_cli_runner().invoke(args=["send-notifications", "--once"])
    assert result.exit_code == 0, result.output
    assert "sent: 1" in result.output
    assert outbox(app)[0].status == "sent"


def test_the_command_refuses_smtp_without_a_host(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "SMTP_HOST", None)
    result = app.test_cli_runner().invoke(args=["send-notifications", "--once"])
    assert result.exit_code == 1
    assert "SMTP_HOST" in result.output


def test_the_command_refuses_credentials_over_plain_smtp(app, monkeypatch):
    for name, value in {
        "MAIL_BACKEND": "smtp",
        "SMTP_HOST": "mail.example.com",
        "SMTP_SECURITY": "none",
        "SMTP_USERNAME": "pto",
    }.items():
        monkeypatch.setitem(app.config, name, value)
    result = app.test_cli_runner().invoke(args=["send-notifications", "--once"])
    assert result.exit_code == 1
    assert "unencrypted" in result.output


def test_the_outbox_names_each_recipient(client, app, company, vacation):
    ask(client, company.report, vacation)
    outbox(app)
    (item,) = client.get(f"{API}/notifications", headers=company.admin.headers).json["items"]
    assert item["recipient"] == {"id": company.manager.id, "full_name": "Max Manager"}
