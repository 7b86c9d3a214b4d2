#!/bin/sh
# Generate host and service keys for a new environment.
set -eu

OUT="${1:-./keys}"
mkdir -p "$OUT"

legacy_keys() {
  ssh-keygen -t rsa -b 1024 -N "" -f "$OUT/deploy_legacy" # ward-expect: crypto
  openssl genrsa -out "$OUT/service-legacy.key" 1024 # ward-expect: crypto
  openssl req -x509 -newkey rsa:1024 -nodes -keyout "$OUT/web-legacy.key" -out "$OUT/web-legacy.crt" -days 365 -subj "/CN=legacy.example.com" # ward-expect: crypto
  openssl enc -des-cbc -salt -in secrets.env -out "$OUT/secrets.env.enc" -pass file:"$OUT/pass" # ward-expect: crypto
  openssl enc -aes-256-ecb -in backup.tar -out "$OUT/backup.tar.enc" -pass file:"$OUT/pass" # ward-expect: crypto
}

# ward-good: crypto
modern_keys() {
  ssh-keygen -t ed25519 -N "" -C "deploy@example.com" -f "$OUT/deploy"
  openssl genrsa -out "$OUT/service.key" 4096
  openssl req -x509 -newkey rsa:3072 -nodes -keyout "$OUT/web.key" -out "$OUT/web.crt" -days 365 -subj "/CN=web.example.com"
  openssl genpkey -algorithm ed25519 -out "$OUT/signing.key"
}

# ward-good: crypto
random_secrets() {
  openssl rand -hex 32 > "$OUT/session_secret"
  head -c 32 /dev/urandom | base64 > "$OUT/csrf_secret"
  openssl enc -aes-256-cbc -pbkdf2 -iter 200000 -salt -in secrets.env -out "$OUT/secrets.env.enc" -pass file:"$OUT/pass"
}

# ward-good: crypto
fingerprints() {
  ssh-keygen -l -f "$OUT/deploy.pub"
  sha256sum "$OUT"/*.crt
}

# ward-good: crypto
# ssh-keygen -t rsa -b 1024   <- what the old runbook said; do not use

modern_keys
random_secrets
fingerprints
