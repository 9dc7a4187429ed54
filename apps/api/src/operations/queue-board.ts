import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiError } from '@baoxue/contracts';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, SessionStore } from '../auth/session.store';
import { QUEUES } from '../queues/queue-names';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * The queue dashboard (bull-board) at /admin/queues, for admins only: every queue, failed
 * jobs kept by DEFAULT_JOB_OPTIONS and retryable from the board. Must be registered before
 * the web app's static files: both decorate `reply.sendFile`, and only the board's is scoped.
 */
export async function mountQueueBoard(app: NestFastifyApplication): Promise<void> {
  const sessions = app.get(SessionStore);
  const board = new BoardAdapter();
  createBullBoard({
    queues: Object.values(QUEUES).map(
      (name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false })),
    ),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Baoxue 队列' } },
  });
  board.setBasePath(QUEUE_BOARD_PATH);

  await app.register(
    async (scope: FastifyInstance) => {
      // The hook lives in this encapsulated scope, so it guards the board's routes and nothing else.
      scope.addHook('onRequest', (request, reply) => adminOnly(sessions, request, reply));
      await scope.register(board.registerPlugin());
    },
    { prefix: QUEUE_BOARD_PATH },
  );
}

async function adminOnly(
  sessions: SessionStore,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const cookies = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies;
  const token = cookies?.[SESSION_COOKIE];
  const user = token ? await sessions.resolve(token) : null;
  if (!user) return refuse(reply, 401, 'Unauthorized', 'Sign in first');
  if (user.role !== 'admin' || user.mustChangePassword)
    return refuse(reply, 403, 'Forbidden', 'Only an administrator may see the queues');
  return undefined;
}

/** Answers in the API's error shape; returning the reply ends the request inside an async hook. */
function refuse(reply: FastifyReply, statusCode: number, error: string, message: string): FastifyReply {
  const body: ApiError = {
    statusCode,
    error,
    message,
    code: statusCode === 401 ? 'auth.required' : 'auth.role',
  };
  return reply.status(statusCode).send(body);
}
