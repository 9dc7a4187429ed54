import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import Redis from 'ioredis';
import { TEST_REDIS_URL } from '../../test/test-databases';
import { checkEvictionPolicy, readEvictionPolicy } from './redis-policy';
import { waitFor } from './wait-for';

/** A throwaway redis-server of our own, so the shared one's config is never touched. */
async function startRedis(args: string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  await waitFor(async () => {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  }, `redis-server on ${port}`);
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

describe('Redis eviction policy check at worker start', () => {
  it('passes quietly on the test Redis (noeviction)', async () => {
    const warnings: string[] = [];
    expect(await readEvictionPolicy(TEST_REDIS_URL)).toBe('noeviction');
    expect(await checkEvictionPolicy(TEST_REDIS_URL, true, (m) => warnings.push(m))).toEqual({
      action: 'ok',
    });
    expect(warnings).toEqual([]);
  });

  it('warns on an evicting Redis, and refuses to start in production', async () => {
    const redis = await startRedis(['--maxmemory-policy', 'allkeys-lru']);
    try {
      const warnings: string[] = [];
      expect((await checkEvictionPolicy(redis.url, false, (m) => warnings.push(m))).action).toBe('warn');
      expect(warnings).toEqual([expect.stringContaining('allkeys-lru')]);
      await expect(checkEvictionPolicy(redis.url, true, () => undefined)).rejects.toThrow(
        /maxmemory-policy is allkeys-lru/,
      );
    } finally {
      await redis.stop();
    }
  });

  it('warns and goes on when CONFIG is not allowed (managed Redis)', async () => {
    const redis = await startRedis(['--rename-command', 'CONFIG', '""']);
    try {
      const warnings: string[] = [];
      expect(await readEvictionPolicy(redis.url)).toBeNull();
      expect((await checkEvictionPolicy(redis.url, true, (m) => warnings.push(m))).action).toBe('warn');
      expect(warnings).toEqual([expect.stringContaining('CONFIG')]);
    } finally {
      await redis.stop();
    }
  });
});
