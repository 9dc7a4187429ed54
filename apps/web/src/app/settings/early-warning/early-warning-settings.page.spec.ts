import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture } from '@angular/core/testing';
import type { CountySettings, EarlyWarningSettings } from '@baoxue/contracts';
import { caseSettings, DEFAULT_RISK_RULES, RiskRules, SPECIAL_STATUS_FLAGS } from '@baoxue/domain';
import { answerInvalid, answerStale, createSettingsTest, SettingsTest } from '../settings-testing';
import { EarlyWarningSettingsPage, percentOf } from './early-warning-settings.page';

const ZONE = 'r-z';
const COUNTY = 'r-j';

function aCountyRow(regionId: string): CountySettings {
  return {
    regionId,
    regionName: regionId === ZONE ? '济宁经济技术开发区' : '嘉祥县',
    settings: caseSettings(),
    isDefault: true,
    defaults: caseSettings(),
    version: 0,
    updatedAt: null,
  };
}

function someRules(overrides: Partial<EarlyWarningSettings> = {}): EarlyWarningSettings {
  return {
    countyId: ZONE,
    countyName: '济宁经济技术开发区',
    rules: DEFAULT_RISK_RULES,
    isDefault: true,
    version: 0,
    updatedAt: null,
    ...overrides,
  };
}

/** The rules as the page sends them: every flag listed, 0 where the rules gave none. */
function complete(rules: RiskRules): RiskRules {
  return {
    ...rules,
    flagWeights: Object.fromEntries(SPECIAL_STATUS_FLAGS.map((f) => [f, rules.flagWeights[f] ?? 0])),
  };
}

