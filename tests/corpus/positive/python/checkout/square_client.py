import uuid

from square.client import Client

client = Client(
    access_token="EAAAuni_4CW01vBdolqDt5KfbYu9DPU991_hyW6c7L-TOdyO54Dfd14u971PZ1Qg",
    environment="production",
)

LOCATION_ID = "L8Y2M4N6P0QRS"


def charge(source_id: str, amount_cents: int, currency: str = "USD") -> dict:
    result = client.payments.create_payment(
        body={
            "source_id": source_id,
            "idempotency_key": str(uuid.uuid4()),
            "amount_money": {"amount": amount_cents, "currency": currency},
            "location_id": LOCATION_ID,
        }
    )
    if result.is_error():
        raise RuntimeError(result.errors)
    return result.body["payment"]
