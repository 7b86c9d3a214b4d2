import requests

BASE_URL = "https://reports.acme-corp.io/api/v2"

# Long-lived token for the reporting batch (issued 2024-05-02, no expiry rotation yet)
SERVICE_TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0ODY3YmFmZi01YTQwLTQ2MTEtOTU4MC1lZjlhMGFkYzM5YmEiLCJpc3MiOiJodHRwczovL2F1dGguYWNtZS1jb3JwLmlvLyIsImF1ZCI6ImFwaS5hY21lLWNvcnAuaW8iLCJzY29wZSI6Im9yZGVyczpyZWFkIG9yZGVyczp3cml0ZSIsImlhdCI6MTc5Mzg1Mjk3NywiZXhwIjoxODI1Mzg4OTc3LCJhenAiOiJyZXBvcnRpbmctYmF0Y2giLCJndHkiOiJjbGllbnQtY3JlZGVudGlhbHMifQ.8GlQfx36uCdOFkm2L9RhT7fSOEZmfQkzEQwnRIOW_Hl5pPsUHnujNVDH7nJjN7brQBRMsXAaH4oMx0c6YUm8wlUWV2GfucYw3aLO66jcFZAVb3O_27QodmnxnZjEJZIPGarvQ9HpKWp-cc7qyCnZ_cuXioQcNT-KSxLkrf4HjwrRc3vYzRN45IimugJdPtpBNFvVdqbybm55ESirYmulfef2B_P2smjxDtaTbCMiL_h4vXOSdktqSkotpqJmdt76DRCVuUEhe7zIxSbfw3GN0GzMURW7tn_89U7Rco-8Ux2WOXtBGMH6eez5f4RdJ6swikHD4VsXS1sciUq58fcXGg"

API_KEY = "3znN6iatmNIGocshVwNIWKaiBjp60hAS"


def session() -> requests.Session:
    s = requests.Session()
    s.headers.update({
        "Authorization": f"Bearer {SERVICE_TOKEN}",
        "X-Api-Key": API_KEY,
        "User-Agent": "acme-reporting/1.4",
    })
    return s


def monthly_revenue(year: int, month: int) -> list[dict]:
    r = session().get(f"{BASE_URL}/revenue", params={"year": year, "month": month}, timeout=30)
    r.raise_for_status()
    return r.json()["rows"]
