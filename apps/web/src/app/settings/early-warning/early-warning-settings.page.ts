import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { CountySettings, EarlyWarningSettings } from '@baoxue/contracts';
import {
  DEFAULT_RISK_RULES,
  Label,
  MAX_ATTENDANCE_TIERS,
  RiskRules,
  SPECIAL_STATUS_FLAG_LABELS,
  SPECIAL_STATUS_FLAGS,
  SpecialStatusFlag,
  validateRiskRules,
} from '@baoxue/domain';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { isStaleVersion } from '../../shared/api/api-error';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { LanguageService } from '../../shared/i18n/language.service';
import { ChinaTimePipe } from '../../shared/ui/china-time.pipe';
import { ReminderSettingsApi } from '../reminder-settings.api';
import { problemsByField, ProblemsByField } from '../settings-problems';
import { EarlyWarningSettingsApi } from './early-warning-settings.api';
import { EARLY_WARNING_TEXTS, riskProblemText, serverRuleProblems } from './early-warning-texts';

/** Every flag with a weight (0 where the rules give none), so the form shows them all. */
function editable(rules: RiskRules): RiskRules {
  const copy: RiskRules = JSON.parse(JSON.stringify(rules));
  const flagWeights: Partial<Record<SpecialStatusFlag, number>> = {};
  for (const flag of SPECIAL_STATUS_FLAGS) flagWeights[flag] = rules.flagWeights[flag] ?? 0;
  return { ...copy, flagWeights };
}

/** A rate as the percentage typed (0.9 → 90), without float noise. */
export function percentOf(rate: number): number | null {
  return typeof rate === 'number' && Number.isFinite(rate) ? Math.round(rate * 1000) / 10 : null;
}

/**
 * 预警规则: one county's dropout-risk rules, checked as they are typed with the same rules the
 * API applies, saved with the version read. Saving has the county's scores recomputed.
 */
