"""A part-timer and hours, walked in headless Chromium against a real gunicorn on PostgreSQL
with the demo company:

- the admin creates "Appointments", a leave type counted in hours, and gives Grace a work
  schedule of Mon 8, Tue 8, Wed 4 hours (Thursday and Friday off) from the suite's today,
  and sees what it does to the requests she has booked; a schedule that has not started can
  be deleted, one that has cannot;
- Grace previews Mon 11 to Fri 15 January 2027: 3 days of Vacation (Thursday and Friday are
  her days off, listed apart from weekends), 20 h of Appointments;
- she books 2 hours on Tuesday, 14:00 to 16:00 (a part beyond the day's hours is refused at
  the field), approved at once;
- the team calendar draws that day as a partial day with the hours in its label, and her
  balances show Appointments in hours (with about as much in days);
- the request form, the schedule dialog and the calendar pass axe and fit 375 px.

The tests run in order and build on each other (one server per module). The server's clock
and the browser's start at NOW (the web client suite's fixed moment).
"""

import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from server.tests.e2e import test_web_client as web
from server.tests.e2e.test_web_client import (
    ADMIN,
    PHONE,
    SCREENSHOTS,
    TODAY,
    api_get,
    nav,
    settled,
    show_year,
    sign_in,
)

# The web client suite's fixtures: a server (with the demo, under the fixed clock) for this
# module, and pages that are watched for errors (the browser is e2e/conftest.py's).
server, open_page = web.server, web.open_page

pytestmark = pytest.mark.postgres

GRACE = "grace"
WEEK = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HOURS = (8, 8, 4, 0, 0, 0, 0)
MONDAY, TUESDAY, FRIDAY = date(2027, 1, 11), date(2027, 1, 12), date(2027, 1, 15)
TIMES = "14:00\u201316:00"  # as the client writes a part's times, with an en dash


def grace(server):
    return api_get(server, ADMIN, "/users", q="grace").json()["items"][0]


def admin_section(page, name):
    page.get_by_role("navigation", name="Admin sections").get_by_role("link", name=name).click()


def open_schedule_dialog(page):
    admin_section(page, "Users")
    page.get_by_label("Search users").fill("grace")
    page.get_by_role("button", name="Work schedule of Grace Hopper").click()
    dialog = page.get_by_role("dialog", name="Work schedule: Grace Hopper")
    expect(dialog.locator(".schedule").first).to_be_visible()
    return dialog


def axe_violations(page):
    """Every rule axe finds broken, whatever its impact (the web client suite's check keeps
    the serious and critical ones)."""
    return [v["id"] for v in Axe().run(page).response["violations"]]


