import { DEMO_PASSWORD, TestApp } from './test-app';

export interface BytesResponse {
  status: number;
  headers: Headers;
  bytes: Buffer;
}

/** GETs `path` as bytes with a fresh session of `username` (the harness reads every body as text). */
export async function fetchBytes(t: TestApp, username: string, path: string): Promise<BytesResponse> {
  const login = await fetch(`${t.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const response = await fetch(t.baseUrl + path, { headers: { cookie } });
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}
