"""Reading request input: JSON bodies against their restx model, and list query arguments.

Both run inside the view, after authentication, so a caller without a valid token gets a
401, not a validation error. Every problem found becomes one 422 with an `errors` map.
"""

import math
import re
from datetime import date, datetime
from decimal import Decimal

from flask import request
from flask_restx import fields as restx_fields
from jsonschema import Draft4Validator
from werkzeug.exceptions import BadRequest

from server.domain.vocabulary import (
    DEFAULT_PER_PAGE,
    EMAIL_PATTERN,
    MAX_ID,
    MAX_PER_PAGE,
    MAX_YEAR,
    MIN_YEAR,
)
from server.dto.fields import CONTROL_CHARACTERS, DATE_PATTERN, DATE_REGEX, NAME_PATTERN
from server.errors import ValidationFailed
from server.http import cursors
from server.infra.pagination import ListQuery

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
MAX_CURSOR_LENGTH = 500
MAX_PAGE = 10**6
MAX_SORT_LENGTH = 200
# A timestamp as the documents describe it: a date, `T`, hours and minutes, optional seconds
# and fraction, and an offset (`Z` or ±hh:mm).
TIMESTAMP_REGEX = (
    rf"{DATE_REGEX}T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{{1,6}})?)?"
    r"(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)"
)


# --- JSON bodies -------------------------------------------------------------------------


def json_body(model):
    """The request's JSON object, checked against `model` (dates become `date`, numbers of
    days `Decimal`, nested models dicts). A field the model does not take, at any depth, is
    refused as an "unknown field" (`errors["parts[0].colour"]`): a silent no-op would hide
    a mistake. Raises ValidationFailed (422). No body at all counts as `{}`, so missing
    required fields are reported as such."""
    data = raw_body()
    if not isinstance(data, dict):
        raise ValidationFailed("The request body must be a JSON object.")
    errors = dict.fromkeys(_unknown_fields(model, data), UNKNOWN_FIELD)
    # A field holding unknown fields is reported by them alone, not checked further.
    holding_unknown = {
        name
        for name, value in data.items()
        if not _writable(model, name) or _unknown_in_value(model[name], value, name)
    }
    data = {name: value for name, value in data.items() if name not in holding_unknown}
    # Values JSON allows but nothing downstream can hold are refused before the schema
    # check, which itself trips over some of them (NaN, 400-digit numbers).
    errors |= {name: problem for name, value in data.items() if (problem := _unusable(value))}
    validator = Draft4Validator(_input_schema(model))
    for error in validator.iter_errors({k: v for k, v in data.items() if k not in errors}):
        name, message = _describe(error)
        if name not in holding_unknown:
            errors.setdefault(name, message)
    result = {}
    for name, value in data.items():
        if name in errors:
            continue
        try:
            result[name] = _convert(model[name], value)
        except ValueError as exc:
            errors[name] = str(exc)
    if errors:
        raise ValidationFailed(_summary(errors), errors=errors)
    return result


MAX_JSON_DEPTH = 32
TOO_DEEP = f"nests deeper than {MAX_JSON_DEPTH} levels"


def raw_body():
    """The parsed JSON body, `{}` when there is none. Malformed JSON is a 400, a body of
    another content type a 415, a body nested deeper than MAX_JSON_DEPTH a 422."""
    if not request.get_data(cache=True):
        return {}
    try:
        data = request.get_json()
    except RecursionError:  # deeper than the parser itself goes: certainly too deep
        data = None
    else:
        if not _nests_deeper_than(data, MAX_JSON_DEPTH):
            return data
    # Nothing downstream (checks, the schema validator) has to recurse through more.
    raise ValidationFailed(f"The request body {TOO_DEEP}.", errors={"body": TOO_DEEP})


def _nests_deeper_than(value, limit):
    """Whether arrays and objects in `value` nest more than `limit` levels (the top-level
    object is level 1). Iterative: the depth of the input cannot exhaust the stack."""
    pending = [(value, 1)]
    while pending:
        value, level = pending.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        if level > limit:
            return True
        pending.extend((item, level + 1) for item in value)
    return False


