"""Is the service able to do its work?"""

import redis
import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from server.extensions import db

# One client per Redis URL and timeout, per process (a client holds a connection pool).
_redis_clients = {}


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
