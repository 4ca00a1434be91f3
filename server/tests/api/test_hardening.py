"""Ugly input, found by review: every one of these once gave a 500 or a wrong answer."""

import json
from datetime import date

import pytest

from server.tests.helpers import assert_problem

API = "/api/v1"


@pytest.fixture
def org_on_monday(make, clock):
    clock.set("2026-03-02T09:00:00+00:00")  # a Monday
    admin = make.admin()
    boss = make.manager()
    ada = make.employee(manager=boss, hire_date=date(2020, 1, 1))
    vacation = make.leave_type("vacation", yearly_allowance=25)
    return admin, boss, ada, vacation


def raw_post(client, path, text, who):
    return client.post(path, data=text, content_type="application/json", headers=who.headers)


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "-1e400", "1" + "0" * 400])
def test_numbers_json_allows_but_nothing_can_hold_are_422(client, org_on_monday, number):
    admin, _, ada, vacation = org_on_monday
    body = f'{{"leave_type_id": {vacation}, "year": 2026, "days": {number}, "reason": "x"}}'
    r = raw_post(client, f"{API}/users/{ada.id}/adjustments", body, admin)
    assert_problem(r, 422, "validation-error", errors=("days",))


def test_a_non_finite_allowance_is_422(client, org_on_monday):
    admin = org_on_monday[0]
    body = '{"name": "Odd", "code": "odd", "yearly_allowance": NaN}'
    r = raw_post(client, f"{API}/leave-types", body, admin)
    assert_problem(r, 422, "validation-error", errors=("yearly_allowance",))


@pytest.mark.parametrize("text", ['"a\\ud800b"', '"\\udfff"'])
def test_lone_surrogates_are_422_not_500(client, org_on_monday, text):
    ada = org_on_monday[2]
    r = client.patch(
        f"{API}/users/{ada.id}",
        data=f'{{"full_name": {text}}}',
        content_type="application/json",
        headers=ada.headers,
    )
    assert_problem(r, 422, "validation-error", errors=("full_name",))


def test_a_surrogate_inside_a_list_is_422(client, org_on_monday):
    admin, _, ada, _ = org_on_monday
    r = client.patch(
        f"{API}/users/{ada.id}",
        data='{"roles": ["\\ud800"]}',
        content_type="application/json",
        headers=admin.headers,
    )
    assert_problem(r, 422, "validation-error", errors=("roles",))


@pytest.mark.parametrize(
    ("field", "value"), [("color", "#AABBCC\n"), ("code", "vacation\n"), ("code", "a\nb")]
)
def test_patterns_match_the_whole_value(client, org_on_monday, field, value):
    admin = org_on_monday[0]
    body = {"name": "Look-alike", "code": "lookalike", field: value}
    r = client.post(f"{API}/leave-types", json=body, headers=admin.headers)
    assert_problem(r, 422, "validation-error", errors=(field,))


@pytest.mark.parametrize(
    "query",
    [
        "to=9999-12-31",
        "from=0001-01-01T00:00:00%2B14:00",
        "to=9999-12-31T23:59:00-14:00",
        "from=1899-12-31",
    ],
)
def test_audit_dates_out_of_range_are_422(client, org_on_monday, query):
    admin = org_on_monday[0]
    assert_problem(
        client.get(f"{API}/audit?{query}", headers=admin.headers), 422, "validation-error"
    )


def nested(levels):
    """A JSON array nested `levels` deep."""
    return "[" * levels + "]" * levels


# 490-950 once overflowed the stack of the recursive value check: a 500, and thousands of
# traceback lines logged for one unauthenticated request; 100,000 overflows the parser itself.
@pytest.mark.parametrize("levels", [32, 490, 950, 100_000])
def test_json_nested_deeper_than_32_levels_is_a_422_and_logs_no_error(client, caplog, levels):
    body = f'{{"email": {nested(levels)}, "password": "pto-demo-password"}}'
    with caplog.at_level("ERROR"):
        r = client.post(f"{API}/auth/login", data=body, content_type="application/json")
    problem = assert_problem(r, 422, "validation-error", errors=("body",))
    assert problem["errors"]["body"] == "nests deeper than 32 levels"
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


def test_json_nested_32_levels_deep_is_validated_as_usual(client):
    body = f'{{"email": {nested(31)}, "password": "pto-demo-password"}}'
    r = client.post(f"{API}/auth/login", data=body, content_type="application/json")
    assert assert_problem(r, 422, "validation-error", errors=("email",))["errors"] == {
        "email": "must be a string"
    }


