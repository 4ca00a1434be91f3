"""/users: the people, scoped to what the caller may see."""

from flask_restx import Namespace, Resource

from server.controllers.docs import BODY_ERRORS, problems
from server.controllers.inputs import Bool, Choice, Int, ListArgs, Text, body_fields, json_body
from server.controllers.responses import no_content, page_json
from server.controllers.security import authenticated, current_user
from server.dto import users as dto
from server.dto.common import page_of
from server.models.user import ADMIN, MANAGER, ROLES
from server.services import user_service

ns = Namespace("users", description="Users, their roles, managers and work weeks", path="/users")

USER_LIST = ListArgs(
    sort=tuple(user_service.SORT),
    filters={
        "q": Text("Substring of the name or email, case-insensitive"),
        "team_id": Int("Members of this team"),
        "manager_id": Int("Direct reports of this user"),
        "role": Choice(ROLES, "Holders of this role"),
        "is_active": Bool("Active (true) or deactivated (false) users"),
    },
)
user_page = page_of(dto.user)


@ns.route("")
class UserList(Resource):
    @ns.doc(
        "list_users",
        params=USER_LIST.params,
        description="Managers see themselves and their direct reports; admins see everyone.",
    )
    @ns.response(200, "A page of users", user_page)
    @problems(ns, 401, 403, 422)
    @authenticated(MANAGER, ADMIN)
    def get(self):
        page = user_service.list_users(current_user(), USER_LIST.parse())
        return page_json(page, dto.user_json)

    @ns.doc("create_user")
    @ns.expect(dto.user_create)
    @ns.response(201, "Created", dto.user)
    @problems(ns, 401, 403, 409, *BODY_ERRORS)
    @authenticated(ADMIN)
    def post(self):
        user = user_service.create_user(current_user(), json_body(dto.user_create))
        return dto.user_json(user), 201


@ns.route("/<int:user_id>")
@ns.param("user_id", "The user's id")
class UserItem(Resource):
    @ns.doc("get_user", description="Yourself, your direct reports (managers) or anyone (admins).")
    @ns.response(200, "The user", dto.user)
    @problems(ns, 401, 404)
    @authenticated()
    def get(self, user_id):
        return dto.user_json(user_service.get_user(current_user(), user_id))

    @ns.doc(
        "update_user",
        description="Admins may change any field. Everyone may change their own `full_name` "
        "and `timezone`; any other field is 403.",
    )
    @ns.expect(dto.user_update)
    @ns.response(200, "Updated", dto.user)
    @problems(ns, 401, 403, 404, 409, *BODY_ERRORS)
    @authenticated()
    def patch(self, user_id):
        # 404 and 403 (including for admin-only fields) before the body's 422
        user_service.check_editable(current_user(), user_id, body_fields())
        data = json_body(dto.user_update)
        return dto.user_json(user_service.update_user(current_user(), user_id, data))

    @ns.doc(
        "deactivate_user",
        description="Deactivates (never deletes): the user can no longer log in and their "
        'tokens stop working; history is kept. `PATCH {"is_active": true}` reactivates.',
    )
    @ns.response(204, "Deactivated")
    @problems(ns, 401, 403, 404, 409)
    @authenticated(ADMIN)
    def delete(self, user_id):
        user_service.deactivate_user(current_user(), user_id)
        return no_content()
