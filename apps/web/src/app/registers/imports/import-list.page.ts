import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type { RegisterImportStatus, RegisterImportSummary } from '@baoxue/contracts';
import { REGISTER_KIND_LABELS, REGISTER_KINDS, RegisterKind } from '@baoxue/domain';
import { REGISTER_IMPORT_STATUSES } from '@baoxue/contracts';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzPaginationModule } from 'ng-zorro-antd/pagination';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { apiErrorOf } from '../../shared/api/api-error';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { ChinaTimePipe } from '../../shared/ui/china-time.pipe';
import { RegistersTabs } from '../registers-tabs';
import {
  IMPORT_STATUS_COLORS,
  IMPORT_STATUS_LABELS,
  isRegisterFileName,
  REGISTER_TEXTS,
} from '../registers-texts';
import { RegistersApi } from '../registers.api';
import { RegisterFilePicker } from './register-file-picker';

const PAGE_SIZE = 20;

/** 导入记录: every import of the caller's scope, newest first, and the upload of a new register. */
@Component({
  selector: 'bx-import-list-page',
  imports: [
    RouterLink,
    NzAlertModule,
    NzButtonModule,
    NzPaginationModule,
    NzSpinModule,
    NzTagModule,
    LabelPipe,
    ChinaTimePipe,
    RegistersTabs,
    RegisterFilePicker,
  ],
  templateUrl: './import-list.page.html',
  styleUrls: ['../registers.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportListPage implements OnInit {
  private readonly api = inject(RegistersApi);
  private readonly router = inject(Router);

  protected readonly texts = REGISTER_TEXTS;
  protected readonly kinds = REGISTER_KINDS;
  protected readonly kindLabels = REGISTER_KIND_LABELS;
  protected readonly statuses = REGISTER_IMPORT_STATUSES;
  protected readonly statusLabels = IMPORT_STATUS_LABELS;
  protected readonly statusColors = IMPORT_STATUS_COLORS;
  protected readonly pageSize = PAGE_SIZE;

  protected readonly kind = signal<RegisterKind | ''>('');
  protected readonly file = signal<File | null>(null);
  protected readonly uploading = signal(false);
  protected readonly uploadFailure = signal<string | null>(null);

  protected readonly filterKind = signal<RegisterKind | ''>('');
  protected readonly filterStatus = signal<RegisterImportStatus | ''>('');
  protected readonly page = signal(1);
  protected readonly items = signal<RegisterImportSummary[]>([]);
  protected readonly total = signal(0);
  protected readonly loading = signal(false);
  protected readonly failed = signal(false);
  private request = 0;

  ngOnInit(): void {
    void this.load();
  }

  protected setKind(value: string): void {
    this.kind.set((REGISTER_KINDS as readonly string[]).includes(value) ? (value as RegisterKind) : '');
  }

  protected filter(kind: string, status: string): void {
    this.filterKind.set(kind as RegisterKind | '');
    this.filterStatus.set(status as RegisterImportStatus | '');
    this.page.set(1);
    void this.load();
  }

  protected goTo(page: number): void {
    this.page.set(page);
    void this.load();
  }

  async load(): Promise<void> {
    const request = ++this.request;
    this.loading.set(true);
    this.failed.set(false);
    try {
      const result = await this.api.imports({
        page: this.page(),
        pageSize: PAGE_SIZE,
        kind: this.filterKind() || undefined,
        status: this.filterStatus() || undefined,
      });
      if (request !== this.request) return;
      this.items.set(result.items);
      this.total.set(result.total);
    } catch {
      if (request === this.request) this.failed.set(true);
    } finally {
      if (request === this.request) this.loading.set(false);
    }
  }

  protected canUpload(): boolean {
    const file = this.file();
    return !!this.kind() && !!file && isRegisterFileName(file.name) && !this.uploading();
  }

  /** 上传: the server stores the file and reads its headers; the mapping and dry run follow on its page. */
  async upload(): Promise<void> {
    const kind = this.kind();
    const file = this.file();
    if (!kind || !file || !this.canUpload()) return;
    this.uploading.set(true);
    this.uploadFailure.set(null);
    try {
      const created = await this.api.upload(kind, file);
      await this.router.navigate(['/registers/imports', created.id]);
    } catch (error) {
      const api = apiErrorOf(error);
      this.uploadFailure.set(api?.details?.[0]?.message ?? api?.message ?? '');
    } finally {
      this.uploading.set(false);
    }
  }
}
