import 'reflect-metadata';
import { NodeStatus } from '@baoxue/contracts';
import { periodOf, previousPeriod } from '@baoxue/domain';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { median, progress } from '../bench-report';
import { benchConfig, closeBench, runBench } from '../bench-run';
import { ANCHOR_DAY, BENCH_USER, DATASET, prepareDataset } from './dataset';
import { bootHttpApp, get, setClock, signIn } from './http-app';
import { measureLedgerExport } from './ledger-export';
import { BenchNode, FLOOR_SQL, floorParams, pickNodes } from './nodes';
import { SqlProfile } from './sql-profile';

/**
 * `npm run bench:dashboard`: on the province dataset (Shandong, 1,000,000 students, 50,000
 * cases; built if missing), GET /api/dashboard/status for a province, city, county, town
 * and village through the app's HTTP stack, beside a hand-written SQL GROUP BY over `cases`
 * measured in the same run; then the county ledger's .xlsx export. Targets (issue 5):
 * p95 < 50 ms at every level; the county ledger export < 3 s.
 */
const DATABASE = 'baoxue_bench_dashboard';
const CALLS = Number(process.env['BENCH_CALLS'] ?? 200);
const WARM_UP = 10;
/** Calls per level as of a past day (slower: replayed from the history). */
const AS_OF_CALLS = Number(process.env['BENCH_AS_OF_CALLS'] ?? 20);
const EXPORT_RUNS = 3;
const PROFILE = process.env['BENCH_PROFILE'] === '1';
/** Noon China time on the anchor day: the data's "now". */
const NOW = new Date(`${ANCHOR_DAY}T12:00:00+08:00`);

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;

interface LevelTiming {
  node: BenchNode;
  api: number[];
  floor: number[];
}

/**
 * The API's node figures against the floor's total row (ROLLUP's): the call measured must
 * count what the hand-written query counts. A difference is reported, not fatal.
 */
async function crossCheck(sql: Client, node: BenchNode, params: unknown[], body: string): Promise<void> {
  const { rows } = await sql.query<{
    child: string | null;
    open: number;
    to_clear: number;
    monitoring: number;
  }>(FLOOR_SQL, params);
  const total = rows.find((row) => row.child === null);
  const figures = (JSON.parse(body) as NodeStatus).figures;
  const pairs: [string, number, number][] = [
    ['open', figures.open, total?.open ?? 0],
    ['toClear', figures.toClear, total?.to_clear ?? 0],
    ['monitoring', figures.monitoring, total?.monitoring ?? 0],
  ];
  const differing = pairs.filter(([, api, floor]) => api !== floor);
  progress(
    differing.length
      ? `${node.level}: API and floor differ: ${differing.map(([key, api, floor]) => `${key} ${api} ≠ ${floor}`).join(', ')}`
      : `${node.level}: API agrees with the floor (open ${figures.open}, to clear ${figures.toClear}, monitoring ${figures.monitoring})`,
  );
}

