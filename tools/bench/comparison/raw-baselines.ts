import { spawn } from 'node:child_process';
import { Client } from 'pg';
import { median, progress, repeat } from '../bench-report';

/** The plain tables psql COPYs the files into: text columns named after the file's fields. */
export const COPY_TABLES = {
  household: {
    table: 'bench_copy_household',
    columns: [
      'id_number',
      'full_name',
      'sex',
      'birth_date',
      'hukou_region_code',
      'hukou_address',
      'guardian_name',
      'guardian_phone',
    ],
  },
  enrolment: {
    table: 'bench_copy_enrolment',
    columns: [
      'student_number',
      'id_number',
      'full_name',
      'sex',
      'birth_date',
      'school_code',
      'grade',
      'class_name',
      'enrolment_status',
    ],
  },
} as const;

export type CopyKind = keyof typeof COPY_TABLES;

/** Runs psql with `command` on `url`; resolves with the exit, rejects with psql's message. */
function psql(url: string, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', command], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`psql exited ${code}: ${stderr.trim()}`)),
    );
  });
}

/**
 * The floor of an import: `psql -c "\copy … FROM 'file' (FORMAT csv, HEADER)"` into a new,
 * plain (logged) table of text columns, with no checking at all. Median of `runs`, each
 * into a fresh table; the last one's rows are left for the anti-join.
 */
export async function measurePsqlCopy(
  sql: Client,
  url: string,
  kind: CopyKind,
  file: string,
  rows: number,
  runs: number,
): Promise<number> {
  const { table, columns } = COPY_TABLES[kind];
  const times = await repeat(
    runs,
    `psql COPY ${kind}`,
    async () => {
      const started = performance.now();
      await psql(url, `\\copy ${table} FROM '${file.replace(/'/g, "''")}' (FORMAT csv, HEADER)`);
      const ms = performance.now() - started;
      const { rows: counted } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      if (counted[0].n !== rows) throw new Error(`psql COPY ${kind}: ${counted[0].n} rows, expected ${rows}`);
      return ms;
    },
    async () => {
      await sql.query(`DROP TABLE IF EXISTS ${table}`);
      await sql.query(`CREATE TABLE ${table} (${columns.map((column) => `${column} text`).join(', ')})`);
      await sql.query('CHECKPOINT');
    },
  );
  return median(times);
}

/**
 * The hand-written comparison over what psql COPYed: school-age household children (6–15
 * whole years at `asOf`) with no enrolment row of the same ID number. Median of `runs`;
 * each must count `expected`.
 */
export async function measureAntiJoin(
  sql: Client,
  asOf: string,
  ageRange: { from: number; to: number },
  expected: number,
  runs: number,
): Promise<number> {
  const household = COPY_TABLES.household.table;
  const enrolment = COPY_TABLES.enrolment.table;
  await sql.query(`ANALYZE ${household}, ${enrolment}`);
  const times = await repeat(runs, 'hand-written anti-join', async () => {
    const started = performance.now();
    const { rows } = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n
         FROM ${household} h
        WHERE h.birth_date::date > $1::date - make_interval(years => $3::int + 1)
          AND h.birth_date::date <= $1::date - make_interval(years => $2::int)
          AND NOT EXISTS (SELECT FROM ${enrolment} e WHERE e.id_number = h.id_number)`,
      [asOf, ageRange.from, ageRange.to],
    );
    const ms = performance.now() - started;
    if (rows[0].n !== expected)
      throw new Error(`hand-written anti-join counted ${rows[0].n}, expected ${expected}`);
    return ms;
  });
  progress(`hand-written anti-join counts ${expected} never enrolled, as the files were built`);
  return median(times);
}

export async function dropCopyTables(sql: Client): Promise<void> {
  for (const { table } of Object.values(COPY_TABLES)) await sql.query(`DROP TABLE IF EXISTS ${table}`);
}
