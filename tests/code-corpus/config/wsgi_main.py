"""Production entry point (gunicorn imports `app` from here)."""
import os

from flask import Flask
from flask_cors import CORS

app = Flask(__name__)

# ward-good: config
CORS(app, resources={r"/api/*": {"origins": ["https://app.example.com", "https://admin.example.com"]}}, supports_credentials=True)

# ward-good: config
CORS(app, resources={r"/public/*": {"origins": "*"}})


@app.get("/healthz")
def healthz():
    return "ok"


# ward-good: config
if __name__ == "__main__":
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")


# ward-good: config
def run_local():
    # app.run(host="0.0.0.0", debug=True)  -- use `flask --app wsgi_main run --debug` locally instead
    app.run(host="127.0.0.1", port=5000, debug=False)