def test_deep_nesting_in_a_patch_is_a_422(client, org_on_monday):
    ada = org_on_monday[2]
    body = f'{{"full_name": {nested(5000)}}}'
    r = raw_post(client, f"{API}/users/{ada.id}", body, ada)  # POST: 405 before the body
    assert r.status_code == 405
    r = client.patch(
        f"{API}/users/{ada.id}", data=body, content_type="application/json", headers=ada.headers
    )
    assert_problem(r, 422, "validation-error", errors=("body",))


@pytest.mark.parametrize(
    "extra",
    [
        {"client_ts": 1796133536000},
        {"client_ts": "\u0000"},
        {"device": {"nested": [1e300, "x"]}},
        {"id": 10**20},
    ],
)
def test_unknown_body_fields_are_refused_whatever_they_hold(client, make, extra):
    ada = make.employee()
    body = {"email": ada.email, "password": ada.password, **extra}
    r = client.post(f"{API}/auth/login", json=body)
    assert_problem(r, 422, "validation-error")
    assert r.json["errors"] == dict.fromkeys(extra, "unknown field")


@pytest.mark.parametrize("path", ["/users/99999999999999999999", "/requests/2147483648"])
def test_ids_beyond_the_id_range_are_404(client, org_on_monday, path):
    admin = org_on_monday[0]
    assert_problem(client.get(API + path, headers=admin.headers), 404, "not-found")


def test_a_body_id_beyond_the_id_range_is_422(client, org_on_monday):
    ada = org_on_monday[2]
    body = {"leave_type_id": 2**40, "start_date": "2026-03-09", "end_date": "2026-03-09"}
    r = client.post(f"{API}/requests", json=body, headers=ada.headers)
    assert_problem(r, 422, "validation-error", errors=("leave_type_id",))


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("0001-01-01", "2026-12-01", "start_date"),  # outside 1900..2999
        ("2026-03-09", "9999-12-31", "end_date"),
        ("2026-03-09", "2027-03-10", "end_date"),  # 367 days long
        ("1950-01-02", "1950-01-06", "start_date"),  # more than 730 days back, even for sick
    ],
)
def test_absurd_periods_are_refused_before_anything_is_counted(
    client, org_on_monday, make, start, end, field
):
    ada = org_on_monday[2]
    sick = make.leave_type("sick", yearly_allowance=None, allow_past=True)
    body = {"leave_type_id": sick, "start_date": start, "end_date": end}
    r = client.post(f"{API}/requests", json=body, headers=ada.headers)
    assert_problem(r, 422, "validation-error", errors=(field,))


def test_a_year_long_request_is_still_fine(client, org_on_monday, make):
    ada = org_on_monday[2]
    sick = make.leave_type("sick", yearly_allowance=None, allow_past=True)
    body = {"leave_type_id": sick, "start_date": "2026-03-02", "end_date": "2027-03-01"}
    r = client.post(f"{API}/requests", json=body, headers=ada.headers)
    assert r.status_code == 201, r.get_json()


def test_an_overlap_is_reported_before_a_past_date(client, org_on_monday, make):
    # Both rules are broken: the conflict with existing leave (409) is the telling one.
    _, _, ada, vacation = org_on_monday
    make.request(ada, vacation, "2026-02-23", "2026-02-27", status="approved")
    body = {"leave_type_id": vacation, "start_date": "2026-02-24", "end_date": "2026-02-24"}
    assert_problem(client.post(f"{API}/requests", json=body, headers=ada.headers), 409, "conflict")


@pytest.mark.parametrize("body", [{"roles": ["admin"], "full_name": ""}, {"roles": "admin"}])
def test_an_employee_asking_for_admin_fields_is_403_whatever_the_values(
    client, org_on_monday, body
):
    ada = org_on_monday[2]
    r = client.patch(f"{API}/users/{ada.id}", json=body, headers=ada.headers)
    assert_problem(r, 403, "forbidden")


def test_changing_to_the_same_country_keeps_the_subdivision(client, org_on_monday, make):
    admin = org_on_monday[0]
    cal = make.employee(country="US", subdivision="CA")
    r = client.patch(f"{API}/users/{cal.id}", json={"country": "us"}, headers=admin.headers)
    assert (r.status_code, r.json["country"], r.json["subdivision"]) == (200, "US", "CA")
    r = client.patch(f"{API}/users/{cal.id}", json={"country": "DE"}, headers=admin.headers)
    assert (r.json["country"], r.json["subdivision"]) == ("DE", None)


def test_holidays_of_a_subdivision_in_the_callers_country(client, org_on_monday, make):
    berliner = make.employee(country="DE", subdivision="BE")
    r = client.get(f"{API}/holidays?year=2026&subdivision=BY", headers=berliner.headers)
    assert r.status_code == 200
    names = {h["name"] for h in r.json["items"]}
    assert "Epiphany" in names  # Bavaria has it, Berlin does not


