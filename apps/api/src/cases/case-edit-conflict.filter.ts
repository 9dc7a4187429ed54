import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { CaseEditConflict } from '@baoxue/contracts';
import type { FastifyReply } from 'fastify';
import { CaseEditConflicted } from './case-errors';

/** The global error shape plus `current`, the server's values to show beside the caller's. */
@Catch(CaseEditConflicted)
export class CaseEditConflictFilter implements ExceptionFilter {
  catch(exception: CaseEditConflicted, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body: CaseEditConflict = {
      statusCode: exception.status,
      error: 'Conflict',
      message: exception.message,
      code: exception.code,
      current: exception.current,
    };
    void reply.status(exception.status).send(body);
  }
}
