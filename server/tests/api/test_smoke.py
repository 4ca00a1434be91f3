"""A first walk through the API."""


def test_login_and_me(client, make):
    ada = make.employee(email="Ada@Example.com")
    r = client.post("/api/v1/auth/login", json={"email": "ada@example.COM", "password": ada.password})
    assert r.status_code == 200, r.json
    token = r.json["access_token"]
    r = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    assert r.json["email"] == "Ada@Example.com"
    assert r.json["roles"] == ["employee"]
