"""Reading bodies and list arguments (controllers/inputs.py) on models no endpoint has yet."""

import re
from datetime import date

import pytest
from flask_restx import Model

from server.dto import fields
from server.errors import ValidationFailed
from server.http.inputs import Int, ListArgs, json_body

period = Model("TestPeriod", {"start": fields.Date(required=True), "half": fields.Boolean()})
plan = Model(
    "TestPlan",
    {
        "name": fields.Name(required=True),
        "first": fields.Nested(period, required=True),
        "others": fields.List(fields.Nested(period)),
    },
)
node = Model("TestNode", {"label": fields.String(required=True)})
node["children"] = fields.List(fields.Nested(node))


def read(app, model, body):
    with app.test_request_context(json=body):
        return json_body(model)


def test_nested_models_are_validated_and_converted(app):
    body = {
        "name": " Summer ",
        "first": {"start": "2026-07-01", "half": True},
        "others": [{"start": "2026-08-03"}],
    }
    assert read(app, plan, body) == {
        "name": "Summer",
        "first": {"start": date(2026, 7, 1), "half": True},
        "others": [{"start": date(2026, 8, 3)}],
    }


def test_unknown_fields_are_named_by_their_path_at_any_depth(app):
    body = {
        "name": "Summer",
        "first": {"start": "2026-07-01", "unknown": 10**20},
        "others": [{"start": "2026-08-03"}, {"start": "2026-08-10", "colour": "red"}],
        "ignored": {"x": float("1e300")},
    }
    with pytest.raises(ValidationFailed) as raised:
        read(app, plan, body)
    assert raised.value.errors == {
        "first.unknown": "unknown field",
        "others[1].colour": "unknown field",
        "ignored": "unknown field",
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x"}, "first"),
        ({"name": "x", "first": {"half": True}}, "first"),
        ({"name": "x", "first": {"start": 5}}, "first"),
        ({"name": "x", "first": {"start": "2026-02-30"}}, "first"),
        ({"name": "x", "first": {"start": "2026-07-01"}, "others": [{"start": "x"}]}, "others"),
        ({"name": "x", "first": []}, "first"),
    ],
)
def test_nested_models_report_their_problems_by_field(app, body, field):
    with pytest.raises(ValidationFailed) as raised:
        read(app, plan, body)
    assert field in raised.value.errors


def test_a_model_may_nest_itself(app):
    body = {"label": "a", "children": [{"label": "b", "children": [{"label": "c"}]}]}
    assert read(app, node, body) == body
    with pytest.raises(ValidationFailed) as raised:
        read(app, node, {"label": "a", "children": [{"children": []}]})
    assert "children" in raised.value.errors


# --- the spec states the bounds the parser enforces --------------------------------------------


def test_list_arguments_document_the_bounds_they_enforce(app):
    args = ListArgs(
        sort=("name", "created_at"),
        filters={"team_id": Int(), "year": Int(minimum=1900, maximum=2999)},
    )
    params = args.params
    assert (params["page"]["minimum"], params["page"]["maximum"]) == (1, 1_000_000)
    assert (params["team_id"]["minimum"], params["team_id"]["maximum"]) == (1, 2**31 - 1)
    assert (params["year"]["minimum"], params["year"]["maximum"]) == (1900, 2999)
    pattern = params["sort"]["pattern"]
    for good in ("name", "-created_at", "name,-created_at"):
        assert re.fullmatch(pattern.strip("^$"), good), good
        args.parse({"sort": good})
    for bad in ("nam", "name,", "+name", "name;drop"):
        assert not re.fullmatch(pattern.strip("^$"), bad), bad
    args.parse({"page": "1000000", "year": "2999", "team_id": "1"})
    for bad in ({"page": "1000001"}, {"year": "1899"}, {"team_id": "0"}):
        with pytest.raises(ValidationFailed):
            args.parse(bad)
