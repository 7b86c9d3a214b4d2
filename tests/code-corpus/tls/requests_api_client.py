"""Thin client for the internal inventory service."""
import logging
import os

import certifi
import requests
import requests as r
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

log = logging.getLogger(__name__)

BASE_URL = os.environ.get("INVENTORY_URL", "https://inventory.internal.example.com")
CA_BUNDLE = os.environ.get("INVENTORY_CA", "/etc/ssl/certs/internal-ca.pem")


class InventoryClient:
    def __init__(self, token: str):
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.session.verify = False  # ward-expect: tls
        retry = Retry(total=3, backoff_factor=0.5, status_forcelist=[502, 503, 504])
        self.session.mount("https://", HTTPAdapter(max_retries=retry))

    def get_item(self, sku: str) -> dict:
        resp = self.session.get(f"{BASE_URL}/items/{sku}", timeout=10)
        resp.raise_for_status()
        return resp.json()


def fetch_price_list():
    resp = requests.get(f"{BASE_URL}/prices", verify=False, timeout=30)  # ward-expect: tls
    return resp.json()


def push_stock(payload):
    return r.post(
        f"{BASE_URL}/stock",
        json=payload,
        timeout=15,
        verify=False,  # ward-expect: tls
    )


def download_report(url, dest):
    opts = {"stream": True, "timeout": 60, "verify": False}  # ward-expect: tls
    with requests.get(url, **opts) as resp:
        with open(dest, "wb") as fh:
            for chunk in resp.iter_content(8192):
                fh.write(chunk)


def health(url=BASE_URL):
    return requests.request("GET", url + "/health", verify = False).ok  # ward-expect: tls


# ward-good: tls
def fetch_price_list_verified():
    resp = requests.get(f"{BASE_URL}/prices", verify=True, timeout=30)
    return resp.json()


# ward-good: tls
def push_stock_internal_ca(payload):
    return requests.post(f"{BASE_URL}/stock", json=payload, verify=CA_BUNDLE, timeout=15)


# ward-good: tls
def public_rates():
    return requests.get("https://api.exchangerate.example.com/latest", verify=certifi.where(), timeout=10).json()


# ward-good: tls
def client_cert_call():
    return requests.get(
        f"{BASE_URL}/partner",
        cert=("/etc/app/client.crt", "/etc/app/client.key"),
        verify="/etc/app/partner-ca.pem",
        timeout=10,
    )


# ward-good: tls
def explain():
    log.warning("Never pass verify=False to requests; set REQUESTS_CA_BUNDLE instead")
    # requests.get(url, verify=False)  -- old workaround, removed in 2.3
    return None


# ward-good: tls
def configurable(url, verify_tls: bool = True):
    # caller-controlled, defaults to verification on
    return requests.get(url, verify=verify_tls, timeout=10)
