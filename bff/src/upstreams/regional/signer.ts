import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Request signing of the regional platform's open API (docs/upstreams/regional-platform.md):
 * HMAC-SHA256 over method, path, sorted query, app id, timestamp, nonce and the body's SHA-256.
 */
export function canonicalQuery(params: Record<string, string | number | undefined>): string {
  return Object.entries(params)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(String(v))] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

export interface SignInput {
  method: string;
  path: string;
  query: string;
  body: string;
  appId: string;
  secret: string;
  timestamp?: number;
  nonce?: string;
}

export function signRequest(input: SignInput): Record<string, string> {
  const timestamp = String(input.timestamp ?? Date.now());
  const nonce = input.nonce ?? randomBytes(16).toString('hex');
  const canonical = [
    input.method.toUpperCase(),
    input.path,
    input.query,
    input.appId,
    timestamp,
    nonce,
    createHash('sha256').update(input.body).digest('hex'),
  ].join('\n');
  const signature = createHmac('sha256', input.secret).update(canonical).digest('hex');
  return { 'X-App-Id': input.appId, 'X-Timestamp': timestamp, 'X-Nonce': nonce, 'X-Signature': signature };
}
