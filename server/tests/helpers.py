"""Assertions shared by the API tests."""


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
