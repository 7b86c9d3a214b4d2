const express = require('express');
const cors = require('cors');
const path = require('path');
const fs = require('fs');
const session = require('express-session');

const app = express();
const UPLOADS = path.join(__dirname, 'uploads');

app.use(cors({ origin: '*', credentials: true })); // ward-expect: config

const apiCors = cors({
  origin: true,
  credentials: true, // ward-expect: config
});
app.use('/api', apiCors);

app.use('/legacy', (req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin || '*');
  res.setHeader('Access-Control-Allow-Credentials', 'true'); // ward-expect: config
  next();
});

app.use(
  '/widgets',
  cors({
    origin: (origin, callback) => callback(null, true),
    credentials: true, // ward-expect: config
  }),
);

app.get('/download', (req, res) => {
  res.sendFile(path.join(__dirname, req.query.file)); // ward-expect: config
});

app.get('/avatar/:name', (req, res) => {
  fs.createReadStream(path.join(UPLOADS, 'avatars', req.params.name)).pipe(res); // ward-expect: config
});

app.get('/logs', (req, res) => {
  res.send(fs.readFileSync('/var/log/app/' + req.query.name, 'utf8')); // ward-expect: config
});

function prepareCacheDir(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o777); // ward-expect: config
}

function isNumeric(input) {
  return /[0-9]+/.test(input); // ward-expect: config
}

app.post('/quantity', express.json(), (req, res) => {
  if (!/\d+/.test(req.body.qty)) return res.status(400).end(); // ward-expect: config
  res.json({ ok: true });
});

// ward-good: config
const allowed = ['https://app.example.com', 'https://admin.example.com'];
app.use('/v2', cors({ origin: allowed, credentials: true }));

// ward-good: config
app.use('/public', cors());

// ward-good: config
app.use('/feeds', cors({ origin: '*', methods: ['GET'] }));

// ward-good: config
app.use('/partner', cors({
  origin(origin, cb) {
    cb(null, allowed.includes(origin));
  },
  credentials: true,
}));

// ward-good: config
app.get('/download-safe', (req, res) => {
  res.sendFile(path.basename(String(req.query.file)), { root: UPLOADS, dotfiles: 'deny' });
});

// ward-good: config
app.get('/avatar-safe/:name', (req, res) => {
  const full = path.resolve(UPLOADS, 'avatars', req.params.name);
  if (!full.startsWith(path.join(UPLOADS, 'avatars') + path.sep)) return res.status(400).end();
  fs.createReadStream(full).pipe(res);
});

// ward-good: config
function prepareCacheDirSafe(dir) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o750 });
  fs.chmodSync(path.join(dir, 'index.json'), 0o640);
}

// ward-good: config
function isNumericStrict(input) {
  return /^[0-9]+$/.test(input);
}

// ward-good: config
function containsDigit(s) {
  // used to enforce a password-complexity rule, the unanchored search is the point
  return /\d/.test(s);
}

// ward-good: config
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: true, httpOnly: true, sameSite: 'lax' } }));

app.listen(process.env.PORT || 3000);

module.exports = { app, isNumeric, isNumericStrict, containsDigit, prepareCacheDir, prepareCacheDirSafe };
