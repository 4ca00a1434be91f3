"""Holiday calendars HR controls: which public holiday categories count in a country or
subdivision, single holidays switched off by name or date, and company holidays for one
subdivision. Counting, preview, the calendar, the feed and /holidays follow."""

import pytest

from server.tests.helpers import assert_problem

API = "/api/v1"
CESAR_CHAVEZ = "2027-03-31"  # a Wednesday
PRESIDENTS = "2027-02-15"  # "Presidents' Day; Susan B. Anthony Day" in the package (CA)


@pytest.fixture
def californians(make, clock):
    clock.set("2027-01-04T17:00:00+00:00")

    class People:
        admin = make.admin()
        boss = make.manager()
        ada = make.employee(
            full_name="Ada", manager=boss, country="US", subdivision="CA", timezone="UTC"
        )
        nina = make.employee(full_name="Nina", country="US", subdivision="NY", timezone="UTC")
        vacation = make.leave_type("vacation", yearly_allowance=25)

    return People


def put(client, who, region, **body):
    return client.put(f"{API}/holiday-calendars/{region}", json=body, headers=who.headers)


def public_names(client, who, **params):
    r = client.get(f"{API}/holidays", query_string={"year": 2027, **params}, headers=who.headers)
    assert r.status_code == 200, r.json
    return {(i["date"], i["name"], i.get("excluded", False)) for i in r.json["items"]}


def days_of(client, who, leave_type, start, end):
    body = {"leave_type_id": leave_type, "start_date": start, "end_date": end}
    r = client.post(f"{API}/requests/preview", json=body, headers=who.headers)
    assert r.status_code == 200, r.json
    return r.json["days"]


def test_a_region_without_settings_counts_the_public_category(client, californians):
    r = client.get(f"{API}/holiday-calendars/us-ca", headers=californians.ada.headers)
    assert r.status_code == 200
    assert r.json["region"] == "US-CA"
    assert (r.json["categories"], r.json["excluded"]) == (["public"], [])
    assert (r.json["own"], r.json["follows"], r.json["updated_at"]) == (False, None, None)
    assert {"public", "government"} <= set(r.json["available_categories"])
    assert (CESAR_CHAVEZ, "Cesar Chavez Day", False) in public_names(client, californians.ada)


def test_hr_switches_off_a_holiday_by_name_and_every_reader_follows(client, californians):
    p = californians
    assert days_of(client, p.ada, p.vacation, "2027-03-29", "2027-04-02") == 4
    r = put(
        client, p.admin, "US-CA", categories=["public"], excluded=[{"name": "Cesar Chavez Day"}]
    )
    assert r.status_code == 200, r.json
    assert (r.json["own"], r.json["excluded"]) == (True, [{"name": "Cesar Chavez Day"}])
    # Counting and preview: the day is a working day now.
    assert days_of(client, p.ada, p.vacation, "2027-03-29", "2027-04-02") == 5
    # /holidays: gone for everyone; admins may list it, marked.
    assert not [n for n in public_names(client, p.ada) if n[0] == CESAR_CHAVEZ]
    marked = public_names(client, p.admin, country="US", subdivision="CA", include_excluded="true")
    assert (CESAR_CHAVEZ, "Cesar Chavez Day", True) in marked
    not_for_employees = public_names(client, p.ada, include_excluded="true")
    assert not [n for n in not_for_employees if n[0] == CESAR_CHAVEZ]
    # The team calendar.
    cal = client.get(
        f"{API}/calendar",
        query_string={"from": "2027-03-01", "to": "2027-03-31", "user_id": p.ada.id},
        headers=p.ada.headers,
    ).json
    assert CESAR_CHAVEZ not in {h["date"] for h in cal["holidays"]}


def test_the_feed_follows_the_holiday_calendar(client, californians):
    p = californians
    link = client.post(f"{API}/auth/calendar-token", headers=p.ada.headers).json["feed_url"]
    path = link.split("/api/v1", 1)[1]
    assert "Cesar Chavez Day" in client.get(API + path).get_data(as_text=True)
    put(client, p.admin, "US-CA", categories=["public"], excluded=[{"name": "Cesar Chavez Day"}])
    assert "Cesar Chavez Day" not in client.get(API + path).get_data(as_text=True)


def test_one_of_two_holidays_on_a_date_can_be_switched_off(client, californians):
    p = californians
    assert (PRESIDENTS, "Presidents' Day; Susan B. Anthony Day", False) in public_names(
        client, p.ada
    )
    put(
        client, p.admin, "US-CA", categories=["public"], excluded=[{"name": "Susan B. Anthony Day"}]
    )
    names = public_names(client, p.ada)
    assert (PRESIDENTS, "Presidents' Day", False) in names  # still a day off
    assert days_of(client, p.ada, p.vacation, PRESIDENTS, PRESIDENTS) == 0


def test_a_date_can_be_switched_off_and_categories_added(client, californians):
    p = californians
    r = put(
        client,
        p.admin,
        "US-CA",
        categories=["public", "government"],
        excluded=[{"date": "2027-11-26"}],
    )
    assert r.status_code == 200, r.json
    assert r.json["categories"] == ["government", "public"]
    names = public_names(client, p.ada)
    assert not [n for n in names if n[0] == "2027-11-26"]  # the day after Thanksgiving
    # Mon 22 .. Fri 26 November: Thanksgiving stays off, the day after is a working day.
    assert days_of(client, p.ada, p.vacation, "2027-11-22", "2027-11-26") == 4


