import { DestroyRef, inject, Injectable, signal } from '@angular/core';

/**
 * The browser's idea of the network: `online()` false when the phone knows it has none. A true
 * value promises nothing (a weak signal looks online), so senders still handle failures.
 */
@Injectable({ providedIn: 'root' })
export class NetworkStatus {
  readonly online = signal(typeof navigator === 'undefined' ? true : navigator.onLine);

  constructor() {
    if (typeof window === 'undefined') return;
    const update = (): void => this.online.set(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    inject(DestroyRef).onDestroy(() => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    });
  }
}
