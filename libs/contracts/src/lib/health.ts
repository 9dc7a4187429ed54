export type DependencyStatus = 'up' | 'down';

export interface HealthResponse {
  status: 'ok' | 'error';
  checks: { postgres: DependencyStatus; redis: DependencyStatus };
}
