"""Days and hours through HTTP: work schedules, what a request deducts per date under them,
hour parts, and balances in the type's unit. The golden cases A1-A11 and A16 of the units
chapter (docs/units.md) are the tests named after them."""

import pytest

from server.tests.helpers import assert_problem

API = "/api/v1"
TODAY = "2026-12-07T09:00:00+00:00"  # a Monday

FT = [[8, 8, 8, 8, 8, 0, 0]]
PT = [[8, 8, 4, 0, 0, 0, 0]]  # 20 hours on 3 days
ALT = [[8, 8, 8, 8, 8, 0, 0], [8, 8, 8, 8, 0, 0, 0]]  # every other Friday off


@pytest.fixture
def admin(make, clock):
    clock.set(TODAY)
    return make.admin()


@pytest.fixture
def types(make):
    return {
        "days": make.leave_type("vacation", yearly_allowance=25),
        "hours": make.leave_type("flexi", yearly_allowance=160, unit="hours"),
        "by_hours": make.leave_type("weighted", yearly_allowance=25, day_weighting="by_hours"),
    }


def give_schedule(client, admin, person, weeks, effective_from="2026-12-07", **extra):
    r = client.post(
        f"{API}/users/{person.id}/schedules",
        json={"effective_from": effective_from, "weeks": weeks, **extra},
        headers=admin.headers,
    )
    assert r.status_code == 201, r.json
    return r.json


def on_schedule(client, make, admin, weeks, **extra):
    person = make.employee()
    give_schedule(client, admin, person, weeks, **extra)
    return person


def preview(client, who, leave_type_id, start, end, **extra):
    body = {"leave_type_id": leave_type_id, "start_date": start, "end_date": end, **extra}
    r = client.post(f"{API}/requests/preview", json=body, headers=who.headers)
    assert r.status_code == 200, r.json
    return r.json


def create(client, who, leave_type_id, start, end, **extra):
    body = {"leave_type_id": leave_type_id, "start_date": start, "end_date": end, **extra}
    return client.post(f"{API}/requests", json=body, headers=who.headers)


def breakdown(result):
    return [(d["date"], d["scheduled_hours"], d["amount"]) for d in result["breakdown"]]


# --- the golden cases ---------------------------------------------------------------------------


def test_a1_a_full_time_wednesday_is_one_day(client, make, admin, types):
    ft = on_schedule(client, make, admin, FT)
    day = preview(client, ft, types["days"], "2027-03-03", "2027-03-03")
    assert (day["unit"], day["amount"], day["days"]) == ("days", 1.0, 1.0)


def test_a2_the_same_wednesday_is_eight_hours(client, make, admin, types):
    ft = on_schedule(client, make, admin, FT)
    hours = preview(client, ft, types["hours"], "2027-03-03", "2027-03-03")
    assert (hours["unit"], hours["amount"], hours["days"]) == ("hours", 8.0, None)
    assert breakdown(hours) == [("2027-03-03", 8.0, 8.0)]


def test_a3_a_part_timers_week_is_three_days_and_her_days_off_are_not_weekends(
    client, make, admin, types
):
    pt = on_schedule(client, make, admin, PT)
    result = preview(client, pt, types["days"], "2027-03-01", "2027-03-05")
    assert result["amount"] == 3.0
    assert result["skipped"] == [
        {"date": "2027-03-04", "reason": "non-working"},
        {"date": "2027-03-05", "reason": "non-working"},
    ]
    # Her half Wednesday is still a working day: a whole day of a per-day type.
    assert breakdown(result) == [
        ("2027-03-01", 8.0, 1.0),
        ("2027-03-02", 8.0, 1.0),
        ("2027-03-03", 4.0, 1.0),
    ]


def test_a4_the_same_week_is_twenty_hours(client, make, admin, types):
    pt = on_schedule(client, make, admin, PT)
    result = preview(client, pt, types["hours"], "2027-03-01", "2027-03-05")
    assert (result["unit"], result["amount"]) == ("hours", 20.0)
    assert [d["amount"] for d in result["breakdown"]] == [8.0, 8.0, 4.0]


def test_a5_weighting_by_hours_changes_single_days_not_whole_weeks(client, make, admin, types):
    pt = on_schedule(client, make, admin, PT)
    result = preview(client, pt, types["by_hours"], "2027-03-01", "2027-03-05")
    assert result["amount"] == 3.0
    assert [d["amount"] for d in result["breakdown"]] == [1.2, 1.2, 0.6]


