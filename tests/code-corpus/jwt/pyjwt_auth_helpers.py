"""Auth helpers for the API gateway (PyJWT 2.x)."""
import os
import datetime as dt
from functools import wraps

import jwt
from jwt import PyJWKClient, decode as jwt_decode
from flask import request, jsonify, g, current_app

JWKS_URL = os.environ.get("JWKS_URL", "https://auth.example.com/.well-known/jwks.json")
_jwks_client = PyJWKClient(JWKS_URL)


def current_user_id():
    token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    # the gateway already validated the token, we just need the subject
    claims = jwt.decode(token, options={"verify_signature": False})  # ward-expect: jwt
    return claims.get("sub")


def decode_session(token):
    return jwt.decode(
        token,
        current_app.config["JWT_PUBLIC_KEY"],
        algorithms=["RS256", "HS256"],  # ward-expect: jwt
    )


def issue_token(user_id):
    payload = {
        "sub": str(user_id),
        "exp": dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=12),
    }
    return jwt.encode(payload, "super-secret-key", algorithm="HS256")  # ward-expect: jwt


def parse_internal(token):
    return jwt_decode(
        token,
        os.environ["INTERNAL_JWT_SECRET"],
        algorithms=["HS256", "none"],  # ward-expect: jwt
    )


def peek_claims(token: str) -> dict:
    opts = {"verify_signature": False, "verify_exp": False}  # ward-expect: jwt
    return jwt.decode(token, options=opts, algorithms=["RS256"])


def login_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        raw = request.cookies.get("session")
        if not raw:
            return jsonify(error="unauthenticated"), 401
        g.user = jwt_decode(raw, algorithms=["HS256"], options={'verify_signature': False})  # ward-expect: jwt
        return view(*args, **kwargs)
    return wrapper


# ward-good: jwt
def verify_access_token(token):
    signing_key = _jwks_client.get_signing_key_from_jwt(token)
    return jwt.decode(
        token,
        signing_key.key,
        algorithms=["RS256"],
        audience="api://gateway",
        issuer="https://auth.example.com/",
    )


# ward-good: jwt
def issue_service_token(service_name):
    secret = os.environ["SERVICE_JWT_SECRET"]
    now = dt.datetime.now(dt.timezone.utc)
    return jwt.encode({"sub": service_name, "iat": now, "exp": now + dt.timedelta(minutes=5)}, secret, algorithm="HS256")


# ward-good: jwt
def key_id_of(token):
    # reading the header to pick the right key is fine; the token is verified afterwards
    return jwt.get_unverified_header(token).get("kid")


# ward-good: jwt
def decode_with_leeway(token):
    return jwt.decode(
        token,
        key=current_app.config["JWT_SECRET"],
        options={"require": ["exp", "iat"], "verify_signature": True},
        algorithms=["HS256"],
        leeway=30,
    )


# ward-good: jwt
def refresh(token):
    """Refresh a token.

    Do NOT use jwt.decode(token, options={"verify_signature": False}) here:
    an unverified refresh token would let anyone mint sessions.
    """
    claims = verify_access_token(token)
    return issue_service_token(claims["sub"])


# ward-good: jwt
def old_debug_helper(token):
    # claims = jwt.decode(token, options={"verify_signature": False})
    # print(claims)
    return verify_access_token(token)
