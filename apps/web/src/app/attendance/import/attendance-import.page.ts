import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { AttendanceImportResult } from '@baoxue/contracts';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { apiErrorOf } from '../../shared/api/api-error';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { ATTENDANCE_TEXTS, problemCountLabel, savedRowsLabel } from '../attendance-texts';
import { AttendanceApi } from '../attendance.api';
import { OpenedCases } from '../opened-cases';
import { downloadTemplate, isSpreadsheetName } from './import-template';

/**
 * 导入考勤: a spreadsheet is checked first (a dry run listing each row's problems) and
 * imported only once it has none; the server saves all rows or nothing.
 */
@Component({
  selector: 'bx-attendance-import-page',
  imports: [RouterLink, NzAlertModule, NzButtonModule, LabelPipe, OpenedCases],
  templateUrl: './attendance-import.page.html',
  styleUrl: './attendance-import.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AttendanceImportPage {
  private readonly api = inject(AttendanceApi);

  protected readonly texts = ATTENDANCE_TEXTS;
  protected readonly problemCount = problemCountLabel;
  protected readonly savedRows = savedRowsLabel;

  protected readonly file = signal<File | null>(null);
  protected readonly wrongType = signal(false);
  protected readonly busy = signal(false);
  /** The last answer: a dry run (problems or ready) or the import done. */
  protected readonly result = signal<AttendanceImportResult | null>(null);
  /** A refusal of the whole file (not a spreadsheet, a missing column …) or a network failure. */
  protected readonly failure = signal<string | null>(null);

  protected pick(input: HTMLInputElement): void {
    const file = input.files?.item(0) ?? null;
    this.result.set(null);
    this.failure.set(null);
    this.wrongType.set(file !== null && !isSpreadsheetName(file.name));
    this.file.set(file && isSpreadsheetName(file.name) ? file : null);
  }

  /** 检查: the dry run. */
  check(): Promise<void> {
    return this.send(true);
  }

  /** 导入: only after a clean dry run of this same file. */
  importNow(): Promise<void> {
    return this.send(false);
  }

  protected readyToImport(): boolean {
    const result = this.result();
    return !!result && result.dryRun && result.problems.length === 0 && result.rows > 0;
  }

  protected template(): void {
    downloadTemplate();
  }

  private async send(dryRun: boolean): Promise<void> {
    const file = this.file();
    if (!file || this.busy()) return;
    this.busy.set(true);
    this.failure.set(null);
    try {
      this.result.set(await this.api.importFile(file, dryRun));
    } catch (error) {
      this.result.set(null);
      const api = apiErrorOf(error);
      this.failure.set(api?.details?.[0]?.message ?? api?.message ?? '');
    } finally {
      this.busy.set(false);
    }
  }
}
