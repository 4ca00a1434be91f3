"""Holidays through HTTP: public and company holidays by region and year, and their effects."""

from datetime import date

import pytest

from server.tests.helpers import assert_problem

API = "/api/v1/holidays"


def person(make, role):
    return {"employee": make.employee, "manager": make.manager, "admin": make.admin}[role]()


def holidays(client, user, **params):
    r = client.get(API, query_string=params, headers=user.headers)
    assert r.status_code == 200, r.json
    assert set(r.json) == {"items"}
    return r.json["items"]


def entry(items, day):
    return [item for item in items if item["date"] == day]


def audit_rows(client, admin, holiday_id):
    """The holiday's audit rows, oldest first."""
    r = client.get(
        "/api/v1/audit",
        query_string={"entity": "holiday", "entity_id": holiday_id},
        headers=admin.headers,
    )
    assert r.status_code == 200, r.json
    return list(reversed(r.json["items"]))


# --- listing --------------------------------------------------------------------------------------


def test_defaults_to_the_callers_country_subdivision_and_year(client, make, clock):
    clock.set("2026-05-01T10:00:00+00:00")
    californian = make.employee(country="US", subdivision="CA")
    items = holidays(client, californian)
    assert {"date": "2026-07-03", "name": "Independence Day (observed)", "source": "public"} in (
        items
    )
    assert {"date": "2026-03-31", "name": "Cesar Chavez Day", "source": "public"} in items
    assert all(item["date"].startswith("2026-") for item in items)


def test_an_english_user_gets_english_holidays(client, make, clock):
    clock.set("2026-05-01T10:00:00+00:00")
    londoner = make.employee(country="GB", subdivision="ENG")
    items = holidays(client, londoner)
    # 26 Dec 2026 is a Saturday, so Boxing Day is observed on Monday 28 Dec
    assert {"date": "2026-12-28", "name": "Boxing Day (observed)", "source": "public"} in items
    assert entry(items, "2026-03-31") == []  # no Cesar Chavez Day in England
    assert entry(items, "2026-07-03") == []


def test_the_default_year_is_the_callers_local_year(client, make, clock):
    # 12:00 UTC on 31 Dec 2026 is already 01:00 on 1 Jan 2027 in Auckland (UTC+13)
    clock.set("2026-12-31T12:00:00+00:00")
    kiwi_clock_user = make.employee(country="US", subdivision="CA", timezone="Pacific/Auckland")
    utc_user = make.employee(country="US", subdivision="CA", timezone="UTC")
    assert {item["date"][:4] for item in holidays(client, kiwi_clock_user)} == {"2027"}
    assert {item["date"][:4] for item in holidays(client, utc_user)} == {"2026"}


def test_explicit_year_country_and_subdivision(client, make, clock):
    clock.set("2026-05-01T10:00:00+00:00")
    berliner = make.employee(country="DE")
    items = holidays(client, berliner, year=2027, country="US", subdivision="CA")
    assert {"date": "2027-03-31", "name": "Cesar Chavez Day", "source": "public"} in items
    # 4 July 2027 is a Sunday: observed on Monday 5 July
    assert {"date": "2027-07-05", "name": "Independence Day (observed)", "source": "public"} in (
        items
    )
    assert all(item["date"].startswith("2027-") for item in items)
    assert entry(items, "2027-10-03") == []  # German Unity Day is not Californian


def test_an_explicit_country_does_not_inherit_the_callers_subdivision(client, make, clock):
    clock.set("2026-05-01T10:00:00+00:00")
    californian = make.employee(country="US", subdivision="CA")
    items = holidays(client, californian, country="US")
    assert entry(items, "2026-03-31") == []  # Cesar Chavez Day is California only
    assert entry(items, "2026-07-03") != []


def test_an_explicit_year_alone_keeps_the_callers_region(client, make, clock):
    clock.set("2026-05-01T10:00:00+00:00")
    londoner = make.employee(country="GB", subdivision="ENG")
    items = holidays(client, londoner, year=2027)
    assert {"date": "2027-12-27", "name": "Christmas Day (observed)", "source": "public"} in items


def test_holidays_are_sorted_by_date_with_company_ones_mixed_in(client, make, clock):
    clock.set("2026-05-01T10:00:00+00:00")
    make.holiday(date(2026, 8, 14), "Summer party")
    make.holiday(date(2026, 2, 2), "Founders' day", country="US")
    items = holidays(client, make.employee(country="US", subdivision="CA"))
    dates = [item["date"] for item in items]
    assert dates == sorted(dates)
    (party,) = entry(items, "2026-08-14")
    assert (party["name"], party["source"]) == ("Summer party", "company")
    assert entry(items, "2026-02-02")[0]["name"] == "Founders' day"


