import { HttpErrorResponse } from '@angular/common/http';
import type { Page } from '@baoxue/contracts';
import { PagedList, PagedQuery } from './paged-list';

function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const page = (items: string[], total = items.length): Page<string> => ({
  items,
  total,
  page: 1,
  pageSize: 20,
});

describe(PagedList.name, () => {
  it('asks for the trimmed search text and the current page, then shows the answer', async () => {
    const queries: PagedQuery[] = [];
    const list = new PagedList<string>(async (query) => {
      queries.push(query);
      return page(['a', 'b'], 42);
    });
    list.q.set('  济宁  ');
    list.goTo(3);
    await Promise.resolve();
    await list.load();

    expect(queries[0]).toEqual({ q: '济宁', page: 3, pageSize: 20 });
    expect(list.items()).toEqual(['a', 'b']);
    expect(list.total()).toBe(42);
    expect(list.loading()).toBe(false);
  });

  it('leaves out empty search text and starts a new search on the first page', async () => {
    const queries: PagedQuery[] = [];
    const list = new PagedList<string>(async (query) => {
      queries.push(query);
      return page([]);
    }, 10);
    list.page.set(5);
    list.q.set('   ');
    list.search();

    expect(list.page()).toBe(1);
    expect(queries[0]).toEqual({ q: undefined, page: 1, pageSize: 10 });
  });

  it('shows an error key on failure and clears it on the next load', async () => {
    let fail = true;
    const list = new PagedList<string>(async () => {
      if (fail) throw new HttpErrorResponse({ status: 0 });
      return page(['x']);
    });
    await list.load();
    expect(list.errorKey()).toBe('errors.network');
    expect(list.loading()).toBe(false);

    fail = false;
    await list.load();
    expect(list.errorKey()).toBeNull();
    expect(list.items()).toEqual(['x']);
  });

  it('drops the answer of a superseded request', async () => {
    const answers = [deferred<Page<string>>(), deferred<Page<string>>()];
    let call = 0;
    const list = new PagedList<string>(() => answers[call++].promise);
    const first = list.load();
    const second = list.load();

    answers[1].resolve(page(['new']));
    await second;
    expect(list.loading()).toBe(false);
    answers[0].reject(new HttpErrorResponse({ status: 500 }));
    await first;

    expect(list.items()).toEqual(['new']);
    expect(list.errorKey()).toBeNull();
    expect(list.loading()).toBe(false);
  });
});
