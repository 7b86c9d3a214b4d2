package ghclient

import (
	"context"
	"net/http"

	"golang.org/x/oauth2"
)

// Token of the acme-integration OAuth app, authorised by the ops account.
// Used by the nightly audit job until the GitHub App migration lands.
var opsToken = "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"

// userToken is the GitHub App user-to-server token the dashboard uses.
var userToken = "ghu_GCdUdWkUvo4S7yZuDPKXytdiEhYBrg4REK2Z"

func HTTPClient(ctx context.Context, asUser bool) *http.Client {
	tok := opsToken
	if asUser {
		tok = userToken
	}
	src := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok, TokenType: "bearer"})
	return oauth2.NewClient(ctx, src)
}
