import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * A client for the platform's signed API written straight from the doc, independently of the
 * server's code, so a test catches a server that drifts from what the doc promises.
 */
export const DEV_APP = { appId: 'jk-bff-dev', secret: 'dev-only-regional-secret-change-me' } as const;

export interface SignInput {
  method: string;
  path: string;
  query?: readonly (readonly [string, string])[];
  appId: string;
  secret: string;
  timestamp: string;
  nonce: string;
  body?: string;
}

export function signRequest(input: SignInput): { canonical: string; signature: string } {
  const query = (input.query ?? [])
    .map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)])
    .sort(([ka = '', va = ''], [kb = '', vb = '']) =>
      ka === kb ? (va < vb ? -1 : va > vb ? 1 : 0) : ka < kb ? -1 : 1,
    )
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonical = [
    input.method.toUpperCase(),
    input.path,
    query,
    input.appId,
    input.timestamp,
    input.nonce,
    createHash('sha256')
      .update(input.body ?? '')
      .digest('hex'),
  ].join('\n');
  return { canonical, signature: createHmac('sha256', input.secret).update(canonical).digest('hex') };
}

export const freshNonce = () => randomBytes(12).toString('base64url');

export interface SignedFetchOptions {
  query?: readonly (readonly [string, string])[];
  appId?: string;
  secret?: string;
  timestamp?: number | string;
  nonce?: string;
  /** Replace or remove (undefined) headers after signing, to test refusals. */
  override?: Record<string, string | undefined>;
  /** Send the query in this order instead of the signing order. */
  sendQuery?: readonly (readonly [string, string])[];
}

export async function signedFetch(baseUrl: string, path: string, opts: SignedFetchOptions = {}) {
  const appId = opts.appId ?? DEV_APP.appId;
  const timestamp = String(opts.timestamp ?? Date.now());
  const nonce = opts.nonce ?? freshNonce();
  const { signature } = signRequest({
    method: 'GET',
    path,
    query: opts.query,
    appId,
    secret: opts.secret ?? DEV_APP.secret,
    timestamp,
    nonce,
  });
  const headers: Record<string, string | undefined> = {
    'X-App-Id': appId,
    'X-Timestamp': timestamp,
    'X-Nonce': nonce,
    'X-Signature': signature,
    ...opts.override,
  };
  const sent = opts.sendQuery ?? opts.query ?? [];
  const qs = sent.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const res = await fetch(`${baseUrl}${path}${qs ? `?${qs}` : ''}`, {
    headers: Object.fromEntries(
      Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined),
    ),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  const body = (await res.json()) as any;
  return { status: res.status, body, nonce };
}
