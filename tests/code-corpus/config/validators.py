import re

USERNAME_RE = re.compile(r"[a-z0-9_]{3,20}")
SAFE_NAME = re.compile(r"\A[A-Za-z0-9_.-]{1,64}\Z")


def valid_username(username: str) -> bool:
    return re.match(r"[a-z0-9_]{3,20}", username) is not None  # ward-expect: config


def valid_order_id(value: str) -> bool:
    return bool(re.search(r"^\d+", value))  # ward-expect: config


def valid_hostname(host: str) -> bool:
    return bool(USERNAME_RE.match(host))  # ward-expect: config


def is_allowed_redirect(url: str) -> bool:
    return re.match(r"https://app\.example\.com", url) is not None  # ward-expect: config


# ward-good: config
def valid_username_strict(username: str) -> bool:
    return re.fullmatch(r"[a-z0-9_]{3,20}", username) is not None


# ward-good: config
def valid_filename(name: str) -> bool:
    return SAFE_NAME.match(name) is not None


# ward-good: config
def extract_ticket_ids(text: str) -> list[str]:
    # searching free text, not validating
    return re.findall(r"JIRA-\d+", text)


# ward-good: config
def looks_like_version(tag: str) -> bool:
    return re.match(r"\A\d+\.\d+\.\d+\Z", tag) is not None


# ward-good: config
def strip_prefix(line: str) -> str:
    return re.sub(r"^\s*#\s*", "", line)
