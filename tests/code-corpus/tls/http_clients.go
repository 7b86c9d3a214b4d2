package upstream

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"time"

	"github.com/go-resty/resty/v2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

// NewInsecureClient talks to the legacy appliance with a self-signed cert.
func NewInsecureClient() *http.Client {
	tr := &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, // ward-expect: tls
	}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

func patchDefaultTransport() {
	http.DefaultTransport.(*http.Transport).TLSClientConfig = &tls.Config{
		InsecureSkipVerify: true, // ward-expect: tls
	}
}

func restyClient() *resty.Client {
	return resty.New().
		SetBaseURL("https://appliance.local").
		SetTLSClientConfig(&tls.Config{InsecureSkipVerify: true}) // ward-expect: tls
}

func dialGRPC(addr string) (*grpc.ClientConn, error) {
	creds := credentials.NewTLS(&tls.Config{InsecureSkipVerify: true}) // ward-expect: tls
	return grpc.Dial(addr, grpc.WithTransportCredentials(creds))
}

func tlsConfigFromFlag(skip bool) *tls.Config {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	cfg.InsecureSkipVerify = true // ward-expect: tls
	_ = skip
	return cfg
}

// ward-good: tls
func NewClient() (*http.Client, error) {
	pem, err := os.ReadFile("/etc/ssl/internal-ca.pem")
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}, nil
}

// ward-good: tls
func explicitSecure() *tls.Config {
	return &tls.Config{
		InsecureSkipVerify: false,
		MinVersion:         tls.VersionTLS13,
	}
}

// ward-good: tls
func dialGRPCVerified(addr string) (*grpc.ClientConn, error) {
	creds, err := credentials.NewClientTLSFromFile("/etc/ssl/internal-ca.pem", "")
	if err != nil {
		return nil, err
	}
	return grpc.Dial(addr, grpc.WithTransportCredentials(creds))
}

// ward-good: tls
func pinned(serverName string) *tls.Config {
	// InsecureSkipVerify: true is deliberately NOT used; we add a pin check on top of normal verification
	return &tls.Config{
		ServerName: serverName,
		VerifyConnection: func(cs tls.ConnectionState) error {
			return nil
		},
	}
}
