"""Deciding on leave: approve, reject, the approvals inbox and team capacity warnings."""

import pytest

from server.tests.helpers import assert_problem

API = "/api/v1"
MONDAY = "2026-03-02T09:00:00+00:00"  # 2026-03-02 is a Monday
NEXT_WEEK = ("2026-03-09", "2026-03-13")  # Mon..Fri, 5 working days


def decide(client, who, request_id, action, comment=None):
    body = {} if comment is None else {"comment": comment}
    return client.post(f"{API}/requests/{request_id}/{action}", json=body, headers=who.headers)


def inbox(client, who, **params):
    return client.get(f"{API}/approvals", query_string=params, headers=who.headers)


def ids(response):
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.json["items"]]


def status_of(client, who, request_id):
    r = client.get(f"{API}/requests/{request_id}", headers=who.headers)
    assert r.status_code == 200, r.get_json()
    return r.json["status"]


@pytest.fixture
def pending(org, make, clock, vacation):
    """A pending 5-day request of the manager's report."""
    clock.set(MONDAY)
    return make.request(org.report, vacation, *NEXT_WEEK, status="pending")


# --- approve and reject --------------------------------------------------------------------------


@pytest.mark.parametrize("decider", ["manager", "admin"])
@pytest.mark.parametrize(
    ("action", "status", "comment"),
    [
        ("approve", "approved", "Enjoy"),
        ("approve", "approved", None),
        ("reject", "rejected", "Release week, sorry"),
    ],
)
def test_manager_or_admin_decides(client, org, clock, pending, decider, action, status, comment):
    clock.set("2026-03-03T14:15:00+00:00")
    who = getattr(org, decider)
    r = decide(client, who, pending, action, comment)
    assert r.status_code == 200, r.json
    assert r.json["id"] == pending
    assert r.json["status"] == status
    assert r.json["reviewer_id"] == who.id
    assert r.json["reviewed_at"] == "2026-03-03T14:15:00+00:00"
    assert r.json["review_comment"] == comment
    assert r.json["days"] == 5.0
    # The decision is stored.
    stored = client.get(f"{API}/requests/{pending}", headers=org.report.headers).json
    assert (stored["status"], stored["reviewer_id"]) == (status, who.id)


def test_approval_moves_days_from_pending_to_scheduled(client, org, clock, pending, vacation):
    clock.set(MONDAY)

    def numbers():
        r = client.get(
            f"{API}/users/{org.report.id}/balances",
            query_string={"year": 2026},
            headers=org.report.headers,
        )
        (b,) = [b for b in r.json["items"] if b["leave_type_id"] == vacation]
        return b["pending"], b["scheduled"], b["available"]

    assert numbers() == (5.0, 0.0, 20.0)  # 25 - 5 pending
    assert decide(client, org.manager, pending, "approve").status_code == 200
    assert numbers() == (0.0, 5.0, 20.0)  # 25 - 5 scheduled


def test_rejection_frees_the_days(client, org, clock, pending, vacation):
    clock.set(MONDAY)
    assert decide(client, org.manager, pending, "reject", "No").status_code == 200
    r = client.get(
        f"{API}/users/{org.report.id}/balances",
        query_string={"year": 2026},
        headers=org.report.headers,
    )
    (b,) = [b for b in r.json["items"] if b["leave_type_id"] == vacation]
    assert (b["pending"], b["available"]) == (0.0, 25.0)


@pytest.mark.parametrize("action", ["approve", "reject"])
@pytest.mark.parametrize("owner", ["manager", "admin"])
def test_nobody_decides_their_own_request(client, org, make, clock, vacation, action, owner):
    clock.set(MONDAY)
    who = getattr(org, owner)
    own = make.request(who, vacation, *NEXT_WEEK, status="pending")
    assert_problem(decide(client, who, own, action, "Self-service"), 403, "forbidden")
    assert status_of(client, who, own) == "pending"


def test_admin_who_is_also_the_manager_cannot_approve_own_request(client, make, clock, vacation):
    clock.set(MONDAY)
    boss = make.user(roles=("manager", "admin"))
    own = make.request(boss, vacation, *NEXT_WEEK, status="pending")
    assert_problem(decide(client, boss, own, "approve"), 403, "forbidden")


