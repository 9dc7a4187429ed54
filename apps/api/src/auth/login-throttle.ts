import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { REDIS } from '../redis/redis.module';

/**
 * Sign-in limits, kept in Redis so every API process shares them:
 * - per client address: LOGIN_RATE_PER_MINUTE attempts a minute;
 * - per username: after LOGIN_MAX_FAILURES consecutive failures the account is locked
 *   for LOGIN_LOCKOUT_MINUTES (a success resets the count).
 */
@Injectable()
export class LoginThrottle {
  private readonly perAddress: RateLimiterRedis;
  private readonly failuresPerUser: RateLimiterRedis;

  constructor(config: AppConfig, @Inject(REDIS) redis: Redis) {
    this.perAddress = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.REDIS_PREFIX}:login:ip`,
      points: config.LOGIN_RATE_PER_MINUTE,
      duration: 60,
    });
    this.failuresPerUser = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.REDIS_PREFIX}:login:fail`,
      points: config.LOGIN_MAX_FAILURES,
      duration: config.LOGIN_LOCKOUT_MINUTES * 60,
      blockDuration: config.LOGIN_LOCKOUT_MINUTES * 60,
    });
  }

  /** Counts an attempt from this address; refuses (429) when over the limit or the account is locked. */
  async beforeAttempt(clientIp: string, username: string): Promise<void> {
    try {
      await this.perAddress.consume(clientIp);
    } catch (error) {
      throw tooMany('auth.rate_limited', 'Too many sign-in attempts; try again later', error);
    }
    const state = await this.failuresPerUser.get(username);
    if (state && state.consumedPoints >= this.failuresPerUser.points) {
      throw tooMany(
        'auth.locked',
        'Account temporarily locked after repeated failures; try again later',
        state,
      );
    }
  }

  async recordFailure(username: string): Promise<void> {
    await this.failuresPerUser.penalty(username, 1);
    const state = await this.failuresPerUser.get(username);
    if (state && state.consumedPoints >= this.failuresPerUser.points) {
      await this.failuresPerUser.block(username, this.failuresPerUser.blockDuration);
    }
  }

  async recordSuccess(username: string): Promise<void> {
    await this.failuresPerUser.delete(username);
  }
}

function tooMany(code: string, message: string, state: unknown): DomainError {
  const retryAfter = state instanceof RateLimiterRes ? Math.ceil(state.msBeforeNext / 1000) : undefined;
  const error = new DomainError(429, code, message);
  return Object.assign(error, { retryAfterSeconds: retryAfter });
}
