import { createHash, randomBytes, randomUUID, webcrypto } from 'node:crypto';
import argon2 from 'argon2';
import { nanoid } from 'nanoid';
import CryptoJS from 'crypto-js';

export function newSessionId(): string {
  return Date.now().toString(36) + Math.random().toString(36).slice(2); // ward-expect: crypto
}

export function newCsrfToken(): string {
  const bytes = new Uint8Array(24);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256); // ward-expect: crypto
  return Buffer.from(bytes).toString('base64url');
}

export const storePassword = (pw: string): string => CryptoJS.MD5(pw).toString(); // ward-expect: crypto

export function legacyEncrypt(data: string, key: string): string {
  return CryptoJS.DES.encrypt(data, key).toString(); // ward-expect: crypto
}

export function ecbEncrypt(data: string, key: string): string {
  return CryptoJS.AES.encrypt(data, CryptoJS.enc.Utf8.parse(key), {
    mode: CryptoJS.mode.ECB, // ward-expect: crypto
    padding: CryptoJS.pad.Pkcs7,
  }).toString();
}

export function rc4(data: string, key: string): string {
  return CryptoJS.RC4.encrypt(data, key).toString(); // ward-expect: crypto
}

// ward-good: crypto
export function newSessionIdSecure(): string {
  return randomBytes(32).toString('base64url');
}

// ward-good: crypto
export function newCsrfTokenWeb(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(24));
  return Buffer.from(bytes).toString('base64url');
}

// ward-good: crypto
export async function storePasswordArgon(pw: string): Promise<string> {
  return argon2.hash(pw, { type: argon2.argon2id });
}

// ward-good: crypto
export const shortLinkId = (): string => nanoid(12);

// ward-good: crypto
export const correlationId = (): string => randomUUID();

// ward-good: crypto
export function contentHash(buf: Buffer): string {
  // cache-busting file name for static assets
  return createHash('md5').update(buf).digest('hex').slice(0, 8);
}

// ward-good: crypto
export function randomColor(): string {
  return `hsl(${Math.floor(Math.random() * 360)}, 70%, 50%)`;
}
