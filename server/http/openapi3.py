"""The OpenAPI 3.0 document, converted from the Swagger 2.0 spec that restx builds.

There is one source of truth, the restx Namespaces and models; this module only translates
(no second, hand-kept spec). What it does besides renaming:

- `basePath` becomes `servers: [{"url": basePath}]`; paths stay relative to it;
- an `apiKey` in the `Authorization` header (Swagger 2.0's stand-in for a bearer token)
  becomes an `http` `bearer` scheme;
- 2xx bodies are `application/json`, or the types of the `x-success-media-types` extension
  (`docs.produces`); 4xx/5xx bodies are `application/problem+json`; response `examples`
  become the media type's `example`;
- `x-nullable: true` becomes `nullable: true` (wrapped in `allOf` beside a `$ref`);
- every enum becomes a named component schema referenced by `$ref`, one per set of values:
  the name comes from the field's `x-enum-name` (`fields.String(enum=..., enum_name=...)`),
  else from where the enum first appears (`Model.property` → `ModelProperty`);
- the body parameter becomes `requestBody` (required unless `docs.optional_body`);
- the headers in `common_headers` are declared once under `components.headers` and
  referenced from every response;
- in the component schemas a request body uses (and those nested in them), a field the
  client may leave out has no `default` keyword: its description says the default instead.
  Generators read `default` on a shared component schema as "always present"
  (openapi-typescript 7 types such a field as non-optional, so a body without it fails
  `tsc`); responses and parameters keep their `default`s, the Swagger 2.0 spec every one.
"""

import copy
import json
import re

OPENAPI_VERSION = "3.0.3"
JSON = "application/json"
PROBLEM = "application/problem+json"
MEDIA_TYPES_EXTENSION = "x-success-media-types"
ENUM_NAME_EXTENSION = "x-enum-name"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Swagger 2.0 parameter keys that belong to the parameter's schema in OpenAPI 3.
PARAMETER_SCHEMA_KEYS = (
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
)
NO_BODY_STATUSES = ("204", "304")


def to_openapi3(swagger, *, common_headers=None, bearer_description=None):
    """An OpenAPI 3.0.3 document (a dict) for the Swagger 2.0 spec `swagger` (unchanged)."""
    return _Converter(copy.deepcopy(swagger), common_headers or {}, bearer_description).run()


def is_json(media_type):
    return media_type == JSON or media_type.endswith("+json")


def _camel(text):
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", text))


