"""What an e-mail about a leave request says, in the reader's language. Pure.

Messages are written when they are sent, from the request as it stands then (`Facts`), in
the recipient's locale (`LOCALES`; a locale we have no catalogue for reads English). A
message that asks for something no longer to be done — approve a request that is not
pending any more, or that the recipient no longer decides — is not sent at all
(`outdated`).
"""

from dataclasses import dataclass
from datetime import date
from html import escape

from babel.dates import format_date

from server.domain.notifications import (
    APPROVED,
    APPROVER,
    AUTO_APPROVED,
    CANCELLED,
    FILED_FOR_YOU,
    OWNER,
    REJECTED,
    REMINDER,
    SUBMITTED,
)
from server.domain.vocabulary import PENDING

EN, DE = "en", "de"
LOCALES = (EN, DE)

CATALOGS = {
    EN: {
        "date": "EEE dd MMM y",
        "single.afternoon": "{day} (afternoon)",
        "single.morning": "{day} (morning)",
        "range": "{first} to {last}",
        "from_midday": "from midday on the first day",
        "until_midday": "until midday on the last day",
        "someone": "an administrator",
        "Someone": "An administrator",
        (SUBMITTED, APPROVER, "subject"): "Time off request from {owner}: {what}",
        (SUBMITTED, APPROVER, "lead"): "{owner} asked for time off. Please approve or reject it.",
        (SUBMITTED, APPROVER, "lead.filed"): "{by} filed time off for {owner}. Please approve "
        "or reject it.",
        (AUTO_APPROVED, APPROVER, "subject"): "{owner} booked {what} (no approval needed)",
        (AUTO_APPROVED, APPROVER, "lead"): "{owner} booked time off that needs no approval. "
        "This is for your information.",
        (AUTO_APPROVED, APPROVER, "lead.filed"): "{by} booked time off for {owner} that needs "
        "no approval. This is for your information.",
        (REMINDER, APPROVER, "subject"): "Reminder: {owner} is waiting for a decision on {what}",
        (REMINDER, APPROVER, "lead"): "{owner}'s request is still waiting for your decision.",
        (APPROVED, OWNER, "subject"): "Approved: your {what}",
        (APPROVED, OWNER, "lead"): "{by} approved your time off.",
        (REJECTED, OWNER, "subject"): "Rejected: your {what}",
        (REJECTED, OWNER, "lead"): "{by} rejected your time off.",
        (FILED_FOR_YOU, OWNER, "subject"): "{by} filed time off for you: {what}",
        (FILED_FOR_YOU, OWNER, "lead"): "{by} filed time off for you.",
        (CANCELLED, APPROVER, "subject"): "Cancelled: {owner}'s {what}",
        (CANCELLED, APPROVER, "lead"): "{owner}'s time off was cancelled.",
        (CANCELLED, OWNER, "subject"): "Cancelled by {by}: your {what}",
        (CANCELLED, OWNER, "lead"): "{by} cancelled your time off.",
        "hello": "Hello {name},",
        "Who": "Who",
        "Type": "Type",
        "Dates": "Dates",
        "Days": "Days",
        "Hours": "Hours",
        "Status": "Status",
        "Comment": "Comment",
        "open": "Open PTO",
        "footer": "PTO: this message was sent automatically.",
        "pending": "pending",
        "approved": "approved",
        "rejected": "rejected",
        "cancelled": "cancelled",
    },
    DE: {
        "date": "EEE, dd.MM.y",
        "single.afternoon": "{day} (nachmittags)",
        "single.morning": "{day} (vormittags)",
        "range": "{first} bis {last}",
        "from_midday": "ab Mittag am ersten Tag",
        "until_midday": "bis Mittag am letzten Tag",
        "someone": "eine Administratorin oder ein Administrator",
        "Someone": "Eine Administratorin oder ein Administrator",
        (SUBMITTED, APPROVER, "subject"): "Abwesenheitsantrag von {owner}: {what}",
        (SUBMITTED, APPROVER, "lead"): "{owner} hat Abwesenheit beantragt. Bitte genehmigen "
        "oder ablehnen.",
        (SUBMITTED, APPROVER, "lead.filed"): "{by} hat Abwesenheit für {owner} eingetragen. "
        "Bitte genehmigen oder ablehnen.",
        (AUTO_APPROVED, APPROVER, "subject"): "{owner} hat {what} eingetragen (ohne Genehmigung)",
        (AUTO_APPROVED, APPROVER, "lead"): "{owner} hat Abwesenheit eingetragen, die keine "
        "Genehmigung braucht. Zu Ihrer Information.",
        (AUTO_APPROVED, APPROVER, "lead.filed"): "{by} hat für {owner} Abwesenheit eingetragen, "
        "die keine Genehmigung braucht. Zu Ihrer Information.",
        (REMINDER, APPROVER, "subject"): "Erinnerung: {owner} wartet auf eine Entscheidung zu "
        "{what}",
        (REMINDER, APPROVER, "lead"): "Der Antrag von {owner} wartet noch auf Ihre Entscheidung.",
        (APPROVED, OWNER, "subject"): "Genehmigt: {what}",
        (APPROVED, OWNER, "lead"): "{by} hat Ihre Abwesenheit genehmigt.",
        (REJECTED, OWNER, "subject"): "Abgelehnt: {what}",
        (REJECTED, OWNER, "lead"): "{by} hat Ihre Abwesenheit abgelehnt.",
        (FILED_FOR_YOU, OWNER, "subject"): "{by} hat Abwesenheit für Sie eingetragen: {what}",
        (FILED_FOR_YOU, OWNER, "lead"): "{by} hat Abwesenheit für Sie eingetragen.",
        (CANCELLED, APPROVER, "subject"): "Storniert: {what} von {owner}",
        (CANCELLED, APPROVER, "lead"): "Die Abwesenheit von {owner} wurde storniert.",
        (CANCELLED, OWNER, "subject"): "Von {by} storniert: {what}",
        (CANCELLED, OWNER, "lead"): "{by} hat Ihre Abwesenheit storniert.",
        "hello": "Hallo {name},",
        "Who": "Wer",
        "Type": "Art",
        "Dates": "Zeitraum",
        "Days": "Tage",
        "Hours": "Stunden",
        "Status": "Status",
        "Comment": "Kommentar",
        "open": "PTO öffnen",
        "footer": "PTO: Diese Nachricht wurde automatisch versandt.",
        "pending": "beantragt",
        "approved": "genehmigt",
        "rejected": "abgelehnt",
        "cancelled": "storniert",
    },
}


