import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasPermission, Permission, Role } from '@baoxue/domain';
import { DomainError, forbidden } from '../common/domain-error';
import {
  ALLOWED_BEFORE_PASSWORD_CHANGE,
  ALLOWED_ROLES,
  IS_PUBLIC,
  REQUIRED_PERMISSION,
} from './auth.decorators';
import { AuthedRequest } from './auth-user';
import { SESSION_COOKIE, SessionStore } from './session.store';

/**
 * The one global guard: every route needs a live session unless marked @Public(), then
 * passes the role and permission checks its decorators name. Scope is enforced inside
 * each query by the services.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const token = request.cookies?.[SESSION_COOKIE];
    const user = token ? await this.sessions.resolve(token) : null;
    if (!user) throw new DomainError(HttpStatus.UNAUTHORIZED, 'auth.required', 'Sign in first');
    request.user = user;

    if (
      user.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(ALLOWED_BEFORE_PASSWORD_CHANGE, targets)
    ) {
      throw forbidden('auth.password_change_required', 'Change your password first');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(user.role)) throw forbidden('auth.role', 'Your role may not do this');
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    if (permission && !hasPermission(user.role, permission)) {
      throw forbidden('auth.permission', 'Your role may not do this');
    }
    return true;
  }
}
