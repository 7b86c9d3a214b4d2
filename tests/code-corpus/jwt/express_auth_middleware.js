'use strict';

const fs = require('fs');
const path = require('path');
const jwt = require('jsonwebtoken');
const jwksClient = require('jwks-rsa');
const express = require('express');

const router = express.Router();
const PUBLIC_KEY = fs.readFileSync(path.join(__dirname, '..', 'keys', 'jwt.pub'));
const PRIVATE_KEY = fs.readFileSync(path.join(__dirname, '..', 'keys', 'jwt.key'));
const JWT_SECRET = process.env.JWT_SECRET || 'changeme'; // ward-expect: jwt

const client = jwksClient({ jwksUri: 'https://auth.example.com/.well-known/jwks.json' });

function authenticate(req, res, next) {
  const header = req.headers.authorization || '';
  const token = header.replace(/^Bearer /, '');
  const payload = jwt.decode(token); // ward-expect: jwt
  if (!payload) return res.status(401).json({ error: 'invalid token' });
  req.user = { id: payload.sub, role: payload.role };
  next();
}

function authenticateLegacy(req, res, next) {
  try {
    req.user = jwt.verify(req.cookies.token, PUBLIC_KEY, {
      algorithms: ['RS256', 'HS256'], // ward-expect: jwt
    });
    next();
  } catch (err) {
    res.sendStatus(401);
  }
}

function allowExpired(req, res, next) {
  jwt.verify(req.query.token, process.env.JWT_SECRET, { algorithms: ['HS256'], ignoreExpiration: true }, (err, decoded) => { // ward-expect: jwt
    if (err) return res.sendStatus(403);
    req.user = decoded;
    next();
  });
}

router.post('/login', async (req, res) => {
  const user = await req.app.locals.users.check(req.body.email, req.body.password);
  if (!user) return res.status(401).end();
  const token = jwt.sign({ id: user.id, email: user.email }, 'mysecret', { expiresIn: '1h' }); // ward-expect: jwt
  res.json({ token });
});

router.post('/token/refresh', (req, res) => {
  const decoded = jwt.decode(req.body.refreshToken, { json: true }); // ward-expect: jwt
  const token = jwt.sign({ id: decoded.id }, PRIVATE_KEY, { algorithm: 'RS256', expiresIn: '15m' });
  res.json({ token });
});

// ward-good: jwt
function authenticateStrict(req, res, next) {
  const token = (req.headers.authorization || '').replace(/^Bearer /, '');
  jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] }, (err, decoded) => {
    if (err) {
      console.warn('jwt.verify failed, not falling back to jwt.decode()');
      return res.sendStatus(401);
    }
    req.user = decoded;
    next();
  });
}

// ward-good: jwt
function getKey(header, callback) {
  client.getSigningKey(header.kid, (err, key) => {
    if (err) return callback(err);
    callback(null, key.getPublicKey());
  });
}

// ward-good: jwt
function authenticateJwks(req, res, next) {
  const token = req.headers.authorization?.split(' ')[1];
  jwt.verify(token, getKey, { algorithms: ['RS256'], audience: 'api', issuer: 'https://auth.example.com/' }, (err, decoded) => {
    if (err) return res.sendStatus(401);
    req.user = decoded;
    next();
  });
}

// ward-good: jwt
function signAccessToken(user) {
  return jwt.sign({ sub: user.id }, PRIVATE_KEY, { algorithm: 'RS256', expiresIn: '15m', ignoreExpiration: false });
}

// ward-good: jwt
function verifyNotExpired(token) {
  return jwt.verify(token, PUBLIC_KEY, { algorithms: ['RS256'], ignoreExpiration: false });
}

// ward-good: jwt
// const payload = jwt.decode(token); // never do this, it skips the signature check

module.exports = { router, authenticate, authenticateLegacy, allowExpired, authenticateStrict, authenticateJwks, signAccessToken, verifyNotExpired };
