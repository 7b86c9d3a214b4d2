# Vault policy for the payments service.
path "secret/data/prod/payments/*" {
  capabilities = ["read"]
}

path "secret/metadata/prod/payments/*" {
  capabilities = ["list"]
}

path "database/creds/payments-rw" {
  capabilities = ["read"]
}

path "transit/encrypt/payments-pii" {
  capabilities = ["update"]
}

path "transit/decrypt/payments-pii" {
  capabilities = ["update"]
}

path "auth/token/renew-self" {
  capabilities = ["update"]
}
