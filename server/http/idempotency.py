"""`@idempotent`: an `Idempotency-Key` header makes a write safe to retry.

Without the header the call runs as usual. With it, the first call's outcome (any status
below 500) is stored with its change in one transaction; a retry with the same key and a
JSON-equal body gets that status and body again with `Idempotent-Replayed: true` and
changes nothing. See `services/outcomes.py`.
"""

import hashlib
import json
import re
from functools import wraps

from flask import Response, request

from server.errors import ValidationFailed
from server.http.problems import PROBLEM_MEDIA_TYPE, problem_response
from server.http.security import current_user
from server.infra import idempotency as outcomes
from server.infra.idempotency import KEY_HEADER

KEY_PATTERN = r"^[\x20-\x7e]{1,255}$"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_DOC = (
    "Makes the call safe to retry: 1 to 255 printable ASCII characters, unique per change "
    "(e.g. a UUID). A retry with the same key and a JSON-equal body within 24 hours returns "
    "the first outcome again (with `Idempotent-Replayed: true`) and changes nothing; the "
    "same key with another body is 422, and while the first call still runs, 409. Scoped "
    "to you, the method and the path; outcomes of 500 and above are not kept."
)
KEY_PARAM = {KEY_HEADER: {"in": "header", "type": "string", "description": KEY_DOC,
                          "pattern": KEY_PATTERN, "maxLength": 255}}  # fmt: skip


def _request_hash():
    raw = request.get_data(cache=True)
    try:
        canonical = json.dumps(json.loads(raw or b"{}"), sort_keys=True, separators=(",", ":"))
    except (ValueError, RecursionError):
        canonical = raw.decode("utf-8", "replace")
    return hashlib.sha256(canonical.encode()).hexdigest()


def _outcome(rv):
    """The status, JSON body and Location of what a view returned."""
    if isinstance(rv, Response):
        return outcomes.Outcome(
            rv.status_code, rv.get_json(silent=True), rv.headers.get("Location")
        )
    body, status, headers = (*rv, {}, {})[:3] if isinstance(rv, tuple) else (rv, 200, {})
    return outcomes.Outcome(status, body, dict(headers).get("Location"))


def _replay(outcome):
    headers = {REPLAYED_HEADER: "true"}
    if outcome.location:
        headers["Location"] = outcome.location
    if outcome.status >= 400:
        response = Response(
            json.dumps(outcome.body), status=outcome.status, mimetype=PROBLEM_MEDIA_TYPE
        )
        response.headers.update(headers)
        return response
    return outcome.body, outcome.status, headers


def idempotent(still_visible):
    """Make a view's writes safe to retry. `still_visible(actor, stored_body, **path)` is
    asked before a stored outcome is replayed, and raises NotFound when the caller may no
    longer see what it is about (they lost the role, the person moved to another manager):
    a replay never shows more than the caller may see now."""

    def decorator(view):
        return _idempotent(view, still_visible)

    return decorator


def _idempotent(view, still_visible):
    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(KEY_HEADER)
        if key is None:
            return view(*args, **kwargs)
        if not re.fullmatch(KEY_PATTERN.strip("^$"), key):
            raise ValidationFailed(
                f"{KEY_HEADER} must be 1 to 255 printable ASCII characters.",
                errors={KEY_HEADER: "must be 1 to 255 printable ASCII characters"},
            )
        call = outcomes.Call(current_user().id, request.method, request.path, key, _request_hash())
        stored = outcomes.start(call)
        if stored is not None:
            try:
                still_visible(current_user(), stored.body, **kwargs)
            except Exception as exc:
                return problem_response(exc)
            return _replay(stored)
        try:
            rv = view(*args, **kwargs)
        except Exception as exc:
            rv = problem_response(exc)
        outcome = _outcome(rv)
        if outcome.status >= 500:
            outcomes.abandon()
        else:
            outcomes.finish(outcome)
        return rv

    return wrapper
