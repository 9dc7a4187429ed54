import { Role, Scope } from '@baoxue/domain';
import type { FastifyRequest } from 'fastify';
import { AuditActor } from '../audit/audit.service';

/** The signed-in user as every guarded handler sees it. */
export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  organisationId: string;
  scope: Scope;
  sessionId: string;
  mustChangePassword: boolean;
}

export type AuthedRequest = FastifyRequest & { user?: AuthUser };

export function auditActor(request: AuthedRequest): AuditActor {
  return {
    userId: request.user?.id ?? null,
    username: request.user?.username ?? null,
    clientIp: request.ip ?? null,
  };
}
