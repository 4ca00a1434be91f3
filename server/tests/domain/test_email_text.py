"""What an e-mail says, in the reader's language, and when it is no longer worth sending
(pure)."""

from datetime import date

import pytest

from server.domain import email_text as t
from server.domain import notifications as n

FACTS = t.Facts(
    owner_name="Rita <Report>",
    leave_type="Vacation",
    start_date=date(2026, 12, 21),
    end_date=date(2026, 12, 24),
    start_half=True,
    end_half=False,
    days="3.5",
    status="pending",
    actor_name="Max Manager",
)


def test_dates_spell_out_half_days():
    assert t.describe_dates(FACTS) == (
        "Mon 21 Dec 2026 to Thu 24 Dec 2026 (from midday on the first day)"
    )
    one_morning = t.Facts(
        **{**FACTS.__dict__, "end_date": FACTS.start_date, "start_half": False, "end_half": True}
    )
    assert t.describe_dates(one_morning) == "Mon 21 Dec 2026 (morning)"
    assert t.describe_dates(one_morning, "de") == "Mo., 21.12.2026 (vormittags)"


def test_render_has_text_and_escaped_html():
    message = t.render(n.SUBMITTED, "approver", FACTS, "Max", "https://pto.example.com")
    assert message.subject.startswith("Time off request from Rita <Report>: Vacation")
    assert "Hello Max," in message.text
    assert "Days:     3.5" in message.text
    assert "Open PTO: https://pto.example.com" in message.text
    assert "Rita &lt;Report&gt;" in message.html
    assert "<Report>" not in message.html
    without_link = t.render(n.APPROVED, "owner", FACTS, "Rita", None)
    assert "Open PTO" not in without_link.text


def test_an_hour_request_says_hours_in_both_languages():
    hours = t.Facts(**{**FACTS.__dict__, "days": "2", "unit": "hours"})
    assert "Hours:    2" in t.render(n.SUBMITTED, "approver", hours, "Max", None).text
    assert "Stunden:" in t.render(n.SUBMITTED, "approver", hours, "Max", None, "de").text
    assert "Days:" not in t.render(n.SUBMITTED, "approver", hours, "Max", None).text


def test_a_request_someone_filed_for_the_owner_says_so():
    filed = t.Facts(**{**FACTS.__dict__, "actor_name": "Hana Admin", "filed_by_someone_else": True})
    message = t.render(n.SUBMITTED, "approver", filed, "Max", None)
    assert "Hana Admin filed time off for Rita <Report>. Please approve or reject it." in (
        message.text
    )
    asked = t.render(n.SUBMITTED, "approver", FACTS, "Max", None)
    assert "Rita <Report> asked for time off." in asked.text


def test_german_readers_get_german_mail():
    message = t.render(n.APPROVED, "owner", FACTS, "Rita", "https://pto.example.com", "de")
    assert message.subject == "Genehmigt: Vacation, Mo., 21.12.2026 bis Do., 24.12.2026 " + (
        "(ab Mittag am ersten Tag)"
    )
    assert message.text.startswith("Hallo Rita,\n\nMax Manager hat Ihre Abwesenheit genehmigt.")
    assert "Status:    beantragt" in message.text
    assert "PTO öffnen: https://pto.example.com" in message.text


def test_an_unknown_locale_reads_english():
    assert t.render(n.APPROVED, "owner", FACTS, "Rita", None, "fr").text.startswith("Hello Rita")


def test_every_message_and_label_exists_in_every_language():
    assert set(t.CATALOGS[t.DE]) == set(t.CATALOGS[t.EN])


@pytest.mark.parametrize(
    ("message", "status", "still_decides", "sent"),
    [
        (n.SUBMITTED, "pending", True, True),
        (n.SUBMITTED, "approved", True, False),  # someone already decided
        (n.REMINDER, "cancelled", True, False),
        (n.SUBMITTED, "pending", False, False),  # the owner has another manager now
        (n.APPROVED, "cancelled", True, True),  # information is still information
        (n.CANCELLED, "cancelled", False, True),
    ],
)
def test_a_message_asking_for_a_decision_is_dropped_once_there_is_none_to_make(
    message, status, still_decides, sent
):
    assert (t.outdated(message, status, still_decides) is None) == sent