async function main(): Promise<string[]> {
  const started = Date.now();
  const prefix = `bench_dashboard_${process.pid}`;
  const config = benchConfig(DATABASE, prefix);
  const figures: string[] = [];
  let app: NestFastifyApplication | null = null;
  const sql = new Client({ connectionString: config.DATABASE_URL });
  try {
    const dataset = await prepareDataset(config.DATABASE_URL);
    if (dataset.figureCountsProblem)
      progress(
        `warning: figure counts not rebuilt (${dataset.figureCountsProblem}); the API may answer from empty counts`,
      );
    await sql.connect();
    const nodes = await pickNodes(sql);
    progress(`nodes: ${nodes.map((node) => `${node.level} ${node.name}`).join(' › ')}`);

    progress('booting the HTTP app');
    app = await bootHttpApp(config);
    setClock(app, NOW);
    const cookie = await signIn(app, BENCH_USER.username, BENCH_USER.password);
    const termStart = periodOf('semester', ANCHOR_DAY).from;

    const timings: LevelTiming[] = [];
    const profile = new SqlProfile();
    if (PROFILE) profile.start();
    for (const node of nodes) {
      const url = `/api/dashboard/status?node=region:${node.id}`;
      const first = await get(app, url, cookie);
      if (first.status !== 200) {
        progress(`${node.level}: GET ${url} answered ${first.status}: ${first.body.slice(0, 300)}`);
        figures.push(`dashboard.${node.level}.p95: n/a (the status endpoint answered ${first.status})`);
      }
      const params = floorParams(node, termStart);
      if (first.status === 200) await crossCheck(sql, node, params, first.body);
      const floorOnce = async (): Promise<number> => {
        const at = performance.now();
        await sql.query(FLOOR_SQL, params);
        return performance.now() - at;
      };
      // The API call and the floor alternate, so a change of load on the machine falls on both alike.
      const api: number[] = [];
      const floor: number[] = [];
      for (let call = -WARM_UP; call < CALLS; call++) {
        if (first.status === 200) {
          const response = await get(app, url, cookie);
          if (response.status !== 200)
            throw new Error(`${node.level}: call ${call} answered ${response.status}`);
          if (call >= 0) api.push(response.ms);
        }
        const floorMs = await floorOnce();
        if (call >= 0) floor.push(floorMs);
      }
      timings.push({ node, api, floor });
      if (PROFILE) for (const line of profile.report()) progress(`${node.level} sql${line}`);
      progress(
        `${node.level} ${node.name}: api ${api.length ? `median ${ms(median(api))}, p95 ${ms(percentile(api, 95))}` : 'n/a'}; ` +
          `sql floor median ${ms(median(floor))}, p95 ${ms(percentile(floor, 95))}`,
      );
    }
    for (const { node, api, floor } of timings) {
      const floorP95 = percentile(floor, 95);
      if (!api.length) continue;
      const p95 = percentile(api, 95);
      figures.push(
        `dashboard.${node.level}.p95: ${ms(p95)} (median ${ms(median(api))}; sql floor p95 ${ms(floorP95)}, ratio ${(p95 / floorP95).toFixed(2)}; target < 50 ms; ${CALLS} calls)`,
      );
    }
    const floorOnly = timings.filter((timing) => !timing.api.length);
    for (const { node, floor } of floorOnly)
      figures.push(
        `dashboard.${node.level}.sql-floor.p95: ${ms(percentile(floor, 95))} (median ${ms(median(floor))}; ${CALLS} calls)`,
      );

    // As of a past day (the end of last month): replayed from the case history, no target set.
    const asOf = previousPeriod(periodOf('month', ANCHOR_DAY)).to;
    for (const node of nodes) {
      const url = `/api/dashboard/status?node=region:${node.id}&asOf=${asOf}`;
      const calls: number[] = [];
      for (let call = -2; call < AS_OF_CALLS; call++) {
        const response = await get(app, url, cookie);
        if (response.status !== 200) throw new Error(`${node.level} as of ${asOf}: ${response.status}`);
        if (call >= 0) calls.push(response.ms);
      }
      figures.push(
        `dashboard.${node.level}.as-of.p95: ${ms(percentile(calls, 95))} (median ${ms(median(calls))}; as of ${asOf}; ${AS_OF_CALLS} calls; no target)`,
      );
    }

    profile.stop();
    const county = nodes.find((node) => node.level === 'county') as BenchNode;
    figures.push(await measureLedgerExport(app, cookie, county, EXPORT_RUNS));
    figures.push(
      `dashboard.dataset: ${DATASET.students} students, ${DATASET.cases} cases, built for ${dataset.anchorDay}${dataset.reused ? ' (reused)' : ''}`,
    );
  } finally {
    await sql.end().catch(() => undefined);
    await closeBench(app, prefix, started);
  }
  return figures;
}

runBench(main);
