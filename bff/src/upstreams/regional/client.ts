import axios, { type AxiosInstance } from 'axios';
import type { z } from 'zod';
import { UpstreamError } from '../../lib/upstream-error';
import { readPolicy } from '../../lib/resilience';
import { canonicalQuery, signRequest } from './signer';
import { Envelope } from './schemas';

export interface RegionalClientOptions {
  baseUrl: string;
  appId: string;
  appSecret: string;
  timeoutMs: number;
  retries: number;
}

export type Query = Record<string, string | number | undefined>;

const UPSTREAM = 'regional';

/**
 * The signed JSON API of the regional health platform. Every status is mapped here to an
 * UpstreamError; callers get parsed `data` or an error they can reason about.
 */
export class RegionalClient {
  private readonly http: AxiosInstance;
  private readonly policy;

  constructor(private readonly opts: RegionalClientOptions) {
    this.http = axios.create({
      baseURL: opts.baseUrl,
      timeout: opts.timeoutMs,
      validateStatus: () => true,
      // The body must be signed byte for byte, so we never let axios re-serialise it.
      transformResponse: [(data: unknown) => data],
      responseType: 'text',
      maxContentLength: 10 * 1024 * 1024,
      headers: { Accept: 'application/json' },
    });
    this.policy = readPolicy({ upstream: UPSTREAM, retries: opts.retries });
  }

  /** GET with retries and the circuit breaker: for the directory sync. */
  get<S extends z.ZodType>(path: string, query: Query, schema: S): Promise<z.output<S>> {
    return this.policy.execute(() => this.once(path, query, schema, this.opts.timeoutMs));
  }

  /** One attempt, no retry, its own deadline: for readiness probes that must answer quickly. */
  probe<S extends z.ZodType>(path: string, schema: S, timeoutMs: number): Promise<z.output<S>> {
    return this.once(path, {}, schema, timeoutMs);
  }

  /**
   * One signed POST of a JSON body, no retry (a resident is waiting; the caller decides): the
   * status and the parsed body, for the caller to interpret (refusals are endpoint-specific).
   */
  async post(path: string, body: string): Promise<{ status: number; body: unknown }> {
    const res = await this.send('POST', path, '', body, this.opts.timeoutMs);
    return { status: res.status, body: safeJson(res.data) };
  }

  /** Signs and sends one request; transport failures become UpstreamErrors, every status returns. */
  private async send(method: 'GET' | 'POST', path: string, qs: string, body: string, timeoutMs: number) {
    const headers = signRequest({
      method,
      path,
      query: qs,
      body,
      appId: this.opts.appId,
      secret: this.opts.appSecret,
    });
    try {
      return await this.http.request<string>({
        method,
        url: qs ? `${path}?${qs}` : path,
        // Sent byte for byte as signed.
        ...(body && { data: body, transformRequest: [(data: unknown) => data] }),
        headers: { ...headers, ...(body && { 'Content-Type': 'application/json' }) },
        timeout: timeoutMs,
      });
    } catch (err) {
      const code = (err as { code?: string }).code;
      const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
      throw new UpstreamError(
        UPSTREAM,
        timedOut ? 'timeout' : 'network',
        timedOut ? `no answer within ${timeoutMs} ms` : `network error ${code ?? ''}`.trim(),
        true,
      );
    }
  }

  private async once<S extends z.ZodType>(
    path: string,
    query: Query,
    schema: S,
    timeoutMs: number,
  ): Promise<z.output<S>> {
    const res = await this.send('GET', path, canonicalQuery(query), '', timeoutMs);
    const envelope = safeJson(res.data);
    if (res.status === 401 || res.status === 403) {
      throw new UpstreamError(
        UPSTREAM,
        'auth',
        `refused our signature (${describe(envelope)})`,
        false,
        res.status,
      );
    }
    if (res.status === 429 || res.status >= 500) {
      throw new UpstreamError(
        UPSTREAM,
        'status',
        `HTTP ${res.status} ${describe(envelope)}`,
        true,
        res.status,
      );
    }
    if (res.status !== 200) {
      throw new UpstreamError(
        UPSTREAM,
        'status',
        `HTTP ${res.status} ${describe(envelope)}`,
        false,
        res.status,
      );
    }
    const parsedEnvelope = Envelope.safeParse(envelope);
    if (!parsedEnvelope.success || parsedEnvelope.data.code !== 0) {
      throw new UpstreamError(UPSTREAM, 'malformed', `unexpected envelope ${describe(envelope)}`, false, 200);
    }
    const data = schema.safeParse(parsedEnvelope.data.data);
    if (!data.success) {
      const issue = data.error.issues[0];
      throw new UpstreamError(
        UPSTREAM,
        'malformed',
        `bad data at ${issue?.path.join('.')}: ${issue?.message}`,
        false,
      );
    }
    return data.data;
  }
}

function safeJson(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(body: unknown): string {
  if (body && typeof body === 'object' && 'code' in body) {
    const b = body as { code: unknown; message?: unknown };
    return `code ${String(b.code)}${b.message ? `: ${String(b.message).slice(0, 100)}` : ''}`;
  }
  return 'non-JSON body';
}
