"""Whole-body request examples for the docs, and the docs' introduction.

"Try it out" should work as shown. In dev, `make run` seeds the demo company
(`server/domain/demo_company.py`), so the examples use its logins and ids: leave type 1 is
Vacation, user 3 is Lukas (a manager), and dates are a few months ahead, after the demo's
requests (they end before `demo_company.horizon`). Demo logins and passwords appear only
when the app runs with `APP_ENV=dev`; elsewhere the login examples are neutral placeholders.
"""

from datetime import date, timedelta

from server import clock
from server.domain.demo_company import LEAVE_TYPES, PEOPLE, WISHES, horizon
from server.domain.vocabulary import DEFAULT_PER_PAGE, MAX_PER_PAGE, PENDING
from server.services import demo_data


def _demo_id(rows, pick):
    """The id the demo seed gives the first of `rows` that `pick` chooses (rows are created
    in their order, ids counting from 1)."""
    return next(i for i, row in enumerate(rows, 1) if pick(row))


VACATION_ID = _demo_id(LEAVE_TYPES, lambda t: t["code"] == "vacation")
LUKAS_ID = _demo_id(PEOPLE, lambda p: p[0] == "lukas")  # a demo manager
# Each leave type with an allowance gets its default policy as it is created, in order.
VACATION_POLICY_ID = _demo_id(
    [t for t in LEAVE_TYPES if t.get("yearly_allowance") is not None],
    lambda t: t["code"] == "vacation",
)
ADA_ID = _demo_id(PEOPLE, lambda p: p[0] == "ada")  # an employee, with the demo adjustment
# Every wish becomes a request, in order: the first pending one (Alan's).
PENDING_REQUEST_ID = _demo_id(WISHES, lambda w: w.outcome == PENDING)
# What "Try it out" fills in for each path parameter: the demo company's (dev seeds it; the
# example login is the admin, who may look at all of them).
PATH_EXAMPLES = {
    "user_id": ADA_ID,
    "request_id": PENDING_REQUEST_ID,
    "team_id": 1,
    "leave_type_id": VACATION_ID,
    "holiday_id": 1,
    "adjustment_id": 1,
    # Each demo person gets their first schedule as they are created, in order: Ada's has
    # her id.
    "schedule_id": ADA_ID,
    "policy_id": VACATION_POLICY_ID,
    "token": "the-token-of-your-feed-url",
    "region": "US-CA",
}


def demo_docs(config):
    """Whether the docs may show the demo company's logins."""
    return config["APP_ENV"] == "dev"


