use aes::Aes128;
use aes_gcm::aead::{Aead, KeyInit, OsRng as AeadOsRng};
use aes_gcm::{AeadCore, Aes256Gcm};
use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
use argon2::Argon2;
use block_modes::block_padding::Pkcs7;
use block_modes::{BlockMode, Ecb};
use md5::{Digest as _, Md5};
use openssl::rsa::Rsa;
use rand::rngs::SmallRng;
use rand::seq::SliceRandom;
use rand::{Rng, RngCore, SeedableRng};
use sha1::Sha1;
use std::time::{SystemTime, UNIX_EPOCH};

type Aes128Ecb = Ecb<Aes128, Pkcs7>; // ward-expect: crypto

pub fn password_digest(password: &str) -> String {
    format!("{:x}", md5::compute(password.as_bytes())) // ward-expect: crypto
}

pub fn password_digest_sha1(password: &str, salt: &str) -> Vec<u8> {
    let mut hasher = Sha1::new(); // ward-expect: crypto
    hasher.update(salt.as_bytes());
    hasher.update(password.as_bytes());
    hasher.finalize().to_vec()
}

pub fn session_token() -> String {
    let seed = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64;
    let mut rng = SmallRng::seed_from_u64(seed); // ward-expect: crypto
    (0..32).map(|_| format!("{:x}", rng.gen::<u8>() & 0xf)).collect()
}

pub fn encrypt_ecb(key: &[u8], data: &[u8]) -> Vec<u8> {
    Aes128Ecb::new_from_slices(key, &[]).unwrap().encrypt_vec(data)
}

pub fn weak_rsa() -> Rsa<openssl::pkey::Private> {
    Rsa::generate(1024).expect("rsa") // ward-expect: crypto
}

// ward-good: crypto
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).unwrap().to_string()
}

// ward-good: crypto
pub fn session_token_secure() -> String {
    let mut buf = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

// ward-good: crypto
pub fn encrypt(key: &[u8; 32], data: &[u8]) -> Vec<u8> {
    let cipher = Aes256Gcm::new(key.into());
    let nonce = Aes256Gcm::generate_nonce(&mut AeadOsRng);
    let mut out = nonce.to_vec();
    out.extend(cipher.encrypt(&nonce, data).expect("encrypt"));
    out
}

// ward-good: crypto
pub fn strong_rsa() -> Rsa<openssl::pkey::Private> {
    Rsa::generate(3072).expect("rsa")
}

// ward-good: crypto
pub fn dedup_key(blob: &[u8]) -> String {
    // content-addressed cache, collisions only cost a cache miss
    let mut h = Md5::new();
    h.update(blob);
    format!("{:x}", h.finalize())
}

// ward-good: crypto
pub fn shuffle_deck(deck: &mut Vec<u8>) {
    deck.shuffle(&mut rand::thread_rng());
}
