import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormArray, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { ApiErrorDetail, CreatedStudent } from '@baoxue/contracts';
import {
  GUARDIAN_RELATION_LABELS,
  GUARDIAN_RELATIONS,
  GuardianRelation,
  SEX_LABELS,
  SEXES,
  Sex,
  SPECIAL_STATUS_FLAG_LABELS,
  SPECIAL_STATUS_FLAGS,
  SpecialStatusFlag,
} from '@baoxue/domain';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCheckboxModule } from 'ng-zorro-antd/checkbox';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSwitchModule } from 'ng-zorro-antd/switch';
import { AuthStore } from '../auth/auth.store';
import { CasesApi } from '../cases/cases.api';
import { SchoolOptions } from '../cases/school-options';
import { apiErrorCode } from '../shared/api/api-error';
import { FieldErrorPipe } from '../shared/api/field-error.pipe';
import { FormStatus, revealErrors } from '../shared/api/form-status';
import { ValidateStatusPipe } from '../shared/api/validate-status.pipe';
import { LabelPipe } from '../shared/i18n/label.pipe';
import { LanguageService } from '../shared/i18n/language.service';
import { FormActions } from '../shared/ui/form-actions';
import { FormAlerts } from '../shared/ui/form-alerts';
import { RegionPicker } from '../shared/ui/region-picker';
import { GRADES } from './student-list.page';
import {
  flagPeriodValidator,
  identityFromIdNumber,
  idNumberProblemOf,
  idNumberValidator,
  localiseErrors,
  nestedFieldErrors,
  registrationRequest,
} from './student-registration';
import { StudentsApi } from './students.api';

const MOBILE = /^1[3-9]\d{9}$/;

/**
 * Registers a child (登记儿童): a pupil of a school in scope or a child out of school, with
 * guardians and special-status flags. School staff register children of their own school.
 */
