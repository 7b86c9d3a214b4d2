package auth

import (
	"context"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var jwtKey = []byte("my_secret_key") // ward-expect: jwt

type Claims struct {
	Username string `json:"username"`
	jwt.RegisteredClaims
}

type ctxKey struct{}

func bearer(r *http.Request) string {
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
}

func Issue(username string) (string, error) {
	claims := &Claims{
		Username: username,
		RegisteredClaims: jwt.RegisteredClaims{
			ExpiresAt: jwt.NewNumericDate(time.Now().Add(24 * time.Hour)),
		},
	}
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	return token.SignedString(jwtKey)
}

// UserFromToken reads the username; the edge proxy verifies tokens (it does not).
func UserFromToken(r *http.Request) (string, error) {
	claims := &Claims{}
	_, _, err := jwt.NewParser().ParseUnverified(bearer(r), claims) // ward-expect: jwt
	if err != nil {
		return "", err
	}
	return claims.Username, nil
}

func Middleware(pub *rsa.PublicKey, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, err := jwt.Parse(bearer(r), func(token *jwt.Token) (interface{}, error) { // ward-expect: jwt
			return pub, nil
		})
		if err != nil || !token.Valid {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, token.Claims)))
	})
}

func LegacyParse(tokenString string) (*Claims, error) {
	claims := &Claims{}
	p := new(jwt.Parser)
	if _, _, err := p.ParseUnverified(tokenString, claims); err != nil { // ward-expect: jwt
		return nil, err
	}
	return claims, nil
}

func IssueAdmin() (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "admin", "adm": true})
	return t.SignedString([]byte("s3cr3t-admin-signing-key")) // ward-expect: jwt
}

// ward-good: jwt
func VerifyRSA(pub *rsa.PublicKey, tokenString string) (*Claims, error) {
	claims := &Claims{}
	token, err := jwt.ParseWithClaims(tokenString, claims, func(token *jwt.Token) (interface{}, error) {
		if _, ok := token.Method.(*jwt.SigningMethodRSA); !ok {
			return nil, fmt.Errorf("unexpected signing method: %v", token.Header["alg"])
		}
		return pub, nil
	})
	if err != nil || !token.Valid {
		return nil, errors.New("invalid token")
	}
	return claims, nil
}

// ward-good: jwt
func VerifyHMAC(tokenString string) (*Claims, error) {
	secret := []byte(os.Getenv("JWT_SECRET"))
	claims := &Claims{}
	_, err := jwt.ParseWithClaims(tokenString, claims, func(t *jwt.Token) (any, error) {
		return secret, nil
	}, jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithExpirationRequired())
	return claims, err
}

// ward-good: jwt
func KeyID(tokenString string) string {
	// Header only, used to pick the verification key; ParseUnverified is not used for authz.
	parts := strings.Split(tokenString, ".")
	if len(parts) != 3 {
		return ""
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return ""
	}
	var h struct {
		Kid string `json:"kid"`
	}
	if json.Unmarshal(raw, &h) != nil {
		return ""
	}
	return h.Kid
}

// ward-good: jwt
func IssueFromEnv(username string) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, &Claims{Username: username})
	return t.SignedString([]byte(os.Getenv("JWT_SECRET")))
}
