import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'bx-case-edit-page',
  template: `<h1 class="page-title">编辑去向与帮扶计划</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseEditPage {}