def fits_a_phone(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_admin_adds_an_hour_type_and_a_part_time_schedule(server, open_page):
    assert date(2026, 12, 7) == TODAY
    # Grace has nothing booked in the week the walk uses.
    booked = api_get(server, ADMIN, "/requests", user_id=grace(server)["id"], per_page=100)
    assert not [
        r
        for r in booked.json()["items"]
        if r["status"] in ("pending", "approved")
        and r["start_date"] <= FRIDAY.isoformat()
        and r["end_date"] >= MONDAY.isoformat()
    ]

    page, _ = open_page()
    sign_in(page, server, ADMIN)
    nav(page, "Admin")
    admin_section(page, "Leave types")
    page.get_by_role("button", name="New leave type").click()
    dialog = page.get_by_role("dialog", name="New leave type")
    dialog.get_by_label("Name").fill("Appointments")
    dialog.get_by_label("Code").fill("appointments")
    expect(dialog.get_by_label("A working day counts")).to_be_visible()
    dialog.get_by_label("Unit").select_option("hours")
    # Hour types have no day weighting, and a shortest request instead; amounts in hours.
    expect(dialog.get_by_label("A working day counts")).to_have_count(0)
    expect(dialog.get_by_label("Shortest request in hours")).to_have_value("0.25")
    expect(dialog.get_by_label("Days per year")).to_have_count(0)
    dialog.get_by_label("Hours per year").fill("40")
    dialog.get_by_label("Needs a manager's approval").uncheck()
    dialog.get_by_role("button", name="Create leave type").click()
    expect(dialog).to_have_count(0)
    row = page.get_by_role("row").filter(has_text="Appointments")
    expect(row).to_contain_text("40 h a year")
    expect(row).to_contain_text("Hours")
    expect(row).to_contain_text("approved at once")
    types = api_get(server, ADMIN, "/leave-types", per_page=100).json()["items"]
    made = next(t for t in types if t["code"] == "appointments")
    assert (made["unit"], made["yearly_allowance"], made["requires_approval"]) == (
        "hours",
        40,
        False,
    )
    assert (made["allow_half_days"], made["min_request_hours"]) == (True, 0.25)

    dialog = open_schedule_dialog(page)
    # Her schedule so far: five 8-hour days since always, not to be deleted.
    only = dialog.locator(".schedule")
    expect(only).to_have_count(1)
    expect(only).to_contain_text("From the start")
    expect(only).to_contain_text("40 h a week")
    expect(only.get_by_role("button", name=re.compile("^Delete"))).to_have_count(0)

    dialog.get_by_label("Applies from").fill(TODAY.isoformat())
    for day, hours in zip(WEEK, HOURS, strict=True):
        dialog.get_by_label(f"Week 1 {day} hours").fill(str(hours))
    # Alternating weeks: a second starts as a copy of the first, and can go again.
    dialog.get_by_role("button", name="Add an alternating week").click()
    expect(dialog.get_by_label("Week 2 Wednesday hours")).to_have_value("4")
    dialog.get_by_label("Week 2 Wednesday hours").fill("0")
    expect(dialog).to_contain_text("On average 18 h a week")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "schedule-dialog-desktop.png", full_page=True)
    assert axe_violations(page) == []
    dialog.get_by_role("button", name="Remove week 2").click()
    expect(dialog.get_by_label("Week 2 Monday hours")).to_have_count(0)
    expect(dialog.get_by_role("group", name=re.compile("^Week 1"))).to_contain_text("20 h")

    dialog.get_by_role("button", name="Save schedule").click()
    saved = dialog.get_by_role("status").filter(has_text="Saved: from Dec 7, 2026, 20 h a week.")
    expect(saved).to_be_visible()
    # Her one booked request (a Monday, pending) counts the same; it keeps its amount.
    expect(saved).to_contain_text("Their booked request counts the same under it.")
    newest = dialog.locator(".schedule").first
    expect(newest).to_contain_text("Applies from Dec 7, 2026")
    expect(newest).to_contain_text("In force")
    expect(newest).to_contain_text("Mon 8 h · Tue 8 h · Wed 4 h")
    expect(dialog.get_by_role("button", name=re.compile("^Delete"))).to_have_count(0)
    schedules = api_get(server, ADMIN, f"/users/{grace(server)['id']}/schedules").json()
    latest = schedules["items"][0]
    assert (latest["effective_from"], latest["weeks"]) == (TODAY.isoformat(), [list(HOURS)])
    assert grace(server)["work_days"] == [0, 1, 2]

    # One that has not started yet can be taken back (after asking); the others cannot.
    dialog.get_by_label("Applies from").fill("2027-06-07")
    dialog.get_by_role("button", name="Save schedule").click()
    expect(dialog.get_by_role("status").filter(has_text="Saved: from Jun 7, 2027")).to_be_visible()
    delete = dialog.get_by_role("button", name="Delete the schedule from Jun 7, 2027")
    expect(delete).to_be_visible()
    expect(dialog.get_by_role("button", name=re.compile("^Delete"))).to_have_count(1)
    delete.click()
    expect(dialog).to_contain_text("Delete this schedule?")
    dialog.get_by_role("button", name="Delete schedule").click()
    expect(dialog.get_by_text("The schedule from Jun 7, 2027 is deleted.")).to_be_visible()
    expect(dialog.locator(".schedule")).to_have_count(2)
    after = api_get(server, ADMIN, f"/users/{grace(server)['id']}/schedules").json()["items"]
    assert [s["effective_from"] for s in after] == [TODAY.isoformat(), "1900-01-01"]

    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_have_count(0)


