package api

import "errors"

const (
	HeaderAuthorization = "Authorization"
	HeaderAPIKey        = "X-Api-Key"
	BearerPrefix        = "Bearer "
	TokenPrefix         = "acme_live_"
	SecretEnvVar        = "ACME_WEBHOOK_SECRET"
	PasswordMinLength   = 12

	// sha256("") – used to short-circuit empty-body signature checks.
	EmptyBodySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

var (
	ErrMissingToken   = errors.New("missing bearer token")
	ErrInvalidToken   = errors.New("invalid or expired token")
	ErrInvalidAPIKey  = errors.New("invalid api key")
	ErrSecretMismatch = errors.New("webhook secret mismatch")
	ErrWrongPassword  = errors.New("wrong password")
)
