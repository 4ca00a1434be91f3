"""Balance adjustments through HTTP: who may add and list them, validation, audit, effect."""

from datetime import date

import pytest

from server.tests.helpers import assert_problem

API = "/api/v1"
NOW = "2026-03-02T09:00:00+00:00"  # a Monday
ADJUSTMENT_KEYS = {
    "id",
    "unit",
    "amount",
    "user_id",
    "leave_type_id",
    "year",
    "days",
    "reason",
    "actor_id",
    "created_at",
}


# --- helpers -----------------------------------------------------------------------------------


def post_adjustment(client, who, user_id, **body):
    return client.post(f"{API}/users/{user_id}/adjustments", json=body, headers=who.headers)


def valid_body(type_id, **overrides):
    return {
        "leave_type_id": type_id,
        "year": 2026,
        "days": 2,
        "reason": "Worked on a holiday",
        **overrides,
    }


def list_adjustments(client, who, user_id, **params):
    return client.get(
        f"{API}/users/{user_id}/adjustments", query_string=params, headers=who.headers
    )


def ids(response):
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.json["items"]]


def balance(client, who, person, leave_type_id, **params):
    r = client.get(f"{API}/users/{person.id}/balances", query_string=params, headers=who.headers)
    assert r.status_code == 200, r.get_json()
    (item,) = [b for b in r.json["items"] if b["leave_type_id"] == leave_type_id]
    return item


def adjustment_audit(client, admin, adjustment_id):
    r = client.get(
        f"{API}/audit",
        query_string={"entity": "adjustment", "entity_id": adjustment_id},
        headers=admin.headers,
    )
    assert r.status_code == 200, r.json
    return r.json["items"]


@pytest.fixture
def org_with_one_report(make):
    """An admin, a manager with one direct report, and people unrelated to the report."""

    class Org:
        admin = make.admin()
        manager = make.manager()
        report = make.employee(manager=manager)
        other = make.employee()
        other_manager = make.manager()

    return Org


# --- creating: who -----------------------------------------------------------------------------


def test_admin_adds_an_adjustment(client, make, clock, org_with_one_report, vacation):
    clock.set(NOW)
    r = post_adjustment(
        client,
        org_with_one_report.admin,
        org_with_one_report.report.id,
        **valid_body(vacation, days=1.5),
    )
    assert r.status_code == 201, r.json
    body = r.json
    assert set(body) == ADJUSTMENT_KEYS
    assert isinstance(body["id"], int)
    assert body["user_id"] == org_with_one_report.report.id
    assert body["leave_type_id"] == vacation
    assert body["year"] == 2026
    assert body["days"] == 1.5
    assert body["reason"] == "Worked on a holiday"
    assert body["actor_id"] == org_with_one_report.admin.id
    assert body["created_at"] == "2026-03-02T09:00:00+00:00"


@pytest.mark.parametrize("days", [-1.5, 0.5, 366])
def test_adjustment_days_may_be_negative_in_half_steps(
    client, make, clock, org_with_one_report, vacation, days
):
    clock.set(NOW)
    r = post_adjustment(
        client,
        org_with_one_report.admin,
        org_with_one_report.report.id,
        **valid_body(vacation, days=days),
    )
    assert r.status_code == 201, r.json
    assert r.json["days"] == days


@pytest.mark.parametrize(
    ("who", "target"),
    [
        ("report", "report"),  # an employee for themselves
        ("manager", "report"),  # a manager for their report
        ("other", "report"),  # an employee for someone else
    ],
)
def test_only_admins_may_add_adjustments(
    client, make, clock, org_with_one_report, vacation, who, target
):
    clock.set(NOW)
    r = post_adjustment(
        client,
        getattr(org_with_one_report, who),
        getattr(org_with_one_report, target).id,
        **valid_body(vacation),
    )
    assert_problem(r, 403, "forbidden")
    assert (
        list_adjustments(
            client, org_with_one_report.admin, getattr(org_with_one_report, target).id
        ).json["total"]
        == 0
    )


def test_non_admin_is_403_even_for_an_unknown_user(
    client, make, clock, org_with_one_report, vacation
):
    # The role check comes before looking the user up.
    clock.set(NOW)
    r = post_adjustment(client, org_with_one_report.manager, 999999, **valid_body(vacation))
    assert_problem(r, 403, "forbidden")