def test_public_items_have_no_id_and_company_items_do(client, make, clock):
    clock.set("2026-05-01T10:00:00+00:00")
    holiday_id = make.holiday(date(2026, 8, 14), "Summer party")
    items = holidays(client, make.employee(country="DE"))
    public = [item for item in items if item["source"] == "public"]
    company = [item for item in items if item["source"] == "company"]
    assert public
    assert all(set(item) == {"date", "name", "source"} for item in public)
    assert company == [
        {"date": "2026-08-14", "name": "Summer party", "source": "company", "id": holiday_id}
    ]


def test_a_company_holiday_on_a_public_holiday_lists_both(client, make, clock):
    clock.set("2026-05-01T10:00:00+00:00")
    make.holiday(date(2026, 12, 25), "Christmas lunch")
    items = entry(holidays(client, make.employee(country="US")), "2026-12-25")
    assert sorted((item["source"], item["name"]) for item in items) == [
        ("company", "Christmas lunch"),
        ("public", "Christmas Day"),
    ]


def test_a_user_without_a_country_gets_only_global_company_holidays(client, make, clock):
    clock.set("2026-05-01T10:00:00+00:00")
    global_id = make.holiday(date(2026, 8, 14), "Summer party")
    make.holiday(date(2026, 10, 5), "German offsite", country="DE")
    make.holiday(date(2025, 8, 14), "Last year's party")
    items = holidays(client, make.employee())
    assert items == [
        {"date": "2026-08-14", "name": "Summer party", "source": "company", "id": global_id}
    ]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"country": "XX"}, "country"),
        ({"country": "US", "subdivision": "ZZ"}, "subdivision"),
        ({"year": "abc"}, "year"),
        ({"year": "1800"}, "year"),
    ],
)
def test_bad_arguments_are_422(client, make, params, field):
    r = client.get(API, query_string=params, headers=make.employee(country="US").headers)
    assert_problem(r, 422, "validation-error")
    assert field in r.json["errors"]


def test_an_alpha3_country_is_refused_or_means_the_same_country(client, make, clock):
    # The parameter is documented as ISO 3166 alpha-2. "USA" must either be refused (422) or
    # give exactly what "US" gives, company holidays for the US included.
    clock.set("2026-05-01T10:00:00+00:00")
    make.holiday(date(2026, 2, 2), "Founders' day", country="US")
    user = make.employee()
    as_alpha2 = holidays(client, user, country="US")
    r = client.get(API, query_string={"country": "USA"}, headers=user.headers)
    if r.status_code == 422:
        assert_problem(r, 422, "validation-error")
        assert "country" in r.json["errors"]
    else:
        assert r.status_code == 200
        assert r.json["items"] == as_alpha2


def test_listing_holidays_needs_a_token(client):
    assert_problem(client.get(API), 401, "unauthorized")


# --- company holidays ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["employee", "manager"])
def test_only_admins_create_company_holidays(client, make, role):
    r = client.post(
        API, json={"date": "2026-08-14", "name": "Summer party"}, headers=person(make, role).headers
    )
    assert_problem(r, 403, "forbidden")
    assert holidays(client, make.employee(), year=2026) == []


@pytest.mark.parametrize("role", ["employee", "manager"])
@pytest.mark.parametrize("method", ["patch", "delete"])
def test_only_admins_change_company_holidays(client, make, role, method):
    holiday_id = make.holiday(date(2026, 8, 14), "Summer party")
    r = getattr(client, method)(
        f"{API}/{holiday_id}", json={"name": "Renamed"}, headers=person(make, role).headers
    )
    assert_problem(r, 403, "forbidden")
    items = holidays(client, make.employee(), year=2026)
    assert [item["name"] for item in items] == ["Summer party"]


def test_admin_creates_a_global_company_holiday(client, make, clock):
    clock.set("2026-05-01T10:00:00+00:00")
    r = client.post(
        API, json={"date": "2026-08-14", "name": "Summer party"}, headers=make.admin().headers
    )
    assert r.status_code == 201, r.json
    assert r.json == {
        "id": r.json["id"],
        "date": "2026-08-14",
        "name": "Summer party",
        "country": None,
        "subdivision": None,
    }
    for country in ("US", "DE", "GB"):
        items = holidays(client, make.employee(country=country))
        assert {
            "date": "2026-08-14",
            "name": "Summer party",
            "source": "company",
            "id": r.json["id"],
        } in items


