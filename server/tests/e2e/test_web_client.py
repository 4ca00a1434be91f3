"""The web client in headless Chromium against a real gunicorn on PostgreSQL, with the demo
company: an employee requests time off (the preview counts the days before anything is
sent), her manager approves it, she sees it approved, her balance moved and the calendar
showing it; an invalid request shows the API's message at the field; an admin creates a
user and a leave type; the calendar feed link is copied; signing out works, and an ended
session comes back to sign-in with a message.

Every page is watched: an uncaught JavaScript error, or a failed request other than the
API answers a step expects, fails the test. The screens are checked with axe-core and at
375 px wide, and screenshots of each (desktop and phone) go to `test-screenshots/`.

The tests of this module run in order and build on each other (one server, one browser).
The server's clock and the browser's start at NOW, so they never depend on the real date.
"""

import csv
import gzip
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import holidays as holidays_lib
import pytest
import requests
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from server.config import PROJECT_ROOT
from server.services.demo_data import DEMO_PASSWORD
from server.tests.e2e.conftest import moved_clock, seed_demo, start_server, stop_server

pytestmark = pytest.mark.postgres

SCREENSHOTS = PROJECT_ROOT / "test-screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
FIRST_LOAD_BUDGET = 150 * 1024  # bytes, gzip-compressed
ADA, MAYA, ADMIN, GRACE = "ada", "maya", "admin", "grace"
# Both clocks start here (the demo once put Grace's request on Christmas Day from this day).
NOW = datetime(2026, 12, 7, 17, tzinfo=UTC)
TODAY = NOW.date()


# --- the server and the browser, one of each for the module ---------------------------------


@pytest.fixture(scope="module")
def server(live_database):
    server = start_server(live_database, workers=2, **moved_clock(NOW))
    seed_demo(server)
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def state():
    """What one step leaves for the next (the tests of this module run in order)."""
    return {}


def api_token(server, who):
    r = requests.post(
        server.api("/auth/login"),
        json={"email": f"{who}@example.com", "password": DEMO_PASSWORD},
        timeout=10,
    )
    assert r.status_code == 200, r.text
    return r.json()["access_token"]


def api_get(server, who, path, **params):
    token = api_token(server, who)
    r = requests.get(
        server.api(path), params=params, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    return r


# --- watching pages ---------------------------------------------------------------------------


@dataclass
class Watcher:
    """Collects uncaught errors and failed requests; `allow` names expected API answers."""

    errors: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    allowed: list = field(default_factory=list)

    def allow(self, status, path_pattern):
        self.allowed.append((status, re.compile(path_pattern)))

    def on_response(self, response):
        if response.status < 400:
            return
        path = urlsplit(response.url).path
        if any(status == response.status and p.search(path) for status, p in self.allowed):
            return
        self.failures.append(f"{response.request.method} {path} -> {response.status}")

    def on_request_failed(self, request):
        # A fetch the client aborted itself (a preview superseded by newer input) is not a
        # failure of the server.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.failures.append(f"{request.method} {request.url} failed: {request.failure}")

    def on_console(self, message):
        # The browser logs every 4xx response too; those are judged in on_response.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"console: {message.text}")

    def check(self):
        assert self.errors == [], "JavaScript errors:\n" + "\n".join(self.errors)
        assert self.failures == [], "unexpected failed requests:\n" + "\n".join(self.failures)


@pytest.fixture
def open_page(browser):
    """`open_page(viewport=..., permissions=...)` → (page, watcher); every page opened in a
    test is checked for errors and failed requests when the test ends."""
    opened = []

    def opener(viewport=DESKTOP, **context_options):
        context = browser.new_context(
            viewport=viewport, locale="en-US", timezone_id="America/Los_Angeles", **context_options
        )
        context.clock.install(time=NOW)
        page = context.new_page()
        page.set_default_timeout(20_000)  # generous: CI shares the machine with PostgreSQL
        watcher = Watcher()
        page.on("pageerror", lambda error: watcher.errors.append(f"uncaught: {error}"))
        page.on("console", watcher.on_console)
        page.on("response", watcher.on_response)
        page.on("requestfailed", watcher.on_request_failed)
        opened.append((context, watcher))
        return page, watcher

    yield opener
    for context, _ in opened:
        context.close()
    for _, watcher in opened:
        watcher.check()


def sign_in(page, server, who, lands_on="My time off"):
    """Sign in through the English sign-in screen; `lands_on` is the first screen's heading
    (in the person's own language)."""
    page.goto(server.url + "/")
    page.get_by_label("Email").fill(f"{who}@example.com")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=lands_on, level=1)).to_be_visible()


