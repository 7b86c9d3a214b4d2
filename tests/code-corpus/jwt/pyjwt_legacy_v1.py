# Legacy auth module, still on PyJWT 1.7 -- scheduled for removal
import logging
import time

import jwt
from django.conf import settings
from django.http import JsonResponse

log = logging.getLogger(__name__)

SIGNING_SECRET = "dj4ng0-jwt-s3cret-example"  # ward-expect: jwt


def make_token(user):
    payload = {"user_id": user.pk, "username": user.get_username(), "exp": int(time.time()) + 3600}
    return jwt.encode(payload, SIGNING_SECRET, algorithm="HS256").decode("utf-8")


def user_from_request(request):
    auth = request.META.get("HTTP_AUTHORIZATION", "")
    token = auth.split(" ", 1)[-1]
    data = jwt.decode(token, verify=False)  # ward-expect: jwt
    return data["user_id"]


def user_from_cookie(request):
    token = request.COOKIES.get("jwt")
    return jwt.decode(token, settings.SECRET_KEY, verify=False)["user_id"]  # ward-expect: jwt


# ward-good: jwt
def user_from_header_verified(request):
    token = request.META.get("HTTP_AUTHORIZATION", "").split(" ", 1)[-1]
    try:
        data = jwt.decode(token, settings.JWT_SECRET_KEY, algorithms=["HS256"])
    except jwt.InvalidTokenError:
        log.warning("rejected token: signature invalid or verify failed")
        return None
    return data["user_id"]


# ward-good: jwt
def reject(reason):
    log.info("jwt rejected (verify=False is not supported anymore): %s", reason)
    return JsonResponse({"detail": "invalid token"}, status=401)
