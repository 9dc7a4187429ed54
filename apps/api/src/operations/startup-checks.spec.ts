import { JobHandlerRegistry } from '../queues/job-handler-registry';
import { JOB_QUEUES, JOBS, JobName, QUEUES } from '../queues/queue-names';

describe('job handler registry (start-up checks)', () => {
  const noop = async () => undefined;

  it('refuses a second handler for the same job name, naming it', () => {
    const registry = new JobHandlerRegistry();
    registry.register(JOBS.digestSend, noop);
    expect(() => registry.register(JOBS.digestSend, noop)).toThrow('job digest.send has two handlers');
    expect(registry.handlerFor(JOBS.digestSend)).toBe(noop);
  });

  it('names every job without a handler, per queue and in all', () => {
    const registry = new JobHandlerRegistry();
    const all = Object.keys(JOB_QUEUES) as JobName[];
    expect(registry.missing().sort()).toEqual([...all].sort());
    for (const name of all) if (name !== JOBS.reminderFire) registry.register(name, noop);
    expect(registry.missing()).toEqual([JOBS.reminderFire]);
    expect(registry.missing(QUEUES.reminders)).toEqual([JOBS.reminderFire]);
    expect(registry.missing(QUEUES.maintenance)).toEqual([]);
    registry.register(JOBS.reminderFire, noop);
    expect(registry.missing()).toEqual([]);
  });
});