def test_she_previews_a_week_in_days_and_in_hours(server, open_page):
    page, _ = open_page()
    sign_in(page, server, GRACE)
    nav(page, "Request time off")
    page.get_by_label("Leave type").select_option(label="Vacation")
    page.get_by_label("First day").fill(MONDAY.isoformat())
    page.get_by_label("Last day").fill(FRIDAY.isoformat())
    preview = page.get_by_role("region", name="What this request means")
    expect(preview.locator(".preview-days")).to_have_text(re.compile(r"^3 days\s+counted$"))
    # Thursday and Friday are her days off: listed as such, not as weekend days.
    expect(preview.locator(".not-worked")).to_have_text(
        "2 days off in the work schedule: Thu, Jan 14, Fri, Jan 15"
    )
    expect(preview).not_to_contain_text("weekend")
    days = preview.locator(".breakdown li")
    expect(days).to_have_count(3)
    expect(days.nth(0)).to_have_text(re.compile(r"Mon, Jan 11\s*8\sh scheduled\s*1 day"))
    expect(days.nth(2)).to_have_text(re.compile(r"Wed, Jan 13\s*4\sh scheduled\s*1 day"))
    # A day type has no hours to give.
    expect(page.get_by_label("Hours per day")).to_have_count(0)

    page.get_by_label("Leave type").select_option(label="Appointments")
    expect(preview.locator(".preview-days")).to_have_text(re.compile(r"^20\sh\s+counted$"))
    expect(days.nth(2)).to_have_text(re.compile(r"Wed, Jan 13\s*4\sh scheduled\s*4\sh"))
    expect(preview).to_contain_text("40 → 20 h available")
    # Hours per day go on each day counted, at most that day's hours (Wednesday: 4).
    page.get_by_label("Hours per day").fill("6")
    expect(preview.locator(".preview-days")).to_have_text(re.compile(r"^16\sh\s+counted$"))
    expect(page.get_by_role("group", name="Half days")).to_have_count(0)
    page.get_by_label("Hours per day").fill("")
    expect(preview.locator(".preview-days")).to_have_text(re.compile(r"^20\sh\s+counted$"))
    expect(page.get_by_role("group", name="Half days")).to_be_visible()
    settled(page)
    page.screenshot(path=SCREENSHOTS / "request-hours-desktop.png", full_page=True)
    assert axe_violations(page) == []


def test_she_books_two_hours_on_tuesday_afternoon(server, open_page):
    page, watcher = open_page()
    sign_in(page, server, GRACE)
    nav(page, "Request time off")
    page.get_by_label("Leave type").select_option(label="Appointments")
    page.get_by_label("First day").fill(TUESDAY.isoformat())
    page.get_by_label("Last day").fill(TUESDAY.isoformat())
    preview = page.get_by_role("region", name="What this request means")
    expect(preview.locator(".preview-days")).to_have_text(re.compile(r"^8\sh\s+counted$"))

    # More hours than the day has: the preview says so, and sending it puts the API's
    # message (`parts[0].hours`) at the time field.
    watcher.allow(422, r"/api/v1/requests$")
    page.get_by_label("From").fill("08:00")
    page.get_by_label("To").fill("18:00")
    expect(preview).to_contain_text("at most the 8 hours scheduled that day")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/requests")) as answer:
        page.get_by_role("button", name="Submit request").click()
    message = answer.value.json()["errors"]["parts[0].hours"]
    to = page.get_by_label("To")
    expect(to).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field", has=to).locator(".field-error")).to_have_text(message)

    page.get_by_label("From").fill("14:00")
    page.get_by_label("To").fill("16:00")
    expect(preview.locator(".preview-days")).to_have_text(re.compile(r"^2\sh\s+counted$"))
    expect(preview).to_contain_text("40 → 38 h available")
    expect(to).not_to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="Submit request").click()

    expect(page.get_by_role("heading", name="My requests", level=1)).to_be_visible()
    expect(
        page.get_by_role("status").filter(
            has_text=f"Done: Appointments, Jan 12, 2027 ({TIMES}) (2 h) is booked."
        )
    ).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Jan 12, 2027")
    expect(row).to_contain_text("Appointments")
    expect(row).to_contain_text("2 h")
    expect(row).to_contain_text("Approved")
    mine = api_get(server, GRACE, "/requests", per_page=100).json()["items"]
    made = next(r for r in mine if r["start_date"] == TUESDAY.isoformat())
    assert (made["status"], made["unit"], made["amount"], made["days"]) == (
        "approved",
        "hours",
        2,
        None,
    )
    assert made["parts"] == [{"date": TUESDAY.isoformat(), "hours": 2, "start_time": "14:00"}]


