package crypto

import (
	"bytes"
	"encoding/hex"
	"testing"
)

// Test vectors from RFC 8439, section 2.8.2 (ChaCha20-Poly1305 AEAD).
var rfc8439 = struct {
	key, nonce, aad, tag string
}{
	key:   "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
	nonce: "070000004041424344454647",
	aad:   "50515253c0c1c2c3c4c5c6c7",
	tag:   "1ae10b594f09e26a7e902ecbd0600691",
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSealOpenRoundTrip(t *testing.T) {
	key := mustHex(t, rfc8439.key)
	nonce := mustHex(t, rfc8439.nonce)
	msg := []byte("Ladies and Gentlemen of the class of '99")
	ct, err := Seal(key, nonce, msg, mustHex(t, rfc8439.aad))
	if err != nil {
		t.Fatal(err)
	}
	pt, err := Open(key, nonce, ct, mustHex(t, rfc8439.aad))
	if err != nil || !bytes.Equal(pt, msg) {
		t.Fatalf("round trip failed: %v", err)
	}
}