@pytest.mark.parametrize("owner", ["manager", "admin"])
def test_nobody_finds_their_own_request_in_their_inbox(client, org, make, clock, vacation, owner):
    """The inbox lists what its owner may decide: the same policy as approve, so never
    their own (an admin sees everyone else's)."""
    clock.set(MONDAY)
    who = getattr(org, owner)
    own = make.request(who, vacation, *NEXT_WEEK, status="pending")
    reports = make.request(org.report, vacation, *NEXT_WEEK, status="pending")
    listed = ids(inbox(client, who))
    assert own not in listed
    assert reports in listed


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_employee_cannot_decide(client, org, pending, action):
    assert_problem(decide(client, org.report2, pending, action, "Sure"), 403, "forbidden")
    assert_problem(decide(client, org.report, pending, action, "Sure"), 403, "forbidden")
    assert status_of(client, org.admin, pending) == "pending"


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_employee_gets_403_before_404(client, org, action):
    # The role check comes before looking the request up.
    assert_problem(decide(client, org.other, 424242, action, "x"), 403, "forbidden")


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_decide_needs_a_token(client, pending, action):
    r = client.post(f"{API}/requests/{pending}/{action}", json={"comment": "x"})
    assert_problem(r, 401, "unauthorized")


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_manager_of_someone_else_gets_404(client, org, make, clock, vacation, action):
    clock.set(MONDAY)
    request_id = make.request(org.other, vacation, *NEXT_WEEK, status="pending")
    assert_problem(decide(client, org.manager, request_id, action, "x"), 404, "not-found")
    assert_problem(decide(client, org.other_manager, 424242, action, "x"), 404, "not-found")


def test_manager_whose_role_was_removed_cannot_approve(client, org, clock, pending):
    clock.set(MONDAY)
    r = client.patch(
        f"{API}/users/{org.manager.id}", json={"roles": ["employee"]}, headers=org.admin.headers
    )
    assert r.status_code == 200, r.json
    assert r.json["roles"] == ["employee"]
    # The same token as before: roles are read from the database on every request.
    assert_problem(decide(client, org.manager, pending, "approve"), 403, "forbidden")
    assert_problem(inbox(client, org.manager), 403, "forbidden")
    assert status_of(client, org.admin, pending) == "pending"


def test_user_whose_manager_id_points_at_a_non_manager_cannot_be_decided_by_them(
    client, make, clock, vacation
):
    clock.set(MONDAY)
    lead = make.employee()  # is somebody's manager_id, but lacks the manager role
    member = make.employee(manager=lead)
    request_id = make.request(member, vacation, *NEXT_WEEK, status="pending")
    assert_problem(decide(client, lead, request_id, "approve"), 403, "forbidden")


@pytest.mark.parametrize("action", ["approve", "reject"])
@pytest.mark.parametrize("status", ["approved", "rejected", "cancelled"])
def test_only_pending_requests_can_be_decided(client, org, make, clock, vacation, action, status):
    clock.set(MONDAY)
    request_id = make.request(org.report, vacation, *NEXT_WEEK, status=status)
    for decider in (org.manager, org.admin):
        assert_problem(decide(client, decider, request_id, action, "Late"), 409, "conflict")
    assert status_of(client, org.admin, request_id) == status


def test_second_decision_is_409(client, org, pending):
    assert decide(client, org.manager, pending, "approve").status_code == 200
    assert_problem(decide(client, org.admin, pending, "reject", "Changed my mind"), 409, "conflict")


# Auth ordering: 404 (can't see) before 403 (own request) before 409 (state) before 422
# (the missing comment).
@pytest.mark.parametrize(
    ("decider", "owner", "status", "expected", "slug"),
    [
        ("other_manager", "report", "pending", 404, "not-found"),
        ("manager", "manager", "pending", 403, "forbidden"),
        ("manager", "report", "approved", 409, "conflict"),
        ("manager", "report", "pending", 422, "validation-error"),
    ],
)
def test_reject_checks_run_in_the_documented_order(
    client, org, make, clock, vacation, decider, owner, status, expected, slug
):
    clock.set(MONDAY)
    request_id = make.request(getattr(org, owner), vacation, *NEXT_WEEK, status=status)
    r = client.post(
        f"{API}/requests/{request_id}/reject", json={}, headers=getattr(org, decider).headers
    )
    assert_problem(r, expected, slug)


