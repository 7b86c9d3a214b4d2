use std::env;

use axum::{extract::FromRequestParts, http::request::Parts, http::StatusCode};
use chrono::{Duration, Utc};
use jsonwebtoken::{decode, decode_header, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub exp: usize,
}

pub fn issue_dev(sub: &str) -> jsonwebtoken::errors::Result<String> {
    let claims = Claims { sub: sub.to_owned(), exp: (Utc::now() + Duration::hours(1)).timestamp() as usize };
    encode(&Header::default(), &claims, &EncodingKey::from_secret("secret".as_ref())) // ward-expect: jwt
}

pub fn claims_without_signature(token: &str) -> jsonwebtoken::errors::Result<Claims> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.insecure_disable_signature_validation(); // ward-expect: jwt
    let data = decode::<Claims>(token, &DecodingKey::from_secret(&[]), &validation)?;
    Ok(data.claims)
}

pub fn claims_mixed_algs(token: &str, rsa_pem: &[u8]) -> jsonwebtoken::errors::Result<Claims> {
    let mut validation = Validation::default();
    validation.algorithms = vec![Algorithm::RS256, Algorithm::HS256]; // ward-expect: jwt
    let key = DecodingKey::from_rsa_pem(rsa_pem)?;
    Ok(decode::<Claims>(token, &key, &validation)?.claims)
}

pub fn claims_ignore_expiry(token: &str) -> jsonwebtoken::errors::Result<Claims> {
    let secret = env::var("JWT_SECRET").expect("JWT_SECRET");
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false; // ward-expect: jwt
    Ok(decode::<Claims>(token, &DecodingKey::from_secret(secret.as_bytes()), &validation)?.claims)
}

// ward-good: jwt
pub fn issue(sub: &str) -> jsonwebtoken::errors::Result<String> {
    let secret = env::var("JWT_SECRET").expect("JWT_SECRET must be set");
    let claims = Claims { sub: sub.to_owned(), exp: (Utc::now() + Duration::minutes(15)).timestamp() as usize };
    encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(secret.as_bytes()))
}

// ward-good: jwt
pub fn verify_rs256(token: &str, rsa_pem: &[u8]) -> jsonwebtoken::errors::Result<Claims> {
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&["api"]);
    validation.set_issuer(&["https://auth.example.com/"]);
    let key = DecodingKey::from_rsa_pem(rsa_pem)?;
    Ok(decode::<Claims>(token, &key, &validation)?.claims)
}

// ward-good: jwt
pub fn kid(token: &str) -> Option<String> {
    decode_header(token).ok().and_then(|h| h.kid)
}

pub struct AuthUser(pub Claims);

#[axum::async_trait]
impl<S: Send + Sync> FromRequestParts<S> for AuthUser {
    type Rejection = StatusCode;

    // ward-good: jwt
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get("authorization").and_then(|v| v.to_str().ok()).ok_or(StatusCode::UNAUTHORIZED)?;
        let token = header.strip_prefix("Bearer ").ok_or(StatusCode::UNAUTHORIZED)?;
        let secret = env::var("JWT_SECRET").map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
        let data = decode::<Claims>(token, &DecodingKey::from_secret(secret.as_bytes()), &Validation::new(Algorithm::HS256))
            .map_err(|_| StatusCode::UNAUTHORIZED)?;
        Ok(AuthUser(data.claims))
    }
}
