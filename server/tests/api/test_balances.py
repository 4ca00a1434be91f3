"""Balances through HTTP: who may read them, defaults, accrual, carry-over, usage, adjustments."""

from datetime import date

import pytest

from server.tests.helpers import assert_problem

API = "/api/v1"
MONDAY = "2026-03-02T09:00:00+00:00"  # 2026-03-02 is a Monday
BALANCE_KEYS = {
    "unit",
    "display_equivalent",
    "leave_type_id",
    "leave_type",
    "year",
    "period",
    "entitlement",
    "carried_over",
    "adjustments",
    "taken",
    "scheduled",
    "pending",
    "available",
    "unlimited",
}


# --- helpers -----------------------------------------------------------------------------------


def balances(client, who, person, **params):
    return client.get(f"{API}/users/{person.id}/balances", query_string=params, headers=who.headers)


def balance(client, who, person, leave_type_id, **params):
    """The one balance item of `leave_type_id` (asserting a 200)."""
    r = balances(client, who, person, **params)
    assert r.status_code == 200, r.get_json()
    (item,) = [b for b in r.json["items"] if b["leave_type_id"] == leave_type_id]
    return item


def numbers(item):
    """The amounts of a balance item, for comparing in one assert."""
    keys = ("entitlement", "carried_over", "adjustments", "taken", "scheduled", "pending")
    return {key: item[key] for key in (*keys, "available")}


def create_request(client, who, leave_type_id, start, end, **extra):
    body = {"leave_type_id": leave_type_id, "start_date": start, "end_date": end, **extra}
    return client.post(f"{API}/requests", json=body, headers=who.headers)


@pytest.fixture
def org_with_skip_level(make):
    """An admin, a manager with one direct report, and people unrelated to the report."""

    class Org:
        admin = make.admin()
        boss = make.manager()  # manages `manager`: a skip-level manager of `report`
        manager = make.manager(manager=boss)
        report = make.employee(manager=manager)
        other = make.employee()
        other_manager = make.manager()

    return Org


# --- who may read ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["report", "manager", "admin"])
def test_self_manager_and_admin_can_read_balances(client, make, clock, org_with_skip_level, who):
    clock.set(MONDAY)
    vacation = make.leave_type("vacation", yearly_allowance=25)
    r = balances(client, getattr(org_with_skip_level, who), org_with_skip_level.report)
    assert r.status_code == 200, r.json
    assert [b["leave_type_id"] for b in r.json["items"]] == [vacation]
    assert set(r.json) == {"items"}  # a bounded list: no paging fields


@pytest.mark.parametrize("who", ["other", "other_manager", "boss"])
def test_balances_of_someone_outside_your_scope_are_not_found(
    client, make, clock, org_with_skip_level, who
):
    clock.set(MONDAY)
    make.leave_type("vacation")
    r = balances(client, getattr(org_with_skip_level, who), org_with_skip_level.report)
    assert_problem(r, 404, "not-found")


def test_balances_of_an_unknown_user_are_not_found(client, make, clock):
    clock.set(MONDAY)
    admin = make.admin()
    r = client.get(f"{API}/users/999999/balances", headers=admin.headers)
    assert_problem(r, 404, "not-found")


def test_balances_path_id_that_is_not_an_integer_is_404(client, make, clock):
    clock.set(MONDAY)
    admin = make.admin()
    r = client.get(f"{API}/users/abc/balances", headers=admin.headers)
    assert_problem(r, 404, "not-found")


def test_out_of_scope_user_is_404_before_the_query_is_validated(
    client, make, clock, org_with_skip_level
):
    # Contract order: the object outside what the caller may see (404) before the input (422).
    clock.set(MONDAY)
    r = balances(client, org_with_skip_level.other, org_with_skip_level.report, year="x")
    assert_problem(r, 404, "not-found")


def test_balances_need_a_token(client, make, clock):
    clock.set(MONDAY)
    ann = make.employee()
    r = client.get(f"{API}/users/{ann.id}/balances")
    assert_problem(r, 401, "unauthorized")


# --- shape -------------------------------------------------------------------------------------


