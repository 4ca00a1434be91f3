"""Reference data through HTTP: the countries, subdivisions and time zones pickers offer, and
that every value offered is one the users endpoints accept."""

import pytest

from server.services import reference_service
from server.tests.helpers import assert_problem

COUNTRIES = "/api/v1/reference/countries"
TIMEZONES = "/api/v1/reference/timezones"


def get_items(client, url, user):
    r = client.get(url, headers=user.headers)
    assert r.status_code == 200, r.json
    assert set(r.json) == {"items"}
    return r.json["items"]


@pytest.mark.parametrize("url", [COUNTRIES, TIMEZONES])
def test_needs_a_token(client, url):
    assert_problem(client.get(url), 401, "unauthorized")


@pytest.mark.parametrize("url", [COUNTRIES, TIMEZONES])
def test_any_employee_may_read_them(client, make, url):
    assert get_items(client, url, make.employee())


def test_countries_are_alpha_2_codes_with_names_and_subdivisions(client, make):
    countries = get_items(client, COUNTRIES, make.employee())
    by_code = {c["code"]: c for c in countries}
    assert len(by_code) == len(countries), "each country once"
    assert all(len(c["code"]) == 2 and c["code"].isupper() for c in countries)
    assert "DEU" not in by_code  # the package's alpha-3 aliases are not offered
    germany = by_code["DE"]
    assert germany["name"] == "Germany"
    assert {"code": "BY", "name": "Bayern"} in germany["subdivisions"]
    assert {"code": "BE", "name": "Berlin"} in germany["subdivisions"]
    assert {"code": "CA", "name": "California"} in by_code["US"]["subdivisions"]
    assert {"code": "ENG", "name": "England"} in by_code["GB"]["subdivisions"]
    # a country with one calendar has no subdivisions
    assert by_code["IS"]["subdivisions"] == []


def test_countries_are_sorted_by_name(client, make):
    names = [c["name"] for c in get_items(client, COUNTRIES, make.employee())]
    assert names == sorted(names, key=str.casefold)


def test_a_subdivision_named_only_by_codes_gets_its_name(client, make):
    france = next(c for c in get_items(client, COUNTRIES, make.employee()) if c["code"] == "FR")
    # the package knows Guadeloupe as "971", "GP", "GUA" and "Guadeloupe"
    assert {"code": "971", "name": "Guadeloupe"} in france["subdivisions"]


def test_timezones_are_the_common_iana_names_sorted(client, make):
    zones = get_items(client, TIMEZONES, make.employee())
    assert "Europe/Berlin" in zones
    assert "America/Los_Angeles" in zones
    assert "UTC" in zones
    assert zones == sorted(zones)
    assert len(zones) == len(set(zones))


def test_every_offered_region_and_time_zone_is_accepted_for_a_user(client, make):
    admin = make.admin()
    user = make.employee()
    countries = get_items(client, COUNTRIES, admin)
    zones = get_items(client, TIMEZONES, admin)
    samples = [(c["code"], s["code"]) for c in countries[::25] for s in c["subdivisions"][:2]] + [
        (c["code"], None) for c in countries[::25]
    ]
    for country, subdivision in samples:
        r = client.patch(
            f"/api/v1/users/{user.id}",
            json={"country": country, "subdivision": subdivision},
            headers=admin.headers,
        )
        assert r.status_code == 200, (country, subdivision, r.json)
        assert (r.json["country"], r.json["subdivision"]) == (country, subdivision)
    for zone in zones[::40]:
        r = client.patch(f"/api/v1/users/{user.id}", json={"timezone": zone}, headers=admin.headers)
        assert r.status_code == 200, (zone, r.json)


def test_the_lists_are_built_once_per_process(monkeypatch):
    reference_service.list_countries.cache_clear()
    calls = []
    real = reference_service._country

    def counting(*args):
        calls.append(args[0])
        return real(*args)

    monkeypatch.setattr(reference_service, "_country", counting)
    first = reference_service.list_countries()
    built = len(calls)
    assert reference_service.list_countries() is first
    assert len(calls) == built == len(first)
    assert reference_service.list_timezones() is reference_service.list_timezones()
