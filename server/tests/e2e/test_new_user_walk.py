"""What a new user trips over, walked in headless Chromium against a real gunicorn on
PostgreSQL with the demo company, in English and in German:

- HR counts a category, excludes "Cesar Chavez Day" for US-CA and sees it marked excluded,
  then lets US-CA follow the country's settings again;
- HR adds a company holiday for one subdivision (Bavaria) only;
- a new user's time zone follows the country chosen;
- the preview groups team conflicts per team with who is away;
- Konrad switches to Deutsch in his Profile, reloads, and the screens he uses stay German:
  no raw catalogue key and no English message of the catalogue on them; his "request sent"
  notice ends once he moves on;
- his manager approves with a comment, Konrad reads it; the audit log names the manager.

The tests run in order and build on each other (one server per module). The server's clock
and the browser's start at NOW (the suite's fixed moment): no test reads the real date.
"""

import json
import re
from datetime import date, timedelta

import holidays as holidays_lib
import pytest
import requests
from playwright.sync_api import expect

from server.config import PROJECT_ROOT
from server.tests.e2e import test_web_client as web
from server.tests.e2e.test_web_client import (
    ADA,
    ADMIN,
    NOW,
    TODAY,
    api_get,
    api_token,
    day_off,
    nav,
    settled,
    sign_in,
)
from server.tests.helpers import manage_py

# The web client suite's fixtures: a server (with the demo, under the fixed clock) for this
# module, and pages that are watched for errors (the browser is e2e/conftest.py's).
server, open_page = web.server, web.open_page

pytestmark = pytest.mark.postgres

YEAR = NOW.year
KONRAD, LUKAS, GRACE, ALAN = "konrad", "lukas", "grace", "alan"
CATALOGUE = re.compile(r'^  (?:"([\w.-]+)"|(\w+)): (".*"),?$', re.MULTILINE)


def catalogue(lang):
    """{key: message} of the plain (not plural) messages of a client catalogue."""
    source = (PROJECT_ROOT / "client" / "i18n" / f"{lang}.js").read_text(encoding="utf-8")
    return {(m.group(1) or m.group(2)): json.loads(m.group(3)) for m in CATALOGUE.finditer(source)}


ENGLISH, GERMAN = catalogue("en"), catalogue("de")
KEY_PREFIXES = sorted({key.split(".")[0] for key in ENGLISH if "." in key})
RAW_KEY = re.compile(r"\b(?:" + "|".join(KEY_PREFIXES) + r")\.[A-Za-z_][\w.]*")
# English messages a German screen must not show: long enough to be unmistakable, with no
# placeholder, and translated differently.
ENGLISH_ONLY = sorted(
    text
    for key, text in ENGLISH.items()
    if len(text) >= 10 and "{" not in text and GERMAN.get(key) not in (None, text)
)


def booked(server, who):
    """The days of `who`'s pending and approved requests."""
    r = requests.get(
        server.api("/requests"), params={"per_page": 100}, headers=as_user(server, who), timeout=10
    )
    days = set()
    for item in r.json()["items"]:
        if item["status"] in ("pending", "approved"):
            day = date.fromisoformat(item["start_date"])
            while day <= date.fromisoformat(item["end_date"]):
                days.add(day)
                day += timedelta(days=1)
    return days


def quiet_days(after, regions, count=3, busy=frozenset()):
    """`count` working days in a row (Monday on), in one month, after `after`, on no public
    holiday of any of `regions` ((country, subdivision) pairs) nor a company shutdown, and
    none of them `busy`."""
    monday = after - timedelta(days=after.weekday()) + timedelta(weeks=1)
    while True:
        days = [monday + timedelta(days=i) for i in range(count)]
        years = {d.year for d in days}
        public = [holidays_lib.country_holidays(c, subdiv=s, years=years) for c, s in regions]
        if days[0].month == days[-1].month and not any(
            d in calendar or d in busy or (d.month, d.day) in {(12, 24), (12, 31)}
            for d in days
            for calendar in public
        ):
            return days[0], days[-1]
        monday += timedelta(weeks=1)


