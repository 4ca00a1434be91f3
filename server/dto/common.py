"""Shapes shared by every resource: problems, pages, public users."""

import copy

from flask_restx import Model

from server.dto import fields

problem = Model(
    "Problem",
    {
        "type": fields.String(
            required=True,
            description="Relative URI `/problems/<slug>`; the slug is stable per kind of problem",
            example="/problems/validation-error",
        ),
        "title": fields.String(required=True, example="Validation error"),
        "status": fields.Integer(required=True, example=422),
        "detail": fields.String(required=True, example="end_date is before start_date"),
        "errors": fields.Raw(
            description="For validation problems: each invalid field and what is wrong with it",
            example={"end_date": "must be on or after start_date"},
        ),
    },
)

public_user = Model(
    "PublicUser",
    {
        "id": fields.Integer(required=True, readonly=True),
        "full_name": fields.String(required=True, readonly=True),
    },
)

PAGE_FIELDS = {
    "page": fields.Integer(required=True, min=1, example=1),
    "per_page": fields.Integer(required=True, min=1, max=100, example=20),
    "total": fields.Integer(required=True, min=0, description="Items in all pages", example=57),
    "pages": fields.Integer(required=True, min=0, example=3),
}


def page_of(item_model, name=None):
    """The paginated envelope for a list of `item_model`."""
    return Model(
        name or f"{item_model.name}Page",
        {"items": fields.List(fields.Nested(item_model), required=True), **PAGE_FIELDS},
    )


def items_of(item_model, name=None):
    """The envelope for a bounded list (no paging)."""
    return Model(
        name or f"{item_model.name}List",
        {"items": fields.List(fields.Nested(item_model), required=True)},
    )


def relaxed(model, name, keep_required=()):
    """A copy of `model` in which only `keep_required` fields are required."""
    relaxed_fields = {}
    for field_name, fld in model.items():
        fld = copy.copy(fld)
        fld.__dict__.pop("__schema__", None)  # drop restx's cached schema
        fld.required = field_name in keep_required
        relaxed_fields[field_name] = fld
    return Model(name, relaxed_fields)
