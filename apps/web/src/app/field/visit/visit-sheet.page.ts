import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  OnDestroy,
  OnInit,
  signal,
} from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type { FieldCaseCard } from '@baoxue/contracts';
import {
  chinaToday,
  INTERVENTION_KIND_LABELS,
  INTERVENTION_OUTCOME_LABELS,
  INTERVENTION_OUTCOMES,
  InterventionKind,
  InterventionOutcome,
} from '@baoxue/domain';
import { newClientId } from '../../cases/intervention-form';
import { OFFLINE_TEXTS } from '../../offline/offline-texts';
import { Outbox } from '../../offline/outbox';
import { LabelPipe } from '../../shared/i18n/label.pipe';
import { ChinaTimePipe } from '../../shared/ui/china-time.pipe';
import { FieldData } from '../field-data';
import {
  emptyVisit,
  FOLLOW_UP_PICKS,
  followUpOn,
  NOTES_MAX,
  PEOPLE_PRESENT_MAX,
  VISIT_KINDS,
  VisitDraft,
  visitProblems,
  VisitProblems,
  visitRequest,
  withPerson,
} from './visit-form';
import { compressPhoto, CompressedPhoto, formatBytes } from './visit-photo';
import { VISIT_TEXTS } from './visit-texts';

/** A photo chosen on the sheet, already compressed, with a preview. */
interface SheetPhoto extends CompressedPhoto {
  key: number;
  previewUrl: string;
}

/** At most this many photos per visit: each waits on the phone until sent. */
const MAX_PHOTOS = 3;

/**
 * /field/cases/:id/visit — a home visit in a few taps on a phone, with or without a network:
 * saved to the outbox (等待发送) and sent when the network allows.
 */
@Component({
  selector: 'bx-visit-sheet-page',
  imports: [RouterLink, LabelPipe, ChinaTimePipe],
  templateUrl: './visit-sheet.page.html',
  styleUrl: './visit-sheet.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VisitSheetPage implements OnInit, OnDestroy {
  private readonly fieldData = inject(FieldData);
  private readonly outbox = inject(Outbox);
  private readonly router = inject(Router);

  /** The case id (route parameter). */
  readonly id = input.required<string>();

  protected readonly texts = VISIT_TEXTS;
  protected readonly offlineTexts = OFFLINE_TEXTS;
  protected readonly kinds = VISIT_KINDS;
  protected readonly kindLabels = INTERVENTION_KIND_LABELS;
  protected readonly outcomes = INTERVENTION_OUTCOMES;
  protected readonly outcomeLabels = INTERVENTION_OUTCOME_LABELS;
  protected readonly picks = FOLLOW_UP_PICKS;
  protected readonly peopleMax = PEOPLE_PRESENT_MAX;
  protected readonly notesMax = NOTES_MAX;
  protected readonly maxPhotos = MAX_PHOTOS;
  protected readonly formatBytes = formatBytes;

  protected readonly today = chinaToday(new Date());
  protected readonly card = signal<FieldCaseCard | null>(null);
  protected readonly cardLoaded = signal(false);
  private readAt: string | null = null;

  protected readonly draft = signal<VisitDraft>(emptyVisit(this.today));
  protected readonly photos = signal<readonly SheetPhoto[]>([]);
  protected readonly compressing = signal(false);
  protected readonly locating = signal(false);
  protected readonly locationFailed = signal(false);
  protected readonly saving = signal(false);
  protected readonly saveFailed = signal(false);
  protected readonly submitted = signal(false);

  protected readonly problems = computed<VisitProblems>(() =>
    this.submitted() ? visitProblems(this.draft(), this.today) : {},
  );
  protected readonly hasProblems = computed(() => Object.keys(this.problems()).length > 0);
  protected readonly pendingHere = computed(() => this.outbox.entriesFor(this.id()));
  protected readonly pickedDays = computed(() => {
    const { occurredOn, nextFollowUpOn } = this.draft();
    return (
      this.picks.find((p) => nextFollowUpOn && followUpOn(occurredOn, p.days) === nextFollowUpOn)?.days ??
      null
    );
  });

  private photoKey = 0;

  async ngOnInit(): Promise<void> {
    try {
      const card = await this.fieldData.card(this.id());
      this.card.set(card);
      this.readAt = this.fieldData.fetchedAt();
    } catch {
      // No card (signed out meanwhile, a server refusal): the visit can still be recorded.
    } finally {
      this.cardLoaded.set(true);
    }
  }

  ngOnDestroy(): void {
    for (const photo of this.photos()) URL.revokeObjectURL(photo.previewUrl);
  }

  protected set<K extends keyof VisitDraft>(field: K, value: VisitDraft[K]): void {
    this.draft.update((d) => ({ ...d, [field]: value }));
  }

  protected text(event: Event): string {
    return (event.target as HTMLInputElement | HTMLTextAreaElement).value;
  }

  protected chooseKind(kind: InterventionKind): void {
    this.set('kind', kind);
  }

  protected chooseOutcome(outcome: InterventionOutcome): void {
    this.set('outcome', this.draft().outcome === outcome ? null : outcome);
  }

  protected addPerson(name: string): void {
    this.set('peoplePresent', withPerson(this.draft().peoplePresent, name));
  }

  protected pickFollowUp(days: number | null): void {
    this.set('nextFollowUpOn', days === null ? '' : followUpOn(this.draft().occurredOn, days));
  }

  protected async addPhoto(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file || this.photos().length >= MAX_PHOTOS) return;
    this.compressing.set(true);
    try {
      const compressed = await compressPhoto(file);
      const photo: SheetPhoto = {
        ...compressed,
        key: ++this.photoKey,
        previewUrl: URL.createObjectURL(compressed.blob),
      };
      this.photos.update((list) => [...list, photo]);
    } finally {
      this.compressing.set(false);
    }
  }

  protected removePhoto(photo: SheetPhoto): void {
    URL.revokeObjectURL(photo.previewUrl);
    this.photos.update((list) => list.filter((p) => p.key !== photo.key));
  }

  /** Asks the phone for its position, only on the user's tap. */
  protected locate(): void {
    if (!('geolocation' in navigator)) {
      this.locationFailed.set(true);
      return;
    }
    this.locating.set(true);
    this.locationFailed.set(false);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        this.locating.set(false);
        this.set('location', {
          latitude: Math.round(position.coords.latitude * 1e6) / 1e6,
          longitude: Math.round(position.coords.longitude * 1e6) / 1e6,
          accuracyMeters: Math.round(position.coords.accuracy),
        });
      },
      () => {
        this.locating.set(false);
        this.locationFailed.set(true);
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  }

  protected async save(): Promise<void> {
    this.submitted.set(true);
    if (this.hasProblems() || this.saving()) return;
    this.saving.set(true);
    this.saveFailed.set(false);
    const card = this.card();
    try {
      await this.outbox.enqueueVisit(
        this.id(),
        card?.version ?? null,
        visitRequest(this.draft(), newClientId()),
        this.photos().map((p) => p.blob),
        {
          childName: card?.student.fullName ?? null,
          state: card?.state ?? null,
          readAt: card ? this.readAt : null,
        },
      );
      await this.router.navigate(['/field/cases', this.id()]);
    } catch {
      this.saveFailed.set(true);
    } finally {
      this.saving.set(false);
    }
  }
}