def test_one_balance_per_active_leave_type(client, make, clock):
    clock.set(MONDAY)
    ann = make.employee()
    vacation = make.leave_type("vacation", yearly_allowance=25, name="Vacation", color="#112233")
    sick = make.leave_type("sick", yearly_allowance=None, name="Sick")
    make.leave_type("old", yearly_allowance=10, is_active=False)
    r = balances(client, ann, ann)
    assert r.status_code == 200, r.json
    items = {b["leave_type_id"]: b for b in r.json["items"]}
    assert set(items) == {vacation, sick}  # the inactive type is not listed
    assert all(set(b) == BALANCE_KEYS for b in r.json["items"])
    assert items[vacation]["leave_type"] == {
        "id": vacation,
        "name": "Vacation",
        "code": "vacation",
        "color": "#112233",
    }
    assert items[vacation]["year"] == 2026
    assert items[sick]["leave_type"]["code"] == "sick"


def test_no_active_leave_types_gives_an_empty_list(client, make, clock):
    clock.set(MONDAY)
    ann = make.employee()
    make.leave_type("old", is_active=False)
    r = balances(client, ann, ann)
    assert r.status_code == 200, r.json
    assert r.json == {"items": []}


# --- defaults: year and as_of in the user's time zone ------------------------------------------


@pytest.mark.parametrize(
    ("timezone", "now", "year"),
    [
        ("Asia/Tokyo", "2026-12-31T20:00:00+00:00", 2027),  # 2027-01-01 05:00 in Tokyo
        ("UTC", "2026-12-31T20:00:00+00:00", 2026),
        ("America/Los_Angeles", "2027-01-01T05:00:00+00:00", 2026),  # 2026-12-31 21:00 in LA
        ("UTC", "2027-01-01T05:00:00+00:00", 2027),
    ],
)
def test_default_year_is_the_current_year_in_the_users_timezone(
    client, make, clock, timezone, now, year
):
    clock.set(now)
    admin = make.admin()  # in UTC: the caller's own zone does not matter
    user = make.employee(timezone=timezone)
    vacation = make.leave_type("vacation", yearly_allowance=25)
    item = balance(client, admin, user, vacation)
    assert item["year"] == year
    assert item["entitlement"] == 25  # no hire date: the whole allowance on Jan 1


@pytest.mark.parametrize(
    ("timezone", "taken", "scheduled"),
    [
        ("UTC", 1, 0),  # 2026-03-02 03:00: the leave day is today -> taken
        ("America/Los_Angeles", 0, 1),  # 2026-03-01 19:00: the leave day is tomorrow
    ],
)
def test_default_as_of_is_today_in_the_users_timezone(
    client, make, clock, timezone, taken, scheduled
):
    clock.set("2026-03-02T03:00:00+00:00")
    user = make.employee(timezone=timezone)
    vacation = make.leave_type("vacation", yearly_allowance=25)
    make.request(user, vacation, "2026-03-02", "2026-03-02", status="approved")  # Monday, 1 day
    item = balance(client, user, user, vacation)
    assert (item["taken"], item["scheduled"]) == (taken, scheduled)
    assert item["available"] == 24  # 25 - 1, wherever the day falls


def test_tokyo_user_on_new_years_eve_utc_sees_new_years_day_as_taken(client, make, clock):
    clock.set("2026-12-31T20:00:00+00:00")  # 2027-01-01 05:00 in Tokyo
    user = make.employee(timezone="Asia/Tokyo")
    vacation = make.leave_type("vacation", yearly_allowance=25)
    make.request(user, vacation, "2027-01-01", "2027-01-01", status="approved")  # a Friday
    item = balance(client, user, user, vacation)
    assert item["year"] == 2027
    # as_of is 2027-01-01 (Tokyo): the day is taken; 25 - 1 = 24 available.
    assert numbers(item) == {
        "entitlement": 25,
        "carried_over": 0,
        "adjustments": 0,
        "taken": 1,
        "scheduled": 0,
        "pending": 0,
        "available": 24,
    }


def test_year_parameter_selects_the_year(client, make, clock):
    clock.set(MONDAY)
    ann = make.employee()
    vacation = make.leave_type("vacation", yearly_allowance=25)
    make.request(ann, vacation, "2025-03-03", "2025-03-14", status="approved")  # 10 days
    make.request(ann, vacation, "2026-02-02", "2026-02-06", status="approved")  # 5 days
    item_2025 = balance(client, ann, ann, vacation, year=2025)
    assert item_2025["year"] == 2025
    assert (item_2025["taken"], item_2025["available"]) == (10, 15)  # 25 - 10
    item_2026 = balance(client, ann, ann, vacation)
    assert item_2026["year"] == 2026
    assert (item_2026["taken"], item_2026["available"]) == (5, 20)  # 25 - 5


