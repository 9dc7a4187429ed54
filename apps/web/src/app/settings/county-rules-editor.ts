import { computed, signal } from '@angular/core';
import type { SettingsProblem } from '@baoxue/domain';
import { isStaleVersion } from '../shared/api/api-error';
import { problemsByField, ProblemsByField } from './settings-problems';

/** What the county picker lists. */
export interface CountyOption<TRecord> {
  regionId: string;
  regionName: string;
  /** The county's record when the list already carries it (no second read needed). */
  record?: TRecord;
}

/** A county's saved rules as the API answers them. */
export interface CountyRulesRecord {
  isDefault: boolean;
  version: number;
  updatedAt: string | null;
}

/** How one settings page reads, checks and saves its county rules. */
export interface CountyRulesSource<TRecord extends CountyRulesRecord, TRules> {
  counties(): Promise<CountyOption<TRecord>[]>;
  get(countyId: string): Promise<TRecord>;
  save(record: TRecord, rules: TRules): Promise<TRecord>;
  countyOf(record: TRecord): string;
  /** A copy of the record's rules the form may change. */
  rulesOf(record: TRecord): TRules;
  defaultsOf(record: TRecord): TRules;
  /** The same rules as the API's, so the user sees a problem before saving. */
  validate(rules: TRules): SettingsProblem[];
  /** A 400's details keyed by the form's field names. */
  serverProblems(error: unknown): ProblemsByField;
  /** Tells the user the save went through. */
  saved(): void;
}

/**
 * One county's rules being edited: the county picked, the rules read and the draft, checked as
 * typed, saved with the version read (a 409 asks for a reload, a 400 is shown at its fields).
 */
export class CountyRulesEditor<TRecord extends CountyRulesRecord, TRules> {
  readonly counties = signal<CountyOption<TRecord>[]>([]);
  readonly countyId = signal<string | null>(null);
  /** The county's rules as last read or saved. */
  readonly current = signal<TRecord | null>(null);
  /** The rules being edited. */
  readonly draft = signal<TRules | null>(null);
  readonly loading = signal(false);
  readonly saving = signal(false);
  readonly loadFailed = signal(false);
  readonly conflict = signal(false);
  readonly saveError = signal(false);
  /** Set after a save was refused for problems, so the summary shows. */
  readonly attempted = signal(false);
  readonly serverErrors = signal<ProblemsByField>({});

  readonly problems = computed(() => {
    const draft = this.draft();
    return draft ? this.source.validate(draft) : [];
  });
  readonly problemOf = computed<ProblemsByField>(() => ({
    ...problemsByField(this.problems()),
    ...this.serverErrors(),
  }));

  constructor(private readonly source: CountyRulesSource<TRecord, TRules>) {}

  async loadCounties(): Promise<void> {
    await this.loadWith(async () => {
      const counties = await this.source.counties();
      this.counties.set(counties);
      const keep = counties.find((c) => c.regionId === this.countyId()) ?? counties[0];
      if (!keep) return;
      if (keep.record) this.show(keep.record);
      else await this.pickCounty(keep.regionId);
    });
  }

  async pickCounty(countyId: string): Promise<void> {
    this.countyId.set(countyId);
    await this.reload();
  }

  /** Reads the county's rules again, e.g. after someone else saved first. */
  async reload(): Promise<void> {
    const countyId = this.countyId();
    if (!countyId) return;
    await this.loadWith(async () => this.show(await this.source.get(countyId)));
  }

  /** Retries whichever read failed: the county's rules, or the list before any county was read. */
  retry(): Promise<void> {
    return this.current() ? this.reload() : this.loadCounties();
  }

  /** Applies a change; the server's errors about the fields edited no longer apply. */
  edit(fields: readonly string[], change: (draft: TRules) => TRules): void {
    const draft = this.draft();
    if (!draft) return;
    this.draft.set(change(draft));
    const rest = { ...this.serverErrors() } as Record<string, unknown>;
    for (const field of fields) delete rest[field];
    this.serverErrors.set(rest as ProblemsByField);
  }

  /** Fills the form with the deployment's defaults; nothing is saved until 保存. */
  restoreDefaults(): void {
    const current = this.current();
    if (current) this.edit(Object.keys(this.serverErrors()), () => this.source.defaultsOf(current));
  }

  async save(): Promise<void> {
    const draft = this.draft();
    const current = this.current();
    if (!draft || !current) return;
    this.attempted.set(true);
    if (this.problems().length > 0) return;
    this.saving.set(true);
    this.saveError.set(false);
    try {
      this.show(await this.source.save(current, draft));
      this.source.saved();
    } catch (error) {
      const fields = this.source.serverProblems(error);
      if (isStaleVersion(error)) this.conflict.set(true);
      else if (Object.keys(fields).length > 0) this.serverErrors.set(fields);
      else this.saveError.set(true);
    } finally {
      this.saving.set(false);
    }
  }

  private async loadWith(read: () => Promise<void>): Promise<void> {
    this.loading.set(true);
    this.loadFailed.set(false);
    try {
      await read();
    } catch {
      this.loadFailed.set(true);
    } finally {
      this.loading.set(false);
    }
  }

  private show(record: TRecord): void {
    this.countyId.set(this.source.countyOf(record));
    this.current.set(record);
    this.draft.set(this.source.rulesOf(record));
    this.conflict.set(false);
    this.saveError.set(false);
    this.attempted.set(false);
    this.serverErrors.set({});
  }
}
