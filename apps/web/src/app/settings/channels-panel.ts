import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { CHANNEL_KINDS, ChannelKind, NotificationChannel, NotificationDelivery } from '@baoxue/contracts';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzDrawerModule } from 'ng-zorro-antd/drawer';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzPopconfirmModule } from 'ng-zorro-antd/popconfirm';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzSwitchModule } from 'ng-zorro-antd/switch';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { AuthStore } from '../auth/auth.store';
import { apiErrorOf, isStaleVersion } from '../shared/api/api-error';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { LanguageService } from '../shared/i18n/language.service';
import { ChinaTimePipe } from '../shared/ui/china-time.pipe';
import { NotificationChannelsApi } from './notification-channels.api';
import { CHANNEL_KIND_LABELS, CHANNEL_TEXTS } from './settings-texts';

/** The channel being added (`id` null) or changed. */
interface ChannelDraft {
  id: string | null;
  version: number;
  kind: ChannelKind;
  name: string;
  /** Empty when editing: the stored URL is never shown, only replaced. */
  url: string;
  secret: string;
  hasSecret: boolean;
  clearSecret: boolean;
  enabled: boolean;
}

const URL_RULE = /^https?:\/\/\S+$/;

/** The organisation's webhook channels: add, change, enable, test, delete, and their failures. */
@Component({
  selector: 'bx-channels-panel',
  imports: [
    FormsModule,
    NzAlertModule,
    NzButtonModule,
    NzDrawerModule,
    NzInputModule,
    NzPopconfirmModule,
    NzSelectModule,
    NzSpinModule,
    NzSwitchModule,
    NzTagModule,
    LabelPipe,
    ChinaTimePipe,
  ],
  templateUrl: './channels-panel.html',
  styleUrl: './channels-panel.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChannelsPanel implements OnInit {
  private readonly api = inject(NotificationChannelsApi);
  private readonly message = inject(NzMessageService);
  private readonly language = inject(LanguageService).language;
  private readonly user = inject(AuthStore).user;

  protected readonly texts = CHANNEL_TEXTS;
  protected readonly kinds = CHANNEL_KINDS;
  protected readonly kindLabels = CHANNEL_KIND_LABELS;

  protected readonly organisationName = computed(() => this.user()?.organisation.name ?? '');
  protected readonly channels = signal<NotificationChannel[]>([]);
  protected readonly loading = signal(false);
  protected readonly loadFailed = signal(false);
  protected readonly draft = signal<ChannelDraft | null>(null);
  protected readonly saving = signal(false);
  /** Server field errors of the draft, by field. */
  protected readonly draftErrors = signal<Record<string, string>>({});
  protected readonly submitted = signal(false);
  protected readonly testing = signal<string | null>(null);
  protected readonly deliveriesOf = signal<NotificationChannel | null>(null);
  protected readonly deliveries = signal<NotificationDelivery[]>([]);
  protected readonly deliveriesLoading = signal(false);

  /** The draft's own problems: what must be filled before sending. */
  protected readonly draftProblems = computed(() => {
    const draft = this.draft();
    const problems: Record<string, boolean> = {};
    if (!draft) return problems;
    if (!draft.name.trim()) problems['name'] = true;
    const url = draft.url.trim();
    if ((draft.id === null || url) && !URL_RULE.test(url)) problems['url'] = true;
    return problems;
  });

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    const organisationId = this.user()?.organisation.id;
    if (!organisationId) return;
    this.loading.set(true);
    this.loadFailed.set(false);
    try {
      this.channels.set(await this.api.list(organisationId));
    } catch {
      this.loadFailed.set(true);
    } finally {
      this.loading.set(false);
    }
  }

  protected startAdding(): void {
    this.openDraft({
      id: null,
      version: 0,
      kind: 'wecom',
      name: '',
      url: '',
      secret: '',
      hasSecret: false,
      clearSecret: false,
      enabled: true,
    });
  }

  protected startEditing(channel: NotificationChannel): void {
    this.openDraft({
      id: channel.id,
      version: channel.version,
      kind: channel.kind,
      name: channel.name,
      url: '',
      secret: '',
      hasSecret: channel.hasSecret,
      clearSecret: false,
      enabled: channel.enabled,
    });
  }

  protected editDraft(change: Partial<ChannelDraft>): void {
    const draft = this.draft();
    if (!draft) return;
    this.draft.set({ ...draft, ...change });
    const errors = { ...this.draftErrors() };
    for (const key of Object.keys(change)) delete errors[key];
    this.draftErrors.set(errors);
  }

  protected cancelDraft(): void {
    this.draft.set(null);
  }

  protected async saveDraft(): Promise<void> {
    const draft = this.draft();
    const organisationId = this.user()?.organisation.id;
    if (!draft || !organisationId) return;
    this.submitted.set(true);
    if (Object.keys(this.draftProblems()).length > 0) return;
    this.saving.set(true);
    try {
      const secret = draft.kind === 'dingtalk' ? draft.secret.trim() : '';
      if (draft.id === null) {
        await this.api.create({
          organisationId,
          kind: draft.kind,
          name: draft.name.trim(),
          url: draft.url.trim(),
          enabled: draft.enabled,
          ...(secret ? { secret } : {}),
        });
      } else {
        await this.api.update(draft.id, {
          version: draft.version,
          name: draft.name.trim(),
          enabled: draft.enabled,
          ...(draft.url.trim() ? { url: draft.url.trim() } : {}),
          ...(secret ? { secret } : draft.clearSecret ? { secret: null } : {}),
        });
      }
      this.draft.set(null);
      await this.load();
    } catch (error) {
      this.fail(error, true);
    } finally {
      this.saving.set(false);
    }
  }

  protected async setEnabled(channel: NotificationChannel, enabled: boolean): Promise<void> {
    try {
      const updated = await this.api.update(channel.id, { version: channel.version, enabled });
      this.channels.update((all) => all.map((c) => (c.id === updated.id ? updated : c)));
    } catch (error) {
      this.fail(error, false);
      await this.load();
    }
  }

  protected async remove(channel: NotificationChannel): Promise<void> {
    try {
      await this.api.remove(channel.id);
      this.channels.update((all) => all.filter((c) => c.id !== channel.id));
    } catch (error) {
      this.fail(error, false);
    }
  }

  protected async sendTest(channel: NotificationChannel): Promise<void> {
    this.testing.set(channel.id);
    try {
      const result = await this.api.test(channel.id);
      if (result.ok) this.message.success(this.text(this.texts.testSent));
      else
        this.message.error(`${this.text(this.texts.testFailed)}${result.error ? `：${result.error}` : ''}`);
    } catch (error) {
      const reason = apiErrorOf(error)?.message;
      this.message.error(`${this.text(this.texts.testFailed)}${reason ? `：${reason}` : ''}`);
    } finally {
      this.testing.set(null);
      await this.load();
    }
  }

  protected async showDeliveries(channel: NotificationChannel): Promise<void> {
    this.deliveriesOf.set(channel);
    this.deliveries.set([]);
    this.deliveriesLoading.set(true);
    try {
      this.deliveries.set(await this.api.failedDeliveries(channel.id));
    } catch {
      this.message.error(this.text(this.texts.failed));
    } finally {
      this.deliveriesLoading.set(false);
    }
  }

  protected closeDeliveries(): void {
    this.deliveriesOf.set(null);
  }

  private openDraft(draft: ChannelDraft): void {
    this.draft.set(draft);
    this.draftErrors.set({});
    this.submitted.set(false);
  }

  /** A conflict reloads the list; field errors go to the draft; anything else is one message. */
  private fail(error: unknown, inDraft: boolean): void {
    if (isStaleVersion(error)) {
      this.message.warning(this.text(this.texts.conflict));
      this.draft.set(null);
      void this.load();
      return;
    }
    const details = apiErrorOf(error)?.details ?? [];
    if (inDraft && details.length > 0) {
      const errors: Record<string, string> = {};
      for (const d of details) errors[d.field.split('.')[0]] ??= d.message;
      this.draftErrors.set(errors);
      return;
    }
    const reason = apiErrorOf(error)?.message;
    this.message.error(`${this.text(this.texts.failed)}${reason ? `：${reason}` : ''}`);
  }

  private text(label: { zh: string; en: string }): string {
    return this.language() === 'en' ? label.en : label.zh;
  }
}
