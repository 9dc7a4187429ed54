import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { CaseDetail, OpenCaseRequest } from '@baoxue/contracts';
import { TranslocoPipe } from '@jsverse/transloco';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { apiErrorOf, errorMessageKey } from '../shared/api/api-error';
import { FormStatus, submissionFailure } from '../shared/api/form-status';
import { CASE_ERROR_CODES } from './case-rules';

/** The child already has an open case: that case when the API named it, else the child. */
export interface AlreadyOpen {
  caseId: string | null;
  studentId: string;
}

/**
 * Sending an open-case request from a form (开案, 报告缺学): field errors and messages go to
 * the form's status; 409 `case.already_open` becomes `alreadyOpen`, to link to that case.
 */
export class CaseOpening {
  readonly alreadyOpen = signal<AlreadyOpen | null>(null);

  constructor(private readonly status: FormStatus) {}

  /** The opened case, or null when it failed (and the failure is shown). */
  async submit(
    request: OpenCaseRequest,
    open: (r: OpenCaseRequest) => Promise<CaseDetail>,
  ): Promise<CaseDetail | null> {
    const status = this.status;
    status.saving.set(true);
    status.errorKey.set(null);
    status.serverErrors.set({});
    this.alreadyOpen.set(null);
    try {
      return await open(request);
    } catch (error) {
      const body = apiErrorOf(error);
      if (body?.code === 'case.already_open') {
        this.alreadyOpen.set({ caseId: body.context?.['openCaseId'] ?? null, studentId: request.studentId });
      } else {
        const failure = submissionFailure(error, false);
        if (failure.kind === 'fields') status.serverErrors.set(failure.fields);
        else status.errorKey.set(errorMessageKey(error, CASE_ERROR_CODES));
      }
      return null;
    } finally {
      status.saving.set(false);
    }
  }
}

/** "This child already has an open case", linking to it (or to the child's cases). */
@Component({
  selector: 'bx-case-already-open',
  imports: [RouterLink, TranslocoPipe, NzAlertModule],
  template: `
    <nz-alert
      class="already-open"
      nzType="warning"
      nzShowIcon
      [nzMessage]="'errors.case.already_open' | transloco"
      [nzDescription]="link"
      role="alert"
      data-testid="case-already-open"
    />
    <ng-template #link>
      @if (open().caseId; as caseId) {
        <a [routerLink]="['/cases', caseId]" data-testid="case-already-open-link">{{
          'cases.report.seeOpenCase' | transloco
        }}</a>
      } @else {
        <a
          routerLink="/cases"
          [queryParams]="{ studentId: open().studentId }"
          data-testid="case-already-open-link"
          >{{ 'cases.open.seeOpenCase' | transloco }}</a
        >
      }
    </ng-template>
  `,
  styles: `
    :host {
      display: block;
      margin-bottom: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseAlreadyOpen {
  readonly open = input.required<AlreadyOpen>();
}
