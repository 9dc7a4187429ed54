/** What an outside channel says: never a child's full name or ID (callers write masked names). */
export interface OutgoingMessage {
  title: string;
  body: string;
  /** Absolute link to the web app, when PUBLIC_URL is set. */
  url: string | null;
}

/** PUBLIC_URL + the app path, or null when either is missing. */
export function absoluteLink(publicUrl: string, link: string | null): string | null {
  if (!publicUrl || !link) return null;
  return `${publicUrl}${link.startsWith('/') ? '' : '/'}${link}`;
}

/** The outcome of one send: `error` is short and carries no secret (no URL, no key). */
export type SendResult = { ok: true } | { ok: false; error: string };

export function shortError(message: string): string {
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine;
}
