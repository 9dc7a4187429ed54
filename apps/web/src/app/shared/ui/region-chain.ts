import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { RegionRef } from '@baoxue/contracts';

/** A place as its administrative chain: 山东省 › 济宁市 › … (optionally ending in a school). */
@Component({
  selector: 'bx-region-chain',
  template: `
    @for (part of parts(); track $index; let last = $last) {
      <span class="part" [class.last]="last">{{ part }}</span>
      @if (!last) {
        <span class="sep">{{ separator }}</span>
      }
    }
  `,
  styles: `
    :host {
      display: inline;
      line-height: 1.8;
    }
    .part {
      white-space: nowrap;
    }
    .part.last {
      font-weight: 500;
    }
    .sep {
      white-space: pre;
      color: inherit;
      opacity: 0.6;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RegionChain {
  readonly chain = input.required<readonly RegionRef[]>();
  /** A last element after the regions, e.g. a school's name. */
  readonly tail = input<string | null>(null);

  protected readonly separator = ' › ';

  protected readonly parts = computed(() => {
    const names = this.chain().map((region) => region.name);
    const tail = this.tail();
    return tail ? [...names, tail] : names;
  });
}
