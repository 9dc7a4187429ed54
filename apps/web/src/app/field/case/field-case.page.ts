import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'bx-field-case-page',
  template: `<h1 class="page-title">个案</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FieldCasePage {}