def test_a_country_company_holiday_shows_only_for_that_country(client, make, clock):
    clock.set("2026-05-01T10:00:00+00:00")
    admin = make.admin()
    r = client.post(
        API,
        json={"date": "2026-10-05", "name": "German offsite", "country": "DE"},
        headers=admin.headers,
    )
    assert r.status_code == 201, r.json
    assert r.json["country"] == "DE"
    assert entry(holidays(client, make.employee(country="DE")), "2026-10-05") == [
        {"date": "2026-10-05", "name": "German offsite", "source": "company", "id": r.json["id"]}
    ]
    assert entry(holidays(client, make.employee(country="US")), "2026-10-05") == []
    assert entry(holidays(client, admin, country="DE"), "2026-10-05") != []
    assert entry(holidays(client, admin, country="GB"), "2026-10-05") == []


@pytest.mark.parametrize(
    "first, second",
    [(None, None), ("DE", "DE")],
    ids=["global-twice", "same-country-twice"],
)
def test_a_duplicate_company_holiday_is_409(client, make, first, second):
    admin = make.admin()
    make.holiday(date(2026, 8, 14), "Summer party", country=first)
    r = client.post(
        API,
        json={"date": "2026-08-14", "name": "Another party", "country": second},
        headers=admin.headers,
    )
    assert_problem(r, 409, "conflict")


@pytest.mark.parametrize(
    "first, second",
    [("DE", "US"), (None, "DE")],
    ids=["two-countries", "global-then-country"],
)
def test_the_same_date_in_another_scope_is_fine(client, make, first, second):
    make.holiday(date(2026, 8, 14), "Summer party", country=first)
    r = client.post(
        API,
        json={"date": "2026-08-14", "name": "Another party", "country": second},
        headers=make.admin().headers,
    )
    assert r.status_code == 201, r.json
    assert r.json["country"] == second


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "No date"}, "date"),
        ({"date": "2026-08-14"}, "name"),
        ({"date": "2026-02-30", "name": "Not a day"}, "date"),
        ({"date": "2026-08-14", "name": "Party", "country": "XX"}, "country"),
    ],
)
def test_bad_company_holidays_are_422(client, make, body, field):
    r = client.post(API, json=body, headers=make.admin().headers)
    assert_problem(r, 422, "validation-error")
    assert field in r.json["errors"]


def test_admin_updates_a_company_holiday(client, make, clock):
    clock.set("2026-05-01T10:00:00+00:00")
    admin = make.admin()
    holiday_id = make.holiday(date(2026, 8, 14), "Summer party")
    r = client.patch(
        f"{API}/{holiday_id}",
        json={"name": "Summer fête", "date": "2026-08-21"},
        headers=admin.headers,
    )
    assert r.status_code == 200, r.json
    assert r.json == {
        "id": holiday_id,
        "date": "2026-08-21",
        "name": "Summer fête",
        "country": None,
        "subdivision": None,
    }
    items = holidays(client, make.employee())
    assert items == [
        {"date": "2026-08-21", "name": "Summer fête", "source": "company", "id": holiday_id}
    ]


def test_moving_a_company_holiday_onto_another_is_409(client, make):
    admin = make.admin()
    make.holiday(date(2026, 8, 14), "Summer party")
    other = make.holiday(date(2026, 8, 21), "Other party")
    r = client.patch(f"{API}/{other}", json={"date": "2026-08-14"}, headers=admin.headers)
    assert_problem(r, 409, "conflict")
    items = holidays(client, make.employee(), year=2026)
    assert [(item["date"], item["name"]) for item in items] == [
        ("2026-08-14", "Summer party"),
        ("2026-08-21", "Other party"),
    ]


def test_admin_deletes_a_company_holiday(client, make):
    admin = make.admin()
    holiday_id = make.holiday(date(2026, 8, 14), "Summer party")
    r = client.delete(f"{API}/{holiday_id}", headers=admin.headers)
    assert r.status_code == 204
    assert r.data == b""
    assert holidays(client, make.employee(), year=2026) == []


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_unknown_company_holiday_is_404(client, make, method):
    r = getattr(client, method)(f"{API}/999999", json={"name": "X"}, headers=make.admin().headers)
    assert_problem(r, 404, "not-found")


