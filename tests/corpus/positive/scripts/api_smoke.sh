#!/usr/bin/env bash
# Smoke test against production after deploy.
set -euo pipefail

API=https://api.acme-corp.io

curl -fsS "$API/healthz"

# service token for the smoke-test client (scope: orders:read)
curl -fsS "$API/v1/orders?limit=1" \
  -H "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1YzU4OGQ3MS1lNGI5LTRlMDAtYjUxMS1hNTc4NWE0ZjUxMDMiLCJpc3MiOiJodHRwczovL2F1dGguYWNtZS1jb3JwLmlvLyIsImF1ZCI6ImFwaS5hY21lLWNvcnAuaW8iLCJzY29wZSI6Im9yZGVyczpyZWFkIG9yZGVyczp3cml0ZSIsImlhdCI6MTc5MzU3ODcxNiwiZXhwIjoxODI1MTE0NzE2fQ.0aR2uvpxeOYqY2ZPjdili_ZrbBaAcyNtXbDfq0ZxEps" \
  -H "Accept: application/json" | jq '.data | length'

curl -fsS -u smoke:79fZEKaQsrT3m6Q2w4LY6 "$API/internal/metrics" | head -n 5

curl -fsS https://api.openai.com/v1/models \
  -H "Authorization: Bearer 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" | jq -r '.data[].id' | head -3

curl -fsS https://api.anthropic.com/v1/models \
  -H "x-api-key: sk-ant-api03-c9h-DzuxiC4gwrnZYUpssd9paOmMebur-fRIAG_MwcXeG7WyUTMz8wiLgnm1fHwd_ajBfhfcX9rO57CKzwyzi3J-9yRXWAA" \
  -H "anthropic-version: 2023-06-01" | jq -r '.data[0].id'
