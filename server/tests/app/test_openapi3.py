"""The Swagger 2.0 -> OpenAPI 3 conversion on a small API of its own, including the ways
an operation declares what restx cannot say: non-JSON media types, optional bodies,
response examples and headers."""

import pytest
from flask import Blueprint, Flask
from flask_restx import Model, Namespace, Resource
from openapi_spec_validator import OpenAPIV30SpecValidator, validate

from server.dto import fields
from server.dto.common import problem
from server.http.api import ProblemApi
from server.http.docs import creates, optional_body, problems, produces
from server.http.openapi3 import to_openapi3


@pytest.fixture(scope="module")
def document():
    app = Flask(__name__)
    app.config["APP_ENV"] = "test"
    blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
    api = ProblemApi(blueprint, title="Small", version="1")
    ns = Namespace("things", description="Things", path="/things")
    nested = Model("Part", {"name": fields.String(description="A name")})
    thing = Model(
        "Thing",
        {
            "kind": fields.String(enum=["a", "b"], description="Kind"),
            "other_kind": fields.String(enum=["a", "b"], description="Same values"),
            "colour": fields.String(enum=["red", "blue"], enum_name="Colour"),
            "part": fields.Nested(nested, description="A part"),
            "note": fields.String(nullable=True, description="May be null"),
        },
    )
    for model in (nested, thing, problem):
        api.models[model.name] = model

    @ns.route("/feed.ics")
    class Feed(Resource):
        @ns.doc("get_feed", security=[])
        @produces(ns, "text/calendar")
        @ns.response(200, "The feed")
        @ns.response(304, "Not modified")
        @problems(ns, 404)
        def get(self):
            """Get the feed"""

    @ns.route("/report")
    class Report(Resource):
        @ns.doc("get_report", params={"format": {"in": "query", "enum": ["json", "csv"]}})
        @produces(ns, "application/json", "text/csv")
        @ns.response(200, "The report", thing)
        @problems(ns, 422)
        def get(self):
            """Get the report"""

        @ns.doc("add_thing")
        @ns.expect(thing)
        @optional_body(ns)
        @creates(ns, thing, "thing")
        def post(self):
            """Add a thing"""

    api.add_namespace(ns)
    app.register_blueprint(blueprint)
    with app.test_request_context():
        doc = api.openapi3
    validate(doc, cls=OpenAPIV30SpecValidator)
    return doc


def test_a_calendar_feed_is_text_calendar_and_its_errors_problem_json(document):
    responses = document["paths"]["/things/feed.ics"]["get"]["responses"]
    assert responses["200"]["content"] == {"text/calendar": {"schema": {"type": "string"}}}
    assert "content" not in responses["304"]
    assert list(responses["404"]["content"]) == ["application/problem+json"]
    assert responses["404"]["content"]["application/problem+json"]["example"]["status"] == 404


def test_a_report_is_json_or_csv(document):
    content = document["paths"]["/things/report"]["get"]["responses"]["200"]["content"]
    assert content == {
        "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}},
        "text/csv": {"schema": {"type": "string"}},
    }
    assert "x-success-media-types" not in document["paths"]["/things/report"]["get"]


def test_created_with_location_and_an_optional_body(document):
    post = document["paths"]["/things/report"]["post"]
    assert post["requestBody"]["required"] is False
    assert post["responses"]["201"]["headers"]["Location"]["schema"] == {"type": "string"}


def test_enums_are_named_and_shared(document):
    components = document["components"]["schemas"]
    assert components["Colour"] == {"type": "string", "enum": ["red", "blue"]}
    assert components["ThingKind"] == {"type": "string", "enum": ["a", "b"]}
    thing = components["Thing"]["properties"]
    assert thing["kind"]["allOf"] == [{"$ref": "#/components/schemas/ThingKind"}]
    assert thing["kind"]["description"] == "Kind"
    assert thing["other_kind"]["allOf"] == thing["kind"]["allOf"]
    assert thing["colour"] == {"$ref": "#/components/schemas/Colour"}
    (fmt,) = document["paths"]["/things/report"]["get"]["parameters"]
    assert fmt["schema"] == {"$ref": "#/components/schemas/GetReportFormat"}


