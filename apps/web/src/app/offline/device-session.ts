import { effect, inject, Injectable, untracked } from '@angular/core';
import type { CurrentUser } from '@baoxue/contracts';
import { AuthStore } from '../auth/auth.store';

const SESSION_KEY = 'bx-session';
const PROBE_TIMEOUT_MS = 4000;

/** True when the server cannot be reached: no answer, or the service worker's 504 offline. */
export async function serverUnreachable(
  probe: (signal: AbortSignal) => Promise<Response> = (signal) =>
    fetch('/api/health', { cache: 'no-store', signal }),
): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
  try {
    return (await probe(controller.signal)).status >= 500;
  } catch {
    return true;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Lets the app start without a network: who is signed in is remembered on the device and used
 * only when the server cannot be asked (a 401 from a reachable server still sends the user to
 * sign in). Forgotten when the session ends or the user signs out. The session cookie itself
 * is what the server checks, so the remembered user opens no data the phone does not hold.
 */
@Injectable({ providedIn: 'root' })
export class DeviceSession {
  private readonly auth = inject(AuthStore);
  private previous: CurrentUser | null = null;

  constructor() {
    effect(() => {
      const user = this.auth.user();
      untracked(() => {
        if (user) this.remember(user);
        else if (this.previous) this.forget();
        this.previous = user;
      });
    });
  }

  /** Loads the session (the app initializer); falls back to the remembered user when offline. */
  async start(unreachable: () => Promise<boolean> = () => serverUnreachable()): Promise<void> {
    await this.auth.load();
    if (this.auth.user()) return;
    const remembered = this.remembered();
    if (remembered && (await unreachable())) this.auth.user.set(remembered);
  }

  forget(): void {
    try {
      localStorage.removeItem(SESSION_KEY);
    } catch {
      // Storage disabled: nothing was kept.
    }
  }

  private remember(user: CurrentUser | null): void {
    if (!user) return;
    try {
      localStorage.setItem(SESSION_KEY, JSON.stringify(user));
    } catch {
      // Storage full or disabled: the app then needs the network to start.
    }
  }

  private remembered(): CurrentUser | null {
    try {
      const raw = localStorage.getItem(SESSION_KEY);
      return raw ? (JSON.parse(raw) as CurrentUser) : null;
    } catch {
      return null;
    }
  }
}