class _Converter:
    def __init__(self, swagger, common_headers, bearer_description):
        self.swagger = swagger
        self.common_headers = common_headers
        self.bearer_description = bearer_description
        self.enum_names = {}  # (type, values) -> component name
        self.enum_schemas = {}  # component name -> schema
        self._collect_enum_names(swagger)
        self.body_schemas = _body_definitions(swagger)

    def run(self):
        sw = self.swagger
        doc = {"openapi": OPENAPI_VERSION, "info": sw["info"]}
        doc["servers"] = [{"url": sw.get("basePath", "/")}]
        if "tags" in sw:
            doc["tags"] = sw["tags"]
        schemas = {
            name: self.schema(schema, name) for name, schema in sw.get("definitions", {}).items()
        }
        for name in self.body_schemas & schemas.keys():
            schemas[name] = _defaults_described(schemas[name])
        doc["paths"] = {path: self.path_item(item) for path, item in sw["paths"].items()}
        clashes = set(schemas) & set(self.enum_schemas)
        if clashes:
            raise ValueError(f"enum names clash with model names: {sorted(clashes)}")
        components = {"schemas": dict(sorted({**schemas, **self.enum_schemas}.items()))}
        if self.common_headers:
            components["headers"] = self.common_headers
        if "securityDefinitions" in sw:
            components["securitySchemes"] = {
                name: self.security_scheme(scheme)
                for name, scheme in sw["securityDefinitions"].items()
            }
        doc["components"] = components
        if "security" in sw:
            doc["security"] = sw["security"]
        doc.update({k: v for k, v in sw.items() if k.startswith("x-")})
        return doc

    # --- schemas ------------------------------------------------------------------------

    def _collect_enum_names(self, node):
        if isinstance(node, dict):
            if "enum" in node and ENUM_NAME_EXTENSION in node:
                key = self._enum_key(node)
                name = node[ENUM_NAME_EXTENSION]
                if self.enum_names.setdefault(key, name) != name:
                    raise ValueError(f"one enum, two names: {self.enum_names[key]}, {name}")
            for value in node.values():
                self._collect_enum_names(value)
        elif isinstance(node, list):
            for value in node:
                self._collect_enum_names(value)

    @staticmethod
    def _enum_key(schema):
        return schema.get("type", "string"), tuple(schema["enum"])

    def schema(self, schema, context):
        """`schema` in OpenAPI 3 terms; `context` names where it is, for enum names."""
        if not isinstance(schema, dict):
            return schema
        schema = dict(schema)
        nullable = schema.pop("x-nullable", False)
        schema.pop(ENUM_NAME_EXTENSION, None)
        out = {}
        for key, value in schema.items():
            if key == "$ref":
                out[key] = value.replace("#/definitions/", "#/components/schemas/")
            elif key == "properties":
                out[key] = {
                    name: self.schema(prop, f"{context}_{name}") for name, prop in value.items()
                }
            elif key in ("items", "additionalProperties") and isinstance(value, dict):
                out[key] = self.schema(value, context)
            elif key in ("allOf", "anyOf", "oneOf"):
                out[key] = [self.schema(part, context) for part in value]
            else:
                out[key] = value
        if "enum" in out:
            out = self._enum_ref(out, context)
        if nullable:
            out = {"allOf": [out], "nullable": True} if "$ref" in out else {**out, "nullable": True}
        return out

    def _enum_ref(self, schema, context):
        """A `$ref` to the enum's component (with the rest of `schema` beside it)."""
        key = self._enum_key(schema)
        name = self.enum_names.setdefault(key, _camel(context))
        enum_schema = {"type": key[0], "enum": list(key[1])}
        if self.enum_schemas.setdefault(name, enum_schema) != enum_schema:
            raise ValueError(f"two enums would be named {name}")
        ref = {"$ref": f"#/components/schemas/{name}"}
        rest = {k: v for k, v in schema.items() if k not in ("type", "enum")}
        return {"allOf": [ref], **rest} if rest else ref

    # --- paths --------------------------------------------------------------------------

    def path_item(self, item):
        out = {}
        if item.get("parameters"):
            out["parameters"] = [self.parameter(p, "") for p in item["parameters"]]
        for method in HTTP_METHODS:
            if method in item:
                out[method] = self.operation(item[method])
        return out

    def parameter(self, param, operation_id):
        out = {"name": param["name"], "in": param["in"]}
        if param.get("description"):
            out["description"] = param["description"]
        if param.get("required") or param["in"] == "path":
            out["required"] = True
        if param.get("allowEmptyValue") and param["in"] == "query":
            out["allowEmptyValue"] = True
        schema = {k: param[k] for k in PARAMETER_SCHEMA_KEYS if k in param}
        out["schema"] = self.schema(schema, f"{operation_id}_{param['name']}")
        if "x-example" in param:
            out["example"] = param["x-example"]
        return out

    def operation(self, op):
        operation_id = op.get("operationId", "")
        out = {
            key: op[key]
            for key in ("tags", "summary", "description", "operationId", "deprecated", "security")
            if key in op
        }
        params = op.get("parameters", [])
        others = [self.parameter(p, operation_id) for p in params if p["in"] != "body"]
        if others:
            out["parameters"] = others
        for body in (p for p in params if p["in"] == "body"):
            media_types = op.get("consumes") or self.swagger.get("consumes") or [JSON]
            schema = self.schema(body["schema"], f"{operation_id}_body")
            request_body = {
                "required": bool(body.get("required")),
                "content": {media_type: {"schema": schema} for media_type in media_types},
            }
            if body.get("description"):
                request_body["description"] = body["description"]
            out["requestBody"] = request_body
        success_types = op.get(MEDIA_TYPES_EXTENSION) or [JSON]
        out["responses"] = {
            code: self.response(code, response, success_types, operation_id)
            for code, response in op["responses"].items()
        }
        out.update(
            {k: v for k, v in op.items() if k.startswith("x-") and k != MEDIA_TYPES_EXTENSION}
        )
        return out

    def response(self, code, response, success_types, operation_id):
        out = {"description": response.get("description", "")}
        is_error = code[0] in "45"
        schema = response.get("schema")
        examples = response.get("examples", {})
        content = {}
        if (not is_error and code not in NO_BODY_STATUSES) or schema is not None:
            for media_type in [PROBLEM] if is_error else success_types:
                if is_json(media_type):
                    if schema is None:
                        continue
                    entry = {"schema": self.schema(schema, f"{operation_id}_{code}")}
                else:
                    entry = {"schema": {"type": "string"}}
                example = examples.get(media_type)
                if example is None and is_json(media_type):
                    example = next((v for k, v in examples.items() if is_json(k)), None)
                if example is not None:
                    entry["example"] = example
                content[media_type] = entry
        if content:
            out["content"] = content
        headers = {name: self.header(h) for name, h in response.get("headers", {}).items()}
        headers.update(
            {name: {"$ref": f"#/components/headers/{name}"} for name in self.common_headers}
        )
        if headers:
            out["headers"] = headers
        return out

    @staticmethod
    def header(header):
        out = {"schema": {k: header[k] for k in PARAMETER_SCHEMA_KEYS if k in header}}
        if header.get("description"):
            out["description"] = header["description"]
        return out

    # --- security -----------------------------------------------------------------------

    def security_scheme(self, scheme):
        kind = scheme.get("type")
        if (
            kind == "apiKey"
            and scheme.get("in") == "header"
            and scheme.get("name", "").lower() == "authorization"
        ):
            out = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            description = self.bearer_description or scheme.get("description")
        elif kind == "apiKey":
            out = {"type": "apiKey", "in": scheme["in"], "name": scheme["name"]}
            description = scheme.get("description")
        elif kind == "basic":
            out = {"type": "http", "scheme": "basic"}
            description = scheme.get("description")
        else:
            raise ValueError(f"cannot convert a {kind!r} security definition")
        if description:
            out["description"] = description
        return out


