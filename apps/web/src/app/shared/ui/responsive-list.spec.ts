import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Page } from '@baoxue/contracts';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { PagedList } from '../data/paged-list';
import { provideTestI18n } from '../../testing/i18n-testing';
import { APP_ICONS } from './icons';
import { ListCard, ListCell, ResponsiveList } from './responsive-list';
import { Viewport } from './viewport';

interface Thing {
  id: string;
  name: string;
  late: boolean;
}

const THINGS: Thing[] = [
  { id: 't-1', name: '甲', late: true },
  { id: 't-2', name: '乙', late: false },
];

@Component({
  selector: 'bx-test-host',
  imports: [ResponsiveList, ListCard, ListCell],
  template: `
    <bx-responsive-list
      [list]="list"
      [link]="link"
      [flagged]="late"
      [cardsOnly]="cardsOnly()"
      rowTestId="thing-row"
      emptyKey="cases.mine.empty"
    >
      <ng-template bxCard [bxCardOf]="list" let-t
        ><span class="card-name">{{ t.name }}</span></ng-template
      >
      <ng-template bxCell="cases.child" [bxCellOf]="list" let-t>{{ t.name }}</ng-template>
      <ng-template bxCell="cases.state" [bxCellOf]="list" let-t>{{
        t.late ? 'late' : 'on time'
      }}</ng-template>
    </bx-responsive-list>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class Host {
  readonly cardsOnly = signal(false);
  total = THINGS.length;
  items = THINGS;
  readonly list = new PagedList<Thing>(
    async ({ page, pageSize }): Promise<Page<Thing>> => ({
      items: this.items,
      total: this.total,
      page,
      pageSize,
    }),
    2,
  );
  readonly link = (t: Thing): string[] => ['/things', t.id];
  readonly late = (t: Thing): boolean => t.late;
}

describe(ResponsiveList.name, () => {
  let fixture: ComponentFixture<Host>;
  let element: HTMLElement;
  const phone = signal(false);

  const settle = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };

  async function render(setUp: (host: Host) => void = () => undefined): Promise<void> {
    fixture = TestBed.createComponent(Host);
    element = fixture.nativeElement as HTMLElement;
    setUp(fixture.componentInstance);
    await fixture.componentInstance.list.load();
    await settle();
  }

  const rows = (): HTMLElement[] =>
    Array.from(element.querySelectorAll<HTMLElement>('[data-testid="thing-row"]'));

  beforeEach(() => {
    phone.set(false);
    TestBed.configureTestingModule({
      imports: [Host],
      providers: [
        provideRouter([]),
        provideTestI18n(),
        provideNzIcons(APP_ICONS),
        { provide: Viewport, useValue: { isPhone: phone.asReadonly() } },
      ],
    });
  });

  afterEach(() => fixture?.destroy());

  it('shows a table on wide screens: the headers and one cell per column, flagged rows marked', async () => {
    await render();
    const headers = Array.from(element.querySelectorAll('th')).map((th) => th.textContent?.trim());
    expect(headers).toEqual(['学生', '状态']);
    expect(rows().map((r) => r.tagName)).toEqual(['TR', 'TR']);
    expect(
      rows().map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent?.trim())),
    ).toEqual([
      ['甲', 'late'],
      ['乙', 'on time'],
    ]);
    expect(rows().map((r) => r.classList.contains('flagged'))).toEqual([true, false]);
    expect(element.textContent).toContain('共 2 条');
  });

  it('shows cards that link to each item on a phone, with the same row test ids', async () => {
    phone.set(true);
    await render();
    expect(element.querySelector('table')).toBeNull();
    expect(rows().map((r) => r.getAttribute('href'))).toEqual(['/things/t-1', '/things/t-2']);
    expect(rows().map((r) => r.querySelector('.card-name')?.textContent)).toEqual(['甲', '乙']);
    expect(rows()[0].classList).toContain('flagged');
  });

  it('shows cards on every screen when asked, and pages them only past one page', async () => {
    await render((host) => host.cardsOnly.set(true));
    expect(rows().map((r) => r.tagName)).toEqual(['A', 'A']);
    expect(element.querySelector('nz-pagination')).toBeNull();
    fixture.componentInstance.total = 5;
    await fixture.componentInstance.list.load();
    await settle();
    expect(element.querySelector('nz-pagination')).not.toBeNull();
  });

  it('says the list is empty in its own words, in both renderings', async () => {
    await render((host) => (host.items = []));
    expect(element.textContent).toContain('暂无需要您跟进的个案');
    phone.set(true);
    await settle();
    expect(element.textContent).toContain('暂无需要您跟进的个案');
  });
});
