/** One entry of the audit log, as officers with `audit.read` see it. */
export interface AuditEventView {
  id: string;
  occurredAt: string;
  /** e.g. `student.read`, `student.reveal`, `case.transition`, `auth.login`. */
  action: string;
  entityType: string | null;
  entityId: string | null;
  actorUserId: string | null;
  actorUsername: string | null;
  reason: string | null;
  clientIp: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditQuery {
  entityId?: string;
  entityType?: string;
  /** Exact action, or a prefix ending in `.` (e.g. `student.`). */
  action?: string;
  actorUserId?: string;
  /** Inclusive, ISO date-time. */
  from?: string;
  /** Exclusive, ISO date-time. */
  to?: string;
  page?: number;
  pageSize?: number;
}
