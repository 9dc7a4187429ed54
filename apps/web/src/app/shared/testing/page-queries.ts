import type { ComponentFixture } from '@angular/core/testing';

/** The DOM look-ups a page spec makes, by `data-testid`. */
export interface PageQueries {
  /** Not whenStable: a resource still loading is a pending task, and the requests wait for the test. */
  settle(): Promise<void>;
  byTestId(id: string, root?: ParentNode): HTMLElement | null;
  all(id: string): HTMLElement[];
  /** The trimmed text of an element, '' when it is not there. */
  text(id: string): string;
}

/** Queries on the page of `fixture()`, read on each call: specs may create the fixture late. */
export function pageQueries(fixture: () => ComponentFixture<unknown>): PageQueries {
  const element = (): HTMLElement => fixture().nativeElement as HTMLElement;
  const byTestId = (id: string, root: ParentNode = element()): HTMLElement | null =>
    root.querySelector(`[data-testid="${id}"]`);
  return {
    settle: async () => {
      for (let i = 0; i < 3; i++) {
        fixture().detectChanges();
        await new Promise((resolve) => setTimeout(resolve));
      }
    },
    byTestId,
    all: (id) => Array.from(element().querySelectorAll(`[data-testid="${id}"]`)),
    text: (id) => byTestId(id)?.textContent?.trim() ?? '',
  };
}
