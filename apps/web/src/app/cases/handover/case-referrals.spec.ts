import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { CaseReferral, CaseState, CreateReferralRequest } from '@baoxue/contracts';
import type { Role } from '@baoxue/domain';
import { AuthStore } from '../../auth/auth.store';
import { aUser } from '../../testing/users';
import { CaseReferrals } from './case-referrals';
import {
  aCaseDetail,
  aCaseReferral,
  allTestIds,
  byTestId,
  click,
  settle,
  setUpHandoverTest,
  type,
} from './handover-testing';

describe(CaseReferrals.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<CaseReferrals>;

  type Page = { form: { patchValue(value: object): void } };
  const page = (): Page => fixture.componentInstance as unknown as Page;

  beforeEach(() => {
    setUpHandoverTest(CaseReferrals, 'bureau_officer');
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    fixture?.destroy();
  });

  async function render(items: CaseReferral[] = [], state: CaseState = 'verifying'): Promise<void> {
    fixture = TestBed.createComponent(CaseReferrals);
    fixture.componentRef.setInput('caseDetail', aCaseDetail({ state }));
    await settle(fixture);
    backend.expectOne('/api/cases/c-1/referrals').flush(items);
    await settle(fixture);
  }

  it('lists the referrals with their status, request and the department’s answer', async () => {
    await render([
      aCaseReferral({ id: 'r-2', status: 'completed', response: '已查明在浙江务工' }),
      aCaseReferral({ status: 'declined', declineReason: '不属于本部门职责' }),
    ]);
    const rows = allTestIds(fixture, 'case-referral-row').map((r) => r.textContent ?? '');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('济宁市公安局经济技术开发区分局');
    expect(rows[0]).toContain('已反馈');
    expect(rows[0]).toContain('查找去向');
    expect(rows[0]).toContain('已查明在浙江务工');
    expect(rows[1]).toContain('已拒绝');
    expect(rows[1]).toContain('不属于本部门职责');
  });

  it('refers to a department covering the child’s place, then reloads and tells the page', async () => {
    await render();
    await click(fixture, 'refer-case');
    backend
      .expectOne('/api/cases/c-1/referral-departments')
      .flush([{ id: 'd-1', name: '济宁市公安局经济技术开发区分局', departmentKind: 'public_security' }]);
    await settle(fixture);
    expect(byTestId(fixture, 'referral-form')).not.toBeNull();

    // Nothing is sent until department, need and request are given.
    await click(fixture, 'referral-submit');
    backend.expectNone((r) => r.method === 'POST');

    page().form.patchValue({ departmentId: 'd-1', need: 'verify_hukou' });
    await type(fixture, 'referral-request', '  请核实该生户籍是否已迁出  ');
    const emitted: CaseReferral[] = [];
    fixture.componentInstance.changed.subscribe((r) => emitted.push(r));
    await click(fixture, 'referral-submit');
    const post = backend.expectOne((r) => r.method === 'POST' && r.url === '/api/cases/c-1/referrals');
    expect(post.request.body).toEqual<CreateReferralRequest>({
      departmentId: 'd-1',
      need: 'verify_hukou',
      request: '请核实该生户籍是否已迁出',
    });
    const made = aCaseReferral({ need: 'verify_hukou', request: '请核实该生户籍是否已迁出' });
    post.flush(made, { status: 201, statusText: 'Created' });
    await settle(fixture);
    expect(emitted).toEqual([made]);
    backend.expectOne((r) => r.method === 'GET' && r.url === '/api/cases/c-1/referrals').flush([made]);
    await settle(fixture);
    expect(byTestId(fixture, 'referral-form')).toBeNull();
    expect(allTestIds(fixture, 'case-referral-row')).toHaveLength(1);
  });

  it('says so when the case is already with that department', async () => {
    await render();
    await click(fixture, 'refer-case');
    backend.expectOne('/api/cases/c-1/referral-departments').flush([]);
    page().form.patchValue({ departmentId: 'd-1', need: 'subsidy' });
    await type(fixture, 'referral-request', '申请救助');
    await click(fixture, 'referral-submit');
    backend
      .expectOne((r) => r.method === 'POST')
      .flush(
        { statusCode: 409, error: 'Conflict', message: 'x', code: 'referral.already_active' },
        { status: 409, statusText: 'Conflict' },
      );
    await settle(fixture);
    expect(fixture.nativeElement.textContent).toContain('该个案已转介给此部门');
    expect(byTestId(fixture, 'referral-form')).not.toBeNull();
  });

  it.each<[Role, CaseState]>([
    ['department_liaison', 'verifying'],
    ['admin', 'verifying'],
    ['bureau_officer', 'closed'],
  ])('offers no referral to %s on a %s case', async (role, state) => {
    TestBed.inject(AuthStore).user.set(aUser({ role }));
    await render([], state);
    expect(byTestId(fixture, 'refer-case')).toBeNull();
  });
});
