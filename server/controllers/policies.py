"""/policies and, per user, /users/{id}/policy-assignments and /users/{id}/ledger."""

from flask_restx import Namespace, Resource

from server.domain.vocabulary import ADMIN, LEDGER_KINDS
from server.dto import policies as dto
from server.http.docs import BODY_ERRORS, creates, problems
from server.http.idempotency import KEY_PARAM, idempotent
from server.http.inputs import Bool, Choice, Date, Int, ListArgs, Year, json_body
from server.http.listing import listing
from server.http.responses import created
from server.http.security import authenticated, current_user
from server.services import ledger_service, policy_service

ns = Namespace(
    "policies",
    description="Leave policies: how a leave type's amounts work, in versions over time",
    path="/policies",
)
people = Namespace(
    "ledger",
    description="Who follows which policy, and every entry of their balances",
    path="/users",
)

POLICY_LIST = ListArgs(
    sort=tuple(policy_service.SORT),
    default_sort="name",
    filters={
        "leave_type_id": Int("Only policies of this leave type"),
        "is_active": Bool("Only active (true) or deactivated (false) policies"),
    },
)
DRY_RUN = ListArgs(
    paginated=False,
    filters={
        "dry_run": Bool(
            "true: write nothing and answer, per person following the policy on "
            "`effective_from`, their `available` at the end of that leave year without and "
            "with the version"
        )
    },
)
LEDGER_LIST = ListArgs(
    sort=tuple(ledger_service.SORT),
    filters={
        "leave_type_id": Int("Only entries of this leave type"),
        "kind": Choice(LEDGER_KINDS, "Only entries of this kind", enum_name="LedgerKind"),
        "year": Year("Only entries of this leave year"),
        "from": Date("Only entries dated on or after this day"),
        "to": Date("Only entries dated on or before this day"),
    },
    cursor_only=True,
)
_admins = {403: "This needs the admin role."}


@ns.route("")
class Policies(Resource):
    @ns.doc(
        "list_policies",
        description="Every leave type has a default policy (followed by everyone without an "
        "assignment of the type) and may have more. Everyone signed in may read them.",
    )
    @problems(ns, 401, 422)
    @authenticated()
    @listing(ns, POLICY_LIST, dto.policy, dto.policy_json, "A page of policies")
    def get(self, read_filters):
        """List leave policies"""
        return policy_service.policies(read_filters())

    @ns.doc(
        "create_policy",
        params=KEY_PARAM,
        description="Admins only: a policy of a leave type with its first version. Nobody "
        "follows it until assigned (`PUT /users/{id}/policy-assignments/{leave_type_id}`).",
    )
    @ns.expect(dto.policy_create)
    @creates(ns, dto.policy, "policy")
    @problems(ns, 401, 403, *BODY_ERRORS, docs=_admins)
    @authenticated(ADMIN)
    @idempotent(policy_service.replay_visible)
    def post(self):
        """Create a leave policy (admins)"""
        row = policy_service.create_policy(current_user(), json_body(dto.policy_create))
        return created(dto.policy_json(row), PolicyItem, policy_id=row.id)


@ns.route("/<int:policy_id>")
@ns.param("policy_id", "The policy's id")
class PolicyItem(Resource):
    @ns.doc("get_policy", description="One policy with its versions, oldest first.")
    @ns.response(200, "The policy", dto.policy)
    @problems(ns, 401, 404)
    @authenticated()
    def get(self, policy_id):
        """Get a leave policy"""
        return dto.policy_json(policy_service.get_policy(policy_id))

    @ns.doc(
        "deactivate_policy",
        description="Admins only: the policy takes no new versions or assignments; people "
        "assigned keep following it. A leave type's default policy cannot be deactivated "
        "(409). Policies are never deleted: their versions explain ledger entries.",
    )
    @ns.response(204, "Deactivated")
    @problems(ns, 401, 403, 404, 409, docs=_admins)
    @authenticated(ADMIN)
    def delete(self, policy_id):
        """Deactivate a leave policy (admins)"""
        policy_service.deactivate_policy(current_user(), policy_id)
        return "", 204