def test_reject_of_unknown_request_without_a_comment_is_404(client, org):
    r = client.post(f"{API}/requests/424242/reject", json={}, headers=org.admin.headers)
    assert_problem(r, 404, "not-found")


@pytest.mark.parametrize("body", [{}, {"comment": ""}, {"comment": "   "}, {"comment": None}])
def test_reject_needs_a_comment(client, org, pending, body):
    r = client.post(f"{API}/requests/{pending}/reject", json=body, headers=org.manager.headers)
    assert_problem(r, 422, "validation-error", errors=["comment"])
    assert status_of(client, org.admin, pending) == "pending"


def test_reject_without_any_body_is_refused(client, org, pending):
    r = client.post(f"{API}/requests/{pending}/reject", headers=org.manager.headers)
    assert_problem(r, 422, "validation-error", errors=["comment"])
    assert status_of(client, org.admin, pending) == "pending"


def test_reject_comment_is_trimmed_and_stored(client, org, pending):
    r = decide(client, org.manager, pending, "reject", "  Busy week  ")
    assert r.status_code == 200, r.json
    assert r.json["review_comment"] == "Busy week"


def test_approve_with_no_body_at_all(client, org, clock, pending):
    clock.set(MONDAY)
    # No body and no Content-Type header.
    r = client.post(f"{API}/requests/{pending}/approve", headers=org.manager.headers)
    assert r.status_code == 200, r.json
    assert r.json["status"] == "approved"
    assert r.json["review_comment"] is None
    assert r.json["reviewer_id"] == org.manager.id


@pytest.mark.parametrize(
    ("body", "key"), [({"comment": 5}, "comment"), ({"comment": "x" * 2001}, "comment")]
)
def test_approve_with_a_bad_comment_is_422(client, org, pending, body, key):
    r = client.post(f"{API}/requests/{pending}/approve", json=body, headers=org.manager.headers)
    assert_problem(r, 422, "validation-error", errors=[key])


def test_admin_decides_for_a_deactivated_managers_reports(client, org, clock, vacation, make):
    clock.set(MONDAY)
    first = make.request(org.report, vacation, "2026-03-09", "2026-03-10", status="pending")
    second = make.request(org.report2, vacation, "2026-03-09", "2026-03-10", status="pending")
    r = client.delete(f"{API}/users/{org.manager.id}", headers=org.admin.headers)
    assert r.status_code == 204
    assert set(ids(inbox(client, org.admin))) == {first, second}
    assert decide(client, org.admin, first, "approve").json["status"] == "approved"
    assert decide(client, org.admin, second, "reject", "Cover needed").json["status"] == "rejected"
    # The deactivated manager's token no longer works at all.
    assert_problem(decide(client, org.manager, first, "approve"), 401, "unauthorized")


def test_approving_after_the_balance_shrank_is_insufficient_balance(client, org, clock, vacation):
    clock.set(MONDAY)
    r = client.post(
        f"{API}/requests",
        json={"leave_type_id": vacation, "start_date": NEXT_WEEK[0], "end_date": NEXT_WEEK[1]},
        headers=org.report.headers,
    )
    assert r.status_code == 201, r.json
    request_id = r.json["id"]
    r = client.post(
        f"{API}/users/{org.report.id}/adjustments",
        json={"leave_type_id": vacation, "year": 2026, "days": -23, "reason": "Correction"},
        headers=org.admin.headers,
    )
    assert r.status_code == 201, r.json
    # available = 25 - 23 (adjustment) - 5 (this pending request) = -3.
    r = client.get(
        f"{API}/users/{org.report.id}/balances",
        query_string={"year": 2026},
        headers=org.admin.headers,
    )
    (b,) = [b for b in r.json["items"] if b["leave_type_id"] == vacation]
    assert b["available"] == -3.0
    assert_problem(decide(client, org.manager, request_id, "approve"), 422, "insufficient-balance")
    assert status_of(client, org.admin, request_id) == "pending"
    # Rejecting is still possible.
    assert decide(client, org.manager, request_id, "reject", "No balance").status_code == 200