@Component({
  selector: 'bx-early-warning-settings-page',
  imports: [
    FormsModule,
    NzAlertModule,
    NzButtonModule,
    NzInputModule,
    NzSelectModule,
    NzSpinModule,
    LabelPipe,
    ChinaTimePipe,
  ],
  templateUrl: './early-warning-settings.page.html',
  styleUrl: './early-warning-settings.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EarlyWarningSettingsPage implements OnInit {
  private readonly counties$ = inject(ReminderSettingsApi);
  private readonly api = inject(EarlyWarningSettingsApi);
  private readonly message = inject(NzMessageService);
  private readonly language = inject(LanguageService).language;

  protected readonly texts = EARLY_WARNING_TEXTS;
  protected readonly flags = SPECIAL_STATUS_FLAGS;
  protected readonly flagLabels = SPECIAL_STATUS_FLAG_LABELS;
  protected readonly maxTiers = MAX_ATTENDANCE_TIERS;
  protected readonly problemText = riskProblemText;
  protected readonly percentOf = percentOf;

  /** The counties and zones in scope (id and name), from the reminder rules' list. */
  protected readonly counties = signal<Pick<CountySettings, 'regionId' | 'regionName'>[]>([]);
  protected readonly countyId = signal<string | null>(null);
  /** The county's rules as last read or saved. */
  protected readonly current = signal<EarlyWarningSettings | null>(null);
  /** The rules being edited. */
  protected readonly draft = signal<RiskRules | null>(null);
  protected readonly loading = signal(false);
  protected readonly saving = signal(false);
  protected readonly loadFailed = signal(false);
  protected readonly conflict = signal(false);
  protected readonly saveError = signal(false);
  /** Set after a save was refused for problems, so the summary shows. */
  protected readonly attempted = signal(false);
  protected readonly serverErrors = signal<ProblemsByField>({});

  /** The same rules as the API's, so the user sees a problem before saving. */
  protected readonly problems = computed(() => {
    const draft = this.draft();
    return draft ? validateRiskRules(draft) : [];
  });
  protected readonly problemOf = computed<ProblemsByField>(() => ({
    ...problemsByField(this.problems()),
    ...this.serverErrors(),
  }));

  ngOnInit(): void {
    void this.loadCounties();
  }

  protected async loadCounties(): Promise<void> {
    this.loading.set(true);
    this.loadFailed.set(false);
    try {
      const counties = (await this.counties$.counties()).map(({ regionId, regionName }) => ({
        regionId,
        regionName,
      }));
      this.counties.set(counties);
      const keep = counties.find((c) => c.regionId === this.countyId()) ?? counties[0];
      if (keep) await this.pickCounty(keep.regionId);
    } catch {
      this.loadFailed.set(true);
    } finally {
      this.loading.set(false);
    }
  }

  protected async pickCounty(countyId: string): Promise<void> {
    this.countyId.set(countyId);
    await this.reload();
  }

  /** Reads the county's rules again, e.g. after someone else saved first. */
  protected async reload(): Promise<void> {
    const countyId = this.countyId();
    if (!countyId) return;
    this.loading.set(true);
    this.loadFailed.set(false);
    try {
      this.show(await this.api.get(countyId));
    } catch {
      this.loadFailed.set(true);
    } finally {
      this.loading.set(false);
    }
  }

  // A cleared box is null, not a number: the rules then name the field.
  protected setWindow(value: number | null): void {
    this.edit(['windowSchoolDays'], (d) => ({ ...d, windowSchoolDays: value as number }));
  }

  protected setTierPercent(index: number, value: number | null): void {
    const below = value === null || value === undefined ? (null as unknown as number) : Number(value) / 100;
    this.editTier(index, 'below', below);
  }

  protected setTierWeight(index: number, value: number | null): void {
    this.editTier(index, 'weight', value as number);
  }

  protected addTier(): void {
    this.edit(['attendanceTiers'], (d) => {
      const last = d.attendanceTiers[d.attendanceTiers.length - 1];
      const below = last ? Math.max(0.01, Math.round((last.below - 0.05) * 100) / 100) : 0.9;
      return { ...d, attendanceTiers: [...d.attendanceTiers, { below, weight: (last?.weight ?? 0) + 10 }] };
    });
  }

  protected removeTier(index: number): void {
    this.edit(['attendanceTiers'], (d) => ({
      ...d,
      attendanceTiers: d.attendanceTiers.filter((_, i) => i !== index),
    }));
  }

  protected setRepeated(key: 'atLeast' | 'weight', value: number | null): void {
    this.edit([`repeatedUnexcused.${key}`], (d) => ({
      ...d,
      repeatedUnexcused: { ...d.repeatedUnexcused, [key]: value },
    }));
  }

  protected setFlag(flag: SpecialStatusFlag, value: number | null): void {
    this.edit([`flagWeights.${flag}`], (d) => ({
      ...d,
      flagWeights: { ...d.flagWeights, [flag]: value as number },
    }));
  }

  protected setPreviousCase(value: number | null): void {
    this.edit(['previousCaseWeight'], (d) => ({ ...d, previousCaseWeight: value as number }));
  }

  protected setOverAge(key: 'years' | 'weight', value: number | null): void {
    this.edit([`overAge.${key}`], (d) => ({ ...d, overAge: { ...d.overAge, [key]: value } }));
  }

  protected setWatchFrom(value: number | null): void {
    this.edit(['watchFrom'], (d) => ({ ...d, watchFrom: value as number }));
  }

  /** Fills the form with the deployment's defaults; nothing is saved until 保存. */
  protected restoreDefaults(): void {
    this.edit(Object.keys(this.serverErrors()), () => editable(DEFAULT_RISK_RULES));
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
      this.show(await this.api.save(current.countyId, { rules: draft, version: current.version }));
      this.message.success(this.text(this.texts.saved));
    } catch (error) {
      const fields = serverRuleProblems(error);
      if (isStaleVersion(error)) this.conflict.set(true);
      else if (Object.keys(fields).length > 0) this.serverErrors.set(fields);
      else this.saveError.set(true);
    } finally {
      this.saving.set(false);
    }
  }

  private show(settings: EarlyWarningSettings): void {
    this.countyId.set(settings.countyId);
    this.current.set(settings);
    this.draft.set(editable(settings.rules));
    this.conflict.set(false);
    this.saveError.set(false);
    this.attempted.set(false);
    this.serverErrors.set({});
  }

  private editTier(index: number, key: 'below' | 'weight', value: number): void {
    this.edit([`attendanceTiers.${index}.${key}`, 'attendanceTiers'], (d) => ({
      ...d,
      attendanceTiers: d.attendanceTiers.map((tier, i) => (i === index ? { ...tier, [key]: value } : tier)),
    }));
  }

  /** Applies a change; the server's errors about the fields edited no longer apply. */
  private edit(fields: readonly string[], change: (draft: RiskRules) => RiskRules): void {
    const draft = this.draft();
    if (!draft) return;
    this.draft.set(change(draft));
    const rest = { ...this.serverErrors() } as Record<string, unknown>;
    for (const field of fields) delete rest[field];
    this.serverErrors.set(rest as ProblemsByField);
  }

  protected label(label: Label): string {
    return this.text(label);
  }

  private text(label: Label): string {
    return this.language() === 'en' ? label.en : label.zh;
  }
}
