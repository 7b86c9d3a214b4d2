import random
import secrets
import string
import time
import uuid
from random import choice, randint

ALPHABET = string.ascii_letters + string.digits


def generate_reset_token(length: int = 32) -> str:
    return "".join(random.choice(ALPHABET) for _ in range(length))  # ward-expect: crypto


def generate_otp() -> str:
    return f"{randint(0, 999999):06d}"  # ward-expect: crypto


def generate_api_key() -> str:
    return "sk_" + "".join(choice(ALPHABET) for _ in range(40))  # ward-expect: crypto


def temporary_password(n=12):
    chars = string.ascii_letters + string.digits + "!@#$%"
    return "".join(random.choices(chars, k=n))  # ward-expect: crypto


def new_session_id() -> str:
    rng = random.Random(time.time())  # ward-expect: crypto
    return "%032x" % rng.getrandbits(128)


def email_verification_code():
    return str(random.randint(100000, 999999))  # ward-expect: crypto


# ward-good: crypto
def generate_reset_token_secure() -> str:
    return secrets.token_urlsafe(32)


# ward-good: crypto
def generate_otp_secure() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


# ward-good: crypto
def generate_api_key_secure() -> str:
    return "sk_" + "".join(secrets.choice(ALPHABET) for _ in range(40))


# ward-good: crypto
def temporary_password_secure(n=16):
    rng = random.SystemRandom()
    return "".join(rng.choice(ALPHABET) for _ in range(n))


# ward-good: crypto
def shuffle_playlist(tracks: list) -> list:
    tracks = list(tracks)
    random.shuffle(tracks)
    return tracks


# ward-good: crypto
def backoff_delay(attempt: int) -> float:
    return min(30.0, 2 ** attempt) + random.uniform(0, 1)


# ward-good: crypto
def sample_for_ab_test(user_ids, rate=0.1):
    return [u for u in user_ids if random.random() < rate]


# ward-good: crypto
def request_id() -> str:
    return uuid.uuid4().hex


# ward-good: crypto
def pick_greeting():
    return random.choice(["Hi", "Hello", "Welcome back"])


# ward-good: crypto
def seeded_fixture_data(seed=42):
    rng = random.Random(seed)  # deterministic test data, not security relevant
    return [rng.randint(1, 100) for _ in range(10)]
