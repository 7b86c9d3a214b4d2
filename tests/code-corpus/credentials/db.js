const mysql = require('mysql');
const { Pool, Client } = require('pg');
const mongoose = require('mongoose');
const nodemailer = require('nodemailer');
const Redis = require('ioredis');
const amqp = require('amqplib');

const connection = mysql.createConnection({
  host: 'localhost',
  user: 'root',
  password: 'hunter2-example', // ward-expect: credentials
  database: 'shop',
});

const pool = new Pool({
  host: 'db.internal.example.com',
  user: 'app',
  password: 'pg-app-secret-example', // ward-expect: credentials
  database: 'app',
  max: 10,
});

async function connectMongo() {
  await mongoose.connect('mongodb+srv://admin:Mongo-Pass-example@cluster0.example.mongodb.net/app?retryWrites=true'); // ward-expect: credentials
}

const transporter = nodemailer.createTransport({
  host: 'smtp.example.com',
  port: 587,
  auth: {
    user: 'noreply@example.com',
    pass: 'smtp-pass-example', // ward-expect: credentials
  },
});

const redis = new Redis({ host: 'cache.internal.example.com', port: 6379, password: 'redis-example-pw' }); // ward-expect: credentials

async function queue() {
  return amqp.connect('amqp://guest:rabbit-example-pw@mq.internal.example.com:5672'); // ward-expect: credentials
}

const reportingClient = new Client('postgres://report:report-example-pw@db.example.com:5432/reports'); // ward-expect: credentials

// ward-good: credentials
const connectionEnv = mysql.createConnection({
  host: process.env.DB_HOST,
  user: process.env.DB_USER,
  password: process.env.DB_PASS,
  database: 'shop',
});

// ward-good: credentials
const poolEnv = new Pool({ connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: true } });

// ward-good: credentials
async function connectMongoEnv() {
  await mongoose.connect(process.env.MONGO_URI);
}

// ward-good: credentials
const transporterEnv = nodemailer.createTransport({
  host: process.env.SMTP_HOST,
  port: 587,
  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },
});

// ward-good: credentials
function makePool({ host, user, password }) {
  return new Pool({ host, user, password, database: 'app' });
}

// ward-good: credentials
const redisEnv = new Redis(process.env.REDIS_URL);

module.exports = {
  connection, pool, connectMongo, transporter, redis, queue, reportingClient,
  connectionEnv, poolEnv, connectMongoEnv, transporterEnv, makePool, redisEnv,
};
