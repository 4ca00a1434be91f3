"""Opaque cursors for keyset paging (`?after=`): the sort key of the last item a page
showed, signed with the app's secret so a cursor that is not one of ours is refused."""

import base64
import binascii
import hashlib
import hmac
import json
from datetime import date, datetime

from flask import current_app

SIGNATURE_BYTES = 16


def encode(values, scope):
    """A cursor for `values` that only the list at `scope` (its path) accepts back."""
    payload = json.dumps([_tagged(v) for v in values], separators=(",", ":")).encode()
    return _b64(payload) + "." + _b64(_signature(payload, scope))


def decode(cursor, scope):
    """The values a cursor carries; ValueError if it is not a cursor this list gave out."""
    try:
        payload_part, signature_part = cursor.split(".")
        payload = _unb64(payload_part)
        if not hmac.compare_digest(_unb64(signature_part), _signature(payload, scope)):
            raise ValueError("bad signature")
        values = json.loads(payload)
        if not isinstance(values, list):
            raise ValueError("not a list")
        return tuple(_untagged(v) for v in values)
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
        raise ValueError("is not a cursor this list gave out") from None


def _signature(payload, scope):
    key = current_app.config["SECRET_KEY"].encode()
    message = b"cursor:" + scope.encode() + b":" + payload
    return hmac.new(key, message, hashlib.sha256).digest()[:SIGNATURE_BYTES]


def _tagged(value):
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def _untagged(value):
    if isinstance(value, dict):
        ((tag, text),) = value.items()
        return {"t": datetime.fromisoformat, "d": date.fromisoformat}[tag](text)
    return value


def _b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
