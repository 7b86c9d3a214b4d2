import os
import re
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
import uvicorn

app = FastAPI(title="orders-api")

app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,  # ward-expect: config
    allow_methods=["*"],
    allow_headers=["*"],
)

partner = FastAPI(title="partner-api")
partner.add_middleware(CORSMiddleware, allow_origin_regex=".*", allow_credentials=True)  # ward-expect: config

public = FastAPI(title="public-api")
# ward-good: config
public.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"])

admin = FastAPI(title="admin-api")
# ward-good: config
admin.add_middleware(
    CORSMiddleware,
    allow_origins=["https://admin.example.com"],
    allow_credentials=True,
    allow_methods=["GET", "POST"],
)

FILES = Path("/srv/files")


@app.get("/files/{name:path}")
def get_file(name: str):
    return FileResponse(FILES / name)  # ward-expect: config


# ward-good: config
@app.get("/files-safe/{name:path}")
def get_file_safe(name: str):
    path = (FILES / name).resolve()
    if not path.is_relative_to(FILES) or not path.is_file():
        raise HTTPException(404)
    return FileResponse(path)


# ward-good: config
@app.get("/orders/{order_id}")
def order(order_id: str):
    if not re.fullmatch(r"[A-Z]{2}-\d{6}", order_id):
        raise HTTPException(400)
    return {"id": order_id}


if __name__ == "__main__":
    # ward-good: config
    uvicorn.run("fastapi_app:app", host="127.0.0.1", port=8000, reload=os.getenv("RELOAD") == "1")