def test_approving_when_the_balance_still_covers_it(client, org, clock, vacation):
    clock.set(MONDAY)
    r = client.post(
        f"{API}/requests",
        json={"leave_type_id": vacation, "start_date": NEXT_WEEK[0], "end_date": NEXT_WEEK[1]},
        headers=org.report.headers,
    )
    request_id = r.json["id"]
    r = client.post(
        f"{API}/users/{org.report.id}/adjustments",
        json={"leave_type_id": vacation, "year": 2026, "days": -20, "reason": "Correction"},
        headers=org.admin.headers,
    )
    assert r.status_code == 201, r.json
    # available = 25 - 20 - 5 = 0: still covered.
    assert decide(client, org.manager, request_id, "approve").status_code == 200


def test_decide_unknown_request_is_404(client, org):
    assert_problem(decide(client, org.admin, 424242, "approve"), 404, "not-found")


# --- the approvals inbox -----------------------------------------------------------------------


def test_manager_inbox_holds_pending_requests_of_direct_reports_oldest_first(
    client, org, make, clock, vacation
):
    clock.set("2026-03-02T12:00:00+00:00")
    newest = make.request(org.report, vacation, "2026-03-09", "2026-03-09", status="pending")
    clock.set("2026-03-02T08:00:00+00:00")
    oldest = make.request(org.report2, vacation, "2026-03-20", "2026-03-20", status="pending")
    clock.set("2026-03-02T10:00:00+00:00")
    middle = make.request(org.report, vacation, "2026-03-16", "2026-03-16", status="pending")
    # Not for this manager: decided ones, their own, someone else's report.
    make.request(org.report, vacation, "2026-03-23", "2026-03-23", status="approved")
    make.request(org.report, vacation, "2026-03-24", "2026-03-24", status="rejected")
    make.request(org.report2, vacation, "2026-03-25", "2026-03-25", status="cancelled")
    make.request(org.manager, vacation, "2026-03-26", "2026-03-26", status="pending")
    make.request(org.other, vacation, "2026-03-27", "2026-03-27", status="pending")
    r = inbox(client, org.manager)
    assert ids(r) == [oldest, middle, newest]
    assert (r.json["page"], r.json["per_page"], r.json["total"], r.json["pages"]) == (1, 20, 3, 1)
    assert all(item["status"] == "pending" for item in r.json["items"])


def test_inbox_item_is_the_request_plus_team_conflicts(client, org, make, clock, vacation):
    clock.set(MONDAY)
    request_id = make.request(org.report, vacation, *NEXT_WEEK, status="pending", reason="Trip")
    (item,) = inbox(client, org.manager).json["items"]
    assert item["id"] == request_id
    assert item["user"] == {"id": org.report.id, "full_name": "Rita Report"}
    assert item["user_id"] == org.report.id
    assert item["leave_type_id"] == vacation
    assert (item["start_date"], item["end_date"], item["days"]) == (*NEXT_WEEK, 5.0)
    assert item["reason"] == "Trip"
    assert item["status"] == "pending"
    assert item["reviewer_id"] is None
    assert item["team_conflicts"] == []
    assert item["created_at"] == "2026-03-02T09:00:00+00:00"
    # What deciding it means for the balance: 25 without it, 20 with it.
    assert item["by_year"] == [
        {"year": 2026, "days": 5.0, "amount": 5.0, "balance_before": 25.0, "balance_after": 20.0}
    ]


def test_inbox_balance_effect_per_year_for_a_request_over_new_year(
    client, org, make, clock, vacation
):
    clock.set("2026-12-01T09:00:00+00:00")
    make.request(org.report, vacation, "2026-06-01", "2026-06-05")  # 5 taken in 2026
    request_id = make.request(org.report, vacation, "2026-12-28", "2027-01-05", status="pending")
    sick = make.leave_type("sick", yearly_allowance=None)
    unlimited = make.request(org.report2, sick, "2026-12-14", "2026-12-14", status="pending")
    items = {i["id"]: i for i in inbox(client, org.manager).json["items"]}
    # 28-31 Dec: 4 days of 2026 (20 left before); 1, 4, 5 Jan 2027 (Jan 2 and 3: weekend).
    assert items[request_id]["by_year"] == [
        {"year": 2026, "days": 4.0, "amount": 4.0, "balance_before": 20.0, "balance_after": 16.0},
        {"year": 2027, "days": 3.0, "amount": 3.0, "balance_before": 25.0, "balance_after": 22.0},
    ]
    assert items[unlimited]["by_year"] == [
        {"year": 2026, "days": 1.0, "amount": 1.0, "balance_before": None, "balance_after": None}
    ]


