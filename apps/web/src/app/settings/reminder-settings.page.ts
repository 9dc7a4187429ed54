import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { CountySettings } from '@baoxue/contracts';
import { CaseSettings, isIsoDate, validateCaseSettings } from '@baoxue/domain';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzSwitchModule } from 'ng-zorro-antd/switch';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { isStaleVersion } from '../shared/api/api-error';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { LanguageService } from '../shared/i18n/language.service';
import { ChinaTimePipe } from '../shared/ui/china-time.pipe';
import { ChannelsPanel } from './channels-panel';
import { ReminderSettingsApi } from './reminder-settings.api';
import {
  problemsByField,
  problemText,
  serverProblems,
  ProblemsByField,
  withCheckInDay,
  withDate,
} from './settings-problems';
import { SETTING_FIELDS, SETTING_GROUPS, SETTINGS_TEXTS } from './settings-texts';

type NumberField =
  | 'absenceSchoolDays'
  | 'verificationWorkingDays'
  | 'followUpDays'
  | 'writtenOrderDeadlineDays'
  | 'monitoringWindowDays'
  | 'escalateToNextLevelDays'
  | 'escalateToBureauLeaderDays'
  | 'schoolMonthlyReportDay';
type DateField = 'holidays' | 'makeUpWorkdays';
type TimeField = 'reminderTime' | 'digestTime';

const NUMBER_FIELDS: readonly string[] = [
  'absenceSchoolDays',
  'verificationWorkingDays',
  'followUpDays',
  'writtenOrderDeadlineDays',
  'monitoringWindowDays',
  'escalateToNextLevelDays',
  'escalateToBureauLeaderDays',
  'schoolMonthlyReportDay',
];

/** A copy the form may change without touching what was read. */
function copyOf(settings: CaseSettings): CaseSettings {
  return {
    ...settings,
    monitoringCheckInDays: [...settings.monitoringCheckInDays],
    holidays: [...settings.holidays],
    makeUpWorkdays: [...settings.makeUpWorkdays],
  };
}

/**
 * 提醒规则与通知渠道: one county's reminder rules, checked as they are typed with the same
 * rules the API applies, saved with the version read; below, the organisation's channels.
 */
