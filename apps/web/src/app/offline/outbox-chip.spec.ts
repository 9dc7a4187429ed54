import { computed, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideTestI18n } from '../testing/i18n-testing';
import type { OutboxEntry } from './outbox';
import { Outbox } from './outbox';
import { OutboxBanner } from './outbox-banner';
import { OutboxChip } from './outbox-chip';
import type { CaseChangeNotice } from './outbox-model';

function entry(
  clientId: string,
  status: OutboxEntry['status'],
  extra: Partial<OutboxEntry> = {},
): OutboxEntry {
  return {
    clientId,
    kind: 'visit',
    caseId: 'case-1',
    baseVersion: 3,
    queuedAt: '2026-12-01T02:00:00.000Z',
    lastError: null,
    status,
    childName: '张小明',
    base: { version: 3, state: 'persuading', readAt: '2026-12-01T00:00:00.000Z' },
    photoCount: 0,
    photoBytes: 0,
    ...extra,
  };
}

/** The outbox as the chip and the banner read it. */
function fakeOutbox() {
  const entries = signal<OutboxEntry[]>([]);
  const notices = signal<CaseChangeNotice[]>([]);
  return {
    entries,
    notices,
    online: signal(true),
    syncing: signal(false),
    pending: computed(() => entries().filter((e) => e.status === 'pending')),
    needsAttention: computed(() => entries().filter((e) => e.status !== 'pending')),
    discard: jest.fn(async () => undefined),
    dismissNotice: jest.fn(async () => undefined),
    syncNow: jest.fn(async () => undefined),
  };
}

describe('outbox in the shell', () => {
  let outbox: ReturnType<typeof fakeOutbox>;

  beforeEach(() => {
    outbox = fakeOutbox();
    TestBed.configureTestingModule({
      imports: [OutboxChip, OutboxBanner],
      providers: [provideRouter([]), provideTestI18n(), { provide: Outbox, useValue: outbox }],
    });
  });

  const render = async <T>(type: new (...args: never[]) => T): Promise<ComponentFixture<T>> => {
    const fixture = TestBed.createComponent(type);
    await fixture.whenStable();
    return fixture;
  };
  const text = (fixture: ComponentFixture<unknown>): string =>
    (fixture.nativeElement as HTMLElement).textContent?.replace(/\s+/g, ' ').trim() ?? '';

  describe(OutboxChip.name, () => {
    it('is hidden online with nothing waiting', async () => {
      expect(text(await render(OutboxChip))).toBe('');
    });

    it('says 离线 and how many wait', async () => {
      outbox.online.set(false);
      outbox.entries.set([entry('a', 'pending'), entry('b', 'pending'), entry('c', 'failed')]);
      const fixture = await render(OutboxChip);
      const part = (testId: string) =>
        (fixture.nativeElement as HTMLElement).querySelector(`[data-testid="${testId}"]`);
      expect(part('outbox-offline')?.textContent?.trim()).toBe('离线');
      expect(part('outbox-waiting')?.textContent?.trim()).toBe('2 条等待发送');
      expect(part('outbox-chip')?.getAttribute('data-waiting')).toBe('2');
    });
  });

  describe(OutboxBanner.name, () => {
    it('tells what changed until dismissed', async () => {
      outbox.notices.set([
        {
          id: 'n1',
          caseId: 'case-1',
          childName: '张小明',
          at: '2026-12-01T03:00:00.000Z',
          changes: [
            { zh: '王老师 12-01 记录了一次电话劝返', en: '王老师 recorded a phone call on 12-01' },
            { zh: '状态已变为 劝返中', en: 'The state is now Persuading' },
          ],
        },
      ]);
      const fixture = await render(OutboxBanner);
      expect(text(fixture)).toContain(
        '张小明： 发送时个案已有变化：王老师 12-01 记录了一次电话劝返；状态已变为 劝返中。您的家访记录已保存。',
      );
      (fixture.nativeElement as HTMLElement)
        .querySelector<HTMLButtonElement>('[data-testid="outbox-notice-dismiss"]')
        ?.click();
      expect(outbox.dismissNotice).toHaveBeenCalledWith('n1');
    });

    it('shows a refused write with the server’s reason and deletes it only when confirmed', async () => {
      outbox.entries.set([entry('a', 'failed', { lastError: '个案已结案或已排除，不能再记录' })]);
      const fixture = await render(OutboxBanner);
      expect(text(fixture)).toContain('发送失败：个案已结案或已排除，不能再记录');
      const discard = (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>(
        '[data-testid="outbox-discard"]',
      );
      const confirm = jest.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
      discard?.click();
      expect(outbox.discard).not.toHaveBeenCalled();
      discard?.click();
      expect(outbox.discard).toHaveBeenCalledWith('a');
      confirm.mockRestore();
    });

    it('links a conflicting edit to the page where the user chooses', async () => {
      outbox.entries.set([entry('e', 'conflict', { kind: 'case_edit' })]);
      const fixture = await render(OutboxBanner);
      const link = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="outbox-resolve"]');
      expect(link?.getAttribute('href')).toBe('/field/cases/case-1/edit');
    });

    it('lists what waits when opened from the chip', async () => {
      outbox.entries.set([entry('a', 'pending', { photoCount: 1 })]);
      const fixture = await render(OutboxBanner);
      fixture.componentRef.setInput('expanded', true);
      await fixture.whenStable();
      expect(text(fixture)).toContain('张小明 家访记录');
      expect(text(fixture)).toContain('1 张照片');
      expect(text(fixture)).toContain('等待发送');
    });
  });
});
