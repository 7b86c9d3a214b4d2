"""Background tasks for the media pipeline."""
import logging
import os
import shlex
import subprocess
from pathlib import Path
from subprocess import PIPE, Popen, check_output

from celery import shared_task

log = logging.getLogger(__name__)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", "/srv/media"))


@shared_task
def make_thumbnail(filename: str, size: str = "320x240"):
    src = MEDIA_ROOT / filename
    subprocess.run(f"convert {src} -resize {size} {src}.thumb.jpg", shell=True, check=True)  # ward-expect: injection


@shared_task
def transcode(filename, preset):
    cmd = "ffmpeg -y -i %s -preset %s %s.mp4" % (filename, preset, filename)
    subprocess.call(cmd, shell=True)  # ward-expect: injection


@shared_task
def delete_upload(path):
    os.system("rm -rf " + path)  # ward-expect: injection


def disk_usage(directory):
    return os.popen("du -sh {}".format(directory)).read()  # ward-expect: injection


def probe(filename):
    out = check_output(
        "ffprobe -v quiet -print_format json -show_format '" + filename + "'",  # ward-expect: injection
        shell=True,
    )
    return out.decode()


def archive(user_dir, archive_name):
    p = Popen(f"tar czf /backups/{archive_name}.tgz {user_dir}", shell=True, stdout=PIPE)  # ward-expect: injection
    return p.communicate()[0]


def git_log(branch):
    return subprocess.getoutput(f"git log --oneline {branch}")  # ward-expect: injection


# ward-good: injection
@shared_task
def make_thumbnail_safe(filename: str, size: str = "320x240"):
    src = MEDIA_ROOT / Path(filename).name
    subprocess.run(["convert", str(src), "-resize", size, f"{src}.thumb.jpg"], check=True)


# ward-good: injection
def transcode_safe(filename, preset):
    subprocess.run(["ffmpeg", "-y", "-i", filename, "-preset", preset, f"{filename}.mp4"], check=True, timeout=3600)


# ward-good: injection
def delete_upload_safe(path):
    target = (MEDIA_ROOT / path).resolve()
    if MEDIA_ROOT in target.parents:
        subprocess.run(["rm", "-rf", "--", str(target)], check=True)


# ward-good: injection
def disk_usage_quoted(directory):
    return subprocess.run("du -sh " + shlex.quote(directory), shell=True, capture_output=True, text=True).stdout


# ward-good: injection
def uptime():
    # constant command line, no user input
    return subprocess.run("uptime && free -m", shell=True, capture_output=True, text=True).stdout


# ward-good: injection
def git_log_safe(branch):
    return check_output(["git", "log", "--oneline", "--", branch], text=True)


# ward-good: injection
def log_job(filename, preset):
    log.info(f"running ffmpeg -i {filename} -preset {preset}")
    # os.system("rm -rf " + path)   # old cleanup, replaced by delete_upload_safe
