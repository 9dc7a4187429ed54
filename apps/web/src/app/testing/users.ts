import type { CurrentUser } from '@baoxue/contracts';
import { permissionsOf, Role } from '@baoxue/domain';

const CHAIN = [
  { id: 'r-37', code: '37', name: '山东省', kind: 'province' as const },
  { id: 'r-3708', code: '3708', name: '济宁市', kind: 'city' as const },
  { id: 'r-z', code: 'Z370801', name: '济宁经济技术开发区', kind: 'zone' as const },
  { id: 'r-town', code: '370829104', name: '疃里镇', kind: 'town' as const },
  { id: 'r-village', code: '370829104201', name: '进士张村', kind: 'village' as const },
];

/** A signed-in user for tests; a village official in 进士张村 unless told otherwise. */
export function aUser(overrides: Partial<CurrentUser> & { role?: Role } = {}): CurrentUser {
  const role = overrides.role ?? 'village_official';
  return {
    id: 'u-1',
    username: 'village.official',
    displayName: '张建国',
    role,
    permissions: [...permissionsOf(role)],
    organisation: { id: 'o-1', name: '进士张村村民委员会', type: 'village_committee' },
    scope: { kind: 'region', region: CHAIN[4], regionChain: CHAIN },
    mustChangePassword: false,
    ...overrides,
  };
}

export const REGION_CHAIN = CHAIN;
