import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { LEDGER_KINDS, LEDGER_TITLES, LedgerExportView, LedgerKind, NodeRef } from '@baoxue/contracts';
import type { Label } from '@baoxue/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { DashboardApi } from './dashboard.api';
import { chinaToday } from './dashboard-links';

export const LEDGER_TEXTS = {
  title: { zh: '台账导出', en: 'Ledger export' },
  kind: { zh: '台账', en: 'Ledger' },
  date: { zh: '日期', en: 'Date' },
  download: { zh: '下载 Excel', en: 'Download Excel' },
  preparing: { zh: '正在生成…', en: 'Preparing…' },
  queued: { zh: '数据较多，已转为后台导出', en: 'A large ledger: exporting in the background' },
  done: { zh: '已下载', en: 'Downloaded' },
  failed: { zh: '导出失败，请重试', en: 'The export failed; please try again' },
  forbidden: { zh: '您无权导出该台账', en: 'You may not export this ledger' },
  invalid: { zh: '日期或单位无效', en: 'The date or node is not valid' },
  note: {
    zh: '身份证号、电话、住址按权限脱敏；每次导出均留痕。',
    en: 'ID numbers, phones and addresses are masked by role; every export is logged.',
  },
} as const satisfies Record<string, Label>;

type ExportPhase = 'idle' | 'direct' | 'job' | 'done' | 'failed';

/** The HTTP status behind a failed call, however it was wrapped. */
export function httpStatus(error: unknown): number | null {
  if (error instanceof HttpErrorResponse) return error.status;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof HttpErrorResponse ? cause.status : null;
}

/** The file name a ledger is saved as: `辍学学生台账-疃里镇-2026-12-02.xlsx`. */
export function ledgerFileName(kind: LedgerKind, nodeName: string | null, date: string): string {
  const safe = (nodeName ?? '').replace(/[\\/:*?"<>|]/g, '');
  return [LEDGER_TITLES[kind].zh, safe, date].filter(Boolean).join('-') + '.xlsx';
}

/**
 * 台账导出: a small ledger downloads at once; one too large for that (409) becomes an export
 * job whose progress is shown until its file can be fetched.
 */
@Component({
  selector: 'bx-ledger-export',
  imports: [FormsModule, NzButtonModule, LabelPipe],
  template: `
    <section class="panel" data-testid="ledger-export">
      <h2>{{ texts.title | bxLabel }}</h2>
      <form class="row" (ngSubmit)="download()">
        <label>
          <span>{{ texts.kind | bxLabel }}</span>
          <select name="kind" [ngModel]="kind()" (ngModelChange)="kind.set($event)" data-testid="ledger-kind">
            @for (k of kinds; track k) {
              <option [value]="k">{{ titles[k] | bxLabel }}</option>
            }
          </select>
        </label>
        <label>
          <span>{{ texts.date | bxLabel }}</span>
          <input
            type="date"
            name="date"
            [max]="today"
            [ngModel]="date()"
            (ngModelChange)="date.set($event || today)"
            data-testid="ledger-date"
          />
        </label>
        <button
          nz-button
          nzType="primary"
          type="submit"
          [nzLoading]="busy()"
          [disabled]="busy()"
          data-testid="ledger-download"
        >
          {{ texts.download | bxLabel }}
        </button>
      </form>
      @if (phase() === 'job') {
        <p>{{ texts.queued | bxLabel }}</p>
        <progress max="100" [value]="progress()" data-testid="ledger-progress"></progress>
        <span class="pct">{{ progress() }}%</span>
      } @else if (phase() === 'direct') {
        <p>{{ texts.preparing | bxLabel }}</p>
      } @else if (phase() === 'done') {
        <p class="ok" data-testid="ledger-done">{{ texts.done | bxLabel }}</p>
      } @else if (phase() === 'failed') {
        <p class="error" role="alert" data-testid="ledger-error">{{ error() | bxLabel }}</p>
      }
      <p class="note">{{ texts.note | bxLabel }}</p>
    </section>
  `,
  styles: `
    .panel {
      background: #fff;
      border: 1px solid var(--bx-border);
      border-radius: 12px;
      padding: 16px;
      min-width: 0;
    }
    h2 {
      font-size: 18px;
      margin: 0 0 8px;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      gap: 12px;
    }
    label {
      display: grid;
      gap: 4px;
    }
    select,
    input {
      min-height: 32px;
      padding: 4px 8px;
      border: 1px solid #d9d9d9;
      border-radius: 6px;
      font: inherit;
      background: #fff;
    }
    progress {
      width: min(100%, 360px);
      height: 12px;
      vertical-align: middle;
    }
    .pct {
      margin-left: 8px;
    }
    .ok {
      color: #389e0d;
    }
    .error {
      color: #cf1322;
    }
    .note {
      color: rgba(0, 0, 0, 0.45);
      font-size: 13px;
      margin: 8px 0 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LedgerExport {
  private readonly api = inject(DashboardApi);

  /** The node the ledger is for; null: the root of the user's scope. */
  readonly node = input<NodeRef | null>(null);
  readonly nodeName = input<string | null>(null);
  /** How often a running export job is asked for its progress. */
  readonly pollMs = input(1000);

  protected readonly texts = LEDGER_TEXTS;
  protected readonly titles = LEDGER_TITLES;
  protected readonly kinds = LEDGER_KINDS;
  protected readonly today = chinaToday();

  protected readonly kind = signal<LedgerKind>('dropout');
  protected readonly date = signal(this.today);
  protected readonly phase = signal<ExportPhase>('idle');
  protected readonly progress = signal(0);
  protected readonly error = signal<Label>(LEDGER_TEXTS.failed);
  protected readonly busy = (): boolean => this.phase() === 'direct' || this.phase() === 'job';

  async download(): Promise<void> {
    if (this.busy()) return;
    const kind = this.kind();
    const date = this.date();
    const fileName = ledgerFileName(kind, this.nodeName(), date);
    this.phase.set('direct');
    this.progress.set(0);
    try {
      const blob = await this.api.download(this.api.ledgerExportUrl(kind, this.node(), date));
      this.save(blob, fileName);
      this.phase.set('done');
    } catch (error) {
      if (httpStatus(error) === 409) await this.viaJob(kind, date, fileName);
      else this.fail(error);
    }
  }

  private async viaJob(kind: LedgerKind, date: string, fileName: string): Promise<void> {
    this.phase.set('job');
    try {
      const { id } = await this.api.startExport({ kind, node: this.node() ?? undefined, date });
      let job: LedgerExportView = await this.api.exportJob(id);
      while (job.status === 'queued' || job.status === 'running') {
        this.progress.set(job.progress);
        await new Promise((resolve) => setTimeout(resolve, this.pollMs()));
        job = await this.api.exportJob(id);
      }
      if (job.status !== 'done') throw new Error(job.status);
      this.progress.set(100);
      this.save(await this.api.download(this.api.exportFileUrl(id)), job.fileName ?? fileName);
      this.phase.set('done');
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    const status = httpStatus(error);
    this.error.set(
      status === 403 ? LEDGER_TEXTS.forbidden : status === 400 ? LEDGER_TEXTS.invalid : LEDGER_TEXTS.failed,
    );
    this.phase.set('failed');
  }

  /** Hands the workbook to the browser as a download. */
  private save(blob: Blob, fileName: string): void {
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
