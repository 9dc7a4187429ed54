import type { RegisterImportDetail } from '@baoxue/contracts';
import { composeIdNumber } from '@baoxue/domain';
import { DEMO_PASSWORD, TestApp } from './test-app';
import { waitFor } from '../src/operations/wait-for';

/** Tests of register imports: sessions, uploads and household files built from the demo regions. */

export const HOUSEHOLD_HEADER = ['身份证号', '姓名', '性别', '出生日期', '户籍地区划代码'];

/** A signed-in session's cookie (multipart bodies go through fetch, not the JSON client). */
export async function sessionCookie(t: TestApp, username: string, password = DEMO_PASSWORD): Promise<string> {
  const login = await fetch(`${t.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status}`);
  return login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

export interface UploadResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: RegisterImportDetail & any;
}

/** POSTs the form: fields first, then the file. */
export async function uploadRegister(
  t: TestApp,
  cookie: string,
  file: Buffer | string,
  fields: Record<string, string> = { kind: 'household' },
  fileName = 'household.csv',
): Promise<UploadResponse> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([typeof file === 'string' ? file : new Uint8Array(file)]), fileName);
  const response = await fetch(`${t.baseUrl}/api/registers/imports`, {
    method: 'POST',
    headers: { cookie },
    body: form,
  });
  return { status: response.status, body: await response.json() };
}

/** Villages of the bureau officer's zone (济宁经济技术开发区, towns of 嘉祥县 370829). */
export async function zoneVillages(t: TestApp): Promise<{ id: string; code: string; path: string }[]> {
  const [{ path }]: { path: string }[] = await t.dataSource.query(
    "SELECT scope_path AS path FROM users WHERE username = 'bureau.officer'",
  );
  return t.dataSource.query(
    "SELECT id, code, path FROM regions WHERE kind = 'village' AND path LIKE $1 ORDER BY code",
    [`${path}%`],
  );
}

/** A valid ID number of a child born on `birthDate` (address code 370829). */
export function childId(birthDate: string, sequence: number): string {
  return composeIdNumber('370829', birthDate, sequence % 1000);
}

export function csv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.join(',')).join('\n') + '\n';
}

/** `count` valid household rows spread over the villages, each child born 2015–2018 with its own ID. */
export function householdRows(count: number, villages: readonly string[], offset = 0): string[][] {
  const rows: string[][] = [];
  for (let i = 0; i < count; i++) {
    const n = i + offset;
    const year = 2015 + (n % 4);
    const day = 1 + (Math.floor(n / 4) % 28);
    const month = 1 + (Math.floor(n / 112) % 12);
    const birth = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    // 1000 sequences per birth date: unique over 1000 × 4 × 12 × 28 rows.
    const sequence = Math.floor(n / 1344);
    rows.push([
      childId(birth, sequence),
      `儿童${n}`,
      n % 2 ? '男' : '女',
      birth,
      villages[n % villages.length],
    ]);
  }
  return rows;
}

/** Polls the import until its status is one of `statuses`. */
export async function waitForStatus(
  t: TestApp,
  id: string,
  statuses: readonly string[],
  timeoutMs = 60_000,
): Promise<string> {
  let status = '';
  await waitFor(
    async () => {
      [{ status }] = await t.dataSource.query('SELECT status FROM register_imports WHERE id = $1', [id]);
      return statuses.includes(status);
    },
    `register import ${id} to become ${statuses.join('/')}`,
    timeoutMs,
  );
  return status;
}

let gbkTable: Map<string, Buffer> | null = null;

/** Encodes text as GBK (Node decodes gb18030 but has no encoder): every two-byte code decoded once. */
export function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const bytes = Buffer.from([lead, trail]);
        const char = decoder.decode(bytes);
        if (char.length === 1 && char !== '\ufffd' && !gbkTable.has(char)) gbkTable.set(char, bytes);
      }
    }
  }
  const table = gbkTable;
  return Buffer.concat(
    [...text].map((char) => {
      if (char.charCodeAt(0) < 0x80) return Buffer.from(char, 'ascii');
      const bytes = table.get(char);
      if (!bytes) throw new Error(`no GBK code for ${char}`);
      return bytes;
    }),
  );
}
