import { Client } from 'pg';
import { progress, seconds } from '../bench-report';

/** Runs one statement of the build, reporting the slow ones. */
export async function timed(client: Client, sql: string, params: unknown[] = []): Promise<number> {
  const started = Date.now();
  const result = await client.query(sql, params);
  const ms = Date.now() - started;
  if (ms > 1000) progress(`dataset: ${sql.trim().split(/\s+/).slice(0, 3).join(' ')}: ${seconds(ms)}`);
  return result.rowCount ?? 0;
}

/**
 * A deterministic pseudo-random integer in [0, modulo) for row `i`; each `seed` gives an
 * independent stream, so rates and choices do not line up with one another.
 */
export function pick(i: string, seed: number | string, modulo: number): string {
  return `(abs(hashint4extended(${i}, ${seed})) % ${modulo})::int`;
}

/**
 * Runs `load` with the secondary indexes of `tables` dropped, then recreates each from its
 * own definition (same name, same columns): building an index once over the loaded rows is
 * far cheaper than a million random insertions into it. Constraint indexes stay.
 */
export async function withIndexesDeferred(
  client: Client,
  tables: string[],
  load: () => Promise<void>,
): Promise<void> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
      WHERE i.indrelid = ANY($1::regclass[])
        AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  );
  for (const index of rows) await client.query(`DROP INDEX ${index.name}`);
  await load();
  for (const index of rows) await timed(client, index.definition);
}
