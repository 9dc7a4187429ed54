import {
  isValidIdNumber,
  maskIdNumber,
  normaliseIdNumber,
  RegisterEnrolmentStatus,
  RegisterKind,
  Sex,
  SpecialStatusFlag,
} from '@baoxue/domain';
import { DataSource } from 'typeorm';
import { AppConfig } from '../src/config/app-config';
import {
  REGISTER_ID_BLOCK_ROWS,
  RegisterIdBlocks,
  registerIdBlockCipherSql,
} from '../src/registers/register-id-blocks';
import { IdNumberCipher } from '../src/students/id-number-cipher';

/** One register row as a test states it; what the importer would have written. */
export interface FixtureRegisterRow {
  /** Any text: a valid number is hashed, masked and kept encrypted; anything else is kept as no ID. */
  idNumber?: string | null;
  fullName: string;
  sex?: Sex | null;
  birthDate?: string | null;
  /** The 户籍 village's 12-digit code (household and list rows). */
  villageCode?: string | null;
  address?: string | null;
  guardianName?: string | null;
  guardianPhone?: string | null;
  /** Enrolment rows: the school (its region becomes the row's place). */
  schoolId?: string | null;
  grade?: number | null;
  className?: string | null;
  enrolmentStatus?: RegisterEnrolmentStatus | null;
  flag?: SpecialStatusFlag | null;
}

export interface FixtureRegister {
  kind: RegisterKind;
  /** The region the import covers (a county or below), by code. */
  regionCode: string;
  rows: readonly FixtureRegisterRow[];
  /** Defaults to bureau.officer. */
  createdByUsername?: string;
  fileName?: string;
}

/** Rows per INSERT: keeps bind arrays small when a benchmark builds a million rows. */
const BATCH = 20_000;

/**
 * Writes a committed register import and its rows straight into the tables, as the import
 * pipeline leaves them: the keyed hash and masked form of valid ID numbers, the full numbers
 * encrypted per block (the same pgcrypto expression the importer uses), and the previous
 * committed import of the kind and region superseded. Returns the import's id.
 */
