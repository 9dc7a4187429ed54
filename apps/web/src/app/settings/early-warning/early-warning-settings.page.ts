import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { EarlyWarningSettings } from '@baoxue/contracts';
import {
  DEFAULT_RISK_RULES,
  MAX_ATTENDANCE_TIERS,
  RiskRules,
  SPECIAL_STATUS_FLAGS,
  SpecialStatusFlag,
  validateRiskRules,
} from '@baoxue/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { LanguageService } from '../../shared/i18n/language.service';
import { CountyRulesEditor } from '../county-rules-editor';
import { CountyRulesForm } from '../county-rules-form';
import { ReminderSettingsApi } from '../reminder-settings.api';
import { serverProblems } from '../settings-problems';
import { EarlyWarningSettingsApi } from './early-warning-settings.api';
import { numberAt, RISK_GROUPS, TIER_BOXES, TierBox, withNumberAt } from './early-warning-rows';
import { EARLY_WARNING_TEXTS, riskProblemText } from './early-warning-texts';

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
  imports: [FormsModule, NzButtonModule, NzInputModule, LabelPipe, CountyRulesForm],
  templateUrl: './early-warning-settings.page.html',
  styleUrls: ['../settings-form.css', './early-warning-settings.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EarlyWarningSettingsPage implements OnInit {
  private readonly counties = inject(ReminderSettingsApi);
  private readonly api = inject(EarlyWarningSettingsApi);
  private readonly message = inject(NzMessageService);
  private readonly language = inject(LanguageService).language;

  protected readonly texts = EARLY_WARNING_TEXTS;
  protected readonly groups = RISK_GROUPS;
  protected readonly tierBoxes = TIER_BOXES;
  protected readonly maxTiers = MAX_ATTENDANCE_TIERS;
  protected readonly problemText = riskProblemText;
  protected readonly percentOf = percentOf;
  protected readonly numberAt = numberAt;

  protected readonly editor = new CountyRulesEditor<EarlyWarningSettings, RiskRules>({
    // The counties and zones in scope come from the reminder rules' list; each is read on its own.
    counties: async () =>
      (await this.counties.counties()).map(({ regionId, regionName }) => ({ regionId, regionName })),
    get: (countyId) => this.api.get(countyId),
    save: (settings, rules) => this.api.save(settings.countyId, { rules, version: settings.version }),
    countyOf: (settings) => settings.countyId,
    rulesOf: (settings) => editable(settings.rules),
    defaultsOf: () => editable(DEFAULT_RISK_RULES),
    validate: validateRiskRules,
    serverProblems: (error) => serverProblems(error, 'rules'),
    saved: () => this.message.success(this.language() === 'en' ? this.texts.saved.en : this.texts.saved.zh),
  });

  ngOnInit(): void {
    void this.editor.loadCounties();
  }

  protected setNumber(path: string, value: number | null): void {
    this.editor.edit([path], (d) => withNumberAt(d, path, value));
  }

  /** A tier's rate is typed as a percentage (90 for 0.9); a cleared box stays null. */
  protected setTier(index: number, key: TierBox['key'], value: number | null): void {
    const typed = value === null || value === undefined ? null : Number(value);
    const number = key === 'below' && typed !== null ? typed / 100 : typed;
    this.editTier(index, key, number as number);
  }

  protected addTier(): void {
    this.editor.edit(['attendanceTiers'], (d) => {
      const last = d.attendanceTiers[d.attendanceTiers.length - 1];
      const below = last ? Math.max(0.01, Math.round((last.below - 0.05) * 100) / 100) : 0.9;
      return { ...d, attendanceTiers: [...d.attendanceTiers, { below, weight: (last?.weight ?? 0) + 10 }] };
    });
  }

  protected removeTier(index: number): void {
    this.editor.edit(['attendanceTiers'], (d) => ({
      ...d,
      attendanceTiers: d.attendanceTiers.filter((_, i) => i !== index),
    }));
  }

  private editTier(index: number, key: 'below' | 'weight', value: number): void {
    this.editor.edit([`attendanceTiers.${index}.${key}`, 'attendanceTiers'], (d) => ({
      ...d,
      attendanceTiers: d.attendanceTiers.map((tier, i) => (i === index ? { ...tier, [key]: value } : tier)),
    }));
  }
}
