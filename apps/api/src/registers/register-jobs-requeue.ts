import type { JobsOptions, Queue } from 'bullmq';

/**
 * Queues a register job again under its fixed id. A job BullMQ failed on its own (it stalled
 * more often than allowed, so no handler marked its import or run failed) would keep the id
 * taken and the add a no-op: it is removed first. A job still waiting or running is left be.
 */
export async function requeue<T>(
  queue: Queue,
  name: string,
  data: T,
  options: JobsOptions & { jobId: string },
): Promise<void> {
  const existing = await queue.getJob(options.jobId);
  if (existing && (await existing.isFailed())) await existing.remove();
  await queue.add(name, data, options);
}
