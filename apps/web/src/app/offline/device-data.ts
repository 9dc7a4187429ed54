import { inject, Injectable } from '@angular/core';
import { FieldData } from '../field/field-data';
import { DeviceSession } from './device-session';
import { Outbox } from './outbox';

/**
 * Everything the app keeps on the phone about children and the user: the field cards, the
 * outbox (visits, photos, edits, notices) and the remembered session. Cleared at sign-out.
 */
@Injectable({ providedIn: 'root' })
export class DeviceData {
  private readonly outbox = inject(Outbox);
  private readonly fieldData = inject(FieldData);
  private readonly session = inject(DeviceSession);

  /** Writes not yet on the server: signing out would lose them. */
  unsentCount(): number {
    return this.outbox.entries().length;
  }

  async clear(): Promise<void> {
    this.session.forget();
    await Promise.allSettled([this.outbox.clear(), this.fieldData.clear()]);
  }
}