def body_fields():
    """The top-level field names of the JSON body (empty if it is not an object)."""
    try:
        data = raw_body()
    except (BadRequest, ValidationFailed):
        return set()  # json_body reports it, after the checks this feeds
    return set(data) if isinstance(data, dict) else set()


MAX_NUMBER = 10**12


def _writable(model, name):
    return name in model and not model[name].readonly


UNKNOWN_FIELD = "unknown field"


MAX_NAME_SHOWN = 64


def _unknown_fields(model, data, prefix=""):
    """The paths (`colour`, `parts[0].colour`) of the fields in `data` that `model`, or the
    models nested in it, does not take. (Recursion is bounded by MAX_JSON_DEPTH.) A name is
    shown printable and at most MAX_NAME_SHOWN characters long: an error never echoes a
    huge or binary name back."""
    found = []
    for name, value in data.items():
        path = f"{prefix}{name}"
        if not _writable(model, name):
            found.append(_shown(path))
        else:
            found += _unknown_in_value(model[name], value, path)
    return found


def _shown(path):
    path = "".join(c if c.isprintable() else "?" for c in path)
    return path if len(path) <= MAX_NAME_SHOWN else path[: MAX_NAME_SHOWN - 1] + "…"


def _unknown_in_value(fld, value, path):
    if isinstance(fld, restx_fields.Nested) and isinstance(value, dict):
        return _unknown_fields(fld.nested, value, f"{path}.")
    if isinstance(fld, restx_fields.List) and isinstance(value, list):
        return [
            unknown
            for i, item in enumerate(value)
            for unknown in _unknown_in_value(fld.container, item, f"{path}[{i}]")
        ]
    return []


def _unusable(value):
    """Why `value` cannot be used at all, or None. Iterative, like the depth check."""
    pending = [(value, "")]
    while pending:
        value, where = pending.pop()
        problem = None
        if isinstance(value, str):
            if "\x00" in value:
                problem = "must not contain NUL characters"
            else:
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    problem = "must be valid Unicode text"
        elif isinstance(value, float) and not math.isfinite(value):
            problem = "must be a finite number"
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if abs(value) > MAX_NUMBER:
                problem = "is out of range"
        elif isinstance(value, list):
            # reversed: the first bad item is the one reported
            pending.extend((v, f"{where}item {i} ") for i, v in reversed(list(enumerate(value))))
        elif isinstance(value, dict):
            pending.extend((v, where) for v in reversed(list(value.values())))
        if problem:
            return where + problem
    return None


def _input_schema(model):
    """JSON Schema (draft 4) for a body of `model`: nested models become `definitions`, so
    the validator can resolve their `$ref`s (a model may even refer to itself)."""
    definitions, pending = {}, [model]
    while pending:
        current = pending.pop()
        if current.name in definitions:
            continue
        definitions[current.name] = _object_schema(current)
        pending.extend(_nested_models(current))
    return {**definitions[model.name], "definitions": definitions}


def _object_schema(model):
    properties, required = {}, []
    for name, fld in model.items():
        if fld.readonly:
            continue
        properties[name] = _field_schema(fld)
        if fld.required:
            required.append(name)
    schema = {"type": "object", "properties": properties, **getattr(model, "field_count", {})}
    if required:
        schema["required"] = required
    return schema


def _field_schema(fld):
    schema = {k: v for k, v in fld.__schema__.items() if k not in {"example", "x-nullable"}}
    if isinstance(fld, restx_fields.List):
        schema["items"] = _field_schema(fld.container)
    if getattr(fld, "nullable", False) and "anyOf" not in schema:
        if "type" in schema:
            schema["type"] = [schema["type"], "null"]
        else:  # a $ref
            schema = {"anyOf": [schema, {"type": "null"}]}
    return schema


def _nested_models(model):
    for fld in model.values():
        while isinstance(fld, restx_fields.List):
            fld = fld.container
        if isinstance(fld, restx_fields.Nested):
            yield fld.nested


