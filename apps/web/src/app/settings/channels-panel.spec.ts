import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture } from '@angular/core/testing';
import type { NotificationChannel } from '@baoxue/contracts';
import { ChannelsPanel } from './channels-panel';
import { createSettingsTest, SettingsTest } from './settings-testing';

const BASE = '/api/notification-channels';

function aChannel(id: string, overrides: Partial<NotificationChannel> = {}): NotificationChannel {
  return {
    id,
    organisationId: 'o-1',
    organisationName: '教育局',
    kind: 'wecom',
    name: '控辍保学工作群',
    urlMasked: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****abcd',
    hasSecret: false,
    enabled: true,
    version: 1,
    recentFailures: 0,
    lastError: null,
    lastErrorAt: null,
    ...overrides,
  };
}

describe(ChannelsPanel.name, () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<ChannelsPanel>;

  let test: SettingsTest<ChannelsPanel>;

  const settle = (): Promise<void> => test.settle();
  const element = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string, root?: ParentNode): HTMLElement | null => test.byTestId(id, root);
  const type = async (id: string, value: string): Promise<void> => {
    const input = byTestId(id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  };
  const click = async (id: string, root?: ParentNode): Promise<void> => {
    (byTestId(id, root) as HTMLElement).click();
    await settle();
  };

  beforeEach(async () => {
    test = await createSettingsTest(ChannelsPanel);
    ({ backend, fixture } = test);
  });

  afterEach(() => backend.verify());

  const loadWith = async (channels: NotificationChannel[]): Promise<void> => {
    const list = backend.expectOne((r) => r.url === BASE && r.method === 'GET');
    expect(list.request.params.get('organisationId')).toBe('o-1');
    list.flush(channels);
    await settle();
  };

  it('lists the channels with the masked URL only, and their failures', async () => {
    await loadWith([
      aChannel('ch-1'),
      aChannel('ch-2', { kind: 'dingtalk', name: '钉钉群', recentFailures: 3, lastError: 'HTTP 500' }),
    ]);
    const cards = element().querySelectorAll('[data-testid="channel"]');
    expect(cards).toHaveLength(2);
    expect(cards[0].textContent).toContain('企业微信');
    expect(byTestId('channel-url-masked', cards[0])?.textContent).toContain('key=****abcd');
    expect(byTestId('channel-failures', cards[0])).toBeNull();
    expect(cards[1].textContent).toContain('钉钉');
    expect(byTestId('channel-failures', cards[1])?.textContent).toContain('3');
    expect(byTestId('channel-failures', cards[1])?.textContent).toContain('HTTP 500');
  });

  it('adds a channel for the user’s organisation, after checking the URL', async () => {
    await loadWith([]);
    expect(element().textContent).toContain('尚未配置通知渠道');
    await click('channel-add');
    await type('channel-name', '控辍保学工作群');
    await type('channel-url', 'qyapi.weixin.qq.com');
    await click('channel-save');
    backend.expectNone((r) => r.method === 'POST');
    expect(byTestId('channel-form')?.textContent).toContain('请填写 https:// 开头的地址');

    await type('channel-url', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k');
    await click('channel-save');
    const create = backend.expectOne((r) => r.url === BASE && r.method === 'POST');
    expect(create.request.body).toEqual({
      organisationId: 'o-1',
      kind: 'wecom',
      name: '控辍保学工作群',
      url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
      enabled: true,
    });
    create.flush(aChannel('ch-1'));
    await settle();
    await loadWith([aChannel('ch-1')]);
    expect(byTestId('channel-form')).toBeNull();
  });

  it('edits without showing the stored URL, and keeps it when left empty', async () => {
    await loadWith([aChannel('ch-1', { version: 4 })]);
    const edit = Array.from(
      element().querySelectorAll<HTMLButtonElement>('[data-testid="channel"] button'),
    ).find((b) => b.textContent?.trim() === '修改');
    edit?.click();
    await settle();
    expect((byTestId('channel-url') as HTMLInputElement).value).toBe('');
    expect((byTestId('channel-url') as HTMLInputElement).placeholder).toBe('留空则不修改');
    await type('channel-name', '新名称');
    await click('channel-save');
    const update = backend.expectOne((r) => r.url === `${BASE}/ch-1` && r.method === 'PATCH');
    expect(update.request.body).toEqual({ version: 4, name: '新名称', enabled: true });
    update.flush(aChannel('ch-1', { name: '新名称', version: 5 }));
    await settle();
    await loadWith([aChannel('ch-1', { name: '新名称', version: 5 })]);
  });

  it('switches a channel off with its version', async () => {
    await loadWith([aChannel('ch-1', { version: 2 })]);
    await click('channel-enabled');
    const update = backend.expectOne((r) => r.url === `${BASE}/ch-1` && r.method === 'PATCH');
    expect(update.request.body).toEqual({ version: 2, enabled: false });
    update.flush(aChannel('ch-1', { enabled: false, version: 3 }));
    await settle();
    expect(element().textContent).toContain('已停用');
  });

  it('sends a test message and reloads the channel to show the outcome', async () => {
    await loadWith([aChannel('ch-1')]);
    await click('channel-test');
    backend.expectOne(`${BASE}/ch-1/test`).flush({ ok: false, error: 'errcode 93000' });
    await settle();
    await loadWith([aChannel('ch-1', { recentFailures: 0, lastError: 'errcode 93000' })]);
    expect(byTestId('channel-failures')?.textContent).toContain('errcode 93000');
    expect(document.body.textContent).toContain('测试失败：errcode 93000');
  });

  it('shows the failed deliveries in a drawer', async () => {
    await loadWith([aChannel('ch-1')]);
    await click('channel-deliveries');
    const request = backend.expectOne((r) => r.url === `${BASE}/ch-1/deliveries`);
    expect(request.request.params.get('status')).toBe('failed');
    request.flush([
      {
        id: 'd-1',
        channel: 'webhook',
        channelId: 'ch-1',
        target: '控辍保学工作群',
        status: 'failed',
        attempts: 5,
        lastError: 'HTTP 502',
        sentAt: null,
        createdAt: '2026-09-10T00:00:00Z',
        notificationTitle: '劝返跟进到期：张*',
      },
    ]);
    await settle();
    const drawer = document.querySelector('[data-testid="deliveries"]');
    expect(drawer?.textContent).toContain('劝返跟进到期：张*');
    expect(drawer?.textContent).toContain('HTTP 502');
    expect(drawer?.textContent).toContain('尝试次数 5');
  });
});
