"""Outside /api/v1: health checks for orchestrators."""

from flask import Blueprint, current_app

from server.http.problems import problem
from server.infra import health as health_service

operations = Blueprint("operations", __name__)


@operations.get("/health")
def health():
    """The process is up (no dependencies checked)."""
    return {"status": "ok"}


@operations.get("/ready")
def ready():
    """The process can serve: the database answers (within READY_TIMEOUT_SECONDS). Redis
    is optional: without it the service works, with rate limits counted per process."""
    state = health_service.readiness(current_app.config)
    if state == health_service.DOWN:
        return problem(503, "The database is not reachable.")
    if state == health_service.DEGRADED:
        current_app.logger.warning("Redis is not answering; rate limits count per process")
        return {"status": "degraded", "redis": "unavailable"}
    return {"status": "ok"}
