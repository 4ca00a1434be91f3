"""The rules of a leave request, checked on hand-counted examples through preview and POST."""

import threading
from datetime import date

import pytest

from server.tests.helpers import assert_problem

API = "/api/v1"
MONDAY = "2026-03-02T09:00:00+00:00"  # 2026-03-02 is a Monday


def body_for(leave_type_id, start, end, **extra):
    return {"leave_type_id": leave_type_id, "start_date": start, "end_date": end, **extra}


def create(client, who, leave_type_id, start, end, **extra):
    return client.post(
        f"{API}/requests", json=body_for(leave_type_id, start, end, **extra), headers=who.headers
    )


def preview(client, who, leave_type_id, start, end, **extra):
    r = client.post(
        f"{API}/requests/preview",
        json=body_for(leave_type_id, start, end, **extra),
        headers=who.headers,
    )
    assert r.status_code == 200, r.get_json()
    return r.json


def violation_types(result):
    return [v["type"] for v in result["violations"]]


def balance(client, who, person, leave_type_id, **params):
    r = client.get(f"{API}/users/{person.id}/balances", query_string=params, headers=who.headers)
    assert r.status_code == 200, r.get_json()
    (item,) = [b for b in r.json["items"] if b["leave_type_id"] == leave_type_id]
    return item


# --- counting days -----------------------------------------------------------------------------


def test_us_range_over_a_weekend_and_an_observed_public_holiday(client, make, clock, vacation):
    clock.set(MONDAY)
    sam = make.employee(country="US")
    # Mon 29 Jun, Tue 30, Wed 1 Jul, Thu 2 counted; Fri 3 Jul is Independence Day observed
    # (4 July 2026 is a Saturday); Sat 4 and Sun 5 weekend; Mon 6 counted -> 5 days.
    result = preview(client, sam, vacation, "2026-06-29", "2026-07-06")
    assert result["days"] == 5.0
    assert result["dates"] == [
        "2026-06-29",
        "2026-06-30",
        "2026-07-01",
        "2026-07-02",
        "2026-07-06",
    ]
    assert result["skipped"] == [
        {"date": "2026-07-03", "reason": "holiday", "name": "Independence Day (observed)"},
        {"date": "2026-07-04", "reason": "weekend"},  # the weekend wins over the holiday
        {"date": "2026-07-05", "reason": "weekend"},
    ]
    assert (result["balance_before"], result["balance_after"]) == (25.0, 20.0)  # 25 - 5
    r = create(client, sam, vacation, "2026-06-29", "2026-07-06")
    assert r.status_code == 201, r.json
    assert r.json["days"] == 5.0


def test_same_range_without_a_country_counts_the_holiday(client, make, clock, vacation):
    clock.set(MONDAY)
    nomad = make.employee()  # no country: no public holidays at all
    # Jun 29, 30, Jul 1, 2, 3, 6 -> 6 days (only Sat 4 and Sun 5 skipped).
    assert preview(client, nomad, vacation, "2026-06-29", "2026-07-06")["days"] == 6.0


def test_observed_boxing_day_in_england(client, make, clock, vacation):
    clock.set(MONDAY)
    emma = make.employee(country="GB", subdivision="ENG")
    # 25 Dec 2026 is a Friday (Christmas), 26 Dec a Saturday (Boxing Day), observed on
    # Monday 28 Dec. Mon 28 skipped, Tue 29 counted -> 1 day.
    result = preview(client, emma, vacation, "2026-12-28", "2026-12-29")
    assert result["days"] == 1.0
    assert result["dates"] == ["2026-12-29"]
    assert result["skipped"] == [
        {"date": "2026-12-28", "reason": "holiday", "name": "Boxing Day (observed)"}
    ]
    # The observed day alone costs nothing -> refused.
    assert_problem(
        create(client, emma, vacation, "2026-12-28", "2026-12-28"), 422, "validation-error"
    )


