import { ChangeDetectionStrategy, Component, inject, input, OnDestroy, OnInit, signal } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { InterventionsApi } from './interventions.api';

/**
 * One photo's thumbnail. The image needs the session (and is audited), so it is fetched and
 * shown from an object URL, released when the thumbnail goes away.
 */
@Component({
  selector: 'bx-intervention-photo',
  imports: [TranslocoPipe],
  template: `@if (url(); as src) {
      <a [href]="src" target="_blank" rel="noopener">
        <img
          class="thumb"
          [src]="src"
          [alt]="'cases.interventions.photo' | transloco"
          data-testid="intervention-photo"
        />
      </a>
    } @else {
      <span class="thumb placeholder" data-testid="intervention-photo">{{
        (failed() ? 'cases.interventions.photoFailed' : 'cases.interventions.photo') | transloco
      }}</span>
    }`,
  styles: `
    :host {
      display: inline-block;
    }
    .thumb {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      width: 72px;
      height: 72px;
      object-fit: cover;
      border-radius: 4px;
      background: #f5f5f5;
      font-size: 12px;
      color: rgba(0, 0, 0, 0.45);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InterventionPhotoThumb implements OnInit, OnDestroy {
  private readonly api = inject(InterventionsApi);

  readonly caseId = input.required<string>();
  readonly interventionId = input.required<string>();
  readonly photoId = input.required<string>();

  protected readonly url = signal<string | null>(null);
  protected readonly failed = signal(false);
  private destroyed = false;

  async ngOnInit(): Promise<void> {
    try {
      const blob = await this.api.photo(this.caseId(), this.interventionId(), this.photoId());
      const url = URL.createObjectURL(blob);
      if (this.destroyed) URL.revokeObjectURL(url);
      else this.url.set(url);
    } catch {
      this.failed.set(true);
    }
  }

  ngOnDestroy(): void {
    this.destroyed = true;
    const url = this.url();
    if (url) URL.revokeObjectURL(url);
  }
}
