import os
import stat
import tempfile
from pathlib import Path

SHARED = Path("/srv/shared")


def make_shared_dir(name: str) -> Path:
    path = SHARED / name
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o777)  # ward-expect: config
    return path


def make_socket_public(sock_path: str) -> None:
    os.chmod(sock_path, stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)  # ward-expect: config


def write_config(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(0o666)  # ward-expect: config


# ward-good: config
def write_secret(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)


# ward-good: config
def make_private_dir(name: str) -> Path:
    path = SHARED / name
    path.mkdir(mode=0o750, parents=True, exist_ok=True)
    os.chmod(path, 0o750)
    return path


# ward-good: config
def make_executable(path: str) -> None:
    mode = os.stat(path).st_mode
    os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP)


# ward-good: config
def scratch_dir() -> str:
    return tempfile.mkdtemp(prefix="job-")