export async function insertCommittedRegister(
  dataSource: DataSource,
  config: AppConfig,
  register: FixtureRegister,
): Promise<string> {
  const cipher = new IdNumberCipher(config);
  const blocks = new RegisterIdBlocks(config);
  const pads = cipher.hmacPads();
  const [region]: { id: string; path: string }[] = await dataSource.query(
    'SELECT id, path FROM regions WHERE code = $1',
    [register.regionCode],
  );
  if (!region) throw new Error(`no region ${register.regionCode}`);
  const [user]: { id: string }[] = await dataSource.query('SELECT id FROM users WHERE username = $1', [
    register.createdByUsername ?? 'bureau.officer',
  ]);
  const villages = new Map<string, { id: string; path: string }>(
    (
      (await dataSource.query('SELECT id, code, path FROM regions WHERE code = ANY($1)', [
        [...new Set(register.rows.map((r) => r.villageCode).filter((c): c is string => !!c))],
      ])) as { id: string; code: string; path: string }[]
    ).map((r) => [r.code, r]),
  );
  const schools = new Map<string, string>(
    (
      (await dataSource.query('SELECT id, region_path FROM organisations WHERE id = ANY($1::uuid[])', [
        [...new Set(register.rows.map((r) => r.schoolId).filter((c): c is string => !!c))],
      ])) as { id: string; region_path: string }[]
    ).map((s) => [s.id, s.region_path]),
  );

  return dataSource.transaction(async (manager) => {
    await manager.query(
      `UPDATE register_imports SET status = 'superseded', superseded_at = now()
        WHERE kind = $1 AND region_id = $2 AND status = 'committed'`,
      [register.kind, region.id],
    );
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO register_imports (kind, status, region_id, region_path, file_name, file_size, format, encoding,
              total_rows, valid_rows, imported_rows, created_by_user_id, validated_at, started_at, committed_at)
       VALUES ($1, 'committed', $2, $3, $4, 0, 'csv', 'utf-8', $5, $5, $5, $6, now(), now(), now())
       RETURNING id`,
      [
        register.kind,
        region.id,
        region.path,
        register.fileName ?? `${register.kind}.csv`,
        register.rows.length,
        user.id,
      ],
    );
    // Batches end on block boundaries (row numbers start at 2), so no block spans two INSERTs.
    for (let start = 0, end = 0; start < register.rows.length; start = end) {
      end = Math.min(register.rows.length, (Math.floor((start + 2) / BATCH) + 1) * BATCH - 2);
      const slice = register.rows.slice(start, end);
      // The file's row: the header is row 1.
      const numbers = slice.map((_, i) => start + i + 2);
      const ids = slice.map((r) => {
        const normal = r.idNumber ? normaliseIdNumber(r.idNumber) : null;
        return normal && isValidIdNumber(normal) ? normal : null;
      });
      const place = slice.map((r) =>
        r.schoolId
          ? (schools.get(r.schoolId) ?? region.path)
          : r.villageCode
            ? (villages.get(r.villageCode)?.path ?? region.path)
            : region.path,
      );
      await manager.query(
        `INSERT INTO register_rows (import_id, row_number, kind, region_path, id_hash, id_masked, full_name, sex,
                birth_date, hukou_region_id, address, guardian_name, guardian_phone, school_id, grade, class_name,
                enrolment_status, flag)
         SELECT $1, r.row_number, $2, r.region_path,
                CASE WHEN r.id IS NULL THEN NULL
                     ELSE sha256($3::bytea || sha256($4::bytea || convert_to(r.id, 'UTF8'))) END,
                r.masked, r.full_name, r.sex::sex, r.birth_date, r.hukou_region_id, r.address, r.guardian_name,
                r.guardian_phone, r.school_id, r.grade, r.class_name, r.enrolment_status,
                r.flag::special_status_flag
           FROM unnest($5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::date[],
                       $12::uuid[], $13::text[], $14::text[], $15::text[], $16::uuid[], $17::smallint[],
                       $18::text[], $19::text[], $20::text[])
             AS r(row_number, region_path, id, masked, full_name, sex, birth_date, hukou_region_id, address,
                  guardian_name, guardian_phone, school_id, grade, class_name, enrolment_status, flag)`,
        [
          id,
          register.kind,
          pads.outer,
          pads.inner,
          numbers,
          place,
          ids,
          ids.map((v) => (v ? maskIdNumber(v) : null)),
          slice.map((r) => r.fullName),
          slice.map((r) => r.sex ?? null),
          slice.map((r) => r.birthDate ?? null),
          slice.map((r) => (r.villageCode ? (villages.get(r.villageCode)?.id ?? null) : null)),
          slice.map((r) => r.address ?? null),
          slice.map((r) => r.guardianName ?? null),
          slice.map((r) => r.guardianPhone ?? null),
          slice.map((r) => r.schoolId ?? null),
          slice.map((r) => r.grade ?? null),
          slice.map((r) => r.className ?? null),
          slice.map((r) => r.enrolmentStatus ?? null),
          slice.map((r) => r.flag ?? null),
        ],
      );
      const withId = numbers.map((n, i) => [n, ids[i]] as const).filter(([, v]) => v !== null);
      if (withId.length === 0) continue;
      await manager.query(
        `INSERT INTO register_id_blocks (import_id, block, iv, cipher)
         SELECT $1, b.block, b.iv, ${registerIdBlockCipherSql('$2', 'b.iv', 'r.row_number', 'r.id')}
           FROM unnest($3::int[], $4::text[]) AS r(row_number, id)
           JOIN (SELECT block, gen_random_bytes(16) AS iv
                   FROM (SELECT DISTINCT n / ${REGISTER_ID_BLOCK_ROWS} AS block FROM unnest($3::int[]) AS n) d) b
             ON b.block = r.row_number / ${REGISTER_ID_BLOCK_ROWS}
          GROUP BY b.block, b.iv`,
        [id, blocks.sqlKey(), withId.map(([n]) => n), withId.map(([, v]) => v)],
      );
    }
    return id;
  });
}
