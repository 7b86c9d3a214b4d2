use std::process::Command;

use axum::extract::Query;
use serde::Deserialize;
use sqlx::{PgPool, Row};

#[derive(Deserialize)]
pub struct Params {
    pub host: String,
    pub name: String,
}

pub async fn ping(Query(p): Query<Params>) -> String {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("ping -c 1 {}", p.host)) // ward-expect: injection
        .output()
        .expect("spawn");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub async fn user_email(pool: &PgPool, name: &str) -> sqlx::Result<String> {
    let row = sqlx::query(&format!("SELECT email FROM users WHERE name = '{}'", name)) // ward-expect: injection
        .fetch_one(pool)
        .await?;
    row.try_get("email")
}

pub async fn purge(pool: &PgPool, table: &str) -> sqlx::Result<u64> {
    let sql = "DELETE FROM ".to_owned() + table + " WHERE expired";
    Ok(sqlx::query(&sql).execute(pool).await?.rows_affected()) // ward-expect: injection
}

// ward-good: injection
pub async fn ping_safe(Query(p): Query<Params>) -> String {
    let out = Command::new("ping").args(["-c", "1", "--", &p.host]).output().expect("spawn");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// ward-good: injection
pub async fn user_email_safe(pool: &PgPool, name: &str) -> sqlx::Result<String> {
    let row = sqlx::query("SELECT email FROM users WHERE name = $1").bind(name).fetch_one(pool).await?;
    row.try_get("email")
}

// ward-good: injection
pub async fn user_email_macro(pool: &PgPool, name: &str) -> sqlx::Result<Option<String>> {
    let rec = sqlx::query!("SELECT email FROM users WHERE name = $1", name).fetch_one(pool).await?;
    Ok(rec.email)
}

// ward-good: injection
pub fn describe(p: &Params) -> String {
    format!("would run ping -c 1 {} for {}", p.host, p.name)
}