def test_a6_a_four_hour_wednesday_is_point_six_of_her_own_average_day(client, make, admin, types):
    pt = on_schedule(client, make, admin, PT)
    result = preview(client, pt, types["by_hours"], "2027-03-03", "2027-03-03")
    assert (result["unit"], result["amount"]) == ("days", 0.6)


def test_a7_half_of_a_four_hour_day_is_two_hours(client, make, admin, types):
    pt = on_schedule(client, make, admin, PT)
    result = preview(client, pt, types["hours"], "2027-03-03", "2027-03-03", start_half=True)
    assert result["amount"] == 2.0


def test_a8_a_half_on_a_day_she_does_not_work_deducts_nothing_and_is_refused(
    client, make, admin, types
):
    pt = on_schedule(client, make, admin, PT)
    r = create(client, pt, types["days"], "2027-03-04", "2027-03-04", start_half=True)
    assert_problem(r, 422, "validation-error", errors=["end_date"])


def test_a9_more_hours_than_scheduled_that_day_is_refused_by_part(client, make, admin, types):
    pt = on_schedule(client, make, admin, PT)
    parts = [{"date": "2027-03-03", "hours": 5}]
    r = create(client, pt, types["hours"], "2027-03-03", "2027-03-03", parts=parts)
    body = assert_problem(r, 422, "validation-error", errors=["parts[0].hours"])
    assert "4 hours scheduled" in body["errors"]["parts[0].hours"]
    result = preview(client, pt, types["hours"], "2027-03-03", "2027-03-03", parts=parts)
    assert [v["type"] for v in result["violations"]] == ["validation-error"]


def test_a10_alternating_weeks_count_nine_days_or_seventy_two_hours(client, make, admin, types):
    alt = make.employee()
    give_schedule(client, admin, alt, ALT, "2027-01-04", cycle_anchor="2027-01-04")
    days = preview(client, alt, types["days"], "2027-01-04", "2027-01-15")
    assert days["amount"] == 9.0
    # The second Friday is the second week's day off.
    assert {"date": "2027-01-15", "reason": "non-working"} in days["skipped"]
    assert preview(client, alt, types["hours"], "2027-01-04", "2027-01-15")["amount"] == 72.0


def test_a11_the_cycle_is_anchored_on_a_monday(client, make, admin):
    person = make.employee()
    r = client.post(
        f"{API}/users/{person.id}/schedules",
        json={"effective_from": "2027-01-04", "weeks": ALT, "cycle_anchor": "2027-01-05"},
        headers=admin.headers,
    )
    assert_problem(r, 422, "validation-error", errors=["cycle_anchor"])


def test_a16_a_types_unit_is_fixed_once_it_is_used(client, make, admin, types):
    unused = client.patch(
        f"{API}/leave-types/{types['by_hours']}", json={"unit": "hours"}, headers=admin.headers
    )
    assert unused.status_code == 200, unused.json
    ft = on_schedule(client, make, admin, FT)
    assert create(client, ft, types["days"], "2027-03-03", "2027-03-03").status_code == 201
    r = client.patch(
        f"{API}/leave-types/{types['days']}", json={"unit": "hours"}, headers=admin.headers
    )
    assert_problem(r, 409, "conflict", errors=["unit"])
    listed = client.get(f"{API}/leave-types/{types['days']}", headers=admin.headers).json
    assert listed["unit"] == "days"


# --- beyond the table ---------------------------------------------------------------------------


def test_a_request_across_a_schedule_change_counts_each_date_by_its_schedule(
    client, make, admin, types
):
    person = on_schedule(client, make, admin, FT)
    give_schedule(client, admin, person, PT, "2027-03-08")
    # Mon 1 - Fri 5 March full time, Mon 8 - Fri 12 part time.
    days = preview(client, person, types["days"], "2027-03-01", "2027-03-12")
    assert days["amount"] == 8.0
    hours = preview(client, person, types["hours"], "2027-03-01", "2027-03-12")
    assert hours["amount"] == 60.0
    assert breakdown(hours)[-3:] == [
        ("2027-03-08", 8.0, 8.0),
        ("2027-03-09", 8.0, 8.0),
        ("2027-03-10", 4.0, 4.0),
    ]


