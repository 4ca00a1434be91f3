"""Security headers on every response (docs/operations/security.md).

HTML pages get a Content-Security-Policy that allows their own inline scripts by hash (restx's
Swagger UI page starts Swagger UI from one) and nothing else inline; other responses get one
that allows nothing at all. A response that already carries a policy (the web client sets
its own, stricter one) keeps it.
"""

import base64
import hashlib
import re

from flask import current_app, request

INLINE_SCRIPT = re.compile(
    rb"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL
)
# Swagger UI (and the SVG sprite in restx's page) style elements inline; styles cannot run
# code, scripts can: only scripts are held to hashes.
HTML_POLICY = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
OTHER_POLICY = "default-src 'none'; frame-ancestors 'none'"
HSTS = "max-age=31536000"


# Sent on every response, including those answered before Flask (hosts.py).
ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def register(app):
    app.after_request(add_security_headers)


def add_security_headers(response):
    headers = response.headers
    for name, value in ALWAYS.items():
        headers.setdefault(name, value)
    # The rate limiter sends Retry-After with every limited response; it means something
    # only on a 429 (and misleads a client that honours it on a 200).
    if response.status_code != 429:
        headers.pop("Retry-After", None)
    if "Content-Security-Policy" not in headers:
        headers["Content-Security-Policy"] = _policy(response)
    # request.is_secure sees the client's scheme: ProxyFix applies X-Forwarded-Proto from
    # PROXY_COUNT trusted proxies. Never includeSubDomains: other hosts are not ours to pin.
    if current_app.config["APP_ENV"] == "prod" and request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def _policy(response):
    if response.mimetype != "text/html":
        return OTHER_POLICY
    hashes = ""
    if not (response.direct_passthrough or response.is_streamed):
        hashes = "".join(
            f" 'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'"
            for script in INLINE_SCRIPT.findall(response.get_data())
        )
    return HTML_POLICY.format(hashes=hashes)
