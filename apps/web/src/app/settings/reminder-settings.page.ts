import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { CountySettings } from '@baoxue/contracts';
import { CaseSettings, isIsoDate, validateCaseSettings } from '@baoxue/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSwitchModule } from 'ng-zorro-antd/switch';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { LanguageService } from '../shared/i18n/language.service';
import { ChannelsPanel } from './channels-panel';
import { CountyRulesEditor } from './county-rules-editor';
import { CountyRulesForm } from './county-rules-form';
import { ReminderSettingsApi } from './reminder-settings.api';
import { problemText, serverProblems, withCheckInDay, withDate } from './settings-problems';
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
    NzButtonModule,
    NzInputModule,
    NzSwitchModule,
    NzTagModule,
    LabelPipe,
    ChannelsPanel,
    CountyRulesForm,
  ],
  templateUrl: './reminder-settings.page.html',
  styleUrls: ['./settings-form.css', './reminder-settings.page.css'],
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

  protected readonly editor = new CountyRulesEditor<CountySettings, CaseSettings>({
    // The list carries each county's rules, so the first is shown without a second read.
    counties: async () =>
      (await this.api.counties()).map((county) => ({
        regionId: county.regionId,
        regionName: county.regionName,
        record: county,
      })),
    get: (regionId) => this.api.get(regionId),
    save: (county, settings) => this.api.save(county.regionId, { settings, version: county.version }),
    countyOf: (county) => county.regionId,
    rulesOf: (county) => copyOf(county.settings),
    defaultsOf: (county) => copyOf(county.defaults),
    validate: validateCaseSettings,
    serverProblems,
    saved: () => this.message.success(this.text(this.texts.saved)),
  });
  protected readonly newCheckIn = signal<number | null>(null);

  ngOnInit(): void {
    void this.editor.loadCounties();
  }

  protected isNumberField(field: string): field is NumberField {
    return NUMBER_FIELDS.includes(field);
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
    const draft = this.editor.draft();
    const picked = input.value;
    input.value = '';
    if (!draft || !isIsoDate(picked)) return;
    this.edit({ [field]: withDate(draft[field], picked) });
  }

  protected removeDate(field: DateField, date: string): void {
    const draft = this.editor.draft();
    if (draft) this.edit({ [field]: draft[field].filter((d) => d !== date) });
  }

  protected addCheckIn(): void {
    const draft = this.editor.draft();
    const day = this.newCheckIn();
    if (!draft || day === null || !Number.isInteger(day)) return;
    this.edit({ monitoringCheckInDays: withCheckInDay(draft.monitoringCheckInDays, day) });
    this.newCheckIn.set(null);
  }

  protected removeCheckIn(day: number): void {
    const draft = this.editor.draft();
    if (draft) this.edit({ monitoringCheckInDays: draft.monitoringCheckInDays.filter((d) => d !== day) });
  }

  private edit(change: Partial<CaseSettings>): void {
    this.editor.edit(Object.keys(change), (draft) => ({ ...draft, ...change }));
  }

  private text(label: { zh: string; en: string }): string {
    return this.language() === 'en' ? label.en : label.zh;
  }
}
