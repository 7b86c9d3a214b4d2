import pytest

from app.auth import authenticate, hash_password


@pytest.fixture
def user(db):
    return db.create_user(email="alice@localhost", password="test")


def test_login_ok(client, user):
    resp = client.post("/login", data={"email": "alice@localhost", "password": "test"})
    assert resp.status_code == 302


def test_login_wrong_password(client, user):
    resp = client.post("/login", data={"email": "alice@localhost", "password": "wrong"})
    assert resp.status_code == 401


def test_token_header(client):
    resp = client.get("/api/me", headers={"Authorization": "Bearer abc"})
    assert resp.status_code == 401


def test_hash_is_not_plaintext():
    password = "hunter2"
    assert hash_password(password) != password
    assert authenticate("bob@localhost", password="secret") is None