def test_the_calendar_shows_a_partial_day_and_her_balance_is_in_hours(server, open_page):
    page, _ = open_page()
    sign_in(page, server, GRACE)
    nav(page, "Team calendar")
    settled(page)
    grid = page.get_by_role("table", name=re.compile("Who is away"))
    her_row = grid.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Grace Hopper", exact=True)
    )
    # December: each day is shaded by the schedule in force that day. Thursday the 3rd was
    # still a working day (five days a week until the 7th); Thursday the 10th is not.
    expect(page.get_by_role("heading", name="December 2026")).to_be_visible()
    expect(her_row.get_by_role("cell").nth(3 - 1)).not_to_have_class(re.compile(r"\boff\b"))
    expect(her_row.get_by_role("cell").nth(10 - 1)).to_have_class(re.compile(r"\boff\b"))
    page.get_by_role("button", name="Next month").click()
    expect(page.get_by_role("heading", name="January 2027")).to_be_visible()
    settled(page)
    tuesday = her_row.get_by_role("cell").nth(TUESDAY.day - 1)
    expect(tuesday.locator(".mark")).to_have_count(1)
    expect(tuesday.locator(".mark-part")).to_have_count(1)
    # What a screen reader says of the cell (its hidden text; the mark has none).
    expect(tuesday).to_have_accessible_name(f"Appointments, 2 h, {TIMES}")
    # Her days off follow the schedule: Thursday is not a working day for her.
    thursday = her_row.get_by_role("cell").nth(TUESDAY.day + 1)
    expect(thursday).to_have_class(re.compile(r"\boff\b"))
    expect(thursday).to_contain_text("Not a working day")
    page.screenshot(path=SCREENSHOTS / "calendar-hours-desktop.png", full_page=True)
    assert axe_violations(page) == []

    nav(page, "My time off")
    show_year(page, 2027)
    balances = api_get(
        server, GRACE, f"/users/{grace(server)['id']}/balances", year=2027, as_of="2027-12-31"
    ).json()["items"]
    appointments = next(b for b in balances if b["leave_type"]["name"] == "Appointments")
    vacation = next(b for b in balances if b["leave_type"]["name"] == "Vacation")
    assert (appointments["unit"], appointments["available"]) == ("hours", 38)
    card = page.get_by_role("article", name=re.compile("^Appointments$"))
    expect(card.locator(".balance-headline")).to_contain_text("38 h available")
    equivalent = f"≈ {appointments['display_equivalent']:g} days"
    expect(card.locator(".equivalent")).to_have_text(equivalent)
    # The 2 hours are booked (taken, for the year seen as of its end).
    assert appointments["taken"] + appointments["scheduled"] == 2
    for part in ("taken", "scheduled"):
        expect(card.locator(f".part-{part} dd")).to_have_text(f"{appointments[part]:g}")
    card = page.get_by_role("article", name=re.compile("^Vacation$"))
    expect(card.locator(".balance-headline")).to_contain_text(
        f"{vacation['available']:g} days available"
    )
    expect(card.locator(".equivalent")).to_have_text(f"≈ {vacation['display_equivalent']:g} h")


def test_the_new_screens_fit_a_phone(server, open_page):
    problems = {}

    def check(page, name):
        settled(page)
        page.screenshot(path=SCREENSHOTS / f"{name}-phone.png", full_page=True)
        if found := axe_violations(page):
            problems[name] = found
        if not fits_a_phone(page):
            problems.setdefault(name, []).append("scrolls sideways")

    page, _ = open_page(viewport=PHONE)
    sign_in(page, server, GRACE)
    page.goto(f"{server.url}/#/request")
    page.get_by_label("Leave type").select_option(label="Appointments")
    page.get_by_label("First day").fill(MONDAY.isoformat())
    page.get_by_label("Last day").fill(FRIDAY.isoformat())
    page.get_by_label("Hours per day").fill("2")
    expect(page.locator(".preview-days")).to_have_text(re.compile(r"^6\sh\s+counted$"))
    check(page, "request-hours")

    page.goto(f"{server.url}/#/calendar")
    settled(page)
    page.get_by_role("button", name="Next month").click()
    entry = page.locator(".day-entry").filter(has=page.locator(f"time[datetime='{TUESDAY}']"))
    # The phone's day list: who is away that day, for how long.
    expect(entry).to_contain_text(f"Grace Hopper — Appointments (2 h, {TIMES})")
    expect(entry).to_contain_text(f"Jan 12, 2027 ({TIMES}) · 2 h")
    check(page, "calendar-hours")

    page, _ = open_page(viewport=PHONE)
    sign_in(page, server, ADMIN)
    page.goto(f"{server.url}/#/admin/users")
    dialog = open_schedule_dialog(page)
    dialog.get_by_role("button", name="Add an alternating week").click()
    expect(dialog.get_by_label("Week 2 Sunday hours")).to_be_visible()
    check(page, "schedule-dialog")
    assert problems == {}
