import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { CaseTransitionRefusal } from '@baoxue/contracts';
import type { FastifyReply } from 'fastify';
import { CaseTransitionRefused } from './case-errors';

/** The global error shape plus `allowed`, the transitions the caller may take instead. */
@Catch(CaseTransitionRefused)
export class CaseTransitionRefusalFilter implements ExceptionFilter {
  catch(exception: CaseTransitionRefused, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body: CaseTransitionRefusal = {
      statusCode: exception.status,
      error: 'Conflict',
      message: exception.message,
      code: exception.code,
      details: exception.details,
      allowed: exception.allowed,
    };
    void reply.status(exception.status).send(body);
  }
}
