const loaded = new Map<string, Promise<void>>();

/**
 * Adds a stylesheet that is not part of the initial bundle (the admin screens' component
 * styles) and resolves once it is applied, or after `timeoutMs` whatever happens.
 */
export function loadStylesheet(href: string, timeoutMs = 4000): Promise<void> {
  const existing = loaded.get(href);
  if (existing) return existing;
  const promise = new Promise<void>((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    const done = (): void => resolve();
    link.addEventListener('load', done, { once: true });
    link.addEventListener('error', done, { once: true });
    setTimeout(done, timeoutMs);
    document.head.appendChild(link);
  });
  loaded.set(href, promise);
  return promise;
}

export const ADMIN_STYLESHEET = 'zorro-admin.css';