def nav_de(page, name):
    page.get_by_role("navigation", name="Hauptmenü").get_by_role(
        "link", name=name, exact=True
    ).click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()


def as_user(server, who):
    return {"Authorization": f"Bearer {api_token(server, who)}"}


def me(server, who):
    return requests.get(server.api("/auth/me"), headers=as_user(server, who), timeout=10).json()


def assert_german(page, screen):
    """The screen shows no raw key and no English message of the catalogue."""
    settled(page)
    text = page.locator("body").inner_text()
    assert RAW_KEY.findall(text) == [], f"{screen}: raw keys"
    leftovers = [message for message in ENGLISH_ONLY if message in text]
    assert leftovers == [], f"{screen}: English left over"


def holidays_tab(page):
    nav(page, "Admin")
    page.get_by_role("navigation", name="Admin sections").get_by_role(
        "link", name="Holidays"
    ).click()
    expect(page.get_by_role("heading", name="Holidays", level=2)).to_be_visible()
    settled(page)


# --- A: holiday calendars ---------------------------------------------------------------------


def test_hr_excludes_a_holiday_for_us_ca_and_goes_back_to_the_country(server, open_page):
    page, _ = open_page()
    sign_in(page, server, ADMIN)
    holidays_tab(page)
    filters = page.locator(".filters")
    filters.get_by_label("Country").select_option("US")
    filters.get_by_label("Subdivision").select_option("CA")
    panel = page.get_by_role("region", name=re.compile("^Holiday calendar: .*US-CA"))
    expect(panel).to_contain_text("No settings of its own")
    expect(panel.get_by_role("checkbox", name="Public holidays")).to_be_checked()
    expect(page.get_by_role("row").filter(has_text="Cesar Chavez Day")).to_be_visible()

    # Count one more category: US-CA gets settings of its own.
    panel.get_by_role("checkbox", name="Half days").check()
    panel.get_by_role("button", name="Save holiday calendar").click()
    expect(
        page.get_by_role("status").filter(has_text="Holiday calendar US-CA saved")
    ).to_be_visible()
    expect(panel).to_contain_text("These settings are this region's own")
    calendar = api_get(server, ADMIN, "/holiday-calendars/US-CA").json()
    assert calendar["own"] is True
    assert set(calendar["categories"]) == {"public", "half_day"}

    # Exclude Cesar Chavez Day: it stays listed for HR, marked excluded, and counts no more.
    row = page.get_by_role("row").filter(has_text="Cesar Chavez Day")
    expect(row).not_to_contain_text("Excluded")
    row.get_by_role("button", name="Exclude Cesar Chavez Day").click()
    expect(
        page.get_by_role("status").filter(has_text="Cesar Chavez Day no longer counts in US-CA")
    ).to_be_visible()
    expect(row).to_contain_text("Excluded")
    expect(row.get_by_role("button", name="Count again Cesar Chavez Day")).to_be_visible()
    expect(panel).to_contain_text("Excluded: Cesar Chavez Day")
    calendar = api_get(server, ADMIN, "/holiday-calendars/US-CA").json()
    assert calendar["excluded"] == [{"name": "Cesar Chavez Day"}]
    assert set(calendar["categories"]) == {"public", "half_day"}  # kept
    adas = api_get(server, ADA, "/holidays", year=YEAR).json()["items"]
    assert "Cesar Chavez Day" not in [h["name"] for h in adas]
    assert "Christmas Day" in [h["name"] for h in adas]

    # Back to the country's settings: it counts again.
    panel.get_by_role("button", name=re.compile("^Use .*'s settings$")).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Yes, drop them").click()
    expect(dialog).to_have_count(0)
    expect(panel).to_contain_text("No settings of its own")
    expect(row).not_to_contain_text("Excluded")
    calendar = api_get(server, ADMIN, "/holiday-calendars/US-CA").json()
    assert calendar["own"] is False
    assert calendar["excluded"] == []