def nav(page, name):
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()


def settled(page):
    """Every fetch answered and drawn."""
    page.wait_for_load_state("networkidle")
    expect(page.locator(".loading")).to_have_count(0)


def vacation_card(page):
    return page.get_by_role("article", name=re.compile("^Vacation$"))


def balance_part(card, part):
    return float(card.locator(f".part-{part} dd").inner_text().replace(",", ""))


def show_year(page, year):
    heading = page.get_by_role("heading", name=re.compile(r"^Balances \d{4}$"))
    current = int(heading.inner_text().split()[-1])
    while current != year:
        step = 1 if year > current else -1
        page.get_by_role("button", name=f"Show {current + step}").click()
        current += step
        expect(heading).to_have_text(f"Balances {current}")
    settled(page)


def quiet_week(today):
    """Monday to Wednesday, 12+ weeks ahead, in one year, on no US-CA public holiday nor
    company shutdown: Ada's request counts exactly 3 days whatever day the suite runs."""
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=12)
    while True:
        days = [monday + timedelta(days=i) for i in range(3)]
        public = holidays_lib.country_holidays("US", subdiv="CA", years={d.year for d in days})
        shutdown = {(12, 24), (12, 31)}
        if (
            days[0].year == days[-1].year
            and not any(d in public or (d.month, d.day) in shutdown for d in days)
            and days[0].month == days[-1].month
        ):
            return days[0], days[-1]
        monday += timedelta(weeks=1)


# --- the files: small, revalidated, under a strict CSP ---------------------------------------


def test_first_load_is_small_revalidated_and_under_a_strict_csp(server, open_page, state):
    page, _ = open_page()
    static = {}

    def record(response):
        path = urlsplit(response.url).path
        if path == "/" or path.startswith("/client/"):
            static[path] = response

    page.on("response", record)
    sign_in(page, server, ADA)
    settled(page)
    sizes = {path: len(response.body()) for path, response in static.items()}
    compressed = {path: len(gzip.compress(r.body(), 6)) for path, r in static.items()}
    state["first_load"] = (sum(sizes.values()), sum(compressed.values()), len(static))
    print(f"\nfirst load: {len(static)} files, {sum(sizes.values())} bytes, ", end="")
    print(f"{sum(compressed.values())} bytes gzip-compressed")
    assert sum(compressed.values()) < FIRST_LOAD_BUDGET
    # Files come by versioned names (test_first_load.py checks their caching).
    preact = re.compile(r"/client/vendor/preact\.[0-9a-f]{10}\.js")
    assert [path for path in static if preact.fullmatch(path)]
    assert not [path for path in static if path.endswith(".map")]
    # Nothing came from another origin.
    assert all(urlsplit(r.url).netloc == urlsplit(server.url).netloc for r in static.values())

    for path in ("/", "/client/js/main.js", "/client/app.css"):
        r = requests.get(server.url + path, timeout=5)
        assert r.status_code == 200
        assert r.headers["Cache-Control"] == "no-cache"
        csp = r.headers["Content-Security-Policy"]
        for directive in (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'none'",
        ):
            assert directive in csp
        assert "unsafe-inline" not in csp
        etag = r.headers["ETag"]
        again = requests.get(server.url + path, headers={"If-None-Match": etag}, timeout=5)
        assert again.status_code == 304
    assert (
        requests.get(server.url + "/client/js/main.js", timeout=5)
        .headers["Content-Type"]
        .startswith("text/javascript")
    )


# --- an employee asks for time off -----------------------------------------------------------