@Component({
  selector: 'bx-student-register-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    TranslocoPipe,
    NzAlertModule,
    NzButtonModule,
    NzCheckboxModule,
    NzFormModule,
    NzIconModule,
    NzInputModule,
    NzRadioModule,
    NzSelectModule,
    NzSwitchModule,
    FieldErrorPipe,
    ValidateStatusPipe,
    LabelPipe,
    FormActions,
    FormAlerts,
    RegionPicker,
  ],
  templateUrl: './student-register.page.html',
  styleUrls: ['../admin/admin-form.css', './student-register.page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StudentRegisterPage implements OnInit {
  private readonly api = inject(StudentsApi);
  private readonly cases = inject(CasesApi);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  private readonly transloco = inject(TranslocoService);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly language = inject(LanguageService).language;

  protected readonly sexes = SEXES;
  protected readonly sexLabels = SEX_LABELS;
  protected readonly grades = GRADES;
  protected readonly relations = GUARDIAN_RELATIONS;
  protected readonly relationLabels = GUARDIAN_RELATION_LABELS;
  protected readonly flagCodes = SPECIAL_STATUS_FLAGS;
  protected readonly flagLabels = SPECIAL_STATUS_FLAG_LABELS;

  /** School staff register children of their own school only: the school is fixed. */
  protected readonly fixedSchool = computed(() => {
    const scope = this.auth.user()?.scope;
    return scope?.kind === 'school' ? scope.school : null;
  });

  protected readonly form = this.fb.group({
    fullName: ['', [Validators.required, Validators.pattern(/\S/), Validators.maxLength(50)]],
    sex: [null as Sex | null, [Validators.required]],
    birthDate: ['', [Validators.required]],
    idNumber: ['', [idNumberValidator]],
    studentNumber: ['', [Validators.pattern(/^\s*[A-Za-z][0-9A-Za-z]{5,31}\s*$/)]],
    ethnicity: ['', [Validators.maxLength(20)]],
    hukouRegionId: [null as string | null, [Validators.required]],
    hukouAddress: ['', [Validators.maxLength(200)]],
    currentAddress: ['', [Validators.maxLength(200)]],
    outOfSchool: [false],
    schoolId: [null as string | null, [Validators.required]],
    grade: [null as number | null],
    className: ['', [Validators.maxLength(30)]],
    guardians: this.fb.array([this.guardianGroup()]),
    flags: this.fb.array<ReturnType<StudentRegisterPage['flagGroup']>>([]),
  });

  protected readonly status = new FormStatus(false);
  protected readonly schools = new SchoolOptions(() => this.cases.schools());
  /** Server errors inside the guardian and flag rows, by path (`guardians.0.phone`). */
  private readonly nestedErrors = signal<Readonly<Record<string, ApiErrorDetail>>>({});
  /** The server's field errors, worded in the current language where the form knows the rule. */
  protected readonly fieldErrors = computed(() => this.localise(this.status.serverErrors()));
  protected readonly rowErrors = computed(() => this.localise(this.nestedErrors()));
  /** The new record, kept while its possible duplicates are shown. */
  protected readonly created = signal<CreatedStudent | null>(null);
  protected readonly outOfSchool = signal(false);

  protected readonly idNumberProblem = idNumberProblemOf;

  constructor() {
    this.form.controls.idNumber.valueChanges.subscribe((raw) => this.fillFromIdNumber(raw));
    this.form.controls.outOfSchool.valueChanges.subscribe((out) => this.setOutOfSchool(out));
  }

  ngOnInit(): void {
    const school = this.fixedSchool();
    if (school) {
      this.form.controls.schoolId.setValue(school.id);
      this.form.controls.schoolId.disable();
    } else {
      void this.schools.load();
    }
  }

  protected get guardians(): FormArray<ReturnType<StudentRegisterPage['guardianGroup']>> {
    return this.form.controls.guardians;
  }

  protected get flags(): FormArray<ReturnType<StudentRegisterPage['flagGroup']>> {
    return this.form.controls.flags;
  }

  protected addGuardian(): void {
    this.guardians.push(this.guardianGroup());
    this.nestedErrors.set({});
  }

  protected removeGuardian(index: number): void {
    this.guardians.removeAt(index);
    this.nestedErrors.set({});
  }

  protected addFlag(): void {
    this.flags.push(this.flagGroup());
    this.nestedErrors.set({});
  }

  protected removeFlag(index: number): void {
    this.flags.removeAt(index);
    this.nestedErrors.set({});
  }

  protected clearRowError(path: string): void {
    const errors = this.nestedErrors();
    if (!(path in errors)) return;
    const rest = { ...errors };
    delete rest[path];
    this.nestedErrors.set(rest);
  }

  protected async save(): Promise<void> {
    if (this.form.invalid) {
      revealErrors(this.form);
      for (const row of this.guardians.controls) revealErrors(row);
      for (const row of this.flags.controls) revealErrors(row);
      return;
    }
    this.nestedErrors.set({});
    await this.status.save(async () => {
      let created: CreatedStudent;
      try {
        created = await this.api.create(registrationRequest(this.form.getRawValue()));
      } catch (error) {
        if (apiErrorCode(error) === 'student.student_number_taken') {
          const detail = { field: 'studentNumber', rule: 'unique', message: 'studentNumber is taken' };
          this.status.serverErrors.set({ studentNumber: detail });
          return;
        }
        this.nestedErrors.set(nestedFieldErrors(error));
        throw error;
      }
      this.message.success(this.transloco.translate('students.register.done'));
      if (created.possibleDuplicates.length > 0) this.created.set(created);
      else await this.router.navigate(['/students', created.id]);
    });
  }

  private guardianGroup() {
    return this.fb.group({
      fullName: ['', [Validators.required, Validators.pattern(/\S/), Validators.maxLength(50)]],
      relation: [null as GuardianRelation | null, [Validators.required]],
      phone: ['', [Validators.pattern(MOBILE)]],
      worksAway: [false],
      worksAwayPlace: ['', [Validators.maxLength(100)]],
    });
  }

  private flagGroup() {
    return this.fb.group(
      {
        flag: [null as SpecialStatusFlag | null, [Validators.required]],
        fromDate: ['', [Validators.required]],
        toDate: [''],
      },
      { validators: [flagPeriodValidator] },
    );
  }

  private localise(
    errors: Readonly<Record<string, ApiErrorDetail>>,
  ): Readonly<Record<string, ApiErrorDetail>> {
    this.language();
    return localiseErrors(errors, (key) => this.transloco.translate(key));
  }

  /** A valid ID number fills in the birth date and sex it encodes, where still empty. */
  private fillFromIdNumber(raw: string): void {
    this.status.clearServerError('idNumber');
    const identity = identityFromIdNumber(raw);
    if (!identity) return;
    const { birthDate, sex } = this.form.controls;
    if (!birthDate.value) birthDate.setValue(identity.birthDate);
    if (!sex.value) sex.setValue(identity.sex);
  }

  /** Out of school: no school, grade or class to give. */
  private setOutOfSchool(out: boolean): void {
    this.outOfSchool.set(out);
    const { schoolId, grade, className } = this.form.controls;
    for (const control of [schoolId, grade, className]) {
      if (out) control.disable();
      else if (control !== schoolId || !this.fixedSchool()) control.enable();
    }
    for (const field of ['schoolId', 'grade', 'className']) this.status.clearServerError(field);
  }
}
