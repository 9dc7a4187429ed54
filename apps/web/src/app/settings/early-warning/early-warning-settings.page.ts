import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'bx-early-warning-settings-page',
  template: `<h1 class="page-title">辍学风险预警规则</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EarlyWarningSettingsPage {}
