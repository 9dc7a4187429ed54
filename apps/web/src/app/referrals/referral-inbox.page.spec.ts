import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { Page, ReferralInboxItem } from '@baoxue/contracts';
import {
  aReferral,
  allTestIds,
  byTestId,
  click,
  settle,
  setUpHandoverTest,
  type,
} from '../cases/handover/handover-testing';
import { ReferralInboxPage } from './referral-inbox.page';

const INBOX = '/api/referrals';

describe(ReferralInboxPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<ReferralInboxPage>;

  const page = (items: ReferralInboxItem[]): Page<ReferralInboxItem> => ({
    items,
    total: items.length,
    page: 1,
    pageSize: 20,
  });

  beforeEach(() => {
    setUpHandoverTest(ReferralInboxPage, 'department_liaison');
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    fixture?.destroy();
  });

  async function render(items: ReferralInboxItem[]): Promise<void> {
    fixture = TestBed.createComponent(ReferralInboxPage);
    await settle(fixture);
    const request = backend.expectOne((r) => r.url === INBOX);
    expect(request.request.params.get('status')).toBeNull();
    request.flush(page(items));
    await settle(fixture);
  }

  it('lists the referrals with the masked child and opens one', async () => {
    await render([aReferral(), aReferral({ id: 'r-2', status: 'accepted', version: 2 })]);
    const rows = allTestIds(fixture, 'referral-row');
    expect(rows).toHaveLength(2);
    const text = rows[0].textContent ?? '';
    expect(text).toContain('王小明');
    expect(text).toContain('370829********123X');
    expect(text).toContain('13 岁');
    expect(text).toContain('济宁市济宁经济技术开发区疃里镇进士张村');
    expect(text).toContain('查找去向');
    expect(text).toContain('待受理');
    expect(byTestId(fixture, 'referral-detail')).toBeNull();
    (rows[0].querySelector('button') as HTMLButtonElement).click();
    await settle(fixture);
    expect(byTestId(fixture, 'referral-detail')?.textContent).toContain('请协助查找该生及其父母去向');
    expect(byTestId(fixture, 'referral-accept')).not.toBeNull();
    expect(byTestId(fixture, 'referral-decline')).not.toBeNull();
    expect(byTestId(fixture, 'referral-respond')).toBeNull();
  });

  it('accepts with the version read, and then offers to record the outcome', async () => {
    await render([aReferral()]);
    (allTestIds(fixture, 'referral-row')[0].querySelector('button') as HTMLButtonElement).click();
    await settle(fixture);
    await click(fixture, 'referral-accept');
    const accept = backend.expectOne('/api/referrals/r-1/accept');
    expect(accept.request.body).toEqual({ version: 1 });
    accept.flush(aReferral({ status: 'accepted', version: 2 }));
    await settle(fixture);
    expect(byTestId(fixture, 'referral-status')?.textContent).toContain('已受理');

    await click(fixture, 'referral-respond');
    await click(fixture, 'referral-respond-confirm');
    backend.expectNone((r) => r.method === 'POST');
    await type(fixture, 'referral-respond-text', ' 已查明在浙江务工 ');
    await click(fixture, 'referral-respond-confirm');
    const respond = backend.expectOne('/api/referrals/r-1/respond');
    expect(respond.request.body).toEqual({ version: 2, response: '已查明在浙江务工' });
    respond.flush(aReferral({ status: 'completed', version: 3, response: '已查明在浙江务工' }));
    await settle(fixture);
    expect(byTestId(fixture, 'referral-status')?.textContent).toContain('已反馈');
    expect(byTestId(fixture, 'referral-respond')).toBeNull();
  });

  it('declines with a reason, and says so when someone else acted first', async () => {
    await render([aReferral()]);
    (allTestIds(fixture, 'referral-row')[0].querySelector('button') as HTMLButtonElement).click();
    await settle(fixture);
    await click(fixture, 'referral-decline');
    await type(fixture, 'referral-decline-text', '不属于本部门职责');
    await click(fixture, 'referral-decline-confirm');
    const decline = backend.expectOne('/api/referrals/r-1/decline');
    expect(decline.request.body).toEqual({ version: 1, reason: '不属于本部门职责' });
    decline.flush(
      { statusCode: 409, error: 'Conflict', message: 'x', code: 'referral.stale_version' },
      { status: 409, statusText: 'Conflict' },
    );
    await settle(fixture);
    expect(byTestId(fixture, 'referral-detail')?.textContent).toContain('已被他人处理');
  });

  it('filters by status', async () => {
    await render([]);
    expect(fixture.nativeElement.textContent).toContain('暂无转介');
    (fixture.componentInstance as unknown as { filter(s: string): void }).filter('offered');
    backend
      .expectOne((r) => r.url === INBOX && r.params.get('status') === 'offered')
      .flush(page([aReferral()]));
    await settle(fixture);
    expect(allTestIds(fixture, 'referral-row')).toHaveLength(1);
  });
});
