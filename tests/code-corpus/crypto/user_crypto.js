const crypto = require('crypto');
const bcrypt = require('bcrypt');
const fs = require('fs');
const { promisify } = require('util');

const scrypt = promisify(crypto.scrypt);
const ENC_KEY = Buffer.from(process.env.ENC_KEY_HEX, 'hex');

function hashPassword(password) {
  return crypto.createHash('md5').update(password).digest('hex'); // ward-expect: crypto
}

function hashPasswordSha1(password, salt) {
  return crypto
    .createHash('sha1') // ward-expect: crypto
    .update(salt + password)
    .digest('hex');
}

function createResetToken() {
  return Math.random().toString(36).substring(2) + Math.random().toString(36).substring(2); // ward-expect: crypto
}

function createInviteCode() {
  let code = '';
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  for (let i = 0; i < 8; i++) {
    code += chars.charAt(Math.floor(Math.random() * chars.length)); // ward-expect: crypto
  }
  return code;
}

function encryptLegacy(text) {
  const cipher = crypto.createCipheriv('aes-256-ecb', ENC_KEY, null); // ward-expect: crypto
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function encryptDeprecated(text, password) {
  const cipher = crypto.createCipher('aes-256-cbc', password); // ward-expect: crypto
  return cipher.update(text, 'utf8', 'base64') + cipher.final('base64');
}

function encryptZeroIv(text) {
  const iv = Buffer.alloc(16, 0); // ward-expect: crypto
  const cipher = crypto.createCipheriv('aes-256-cbc', ENC_KEY, iv);
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function encryptFixedIv(text) {
  const cipher = crypto.createCipheriv('aes-128-cbc', ENC_KEY.subarray(0, 16), 'a1b2c3d4e5f6g7h8'); // ward-expect: crypto
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function encrypt3des(text, key24) {
  const cipher = crypto.createCipheriv('des-ede3-cbc', key24, crypto.randomBytes(8)); // ward-expect: crypto
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

function makeKeys() {
  return crypto.generateKeyPairSync('rsa', {
    modulusLength: 1024, // ward-expect: crypto
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

// ward-good: crypto
async function hashPasswordBcrypt(password) {
  return bcrypt.hash(password, 12);
}

// ward-good: crypto
async function hashPasswordScrypt(password) {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, 64);
  return `${salt.toString('hex')}:${key.toString('hex')}`;
}

// ward-good: crypto
function createResetTokenSecure() {
  return crypto.randomBytes(32).toString('hex');
}

// ward-good: crypto
function createInviteCodeSecure() {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 8 }, () => chars[crypto.randomInt(chars.length)]).join('');
}

// ward-good: crypto
function encrypt(text) {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', ENC_KEY, iv);
  const enc = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), enc]).toString('base64');
}

// ward-good: crypto
function fileEtag(path) {
  return crypto.createHash('md5').update(fs.readFileSync(path)).digest('hex');
}

// ward-good: crypto
function makeKeysStrong() {
  return crypto.generateKeyPairSync('rsa', { modulusLength: 4096 });
}

// ward-good: crypto
function retryDelay(attempt) {
  return Math.min(30000, 2 ** attempt * 100) + Math.floor(Math.random() * 100);
}

// ward-good: crypto
function signWebhook(body) {
  return crypto.createHmac('sha256', process.env.WEBHOOK_SECRET).update(body).digest('hex');
}

module.exports = {
  hashPassword, hashPasswordSha1, createResetToken, createInviteCode, encryptLegacy, encryptDeprecated,
  encryptZeroIv, encryptFixedIv, encrypt3des, makeKeys, hashPasswordBcrypt, hashPasswordScrypt,
  createResetTokenSecure, createInviteCodeSecure, encrypt, fileEtag, makeKeysStrong, retryDelay, signWebhook,
};
