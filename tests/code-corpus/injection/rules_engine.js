const vm = require('vm');
const express = require('express');
const _ = require('lodash');

const app = express();
app.use(express.json());

app.post('/rules/evaluate', (req, res) => {
  const { expression, context } = req.body;
  const result = eval(expression); // ward-expect: injection
  res.json({ result, context });
});

app.post('/rules/compile', (req, res) => {
  const fn = new Function('ctx', 'return ' + req.body.rule); // ward-expect: injection
  res.json({ result: fn(req.body.context) });
});

app.post('/rules/sandbox', (req, res) => {
  const out = vm.runInNewContext(req.body.code, { data: req.body.data }); // ward-expect: injection
  res.json({ out });
});

app.get('/jobs/schedule', (req, res) => {
  setTimeout('runJob("' + req.query.job + '")', 1000); // ward-expect: injection
  res.status(202).end();
});

app.post('/template', (req, res) => {
  const compiled = _.template(req.body.template); // ward-expect: injection
  res.send(compiled({ user: req.body.user }));
});

// ward-good: injection
const OPERATORS = {
  eq: (a, b) => a === b,
  gt: (a, b) => a > b,
  lt: (a, b) => a < b,
};

// ward-good: injection
app.post('/rules/evaluate-safe', (req, res) => {
  const { op, field, value } = req.body;
  const fn = OPERATORS[op];
  if (!fn) return res.status(400).json({ error: 'unknown operator' });
  res.json({ result: fn(req.body.context[field], value) });
});

// ward-good: injection
app.post('/rules/parse', (req, res) => {
  const rule = JSON.parse(req.body.rule);
  res.json({ rule });
});

// ward-good: injection
app.get('/jobs/schedule-safe', (req, res) => {
  const job = String(req.query.job);
  setTimeout(() => runJob(job), 1000);
  res.status(202).end();
});

// ward-good: injection
function evalHelp() {
  return 'Expressions are parsed with JSON.parse, eval() is not used.';
}

function runJob(name) {
  console.log(`running ${name}`);
}

module.exports = { app, evalHelp };
