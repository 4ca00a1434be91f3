"""Both documents (Swagger 2.0 at /swagger.json, OpenAPI 3 at /openapi.json) are valid and
complete enough for a newcomer and a client generator: a new endpoint or field without its
docs fails here."""

import json
import re
from datetime import date, timedelta

import pytest
from jsonschema import Draft4Validator
from openapi_spec_validator import OpenAPIV2SpecValidator, OpenAPIV30SpecValidator, validate

from server.dto.common import PROBLEM_SLUGS
from server.dto.fields import DATE_PATTERN
from server.errors import InsufficientBalance, UsageWaitingPeriod
from server.http.inputs import parse_date
from server.http.problems import PROBLEM_KINDS

HTTP_METHODS = {"get", "post", "put", "patch", "delete", "head", "options"}
SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*\Z")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
JSON, PROBLEM = "application/json", "application/problem+json"
DEMO_PASSWORD = "pto-demo-password"


@pytest.fixture
def swagger(client):
    r = client.get("/api/v1/swagger.json")
    assert r.status_code == 200
    return r.json


@pytest.fixture
def openapi(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    assert r.mimetype == "application/json"
    return r.json


def operations(doc):
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield f"{method.upper()} {path}", operation


def schemas(doc):
    return doc["definitions"] if "swagger" in doc else doc["components"]["schemas"]


def walk(node, path=()):
    """Every dict in `node`, with where it is."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, (*path, i))


@pytest.fixture(params=["swagger", "openapi"])
def document(request):
    return request.getfixturevalue(request.param)


# --- valid ------------------------------------------------------------------------------------


def test_the_swagger_2_spec_is_valid(swagger):
    validate(swagger, cls=OpenAPIV2SpecValidator)


def test_the_openapi_3_document_is_valid(openapi):
    assert openapi["openapi"].startswith("3.0.")
    validate(openapi, cls=OpenAPIV30SpecValidator)


def test_the_openapi_document_has_the_same_operations(swagger, openapi):
    assert {name: op["operationId"] for name, op in operations(openapi)} == {
        name: op["operationId"] for name, op in operations(swagger)
    }


def test_paths_are_relative_to_the_server_url(openapi):
    assert openapi["servers"] == [{"url": "/api/v1"}]
    assert not [path for path in openapi["paths"] if path.startswith("/api")]


def test_the_document_is_cached(app, client):
    api = app.extensions["restx_api"]
    first = client.get("/api/v1/openapi.json").json
    assert client.get("/api/v1/openapi.json").json == first
    assert api.openapi3 is api.openapi3


# --- complete ---------------------------------------------------------------------------------


def test_operation_ids_are_unique_snake_case(document):
    ids = [op.get("operationId") for _, op in operations(document)]
    assert len(ids) == len(set(ids))
    assert [i for i in ids if not i or not SNAKE_CASE.match(i)] == []


def test_every_operation_has_a_one_line_summary_and_a_description(document):
    missing = [
        name
        for name, op in operations(document)
        if not op.get("summary")
        or "\n" in op["summary"]
        or op["summary"].endswith(".")
        or len(op.get("description", "")) < 20
    ]
    assert missing == []


def test_every_parameter_has_a_description(document):
    missing = []
    for path, item in document["paths"].items():
        for param in item.get("parameters", []):
            if not param.get("description"):
                missing.append(f"{path} {param['name']}")
        for name, op in operations({"paths": {path: item}}):
            for param in op.get("parameters", []):
                if param["in"] != "body" and not param.get("description"):
                    missing.append(f"{name} {param['name']}")
    assert missing == []


def test_every_model_property_has_a_description(document):
    missing = [
        f"{model}.{name}"
        for model, schema in schemas(document).items()
        for name, prop in schema.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert missing == []


def test_tags_are_plain_identifiers_and_declared(document):
    declared = {tag["name"] for tag in document["tags"]}
    assert all(IDENTIFIER.match(tag) for tag in declared)
    used = {tag for _, op in operations(document) for tag in op["tags"]}
    assert used <= declared
    assert all(tag.get("description") for tag in document["tags"])


# --- errors -----------------------------------------------------------------------------------


def error_responses(openapi):
    for name, op in operations(openapi):
        for code, response in op["responses"].items():
            if code[0] in "45":
                yield f"{name} {code}", int(code), response


def test_every_error_is_problem_json_with_an_example_of_its_own_status(openapi):
    problem_schema = Draft4Validator(
        {**openapi["components"]["schemas"]["Problem"], "additionalProperties": False}
    )
    wrong = []
    for where, code, response in error_responses(openapi):
        content = response.get("content", {})
        if list(content) != [PROBLEM]:
            wrong.append(f"{where}: content types {list(content)}")
            continue
        example = content[PROBLEM].get("example")
        if example is None or example.get("status") != code:
            wrong.append(f"{where}: example {example}")
            continue
        slug = example["type"].removeprefix("/problems/")
        if slug not in PROBLEM_SLUGS or not example["detail"]:
            wrong.append(f"{where}: {example}")
        if slug != "insufficient-balance" and slug != PROBLEM_KINDS[code][0]:
            wrong.append(f"{where}: slug {slug} is not the one for {code}")
        wrong += [f"{where}: {e.message}" for e in problem_schema.iter_errors(example)]
    assert wrong == []


def test_the_swagger_spec_has_the_same_error_examples(swagger):
    wrong = [
        f"{name} {code}"
        for name, op in operations(swagger)
        for code, response in op["responses"].items()
        if code[0] in "45" and response["examples"][PROBLEM]["status"] != int(code)
    ]
    assert wrong == []


def test_401_on_login_means_wrong_credentials_and_elsewhere_a_bad_token(openapi):
    login = openapi["paths"]["/auth/login"]["post"]["responses"]["401"]
    assert "Wrong email or password" in login["description"]
    assert "password is incorrect" in login["content"][PROBLEM]["example"]["detail"]
    me = openapi["paths"]["/auth/me"]["get"]["responses"]["401"]
    assert "token" in me["description"]
    assert "token" in me["content"][PROBLEM]["example"]["detail"]


def test_examples_differ_per_status(openapi):
    details = {}
    for _, code, response in error_responses(openapi):
        details.setdefault(code, set()).add(response["content"][PROBLEM]["example"]["detail"])
    for code, texts in details.items():
        for other, other_texts in details.items():
            if code != other:
                assert not texts & other_texts, (code, other)


def test_the_problem_schema(openapi):
    problem = openapi["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail"}
    assert problem["properties"]["errors"]["type"] == "object"
    assert problem["properties"]["errors"]["additionalProperties"] == {"type": "string"}
    slugs = {slug for slug, _ in PROBLEM_KINDS.values()} | {
        InsufficientBalance.slug,
        UsageWaitingPeriod.slug,
    }
    assert set(PROBLEM_SLUGS) == slugs
    for slug in slugs:
        assert f"`{slug}`" in problem["properties"]["type"]["description"]


# --- success responses, headers, bodies -----------------------------------------------------


def test_success_bodies_are_json_never_problem_json(openapi):
    wrong = [
        f"{name} {code}"
        for name, op in operations(openapi)
        for code, response in op["responses"].items()
        if code[0] in "23" and PROBLEM in response.get("content", {})
    ]
    assert wrong == []
    users = openapi["paths"]["/users"]["get"]["responses"]["200"]["content"]
    assert list(users) == [JSON]
    assert "content" not in openapi["paths"]["/auth/logout"]["post"]["responses"]["204"]


def test_every_201_declares_location(document):
    created = [
        (name, response)
        for name, op in operations(document)
        for code, response in op["responses"].items()
        if code == "201"
    ]
    assert len(created) >= 7
    assert [name for name, response in created if "Location" not in response["headers"]] == []


def test_login_declares_the_rate_limit_headers(openapi):
    headers = openapi["paths"]["/auth/login"]["post"]["responses"]["429"]["headers"]
    expected = {"Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"}
    assert expected <= set(headers)


def test_every_response_references_the_request_id_header(openapi):
    assert "X-Request-ID" in openapi["components"]["headers"]
    ref = {"$ref": "#/components/headers/X-Request-ID"}
    missing = [
        f"{name} {code}"
        for name, op in operations(openapi)
        for code, response in op["responses"].items()
        if response.get("headers", {}).get("X-Request-ID") != ref
    ]
    assert missing == []


def test_approve_body_is_optional_and_reject_body_required(document):
    def body_required(path):
        op = document["paths"][path]["post"]
        if "requestBody" in op:
            return op["requestBody"]["required"]
        (body,) = [p for p in op["parameters"] if p["in"] == "body"]
        return body["required"]

    assert body_required("/requests/{request_id}/approve") is False
    assert body_required("/requests/{request_id}/reject") is True
    assert body_required("/requests") is True


def test_a_body_that_requires_no_field_is_optional(openapi):
    # Found by contract fuzzing: PATCH /users/{id} without a body answered 200 (no body reads
    # as `{}`) while the document said the body was required.
    for name, op in operations(openapi):
        if "requestBody" not in op:
            continue
        schema = op["requestBody"]["content"]["application/json"]["schema"]
        model = schemas(openapi)[schema["$ref"].rsplit("/", 1)[-1]]
        assert op["requestBody"]["required"] is bool(model.get("required")), name


@pytest.mark.parametrize(
    "path", ["/users/{ada}", "/teams/{team}", "/leave-types/{vacation}", "/holidays/{holiday}"]
)
def test_an_update_without_a_body_changes_nothing(client, make, path):
    admin = make.admin()
    ids = {
        "ada": make.employee().id,
        "team": make.team("Ops"),
        "vacation": make.leave_type("vacation"),
        "holiday": make.holiday(date(2026, 12, 24), "Eve"),
    }
    url = "/api/v1" + path.format(**ids)
    before = client.get(url, headers=admin.headers).json
    r = client.patch(url, headers=admin.headers)
    assert r.status_code == 200, r.json
    assert r.json == before


# --- security, enums, nullable ----------------------------------------------------------------


def test_bearer_security_scheme(openapi):
    assert openapi["components"]["securitySchemes"] == {
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": openapi["components"]["securitySchemes"]["bearer"]["description"],
        }
    }
    assert openapi["security"] == [{"bearer": []}]
    assert openapi["paths"]["/auth/login"]["post"]["security"] == []


def test_enums_are_shared_component_schemas(openapi):
    components = openapi["components"]["schemas"]
    enums = {name: tuple(s["enum"]) for name, s in components.items() if "enum" in s}
    assert {"Role", "Accrual", "RequestStatus", "HolidaySource", "AuditEntity"} <= set(enums)
    assert len(set(enums.values())) == len(enums)  # one component per set of values
    inline = [
        "/".join(map(str, where))
        for where, node in walk(openapi)
        if "enum" in node and not (len(where) == 3 and where[:2] == ("components", "schemas"))
    ]
    assert inline == []
    role = '{"$ref": "#/components/schemas/Role"}'
    assert json.dumps(openapi).count(role) >= 3  # user, user inputs, the users filter


def test_nullable_fields_are_marked(openapi):
    user = openapi["components"]["schemas"]["User"]["properties"]
    for name in ("country", "subdivision", "hire_date", "manager_id"):
        assert user[name].get("nullable") is True, name
    for name in ("email", "full_name", "timezone", "roles"):
        assert "nullable" not in user[name], name
    assert not [where for where, node in walk(openapi) if "x-nullable" in node]


def test_a_request_field_with_a_default_is_optional_for_generators(swagger, openapi):
    # openapi-typescript made start_half/end_half required (a `default` reads as "always
    # there"): the OpenAPI 3 request schemas say the default in words; Swagger 2.0 keeps it.
    for name in ("LeaveRequestCreate", "LeaveRequestUpdate"):
        for field in ("start_half", "end_half"):
            converted = schemas(openapi)[name]["properties"][field]
            assert "default" not in converted and "default false" in converted["description"]
            assert schemas(swagger)[name]["properties"][field]["default"] is False
    bodies = {
        op["requestBody"]["content"][JSON]["schema"]["$ref"].rsplit("/", 1)[-1]
        for _, op in operations(openapi)
        if "requestBody" in op
    }
    defaulted = [
        f"{name}.{field}"
        for name in bodies
        for field, prop in schemas(openapi)[name]["properties"].items()
        if "default" in prop and field not in schemas(openapi)[name].get("required", ())
    ]
    assert defaulted == []


# --- examples fit the environment -------------------------------------------------------------


def documents_of(app):
    api = app.extensions["restx_api"]
    with app.test_request_context():
        return api.__schema__, api.openapi3


@pytest.fixture
def dev_app(database_url):
    from server import create_app

    return create_app("dev", SQLALCHEMY_DATABASE_URI=database_url)


def test_dev_docs_show_the_demo_login(dev_app):
    swagger, openapi = documents_of(dev_app)
    example = openapi["components"]["schemas"]["LoginRequest"]["example"]
    assert example == {"email": "admin@example.com", "password": DEMO_PASSWORD}
    assert DEMO_PASSWORD in openapi["info"]["description"]
    assert swagger["definitions"]["LoginRequest"]["example"] == example


def test_other_environments_never_show_a_demo_password(app, monkeypatch, database_url):
    from server import create_app

    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", database_url)
    for each in (app, create_app("prod")):
        for doc in documents_of(each):
            assert DEMO_PASSWORD not in str(doc)
            assert "admin@example.com" not in str(doc)


def test_request_examples_match_their_models(openapi):
    components = openapi["components"]["schemas"]
    bodies = {
        op["requestBody"]["content"][JSON]["schema"]["$ref"].rsplit("/", 1)[1]
        for _, op in operations(openapi)
        if "requestBody" in op
    }
    wrong = []
    for name in bodies:
        schema = components[name]
        if "example" not in schema:
            wrong.append(f"{name}: no example")
            continue
        validator = Draft4Validator(
            {**_json_schema(schema), "components": _json_schema(openapi["components"])},
        )
        wrong += [f"{name}: {e.message}" for e in validator.iter_errors(schema["example"])]
    assert wrong == []


def _json_schema(node):
    """An OpenAPI 3.0 schema as JSON Schema, enough to check examples (nullable, $ref)."""
    if isinstance(node, dict):
        out = {k: _json_schema(v) for k, v in node.items() if k not in ("example", "nullable")}
        if node.get("nullable") and "type" in out:
            out["type"] = [out["type"], "null"]
        elif node.get("nullable"):
            out = {"anyOf": [out, {"type": "null"}]}
        return out
    if isinstance(node, list):
        return [_json_schema(v) for v in node]
    return node


def test_the_date_pattern_is_exactly_the_dates_the_server_takes():
    day = date(1899, 12, 1)
    while day < date(3000, 2, 1):
        text = day.isoformat()
        try:
            parse_date(text)
            taken = True
        except ValueError:
            taken = False
        assert bool(re.search(DATE_PATTERN, text)) is taken, text
        day += timedelta(days=1)
    for text in ["2026-02-29", "2100-02-29", "2026-04-31", "2026-13-01", "2026-1-01", "x"]:
        assert not re.search(DATE_PATTERN, text), text
    assert re.search(DATE_PATTERN, "2000-02-29") and re.search(DATE_PATTERN, "2028-02-29")


def test_every_date_says_its_pattern(document):
    # found by contract fuzzing: `format: date` alone allowed the years 0001..9999
    dates = [node for _, node in walk(document) if node.get("format") == "date"]
    assert dates
    assert all(node.get("pattern") == DATE_PATTERN for node in dates)
