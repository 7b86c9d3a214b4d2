"""Loads job definitions and cached results for the worker fleet."""
import ast
import base64
import json
import marshal
import pickle
import shelve
from pickle import loads as unpickle

import dill
import jsonpickle
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/jobs/import")
def import_job():
    job = pickle.loads(base64.b64decode(request.form["payload"]))  # ward-expect: injection
    return {"queued": job.id}


@app.post("/jobs/import-yaml")
def import_yaml():
    spec = yaml.load(request.data)  # ward-expect: injection
    return {"name": spec["name"]}


@app.post("/jobs/import-yaml-v2")
def import_yaml_full():
    spec = yaml.load(request.get_data(as_text=True), Loader=yaml.Loader)  # ward-expect: injection
    return {"name": spec["name"]}


def load_pipeline(path):
    with open(path) as fh:
        return yaml.unsafe_load(fh)  # ward-expect: injection


def load_pipeline_full(stream):
    return yaml.load(stream, Loader=yaml.UnsafeLoader)  # ward-expect: injection


def load_cached_result(redis_client, key):
    blob = redis_client.get(f"result:{key}")
    return unpickle(blob)  # ward-expect: injection


def load_from_upload(fileobj):
    return pickle.load(fileobj)  # ward-expect: injection


def load_code_object(raw: bytes):
    return marshal.loads(raw)  # ward-expect: injection


def load_session(session_file):
    with shelve.open(session_file) as db:  # ward-expect: injection
        return dict(db)


def load_model_from_request():
    return dill.loads(request.files["model"].read())  # ward-expect: injection


def restore_state(raw: str):
    return jsonpickle.decode(raw)  # ward-expect: injection


@app.get("/calc")
def calc():
    expr = request.args.get("expr", "0")
    return {"result": eval(expr)}  # ward-expect: injection


@app.post("/hooks/run")
def run_hook():
    exec(request.json["code"], {"__builtins__": {}})  # ward-expect: injection
    return {"ok": True}


# ward-good: injection
@app.post("/jobs/import-json")
def import_job_json():
    job = json.loads(request.data)
    return {"queued": job["id"]}


# ward-good: injection
def load_pipeline_safe(path):
    with open(path) as fh:
        return yaml.safe_load(fh)


# ward-good: injection
def load_pipeline_safe_loader(stream):
    return yaml.load(stream, Loader=yaml.SafeLoader)


# ward-good: injection
def load_all_docs(stream):
    return list(yaml.load_all(stream, Loader=yaml.CSafeLoader))


# ward-good: injection
@app.get("/calc-safe")
def calc_safe():
    return {"result": ast.literal_eval(request.args.get("expr", "0"))}


# ward-good: injection
def save_cache(redis_client, key, value):
    # writing our own data is fine; the cache is only ever read back as JSON
    redis_client.set(f"result:{key}", json.dumps(value))


# ward-good: injection
def warn_about_pickle():
    """Never call pickle.loads() on data from the network; use json.loads instead."""
    return "yaml.load(data) without a Loader is unsafe"