def test_nested_and_nullable(document):
    thing = document["components"]["schemas"]["Thing"]["properties"]
    assert thing["part"] == {
        "allOf": [{"$ref": "#/components/schemas/Part"}],
        "description": "A part",
    }
    assert thing["note"] == {"type": "string", "description": "May be null", "nullable": True}


def test_a_nullable_reference_is_wrapped():
    swagger = {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "basePath": "/api",
        "paths": {},
        "definitions": {
            "A": {
                "type": "object",
                "properties": {"b": {"$ref": "#/definitions/B", "x-nullable": True}},
            },
            "B": {"type": "object"},
        },
    }
    converted = to_openapi3(swagger)
    assert converted["components"]["schemas"]["A"]["properties"]["b"] == {
        "allOf": [{"$ref": "#/components/schemas/B"}],
        "nullable": True,
    }
    assert swagger["definitions"]["A"]["properties"]["b"]["x-nullable"] is True  # unchanged


def test_a_security_definition_it_cannot_convert_is_refused():
    swagger = {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "securityDefinitions": {"o": {"type": "oauth2", "flow": "implicit"}},
    }
    with pytest.raises(ValueError, match="oauth2"):
        to_openapi3(swagger)


def test_produces_takes_success_types_only():
    ns = Namespace("x")
    with pytest.raises(ValueError):
        produces(ns, "application/problem+json")
    with pytest.raises(ValueError):
        produces(ns)


def test_a_field_a_request_may_leave_out_says_its_default_in_words():
    # openapi-typescript types a property with a `default` as always present, so a body
    # without it failed `tsc`; a response's default keeps its meaning.
    swagger = {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/things": {
                "post": {
                    "parameters": [
                        {"in": "body", "name": "payload", "schema": {"$ref": "#/definitions/In"}},
                        {"in": "query", "name": "page", "type": "integer", "default": 1},
                    ],
                    "responses": {
                        "200": {"description": "ok", "schema": {"$ref": "#/definitions/Out"}}
                    },
                }
            }
        },
        "definitions": {
            "In": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "default": "x"},
                    "half": {
                        "type": "boolean",
                        "default": False,
                        "description": "Half; default false",
                    },
                    "colour": {"type": "string", "default": "red", "description": "A colour"},
                    "count": {"type": "integer", "default": 0},
                    "parts": {"type": "array", "items": {"$ref": "#/definitions/Part"}},
                },
            },
            "Part": {"type": "object", "properties": {"size": {"type": "integer", "default": 2}}},
            "Out": {
                "type": "object",
                "properties": {"half": {"type": "boolean", "default": False}},
            },
        },
    }
    converted = to_openapi3(swagger)
    validate(converted, cls=OpenAPIV30SpecValidator)
    schemas = converted["components"]["schemas"]
    fields_in = schemas["In"]["properties"]
    assert fields_in["name"] == {"type": "string", "default": "x"}  # required: kept
    assert fields_in["half"] == {"type": "boolean", "description": "Half; default false"}
    assert fields_in["colour"] == {"type": "string", "description": "A colour; default `red`"}
    assert fields_in["count"] == {"type": "integer", "description": "Default `0`"}
    assert schemas["Part"]["properties"]["size"] == {
        "type": "integer",
        "description": "Default `2`",
    }
    assert schemas["Out"]["properties"]["half"] == {"type": "boolean", "default": False}
    (page,) = converted["paths"]["/things"]["post"]["parameters"]
    assert page["schema"] == {"type": "integer", "default": 1}
    assert swagger["definitions"]["In"]["properties"]["half"]["default"] is False  # unchanged
