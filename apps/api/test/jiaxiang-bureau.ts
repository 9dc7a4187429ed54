import { hashPassword } from '../src/auth/passwords';
import { TestApp } from './test-app';

/** The officer of the second county's bureau that `addJiaxiangBureau` creates. */
export const JIAXIANG_OFFICER = { username: 'jiaxiang.officer', password: 'Jiaxiang-bureau-2026' };

/**
 * 嘉祥县 as a receiving county (the demo data has one zone only): its education bureau and a
 * bureau officer of its own. Answers the county.
 */
export async function addJiaxiangBureau(t: TestApp): Promise<{ id: string; name: string; path: string }> {
  const [jiaxiang]: { id: string; name: string; path: string }[] = await t.dataSource.query(
    "SELECT id, name, path FROM regions WHERE code = '370829'",
  );
  const [{ id: bureauId }] = await t.dataSource.query(
    `INSERT INTO organisations (name, type, region_id, region_path)
     VALUES ('嘉祥县教育和体育局', 'education_bureau', $1, $2) RETURNING id`,
    [jiaxiang.id, jiaxiang.path],
  );
  await t.dataSource.query(
    `INSERT INTO users (username, display_name, password_hash, role, organisation_id, scope_region_id, scope_path)
     VALUES ($1, '嘉祥县专干', $2, 'bureau_officer', $3, $4, $5)`,
    [
      JIAXIANG_OFFICER.username,
      await hashPassword(JIAXIANG_OFFICER.password),
      bureauId,
      jiaxiang.id,
      jiaxiang.path,
    ],
  );
  return jiaxiang;
}
