import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { FieldCaseCard } from '@baoxue/contracts';
import { chinaToday } from '@baoxue/domain';
import { AuthStore } from '../../auth/auth.store';
import { NetworkStatus } from '../../offline/network-status';
import { MemoryOutboxStore, OUTBOX_STORE } from '../../offline/outbox-store';
import { FakeCaseServer } from '../../offline/outbox-testing';
import { OUTBOX_TRANSPORT } from '../../offline/outbox-transport';
import { provideTestI18n } from '../../testing/i18n-testing';
import { aUser } from '../../testing/users';
import { FieldData } from '../field-data';
import { followUpOn } from './visit-form';
import { VisitSheetPage } from './visit-sheet.page';

const CARD = {
  caseId: 'case-1',
  version: 5,
  state: 'persuading',
  whereabouts: '在家',
  plan: null,
  reasonNote: null,
  student: { id: 's-1', fullName: '张小明' },
  guardians: [{ id: 'g-1', fullName: '张大山', relation: 'father', phone: '13800000000' }],
} as unknown as FieldCaseCard;

describe(VisitSheetPage.name, () => {
  let fixture: ComponentFixture<VisitSheetPage>;
  let store: MemoryOutboxStore;
  let navigate: jest.SpyInstance;
  const el = (testId: string): HTMLElement =>
    fixture.nativeElement.querySelector(`[data-testid="${testId}"]`) as HTMLElement;

  const settle = async (): Promise<void> => {
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    }
  };

  beforeEach(async () => {
    store = new MemoryOutboxStore();
    TestBed.configureTestingModule({
      imports: [VisitSheetPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTestI18n(),
        { provide: OUTBOX_STORE, useValue: store },
        { provide: OUTBOX_TRANSPORT, useValue: new FakeCaseServer() },
        { provide: NetworkStatus, useValue: { online: signal(false) } },
        {
          provide: FieldData,
          useValue: { card: async () => CARD, fetchedAt: signal('2026-12-01T00:00:00.000Z') },
        },
      ],
    });
    TestBed.inject(AuthStore).user.set(aUser());
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(VisitSheetPage);
    fixture.componentRef.setInput('id', 'case-1');
    await settle();
  });

  function type(testId: string, value: string, event = 'input'): void {
    const input = el(testId) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event(event));
  }

  it('records a visit in a few taps and queues it with what the user saw of the case', async () => {
    expect(el('visit-child').textContent).toContain('张小明');
    el('visit-outcome-willing_to_return').click();
    fixture.nativeElement.querySelector('.chip.small').click();
    type('visit-notes', '家长同意下周一送回学校');
    el('visit-followup-7').click();
    await settle();
    expect(el('visit-outcome-willing_to_return').getAttribute('aria-pressed')).toBe('true');
    expect(el('visit-followup-7').getAttribute('aria-pressed')).toBe('true');

    el('visit-save').click();
    await settle();

    const [record] = await store.records();
    const today = chinaToday(new Date());
    expect(record.visit).toEqual({
      clientId: record.clientId,
      kind: 'home_visit',
      occurredOn: today,
      outcome: 'willing_to_return',
      peoplePresent: '张大山',
      notes: '家长同意下周一送回学校',
      nextFollowUpOn: followUpOn(today, 7),
    });
    expect(record.base).toMatchObject({
      version: 5,
      state: 'persuading',
      readAt: '2026-12-01T00:00:00.000Z',
    });
    expect(record.childName).toBe('张小明');
    expect(navigate).toHaveBeenCalledWith(['/field/cases', 'case-1']);
  });

  it('names a follow-up before the visit and queues nothing', async () => {
    type('visit-date', '2026-11-20', 'change');
    type('visit-followup-date', '2026-11-10', 'change');
    el('visit-save').click();
    await settle();
    expect(el('visit-problem-nextFollowUpOn').textContent).toContain('下次跟进日期不能早于家访日期');
    expect(await store.records()).toEqual([]);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('offers the phone camera for the photo and the location only on a tap', () => {
    const file = el('visit-photo-input') as HTMLInputElement;
    expect(file.getAttribute('accept')).toBe('image/*');
    expect(file.getAttribute('capture')).toBe('environment');
    expect(el('visit-locate').textContent).toContain('记录位置');
  });
});
