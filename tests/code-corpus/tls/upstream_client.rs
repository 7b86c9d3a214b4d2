use std::{fs, time::Duration};

use reqwest::{Certificate, Client, ClientBuilder};

pub fn insecure_client() -> reqwest::Result<Client> {
    Client::builder()
        .timeout(Duration::from_secs(10))
        .danger_accept_invalid_certs(true) // ward-expect: tls
        .build()
}

pub fn lab_client() -> reqwest::Result<Client> {
    ClientBuilder::new()
        .danger_accept_invalid_hostnames(true) // ward-expect: tls
        .build()
}

pub fn blocking_get(url: &str) -> reqwest::Result<String> {
    reqwest::blocking::Client::builder().danger_accept_invalid_certs(true).build()?.get(url).send()?.text() // ward-expect: tls
}

pub fn native_tls_connector() -> native_tls::TlsConnector {
    native_tls::TlsConnector::builder()
        .danger_accept_invalid_certs(true) // ward-expect: tls
        .build()
        .expect("tls connector")
}

// ward-good: tls
pub fn internal_ca_client() -> Result<Client, Box<dyn std::error::Error>> {
    let pem = fs::read("/etc/ssl/internal-ca.pem")?;
    let client = Client::builder()
        .add_root_certificate(Certificate::from_pem(&pem)?)
        .timeout(Duration::from_secs(10))
        .build()?;
    Ok(client)
}

// ward-good: tls
pub fn explicit_safe() -> reqwest::Result<Client> {
    Client::builder().danger_accept_invalid_certs(false).https_only(true).build()
}

