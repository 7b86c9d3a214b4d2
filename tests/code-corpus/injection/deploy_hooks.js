const { exec, execSync, execFile, spawn, spawnSync } = require('child_process');
const cp = require('child_process');
const util = require('util');
const express = require('express');

const execFileP = util.promisify(execFile);
const app = express();
app.use(express.json());

app.post('/deploy', (req, res) => {
  const { branch } = req.body;
  exec(`git fetch origin && git checkout ${branch} && npm run build`, (err, stdout) => { // ward-expect: injection
    if (err) return res.status(500).send(err.message);
    res.send(stdout);
  });
});

app.get('/ping', (req, res) => {
  const out = execSync('ping -c 1 ' + req.query.host).toString(); // ward-expect: injection
  res.type('text').send(out);
});

app.get('/logs', (req, res) => {
  const lines = req.query.lines || 100;
  cp.exec('tail -n ' + lines + ' /var/log/app/' + req.query.file, (e, out) => res.send(out)); // ward-expect: injection
});

app.post('/convert', (req, res) => {
  const child = spawn(`convert ${req.body.input} ${req.body.output}`, { shell: true }); // ward-expect: injection
  child.on('close', (code) => res.json({ code }));
});

app.post('/archive', (req, res) => {
  const r = spawnSync('sh', ['-c', `tar czf /tmp/${req.body.name}.tgz /srv/data`]); // ward-expect: injection
  res.json({ status: r.status });
});

// ward-good: injection
app.post('/deploy-safe', async (req, res) => {
  const { branch } = req.body;
  if (!/^[\w.\/-]+$/.test(branch)) return res.status(400).end();
  const { stdout } = await execFileP('git', ['checkout', '--', branch]);
  res.send(stdout);
});

// ward-good: injection
app.get('/ping-safe', (req, res) => {
  execFile('ping', ['-c', '1', String(req.query.host)], (err, stdout) => {
    if (err) return res.status(400).end();
    res.type('text').send(stdout);
  });
});

// ward-good: injection
app.post('/convert-safe', (req, res) => {
  const child = spawn('convert', [req.body.input, req.body.output]);
  child.on('close', (code) => res.json({ code }));
});

// ward-good: injection
function gitVersion() {
  return execSync('git rev-parse --short HEAD').toString().trim();
}

// ward-good: injection
function describe(branch) {
  console.log(`would run: git checkout ${branch}`);
}

module.exports = app;
