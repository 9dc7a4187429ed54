import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type {
  CaseDetail,
  CaseReferral,
  CaseTransfer,
  HandoverCase,
  HandoverChild,
  IncomingTransfer,
  ReferralInboxItem,
} from '@baoxue/contracts';
import type { Role } from '@baoxue/domain';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { AuthStore } from '../../auth/auth.store';
import { APP_ICONS } from '../../shared/ui/icons';
import { provideTestI18n } from '../../testing/i18n-testing';
import { aUser } from '../../testing/users';

/** Test bed for the referral and transfer components, signed in with `role`. */
export function setUpHandoverTest(component: unknown, role: Role): void {
  TestBed.configureTestingModule({
    imports: [component as never],
    providers: [
      provideRouter([]),
      provideHttpClient(),
      provideHttpClientTesting(),
      provideTestI18n(),
      provideNzIcons(APP_ICONS),
    ],
  });
  TestBed.inject(AuthStore).user.set(aUser({ role }));
}

/** Lets pending promises and change detection run. */
export async function settle(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve));
  await fixture.whenStable();
}

export function byTestId<T extends Element = HTMLElement>(
  fixture: ComponentFixture<unknown>,
  id: string,
): T | null {
  return (fixture.nativeElement as HTMLElement).querySelector<T>(`[data-testid="${id}"]`);
}

export function allTestIds(fixture: ComponentFixture<unknown>, id: string): HTMLElement[] {
  return Array.from(
    (fixture.nativeElement as HTMLElement).querySelectorAll<HTMLElement>(`[data-testid="${id}"]`),
  );
}

export async function click(fixture: ComponentFixture<unknown>, id: string): Promise<void> {
  const element = byTestId<HTMLElement>(fixture, id);
  if (!element) throw new Error(`no ${id}`);
  element.click();
  await settle(fixture);
}

/** Types into a text box or area found by test id. */
export async function type(fixture: ComponentFixture<unknown>, id: string, value: string): Promise<void> {
  const box = byTestId<HTMLTextAreaElement>(fixture, id);
  if (!box) throw new Error(`no ${id}`);
  box.value = value;
  box.dispatchEvent(new Event('input'));
  await settle(fixture);
}

/** The case page's detail, with what the components read. */
export function aCaseDetail(overrides: Partial<CaseDetail> = {}): CaseDetail {
  return { id: 'c-1', state: 'verifying', version: 3, ...overrides } as CaseDetail;
}

const CHILD: HandoverChild = {
  fullName: '王小明',
  idNumberMasked: '370829********123X',
  sex: 'male',
  age: 13,
  householdPlace: '济宁市济宁经济技术开发区疃里镇进士张村',
};
const CASE: HandoverCase = {
  id: 'c-1',
  type: 'suspected_dropout',
  state: 'verifying',
  primaryReason: 'working_away',
  otherReasons: [],
};

export function aReferral(overrides: Partial<ReferralInboxItem> = {}): ReferralInboxItem {
  return {
    id: 'r-1',
    caseId: 'c-1',
    department: { id: 'd-1', name: '济宁市公安局经济技术开发区分局', departmentKind: 'public_security' },
    need: 'trace_whereabouts',
    request: '请协助查找该生及其父母去向',
    status: 'offered',
    referredByName: '李专干',
    referredByOrganisation: '济宁经济技术开发区教育局',
    referredAt: '2026-09-05T02:00:00Z',
    decidedByName: null,
    decidedAt: null,
    declineReason: null,
    response: null,
    respondedByName: null,
    respondedAt: null,
    version: 1,
    child: CHILD,
    case: CASE,
    ...overrides,
  };
}

/** The case side's view of a referral (no child). */
export function aCaseReferral(overrides: Partial<CaseReferral> = {}): CaseReferral {
  const { child: _child, case: _case, ...referral } = aReferral(overrides);
  return referral;
}

export function aTransfer(overrides: Partial<IncomingTransfer> = {}): IncomingTransfer {
  return {
    id: 't-1',
    caseId: 'c-1',
    fromRegion: { id: 'r-z', code: 'Z370800001', name: '济宁经济技术开发区', kind: 'zone' },
    toRegion: { id: 'r-jx', code: '370829', name: '嘉祥县', kind: 'county' },
    status: 'offered',
    reason: '随父母迁居嘉祥县',
    offeredByName: '李专干',
    offeredAt: '2026-09-05T02:00:00Z',
    decidedByName: null,
    decidedAt: null,
    declineReason: null,
    version: 1,
    child: CHILD,
    case: CASE,
    ...overrides,
  };
}

export function aCaseTransfer(overrides: Partial<CaseTransfer> = {}): CaseTransfer {
  const { child: _child, case: _case, ...transfer } = aTransfer(overrides);
  return transfer;
}
