import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Permission, Role } from '@baoxue/domain';
import { AuditActor } from '../audit/audit.service';
import { auditActor, AuthedRequest, AuthUser } from './auth-user';

export const IS_PUBLIC = 'baoxue:public';
export const REQUIRED_PERMISSION = 'baoxue:permission';
export const ALLOWED_ROLES = 'baoxue:roles';
export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'baoxue:before-password-change';

/** Opens a route to anonymous callers. Everything else is denied by default. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The route needs this permission (see PERMISSIONS in libs/domain). */
export const RequirePermission = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);

/** The route is for these roles only. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

/** Reachable while the user still has to change a demo password (me, change password, logout). */
export const AllowedBeforePasswordChange = () => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<AuthedRequest>().user;
  if (!user) throw new Error('CurrentUser used on a public route');
  return user;
});

/** Who is acting and from where, for the audit log. */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): AuditActor =>
  auditActor(context.switchToHttp().getRequest<AuthedRequest>()),
);
