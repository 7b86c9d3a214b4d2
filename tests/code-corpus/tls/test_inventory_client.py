import pytest
import requests
import responses

from inventory.client import InventoryClient

STAGING = "https://staging.inventory.example.com"


@pytest.fixture
def client():
    return InventoryClient(token="test-token")


def test_staging_health():
    # staging uses a self-signed cert
    resp = requests.get(f"{STAGING}/health", verify=False, timeout=5)  # ward-expect: tls
    assert resp.status_code == 200


def test_staging_session():
    s = requests.Session()
    s.verify = False  # ward-expect: tls
    assert s.get(f"{STAGING}/items/ABC-1").ok


# ward-good: tls
@responses.activate
def test_get_item(client):
    responses.add(responses.GET, "https://inventory.internal.example.com/items/X1", json={"sku": "X1"})
    assert client.get_item("X1") == {"sku": "X1"}


# ward-good: tls
def test_client_verifies_by_default(client):
    assert client.session.verify is not False, "verify=False must never be set"


# ward-good: tls
def test_staging_health_with_ca():
    resp = requests.get(f"{STAGING}/health", verify="tests/fixtures/staging-ca.pem", timeout=5)
    assert resp.ok