def test_the_night_clocks_change_deducts_the_scheduled_hours_not_the_clock_hours(
    client, make, admin, types
):
    # A Sunday worker in Berlin: 28 March 2027 has 23 hours on the clock, not 24.
    person = make.employee(timezone="Europe/Berlin")
    give_schedule(client, admin, person, [[0, 0, 0, 0, 0, 0, 7.5]], day_start="22:00")
    whole = preview(client, person, types["hours"], "2027-03-28", "2027-03-28")
    assert whole["amount"] == 7.5
    # Two hours from 01:30 span the missing hour on the clock: still two hours of leave.
    parts = [{"date": "2027-03-28", "hours": 2, "start_time": "01:30"}]
    r = create(client, person, types["hours"], "2027-03-28", "2027-03-28", parts=parts)
    assert r.status_code == 201, r.json
    assert (r.json["amount"], r.json["parts"]) == (2.0, parts)
    # Half of a 7.5-hour day is exact to the hundredth.
    half = preview(client, person, types["hours"], "2027-10-31", "2027-10-31", end_half=True)
    assert half["amount"] == 3.75


def test_an_hour_request_is_stored_with_its_parts_and_breakdown(client, make, admin, types):
    pt = on_schedule(client, make, admin, PT)
    parts = [{"date": "2027-03-03", "hours": 2, "start_time": "13:00"}]
    r = create(client, pt, types["hours"], "2027-03-01", "2027-03-03", parts=parts)
    assert r.status_code == 201, r.json
    assert (r.json["unit"], r.json["amount"], r.json["days"]) == ("hours", 18.0, None)
    assert breakdown(r.json) == [
        ("2027-03-01", 8.0, 8.0),
        ("2027-03-02", 8.0, 8.0),
        ("2027-03-03", 4.0, 2.0),
    ]
    again = client.get(f"{API}/requests/{r.json['id']}", headers=pt.headers).json
    assert again == r.json
    # Changing only the reason keeps the parts; new dates without parts drop them.
    kept = client.patch(
        f"{API}/requests/{r.json['id']}", json={"reason": "Dentist"}, headers=pt.headers
    )
    assert (kept.json["amount"], kept.json["parts"]) == (18.0, parts)
    moved = client.patch(
        f"{API}/requests/{r.json['id']}", json={"end_date": "2027-03-02"}, headers=pt.headers
    )
    assert (moved.json["amount"], moved.json["parts"]) == (16.0, [])


def test_parts_are_for_hour_types_and_halves_only_where_the_type_allows(client, make, admin, types):
    ft = on_schedule(client, make, admin, FT)
    parts = [{"date": "2027-03-03", "hours": 2}]
    r = create(client, ft, types["days"], "2027-03-03", "2027-03-03", parts=parts)
    assert_problem(r, 422, "validation-error", errors=["parts"])
    outside = [{"date": "2027-03-05", "hours": 2}]
    r = create(client, ft, types["hours"], "2027-03-03", "2027-03-03", parts=outside)
    assert_problem(r, 422, "validation-error", errors=["parts[0].date"])
    whole_days = make.leave_type("training", allow_half_days=False)
    r = create(client, ft, whole_days, "2027-03-03", "2027-03-04", end_half=True)
    assert_problem(r, 422, "validation-error", errors=["end_half"])
    at_least_an_hour = make.leave_type("appointments", unit="hours", min_request_hours=1)
    quarter = [{"date": "2027-03-03", "hours": 0.5}]
    r = create(client, ft, at_least_an_hour, "2027-03-03", "2027-03-03", parts=quarter)
    assert_problem(r, 422, "validation-error", errors=["parts"])


def test_balances_are_kept_in_the_types_unit_with_the_other_unit_as_a_hint(
    client, make, admin, types
):
    pt = on_schedule(client, make, admin, PT)
    assert create(client, pt, types["hours"], "2026-12-14", "2026-12-16").status_code == 201
    r = client.get(f"{API}/users/{pt.id}/balances", headers=pt.headers)
    items = {b["leave_type_id"]: b for b in r.json["items"]}
    hours = items[types["hours"]]
    assert (hours["unit"], hours["pending"], hours["available"]) == ("hours", 20.0, 140.0)
    # 140 hours over her 20/3-hour average day.
    assert hours["display_equivalent"] == 21.0
    days = items[types["days"]]
    assert (days["unit"], days["available"], days["display_equivalent"]) == ("days", 25.0, 166.67)


