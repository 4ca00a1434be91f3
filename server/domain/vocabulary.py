"""The service's vocabulary: one constant for each name and limit that models, rules,
DTOs and controllers share. Nothing here knows about Flask or the database."""

# --- roles: `employee` is everyone's; only the extra roles are stored ---------------------
EMPLOYEE, MANAGER, ADMIN = "employee", "manager", "admin"
ROLES = (EMPLOYEE, MANAGER, ADMIN)
STORED_ROLES = (MANAGER, ADMIN)


def roles_held(stored):
    """Everyone's roles in their one order: `employee`, then the stored ones held."""
    return [EMPLOYEE, *(role for role in STORED_ROLES if role in stored)]


# --- leave requests --------------------------------------------------------------------------
PENDING, APPROVED, REJECTED, CANCELLED = "pending", "approved", "rejected", "cancelled"
REQUEST_STATUSES = (PENDING, APPROVED, REJECTED, CANCELLED)
# Statuses whose days hold a place in the balance and the calendar.
ACTIVE_STATUSES = (PENDING, APPROVED)

# --- leave types -----------------------------------------------------------------------------
YEARLY, MONTHLY = "yearly", "monthly"
ACCRUALS = (YEARLY, MONTHLY)
# The unit a leave type's amounts are in, and how a working day of a day type weighs.
DAYS, HOURS = "days", "hours"
UNITS = (DAYS, HOURS)
PER_DAY, BY_HOURS = "per_day", "by_hours"
DAY_WEIGHTINGS = (PER_DAY, BY_HOURS)
# Whether colleagues see a type's name (`public`) or "Away" (`private`), and whether its
# absences are time away (`away`) or working elsewhere (`available`: a business trip).
PRIVATE, PUBLIC = "private", "public"
VISIBILITIES = (PRIVATE, PUBLIC)
AWAY, AVAILABLE = "away", "available"
AVAILABILITIES = (AWAY, AVAILABLE)

# --- the ledger: what each entry of a person's balance is ------------------------------------
LEDGER_KINDS = (
    "opening_balance", "accrual", "adjustment", "usage", "usage_reversal", "carryover_out",
    "carryover_in", "forfeit_cap", "expiry", "expiry_notice", "toil_credit", "toil_expiry",
    "payout", "termination_prorate", "policy_correction",
)  # fmt: skip
ACCRUAL, ADJUSTMENT, USAGE, USAGE_REVERSAL = "accrual", "adjustment", "usage", "usage_reversal"
CARRYOVER_OUT, CARRYOVER_IN = "carryover_out", "carryover_in"

# --- the notification outbox -------------------------------------------------------------------
# `skipped`: not sent, because by the time it was due it asked for nothing any more.
QUEUED, SENT, FAILED, SKIPPED = "pending", "sent", "failed", "skipped"
NOTIFICATION_STATUSES = (QUEUED, SENT, FAILED, SKIPPED)

# --- languages (e-mails, the web client) --------------------------------------------------------
LOCALES = ("en", "de")
DEFAULT_LOCALE = "en"

# --- limits ----------------------------------------------------------------------------------
MIN_YEAR, MAX_YEAR = 1900, 2999  # dates outside these years are refused everywhere
MAX_ID = 2**31 - 1  # ids are positive 32-bit integers
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
DEFAULT_WORK_DAYS = (0, 1, 2, 3, 4)  # Monday to Friday
MAX_EMAIL_LENGTH = 254
DEFAULT_PER_PAGE, MAX_PER_PAGE = 20, 100  # list pages
# What people may change about themselves (everything else about a user is for admins).
SELF_EDITABLE = frozenset({"full_name", "timezone", "locale"})
MAX_RANGE_DAYS = 365  # the longest from..to a calendar or an absence report covers
# What passes for an email address: something, `@`, a domain with a dot, no spaces inside
# (spaces around it are dropped).
EMAIL_PATTERN = r"^\s*\S+@[^\s@]*\.[^\s@]*\s*$"