@pytest.mark.parametrize(
    ("as_of", "taken", "scheduled"),
    [
        ("2026-02-04", 3, 7),  # Feb 2, 3, 4 taken; Feb 5, 6 + the April week scheduled
        ("2026-02-06", 5, 5),  # on the last day of the first week: it counts as taken
        ("2026-12-31", 10, 0),
    ],
)
def test_as_of_parameter_moves_days_between_taken_and_scheduled(
    client, make, clock, as_of, taken, scheduled
):
    clock.set(MONDAY)
    ann = make.employee()
    vacation = make.leave_type("vacation", yearly_allowance=25)
    make.request(ann, vacation, "2026-02-02", "2026-02-06", status="approved")  # Mon-Fri, 5
    make.request(ann, vacation, "2026-04-06", "2026-04-10", status="approved")  # Mon-Fri, 5
    item = balance(client, ann, ann, vacation, as_of=as_of)
    assert (item["taken"], item["scheduled"]) == (taken, scheduled)
    assert item["available"] == 15  # 25 - 10 whatever the as_of


# --- year without as_of: the current year as of today, another year as of its last day -------


@pytest.fixture
def monthly_and_yearly(make):
    """Vacation: 24 days on Jan 1; flex: 12 days a year, 1 on the 1st of each month."""
    return (
        make.leave_type("vacation", yearly_allowance=24),
        make.leave_type("flex", yearly_allowance=12, accrual="monthly"),
    )


def test_current_year_defaults_to_today(client, make, clock, monthly_and_yearly):
    vacation, flex = monthly_and_yearly
    clock.set("2026-03-10T12:00:00+00:00")
    ann = make.employee(hire_date=date(2020, 1, 1))
    make.request(ann, vacation, "2026-03-02", "2026-03-02", status="approved")  # past
    make.request(ann, vacation, "2026-05-04", "2026-05-04", status="approved")  # ahead
    item = balance(client, ann, ann, vacation, year=2026)
    assert (item["entitlement"], item["taken"], item["scheduled"]) == (24, 1, 1)
    assert balance(client, ann, ann, flex, year=2026)["entitlement"] == 3  # Jan, Feb, Mar


def test_future_year_shows_its_whole_accrual(client, make, clock, monthly_and_yearly):
    vacation, flex = monthly_and_yearly
    clock.set("2026-03-10T12:00:00+00:00")
    ann = make.employee(hire_date=date(2020, 1, 1))
    make.request(ann, vacation, "2027-02-01", "2027-02-02", status="approved")
    item = balance(client, ann, ann, vacation, year=2027)
    # as of 2027-12-31: the whole year credited, its leave taken by then
    assert (item["year"], item["entitlement"], item["taken"], item["scheduled"]) == (2027, 24, 2, 0)
    assert item["available"] == 22 + item["carried_over"]
    assert balance(client, ann, ann, flex, year=2027)["entitlement"] == 12
    # and the preview of the same days agrees on the entitlement
    r = client.post(
        f"{API}/requests/preview",
        json={"leave_type_id": vacation, "start_date": "2027-03-01", "end_date": "2027-03-01"},
        headers=ann.headers,
    )
    (charge,) = r.json["by_year"]
    assert charge["balance_before"] == item["available"]


def test_past_year_shows_how_it_ended(client, make, clock, monthly_and_yearly):
    vacation, flex = monthly_and_yearly
    clock.set("2026-03-10T12:00:00+00:00")
    ann = make.employee(hire_date=date(2020, 1, 1))
    make.request(ann, vacation, "2025-12-29", "2025-12-30", status="approved")
    item = balance(client, ann, ann, vacation, year=2025)
    assert (item["year"], item["entitlement"], item["taken"], item["scheduled"]) == (2025, 24, 2, 0)
    assert balance(client, ann, ann, flex, year=2025)["entitlement"] == 12


def test_as_of_alone_selects_its_year(client, make, clock, monthly_and_yearly):
    _, flex = monthly_and_yearly
    clock.set("2026-03-10T12:00:00+00:00")
    ann = make.employee(hire_date=date(2020, 1, 1))
    item = balance(client, ann, ann, flex, as_of="2025-06-15")
    assert (item["year"], item["entitlement"]) == (2025, 6)


@pytest.mark.parametrize(("year", "as_of"), [(2026, "2025-12-31"), (2025, "2026-01-01")])
def test_as_of_outside_the_year_is_422(client, make, clock, year, as_of):
    clock.set("2026-03-10T12:00:00+00:00")
    ann = make.employee()
    r = balances(client, ann, ann, year=year, as_of=as_of)
    body = assert_problem(r, 422, "validation-error", errors=["as_of"])
    assert body["errors"]["as_of"] == f"must be a date in {year}"


