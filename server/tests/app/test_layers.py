"""The layers keep their rooms (see README "Architecture"), checked on the source:
controllers and DTOs never touch the models, the domain is pure, and every endpoint method
makes exactly one service call; a service module stays under 300 lines."""

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


@pytest.mark.parametrize("path", modules("controllers") + modules("dto"), ids=lambda p: p.name)
def test_controllers_and_dtos_never_import_the_models_or_the_database(path):
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
NO_SERVICE_NEEDED = {"auth.Me.get", "__init__.OpenApi3View.get"}


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


@pytest.mark.parametrize("path", modules("services"), ids=lambda p: p.name)
def test_a_service_module_stays_small_enough_to_read_whole(path):
    """A use-case module that grows past 300 lines has started to hold a second room's
    work (rules belong in `domain/`, shared loading in its own service)."""
    assert len(path.read_text(encoding="utf-8").splitlines()) < 300
