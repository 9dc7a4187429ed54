import { Client } from 'pg';

/** Server the tests use; each run makes and drops its own databases on it. */
export const TEST_SERVER_URL =
  process.env['TEST_DATABASE_SERVER_URL'] ?? 'postgres://postgres@127.0.0.1:5432';
export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Template databases, named per run so parallel runs never collide. */
export const RUN_ID = process.env['BAOXUE_TEST_RUN_ID'] ?? `r${process.pid}`;
export const EMPTY_TEMPLATE = `bx_tmpl_empty_${RUN_ID}`;
export const DEMO_TEMPLATE = `bx_tmpl_demo_${RUN_ID}`;

export function databaseUrl(name: string): string {
  return `${TEST_SERVER_URL}/${name}`;
}

export async function withServer<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(client: Client, name: string): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
}

/** A fresh database for one test file, cloned from a template (a file copy: fast). */
export async function cloneDatabase(template: string, name: string): Promise<void> {
  await withServer(async (client) => {
    await dropDatabase(client, name);
    await client.query(
      `CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(template)}`,
    );
  });
}
