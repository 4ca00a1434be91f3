"""/users/{id}/schedules: work schedules."""

from flask_restx import Namespace, Resource

from server.domain.vocabulary import ADMIN
from server.dto import schedules as dto
from server.http.docs import BODY_ERRORS, creates, problems
from server.http.idempotency import KEY_PARAM, idempotent
from server.http.inputs import json_body
from server.http.responses import created
from server.http.security import authenticated, current_user
from server.services import schedule_service
from server.services.schedule_service import as_rules

ns = Namespace("schedules", description="Work schedules: hours per weekday", path="/users")


@ns.route("/<int:user_id>/schedules")
@ns.param("user_id", "The user's id")
class Schedules(Resource):
    @ns.doc(
        "list_schedules",
        description="The user's work schedules, newest first (at most "
        f"{schedule_service.MAX_LISTED}). Each applies from `effective_from` until the next "
        "one; what a request deducts is counted per date from the schedule in force that "
        "day. Yourself, your direct reports (managers) or anyone (admins).",
    )
    @ns.response(200, "The schedules", dto.schedule_list)
    @problems(ns, 401, 404)
    @authenticated()
    def get(self, user_id):
        """List a user's work schedules"""
        rows = schedule_service.list_schedules(current_user(), user_id)
        return {"items": [dto.schedule_json(row, as_rules(row)) for row in rows]}

    @ns.doc(
        "create_schedule",
        params=KEY_PARAM,
        description="Admins only: the user works these hours from `effective_from` on (a "
        "schedule starting the same day is replaced). The answer's `recalculation` lists "
        "what each of the user's pending and approved requests ending on or after that day "
        "would deduct under it; they keep their stored amounts unless `recount` is true. "
        "`work_days` of the user shows the first week of the schedule in force today.",
    )
    @ns.expect(dto.schedule_create)
    @creates(ns, dto.schedule_created, "schedule")
    @problems(ns, 401, 403, 404, *BODY_ERRORS, docs={403: "This needs the admin role."})
    @authenticated(ADMIN)
    @idempotent(schedule_service.replay_visible)
    def post(self, user_id):
        """Give a user a work schedule (admins)"""
        row, recounts = schedule_service.create_schedule(
            current_user(), user_id, lambda: json_body(dto.schedule_create)
        )
        return created(
            dto.created_json(row, as_rules(row), recounts),
            ScheduleItem,
            user_id=user_id,
            schedule_id=row.id,
        )


@ns.route("/<int:user_id>/schedules/<int:schedule_id>")
@ns.param("user_id", "The user's id")
@ns.param("schedule_id", "The schedule's id")
class ScheduleItem(Resource):
    @ns.doc(
        "get_schedule",
        description="One work schedule of this user. Yourself, your direct reports "
        "(managers) or anyone (admins).",
    )
    @ns.response(200, "The schedule", dto.schedule)
    @problems(ns, 401, 404)
    @authenticated()
    def get(self, user_id, schedule_id):
        """Get one work schedule"""
        row = schedule_service.get_schedule(current_user(), user_id, schedule_id)
        return dto.schedule_json(row, as_rules(row))

    @ns.doc(
        "delete_schedule",
        description="Admins only: take back a schedule that has not started yet "
        "(`effective_from` after today in the user's time zone); one that has started is 409 "
        "— add a new one instead.",
    )
    @ns.response(204, "Deleted")
    @problems(ns, 401, 403, 404, 409, docs={403: "This needs the admin role."})
    @authenticated(ADMIN)
    def delete(self, user_id, schedule_id):
        """Delete a future work schedule (admins)"""
        schedule_service.delete_schedule(current_user(), user_id, schedule_id)
        return "", 204