@dataclass(frozen=True)
class Facts:
    """What a message states: the request as it stands when the message is written, and
    who did what it is about (`actor_name`: None for the system or an unknown actor;
    `filed_by_someone_else`: the actor is not the owner)."""

    owner_name: str
    leave_type: str
    start_date: date
    end_date: date
    start_half: bool
    end_half: bool
    days: str  # the amount, in `unit`
    status: str
    actor_name: str | None = None
    unit: str = "days"
    filed_by_someone_else: bool = False
    comment: str | None = None


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str


def outdated(message: str, status: str, still_decides: bool) -> str | None:
    """Why a message should no longer be sent, or None: asking someone to decide (a new
    request, a reminder) only makes sense while the request is pending and they decide it."""
    if message not in (SUBMITTED, REMINDER):
        return None
    if status != PENDING:
        return f"The request is {status} now: there is nothing left to decide."
    if not still_decides:
        return "The recipient no longer decides this request."
    return None


def catalog(locale: str) -> dict:
    return CATALOGS.get(locale, CATALOGS[EN])


def describe_dates(facts: Facts, locale: str = EN) -> str:
    """ "Mon 21 Dec 2026", or a range, with the half days spelled out."""
    words = catalog(locale)

    def day(d):
        return format_date(d, words["date"], locale=locale if locale in CATALOGS else EN)

    if facts.start_date == facts.end_date:
        one = day(facts.start_date)
        if facts.start_half:
            return words["single.afternoon"].format(day=one)
        if facts.end_half:
            return words["single.morning"].format(day=one)
        return one
    text = words["range"].format(first=day(facts.start_date), last=day(facts.end_date))
    notes = [words["from_midday"]] * facts.start_half + [words["until_midday"]] * facts.end_half
    return text + (f" ({', '.join(notes)})" if notes else "")


def subject(message: str, audience: str, facts: Facts, locale: str = EN) -> str:
    words = catalog(locale)
    what = f"{facts.leave_type}, {describe_dates(facts, locale)}"
    by = facts.actor_name or words["someone"]
    return words[(message, audience, "subject")].format(owner=facts.owner_name, what=what, by=by)


def _lead(message, audience, facts, words):
    by = facts.actor_name or words["Someone"]
    key = (message, audience, "lead.filed")
    if not (facts.filed_by_someone_else and key in words):
        key = (message, audience, "lead")
    return words[key].format(owner=facts.owner_name, by=by)


def render(
    message: str,
    audience: str,
    facts: Facts,
    recipient_name: str,
    link: str | None,
    locale: str = EN,
) -> Message:
    """The email: a subject, a plain-text body and the same as HTML."""
    words = catalog(locale)
    rows = [
        (words["Who"], facts.owner_name),
        (words["Type"], facts.leave_type),
        (words["Dates"], describe_dates(facts, locale)),
        (words["Hours" if facts.unit == "hours" else "Days"], facts.days),
        (words["Status"], words.get(facts.status, facts.status)),
    ]
    if facts.comment:
        rows.append((words["Comment"], facts.comment))
    lead = _lead(message, audience, facts, words)
    hello = words["hello"].format(name=recipient_name)
    width = max(9, max(len(label) for label, _ in rows) + 2)
    text_lines = [hello, "", lead, ""]
    text_lines += [f"  {label + ':':<{width}} {value}" for label, value in rows]
    if link:
        text_lines += ["", f"{words['open']}: {link}"]
    text_lines += ["", "-- ", words["footer"]]
    table = "".join(
        f'<tr><th align="left">{escape(label)}</th><td>{escape(str(value))}</td></tr>'
        for label, value in rows
    )
    html = (
        f"<p>{escape(hello)}</p><p>{escape(lead)}</p><table>{table}</table>"
        + (f'<p><a href="{escape(link)}">{escape(words["open"])}</a></p>' if link else "")
        + f"<p><small>{escape(words['footer'])}</small></p>"
    )
    return Message(subject(message, audience, facts, locale), "\n".join(text_lines) + "\n", html)