def test_an_employee_previews_and_submits_a_request(server, open_page, state):
    page, watcher = open_page()
    start, end = quiet_week(TODAY)
    state["period"] = (start, end)

    sign_in(page, server, ADA)
    show_year(page, start.year)
    card = vacation_card(page)
    expect(card).to_be_visible()
    state["before"] = {part: balance_part(card, part) for part in ("taken", "scheduled", "pending")}
    available = balance_part(card, "available")

    nav(page, "Request time off")
    page.get_by_label("Leave type").select_option(label="Vacation")
    page.get_by_label("First day").fill(start.isoformat())
    page.get_by_label("Last day").fill(end.isoformat())
    preview = page.get_by_role("region", name="What this request means")
    expect(preview.locator(".preview-days")).to_have_text(re.compile(r"^3 days\s+counted$"))
    expect(preview).to_contain_text(f"{available:g} → {available - 3:g} days available")
    expect(preview).to_contain_text("This request can be submitted.")
    expect(page.get_by_role("heading", name="My requests", level=1)).to_have_count(0)

    # An invalid request: the API's own message appears at the field it names.
    watcher.allow(422, r"/api/v1/requests/preview$")
    page.get_by_label("Last day").fill((start - timedelta(days=2)).isoformat())
    message = requests.post(
        server.api("/requests/preview"),
        json={
            "leave_type_id": vacation_id(server),
            "start_date": start.isoformat(),
            "end_date": (start - timedelta(days=2)).isoformat(),
        },
        headers={"Authorization": f"Bearer {api_token(server, ADA)}"},
        timeout=10,
    ).json()["errors"]["end_date"]
    last_day = page.get_by_label("Last day")
    expect(last_day).to_have_attribute("aria-invalid", "true")
    expect(last_day).to_have_accessible_description(re.compile(re.escape(message)))
    field_of_last_day = page.locator(".field", has=last_day)
    expect(field_of_last_day.locator(".field-error")).to_have_text(message)

    page.get_by_label("Last day").fill(end.isoformat())
    expect(preview.locator(".preview-days")).to_contain_text("3 days")
    expect(last_day).not_to_have_attribute("aria-invalid", "true")
    page.get_by_label("Reason").fill("Walking the coast")
    page.get_by_role("button", name="Submit request").click()

    expect(page.get_by_role("heading", name="My requests", level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Request sent")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Walking the coast")
    expect(row).to_contain_text("3 days")
    expect(row).to_contain_text("Pending")


def vacation_id(server):
    types = api_get(server, ADA, "/leave-types", per_page=100).json()["items"]
    return next(t["id"] for t in types if t["code"] == "vacation")


# --- her manager decides ----------------------------------------------------------------------


def day_off(server, who, day, reason=None):
    """`who` asks for a day of vacation through the API (the screens under test show it);
    the request made."""
    r = requests.post(
        server.api("/requests"),
        json={
            "leave_type_id": vacation_id(server),
            "start_date": day.isoformat(),
            "end_date": day.isoformat(),
            "reason": reason,
        },
        headers={"Authorization": f"Bearer {api_token(server, who)}"},
        timeout=10,
    )
    assert r.status_code == 201, r.text
    return r.json()


def test_her_manager_approves_it_and_rejecting_needs_a_comment(server, open_page, state):
    page, watcher = open_page()
    sign_in(page, server, MAYA)
    nav(page, "Approvals")
    settled(page)

    ada = page.get_by_role("article", name="Ada Lovelace")
    expect(ada).to_contain_text("3 days")
    expect(ada).to_contain_text("Walking the coast")
    items = api_get(server, MAYA, "/approvals").json()["items"]
    item = next(i for i in items if i["user"]["full_name"] == "Ada Lovelace")
    after = item["by_year"][0]["balance_after"]
    expect(ada).to_contain_text(f"Balance after: {state['period'][0].year}: {after:g} days")

    # Escape closes the reject dialog, and focus returns to the button that opened it.
    grace = page.get_by_role("article", name="Grace Hopper")
    reject_grace = page.get_by_role("button", name="Reject Grace Hopper's request")
    reject_grace.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Reject Grace Hopper's request")
    expect(dialog).to_be_visible()
    for _ in range(6):  # keyboard focus stays inside the modal dialog
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('dialog') !== null")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(reject_grace).to_be_focused()

    # Rejecting without a comment: the API's message at the "Comment" field.
    watcher.allow(422, r"/api/v1/requests/\d+/reject$")
    reject_grace.click()
    dialog.get_by_role("button", name="Reject request").click()
    comment = dialog.get_by_label("Comment")
    expect(comment).to_have_attribute("aria-invalid", "true")
    expect(dialog.locator(".field-error")).not_to_be_empty()
    comment.fill("Release week, sorry")
    dialog.get_by_role("button", name="Reject request").click()
    expect(grace).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="Rejected Grace Hopper")).to_be_visible()

    page.get_by_role("button", name="Approve Ada Lovelace's request").click()
    expect(ada).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="Approved Ada Lovelace")).to_be_visible()


