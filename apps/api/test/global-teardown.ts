import { DEMO_TEMPLATE, dropDatabase, EMPTY_TEMPLATE, withServer } from './test-databases';

export default async function globalTeardown(): Promise<void> {
  await withServer(async (client) => {
    await dropDatabase(client, EMPTY_TEMPLATE);
    await dropDatabase(client, DEMO_TEMPLATE);
  });
}
