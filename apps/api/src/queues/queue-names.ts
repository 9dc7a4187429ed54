/** Every queue and job name, in one place: producers and processors import them from here. */
export const QUEUES = {
  maintenance: 'maintenance',
} as const;

export const JOBS = {
  purgeExpiredSessions: 'sessions.purge-expired',
} as const;
