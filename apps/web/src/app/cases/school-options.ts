import { signal } from '@angular/core';
import type { Organisation, Page } from '@baoxue/contracts';

/**
 * The schools in scope as select options (return school, list filter), fetched once,
 * the first time they are needed. A failed fetch leaves the select empty.
 */
export class SchoolOptions {
  readonly items = signal<{ id: string; name: string }[]>([]);
  readonly loading = signal(false);

  constructor(private readonly fetch: () => Promise<Page<Organisation>>) {}

  async load(): Promise<void> {
    if (this.items().length > 0 || this.loading()) return;
    this.loading.set(true);
    try {
      const page = await this.fetch();
      this.items.set(page.items.map(({ id, name }) => ({ id, name })));
    } catch {
      // Nothing to offer; the server names the field if one is required.
    } finally {
      this.loading.set(false);
    }
  }
}
