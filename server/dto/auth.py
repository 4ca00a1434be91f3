"""Shapes for /auth."""

from server.domain.vocabulary import MIN_PASSWORD_LENGTH
from server.dto import fields
from server.dto.model import Model

login = Model(
    "LoginRequest",
    {
        "email": fields.String(
            required=True,
            max_length=254,
            description="The account's email, matched case-insensitively",
            example="you@example.com",
        ),
        "password": fields.Password(new=False, required=True, description="The account's password"),
    },
)

token = Model(
    "Token",
    {
        "access_token": fields.String(
            required=True,
            description="A JWT: send it as `Authorization: Bearer <access_token>`",
        ),
        "token_type": fields.String(
            required=True,
            enum=["Bearer"],
            enum_name="TokenType",
            description="Always `Bearer`",
        ),
        "expires_in": fields.Integer(
            required=True,
            description="Seconds until the access token expires (`JWT_ACCESS_LIFESPAN_MINUTES`, "
            "default 15 minutes); renew it with POST /auth/refresh",
            example=900,
        ),
    },
)

password_change = Model(
    "PasswordChange",
    {
        "current_password": fields.Password(
            new=False, required=True, description="Your password now (422 if wrong)"
        ),
        "new_password": fields.Password(
            required=True,
            description=f"The new password: at least {MIN_PASSWORD_LENGTH} characters",
        ),
    },
)
