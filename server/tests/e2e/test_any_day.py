"""The web client's main walk on the days the calendar is hardest on: Christmas Eve and New
Year's Eve 2026 (company shutdown days, holidays around them, a year ending) and 29 February
2028. The service's clock (CLOCK_START, on a live gunicorn with the demo company seeded
under it) and the browser's clock (Playwright's) both start on that day.

Ada asks for days over the holidays, and the preview counts only her working days; Maya
approves it and rejects Grace's request with a comment; Ada sees it approved, her balance
moved in each year it touches, and the team calendar marking her working days in it and
not the holidays.

Per day the tests run in order and build on each other (one server, one browser).
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from server.tests.conftest import DEFAULT_POSTGRES_URL, postgres_database
from server.tests.e2e.conftest import moved_clock, seed_demo, start_server, stop_server
from server.tests.e2e.test_web_client import (
    ADA,
    DESKTOP,
    GRACE,
    MAYA,
    Watcher,
    api_get,
    balance_part,
    nav,
    settled,
    show_year,
    sign_in,
    vacation_card,
)

pytestmark = pytest.mark.postgres

REASON = "Between the years"
COMMENT = "Half the team is out that day, sorry"


@dataclass(frozen=True)
class Day:
    """A day both clocks start on (17:00 UTC: the same date in California and in Berlin), and
    what Ada asks for then: first to last day, the working days that counts per year, and
    the holidays inside it (weekends aside), which count nothing."""

    now: datetime
    first: date
    last: date
    by_year: dict
    holidays: dict

    def days(self):
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def counted(self):
        """Ada's working days in it (she works Monday to Friday)."""
        return [d for d in self.days() if d.weekday() < 5 and d not in self.holidays]


DAYS = [
    Day(
        datetime(2026, 12, 24, 17, tzinfo=UTC),
        date(2026, 12, 28),
        date(2027, 1, 5),
        {2026: 3, 2027: 2},
        {date(2026, 12, 31): "Company shutdown", date(2027, 1, 1): "New Year's Day"},
    ),
    Day(
        datetime(2026, 12, 31, 17, tzinfo=UTC),
        date(2026, 12, 31),  # today, a shutdown day: nothing in 2026
        date(2027, 1, 8),
        {2027: 5},
        {date(2026, 12, 31): "Company shutdown", date(2027, 1, 1): "New Year's Day"},
    ),
    Day(
        datetime(2028, 2, 29, 17, tzinfo=UTC),
        date(2028, 2, 29),
        date(2028, 3, 3),
        {2028: 4},
        {},
    ),
]


@pytest.fixture(scope="module", params=DAYS, ids=lambda day: day.now.date().isoformat())
def day(request):
    return request.param


@pytest.fixture(scope="module")
def server(day):
    """A fresh database per day, the server's clock on it, the demo seeded under it."""
    with postgres_database(DEFAULT_POSTGRES_URL) as database_url:
        server = start_server(database_url, workers=2, **moved_clock(day.now))
        try:
            seed_demo(server)
            yield server
        finally:
            stop_server(server)


@pytest.fixture(scope="module")
def state(day):
    """What one step leaves for the next, per day."""
    return {}


@pytest.fixture
def open_page(browser, day):
    """`open_page()` → (page, watcher): a page whose browser clock starts on the day. At the
    end of the test no page may have had a JavaScript error or an unexpected failed request,
    nor refreshed its token: the session times its token on the browser's own clock, which
    is weeks or years away from the tokens' real time here."""
    opened = []

    def opener():
        context = browser.new_context(
            viewport=DESKTOP, locale="en-US", timezone_id="America/Los_Angeles"
        )
        context.clock.install(time=day.now)
        page = context.new_page()
        page.set_default_timeout(20_000)
        watcher, refreshes = Watcher(), []
        page.on("pageerror", lambda error: watcher.errors.append(f"uncaught: {error}"))
        page.on("console", watcher.on_console)
        page.on("response", watcher.on_response)
        page.on("requestfailed", watcher.on_request_failed)
        page.on("request", lambda r: refreshes.append(r.url) if "/auth/refresh" in r.url else 0)
        opened.append((context, watcher, refreshes))
        return page, watcher

    yield opener
    for context, _, _ in opened:
        context.close()
    for _, watcher, refreshes in opened:
        watcher.check()
        assert refreshes == []


