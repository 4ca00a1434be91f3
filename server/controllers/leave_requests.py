"""/requests and /approvals: asking for leave and deciding on it."""

from flask_restx import Namespace, Resource

from server.domain.request_rules import MAX_DAYS_AHEAD, MAX_DAYS_BACK, MAX_SPAN_DAYS
from server.domain.vocabulary import ADMIN, MANAGER, REQUEST_STATUSES
from server.dto import leave_requests as dto
from server.http.docs import (
    BODY_ERRORS,
    ERRORS,
    ProblemDoc,
    creates,
    optional_body,
    problems,
)
from server.http.idempotency import KEY_PARAM, idempotent
from server.http.inputs import Choice, Date, Int, ListArgs, json_body
from server.http.listing import listing
from server.http.responses import created
from server.http.security import authenticated, current_user
from server.services import approval_service
from server.services import leave_request_service as service

ns = Namespace("requests", description="Leave requests and their decisions", path="/requests")
approvals_ns = Namespace(
    "approvals", description="What is waiting for your decision", path="/approvals"
)

REQUEST_LIST = ListArgs(
    sort=tuple(service.SORT),
    default_sort="-start_date",
    filters={
        "user_id": Int("Only requests of this user"),
        "team_id": Int("Only requests of this team's members"),
        "status": Choice(REQUEST_STATUSES, "Only requests in this status"),
        "leave_type_id": Int("Only requests of this leave type"),
        "from": Date("Only requests ending on or after this date"),
        "to": Date("Only requests starting on or before this date"),
    },
    cursor=True,
)
APPROVAL_LIST = ListArgs(sort=tuple(approval_service.SORT), default_sort="created_at", cursor=True)

RULES = f"""Rules: days are counted on the owner's work week minus public and company holidays
(half days only on working days; 0 days is refused); no overlap with the owner's pending or
approved requests (409); no start before today in the owner's time zone unless the type
allows past dates or the caller is an admin, and never more than {MAX_DAYS_BACK} days back;
`min_notice_days` (admins exempt); `end_date` at most {MAX_DAYS_AHEAD} days ahead; at most
{MAX_SPAN_DAYS} days from first to last; enough balance in each year touched unless the type
allows negative (`insufficient-balance`); no start inside the policy's waiting period after
the hire (`usage-waiting-period`); the type and the owner must be active."""

INSUFFICIENT_BALANCE = ProblemDoc(
    "Invalid input, or a rule refused it (`validation-error`, or `insufficient-balance` when "
    "the balance does not cover the days); `errors` names each invalid field",
    "end_date must be on or after start_date",
    errors={"end_date": "must be on or after start_date"},
)
BAD_KEY = ProblemDoc(
    "The `Idempotency-Key` header is not 1 to 255 printable ASCII characters, or was used "
    "with another body",
    "Idempotency-Key must be 1 to 255 printable ASCII characters.",
    errors={"Idempotency-Key": "must be 1 to 255 printable ASCII characters"},
)


@ns.route("")
class RequestList(Resource):
    @ns.doc(
        "list_requests",
        description="Employees see their own requests, managers also their direct reports', "
        "admins everyone's. `from`/`to` select requests overlapping that range.",
    )
    @problems(ns, 401, 422)
    @authenticated()
    @listing(ns, REQUEST_LIST, dto.leave_request, dto.request_json, "A page of requests")
    def get(self, read_filters):
        """List leave requests you may see"""
        return service.visible_requests(current_user(), read_filters())

    @ns.doc(
        "create_request",
        params=KEY_PARAM,
        description="For yourself; admins for anyone and managers for a direct report with "
        "`user_id`. Types that do not require approval are approved at once.\n\n" + RULES,
    )
    @ns.expect(dto.request_create)
    @creates(ns, dto.leave_request, "leave request")
    @problems(
        ns,
        401,
        403,
        404,
        409,
        *BODY_ERRORS,
        docs={
            403: "You can only request leave for yourself.",
            404: ProblemDoc(
                "A retry (same `Idempotency-Key`) of a call whose request you may no longer see",
                "There is no leave request 42.",
            ),
            409: "Overlaps your pending Vacation from 2026-12-21 to 2026-12-23.",
            422: INSUFFICIENT_BALANCE,
        },
    )
    @authenticated()
    @idempotent(service.replay_visible)
    def post(self):
        """Request leave"""
        view = service.create_request(current_user(), json_body(dto.request_create))
        return created(dto.view_json(view), RequestItem, request_id=view.request.id)


@ns.route("/preview")
class RequestPreview(Resource):
    @ns.doc(
        "preview_request",
        description="A dry run of POST /requests: nothing is saved. Malformed input is 422 as "
        "for POST; otherwise 200 with the breakdown and the rules POST would refuse.",
    )
    @ns.expect(dto.request_create)
    @ns.response(200, "The breakdown", dto.preview)
    @problems(ns, 401, 403, *BODY_ERRORS, docs={403: "You can only request leave for yourself."})
    @authenticated()
    def post(self):
        """Preview a leave request without saving it"""
        evaluation = service.preview(current_user(), json_body(dto.request_create))
        return dto.preview_json(evaluation)


