import { mkdirSync } from 'node:fs';
import { composeIdNumber } from '@baoxue/domain';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import { launchChromium } from './support/browser';
import { phoneContext, SCREENSHOTS, signIn } from './support/session';
import { baseUrl, E2E } from './support/server';

async function withDb<T>(work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: `${E2E.serverUrl}/${E2E.database}` });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

interface Child {
  fullName: string;
  sex: '男' | '女';
  birthDate: string;
  villageCode: string;
  villageName: string;
}

const HEADER = ['姓名', '性别', '出生日期', '身份证号', '户籍地区划代码', '户籍地址', '监护人'];
/** Given names that no demo child has, so the found children are told apart from the seed. */
const GIVEN = ['比一', '比二', '比三', '比四', '比五', '比六', '比七', '比八', '比九', '比十'];

/** A household register as a county's public-security export: UTF-8 with a BOM, CRLF. */
function householdCsv(children: Child[], override: (index: number) => Partial<Child> = () => ({})): Buffer {
  const lines = [HEADER.join(',')];
  children.forEach((child, index) => {
    const row = { ...child, ...override(index) };
    // The ID number states the real birth date even where the date column is wrong.
    const id = composeIdNumber(
      child.villageCode.slice(0, 6),
      child.birthDate,
      960 + index * 2 + (child.sex === '男' ? 1 : 0),
    );
    lines.push(
      [
        row.fullName,
        row.sex,
        row.birthDate,
        id,
        row.villageCode,
        `${row.villageName}${index + 1}号`,
        `${row.fullName.slice(0, 1)}父`,
      ].join(','),
    );
  });
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/**
 * 部门清 in the browser: the bureau officer uploads a household register with two bad rows
 * (an impossible birth date, an unknown village code), reads the dry-run report naming both,
 * uploads the corrected file, imports it, compares and routes every finding; the village
 * official then finds the children of their village as suspected cases in their work list.
 */
describe('department registers in the browser (部门数据比对)', () => {
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  const children: Child[] = [];
  /** The village official's own village: most children are registered there. */
  let officialVillage: { code: string; name: string; path: string };
  /** Data rows (the header is row 1) spoiled in the first upload. */
  const BAD_DATE_ROW = 4;
  const BAD_VILLAGE_ROW = 8;
  let runId: string;

  async function signInAs(username: string, phone = false): Promise<void> {
    await context?.close();
    context = phone
      ? await phoneContext(browser)
      : await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    await signIn(page, username);
  }

  async function shot(name: string): Promise<void> {
    await page.screenshot({ path: `${SCREENSHOTS}/registers-${name}.png`, fullPage: true });
  }

  /** Uploads a register on the history page and lands on its import page. */
  async function upload(name: string, body: Buffer): Promise<string> {
    await page.goto(`${baseUrl()}/registers`);
    await page.getByTestId('register-kind').selectOption('household');
    await page.getByTestId('register-file').setInputFiles({ name, mimeType: 'text/csv', buffer: body });
    await page.getByTestId('register-upload-submit').click();
    await page.waitForURL(/\/registers\/imports\/[0-9a-f-]{36}$/);
    return page.url().split('/').pop() as string;
  }

  const reportCounts = async () => {
    const counts = page.getByTestId('import-report-counts');
    await counts.waitFor({ timeout: 60_000 });
    return {
      rows: Number(await counts.getAttribute('data-rows')),
      valid: Number(await counts.getAttribute('data-valid')),
      invalid: Number(await counts.getAttribute('data-invalid')),
      text: (await counts.innerText()).trim(),
    };
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    await withDb(async (db) => {
      const { rows: own } = await db.query(
        `SELECT r.code, r.name, r.path FROM users u JOIN regions r ON r.id = u.scope_region_id
          WHERE u.username = 'village.official'`,
      );
      if (!own[0] || !/^\d{12}$/.test(own[0].code)) throw new Error('village.official has no village');
      officialVillage = own[0];
      const { rows: others } = await db.query(
        // Another village of the demo county within the bureau officer's scope (the demo zone).
        `SELECT r.code, r.name FROM regions r, users u
          WHERE u.username = 'bureau.officer' AND r.kind = 'village' AND r.code LIKE '370829%'
            AND r.path LIKE u.scope_path || '%' AND r.code <> $1
          ORDER BY r.code LIMIT 1`,
        [officialVillage.code],
      );
      if (!others[0]) throw new Error('the demo county has a single village');
      const today = new Date(Date.now() + 8 * 60 * 60 * 1000);
      for (let i = 0; i < GIVEN.length; i++) {
        // Aged 7 to 14 today: school age whatever the day of the year.
        const year = today.getUTCFullYear() - 7 - (i % 8);
        const village = i < 8 ? officialVillage : others[0];
        children.push({
          fullName: `${'赵钱孙李周吴郑王冯陈'[i]}${GIVEN[i]}`,
          sex: i % 2 ? '女' : '男',
          birthDate: `${year}-0${(i % 9) + 1}-1${i % 9}`,
          villageCode: village.code,
          villageName: village.name,
        });
      }
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('bureau.officer: a register with two bad rows is reported precisely, fixed, re-uploaded and imported', async () => {
    await signInAs('bureau.officer');
    await page.getByTestId('nav-registers').first().waitFor({ state: 'attached' });

    const spoiled = householdCsv(children, (index) =>
      index + 2 === BAD_DATE_ROW
        ? { birthDate: `${children[index].birthDate.slice(0, 4)}-02-30` }
        : index + 2 === BAD_VILLAGE_ROW
          ? { villageCode: '370829999999' }
          : {},
    );
    const firstId = await upload('户籍人口-嘉祥县.csv', spoiled);
    // The usual headers map themselves; the preview shows the file's rows under them.
    await page.getByTestId('import-mapping').waitFor();
    expect(await page.getByTestId('mapping-fullName').inputValue()).toBe('0');
    expect(await page.getByTestId('mapping-hukouRegionCode').inputValue()).toBe('4');
    expect(await page.getByTestId('import-preview').innerText()).toContain(children[0].fullName);
    await shot('1-mapping');

    await page.getByTestId('import-dry-run').click();
    const counts = await reportCounts();
    await page.getByTestId('import-report-errors').waitFor();
    const problems = page.getByTestId('import-problem');
    await problems.first().waitFor();
    const listed = await problems.evaluateAll((rows) =>
      rows.map((row) => ({
        row: row.getAttribute('data-row'),
        rule: row.getAttribute('data-rule'),
        text: (row as HTMLElement).innerText,
      })),
    );
    expect(listed.map(({ row, rule }) => ({ row, rule }))).toEqual([
      { row: String(BAD_DATE_ROW), rule: 'date' },
      { row: String(BAD_VILLAGE_ROW), rule: 'region_unknown' },
    ]);
    expect(counts).toEqual({
      rows: 10,
      valid: 8,
      invalid: 2,
      text: '共10行 · 可导入8行 · 有错误2行 · 警告0行',
    });
    expect(listed[0].text).toContain('出生日期');
    expect(listed[0].text).toContain('日期不存在');
    expect(listed[1].text).toContain('户籍地区划代码');
    expect(listed[1].text).toContain('区划代码不存在');
    expect(listed[1].text).toContain('370829999999');
    expect(await page.getByTestId('import-problems-download').getAttribute('href')).toBe(
      `/api/registers/imports/${firstId}/problems.xlsx`,
    );
    await shot('2-report');

    // Nothing was written by the dry run.
    const written = await withDb(async (db) => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM register_rows WHERE import_id = $1`, [
        firstId,
      ]);
      return rows[0].n as number;
    });
    expect(written).toBe(0);

    // The corrected file, uploaded again from the report.
    await page.getByTestId('import-reupload-file').setInputFiles({
      name: '户籍人口-嘉祥县-修正.csv',
      mimeType: 'text/csv',
      buffer: householdCsv(children),
    });
    await page.getByTestId('import-reupload-submit').click();
    await page.waitForURL(
      (url) => /\/registers\/imports\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(firstId),
    );
    // The new import's own page, before anything of the refused one is clicked.
    await page.locator('[data-testid="import-status"][data-status="uploaded"]').waitFor();
    await page.getByTestId('import-dry-run').click();
    expect(await reportCounts()).toMatchObject({ rows: 10, valid: 10, invalid: 0 });
    await page.getByTestId('import-report-clean').waitFor();
    expect(await page.getByTestId('import-problem').count()).toBe(0);

    await page.getByTestId('import-commit').click();
    // The end of the job either way, so a failed run shows its reason here.
    await page
      .locator('[data-testid="import-status"][data-status="committed"], [data-testid="import-failed"]')
      .first()
      .waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('import-failed').count()).toBe(0);
    expect(await page.getByTestId('import-committed').innerText()).toContain('已导入 10 / 10 行');
    expect(await page.getByTestId('import-status').getAttribute('data-status')).toBe('committed');
    await shot('3-committed');

    // Both imports are in the history: the refused one not imported, the corrected one imported.
    await page.goto(`${baseUrl()}/registers`);
    const history = page.getByTestId('import-row');
    await history.first().waitFor();
    expect(await history.count()).toBe(2);
    expect(await history.first().getAttribute('data-status')).toBe('committed');
    expect(await history.first().innerText()).toContain('户籍人口-嘉祥县-修正.csv');
  }, 240_000);

  it('bureau.officer: the comparison finds the ten children and routes them as suspected cases', async () => {
    await page.getByTestId('registers-tab-comparisons').click();
    await page.waitForURL(/\/registers\/comparisons$/);
    await page.getByTestId('comparison-start').click();
    await page.waitForURL(/\/registers\/comparisons\/[0-9a-f-]{36}$/);
    runId = page.url().split('/').pop() as string;
    await page
      .locator('[data-testid="comparison-status"][data-status="completed"]')
      .waitFor({ timeout: 90_000 });

    const count = (category: string) =>
      page.locator(
        `[data-testid="comparison-count"][data-category="${category}"] [data-testid="comparison-count-value"]`,
      );
    expect(await count('never_enrolled').innerText()).toBe('10');
    expect(await count('dropout').innerText()).toBe('0');
    const rows = page.getByTestId('finding-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(10);
    expect(await page.locator('[data-testid="finding-row"][data-status="new"]').count()).toBe(10);
    const names = await page.getByTestId('finding-name').allInnerTexts();
    expect(names.map((n) => n.trim().slice(0, 3)).sort()).toEqual(children.map((c) => c.fullName).sort());
    await shot('4-findings');

    await page.getByTestId('findings-route-all').click();
    await page.locator('.ant-popover .ant-btn-primary').click();
    await page.getByTestId('findings-routed').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('findings-routed').getAttribute('data-raised')).toBe('10');
    await page.locator('[data-testid="finding-row"][data-status="raised"]').nth(9).waitFor();
    expect(await page.getByTestId('finding-case').count()).toBe(10);
    await shot('5-routed');
  }, 240_000);

  it('village.official: the children of their village are suspected cases in their work list', async () => {
    const cases = await withDb(async (db) => {
      const { rows } = await db.query(
        `SELECT c.id, s.full_name FROM comparison_findings f
           JOIN cases c ON c.id = f.case_id JOIN students s ON s.id = c.student_id
          WHERE f.run_id = $1 AND s.region_path = $2 AND c.state = 'suspected'`,
        [runId, officialVillage.path],
      );
      return rows as { id: string; full_name: string }[];
    });
    expect(cases.map((c) => c.full_name).sort()).toEqual(
      children
        .slice(0, 8)
        .map((c) => c.fullName)
        .sort(),
    );

    await signInAs('village.official', true);
    await page.goto(`${baseUrl()}/work`);
    for (const found of cases) {
      const item = page.locator(`[data-testid="work-item"][href="/cases/${found.id}"]`).first();
      await item.waitFor({ timeout: 30_000 });
      // The work list names a child by the first character only.
      expect((await item.getByTestId('work-subject').innerText()).trim()).toBe(`${[...found.full_name][0]}*`);
    }
    await shot('6-village-work');
  }, 240_000);
});