def test_she_asks_for_days_over_the_holidays_and_only_her_working_days_count(
    server, day, open_page, state
):
    page, _ = open_page()
    sign_in(page, server, ADA)
    state["before"] = {}
    for year in day.by_year:
        show_year(page, year)
        card = vacation_card(page)
        state["before"][year] = (booked(card), balance_part(card, "pending"))

    nav(page, "Request time off")
    page.get_by_label("Leave type").select_option(label="Vacation")
    page.get_by_label("First day").fill(day.first.isoformat())
    page.get_by_label("Last day").fill(day.last.isoformat())
    preview = page.get_by_role("region", name="What this request means")
    total = sum(day.by_year.values())
    expect(preview.locator(".preview-days")).to_have_text(re.compile(rf"^{total} days\s+counted$"))
    for name in day.holidays.values():
        expect(preview.locator(".skipped")).to_contain_text(f"holiday: {name}")
    expect(preview).to_contain_text("This request can be submitted.")
    page.get_by_label("Reason").fill(REASON)
    page.get_by_role("button", name="Submit request").click()

    row = page.get_by_role("row").filter(has_text=REASON)
    expect(row).to_contain_text(f"{total} days")
    expect(row).to_contain_text("Pending")


def test_her_manager_approves_it_and_rejects_graces_request_with_a_comment(server, day, open_page):
    page, _ = open_page()
    sign_in(page, server, MAYA)
    nav(page, "Approvals")
    settled(page)

    ada = page.get_by_role("article", name="Ada Lovelace")
    expect(ada).to_contain_text(REASON)
    grace = page.get_by_role("article", name="Grace Hopper")
    page.get_by_role("button", name="Reject Grace Hopper's request").click()
    dialog = page.get_by_role("dialog", name="Reject Grace Hopper's request")
    dialog.get_by_label("Comment").fill(COMMENT)
    dialog.get_by_role("button", name="Reject request").click()
    expect(grace).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="Rejected Grace Hopper")).to_be_visible()

    page.get_by_role("button", name="Approve Ada Lovelace's request").click()
    expect(ada).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="Approved Ada Lovelace")).to_be_visible()

    graces = api_get(server, GRACE, "/requests", status="rejected").json()["items"]
    assert [r["review_comment"] for r in graces] == [COMMENT]


def test_she_sees_it_approved_her_balance_moved_and_the_calendar_shows_it(
    server, day, open_page, state
):
    page, _ = open_page()
    sign_in(page, server, ADA)
    nav(page, "My requests")
    expect(page.get_by_role("row").filter(has_text=REASON)).to_contain_text("Approved")

    nav(page, "My time off")
    for year, days in day.by_year.items():
        show_year(page, year)
        card = vacation_card(page)
        booked_before, pending_before = state["before"][year]
        assert booked(card) == booked_before + days
        assert balance_part(card, "pending") == pending_before

    nav(page, "Team calendar")
    settled(page)
    month = day.now.date().replace(day=1)
    expect(page.get_by_role("heading", name=month.strftime("%B %Y"))).to_be_visible()
    counted = day.counted()
    ada_row = page.get_by_role("table", name=re.compile("Who is away")).get_by_role("row")
    ada_row = ada_row.filter(has=page.get_by_role("rowheader", name="Ada Lovelace", exact=True))
    for shown in range((day.last.year - month.year) * 12 + day.last.month - month.month + 1):
        if shown:
            page.get_by_role("button", name="Next month").click()
            month = (month + timedelta(days=31)).replace(day=1)
            expect(page.get_by_role("heading", name=month.strftime("%B %Y"))).to_be_visible()
            settled(page)
        for each in (d for d in day.days() if d.month == month.month):
            cell = ada_row.get_by_role("cell").nth(each.day - 1)
            if each in counted:
                expect(cell.locator(".mark")).to_have_count(1)
                expect(cell).to_contain_text("Vacation")
            else:
                expect(cell.locator(".mark")).to_have_count(0)
            if each in day.holidays:
                expect(cell).to_contain_text(f"Holiday: {day.holidays[each]}")


def booked(card):
    """Approved days: "scheduled", or "taken" once they are past (or the year is)."""
    return balance_part(card, "taken") + balance_part(card, "scheduled")
