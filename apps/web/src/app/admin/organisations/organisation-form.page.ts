import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { CreateOrganisationRequest, Organisation, UpdateOrganisationRequest } from '@baoxue/contracts';
import {
  DEPARTMENT_KIND_LABELS,
  DEPARTMENT_KINDS,
  DepartmentKind,
  ORGANISATION_TYPE_LABELS,
  ORGANISATION_TYPES,
  OrganisationType,
  SCHOOL_LEVEL_LABELS,
  SCHOOL_LEVELS,
  SchoolLevel,
} from '@baoxue/domain';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { errorMessageKey, fieldErrorsOf, FieldErrors, isStaleVersion } from '../../shared/api/api-error';
import { FieldErrorPipe } from '../../shared/api/field-error.pipe';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { ConflictAlert } from '../../shared/ui/conflict-alert';
import { RegionPicker } from '../../shared/ui/region-picker';
import { OrganisationsApi } from './organisations.api';

const SCHOOL_CODE = /^\d{10}$/;

@Component({
  selector: 'bx-organisation-form-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    TranslocoPipe,
    NzAlertModule,
    NzButtonModule,
    NzFormModule,
    NzInputModule,
    NzSelectModule,
    NzSpinModule,
    FieldErrorPipe,
    LabelPipe,
    ConflictAlert,
    RegionPicker,
  ],
  templateUrl: './organisation-form.page.html',
  styleUrl: '../admin-form.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrganisationFormPage implements OnInit {
  private readonly api = inject(OrganisationsApi);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  private readonly transloco = inject(TranslocoService);

  /** Route parameter; absent when creating. */
  readonly id = input<string>();

  protected readonly types = ORGANISATION_TYPES;
  protected readonly typeLabels = ORGANISATION_TYPE_LABELS;
  protected readonly departmentKinds = DEPARTMENT_KINDS;
  protected readonly departmentKindLabels = DEPARTMENT_KIND_LABELS;
  protected readonly schoolLevels = SCHOOL_LEVELS;
  protected readonly schoolLevelLabels = SCHOOL_LEVEL_LABELS;

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    type: ['school' as OrganisationType, [Validators.required]],
    regionId: ['', [Validators.required]],
    departmentKind: [null as DepartmentKind | null],
    schoolCode: ['', [Validators.pattern(SCHOOL_CODE)]],
    schoolLevel: [null as SchoolLevel | null],
    schoolDistrict: [''],
    address: [''],
    phone: [''],
  });

  private readonly type = toSignal(this.form.controls.type.valueChanges, {
    initialValue: this.form.controls.type.value,
  });
  protected readonly isSchool = computed(() => this.type() === 'school');
  protected readonly isDepartment = computed(() => this.type() === 'department');
  protected readonly editing = computed(() => !!this.id());

  protected readonly loading = signal(false);
  protected readonly saving = signal(false);
  protected readonly conflict = signal(false);
  protected readonly errorKey = signal<string | null>(null);
  protected readonly serverErrors = signal<FieldErrors>({});
  private current: Organisation | null = null;

  constructor() {
    this.form.controls.type.valueChanges.subscribe((type) => this.applyTypeRules(type));
    this.applyTypeRules(this.form.controls.type.value);
  }

  ngOnInit(): void {
    if (this.id()) void this.load();
  }

  protected async load(): Promise<void> {
    const id = this.id();
    if (!id) return;
    this.loading.set(true);
    this.errorKey.set(null);
    try {
      const org = await this.api.get(id);
      this.current = org;
      this.conflict.set(false);
      this.serverErrors.set({});
      this.form.reset({
        name: org.name,
        type: org.type,
        regionId: org.region.id,
        departmentKind: org.departmentKind,
        schoolCode: org.schoolCode ?? '',
        schoolLevel: org.schoolLevel,
        schoolDistrict: org.schoolDistrict ?? '',
        address: org.address ?? '',
        phone: org.phone ?? '',
      });
      this.form.controls.type.disable();
    } catch (error) {
      this.errorKey.set(errorMessageKey(error));
    } finally {
      this.loading.set(false);
    }
  }

  protected async save(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      for (const control of Object.values(this.form.controls)) {
        control.markAsDirty();
        control.updateValueAndValidity({ onlySelf: true });
      }
      return;
    }
    this.saving.set(true);
    this.errorKey.set(null);
    this.serverErrors.set({});
    try {
      if (this.current) {
        this.current = await this.api.update(this.current.id, this.updateRequest(this.current.version));
      } else {
        await this.api.create(this.createRequest());
      }
      this.message.success(this.transloco.translate('common.saved'));
      await this.router.navigateByUrl('/admin/organisations');
    } catch (error) {
      if (isStaleVersion(error)) {
        this.conflict.set(true);
      } else {
        const fields = fieldErrorsOf(error);
        this.serverErrors.set(fields);
        if (Object.keys(fields).length === 0) this.errorKey.set(errorMessageKey(error));
      }
    } finally {
      this.saving.set(false);
    }
  }

  protected clearServerError(field: string): void {
    const errors = this.serverErrors();
    if (!(field in errors)) return;
    const rest = { ...errors };
    delete rest[field];
    this.serverErrors.set(rest);
  }

  private applyTypeRules(type: OrganisationType): void {
    const { schoolCode, schoolLevel, departmentKind } = this.form.controls;
    schoolCode.setValidators(type === 'school' ? [Validators.required, Validators.pattern(SCHOOL_CODE)] : []);
    schoolLevel.setValidators(type === 'school' ? [Validators.required] : []);
    departmentKind.setValidators(type === 'department' ? [Validators.required] : []);
    for (const control of [schoolCode, schoolLevel, departmentKind])
      control.updateValueAndValidity({ emitEvent: false });
  }

  private typeFields(type: OrganisationType): Partial<CreateOrganisationRequest> {
    const value = this.form.getRawValue();
    const fields: Partial<CreateOrganisationRequest> = {};
    if (type === 'department' && value.departmentKind) fields.departmentKind = value.departmentKind;
    if (type === 'school') {
      fields.schoolCode = value.schoolCode.trim();
      if (value.schoolLevel) fields.schoolLevel = value.schoolLevel;
      if (value.schoolDistrict.trim()) fields.schoolDistrict = value.schoolDistrict.trim();
    }
    if (value.address.trim()) fields.address = value.address.trim();
    if (value.phone.trim()) fields.phone = value.phone.trim();
    return fields;
  }

  private createRequest(): CreateOrganisationRequest {
    const value = this.form.getRawValue();
    return {
      name: value.name.trim(),
      type: value.type,
      regionId: value.regionId,
      ...this.typeFields(value.type),
    };
  }

  private updateRequest(version: number): UpdateOrganisationRequest {
    const value = this.form.getRawValue();
    return {
      version,
      name: value.name.trim(),
      regionId: value.regionId,
      ...this.typeFields(value.type),
    };
  }
}
