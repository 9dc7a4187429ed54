import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type { RegisterImportDetail, RegisterImportProblem, RegisterImportStatus } from '@baoxue/contracts';
import {
  isRegisterWarning,
  REGISTER_FIELD_LABELS,
  REGISTER_KIND_FIELDS,
  REGISTER_KIND_LABELS,
  REGISTER_RULE_LABELS,
  RegisterField,
  RegisterMapping,
  RegisterRule,
} from '@baoxue/domain';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzPaginationModule } from 'ng-zorro-antd/pagination';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { apiErrorOf, isStaleVersion } from '../../shared/api/api-error';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { ChinaTimePipe } from '../../shared/ui/china-time.pipe';
import { httpStatusOf } from '../../attendance/http-status';
import {
  IMPORT_STATUS_COLORS,
  IMPORT_STATUS_LABELS,
  importedPercent,
  progressLabel,
  REGISTER_TEXTS,
  reportLine,
} from '../registers-texts';
import { REGISTER_POLL_MS, RegistersApi } from '../registers.api';
import { RegisterFilePicker } from './register-file-picker';

const PROBLEMS_PAGE_SIZE = 20;

/** Statuses the server is still working in: the page asks again until they end. */
const WORKING: readonly RegisterImportStatus[] = ['validating', 'importing'];

/** The five steps shown at the top and the step each status is at (done steps before it). */
const STEPS = ['stepUpload', 'stepMapping', 'stepDryRun', 'stepCommit', 'stepDone'] as const;
const STEP_OF: Readonly<Record<RegisterImportStatus, number>> = {
  uploaded: 1,
  validating: 2,
  validated: 2,
  rejected: 2,
  importing: 3,
  failed: 3,
  committed: 5,
  superseded: 5,
  discarded: 0,
};

/** After an action the job may not have started yet: ask again this many times for a change. */
const AWAIT_POLLS = 15;

/**
 * One import's course: 上传 → 字段映射 → 试导入检查 → 确认导入 → 完成. The dry run and the import
 * run as server jobs; the page asks for the import's state every second while they run.
 */
