import { Injectable } from '@nestjs/common';
import { ChannelKind } from '@baoxue/contracts';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { OutgoingMessage, SendResult, shortError } from './outgoing-message';
import { robotRequest } from './robot-request';

export interface WebhookTarget {
  kind: ChannelKind;
  url: string;
  secret: string | null;
}

/**
 * Posts to a WeCom or DingTalk group robot. Both answer HTTP 200 with `errcode` 0 on success;
 * anything else is a failure whose message names the status or errcode, never the URL.
 */
@Injectable()
export class WebhookSender {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async send(target: WebhookTarget, message: OutgoingMessage): Promise<SendResult> {
    const request = robotRequest(target.kind, target.url, target.secret, message, this.clock.now().getTime());
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (error) {
      return { ok: false, error: describeFetchError(error, this.config.WEBHOOK_TIMEOUT_MS) };
    }
    const text = await response.text().catch(() => '');
    if (response.status !== 200) return { ok: false, error: `HTTP ${response.status}` };
    let reply: { errcode?: unknown; errmsg?: unknown };
    try {
      reply = JSON.parse(text) as typeof reply;
    } catch {
      return { ok: false, error: 'HTTP 200 but the reply is not JSON' };
    }
    if (reply?.errcode === 0) return { ok: true };
    const errmsg = typeof reply?.errmsg === 'string' ? `: ${reply.errmsg}` : '';
    return { ok: false, error: shortError(`errcode ${String(reply?.errcode)}${errmsg}`) };
  }
}

/** fetch's errors carry the URL in places; keep only the kind of failure. */
function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `timeout after ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  if (cause?.code) return `network error: ${cause.code}`;
  return 'network error';
}
