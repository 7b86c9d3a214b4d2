import axios, { AxiosInstance } from 'axios';
import { Agent as HttpsAgent } from 'node:https';
import { readFileSync } from 'node:fs';
import fetch from 'node-fetch';
import WebSocket from 'ws';
import { MongoClient } from 'mongodb';
import nodemailer from 'nodemailer';

export function createClient(baseURL: string): AxiosInstance {
  return axios.create({
    baseURL,
    timeout: 15_000,
    httpsAgent: new HttpsAgent({
      rejectUnauthorized: false, // ward-expect: tls
    }),
  });
}

export async function fetchJson<T>(url: string): Promise<T> {
  const agent = new HttpsAgent({ rejectUnauthorized: false }); // ward-expect: tls
  const res = await fetch(url, { agent });
  return (await res.json()) as T;
}

export function openFeed(url: string): WebSocket {
  return new WebSocket(url, { rejectUnauthorized: false }); // ward-expect: tls
}

export function mongo(uri: string): MongoClient {
  return new MongoClient(uri, { tls: true, tlsAllowInvalidCertificates: true }); // ward-expect: tls
}

export function mailer() {
  return nodemailer.createTransport({
    host: 'smtp.example.com',
    port: 587,
    auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },
    tls: { rejectUnauthorized: false }, // ward-expect: tls
  });
}

// ward-good: tls
export function createVerifiedClient(baseURL: string): AxiosInstance {
  const ca = readFileSync(process.env.INTERNAL_CA_PATH ?? '/etc/ssl/internal-ca.pem');
  return axios.create({ baseURL, httpsAgent: new HttpsAgent({ ca, rejectUnauthorized: true }) });
}

// ward-good: tls
export function mongoVerified(uri: string): MongoClient {
  return new MongoClient(uri, { tls: true, tlsCAFile: '/etc/ssl/mongo-ca.pem' });
}

// ward-good: tls
export function mailerVerified() {
  return nodemailer.createTransport({
    host: 'smtp.example.com',
    port: 465,
    secure: true,
    auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },
    tls: { minVersion: 'TLSv1.2' },
  });
}

// ward-good: tls
export const docs = `
  Troubleshooting: if you see UNABLE_TO_VERIFY_LEAF_SIGNATURE, add the CA with NODE_EXTRA_CA_CERTS.
  Do not set rejectUnauthorized: false.
`;
