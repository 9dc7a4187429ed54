import { NodeStatus } from '@baoxue/contracts';
import { chinaToday, Period, Scope } from '@baoxue/domain';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FiguresService } from '../dashboard/figures.service';
import { ResolvedNode } from '../dashboard/resolved-node';

/** A node's figures for a period, computed and ready to be frozen. */
export interface FrozenFigures {
  node: ResolvedNode;
  period: Period;
  /** The period's last day, or today when the period is not over yet. */
  asOf: string;
  status: NodeStatus;
}

/**
 * The scope rooted at the node itself: a snapshot's figures are the node's, whoever
 * submitted it (a county officer and a province officer freeze the same numbers).
 */
function scopeAt(node: ResolvedNode): Scope {
  return node.kind === 'school'
    ? { kind: 'school', schoolId: node.id, regionPath: node.path }
    : { kind: 'region', regionId: node.id, regionPath: node.path };
}

/**
 * Freezes a node's period (四个一): the dashboard's status as of the period's last day,
 * stored whole in `period_snapshots`, which refuses any later change.
 */
@Injectable()
export class SnapshotFreezer {
  constructor(private readonly figures: FiguresService) {}

  /** The figures to freeze; read outside the caller's transaction (they are the committed state). */
  async compute(node: ResolvedNode, period: Period, now: Date): Promise<FrozenFigures> {
    const today = chinaToday(now);
    const over = period.to < today;
    const rooted: ResolvedNode = { ...node, parentRef: null };
    // A period not over yet is frozen as it stands now.
    const status = await this.figures.status(scopeAt(rooted), rooted, over ? period.to : null);
    return { node: rooted, period, asOf: over ? period.to : today, status };
  }

  /**
   * Stores the snapshot in the caller's transaction; null when the node already has one
   * for the period (the first stays: it is frozen).
   */
  async insert(
    manager: EntityManager,
    frozen: FrozenFigures,
    submitter: { userId: string | null; at: Date; note?: string | null },
  ): Promise<string | null> {
    const { node, period } = frozen;
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO period_snapshots (node_kind, node_id, school_id, node_name, node_path, period_kind, period,
                                     period_from, period_to, as_of, figures, submitted_by_user_id,
                                     submitted_by_name, submitted_at, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
               (SELECT display_name FROM users WHERE id = $12), $13, $14)
       ON CONFLICT (node_id, period_kind, period) DO NOTHING
       RETURNING id`,
      [
        node.kind,
        node.id,
        node.kind === 'school' ? node.id : null,
        node.name,
        node.path,
        period.kind,
        period.id,
        period.from,
        period.to,
        frozen.asOf,
        JSON.stringify(frozen.status),
        submitter.userId,
        submitter.at,
        submitter.note ?? null,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /** The id of the node's snapshot for the period, if there is one. */
  async existing(manager: EntityManager, nodeId: string, period: Period): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      'SELECT id FROM period_snapshots WHERE node_id = $1 AND period_kind = $2 AND period = $3',
      [nodeId, period.kind, period.id],
    );
    return rows[0]?.id ?? null;
  }
}