@pytest.mark.parametrize("year", ["x", "1800", "2026.5"])
def test_invalid_year_is_422(client, make, clock, year):
    clock.set(MONDAY)
    ann = make.employee()
    r = balances(client, ann, ann, year=year)
    assert_problem(r, 422, "validation-error", errors=["year"])


@pytest.mark.parametrize("as_of", ["x", "2026-02-30", "2026/03/01"])
def test_invalid_as_of_is_422(client, make, clock, as_of):
    clock.set(MONDAY)
    ann = make.employee()
    r = balances(client, ann, ann, as_of=as_of)
    assert_problem(r, 422, "validation-error", errors=["as_of"])


# --- usage: taken, scheduled, pending ----------------------------------------------------------


def test_available_is_entitlement_minus_taken_scheduled_and_pending(client, make, clock):
    clock.set(MONDAY)  # as_of 2026-03-02
    ann = make.employee()
    vacation = make.leave_type("vacation", yearly_allowance=25)
    make.request(ann, vacation, "2026-02-02", "2026-02-06", status="approved")  # 5, past
    make.request(ann, vacation, "2026-03-02", "2026-03-02", status="approved")  # 1, today
    make.request(ann, vacation, "2026-04-06", "2026-04-10", status="approved")  # 5, future
    make.request(ann, vacation, "2026-01-05", "2026-01-05", status="pending")  # 1, past
    make.request(ann, vacation, "2026-05-04", "2026-05-05", status="pending")  # 2, future
    make.request(ann, vacation, "2026-06-01", "2026-06-05", status="rejected")  # 5, nowhere
    make.request(ann, vacation, "2026-07-06", "2026-07-10", status="cancelled")  # 5, nowhere
    item = balance(client, ann, ann, vacation)
    # taken 5 + 1 = 6; scheduled 5; pending 1 + 2 = 3; available 25 - 6 - 5 - 3 = 11
    assert numbers(item) == {
        "entitlement": 25,
        "carried_over": 0,
        "adjustments": 0,
        "taken": 6,
        "scheduled": 5,
        "pending": 3,
        "available": 11,
    }
    assert item["unlimited"] is False


def test_half_days_count_as_half(client, make, clock):
    clock.set(MONDAY)
    ann = make.employee()
    vacation = make.leave_type("vacation", yearly_allowance=25)
    # Mon afternoon + Tue: 0.5 + 1 = 1.5, in the past -> taken
    make.request(ann, vacation, "2026-02-02", "2026-02-03", start_half=True)
    # Mon 09 + Tue 10 morning: 1 + 0.5 = 1.5, ahead -> scheduled
    make.request(ann, vacation, "2026-03-09", "2026-03-10", end_half=True)
    # one morning: 0.5 pending
    make.request(ann, vacation, "2026-03-16", "2026-03-16", status="pending", end_half=True)
    item = balance(client, ann, ann, vacation)
    # 25 - 1.5 - 1.5 - 0.5 = 21.5
    assert (item["taken"], item["scheduled"], item["pending"]) == (1.5, 1.5, 0.5)
    assert item["available"] == 21.5


@pytest.mark.parametrize(
    ("year", "as_of", "taken", "scheduled"),
    [
        (2026, "2026-12-01", 0, 4),  # Mon Dec 28, 29, 30, Thu Dec 31, all ahead
        # Fri Jan 1 taken; Mon Jan 4, Tue Jan 5 ahead (no country: no public holidays)
        (2027, "2027-01-01", 1, 2),
    ],
)
def test_request_spanning_new_year_counts_in_each_year_by_its_days(
    client, make, clock, year, as_of, taken, scheduled
):
    clock.set("2026-12-01T09:00:00+00:00")
    ann = make.employee()  # no country
    vacation = make.leave_type("vacation", yearly_allowance=25)
    make.request(ann, vacation, "2026-12-28", "2027-01-05", status="approved")  # 7 days
    item = balance(client, ann, ann, vacation, year=year, as_of=as_of)
    assert item["year"] == year
    assert (item["taken"], item["scheduled"], item["pending"]) == (taken, scheduled, 0)


