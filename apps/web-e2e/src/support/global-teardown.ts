import { dropDatabase, E2E } from './server';

export default async function globalTeardown(): Promise<void> {
  const server = globalThis.__BAOXUE_E2E_SERVER__;
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  }
  await dropDatabase(E2E.database);
}
