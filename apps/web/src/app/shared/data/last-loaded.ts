import { linkedSignal, Resource, WritableSignal } from '@angular/core';

/**
 * The resource's last value, kept while the next one loads so the page does not jump; null
 * before the first value and after a failure.
 */
export function lastLoaded<T>(resource: Resource<T | undefined>): WritableSignal<T | null> {
  return linkedSignal<T | null, T | null>({
    source: () => (resource.hasValue() ? (resource.value() ?? null) : null),
    computation: (value, previous) => value ?? (resource.isLoading() ? (previous?.value ?? null) : null),
  });
}
