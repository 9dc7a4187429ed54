import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The white space JavaScript's `\s` and `trim()` know (WhiteSpace + LineTerminator), as E-string
 * escapes: the SQL checks must read a cell exactly as the domain's TypeScript does.
 */
const SPACE_CHARS = [
  '0009', '000a', '000b', '000c', '000d', '0020', '00a0', '1680',
  '2000', '2001', '2002', '2003', '2004', '2005', '2006', '2007', '2008', '2009', '200a',
  '2028', '2029', '202f', '205f', '3000', 'feff',
].map((hex) => `\\u${hex}`).join(''); // prettier-ignore

/** The code points above ASCII of SPACE_CHARS. */
const SPACE_CODES = [
  0xa0,
  0x1680,
  ...Array.from({ length: 11 }, (_, i) => 0x2000 + i),
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
  0xfeff,
];

/**
 * True when the 8 digits `d` (YYYYMMDD, an expression) are a real date from 1900 on. One integer
 * parse per part rather than substr + cast per use: these run for every row of a 1M-row file.
 */
function realDateDigits(d: string): string {
  const y = `(${d})::int / 10000`;
  const m = `(${d})::int / 100 % 100`;
  const day = `(${d})::int % 100`;
  return `(${y} >= 1900 AND ${m} BETWEEN 1 AND 12 AND ${day} BETWEEN 1 AND CASE
      WHEN ${m} IN (4, 6, 9, 11) THEN 30
      WHEN ${m} = 2 THEN CASE WHEN ${y} % 4 = 0 AND (${y} % 100 <> 0 OR ${y} % 400 = 0) THEN 29 ELSE 28 END
      ELSE 31 END)`;
}

/** GB 11643 weights of the first 17 digits; their sum (100) times ascii('0') is taken off once. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECKSUM = `(${WEIGHTS.map((w, i) => `ascii(substr(n, ${i + 1}, 1)) * ${w}`).join(' + ')} - ${
  WEIGHTS.reduce((a, b) => a + b, 0) * 48
}) % 11`;

/**
 * The row checks of register imports as SQL functions, so the dry run and the write check a
 * 1M-row staging table in one set-based statement each. Plain IMMUTABLE SQL bodies without
 * sub-selects: the planner inlines them when the argument is a column. They mirror
 * libs/domain id-number.ts (normaliseIdNumber, idNumberProblem, maskIdNumber) exactly.
 * Migration 1797130000000 drops them: the row rules now run in the import's row pass
 * (register-row-check.ts).
 */
export class RegisterRowFunctions1797110000000 implements MigrationInterface {
  name = 'RegisterRowFunctions1797110000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // JavaScript's String.prototype.trim(); btrim with a multibyte set is slow, so only when an end is space.
    const ends = ['ascii(s)', 'ascii(right(s, 1))']
      .map((c) => `${c} <= 32 OR ${c} IN (${SPACE_CODES.join(', ')})`)
      .join(' OR ');
    await queryRunner.query(
      `CREATE FUNCTION register_trim(s text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT CASE WHEN ${ends} THEN btrim(s, E'${SPACE_CHARS}') ELSE s END $$`,
    );
    // normaliseIdNumber: white space anywhere removed, upper case.
    await queryRunner.query(
      `CREATE FUNCTION register_id_normalise(s text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT upper(regexp_replace(s, E'[${SPACE_CHARS}]+', '', 'g')) $$`,
    );
    // idNumberProblem of a normalised number: 'format', 'birth_date', 'checksum' or NULL (valid).
    await queryRunner.query(
      `CREATE FUNCTION register_id_problem(n text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT CASE
        WHEN n IS NULL OR n !~ '^[0-9]{17}[0-9X]$' THEN 'format'
        WHEN NOT ${realDateDigits('substr(n, 7, 8)')} THEN 'birth_date'
        WHEN substr('10X98765432', ${CHECKSUM} + 1, 1) <> substr(n, 18, 1) THEN 'checksum'
      END $$`,
    );
    // maskIdNumber.
    await queryRunner.query(
      `CREATE FUNCTION register_mask_id(v text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT CASE WHEN length(v) <= 10 THEN repeat('*', length(v))
        ELSE left(v, 6) || repeat('*', length(v) - 10) || right(v, 4) END $$`,
    );
    // A trimmed date cell as YYYYMMDD digits (YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYYMMDD), else NULL;
    // register_calendar tells whether they are a real day.
    await queryRunner.query(
      `CREATE FUNCTION register_date_digits(s text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
      $$ SELECT CASE
        WHEN s ~ '^[0-9]{8}$' THEN s
        WHEN s ~ '^[0-9]{4}(-[0-9]{1,2}-|/[0-9]{1,2}/|\\.[0-9]{1,2}\\.)[0-9]{1,2}$' THEN
          left(s, 4) || lpad(split_part(translate(s, '/.', '--'), '-', 2), 2, '0')
            || lpad(split_part(translate(s, '/.', '--'), '-', 3), 2, '0')
      END $$`,
    );
    // Every real day a register may hold, keyed by its YYYYMMDD digits: the import statements
    // turn a date cell into a date by one hash join instead of per-row calendar arithmetic.
    await queryRunner.query(
      `CREATE TABLE register_calendar (digits text NOT NULL, day date NOT NULL, CONSTRAINT "PK_register_calendar" PRIMARY KEY (digits))`,
    );
    await queryRunner.query(
      `INSERT INTO register_calendar (digits, day)
       SELECT to_char(d, 'YYYYMMDD'), d::date FROM generate_series('1900-01-01'::date, '2199-12-31'::date, interval '1 day') d`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE register_calendar`);
    for (const fn of [
      'register_date_digits',
      'register_mask_id',
      'register_id_problem',
      'register_id_normalise',
      'register_trim',
    ]) {
      await queryRunner.query(`DROP FUNCTION ${fn}(text)`);
    }
  }
}
