import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'bx-class-roll-page',
  template: `<h1 class="page-title">考勤点名</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ClassRollPage {}