def test_spanning_request_in_the_second_year_splits_by_as_of(client, make, clock):
    clock.set("2027-01-04T09:00:00+00:00")
    ann = make.employee()
    vacation = make.leave_type("vacation", yearly_allowance=25)
    make.request(ann, vacation, "2026-12-28", "2027-01-05", status="approved")
    item = balance(client, ann, ann, vacation)
    # year 2027 as of Jan 4: Jan 1 and Jan 4 taken, Jan 5 scheduled; 25 - 3 = 22
    assert item["year"] == 2027
    assert (item["taken"], item["scheduled"], item["available"]) == (2, 1, 22)
    last_year = balance(client, ann, ann, vacation, year=2026)
    assert (last_year["taken"], last_year["scheduled"]) == (4, 0)  # Dec 28-31, all past


def test_spanning_pending_request_is_pending_in_both_years(client, make, clock):
    clock.set("2026-12-01T09:00:00+00:00")
    ann = make.employee()
    vacation = make.leave_type("vacation", yearly_allowance=25)
    make.request(ann, vacation, "2026-12-28", "2027-01-05", status="pending")
    assert balance(client, ann, ann, vacation)["pending"] == 4  # Dec 28-31
    assert balance(client, ann, ann, vacation, year=2027)["pending"] == 3  # Jan 1, 4, 5


def test_other_users_and_other_leave_types_do_not_count(client, make, clock):
    clock.set(MONDAY)
    ann, bob = make.employee(), make.employee()
    vacation = make.leave_type("vacation", yearly_allowance=25)
    training = make.leave_type("training", yearly_allowance=5)
    make.request(bob, vacation, "2026-02-02", "2026-02-06")  # Bob's
    make.request(ann, training, "2026-02-09", "2026-02-10")  # 2 days of training
    make.adjustment(bob, vacation, 2026, 3)
    item = balance(client, ann, ann, vacation)
    assert (item["taken"], item["adjustments"], item["available"]) == (0, 0, 25)
    assert balance(client, ann, ann, training)["available"] == 3  # 5 - 2


# --- yearly accrual: pro-rating in the hire year -----------------------------------------------


@pytest.mark.parametrize(
    ("allowance", "hire_date", "now", "entitlement"),
    [
        # Jul 1..Dec 31 = 184 days: 25 x 184/365 = 12.60 -> nearest half 12.5
        (25, date(2026, 7, 1), "2026-08-03T09:00:00+00:00", 12.5),
        # Oct 1..Dec 31 = 92 days: 25 x 92/365 = 6.30 -> 6.5
        (25, date(2026, 10, 1), "2026-11-02T09:00:00+00:00", 6.5),
        # hired on Jan 1: 365/365 -> the whole 25
        (25, date(2026, 1, 1), MONDAY, 25),
        # Dec 31 only: 25 x 1/365 = 0.07 -> 0
        (25, date(2026, 12, 31), "2026-12-31T12:00:00+00:00", 0),
        # leap year: Jul 2..Dec 31 = 183 of 366 days: 24.5 x 183/366 = 12.25 -> ties up: 12.5
        (24.5, date(2028, 7, 2), "2028-08-01T09:00:00+00:00", 12.5),
    ],
)
def test_yearly_allowance_is_pro_rated_in_the_hire_year(
    client, make, clock, allowance, hire_date, now, entitlement
):
    clock.set(now)
    ann = make.employee(hire_date=hire_date)
    vacation = make.leave_type("vacation", yearly_allowance=allowance)
    item = balance(client, ann, ann, vacation)
    assert item["year"] == hire_date.year
    assert item["entitlement"] == entitlement
    assert item["available"] == entitlement


def test_no_entitlement_for_a_year_before_the_hire_year(client, make, clock):
    clock.set("2026-08-03T09:00:00+00:00")
    ann = make.employee(hire_date=date(2026, 7, 1))
    vacation = make.leave_type("vacation", yearly_allowance=25)
    item = balance(client, ann, ann, vacation, year=2025)
    assert item["year"] == 2025
    assert (item["entitlement"], item["carried_over"], item["available"]) == (0, 0, 0)


@pytest.mark.parametrize(
    "hire_date",
    [
        None,  # no hire date: the full allowance
        date(2025, 7, 1),  # the year after the hire year: the full allowance again
    ],
)
def test_full_yearly_entitlement_outside_the_hire_year(client, make, clock, hire_date):
    clock.set(MONDAY)
    ann = make.employee(hire_date=hire_date)
    vacation = make.leave_type("vacation", yearly_allowance=25)
    item = balance(client, ann, ann, vacation)
    assert (item["entitlement"], item["available"]) == (25, 25)