def test_she_sees_it_approved_her_balance_moved_and_the_calendar_shows_it(server, open_page, state):
    page, _ = open_page()
    start, end = state["period"]
    sign_in(page, server, ADA)

    nav(page, "My requests")
    row = page.get_by_role("row").filter(has_text="Walking the coast")
    expect(row).to_contain_text("Approved")

    nav(page, "My time off")
    show_year(page, start.year)
    card = vacation_card(page)
    # Approved days are "scheduled" (or "taken", for a year viewed as of its end).
    booked = balance_part(card, "taken") + balance_part(card, "scheduled")
    assert booked == state["before"]["taken"] + state["before"]["scheduled"] + 3
    assert balance_part(card, "pending") == state["before"]["pending"]

    nav(page, "Team calendar")
    settled(page)
    for _ in range((start.year - TODAY.year) * 12 + start.month - TODAY.month):
        page.get_by_role("button", name="Next month").click()
    expect(page.get_by_role("heading", name=start.strftime("%B %Y"))).to_be_visible()
    settled(page)
    grid = page.get_by_role("table", name=re.compile("Who is away"))
    people = api_get(
        server,
        ADA,
        "/calendar",
        **{"from": start.replace(day=1).isoformat(), "to": end.isoformat()},
    ).json()["people"]
    assert people
    for person in people:
        expect(grid.get_by_role("rowheader", name=person["full_name"], exact=True)).to_be_visible()
    ada_row = grid.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Ada Lovelace", exact=True)
    )
    for day in range(start.day, end.day + 1):
        cell = ada_row.get_by_role("cell").nth(day - 1)
        expect(cell.locator(".mark")).to_have_count(1)
        expect(cell).to_contain_text("Vacation")


def test_a_request_whose_answer_was_lost_is_not_made_twice_by_clicking_again(server, open_page):
    """The server makes the request but the answer never arrives (twice: the client's own
    retry is lost too). Submitting again sends the same Idempotency-Key, so the server
    answers with the request it made: no second request, and no "overlaps your request"
    refusal for what is the same request."""
    day = quiet_week(TODAY + timedelta(weeks=6))[0]
    page, _ = open_page()
    sign_in(page, server, ADA)
    keys = []

    def lose_the_first_answers(route):
        if route.request.method != "POST":
            route.continue_()
            return
        keys.append(route.request.headers["idempotency-key"])
        if len(keys) <= 2:
            route.fetch()  # the server does the work...
            route.abort("aborted")  # ...and the browser never hears back
        else:
            route.continue_()

    page.route(re.compile(r"/api/v1/requests$"), lose_the_first_answers)
    nav(page, "Request time off")
    page.get_by_label("Leave type").select_option(label="Vacation")
    page.get_by_label("First day").fill(day.isoformat())
    page.get_by_label("Last day").fill(day.isoformat())
    page.get_by_label("Reason").fill("Answer lost on the way")
    expect(page.locator(".preview-days")).to_contain_text("1 day")
    submit = page.get_by_role("button", name="Submit request")
    submit.click()
    expect(page.get_by_text("The server could not be reached.")).to_be_visible()
    submit.click()
    expect(page.get_by_role("heading", name="My requests", level=1)).to_be_visible()

    assert len(keys) == 3 and len(set(keys)) == 1
    mine = api_get(server, ADA, "/requests", per_page=100).json()["items"]
    assert [r["reason"] for r in mine].count("Answer lost on the way") == 1


