"""Shapes for /auth."""

from flask_restx import Model

from server.dto import fields

login = Model(
    "LoginRequest",
    {
        "email": fields.String(required=True, max_length=254, example="ada@example.com"),
        "password": fields.String(required=True, max_length=256, example="correct-horse-battery"),
    },
)

token = Model(
    "Token",
    {
        "access_token": fields.String(
            required=True, description="JWT for the Authorization header"
        ),
        "token_type": fields.String(required=True, enum=["Bearer"]),
        "expires_in": fields.Integer(required=True, description="Seconds until the token expires"),
    },
)

password_change = Model(
    "PasswordChange",
    {
        "current_password": fields.String(required=True, max_length=256),
        "new_password": fields.String(
            required=True, min_length=10, max_length=256, description="At least 10 characters"
        ),
    },
)
