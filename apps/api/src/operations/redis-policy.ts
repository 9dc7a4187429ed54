import Redis from 'ioredis';

/** What the worker does about Redis's eviction policy at start. */
export type EvictionVerdict =
  { action: 'ok' } | { action: 'warn'; message: string } | { action: 'fail'; message: string };

/**
 * Queues keep their jobs in Redis: a Redis that evicts keys under memory pressure silently
 * loses delayed reminders. Only `noeviction` is safe. Unknown (CONFIG refused, as on many
 * managed services) is a warning: the operator has to check the provider's setting.
 */
export function evictionVerdict(policy: string | null, production: boolean): EvictionVerdict {
  if (policy === 'noeviction') return { action: 'ok' };
  if (policy === null)
    return {
      action: 'warn',
      message:
        'Redis refused CONFIG GET maxmemory-policy; make sure the provider sets it to noeviction, or queued reminders may be evicted',
    };
  const message = `Redis maxmemory-policy is ${policy}, not noeviction: under memory pressure Redis would drop queued jobs; set maxmemory-policy noeviction`;
  return production ? { action: 'fail', message } : { action: 'warn', message };
}

/** The server's maxmemory-policy, or null when CONFIG is not allowed. */
export async function readEvictionPolicy(url: string): Promise<string | null> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    return reply[1] ?? null;
  } catch (error) {
    // A real outage was already reported by preflight; here only a refused command is expected.
    if (/unknown command|NOPERM|not allowed|disabled/i.test((error as Error).message)) return null;
    throw error;
  } finally {
    redis.disconnect();
  }
}

/** Checks the policy; logs a warning or throws as `evictionVerdict` decides. */
export async function checkEvictionPolicy(
  url: string,
  production: boolean,
  warn: (message: string) => void,
): Promise<EvictionVerdict> {
  const verdict = evictionVerdict(await readEvictionPolicy(url), production);
  if (verdict.action === 'fail') throw new Error(verdict.message);
  if (verdict.action === 'warn') warn(verdict.message);
  return verdict;
}
