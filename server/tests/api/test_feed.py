"""The personal iCal feed: its link's life cycle, what it holds, privacy, caching."""

import hashlib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from server.extensions import db
from server.models import User
from server.tests.helpers import assert_problem

API = "/api/v1"
NOW = "2026-03-02T09:00:00+00:00"


def new_link(client, who):
    r = client.post(f"{API}/auth/calendar-token", headers=who.headers)
    assert r.status_code == 201, r.get_json()
    return r.json["feed_url"]


def path_of(feed_url):
    return feed_url[feed_url.index("/api/v1/") :]


def fetch(client, feed_url, **headers):
    return client.get(path_of(feed_url), headers=headers)


def events(response):
    assert response.status_code == 200, response.data[:300]
    calendar = Calendar.from_ical(response.data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def team(make, clock):
    clock.set(NOW)

    class Team:
        boss = make.manager(full_name="Bea Boss", country="DE", subdivision="BE")
        ann = make.employee(full_name="Ann Arbor", manager=boss, country="DE", subdivision="BE")
        bob = make.employee(full_name="Bob Berlin")
        out = make.employee(full_name="Olaf Outsider")
        admin = make.admin(full_name="Hana Admin")
        vacation = make.leave_type("vacation")
        sick = make.leave_type("sick", yearly_allowance=None)

    Team.team = make.team("Core", members=[Team.ann, Team.bob])
    return Team


# --- the link --------------------------------------------------------------------------------


def test_link_life_cycle(client, app, team, clock, monkeypatch):
    assert client.get(f"{API}/auth/calendar-token", headers=team.ann.headers).json == {
        "exists": False,
        "created_at": None,
    }
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://pto.example.com")
    r = client.post(f"{API}/auth/calendar-token", headers=team.ann.headers)
    assert r.status_code == 201
    assert r.headers["Location"] == "/api/v1/auth/calendar-token"
    first = r.json["feed_url"]
    assert first.startswith("https://pto.example.com/api/v1/calendar/feed/")
    assert first.endswith(".ics")
    token = first.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 43  # 256 random bits, URL-safe base64
    assert r.json["created_at"] == NOW
    status = client.get(f"{API}/auth/calendar-token", headers=team.ann.headers).json
    assert status == {"exists": True, "created_at": NOW}
    assert fetch(client, first).status_code == 200

    # Only a hash is stored.
    with app.app_context():
        stored = db.session.execute(
            sa.select(User.calendar_token_hash).where(User.id == team.ann.id)
        ).scalar_one()
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored

    # Reset: the old link stops working, the new one works.
    clock.set("2026-03-03T10:00:00+00:00")
    second = new_link(client, team.ann)
    assert second != first
    assert_problem(fetch(client, first), 404, "not-found")
    assert fetch(client, second).status_code == 200
    assert client.get(f"{API}/auth/calendar-token", headers=team.ann.headers).json == {
        "exists": True,
        "created_at": "2026-03-03T10:00:00+00:00",
    }

    # Delete: the feed stops.
    r = client.delete(f"{API}/auth/calendar-token", headers=team.ann.headers)
    assert r.status_code == 204
    assert_problem(fetch(client, second), 404, "not-found")
    assert (
        client.get(f"{API}/auth/calendar-token", headers=team.ann.headers).json["exists"] is False
    )


def test_without_public_base_url_the_link_uses_the_requests_host(client, team):
    r = client.post(
        f"{API}/auth/calendar-token",
        headers={**team.ann.headers, "Host": "pto.internal:8443"},
        base_url="https://pto.internal:8443",
    )
    assert r.json["feed_url"].startswith("https://pto.internal:8443/api/v1/calendar/feed/")


@pytest.mark.parametrize(
    "token", ["nope", "A" * 43, "a-b_c" * 20, "%00" * 15, "x" * 500, "../../etc/passwd"]
)
def test_unknown_tokens_are_404(client, team, token):
    assert_problem(client.get(f"{API}/calendar/feed/{token}.ics"), 404, "not-found")


def test_an_inactive_owners_feed_is_404(client, team):
    url = new_link(client, team.ann)
    client.delete(f"{API}/users/{team.ann.id}", headers=team.admin.headers)
    assert_problem(fetch(client, url), 404, "not-found")


def test_the_link_endpoints_need_a_token(client):
    for method in ("get", "post", "delete"):
        r = getattr(client, method)(f"{API}/auth/calendar-token")
        assert_problem(r, 401, "unauthorized")


# --- what the feed holds ---------------------------------------------------------------------


def test_calendar_properties_and_a_body_that_parses_back(client, app, team, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://pto.example.com")
    r = fetch(client, new_link(client, team.ann))
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(r.data)
    assert str(calendar["VERSION"]) == "2.0"
    assert "PTO API" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "Time off — Ann Arbor"
    text = r.data.decode()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in text
    assert "X-PUBLISHED-TTL:PT1H\r\n" in text
    assert "TZID" not in text  # all-day events carry no time zone


def test_own_leave_is_busy_with_its_type_and_colleagues_are_free_and_away(
    client, app, team, make, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://pto.example.com")
    mine = make.request(team.ann, team.vacation, "2026-03-09", "2026-03-13", reason="Secret trip")
    bobs = make.request(team.bob, team.sick, "2026-03-10", "2026-03-11", reason="Surgery")
    found = events(fetch(client, new_link(client, team.ann)))

    own = found[f"pto-request-{mine}@pto.example.com"]
    assert str(own["SUMMARY"]) == "Vacation"
    assert str(own["TRANSP"]) == "OPAQUE"
    assert str(own["X-MICROSOFT-CDO-BUSYSTATUS"]) == "OOF"
    assert own["DTSTART"].dt == date(2026, 3, 9)
    assert own["DTEND"].dt == date(2026, 3, 14)  # exclusive: the day after the last day
    assert not isinstance(own["DTSTART"].dt, datetime)  # all-day, floating
    assert own["DTSTAMP"].dt == datetime.fromisoformat(NOW)
    assert own["LAST-MODIFIED"].dt == datetime.fromisoformat(NOW)
    assert int(own["SEQUENCE"]) == 0

    other = found[f"pto-request-{bobs}@pto.example.com"]
    assert str(other["SUMMARY"]) == "Bob Berlin — Away"
    assert str(other["TRANSP"]) == "TRANSPARENT"
    assert str(other["X-MICROSOFT-CDO-BUSYSTATUS"]) == "FREE"
    body = fetch(client, new_link(client, team.ann)).data.decode()
    for secret in ("Secret trip", "Surgery", "Sick"):
        assert secret not in body


@pytest.mark.parametrize(
    ("start", "end", "start_half", "end_half", "whole", "timed"),
    [
        # One afternoon: 13:00-17:00 (the day starts at 09:00 and has 8 hours).
        ("2026-03-09", "2026-03-09", True, False, None, ("2026-03-09", 13, 17)),
        ("2026-03-09", "2026-03-09", False, True, None, ("2026-03-09", 9, 13)),
        # The rest is all-day (DTEND exclusive).
        ("2026-03-09", "2026-03-11", True, False, ("2026-03-10", "2026-03-12"),
         ("2026-03-09", 13, 17)),
        ("2026-03-09", "2026-03-11", False, True, ("2026-03-09", "2026-03-11"),
         ("2026-03-11", 9, 13)),
    ],
)  # fmt: skip
def test_half_days_are_timed_events_beside_the_whole_days(
    client, team, make, start, end, start_half, end_half, whole, timed
):
    request_id = make.request(
        team.ann, team.vacation, start, end, start_half=start_half, end_half=end_half
    )
    found = events(fetch(client, new_link(client, team.ann)))
    day, begins, ends = timed
    half = found[f"pto-request-{request_id}-{day.replace('-', '')}@localhost"]
    assert str(half["SUMMARY"]) == "Vacation (half day)"
    assert str(half["X-MICROSOFT-CDO-BUSYSTATUS"]) == "OOF"
    assert half["DTSTART"].dt.utcoffset() == timedelta(0)  # Ann's zone is UTC
    assert (half["DTSTART"].dt.hour, half["DTEND"].dt.hour) == (begins, ends)
    assert half["DTSTART"].dt.date().isoformat() == day
    if whole is None:
        assert f"pto-request-{request_id}@localhost" not in found
    else:
        rest = found[f"pto-request-{request_id}@localhost"]
        assert str(rest["SUMMARY"]) == "Vacation"
        assert (rest["DTSTART"].dt.isoformat(), rest["DTEND"].dt.isoformat()) == whole


def test_a_partial_day_lands_on_the_right_hours_for_a_subscriber_in_auckland(client, make, clock):
    import vobject

    clock.set(NOW)
    admin = make.admin()
    berlin = make.employee(full_name="Bo Berlin", timezone="Europe/Berlin")
    kiwi = make.employee(full_name="Kiri Auckland", timezone="Pacific/Auckland")
    make.team("Worldwide", members=[berlin, kiwi])
    flexi = make.leave_type("flexi", unit="hours", yearly_allowance=100, requires_approval=False)
    r = client.post(
        f"{API}/users/{berlin.id}/schedules",
        json={
            "effective_from": "2026-03-02",
            "weeks": [[8, 8, 8, 8, 8, 0, 0]],
            "day_start": "08:30",
        },
        headers=admin.headers,
    )
    assert r.status_code == 201, r.json
    # Bo takes 2 hours from 13:00 on Wednesday 4 March, and the Friday morning off.
    parts = [{"date": "2026-03-04", "hours": 2, "start_time": "13:00"}]
    body = {"leave_type_id": flexi, "start_date": "2026-03-04", "end_date": "2026-03-04"}
    r = client.post(f"{API}/requests", json={**body, "parts": parts}, headers=berlin.headers)
    assert r.status_code == 201, r.json
    dentist = r.json["id"]
    body = {"leave_type_id": flexi, "start_date": "2026-03-06", "end_date": "2026-03-06"}
    r = client.post(f"{API}/requests", json={**body, "end_half": True}, headers=berlin.headers)
    morning = r.json["id"]
    feed = fetch(client, new_link(client, kiwi)).data
    auckland = ZoneInfo("Pacific/Auckland")

    found = events_of(feed)
    event = found[f"pto-request-{dentist}-20260304@localhost"]
    assert str(event["SUMMARY"]) == "Bo Berlin — Away (2 h)"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    starts, ends = event["DTSTART"].dt.astimezone(auckland), event["DTEND"].dt.astimezone(auckland)
    # 13:00-15:00 in Berlin (UTC+1) is 01:00-03:00 the next day in Auckland (UTC+13).
    assert (starts.isoformat(), ends.isoformat()) == (
        "2026-03-05T01:00:00+13:00",
        "2026-03-05T03:00:00+13:00",
    )
    assert "Europe/Berlin" in {str(tz["TZID"]) for tz in Calendar.from_ical(feed).walk("VTIMEZONE")}
    half = found[f"pto-request-{morning}-20260306@localhost"]
    assert half["DTSTART"].dt.astimezone(auckland).isoformat() == "2026-03-06T20:30:00+13:00"
    assert half["DTEND"].dt.astimezone(auckland).isoformat() == "2026-03-07T00:30:00+13:00"

    # A second parser reads the same hours.
    parsed = vobject.readOne(feed.decode())
    by_uid = {e.uid.value: e for e in parsed.vevent_list}
    event = by_uid[f"pto-request-{dentist}-20260304@localhost"]
    assert event.dtstart.value.astimezone(auckland).isoformat() == "2026-03-05T01:00:00+13:00"
    assert event.dtend.value.astimezone(auckland).isoformat() == "2026-03-05T03:00:00+13:00"


def events_of(body):
    calendar = Calendar.from_ical(body)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_only_approved_leave_of_the_owners_people_within_the_window(client, team, make):
    v = team.vacation
    approved = make.request(team.bob, v, "2026-03-09", "2026-03-09")
    make.request(team.bob, v, "2026-03-10", "2026-03-10", status="pending")
    make.request(team.bob, v, "2026-03-11", "2026-03-11", status="rejected")
    make.request(team.bob, v, "2026-03-12", "2026-03-12", status="cancelled")
    make.request(team.out, v, "2026-03-09", "2026-03-09")  # not a team-mate
    too_old = make.request(team.bob, v, "2025-12-01", "2025-12-01")  # 91 days back
    oldest = make.request(team.bob, v, "2025-12-02", "2025-12-02")  # 90 days back
    latest = make.request(team.bob, v, "2027-04-06", "2027-04-06")  # 400 days ahead
    too_far = make.request(team.bob, v, "2027-04-07", "2027-04-07")
    requests = {
        uid for uid in events(fetch(client, new_link(client, team.ann))) if "request" in uid
    }
    assert requests == {f"pto-request-{i}@localhost" for i in (approved, oldest, latest)}
    assert f"pto-request-{too_old}@localhost" not in requests
    assert f"pto-request-{too_far}@localhost" not in requests


def test_a_managers_feed_has_direct_reports_and_an_admins_is_not_company_wide(client, team, make):
    reports = make.request(team.ann, team.vacation, "2026-03-09", "2026-03-09")
    outsider = make.request(team.out, team.vacation, "2026-03-09", "2026-03-09")
    boss_feed = events(fetch(client, new_link(client, team.boss)))
    assert str(boss_feed[f"pto-request-{reports}@localhost"]["SUMMARY"]) == "Ann Arbor — Away"
    admin_feed = events(fetch(client, new_link(client, team.admin)))
    assert f"pto-request-{outsider}@localhost" not in admin_feed
    assert f"pto-request-{reports}@localhost" not in admin_feed


def test_the_owners_holidays_are_free_all_day_events(client, team, make):
    make.holiday("2026-03-20", "Company offsite")
    found = events(fetch(client, new_link(client, team.ann)))
    womens_day = found["pto-holiday-2026-03-08-DE-BE@localhost"]
    assert str(womens_day["SUMMARY"]) == "Women's Day"
    assert womens_day["DTSTART"].dt == date(2026, 3, 8)
    assert womens_day["DTEND"].dt == date(2026, 3, 9)
    assert str(womens_day["TRANSP"]) == "TRANSPARENT"
    assert str(womens_day["X-MICROSOFT-CDO-BUSYSTATUS"]) == "FREE"
    assert str(found["pto-holiday-2026-03-20-DE-BE@localhost"]["SUMMARY"]) == "Company offsite"
    # Bob has no country: only company holidays, under a "company" UID.
    bobs = events(fetch(client, new_link(client, team.bob)))
    assert [uid for uid in bobs if "holiday" in uid] == ["pto-holiday-2026-03-20-company@localhost"]


def test_the_window_follows_the_owners_time_zone(client, make, clock):
    # Still March 1st in Los Angeles; already March 2nd in Auckland.
    clock.set("2026-03-01T20:00:00+00:00")
    vacation = make.leave_type("vacation")
    la = make.employee(timezone="America/Los_Angeles")
    kiwi = make.employee(timezone="Pacific/Auckland")
    edge = "2025-12-01"  # 90 days before March 1st, 91 before March 2nd
    la_leave = make.request(la, vacation, edge, edge)
    kiwi_leave = make.request(kiwi, vacation, edge, edge)
    assert f"pto-request-{la_leave}@localhost" in events(fetch(client, new_link(client, la)))
    assert f"pto-request-{kiwi_leave}@localhost" not in events(
        fetch(client, new_link(client, kiwi))
    )


# --- stability and caching ---------------------------------------------------------------------


def test_unchanged_feed_is_byte_identical_with_a_stable_etag_and_304(client, team, make, clock):
    make.request(team.bob, team.vacation, "2026-03-09", "2026-03-09")
    url = new_link(client, team.ann)
    first = fetch(client, url)
    clock.set("2026-03-02T15:00:00+00:00")
    second = fetch(client, url)
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]
    r = fetch(client, url, **{"If-None-Match": first.headers["ETag"]})
    assert r.status_code == 304
    assert r.data == b""
    assert fetch(client, url, **{"If-None-Match": '"something-else"'}).status_code == 200


def test_changed_dates_bump_the_sequence_and_a_cancel_removes_the_event(client, team, clock):
    body = {"leave_type_id": team.vacation, "start_date": "2026-03-16", "end_date": "2026-03-16"}
    request_id = client.post(f"{API}/requests", json=body, headers=team.ann.headers).json["id"]
    clock.set("2026-03-02T10:00:00+00:00")
    r = client.patch(
        f"{API}/requests/{request_id}",
        json={"start_date": "2026-03-17", "end_date": "2026-03-18"},
        headers=team.ann.headers,
    )
    assert r.status_code == 200
    r = client.patch(
        f"{API}/requests/{request_id}", json={"reason": "Moving"}, headers=team.ann.headers
    )
    assert r.status_code == 200  # not a change of dates
    client.post(f"{API}/requests/{request_id}/approve", json={}, headers=team.boss.headers)
    url = new_link(client, team.bob)
    uid = f"pto-request-{request_id}@localhost"
    before = fetch(client, url)
    event = events(before)[uid]
    assert int(event["SEQUENCE"]) == 1
    assert (event["DTSTART"].dt, event["DTEND"].dt) == (date(2026, 3, 17), date(2026, 3, 19))

    client.post(f"{API}/requests/{request_id}/cancel", headers=team.admin.headers)
    after = fetch(client, url)
    assert uid not in events(after)
    assert after.headers["ETag"] != before.headers["ETag"]


def test_an_unchanged_feed_is_rendered_once_and_a_change_renders_anew(
    client, team, make, monkeypatch
):
    from server.domain import feed

    renders = []
    real_render = feed.render
    monkeypatch.setattr(feed, "render", lambda *a: renders.append(1) or real_render(*a))
    make.request(team.bob, team.vacation, "2026-03-09", "2026-03-09")
    url = new_link(client, team.ann)
    first = fetch(client, url)
    assert fetch(client, url).data == first.data
    assert len(renders) == 1
    make.request(team.bob, team.vacation, "2026-03-10", "2026-03-10")
    changed = fetch(client, url)
    assert len(renders) == 2
    assert changed.data != first.data
