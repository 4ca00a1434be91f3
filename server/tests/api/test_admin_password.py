"""An admin sets someone's password: it works at once, every session of theirs and their
calendar feed end, and the audit trail says it changed without saying what to."""

from server.tests.factories import PASSWORD
from server.tests.helpers import assert_problem, login

API = "/api/v1"
NEW = "a-brand-new-secret"


def feed_url(client, person):
    r = client.post(f"{API}/auth/calendar-token", headers=person.headers)
    assert r.status_code == 201
    return r.json["feed_url"].split("/api/v1", 1)[1]


def test_an_admin_sets_a_password_and_the_old_one_stops_working(client, make):
    admin = make.admin()
    ada = make.employee()
    feed = feed_url(client, ada)
    assert client.get(API + feed).status_code == 200
    r = client.patch(f"{API}/users/{ada.id}", json={"password": NEW}, headers=admin.headers)
    assert r.status_code == 200
    assert "password" not in r.json
    assert_problem(login(client, ada.email, PASSWORD), 401, "unauthorized")
    assert login(client, ada.email, NEW).status_code == 200
    # Sessions issued before the change, and the feed link, are over.
    assert_problem(client.get(f"{API}/auth/me", headers=ada.headers), 401, "unauthorized")
    assert_problem(client.get(API + feed), 404, "not-found")
    (row,) = client.get(
        f"{API}/audit", query_string={"entity": "user", "entity_id": ada.id}, headers=admin.headers
    ).json["items"][:1]
    assert (row["action"], row["changes"]) == ("user.updated", {"password": ["***", "***"]})
    assert NEW not in str(row)


def test_people_change_their_own_password_elsewhere(client, make):
    ada = make.employee()
    r = client.patch(f"{API}/users/{ada.id}", json={"password": NEW}, headers=ada.headers)
    assert_problem(r, 403, "forbidden")
    assert login(client, ada.email, PASSWORD).status_code == 200


def test_changing_your_own_password_ends_your_feed_link(client, make):
    ada = make.employee()
    feed = feed_url(client, ada)
    r = client.post(
        f"{API}/auth/password",
        json={"current_password": PASSWORD, "new_password": NEW},
        headers=ada.headers,
    )
    assert r.status_code == 204
    assert_problem(client.get(API + feed), 404, "not-found")


def test_a_reactivated_user_does_not_get_the_old_feed_link_back(client, make):
    admin = make.admin()
    ada = make.employee()
    feed = feed_url(client, ada)
    assert client.delete(f"{API}/users/{ada.id}", headers=admin.headers).status_code == 204
    r = client.patch(f"{API}/users/{ada.id}", json={"is_active": True}, headers=admin.headers)
    assert r.status_code == 200
    assert_problem(client.get(API + feed), 404, "not-found")
