"""The restx Api on its Blueprint at /api/v1, and every resource's Namespace."""

import importlib
import pkgutil

from flask import Blueprint
from flask_restx import Api, Model
from flask_restx.representations import output_json

from server.errors import PROBLEM_MEDIA_TYPE, problem_response

API_PREFIX = "/api/v1"

AUTHORIZATIONS = {
    "bearer": {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "Swagger 2.0 has no bearer scheme: enter `Bearer <access_token>` "
        "(get a token from POST /auth/login).",
    }
}

DESCRIPTION = """Paid time off: employees request leave, managers approve it, HR (admins) set
leave types, holidays and allowances, and everyone sees balances.

Every error is RFC 9457 problem details (`application/problem+json`) with a stable
`type` of the form `/problems/<slug>`. Lists take `page`, `per_page` (1..100) and `sort`
(`field,-other`) and answer `{items, page, per_page, total, pages}`. Dates are
`YYYY-MM-DD`; timestamps are ISO 8601 in UTC; amounts of leave are days in steps of 0.5.
"""


class ProblemApi(Api):
    """restx's own error handling returns `{"message": ...}` JSON and swallows the app's
    handlers; every error under /api/v1 goes through our problem+json path instead."""

    def handle_error(self, e):
        return problem_response(e)


def create_api_blueprint():
    from server.controllers import (
        audit,
        auth,
        balances,
        calendar,
        holidays,
        leave_requests,
        leave_types,
        notifications,
        reference,
        reports,
        teams,
        users,
    )

    blueprint = Blueprint("api", __name__, url_prefix=API_PREFIX)
    api = ProblemApi(
        blueprint,
        version="1.0",
        title="PTO API",
        description=DESCRIPTION,
        doc="/docs",
        authorizations=AUTHORIZATIONS,
        security="bearer",
        catch_all_404s=True,
    )
    # Listed in the spec's `produces`; error responses carry this media type.
    api.representations[PROBLEM_MEDIA_TYPE] = output_json
    namespaces = [
        auth.ns,
        users.ns,
        balances.ns,
        teams.ns,
        leave_types.ns,
        holidays.ns,
        leave_requests.ns,
        leave_requests.approvals_ns,
        audit.ns,
        notifications.ns,
        calendar.ns,
        reference.ns,
        reports.ns,
    ]
    for ns in namespaces:
        api.add_namespace(ns)
    register_models(
        api,
        auth,
        users,
        balances,
        teams,
        leave_types,
        holidays,
        leave_requests,
        audit,
        notifications,
        calendar,
        reference,
        reports,
    )
    return blueprint, api


def register_models(api, *controller_modules):
    """restx documents only registered models: register every Model the controllers and
    the DTO modules define, so none can be forgotten."""
    import server.dto

    dto_modules = [
        importlib.import_module(f"server.dto.{info.name}")
        for info in pkgutil.iter_modules(server.dto.__path__)
    ]
    for module in (*controller_modules, *dto_modules):
        for value in vars(module).values():
            if isinstance(value, Model):
                api.models.setdefault(value.name, value)
