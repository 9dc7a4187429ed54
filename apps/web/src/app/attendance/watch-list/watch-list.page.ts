import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'bx-watch-list-page',
  template: `<h1 class="page-title">重点关注学生</h1>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WatchListPage {}
