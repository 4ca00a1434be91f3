"""Is the service able to do its work?"""

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from server.extensions import db


def database_ready():
    try:
        db.session.execute(sa.text("SELECT 1"))
        return True
    except SQLAlchemyError:
        db.session.rollback()
        return False
    finally:
        db.session.close()
