"""Shapes shared by every resource: problems, pages, public users."""

import copy

from server.domain.vocabulary import DEFAULT_PER_PAGE, MAX_PER_PAGE
from server.dto import fields
from server.dto.model import Model

PROBLEM_SLUGS = {
    "validation-error": "422: the input is invalid or a rule refused it; see `errors`",
    "insufficient-balance": "422: the balance does not cover the requested days",
    "usage-waiting-period": "422: the request starts inside the policy's waiting period "
    "after the hire date",
    "bad-request": "400: the body is not valid JSON",
    "unauthorized": "401: wrong credentials, or a missing, expired, revoked or invalid token",
    "forbidden": "403: your role or relation to the object does not allow this",
    "not-found": "404: no such object, or not one you may see",
    "method-not-allowed": "405: the URL does not take this method",
    "conflict": "409: the object's state or existing data forbid it",
    "payload-too-large": "413: the body is over the size limit",
    "uri-too-long": "414: the URL (with its query) is over the size limit",
    "unsupported-media-type": "415: the body is not JSON",
    "rate-limited": "429: too many requests; wait `Retry-After` seconds",
    "request-header-fields-too-large": "431: the request headers are over the size limit",
    "internal-error": "500: an unexpected error (logged on the server)",
    "service-unavailable": "503: the database is unavailable; try again shortly",
}


class OneFieldModel(Model):
    """An object that holds exactly one of its fields (`{"name": …}` or `{"date": …}`):
    the schema says so (`minProperties`/`maxProperties`), and `inputs.json_body` checks it."""

    field_count = {"minProperties": 1, "maxProperties": 1}

    @property
    def _schema(self):
        return {**super()._schema, **self.field_count}


_SLUG_DOC = "; ".join(f"`{slug}` ({meaning})" for slug, meaning in PROBLEM_SLUGS.items())

problem = Model(
    "Problem",
    {
        "type": fields.String(
            required=True,
            description="Relative URI `/problems/<slug>`; the slug is stable per kind of "
            f"problem and is what a client should branch on. Slugs: {_SLUG_DOC}.",
            example="/problems/validation-error",
        ),
        "title": fields.String(
            required=True,
            description="A short, human-readable summary of the kind of problem (fixed per slug)",
            example="Validation error",
        ),
        "status": fields.Integer(
            required=True, description="The HTTP status code, repeated", example=422
        ),
        "detail": fields.String(
            required=True,
            description="What went wrong in this case, in a sentence for people",
            example="end_date must be on or after start_date",
        ),
        "errors": fields.StringMap(
            description="Validation problems only: each invalid field (or query argument, or "
            "header) and what is wrong with it",
            example={"end_date": "must be on or after start_date"},
        ),
    },
)

public_user = Model(
    "PublicUser",
    {
        "id": fields.Integer(required=True, readonly=True, description="The user's id"),
        "full_name": fields.String(
            required=True, readonly=True, description="The user's name as shown to colleagues"
        ),
    },
)


def _page_fields(cursor):
    """`page`, `total` and `pages` are in every answer to page/per_page; a list that can
    also be walked with a cursor leaves them out of cursor answers, which carry
    `next_after` instead."""
    by_page = not cursor
    fields_ = {
        "page": fields.Integer(
            required=by_page, min=1, description="This page's number, from 1", example=1
        ),
        "per_page": fields.Integer(
            required=True,
            min=1,
            max=MAX_PER_PAGE,
            description=f"Items per page (1..{MAX_PER_PAGE})",
            example=DEFAULT_PER_PAGE,
        ),
        "total": fields.Integer(
            required=by_page, min=0, description="Items on all pages together", example=57
        ),
        "pages": fields.Integer(
            required=by_page,
            min=0,
            description="Number of pages (0 when there are no items)",
            example=3,
        ),
    }
    if cursor:
        fields_["next_after"] = fields.String(
            nullable=True,
            description="Cursor paging only (`after=`): pass it as `after` for the next "
            "page; null on the last page. Answers to page/per_page have `page`, `total` and "
            "`pages` instead.",
        )
    return fields_


def page_of(item_model, name=None, cursor=False):
    """The paginated envelope for a list of `item_model` (optionally walkable by cursor)."""
    return Model(
        name or f"{item_model.name}Page",
        {
            "items": fields.List(
                fields.Nested(item_model), required=True, description="The items on this page"
            ),
            **_page_fields(cursor),
        },
    )


def items_of(item_model, name=None):
    """The envelope for a bounded list (no paging)."""
    return Model(
        name or f"{item_model.name}List",
        {"items": fields.List(fields.Nested(item_model), required=True, description="All items")},
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
