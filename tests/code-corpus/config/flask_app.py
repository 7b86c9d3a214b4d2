import os

from flask import Flask, abort, jsonify, request, send_file, send_from_directory
from flask_cors import CORS
from werkzeug.utils import safe_join, secure_filename

app = Flask(__name__)
app.config["UPLOAD_DIR"] = os.environ.get("UPLOAD_DIR", "/srv/uploads")
CORS(app, supports_credentials=True)  # ward-expect: config

REPORTS_DIR = "/srv/reports"


@app.get("/download")
def download():
    return send_file(request.args["name"])  # ward-expect: config


@app.get("/reports/<path:name>")
def report(name):
    with open(os.path.join(REPORTS_DIR, name)) as fh:  # ward-expect: config
        return fh.read()


@app.get("/export")
def export():
    path = os.path.join(app.config["UPLOAD_DIR"], request.args.get("file", ""))
    return send_file(path, as_attachment=True)  # ward-expect: config


# ward-good: config
@app.get("/download-safe")
def download_safe():
    return send_from_directory(app.config["UPLOAD_DIR"], request.args["name"], as_attachment=True)


# ward-good: config
@app.get("/reports-safe/<path:name>")
def report_safe(name):
    path = safe_join(REPORTS_DIR, name)
    if path is None or not os.path.isfile(path):
        abort(404)
    return send_file(path)


# ward-good: config
@app.post("/upload")
def upload():
    f = request.files["file"]
    f.save(os.path.join(app.config["UPLOAD_DIR"], secure_filename(f.filename)))
    return jsonify(ok=True)


# ward-good: config
@app.get("/logo")
def logo():
    return send_file(os.path.join(app.root_path, "static", "logo.png"))


def create_debug_app():
    debug_app = Flask("debug")
    debug_app.debug = True  # ward-expect: config
    return debug_app


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, debug=True)  # ward-expect: config
