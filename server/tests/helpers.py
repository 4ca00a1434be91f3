"""Assertions shared by the API tests."""

# Every field of a full user record, as API.md lists them.
USER_KEYS = {
    "id",
    "email",
    "full_name",
    "roles",
    "is_active",
    "timezone",
    "country",
    "subdivision",
    "hire_date",
    "manager_id",
    "work_days",
    "team_ids",
    "created_at",
    "updated_at",
}


def assert_problem(response, status, slug, errors=()):
    """`response` is an RFC 9457 problem of this status and slug, naming these `errors`."""
    body = response.get_json()
    assert response.status_code == status, body
    assert response.mimetype == "application/problem+json"
    assert body["type"] == f"/problems/{slug}"
    assert body["status"] == status
    assert body["title"] and body["detail"]
    for key in errors:
        assert key in body.get("errors", {}), body
    return body