def test_company_holiday_for_one_country_only(client, make, clock, vacation):
    clock.set(MONDAY)
    make.holiday(date(2026, 3, 11), "Betriebsausflug", country="DE")
    make.holiday(date(2026, 3, 13), "Company Day")  # everyone
    hans = make.employee(country="DE")
    sam = make.employee(country="US")
    # Mon 9 .. Fri 13 March; no public holiday in either country that week.
    # DE: minus Wed 11 (DE company day) and Fri 13 (global company day) -> 3 days.
    de = preview(client, hans, vacation, "2026-03-09", "2026-03-13")
    assert de["days"] == 3.0
    assert de["skipped"] == [
        {"date": "2026-03-11", "reason": "holiday", "name": "Betriebsausflug"},
        {"date": "2026-03-13", "reason": "holiday", "name": "Company Day"},
    ]
    # US: only Fri 13 (global) -> 4 days.
    us = preview(client, sam, vacation, "2026-03-09", "2026-03-13")
    assert us["days"] == 4.0
    assert us["skipped"] == [{"date": "2026-03-13", "reason": "holiday", "name": "Company Day"}]


def test_half_days_at_both_ends(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    # Mon 9 .. Fri 13 = 5, minus 0.5 (Monday afternoon only) and 0.5 (Friday morning only).
    r = create(client, ann, vacation, "2026-03-09", "2026-03-13", start_half=True, end_half=True)
    assert r.status_code == 201, r.json
    assert r.json["days"] == 4.0
    assert (r.json["start_half"], r.json["end_half"]) == (True, True)


@pytest.mark.parametrize(
    ("start", "end", "flags", "days"),
    [
        # Mon 9 .. Sun 15: Sunday is not worked, so end_half removes nothing -> 5.
        ("2026-03-09", "2026-03-15", {"end_half": True}, 5.0),
        # Sat 7 .. Fri 13: Saturday is not worked, so start_half removes nothing -> 5.
        ("2026-03-07", "2026-03-13", {"start_half": True}, 5.0),
        # Mon 9 .. Fri 13 with end_half on the Friday -> 4.5.
        ("2026-03-09", "2026-03-13", {"end_half": True}, 4.5),
        # A single Wednesday, morning only -> 0.5.
        ("2026-03-11", "2026-03-11", {"end_half": True}, 0.5),
    ],
)
def test_half_flags_only_count_on_working_days(
    client, make, clock, vacation, start, end, flags, days
):
    clock.set(MONDAY)
    ann = make.employee()
    assert preview(client, ann, vacation, start, end, **flags)["days"] == days
    r = create(client, ann, vacation, start, end, **flags)
    assert r.status_code == 201, r.json
    assert r.json["days"] == days


def test_half_flag_on_a_holiday_removes_nothing(client, make, clock, vacation):
    clock.set(MONDAY)
    make.holiday(date(2026, 3, 13), "Company Day")
    ann = make.employee()
    # Mon 9 .. Fri 13 with Friday a holiday: 4 full days; end_half falls on the holiday.
    assert preview(client, ann, vacation, "2026-03-09", "2026-03-13", end_half=True)["days"] == 4.0


def test_morning_and_afternoon_of_the_same_day_do_not_overlap(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    day = "2026-03-11"
    morning = create(client, ann, vacation, day, day, end_half=True)
    assert morning.status_code == 201, morning.json
    assert morning.json["days"] == 0.5
    afternoon = create(client, ann, vacation, day, day, start_half=True)
    assert afternoon.status_code == 201, afternoon.json
    assert afternoon.json["days"] == 0.5
    # The whole day now overlaps both halves.
    result = preview(client, ann, vacation, day, day)
    assert sorted(result["overlaps"]) == sorted([morning.json["id"], afternoon.json["id"]])
    assert_problem(create(client, ann, vacation, day, day), 409, "conflict")
    # A second morning overlaps the first morning only.
    assert_problem(create(client, ann, vacation, day, day, end_half=True), 409, "conflict")


def test_afternoon_start_does_not_overlap_a_morning_end_on_the_same_date(
    client, make, clock, vacation
):
    clock.set(MONDAY)
    ann = make.employee()
    # First: Mon 9 .. Wed 11 morning; second: Wed 11 afternoon .. Fri 13.
    first = create(client, ann, vacation, "2026-03-09", "2026-03-11", end_half=True)
    assert first.json["days"] == 2.5  # 1 + 1 + 0.5
    second = create(client, ann, vacation, "2026-03-11", "2026-03-13", start_half=True)
    assert second.status_code == 201, second.json
    assert second.json["days"] == 2.5  # 0.5 + 1 + 1


def test_both_halves_on_one_day_is_422(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    r = create(client, ann, vacation, "2026-03-11", "2026-03-11", start_half=True, end_half=True)
    body = assert_problem(r, 422, "validation-error")
    assert set(body["errors"]) & {"start_half", "end_half"}


def test_end_before_start_is_422(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    r = create(client, ann, vacation, "2026-03-13", "2026-03-09")
    assert_problem(r, 422, "validation-error", errors=["end_date"])


def test_weekend_only_range_is_422(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    # Sat 7 .. Sun 8 March: 0 working days.
    result = preview(client, ann, vacation, "2026-03-07", "2026-03-08")
    assert result["days"] == 0.0
    assert result["dates"] == []
    assert violation_types(result) == ["validation-error"]
    assert_problem(
        create(client, ann, vacation, "2026-03-07", "2026-03-08"), 422, "validation-error"
    )


def test_custom_work_week_sunday_to_thursday(client, make, clock, vacation):
    clock.set(MONDAY)
    noor = make.employee(work_days=[6, 0, 1, 2, 3])  # Sun, Mon, Tue, Wed, Thu
    # Fri 13 .. Sat 14 March: neither is worked -> 0 days -> 422.
    assert_problem(
        create(client, noor, vacation, "2026-03-13", "2026-03-14"), 422, "validation-error"
    )
    # Sun 8 .. Sat 14: Sun 8, Mon 9, Tue 10, Wed 11, Thu 12 -> 5 days.
    result = preview(client, noor, vacation, "2026-03-08", "2026-03-14")
    assert result["days"] == 5.0
    assert result["dates"] == [
        "2026-03-08",
        "2026-03-09",
        "2026-03-10",
        "2026-03-11",
        "2026-03-12",
    ]
    assert [s["date"] for s in result["skipped"]] == ["2026-03-13", "2026-03-14"]


# --- across New Year ---------------------------------------------------------------------------


def test_range_across_new_year_is_charged_to_each_year(client, make, clock):
    clock.set(MONDAY)
    holiday = make.leave_type("holiday", yearly_allowance=25, requires_approval=False)
    ann = make.employee()  # no country: no public holidays
    # 2026: Mon 28, Tue 29, Wed 30, Thu 31 Dec -> 4 days.
    # 2027: Fri 1 Jan (1 Jan 2026 was a Thursday, 2026 has 365 days), Sat 2 / Sun 3 weekend,
    #       Mon 4, Tue 5 -> 3 days. Total 7.
    result = preview(client, ann, holiday, "2026-12-28", "2027-01-05")
    assert result["days"] == 7.0
    assert result["by_year"] == [
        {"year": 2026, "days": 4.0, "amount": 4.0, "balance_before": 25.0, "balance_after": 21.0},
        {"year": 2027, "days": 3.0, "amount": 3.0, "balance_before": 25.0, "balance_after": 22.0},
    ]
    assert (result["balance_before"], result["balance_after"]) == (25.0, 21.0)  # start year
    r = create(client, ann, holiday, "2026-12-28", "2027-01-05")
    assert r.status_code == 201, r.json
    assert (r.json["status"], r.json["days"]) == ("approved", 7.0)
    # 2026 as of today (2 March): the 4 days are still ahead -> scheduled; 25 - 4 = 21.
    b2026 = balance(client, ann, ann, holiday, year=2026)
    assert (b2026["scheduled"], b2026["taken"], b2026["available"]) == (4.0, 0.0, 21.0)
    # 2027 as of its last day: the full allowance is credited and the 3 days are taken.
    b2027 = balance(client, ann, ann, holiday, year=2027, as_of="2027-12-31")
    assert (b2027["entitlement"], b2027["taken"], b2027["available"]) == (25.0, 3.0, 22.0)


def test_new_year_balance_is_checked_per_year(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    make.adjustment(ann, vacation, 2027, -23)  # 2027: 25 - 23 = 2 left
    # 2027 part is 3 days (Jan 1, 4, 5) > 2 -> insufficient, though 2026 has plenty.
    result = preview(client, ann, vacation, "2026-12-28", "2027-01-05")
    assert result["by_year"][1] == {
        "year": 2027,
        "days": 3.0,
        "amount": 3.0,
        "balance_before": 2.0,
        "balance_after": -1.0,
    }
    assert violation_types(result) == ["insufficient-balance"]
    assert_problem(
        create(client, ann, vacation, "2026-12-28", "2027-01-05"), 422, "insufficient-balance"
    )
    # Ending on Mon 4 Jan: 2027 part is 2 days -> fits exactly.
    assert create(client, ann, vacation, "2026-12-28", "2027-01-04").status_code == 201


# --- dates relative to today -------------------------------------------------------------------


def test_past_start_is_refused_for_an_employee(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    r = create(client, ann, vacation, "2026-02-27", "2026-03-03")
    assert_problem(r, 422, "validation-error", errors=["start_date"])


def test_starting_today_is_not_in_the_past(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    r = create(client, ann, vacation, "2026-03-02", "2026-03-02")
    assert r.status_code == 201, r.json


def test_past_start_allowed_when_the_type_allows_past(client, make, clock):
    clock.set(MONDAY)
    sick = make.leave_type("sick", yearly_allowance=10, allow_past=True)
    ann = make.employee()
    # Thu 26 Feb .. Tue 3 Mar: Thu, Fri, Mon, Tue -> 4 days.
    r = create(client, ann, sick, "2026-02-26", "2026-03-03")
    assert r.status_code == 201, r.json
    assert r.json["days"] == 4.0


def test_past_start_allowed_for_an_admin_filing_for_someone(client, make, clock, vacation):
    clock.set(MONDAY)
    admin = make.admin()
    ann = make.employee()
    r = create(client, admin, vacation, "2026-02-23", "2026-02-27", user_id=ann.id)
    assert r.status_code == 201, r.json
    assert (r.json["user_id"], r.json["days"]) == (ann.id, 5.0)


@pytest.mark.parametrize(
    ("start", "ok"),
    [
        ("2026-03-06", False),  # today: 0 days' notice
        ("2026-03-09", False),  # Mon, 3 days ahead
        ("2026-03-10", False),  # Tue, 4 days ahead
        ("2026-03-11", True),  # Wed, exactly 5 days ahead
        ("2026-03-12", True),  # Thu, 6 days ahead
    ],
)
def test_min_notice_days(client, make, clock, start, ok):
    clock.set("2026-03-06T09:00:00+00:00")  # a Friday
    planned = make.leave_type("planned", yearly_allowance=25, min_notice_days=5)
    ann = make.employee()
    r = create(client, ann, planned, start, "2026-03-13")
    if ok:
        assert r.status_code == 201, r.json
    else:
        assert_problem(r, 422, "validation-error", errors=["start_date"])


@pytest.mark.parametrize("for_self", [True, False])
def test_admin_is_exempt_from_min_notice(client, make, clock, for_self):
    clock.set("2026-03-06T09:00:00+00:00")  # a Friday
    planned = make.leave_type("planned", yearly_allowance=25, min_notice_days=5)
    admin = make.admin()
    extra = {} if for_self else {"user_id": make.employee().id}
    # Mon 9 March is 3 days ahead, less than 5.
    r = create(client, admin, planned, "2026-03-09", "2026-03-09", **extra)
    assert r.status_code == 201, r.json


@pytest.mark.parametrize(
    ("end", "ok"),
    [
        # 2026-03-02 + 365 = 2027-03-02; + 365 more (29 Feb 2028 included) = 2028-03-01.
        ("2028-03-01", True),  # exactly 730 days ahead (a Wednesday)
        ("2028-03-02", False),  # 731 days ahead (a Thursday)
    ],
)
def test_end_date_at_most_730_days_ahead(client, make, clock, vacation, end, ok):
    clock.set(MONDAY)
    ann = make.employee()
    r = create(client, ann, vacation, end, end)
    if ok:
        assert r.status_code == 201, r.json
    else:
        assert_problem(r, 422, "validation-error", errors=["end_date"])


def test_far_east_user_whose_today_is_tomorrow_cannot_book_yesterday(client, make, clock, vacation):
    # 11:30 UTC on Monday 2 March = 01:30 on Tuesday 3 March in Kiritimati (UTC+14).
    clock.set("2026-03-02T11:30:00+00:00")
    kiri = make.employee(timezone="Pacific/Kiritimati")
    utc = make.employee(timezone="UTC")
    assert_problem(
        create(client, kiri, vacation, "2026-03-02", "2026-03-02"),
        422,
        "validation-error",
        errors=["start_date"],
    )
    assert create(client, kiri, vacation, "2026-03-03", "2026-03-03").status_code == 201
    r = create(client, utc, vacation, "2026-03-02", "2026-03-02")
    assert r.status_code == 201, r.json


def test_far_west_user_still_on_the_same_day_can_book_it(client, make, clock, vacation):
    # 11:30 UTC on 2 March = 00:30 on 2 March in Pago Pago (UTC-11): still Monday there.
    clock.set("2026-03-02T11:30:00+00:00")
    pago = make.employee(timezone="Pacific/Pago_Pago")
    r = create(client, pago, vacation, "2026-03-02", "2026-03-02")
    assert r.status_code == 201, r.json


def test_far_west_user_can_still_book_what_is_yesterday_in_utc(client, make, clock, vacation):
    # 05:00 UTC on Tue 3 March = 18:00 on Mon 2 March in Pago Pago (UTC-11).
    clock.set("2026-03-03T05:00:00+00:00")
    pago = make.employee(timezone="Pacific/Pago_Pago")
    utc = make.employee(timezone="UTC")
    assert create(client, pago, vacation, "2026-03-02", "2026-03-02").status_code == 201
    assert_problem(
        create(client, utc, vacation, "2026-03-02", "2026-03-02"), 422, "validation-error"
    )


# --- overlap -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["pending", "approved"])
def test_overlap_with_own_active_request_is_409(client, make, clock, vacation, status):
    clock.set(MONDAY)
    ann = make.employee()
    make.request(ann, vacation, "2026-03-11", "2026-03-16", status=status)
    r = create(client, ann, vacation, "2026-03-09", "2026-03-11")
    body = assert_problem(r, 409, "conflict")
    assert body["detail"] == f"Overlaps your {status} Vacation from 2026-03-11 to 2026-03-16."


@pytest.mark.parametrize("status", ["rejected", "cancelled"])
def test_rejected_or_cancelled_request_does_not_block(client, make, clock, vacation, status):
    clock.set(MONDAY)
    ann = make.employee()
    make.request(ann, vacation, "2026-03-09", "2026-03-13", status=status)
    r = create(client, ann, vacation, "2026-03-09", "2026-03-13")
    assert r.status_code == 201, r.json
    assert r.json["days"] == 5.0


def test_someone_elses_request_does_not_block(client, make, clock, vacation):
    clock.set(MONDAY)
    ann, bob = make.employee(), make.employee()
    make.request(bob, vacation, "2026-03-09", "2026-03-13", status="approved")
    assert create(client, ann, vacation, "2026-03-09", "2026-03-13").status_code == 201


def test_adjacent_requests_do_not_overlap(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    make.request(ann, vacation, "2026-03-09", "2026-03-10", status="approved")
    assert create(client, ann, vacation, "2026-03-11", "2026-03-12").status_code == 201


# --- balance -----------------------------------------------------------------------------------


def test_request_longer_than_the_balance_is_insufficient_balance(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    # 2026-03-09 .. 2026-04-13: Mar 9-13, 16-20, 23-27, Mar 30-Apr 3, Apr 6-10 = 25 days,
    # + Mon 13 Apr = 26 working days (no country: Good Friday is a working day) > 25.
    result = preview(client, ann, vacation, "2026-03-09", "2026-04-13")
    assert result["days"] == 26.0
    assert (result["balance_before"], result["balance_after"]) == (25.0, -1.0)
    assert violation_types(result) == ["insufficient-balance"]
    r = create(client, ann, vacation, "2026-03-09", "2026-04-13")
    body = assert_problem(r, 422, "insufficient-balance")
    assert body["title"]
    # 25 days (ending Fri 10 April) fit exactly.
    r = create(client, ann, vacation, "2026-03-09", "2026-04-10")
    assert r.status_code == 201, r.json
    assert r.json["days"] == 25.0


def test_balance_after_an_existing_approved_request(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    # 2026-03-09 .. 2026-04-03: four full weeks = 20 days approved; 25 - 20 = 5 left.
    make.request(ann, vacation, "2026-03-09", "2026-04-03", status="approved")
    # 2026-04-13 .. 2026-04-20: Apr 13-17 (5) + Mon 20 = 6 > 5.
    assert_problem(
        create(client, ann, vacation, "2026-04-13", "2026-04-20"), 422, "insufficient-balance"
    )
    # 2026-04-13 .. 2026-04-17: 5 days = 5 left.
    r = create(client, ann, vacation, "2026-04-13", "2026-04-17")
    assert r.status_code == 201, r.json
    assert balance(client, ann, ann, vacation, year=2026)["available"] == 0.0


def test_pending_requests_hold_their_days(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    make.request(ann, vacation, "2026-03-09", "2026-04-03", status="pending")  # 20 days
    # 6 more days on 25 - 20 = 5 left.
    assert_problem(
        create(client, ann, vacation, "2026-04-13", "2026-04-20"), 422, "insufficient-balance"
    )


@pytest.mark.real_commits  # two threads, two connections
@pytest.mark.postgres
def test_parallel_requests_never_overdraw_the_balance(app, client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    # Two 15-day requests on 25 days: Mar 9 .. Mar 27 and Apr 6 .. Apr 24 (three full weeks
    # each). Either fits alone; both would leave 25 - 30 = -5.
    ranges = [("2026-03-09", "2026-03-27"), ("2026-04-06", "2026-04-24")]
    barrier = threading.Barrier(len(ranges))
    results = []

    def post(start, end):
        own_client = app.test_client()
        barrier.wait()
        r = own_client.post(
            f"{API}/requests", json=body_for(vacation, start, end), headers=ann.headers
        )
        results.append((r.status_code, r.get_json().get("type")))

    threads = [threading.Thread(target=post, args=dates) for dates in ranges]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results, key=lambda x: x[0]) == [
        (201, None),
        (422, "/problems/insufficient-balance"),
    ]
    b = balance(client, ann, ann, vacation, year=2026)
    assert (b["pending"], b["available"]) == (15.0, 10.0)  # 25 - 15


def test_allow_negative_lets_an_overdraft_through(client, make, clock):
    clock.set(MONDAY)
    flexible = make.leave_type("flexible", yearly_allowance=25, allow_negative=True)
    ann = make.employee()
    # 26 working days (see above) on 25 -> -1 allowed.
    result = preview(client, ann, flexible, "2026-03-09", "2026-04-13")
    assert (result["balance_after"], result["violations"]) == (-1.0, [])
    r = create(client, ann, flexible, "2026-03-09", "2026-04-13")
    assert r.status_code == 201, r.json
    assert r.json["days"] == 26.0


def test_unlimited_type_never_fails_the_balance(client, make, clock):
    clock.set(MONDAY)
    sick = make.leave_type("sick", yearly_allowance=None)
    ann = make.employee()
    # 2026-03-09 .. 2026-05-29: twelve full weeks = 60 days.
    r = create(client, ann, sick, "2026-03-09", "2026-05-29")
    assert r.status_code == 201, r.json
    assert r.json["days"] == 60.0


def test_adjustment_adds_to_what_can_be_booked(client, make, clock, vacation):
    clock.set(MONDAY)
    ann = make.employee()
    make.adjustment(ann, vacation, 2026, 1)  # 25 + 1 = 26
    r = create(client, ann, vacation, "2026-03-09", "2026-04-13")  # 26 days
    assert r.status_code == 201, r.json


def test_hire_year_is_pro_rated(client, make, clock, vacation):
    clock.set(MONDAY)
    # Hired 2026-07-01: 25 x 184/365 = 12.60 -> 12.5 for 2026.
    newbie = make.employee(hire_date=date(2026, 7, 1))
    # Mon 6 Jul .. Fri 24 Jul = 15 days > 12.5.
    result = preview(client, newbie, vacation, "2026-07-06", "2026-07-24")
    assert (result["days"], result["balance_before"], result["balance_after"]) == (
        15.0,
        12.5,
        -2.5,
    )
    assert violation_types(result) == ["insufficient-balance"]


def test_monthly_accrual_lets_you_book_ahead(client, make, clock):
    clock.set("2026-01-05T09:00:00+00:00")  # a Monday in January
    monthly = make.leave_type("monthly", yearly_allowance=12, accrual="monthly")
    ann = make.employee(hire_date=date(2025, 6, 1))  # hired before the year
    # Mon 12 .. Wed 14 Jan = 3 days; by 14 Jan one month is credited: 12/12 x 1 = 1 < 3.
    january = preview(client, ann, monthly, "2026-01-12", "2026-01-14")
    assert (january["days"], january["balance_before"], january["balance_after"]) == (
        3.0,
        1.0,
        -2.0,
    )
    assert_problem(
        create(client, ann, monthly, "2026-01-12", "2026-01-14"), 422, "insufficient-balance"
    )
    # Mon 9 .. Wed 11 Mar = 3 days; by 11 Mar three months are credited: 12/12 x 3 = 3.
    march = preview(client, ann, monthly, "2026-03-09", "2026-03-11")
    assert (march["balance_before"], march["balance_after"], march["violations"]) == (
        3.0,
        0.0,
        [],
    )
    r = create(client, ann, monthly, "2026-03-09", "2026-03-11")
    assert r.status_code == 201, r.json
    assert r.json["days"] == 3.0


# --- inactive type or owner ----------------------------------------------------------------------


def test_inactive_leave_type_is_422(client, make, clock):
    clock.set(MONDAY)
    retired = make.leave_type("retired", yearly_allowance=25, is_active=False)
    ann = make.employee()
    result = preview(client, ann, retired, "2026-03-09", "2026-03-13")
    assert violation_types(result) == ["validation-error"]
    r = create(client, ann, retired, "2026-03-09", "2026-03-13")
    assert_problem(r, 422, "validation-error", errors=["leave_type_id"])


def test_admin_filing_for_an_inactive_user_is_422(client, make, clock, vacation):
    clock.set(MONDAY)
    admin = make.admin()
    gone = make.employee()
    assert client.delete(f"{API}/users/{gone.id}", headers=admin.headers).status_code == 204
    r = create(client, admin, vacation, "2026-03-09", "2026-03-13", user_id=gone.id)
    assert_problem(r, 422, "validation-error", errors=["user_id"])


# --- wrong input types -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "key"),
    [
        ({"leave_type_id": "x"}, "leave_type_id"),
        ({"leave_type_id": None}, "leave_type_id"),
        ({"leave_type_id": 1.5}, "leave_type_id"),
        ({"start_date": "2026-13-01"}, "start_date"),
        ({"start_date": "2026-02-30"}, "start_date"),
        ({"start_date": "09/03/2026"}, "start_date"),
        ({"end_date": 20260313}, "end_date"),
        ({"start_half": "yes"}, "start_half"),
        ({"end_half": 1}, "end_half"),
        ({"reason": "x" * 2001}, "reason"),
        ({"reason": 42}, "reason"),
        ({"user_id": "me"}, "user_id"),
        ({"user_id": 0}, "user_id"),
    ],
)
def test_wrong_types_are_422_with_the_field_named(client, make, clock, vacation, override, key):
    clock.set(MONDAY)
    body = {**body_for(vacation, "2026-03-09", "2026-03-13"), **override}
    ann = make.employee()
    r = client.post(f"{API}/requests", json=body, headers=ann.headers)
    assert_problem(r, 422, "validation-error", errors=[key])
    r = client.post(f"{API}/requests/preview", json=body, headers=ann.headers)
    assert_problem(r, 422, "validation-error", errors=[key])


@pytest.mark.parametrize("missing", ["leave_type_id", "start_date", "end_date"])
def test_required_fields(client, make, clock, vacation, missing):
    clock.set(MONDAY)
    body = body_for(vacation, "2026-03-09", "2026-03-13")
    del body[missing]
    r = client.post(f"{API}/requests", json=body, headers=make.employee().headers)
    assert_problem(r, 422, "validation-error", errors=[missing])


def test_body_must_be_an_object(client, make, clock):
    clock.set(MONDAY)
    r = client.post(f"{API}/requests", json=[1, 2], headers=make.employee().headers)
    assert_problem(r, 422, "validation-error")
