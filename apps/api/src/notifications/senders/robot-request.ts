import { ChannelKind } from '@baoxue/contracts';
import { createHmac } from 'node:crypto';
import { OutgoingMessage } from './outgoing-message';

export interface RobotRequest {
  url: string;
  body: Record<string, unknown>;
}

function markdownLines(message: OutgoingMessage): string[] {
  const lines = [message.body];
  if (message.url) lines.push(`[查看详情](${message.url})`);
  return lines;
}

/** DingTalk 加签: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)). */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/**
 * The HTTP request a group robot expects. WeCom: markdown `content`. DingTalk: markdown
 * `title` and `text`, and with a secret the signature as `&timestamp=…&sign=…`.
 */
export function robotRequest(
  kind: ChannelKind,
  url: string,
  secret: string | null,
  message: OutgoingMessage,
  nowMs: number,
): RobotRequest {
  if (kind === 'wecom') {
    const content = [`**${message.title}**`, ...markdownLines(message)].join('\n');
    return { url, body: { msgtype: 'markdown', markdown: { content } } };
  }
  const text = [`### ${message.title}`, ...markdownLines(message)].join('\n\n');
  const body = { msgtype: 'markdown', markdown: { title: message.title, text } };
  if (!secret) return { url, body };
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(nowMs));
  signed.searchParams.set('sign', dingtalkSign(secret, nowMs));
  return { url: signed.toString(), body };
}
