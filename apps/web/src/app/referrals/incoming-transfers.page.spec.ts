import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { IncomingTransfer, Page } from '@baoxue/contracts';
import {
  allTestIds,
  aTransfer,
  byTestId,
  click,
  settle,
  setUpHandoverTest,
  type,
} from '../cases/handover/handover-testing';
import { IncomingTransfersPage } from './incoming-transfers.page';

const INCOMING = '/api/transfers/incoming';

describe(IncomingTransfersPage.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<IncomingTransfersPage>;

  const page = (items: IncomingTransfer[]): Page<IncomingTransfer> => ({
    items,
    total: items.length,
    page: 1,
    pageSize: 20,
  });

  beforeEach(() => {
    setUpHandoverTest(IncomingTransfersPage, 'bureau_officer');
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    fixture?.destroy();
  });

  async function render(items: IncomingTransfer[]): Promise<void> {
    fixture = TestBed.createComponent(IncomingTransfersPage);
    await settle(fixture);
    // Pending offers by default.
    backend.expectOne((r) => r.url === INCOMING && r.params.get('status') === 'offered').flush(page(items));
    await settle(fixture);
  }

  it('lists offers to the region with the masked child, the sender and the reason', async () => {
    await render([aTransfer()]);
    const [row] = allTestIds(fixture, 'transfer-row');
    expect(row.textContent).toContain('济宁经济技术开发区 → 嘉祥县');
    expect(row.textContent).toContain('王小明');
    expect(row.textContent).toContain('370829********123X');
    expect(row.textContent).toContain('随父母迁居嘉祥县');
    expect(byTestId(fixture, 'transfer-accept')).not.toBeNull();
  });

  it('accepts with the version read, then links to the case', async () => {
    await render([aTransfer()]);
    await click(fixture, 'transfer-accept');
    const accept = backend.expectOne('/api/transfers/t-1/accept');
    expect(accept.request.body).toEqual({ version: 1 });
    accept.flush(aTransfer({ status: 'accepted', version: 2 }));
    await settle(fixture);
    expect(byTestId(fixture, 'transfer-status')?.textContent).toContain('已接收');
    expect(byTestId(fixture, 'transfer-accept')).toBeNull();
    expect(byTestId(fixture, 'transfer-case-link')?.getAttribute('href')).toBe('/cases/c-1');
  });

  it('declines only with a reason', async () => {
    await render([aTransfer()]);
    await click(fixture, 'transfer-decline');
    await click(fixture, 'transfer-decline-confirm');
    backend.expectNone((r) => r.method === 'POST');
    await type(fixture, 'transfer-decline-text', '经核实该生户籍不在本县');
    await click(fixture, 'transfer-decline-confirm');
    const decline = backend.expectOne('/api/transfers/t-1/decline');
    expect(decline.request.body).toEqual({ version: 1, reason: '经核实该生户籍不在本县' });
    decline.flush(aTransfer({ status: 'declined', version: 2, declineReason: '经核实该生户籍不在本县' }));
    await settle(fixture);
    expect(byTestId(fixture, 'transfer-status')?.textContent).toContain('已拒收');
  });

  it('says so when another officer decided first', async () => {
    await render([aTransfer()]);
    await click(fixture, 'transfer-accept');
    backend
      .expectOne('/api/transfers/t-1/accept')
      .flush(
        { statusCode: 409, error: 'Conflict', message: 'x', code: 'transfer.stale_version' },
        { status: 409, statusText: 'Conflict' },
      );
    await settle(fixture);
    expect(allTestIds(fixture, 'transfer-row')[0].textContent).toContain('已被他人处理');
  });
});
