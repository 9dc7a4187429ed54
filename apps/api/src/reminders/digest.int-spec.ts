import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { addDays, chinaInstant, chinaToday } from '@baoxue/domain';
import { Queue } from 'bullmq';
import { openBareCase } from '../../test/bare-case';
import { createTestApp, TestApp } from '../../test/test-app';
import { CommonModule } from '../common/common.module';
import { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { JOBS, QUEUES } from '../queues/queue-names';
import { QueuesModule } from '../queues/queues.module';
import { CountySettingsService } from './county-settings.service';
import { DIGEST_EVERY_MS, DigestService } from './digest.service';
import { DigestModule } from './digest.module';

const VILLAGE = '/37/3708/Z370800001/370829104/370829104209/';
const MAJI = '%/370829108/%';

interface DigestRow {
  username: string;
  title: string;
  body: string;
  link: string;
  dedupe_key: string;
}

/**
 * The daily digest against real PostgreSQL and Redis, with the clock moved around the
 * county's digest time. Only the digest's module is booted (no queue workers), so no
 * reminder or escalation fires meanwhile and each user's work is exactly what the test made.
 */
describe('daily digest', () => {
  let t: TestApp;
  let digest: INestApplicationContext;
  let service: DigestService;
  let today: string;
  let digestTime: string;
  const userIds: Record<string, string> = {};

  const openCase = (studentWhere: string, param: string) => openBareCase(t, studentWhere, [param]);

  const responsible = (caseId: string, username: string) =>
    t.dataSource.query(
      `INSERT INTO case_responsibles (case_id, user_id, name, party, line, level, active)
       VALUES ($1, $2, '负责人', 'village', 'government', 'village', true)`,
      [caseId, userIds[username]],
    );

  const item = (caseId: string, kind: string, dueOffset: number) => {
    const dueOn = addDays(today, dueOffset);
    return t.dataSource.query(
      `INSERT INTO due_items (key, kind, ref, due_on, region_path, status, next_stage, case_id)
       VALUES ($1, $2, $3, $4, $5, 'pending', 'due', $6)`,
      [`test:${caseId}:${kind}:${dueOn}`, kind, dueOn, dueOn, VILLAGE, caseId],
    );
  };

  const digests = (): Promise<DigestRow[]> =>
    t.dataSource.query(
      `SELECT u.username, n.title, n.body, n.link, n.dedupe_key
         FROM notifications n JOIN users u ON u.id = n.recipient_user_id
        WHERE n.kind = 'digest' ORDER BY u.username, n.dedupe_key`,
    );

  /** Moves the shared clock to `time` (China) on `date`. */
  const setChinaTime = (date: string, time: string, deltaMs = 0) =>
    t.clock.advance(chinaInstant(date, time).getTime() + deltaMs - t.clock.now().getTime());

  let villageCase: { id: string; name: string };
  let majiCase: { id: string; name: string };

  beforeAll(async () => {
    t = await createTestApp();
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule, CommonModule, DatabaseModule, QueuesModule, DigestModule],
    })
      .overrideProvider(AppConfig)
      .useValue(t.config)
      .compile();
    digest = await moduleRef.init();
    service = digest.get(DigestService);
    for (const username of ['village.official', 'county.official', 'school.teacher', 'town.official'])
      userIds[username] = (
        await t.dataSource.query('SELECT id FROM users WHERE username = $1', [username])
      )[0].id;

    // A child of the village at another school: the teacher's scope (its school) must not reach
    // this case, whatever order the template's random ids put the village's children in.
    villageCase = await openCase(
      `s.region_path = $1 AND s.school_id IS DISTINCT FROM
         (SELECT scope_school_id FROM users WHERE username = 'school.teacher')`,
      VILLAGE,
    );
    majiCase = await openCase('s.region_path LIKE $1', MAJI);
    // Only the work this test makes: no other item, notification or escalation anywhere.
    await t.dataSource.query('DELETE FROM notification_deliveries');
    await t.dataSource.query('DELETE FROM notifications');
    await t.dataSource.query('DELETE FROM due_items');

    digestTime = (await digest.get(CountySettingsService).settingsFor(VILLAGE, { fresh: true })).digestTime;
    // Tomorrow, one minute before the county's digest time.
    today = addDays(chinaToday(t.clock.now()), 1);
    setChinaTime(today, digestTime, -60_000);
    expect(chinaToday(t.clock.now())).toBe(today);

    // village.official: one due today, two overdue. county.official: one overdue (another case).
    // school.teacher: only work due later. town.official: none.
    await responsible(villageCase.id, 'village.official');
    await item(villageCase.id, 'follow_up', 0);
    await item(villageCase.id, 'verification', -3);
    await item(villageCase.id, 'written_order', -1);
    await responsible(majiCase.id, 'county.official');
    await item(majiCase.id, 'follow_up', -5);
    await responsible(majiCase.id, 'school.teacher');
    await item(villageCase.id, 'monitoring_check_in', 3);
    await responsible(villageCase.id, 'school.teacher');
  });

  afterAll(async () => {
    await digest?.close();
    await t?.close();
  });

  it('is scheduled every 15 minutes on the maintenance queue', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.maintenance), { strict: false });
    const scheduler = await queue.getJobScheduler(JOBS.digestSend);
    expect(scheduler).toMatchObject({ name: JOBS.digestSend, every: DIGEST_EVERY_MS });
  });

  it('sends nothing before the digest time', async () => {
    expect(await service.run()).toEqual({ checked: 0, sent: 0 });
    expect(await digests()).toEqual([]);
  });

  it('sends one digest to each user with work due today or overdue, none to the others', async () => {
    t.clock.advance(60_000);
    expect((await service.run()).sent).toBe(2);
    const rows = await digests();
    expect(rows.map((row) => [row.username, row.title, row.dedupe_key, row.link])).toEqual([
      [
        'county.official',
        '【每日待办】今日到期 0 项，逾期 1 项',
        `digest:${today}:${userIds['county.official']}`,
        '/work',
      ],
      [
        'village.official',
        '【每日待办】今日到期 1 项，逾期 2 项',
        `digest:${today}:${userIds['village.official']}`,
        '/work',
      ],
    ]);
    const village = rows[1].body.split('\n');
    expect(village).toEqual([
      '今日到期 1 项，逾期 2 项：',
      `· 逾期3天｜核查｜${[...villageCase.name][0]}*`,
      `· 逾期1天｜限期返校期满｜${[...villageCase.name][0]}*`,
      `· 今日到期｜劝返跟进｜${[...villageCase.name][0]}*`,
    ]);
    // Never the child's full name, in any digest.
    for (const row of rows) {
      expect(row.title + row.body).not.toContain(villageCase.name);
      expect(row.title + row.body).not.toContain(majiCase.name);
    }
  });

  it('sends nothing new when it runs again that day', async () => {
    expect((await service.run()).sent).toBe(0);
    t.clock.advance(3 * 3600_000);
    expect((await service.run()).sent).toBe(0);
    expect(await digests()).toHaveLength(2);
  });

  it('sends the next day a new digest, once its digest time has come', async () => {
    const tomorrow = addDays(today, 1);
    setChinaTime(tomorrow, digestTime, -60_000);
    expect((await service.run()).sent).toBe(0);
    t.clock.advance(60_000);
    expect((await service.run()).sent).toBe(2);
    const next = (await digests()).filter((row) => row.dedupe_key.startsWith(`digest:${tomorrow}:`));
    expect(next.map((row) => [row.username, row.title])).toEqual([
      ['county.official', '【每日待办】今日到期 0 项，逾期 1 项'],
      ['village.official', '【每日待办】今日到期 0 项，逾期 3 项'],
    ]);
  });
});
