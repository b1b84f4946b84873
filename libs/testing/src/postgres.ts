import { Client } from 'pg';

/** The machine's PostgreSQL for tests: TEST_DATABASE_URL, else the local `test` database (trust auth). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Drops every schema whose name starts with the prefix, with what is in it. */
export async function dropSchemas(prefix: string, url = TEST_DATABASE_URL): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      'SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)',
      [prefix.toLowerCase()],
    );
    for (const row of rows) {
      await client.query(`DROP SCHEMA "${row.nspname}" CASCADE`);
    }
  } finally {
    await client.end();
  }
}
