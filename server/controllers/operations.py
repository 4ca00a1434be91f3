"""Outside /api/v1: health checks for orchestrators."""

from flask import Blueprint

from server.errors import problem
from server.services import health_service

operations = Blueprint("operations", __name__)


@operations.get("/health")
def health():
    """The process is up (no dependencies checked)."""
    return {"status": "ok"}


@operations.get("/ready")
def ready():
    """The process can serve: the database answers."""
    if not health_service.database_ready():
        return problem(503, "The database is not reachable.")
    return {"status": "ok"}
