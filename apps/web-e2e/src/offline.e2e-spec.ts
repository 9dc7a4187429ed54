import { mkdirSync } from 'node:fs';
import { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { Client } from 'pg';
import type { CaseDetail, CaseIntervention } from '@baoxue/contracts';
import { apiAs as apiAsUser, apiPost } from './support/api';
import { launchChromium } from './support/browser';
import { baseUrl, E2E } from './support/server';
import { phoneContext, SCREENSHOTS, submitLogin } from './support/session';

const DAY_MS = 24 * 60 * 60 * 1000;
/** YYYY-MM-DD in China, `daysAgo` days before now. */
const chinaDate = (daysAgo = 0): string =>
  new Date(Date.now() + 8 * 60 * 60 * 1000 - daysAgo * DAY_MS).toISOString().slice(0, 10);

/**
 * The field app without a network, on a 360×740 phone: the village official loads the app once
 * online (the service worker installs), records two visits offline (one with a photo), reloads
 * while still offline (the app and its outbox survive), comes back online, and the server has
 * each visit exactly once; a resend after a lost answer stores nothing twice; a visit recorded
 * while someone else changed the case is kept and the official is told what changed; a plan
 * edit that met a newer version is shown side by side for the official to choose; signing out
 * clears what the phone kept.
 */
describe('the field app offline (离线家访)', () => {
  let browser: Browser;
  let db: Client;
  const contexts: BrowserContext[] = [];
  /** Two children of 进士张村 at the teacher's school, each with a case opened for this suite. */
  let caseA: CaseDetail;
  let caseB: CaseDetail;
  let official: APIRequestContext;
  let teacher: APIRequestContext;
  let officer: APIRequestContext;
  let teacherName: string;
  let context: BrowserContext;
  let page: Page;

  const apiAs = (username: string): Promise<APIRequestContext> => apiAsUser(browser, contexts, username);

  async function shot(name: string): Promise<void> {
    await page.screenshot({ path: `${SCREENSHOTS}/offline-${name}.png`, fullPage: true });
  }

  async function interventionsOn(caseId: string): Promise<CaseIntervention[]> {
    const response = await official.get(`${baseUrl()}/api/cases/${caseId}/interventions`);
    expect(response.status()).toBe(200);
    return (await response.json()) as CaseIntervention[];
  }

  async function countRows(sql: string, caseId: string): Promise<number> {
    const { rows } = await db.query<{ n: string }>(sql, [caseId]);
    return Number(rows[0].n);
  }
  const storedInterventions = (caseId: string): Promise<number> =>
    countRows('SELECT count(*) AS n FROM case_interventions WHERE case_id = $1', caseId);
  const storedPhotos = (caseId: string): Promise<number> =>
    countRows(
      `SELECT count(*) AS n FROM case_intervention_photos p
         JOIN case_interventions i ON i.id = p.intervention_id WHERE i.case_id = $1`,
      caseId,
    );

  /** Signs in on the phone and waits for the signed-in shell. */
  async function signInOfficial(target: Page): Promise<void> {
    await submitLogin(target, 'village.official');
    await target.getByTestId('sign-out').waitFor();
  }

  /** A record-a-visit sheet, filled and saved; back on the case card afterwards. */
  async function recordVisit(caseId: string, notes: string, outcome: string, photo?: Buffer): Promise<void> {
    await page.getByTestId(`visit-outcome-${outcome}`).click();
    await page.getByTestId('visit-notes').fill(notes);
    await page.getByTestId('visit-followup-7').click();
    if (photo) {
      await page.getByTestId('visit-photo-input').setInputFiles({
        name: 'visit.jpg',
        mimeType: 'image/jpeg',
        buffer: photo,
      });
      await page.getByTestId('visit-photo-size').filter({ hasText: '压缩后' }).waitFor();
    }
    await page.getByTestId('visit-save').click();
    await page.waitForURL(new RegExp(`/field/cases/${caseId}$`));
  }

  /** The chip in the header: "N 条等待发送" while N writes wait (absent once nothing does). */
  async function waiting(target: Page): Promise<number> {
    const chip = target.getByTestId('outbox-chip');
    if ((await chip.count()) === 0) return 0;
    return Number((await chip.getAttribute('data-waiting')) ?? '0');
  }

  /** What the page reaches of the API now: 'failed' when nothing answers. */
  const probeApi = (target: Page): Promise<number | string> =>
    target.evaluate(() =>
      fetch('/api/health', { cache: 'no-store' }).then(
        (r) => r.status,
        () => 'failed',
      ),
    );

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    db = new Client({ connectionString: `${E2E.serverUrl}/${E2E.database}` });
    await db.connect();
    const { rows } = await db.query<{ id: string }>(
      `SELECT s.id FROM students s
         JOIN users t ON t.username = 'school.teacher' AND s.school_id = t.scope_school_id
         JOIN users v ON v.username = 'village.official' AND s.region_path = v.scope_path
        WHERE EXISTS (SELECT 1 FROM guardians g WHERE g.student_id = s.id)
          AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.student_id = s.id)
        ORDER BY s.full_name ASC LIMIT 2`,
    );
    if (rows.length < 2)
      throw new Error('two children of the teacher’s school from 进士张 without a case are needed');
    const names = await db.query<{ display_name: string }>(
      `SELECT display_name FROM users WHERE username = 'school.teacher'`,
    );
    teacherName = names.rows[0].display_name;

    teacher = await apiAs('school.teacher');
    officer = await apiAs('bureau.officer');
    official = await apiAs('village.official');
    const open = (studentId: string): Promise<CaseDetail> =>
      apiPost<CaseDetail>(teacher, '/api/cases', {
        studentId,
        type: 'suspected_dropout',
        source: 'school_attendance',
        primaryReason: 'learning_difficulty',
        absentSince: chinaDate(4),
      });
    caseA = await open(rows[0].id);
    caseB = await open(rows[1].id);
    // The village official of the child's village is named responsible on opening.
    expect(caseA.responsibles.some((r) => r.party === 'village' && r.userId !== null)).toBe(true);
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await db?.end();
    await browser?.close();
  });

  it('records two visits offline, survives a reload offline, and sends each exactly once', async () => {
    context = await phoneContext(browser);
    contexts.push(context);
    page = await context.newPage();
    await signInOfficial(page);

    // The service worker takes control and has every file of the app before the network goes.
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, {
      timeout: 90_000,
      polling: 500,
    });
    await page.waitForFunction(
      async () => {
        const manifest = (await (await fetch('/ngsw.json', { cache: 'no-store' })).json()) as {
          assetGroups: { name: string; urls: string[] }[];
        };
        const urls = manifest.assetGroups.find((g) => g.name === 'app')?.urls ?? [];
        const name = (await caches.keys()).find((n) => n.endsWith(':assets:app:cache'));
        if (!name) return false;
        return (await (await caches.open(name)).keys()).length >= urls.length;
      },
      null,
      { timeout: 120_000, polling: 1000 },
    );

    // Installable: a manifest, and the worker and its manifest revalidated on every load.
    const manifest = await official.get(`${baseUrl()}/manifest.webmanifest`);
    expect(await manifest.json()).toMatchObject({ name: '保学', display: 'standalone', start_url: '/' });
    for (const file of ['/ngsw-worker.js', '/ngsw.json'])
      expect((await official.get(`${baseUrl()}${file}`)).headers()['cache-control']).toBe('no-cache');

    // Online once: today's work keeps the cards on the phone; the sheet reads the case.
    const cards = page.waitForResponse((r) => r.url().endsWith('/api/field/cards'), { timeout: 30_000 });
    await page.goto(`${baseUrl()}/field`);
    expect((await cards).status()).toBe(200);
    // The cards are written to IndexedDB after the answer: wait for them before leaving the page.
    await page.waitForFunction(
      async (caseId) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open('bx-field');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        if (!db.objectStoreNames.contains('kept')) return false;
        const kept = await new Promise<{ cards?: { caseId: string }[] } | undefined>((resolve) => {
          const request = db.transaction('kept').objectStore('kept').get('cards');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => resolve(undefined);
        });
        db.close();
        return kept?.cards?.some((c) => c.caseId === caseId) ?? false;
      },
      caseA.id,
      { timeout: 30_000, polling: 250 },
    );
    await page.goto(`${baseUrl()}/field/cases/${caseA.id}/visit`);
    await page.getByTestId('visit-child').filter({ hasText: caseA.student.fullName }).waitFor();

    await context.setOffline(true);
    expect(['failed', 504]).toContain(await probeApi(page));

    await recordVisit(caseA.id, '第一次离线家访：家长在外务工，祖母在家', 'undecided');
    await page.getByTestId('outbox-waiting').filter({ hasText: '1 条等待发送' }).waitFor();

    // The second visit starts from a fresh load of the app, still offline.
    await page.goto(`${baseUrl()}/field/cases/${caseA.id}/visit`);
    await page.getByTestId('visit-child').filter({ hasText: caseA.student.fullName }).waitFor();
    await page.getByTestId('outbox-offline').waitFor();
    // The sheet and the header with its chip fit a 360 px screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shot('0-sheet');
    const jpeg = await page.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 3200;
      canvas.height = 2400;
      const g = canvas.getContext('2d');
      if (!g) throw new Error('no 2d canvas');
      for (let i = 0; i < 400; i++) {
        g.fillStyle = `hsl(${(i * 37) % 360}, 70%, ${30 + (i % 40)}%)`;
        g.fillRect((i * 211) % 3200, (i * 127) % 2400, 240, 180);
      }
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.95));
      if (!blob) throw new Error('no JPEG encoder');
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    });
    const original = Buffer.from(jpeg);
    await recordVisit(caseA.id, '第二次离线家访：见到本人，同意返校', 'willing_to_return', original);
    await page.getByTestId('outbox-waiting').filter({ hasText: '2 条等待发送' }).waitFor();

    // A reload while offline: the app starts from the service worker, the outbox from IndexedDB.
    await page.reload();
    await page.getByTestId('outbox-offline').filter({ hasText: '离线' }).waitFor();
    await page.getByTestId('outbox-waiting').filter({ hasText: '2 条等待发送' }).waitFor();
    await page.getByTestId('outbox-chip').click();
    const entries = page.getByTestId('outbox-entry');
    await entries.nth(1).waitFor();
    expect(await entries.count()).toBe(2);
    expect(await page.getByTestId('outbox-entry-state').allInnerTexts()).toEqual(['等待发送', '等待发送']);
    expect(await entries.nth(1).innerText()).toContain('1 张照片');
    await shot('1-waiting');
    expect(await storedInterventions(caseA.id)).toBe(0);

    // Back online: the outbox sends both, in order, and empties.
    await context.setOffline(false);
    await page.getByTestId('outbox-chip').waitFor({ state: 'detached', timeout: 60_000 });
    // Its own two visits are no news to the official: no "case changed" notice.
    expect(await page.getByTestId('outbox-notice').count()).toBe(0);
    await shot('2-sent');

    const stored = await interventionsOn(caseA.id);
    expect(stored).toHaveLength(2);
    const byNotes = new Map(stored.map((i) => [i.notes ?? '', i]));
    const first = byNotes.get('第一次离线家访：家长在外务工，祖母在家');
    const second = byNotes.get('第二次离线家访：见到本人，同意返校');
    expect(first).toMatchObject({
      kind: 'home_visit',
      outcome: 'undecided',
      occurredOn: chinaDate(),
      photos: [],
    });
    expect(second).toMatchObject({ kind: 'home_visit', outcome: 'willing_to_return' });
    expect(second?.photos).toHaveLength(1);
    // Compressed on the phone: a JPEG well under the original.
    expect(second?.photos[0].contentType).toBe('image/jpeg');
    expect(second?.photos[0].size).toBeLessThan(original.length);
    expect((first?.recordedAt ?? '') < (second?.recordedAt ?? '')).toBe(true);
    expect(await storedInterventions(caseA.id)).toBe(2);
    expect(await storedPhotos(caseA.id)).toBe(1);
  }, 360_000);

  it('stores a visit once when it is sent twice (a resend after a lost answer)', async () => {
    // Replayed through the API with the same client id: the stored record comes back.
    const [existing] = await interventionsOn(caseA.id);
    const replay = await official.post(`${baseUrl()}/api/cases/${caseA.id}/interventions`, {
      data: { clientId: existing.clientId, kind: existing.kind, occurredOn: existing.occurredOn },
    });
    expect(replay.ok()).toBe(true);
    expect(((await replay.json()) as CaseIntervention).id).toBe(existing.id);
    expect(await storedInterventions(caseA.id)).toBe(2);

    // In the browser: the server stores the first POST but its answer never arrives. (Routing
    // cannot see requests a service worker makes, so this phone runs without one.)
    const lossy = await browser.newContext({
      viewport: { width: 360, height: 740 },
      locale: 'zh-CN',
      serviceWorkers: 'block',
    });
    contexts.push(lossy);
    const phone = await lossy.newPage();
    await signInOfficial(phone);
    const posts: number[] = [];
    await phone.route(`**/api/cases/${caseA.id}/interventions`, async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      if (posts.length === 0) {
        const answer = await route.fetch();
        posts.push(answer.status());
        return route.abort('connectionreset');
      }
      posts.push(0);
      return route.fallback();
    });
    await phone.goto(`${baseUrl()}/field/cases/${caseA.id}/visit`);
    await phone.getByTestId('visit-child').filter({ hasText: caseA.student.fullName }).waitFor();
    const previous = page;
    page = phone;
    await recordVisit(caseA.id, '答复丢失后重发的家访', 'undecided');
    page = previous;
    await phone.getByTestId('outbox-chip').waitFor({ state: 'detached', timeout: 60_000 });

    expect(posts.length).toBe(2);
    expect(posts[0]).toBeLessThan(300);
    const stored = await interventionsOn(caseA.id);
    expect(stored.filter((i) => i.notes === '答复丢失后重发的家访')).toHaveLength(1);
    expect(await storedInterventions(caseA.id)).toBe(3);
  }, 180_000);

  it('keeps a visit recorded offline on a case that changed meanwhile, and says what changed', async () => {
    await page.goto(`${baseUrl()}/field/cases/${caseB.id}/visit`);
    await page.getByTestId('visit-child').filter({ hasText: caseB.student.fullName }).waitFor();
    await context.setOffline(true);

    // While the phone is offline, the teacher calls the family and the officer starts verifying.
    await apiPost(teacher, `/api/cases/${caseB.id}/interventions`, {
      clientId: '7f1c2a40-0000-4000-8000-00000000e2e6',
      kind: 'phone_call',
      occurredOn: chinaDate(),
      notes: '电话联系家长',
    });
    const changed = await apiPost<CaseDetail>(
      officer,
      `/api/cases/${caseB.id}/transitions/start_verification`,
      {
        version: caseB.version,
      },
    );
    expect(changed.state).toBe('verifying');

    await recordVisit(caseB.id, '离线期间的家访', 'refuses');
    await page.getByTestId('outbox-waiting').filter({ hasText: '1 条等待发送' }).waitFor();
    await context.setOffline(false);

    const notice = page.getByTestId('outbox-notice').filter({ hasText: caseB.student.fullName });
    await notice.waitFor({ timeout: 60_000 });
    const text = await notice.innerText();
    const day = chinaDate().slice(5);
    expect(text).toContain('发送时个案已有变化');
    expect(text).toContain(`${teacherName} ${day} 记录了一次电话劝返`);
    expect(text).toContain('状态已变为 核查中');
    expect(text).toContain('您的家访记录已保存');
    await shot('3-changed');

    // The visit was appended beside the teacher's call, nothing overwritten.
    const stored = await interventionsOn(caseB.id);
    expect(stored.map((i) => i.notes).sort()).toEqual(['电话联系家长', '离线期间的家访'].sort());

    // The notice stays until dismissed, also across a reload.
    await page.reload();
    await notice.waitFor();
    await notice.getByTestId('outbox-notice-dismiss').click();
    await notice.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByTestId('sign-out').waitFor();
    expect(await page.getByTestId('outbox-notice').count()).toBe(0);
    expect(await waiting(page)).toBe(0);
  }, 180_000);
  it('shows an offline plan edit that met a newer version side by side, and sends the choice', async () => {
    await page.goto(`${baseUrl()}/field/cases/${caseB.id}/edit`);
    await page.getByTestId('edit-plan').waitFor();
    await context.setOffline(true);
    const mine = '每周家访一次，联系学校安排补课';
    await page.getByTestId('edit-plan').fill(mine);
    await page.getByTestId('edit-save').click();
    await page.waitForURL(new RegExp(`/field/cases/${caseB.id}$`));
    await page.getByTestId('outbox-waiting').filter({ hasText: '1 条等待发送' }).waitFor();

    // Meanwhile the teacher writes a different plan on the server.
    const theirs = '学校安排老师结对帮扶';
    const current = (await (await teacher.get(`${baseUrl()}/api/cases/${caseB.id}`)).json()) as CaseDetail;
    const patched = await teacher.patch(`${baseUrl()}/api/cases/${caseB.id}`, {
      data: { version: current.version, plan: theirs },
    });
    expect(patched.status()).toBe(200);

    await context.setOffline(false);
    const held = page.locator('[data-testid="outbox-attention"][data-status="conflict"]');
    await held.waitFor({ timeout: 60_000 });
    await held.getByTestId('outbox-resolve').click();
    await page.waitForURL(new RegExp(`/field/cases/${caseB.id}/edit$`));
    expect(await page.getByTestId('conflict-plan-mine').innerText()).toContain(mine);
    expect(await page.getByTestId('conflict-plan-theirs').innerText()).toContain(theirs);
    await shot('4-conflict');

    await page.getByTestId('conflict-plan-mine').click();
    await page.getByTestId('conflict-send').click();
    await page.getByTestId('edit-conflict').waitFor({ state: 'detached' });
    await page.getByTestId('outbox-chip').waitFor({ state: 'detached', timeout: 60_000 });
    const after = (await (await official.get(`${baseUrl()}/api/cases/${caseB.id}`)).json()) as CaseDetail;
    expect(after.plan).toBe(mine);
    expect(after.version).toBeGreaterThan(current.version + 1);
  }, 180_000);

  it('signing out asks before dropping unsent visits, then clears what the phone kept', async () => {
    await context.setOffline(true);
    await page.goto(`${baseUrl()}/field/cases/${caseB.id}/visit`);
    await page.getByTestId('visit-child').filter({ hasText: caseB.student.fullName }).waitFor();
    await recordVisit(caseB.id, '未发送就退出的家访', 'other');
    await page.getByTestId('outbox-waiting').filter({ hasText: '1 条等待发送' }).waitFor();

    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-out-confirm').filter({ hasText: '还有记录没有发送' }).waitFor();
    await page.getByTestId('sign-out-anyway').click();
    await page.waitForURL(/\/login/);

    const kept = await page.evaluate(async () => {
      const open = (name: string): Promise<IDBDatabase> =>
        new Promise((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      const count = (db: IDBDatabase, store: string): Promise<number> =>
        new Promise((resolve) => {
          const request = db.transaction(store).objectStore(store).count();
          request.onsuccess = () => resolve(request.result);
        });
      const outbox = await open('bx-outbox');
      const field = await open('bx-field');
      return {
        records: await count(outbox, 'records'),
        notices: await count(outbox, 'notices'),
        meta: await count(outbox, 'meta'),
        cards: await count(field, 'kept'),
        session: localStorage.getItem('bx-session'),
      };
    });
    expect(kept).toEqual({ records: 0, notices: 0, meta: 0, cards: 0, session: null });
    await context.setOffline(false);
    // Nothing of it reached the server either: the user chose to drop it.
    const stored = await interventionsOn(caseB.id);
    expect(stored.some((i) => i.notes === '未发送就退出的家访')).toBe(false);
  }, 120_000);
});
