import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CaseSummary, MyCaseSummary, Page } from '@baoxue/contracts';
import { chinaToday, OPEN_STATES, Scope } from '@baoxue/domain';
import { DataSource } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { likeContains, pageOf } from '../common/dto/page-query.dto';
import { IdNumberCipher } from '../students/id-number-cipher';
import { applyCaseListQuery } from './case-list.query';
import { toCaseSummary } from './case.presenter';
import { CasesService } from './cases.service';
import { CaseListQueryDto } from './dto/case.dto';
import { MyCasesQueryDto } from './dto/case-intervention.dto';

/** The case list (filters, search, sort) and "my cases", within the caller's scope. */
@Injectable()
export class CaseListsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly cipher: IdNumberCipher,
    private readonly clock: Clock,
  ) {}

  async list(scope: Scope, query: CaseListQueryDto): Promise<Page<CaseSummary>> {
    const { page, pageSize, skip } = pageOf(query);
    const today = chinaToday(this.clock.now());
    const qb = await applyCaseListQuery(this.cases.scopedQuery(scope), query, {
      manager: this.dataSource.manager,
      scope,
      today,
      idHash: (idNumber) => this.cipher.hash(idNumber),
    });
    // Every join is to-one, so offset and limit page the cases themselves.
    const [rows, total] = await qb.offset(skip).limit(pageSize).getManyAndCount();
    return { items: rows.map((c) => toCaseSummary(c, today)), total, page, pageSize };
  }

  /**
   * "My cases": open cases within scope where the caller is an active responsible person,
   * soonest follow-up first (the kept next_follow_up_on; cases with no intervention yet come
   * last, oldest first).
   */
  async mine(user: AuthUser, query: MyCasesQueryDto): Promise<Page<MyCaseSummary>> {
    const { page, pageSize, skip } = pageOf(query);
    const qb = this.cases
      .scopedQuery(user.scope)
      .andWhere('c.state IN (:...open)', { open: OPEN_STATES })
      .andWhere(
        'EXISTS (SELECT 1 FROM case_responsibles r WHERE r.case_id = c.id AND r.active AND r.user_id = :me)',
        { me: user.id },
      );
    if (query.q) qb.andWhere("s.full_name ILIKE :q ESCAPE '\\'", { q: likeContains(query.q) });
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .addSelect(
        `(SELECT i.occurred_on::text FROM case_interventions i WHERE i.case_id = c.id
            ORDER BY i.occurred_on DESC, i.recorded_at DESC, i.id DESC LIMIT 1)`,
        'last_intervention_on',
      )
      .orderBy('c.nextFollowUpOn', 'ASC', 'NULLS LAST')
      .addOrderBy('c.openedAt', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .offset(skip)
      .limit(pageSize)
      .getRawAndEntities<{ c_id: string; last_intervention_on: string | null }>();
    const dates = new Map(raw.map((r) => [r.c_id, r.last_intervention_on]));
    const today = chinaToday(this.clock.now());
    const items = entities.map((c) => ({
      ...toCaseSummary(c, today),
      lastInterventionOn: dates.get(c.id) ?? null,
    }));
    return { items, total, page, pageSize };
  }
}
