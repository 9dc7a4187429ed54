import { signal } from '@angular/core';
import type { Page } from '@baoxue/contracts';
import { errorMessageKey } from '../api/api-error';

/** What a paged search asks the API for; a page adds its own filters. */
export interface PagedQuery {
  q?: string;
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 20;

/**
 * State of a paged search list: the search text, the page, the items and total of the
 * latest answer, loading and the error to show. Answers to superseded requests are dropped.
 */
export class PagedList<T> {
  readonly q = signal('');
  readonly page = signal(1);
  readonly items = signal<T[]>([]);
  readonly total = signal(0);
  readonly loading = signal(false);
  readonly errorKey = signal<string | null>(null);
  private request = 0;

  constructor(
    private readonly fetch: (query: PagedQuery) => Promise<Page<T>>,
    readonly pageSize = DEFAULT_PAGE_SIZE,
  ) {}

  /** A new search: back to the first page. */
  search(): void {
    this.page.set(1);
    void this.load();
  }

  goTo(page: number): void {
    this.page.set(page);
    void this.load();
  }

  async load(): Promise<void> {
    const request = ++this.request;
    this.loading.set(true);
    this.errorKey.set(null);
    try {
      const result = await this.fetch({
        q: this.q().trim() || undefined,
        page: this.page(),
        pageSize: this.pageSize,
      });
      if (request !== this.request) return;
      this.items.set(result.items);
      this.total.set(result.total);
    } catch (error) {
      if (request === this.request) this.errorKey.set(errorMessageKey(error));
    } finally {
      if (request === this.request) this.loading.set(false);
    }
  }
}