# --- monthly accrual ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("allowance", "hire_date", "as_of", "entitlement"),
    [
        # hired last year: Jan, Feb, Mar credited: 18 x 3/12 = 4.5
        (18, date(2025, 5, 10), "2026-03-15", 4.5),
        # 15 x 3/12 = 3.75 -> rounded down to 3.5
        (15, date(2025, 5, 10), "2026-03-15", 3.5),
        # hired Mar 15: first full month April; Apr, May, Jun: 18 x 3/12 = 4.5
        (18, date(2026, 3, 15), "2026-06-10", 4.5),
        # hired on Apr 1: April counts; Apr, May, Jun: 4.5
        (18, date(2026, 4, 1), "2026-06-10", 4.5),
        # hired Apr 2: first full month May; May, Jun: 18 x 2/12 = 3
        (18, date(2026, 4, 2), "2026-06-10", 3),
        # still in the partial hire month: nothing yet
        (18, date(2026, 3, 15), "2026-03-31", 0),
        # hired Dec 15 last year: January is the first full month: 18/12 = 1.5
        (18, date(2025, 12, 15), "2026-01-10", 1.5),
        # no hire date: from January; Jan..Mar: 4.5
        (18, None, "2026-03-15", 4.5),
    ],
)
def test_monthly_accrual(client, make, clock, allowance, hire_date, as_of, entitlement):
    clock.set(MONDAY)
    ann = make.employee(hire_date=hire_date)
    pto = make.leave_type("pto", yearly_allowance=allowance, accrual="monthly")
    item = balance(client, ann, ann, pto, year=2026, as_of=as_of)
    assert item["entitlement"] == entitlement
    assert item["available"] == entitlement


def test_monthly_accrual_default_as_of_is_today(client, make, clock):
    clock.set("2026-05-20T09:00:00+00:00")
    ann = make.employee(hire_date=date(2024, 2, 1))
    pto = make.leave_type("pto", yearly_allowance=12, accrual="monthly")
    make.request(ann, pto, "2026-02-02", "2026-02-03")  # 2 days taken
    item = balance(client, ann, ann, pto)
    # Jan..May = 5 months of 1 day: 5; 5 - 2 = 3
    assert (item["entitlement"], item["taken"], item["available"]) == (5, 2, 3)


def test_monthly_accrual_of_a_past_year_is_complete(client, make, clock):
    clock.set(MONDAY)
    ann = make.employee(hire_date=date(2024, 6, 1))
    pto = make.leave_type("pto", yearly_allowance=18, accrual="monthly")
    item = balance(client, ann, ann, pto, year=2025)  # as_of today (2026): all 12 months
    assert item["entitlement"] == 18


# --- carry-over --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "start", "end", "carried"),
    [
        ("approved", "2025-03-03", "2025-03-14", 5),  # used 10: 25 - 10 = 15 left -> cap 5
        ("approved", "2025-06-02", "2025-07-01", 3),  # used 22: 25 - 22 = 3 left
        ("pending", "2025-06-02", "2025-07-01", 3),  # pending counts as used: 3 left
        ("rejected", "2025-06-02", "2025-07-01", 5),  # not used: 25 left -> cap 5
        ("approved", "2025-06-02", "2025-07-11", 0),  # used 30: 25 - 30 = -5 -> 0
    ],
)
def test_carry_over_is_last_years_unused_days_capped(
    client, make, clock, status, start, end, carried
):
    clock.set(MONDAY)
    ann = make.employee(hire_date=date(2025, 1, 1))  # 2025 is the hire year: 365/365 -> 25
    vacation = make.leave_type(
        "vacation", yearly_allowance=25, carryover_max=5, allow_negative=True
    )
    make.request(ann, vacation, start, end, status=status)
    item = balance(client, ann, ann, vacation)
    assert item["carried_over"] == carried
    assert item["available"] == 25 + carried


def test_no_carry_over_without_carryover_max(client, make, clock):
    clock.set(MONDAY)
    ann = make.employee(hire_date=date(2024, 1, 1))
    vacation = make.leave_type("vacation", yearly_allowance=25)  # carryover_max defaults to 0
    item = balance(client, ann, ann, vacation)
    assert (item["carried_over"], item["available"]) == (0, 25)