def test_a_schedule_shows_what_it_derives(client, make, admin):
    person = make.employee()
    created = give_schedule(client, admin, person, PT, "2027-01-06", day_start="08:30")
    assert created["cycle_anchor"] == "2027-01-04"  # the Monday on or before
    assert (created["weekly_hours_avg"], created["working_days_per_week_avg"]) == (20.0, 3.0)
    assert created["reference_day_hours"] == 6.67
    assert created["day_start"] == "08:30"
    alt = give_schedule(client, admin, person, ALT, "2027-02-01")
    assert (alt["weekly_hours_avg"], alt["working_days_per_week_avg"]) == (36.0, 4.5)
    assert alt["reference_day_hours"] == 8.0
    listed = client.get(f"{API}/users/{person.id}/schedules", headers=person.headers).json
    assert [s["effective_from"] for s in listed["items"]] == [
        "2027-02-01",
        "2027-01-06",
        "1900-01-01",
    ]


def test_work_days_is_the_projection_of_the_schedule_in_force_today(client, make, admin):
    person = make.employee()
    give_schedule(client, admin, person, PT)
    record = client.get(f"{API}/users/{person.id}", headers=admin.headers).json
    assert record["work_days"] == [0, 1, 2]
    # An older client's PATCH of work_days writes this week's schedule: 8 hours a day.
    r = client.patch(
        f"{API}/users/{person.id}", json={"work_days": [0, 1, 2, 3]}, headers=admin.headers
    )
    assert r.json["work_days"] == [0, 1, 2, 3]
    listed = client.get(f"{API}/users/{person.id}/schedules", headers=admin.headers).json
    newest = listed["items"][0]
    assert (newest["effective_from"], newest["weeks"]) == ("2026-12-07", [[8, 8, 8, 8, 0, 0, 0]])


def test_a_past_dated_schedule_shows_the_recount_and_changes_nothing_unless_asked(
    client, make, admin, types
):
    person = make.employee()
    booked = create(client, person, types["days"], "2027-03-01", "2027-03-05").json
    assert booked["amount"] == 5.0
    created = give_schedule(client, admin, person, PT, "2026-11-02")
    assert created["recalculation"] == [
        {
            "request_id": booked["id"],
            "status": "pending",
            "before": 5.0,
            "after": 3.0,
            "delta": -2.0,
            "recounted": False,
        }
    ]
    kept = client.get(f"{API}/requests/{booked['id']}", headers=person.headers).json
    assert kept["amount"] == 5.0
    again = give_schedule(client, admin, person, PT, "2026-11-02", recount=True)
    assert again["recalculation"][0]["recounted"] is True
    recounted = client.get(f"{API}/requests/{booked['id']}", headers=person.headers).json
    assert (recounted["amount"], len(recounted["breakdown"])) == (3.0, 3)


def test_only_a_schedule_that_has_not_started_can_be_deleted(client, make, admin):
    person = make.employee()
    started = give_schedule(client, admin, person, PT)
    future = give_schedule(client, admin, person, FT, "2027-01-04")
    url = f"{API}/users/{person.id}/schedules"
    assert_problem(client.delete(f"{url}/{started['id']}", headers=admin.headers), 409, "conflict")
    assert client.delete(f"{url}/{future['id']}", headers=admin.headers).status_code == 204
    assert_problem(client.get(f"{url}/{future['id']}", headers=admin.headers), 404, "not-found")
    other = make.employee()
    assert_problem(
        client.delete(f"{API}/users/{other.id}/schedules/{started['id']}", headers=admin.headers),
        404,
        "not-found",
    )


@pytest.mark.parametrize(
    ("weeks", "field"),
    [
        ([], "weeks"),
        ([[8, 8, 8, 8, 8, 0, 0]] * 5, "weeks"),
        ([[8, 8, 8, 8, 8, 0]], "weeks"),
        ([[8, 8, 8, 8, 8.1, 0, 0]], "weeks"),
        ([[25, 0, 0, 0, 0, 0, 0]], "weeks"),
        ([[0, 0, 0, 0, 0, 0, 0]], "weeks"),
        ([["8", 8, 8, 8, 8, 0, 0]], "weeks"),
    ],
)
def test_a_schedule_that_cannot_be_is_422(client, make, admin, weeks, field):
    person = make.employee()
    r = client.post(
        f"{API}/users/{person.id}/schedules",
        json={"effective_from": "2027-01-04", "weeks": weeks},
        headers=admin.headers,
    )
    assert_problem(r, 422, "validation-error", errors=[field])


