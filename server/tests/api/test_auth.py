"""Authentication through HTTP: login, tokens, refresh, logout, passwords, sign-up, rate limit."""

from datetime import timedelta

import jwt
import pytest

from server.tests.helpers import assert_problem, login

API = "/api/v1/auth"
PROBLEM_TYPE = "application/problem+json"
BAD_CREDENTIALS_CASES = ("wrong_password", "unknown_email", "inactive_user")
_DEFAULT = object()


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def login_token(client, person):
    r = login(client, person.email, person.password)
    assert r.status_code == 200, r.json
    return r.json["access_token"]


def me(client, token):
    return client.get(f"{API}/me", headers=bearer(token))


def refresh(client, token):
    return client.post(f"{API}/refresh", headers=bearer(token))


def make_token(app, person, version=_DEFAULT, **lifespans):
    """A token praetorian signs for `person` (claims as auth_service issues them)."""
    from server.extensions import db, guard
    from server.models import User
    from server.services.auth_service import VERSION_CLAIM

    with app.app_context():
        user = db.session.get(User, person.id)
        claims = {} if version is None else {VERSION_CLAIM: user.token_version}
        if version not in (None, _DEFAULT):
            claims[VERSION_CLAIM] = version
        return guard.encode_jwt_token(user, **lifespans, **claims)


def deactivate(app, person):
    """Mark `person` inactive straight in the database (the factory cannot sign for them)."""
    from server.extensions import db
    from server.models import User

    with app.app_context():
        db.session.get(User, person.id).is_active = False
        db.session.commit()


def claims_of(token):
    return jwt.decode(token, options={"verify_signature": False})


# --- login -----------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["ada@example.com", "ADA@EXAMPLE.COM", "aDa@eXample.com"])
def test_login_matches_the_email_case_insensitively(client, make, typed):
    ada = make.employee(email="Ada@Example.com")
    r = login(client, typed, ada.password)
    assert r.status_code == 200, r.json
    assert me(client, r.json["access_token"]).json["id"] == ada.id


def test_login_answers_a_bearer_token_with_its_lifetime(app, client, make):
    ada = make.employee()
    r = login(client, ada.email, ada.password)
    assert r.status_code == 200
    assert set(r.json) == {"access_token", "token_type", "expires_in"}
    assert r.json["token_type"] == "Bearer"
    assert r.json["expires_in"] > 0
    # The test profile keeps the configured lifespan (15 minutes unless overridden): 900 s.
    assert r.json["expires_in"] == int(app.config["JWT_ACCESS_LIFESPAN"].total_seconds())
    claims = claims_of(r.json["access_token"])
    assert claims["exp"] - claims["iat"] == r.json["expires_in"]


@pytest.mark.parametrize(
    "accept", ["application/problem+json", "application/problem+json, application/json;q=0.5"]
)
def test_successful_responses_are_json_whatever_accept_says(client, make, accept):
    ada = make.employee()
    headers = {"Accept": accept}
    r = client.post(f"{API}/login", json={"email": ada.email, "password": "x"}, headers=headers)
    assert r.mimetype == "application/problem+json"  # an error is a problem
    r = client.post(
        f"{API}/login", json={"email": ada.email, "password": ada.password}, headers=headers
    )
    assert (r.status_code, r.mimetype) == (200, "application/json")
    r = client.get(f"{API}/me", headers={**headers, **bearer(r.json["access_token"])})
    assert (r.status_code, r.headers["Content-Type"]) == (200, "application/json")


def test_the_login_token_works_on_me(client, make):
    ada = make.employee(full_name="Ada Lovelace")
    r = me(client, login_token(client, ada))
    assert r.status_code == 200
    assert r.json["id"] == ada.id
    assert r.json["full_name"] == "Ada Lovelace"
    assert r.json["roles"] == ["employee"]
    assert "password" not in r.get_data(as_text=True)


