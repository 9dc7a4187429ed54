import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'bx-field-work-page',
  template: `<h1 class="page-title">今日工作</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FieldWorkPage {}
