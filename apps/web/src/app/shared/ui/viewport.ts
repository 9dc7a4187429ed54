import { DestroyRef, inject, Injectable, signal } from '@angular/core';

const PHONE_QUERY = '(max-width: 767px)';

/** Whether the screen is phone-sized; lists switch from tables to cards on it. */
@Injectable({ providedIn: 'root' })
export class Viewport {
  private readonly phone = signal(false);
  readonly isPhone = this.phone.asReadonly();

  constructor() {
    const media = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(PHONE_QUERY) : null;
    if (!media) return;
    this.phone.set(media.matches);
    const listener = (event: MediaQueryListEvent): void => this.phone.set(event.matches);
    media.addEventListener('change', listener);
    inject(DestroyRef).onDestroy(() => media.removeEventListener('change', listener));
  }
}
