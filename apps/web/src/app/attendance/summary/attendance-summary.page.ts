import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'bx-attendance-summary-page',
  template: `<h1 class="page-title">考勤统计</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AttendanceSummaryPage {}
