import type {
  ComparisonRunDetail,
  RouteFindingsResult,
  RegisterImportDetail,
  RegisterImportStatus,
  ComparisonRunStatus,
} from '@baoxue/contracts';
import type { RegisterKind } from '@baoxue/domain';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { progress, seconds, waitFor } from '../bench-report';

/** How often the import and run are polled: the error of every wall time below. */
const POLL_MS = 50;
const STEP_TIMEOUT_MS = 15 * 60_000;

/** The API as a client sees it: the in-process app listening on a loopback port, signed in. */
export interface Api {
  app: NestFastifyApplication;
  baseUrl: string;
  cookie: string;
}

interface Answer<T> {
  status: number;
  body: T;
  text: string;
}

async function call<T>(api: Api, method: string, url: string, payload?: unknown): Promise<Answer<T>> {
  const response = await api.app.inject({
    method: method as 'GET' | 'POST',
    url,
    headers: { cookie: api.cookie },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  let body: T;
  try {
    body = JSON.parse(response.body) as T;
  } catch {
    body = undefined as T;
  }
  return { status: response.statusCode, body, text: response.body };
}

function expectOk<T>(answer: Answer<T>, what: string): T {
  if (answer.status >= 300)
    throw new Error(`${what} answered ${answer.status}: ${answer.text.slice(0, 500)}`);
  return answer.body;
}

/**
 * A multipart/form-data body (`kind`, then `file`) streamed from disk: the file is never
 * read into memory, as a browser sends a large file.
 */
function multipartBody(boundary: string, kind: RegisterKind, path: string): Readable {
  async function* parts(): AsyncGenerator<Buffer> {
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${basename(path)}"\r\n` +
        `Content-Type: text/csv\r\n\r\n`,
    );
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) yield chunk as Buffer;
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return Readable.from(parts());
}

async function upload(api: Api, kind: RegisterKind, path: string): Promise<RegisterImportDetail> {
  const boundary = `----baoxue-bench-${process.pid}-${Date.now()}`;
  const response = await fetch(`${api.baseUrl}/api/registers/imports`, {
    method: 'POST',
    headers: { cookie: api.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: Readable.toWeb(multipartBody(boundary, kind, path)) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
  const text = await response.text();
  if (!response.ok) throw new Error(`upload of ${kind} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as RegisterImportDetail;
}

async function importDetail(api: Api, id: string): Promise<RegisterImportDetail> {
  return expectOk(
    await call<RegisterImportDetail>(api, 'GET', `/api/registers/imports/${id}`),
    `GET import ${id}`,
  );
}

/** Polls the import until it reaches `target`; a status of `failures` ends the bench with its report. */
async function waitForImport(
  api: Api,
  id: string,
  target: RegisterImportStatus,
  failures: RegisterImportStatus[],
): Promise<RegisterImportDetail> {
  let detail = await importDetail(api, id);
  let lastReport = Date.now();
  await waitFor(
    async () => {
      detail = await importDetail(api, id);
      if (failures.includes(detail.status))
        throw new Error(
          `import ${id} ended ${detail.status}: ${detail.failure ?? ''} ${JSON.stringify(detail.fileProblems).slice(0, 500)}`,
        );
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        const { counts } = detail;
        progress(
          `  ${detail.kind} ${detail.status}: ${counts.rows} rows read, ${counts.invalid} invalid, ${counts.imported} written`,
        );
      }
      return detail.status === target;
    },
    STEP_TIMEOUT_MS,
    async () => `import ${id} is ${detail.status}, waiting for ${target}`,
    POLL_MS,
  );
  return detail;
}

export interface ImportTiming {
  kind: RegisterKind;
  id: string;
  rows: number;
  /** Upload start → committed, and its parts. */
  totalMs: number;
  uploadMs: number;
  dryRunMs: number;
  commitMs: number;
}

/**
 * One register through the whole import as the web app drives it: the file uploaded
 * (multipart, over the socket), POST dry-run and wait for `validated`, POST commit and wait
 * for `committed`. Every row must be valid and imported.
 */
export async function importRegister(
  api: Api,
  kind: RegisterKind,
  path: string,
  rows: number,
): Promise<ImportTiming> {
  const started = performance.now();
  const uploaded = await upload(api, kind, path);
  const uploadMs = performance.now() - started;
  progress(`  ${kind}: uploaded in ${seconds(uploadMs)} (${uploaded.status}); dry run`);

  const dryRunStarted = performance.now();
  expectOk(
    await call(api, 'POST', `/api/registers/imports/${uploaded.id}/dry-run`, { version: uploaded.version }),
    `dry run of ${kind}`,
  );
  const validated = await waitForImport(api, uploaded.id, 'validated', ['rejected', 'failed', 'discarded']);
  const dryRunMs = performance.now() - dryRunStarted;
  const { counts } = validated;
  if (counts.rows !== rows || counts.valid !== rows || counts.invalid !== 0)
    throw new Error(
      `dry run of ${kind}: ${counts.rows} rows, ${counts.valid} valid, ${counts.invalid} invalid; expected ${rows} valid ` +
        JSON.stringify(validated.problemsByRule),
    );
  progress(`  ${kind}: validated in ${seconds(dryRunMs)}; committing`);

  const commitStarted = performance.now();
  expectOk(
    await call(api, 'POST', `/api/registers/imports/${uploaded.id}/commit`, { version: validated.version }),
    `commit of ${kind}`,
  );
  const committed = await waitForImport(api, uploaded.id, 'committed', ['failed', 'discarded']);
  const commitMs = performance.now() - commitStarted;
  if (committed.counts.imported !== rows)
    throw new Error(`commit of ${kind} imported ${committed.counts.imported} rows, expected ${rows}`);
  const totalMs = performance.now() - started;
  progress(`  ${kind}: committed in ${seconds(commitMs)}; ${seconds(totalMs)} in all`);
  return { kind, id: uploaded.id, rows, totalMs, uploadMs, dryRunMs, commitMs };
}

export interface ComparisonTiming {
  id: string;
  /** The run's own time: comparison_runs.started_at → finished_at (the worker's job). */
  runMs: number;
  /** POST → seen completed. */
  wallMs: number;
  detail: ComparisonRunDetail;
}

/** POST a comparison of the officer's county as of `asOf`, wait up to `timeoutMs` for it to complete. */
export async function runComparison(
  api: Api,
  sql: Client,
  asOf: string,
  timeoutMs: number,
): Promise<ComparisonTiming> {
  const started = performance.now();
  const run = expectOk(
    await call<{ id: string }>(api, 'POST', '/api/registers/comparisons', { asOf }),
    'POST comparison',
  );
  let status: ComparisonRunStatus = 'queued';
  let detail: ComparisonRunDetail | null = null;
  await waitFor(
    async () => {
      detail = expectOk(
        await call<ComparisonRunDetail>(api, 'GET', `/api/registers/comparisons/${run.id}`),
        'GET comparison',
      );
      status = detail.status;
      if (status === 'failed') throw new Error(`comparison ${run.id} failed: ${detail.failure}`);
      return status === 'completed';
    },
    timeoutMs,
    async () => `comparison ${run.id} still ${status}`,
    POLL_MS,
  );
  const wallMs = performance.now() - started;
  const { rows } = await sql.query<{ ms: number }>(
    `SELECT (extract(epoch FROM finished_at - started_at) * 1000)::float8 AS ms FROM comparison_runs WHERE id = $1`,
    [run.id],
  );
  return { id: run.id, runMs: rows[0].ms, wallMs, detail: detail as unknown as ComparisonRunDetail };
}

/** POST …/route {all: true}: every new finding opened as a suspected case, in the request. */
export async function routeFindings(
  api: Api,
  runId: string,
): Promise<{ ms: number; result: RouteFindingsResult }> {
  const started = performance.now();
  const result = expectOk(
    await call<RouteFindingsResult>(api, 'POST', `/api/registers/comparisons/${runId}/route`, { all: true }),
    'route findings',
  );
  return { ms: performance.now() - started, result };
}
