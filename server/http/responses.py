"""Small helpers for what a view returns."""

import csv
import io
import re
from datetime import date
from decimal import Decimal
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


# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A formula start at the beginning, or after a character a spreadsheet may split a cell on
# (a German-locale one splits on `;`), gets a `'` in front.
_FORMULA_AFTER_A_SPLIT = re.compile(r"(^|[;,\t\r\n|])(?=[=+\-@\t\r])")


def csv_cell(value):
    """One CSV cell: text that a spreadsheet would run as a formula — whole, or any piece
    of it split at `;`, `,`, a tab or a line break — gets a `'` there; numbers stay plain
    numbers, booleans are true/false, null is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return _FORMULA_AFTER_A_SPLIT.sub(r"\1'", str(value))


def csv_response(columns, rows, filename):
    """`text/csv` (UTF-8, no byte-order mark) with a header row, served as a download.
    Every cell is quoted, so a spreadsheet that splits on `;` keeps a name whole."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row[name]) for name in columns])
    response = Response(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
