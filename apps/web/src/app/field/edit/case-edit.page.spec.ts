import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { FieldCaseCard } from '@baoxue/contracts';
import { AuthStore } from '../../auth/auth.store';
import { NetworkStatus } from '../../offline/network-status';
import { Outbox } from '../../offline/outbox';
import { MemoryOutboxStore, OUTBOX_STORE } from '../../offline/outbox-store';
import { FakeCaseServer } from '../../offline/outbox-testing';
import { OUTBOX_TRANSPORT } from '../../offline/outbox-transport';
import { provideTestI18n } from '../../testing/i18n-testing';
import { aUser } from '../../testing/users';
import { FieldData } from '../field-data';
import { CaseEditPage } from './case-edit.page';

const CARD = {
  caseId: 'case-1',
  version: 3,
  state: 'persuading',
  whereabouts: null,
  plan: null,
  reasonNote: '厌学',
  student: { id: 's-1', fullName: '张小明' },
  guardians: [],
} as unknown as FieldCaseCard;

describe(CaseEditPage.name, () => {
  let fixture: ComponentFixture<CaseEditPage>;
  let server: FakeCaseServer;
  let online: ReturnType<typeof signal<boolean>>;
  let navigate: jest.SpyInstance;
  const el = (testId: string): HTMLElement =>
    fixture.nativeElement.querySelector(`[data-testid="${testId}"]`) as HTMLElement;

  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) {
      TestBed.tick();
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    }
  };

  beforeEach(async () => {
    server = new FakeCaseServer();
    online = signal(false);
    TestBed.configureTestingModule({
      imports: [CaseEditPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTestI18n(),
        { provide: OUTBOX_STORE, useValue: new MemoryOutboxStore() },
        { provide: OUTBOX_TRANSPORT, useValue: server },
        { provide: NetworkStatus, useValue: { online } },
        {
          provide: FieldData,
          useValue: { card: async () => CARD, fetchedAt: signal('2026-12-01T00:00:00Z') },
        },
      ],
    });
    TestBed.inject(AuthStore).user.set(aUser());
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(CaseEditPage);
    fixture.componentRef.setInput('id', 'case-1');
    await settle();
  });

  function type(testId: string, value: string): void {
    const input = el(testId) as HTMLTextAreaElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  it('queues only the changed fields with the version read', async () => {
    expect((el('edit-reasonNote') as HTMLTextAreaElement).value).toBe('厌学');
    type('edit-plan', '每周家访一次');
    el('edit-save').click();
    await settle();
    const [entry] = TestBed.inject(Outbox).entries();
    expect(entry.edit).toEqual({ version: 3, plan: '每周家访一次' });
    expect(navigate).toHaveBeenCalledWith(['/field/cases', 'case-1']);
  });

  it('says so when nothing changed', async () => {
    el('edit-save').click();
    await settle();
    expect(el('edit-nothing')).not.toBeNull();
    expect(TestBed.inject(Outbox).entries()).toEqual([]);
  });

  it('shows a conflict side by side and sends the user’s choice', async () => {
    type('edit-plan', '每周家访一次');
    el('edit-save').click();
    await settle();
    server.otherEdit('plan', '联系学校安排补课');
    online.set(true);
    await settle();

    expect(el('conflict-plan-mine').textContent).toContain('每周家访一次');
    expect(el('conflict-plan-theirs').textContent).toContain('联系学校安排补课');
    expect((el('conflict-send') as HTMLButtonElement).disabled).toBe(true);
    // One decision at a time: the form waits until the conflict is settled.
    expect(el('edit-save')).toBeNull();

    el('conflict-plan-mine').click();
    await settle();
    el('conflict-send').click();
    await settle();

    expect(server.fields.plan).toBe('每周家访一次');
    expect(el('edit-conflict')).toBeNull();
    expect(navigate).toHaveBeenLastCalledWith(['/field/cases', 'case-1']);
  });
});
