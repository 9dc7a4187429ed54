import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'bx-visit-sheet-page',
  template: `<h1 class="page-title">记录家访</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VisitSheetPage {}
