"""The Swagger 2.0 spec as restx builds it, plus what restx cannot say by itself.

- response examples: `ns.response(code, text, model, example={...})` (see docs.problems)
  become the response's `examples`, keyed by its media type;
- optional bodies: `ns.doc(body_required=False)` (docs.optional_body), and every body whose
  model requires no field: no body at all reads as `{}` (inputs.json_body), so leaving it
  out is as valid as sending `{}`;
- whole-body examples for models (`examples.request_examples`), chosen per app so that
  they fit its environment (the demo company in dev; neutral values elsewhere), and an
  example for every path parameter (`x-example`; OpenAPI 3: `example`);
- strict bodies: every model a body is read with (and the models nested in it) says
  `additionalProperties: false`, as `inputs.json_body` refuses unknown fields.
"""

from flask_restx import fields
from flask_restx.model import RawModel
from flask_restx.swagger import Swagger

from server.http.problems import PROBLEM_MEDIA_TYPE

JSON = "application/json"


class ApiSpec(Swagger):
    def __init__(self, api, model_examples=None, path_examples=None):
        super().__init__(api)
        self.model_examples = model_examples or {}
        self.path_examples = path_examples or {}
        self.body_models = set()

    def parameters_for(self, doc):
        params = super().parameters_for(doc)
        for param in params:
            if param.get("in") == "path" and param["name"] in self.path_examples:
                param.setdefault("x-example", self.path_examples[param["name"]])
        return params

    def responses_for(self, doc, method):
        responses = super().responses_for(doc, method)
        for d in (doc, doc[method]):
            for code, response in d.get("responses", {}).items():
                if isinstance(response, tuple) and len(response) == 3 and "example" in response[2]:
                    media_type = PROBLEM_MEDIA_TYPE if int(code) >= 400 else JSON
                    responses[str(code)]["examples"] = {media_type: response[2]["example"]}
        return responses

    def expected_params(self, doc):
        self.body_models.update(
            _with_nested(e for e in doc.get("expect", []) if isinstance(e, RawModel))
        )
        params = super().expected_params(doc)
        if "payload" in params and (
            doc.get("body_required") is False or not _requires_anything(doc.get("expect", []))
        ):
            params["payload"]["required"] = False
        return params

    def serialize_definitions(self):
        definitions = super().serialize_definitions()
        for name, example in self.model_examples.items():
            if name in definitions:
                definitions[name] = {**definitions[name], "example": example}
        for name in self.body_models & definitions.keys():
            definitions[name] = {**definitions[name], "additionalProperties": False}
        return definitions


def _with_nested(models):
    """The names of `models` and of every model nested in them."""
    names, pending = set(), list(models)
    while pending:
        model = pending.pop()
        if model.name in names:
            continue
        names.add(model.name)
        for fld in model.values():
            while isinstance(fld, fields.List):
                fld = fld.container
            if isinstance(fld, fields.Nested):
                pending.append(fld.nested)
    return names


def _requires_anything(expect):
    """Whether the body model among `expect` has a required (writable) field."""
    models = [e for e in expect if isinstance(e, RawModel)]
    return not models or any(
        fld.required and not fld.readonly for model in models for fld in model.values()
    )
