import { createTestApp, TestApp } from '../../test/test-app';

describe('the schema', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ template: 'empty' });
  });
  afterAll(() => t.close());

  it('that the migrations build is the one the entities describe (no drift)', async () => {
    const sqlInMemory = await t.dataSource.driver.createSchemaBuilder().log();
    expect(sqlInMemory.upQueries.map((q) => q.query)).toEqual([]);
  });
});
