import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** Test helper (not a test): a real HTTP server on 127.0.0.1 standing in for a group robot. */
export interface ReceivedRequest {
  path: string;
  query: URLSearchParams;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- robots post free-form JSON
  body: any;
}

export interface RobotReply {
  status: number;
  body: unknown;
}

/** Decides the reply to the `n`-th request (1-based) on one path. */
export type RobotBehaviour = (request: ReceivedRequest, n: number) => RobotReply;

export const ROBOT_OK: RobotReply = { status: 200, body: { errcode: 0, errmsg: 'ok' } };

export class WebhookReceiver {
  readonly received = new Map<string, ReceivedRequest[]>();
  private readonly behaviours = new Map<string, RobotBehaviour>();
  private server: Server | null = null;
  baseUrl = '';

  /** What the robot at `path` answers; a path without one answers 404. */
  on(path: string, behaviour: RobotBehaviour): this {
    this.behaviours.set(path, behaviour);
    return this;
  }

  requests(path: string): ReceivedRequest[] {
    return this.received.get(path) ?? [];
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://receiver');
    const text = Buffer.concat(chunks).toString('utf8');
    const request: ReceivedRequest = { path: url.pathname, query: url.searchParams, body: safeJson(text) };
    const list = this.received.get(url.pathname) ?? [];
    list.push(request);
    this.received.set(url.pathname, list);
    const behaviour = this.behaviours.get(url.pathname);
    const reply = behaviour ? behaviour(request, list.length) : { status: 404, body: 'no robot here' };
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
