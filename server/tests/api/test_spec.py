"""The Swagger 2.0 spec: valid, complete, secured, with problems documented; UI and CLI export."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openapi_spec_validator import OpenAPIV2SpecValidator, validate

PROJECT = Path(__file__).resolve().parents[3]
HTTP_METHODS = {"get", "post", "put", "patch", "delete", "head", "options"}
PROBLEM_REF = "#/definitions/Problem"
# No bearer token: logging in, signing up, and the iCal feed (its token is in the URL).
PUBLIC_OPERATIONS = {
    ("post", "/auth/login"),
    ("post", "/auth/register"),
    ("get", "/calendar/feed/{token}.ics"),
}
EXPECTED_OPERATIONS = [
    ("post", "/auth/login"),
    ("post", "/auth/refresh"),
    ("post", "/auth/logout"),
    ("get", "/auth/me"),
    ("post", "/auth/password"),
    ("post", "/auth/register"),
    ("get", "/users"),
    ("post", "/users"),
    ("get", "/users/{user_id}"),
    ("patch", "/users/{user_id}"),
    ("delete", "/users/{user_id}"),
    ("get", "/users/{user_id}/balances"),
    ("get", "/users/{user_id}/adjustments"),
    ("post", "/users/{user_id}/adjustments"),
    ("get", "/teams"),
    ("post", "/teams"),
    ("get", "/teams/{team_id}"),
    ("patch", "/teams/{team_id}"),
    ("delete", "/teams/{team_id}"),
    ("get", "/teams/{team_id}/members"),
    ("put", "/teams/{team_id}/members/{user_id}"),
    ("delete", "/teams/{team_id}/members/{user_id}"),
    ("get", "/leave-types"),
    ("post", "/leave-types"),
    ("get", "/leave-types/{leave_type_id}"),
    ("patch", "/leave-types/{leave_type_id}"),
    ("delete", "/leave-types/{leave_type_id}"),
    ("get", "/holidays"),
    ("post", "/holidays"),
    ("patch", "/holidays/{holiday_id}"),
    ("delete", "/holidays/{holiday_id}"),
    ("get", "/requests"),
    ("post", "/requests"),
    ("post", "/requests/preview"),
    ("get", "/requests/{request_id}"),
    ("patch", "/requests/{request_id}"),
    ("post", "/requests/{request_id}/approve"),
    ("post", "/requests/{request_id}/reject"),
    ("post", "/requests/{request_id}/cancel"),
    ("get", "/approvals"),
    ("get", "/audit"),
    ("get", "/reference/countries"),
    ("get", "/reference/timezones"),
]


@pytest.fixture
def spec(client):
    r = client.get("/api/v1/swagger.json")
    assert r.status_code == 200
    assert r.mimetype == "application/json"
    return r.json


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield method, path, operation


def test_the_spec_is_valid_swagger_2(spec):
    assert spec["swagger"] == "2.0"
    validate(spec, cls=OpenAPIV2SpecValidator)


def test_the_base_path_is_api_v1(spec):
    assert spec["basePath"] == "/api/v1"


def test_the_spec_produces_json_and_problem_json(spec):
    assert "application/json" in spec["produces"]
    assert "application/problem+json" in spec["produces"]


def test_the_bearer_security_definition(spec):
    bearer = spec["securityDefinitions"]["bearer"]
    assert bearer["type"] == "apiKey"
    assert bearer["in"] == "header"
    assert bearer["name"] == "Authorization"
    assert "Bearer" in bearer["description"]


def test_every_operation_but_login_and_register_needs_the_bearer_token(spec):
    default = spec.get("security", [])
    unsecured = []
    for method, path, operation in operations(spec):
        security = operation.get("security", default)
        if (method, path) in PUBLIC_OPERATIONS:
            assert security == [], f"{method.upper()} {path} should be public"
        elif {"bearer": []} not in security:
            unsecured.append(f"{method.upper()} {path}")
    assert unsecured == []


def test_every_operation_documents_a_4xx_problem(spec):
    missing = []
    for method, path, operation in operations(spec):
        problems = [
            code
            for code, response in operation["responses"].items()
            if code.startswith("4") and response.get("schema", {}).get("$ref") == PROBLEM_REF
        ]
        if not problems:
            missing.append(f"{method.upper()} {path}")
    assert missing == []


def test_every_documented_error_uses_the_problem_schema(spec):
    wrong = [
        f"{method.upper()} {path} {code}"
        for method, path, operation in operations(spec)
        for code, response in operation["responses"].items()
        if code[0] in "45" and response.get("schema", {}).get("$ref") != PROBLEM_REF
    ]
    assert wrong == []


def test_every_secured_operation_documents_401(spec):
    missing = [
        f"{method.upper()} {path}"
        for method, path, operation in operations(spec)
        if (method, path) not in PUBLIC_OPERATIONS and "401" not in operation["responses"]
    ]
    assert missing == []


def test_the_problem_schema(spec):
    problem = spec["definitions"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail"}
    assert {"type", "title", "status", "detail", "errors"} <= set(problem["properties"])


def test_every_contract_operation_is_documented(spec):
    missing = [
        f"{method.upper()} {path}"
        for method, path in EXPECTED_OPERATIONS
        if method not in spec["paths"].get(path, {})
    ]
    assert missing == []


def test_login_documents_the_rate_limit(spec):
    assert "429" in spec["paths"]["/auth/login"]["post"]["responses"]


def test_the_user_model_never_has_a_password_and_marks_nullable_fields(spec):
    user = spec["definitions"]["User"]["properties"]
    assert not [name for name in user if "password" in name]
    for name in ("country", "subdivision", "hire_date", "manager_id"):
        assert user[name].get("x-nullable") is True, name
    for name in ("email", "full_name", "timezone", "roles"):
        assert not user[name].get("x-nullable"), name


def test_the_user_list_documents_its_arguments(spec):
    operation = spec["paths"]["/users"]["get"]
    names = {p["name"] for p in operation.get("parameters", [])}
    assert {"page", "per_page", "sort", "q", "team_id", "manager_id", "role", "is_active"} <= names


def test_the_swagger_ui_is_served(client):
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    assert r.mimetype == "text/html"
    assert "swagger" in r.get_data(as_text=True).lower()


def test_manage_openapi_writes_the_same_paths(spec, tmp_path):
    out = tmp_path / "openapi.json"
    env = {**os.environ, "APP_ENV": "test", "TEST_DATABASE_URL": "sqlite:///:memory:"}
    done = subprocess.run(
        [sys.executable, "manage.py", "openapi", "--version", "2", "--out", str(out)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["basePath"] == "/api/v1"
    assert set(written["paths"]) == set(spec["paths"])
    for path, item in spec["paths"].items():
        assert set(written["paths"][path]) == set(item), path
    validate(written, cls=OpenAPIV2SpecValidator)
