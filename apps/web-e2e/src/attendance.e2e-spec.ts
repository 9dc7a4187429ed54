import { mkdirSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import { launchChromium } from './support/browser';
import { choose, phoneContext, SCREENSHOTS, signIn } from './support/session';
import { baseUrl, E2E } from './support/server';

const DAY_MS = 24 * 60 * 60 * 1000;
const GRADE_ZH = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Today in China (YYYY-MM-DD), the day a roll defaults to. */
const chinaToday = (): string => new Date(Date.now() + 8 * 60 * 60 * 1000).toISOString().slice(0, 10);

async function withDb<T>(work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: `${E2E.serverUrl}/${E2E.database}` });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

interface Counts {
  expected: number;
  present: number;
  absent: number;
}

/**
 * 考勤 on a phone: the teacher takes a class's roll for today — everyone present but one
 * excused child (with a reason) and one absent without excuse — saves, reloads and finds
 * the marks and the counts kept; the bureau leader then sees the day's 应到/实到/未到 for
 * the zone, equal to a count of the records in the database.
 */
describe('attendance in the browser (考勤点名)', () => {
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  const today = chinaToday();
  let grade: number;
  let className: string;
  let excusedId: string;
  let unexcusedId: string;
  /** Children on the class's roll, as the roll page showed them. */
  let classSize: number;

  async function signInFresh(username: string): Promise<void> {
    await context?.close();
    context = await phoneContext(browser);
    page = await context.newPage();
    await signIn(page, username);
  }

  async function shot(name: string): Promise<void> {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SCREENSHOTS}/attendance-${name}.png`, fullPage: true });
  }

  const row = (studentId: string) => page.locator(`[data-testid="roll-row"][data-student-id="${studentId}"]`);
  /** Waits until the child's row shows `mark`. */
  const marked = (studentId: string, mark: string) =>
    page.locator(`[data-testid="roll-row"][data-student-id="${studentId}"][data-mark="${mark}"]`).waitFor();
  const number = async (testId: string): Promise<number> =>
    Number((await page.getByTestId(testId).innerText()).trim());
  const rollCounts = async (): Promise<Counts> => ({
    expected: await number('count-expected'),
    present: await number('count-present'),
    absent: await number('count-absent'),
  });

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    // The teacher's smallest class, and two of its children without a case: no other
    // suite takes rolls, and one absence opens no case.
    await withDb(async (db) => {
      const { rows: classes } = await db.query(
        `SELECT s.grade, s.class_name FROM students s
           JOIN users t ON t.username = 'school.teacher' AND s.school_id = t.scope_school_id
          WHERE s.enrolment_status = 'enrolled' AND s.grade IS NOT NULL AND s.class_name IS NOT NULL
          GROUP BY s.grade, s.class_name
          ORDER BY count(*), s.grade, s.class_name LIMIT 1`,
      );
      if (!classes[0]) throw new Error('the teacher’s school has no classes');
      grade = classes[0].grade;
      className = classes[0].class_name;
      const { rows: children } = await db.query(
        `SELECT s.id FROM students s
           JOIN users t ON t.username = 'school.teacher' AND s.school_id = t.scope_school_id
          WHERE s.grade = $1 AND s.class_name = $2 AND s.enrolment_status = 'enrolled'
            AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
          ORDER BY s.full_name, s.id LIMIT 2`,
        [grade, className],
      );
      if (children.length < 2) throw new Error('fewer than two children without a case in the class');
      [excusedId, unexcusedId] = children.map((c: { id: string }) => c.id);
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('school.teacher takes the roll: two absent, saved, and kept after a reload', async () => {
    await signInFresh('school.teacher');
    await page.getByTestId('nav-attendance').first().waitFor({ state: 'attached' });
    await page.goto(`${baseUrl()}/attendance`);
    await page.getByTestId('roll-pick-class').waitFor();
    // The list scrolls virtually: type the class to find it, as a teacher of a big school would.
    const label = `${GRADE_ZH[grade]}年级${className}`;
    await choose(page, 'roll-class', `${label} · `, label);
    await page.waitForURL(/grade=/);
    await row(excusedId).waitFor();

    // Everyone starts present.
    const size = await page.getByTestId('roll-row').count();
    classSize = size;
    expect(await rollCounts()).toEqual({ expected: size, present: size, absent: 0 });
    expect(await page.locator('[data-testid="roll-row"]:not([data-mark="present"])').count()).toBe(0);

    // Each tap is waited for on the page before the next: the reason chips that open under an
    // excused child move the rows below, and a loaded machine may render a tap a frame late.
    await row(excusedId).getByTestId('mark-excused').click();
    await marked(excusedId, 'excused');
    await row(excusedId).getByTestId('reason-sick').click();
    await row(excusedId).locator('[data-testid="reason-sick"][aria-pressed="true"]').waitFor();
    await row(unexcusedId).getByTestId('mark-unexcused').click();
    await marked(unexcusedId, 'unexcused');
    expect(await rollCounts()).toEqual({ expected: size, present: size - 2, absent: 2 });
    await page.getByTestId('roll-unsaved').waitFor();
    await shot('1-marked-360');
    // The page itself does not scroll sideways on a 360 px phone.
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(1);

    // The tap targets are at least 44 px.
    const target = await row(unexcusedId).getByTestId('mark-late').boundingBox();
    expect(target?.height).toBeGreaterThanOrEqual(44);
    expect(target?.width).toBeGreaterThanOrEqual(44);

    await page.getByTestId('roll-save').click();
    await page.getByTestId('roll-saved').waitFor();
    expect(await page.getByTestId('roll-opened-cases').count()).toBe(0);

    await page.reload();
    await row(excusedId).waitFor();
    expect(await row(excusedId).getAttribute('data-mark')).toBe('excused');
    expect(await row(excusedId).getByTestId('reason-sick').getAttribute('aria-pressed')).toBe('true');
    expect(await row(unexcusedId).getAttribute('data-mark')).toBe('unexcused');
    expect(await page.locator('[data-testid="roll-row"][data-mark="present"]').count()).toBe(size - 2);
    expect(await rollCounts()).toEqual({ expected: size, present: size - 2, absent: 2 });
    expect(await page.getByTestId('roll-state').getAttribute('data-taken')).toBe('true');
    expect(await page.getByTestId('roll-state').innerText()).toContain('已点名');
    await shot('2-saved-360');

    const stored = await withDb(async (db) => {
      const { rows } = await db.query(
        `SELECT student_id, mark::text AS mark, excuse_reason::text AS reason FROM attendance_records
          WHERE date = $1 AND student_id = ANY($2::uuid[]) ORDER BY mark`,
        [today, [excusedId, unexcusedId]],
      );
      return rows;
    });
    expect(stored).toEqual([
      { student_id: excusedId, mark: 'excused', reason: 'sick' },
      { student_id: unexcusedId, mark: 'unexcused', reason: null },
    ]);
  }, 180_000);

  it('school.teacher opens the watch list (重点关注学生) of the school, narrowed to the class', async () => {
    await page.goto(`${baseUrl()}/attendance/watch-list`);
    await page.locator('[data-testid="watch-entry"], [data-testid="watch-empty"]').first().waitFor();
    expect(await page.locator('bx-list-error').count()).toBe(0);
    const scores = (await page.getByTestId('watch-score').allInnerTexts()).map(Number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const label = `${GRADE_ZH[grade]}年级${className}`;
    await choose(page, 'watch-class', label, label);
    await page.locator('[data-testid="watch-entry"], [data-testid="watch-empty"]').first().waitFor();
    expect(await page.locator('bx-list-error').count()).toBe(0);
    await shot('5-watch-list-360');
  }, 90_000);

  /** 应到/实到/未到 in the bureau leader's scope on a day, counted from the records. */
  const zoneCounts = (day: string): Promise<Counts> =>
    withDb(async (db) => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS expected,
                count(*) FILTER (WHERE r.mark IN ('present', 'late'))::int AS present,
                count(*) FILTER (WHERE r.mark IN ('excused', 'unexcused'))::int AS absent
           FROM attendance_records r
           JOIN organisations o ON o.id = r.school_id
           JOIN users u ON u.username = 'bureau.leader'
          WHERE r.date = $1 AND o.region_path LIKE u.scope_path || '%'`,
        [day],
      );
      return rows[0] as Counts;
    });

  const summaryCounts = async (): Promise<Counts> => ({
    expected: await number('summary-expected'),
    present: await number('summary-present'),
    absent: await number('summary-absent'),
  });

  it('bureau.leader sees the day’s 应到/实到/未到 for the zone, as the records count them', async () => {
    const expected = await zoneCounts(today);
    expect(expected.absent).toBeGreaterThanOrEqual(2);

    await signInFresh('bureau.leader');
    await page.goto(`${baseUrl()}/attendance/summary`);
    await page.getByTestId('summary-node-name').waitFor();
    expect(await page.getByTestId('summary-headline').getAttribute('data-ref')).toMatch(/^region:/);
    const zoneName = (await page.getByTestId('summary-node-name').innerText()).trim();
    expect(await summaryCounts()).toEqual(expected);
    expect(await number('summary-excused')).toBeGreaterThanOrEqual(1);
    expect(await number('summary-unexcused')).toBeGreaterThanOrEqual(1);
    await shot('3-zone-summary-360');
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(1);

    // Drill down to the teacher's school: its class shows the roll just taken.
    const { schoolId, ancestors } = await withDb(async (db) => {
      const { rows } = await db.query(
        `SELECT o.id AS school_id, r.id AS region_id FROM users t
           JOIN organisations o ON o.id = t.scope_school_id
           JOIN regions r ON o.region_path LIKE r.path || '%'
          WHERE t.username = 'school.teacher'`,
      );
      return {
        schoolId: rows[0].school_id as string,
        ancestors: rows.map((r: { region_id: string }) => `region:${r.region_id}`),
      };
    });
    for (let level = 0; level < 5; level++) {
      const refs = await page
        .getByTestId('summary-row')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ref') ?? ''));
      const next =
        refs.find((ref) => ref === `school:${schoolId}`) ?? refs.find((ref) => ancestors.includes(ref));
      if (!next) throw new Error(`no way down to the teacher's school among ${refs.join(', ')}`);
      await page
        .locator(`[data-testid="summary-row"][data-ref="${next}"] [data-testid="summary-row-link"]`)
        .click();
      await page.locator(`[data-testid="summary-headline"][data-ref="${next}"]`).waitFor();
      if (next.startsWith('school:')) break;
    }
    // The breadcrumb is the path taken, from the zone down.
    expect((await page.getByTestId('crumb').allInnerTexts())[0]).toBe(zoneName);
    const classRow = page.locator(
      `[data-testid="summary-row"][data-ref="class:${schoolId}:${grade}:${className}"]`,
    );
    const cells = (await classRow.locator('td').allInnerTexts()).map((t) => t.trim());
    // 应到, 实到, 未到, 迟到, 请假, 无故缺勤, 未点名
    expect(cells.slice(0, 6)).toEqual([String(classSize), String(classSize - 2), '2', '0', '1', '1']);
    expect(cells[6]).toBe('0 / 1');
    await shot('4-school-summary-360');

    // Back to the zone through the breadcrumb.
    await page.getByTestId('crumb').first().click();
    await page.locator('[data-testid="summary-headline"][data-ref^="region:"]').first().waitFor();
    expect((await page.getByTestId('summary-node-name').innerText()).trim()).toBe(zoneName);

    // Another day: its own figures (the roll above was today's).
    const yesterday = new Date(Date.now() + 8 * 60 * 60 * 1000 - DAY_MS).toISOString().slice(0, 10);
    const before = await zoneCounts(yesterday);
    await page.getByTestId('summary-date').fill(yesterday);
    await page.waitForURL(new RegExp(`date=${yesterday}`));
    await page.getByTestId('summary-day').filter({ hasText: yesterday }).waitFor();
    expect(await summaryCounts()).toEqual(before);
  }, 120_000);
});