@ns.route("/<int:request_id>")
@ns.param("request_id", "The request's id")
class RequestItem(Resource):
    @ns.doc(
        "get_request",
        description="The owner, their manager and admins may see it; anyone else gets 404.",
    )
    @ns.response(200, "The request", dto.leave_request)
    @problems(ns, 401, 404, docs={404: "There is no leave request 42."})
    @authenticated()
    def get(self, request_id):
        """Get a leave request"""
        return dto.view_json(service.get_request(current_user(), request_id))

    @ns.doc(
        "update_request",
        description="The owner, while pending: any field of POST; the request is recounted "
        "and checked again.\n\n" + RULES,
    )
    @ns.expect(dto.request_update)
    @ns.response(200, "Updated", dto.leave_request)
    @problems(
        ns,
        401,
        403,
        404,
        409,
        *BODY_ERRORS,
        docs={
            403: "Only the person who asked for the leave can edit the request.",
            404: "There is no leave request 42.",
            409: "Only pending requests can be edited; this one is approved.",
            422: INSUFFICIENT_BALANCE,
        },
    )
    @authenticated()
    def patch(self, request_id):
        """Change a pending leave request"""
        updated = service.update_request(
            current_user(), request_id, lambda: json_body(dto.request_update)
        )
        return dto.view_json(updated)


@ns.route("/<int:request_id>/approve")
@ns.param("request_id", "The request's id")
class RequestApprove(Resource):
    @ns.doc(
        "approve_request",
        params=KEY_PARAM,
        description="The owner's manager or an admin; never the owner. Pending requests only "
        '(409 otherwise). The body is optional: `{"comment": ...}` or nothing. The balance '
        "is checked again (422 `insufficient-balance` if it shrank since the request).",
    )
    @ns.expect(dto.approve)
    @optional_body(ns)
    @ns.response(200, "Approved", dto.leave_request)
    @problems(
        ns,
        401,
        403,
        404,
        409,
        *BODY_ERRORS,
        docs={
            403: "Nobody can approve or reject their own request.",
            404: "There is no leave request 42.",
            409: "Only pending requests can be decided; this one is cancelled.",
            422: ProblemDoc(
                INSUFFICIENT_BALANCE.description,
                "Not enough Vacation in 2026: 2 days are available and the request would leave -1.",
                slug="insufficient-balance",
                title="Insufficient balance",
            ),
        },
    )
    @authenticated(MANAGER, ADMIN)
    @idempotent(service.replay_visible)
    def post(self, request_id):
        """Approve a pending leave request"""
        approved = service.approve_request(
            current_user(), request_id, lambda: json_body(dto.approve)
        )
        return dto.view_json(approved)


@ns.route("/<int:request_id>/reject")
@ns.param("request_id", "The request's id")
class RequestReject(Resource):
    @ns.doc(
        "reject_request",
        params=KEY_PARAM,
        description="The owner's manager or an admin; never the owner. Pending requests only "
        "(409 otherwise). A `comment` saying why is required.",
    )
    @ns.expect(dto.reject)
    @ns.response(200, "Rejected", dto.leave_request)
    @problems(
        ns,
        401,
        403,
        404,
        409,
        *BODY_ERRORS,
        docs={
            403: "Nobody can approve or reject their own request.",
            404: "There is no leave request 42.",
            409: "Only pending requests can be decided; this one is approved.",
            422: ProblemDoc(
                ERRORS[422].description, "comment is required", errors={"comment": "is required"}
            ),
        },
    )
    @authenticated(MANAGER, ADMIN)
    @idempotent(service.replay_visible)
    def post(self, request_id):
        """Reject a pending leave request"""
        rejected = service.reject_request(current_user(), request_id, lambda: json_body(dto.reject))
        return dto.view_json(rejected)


@ns.route("/<int:request_id>/cancel")
@ns.param("request_id", "The request's id")
class RequestCancel(Resource):
    @ns.doc(
        "cancel_request",
        params=KEY_PARAM,
        description="The owner: pending requests, and approved ones that start after today "
        "(in the owner's time zone). Admins: any pending or approved request. The days "
        "return to the balance.",
    )
    @ns.response(200, "Cancelled", dto.leave_request)
    @problems(
        ns,
        401,
        403,
        404,
        409,
        422,
        docs={
            403: "Only the requester or an admin can cancel a request.",
            404: "There is no leave request 42.",
            409: "The leave has already started; ask an admin to cancel it.",
            422: BAD_KEY,
        },
    )
    @authenticated()
    @idempotent(service.replay_visible)
    def post(self, request_id):
        """Cancel a leave request"""
        return dto.view_json(service.cancel_request(current_user(), request_id))


@approvals_ns.route("")
class ApprovalInbox(Resource):
    @approvals_ns.doc(
        "list_approvals",
        description="Pending requests you may decide (your direct reports'; admins: "
        "everyone's but their own), oldest first, with team capacity conflicts.",
    )
    @problems(approvals_ns, 401, 403, 422, docs={403: "This needs the manager or admin role."})
    @authenticated(MANAGER, ADMIN)
    @listing(
        approvals_ns,
        APPROVAL_LIST,
        dto.approval_item,
        dto.approval_json,
        "A page of pending requests",
    )
    def get(self, read_filters):
        """List the requests waiting for your decision"""
        return approval_service.inbox(current_user())
