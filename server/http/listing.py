"""`@listing`: the one way a list endpoint pages, sorts, serializes and documents.

The view returns a `Listing` from its service (a select of the items, how they sort, and
optional notes per item); the decorator reads page, per_page, sort and the filters from
one `ListArgs` declaration (which also documents them), runs the page, and wraps it as
`{items, page, per_page, total, pages}`. The view gets `read_filters`, a callable, so its
service can find the parent object first: a missing team is a 404 before a bad filter's
422.

    @ns.route("")
    class RequestList(Resource):
        @ns.doc("list_requests", ...)
        @authenticated()
        @listing(ns, REQUEST_LIST, dto.leave_request, dto.request_json, "A page of requests")
        def get(self, read_filters):
            return service.visible_requests(current_user(), read_filters())
"""

from functools import wraps

from flask import request

from server.dto.common import page_of as page_model
from server.http import cursors
from server.http.responses import page_json
from server.infra import pagination


def listing(ns, args, item_model, to_json, description):
    """`to_json(item)`, or `to_json(item, note)` when the listing annotates its items."""
    model = page_model(item_model, cursor=args.cursor)
    ns.add_model(model.name, model)  # documented models must be registered

    def decorator(view):
        @ns.doc(params=args.params)
        @ns.response(200, description, model)
        @wraps(view)
        def wrapper(*view_args, **view_kwargs):
            parsed = []

            def read():
                if not parsed:
                    parsed.append(args.parse())
                return parsed[0]

            described = view(*view_args, read_filters=lambda: read().filters, **view_kwargs)
            query = read()
            page = pagination.page_of(described, query)
            item_json = to_json
            if page.notes is not None:
                item_json = lambda item: to_json(item, page.notes[item.id])  # noqa: E731
            if not query.cursor:
                return page_json(page, item_json)
            next_after = page.next_key and cursors.encode(page.next_key, scope=request.path)
            items = [item_json(item) for item in page.items]
            return {"items": items, "per_page": page.per_page, "next_after": next_after}

        return wrapper

    return decorator
