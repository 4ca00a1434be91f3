"""/users: the people, scoped to what the caller may see."""

from flask_restx import Namespace, Resource

from server.domain.vocabulary import ADMIN, MANAGER, ROLES
from server.dto import users as dto
from server.http.docs import BODY_ERRORS, ERRORS, ProblemDoc, creates, problems
from server.http.inputs import Bool, Choice, Int, ListArgs, Text, body_fields, json_body
from server.http.listing import listing
from server.http.responses import created, no_content
from server.http.security import authenticated, current_user
from server.services import user_service

ns = Namespace("users", description="Users, their roles, managers and work weeks", path="/users")

USER_LIST = ListArgs(
    sort=tuple(user_service.SORT),
    filters={
        "q": Text("Only users whose name or email contains this, case-insensitive"),
        "team_id": Int("Only members of this team"),
        "manager_id": Int("Only direct reports of this user"),
        "role": Choice(ROLES, "Only holders of this role (`employee`: everyone)"),
        "is_active": Bool("Only active (true) or deactivated (false) users; default: both"),
    },
    cursor=True,
)


@ns.route("")
class UserList(Resource):
    @ns.doc(
        "list_users",
        description="Managers see themselves and their direct reports; admins see everyone; "
        "employees get 403. Filters narrow that scope; sorted by `full_name` unless `sort` "
        "says otherwise.",
    )
    @problems(ns, 401, 403, 422, docs={403: "This needs the manager or admin role."})
    @authenticated(MANAGER, ADMIN)
    @listing(ns, USER_LIST, dto.user, dto.user_json, "A page of users")
    def get(self, read_filters):
        """List the users you may see"""
        return user_service.visible_users(current_user(), read_filters())

    @ns.doc(
        "create_user",
        description="Admins only. `email`, `full_name` and `password` (at least 10 "
        "characters) are required; `roles` default to `employee`, `timezone` to `UTC`, "
        "`work_days` to Monday-Friday. A duplicate email (case-insensitive) is 409.",
    )
    @ns.expect(dto.user_create)
    @creates(ns, dto.user, "user")
    @problems(
        ns,
        401,
        403,
        409,
        *BODY_ERRORS,
        docs={
            403: "This needs the admin role.",
            409: "A user with this email already exists.",
            422: ProblemDoc(
                ERRORS[422].description,
                "password must be at least 10 characters",
                errors={"password": "must be at least 10 characters"},
            ),
        },
    )
    @authenticated(ADMIN)
    def post(self):
        """Create a user (admins)"""
        user = user_service.create_user(current_user(), json_body(dto.user_create))
        return created(dto.user_json(user), UserItem, user_id=user.id)


@ns.route("/<int:user_id>")
@ns.param("user_id", "The user's id")
class UserItem(Resource):
    @ns.doc(
        "get_user",
        description="Yourself, your direct reports (managers) or anyone (admins); anyone else "
        "is 404, as if they did not exist.",
    )
    @ns.response(200, "The user", dto.user)
    @problems(ns, 401, 404)
    @authenticated()
    def get(self, user_id):
        """Get a user"""
        return dto.user_json(user_service.get_user(current_user(), user_id))

    @ns.doc(
        "update_user",
        description="Admins may change any field. Everyone may change their own `full_name` "
        "and `timezone`; any other field is 403.",
    )
    @ns.expect(dto.user_update)
    @ns.response(200, "Updated", dto.user)
    @problems(
        ns,
        401,
        403,
        404,
        409,
        *BODY_ERRORS,
        docs={
            403: "Only an admin can change: roles.",
            409: "This is the last active admin; make someone else an admin first.",
        },
    )
    @authenticated()
    def patch(self, user_id):
        """Update a user (admins; yourself: name and time zone)"""
        updated = user_service.update_user(
            current_user(), user_id, body_fields(), lambda: json_body(dto.user_update)
        )
        return dto.user_json(updated)

    @ns.doc(
        "deactivate_user",
        description="Deactivates (never deletes): the user can no longer log in and their "
        'tokens stop working; history is kept. `PATCH {"is_active": true}` reactivates.',
    )
    @ns.response(204, "Deactivated")
    @problems(
        ns,
        401,
        403,
        404,
        409,
        docs={
            403: "This needs the admin role.",
            409: "This is the last active admin; make someone else an admin first.",
        },
    )
    @authenticated(ADMIN)
    def delete(self, user_id):
        """Deactivate a user (admins)"""
        user_service.deactivate_user(current_user(), user_id)
        return no_content()