def test_adjustment_for_an_unknown_user_is_404(client, make, clock, org_with_one_report, vacation):
    clock.set(NOW)
    r = post_adjustment(client, org_with_one_report.admin, 999999, **valid_body(vacation))
    assert_problem(r, 404, "not-found")


def test_adjustment_for_an_unknown_user_is_404_before_validating_the_body(
    client, make, clock, org_with_one_report
):
    # Contract order: the object outside what the caller may see (404) before the input (422).
    clock.set(NOW)
    r = post_adjustment(
        client, org_with_one_report.admin, 999999, leave_type_id=1, year=2026, days=0
    )
    assert_problem(r, 404, "not-found")


def test_adjustment_path_id_that_is_not_an_integer_is_404(
    client, make, clock, org_with_one_report, vacation
):
    clock.set(NOW)
    r = client.post(
        f"{API}/users/abc/adjustments",
        json=valid_body(vacation),
        headers=org_with_one_report.admin.headers,
    )
    assert_problem(r, 404, "not-found")


@pytest.mark.parametrize("method", ["get", "post"])
def test_adjustments_need_a_token(client, make, clock, org_with_one_report, vacation, method):
    clock.set(NOW)
    r = getattr(client, method)(
        f"{API}/users/{org_with_one_report.report.id}/adjustments", json=valid_body(vacation)
    )
    assert_problem(r, 401, "unauthorized")


# --- creating: validation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"days": 0}, "days"),
        ({"days": 1.25}, "days"),
        ({"days": "2"}, "days"),
        ({"days": None}, "days"),
        ({"days": 367}, "days"),
        ({"reason": ""}, "reason"),
        ({"reason": "   "}, "reason"),
        ({"reason": "x" * 501}, "reason"),
        ({"year": "x"}, "year"),
        ({"year": 1800}, "year"),
        ({"year": 2026.5}, "year"),
        ({"leave_type_id": "x"}, "leave_type_id"),
        ({"leave_type_id": 999999}, "leave_type_id"),
    ],
)
def test_invalid_adjustment_is_422(
    client, make, clock, org_with_one_report, vacation, overrides, field
):
    clock.set(NOW)
    r = post_adjustment(
        client,
        org_with_one_report.admin,
        org_with_one_report.report.id,
        **valid_body(vacation, **overrides),
    )
    assert_problem(r, 422, "validation-error", errors=[field])
    assert (
        list_adjustments(client, org_with_one_report.admin, org_with_one_report.report.id).json[
            "total"
        ]
        == 0
    )


@pytest.mark.parametrize(
    ("field", "reported"),
    [("leave_type_id",) * 2, ("year",) * 2, ("days", "amount"), ("reason",) * 2],
)
def test_missing_field_is_422(client, make, clock, org_with_one_report, vacation, field, reported):
    clock.set(NOW)
    body = valid_body(vacation)
    del body[field]
    r = post_adjustment(client, org_with_one_report.admin, org_with_one_report.report.id, **body)
    # Without `days` (or its newer name `amount`), the amount is what is missing.
    assert_problem(r, 422, "validation-error", errors=[reported])


def test_an_hour_type_is_adjusted_in_hours(client, make, clock, org_with_one_report):
    clock.set(NOW)
    hours = make.leave_type("flexi", yearly_allowance=40, unit="hours")
    admin, report = org_with_one_report.admin, org_with_one_report.report
    body = {"leave_type_id": hours, "year": 2026, "reason": "Overtime"}
    assert_problem(
        post_adjustment(client, admin, report.id, **body, days=1),
        422,
        "validation-error",
        errors=["days"],
    )
    assert_problem(
        post_adjustment(client, admin, report.id, **body, amount=1.1),
        422,
        "validation-error",
        errors=["amount"],
    )
    r = post_adjustment(client, admin, report.id, **body, amount=2.25)
    assert r.status_code == 201, r.json
    assert (r.json["unit"], r.json["amount"], r.json["days"]) == ("hours", 2.25, None)


