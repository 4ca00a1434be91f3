"""The web client: `index.html` at `/` and its files under `/client/`, with a strict
Content-Security-Policy and revalidated caching.

The client is plain static files (ES modules, CSS, the vendored UI library), so nginx can
serve the same folder in production; this blueprint is what `make run` and a single gunicorn
use. Every response says `Cache-Control: no-cache` and carries an ETag: browsers revalidate
each file (a 304 costs a few bytes), so a deploy is seen at once and `index.html` is never
stale.
"""

import mimetypes
from urllib.parse import urlsplit

from flask import Blueprint, current_app, request, send_from_directory
from markupsafe import escape

from server.config import PROJECT_ROOT

CLIENT_DIR = PROJECT_ROOT / "client"
ASSET_PREFIX = "/client"
# Where index.html says which API to call: empty means the page's own origin.
API_META = '<meta name="pto-api-url" content="">'

# Module scripts must come with a JavaScript type; some systems' mime tables lack it.
mimetypes.add_type("text/javascript", ".js")

web_client = Blueprint("web_client", __name__)


@web_client.get("/")
def index():
    """The single page; the client routes inside it with `#/...`."""
    html = (CLIENT_DIR / "index.html").read_text(encoding="utf-8")
    api_url = current_app.config["WEB_CLIENT_API_URL"]
    if api_url:
        html = html.replace(API_META, f'<meta name="pto-api-url" content="{escape(api_url)}">')
    response = current_app.response_class(html, mimetype="text/html")
    response.add_etag()
    return response.make_conditional(request)


@web_client.get(f"{ASSET_PREFIX}/<path:filename>")
def asset(filename):
    return send_from_directory(CLIENT_DIR, filename)


@web_client.after_request
def client_headers(response):
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Content-Security-Policy"] = content_security_policy()
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


def content_security_policy():
    """Only this origin's files run; no inline script or style; the page may call this
    origin and the configured API's; it cannot be framed, nor change its base URL."""
    connect = ["'self'", *api_origins(current_app.config["WEB_CLIENT_API_URL"])]
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "font-src 'self'",
            f"connect-src {' '.join(connect)}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def api_origins(api_url):
    if not api_url:
        return []
    parts = urlsplit(api_url)
    return [f"{parts.scheme}://{parts.netloc}"]