def test_approving_for_a_deactivated_user_is_422_but_rejecting_works(client, org_on_monday, make):
    admin, _, ada, vacation = org_on_monday
    first = make.request(ada, vacation, "2026-03-09", "2026-03-09", status="pending")
    second = make.request(ada, vacation, "2026-03-10", "2026-03-10", status="pending")
    assert client.delete(f"{API}/users/{ada.id}", headers=admin.headers).status_code == 204
    r = client.post(f"{API}/requests/{first}/approve", json={}, headers=admin.headers)
    assert_problem(r, 422, "validation-error")
    r = client.post(
        f"{API}/requests/{second}/reject", json={"comment": "Left"}, headers=admin.headers
    )
    assert r.status_code == 200 and r.json["status"] == "rejected"


def test_approving_a_request_of_a_deactivated_type_is_422(client, org_on_monday):
    admin, boss, ada, vacation = org_on_monday
    body = {"leave_type_id": vacation, "start_date": "2026-03-09", "end_date": "2026-03-09"}
    request_id = client.post(f"{API}/requests", json=body, headers=ada.headers).json["id"]
    assert client.delete(f"{API}/leave-types/{vacation}", headers=admin.headers).status_code == 204
    r = client.post(f"{API}/requests/{request_id}/approve", headers=boss.headers)
    assert_problem(r, 422, "validation-error")


def test_no_content_has_no_content_type(client, org_on_monday):
    ada = org_on_monday[2]
    r = client.post(f"{API}/auth/logout", headers=ada.headers)
    assert r.status_code == 204 and "Content-Type" not in r.headers


def test_preview_of_nothing_but_errors_is_still_json(client, org_on_monday):
    ada = org_on_monday[2]
    r = client.post(
        f"{API}/requests/preview",
        data=json.dumps([1, 2]),
        headers=ada.headers,
        content_type="application/json",
    )
    assert_problem(r, 422, "validation-error")


@pytest.fixture
def carrying(make, clock):
    """10 days a year, up to 5 carried over; 5 days taken in March 2026 (5 left)."""
    clock.set("2026-12-01T09:00:00+00:00")
    ada = make.employee(hire_date=date(2026, 1, 1))
    vacation = make.leave_type("vacation", yearly_allowance=10, carryover_max=5)
    make.request(ada, vacation, "2026-03-02", "2026-03-06", status="approved")
    return ada, vacation


def test_days_taken_in_december_shrink_the_next_years_carry_over(client, carrying):
    ada, vacation = carrying
    # Dec 28-31 = 4 days in 2026; Jan 1, 4-8, 11-15, 18-20 = 14 days in 2027.
    body = {"leave_type_id": vacation, "start_date": "2026-12-28", "end_date": "2027-01-20"}
    r = client.post(f"{API}/requests/preview", json=body, headers=ada.headers)
    by_year = {y["year"]: y for y in r.json["by_year"]}
    # 2026: 10 - 5 = 5 available, 1 after. 2027 without it: 10 + 5 carried = 15; with it
    # only 10 - 5 - 4 = 1 carries over: 10 + 1 - 14 = -3.
    assert (by_year[2026]["balance_before"], by_year[2026]["balance_after"]) == (5, 1)
    assert (by_year[2027]["balance_before"], by_year[2027]["balance_after"]) == (15, -3)
    assert [v["type"] for v in r.json["violations"]] == ["insufficient-balance"]
    r = client.post(f"{API}/requests", json=body, headers=ada.headers)
    assert_problem(r, 422, "insufficient-balance")


def test_december_days_cannot_eat_the_carry_over_january_already_uses(client, carrying):
    ada, vacation = carrying
    january = {"leave_type_id": vacation, "start_date": "2027-01-01", "end_date": "2027-01-20"}
    assert client.post(f"{API}/requests", json=january, headers=ada.headers).status_code == 201
    # 14 days in January 2027 rely on 10 + 5 carried over. Four December days would cut the
    # carry-over to 1 and leave 2027 at -3, although 2026 itself has room for them.
    december = {"leave_type_id": vacation, "start_date": "2026-12-28", "end_date": "2026-12-31"}
    r = client.post(f"{API}/requests", json=december, headers=ada.headers)
    body = assert_problem(r, 422, "insufficient-balance")
    assert "2027" in body["detail"]
    # One day still fits: 10 - 5 - 1 = 4 carries over, and 10 + 4 - 14 = 0.
    one_day = {"leave_type_id": vacation, "start_date": "2026-12-28", "end_date": "2026-12-28"}
    assert client.post(f"{API}/requests", json=one_day, headers=ada.headers).status_code == 201
