import { evictionVerdict } from './redis-policy';

describe('evictionVerdict', () => {
  it('accepts noeviction everywhere', () => {
    expect(evictionVerdict('noeviction', true)).toEqual({ action: 'ok' });
    expect(evictionVerdict('noeviction', false)).toEqual({ action: 'ok' });
  });

  it('fails in production and warns elsewhere for an evicting policy, naming it', () => {
    for (const policy of ['allkeys-lru', 'volatile-lru', 'allkeys-random', 'volatile-ttl']) {
      const production = evictionVerdict(policy, true);
      expect(production.action).toBe('fail');
      expect(production).toMatchObject({ message: expect.stringContaining(policy) });
      expect(evictionVerdict(policy, false).action).toBe('warn');
    }
  });

  it('only warns when the policy cannot be read (managed Redis), even in production', () => {
    expect(evictionVerdict(null, true)).toMatchObject({
      action: 'warn',
      message: expect.stringContaining('noeviction'),
    });
  });
});
