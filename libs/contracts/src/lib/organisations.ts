import type { DepartmentKind, OrganisationType, SchoolLevel } from '@baoxue/domain';
import type { RegionRef } from './regions';

export interface OrganisationSummary {
  id: string;
  name: string;
  type: OrganisationType;
}

export interface Organisation extends OrganisationSummary {
  region: RegionRef;
  departmentKind: DepartmentKind | null;
  schoolCode: string | null;
  schoolLevel: SchoolLevel | null;
  schoolDistrict: string | null;
  address: string | null;
  phone: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CreateOrganisationRequest {
  name: string;
  type: OrganisationType;
  regionId: string;
  departmentKind?: DepartmentKind;
  schoolCode?: string;
  schoolLevel?: SchoolLevel;
  schoolDistrict?: string;
  address?: string;
  phone?: string;
}

export interface UpdateOrganisationRequest {
  version: number;
  name?: string;
  regionId?: string;
  departmentKind?: DepartmentKind;
  schoolCode?: string;
  schoolLevel?: SchoolLevel;
  schoolDistrict?: string;
  address?: string;
  phone?: string;
}

export interface OrganisationListQuery {
  type?: OrganisationType;
  regionId?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}
