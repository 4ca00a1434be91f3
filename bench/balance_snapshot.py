"""Every balance of a company, for comparing two versions of the code on the same data.

    python -m bench.balance_snapshot --url postgresql://…/pto_bench --today 2026-12-08 \\
        --years 2025-2027 --out before.json [--hashes]

For each user, leave type and year, the balance as of that year's last day and as of
`--today` in the current year (`entitlement`, `carried_over`, `adjustments`, `taken`,
`scheduled`, `pending`, `available`), computed by the one balance loader of the code that
runs it. `--hashes` writes one SHA-256 per user instead of the numbers (a 5,000-person
company). Two snapshots are equal when every number a client could see is equal.
"""

import argparse
import hashlib
import json
import sys
from datetime import UTC, date, datetime
from unittest import mock

BATCH = 500
FIELDS = ("entitlement", "carried_over", "adjustments", "taken", "scheduled", "pending")


def snapshot(today: date, years: range) -> dict:
    """{user email: {"<year>/<as_of>/<type code>": [fields…]}} for everyone."""
    import sqlalchemy as sa

    from server.domain.leave_type import LeaveTypeRules
    from server.extensions import db
    from server.models import LeaveType, User
    from server.services.balance_service import load_ledgers

    types = db.session.execute(sa.select(LeaveType).order_by(LeaveType.id)).scalars().all()
    rules = [(t.code, LeaveTypeRules.of(t)) for t in types]
    found = {}
    last_id = 0
    while True:
        users = (
            db.session.execute(
                sa.select(User).where(User.id > last_id).order_by(User.id).limit(BATCH)
            )
            .scalars()
            .all()
        )
        if not users:
            return found
        last_id = users[-1].id
        days = [date(y, 12, 31) for y in years] + [today]
        for as_of in days:
            ledgers = load_ledgers(users, {u.id: as_of for u in users})
            for user in users:
                numbers = found.setdefault(user.email, {})
                for code, rule in rules:
                    b = ledgers[user.id].balance(rule, as_of.year, as_of)
                    numbers[f"{as_of.year}/{as_of}/{code}"] = [
                        _number(getattr(b, f)) for f in FIELDS
                    ]


def _number(value):
    """A Decimal as plain text without trailing zeros ("25", "12.5"): equal numbers read
    the same whatever their stored scale."""
    return None if value is None else f"{value.normalize():f}"


def hashed(found: dict) -> dict:
    return {
        email: hashlib.sha256(json.dumps(numbers, sort_keys=True).encode()).hexdigest()
        for email, numbers in found.items()
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="The database (PostgreSQL URL)")
    parser.add_argument("--today", required=True, type=date.fromisoformat)
    parser.add_argument("--years", required=True, help="FIRST-LAST, e.g. 2025-2027")
    parser.add_argument("--out", required=True)
    parser.add_argument("--hashes", action="store_true", help="One hash per user")
    args = parser.parse_args(argv)
    first, last = map(int, args.years.split("-"))

    from server import clock, create_app

    app = create_app("dev", SQLALCHEMY_DATABASE_URI=args.url)
    noon = datetime(args.today.year, args.today.month, args.today.day, 12, tzinfo=UTC)
    with app.app_context(), mock.patch.object(clock, "utcnow", lambda: noon):
        found = snapshot(args.today, range(first, last + 1))
    result = hashed(found) if args.hashes else found
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result, out, sort_keys=True, indent=1)
    print(f"{len(result)} people written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
