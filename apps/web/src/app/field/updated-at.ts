import { CHINA_OFFSET_MS, chinaToday } from '@baoxue/domain';

/**
 * When data was fetched, in China time: `HH:MM` on the same China day as `now`, else
 * `MM-DD HH:MM` (cards kept offline may be days old, and the official must see it).
 */
export function updatedAtLabel(at: string | null, now: Date): string {
  if (!at) return '';
  const time = Date.parse(at);
  if (Number.isNaN(time)) return '';
  const china = new Date(time + CHINA_OFFSET_MS).toISOString();
  const today = chinaToday(now);
  const clock = china.slice(11, 16);
  return china.slice(0, 10) === today ? clock : `${china.slice(5, 10)} ${clock}`;
}