def test_hr_adds_a_company_holiday_for_one_subdivision(server, open_page):
    page, _ = open_page()
    sign_in(page, server, ADMIN)
    holidays_tab(page)
    day = f"{YEAR}-12-28"
    page.get_by_role("button", name="New company holiday").click()
    dialog = page.get_by_role("dialog", name="New company holiday")
    dialog.get_by_label("Date").fill(day)
    dialog.get_by_label("Name").fill("Bavarian team day")
    dialog.get_by_label("For", exact=True).select_option("DE")
    dialog.get_by_label("Subdivision").select_option("BY")
    assert web.axe_problems(page) == []
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="Bavarian team day")).to_be_visible()

    def names(subdivision):
        return [
            h["name"]
            for h in api_get(
                server, ADMIN, "/holidays", year=YEAR, country="DE", subdivision=subdivision
            ).json()["items"]
        ]

    assert "Bavarian team day" in names("BY")
    assert "Bavarian team day" not in names("BE")
    filters = page.locator(".filters")
    filters.get_by_label("Country").select_option("DE")
    filters.get_by_label("Subdivision").select_option("BY")
    settled(page)
    row = page.get_by_role("row").filter(has_text="Bavarian team day")
    expect(row).to_contain_text("Company")
    filters.get_by_label("Subdivision").select_option("BE")
    settled(page)
    expect(page.get_by_role("row").filter(has_text="Bavarian team day")).to_have_count(0)


# --- B: honest messages -----------------------------------------------------------------------


def test_a_new_users_time_zone_follows_the_country(server, open_page):
    page, _ = open_page()
    sign_in(page, server, ADMIN)
    nav(page, "Admin")
    page.get_by_role("link", name="New user").click()
    zone = page.get_by_label("Time zone")
    page.get_by_label("Country").select_option("DE")
    expect(zone).to_have_value("Europe/Berlin")
    expect(page.get_by_text("Suggested from the country")).to_be_visible()
    page.get_by_label("Country").select_option("US")
    page.get_by_label("Region").select_option("CA")
    expect(zone).to_have_value("America/Los_Angeles")
    # Picked by hand, it stays.
    zone.select_option("America/Denver")
    page.get_by_label("Country").select_option("DE")
    expect(zone).to_have_value("America/Denver")
    # One control per name: the manager is "Reports to", the role "Manager".
    expect(page.get_by_label("Manager", exact=True)).to_have_count(1)
    expect(page.get_by_label("Reports to")).to_have_count(1)


def test_team_conflicts_are_grouped_per_team_with_who_is_away(server, open_page):
    day = quiet_days(TODAY + timedelta(weeks=8), [("US", "CA"), ("US", "NY")], count=1)[0]
    for who in (GRACE, ALAN):
        day_off(server, who, day)
    page, _ = open_page()
    sign_in(page, server, ADA)
    nav(page, "Request time off")
    page.get_by_label("Leave type").select_option(label="Vacation")
    page.get_by_label("First day").fill(day.isoformat())
    preview = page.get_by_role("region", name="What this request means")
    expect(preview.locator(".preview-days")).to_have_text(re.compile(r"^1 day\s*counted$"))
    conflicts = preview.locator(".team-conflicts")
    expect(conflicts).to_contain_text("Your team would be short:")
    expect(conflicts).to_contain_text("Engineering (at most 2 away):")
    expect(conflicts).to_contain_text("away: Ada Lovelace, Alan Turing, Grace Hopper")
    assert web.axe_problems(page) == []

    # Half a day: the count says so, and the list of dates does not claim a whole day more.
    page.get_by_label("Afternoon only").check()
    expect(preview.locator(".preview-days")).to_have_text(re.compile(r"^0\.5 days?\s*counted$"))
    expect(preview.locator("summary")).to_have_text("Show the date counted")


