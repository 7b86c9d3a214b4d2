import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# ward-good: config
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"

# ward-good: config
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "example.com,www.example.com").split(",")

# ward-good: config
CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
CORS_ALLOW_CREDENTIALS = True

# ward-good: config
CSRF_TRUSTED_ORIGINS = ["https://app.example.com"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

# ward-good: config
# DEBUG = True  # uncomment locally only; production.py sets it from the environment
