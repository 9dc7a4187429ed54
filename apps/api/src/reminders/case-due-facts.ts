import { addDays, CaseDueFacts, CaseSettings, CaseState } from '@baoxue/domain';
import { EntityManager } from 'typeorm';

/** A case's due facts, once its county's rules are known, with what its items need. */
export interface CaseDueRow {
  caseId: string;
  regionPath: string;
  factsWith(settings: CaseSettings): CaseDueFacts;
}

interface RawRow {
  id: string;
  state: CaseState;
  region_path: string;
  reported_on: string;
  persuading_since: string | null;
  next_follow_up_on: string | null;
  last_intervention_on: string | null;
  order_id: string | null;
  order_deadline_on: string | null;
  order_from_on: string | null;
  monitoring_started_on: string | null;
}

// Dates as text: node-pg would turn a `date` into a local-midnight Date. China dates of
// instants via Asia/Shanghai (UTC+8 all year).
const FACTS_SQL = `
SELECT c.id, c.state, c.region_path,
       to_char(greatest(c.opened_at, ev.reported_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS reported_on,
       to_char(ev.persuading_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS persuading_since,
       c.next_follow_up_on::text AS next_follow_up_on,
       iv.last_on::text AS last_intervention_on,
       wo.id AS order_id, wo.deadline_on::text AS order_deadline_on,
       coalesce(wo.served_on, wo.occurred_on)::text AS order_from_on,
       c.monitoring_started_on::text AS monitoring_started_on
FROM cases c
LEFT JOIN LATERAL (
  SELECT max(e.at) FILTER (WHERE e.transition IN ('reopen', 'relapse')) AS reported_at,
         max(e.at) FILTER (WHERE e.to_state = 'persuading') AS persuading_at
  FROM case_events e WHERE e.case_id = c.id AND e.kind = 'transition'
) ev ON true
LEFT JOIN LATERAL (
  SELECT max(i.occurred_on) AS last_on FROM case_interventions i WHERE i.case_id = c.id
) iv ON true
LEFT JOIN LATERAL (
  SELECT i.id, i.deadline_on, i.served_on, i.occurred_on FROM case_interventions i
  WHERE i.case_id = c.id AND i.kind = 'written_order'
  ORDER BY i.occurred_on DESC, i.recorded_at DESC LIMIT 1
) wo ON true
WHERE c.id = ANY($1::uuid[])`;

/**
 * The due facts of many cases in one query. A written order recorded without a deadline
 * gets the county's default period from when it was served.
 */
export async function loadCaseDueFacts(
  manager: EntityManager,
  caseIds: readonly string[],
): Promise<CaseDueRow[]> {
  if (caseIds.length === 0) return [];
  const rows: RawRow[] = await manager.query(FACTS_SQL, [caseIds]);
  return rows.map((row) => ({
    caseId: row.id,
    regionPath: row.region_path,
    factsWith: (settings) => ({
      state: row.state,
      reportedOn: row.reported_on,
      persuadingSince: row.persuading_since,
      nextFollowUpOn: row.next_follow_up_on,
      lastInterventionOn: row.last_intervention_on,
      latestWrittenOrder:
        row.order_id === null
          ? null
          : {
              id: row.order_id,
              deadlineOn:
                row.order_deadline_on ?? addDays(row.order_from_on!, settings.writtenOrderDeadlineDays),
            },
      monitoringStartedOn: row.monitoring_started_on,
    }),
  }));
}
