import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Sequelize } from 'sequelize';
import { createClient } from 'redis';
import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { User } from './entity/User';

export const AppDataSource = new DataSource({
  type: 'postgres',
  host: 'localhost',
  port: 5432,
  username: 'postgres',
  password: 'postgres-example-pw', // ward-expect: credentials
  database: 'app',
  entities: [User],
  synchronize: false,
});

export const sequelize = new Sequelize('shop', 'shop_admin', 'Sequelize-example-1', { // ward-expect: credentials
  host: 'mysql.internal.example.com',
  dialect: 'mysql',
});

export const sessionStore = createClient({ url: 'redis://default:redis-url-example@cache.example.com:6379' }); // ward-expect: credentials

// ward-good: credentials
export const AppDataSourceEnv = new DataSource({
  type: 'postgres',
  host: process.env.PGHOST,
  port: Number(process.env.PGPORT ?? 5432),
  username: process.env.PGUSER,
  password: process.env.PGPASSWORD,
  database: process.env.PGDATABASE,
  entities: [User],
});

// ward-good: credentials
export async function sequelizeFromSecrets(): Promise<Sequelize> {
  const sm = new SecretsManagerClient({});
  const out = await sm.send(new GetSecretValueCommand({ SecretId: 'prod/shop/mysql' }));
  const { username, password } = JSON.parse(out.SecretString ?? '{}');
  return new Sequelize('shop', username, password, { host: 'mysql.internal.example.com', dialect: 'mysql' });
}

// ward-good: credentials
export const sessionStoreEnv = createClient({ url: process.env.REDIS_URL });
