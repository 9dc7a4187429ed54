import { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { DomainError } from './domain-error';

function capture(exception: unknown): { status: number; body: Record<string, unknown> } {
  const sent: { status: number; body: Record<string, unknown> } = { status: 0, body: {} };
  const reply = {
    status(code: number) {
      sent.status = code;
      return this;
    },
    send(body: Record<string, unknown>) {
      sent.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  return sent;
}

function dbError(code: string, detail: string): QueryFailedError {
  return new QueryFailedError('INSERT …', [], Object.assign(new Error('violation'), { code, detail }));
}

describe(AllExceptionsFilter.name, () => {
  it('maps a unique violation to 409 without the values the database reports', () => {
    const { status, body } = capture(
      dbError('23505', 'Key (student_number)=(G370829201509011234) already exists.'),
    );
    expect(status).toBe(409);
    expect(body['code']).toBe('conflict.unique');
    expect(JSON.stringify(body)).not.toContain('G370829');
  });

  it('keeps a domain error as it is', () => {
    const { status, body } = capture(new DomainError(404, 'case.not_found', 'case not found'));
    expect(status).toBe(404);
    expect(body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'case not found',
      code: 'case.not_found',
    });
  });

  it('answers anything unknown with a generic 500 that leaks nothing', () => {
    const { status, body } = capture(new Error('password=secret in some internal message'));
    expect(status).toBe(500);
    expect(body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
  });
});
