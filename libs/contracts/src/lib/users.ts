import type { Role } from '@baoxue/domain';
import type { OrganisationSummary } from './organisations';
import type { RegionRef } from './regions';

export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  organisation: OrganisationSummary;
  scopeKind: 'region' | 'school';
  scopeRegion: RegionRef | null;
  scopeSchool: OrganisationSummary | null;
  phone: string | null;
  active: boolean;
  /** 负责人: heads the organisation (a school's principal); escalations reach the heads. */
  headsOrganisation: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  version: number;
}

export interface CreateUserRequest {
  username: string;
  displayName: string;
  role: Role;
  organisationId: string;
  /** Region scope; omitted for a school user, whose scope is their school. */
  scopeRegionId?: string;
  phone?: string;
  /** Heads the organisation (负责人); default false. */
  headsOrganisation?: boolean;
  /** Initial password; the user must change it at first sign-in. */
  password: string;
}

export interface UpdateUserRequest {
  version: number;
  displayName?: string;
  role?: Role;
  organisationId?: string;
  scopeRegionId?: string;
  phone?: string;
  active?: boolean;
  headsOrganisation?: boolean;
}

export interface ResetPasswordRequest {
  version: number;
  password: string;
}

export interface UserListQuery {
  role?: Role;
  organisationId?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}
