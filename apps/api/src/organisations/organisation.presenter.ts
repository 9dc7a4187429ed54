import { Organisation as OrganisationDto, OrganisationSummary } from '@baoxue/contracts';
import { toRegionRef } from '../regions/regions.service';
import { Organisation } from './organisation.entity';

export function toOrganisationSummary(org: Pick<Organisation, 'id' | 'name' | 'type'>): OrganisationSummary {
  return { id: org.id, name: org.name, type: org.type };
}

export function toOrganisationDto(org: Organisation): OrganisationDto {
  if (!org.region) throw new Error('organisation region not loaded');
  return {
    ...toOrganisationSummary(org),
    region: toRegionRef(org.region),
    departmentKind: org.departmentKind,
    schoolCode: org.schoolCode,
    schoolLevel: org.schoolLevel,
    schoolDistrict: org.schoolDistrict,
    address: org.address,
    phone: org.phone,
    version: org.version,
    createdAt: org.createdAt.toISOString(),
    updatedAt: org.updatedAt.toISOString(),
  };
}