def test_admin_inbox_holds_everyones_pending_but_their_own(client, org, make, clock, vacation):
    clock.set(MONDAY)
    second_admin = make.admin()
    mine = make.request(org.admin, vacation, "2026-03-09", "2026-03-09", status="pending")
    clock.set("2026-03-02T09:01:00+00:00")
    report = make.request(org.report, vacation, "2026-03-10", "2026-03-10", status="pending")
    clock.set("2026-03-02T09:02:00+00:00")
    other = make.request(org.other, vacation, "2026-03-11", "2026-03-11", status="pending")
    clock.set("2026-03-02T09:03:00+00:00")
    managers = make.request(org.manager, vacation, "2026-03-12", "2026-03-12", status="pending")
    make.request(org.other, vacation, "2026-03-13", "2026-03-13", status="approved")
    assert ids(inbox(client, org.admin)) == [report, other, managers]
    # Another admin may decide the first admin's request.
    assert ids(inbox(client, second_admin)) == [mine, report, other, managers]


def test_manager_inbox_never_shows_their_own_request(client, make, clock, vacation):
    clock.set(MONDAY)
    director = make.manager()
    lead = make.manager(manager=director)
    own = make.request(lead, vacation, *NEXT_WEEK, status="pending")
    assert ids(inbox(client, lead)) == []
    assert ids(inbox(client, director)) == [own]


def test_employee_cannot_open_the_inbox(client, org):
    assert_problem(inbox(client, org.report), 403, "forbidden")


def test_inbox_needs_a_token(client):
    assert_problem(client.get(f"{API}/approvals"), 401, "unauthorized")


def test_inbox_paging(client, org, make, clock, vacation):
    made = []
    for n, day in enumerate((9, 10, 11, 12, 13)):
        clock.set(f"2026-03-02T09:0{n}:00+00:00")
        made.append(
            make.request(
                org.report, vacation, f"2026-03-{day:02d}", f"2026-03-{day:02d}", status="pending"
            )
        )
    r = inbox(client, org.manager, per_page=2, page=2)
    # 5 pending, 2 per page: page 2 holds the 3rd and 4th oldest; ceil(5 / 2) = 3 pages.
    assert ids(r) == made[2:4]
    assert (r.json["page"], r.json["per_page"], r.json["total"], r.json["pages"]) == (2, 2, 5, 3)


@pytest.mark.parametrize(("param", "value"), [("page", "0"), ("per_page", "101"), ("page", "x")])
def test_inbox_bad_paging_is_422(client, org, param, value):
    assert_problem(inbox(client, org.manager, **{param: value}), 422, "validation-error", [param])


def test_inbox_runs_a_constant_number_of_queries(client, make, clock, count_queries, vacation):
    clock.set(MONDAY)
    boss = make.manager()
    team = make.team("Crowded", max_absent=1)

    def seed(n):
        for _ in range(n):
            person = make.employee(manager=boss, teams=[team])
            make.request(person, vacation, "2026-03-09", "2026-03-10", status="pending")

    def count():
        with count_queries() as counted:
            r = inbox(client, boss, per_page=100)
        assert r.status_code == 200
        return counted.n, r.json["items"]

    seed(3)
    few, items = count()
    assert len(items) == 3
    # Everyone in the team is away on both days: 3 absent > 1 on 9 and 10 March.
    assert [c["absent"] for c in items[0]["team_conflicts"]] == [3, 3]
    seed(27)
    many, items = count()
    assert len(items) == 30
    assert [c["absent"] for c in items[0]["team_conflicts"]] == [30, 30]
    assert many == few


# --- team capacity ---------------------------------------------------------------------------


@pytest.fixture
def crowded(org, make):
    """A team allowing one absence at a time, with both of the manager's reports in it."""
    return make.team("Support", members=[org.report, org.report2], max_absent=1)