def test_she_cancels_a_request_once_she_has_confirmed(server, open_page):
    """Cancelling asks first ("Keep it" changes nothing); once cancelled, the request shows
    so, and keyboard focus lands on the screen's heading rather than on a button that is gone."""
    made = day_off(server, ADA, quiet_week(TODAY + timedelta(weeks=4))[0], reason="Dentist, maybe")
    page, _ = open_page()
    sign_in(page, server, ADA)
    nav(page, "My requests")
    row = page.get_by_role("row").filter(has_text="Dentist, maybe")
    cancel = row.get_by_role("button", name=re.compile("^Cancel "))
    dialog = page.get_by_role("dialog", name="Cancel this request?")

    cancel.click()
    expect(dialog).to_contain_text("1 day")
    dialog.get_by_role("button", name="Keep it").click()
    expect(dialog).to_have_count(0)
    expect(row).to_contain_text("Pending")
    expect(cancel).to_be_focused()

    cancel.click()
    dialog.get_by_role("button", name="Yes, cancel it").click()
    expect(dialog).to_have_count(0)
    expect(row).to_contain_text("Cancelled")
    expect(cancel).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="Request cancelled")).to_be_visible()
    expect(page.get_by_role("heading", name="My requests", level=1)).to_be_focused()
    status = api_get(server, ADA, f"/requests/{made['id']}").json()["status"]
    assert status == "cancelled"


# --- an admin sets things up ------------------------------------------------------------------


def test_an_admin_creates_a_user_and_a_leave_type(server, open_page):
    page, _ = open_page()
    sign_in(page, server, ADMIN)
    nav(page, "Admin")
    page.get_by_role("link", name="New user").click()
    page.get_by_label("Full name").fill("Marie Curie")
    page.get_by_label("Email").fill("marie@example.com")
    page.get_by_label("Password").fill("radium-and-polonium")
    page.get_by_label("Country").select_option("DE")
    page.get_by_label("Region").select_option("BY")
    # The time zone follows the country until it is picked by hand.
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Berlin")
    page.get_by_role("combobox", name="Reports to").select_option(label="Lukas Leiter")
    page.get_by_role("group", name="Teams").get_by_label("Support").check()
    page.get_by_role("group", name="Work days").get_by_label("Friday").uncheck()
    page.get_by_role("button", name="Create user").click()
    expect(
        page.get_by_role("status").filter(has_text="Marie Curie can now sign in")
    ).to_be_visible()
    page.get_by_label("Search users").fill("marie")
    expect(page.get_by_role("row").filter(has_text="marie@example.com")).to_be_visible()
    marie = api_get(server, ADMIN, "/users", q="marie").json()["items"][0]
    assert (marie["country"], marie["subdivision"], marie["timezone"]) == (
        "DE",
        "BY",
        "Europe/Berlin",
    )
    assert marie["work_days"] == [0, 1, 2, 3]
    assert len(marie["team_ids"]) == 1

    page.get_by_role("navigation", name="Admin sections").get_by_role(
        "link", name="Leave types"
    ).click()
    page.get_by_role("button", name="New leave type").click()
    dialog = page.get_by_role("dialog", name="New leave type")
    dialog.get_by_label("Name").fill("Parental leave")
    dialog.get_by_label("Code").fill("parental")
    dialog.get_by_label("Days per year").fill("10")
    dialog.get_by_role("button", name="Create leave type").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("row").filter(has_text="Parental leave")).to_contain_text(
        "10 days a year"
    )
    codes = [t["code"] for t in api_get(server, ADMIN, "/leave-types").json()["items"]]
    assert "parental" in codes


def test_an_admin_downloads_a_report(server, open_page, tmp_path):
    page, _ = open_page(accept_downloads=True)
    sign_in(page, server, ADMIN)
    page.goto(server.url + "/#/admin/reports")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download usage CSV").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    header = next(csv.reader(saved.read_text(encoding="utf-8").splitlines()))
    assert header[:3] == ["user_id", "full_name", "email"]


# --- the calendar feed ------------------------------------------------------------------------


