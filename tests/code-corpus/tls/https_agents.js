const https = require('https');
const tls = require('tls');
const fs = require('fs');
const axios = require('axios');
const { request: undiciRequest, Agent } = require('undici');

const INTERNAL_API = process.env.INTERNAL_API || 'https://billing.internal.example.com';

// self-signed cert in staging, just make it work
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // ward-expect: tls

const insecureAgent = new https.Agent({ rejectUnauthorized: false }); // ward-expect: tls

async function getInvoices(customerId) {
  const { data } = await axios.get(`${INTERNAL_API}/customers/${customerId}/invoices`, {
    httpsAgent: insecureAgent,
    timeout: 10000,
  });
  return data;
}

function rawRequest(path) {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: 'billing.internal.example.com',
        path,
        method: 'GET',
        rejectUnauthorized: false, // ward-expect: tls
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(JSON.parse(body)));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function connectLogShipper(host, port) {
  return tls.connect(port, host, { rejectUnauthorized: false, servername: host }); // ward-expect: tls
}

const dispatcher = new Agent({
  connect: {
    rejectUnauthorized: false, // ward-expect: tls
  },
});

async function undiciGet(url) {
  const { body } = await undiciRequest(url, { dispatcher });
  return body.json();
}

// ward-good: tls
const internalCa = fs.readFileSync('/etc/ssl/internal-ca.pem');
const verifiedAgent = new https.Agent({ ca: internalCa, rejectUnauthorized: true, keepAlive: true });

// ward-good: tls
async function getInvoicesVerified(customerId) {
  const { data } = await axios.get(`${INTERNAL_API}/customers/${customerId}/invoices`, { httpsAgent: verifiedAgent });
  return data;
}

// ward-good: tls
function connectLogShipperVerified(host, port) {
  return tls.connect(port, host, { ca: internalCa, servername: host });
}

// ward-good: tls
function checkEnv() {
  if (process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
    console.error('Refusing to start: NODE_TLS_REJECT_UNAUTHORIZED=0 disables certificate checks');
    process.exit(1);
  }
}

// ward-good: tls
// const agent = new https.Agent({ rejectUnauthorized: false });

// ward-good: tls
function mtlsServerOptions() {
  // server side: request a client cert but let the route decide what to do without one
  return {
    key: fs.readFileSync('/etc/app/server.key'),
    cert: fs.readFileSync('/etc/app/server.crt'),
    ca: internalCa,
    requestCert: true,
    rejectUnauthorized: true,
  };
}

module.exports = { getInvoices, rawRequest, connectLogShipper, undiciGet, getInvoicesVerified, connectLogShipperVerified, checkEnv, mtlsServerOptions };
