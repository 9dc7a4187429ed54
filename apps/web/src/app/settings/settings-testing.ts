import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { Type } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ApiErrorDetail } from '@baoxue/contracts';
import { provideNzIcons } from 'ng-zorro-antd/icon';
import { AuthStore } from '../auth/auth.store';
import { APP_ICONS } from '../shared/ui/icons';
import { provideTestI18n } from '../testing/i18n-testing';
import { aUser } from '../testing/users';

/** A settings component created for a bureau officer, its HTTP calls held for the test to answer. */
export interface SettingsTest<T> {
  fixture: ComponentFixture<T>;
  backend: HttpTestingController;
  /** Lets pending promises and change detection run. */
  settle(): Promise<void>;
  byTestId(id: string, root?: ParentNode): HTMLElement | null;
}

export async function createSettingsTest<T>(component: Type<T>): Promise<SettingsTest<T>> {
  TestBed.configureTestingModule({
    imports: [component],
    providers: [
      provideRouter([]),
      provideHttpClient(),
      provideHttpClientTesting(),
      provideTestI18n(),
      provideNzIcons(APP_ICONS),
    ],
  });
  TestBed.inject(AuthStore).user.set(aUser({ role: 'bureau_officer' }));
  const backend = TestBed.inject(HttpTestingController);
  const fixture = TestBed.createComponent(component);
  await fixture.whenStable();
  return {
    fixture,
    backend,
    settle: async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
    },
    byTestId: (id, root = fixture.nativeElement as HTMLElement) =>
      root.querySelector(`[data-testid="${id}"]`),
  };
}

/** Answers a save as the API does when the version read is stale. */
export function answerStale(request: TestRequest, code: string): void {
  request.flush(
    { statusCode: 409, error: 'Conflict', message: 'stale', code },
    { status: 409, statusText: 'Conflict' },
  );
}

/** Answers a save as the API does when a field breaks a rule. */
export function answerInvalid(request: TestRequest, details: ApiErrorDetail[]): void {
  request.flush(
    { statusCode: 400, error: 'Bad Request', message: 'invalid', details },
    { status: 400, statusText: 'Bad Request' },
  );
}