@pytest.mark.parametrize("first_status", ["pending", "approved"])
def test_inbox_lists_team_conflicts_for_the_shared_dates(
    client, org, make, clock, vacation, crowded, first_status
):
    clock.set(MONDAY)
    # Rita: Mon 9 .. Wed 11; Rob: Wed 11 .. Fri 13 -> both away on Wed 11 only.
    rita = make.request(org.report, vacation, "2026-03-09", "2026-03-11", status=first_status)
    clock.set("2026-03-02T09:05:00+00:00")
    rob = make.request(org.report2, vacation, "2026-03-11", "2026-03-13", status="pending")
    items = {item["id"]: item for item in inbox(client, org.manager).json["items"]}
    conflict = {
        "team_id": crowded,
        "team_name": "Support",
        "date": "2026-03-11",
        "absent": 2,
        "max_absent": 1,
        "away": [
            {"id": org.report.id, "full_name": "Rita Report"},
            {"id": org.report2.id, "full_name": "Rob Report"},
        ],
    }
    assert items[rob]["team_conflicts"] == [conflict]
    if first_status == "pending":
        assert items[rita]["team_conflicts"] == [conflict]
    else:
        assert rita not in items


@pytest.mark.parametrize("status", ["rejected", "cancelled"])
def test_decided_or_withdrawn_requests_do_not_count_as_absent(
    client, org, make, clock, vacation, crowded, status
):
    clock.set(MONDAY)
    make.request(org.report, vacation, *NEXT_WEEK, status=status)
    rob = make.request(org.report2, vacation, *NEXT_WEEK, status="pending")
    (item,) = inbox(client, org.manager).json["items"]
    assert (item["id"], item["team_conflicts"]) == (rob, [])


def test_no_conflict_within_the_limit_or_without_a_limit(client, org, make, clock, vacation):
    clock.set(MONDAY)
    make.team("Roomy", members=[org.report, org.report2], max_absent=2)
    make.team("Unlimited", members=[org.report, org.report2])
    make.request(org.report, vacation, *NEXT_WEEK, status="approved")
    make.request(org.report2, vacation, *NEXT_WEEK, status="pending")
    (item,) = inbox(client, org.manager).json["items"]
    assert item["team_conflicts"] == []  # 2 absent <= 2; no limit on the other team


def test_preview_warns_about_team_capacity_without_refusing(
    client, org, make, clock, vacation, crowded
):
    clock.set(MONDAY)
    make.request(org.report, vacation, "2026-03-09", "2026-03-10", status="approved")
    body = {"leave_type_id": vacation, "start_date": "2026-03-10", "end_date": "2026-03-11"}
    r = client.post(f"{API}/requests/preview", json=body, headers=org.report2.headers)
    assert r.status_code == 200, r.json
    # Rita is away Mon 9 - Tue 10; Rob would be away Tue 10 - Wed 11: both on Tue 10 only.
    assert r.json["team_conflicts"] == [
        {
            "team_id": crowded,
            "team_name": "Support",
            "date": "2026-03-10",
            "absent": 2,
            "max_absent": 1,
            "away": [
                {"id": org.report.id, "full_name": "Rita Report"},
                {"id": org.report2.id, "full_name": "Rob Report"},
            ],
        }
    ]
    assert r.json["violations"] == []
    assert [w["type"] for w in r.json["warnings"]] == ["team-capacity"]
    assert r.json["warnings"][0]["detail"]
    # max_absent is not a hard block.
    r = client.post(f"{API}/requests", json=body, headers=org.report2.headers)
    assert r.status_code == 201, r.json
    assert r.json["status"] == "pending"


def test_preview_without_conflict_has_no_warning(client, org, make, clock, vacation, crowded):
    clock.set(MONDAY)
    make.request(org.report, vacation, "2026-03-09", "2026-03-10", status="approved")
    body = {"leave_type_id": vacation, "start_date": "2026-03-11", "end_date": "2026-03-12"}
    r = client.post(f"{API}/requests/preview", json=body, headers=org.report2.headers)
    assert r.status_code == 200, r.json
    assert (r.json["team_conflicts"], r.json["warnings"]) == ([], [])


def test_colleague_outside_the_team_does_not_count(client, org, make, clock, vacation, crowded):
    clock.set(MONDAY)
    make.request(org.other, vacation, *NEXT_WEEK, status="approved")  # not in Support
    rob = make.request(org.report2, vacation, *NEXT_WEEK, status="pending")
    (item,) = inbox(client, org.manager).json["items"]
    assert (item["id"], item["team_conflicts"]) == (rob, [])