@pytest.mark.parametrize("case", BAD_CREDENTIALS_CASES)
def test_bad_credentials_are_401_with_one_message(app, client, make, case):
    ada = make.employee()
    deactivate(app, make.employee(email="gone@example.com"))
    reference = login(client, ada.email, "not-the-password")
    attempt = {
        "wrong_password": (ada.email, "not-the-password"),
        "unknown_email": ("nobody@example.com", ada.password),
        "inactive_user": ("gone@example.com", ada.password),
    }[case]
    r = login(client, *attempt)
    assert_problem(r, 401, "unauthorized")
    # The same answer whatever was wrong, so a caller cannot tell which accounts exist.
    assert r.json == reference.json


@pytest.mark.parametrize(
    ("body", "missing"),
    [
        ({"password": "correct-horse-battery"}, "email"),
        ({"email": "ada@example.com"}, "password"),
        ({}, "email"),
    ],
)
def test_login_without_a_field_is_422(client, body, missing):
    r = client.post(f"{API}/login", json=body)
    assert_problem(r, 422, "validation-error")
    assert missing in r.json["errors"]


def test_login_with_a_non_string_email_is_422(client):
    r = client.post(f"{API}/login", json={"email": 42, "password": "correct-horse-battery"})
    assert_problem(r, 422, "validation-error")
    assert "email" in r.json["errors"]


# --- refresh ---------------------------------------------------------------------------------


def test_refreshing_an_unexpired_token_gives_a_working_token(client, make):
    ada = make.employee()
    r = refresh(client, login_token(client, ada))
    # praetorian itself answers 425 to an unexpired token; the contract says 200.
    assert r.status_code == 200, r.json
    assert set(r.json) == {"access_token", "token_type", "expires_in"}
    assert r.json["token_type"] == "Bearer"
    assert r.json["expires_in"] > 0
    assert me(client, r.json["access_token"]).json["id"] == ada.id


def test_refreshing_an_expired_token_gives_a_working_token(app, client, make):
    ada = make.employee()
    expired = make_token(app, ada, override_access_lifespan=timedelta(seconds=-60))
    assert_problem(me(client, expired), 401, "unauthorized")
    r = refresh(client, expired)
    assert r.status_code == 200, r.json
    fresh = r.json["access_token"]
    assert me(client, fresh).json["id"] == ada.id
    # One session: the refreshed token keeps the jti (logout relies on it).
    assert claims_of(fresh)["jti"] == claims_of(expired)["jti"]


def test_refresh_after_the_refresh_lifespan_is_401(app, client, make):
    ada = make.employee()
    stale = make_token(
        app,
        ada,
        override_access_lifespan=timedelta(seconds=-120),
        override_refresh_lifespan=timedelta(seconds=-60),
    )
    assert_problem(refresh(client, stale), 401, "unauthorized")


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer garbage"}, {"Authorization": "Bearer"}],
    ids=["no-header", "garbage", "no-token"],
)
def test_refresh_without_a_valid_token_is_401(client, headers):
    assert_problem(client.post(f"{API}/refresh", headers=headers), 401, "unauthorized")


def test_refresh_of_a_token_signed_with_another_key_is_401(client, make):
    ada = make.employee()
    forged = jwt.encode(
        claims_of(login_token(client, ada)), "another-key-" + "x" * 40, algorithm="HS256"
    )
    assert_problem(refresh(client, forged), 401, "unauthorized")


def test_refresh_of_a_deactivated_users_token_is_401(client, make):
    admin = make.admin()
    ada = make.employee()
    token = login_token(client, ada)
    assert client.delete(f"/api/v1/users/{ada.id}", headers=admin.headers).status_code == 204
    assert_problem(refresh(client, token), 401, "unauthorized")


# --- logout ----------------------------------------------------------------------------------


def test_logout_is_204_and_the_token_is_then_401(client, make):
    ada = make.employee()
    token = login_token(client, ada)
    r = client.post(f"{API}/logout", headers=bearer(token))
    assert r.status_code == 204
    assert r.get_data() == b""
    # praetorian's blacklist answers 403; the contract says 401.
    assert_problem(me(client, token), 401, "unauthorized")


