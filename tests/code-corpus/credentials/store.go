package store

import (
	"database/sql"
	"fmt"
	"net/smtp"
	"os"

	"github.com/go-sql-driver/mysql"
	_ "github.com/lib/pq"
	"github.com/redis/go-redis/v9"
	"golang.org/x/crypto/ssh"
)

// knownHostKey is loaded from the pinned known_hosts entry at startup.
var knownHostKey ssh.PublicKey

func OpenPostgres() (*sql.DB, error) {
	return sql.Open("postgres", "host=db.internal.example.com user=app password=pg-secret-example dbname=app sslmode=require") // ward-expect: credentials
}

func OpenMySQL() (*sql.DB, error) {
	return sql.Open("mysql", "root:mysql-root-example@tcp(10.0.0.5:3306)/shop?parseTime=true") // ward-expect: credentials
}

func Cache() *redis.Client {
	return redis.NewClient(&redis.Options{
		Addr:     "cache.internal.example.com:6379",
		Password: "redis-go-example", // ward-expect: credentials
		DB:       0,
	})
}

func MailAuth() smtp.Auth {
	return smtp.PlainAuth("", "alerts@example.com", "smtp-go-example", "smtp.example.com") // ward-expect: credentials
}

func SSHConfig() *ssh.ClientConfig {
	return &ssh.ClientConfig{
		User:            "deploy",
		Auth:            []ssh.AuthMethod{ssh.Password("ssh-deploy-example")}, // ward-expect: credentials
		HostKeyCallback: ssh.FixedHostKey(knownHostKey),
	}
}

func MySQLConfig() *mysql.Config {
	cfg := mysql.NewConfig()
	cfg.User = "shop"
	cfg.Passwd = "shop-mysql-example" // ward-expect: credentials
	cfg.Net = "tcp"
	cfg.Addr = "mysql.internal.example.com:3306"
	return cfg
}

// ward-good: credentials
func OpenPostgresEnv() (*sql.DB, error) {
	dsn := fmt.Sprintf("host=%s user=%s password=%s dbname=app sslmode=require",
		os.Getenv("PGHOST"), os.Getenv("PGUSER"), os.Getenv("PGPASSWORD"))
	return sql.Open("postgres", dsn)
}

// ward-good: credentials
func OpenFromURL() (*sql.DB, error) {
	return sql.Open("postgres", os.Getenv("DATABASE_URL"))
}

// ward-good: credentials
func CacheEnv() *redis.Client {
	return redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR"), Password: os.Getenv("REDIS_PASSWORD")})
}

// ward-good: credentials
func MailAuthEnv() smtp.Auth {
	return smtp.PlainAuth("", os.Getenv("SMTP_USER"), os.Getenv("SMTP_PASSWORD"), "smtp.example.com")
}

// ward-good: credentials
func MySQLConfigEnv(password string) *mysql.Config {
	cfg := mysql.NewConfig()
	cfg.User = "shop"
	cfg.Passwd = password
	cfg.Addr = "mysql.internal.example.com:3306"
	return cfg
}
