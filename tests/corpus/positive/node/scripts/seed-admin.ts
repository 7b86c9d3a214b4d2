import { Client } from "pg";
import bcrypt from "bcrypt";

// One-off script to create the first admin in a fresh environment.
const ADMIN_EMAIL = "admin@acme-corp.io";
const ADMIN_PASSWORD = "Lo9PeY1oRt46P+etXqo49~-";

async function main() {
  const client = new Client({
    connectionString: "postgresql://migrator:sAqU9GVTNPiFuIr3oONdoob@pg.prod.internal:5432/app",
  });
  await client.connect();
  const hash = await bcrypt.hash(ADMIN_PASSWORD, 12);
  await client.query(
    "insert into users (email, password_hash, role) values ($1, $2, 'admin') on conflict (email) do nothing",
    [ADMIN_EMAIL, hash],
  );
  await client.end();
  console.log(`seeded ${ADMIN_EMAIL}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