def test_logout_also_ends_tokens_refreshed_from_the_session(app, client, make):
    ada = make.employee()
    # An expired first token, so its refreshed successor is a different string.
    first = make_token(app, ada, override_access_lifespan=timedelta(seconds=-60))
    refreshed = refresh(client, first).json["access_token"]
    assert refreshed != first
    assert me(client, refreshed).status_code == 200
    assert client.post(f"{API}/logout", headers=bearer(refreshed)).status_code == 204
    assert_problem(me(client, refreshed), 401, "unauthorized")
    assert_problem(refresh(client, first), 401, "unauthorized")
    assert_problem(refresh(client, refreshed), 401, "unauthorized")


def test_a_token_refreshed_before_logout_is_401_after_it(client, make):
    ada = make.employee()
    token = login_token(client, ada)
    refreshed = refresh(client, token).json["access_token"]
    assert client.post(f"{API}/logout", headers=bearer(token)).status_code == 204
    assert_problem(me(client, token), 401, "unauthorized")
    assert_problem(me(client, refreshed), 401, "unauthorized")


def test_refresh_with_a_logged_out_token_is_401(client, make):
    ada = make.employee()
    token = login_token(client, ada)
    assert client.post(f"{API}/logout", headers=bearer(token)).status_code == 204
    assert_problem(refresh(client, token), 401, "unauthorized")


def test_logging_out_twice_is_401_the_second_time(client, make):
    ada = make.employee()
    token = login_token(client, ada)
    assert client.post(f"{API}/logout", headers=bearer(token)).status_code == 204
    assert_problem(client.post(f"{API}/logout", headers=bearer(token)), 401, "unauthorized")


def test_logout_ends_only_that_session(client, make):
    ada = make.employee()
    laptop = login_token(client, ada)
    phone = login_token(client, ada)
    assert client.post(f"{API}/logout", headers=bearer(laptop)).status_code == 204
    assert me(client, phone).status_code == 200
    assert_problem(me(client, laptop), 401, "unauthorized")


def test_logout_needs_a_token(client):
    assert_problem(client.post(f"{API}/logout"), 401, "unauthorized")


# --- password change -------------------------------------------------------------------------


def change_password(client, token, current, new):
    return client.post(
        f"{API}/password",
        json={"current_password": current, "new_password": new},
        headers=bearer(token),
    )


def test_password_change_is_204_and_only_the_new_password_logs_in(client, make):
    ada = make.employee()
    token = login_token(client, ada)
    r = change_password(client, token, ada.password, "a-brand-new-secret")
    assert r.status_code == 204
    assert login(client, ada.email, "a-brand-new-secret").status_code == 200
    assert_problem(login(client, ada.email, ada.password), 401, "unauthorized")


def test_password_change_ends_every_earlier_token(client, make):
    ada = make.employee()
    token = login_token(client, ada)
    other_session = login_token(client, ada)
    assert change_password(client, token, ada.password, "a-brand-new-secret").status_code == 204
    assert_problem(me(client, token), 401, "unauthorized")
    assert_problem(me(client, other_session), 401, "unauthorized")
    assert_problem(refresh(client, other_session), 401, "unauthorized")
    fresh = login(client, ada.email, "a-brand-new-secret").json["access_token"]
    assert me(client, fresh).status_code == 200


def test_password_change_with_a_wrong_current_password_is_422(client, make):
    ada = make.employee()
    token = login_token(client, ada)
    r = change_password(client, token, "not-my-password", "a-brand-new-secret")
    assert_problem(r, 422, "validation-error")
    assert "current_password" in r.json["errors"]
    # Nothing changed: the token still works and the old password still logs in.
    assert me(client, token).status_code == 200
    assert login(client, ada.email, ada.password).status_code == 200