def request_examples(config, today=None):
    """{model name: example body} for the input models."""
    today = today or clock.utcnow().date()
    # A Monday about five months ahead, nine weeks after the demo's last request.
    start = horizon(today) + timedelta(weeks=9)
    if demo_docs(config):
        login = {"email": "admin@example.com", "password": demo_data.DEMO_PASSWORD}
        current_password = demo_data.DEMO_PASSWORD
    else:
        login = {"email": "you@example.com", "password": "your-password"}
        current_password = "your-current-password"
    return {
        "LoginRequest": login,
        "PasswordChange": {
            "current_password": current_password,
            "new_password": "a-new-long-password",
        },
        "Registration": {
            "email": "new.hire@example.com",
            "password": "a-long-password",
            "full_name": "New Hire",
            "timezone": "Europe/Berlin",
            "country": "DE",
        },
        "UserCreate": {
            "email": "marie@example.com",
            "full_name": "Marie Curie",
            "password": "a-long-password",
            "roles": ["employee"],
            "timezone": "Europe/Berlin",
            "country": "DE",
            "subdivision": "BE",
            "hire_date": today.isoformat(),
            "manager_id": LUKAS_ID,
            "work_days": [0, 1, 2, 3, 4],
        },
        "UserUpdate": {"full_name": "Hana Admin-Lee", "timezone": "Europe/London"},
        "TeamCreate": {"name": "Research", "description": "Papers and prototypes", "max_absent": 2},
        "TeamUpdate": {"max_absent": 3},
        "LeaveTypeCreate": {
            "name": "Parental leave",
            "code": "parental",
            "color": "#8E44AD",
            "paid": True,
            "requires_approval": True,
            "yearly_allowance": 10,
            "accrual": "yearly",
            "carryover_max": 0,
            "allow_negative": False,
            "allow_past": False,
            "min_notice_days": 14,
        },
        "LeaveTypeUpdate": {"min_notice_days": 7},
        "CompanyHolidayCreate": {
            "date": date(today.year + 1, 6, 12).isoformat(),
            "name": "Company anniversary",
            "country": None,
        },
        "CompanyHolidayUpdate": {"name": "Founders' day"},
        "HolidayCalendarUpdate": {
            "categories": ["public"],
            "excluded": [{"name": "Cesar Chavez Day"}, {"date": f"{today.year + 1}-11-27"}],
        },
        "LeaveRequestCreate": {
            "leave_type_id": VACATION_ID,
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=2)).isoformat(),
            "start_half": False,
            "end_half": True,
            "reason": "Family visit",
        },
        "LeaveRequestUpdate": {"end_half": False, "reason": "Family visit, back on Thursday"},
        "Approval": {"comment": "Enjoy!"},
        "Rejection": {"comment": "Release week: please pick other dates."},
        "AdjustmentCreate": {
            "leave_type_id": VACATION_ID,
            "year": today.year,
            "amount": 1.5,
            "reason": "Worked on a public holiday",
        },
        # Part-time from next Monday: Monday and Tuesday 8 hours, Wednesday morning.
        "WorkScheduleCreate": {
            "effective_from": (today + timedelta(days=7 - today.weekday())).isoformat(),
            "weeks": [[8, 8, 4, 0, 0, 0, 0]],
            "day_start": "08:30",
        },
        # A version from next year: 28 days, one more after five years of service.
        "PolicyVersionCreate": _policy_version(date(today.year + 1, 1, 1)),
        "PolicyCreate": {
            "leave_type_id": VACATION_ID,
            "name": "Senior staff",
            "version": _policy_version(date(today.year + 1, 1, 1)),
        },
        "HoursWorkedCreate": {
            "period_start": date(today.year, today.month, 1).isoformat(),
            "period_end": today.isoformat(),
            "hours": 100,
        },
        "PolicyAssignmentPut": {
            "policy_id": VACATION_POLICY_ID,
            "effective_from": date(today.year + 1, 1, 1).isoformat(),
        },
    }


def _policy_version(effective_from):
    return {
        "effective_from": effective_from.isoformat(),
        "entitlement": {"amount": 28, "levels": [{"after": "P5Y", "amount": 29}]},
        "accrual": {"method": "front_loaded"},
        "carryover": {"max": 5},
    }


INTRODUCTION = """Paid time off: employees request leave, managers approve it, HR (admins) set
leave types, holidays and allowances, and everyone sees their balances.

**Start here.** `POST /auth/login` gives an `access_token`; press **Authorize** and paste it
(the OpenAPI 3 document adds `Bearer ` itself; in the Swagger 2.0 document type
`Bearer <access_token>`). Tokens last {token_minutes} minutes; `POST /auth/refresh`
renews them.
{demo}
**Conventions.** Every error is RFC 9457 problem details (`application/problem+json`) with a
stable `type` of the form `/problems/<slug>` (see the `Problem` schema). Lists take `page`,
`per_page` (1..{max_per_page}, default {default_per_page}) and `sort` (`field,-other`) and
answer `{{items, page, per_page, total, pages}}`; the long lists (requests, users,
approvals, audit…) also take a cursor, `after` (empty first, then each answer's `next_after`
until it is null), at the same cost on every page. Dates are `YYYY-MM-DD`; timestamps are
ISO 8601 in UTC; amounts of leave are days in steps of 0.5. Text, in bodies and arguments
alike, never holds a NUL character (a 422). A 201 carries `Location`. The guide for
consumers (auth, errors, paging, leave rules, balances, time zones) is `docs/` in the
repository.
"""

DEMO_INTRODUCTION = """
**Demo company (dev only).** `make run` seeded it; every demo login has the password
`{password}`: `admin@example.com` (admin, the example login), `maya@example.com` and
`lukas@example.com` (managers), `ada@example.com`, `emmy@example.com` and more (employees).
The examples use its ids: leave type {vacation} is Vacation, user {lukas} is Lukas (a manager).
"""


def introduction(config):
    demo = ""
    if demo_docs(config):
        demo = DEMO_INTRODUCTION.format(
            password=demo_data.DEMO_PASSWORD, vacation=VACATION_ID, lukas=LUKAS_ID
        )
    token_minutes = int(config["JWT_ACCESS_LIFESPAN"].total_seconds() // 60)
    return INTRODUCTION.format(
        demo=demo,
        token_minutes=token_minutes,
        max_per_page=MAX_PER_PAGE,
        default_per_page=DEFAULT_PER_PAGE,
    )
