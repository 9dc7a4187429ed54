import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture } from '@angular/core/testing';
import type { CountySettings } from '@baoxue/contracts';
import { caseSettings, DEFAULT_CASE_SETTINGS } from '@baoxue/domain';
import { ReminderSettingsPage } from './reminder-settings.page';
import { answerInvalid, answerStale, createSettingsTest, SettingsTest } from './settings-testing';

function aCounty(regionId: string, overrides: Partial<CountySettings> = {}): CountySettings {
  return {
    regionId,
    regionName: regionId === 'r-z' ? '济宁经济技术开发区' : '嘉祥县',
    settings: caseSettings({ holidays: ['2026-10-01'] }),
    isDefault: false,
    defaults: caseSettings(),
    version: 3,
    updatedAt: '2026-09-01T00:00:00Z',
    ...overrides,
  };
}

describe(ReminderSettingsPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<ReminderSettingsPage>;

  let test: SettingsTest<ReminderSettingsPage>;

  const settle = (): Promise<void> => test.settle();
  const element = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string): HTMLElement | null => test.byTestId(id);
  const numberInput = (field: string): HTMLInputElement =>
    element().querySelector(`[data-testid="setting-${field}"] input`) as HTMLInputElement;
  const setNumber = async (field: string, value: string): Promise<void> => {
    const input = numberInput(field);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
    await settle();
  };
  const save = async (): Promise<void> => {
    (byTestId('settings-save') as HTMLButtonElement).click();
    await settle();
  };
  const expectPut = (): TestRequest =>
    backend.expectOne((r) => r.method === 'PUT' && r.url === '/api/settings/reminders/r-z');

  beforeEach(async () => {
    test = await createSettingsTest(ReminderSettingsPage);
    ({ backend, fixture } = test);
    backend.expectOne((r) => r.url === '/api/notification-channels').flush([]);
    backend.expectOne('/api/settings/reminders').flush([aCounty('r-z'), aCounty('r-j')]);
    await settle();
  });

  afterEach(() => backend.verify());

  it('shows the first county’s rules with labels and units, its holidays as tags', () => {
    expect(element().textContent).toContain('济宁经济技术开发区');
    expect(byTestId('settings-state')?.textContent).toContain('已自定义');
    expect(numberInput('followUpDays').value).toBe('7');
    expect(byTestId('setting-followUpDays')?.textContent).toContain('劝返跟进间隔');
    expect(byTestId('setting-verificationWorkingDays')?.textContent).toContain('个工作日');
    expect(byTestId('setting-dates-holidays')?.textContent).toContain('2026-10-01');
    const checkIns = Array.from(byTestId('setting-check-ins')?.querySelectorAll('nz-tag') ?? []);
    expect(checkIns.map((tag) => tag.textContent?.trim())).toEqual(['7', '30', '60', '90']);
  });

  it('saves the edited rules with the version read', async () => {
    await setNumber('followUpDays', '5');
    await save();
    const put = expectPut();
    expect(put.request.body).toEqual({
      settings: { ...caseSettings({ holidays: ['2026-10-01'] }), followUpDays: 5 },
      version: 3,
    });
    put.flush(aCounty('r-z', { settings: caseSettings({ followUpDays: 5 }), version: 4 }));
    await settle();
    expect(numberInput('followUpDays').value).toBe('5');
  });

  it('names a broken rule at its field and sends nothing', async () => {
    await setNumber('escalateToBureauLeaderDays', '2');
    expect(byTestId('setting-problem-escalateToBureauLeaderDays')?.textContent).toContain(
      '须多于“逾期后上报上一级”的天数',
    );
    await save();
    backend.expectNone((r) => r.method === 'PUT');
    expect(byTestId('settings-problems')?.textContent).toContain('请先更正标红的项');
  });

  it('shows the server’s 400 details at their fields', async () => {
    await save();
    answerInvalid(expectPut(), [
      { field: 'settings.schoolMonthlyReportDay', rule: 'max', message: 'must be at most 31' },
    ]);
    await settle();
    expect(byTestId('setting-problem-schoolMonthlyReportDay')?.textContent).toContain('不能大于 31');
  });

  it('on 409 tells the user to reload, and reloading fetches the county again', async () => {
    await save();
    answerStale(expectPut(), 'settings.stale_version');
    await settle();
    expect(byTestId('settings-conflict')?.textContent).toContain('请重新加载');
    expect((byTestId('settings-save') as HTMLButtonElement).disabled).toBe(true);
    (byTestId('settings-conflict')?.querySelector('button') as HTMLButtonElement).click();
    backend.expectOne('/api/settings/reminders/r-z').flush(aCounty('r-z', { version: 5 }));
    await settle();
    expect(byTestId('settings-conflict')).toBeNull();
  });

  it('恢复默认 fills in the defaults, saved only with 保存', async () => {
    (byTestId('settings-defaults') as HTMLButtonElement).click();
    await settle();
    backend.expectNone((r) => r.method === 'PUT');
    expect(byTestId('setting-dates-holidays')?.textContent).not.toContain('2026-10-01');
    await save();
    expect(expectPut().request.body.settings).toEqual(DEFAULT_CASE_SETTINGS);
  });
});
