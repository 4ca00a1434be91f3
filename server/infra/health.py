"""Is the service able to do its work?"""

import redis
import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from server import database
from server.extensions import db

READY, DEGRADED, DOWN = "ok", "degraded", "down"

# One client per Redis URL and timeout, per process (a client holds a connection pool).
_redis_clients = {}


def readiness(config):
    """READY; DEGRADED when Redis (optional: rate limits then count per process) does not
    answer; DOWN when the database does not answer within READY_TIMEOUT_SECONDS."""
    with database.deadline(config["READY_TIMEOUT_SECONDS"]):
        if not database_ready():
            return DOWN
    url = config["REDIS_URL"]
    if url and not redis_ready(url, config["REDIS_TIMEOUT_SECONDS"]):
        return DEGRADED
    return READY


def database_ready():
    try:
        db.session.execute(sa.text("SELECT 1"))
        return True
    except SQLAlchemyError:
        db.session.rollback()
        return False
    finally:
        db.session.close()


def redis_ready(url, timeout):
    """Whether Redis answers a PING within `timeout` seconds."""
    client = _redis_clients.get((url, timeout))
    if client is None:
        client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        _redis_clients[(url, timeout)] = client
    try:
        return bool(client.ping())
    except (redis.RedisError, OSError):
        return False