@ns.route("/<int:policy_id>/versions")
@ns.param("policy_id", "The policy's id")
class PolicyVersions(Resource):
    @ns.doc(
        "create_policy_version",
        params={**KEY_PARAM, **DRY_RUN.params},
        description="Admins only: the policy works this way from `effective_from` on (on or "
        "after the start of the current leave year: a closed year never changes). Versions "
        "are never edited; a later version of the same day replaces an earlier one. Entries "
        "dated before `effective_from` never change; what the version changes after it is "
        "written by `run-jobs` as `policy_correction` entries, and balances show it at once. "
        "With `dry_run=true` nothing is written and the answer is 200 with the effect per "
        "person.",
    )
    @ns.expect(dto.version_create)
    @creates(ns, dto.policy, "policy")
    @ns.response(200, "The dry run: each follower's balance before and after", dto.dry_run)
    @problems(ns, 401, 403, 404, 409, *BODY_ERRORS, docs=_admins)
    @authenticated(ADMIN)
    @idempotent(policy_service.replay_visible)
    def post(self, policy_id):
        """Add a version to a leave policy, or try it (admins)"""
        dry_run = DRY_RUN.parse().filters.get("dry_run", False)
        policy, _, outcome = policy_service.add_version(
            current_user(), policy_id, lambda: json_body(dto.version_create), dry_run
        )
        if outcome is not None:
            return dto.dry_run_json(outcome), 200
        return created(dto.policy_json(policy), PolicyItem, policy_id=policy.id)


@people.route("/<int:user_id>/policy-assignments")
@people.param("user_id", "The user's id")
class Assignments(Resource):
    @people.doc(
        "list_policy_assignments",
        description="Which policy the user follows for which leave type, from when; a type "
        "without an assignment follows its default policy. Yourself, your direct reports "
        "(managers) or anyone (admins).",
    )
    @people.response(200, "The assignments", dto.assignment_list)
    @problems(people, 401, 404)
    @authenticated()
    def get(self, user_id):
        """List a user's policy assignments"""
        rows = policy_service.assignments(current_user(), user_id)
        return {"items": [dto.assignment_json(row) for row in rows]}


@people.route("/<int:user_id>/policy-assignments/<int:leave_type_id>")
@people.param("user_id", "The user's id")
@people.param("leave_type_id", "The leave type's id")
class Assignment(Resource):
    @people.doc(
        "put_policy_assignment",
        description="Admins only: from `effective_from` (on or after the start of the "
        "current leave year) the user follows this policy for the leave type. The "
        "assignment in force then ends the day before; later ones are dropped. Ledger "
        "entries dated before it never change.",
    )
    @people.expect(dto.assignment_put)
    @people.response(200, "The new assignment", dto.assignment)
    @problems(people, 401, 403, 404, *BODY_ERRORS, docs=_admins)
    @authenticated(ADMIN)
    def put(self, user_id, leave_type_id):
        """Assign a user to a policy (admins)"""
        row = policy_service.assign(
            current_user(), user_id, leave_type_id, lambda: json_body(dto.assignment_put)
        )
        return dto.assignment_json(row)


@people.route("/<int:user_id>/hours-worked")
@people.param("user_id", "The user's id")
class HoursWorked(Resource):
    @people.doc(
        "report_hours_worked",
        description="Admins only (payroll): the hours the user worked in a period. Every "
        "leave type whose policy accrues `per_hour_worked` (the version in force on "
        "`period_end`) is credited `rate` of them, each credit rounded to 0.01 h, at most "
        "the version's `cap_per_year` in a leave year: an `accrual` entry dated "
        "`period_end`. Idempotent on the period: the same report again changes nothing, "
        "other hours for it replace the credit (a reversal and a new entry); a period "
        "overlapping another reported one is 409. 422 when no such policy applies.",
    )
    @people.expect(dto.hours_worked_create)
    @people.response(200, "What the period credited", dto.hours_worked)
    @problems(people, 401, 403, 404, 409, *BODY_ERRORS, docs=_admins)
    @authenticated(ADMIN)
    def post(self, user_id):
        """Report hours worked (admins)"""
        reported = ledger_service.record_hours_worked(
            current_user(), user_id, lambda: json_body(dto.hours_worked_create)
        )
        return dto.hours_worked_json(reported)


@people.route("/<int:user_id>/ledger")
@people.param("user_id", "The user's id")
class Ledger(Resource):
    @people.doc(
        "list_ledger",
        description="Every entry of the user's balances, oldest first by `(effective_date, "
        "id)`, walked by cursor (`after`). Entries are never changed or removed: a "
        "correction is an entry whose `reverses_id` names the one it takes back. Accruals, "
        "policy corrections and year-end carry-over appear once `manage.py run-jobs` has "
        "run for their date (hourly); balances count them either way. Yourself, your direct "
        "reports (managers) or anyone (admins).",
    )
    @problems(people, 401, 404, 422)
    @authenticated()
    @listing(people, LEDGER_LIST, dto.entry, dto.entry_json, "A page of ledger entries")
    def get(self, user_id, read_filters):
        """List a user's ledger entries"""
        return ledger_service.ledger(current_user(), user_id, read_filters)
