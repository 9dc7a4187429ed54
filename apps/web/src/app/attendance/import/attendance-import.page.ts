import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'bx-attendance-import-page',
  template: `<h1 class="page-title">导入考勤</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AttendanceImportPage {}
