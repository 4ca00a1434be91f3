"""The restx `Model` every DTO is declared with."""

import flask_restx


class Model(flask_restx.Model):
    """A restx model that is declared once and never changed afterwards, so a copy of it
    is itself. restx deep-copies an operation's documentation at each of its decorators
    (`ns.response`, `ns.expect`, ...); as those name models, every field of every model
    was copied again at every decorator: about a million calls and a second of CPU each time
    the app was built (by gunicorn, every `manage.py` command and every test process)."""

    def __deepcopy__(self, memo):
        return self
