"""A replayed outcome never shows more than the caller may see now: after losing access to
what a keyed call was about, its retry is a 404 like any other look at it."""

from server.tests.helpers import assert_problem

API = "/api/v1"


def keyed(key, who):
    return {**who.headers, "Idempotency-Key": key}


def test_a_manager_who_no_longer_manages_the_owner_gets_404_on_replay(client, make, clock):
    clock.set("2026-03-02T09:00:00+00:00")
    admin = make.admin()
    boss, other_boss = make.manager(), make.manager()
    ada = make.employee(manager=boss)
    vacation = make.leave_type("vacation")
    body = {"leave_type_id": vacation, "start_date": "2026-03-09", "end_date": "2026-03-10"}
    request_id = client.post(f"{API}/requests", json=body, headers=ada.headers).json["id"]
    url = f"{API}/requests/{request_id}/approve"
    first = client.post(url, json={}, headers=keyed("approve-1", boss))
    assert first.status_code == 200
    again = client.post(url, json={}, headers=keyed("approve-1", boss))
    assert again.headers["Idempotent-Replayed"] == "true"
    moved = client.patch(
        f"{API}/users/{ada.id}", json={"manager_id": other_boss.id}, headers=admin.headers
    )
    assert moved.status_code == 200
    late = client.post(url, json={}, headers=keyed("approve-1", boss))
    assert_problem(late, 404, "not-found")
    assert "Idempotent-Replayed" not in late.headers
    assert "review_comment" not in late.json


def test_a_created_request_is_not_replayed_to_someone_who_lost_the_manager_role(
    client, make, clock
):
    clock.set("2026-03-02T09:00:00+00:00")
    admin = make.admin()
    boss = make.manager()
    ada = make.employee(manager=boss)
    vacation = make.leave_type("vacation")
    body = {
        "leave_type_id": vacation,
        "start_date": "2026-03-09",
        "end_date": "2026-03-10",
        "user_id": ada.id,
    }
    assert (
        client.post(f"{API}/requests", json=body, headers=keyed("file-1", boss)).status_code == 201
    )
    demoted = client.patch(
        f"{API}/users/{boss.id}", json={"roles": ["employee"]}, headers=admin.headers
    )
    assert demoted.status_code == 200
    late = client.post(f"{API}/requests", json=body, headers=keyed("file-1", boss))
    assert_problem(late, 404, "not-found")
