package security

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/md5"
	crand "crypto/rand"
	"crypto/rc4"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand"
	"os"
	"time"

	"golang.org/x/crypto/bcrypt"
)

const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func HashPassword(pw string) string {
	sum := md5.Sum([]byte(pw)) // ward-expect: crypto
	return hex.EncodeToString(sum[:])
}

func HashPasswordSHA1(pw, salt string) string {
	h := sha1.New() // ward-expect: crypto
	h.Write([]byte(salt + pw))
	return hex.EncodeToString(h.Sum(nil))
}

func NewSessionKey() string {
	b := make([]byte, 32)
	for i := range b {
		b[i] = letters[rand.Intn(len(letters))] // ward-expect: crypto
	}
	return string(b)
}

func NewAPIToken() string {
	r := rand.New(rand.NewSource(time.Now().UnixNano())) // ward-expect: crypto
	return fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64())
}

func GenerateRSA() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(crand.Reader, 1024) // ward-expect: crypto
}

func EncryptDES(key, plaintext []byte) ([]byte, error) {
	block, err := des.NewCipher(key) // ward-expect: crypto
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(plaintext))
	block.Encrypt(out, plaintext)
	return out, nil
}

func Encrypt3DES(key, iv, plaintext []byte) ([]byte, error) {
	block, err := des.NewTripleDESCipher(key) // ward-expect: crypto
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(plaintext))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, plaintext)
	return out, nil
}

func ObfuscateRC4(key, data []byte) []byte {
	c, _ := rc4.NewCipher(key) // ward-expect: crypto
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out
}

func EncryptCBCStaticIV(key, padded []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	iv := []byte("0000000000000000") // ward-expect: crypto
	out := make([]byte, len(padded))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, padded)
	return out, nil
}

// ward-good: crypto
func HashPasswordBcrypt(pw string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	return string(h), err
}

// ward-good: crypto
func NewSessionKeySecure() (string, error) {
	b := make([]byte, 32)
	if _, err := crand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// ward-good: crypto
func GenerateRSA4096() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(crand.Reader, 4096)
}

// ward-good: crypto
func GenerateECDSA() (*ecdsa.PrivateKey, error) {
	return ecdsa.GenerateKey(elliptic.P256(), crand.Reader)
}

// ward-good: crypto
func Seal(key, plaintext []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := io.ReadFull(crand.Reader, nonce); err != nil {
		return nil, err
	}
	return gcm.Seal(nonce, nonce, plaintext, nil), nil
}

// ward-good: crypto
func FileChecksum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ward-good: crypto
func ETag(body []byte) string {
	return fmt.Sprintf(`W/"%x"`, md5.Sum(body))
}

// ward-good: crypto
func Jitter(base time.Duration) time.Duration {
	return base + time.Duration(rand.Int63n(int64(base/2)))
}

// ward-good: crypto
func ShuffleServers(servers []string) {
	rand.Shuffle(len(servers), func(i, j int) { servers[i], servers[j] = servers[j], servers[i] })
}
