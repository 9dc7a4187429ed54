import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ApiError } from '@baoxue/contracts';
import type { FastifyReply } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';
import { RequestValidationError } from './validation';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Every error leaves in one shape. Unknown errors become a generic 500 that leaks no
 * internals (and no personal data); the full error goes to the log with the request id.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ApiError {
    if (exception instanceof DomainError) {
      const body = this.shape(exception.status, exception.message, exception.code, exception.details);
      if (exception.context) body.context = exception.context;
      return body;
    }
    if (exception instanceof RequestValidationError) {
      return this.shape(400, exception.message, 'validation', exception.details);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray((response as { message?: unknown }).message)
            ? (response as { message: string[] }).message.join('; ')
            : String((response as { message?: unknown }).message ?? exception.message);
      return this.shape(status, message);
    }
    const fromDatabase = this.fromDatabaseConstraint(exception);
    if (fromDatabase) return fromDatabase;
    // Fastify's own errors (malformed JSON, body too large, wrong content type) carry a statusCode.
    const statusCode = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      const message = exception instanceof Error ? exception.message : 'Bad request';
      return this.shape(statusCode, message, (exception as { code?: string }).code?.toLowerCase());
    }
    return this.shape(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
  }

  /**
   * The database's constraints are the last line behind the services' checks (two
   * concurrent writes can both pass a check). Their messages carry values, so only the
   * kind of violation is reported.
   */
  private fromDatabaseConstraint(exception: unknown): ApiError | null {
    if (!(exception instanceof QueryFailedError)) return null;
    const code = (exception.driverError as { code?: string } | undefined)?.code;
    switch (code) {
      case '23505':
        return this.shape(409, 'A record with the same unique value already exists', 'conflict.unique');
      case '23503':
        return this.shape(
          409,
          'The change refers to a record that does not exist or is still in use',
          'conflict.reference',
        );
      case '40001':
      case '40P01':
        return this.shape(409, 'A concurrent change got in the way; try again', 'conflict.concurrent');
      default:
        return null;
    }
  }

  private shape(statusCode: number, message: string, code?: string, details?: ApiError['details']): ApiError {
    const body: ApiError = {
      statusCode,
      error: REASONS[statusCode] ?? 'Error',
      message,
    };
    if (code) body.code = code;
    if (details?.length) body.details = details;
    return body;
  }
}