describe(EarlyWarningSettingsPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<EarlyWarningSettingsPage>;

  let test: SettingsTest<EarlyWarningSettingsPage>;

  const settle = (): Promise<void> => test.settle();
  const element = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string): HTMLElement | null => test.byTestId(id);
  const input = (testId: string): HTMLInputElement =>
    (byTestId(testId)?.matches('input')
      ? byTestId(testId)
      : byTestId(testId)?.querySelector('input')) as HTMLInputElement;
  const type = async (testId: string, value: string): Promise<void> => {
    const box = input(testId);
    box.value = value;
    box.dispatchEvent(new Event('input'));
    box.dispatchEvent(new Event('blur'));
    await settle();
  };
  const click = async (testId: string): Promise<void> => {
    (byTestId(testId) as HTMLButtonElement).click();
    await settle();
  };
  const expectGet = (countyId: string): TestRequest =>
    backend.expectOne(
      (r) =>
        r.method === 'GET' &&
        r.url === '/api/settings/early-warning' &&
        r.params.get('countyId') === countyId,
    );
  const expectPut = (): TestRequest =>
    backend.expectOne(
      (r) =>
        r.method === 'PUT' && r.url === '/api/settings/early-warning' && r.params.get('countyId') === ZONE,
    );

  beforeEach(async () => {
    test = await createSettingsTest(EarlyWarningSettingsPage);
    ({ backend, fixture } = test);
    backend.expectOne('/api/settings/reminders').flush([aCountyRow(ZONE), aCountyRow(COUNTY)]);
    await settle();
    expectGet(ZONE).flush(someRules());
    await settle();
  });

  afterEach(() => backend.verify());

  it('shows the first county’s rules: window, tiers as percentages, every flag, the threshold', () => {
    expect(element().textContent).toContain('济宁经济技术开发区');
    expect(byTestId('risk-state')?.textContent).toContain('使用默认值');
    expect(input('risk-windowSchoolDays').value).toBe('20');
    expect([0, 1, 2].map((i) => input(`risk-tier-below-${i}`).value)).toEqual(['90', '85', '80']);
    expect([0, 1, 2].map((i) => input(`risk-tier-weight-${i}`).value)).toEqual(['10', '20', '30']);
    expect(byTestId('risk-flag-left_behind')?.textContent).toContain('留守儿童');
    expect(input('risk-flag-left_behind').value).toBe('10');
    // A flag the defaults do not weigh shows 0.
    expect(input('risk-flag-migrant').value).toBe('0');
    expect(input('risk-watchFrom').value).toBe('20');
  });

  it('saves the edited rules with the version read and says the scores are being recomputed', async () => {
    await type('risk-tier-below-0', '95');
    await type('risk-previousCaseWeight', '40');
    await type('risk-flag-migrant', '5');
    await click('risk-tier-remove-2');
    await click('risk-save');
    const put = expectPut();
    expect(put.request.body).toEqual({
      rules: complete({
        ...DEFAULT_RISK_RULES,
        attendanceTiers: [
          { below: 0.95, weight: 10 },
          { below: 0.85, weight: 20 },
        ],
        previousCaseWeight: 40,
        flagWeights: { ...DEFAULT_RISK_RULES.flagWeights, migrant: 5 },
      }),
      version: 0,
    });
    put.flush(
      someRules({
        rules: put.request.body.rules,
        isDefault: false,
        version: 1,
        updatedAt: '2026-12-02T01:00:00Z',
      }),
    );
    await settle();
    expect(document.body.textContent).toContain('已保存，正在重新计算风险分');
    expect(byTestId('risk-state')?.textContent).toContain('已自定义');
  });

  it('names broken rules at their fields as they are typed, and sends nothing', async () => {
    await type('risk-tier-below-1', '95');
    expect(byTestId('risk-problem-tier-1')?.textContent).toContain('各档须从高到低排列');
    await type('risk-watchFrom', '0');
    expect(byTestId('risk-problem-watchFrom')?.textContent).toContain('不能小于 1');
    await type('risk-flag-orphan', '2.5');
    expect(byTestId('risk-flag-orphan')?.textContent).toContain('须为整数');
    await click('risk-save');
    backend.expectNone((r) => r.method === 'PUT');
    expect(byTestId('risk-problems')?.textContent).toContain('请先更正标红的项');
  });

  it('adds tiers up to five, each below the last', async () => {
    await click('risk-tier-add');
    expect(input('risk-tier-below-3').value).toBe('75');
    await click('risk-tier-add');
    expect((byTestId('risk-tier-add') as HTMLButtonElement).disabled).toBe(true);
    expect(byTestId('risk-problems')).toBeNull();
  });

  it('shows the server’s 400 details at their fields', async () => {
    await click('risk-save');
    answerInvalid(expectPut(), [
      { field: 'rules.overAge.years', rule: 'max', message: 'overAge.years must be at most 6' },
    ]);
    await settle();
    expect(byTestId('risk-overAge')?.textContent).toContain('不能大于 6');
  });

  it('on 409 tells the user to reload, and reloading fetches the county again', async () => {
    await click('risk-save');
    answerStale(expectPut(), 'early_warning_rules.stale_version');
    await settle();
    expect(byTestId('risk-conflict')?.textContent).toContain('请重新加载');
    expect((byTestId('risk-save') as HTMLButtonElement).disabled).toBe(true);
    (byTestId('risk-conflict')?.querySelector('button') as HTMLButtonElement).click();
    expectGet(ZONE).flush(someRules({ version: 2, isDefault: false }));
    await settle();
    expect(byTestId('risk-conflict')).toBeNull();
  });

  it('picking another county reads its rules', async () => {
    const select = fixture.debugElement.query((d) => d.attributes['data-testid'] === 'risk-county');
    select.triggerEventHandler('ngModelChange', COUNTY);
    await settle();
    expectGet(COUNTY).flush(
      someRules({ countyId: COUNTY, countyName: '嘉祥县', rules: { ...DEFAULT_RISK_RULES, watchFrom: 35 } }),
    );
    await settle();
    expect(input('risk-watchFrom').value).toBe('35');
  });

  it('shows rates as percentages without float noise', () => {
    expect([0.9, 0.07, 0.855, 1].map(percentOf)).toEqual([90, 7, 85.5, 100]);
  });
});
