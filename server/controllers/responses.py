"""Small helpers for what a view returns."""

from flask import Response


def no_content():
    response = Response(status=204)
    del response.headers["Content-Type"]  # there is no content to have a type
    return response


def page_json(page, to_json):
    return {
        "items": [to_json(item) for item in page.items],
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
        "pages": page.pages,
    }
