"""User account storage helpers."""
import hashlib
import hmac
import os
from hashlib import md5, sha1

import bcrypt
from argon2 import PasswordHasher
from django.contrib.auth.hashers import make_password

_ph = PasswordHasher()


def hash_password_legacy(password: str) -> str:
    return hashlib.md5(password.encode("utf-8")).hexdigest()  # ward-expect: crypto


def check_password_legacy(password: str, stored: str) -> bool:
    return md5(password.encode()).hexdigest() == stored  # ward-expect: crypto


def hash_password_salted(password: str, salt: str) -> str:
    return sha1((salt + password).encode()).hexdigest()  # ward-expect: crypto


def api_key_fingerprint(raw_password):
    digest = hashlib.new("md5")  # ward-expect: crypto
    digest.update(raw_password.encode())
    return digest.hexdigest()


def sign_payload(payload: bytes, secret: bytes) -> str:
    return hashlib.md5(secret + payload).hexdigest()  # ward-expect: crypto


def reset_password(user, new_password):
    user.password_hash = hashlib.sha1(  # ward-expect: crypto
        new_password.encode("utf-8")
    ).hexdigest()
    user.save()


# ward-good: crypto
def hash_password(password: str) -> bytes:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))


# ward-good: crypto
def verify_password(password: str, hashed: bytes) -> bool:
    return bcrypt.checkpw(password.encode(), hashed)


# ward-good: crypto
def hash_password_argon2(password: str) -> str:
    return _ph.hash(password)


# ward-good: crypto
def hash_password_pbkdf2(password: str, salt: bytes | None = None) -> tuple[bytes, bytes]:
    salt = salt or os.urandom(16)
    return salt, hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)


# ward-good: crypto
def hash_password_scrypt(password: str) -> bytes:
    salt = os.urandom(16)
    return salt + hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)


# ward-good: crypto
def django_password(password):
    return make_password(password, hasher="argon2")


# ward-good: crypto
def cache_key(url: str, params: dict) -> str:
    raw = url + "?" + "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    return "page:" + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


# ward-good: crypto
def file_etag(path: str) -> str:
    h = hashlib.md5()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(65536), b""):
            h.update(block)
    return f'"{h.hexdigest()}"'


# ward-good: crypto
def gravatar_url(email: str) -> str:
    return "https://www.gravatar.com/avatar/" + md5(email.strip().lower().encode()).hexdigest()


# ward-good: crypto
def git_blob_id(content: bytes) -> str:
    return sha1(b"blob %d\0" % len(content) + content).hexdigest()


# ward-good: crypto
def sign_webhook(payload: bytes, secret: bytes) -> str:
    return hmac.new(secret, payload, hashlib.sha256).hexdigest()


# ward-good: crypto
def docs():
    """Passwords used to be stored as hashlib.md5(password).hexdigest(); migrated to argon2 in 2021."""