def test_a_recount_stores_new_dates_even_when_the_total_stays_the_same(client, make, admin, types):
    pt = on_schedule(client, make, admin, PT)
    booked = create(client, pt, types["hours"], "2027-03-01", "2027-03-05").json
    assert booked["amount"] == 20.0
    # The same 20 hours, now Wednesday to Friday.
    created = give_schedule(client, admin, pt, [[0, 0, 4, 8, 8, 0, 0]], "2027-01-04", recount=True)
    assert created["recalculation"][0]["recounted"] is True
    again = client.get(f"{API}/requests/{booked['id']}", headers=pt.headers).json
    assert breakdown(again) == [
        ("2027-03-03", 4.0, 4.0),
        ("2027-03-04", 8.0, 8.0),
        ("2027-03-05", 8.0, 8.0),
    ]


def test_a_recount_to_nothing_keeps_the_request_as_it_is_and_says_so(client, make, admin, types):
    ft = on_schedule(client, make, admin, FT)
    thursday = create(client, ft, types["hours"], "2027-03-04", "2027-03-04").json
    created = give_schedule(client, admin, ft, PT, "2027-01-04", recount=True)
    assert created["recalculation"] == [
        {
            "request_id": thursday["id"],
            "status": "pending",
            "before": 8.0,
            "after": 0.0,
            "delta": -8.0,
            "recounted": False,
        }
    ]
    kept = client.get(f"{API}/requests/{thursday['id']}", headers=ft.headers).json
    assert kept["amount"] == 8.0


def test_a_recount_drops_a_part_the_new_schedule_has_no_room_for(client, make, admin, types):
    ft = on_schedule(client, make, admin, FT)
    parts = [{"date": "2027-03-02", "hours": 6, "start_time": "10:00"}]
    booked = create(client, ft, types["hours"], "2027-03-01", "2027-03-02", parts=parts).json
    assert booked["amount"] == 14.0
    give_schedule(client, admin, ft, [[8, 4, 8, 8, 8, 0, 0]], "2027-01-04", recount=True)
    again = client.get(f"{API}/requests/{booked['id']}", headers=ft.headers).json
    # Tuesday has 4 hours now: the 6-hour part gives way to the (whole, shorter) day.
    assert (again["amount"], again["parts"]) == (12.0, [])
    # The request stays editable: nothing stored contradicts the schedule.
    r = client.patch(f"{API}/requests/{booked['id']}", json={"reason": "x"}, headers=ft.headers)
    assert r.status_code == 200, r.json


def test_a_part_on_a_holiday_is_refused(client, make, admin, types):
    ft = on_schedule(client, make, admin, FT)
    make.holiday("2027-03-03", "Founders Day")
    parts = [{"date": "2027-03-03", "hours": 2}]
    r = create(client, ft, types["hours"], "2027-03-03", "2027-03-04", parts=parts)
    body = assert_problem(r, 422, "validation-error", errors=["parts[0].date"])
    assert "Founders Day" in body["errors"]["parts[0].date"]


def test_a_new_unit_needs_amounts_that_suit_it(client, make, admin):
    flexi = make.leave_type("flexi", unit="hours", yearly_allowance=37.25)
    r = client.patch(f"{API}/leave-types/{flexi}", json={"unit": "days"}, headers=admin.headers)
    assert_problem(r, 422, "validation-error", errors=["yearly_allowance"])
    r = client.patch(
        f"{API}/leave-types/{flexi}",
        json={"unit": "days", "yearly_allowance": 5},
        headers=admin.headers,
    )
    assert (r.status_code, r.json["unit"], r.json["yearly_allowance"]) == (200, "days", 5.0)


def test_moving_a_part_is_an_audited_change_the_calendar_sees(client, make, admin, types):
    ft = on_schedule(client, make, admin, FT)
    parts = [{"date": "2027-03-03", "hours": 2, "start_time": "13:00"}]
    booked = create(client, ft, types["hours"], "2027-03-03", "2027-03-03", parts=parts).json
    moved = [{"date": "2027-03-03", "hours": 2, "start_time": "08:00"}]
    r = client.patch(f"{API}/requests/{booked['id']}", json={"parts": moved}, headers=ft.headers)
    assert (r.status_code, r.json["parts"]) == (200, moved)
    trail = client.get(
        f"{API}/audit",
        query_string={"entity": "leave_request", "entity_id": booked["id"]},
        headers=admin.headers,
    ).json["items"]
    updated = [e for e in trail if e["action"] == "leave_request.updated"]
    assert [list(e["changes"]) for e in updated] == [["parts"]]
