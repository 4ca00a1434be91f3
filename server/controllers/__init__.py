"""The resources of /api/v1: one restx Namespace per module, put together on one Api."""

from flask import current_app
from flask_restx import Namespace

from server.config import API_PREFIX
from server.controllers import (
    audit,
    auth,
    balances,
    calendar,
    holiday_calendars,
    holidays,
    leave_requests,
    leave_types,
    notifications,
    policies,
    reference,
    reports,
    schedules,
    teams,
    users,
)
from server.http import examples
from server.http.api import AUTHORIZATIONS, build_api

RESOURCES = (
    auth,
    users,
    balances,
    schedules,
    policies,
    teams,
    leave_types,
    holidays,
    holiday_calendars,
    leave_requests,
    audit,
    notifications,
    calendar,
    reference,
    reports,
)


def create_api_blueprint():
    namespaces = [v for m in RESOURCES for v in vars(m).values() if isinstance(v, Namespace)]
    return build_api(
        "api",
        API_PREFIX,
        RESOURCES,
        namespaces,
        version="1.0",
        title="PTO API",
        description=lambda: examples.introduction(current_app.config),
        examples=examples.request_examples,
        path_examples=examples.PATH_EXAMPLES,
        doc="/docs",
        authorizations=AUTHORIZATIONS,
        security="bearer",
    )
