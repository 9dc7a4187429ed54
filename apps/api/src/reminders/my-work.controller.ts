import { Controller, Get, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { chinaToday } from '@baoxue/domain';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentUser } from '../auth/auth.decorators';
import { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { WorkListDto, WorkQueryDto } from './dto/work.dto';
import { myWork } from './my-work.query';

/** 我的待办: what the caller must do, overdue first, then what falls due soon. */
@ApiTags('reminders')
@ApiCookieAuth()
@Controller('work')
export class MyWorkController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOkResponse({ type: WorkListDto })
  @ApiOperation({
    summary: 'My due and overdue items (children named by family name only), within my scope',
  })
  async list(@CurrentUser() user: AuthUser, @Query() query: WorkQueryDto): Promise<WorkListDto> {
    const list = await myWork(
      this.dataSource.manager,
      {
        id: user.id,
        role: user.role,
        scopePath: user.scope.regionPath,
        organisationId: user.organisationId,
        scopeSchoolId: user.scope.kind === 'school' ? user.scope.schoolId : null,
      },
      chinaToday(this.clock.now()),
      query.days ?? 14,
    );
    return { ...list, overdueTotal: list.overdueTotal ?? 0, upcomingTotal: list.upcomingTotal ?? 0 };
  }
}
