import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { DuplicateSide, StudentDuplicate } from '@baoxue/contracts';
import { DUPLICATE_REASON_LABELS, DUPLICATE_STATUSES, DuplicateStatus, MergeField } from '@baoxue/domain';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { AuthStore } from '../auth/auth.store';
import { PagedList } from '../shared/data/paged-list';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { CardPagination } from '../shared/ui/card-pagination';
import { ListError } from '../shared/ui/list-error';
import {
  choosableConflicts,
  COMPARE_ROWS,
  defaultSurvivor,
  duplicateErrorKey,
  otherSide,
  REASON_MAX,
  reasonValid,
  SideName,
} from './duplicate-compare';
import { StudentsApi } from './students.api';

/**
 * 疑似重复: pairs of records that may be the same child, for the bureau. An officer compares
 * the two (masked) side by side and merges them, or marks them "not the same child".
 */
@Component({
  selector: 'bx-duplicate-list-page',
  imports: [
    FormsModule,
    NgTemplateOutlet,
    RouterLink,
    TranslocoPipe,
    NzAlertModule,
    NzButtonModule,
    NzInputModule,
    NzModalModule,
    NzSelectModule,
    NzSpinModule,
    NzTagModule,
    LabelPipe,
    CardPagination,
    ListError,
  ],
  templateUrl: './duplicate-list.page.html',
  styleUrls: ['../admin/admin-list.css', './duplicate-list.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DuplicateListPage implements OnInit {
  private readonly api = inject(StudentsApi);
  private readonly auth = inject(AuthStore);
  private readonly message = inject(NzMessageService);
  private readonly transloco = inject(TranslocoService);

  protected readonly statuses = DUPLICATE_STATUSES;
  protected readonly reasonLabels = DUPLICATE_REASON_LABELS;
  protected readonly rows = COMPARE_ROWS;
  protected readonly reasonMax = REASON_MAX;

  protected readonly status = signal<DuplicateStatus>('open');
  /** Only a bureau officer merges or dismisses; a leader looks. */
  protected readonly canResolve = computed(() => this.auth.user()?.role === 'bureau_officer');

  protected readonly list = new PagedList<StudentDuplicate>(({ page, pageSize }) =>
    this.api.duplicates({ status: this.status(), page, pageSize }),
  );

  /** The pair being compared for a merge, the record kept, and the fields taken from the other. */
  protected readonly merging = signal<StudentDuplicate | null>(null);
  protected readonly survivor = signal<SideName>('first');
  protected readonly takeFromOther = signal<readonly MergeField[]>([]);
  protected readonly mergeReason = signal('');

  protected readonly dismissing = signal<StudentDuplicate | null>(null);
  protected readonly dismissReason = signal('');

  protected readonly busy = signal(false);
  protected readonly dialogErrorKey = signal<string | null>(null);
  protected readonly reasonTouched = signal(false);

  ngOnInit(): void {
    void this.list.load();
  }

  protected setStatus(status: DuplicateStatus): void {
    this.status.set(status);
    this.list.search();
  }

  protected conflictNames(d: StudentDuplicate): string {
    return d.conflicts.map((f) => this.transloco.translate(`duplicates.field.${f}`)).join('、');
  }

  protected isConflict(d: StudentDuplicate, field: string): boolean {
    return (d.conflicts as readonly string[]).includes(field);
  }

  protected choosable(d: StudentDuplicate): MergeField[] {
    return choosableConflicts(d);
  }

  protected side(d: StudentDuplicate, name: SideName): DuplicateSide {
    return d[name];
  }

  protected openMerge(d: StudentDuplicate): void {
    this.merging.set(d);
    this.survivor.set(defaultSurvivor(d));
    this.takeFromOther.set([]);
    this.mergeReason.set('');
    this.reasonTouched.set(false);
    this.dialogErrorKey.set(null);
  }

  protected chooseSurvivor(side: SideName): void {
    this.survivor.set(side);
    // "The other record's value" means another record now: the choices start again.
    this.takeFromOther.set([]);
  }

  protected toggleTake(field: MergeField, taken: boolean): void {
    const rest = this.takeFromOther().filter((f) => f !== field);
    this.takeFromOther.set(taken ? [...rest, field] : rest);
  }

  protected closeDialogs(): void {
    if (this.busy()) return;
    this.merging.set(null);
    this.dismissing.set(null);
  }

  protected async merge(): Promise<void> {
    const d = this.merging();
    if (!d) return;
    this.reasonTouched.set(true);
    if (!reasonValid(this.mergeReason())) return;
    const keep = d[this.survivor()];
    const other = d[otherSide(this.survivor())];
    await this.run(async () => {
      await this.api.merge(keep.id, {
        duplicateId: d.id,
        version: keep.version,
        otherVersion: other.version,
        takeFromOther: [...this.takeFromOther()],
        reason: this.mergeReason().trim(),
      });
      this.merging.set(null);
      this.message.success(this.transloco.translate('duplicates.merge.done'));
    });
  }

  protected openDismiss(d: StudentDuplicate): void {
    this.dismissing.set(d);
    this.dismissReason.set('');
    this.reasonTouched.set(false);
    this.dialogErrorKey.set(null);
  }

  protected async dismiss(): Promise<void> {
    const d = this.dismissing();
    if (!d) return;
    this.reasonTouched.set(true);
    if (!reasonValid(this.dismissReason())) return;
    await this.run(async () => {
      await this.api.dismissDuplicate(d.id, { version: d.version, reason: this.dismissReason().trim() });
      this.dismissing.set(null);
      this.message.success(this.transloco.translate('duplicates.dismissDialog.done'));
    });
  }

  protected reasonInvalid(reason: string): boolean {
    return this.reasonTouched() && !reasonValid(reason);
  }

  /** Runs a merge or dismissal; whatever happens the list is fresh afterwards. */
  private async run(action: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.dialogErrorKey.set(null);
    try {
      await action();
    } catch (error) {
      this.dialogErrorKey.set(duplicateErrorKey(error));
    } finally {
      this.busy.set(false);
    }
    await this.list.load();
    // A dialog still open (the act failed) works on the fresh pair, so a retry sends fresh versions.
    const fresh = (d: StudentDuplicate | null) =>
      d && (this.list.items().find((item) => item.id === d.id) ?? d);
    this.merging.set(fresh(this.merging()));
    this.dismissing.set(fresh(this.dismissing()));
  }
}