def _describe(error):
    """A short, safe message: never echo the (possibly huge) offending value."""
    path = list(error.absolute_path)
    kind, limit = error.validator, error.validator_value
    if kind == "required":
        path.append(error.message.split("'")[1])
    if not path:
        return "body", "is invalid"
    name, inner = str(path[0]), path[1:]
    if kind == "required":
        return name, " ".join([*map(_where, inner), "is required"])
    messages = {
        "type": lambda: f"must be {_type_name(limit)}",
        "maxLength": lambda: f"must be at most {limit} characters",
        "minLength": lambda: (
            "must not be empty" if limit == 1 else f"must be at least {limit} characters"
        ),
        "pattern": lambda: _pattern_message(limit, error.instance),
        "enum": lambda: "must be one of: " + ", ".join(map(str, limit)),
        "minimum": lambda: f"must be at least {limit}",
        "maximum": lambda: f"must be at most {limit}",
        "multipleOf": lambda: f"must be a multiple of {limit}",
        "minItems": lambda: f"must have at least {limit} item(s)",
        "maxItems": lambda: f"must have at most {limit} items",
        "uniqueItems": lambda: "must not repeat items",
        "minProperties": lambda: f"must hold {_fields_of(error.schema)}",
        "maxProperties": lambda: f"must hold only one of {_fields_of(error.schema)}",
    }
    message = messages.get(kind, lambda: "is invalid")()
    return name, " ".join([*map(_where, inner), message])


def _pattern_message(pattern, value):
    if pattern == NAME_PATTERN:
        if CONTROL_CHARACTERS.search(value):
            return "must be one line of text, without control characters"
        return "must not be blank"
    if pattern == EMAIL_PATTERN:
        return "must be an email address"
    if pattern == DATE_PATTERN:
        try:  # say what is wrong with the date, as for a query argument
            parse_date(value)
        except ValueError as exc:
            return str(exc)
    return "has an invalid format"


def _fields_of(schema):
    return " or ".join(f"`{name}`" for name in schema.get("properties", {}))


def _where(part):
    """A step into a value: `item 2` of a list, or a field name of a nested object."""
    return f"item {part}" if isinstance(part, int) else str(part)


def _type_name(json_type):
    if isinstance(json_type, list):
        return " or ".join(_type_name(t) for t in json_type)
    return {
        "string": "a string",
        "integer": "an integer",
        "number": "a number",
        "boolean": "true or false",
        "array": "a list",
        "object": "an object",
        "null": "null",
    }.get(json_type, json_type)


def _convert(fld, value):
    if value is None:
        return None
    if isinstance(fld, restx_fields.Nested):
        return {name: _convert(fld.nested[name], item) for name, item in value.items()}
    if isinstance(fld, restx_fields.List):
        return [_convert(fld.container, item) for item in value]
    if isinstance(fld, restx_fields.Date):
        return parse_date(value)
    if isinstance(fld, restx_fields.Float):
        return Decimal(str(value))
    if isinstance(fld, restx_fields.String):
        if fld.pattern == NAME_PATTERN:
            return value.strip()
        # JSON Schema's `pattern` searches, and `$` matches before a final newline:
        # the whole value must match.
        if fld.pattern and not re.fullmatch(fld.pattern.strip("^$"), value):
            raise ValueError("has an invalid format")
    return value


def _summary(errors):
    name, message = next(iter(errors.items()))
    if message == UNKNOWN_FIELD:
        message = "is not a field this request takes"
    more = len(errors) - 1
    return f"{name} {message}" + (f" (and {more} more problem{'s' * (more > 1)})" if more else "")


def parse_date(value):
    if not isinstance(value, str) or not DATE_RE.match(value):
        raise ValueError("must be a date (YYYY-MM-DD)")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise ValueError("must be a real date (YYYY-MM-DD)") from None
    _check_year(parsed)
    return parsed


def _check_year(value):
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"must be between the years {MIN_YEAR} and {MAX_YEAR}")


# --- list query arguments ------------------------------------------------------------------


class Arg:
    """A typed query argument: parses a string or raises ValueError with a message."""

    swagger_type = "string"
    swagger_format = None

    def __init__(self, description=""):
        self.description = description

    def parse(self, raw):
        return raw

    def param(self):
        # An empty value (`?to=`) counts as leaving the argument out (ListArgs.parse).
        doc = {
            "in": "query",
            "type": self.swagger_type,
            "description": self.description,
            "allowEmptyValue": True,
        }
        if self.swagger_format:
            doc["format"] = self.swagger_format
        return doc


