"""Strict input: a write never ignores what it was sent. An unknown field, at any depth,
is a 422 naming it, and the documents say `additionalProperties: false`."""

import pytest

from server.tests.helpers import assert_problem

API = "/api/v1"


def test_an_unknown_field_is_refused_by_name_and_nothing_changes(client, make):
    admin = make.admin()
    r = client.post(
        f"{API}/teams", json={"name": "Support", "colour": "teal"}, headers=admin.headers
    )
    assert_problem(r, 422, "validation-error", errors=["colour"])
    assert r.json["errors"]["colour"] == "unknown field"
    assert client.get(f"{API}/teams", headers=admin.headers).json["total"] == 0


def test_every_unknown_field_is_named_and_the_known_ones_are_still_checked(client, make):
    admin = make.admin()
    body = {"name": "   ", "colour": "teal", "size": 3}
    r = client.post(f"{API}/teams", json=body, headers=admin.headers)
    assert r.status_code == 422
    assert r.json["errors"] == {
        "colour": "unknown field",
        "size": "unknown field",
        "name": "must not be blank",
    }


def test_a_read_only_field_sent_back_is_unknown_to_a_write(client, make):
    ada = make.employee()
    r = client.patch(
        f"{API}/users/{ada.id}", json={"full_name": "Ada L.", "id": 999}, headers=ada.headers
    )
    assert_problem(r, 422, "validation-error", errors=["id"])
    assert client.get(f"{API}/auth/me", headers=ada.headers).json["full_name"] != "Ada L."


def test_the_documents_declare_every_request_body_closed(client):
    spec = client.get(f"{API}/swagger.json").json
    bodies = {
        param["schema"]["$ref"].rsplit("/", 1)[1]
        for path in spec["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict)
        for param in operation.get("parameters", [])
        if param.get("in") == "body" and "$ref" in param.get("schema", {})
    }
    assert "LeaveRequestCreate" in bodies and "UserUpdate" in bodies
    assert {
        n for n in bodies if spec["definitions"][n].get("additionalProperties") is not False
    } == (set())
    openapi3 = client.get(f"{API}/openapi.json").json["components"]["schemas"]
    assert openapi3["LeaveRequestCreate"]["additionalProperties"] is False


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"password": "short"}, "must be at least 10 characters"),
        ({"password": ""}, "must be at least 10 characters"),
    ],
)
def test_a_too_short_password_says_how_long_it_must_be(client, make, body, message):
    admin = make.admin()
    ada = make.employee()
    r = client.patch(f"{API}/users/{ada.id}", json=body, headers=admin.headers)
    assert_problem(r, 422, "validation-error", errors=["password"])
    assert r.json["errors"]["password"] == message


@pytest.mark.parametrize("name", ["Ada\r\nBcc: everyone@example.com", "Ada\tLovelace", "x\x7f"])
def test_a_name_with_a_line_break_or_control_character_is_refused(client, make, name):
    """A line break in a name used to be stored, and every e-mail naming the person then
    failed and was retried for hours."""
    admin = make.admin()
    ada = make.employee()
    r = client.patch(f"{API}/users/{ada.id}", json={"full_name": name}, headers=admin.headers)
    assert_problem(r, 422, "validation-error", errors=["full_name"])
    assert r.json["errors"]["full_name"] == "must be one line of text, without control characters"
    r = client.post(f"{API}/teams", json={"name": name}, headers=admin.headers)
    assert_problem(r, 422, "validation-error", errors=["name"])


def test_the_cli_refuses_a_name_with_a_line_break_too(app, clean_db):
    result = app.test_cli_runner().invoke(
        args=["create-user", "x@example.com", "--password", "long-enough-pw", "--name", "A\nB"]
    )
    assert result.exit_code != 0
    assert "control characters" in result.output
