import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit } from '@angular/core';
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
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { FieldErrorPipe } from '../../shared/api/field-error.pipe';
import { FormStatus, revealErrors } from '../../shared/api/form-status';
import { ValidateStatusPipe } from '../../shared/api/validate-status.pipe';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { FormActions } from '../../shared/ui/form-actions';
import { FormAlerts } from '../../shared/ui/form-alerts';
import { RegionPicker } from '../../shared/ui/region-picker';
import { OrganisationsApi } from './organisations.api';

const SCHOOL_CODE = /^\d{10}$/;

@Component({
  selector: 'bx-organisation-form-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    TranslocoPipe,
    NzButtonModule,
    NzFormModule,
    NzInputModule,
    NzSelectModule,
    NzSpinModule,
    FieldErrorPipe,
    ValidateStatusPipe,
    LabelPipe,
    FormActions,
    FormAlerts,
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

  protected readonly status = new FormStatus();
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
    await this.status.load(
      () => this.api.get(id),
      (org) => {
        this.current = org;
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
      },
    );
  }

  protected async save(): Promise<void> {
    if (this.form.invalid) {
      revealErrors(this.form);
      return;
    }
    await this.status.save(async () => {
      if (this.current) {
        this.current = await this.api.update(this.current.id, this.updateRequest(this.current.version));
      } else {
        await this.api.create(this.createRequest());
      }
      this.message.success(this.transloco.translate('common.saved'));
      await this.router.navigateByUrl('/admin/organisations');
    });
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