class Text(Arg):
    def __init__(self, description="", max_length=200):
        super().__init__(description)
        self.max_length = max_length

    def param(self):
        return {**super().param(), "maxLength": self.max_length}

    def parse(self, raw):
        if len(raw) > self.max_length:
            raise ValueError(f"must be at most {self.max_length} characters")
        if "\x00" in raw:
            raise ValueError("must not contain NUL characters")
        return raw


class Int(Arg):
    swagger_type = "integer"

    def __init__(self, description="", minimum=1, maximum=MAX_ID):
        super().__init__(description)
        self.minimum, self.maximum = minimum, maximum

    def param(self):
        return {**super().param(), "minimum": self.minimum, "maximum": self.maximum}

    def parse(self, raw):
        if not re.fullmatch(r"-?\d{1,10}", raw.strip()):
            raise ValueError("must be an integer")
        value = int(raw)
        if not self.minimum <= value <= self.maximum:
            raise ValueError(f"must be between {self.minimum} and {self.maximum}")
        return value


class Year(Int):
    """A calendar year within the years the service handles."""

    def __init__(self, description=""):
        super().__init__(description, minimum=MIN_YEAR, maximum=MAX_YEAR)


class Bool(Arg):
    swagger_type = "boolean"

    def parse(self, raw):
        lowered = raw.strip().lower()
        if lowered in {"true", "1"}:
            return True
        if lowered in {"false", "0"}:
            return False
        raise ValueError("must be true or false")


class Choice(Arg):
    """One of `choices`; `enum_name` names the enum in the OpenAPI 3 document (a filter
    whose values equal a model field's enum shares that field's name anyway)."""

    def __init__(self, choices, description="", enum_name=None):
        super().__init__(description)
        self.choices = tuple(choices)
        self.enum_name = enum_name

    def parse(self, raw):
        if raw not in self.choices:
            raise ValueError("must be one of: " + ", ".join(self.choices))
        return raw

    def param(self):
        doc = {**super().param(), "enum": list(self.choices)}
        if self.enum_name:
            doc["x-enum-name"] = self.enum_name
        return doc


class Date(Arg):
    swagger_format = "date"

    def param(self):
        return {**super().param(), "pattern": DATE_PATTERN}

    def parse(self, raw):
        return parse_date(raw)


class DateOrTime(Arg):
    """A date (whole day) or an ISO 8601 timestamp with offset (`2026-03-01T09:30:00+00:00`,
    seconds and fraction optional, `Z` for UTC)."""

    pattern = rf"^(?:{DATE_REGEX}|{TIMESTAMP_REGEX})$"

    def param(self):
        return {**super().param(), "pattern": self.pattern}

    def parse(self, raw):
        if DATE_RE.match(raw):
            return parse_date(raw)
        if not re.fullmatch(TIMESTAMP_REGEX, raw):
            raise ValueError(
                "must be a date (YYYY-MM-DD) or a timestamp with offset "
                "(YYYY-MM-DDThh:mm[:ss][+hh:mm|Z])"
            )
        return datetime.fromisoformat(raw)