def test_adjustment_of_an_unlimited_type_is_422(client, make, clock, org_with_one_report):
    clock.set(NOW)
    sick = make.leave_type("sick", yearly_allowance=None)
    r = post_adjustment(
        client, org_with_one_report.admin, org_with_one_report.report.id, **valid_body(sick)
    )
    assert_problem(r, 422, "validation-error", errors=["leave_type_id"])
    assert (
        list_adjustments(client, org_with_one_report.admin, org_with_one_report.report.id).json[
            "total"
        ]
        == 0
    )


def test_adjustment_body_must_be_a_json_object(client, make, clock, org_with_one_report):
    clock.set(NOW)
    r = client.post(
        f"{API}/users/{org_with_one_report.report.id}/adjustments",
        json=[1, 2],
        headers=org_with_one_report.admin.headers,
    )
    assert_problem(r, 422, "validation-error")


def test_adjustment_reason_is_trimmed(client, make, clock, org_with_one_report, vacation):
    clock.set(NOW)
    r = post_adjustment(
        client,
        org_with_one_report.admin,
        org_with_one_report.report.id,
        **valid_body(vacation, reason="  Overtime  "),
    )
    assert r.status_code == 201, r.json
    assert r.json["reason"] == "Overtime"


# --- audit -------------------------------------------------------------------------------------


def test_adding_an_adjustment_writes_an_audit_row(
    client, make, clock, org_with_one_report, vacation
):
    clock.set(NOW)
    r = post_adjustment(
        client,
        org_with_one_report.admin,
        org_with_one_report.report.id,
        **valid_body(vacation, days=-1.5),
    )
    assert r.status_code == 201, r.json
    rows = adjustment_audit(client, org_with_one_report.admin, r.json["id"])
    assert len(rows) == 1
    row = rows[0]
    assert row["action"] == "adjustment.created"
    assert row["entity"] == "adjustment"
    assert row["entity_id"] == r.json["id"]
    assert row["actor_id"] == org_with_one_report.admin.id
    assert row["changes"]["user_id"] == [None, org_with_one_report.report.id]
    assert row["changes"]["leave_type_id"] == [None, vacation]
    assert row["changes"]["year"] == [None, 2026]
    assert row["changes"]["days"] == [None, -1.5]
    assert row["changes"]["reason"] == [None, "Worked on a holiday"]


def test_refused_adjustment_writes_no_audit_row(client, make, clock, org_with_one_report):
    clock.set(NOW)
    sick = make.leave_type("sick", yearly_allowance=None)
    r = post_adjustment(
        client, org_with_one_report.admin, org_with_one_report.report.id, **valid_body(sick)
    )
    assert r.status_code == 422
    audit = client.get(
        f"{API}/audit",
        query_string={"entity": "adjustment"},
        headers=org_with_one_report.admin.headers,
    )
    assert audit.status_code == 200, audit.json
    assert audit.json["total"] == 0


# --- listing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["report", "manager", "admin"])
def test_self_manager_and_admin_can_list_adjustments(
    client, make, clock, org_with_one_report, vacation, who
):
    clock.set(NOW)
    first = make.adjustment(org_with_one_report.report, vacation, 2026, 2, reason="Overtime")
    make.adjustment(
        org_with_one_report.other, vacation, 2026, 3
    )  # someone else's: never listed here
    r = list_adjustments(client, getattr(org_with_one_report, who), org_with_one_report.report.id)
    assert r.status_code == 200, r.json
    assert [a["id"] for a in r.json["items"]] == [first]
    item = r.json["items"][0]
    assert set(item) == ADJUSTMENT_KEYS
    assert (item["user_id"], item["leave_type_id"], item["year"]) == (
        org_with_one_report.report.id,
        vacation,
        2026,
    )
    assert (item["days"], item["reason"]) == (2, "Overtime")
    assert (r.json["page"], r.json["per_page"], r.json["total"], r.json["pages"]) == (1, 20, 1, 1)


@pytest.mark.parametrize("who", ["other", "other_manager"])
def test_adjustments_outside_your_scope_are_not_found(
    client, make, clock, org_with_one_report, vacation, who
):
    clock.set(NOW)
    make.adjustment(org_with_one_report.report, vacation, 2026, 2)
    r = list_adjustments(client, getattr(org_with_one_report, who), org_with_one_report.report.id)
    assert_problem(r, 404, "not-found")