@Component({
  selector: 'bx-reminder-settings-page',
  imports: [
    FormsModule,
    NzAlertModule,
    NzButtonModule,
    NzInputModule,
    NzSelectModule,
    NzSpinModule,
    NzSwitchModule,
    NzTagModule,
    LabelPipe,
    ChinaTimePipe,
    ChannelsPanel,
  ],
  templateUrl: './reminder-settings.page.html',
  styleUrl: './reminder-settings.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReminderSettingsPage implements OnInit {
  private readonly api = inject(ReminderSettingsApi);
  private readonly message = inject(NzMessageService);
  private readonly language = inject(LanguageService).language;

  protected readonly texts = SETTINGS_TEXTS;
  protected readonly fields = SETTING_FIELDS;
  protected readonly groups = SETTING_GROUPS;
  protected readonly problemText = problemText;

  protected readonly counties = signal<CountySettings[]>([]);
  protected readonly regionId = signal<string | null>(null);
  /** The county's rules as last read or saved. */
  protected readonly current = signal<CountySettings | null>(null);
  /** The rules being edited. */
  protected readonly draft = signal<CaseSettings | null>(null);
  protected readonly loading = signal(false);
  protected readonly saving = signal(false);
  protected readonly loadFailed = signal(false);
  protected readonly conflict = signal(false);
  protected readonly saveError = signal(false);
  /** Set after a save was refused for problems, so every problem shows. */
  protected readonly attempted = signal(false);
  protected readonly serverErrors = signal<ProblemsByField>({});
  protected readonly newCheckIn = signal<number | null>(null);

  /** The same rules as the API's, so the user sees a problem before saving. */
  protected readonly problems = computed(() => {
    const draft = this.draft();
    return draft ? validateCaseSettings(draft) : [];
  });
  protected readonly problemOf = computed<ProblemsByField>(() => ({
    ...problemsByField(this.problems()),
    ...this.serverErrors(),
  }));
  protected readonly dirty = computed(() => {
    const draft = this.draft();
    const current = this.current();
    return !!draft && !!current && JSON.stringify(draft) !== JSON.stringify(current.settings);
  });

  ngOnInit(): void {
    void this.loadCounties();
  }

  protected isNumberField(field: string): field is NumberField {
    return NUMBER_FIELDS.includes(field);
  }

  protected async loadCounties(): Promise<void> {
    this.loading.set(true);
    this.loadFailed.set(false);
    try {
      const counties = await this.api.counties();
      this.counties.set(counties);
      const keep = counties.find((c) => c.regionId === this.regionId()) ?? counties[0];
      if (keep) this.show(keep);
    } catch {
      this.loadFailed.set(true);
    } finally {
      this.loading.set(false);
    }
  }

  protected async pickCounty(regionId: string): Promise<void> {
    this.regionId.set(regionId);
    await this.reload();
  }

  /** Reads the county's rules again, e.g. after someone else saved first. */
  protected async reload(): Promise<void> {
    const regionId = this.regionId();
    if (!regionId) return;
    this.loading.set(true);
    this.loadFailed.set(false);
    try {
      this.show(await this.api.get(regionId));
    } catch {
      this.loadFailed.set(true);
    } finally {
      this.loading.set(false);
    }
  }

  protected setNumber(field: NumberField, value: number | null): void {
    // A cleared box is not a number: the rules then name the field.
    this.edit({ [field]: value as number });
  }

  protected setTime(field: TimeField, value: string): void {
    this.edit({ [field]: value });
  }

  protected setSms(value: boolean): void {
    this.edit({ smsReminders: value });
  }

  /** Adds the date picked in the native date input (YYYY-MM-DD), then empties it for the next. */
  protected addDate(field: DateField, input: HTMLInputElement): void {
    const draft = this.draft();
    const picked = input.value;
    input.value = '';
    if (!draft || !isIsoDate(picked)) return;
    this.edit({ [field]: withDate(draft[field], picked) });
  }

  protected removeDate(field: DateField, date: string): void {
    const draft = this.draft();
    if (draft) this.edit({ [field]: draft[field].filter((d) => d !== date) });
  }

  protected addCheckIn(): void {
    const draft = this.draft();
    const day = this.newCheckIn();
    if (!draft || day === null || !Number.isInteger(day)) return;
    this.edit({ monitoringCheckInDays: withCheckInDay(draft.monitoringCheckInDays, day) });
    this.newCheckIn.set(null);
  }

  protected removeCheckIn(day: number): void {
    const draft = this.draft();
    if (draft) this.edit({ monitoringCheckInDays: draft.monitoringCheckInDays.filter((d) => d !== day) });
  }

  /** Fills the form with the deployment's defaults; nothing is saved until 保存. */
  protected restoreDefaults(): void {
    const current = this.current();
    if (current) this.edit(copyOf(current.defaults));
  }

  protected async save(): Promise<void> {
    const draft = this.draft();
    const current = this.current();
    if (!draft || !current) return;
    this.attempted.set(true);
    if (this.problems().length > 0) return;
    this.saving.set(true);
    this.saveError.set(false);
    try {
      const saved = await this.api.save(current.regionId, { settings: draft, version: current.version });
      this.show(saved);
      this.counties.update((all) => all.map((c) => (c.regionId === saved.regionId ? saved : c)));
      this.message.success(this.text(this.texts.saved));
    } catch (error) {
      const fields = serverProblems(error);
      if (isStaleVersion(error)) this.conflict.set(true);
      else if (Object.keys(fields).length > 0) this.serverErrors.set(fields);
      else this.saveError.set(true);
    } finally {
      this.saving.set(false);
    }
  }

  private show(county: CountySettings): void {
    this.regionId.set(county.regionId);
    this.current.set(county);
    this.draft.set(copyOf(county.settings));
    this.conflict.set(false);
    this.saveError.set(false);
    this.attempted.set(false);
    this.serverErrors.set({});
  }

  private edit(change: Partial<CaseSettings>): void {
    const draft = this.draft();
    if (!draft) return;
    this.draft.set({ ...draft, ...change });
    // A field's server error no longer applies once it is edited.
    const rest = { ...this.serverErrors() } as Record<string, unknown>;
    for (const key of Object.keys(change)) delete rest[key];
    this.serverErrors.set(rest as ProblemsByField);
  }

  private text(label: { zh: string; en: string }): string {
    return this.language() === 'en' ? label.en : label.zh;
  }
}
