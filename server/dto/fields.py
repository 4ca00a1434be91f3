"""restx fields that can say `x-nullable: true`, the Swagger 2.0 way of allowing null.

restx's own `nullable=` only works on `Nested`, and emits a JSON-Schema `null` type that
Swagger 2.0 forbids. Input validation (http/inputs.py) reads the same flag.

A `String` with `enum=` also takes `enum_name=` (emitted as `x-enum-name`): the OpenAPI 3
document declares each enum once, as a component schema of that name.
"""

import re

from flask_restx import fields

from server.domain.vocabulary import (
    EMAIL_PATTERN,
    MAX_EMAIL_LENGTH,
    MAX_ID,
    MAX_PASSWORD_LENGTH,
    MAX_YEAR,
    MIN_PASSWORD_LENGTH,
    MIN_YEAR,
)


class NullableMixin:
    def schema(self):
        schema = super().schema()
        if self.nullable:
            schema["x-nullable"] = True
        return schema


class String(NullableMixin, fields.String):
    def __init__(self, *args, enum_name=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.enum_name = enum_name

    def schema(self):
        schema = super().schema()
        if self.enum_name:
            schema["x-enum-name"] = self.enum_name
            if self.example is None:
                # restx shows the first value as the example; a named enum is a `$ref` in
                # OpenAPI 3, with nothing beside it
                schema.pop("example", None)
        return schema


class Integer(NullableMixin, fields.Integer):
    pass


class Float(NullableMixin, fields.Float):
    pass


class Boolean(NullableMixin, fields.Boolean):
    pass


# The dates the service takes and gives: real calendar dates (leap years included) in the
# years MIN_YEAR..MAX_YEAR (1900..2999), exactly what inputs.parse_date accepts, so that the
# documents say it and generated clients and fuzzers can know it (`format: date` alone
# would allow year 0001 or 9999).
_YEAR = r"(?:19|2\d)\d\d"
_LEAP_YEAR = r"(?:(?:19|2\d)(?:[02468][48]|[13579][26]|[2468]0)|(?:20|24|28)00)"
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    r"|02-(?:0[1-9]|1\d|2[0-8]))"
)
DATE_REGEX = rf"(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)"
DATE_PATTERN = rf"^{DATE_REGEX}$"


class Date(NullableMixin, fields.Date):
    def schema(self):
        return {**super().schema(), "pattern": DATE_PATTERN}


class DateTime(NullableMixin, fields.DateTime):
    pass


class List(NullableMixin, fields.List):
    pass


class Raw(NullableMixin, fields.Raw):
    pass


Nested = fields.Nested


class StringMap(Raw):
    """An object whose values are all strings (e.g. field name -> what is wrong with it)."""

    def schema(self):
        return {**super().schema(), "type": "object", "additionalProperties": {"type": "string"}}


class ChangeMap(Raw):
    """An object mapping each changed field to its `[old, new]` values."""

    def schema(self):
        pair = {"type": "array", "items": {}, "minItems": 2, "maxItems": 2}
        return {**super().schema(), "type": "object", "additionalProperties": pair}


def Days(**kwargs):
    """An amount of leave: a number of days in steps of 0.5."""
    kwargs.setdefault("multiple", 0.5)
    kwargs.setdefault("example", 2.5)
    return Float(**kwargs)


def Amount(**kwargs):
    """An amount of leave in its type's unit (days or hours), up to 2 decimals."""
    kwargs.setdefault("multiple", 0.01)
    kwargs.setdefault("example", 2.5)
    return Float(**kwargs)


def Unit(**kwargs):
    """The unit an amount is in."""
    kwargs.setdefault("description", "What the amounts are counted in: `days` or `hours`")
    return String(enum=["days", "hours"], enum_name="Unit", **kwargs)


# The pattern of names: at least one non-space character, and no control characters (a line
# break in a name breaks every e-mail header and CSV row that carries it).
NAME_PATTERN = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def Name(**kwargs):
    """A required human-readable name: 1..200 characters, not blank, one line."""
    kwargs.setdefault("max_length", 200)
    kwargs.setdefault("min_length", 1)
    kwargs.setdefault("pattern", NAME_PATTERN)
    return String(**kwargs)


def Id(**kwargs):
    """A reference to another object by its id (ids are positive 32-bit integers)."""
    return Integer(min=1, max=MAX_ID, **kwargs)


def Year(**kwargs):
    """A calendar year within the years the service handles."""
    return Integer(min=MIN_YEAR, max=MAX_YEAR, **kwargs)


def Email(**kwargs):
    """An email address as the server takes it (see EMAIL_PATTERN)."""
    kwargs.setdefault("example", "ada@example.com")
    return String(max_length=MAX_EMAIL_LENGTH, pattern=EMAIL_PATTERN, **kwargs)


def Password(new=True, **kwargs):
    """A password: a new one must have at least MIN_PASSWORD_LENGTH characters."""
    if new:
        kwargs.setdefault("min_length", MIN_PASSWORD_LENGTH)
    return String(max_length=MAX_PASSWORD_LENGTH, **kwargs)