@pytest.mark.parametrize("path", ["999999", "abc"])
def test_listing_adjustments_of_an_unknown_user_is_404(
    client, make, clock, org_with_one_report, path
):
    clock.set(NOW)
    r = client.get(f"{API}/users/{path}/adjustments", headers=org_with_one_report.admin.headers)
    assert_problem(r, 404, "not-found")


def test_adjustment_created_over_http_is_listed(client, make, clock, org_with_one_report, vacation):
    clock.set(NOW)
    created = post_adjustment(
        client, org_with_one_report.admin, org_with_one_report.report.id, **valid_body(vacation)
    ).json
    r = list_adjustments(client, org_with_one_report.report, org_with_one_report.report.id)
    assert r.json["items"] == [created]


def test_adjustments_are_paginated(client, make, clock, org_with_one_report, vacation):
    clock.set(NOW)
    for days in (1, 2, 3, 4, 5):
        make.adjustment(org_with_one_report.report, vacation, 2026, days)
    page_1 = list_adjustments(
        client,
        org_with_one_report.admin,
        org_with_one_report.report.id,
        per_page=2,
        sort="created_at",
    )
    page_3 = list_adjustments(
        client,
        org_with_one_report.admin,
        org_with_one_report.report.id,
        per_page=2,
        page=3,
        sort="created_at",
    )
    assert page_1.status_code == page_3.status_code == 200
    # 5 items, 2 per page -> 3 pages, the last one holding 1
    assert (page_1.json["total"], page_1.json["pages"], page_1.json["per_page"]) == (5, 3, 2)
    assert len(page_1.json["items"]) == 2
    assert page_3.json["page"] == 3
    assert len(page_3.json["items"]) == 1
    everything = list_adjustments(
        client, org_with_one_report.admin, org_with_one_report.report.id, per_page=100
    )
    all_ids = sorted(ids(everything))
    seen = []
    for page in (1, 2, 3):
        r = list_adjustments(
            client, org_with_one_report.admin, org_with_one_report.report.id, per_page=2, page=page
        )
        seen += ids(r)
    assert sorted(seen) == all_ids  # pages neither overlap nor skip


def test_adjustments_filter_by_leave_type_and_year(
    client, make, clock, org_with_one_report, vacation
):
    clock.set(NOW)
    training = make.leave_type("training", yearly_allowance=5)
    a = make.adjustment(org_with_one_report.report, vacation, 2026, 1)
    b = make.adjustment(org_with_one_report.report, vacation, 2025, 2)
    c = make.adjustment(org_with_one_report.report, training, 2026, 3)
    by_type = list_adjustments(
        client, org_with_one_report.admin, org_with_one_report.report.id, leave_type_id=vacation
    )
    assert sorted(ids(by_type)) == sorted([a, b])
    by_year = list_adjustments(
        client, org_with_one_report.admin, org_with_one_report.report.id, year=2026
    )
    assert sorted(ids(by_year)) == sorted([a, c])
    both = list_adjustments(
        client,
        org_with_one_report.admin,
        org_with_one_report.report.id,
        leave_type_id=training,
        year=2025,
    )
    assert ids(both) == []
    assert both.json["total"] == 0


