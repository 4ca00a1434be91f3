"""Request bodies are limited to MAX_CONTENT_LENGTH, whether or not they say their length,
and a body that is not valid JSON says so (`MalformedJson`, a 400 of its own: other 400s
are about other things).

werkzeug checks a `Content-Length` against the limit, but a chunked body (no length) is only
cut off at the limit: the first MAX_CONTENT_LENGTH bytes are read as if they were the whole
body, so a larger one was silently truncated (and, padded with spaces, processed). Here a
body without a length is read up to one byte past the limit, and that byte means 413.
"""

from flask import Request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from werkzeug.utils import cached_property
from werkzeug.wsgi import LimitedStream


class MalformedJson(BadRequest):
    description = "The request body is not valid JSON."


class BodyLimitedRequest(Request):
    def on_json_loading_failed(self, e):
        if e is None:  # not JSON at all (the content type): Flask's 415
            return super().on_json_loading_failed(e)
        raise MalformedJson()

    @cached_property
    def stream(self):
        limit = self.max_content_length
        # gunicorn sets wsgi.input_terminated: it ends the stream where the chunks end.
        if (
            limit is not None
            and self.content_length is None
            and "wsgi.input_terminated" in self.environ
            and not self.shallow
        ):
            return _AtMost(self.environ["wsgi.input"], limit)
        return super().stream


class _AtMost(LimitedStream):
    """Reads a stream of unknown length; more than `limit` bytes is a 413."""

    def __init__(self, stream, limit):
        super().__init__(stream, limit + 1, is_max=True)
        self.most = limit

    def readinto(self, buffer):
        count = super().readinto(buffer)
        if self._pos > self.most:
            raise RequestEntityTooLarge()
        return count