# --- C: a user's language, and the walk in German ---------------------------------------------


def test_konrad_switches_to_german_and_it_stays_after_a_reload(server, open_page):
    page, _ = open_page()
    missing = []
    page.on(
        "console",
        lambda message: message.text.startswith("Missing message") and missing.append(message.text),
    )
    sign_in(page, server, KONRAD)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    nav(page, "Profile")
    page.get_by_label("Language").select_option("de")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_role("heading", name="Profil", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(
        page.get_by_role("status").filter(has_text="Ihre Angaben sind gespeichert")
    ).to_be_visible()
    assert me(server, KONRAD)["locale"] == "de"

    page.reload()
    expect(page.get_by_role("heading", name="Profil", level=1)).to_be_visible()
    expect(page.get_by_label("Sprache")).to_have_value("de")
    assert_german(page, "Profil")
    for screen in ("Mein Urlaub", "Meine Anträge", "Teamkalender"):
        nav_de(page, screen)
        assert_german(page, screen)

    # The request form and its preview, in German, with German dates.
    start, end = quiet_days(TODAY + timedelta(weeks=4), [("DE", "BY")], busy=booked(server, KONRAD))
    nav_de(page, "Urlaub beantragen")
    page.get_by_label("Abwesenheitsart").select_option(label="Vacation")
    page.get_by_label("Erster Tag").fill(start.isoformat())
    page.get_by_label("Letzter Tag").fill(end.isoformat())
    preview = page.get_by_role("region", name="Was dieser Antrag bedeutet")
    expect(preview.locator(".preview-days")).to_have_text(
        re.compile(r"^[\d,]+ Tage? werden gezählt$")
    )
    assert_german(page, "Urlaub beantragen")
    page.get_by_label("Grund").fill("Wandern in den Alpen")
    page.get_by_role("button", name="Antrag senden").click()
    expect(page.get_by_role("heading", name="Meine Anträge", level=1)).to_be_visible()
    notice = page.get_by_role("status").filter(has_text="Antrag gesendet")
    expect(notice).to_be_visible()
    assert_german(page, "Meine Anträge")
    # Moving on ends the notice: a new form does not say the last one was sent.
    page.clock.run_for(2000)
    nav_de(page, "Urlaub beantragen")
    expect(notice).to_have_count(0)
    assert missing == []


def test_his_manager_approves_with_a_comment_and_the_audit_log_names_him(server, open_page):
    page, _ = open_page()
    sign_in(page, server, LUKAS)
    nav(page, "Approvals")
    settled(page)
    card = page.get_by_role("article", name="Konrad Zuse").filter(has_text="Wandern in den Alpen")
    expect(card).to_contain_text("Wandern in den Alpen")
    card.get_by_role("button", name="Approve with a comment Konrad Zuse's request").click()
    dialog = page.get_by_role("dialog", name="Approve Konrad Zuse's request")
    dialog.get_by_label("Comment").fill("Viel Spaß!")
    assert web.axe_problems(page) == []
    dialog.get_by_role("button", name="Approve request").click()
    expect(card).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="Approved Konrad Zuse")).to_be_visible()

    konrad, _ = open_page()
    sign_in_german(konrad, server, KONRAD)
    nav_de(konrad, "Meine Anträge")
    row = konrad.get_by_role("row").filter(has_text="Wandern in den Alpen")
    expect(row).to_contain_text("Genehmigt")
    expect(row).to_contain_text("Viel Spaß!")
    assert_german(konrad, "Meine Anträge")

    admin, _ = open_page()
    sign_in(admin, server, ADMIN)
    admin.goto(f"{server.url}/#/admin/audit")
    settled(admin)
    approved = admin.get_by_role("row").filter(has_text="Request approved").first
    expect(approved).to_contain_text("Lukas Leiter")
    expect(admin.locator("main")).not_to_contain_text("leave_request.approved")

    # The outbox names whom each email went to (the sender turns events into emails).
    manage_py("send-notifications", "--once", env=server.env)
    admin.goto(f"{server.url}/#/admin/notifications")
    settled(admin)
    expect(admin.locator("main")).to_contain_text(re.compile(r"To (Konrad Zuse|Lukas Leiter)"))


