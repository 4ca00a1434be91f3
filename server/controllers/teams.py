"""/teams: teams and their members."""

from flask_restx import Namespace, Resource

from server.domain.vocabulary import ADMIN
from server.dto import teams as dto
from server.http.docs import BODY_ERRORS, creates, problems
from server.http.inputs import ListArgs, Text, json_body
from server.http.listing import listing
from server.http.responses import created, no_content
from server.http.security import authenticated, current_user
from server.services import team_service

ns = Namespace("teams", description="Teams and their members", path="/teams")

TEAM_LIST = ListArgs(
    sort=tuple(team_service.SORT),
    filters={"q": Text("Only teams whose name contains this, case-insensitive")},
)
MEMBER_LIST = ListArgs(sort=tuple(team_service.MEMBER_SORT), cursor=True)


@ns.route("")
class TeamList(Resource):
    @ns.doc(
        "list_teams",
        description="Every team, with its member count; any signed-in user may list them.",
    )
    @problems(ns, 401, 422)
    @authenticated()
    @listing(ns, TEAM_LIST, dto.team, dto.team_json, "A page of teams")
    def get(self, read_filters):
        """List teams"""
        return team_service.teams(read_filters())

    @ns.doc(
        "create_team",
        description="Admins only. Team names are unique, case-insensitive (a duplicate is "
        "409). Add members with PUT /teams/{team_id}/members/{user_id}.",
    )
    @ns.expect(dto.team_create)
    @creates(ns, dto.team, "team")
    @problems(
        ns,
        401,
        403,
        409,
        *BODY_ERRORS,
        docs={403: "This needs the admin role.", 409: "A team named 'Research' already exists."},
    )
    @authenticated(ADMIN)
    def post(self):
        """Create a team (admins)"""
        team = team_service.create_team(current_user(), json_body(dto.team_create))
        return created(dto.team_json(team), TeamItem, team_id=team.id)


@ns.route("/<int:team_id>")
@ns.param("team_id", "The team's id")
class TeamItem(Resource):
    @ns.doc("get_team", description="Any signed-in user may read any team.")
    @ns.response(200, "The team", dto.team)
    @problems(ns, 401, 404, docs={404: "There is no team 42."})
    @authenticated()
    def get(self, team_id):
        """Get a team"""
        return dto.team_json(team_service.get_team(team_id))

    @ns.doc(
        "update_team",
        description="Admins only. Send only the fields to change; `max_absent: null` removes "
        "the capacity limit.",
    )
    @ns.expect(dto.team_update)
    @ns.response(200, "Updated", dto.team)
    @problems(
        ns,
        401,
        403,
        404,
        409,
        *BODY_ERRORS,
        docs={
            403: "This needs the admin role.",
            404: "There is no team 42.",
            409: "A team named 'Research' already exists.",
        },
    )
    @authenticated(ADMIN)
    def patch(self, team_id):
        """Update a team (admins)"""
        team = team_service.update_team(current_user(), team_id, lambda: json_body(dto.team_update))
        return dto.team_json(team)

    @ns.doc(
        "delete_team",
        description="Deletes the team and its memberships; the audit trail keeps the record.",
    )
    @ns.response(204, "Deleted")
    @problems(
        ns, 401, 403, 404, docs={403: "This needs the admin role.", 404: "There is no team 42."}
    )
    @authenticated(ADMIN)
    def delete(self, team_id):
        """Delete a team (admins)"""
        team_service.delete_team(current_user(), team_id)
        return no_content()


@ns.route("/<int:team_id>/members")
@ns.param("team_id", "The team's id")
class TeamMembers(Resource):
    @ns.doc("list_team_members", description=dto.MEMBER_DOC)
    @problems(ns, 401, 404, 422, docs={404: "There is no team 42."})
    @authenticated()
    @listing(ns, MEMBER_LIST, dto.member, dto.member_json, "A page of members")
    def get(self, team_id, read_filters):
        """List a team's members"""
        return team_service.members(current_user(), team_id, read_filters)


@ns.route("/<int:team_id>/members/<int:user_id>")
@ns.param("team_id", "The team's id")
@ns.param("user_id", "The user's id")
class TeamMember(Resource):
    @ns.doc(
        "add_team_member",
        description="Admins only. Idempotent: 204 whether or not the user already was a "
        "member. A user can be in many teams.",
    )
    @ns.response(204, "The user is a member")
    @problems(ns, 401, 403, 404, docs={403: "This needs the admin role."})
    @authenticated(ADMIN)
    def put(self, team_id, user_id):
        """Add a user to a team (admins)"""
        team_service.add_member(current_user(), team_id, user_id)
        return no_content()

    @ns.doc(
        "remove_team_member",
        description="Admins only. Idempotent: 204 whether or not the user was a member.",
    )
    @ns.response(204, "The user is not a member")
    @problems(ns, 401, 403, 404, docs={403: "This needs the admin role."})
    @authenticated(ADMIN)
    def delete(self, team_id, user_id):
        """Remove a user from a team (admins)"""
        team_service.remove_member(current_user(), team_id, user_id)
        return no_content()