@pytest.mark.parametrize("new", ["", "short", "123456789"])  # 0, 5 and 9 characters
def test_a_new_password_under_10_characters_is_422(client, make, new):
    ada = make.employee()
    token = login_token(client, ada)
    r = change_password(client, token, ada.password, new)
    assert_problem(r, 422, "validation-error")
    assert "new_password" in r.json["errors"]
    assert login(client, ada.email, ada.password).status_code == 200


def test_a_new_password_of_exactly_10_characters_is_accepted(client, make):
    ada = make.employee()
    token = login_token(client, ada)
    assert change_password(client, token, ada.password, "0123456789").status_code == 204
    assert login(client, ada.email, "0123456789").status_code == 200


def test_password_change_needs_a_token(client, make):
    ada = make.employee()
    r = client.post(
        f"{API}/password", json={"current_password": ada.password, "new_password": "x" * 12}
    )
    assert_problem(r, 401, "unauthorized")


def test_password_change_without_fields_is_422(client, make):
    ada = make.employee()
    r = client.post(f"{API}/password", json={}, headers=ada.headers)
    assert_problem(r, 422, "validation-error")
    assert {"current_password", "new_password"} <= set(r.json["errors"])


# --- register --------------------------------------------------------------------------------


def registration(**fields):
    body = {
        "email": "new.hire@example.com",
        "password": "a-long-enough-secret",
        "full_name": "New Hire",
    }
    return {**body, **fields}


@pytest.fixture
def signup_open(app, monkeypatch):
    monkeypatch.setitem(app.config, "SIGNUP_OPEN", True)


def test_registration_is_closed_by_default(app, client):
    assert app.config["SIGNUP_OPEN"] is False
    r = client.post(f"{API}/register", json=registration())
    assert_problem(r, 403, "forbidden")
    assert_problem(
        login(client, "new.hire@example.com", "a-long-enough-secret"), 401, "unauthorized"
    )


def test_closed_registration_is_403_whatever_the_body(client):
    # "The caller may not use this endpoint at all -> 403" comes before input checks (422).
    r = client.post(f"{API}/register", json={"email": "x"})
    assert_problem(r, 403, "forbidden")


def test_open_registration_creates_an_employee(client, signup_open):
    r = client.post(
        f"{API}/register",
        json=registration(timezone="Europe/Berlin", country="DE"),
    )
    assert r.status_code == 201, r.json
    assert r.json["email"] == "new.hire@example.com"
    assert r.json["full_name"] == "New Hire"
    assert r.json["roles"] == ["employee"]
    assert r.json["is_active"] is True
    assert r.json["timezone"] == "Europe/Berlin"
    assert r.json["country"] == "DE"
    assert "password" not in r.get_data(as_text=True)
    token = login(client, "NEW.HIRE@example.com", "a-long-enough-secret").json["access_token"]
    assert me(client, token).json["id"] == r.json["id"]


def test_registration_stores_the_country_in_its_one_form(client, signup_open):
    r = client.post(f"{API}/register", json=registration(country="gb"))
    assert r.status_code == 201, r.json
    token = login(client, "new.hire@example.com", "a-long-enough-secret").json["access_token"]
    assert me(client, token).json["country"] == "GB"


def test_registration_defaults_to_utc_and_no_country(client, signup_open):
    r = client.post(f"{API}/register", json=registration())
    assert r.status_code == 201, r.json
    assert r.json["timezone"] == "UTC"
    assert r.json["country"] is None
    assert r.json["manager_id"] is None
    assert r.json["work_days"] == [0, 1, 2, 3, 4]


def test_registration_refuses_roles_in_the_body(client, signup_open):
    r = client.post(f"{API}/register", json=registration(roles=["admin", "manager"]))
    assert_problem(r, 422, "validation-error", errors=["roles"])
    assert login(client, "new.hire@example.com", "a-long-enough-secret").status_code == 401
    r = client.post(f"{API}/register", json=registration())
    assert r.status_code == 201, r.json
    assert r.json["roles"] == ["employee"]