def sign_in_german(page, server, who):
    """Sign-in in an English browser for someone whose language is German."""
    sign_in(page, server, who, lands_on="Mein Urlaub")


def test_no_screen_shows_a_raw_message_key(server, open_page):
    """Every screen in English, the outbox included (its rows have every status the demo
    makes): no catalogue key in place of a message, and none missing from the catalogue."""
    pages = {}
    missing = []
    for who, name, path in web.SCREENS:
        if who is None:
            continue
        if who not in pages:
            page, _ = open_page()
            page.on(
                "console",
                lambda m: m.text.startswith("Missing message") and missing.append(m.text),
            )
            sign_in(page, server, who)
            pages[who] = page
        page = pages[who]
        page.goto(f"{server.url}/#/{path}")
        settled(page)
        assert RAW_KEY.findall(page.locator("body").inner_text()) == [], name
    assert missing == []


def test_hr_in_german_keeps_the_holiday_calendar_audit_log_and_outbox_german(server, open_page):
    # The walk goes on: the approval and the e-mails of the steps above are in the audit log
    # and the outbox this reads (tests of a module run in file order).
    admin_id = me(server, ADMIN)["id"]
    r = requests.patch(
        server.api(f"/users/{admin_id}"),
        json={"locale": "de"},
        headers=as_user(server, ADMIN),
        timeout=10,
    )
    assert r.status_code == 200, r.text
    page, _ = open_page()
    sign_in_german(page, server, ADMIN)
    nav_de(page, "Verwaltung")
    sections = page.get_by_role("navigation", name="Bereiche der Verwaltung")
    for who, name, path in web.SCREENS:
        if who == ADMIN:
            page.goto(f"{server.url}/#/{path}")
            assert_german(page, name)
    nav_de(page, "Verwaltung")

    sections.get_by_role("link", name="Feiertage").click()
    expect(page.get_by_role("heading", name="Feiertage", level=2)).to_be_visible()
    settled(page)
    panel = page.get_by_role("region", name=re.compile("^Feiertagskalender: .*US-CA"))
    expect(panel).to_contain_text("Keine eigenen Einstellungen")
    row = page.get_by_role("row").filter(has_text="Cesar Chavez Day")
    row.get_by_role("button", name="Ausnehmen Cesar Chavez Day").click()
    expect(row).to_contain_text("Ausgenommen")
    expect(
        page.get_by_role("status").filter(has_text="Cesar Chavez Day zählt in US-CA nicht mehr")
    ).to_be_visible()
    assert_german(page, "Feiertage")
    assert web.axe_problems(page) == []
    panel.get_by_role("button", name=re.compile("^Einstellungen von .* verwenden$")).click()
    page.get_by_role("dialog").get_by_role("button", name="Ja, verwerfen").click()
    expect(panel).to_contain_text("Keine eigenen Einstellungen")
    expect(row).not_to_contain_text("Ausgenommen")

    sections.get_by_role("link", name="Protokoll").click()
    settled(page)
    approved = page.get_by_role("row").filter(has_text="Antrag genehmigt").first
    expect(approved).to_contain_text("Lukas Leiter")
    assert_german(page, "Protokoll")

    sections.get_by_role("link", name="Benachrichtigungen").click()
    settled(page)
    expect(page.locator("main")).to_contain_text(re.compile(r"An (Konrad Zuse|Lukas Leiter)"))
    assert_german(page, "Benachrichtigungen")
