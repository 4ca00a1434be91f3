"""Policies and the ledger, walked in headless Chromium against a real gunicorn on
PostgreSQL with the demo company:

- the admin opens Admin > Policies (each leave type's policies, each policy's versions as a
  timeline) and creates "Senior vacation" for Vacation from 1 January of the suite's next
  year: 26 days, 28 after five years (a date before the current leave year is refused at
  its field); a policy other than a default can be deactivated, a default cannot;
- she assigns Ada to it on Ada's page in Admin > Users (where Ada's balances and their
  ledger are shown too), and the Design team at once from the Policies screen;
- she adds a version from 1 July: the form shows the dry run first (Ada's balance at the end
  of that year before and after, and the change), then saves it;
- once the jobs have run, Ada opens the ledger from her Vacation card: the carry-over, the
  year's credit, her approved request and the adjustment HR made, whose sum (less what is
  pending) is her balance; and she looks ahead to a day next year;
- Grace's flex days, credited weekly after a change of policy back to 1 January, take three
  pages of ledger ("Load more"), the monthly credits taken back marked as such;
- the Policies screen, the dry run and the ledger dialog pass axe, and the ledger dialog and
  the Policies screen fit 375 px.

The tests run in order and build on each other (one server per module). The server's clock,
the jobs' and the browser's start at NOW (the web client suite's fixed moment).
"""

import re
from datetime import date

import pytest
import requests
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from server.tests.e2e import test_web_client as web
from server.tests.e2e.test_web_client import (
    ADA,
    ADMIN,
    GRACE,
    PHONE,
    SCREENSHOTS,
    TODAY,
    api_get,
    api_token,
    nav,
    settled,
    sign_in,
)
from server.tests.helpers import manage_py

# The web client suite's fixtures: a server (with the demo, under the fixed clock) for this
# module, and pages that are watched for errors (the browser is e2e/conftest.py's).
server, open_page = web.server, web.open_page

pytestmark = pytest.mark.postgres

SENIOR = "Senior vacation"
# A leave year that starts after the suite's today (the calendar year: other leave years
# are refused for now), and a day inside it for a second version.
NEXT_YEAR = date(TODAY.year + 1, 1, 1)
MID_NEXT_YEAR = date(TODAY.year + 1, 7, 1)
CLOSED = date(TODAY.year - 1, 6, 1)  # in a leave year that has ended
# The yearly amount's field (the levels' own is "Days a year from then").
DAYS_A_YEAR = "Days a year (required)"


def admin_section(page, name):
    page.get_by_role("navigation", name="Admin sections").get_by_role("link", name=name).click()


def axe_violations(page):
    """Every rule axe finds broken, whatever its impact."""
    return [v["id"] for v in Axe().run(page).response["violations"]]