def test_registration_with_a_taken_email_in_another_case_is_409(client, make, signup_open):
    make.employee(email="taken@example.com")
    r = client.post(f"{API}/register", json=registration(email="TAKEN@Example.com"))
    assert_problem(r, 409, "conflict")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"password": "123456789"}, "password"),  # 9 characters
        ({"full_name": ""}, "full_name"),
        ({"email": "not-an-email"}, "email"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"country": "XX"}, "country"),
    ],
)
def test_invalid_registration_is_422(client, signup_open, fields, field):
    r = client.post(f"{API}/register", json=registration(**fields))
    assert_problem(r, 422, "validation-error")
    assert field in r.json["errors"]


# --- deactivation and role changes take effect at once ---------------------------------------


def test_a_deactivated_users_token_is_401_at_once_and_login_is_401(client, make):
    admin = make.admin()
    ada = make.employee()
    token = login_token(client, ada)
    assert me(client, token).status_code == 200
    assert client.delete(f"/api/v1/users/{ada.id}", headers=admin.headers).status_code == 204
    assert_problem(me(client, token), 401, "unauthorized")
    assert_problem(client.get(f"/api/v1/users/{ada.id}", headers=ada.headers), 401, "unauthorized")
    bad = login(client, ada.email, "not-the-password")
    r = login(client, ada.email, ada.password)
    assert_problem(r, 401, "unauthorized")
    assert r.json["detail"] == bad.json["detail"]


def test_a_demoted_admin_is_403_on_their_next_request(client, make):
    ada = make.admin()
    grace = make.admin()
    token = login_token(client, ada)
    assert client.get("/api/v1/audit", headers=bearer(token)).status_code == 200
    r = client.patch(f"/api/v1/users/{ada.id}", json={"roles": ["employee"]}, headers=grace.headers)
    assert r.status_code == 200, r.json
    assert_problem(client.get("/api/v1/audit", headers=bearer(token)), 403, "forbidden")
    assert_problem(client.get("/api/v1/users", headers=bearer(token)), 403, "forbidden")
    assert me(client, token).json["roles"] == ["employee"]


def test_a_promoted_employee_gains_the_role_on_their_next_request(client, make):
    admin = make.admin()
    ada = make.employee()
    token = login_token(client, ada)
    assert_problem(client.get("/api/v1/users", headers=bearer(token)), 403, "forbidden")
    r = client.patch(f"/api/v1/users/{ada.id}", json={"roles": ["manager"]}, headers=admin.headers)
    assert r.status_code == 200, r.json
    assert client.get("/api/v1/users", headers=bearer(token)).status_code == 200


# --- tokens that are not good enough ---------------------------------------------------------


def forged_token(client, person):
    claims = claims_of(login_token(client, person))
    return jwt.encode(claims, "not-the-server-key-" + "y" * 40, algorithm="HS256")


def unsigned_token(client, person):
    return jwt.encode(claims_of(login_token(client, person)), None, algorithm="none")


BAD_AUTHORIZATION = {
    "missing": lambda app, client, person: None,
    "bearer-without-token": lambda app, client, person: "Bearer",
    "bearer-and-space": lambda app, client, person: "Bearer ",
    "garbage": lambda app, client, person: "Bearer not.a.jwt",
    "basic-scheme": lambda app, client, person: "Basic dXNlcjpwYXNzd29yZA==",
    "token-without-scheme": lambda app, client, person: login_token(client, person),
    "other-key": lambda app, client, person: "Bearer " + forged_token(client, person),
    "alg-none": lambda app, client, person: "Bearer " + unsigned_token(client, person),
    "expired": lambda app, client, person: (
        "Bearer " + make_token(app, person, override_access_lifespan=timedelta(seconds=-60))
    ),
    "old-version": lambda app, client, person: "Bearer " + make_token(app, person, version=-1),
    "no-version-claim": lambda app, client, person: (
        "Bearer " + make_token(app, person, version=None)
    ),
}


