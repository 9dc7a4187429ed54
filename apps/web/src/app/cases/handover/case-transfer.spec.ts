import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { CaseState, CaseTransfer as CaseTransferView, OfferTransferRequest } from '@baoxue/contracts';
import type { Role } from '@baoxue/domain';
import { AuthStore } from '../../auth/auth.store';
import { aUser } from '../../testing/users';
import { CaseTransfer } from './case-transfer';
import {
  aCaseDetail,
  aCaseTransfer,
  allTestIds,
  byTestId,
  click,
  settle,
  setUpHandoverTest,
  type,
} from './handover-testing';

describe(CaseTransfer.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<CaseTransfer>;

  type Page = { form: { patchValue(value: object): void }; search(q: string): Promise<void> };
  const page = (): Page => fixture.componentInstance as unknown as Page;

  beforeEach(() => {
    setUpHandoverTest(CaseTransfer, 'bureau_officer');
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    fixture?.destroy();
  });

  async function render(items: CaseTransferView[] = [], state: CaseState = 'persuading'): Promise<void> {
    fixture = TestBed.createComponent(CaseTransfer);
    fixture.componentRef.setInput('caseDetail', aCaseDetail({ state }));
    await settle(fixture);
    backend.expectOne('/api/cases/c-1/transfers').flush(items);
    await settle(fixture);
  }

  it('shows a pending offer and offers no second one', async () => {
    await render([
      aCaseTransfer(),
      aCaseTransfer({ id: 't-0', status: 'declined', declineReason: '户籍不在本县' }),
    ]);
    expect(byTestId(fixture, 'transfer-pending')?.textContent).toContain('等待嘉祥县接收');
    expect(byTestId(fixture, 'offer-transfer')).toBeNull();
    const rows = allTestIds(fixture, 'case-transfer-row').map((r) => r.textContent ?? '');
    expect(rows[1]).toContain('已拒收');
    expect(rows[1]).toContain('户籍不在本县');
  });

  it('offers the case to a county found by name, with a reason', async () => {
    await render();
    expect(byTestId(fixture, 'transfer-pending')).toBeNull();
    await click(fixture, 'offer-transfer');
    await click(fixture, 'transfer-submit');
    backend.expectNone((r) => r.method === 'POST');

    void page().search('嘉祥');
    backend
      .expectOne((r) => r.url === '/api/transfers/targets' && r.params.get('q') === '嘉祥')
      .flush([{ id: 'r-jx', code: '370829', name: '嘉祥县', kind: 'county' }]);
    await settle(fixture);
    page().form.patchValue({ toRegionId: 'r-jx' });
    await type(fixture, 'transfer-reason', ' 随父母迁居嘉祥县 ');
    const emitted: CaseTransferView[] = [];
    fixture.componentInstance.changed.subscribe((t) => emitted.push(t));
    await click(fixture, 'transfer-submit');
    const post = backend.expectOne((r) => r.method === 'POST' && r.url === '/api/cases/c-1/transfers');
    expect(post.request.body).toEqual<OfferTransferRequest>({
      toRegionId: 'r-jx',
      reason: '随父母迁居嘉祥县',
    });
    const offered = aCaseTransfer();
    post.flush(offered, { status: 201, statusText: 'Created' });
    await settle(fixture);
    expect(emitted).toEqual([offered]);
    backend.expectOne((r) => r.method === 'GET' && r.url === '/api/cases/c-1/transfers').flush([offered]);
    await settle(fixture);
    expect(byTestId(fixture, 'transfer-pending')).not.toBeNull();
    expect(byTestId(fixture, 'offer-transfer')).toBeNull();
  });

  it('shows the field the API refuses', async () => {
    await render();
    await click(fixture, 'offer-transfer');
    page().form.patchValue({ toRegionId: 'r-z' });
    await type(fixture, 'transfer-reason', '迁居');
    await click(fixture, 'transfer-submit');
    backend
      .expectOne((r) => r.method === 'POST')
      .flush(
        {
          statusCode: 400,
          error: 'Bad Request',
          message: 'x',
          code: 'validation',
          details: [
            {
              field: 'toRegionId',
              rule: 'otherCounty',
              message: "toRegionId must be another county than the case's",
            },
          ],
        },
        { status: 400, statusText: 'Bad Request' },
      );
    await settle(fixture);
    expect(fixture.nativeElement.textContent).toContain('another county');
  });

  it.each<[Role, CaseState]>([
    ['village_official', 'persuading'],
    ['bureau_leader', 'persuading'],
    ['bureau_officer', 'closed'],
  ])('offers no transfer to %s on a %s case', async (role, state) => {
    TestBed.inject(AuthStore).user.set(aUser({ role }));
    await render([], state);
    expect(byTestId(fixture, 'offer-transfer')).toBeNull();
  });
});