@Component({
  selector: 'bx-import-page',
  imports: [
    RouterLink,
    NzAlertModule,
    NzButtonModule,
    NzPaginationModule,
    NzSpinModule,
    NzTagModule,
    LabelPipe,
    ChinaTimePipe,
    RegisterFilePicker,
  ],
  templateUrl: './import.page.html',
  styleUrls: ['../registers.css', './import.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportPage {
  private readonly api = inject(RegistersApi);
  private readonly router = inject(Router);
  private readonly pollMs = inject(REGISTER_POLL_MS);

  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly texts = REGISTER_TEXTS;
  protected readonly kindLabels = REGISTER_KIND_LABELS;
  protected readonly fieldLabels = REGISTER_FIELD_LABELS;
  protected readonly ruleLabels = REGISTER_RULE_LABELS;
  protected readonly statusLabels = IMPORT_STATUS_LABELS;
  protected readonly statusColors = IMPORT_STATUS_COLORS;
  protected readonly steps = STEPS;
  protected readonly problemsPageSize = PROBLEMS_PAGE_SIZE;
  protected readonly progressLabel = progressLabel;
  protected readonly percent = importedPercent;

  protected readonly detail = signal<RegisterImportDetail | null>(null);
  protected readonly loadError = signal<'not_found' | 'failed' | null>(null);
  protected readonly busy = signal(false);
  protected readonly conflict = signal(false);
  protected readonly actionFailure = signal<string | null>(null);

  /** The mapping as edited on the page; saved before a dry run when changed. */
  protected readonly mapping = signal<RegisterMapping>({});
  protected readonly mappingDirty = computed(() => {
    const saved = this.detail()?.mapping ?? {};
    const edited = this.mapping();
    return this.fields().some((spec) => (saved[spec.field] ?? null) !== (edited[spec.field] ?? null));
  });

  protected readonly problems = signal<RegisterImportProblem[]>([]);
  protected readonly problemsTotal = signal(0);
  protected readonly problemsPage = signal(1);
  protected readonly problemRule = signal<RegisterRule | null>(null);
  protected readonly problemsLoading = signal(false);

  protected readonly replacement = signal<File | null>(null);

  protected readonly status = computed(() => this.detail()?.status ?? null);
  protected readonly step = computed(() => {
    const status = this.status();
    return status ? STEP_OF[status] : 0;
  });
  protected readonly fields = computed(() => {
    const kind = this.detail()?.kind;
    return kind ? REGISTER_KIND_FIELDS[kind] : [];
  });
  /** Which field each file column is mapped to, for the preview's header. */
  protected readonly columnFields = computed(() => {
    const byColumn = new Map<number, RegisterField>();
    for (const [field, column] of Object.entries(this.mapping())) {
      if (column !== null && column !== undefined) byColumn.set(column, field as RegisterField);
    }
    return byColumn;
  });
  protected readonly warningRows = computed(() => {
    const byRule = this.detail()?.problemsByRule ?? {};
    return Object.entries(byRule)
      .filter(([rule]) => isRegisterWarning(rule as RegisterRule))
      .reduce((sum, [, count]) => sum + (count ?? 0), 0);
  });
  protected readonly rules = computed(() =>
    Object.entries(this.detail()?.problemsByRule ?? {})
      .filter(([, count]) => (count ?? 0) > 0)
      .map(([rule, count]) => ({ rule: rule as RegisterRule, count: count ?? 0 })),
  );
  protected readonly report = computed(() => {
    const d = this.detail();
    return d ? reportLine(d.counts.rows, d.counts.valid, d.counts.invalid, this.warningRows()) : null;
  });
  protected readonly canEditMapping = computed(() => {
    const status = this.status();
    return status === 'uploaded' || status === 'validated';
  });
  protected readonly canCommit = computed(() => {
    const d = this.detail();
    return d?.status === 'validated' && d.counts.valid > 0 && !this.mappingDirty();
  });

  private timer: ReturnType<typeof setTimeout> | null = null;
  private awaitFrom: { version: number; polls: number } | null = null;
  private loaded = '';

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stopPolling());
    effect(() => {
      const id = this.id();
      untracked(() => {
        this.stopPolling();
        this.detail.set(null);
        this.awaitFrom = null;
        this.loaded = '';
        void this.load(id);
      });
    });
  }

  /** Reads the import; polls again while a job runs or an action has not shown yet. */
  async load(id = this.id()): Promise<void> {
    try {
      const detail = await this.api.import(id);
      if (id !== this.id()) return;
      this.loadError.set(null);
      this.take(detail);
    } catch (error) {
      if (id !== this.id()) return;
      this.loadError.set(httpStatusOf(error) === 404 || httpStatusOf(error) === 403 ? 'not_found' : 'failed');
      return;
    }
    this.schedule();
  }

  private take(detail: RegisterImportDetail): void {
    const previous = this.detail();
    this.detail.set(detail);
    // Keep the user's unsaved mapping while the same version is shown again.
    if (!previous || previous.version !== detail.version || !this.mappingDirty()) {
      this.mapping.set({ ...detail.mapping });
    }
    if (this.awaitFrom && detail.version !== this.awaitFrom.version) this.awaitFrom = null;
    // The report's table: once per validated (or rejected) version.
    const key = `${detail.id}:${detail.version}:${detail.status}`;
    if (
      key !== this.loaded &&
      (detail.status === 'validated' || detail.status === 'rejected' || detail.status === 'committed')
    ) {
      this.loaded = key;
      this.problemsPage.set(1);
      void this.loadProblems();
    }
  }

  private schedule(): void {
    this.stopPolling();
    const status = this.status();
    const waiting = this.awaitFrom !== null && this.awaitFrom.polls++ < AWAIT_POLLS;
    if ((status && WORKING.includes(status)) || waiting) {
      this.timer = setTimeout(() => void this.load(), this.pollMs);
    } else {
      this.awaitFrom = null;
    }
  }

  private stopPolling(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  protected setColumn(field: RegisterField, value: string): void {
    this.mapping.update((mapping) => ({ ...mapping, [field]: value === '' ? null : Number(value) }));
  }

  protected columnValue(field: RegisterField): string {
    const column = this.mapping()[field];
    return column === null || column === undefined ? '' : String(column);
  }

  /** 保存映射 */
  async saveMapping(): Promise<boolean> {
    const detail = this.detail();
    if (!detail) return false;
    return this.act(() => this.api.saveMapping(detail.id, this.mapping(), detail.version), false);
  }

  /** 试导入: saves a changed mapping first, then starts the dry run and follows it. */
  async dryRun(): Promise<void> {
    if (this.mappingDirty() && !(await this.saveMapping())) return;
    const detail = this.detail();
    if (!detail) return;
    await this.act(() => this.api.dryRun(detail.id, detail.version), true);
  }

  /** 确认导入: the job writes every valid row or none; the progress bar follows it. */
  async commit(): Promise<void> {
    const detail = this.detail();
    if (!detail || (detail.status !== 'validated' && detail.status !== 'failed')) return;
    await this.act(() => this.api.commit(detail.id, detail.version), true);
  }

  async discard(): Promise<void> {
    const detail = this.detail();
    if (!detail) return;
    await this.act(() => this.api.discard(detail.id), false);
  }

  /** 重新上传: the corrected file is a new import of the same kind. */
  async reupload(): Promise<void> {
    const detail = this.detail();
    const file = this.replacement();
    if (!detail || !file || this.busy()) return;
    this.busy.set(true);
    this.actionFailure.set(null);
    try {
      const created = await this.api.upload(detail.kind, file, detail.region.id);
      this.replacement.set(null);
      await this.router.navigate(['/registers/imports', created.id]);
    } catch (error) {
      this.actionFailure.set(this.failureText(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected filterRule(rule: RegisterRule | null): void {
    this.problemRule.set(rule);
    this.problemsPage.set(1);
    void this.loadProblems();
  }

  protected goToProblems(page: number): void {
    this.problemsPage.set(page);
    void this.loadProblems();
  }

  protected workbookUrl(): string {
    return this.api.problemsWorkbookUrl(this.id());
  }

  /** The server's message when it says more than the rule's own label. */
  protected extraMessage(problem: RegisterImportProblem): string | null {
    const label = this.ruleLabel(problem.rule);
    const message = problem.message?.trim();
    return message && message !== label.zh && message !== label.en ? message : null;
  }

  protected ruleLabel(rule: RegisterRule) {
    return this.ruleLabels[rule] ?? { zh: rule, en: rule };
  }

  private async loadProblems(): Promise<void> {
    const id = this.id();
    this.problemsLoading.set(true);
    try {
      const page = await this.api.problems(id, {
        page: this.problemsPage(),
        pageSize: PROBLEMS_PAGE_SIZE,
        rule: this.problemRule() ?? undefined,
      });
      if (id !== this.id()) return;
      this.problems.set(page.items);
      this.problemsTotal.set(page.total);
    } catch {
      this.problems.set([]);
      this.problemsTotal.set(0);
    } finally {
      this.problemsLoading.set(false);
    }
  }

  /** Runs an action, then reads the import again (and follows the job when `follow`). */
  private async act(action: () => Promise<unknown>, follow: boolean): Promise<boolean> {
    const detail = this.detail();
    if (!detail || this.busy()) return false;
    this.busy.set(true);
    this.conflict.set(false);
    this.actionFailure.set(null);
    let ok = false;
    try {
      await action();
      ok = true;
      if (follow) this.awaitFrom = { version: detail.version, polls: 0 };
    } catch (error) {
      if (isStaleVersion(error)) this.conflict.set(true);
      else this.actionFailure.set(this.failureText(error));
    } finally {
      this.busy.set(false);
    }
    await this.load();
    return ok;
  }

  private failureText(error: unknown): string {
    const api = apiErrorOf(error);
    return api?.details?.[0]?.message ?? api?.message ?? '';
  }
}
