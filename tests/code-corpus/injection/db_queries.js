const mysql = require('mysql2');
const { Pool } = require('pg');
const { Sequelize, QueryTypes, Op } = require('sequelize');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const router = require('express').Router();

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const db = mysql.createPool({ uri: process.env.MYSQL_URL });
const sequelize = new Sequelize(process.env.DATABASE_URL);

router.get('/users/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT id, email FROM users WHERE id = ' + req.params.id); // ward-expect: injection
  res.json(rows[0]);
});

router.get('/search', (req, res) => {
  db.query(`SELECT * FROM products WHERE name LIKE '%${req.query.q}%'`, (err, results) => { // ward-expect: injection
    if (err) return res.status(500).end();
    res.json(results);
  });
});

router.get('/orders', async (req, res) => {
  const sql = `SELECT * FROM orders WHERE status = '${req.query.status}' ORDER BY ${req.query.sort}`;
  const [rows] = await db.promise().execute(sql); // ward-expect: injection
  res.json(rows);
});

router.get('/reports/:region', async (req, res) => {
  const data = await sequelize.query(`SELECT sum(total) AS total FROM sales WHERE region = '${req.params.region}'`, { // ward-expect: injection
    type: QueryTypes.SELECT,
  });
  res.json(data);
});

router.delete('/sessions/:token', async (req, res) => {
  await knex.raw(`DELETE FROM sessions WHERE token = '${req.params.token}'`); // ward-expect: injection
  res.status(204).end();
});

router.get('/invoices', async (req, res) => {
  const rows = await knex('invoices').whereRaw('customer_id = ' + req.query.customer); // ward-expect: injection
  res.json(rows);
});

// ward-good: injection
router.get('/users-safe/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT id, email FROM users WHERE id = $1', [req.params.id]);
  res.json(rows[0]);
});

// ward-good: injection
router.get('/search-safe', (req, res) => {
  db.query('SELECT * FROM products WHERE name LIKE ?', [`%${req.query.q}%`], (err, results) => {
    if (err) return res.status(500).end();
    res.json(results);
  });
});

// ward-good: injection
router.get('/reports-safe/:region', async (req, res) => {
  const data = await sequelize.query('SELECT sum(total) AS total FROM sales WHERE region = :region', {
    replacements: { region: req.params.region },
    type: QueryTypes.SELECT,
  });
  res.json(data);
});

// ward-good: injection
router.delete('/sessions-safe/:token', async (req, res) => {
  await knex.raw('DELETE FROM sessions WHERE token = ?', [req.params.token]);
  res.status(204).end();
});

// ward-good: injection
router.get('/invoices-safe', async (req, res) => {
  const rows = await knex('invoices').where({ customer_id: req.query.customer }).orderBy('created_at', 'desc');
  res.json(rows);
});

// ward-good: injection
router.get('/active', async (req, res) => {
  const { rows } = await pool.query({
    text: `SELECT id, email FROM users WHERE active = true AND created_at > $1`,
    values: [req.query.since],
  });
  res.json(rows);
});

// ward-good: injection
router.get('/by-name', async (req, res) => {
  const users = await sequelize.models.User.findAll({ where: { name: { [Op.iLike]: `%${req.query.name}%` } } });
  res.json(users);
});

module.exports = router;
