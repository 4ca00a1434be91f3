"""The restx Api with our error path, JSON writer and documents: what every API we serve
(its Blueprint, its namespaces) is built on."""

import importlib
import pkgutil
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import orjson
from flask import Blueprint, Response, current_app, render_template, url_for
from flask_restx import Api, Model, Resource
from flask_restx.representations import output_json

from server.http.apispec import ApiSpec
from server.http.openapi3 import to_openapi3
from server.http.problems import PROBLEM_MEDIA_TYPE, problem_response

AUTHORIZATIONS = {
    "bearer": {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "Swagger 2.0 has no bearer scheme: enter `Bearer <access_token>` "
        "(get a token from POST /auth/login).",
    }
}

BEARER_DESCRIPTION = (
    "The `access_token` from POST /auth/login (a JWT), sent as `Authorization: Bearer <token>`."
)
# Sent on every response (docs/operations/security.md).
COMMON_HEADERS = {
    "X-Request-ID": {
        "description": "The caller's X-Request-ID when it matches `^[A-Za-z0-9._:-]{1,128}$`, "
        "else a new one; the server's log line for the request carries it too.",
        "schema": {"type": "string"},
    }
}


def _json_default(value):
    """What orjson does not know: amounts of days (Decimal) and dates, should a view pass
    them through unconverted."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


class ProblemApi(Api):
    """The restx Api with our error path and our documents.

    restx's own error handling returns `{"message": ...}` JSON and swallows the app's
    handlers; every error under /api/v1 goes through our problem+json path instead. The
    Swagger 2.0 spec (`/swagger.json`) is built per app by `ApiSpec` (examples that fit the
    app's environment), the OpenAPI 3 document (`/openapi.json`) is converted from it, and
    `/docs` is Swagger UI offering both. Both documents are built on first use and cached.
    """

    def handle_error(self, e):
        return problem_response(e)

    def make_response(self, data, code=200, headers=None, **kwargs):
        """Successful responses are always `application/json`: restx would pick the media
        type from Accept, labelling a 200 problem+json for a client that accepts that for
        its errors. (Errors never come here: `handle_error` builds them.) The views build
        plain dicts; orjson writes them (a large list costs a fraction of `json.dumps`)."""
        response = Response(orjson.dumps(data, default=_json_default), status=code)
        response.headers.extend(headers or {})
        response.headers["Content-Type"] = "application/json"
        return response

    def __init__(self, *args, examples=None, path_examples=None, **kwargs):
        """`examples(config)` gives the request bodies the documents show, `path_examples`
        a value for each path parameter (by name)."""
        self._examples = examples
        self._path_examples = path_examples or {}
        super().__init__(*args, **kwargs)

    @cached_property
    def __schema__(self):
        examples = self._examples(current_app.config) if self._examples else {}
        return ApiSpec(self, examples, self._path_examples).as_dict()

    @cached_property
    def openapi3(self):
        return to_openapi3(
            self.__schema__, common_headers=COMMON_HEADERS, bearer_description=BEARER_DESCRIPTION
        )

    def _register_specs(self, app_or_blueprint):
        super()._register_specs(app_or_blueprint)
        if self._add_specs:
            self._register_view(
                app_or_blueprint,
                OpenApi3View,
                self.default_namespace,
                "/openapi.json",
                endpoint="openapi3",
                resource_class_args=(self,),
            )
            self.endpoints.add("openapi3")

    def render_doc(self):
        """Swagger UI offering both documents, configured from a static script (no inline
        script: a strict Content-Security-Policy needs no hash or nonce for it)."""
        config = {
            "urls": [
                {"url": url_for("api.openapi3"), "name": "OpenAPI 3"},
                {"url": url_for("api.specs"), "name": "Swagger 2.0"},
            ],
            "urls.primaryName": "OpenAPI 3",
            "docExpansion": current_app.config["SWAGGER_UI_DOC_EXPANSION"],
            "displayRequestDuration": current_app.config["SWAGGER_UI_REQUEST_DURATION"],
            "displayOperationId": False,
            "validatorUrl": None,
        }
        return render_template("swagger_ui.html", title=self.title, config_json=config)


class OpenApi3View(Resource):
    """The OpenAPI 3 document as JSON."""

    def get(self):
        return self.api.openapi3

    def mediatypes(self):
        return ["application/json"]


HERE = Path(__file__).parent


def build_api(name, url_prefix, resource_modules, namespaces, **api_options):
    """A Blueprint at `url_prefix` carrying a ProblemApi with `namespaces`, its documents
    and Swagger UI (whose page and assets live beside this module); every restx Model the
    `resource_modules` and the DTOs define is registered."""
    blueprint = Blueprint(
        name,
        __name__,
        url_prefix=url_prefix,
        template_folder=str(HERE / "templates"),
        static_folder=str(HERE / "static"),
        static_url_path="/docs/static",
    )
    api = ProblemApi(blueprint, catch_all_404s=True, **api_options)
    # Listed in the spec's `produces`; error responses carry this media type.
    api.representations[PROBLEM_MEDIA_TYPE] = output_json
    for ns in namespaces:
        api.add_namespace(ns)
    register_models(api, *resource_modules)
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
