import { ChangeDetectionStrategy, Component, computed, inject, input, OnInit, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormsModule, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type {
  CreateUserRequest,
  OrganisationSummary,
  UpdateUserRequest,
  UserSummary,
} from '@baoxue/contracts';
import { PASSWORD_MIN_LENGTH, Role, ROLE_LABELS, ROLES_BY_ORGANISATION_TYPE } from '@baoxue/domain';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzPopconfirmModule } from 'ng-zorro-antd/popconfirm';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { passwordRules } from '../../account/change-password.page';
import { FieldErrors, isStaleVersion } from '../../shared/api/api-error';
import { FieldErrorPipe } from '../../shared/api/field-error.pipe';
import { FormStatus, revealErrors } from '../../shared/api/form-status';
import { ValidateStatusPipe } from '../../shared/api/validate-status.pipe';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { FormActions } from '../../shared/ui/form-actions';
import { FormAlerts } from '../../shared/ui/form-alerts';
import { RegionPicker } from '../../shared/ui/region-picker';
import { OrganisationsApi } from '../organisations/organisations.api';
import { UsersApi } from './users.api';

@Component({
  selector: 'bx-user-form-page',
  imports: [
    FormsModule,
    ReactiveFormsModule,
    RouterLink,
    TranslocoPipe,
    NzButtonModule,
    NzFormModule,
    NzInputModule,
    NzModalModule,
    NzPopconfirmModule,
    NzSelectModule,
    NzSpinModule,
    NzTagModule,
    FieldErrorPipe,
    ValidateStatusPipe,
    LabelPipe,
    FormActions,
    FormAlerts,
    RegionPicker,
  ],
  templateUrl: './user-form.page.html',
  styleUrl: '../admin-form.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserFormPage implements OnInit {
  private readonly users = inject(UsersApi);
  private readonly organisations = inject(OrganisationsApi);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  private readonly transloco = inject(TranslocoService);
  private readonly fb = inject(NonNullableFormBuilder);

  /** Route parameter; absent when creating. */
  readonly id = input<string>();

  protected readonly roleLabels = ROLE_LABELS;
  protected readonly minLength = PASSWORD_MIN_LENGTH;

  protected readonly form = this.fb.group({
    username: ['', [Validators.required, Validators.maxLength(64), Validators.pattern(/^[A-Za-z0-9._-]+$/)]],
    displayName: ['', [Validators.required, Validators.maxLength(64)]],
    organisationId: ['', [Validators.required]],
    role: [null as Role | null, [Validators.required]],
    scopeRegionId: [''],
    phone: [''],
    password: ['', [Validators.required, passwordRules]],
  });
  protected readonly resetForm = this.fb.group({ password: ['', [Validators.required, passwordRules]] });

  protected readonly organisationOptions = signal<OrganisationSummary[]>([]);
  protected readonly searchingOrganisations = signal(false);
  private readonly organisationId = toSignal(this.form.controls.organisationId.valueChanges, {
    initialValue: '',
  });
  protected readonly organisation = computed(
    () => this.organisationOptions().find((org) => org.id === this.organisationId()) ?? null,
  );
  /** Roles the chosen organisation's type allows. */
  protected readonly allowedRoles = computed(() => {
    const org = this.organisation();
    return org ? ROLES_BY_ORGANISATION_TYPE[org.type] : [];
  });
  protected readonly isSchoolUser = computed(() => this.organisation()?.type === 'school');

  protected readonly user = signal<UserSummary | null>(null);
  protected readonly editing = computed(() => !!this.id());
  protected readonly status = new FormStatus();
  protected readonly resetOpen = signal(false);
  protected readonly resetting = signal(false);
  protected readonly resetErrors = signal<FieldErrors>({});
  private organisationSearch = 0;

  constructor() {
    this.form.controls.organisationId.valueChanges.subscribe(() => this.applyOrganisationRules());
  }

  ngOnInit(): void {
    if (this.id()) {
      this.form.controls.username.disable();
      this.form.controls.password.disable();
      void this.load();
    } else {
      void this.searchOrganisations('');
    }
  }

  protected async searchOrganisations(q: string): Promise<void> {
    const request = ++this.organisationSearch;
    this.searchingOrganisations.set(true);
    try {
      const page = await this.organisations.list({ q: q.trim() || undefined, page: 1, pageSize: 20 });
      if (request !== this.organisationSearch) return;
      const chosen = this.organisation();
      const found = page.items.map(({ id, name, type }) => ({ id, name, type }));
      this.organisationOptions.set(
        chosen && !found.some((org) => org.id === chosen.id) ? [chosen, ...found] : found,
      );
    } catch {
      // The list stays as it was; the user can type again.
    } finally {
      if (request === this.organisationSearch) this.searchingOrganisations.set(false);
    }
  }

  protected async load(): Promise<void> {
    const id = this.id();
    if (!id) return;
    await this.status.load(
      () => this.users.get(id),
      (user) => {
        this.user.set(user);
        this.organisationOptions.set([user.organisation]);
        this.form.reset({
          username: user.username,
          displayName: user.displayName,
          organisationId: user.organisation.id,
          role: user.role,
          scopeRegionId: user.scopeRegion?.id ?? '',
          phone: user.phone ?? '',
          password: '',
        });
      },
    );
  }

  protected async save(): Promise<void> {
    if (this.form.invalid) {
      revealErrors(this.form);
      return;
    }
    await this.status.save(async () => {
      const user = this.user();
      if (user) {
        this.user.set(await this.users.update(user.id, this.updateRequest(user.version)));
      } else {
        await this.users.create(this.createRequest());
      }
      this.message.success(this.transloco.translate('common.saved'));
      await this.router.navigateByUrl('/admin/users');
    });
  }

  protected async setActive(active: boolean): Promise<void> {
    const user = this.user();
    if (!user) return;
    this.status.saving.set(true);
    this.status.errorKey.set(null);
    try {
      this.user.set(await this.users.update(user.id, { version: user.version, active }));
      this.message.success(this.transloco.translate(active ? 'users.activated' : 'users.deactivated'));
    } catch (error) {
      this.status.fail(error);
    } finally {
      this.status.saving.set(false);
    }
  }

  protected openReset(): void {
    this.resetForm.reset();
    this.resetErrors.set({});
    this.resetOpen.set(true);
  }

  protected async resetPassword(): Promise<void> {
    const user = this.user();
    if (!user) return;
    if (this.resetForm.invalid) {
      this.resetForm.controls.password.markAsDirty();
      this.resetForm.controls.password.updateValueAndValidity();
      return;
    }
    this.resetting.set(true);
    this.resetErrors.set({});
    try {
      const updated = await this.users.resetPassword(user.id, {
        version: user.version,
        password: this.resetForm.getRawValue().password,
      });
      this.user.set(updated);
      this.resetOpen.set(false);
      this.message.success(this.transloco.translate('users.passwordReset'));
    } catch (error) {
      if (isStaleVersion(error)) this.resetOpen.set(false);
      this.status.fail(error, this.resetErrors);
    } finally {
      this.resetting.set(false);
    }
  }

  /** Role and scope depend on the organisation: its type limits the roles, a school is the scope. */
  private applyOrganisationRules(): void {
    const { role, scopeRegionId } = this.form.controls;
    const allowed = this.allowedRoles();
    if (role.value && !allowed.includes(role.value)) role.setValue(null);
    if (!role.value && allowed.length === 1) role.setValue(allowed[0]);
    scopeRegionId.setValidators(this.isSchoolUser() ? [] : [Validators.required]);
    scopeRegionId.updateValueAndValidity({ emitEvent: false });
  }

  private createRequest(): CreateUserRequest {
    const value = this.form.getRawValue();
    const request: CreateUserRequest = {
      username: value.username.trim(),
      displayName: value.displayName.trim(),
      role: value.role as Role,
      organisationId: value.organisationId,
      password: value.password,
    };
    if (!this.isSchoolUser() && value.scopeRegionId) request.scopeRegionId = value.scopeRegionId;
    if (value.phone.trim()) request.phone = value.phone.trim();
    return request;
  }

  private updateRequest(version: number): UpdateUserRequest {
    const value = this.form.getRawValue();
    const request: UpdateUserRequest = {
      version,
      displayName: value.displayName.trim(),
      role: value.role as Role,
      organisationId: value.organisationId,
      phone: value.phone.trim(),
    };
    if (!this.isSchoolUser() && value.scopeRegionId) request.scopeRegionId = value.scopeRegionId;
    return request;
  }
}