def test_the_feed_link_can_be_created_copied_reset_and_stopped(server, open_page):
    page, _ = open_page(permissions=["clipboard-read", "clipboard-write"])
    sign_in(page, server, ADA)
    nav(page, "Profile")
    feed = page.get_by_role("region", name="Calendar feed")
    expect(feed).to_contain_text("You have no calendar feed.")
    feed.get_by_role("button", name="Create link").click()
    link = feed.get_by_label("Your calendar link")
    expect(link).to_have_value(re.compile(r"^http://.+\.ics$"))
    url = link.input_value()
    feed.get_by_role("button", name="Copy link").click()
    expect(feed.get_by_text("Link copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == url
    assert requests.get(url, timeout=10).status_code == 200
    expect(feed).to_contain_text("Google Calendar")
    expect(feed).to_contain_text("Outlook")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "profile-feed-link-desktop.png", full_page=True)

    feed.get_by_role("button", name="Reset link").click()
    confirm = page.get_by_role("dialog", name="Reset the calendar link?")
    expect(confirm).to_contain_text("The old link stops working")
    confirm.get_by_role("button", name="Reset link").click()
    expect(link).not_to_have_value(url)
    assert requests.get(url, timeout=10).status_code == 404

    feed.get_by_role("button", name="Stop feed").click()
    page.get_by_role("dialog", name="Stop the calendar feed?").get_by_role(
        "button", name="Stop feed"
    ).click()
    expect(feed).to_contain_text("You have no calendar feed.")


# --- sessions ---------------------------------------------------------------------------------


def test_german_browsers_get_the_german_catalogue_and_formats(server, browser):
    """Before sign-in the browser's language; once signed in, the person's own (`locale`):
    Emmy's is German, Ada's English."""
    emmy = api_token(server, "emmy")
    me = requests.get(
        server.api("/auth/me"), headers={"Authorization": f"Bearer {emmy}"}, timeout=10
    ).json()
    r = requests.patch(
        server.api(f"/users/{me['id']}"),
        json={"locale": "de"},
        headers={"Authorization": f"Bearer {emmy}"},
        timeout=10,
    )
    assert r.status_code == 200, r.text
    context = browser.new_context(locale="de-DE", viewport=DESKTOP)
    context.clock.install(time=NOW)
    page = context.new_page()
    for who, heading, lang in (("emmy", "Mein Urlaub", "de"), (ADA, "My time off", "en")):
        page.goto(server.url + "/")
        expect(page.locator("html")).to_have_attribute("lang", "de")
        page.get_by_label("E-Mail").fill(f"{who}@example.com")
        page.get_by_label("Passwort").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", lang)
        if lang == "de":
            expect(vacation_card(page).locator(".balance-headline")).to_contain_text("Tage")
            page.get_by_role("button", name="Abmelden").click()
        else:
            expect(vacation_card(page).locator(".balance-headline")).to_contain_text("days")
    context.close()


def test_keyboard_only_sign_in_and_navigation(server, open_page):
    page, _ = open_page()
    page.goto(server.url + "/")
    expect(page.get_by_label("Email")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email")).to_be_focused()
    page.keyboard.type(f"{ADA}@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", name="My time off", level=1)
    expect(heading).to_be_focused()  # a screen reader hears where it landed
    page.keyboard.press("Shift+Tab")  # back to the top of the page: the skip link first
    page.keyboard.press("Shift+Tab")
    for _ in range(8):
        if page.evaluate("document.activeElement.textContent.trim()") == "Request time off":
            break
        page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Request time off")
    outline = focused.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none", "keyboard focus must be visible"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Request time off", level=1)).to_be_focused()


def test_reload_keeps_the_session_and_it_is_refreshed_before_it_expires(server, open_page):
    page, _ = open_page()
    sign_in(page, server, ADA)
    token = page.evaluate("sessionStorage.getItem('pto.token')")
    page.reload()
    expect(page.get_by_role("heading", name="My time off", level=1)).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('pto.token')") == token  # no new sign-in

    with page.expect_response(lambda r: r.url.endswith("/api/v1/auth/refresh")) as refreshed:
        page.clock.run_for("14:30")  # a minute before the 15-minute token expires
    assert refreshed.value.status == 200
    issued = refreshed.value.json()["access_token"]
    # Kept for the next reload. (The server's clock is real: refreshed within the second
    # the first token was issued, the new one can be the same string.)
    stored = None
    for _ in range(50):
        stored = page.evaluate("sessionStorage.getItem('pto.token')")
        if stored == issued:
            break
        time.sleep(0.1)
    assert stored == issued
    nav(page, "My requests")
    settled(page)