def test_no_carry_over_into_the_hire_year(client, make, clock):
    clock.set(MONDAY)
    ann = make.employee(hire_date=date(2026, 1, 1))
    vacation = make.leave_type("vacation", yearly_allowance=25, carryover_max=5)
    item = balance(client, ann, ann, vacation)
    assert (item["carried_over"], item["available"]) == (0, 25)


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_carry_over_does_not_compound_beyond_the_cap(client, make, clock, year):
    clock.set(MONDAY)
    ann = make.employee(hire_date=date(2023, 1, 1))
    vacation = make.leave_type("vacation", yearly_allowance=25, carryover_max=5)
    item = balance(client, ann, ann, vacation, year=year)
    # 2023: 25 unused -> 5; 2024: 25 + 5 unused -> still 5; 2025 likewise -> 5
    assert item["carried_over"] == 5
    assert item["available"] == 30  # 25 + 5, never 25 + 10 or more


def test_carry_over_chain_uses_the_previous_carry_over(client, make, clock):
    clock.set(MONDAY)
    ann = make.employee(hire_date=date(2024, 1, 1))
    vacation = make.leave_type("vacation", yearly_allowance=25, carryover_max=5)
    make.request(ann, vacation, "2025-06-02", "2025-07-09")  # 28 days in 2025
    # 2024: 25 unused -> 5 into 2025; 2025: 25 + 5 - 28 = 2 -> 2 into 2026
    item_2025 = balance(client, ann, ann, vacation, year=2025)
    assert (item_2025["carried_over"], item_2025["taken"], item_2025["available"]) == (5, 28, 2)
    item_2026 = balance(client, ann, ann, vacation)
    assert (item_2026["carried_over"], item_2026["available"]) == (2, 27)  # 25 + 2


def test_carry_over_from_a_pro_rated_hire_year(client, make, clock):
    clock.set(MONDAY)
    ann = make.employee(hire_date=date(2025, 7, 1))
    vacation = make.leave_type("vacation", yearly_allowance=25, carryover_max=5)
    make.request(ann, vacation, "2025-09-01", "2025-09-12")  # 10 days
    # 2025: 25 x 184/365 = 12.60 -> 12.5; 12.5 - 10 = 2.5 carried
    item = balance(client, ann, ann, vacation)
    assert (item["carried_over"], item["available"]) == (2.5, 27.5)  # 25 + 2.5


def test_carry_over_from_a_monthly_accrual_year_counts_the_whole_year(client, make, clock):
    clock.set(MONDAY)
    ann = make.employee(hire_date=date(2025, 10, 15))
    pto = make.leave_type("pto", yearly_allowance=12, accrual="monthly", carryover_max=5)
    # 2025: first full month November; Nov + Dec = 2 x 12/12 = 2 unused -> 2 carried
    # 2026 as of 2026-03-02: Jan..Mar = 3; 3 + 2 = 5 available
    item = balance(client, ann, ann, pto)
    assert (item["entitlement"], item["carried_over"], item["available"]) == (3, 2, 5)


# --- adjustments -------------------------------------------------------------------------------


def test_adjustments_of_the_year_are_summed_into_available(client, make, clock):
    clock.set(MONDAY)
    admin, ann = make.admin(), make.employee()
    vacation = make.leave_type("vacation", yearly_allowance=25)
    make.adjustment(ann, vacation, 2026, 2)
    make.adjustment(ann, vacation, 2026, -1.5)
    make.request(ann, vacation, "2026-02-02", "2026-02-03")  # 2 taken
    item = balance(client, admin, ann, vacation)
    # adjustments 2 - 1.5 = 0.5; available 25 + 0.5 - 2 = 23.5
    assert numbers(item) == {
        "entitlement": 25,
        "carried_over": 0,
        "adjustments": 0.5,
        "taken": 2,
        "scheduled": 0,
        "pending": 0,
        "available": 23.5,
    }


def test_adjustments_of_other_years_do_not_count_this_year(client, make, clock):
    clock.set(MONDAY)
    ann = make.employee()
    vacation = make.leave_type("vacation", yearly_allowance=25)  # no carry-over
    make.adjustment(ann, vacation, 2025, 4)
    make.adjustment(ann, vacation, 2027, -3)
    item = balance(client, ann, ann, vacation)
    assert (item["adjustments"], item["available"]) == (0, 25)
    assert balance(client, ann, ann, vacation, year=2025)["adjustments"] == 4