def test_a_subdivision_follows_its_country_until_it_has_its_own(client, californians):
    p = californians
    put(client, p.admin, "US", categories=["public"], excluded=[{"name": "Veterans Day"}])
    r = client.get(f"{API}/holiday-calendars/US-NY", headers=p.nina.headers)
    assert (r.json["own"], r.json["follows"], r.json["excluded"]) == (
        False,
        "US",
        [{"name": "Veterans Day"}],
    )
    assert not [n for n in public_names(client, p.nina) if n[1] == "Veterans Day"]
    # California's own settings replace the country's: Veterans Day counts there again.
    put(client, p.admin, "US-CA", categories=["public"], excluded=[{"name": "Cesar Chavez Day"}])
    assert ("2027-11-11", "Veterans Day", False) in public_names(client, p.ada)
    assert not [n for n in public_names(client, p.ada) if n[0] == CESAR_CHAVEZ]
    # Dropping California's: it follows the country again.
    assert (
        client.delete(f"{API}/holiday-calendars/US-CA", headers=p.admin.headers).status_code == 204
    )
    assert not [n for n in public_names(client, p.ada) if n[1] == "Veterans Day"]
    assert (CESAR_CHAVEZ, "Cesar Chavez Day", False) in public_names(client, p.ada)
    r = client.delete(f"{API}/holiday-calendars/US-CA", headers=p.admin.headers)
    assert_problem(r, 404, "not-found")


def test_requests_already_made_keep_their_days(client, californians):
    p = californians
    body = {"leave_type_id": p.vacation, "start_date": "2027-03-29", "end_date": "2027-04-02"}
    made = client.post(f"{API}/requests", json=body, headers=p.ada.headers).json
    assert made["days"] == 4
    put(client, p.admin, "US-CA", categories=["public"], excluded=[{"name": "Cesar Chavez Day"}])
    again = client.get(f"{API}/requests/{made['id']}", headers=p.ada.headers).json
    assert again["days"] == 4


def test_bad_settings_are_refused(client, californians):
    p = californians
    r = put(client, p.admin, "US-CA", categories=["public", "school"])
    assert_problem(r, 422, "validation-error", errors=["categories"])
    assert "school" in r.json["errors"]["categories"]
    r = put(client, p.admin, "US-CA", categories=["public"], excluded=[{}])
    assert_problem(r, 422, "validation-error", errors=["excluded"])
    assert r.json["errors"]["excluded"] == "item 0 must hold `name` or `date`"
    r = put(
        client,
        p.admin,
        "US-CA",
        categories=["public"],
        excluded=[{"name": "X", "date": "2027-01-01"}],
    )
    assert_problem(r, 422, "validation-error", errors=["excluded"])
    assert r.json["errors"]["excluded"] == "item 0 must hold only one of `name` or `date`"
    r = put(client, p.admin, "US-CA", categories=["public"], excluded=[{"colour": "red"}])
    assert_problem(r, 422, "validation-error", errors=["excluded[0].colour"])
    assert_problem(put(client, p.admin, "XX", categories=["public"]), 404, "not-found")
    assert_problem(put(client, p.ada, "US-CA", categories=["public"]), 403, "forbidden")


def test_a_change_is_audited_and_evented(client, californians):
    p = californians
    put(client, p.admin, "US-CA", categories=["public"], excluded=[{"name": "Cesar Chavez Day"}])
    put(client, p.admin, "US-CA", categories=["public"], excluded=[])
    rows = client.get(
        f"{API}/audit", query_string={"entity": "holiday_calendar"}, headers=p.admin.headers
    ).json["items"]
    assert [r["action"] for r in rows] == ["holiday_calendar.updated", "holiday_calendar.created"]
    assert rows[0]["changes"] == {"excluded": [[{"name": "Cesar Chavez Day"}], []]}


def test_a_company_holiday_can_be_for_one_subdivision(client, make, clock):
    clock.set("2027-01-04T17:00:00+00:00")
    admin = make.admin()
    munich = make.employee(country="DE", subdivision="BY", timezone="UTC")
    berlin = make.employee(country="DE", subdivision="BE", timezone="UTC")
    vacation = make.leave_type("vacation")
    r = client.post(
        f"{API}/holidays",
        json={
            "date": "2027-06-11",
            "name": "Munich office day",
            "country": "de",
            "subdivision": "by",
        },
        headers=admin.headers,
    )
    assert r.status_code == 201, r.json
    assert (r.json["country"], r.json["subdivision"]) == ("DE", "BY")
    assert days_of(client, munich, vacation, "2027-06-11", "2027-06-11") == 0
    assert days_of(client, berlin, vacation, "2027-06-11", "2027-06-11") == 1
    r = client.post(
        f"{API}/holidays",
        json={"date": "2027-06-11", "name": "Elsewhere", "subdivision": "BY"},
        headers=admin.headers,
    )
    assert_problem(r, 422, "validation-error", errors=["subdivision"])
