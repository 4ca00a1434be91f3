"""The restx `Model` every DTO is declared with."""

import flask_restx


class Model(flask_restx.Model):
    """A restx model that is declared once and never changed afterwards, so a copy of it
    is itself. restx deep-copies an operation's documentation at each of its decorators
    (`ns.response`, `ns.expect`, ...); as those name models, every field of every model
    was copied again at every decorator: about a million calls and two seconds of CPU each
    time a process started (every gunicorn worker, `manage.py` command and test run)."""

    def __deepcopy__(self, memo):
        return self
