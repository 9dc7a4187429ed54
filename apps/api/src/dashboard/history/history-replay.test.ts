import { NodeFigures } from '@baoxue/contracts';
import { CaseState, isAtZero, periodOf } from '@baoxue/domain';
import { DataSource } from 'typeorm';
import { ResolvedNode } from '../resolved-node';
import { chinaDayEnd, chinaDayStart } from './case-history.sql';

/**
 * A brute-force replay of the raw rows in TypeScript, for tests: loads every case, event,
 * accepted transfer and due item, and recounts by walking each case's history.
 */
export interface RawHistory {
  cases: { id: string; region_path: string; school_id: string | null; state: CaseState }[];
  events: {
    case_id: string;
    kind: string;
    transition: string | null;
    from_state: CaseState | null;
    to_state: CaseState | null;
    at: Date;
    payload: Record<string, unknown> | null;
  }[];
  transfers: Map<string, string>;
  dueItems: {
    case_id: string | null;
    created_at: Date;
    resolved_at: Date | null;
    due_on: string;
  }[];
}

export async function loadRawHistory(db: DataSource): Promise<RawHistory> {
  const transfers: { id: string; from_case_path: string }[] = await db.query(
    `SELECT id, from_case_path FROM case_transfers WHERE status = 'accepted'`,
  );
  return {
    cases: await db.query('SELECT id, region_path, school_id, state FROM cases'),
    events: await db.query(
      'SELECT case_id, kind, transition, from_state, to_state, at, payload FROM case_events ORDER BY at',
    ),
    transfers: new Map(transfers.map((t) => [t.id, t.from_case_path])),
    dueItems: await db.query(
      `SELECT case_id, created_at, resolved_at, due_on::text AS due_on FROM due_items`,
    ),
  };
}

export class HistoryReplay {
  private readonly eventsByCase = new Map<string, RawHistory['events']>();
  private readonly caseById: Map<string, RawHistory['cases'][number]>;

  constructor(private readonly raw: RawHistory) {
    for (const e of raw.events) {
      const list = this.eventsByCase.get(e.case_id) ?? [];
      list.push(e);
      this.eventsByCase.set(e.case_id, list);
    }
    this.caseById = new Map(raw.cases.map((c) => [c.id, c]));
  }

  /** Where the case was just before `bound` (transfers at or after it not yet accepted). */
  placeBefore(caseId: string, bound: Date): { path: string; schoolId: string | null } {
    const c = this.caseById.get(caseId);
    if (!c) throw new Error(`no case ${caseId}`);
    const later = (this.eventsByCase.get(caseId) ?? []).filter(
      (e) => e.kind === 'transfer' && e.payload?.['action'] === 'accept_transfer' && e.at >= bound,
    );
    const first = later[0];
    const path = first
      ? (this.raw.transfers.get(String(first.payload?.['transferId'])) ?? c.region_path)
      : c.region_path;
    const drop = later.find((e) => e.payload?.['schoolDropped'] === true);
    const schoolId = drop
      ? ((drop.payload?.['fromSchoolId'] as string | null | undefined) ?? null)
      : c.school_id;
    return { path, schoolId };
  }

  stateBefore(caseId: string, bound: Date): CaseState | null {
    let state: CaseState | null = null;
    for (const e of this.eventsByCase.get(caseId) ?? []) if (e.to_state && e.at < bound) state = e.to_state;
    return state;
  }

  private static within(node: ResolvedNode, place: { path: string; schoolId: string | null }): boolean {
    return node.kind === 'school' ? place.schoolId === node.id : place.path.startsWith(node.path);
  }

  figuresAt(node: ResolvedNode, day: string): NodeFigures {
    const end = chinaDayEnd(day);
    const termStart = chinaDayStart(periodOf('semester', day).from);
    const f: NodeFigures = {
      open: 0,
      toClear: 0,
      monitoring: 0,
      returnedThisTerm: 0,
      placedThisTerm: 0,
      excludedThisTerm: 0,
      closedThisTerm: 0,
      overdueItems: 0,
      atZero: true,
    };
    for (const c of this.raw.cases) {
      const state = this.stateBefore(c.id, end);
      if (state && HistoryReplay.within(node, this.placeBefore(c.id, end))) {
        if (state === 'persuading') f.open++;
        if (state === 'suspected' || state === 'verifying') f.toClear++;
        if (state === 'monitoring') f.monitoring++;
      }
      for (const e of this.eventsByCase.get(c.id) ?? []) {
        if (e.kind !== 'transition' || e.at < termStart || e.at >= end || e.from_state === e.to_state)
          continue;
        if (!HistoryReplay.within(node, this.placeBefore(c.id, e.at))) continue;
        if (e.transition === 'record_return') f.returnedThisTerm++;
        else if (e.transition === 'record_placement') f.placedThisTerm++;
        else if (e.to_state === 'excluded') f.excludedThisTerm++;
        else if (e.to_state === 'closed') f.closedThisTerm++;
      }
    }
    for (const d of this.raw.dueItems) {
      if (!d.case_id || d.created_at >= end || (d.resolved_at && d.resolved_at < end) || d.due_on >= day)
        continue;
      if (HistoryReplay.within(node, this.placeBefore(d.case_id, end))) f.overdueItems++;
    }
    f.atZero = isAtZero(f);
    return f;
  }

  /** Cases opened, and moved to monitoring by a return or placement, within [from, to) at their place then. */
  eventsIn(node: ResolvedNode, from: Date, to: Date): { opened: number; returned: number } {
    let opened = 0;
    let returned = 0;
    for (const e of this.raw.events) {
      if (e.at < from || e.at >= to) continue;
      const isReturn = e.transition === 'record_return' || e.transition === 'record_placement';
      if (e.kind !== 'opened' && !isReturn) continue;
      if (!HistoryReplay.within(node, this.placeBefore(e.case_id, e.at))) continue;
      if (e.kind === 'opened') opened++;
      else returned++;
    }
    return { opened, returned };
  }
}