@pytest.mark.parametrize(
    ("sort", "expected_years"),
    [
        ("year", [2024, 2025, 2026]),
        ("-year", [2026, 2025, 2024]),
    ],
)
def test_adjustments_sort_by_year(
    client, make, clock, org_with_one_report, vacation, sort, expected_years
):
    clock.set(NOW)
    for year in (2025, 2026, 2024):
        make.adjustment(org_with_one_report.report, vacation, year, 1)
    r = list_adjustments(
        client, org_with_one_report.admin, org_with_one_report.report.id, sort=sort
    )
    assert r.status_code == 200, r.json
    assert [a["year"] for a in r.json["items"]] == expected_years


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("created_at", ["first", "second", "third"]),
        ("-created_at", ["third", "second", "first"]),
    ],
)
def test_adjustments_sort_by_created_at(
    client, make, clock, org_with_one_report, vacation, sort, expected
):
    for n, (when, reason) in enumerate(
        [("2026-01-05T09:00:00+00:00", "first"), ("2026-02-02T09:00:00+00:00", "second")]
    ):
        clock.set(when)
        make.adjustment(org_with_one_report.report, vacation, 2026, n + 1, reason=reason)
    clock.set("2026-03-02T09:00:00+00:00")
    make.adjustment(org_with_one_report.report, vacation, 2026, 3, reason="third")
    r = list_adjustments(
        client, org_with_one_report.admin, org_with_one_report.report.id, sort=sort
    )
    assert r.status_code == 200, r.json
    assert [a["reason"] for a in r.json["items"]] == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"per_page": 101}, "per_page"),
        ({"sort": "days"}, "sort"),
        ({"year": "x"}, "year"),
        ({"leave_type_id": "x"}, "leave_type_id"),
    ],
)
def test_invalid_adjustment_list_parameters_are_422(
    client, make, clock, org_with_one_report, vacation, params, field
):
    clock.set(NOW)
    r = list_adjustments(client, org_with_one_report.admin, org_with_one_report.report.id, **params)
    assert_problem(r, 422, "validation-error", errors=[field])


# --- effect on balances ------------------------------------------------------------------------


def test_adjustments_change_the_balance(client, make, clock, org_with_one_report, vacation):
    clock.set(NOW)
    before = balance(client, org_with_one_report.report, org_with_one_report.report, vacation)
    assert (before["adjustments"], before["available"]) == (0, 25)
    r = post_adjustment(
        client,
        org_with_one_report.admin,
        org_with_one_report.report.id,
        **valid_body(vacation, days=2),
    )
    assert r.status_code == 201, r.json
    after_plus = balance(client, org_with_one_report.report, org_with_one_report.report, vacation)
    assert (after_plus["adjustments"], after_plus["available"]) == (2, 27)  # 25 + 2
    r = post_adjustment(
        client,
        org_with_one_report.admin,
        org_with_one_report.report.id,
        **valid_body(vacation, days=-1.5),
    )
    assert r.status_code == 201, r.json
    after_minus = balance(client, org_with_one_report.report, org_with_one_report.report, vacation)
    # 2 - 1.5 = 0.5; 25 + 0.5 = 25.5
    assert (after_minus["adjustments"], after_minus["available"]) == (0.5, 25.5)
    assert after_minus["entitlement"] == 25  # the entitlement itself is untouched


def test_adjustment_of_last_year_changes_this_years_carry_over(
    client, make, clock, org_with_one_report
):
    clock.set(NOW)
    ann = make.employee(hire_date=date(2025, 1, 1))
    vacation = make.leave_type("vacation", yearly_allowance=25, carryover_max=5)
    make.request(ann, vacation, "2025-06-02", "2025-07-01")  # 22 days in 2025
    assert balance(client, org_with_one_report.admin, ann, vacation)["carried_over"] == 3  # 25 - 22
    r = post_adjustment(
        client, org_with_one_report.admin, ann.id, **valid_body(vacation, year=2025, days=1)
    )
    assert r.status_code == 201, r.json
    item = balance(client, org_with_one_report.admin, ann, vacation)
    # 2025: 25 + 1 - 22 = 4 carried; 2026: 25 + 4 = 29
    assert (item["adjustments"], item["carried_over"], item["available"]) == (0, 4, 29)


def test_negative_adjustment_limits_what_can_be_booked(
    client, make, clock, org_with_one_report, vacation
):
    clock.set(NOW)
    r = post_adjustment(
        client,
        org_with_one_report.admin,
        org_with_one_report.report.id,
        **valid_body(vacation, days=-22),
    )
    assert r.status_code == 201, r.json
    assert (
        balance(client, org_with_one_report.report, org_with_one_report.report, vacation)[
            "available"
        ]
        == 3
    )  # 25 - 22
    body = {"leave_type_id": vacation, "start_date": "2026-03-09", "end_date": "2026-03-12"}
    refused = client.post(f"{API}/requests", json=body, headers=org_with_one_report.report.headers)
    assert_problem(refused, 422, "insufficient-balance")  # 4 days > 3
    body["end_date"] = "2026-03-11"
    accepted = client.post(f"{API}/requests", json=body, headers=org_with_one_report.report.headers)
    assert accepted.status_code == 201, accepted.json  # 3 days == 3
