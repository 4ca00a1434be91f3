"""Small helpers for what a view returns."""

from urllib.parse import urlsplit

from flask import Response, current_app, request, url_for


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


def created(body, resource, **values):
    """A 201 with `body` and `Location`: the URL of `resource` (a registered restx Resource
    class) for `values`, e.g. `created(user_json(user), UserItem, user_id=user.id)`."""
    location = url_for(f"{request.blueprint}.{resource.endpoint}", **values)
    return body, 201, {"Location": location}


def public_base_url():
    """Where clients reach us: `PUBLIC_BASE_URL`, else this request's public scheme and
    host (ProxyFix applies `X-Forwarded-*` when `PROXY_COUNT` is set)."""
    return current_app.config["PUBLIC_BASE_URL"] or request.host_url.rstrip("/")


def public_host():
    return urlsplit(public_base_url()).hostname
