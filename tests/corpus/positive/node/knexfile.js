// knexfile.js
module.exports = {
  development: {
    client: "pg",
    connection: process.env.DATABASE_URL || "postgres://localhost:5432/catalog_dev",
    migrations: { directory: "./db/migrations" },
  },

  production: {
    client: "pg",
    connection: {
      host: "catalog-db.prod.internal",
      port: 5432,
      user: "catalog",
      password: "Ccx8-ZDA4ZvR9xyDPst!mH4",
      database: "catalog",
      ssl: { rejectUnauthorized: true },
    },
    pool: { min: 2, max: 20 },
    migrations: { directory: "./db/migrations", tableName: "knex_migrations" },
  },
};
