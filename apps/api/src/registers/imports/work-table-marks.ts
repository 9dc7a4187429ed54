/**
 * An import's work tables (its staging and pending tables, UNLOGGED) say they are complete with
 * a mark in their comment, `<what>:<rows>`, written once the pass that fills them has ended:
 * a table without it is a cut-off pass, and an UNLOGGED table comes back empty after a
 * database crash. Either way the pass runs again.
 */

/** Something that runs a query: a DataSource, an EntityManager or a pg client's wrapper. */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export type WorkTableMark = 'staged' | 'pending';

/** Marks `table` complete with `rows` rows (a table name from stagingTable / pendingTable). */
export async function markWorkTable(
  db: Queryable,
  table: string,
  mark: WorkTableMark,
  rows: number,
): Promise<void> {
  await db.query(`COMMENT ON TABLE ${table} IS '${mark}:${Math.trunc(rows)}'`);
}

/** The rows of a complete work table, or null when it is missing, cut off or emptied by a crash. */
export async function markedRows(db: Queryable, table: string, mark: WorkTableMark): Promise<number | null> {
  const [found] = (await db.query(
    `SELECT obj_description(c.oid, 'pg_class') AS mark FROM pg_class c
      WHERE c.relname = $1 AND c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace`,
    [table],
  )) as { mark: string | null }[];
  const match = found?.mark?.match(new RegExp(`^${mark}:(\\d+)$`));
  if (!match) return null;
  const rows = Number(match[1]);
  if (rows === 0) return 0;
  const [{ filled }] = (await db.query(`SELECT EXISTS (SELECT 1 FROM ${table}) AS filled`)) as {
    filled: boolean;
  }[];
  return filled ? rows : null;
}