@pytest.mark.parametrize(
    ("days", "carried"),
    [
        (-2, 1),  # 2025: 25 - 2 - 22 = 1
        (10, 5),  # 2025: 25 + 10 - 22 = 13 -> capped at 5
    ],
)
def test_last_years_adjustment_feeds_the_carry_over(client, make, clock, days, carried):
    clock.set(MONDAY)
    ann = make.employee(hire_date=date(2025, 1, 1))
    vacation = make.leave_type("vacation", yearly_allowance=25, carryover_max=5)
    make.request(ann, vacation, "2025-06-02", "2025-07-01")  # 22 days
    make.adjustment(ann, vacation, 2025, days)
    item = balance(client, ann, ann, vacation)
    assert (item["adjustments"], item["carried_over"]) == (0, carried)
    assert item["available"] == 25 + carried


# --- unlimited types ---------------------------------------------------------------------------


def test_unlimited_type_has_no_entitlement_or_available_but_sums_usage(client, make, clock):
    clock.set(MONDAY)
    ann = make.employee(hire_date=date(2020, 1, 1))
    sick = make.leave_type("sick", yearly_allowance=None, carryover_max=5)
    make.request(ann, sick, "2026-02-02", "2026-02-04")  # 3 taken
    make.request(ann, sick, "2026-04-06", "2026-04-07")  # 2 scheduled
    make.request(ann, sick, "2026-05-04", "2026-05-04", status="pending")  # 1 pending
    make.request(ann, sick, "2026-06-01", "2026-06-05", status="rejected")  # nowhere
    item = balance(client, ann, ann, sick)
    assert item["unlimited"] is True
    assert item["entitlement"] is None
    assert item["available"] is None
    assert (item["taken"], item["scheduled"], item["pending"]) == (3, 2, 1)
    assert item["carried_over"] == 0


# --- the balance check on POST /requests -------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "extra", "status"),
    [
        ("2026-12-07", "2026-12-18", {}, 201),  # 10 days; 12 accrued by Dec 18
        ("2026-01-12", "2026-01-23", {}, 422),  # 10 days; 1 accrued by Jan 23
        ("2026-01-12", "2026-01-12", {}, 201),  # 1 day; 1 accrued by Jan 12
        ("2026-01-12", "2026-01-13", {"end_half": True}, 422),  # 1.5 > 1
    ],
)
def test_request_is_checked_against_the_balance_as_of_its_last_day(
    client, make, clock, start, end, extra, status
):
    clock.set("2026-01-05T09:00:00+00:00")  # a Monday, nothing booked yet
    ann = make.employee()
    pto = make.leave_type("pto", yearly_allowance=12, accrual="monthly")  # 1 day a month
    r = create_request(client, ann, pto, start, end, **extra)
    if status == 201:
        assert r.status_code == 201, r.json
        assert r.json["status"] == "pending"
    else:
        body = assert_problem(r, 422, "insufficient-balance")
        assert body["detail"]


def test_booking_ahead_under_monthly_accrual_shows_as_pending(client, make, clock):
    clock.set("2026-01-05T09:00:00+00:00")
    ann = make.employee()
    pto = make.leave_type("pto", yearly_allowance=12, accrual="monthly")
    r = create_request(client, ann, pto, "2026-12-07", "2026-12-18")
    assert r.status_code == 201, r.json
    assert r.json["days"] == 10
    today = balance(client, ann, ann, pto)
    # as of Jan 5: 1 accrued, 10 pending -> 1 - 10 = -9 (the days accrue before the leave)
    assert (today["entitlement"], today["pending"], today["available"]) == (1, 10, -9)
    year_end = balance(client, ann, ann, pto, as_of="2026-12-31")
    assert (year_end["entitlement"], year_end["available"]) == (12, 2)  # 12 - 10


@pytest.mark.parametrize(
    ("end", "status"),
    [
        ("2027-01-01", 201),  # 2026: 4 <= 12; 2027: Jan 1 = 1 <= 1 accrued by Jan 1
        ("2027-01-05", 422),  # 2027: Jan 1, 4, 5 = 3 > 1 accrued by Jan 5
    ],
)
def test_request_spanning_new_year_is_checked_in_each_year(client, make, clock, end, status):
    clock.set("2026-12-01T09:00:00+00:00")
    ann = make.employee()
    pto = make.leave_type("pto", yearly_allowance=12, accrual="monthly")
    r = create_request(client, ann, pto, "2026-12-28", end)
    if status == 201:
        assert r.status_code == 201, r.json
        assert r.json["days"] == 5  # Dec 28-31 + Jan 1
    else:
        assert_problem(r, 422, "insufficient-balance")
