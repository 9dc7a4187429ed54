import type { Permission, Role } from '@baoxue/domain';
import type { OrganisationSummary } from './organisations';
import type { RegionRef } from './regions';

export interface LoginRequest {
  username: string;
  password: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/** The signed-in user, as `GET /api/auth/me` and a successful login return it. */
export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  permissions: Permission[];
  organisation: OrganisationSummary;
  scope: UserScope;
  /** True when the password must be changed before anything else (demo password in production). */
  mustChangePassword: boolean;
}

export type UserScope =
  | { kind: 'region'; region: RegionRef; regionChain: RegionRef[] }
  | { kind: 'school'; school: OrganisationSummary; regionChain: RegionRef[] };
