"""Outside /api/v1: health checks for orchestrators, and the web client's files."""

from flask import Blueprint, send_from_directory

from server.config import PROJECT_ROOT
from server.errors import problem
from server.services import health_service

operations = Blueprint("operations", __name__)
CLIENT_DIR = PROJECT_ROOT / "client"
web_client = Blueprint(
    "web_client", __name__, static_folder=str(CLIENT_DIR), static_url_path="/client"
)


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


@web_client.get("/")
def index():
    return send_from_directory(CLIENT_DIR, "index.html")
