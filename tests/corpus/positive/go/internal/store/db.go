package store

import (
	"context"
	"database/sql"
	"time"

	_ "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

const (
	legacyDSN   = "reports:rDbwJ1u8ew2cCkCLR608n@tcp(legacy-mysql.internal:3306)/reports?parseTime=true"
	postgresURL = "postgres://ledger:lkDnKpDxFiFmzcwLyCAsN@ledger-db.internal:5432/ledger?sslmode=require"
	mongoURI    = "mongodb+srv://events-writer:n4mQEVpynsBFCcSk6TmPpLUu@events.x7qkd.mongodb.net/events?retryWrites=true&w=majority"
)

type Stores struct {
	Legacy *sql.DB
	Ledger *pgxpool.Pool
	Events *mongo.Client
}

func Open(ctx context.Context) (*Stores, error) {
	legacy, err := sql.Open("mysql", legacyDSN)
	if err != nil {
		return nil, err
	}
	legacy.SetConnMaxLifetime(3 * time.Minute)

	ledger, err := pgxpool.New(ctx, postgresURL)
	if err != nil {
		return nil, err
	}

	events, err := mongo.Connect(ctx, options.Client().ApplyURI(mongoURI))
	if err != nil {
		return nil, err
	}
	return &Stores{Legacy: legacy, Ledger: ledger, Events: events}, nil
}
