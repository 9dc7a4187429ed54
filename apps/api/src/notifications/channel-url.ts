import { ChannelKind } from '@baoxue/contracts';

/** The host each group robot posts from: in production a channel must use it unless configured. */
export const ROBOT_HOSTS: Readonly<Record<ChannelKind, string>> = {
  wecom: 'qyapi.weixin.qq.com',
  dingtalk: 'oapi.dingtalk.com',
};

export interface WebhookUrlPolicy {
  production: boolean;
  /** WEBHOOK_HOSTS: hosts allowed in place of the robots' own (empty: the robots' only). */
  allowedHosts: readonly string[];
}

export interface UrlProblem {
  rule: string;
  message: string;
}

export function parseAllowedHosts(value: string): string[] {
  return value
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
}

/** Why `url` may not be a `kind` channel's webhook, or null when it may. */
export function webhookUrlProblem(
  kind: ChannelKind,
  url: string,
  policy: WebhookUrlPolicy,
): UrlProblem | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { rule: 'isUrl', message: 'url must be an absolute URL' };
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && !policy.production)) {
    return { rule: 'https', message: 'url must use https' };
  }
  if (parsed.username || parsed.password) {
    return { rule: 'noCredentials', message: 'url must not carry a user name or password' };
  }
  if (policy.production) {
    const allowed = policy.allowedHosts.length > 0 ? policy.allowedHosts : [ROBOT_HOSTS[kind]];
    if (!allowed.includes(parsed.hostname.toLowerCase())) {
      return { rule: 'robotHost', message: `url must point at ${allowed.join(' or ')}` };
    }
  }
  return null;
}

/** Keeps only the last four characters of a secret-looking value. */
function maskValue(value: string): string {
  return value.length > 8 ? `****${value.slice(-4)}` : '****';
}

/**
 * The URL as it may be shown: every query value (the robots' key / access_token) and any long
 * path segment (a token some robots put in the path) masked to its last four characters.
 */
export function maskWebhookUrl(url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname
    .split('/')
    .map((segment) => (segment.length >= 20 ? maskValue(segment) : segment))
    .join('/');
  const query = [...parsed.searchParams]
    .map(([name, value]) => `${encodeURIComponent(name)}=${maskValue(value)}`)
    .join('&');
  return `${parsed.protocol}//${parsed.host}${path}${query ? `?${query}` : ''}`;
}