def test_sign_out_ends_the_session_on_the_server(server, open_page):
    page, _ = open_page()
    sign_in(page, server, ADA)
    token = page.evaluate("sessionStorage.getItem('pto.token')")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/auth/logout")) as logout:
        page.get_by_role("button", name="Sign out").click()
    assert logout.value.status == 204
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('pto.token')") is None
    me = requests.get(
        server.api("/auth/me"), headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    assert me.status_code == 401
    page.reload()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_a_session_ended_elsewhere_comes_back_to_sign_in_with_a_message(server, open_page):
    page, watcher = open_page()
    sign_in(page, server, ADA)
    settled(page)
    token = page.evaluate("sessionStorage.getItem('pto.token')")
    requests.post(
        server.api("/auth/logout"), headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    watcher.allow(401, r"^/api/v1/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My requests").click()
    expect(page.get_by_text("Your session has ended. Please sign in again.")).to_be_visible()
    expect(page.get_by_label("Email")).to_be_visible()


# --- every screen: accessible, no sideways scrolling on a phone, screenshots ------------------

SCREENS = [
    (None, "sign-in", ""),
    (ADA, "my-time-off", ""),
    (ADA, "request-time-off", "request"),
    (ADA, "my-requests", "requests"),
    (ADA, "team-calendar", "calendar"),
    (ADA, "profile", "profile"),
    (MAYA, "approvals", "approvals"),
    (ADMIN, "admin-users", "admin/users"),
    (ADMIN, "admin-new-user", "admin/users/new"),
    (ADMIN, "admin-teams", "admin/teams"),
    (ADMIN, "admin-team-members", "admin/teams/1"),
    (ADMIN, "admin-leave-types", "admin/leave-types"),
    (ADMIN, "admin-holidays", "admin/holidays"),
    (ADMIN, "admin-adjustments", "admin/adjustments"),
    (ADMIN, "admin-reports", "admin/reports"),
    (ADMIN, "admin-audit", "admin/audit"),
    (ADMIN, "admin-notifications", "admin/notifications"),
]


def axe_problems(page):
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def fill_request_form(page):
    start = TODAY + timedelta(days=60)
    page.get_by_label("Leave type").select_option(label="Vacation")
    page.get_by_label("First day").fill(start.isoformat())
    page.get_by_label("Last day").fill((start + timedelta(days=7)).isoformat())
    expect(page.locator(".preview-days")).to_contain_text("days")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_screen_is_accessible_and_fits_a_phone(server, open_page, viewport):
    kind = "phone" if viewport is PHONE else "desktop"
    SCREENSHOTS.mkdir(exist_ok=True)
    problems = {}
    signed_in_as = {}
    for who, name, path in SCREENS:
        if who not in signed_in_as:
            page, _ = open_page(viewport=viewport)
            if who:
                sign_in(page, server, who)
            signed_in_as[who] = page
        page = signed_in_as[who]
        page.goto(f"{server.url}/#/{path}")
        settled(page)
        if name == "request-time-off":
            fill_request_form(page)
            settled(page)
        page.screenshot(path=SCREENSHOTS / f"{name}-{kind}.png", full_page=True)
        found = axe_problems(page)
        if found:
            problems[name] = found
        if viewport is PHONE:
            overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
            if overflow > 0:
                problems.setdefault(name, []).append(f"scrolls sideways by {overflow}px")
    # a dialog open, too
    page = signed_in_as[MAYA]
    page.goto(f"{server.url}/#/approvals")
    settled(page)
    page.get_by_role("button", name=re.compile("^Reject ")).first.click()
    expect(page.get_by_role("dialog")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / f"reject-dialog-{kind}.png", full_page=True)
    if found := axe_problems(page):
        problems["reject-dialog"] = found
    assert problems == {}