class ListArgs:
    """Declares a list endpoint's arguments once: `params` documents them, `parse` reads them."""

    def __init__(
        self,
        sort=(),
        default_sort=None,
        filters=None,
        paginated=True,
        required=(),
        cursor=False,
        cursor_only=False,
    ):
        """`cursor`: the list may also be walked by cursor (`after=`); `cursor_only`: it is
        only walked so (long, growing lists: a ledger), and `page` or `sort` are 422."""
        self.sortable = tuple(sort)
        self.default_sort = default_sort or (self.sortable[0] if self.sortable else None)
        self.filters = dict(filters or {})
        self.paginated = paginated
        self.required = tuple(required)
        self.cursor = cursor or cursor_only
        self.cursor_only = cursor_only

    @property
    def params(self):
        params = {name: arg.param() for name, arg in self.filters.items()}
        for name in self.required:
            params[name]["required"] = True
            del params[name]["allowEmptyValue"]
        if self.paginated and not self.cursor_only:
            params["page"] = {
                "in": "query",
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PAGE,
                "default": 1,
                "allowEmptyValue": True,
                "description": "Page number, from 1 (a page past the last is empty)",
            }
            params["per_page"] = {
                "in": "query",
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PER_PAGE,
                "default": DEFAULT_PER_PAGE,
                "allowEmptyValue": True,
                "description": f"Items per page, 1..{MAX_PER_PAGE}",
            }
        if self.cursor_only:
            params["per_page"] = {
                "in": "query",
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PER_PAGE,
                "default": DEFAULT_PER_PAGE,
                "allowEmptyValue": True,
                "description": f"Items per page, 1..{MAX_PER_PAGE}",
            }
            params["after"] = {
                "in": "query",
                "type": "string",
                "maxLength": MAX_CURSOR_LENGTH,
                "allowEmptyValue": True,
                "description": "The previous page's `next_after` (leave it out, or empty, for "
                "the first page); walk until `next_after` is null. Any page costs what the "
                "first does. This list is walked by cursor only: `page` and `sort` are 422.",
            }
        elif self.cursor:
            params["after"] = {
                "in": "query",
                "type": "string",
                "maxLength": MAX_CURSOR_LENGTH,
                "allowEmptyValue": True,  # the first page
                "description": "Cursor paging, for walking the whole list: send `after=` "
                "(empty) for the first page, then the previous page's `next_after` until it "
                "is null. The answer is `{items, per_page, next_after}` in the default order, "
                "without `page`, `pages` or `total`; any page costs what the first does. Not "
                "combined with `page` or `sort` (422).",
            }
        if self.sortable and not self.cursor_only:
            params["sort"] = {
                "in": "query",
                "type": "string",
                "pattern": f"^{self._sort_regex}$",
                "maxLength": MAX_SORT_LENGTH,
                "allowEmptyValue": True,
                "description": "Comma-separated fields, `-` for descending. Fields: "
                + ", ".join(self.sortable)
                + f". Default: {self.default_sort}.",
            }
        return params

    @property
    def _sort_regex(self):
        key = "-?(?:" + "|".join(map(re.escape, self.sortable)) + ")"
        return f"{key}(?:,{key})*"

    def parse(self, args=None):
        args = request.args if args is None else args
        errors, filters = {}, {}
        page = self._int(args, "page", 1, 1, MAX_PAGE, errors)
        per_page = self._int(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE, errors)
        sort = self._sort(args.get("sort") or self.default_sort or "", errors)
        for name, arg in self.filters.items():
            raw = args.get(name)
            if raw is None or raw == "":
                if name in self.required:
                    errors[name] = "is required"
                continue
            try:
                filters[name] = arg.parse(raw)
            except ValueError as exc:
                errors[name] = str(exc)
        after, cursor = None, self.cursor_only or (self.cursor and "after" in args)
        if cursor:
            if "page" in args or "sort" in args:
                errors["after"] = "cannot be combined with page or sort"
            elif args.get("after"):
                try:
                    after = cursors.decode(args["after"], scope=request.path)
                except ValueError as exc:
                    errors["after"] = str(exc)
        if errors:
            raise ValidationFailed(_summary(errors), errors=errors)
        return ListQuery(page, per_page, sort, filters, cursor=cursor, after=after)

    @staticmethod
    def _int(args, name, default, low, high, errors):
        raw = args.get(name)
        if raw is None or raw == "":
            return default
        try:
            return Int(minimum=low, maximum=high).parse(raw)
        except ValueError as exc:
            errors[name] = str(exc)
            return default

    def _sort(self, raw, errors):
        if not raw:
            return ()
        if len(raw) > MAX_SORT_LENGTH:
            errors["sort"] = f"must be at most {MAX_SORT_LENGTH} characters"
            return ()
        if not self.sortable or not re.fullmatch(self._sort_regex, raw):
            errors["sort"] = "can only use: " + ", ".join(self.sortable)
            return ()
        return tuple((part.lstrip("-"), part.startswith("-")) for part in raw.split(","))