@pytest.mark.parametrize("case", BAD_AUTHORIZATION)
def test_a_bad_or_missing_token_is_a_401_problem(app, client, make, case):
    admin = make.admin()
    value = BAD_AUTHORIZATION[case](app, client, admin)
    headers = {} if value is None else {"Authorization": value}
    assert_problem(client.get(f"{API}/me", headers=headers), 401, "unauthorized")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/users"),
        ("post", f"{API}/password"),
        ("get", "/api/v1/audit"),
    ],
)
def test_an_expired_token_is_401_before_any_other_check(app, client, make, method, path):
    admin = make.admin()
    value = BAD_AUTHORIZATION["expired"](app, client, admin)
    r = getattr(client, method)(path, headers={"Authorization": value}, json={})
    assert_problem(r, 401, "unauthorized")


def test_a_token_that_worked_is_401_once_it_expires(client, make, monkeypatch):
    # Each worker remembers the tokens it verified; a remembered token still expires.
    from server.services import auth_service

    ada = make.employee()
    token = login_token(client, ada)
    assert me(client, token).status_code == 200
    later = claims_of(token)["exp"] + 1
    monkeypatch.setattr(auth_service, "time", type("Later", (), {"time": lambda: later}))
    assert_problem(me(client, token), 401, "unauthorized")


def test_logout_with_an_expired_access_token_still_ends_the_session(app, client, make):
    # The access token expired, but the session could still be refreshed: logging out must
    # end it, or the token would stay good for a refresh.
    ada = make.employee()
    expired = BAD_AUTHORIZATION["expired"](app, client, ada)
    assert client.post(f"{API}/logout", headers={"Authorization": expired}).status_code == 204
    again = client.post(f"{API}/refresh", headers={"Authorization": expired})
    assert_problem(again, 401, "unauthorized")


def test_logout_twice_is_harmless_then_401(client, make):
    ada = make.employee()
    assert client.post(f"{API}/logout", headers=ada.headers).status_code == 204
    assert_problem(client.post(f"{API}/logout", headers=ada.headers), 401, "unauthorized")


def test_a_token_made_like_the_server_does_works(app, client, make):
    # The control for the forged cases above: the helper's own valid token is accepted.
    ada = make.employee()
    assert me(client, make_token(app, ada)).json["id"] == ada.id


# --- rate limit ------------------------------------------------------------------------------


@pytest.fixture
def limited_app(app, clean_db):
    from server import create_app

    return create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        LOGIN_RATE_LIMIT="3/minute",
    )


def test_the_fourth_login_a_minute_from_one_ip_is_429(limited_app, make):
    ada = make.employee()
    client = limited_app.test_client()
    for _ in range(3):  # the limit is 3/minute: three attempts are answered normally
        assert_problem(login(client, ada.email, "not-the-password"), 401, "unauthorized")
    r = login(client, ada.email, ada.password)
    assert_problem(r, 429, "rate-limited")
    assert int(r.headers["Retry-After"]) > 0


def test_the_login_limit_is_per_client_ip(limited_app, make):
    ada = make.employee()
    client = limited_app.test_client()
    here = {"REMOTE_ADDR": "10.0.0.1"}
    there = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(3):
        assert login(client, ada.email, ada.password, environ_base=here).status_code == 200
    assert_problem(login(client, ada.email, ada.password, environ_base=here), 429, "rate-limited")
    assert login(client, ada.email, ada.password, environ_base=there).status_code == 200


def test_two_refreshes_in_the_same_second_give_different_tokens(client, make):
    ada = make.employee()
    first = client.post("/api/v1/auth/refresh", headers=ada.headers).json["access_token"]
    second = client.post("/api/v1/auth/refresh", headers=ada.headers).json["access_token"]
    assert first != second
    for token in (first, second):
        r = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200
