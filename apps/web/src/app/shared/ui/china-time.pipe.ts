import { Pipe, PipeTransform } from '@angular/core';

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * An instant (ISO 8601, stored UTC) as China time, `YYYY-MM-DD HH:mm` (UTC+8, no daylight
 * saving), whatever the browser's zone: officials compare it with paper records.
 */
@Pipe({ name: 'bxChinaTime' })
export class ChinaTimePipe implements PipeTransform {
  transform(at: string | null | undefined): string {
    if (!at) return '';
    const time = Date.parse(at);
    if (Number.isNaN(time)) return at;
    return new Date(time + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
  }
}