def _refs(node):
    """The names of the definitions `node` refers to."""
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"].rsplit("/", 1)[-1]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _body_definitions(swagger):
    """The names of the definitions a body parameter uses, directly or nested."""
    definitions = swagger.get("definitions", {})
    pending = [
        name
        for item in swagger.get("paths", {}).values()
        for method in HTTP_METHODS
        for param in item.get(method, {}).get("parameters", [])
        if param.get("in") == "body"
        for name in _refs(param.get("schema"))
    ]
    names = set()
    while pending:
        name = pending.pop()
        if name not in names and name in definitions:
            names.add(name)
            pending.extend(_refs(definitions[name]))
    return names


def _defaults_described(schema):
    """`schema` (a converted request schema) with the `default` of every property it does
    not require moved into that property's description, at any depth."""
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key == "properties":
            required = set(schema.get("required", ()))
            value = {
                name: _defaults_described(_without_default(prop) if name not in required else prop)
                for name, prop in value.items()
            }
        elif key in ("items", "additionalProperties"):
            value = _defaults_described(value)
        elif key in ("allOf", "anyOf", "oneOf"):
            value = [_defaults_described(part) for part in value]
        out[key] = value
    return out


def _without_default(prop):
    if not isinstance(prop, dict) or "default" not in prop:
        return prop
    prop = dict(prop)
    default = prop.pop("default")
    description = prop.get("description", "")
    if "default" not in description.lower():
        value = default if isinstance(default, str) else json.dumps(default)
        said = f"default `{value}`"
        prop["description"] = (
            f"{description}; {said}" if description else said[:1].upper() + said[1:]
        )
    return prop
