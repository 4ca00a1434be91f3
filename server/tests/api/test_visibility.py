"""Per-type visibility and availability: colleagues see a `public` type's name ("Business
trip") instead of "Away", and an `available` type (working elsewhere) keeps a team under
its `max_absent` and is "working elsewhere" in the owner's own feed."""

import pytest
from icalendar import Calendar

from server.tests.helpers import assert_problem

API = "/api/v1"
MONDAY = "2026-03-02T09:00:00+00:00"


@pytest.fixture
def office(make, clock):
    clock.set(MONDAY)

    class Office:
        ann = make.employee(full_name="Ann Arbor")
        bob = make.employee(full_name="Bob Berlin")
        vacation = make.leave_type("vacation")
        trip = make.leave_type(
            "trip",
            name="Business trip",
            color="#112233",
            yearly_allowance=None,
            visibility="public",
            availability="available",
        )

    Office.team = make.team("Core", members=[Office.ann, Office.bob], max_absent=1)
    return Office


def shown_types(client, who):
    r = client.get(f"{API}/calendar", query_string={"from": "2026-03-09", "to": "2026-03-13"},
                   headers=who.headers)  # fmt: skip
    assert r.status_code == 200, r.json
    return {(a["user"]["full_name"], a["leave_type"]["name"]) for a in r.json["absences"]}


def test_colleagues_see_a_public_types_name_and_a_private_one_as_away(client, make, office):
    make.request(office.ann, office.trip, "2026-03-09", "2026-03-10")
    make.request(office.ann, office.vacation, "2026-03-12", "2026-03-12")
    assert shown_types(client, office.bob) == {
        ("Ann Arbor", "Business trip"),
        ("Ann Arbor", "Away"),
    }


def test_working_elsewhere_does_not_take_a_team_over_its_limit(client, make, office):
    make.request(office.ann, office.trip, "2026-03-09", "2026-03-13")
    body = {"leave_type_id": office.vacation, "start_date": "2026-03-09", "end_date": "2026-03-09"}
    preview = client.post(f"{API}/requests/preview", json=body, headers=office.bob.headers).json
    assert preview["team_conflicts"] == []
    # Away twice the same day is over the limit of one.
    make.request(office.ann, office.vacation, "2026-03-16", "2026-03-16")
    body = {**body, "start_date": "2026-03-16", "end_date": "2026-03-16"}
    preview = client.post(f"{API}/requests/preview", json=body, headers=office.bob.headers).json
    assert [c["date"] for c in preview["team_conflicts"]] == ["2026-03-16"]
    # Bob's own trip while Ann is away is no conflict either.
    body = {**body, "leave_type_id": office.trip}
    preview = client.post(f"{API}/requests/preview", json=body, headers=office.bob.headers).json
    assert preview["team_conflicts"] == []


def test_the_owners_feed_says_working_elsewhere_and_colleagues_feeds_say_away(client, make, office):
    trip = make.request(office.ann, office.trip, "2026-03-09", "2026-03-10")

    def event(who):
        link = client.post(f"{API}/auth/calendar-token", headers=who.headers).json["feed_url"]
        body = client.get(link[link.index("/api/v1/") :]).data
        (found,) = [
            e for e in Calendar.from_ical(body).walk("VEVENT") if f"request-{trip}@" in e["UID"]
        ]
        return found

    own = event(office.ann)
    assert str(own["X-MICROSOFT-CDO-BUSYSTATUS"]) == "WORKINGELSEWHERE"
    assert str(own["SUMMARY"]) == "Business trip"
    theirs = event(office.bob)
    # A feed leaves the company: even a public type is only "Away" there.
    assert str(theirs["SUMMARY"]) == "Ann Arbor — Away"
    assert str(theirs["X-MICROSOFT-CDO-BUSYSTATUS"]) == "FREE"


def test_visibility_and_availability_take_only_their_values(client, make):
    admin = make.admin()
    for field in ("visibility", "availability"):
        r = client.post(
            f"{API}/leave-types",
            json={"name": "Odd", "code": f"odd-{field}", field: "sometimes"},
            headers=admin.headers,
        )
        assert_problem(r, 422, "validation-error", errors=[field])
