use std::env;

use lettre::transport::smtp::authentication::Credentials;
use lettre::SmtpTransport;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool};

pub async fn connect_once() -> sqlx::Result<PgConnection> {
    PgConnection::connect("postgres://app:rust-pg-example@db.internal.example.com/app").await // ward-expect: credentials
}

pub async fn pool() -> sqlx::Result<PgPool> {
    PgPoolOptions::new()
        .max_connections(5)
        .connect("postgres://postgres:pool-example-pw@localhost:5432/app") // ward-expect: credentials
        .await
}

pub async fn pool_with_options() -> sqlx::Result<PgPool> {
    let opts = PgConnectOptions::new()
        .host("db.internal.example.com")
        .username("app")
        .password("options-example-pw"); // ward-expect: credentials
    PgPoolOptions::new().connect_with(opts).await
}

pub fn mailer() -> SmtpTransport {
    let creds = Credentials::new("noreply@example.com".to_owned(), "lettre-example-pw".to_owned()); // ward-expect: credentials
    SmtpTransport::relay("smtp.example.com").unwrap().credentials(creds).build()
}

pub fn cache() -> redis::RedisResult<redis::Client> {
    redis::Client::open("redis://:rust-redis-example@cache.internal.example.com:6379/") // ward-expect: credentials
}

// ward-good: credentials
pub async fn pool_env() -> sqlx::Result<PgPool> {
    let url = env::var("DATABASE_URL").expect("DATABASE_URL must be set");
    PgPoolOptions::new().max_connections(5).connect(&url).await
}

// ward-good: credentials
pub async fn pool_with_options_env() -> sqlx::Result<PgPool> {
    let opts = PgConnectOptions::new()
        .host("db.internal.example.com")
        .username("app")
        .password(&env::var("PGPASSWORD").unwrap_or_default());
    PgPoolOptions::new().connect_with(opts).await
}

// ward-good: credentials
pub fn mailer_env() -> SmtpTransport {
    let creds = Credentials::new(env::var("SMTP_USER").unwrap(), env::var("SMTP_PASSWORD").unwrap());
    SmtpTransport::relay("smtp.example.com").unwrap().credentials(creds).build()
}