def test_company_holiday_changes_write_audit_rows(client, make):
    admin = make.admin()
    created = client.post(
        API,
        json={"date": "2026-08-14", "name": "Summer party", "country": "DE"},
        headers=admin.headers,
    ).json
    client.patch(f"{API}/{created['id']}", json={"name": "Summer fête"}, headers=admin.headers)
    client.delete(f"{API}/{created['id']}", headers=admin.headers)
    rows = audit_rows(client, admin, created["id"])
    assert [(r["action"], r["entity"], r["actor_id"]) for r in rows] == [
        ("holiday.created", "holiday", admin.id),
        ("holiday.updated", "holiday", admin.id),
        ("holiday.deleted", "holiday", admin.id),
    ]
    assert rows[0]["changes"] == {
        "date": [None, "2026-08-14"],
        "name": [None, "Summer party"],
        "country": [None, "DE"],
        "subdivision": [None, None],
    }
    assert rows[1]["changes"] == {"name": ["Summer party", "Summer fête"]}
    assert rows[2]["changes"] == {
        "date": ["2026-08-14", None],
        "name": ["Summer fête", None],
        "country": ["DE", None],
        "subdivision": [None, None],
    }


# --- effects on leave ---------------------------------------------------------------------------


def preview(client, user, leave_type_id, start, end):
    r = client.post(
        "/api/v1/requests/preview",
        json={"leave_type_id": leave_type_id, "start_date": start, "end_date": end},
        headers=user.headers,
    )
    assert r.status_code == 200, r.json
    return r.json


def test_a_country_company_holiday_only_counts_for_that_country(client, make, clock):
    clock.set("2026-05-01T10:00:00+00:00")
    type_id = make.leave_type("vacation", yearly_allowance=25)
    make.holiday(date(2026, 6, 10), "Works outing", country="DE")
    german = make.employee(country="DE")
    american = make.employee(country="US")
    # Mon 8 .. Fri 12 June 2026: no public holiday in DE or the US
    in_germany = preview(client, german, type_id, "2026-06-08", "2026-06-12")
    in_america = preview(client, american, type_id, "2026-06-08", "2026-06-12")
    assert in_america["days"] == 5  # Mon..Fri
    assert in_germany["days"] == 4  # Mon..Fri minus Wed 10 June
    assert in_germany["skipped"] == [
        {"date": "2026-06-10", "reason": "holiday", "name": "Works outing"}
    ]
    assert "2026-06-10" not in in_germany["dates"]
    assert in_america["skipped"] == []
    assert "2026-06-10" in in_america["dates"]


def test_a_global_company_holiday_counts_for_everyone(client, make, clock):
    clock.set("2026-05-01T10:00:00+00:00")
    type_id = make.leave_type("vacation", yearly_allowance=25)
    make.holiday(date(2026, 6, 10), "Summer party")
    for user in (make.employee(country="DE"), make.employee(country="US"), make.employee()):
        result = preview(client, user, type_id, "2026-06-08", "2026-06-12")
        assert result["days"] == 4  # Mon..Fri minus Wed 10 June
        assert result["skipped"] == [
            {"date": "2026-06-10", "reason": "holiday", "name": "Summer party"}
        ]


def test_adding_a_holiday_does_not_recount_existing_requests(client, make, clock):
    clock.set("2026-05-01T10:00:00+00:00")
    admin = make.admin()
    employee = make.employee(country="US")
    type_id = make.leave_type("vacation", yearly_allowance=25)
    r = client.post(
        "/api/v1/requests",
        json={"leave_type_id": type_id, "start_date": "2026-06-08", "end_date": "2026-06-12"},
        headers=employee.headers,
    )
    assert r.status_code == 201, r.json
    request_id = r.json["id"]
    assert r.json["days"] == 5  # Mon 8 .. Fri 12 June
    r = client.post(API, json={"date": "2026-06-10", "name": "Summer party"}, headers=admin.headers)
    assert r.status_code == 201
    got = client.get(f"/api/v1/requests/{request_id}", headers=employee.headers)
    assert got.status_code == 200
    assert got.json["days"] == 5
    # a new request over the same days would now be 4 days: the holiday itself is in effect
    assert (
        preview(client, make.employee(country="US"), type_id, "2026-06-08", "2026-06-12")["days"]
        == 4
    )


def test_removing_a_holiday_does_not_recount_existing_requests(client, make, clock):
    clock.set("2026-05-01T10:00:00+00:00")
    admin = make.admin()
    employee = make.employee(country="US")
    type_id = make.leave_type("vacation", yearly_allowance=25)
    holiday_id = make.holiday(date(2026, 6, 10), "Summer party")
    r = client.post(
        "/api/v1/requests",
        json={"leave_type_id": type_id, "start_date": "2026-06-08", "end_date": "2026-06-12"},
        headers=employee.headers,
    )
    assert r.json["days"] == 4  # Mon..Fri minus the party on Wednesday
    assert client.delete(f"{API}/{holiday_id}", headers=admin.headers).status_code == 204
    got = client.get(f"/api/v1/requests/{r.json['id']}", headers=employee.headers)
    assert got.json["days"] == 4