def fits_a_phone(page):
    """Neither the page nor an open dialog scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE[
        "width"
    ] and page.evaluate(
        "[...document.querySelectorAll('dialog[open]')].every(d => d.scrollWidth <= d.clientWidth)"
    )


def api(server, who, method, path, **kwargs):
    headers = {"Authorization": f"Bearer {api_token(server, who)}"}
    return requests.request(method, server.api(path), headers=headers, timeout=20, **kwargs)


def person(server, q):
    return api_get(server, ADMIN, "/users", q=q).json()["items"][0]


def leave_type(server, code):
    types = api_get(server, ADMIN, "/leave-types", per_page=100).json()["items"]
    return next(t for t in types if t["code"] == code)


def policy_named(server, name):
    policies = api_get(server, ADMIN, "/policies", per_page=100).json()["items"]
    return next(p for p in policies if p["name"] == name)


def whole_ledger(server, who, user_id, **filters):
    """Every entry, walked by cursor as the dialog does."""
    entries, after = [], None
    while True:
        page = api_get(
            server, who, f"/users/{user_id}/ledger", per_page=100, after=after, **filters
        )
        assert page.status_code == 200, page.text
        entries += page.json()["items"]
        after = page.json()["next_after"]
        if after is None:
            return entries


def run_jobs(server):
    """`manage.py run-jobs` for the suite's today, with the server's settings (its database,
    its clock)."""
    done = manage_py("run-jobs", "--as-of", TODAY.isoformat(), env=server.env, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def signed(amount, unit="days"):
    """As the client writes a change, in American English: "+2 days", "-5 days"."""
    number = f"{abs(amount):g}"
    sign = "+" if amount > 0 else "-" if amount < 0 else ""
    word = "day" if abs(amount) == 1 else "days"
    return f"{sign}{number} {word}" if unit == "days" else f"{sign}{number}\u00a0h"


def days(amount):
    return f"{amount:g} day" if abs(amount) == 1 else f"{amount:g} days"


def total(dialog, part):
    return dialog.locator(f".ledger-total .total-{part} dd")


# --- the admin: policies, assignments, a new version ------------------------------------------


def test_the_admin_creates_a_policy_with_a_tenure_level(server, open_page):
    page, watcher = open_page()
    sign_in(page, server, ADMIN)
    nav(page, "Admin")
    admin_section(page, "Policies")
    expect(page.get_by_role("heading", name="Policies", level=2)).to_be_visible()
    vacation = page.get_by_role("region", name="Vacation")
    default = vacation.get_by_role("article", name=re.compile("^Vacation"))
    expect(default).to_contain_text("Default")
    timeline = default.get_by_role("list", name="Versions of Vacation, oldest first")
    expect(timeline.get_by_role("listitem").first).to_contain_text("From the start")
    expect(default).to_contain_text("25 days a year")
    expect(default).to_contain_text("All on the first day of the year")
    expect(default).to_contain_text("Carries up to 5 days into the next year")
    expect(default.get_by_role("button", name="New version Vacation")).to_be_visible()
    # A default policy cannot be deactivated: everyone without an assignment follows it.
    expect(default.get_by_role("button", name=re.compile("^Deactivate"))).to_have_count(0)
    settled(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "policies-desktop.png", full_page=True)
    assert axe_violations(page) == []

    page.get_by_role("button", name="New policy").click()
    dialog = page.get_by_role("dialog", name="New policy")
    dialog.get_by_label("Name").fill(SENIOR)
    dialog.get_by_label("Leave type").select_option(label="Vacation")
    # The leave year is the calendar year, said and not offered.
    expect(dialog.get_by_text("Leave year: calendar year (1 January)")).to_be_visible()
    expect(dialog.get_by_label(DAYS_A_YEAR, exact=True)).to_have_value("25")
    dialog.get_by_label(DAYS_A_YEAR, exact=True).fill("26")
    dialog.get_by_role("button", name="Add a tenure level").click()
    level = dialog.get_by_role("group", name="Level 1")
    level.get_by_label("After").fill("5")
    level.get_by_label("Unit").select_option(label="Years")
    level.get_by_label("Days a year from then").fill("28")

    # A first version in a leave year that has ended: the API's message at "Applies from".
    watcher.allow(422, r"/api/v1/policies$")
    dialog.get_by_label("Applies from").fill(CLOSED.isoformat())
    with page.expect_response(lambda r: r.url.endswith("/api/v1/policies")) as answer:
        dialog.get_by_role("button", name="Create policy").click()
    assert answer.value.status == 422
    message = answer.value.json()["errors"]["version.effective_from"]
    applies = dialog.get_by_label("Applies from")
    expect(applies).to_have_attribute("aria-invalid", "true")
    # The message is the field's own (its description), and shown under it.
    expect(applies).to_have_accessible_description(re.compile(re.escape(message)))
    field = page.locator(".field", has=page.get_by_label("Applies from"))
    expect(field.locator(".field-error")).to_have_text(message)

    dialog.get_by_label("Applies from").fill(NEXT_YEAR.isoformat())
    dialog.get_by_role("button", name="Create policy").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text=f"Policy {SENIOR} created.")).to_be_visible()
    card = vacation.get_by_role("article", name=re.compile(f"^{SENIOR}"))
    first = card.get_by_role("listitem").filter(has_text="From Jan 1,")
    expect(first).to_contain_text(f"From Jan 1, {NEXT_YEAR.year}")
    expect(first).to_contain_text("Not started yet")
    expect(first).to_contain_text("26 days a year")
    expect(first).to_contain_text("28 days a year after 5 years")
    expect(first).to_contain_text("A level counts from the next leave year")
    made = policy_named(server, SENIOR)
    assert (made["leave_type_id"], made["is_default"]) == (
        leave_type(server, "vacation")["id"],
        False,
    )
    [version] = made["versions"]
    assert version["effective_from"] == NEXT_YEAR.isoformat()
    entitlement = version["body"]["entitlement"]
    assert (entitlement["amount"], entitlement["levels"]) == (26, [{"after": "P5Y", "amount": 28}])
    assert version["body"]["carryover"]["max"] == 5
    assert version["body"]["leave_year"] == {"basis": "fixed_date", "start": "01-01"}

    # Another policy can be deactivated: it takes no new versions.
    old = api(
        server,
        ADMIN,
        "POST",
        "/policies",
        json={
            "leave_type_id": leave_type(server, "flex")["id"],
            "name": "Old flex",
            "version": {"effective_from": NEXT_YEAR.isoformat(), "entitlement": {"amount": 10}},
        },
    )
    assert old.status_code == 201, old.text
    page.reload()
    flex = page.get_by_role("region", name="Flex days")
    old_card = flex.get_by_role("article", name=re.compile("^Old flex"))
    old_card.get_by_role("button", name="Deactivate Old flex").click()
    confirm = page.get_by_role("dialog", name="Deactivate Old flex?")
    confirm.get_by_role("button", name="Deactivate").click()
    expect(confirm).to_have_count(0)
    expect(old_card).to_contain_text("Deactivated")
    expect(old_card.get_by_role("button")).to_have_count(0)
    assert policy_named(server, "Old flex")["is_active"] is False


def test_the_admin_assigns_ada_and_the_design_team(server, open_page):
    page, _ = open_page()
    sign_in(page, server, ADMIN)
    nav(page, "Admin")
    page.get_by_label("Search users").fill("ada")
    page.get_by_role("link", name="Ada Lovelace", exact=True).click()
    expect(page.get_by_role("heading", name="Edit Ada Lovelace")).to_be_visible()
    form = page.get_by_role("form", name="Vacation")
    expect(form).to_contain_text("Today: Vacation (default)")
    form.get_by_label("Policy").select_option(label=SENIOR)
    form.get_by_label("From").fill(NEXT_YEAR.isoformat())
    form.get_by_role("button", name="Assign Vacation").click()
    when = f"Jan 1, {NEXT_YEAR.year}"
    expect(
        page.get_by_role("status").filter(has_text=f"Ada Lovelace follows {SENIOR} from {when}.")
    ).to_be_visible()
    expect(form).to_contain_text(f"{SENIOR} from {when}")
    expect(form).to_contain_text("Today: Vacation (default)")  # until next year
    ada = person(server, "ada")
    senior = policy_named(server, SENIOR)
    assignments = api_get(server, ADMIN, f"/users/{ada['id']}/policy-assignments").json()["items"]
    assert [(a["policy_id"], a["effective_from"]) for a in assignments] == [
        (senior["id"], NEXT_YEAR.isoformat())
    ]

    # Her balances, as the admin sees them, with the ledger behind each. The jobs have not
    # run yet: the balance counts the year's credit and carry-over all the same, and the
    # dialog says how much of it is not written as entries yet.
    balances = page.get_by_role("region", name=f"Balances {TODAY.year}")
    balances.get_by_role("button", name="Why this amount? Ledger of Vacation").click()
    dialog = page.get_by_role("dialog", name=f"Vacation {TODAY.year}: Ada Lovelace's ledger")
    expect(
        dialog.get_by_role("row").filter(has_text="Adjustment: Conference weekend worked")
    ).to_be_visible()
    balance = next(
        b
        for b in api_get(server, ADMIN, f"/users/{ada['id']}/balances", year=TODAY.year).json()[
            "items"
        ]
        if b["leave_type"]["code"] == "vacation"
    )
    written = sum(
        e["amount"]
        for e in whole_ledger(
            server, ADMIN, ada["id"], leave_type_id=balance["leave_type_id"], year=TODAY.year
        )
    )
    gap = balance["available"] - (written - balance["pending"])
    assert gap > 0
    expect(total(dialog, "gap")).to_have_text(signed(gap))
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_have_count(0)

    # A whole team at once, from the Policies screen.
    admin_section(page, "Policies")
    panel = page.get_by_role("form", name="Assign a team")
    panel.get_by_label("Team").select_option(label="Design")
    panel.get_by_label("Policy").select_option(label=f"Vacation: {SENIOR}")
    panel.get_by_label("From").fill(NEXT_YEAR.isoformat())
    panel.get_by_role("button", name="Assign everyone in the team").click()
    expect(panel.get_by_role("status")).to_contain_text(
        f"Assigned 3 of 3 people in Design to {SENIOR} from {when}."
    )
    for who in ("lukas", "lise", "linus"):
        items = api_get(server, ADMIN, f"/users/{person(server, who)['id']}/policy-assignments")
        assert [a["policy_id"] for a in items.json()["items"]] == [senior["id"]], who


def test_a_new_version_shows_its_dry_run_before_it_is_saved(server, open_page):
    page, watcher = open_page()
    sign_in(page, server, ADMIN)
    nav(page, "Admin")
    admin_section(page, "Policies")
    page.get_by_role("button", name=f"New version {SENIOR}").click()
    dialog = page.get_by_role("dialog", name=f"New version of {SENIOR}")
    # A copy of the latest version to start from.
    expect(dialog.get_by_label(DAYS_A_YEAR, exact=True)).to_have_value("26")
    level = dialog.get_by_role("group", name="Level 1")
    expect(level.get_by_label("After")).to_have_value("5")
    expect(level.get_by_label("Days a year from then")).to_have_value("28")

    # Before the current leave year: refused at the field, by the dry run already.
    watcher.allow(422, r"/api/v1/policies/\d+/versions$")
    dialog.get_by_label("Applies from").fill(CLOSED.isoformat())
    dialog.get_by_role("button", name="Show what it changes").click()
    applies = dialog.get_by_label("Applies from")
    expect(applies).to_have_attribute("aria-invalid", "true")
    expect(applies).to_have_accessible_description(
        re.compile(f"must be on or after {TODAY.year}-01-01")
    )

    dialog.get_by_label("Applies from").fill(MID_NEXT_YEAR.isoformat())
    dialog.get_by_label(DAYS_A_YEAR, exact=True).fill("30")
    level.get_by_label("Days a year from then").fill("32")
    expect(dialog.get_by_role("button", name="Save version")).to_have_count(0)
    dialog.get_by_role("button", name="Show what it changes").click()
    result = dialog.get_by_role("region", name="What this version changes")
    expect(result).to_be_visible()
    expect(result.get_by_role("heading", name="What this version changes")).to_be_focused()

    # The table is the API's dry run (which writes nothing), by name.
    senior = policy_named(server, SENIOR)
    body = {
        "effective_from": MID_NEXT_YEAR.isoformat(),
        "entitlement": {"amount": 30, "levels": [{"after": "P5Y", "amount": 32}]},
        "carryover": {"max": 5},
    }
    tried = api(server, ADMIN, "POST", f"/policies/{senior['id']}/versions?dry_run=true", json=body)
    assert tried.status_code == 200, tried.text
    ada = person(server, "ada")
    hers = next(item for item in tried.json()["items"] if item["user_id"] == ada["id"])
    assert hers["leave_year"] == MID_NEXT_YEAR.year
    assert hers["delta"] > 0
    row = result.get_by_role("row").filter(has_text="Ada Lovelace")
    expect(row.get_by_role("cell")).to_have_text(
        [
            "Ada Lovelace",
            str(MID_NEXT_YEAR.year),
            days(hers["before"]),
            days(hers["after"]),
            signed(hers["delta"]),
        ]
    )
    # Everyone who follows it then: Ada and the Design team.
    expect(result.get_by_role("row")).to_have_count(1 + len(tried.json()["items"]))
    assert len(policy_named(server, SENIOR)["versions"]) == 1  # nothing saved yet
    settled(page)
    page.screenshot(path=SCREENSHOTS / "policy-dry-run-desktop.png", full_page=True)
    assert axe_violations(page) == []

    # A change to the form asks for a new dry run before it can be saved.
    dialog.get_by_label(DAYS_A_YEAR, exact=True).fill("31")
    expect(dialog.get_by_role("button", name="Save version")).to_have_count(0)
    dialog.get_by_label(DAYS_A_YEAR, exact=True).fill("30")
    dialog.get_by_role("button", name="Show what it changes").click()
    expect(row).to_contain_text(signed(hers["delta"]))
    dialog.get_by_role("button", name="Save version").click()
    expect(dialog).to_have_count(0)
    expect(
        page.get_by_role("status").filter(has_text=f"{SENIOR} has a new version from Jul 1,")
    ).to_be_visible()
    card = page.get_by_role("article", name=re.compile(f"^{SENIOR}"))
    versions = card.get_by_role("list", name=f"Versions of {SENIOR}, oldest first")
    expect(versions.get_by_role("listitem").filter(has_text=re.compile(r"^From "))).to_have_count(2)
    second = versions.get_by_role("listitem").filter(has_text="From Jul 1,")
    expect(second).to_contain_text("30 days a year")
    expect(second).to_contain_text("32 days a year after 5 years")
    saved = policy_named(server, SENIOR)["versions"]
    assert [v["effective_from"] for v in saved] == [
        NEXT_YEAR.isoformat(),
        MID_NEXT_YEAR.isoformat(),
    ]
    assert saved[1]["body"]["entitlement"]["amount"] == 30


# --- the employee: her ledger and a look ahead ---------------------------------------------


def test_ada_reads_the_ledger_behind_her_vacation_and_looks_ahead(server, open_page):
    run_jobs(server)
    ada = person(server, "ada")
    vacation = leave_type(server, "vacation")
    entries = whole_ledger(server, ADA, ada["id"], leave_type_id=vacation["id"], year=TODAY.year)
    kinds = {e["kind"] for e in entries}
    assert {"accrual", "usage", "adjustment"} <= kinds
    balance = next(
        b
        for b in api_get(server, ADA, f"/users/{ada['id']}/balances", year=TODAY.year).json()[
            "items"
        ]
        if b["leave_type_id"] == vacation["id"]
    )
    # What the dialog shows: the entries' sum, less what is pending, is the balance.
    assert sum(e["amount"] for e in entries) - balance["pending"] == balance["available"]
    requests_made = api_get(server, ADA, "/requests", user_id=ada["id"], per_page=100).json()
    family_trip = next(r for r in requests_made["items"] if r["reason"] == "Family trip")

    page, _ = open_page()
    sign_in(page, server, ADA)
    card = page.get_by_role("article", name=re.compile("^Vacation$"))
    expect(card.locator(".balance-headline")).to_contain_text(
        f"{days(balance['available'])} available"
    )
    why = card.get_by_role("button", name="Why this amount? Ledger of Vacation")
    why.click()
    dialog = page.get_by_role("dialog", name=f"Vacation {TODAY.year}: the ledger")
    expect(dialog).to_contain_text(
        "The sum of the entries, less what pending requests hold, is what is available."
    )
    rows = dialog.get_by_role("row")
    expect(rows).to_have_count(1 + len(entries))
    credit = rows.filter(has_text=f"Policy Vacation, {TODAY.year}")
    expect(credit).to_contain_text("Credited")
    expect(credit).to_contain_text(signed(25))
    expect(rows.filter(has_text="Carried over from last year")).to_contain_text(
        f"Year end {TODAY.year - 1}"
    )
    trip = rows.filter(has_text=re.compile(rf"Request #{family_trip['id']}\b"))
    expect(trip).to_contain_text("Leave booked")
    expect(trip).to_contain_text(signed(-family_trip["amount"]))
    adjustment = rows.filter(has_text="Adjustment: Conference weekend worked")
    expect(adjustment).to_contain_text(signed(2))
    expect(total(dialog, "sum")).to_have_text(days(sum(e["amount"] for e in entries)))
    expect(total(dialog, "pending")).to_have_text(signed(-balance["pending"]))
    expect(total(dialog, "available")).to_have_text(days(balance["available"]))
    expect(total(dialog, "gap")).to_have_count(0)  # every credit is written now
    expect(dialog.get_by_role("button", name="Load more")).to_have_count(0)
    settled(page)
    page.screenshot(path=SCREENSHOTS / "ledger-dialog-desktop.png", full_page=True)
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(why).to_be_focused()

    # On a day of next year: what her new policy credits by then, less what she booked.
    day = date(TODAY.year + 1, 3, 1)
    forecast = api_get(server, ADA, f"/users/{ada['id']}/balances/forecast", date=day.isoformat())
    assert forecast.status_code == 200, forecast.text
    expected = next(b for b in forecast.json()["items"] if b["leave_type_id"] == vacation["id"])
    ahead = page.get_by_role("region", name="Look ahead")
    ahead.get_by_label("On this day").fill(day.isoformat())
    expect(ahead).to_contain_text(f"On Mar 1, {day.year} you will have:")
    expect(ahead.get_by_role("listitem").filter(has_text="Vacation")).to_contain_text(
        f"{days(expected['available'])} available"
    )


def test_a_long_ledger_loads_page_by_page_and_fits_a_phone(server, open_page):
    """Grace's flex days move to a weekly credit from 1 January: the jobs take back the
    monthly credits written so far (marked) and write the weekly ones."""
    flex = leave_type(server, "flex")
    grace = person(server, "grace")
    made = api(
        server,
        ADMIN,
        "POST",
        "/policies",
        json={
            "leave_type_id": flex["id"],
            "name": "Weekly flex",
            "version": {
                "effective_from": f"{TODAY.year}-01-01",
                "entitlement": {"amount": 13},
                "accrual": {"method": "periodic", "frequency": "weekly"},
                "rounding": {"step": 0.25, "mode": "down"},
                "carryover": {"max": 0},
            },
        },
    )
    assert made.status_code == 201, made.text
    put = api(
        server,
        ADMIN,
        "PUT",
        f"/users/{grace['id']}/policy-assignments/{flex['id']}",
        json={"policy_id": made.json()["id"], "effective_from": f"{TODAY.year}-01-01"},
    )
    assert put.status_code == 200, put.text
    run_jobs(server)
    entries = whole_ledger(server, GRACE, grace["id"], leave_type_id=flex["id"], year=TODAY.year)
    reversals = [e for e in entries if e["reverses_id"]]
    assert len(entries) > 50 and reversals
    balance = next(
        b
        for b in api_get(server, GRACE, f"/users/{grace['id']}/balances", year=TODAY.year).json()[
            "items"
        ]
        if b["leave_type_id"] == flex["id"]
    )

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
    page.get_by_role("article", name=re.compile("^Flex days$")).get_by_role(
        "button", name="Why this amount? Ledger of Flex days"
    ).click()
    dialog = page.get_by_role("dialog", name=f"Flex days {TODAY.year}: the ledger")
    rows = dialog.locator("tbody tr")
    expect(rows).to_have_count(25)
    expect(dialog).to_contain_text("25 entries shown; there are more.")
    expect(total(dialog, "sum")).to_have_count(0)  # not before every entry is there
    check(page, "ledger-dialog")
    while dialog.get_by_role("button", name="Load more").count():
        shown = rows.count()
        dialog.get_by_role("button", name="Load more").click()
        expect(rows).not_to_have_count(shown)
    expect(rows).to_have_count(len(entries))
    expect(dialog.locator("tbody tr.is-reversed")).to_have_count(len(reversals))
    expect(dialog.get_by_text("Reversal", exact=True)).to_have_count(len(reversals))
    expect(total(dialog, "available")).to_have_text(days(balance["available"]))
    expect(total(dialog, "gap")).to_have_count(0)
    check(page, "ledger-dialog-all")

    page, _ = open_page(viewport=PHONE)
    sign_in(page, server, ADMIN)
    page.goto(f"{server.url}/#/admin/policies")
    expect(page.get_by_role("article", name=re.compile("^Weekly flex"))).to_contain_text(
        "Credited weekly, at the start of each period"
    )
    check(page, "policies")
    assert problems == {}
