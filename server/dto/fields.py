"""restx fields that can say `x-nullable: true`, the Swagger 2.0 way of allowing null.

restx's own `nullable=` only works on `Nested`, and emits a JSON-Schema `null` type that
Swagger 2.0 forbids. Input validation (controllers/inputs.py) reads the same flag.
"""

from flask_restx import fields


class NullableMixin:
    def schema(self):
        schema = super().schema()
        if self.nullable:
            schema["x-nullable"] = True
        return schema


class String(NullableMixin, fields.String):
    pass


class Integer(NullableMixin, fields.Integer):
    pass


class Float(NullableMixin, fields.Float):
    pass


class Boolean(NullableMixin, fields.Boolean):
    pass


class Date(NullableMixin, fields.Date):
    pass


class DateTime(NullableMixin, fields.DateTime):
    pass


class List(NullableMixin, fields.List):
    pass


class Raw(NullableMixin, fields.Raw):
    pass


Nested = fields.Nested


def Days(**kwargs):
    """An amount of leave: a number of days in steps of 0.5."""
    kwargs.setdefault("multiple", 0.5)
    kwargs.setdefault("example", 2.5)
    return Float(**kwargs)


def Name(**kwargs):
    """A required human-readable name: 1..200 characters, not blank."""
    kwargs.setdefault("max_length", 200)
    kwargs.setdefault("min_length", 1)
    kwargs.setdefault("pattern", r"\S")
    return String(**kwargs)


MAX_ID = 2**31 - 1


def Id(**kwargs):
    """A reference to another object by its id (ids are positive 32-bit integers)."""
    return Integer(min=1, max=MAX_ID, **kwargs)
