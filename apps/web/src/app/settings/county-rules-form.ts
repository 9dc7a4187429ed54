import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { ChinaTimePipe } from '../shared/ui/china-time.pipe';
import { CountyRulesEditor, CountyRulesRecord } from './county-rules-editor';
import { COUNTY_RULES_TEXTS } from './county-rules-texts';

/**
 * The frame of a per-county rules form: alerts (load failed, 409, save failed, problems), the
 * county picker and its state, and 恢复默认 / 保存 below the page's own fields (projected).
 */
@Component({
  selector: 'bx-county-rules-form',
  imports: [
    FormsModule,
    NzAlertModule,
    NzButtonModule,
    NzSelectModule,
    NzSpinModule,
    LabelPipe,
    ChinaTimePipe,
  ],
  templateUrl: './county-rules-form.html',
  styleUrl: './county-rules-form.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CountyRulesForm {
  readonly editor = input.required<CountyRulesEditor<CountyRulesRecord, unknown>>();
  /** Prefix of the ids and test ids, e.g. `settings` gives `settings-save`. */
  readonly idPrefix = input.required<string>();

  protected readonly texts = COUNTY_RULES_TEXTS;
}
