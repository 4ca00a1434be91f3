"""Finding one record by its id, or saying clearly that there is none."""

from server.errors import NotFound
from server.extensions import db


def get_or_404(model, record_id, what):
    """The `model` row with this id; NotFound("There is no <what> <id>.") otherwise."""
    record = db.session.get(model, record_id)
    if record is None:
        raise NotFound(f"There is no {what} {record_id}.")
    return record
