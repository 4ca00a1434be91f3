"""The layers keep their rooms (see README "Architecture"), checked on the source:
`controllers/` holds the resources and nothing else; the HTTP machinery (`http/`),
controllers and DTOs never touch the models or the database; services and infrastructure
never speak HTTP; infrastructure never reaches up into the use cases; the domain is pure;
and every endpoint method makes exactly one service call."""

import ast
from pathlib import Path

import pytest

SERVER = Path(__file__).resolve().parents[2]
HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def modules(package):
    return sorted((SERVER / package).glob("*.py"))


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


@pytest.mark.parametrize(
    "path", modules("controllers") + modules("dto") + modules("http"), ids=lambda p: p.name
)
def test_http_controllers_and_dtos_never_import_the_models_or_the_database(path):
    forbidden = [
        name
        for name in imported_modules(path)
        if name.startswith(("server.models", "sqlalchemy", "server.extensions.db"))
    ]
    assert forbidden == [], f"{path.name} imports {forbidden}"


@pytest.mark.parametrize("path", modules("domain"), ids=lambda p: p.name)
def test_the_domain_is_pure(path):
    forbidden = [
        name
        for name in imported_modules(path)
        if name.split(".")[0] in {"flask", "flask_restx", "sqlalchemy", "werkzeug"}
        or name.startswith(("server.models", "server.services", "server.extensions"))
    ]
    assert forbidden == [], f"{path.name} imports {forbidden}"


@pytest.mark.parametrize("path", modules("services") + modules("infra"), ids=lambda p: p.name)
def test_services_and_infrastructure_never_speak_http(path):
    """Flask's app config is fine (`current_app`); the request, its answer and the HTTP
    machinery are not."""
    forbidden = [
        name
        for name in imported_modules(path)
        if name in {"flask.request", "flask.g", "flask.Response", "flask.abort"}
        or name.split(".")[0] in {"werkzeug", "flask_restx"}
        or name.startswith(("server.http", "server.controllers", "server.dto"))
    ]
    assert forbidden == [], f"{path.name} imports {forbidden}"


@pytest.mark.parametrize("path", modules("infra"), ids=lambda p: p.name)
def test_infrastructure_never_reaches_up_into_the_use_cases(path):
    forbidden = [name for name in imported_modules(path) if name.startswith("server.services")]
    assert forbidden == [], f"{path.name} imports {forbidden}"


@pytest.mark.parametrize(
    "path", [p for p in modules("controllers") if p.name != "__init__.py"], ids=lambda p: p.name
)
def test_controllers_hold_resources_and_nothing_else(path):
    """Each module there declares the routes of a resource (a restx Namespace, or a
    Blueprint outside /api/v1); machinery shared by resources lives in `http/`."""
    source = path.read_text(encoding="utf-8")
    assert "Namespace(" in source or "Blueprint(" in source, f"{path.name} declares no routes"


def service_calls(function):
    """Calls like `user_service.get_user(...)` or `service.preview(...)` in a function."""
    calls = []
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id.endswith("service")
        ):
            calls.append(f"{node.func.value.id}.{node.func.attr}")
    return calls


def endpoint_methods():
    for path in modules("controllers"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            for method in cls.body:
                if isinstance(method, ast.FunctionDef) and method.name in HTTP_METHODS:
                    yield f"{path.stem}.{cls.name}.{method.name}", method


ENDPOINTS = dict(endpoint_methods())


# Endpoints that answer from what the request already holds: the caller's own record (loaded
# with the token) and the API document.
NO_SERVICE_NEEDED = {"auth.Me.get"}


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_every_endpoint_makes_one_service_call(name):
    calls = service_calls(ENDPOINTS[name])
    expected = 0 if name in NO_SERVICE_NEEDED else 1
    assert len(calls) == expected, f"{name} calls {calls or 'no service'}"


def test_no_service_exports_a_check_for_controllers_to_order_errors():
    used_by_controllers = {
        call.split(".")[1] for method in ENDPOINTS.values() for call in service_calls(method)
    }
    assert not {name for name in used_by_controllers if name.startswith("check")}
